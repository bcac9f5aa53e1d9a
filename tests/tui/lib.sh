# TUI test library: runs the real binary in tmux on a private socket,
# types with send-keys, reads the screen with capture-pane, and waits for
# text with a deadline (never a fixed sleep). Sourced after tests/lib.sh.
TMUX_N=0
TMUX_SOCK="dwtest-$$-0"
trap 'for i in $(seq 0 $TMUX_N); do tmux -L "dwtest-$$-$i" kill-server 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
export TERM=screen-256color

# tui_start COLS ROWS [ARGS...]: starts dustwatch tui in a fresh session
# (TUI_CMD, when set, is what comes before ARGS instead of "tui").
# TUI_ENV, when set, is more NAME=VALUE words for its environment (no
# spaces inside a value), e.g. TUI_ENV="DISPLAY=:99 PATH=$bin:$PATH".
tui_start() {
	cols=$1 rows=$2
	shift 2
	# A fresh server each time: no race with the previous one shutting down.
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	TMUX_N=$((TMUX_N + 1))
	TMUX_SOCK="dwtest-$$-$TMUX_N"
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s t -x "$cols" -y "$rows" \
		"env DUSTWATCH_HOME='$DUSTWATCH_HOME' HOME='$HOME' ${DUSTWATCH_GPSD:+DUSTWATCH_GPSD=$DUSTWATCH_GPSD} LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color ${NO_COLOR:+NO_COLOR=1} ${TUI_ENV:-} '$DW' ${TUI_CMD-tui} $*; sleep 30"
}
screen_text() { tmux -L "$TMUX_SOCK" capture-pane -p -t t; }
keys() { tmux -L "$TMUX_SOCK" send-keys -t t "$@"; }
type_text() { tmux -L "$TMUX_SOCK" send-keys -t t -l "$1"; }
pane_pid() { tmux -L "$TMUX_SOCK" display-message -p -t t '#{pane_pid}'; }

# poll SECONDS CMD...: runs CMD until it succeeds, for at most SECONDS.
poll() {
	deadline=$(($(date +%s) + $1))
	shift
	while [ "$(date +%s)" -le "$deadline" ]; do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}
on_screen() { case "$(screen_text)" in *"$1"*) return 0 ;; esac; return 1; }
off_screen() { ! on_screen "$1"; }
exited() { ! pgrep -P "$(pane_pid)" -x dustwatch >/dev/null; }
# wait_for TEXT [SECONDS]: polls the screen until TEXT shows.
wait_for() { poll "${2:-10}" on_screen "$1"; }
# wait_gone TEXT: polls until TEXT is no longer on the screen.
wait_gone() { poll "${2:-10}" off_screen "$1"; }
# wait_exit [SECONDS]: polls until the pane's dustwatch has exited (after a
# quit, before a test reads the database it held).
wait_exit() { poll "${1:-10}" exited; }
# sees DESC TEXT: a test that TEXT shows up on the screen.
sees() {
	if wait_for "$2" "${3:-10}"; then ok "$1"; else not_ok "$1" "waited for: $2" "screen:" "$(screen_text)"; fi
}

# clean_screen DESC COLS: every line is UTF-8, holds no replacement
# character (a broken double-width character) and fits in COLS columns.
# sees_error DESC TEXT: TEXT shows in the error style, the only red one
# (term.c). capture-pane -e writes a line's colours as escape sequences, a
# change only where it changes: bold may run on from the line before.
sees_error() {
	if ! wait_for "$2"; then
		not_ok "$1" "never saw: $2" "$(screen_text)"
		return
	fi
	line=$(tmux -L "$TMUX_SOCK" capture-pane -e -p -t t | grep -F "$2" | head -1)
	case "$line" in
	*"[31m"* | *";31m"* | *"[31;"*) ok "$1" ;;
	*) not_ok "$1" "not in the error style (red)" "$(printf '%s' "$line" | cat -v)" ;;
	esac
}

clean_screen() {
	out=$(screen_text | python3 -c '
import sys, unicodedata
cols = int(sys.argv[1]); bad = []
data = sys.stdin.buffer.read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    print("not UTF-8:", e); sys.exit(1)
for n, line in enumerate(text.split("\n"), 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in line)
    if "\ufffd" in line: bad.append("line %d has a broken character: %s" % (n, line))
    if w > cols: bad.append("line %d is %d columns wide: %s" % (n, w, line))
print("\n".join(bad)); sys.exit(1 if bad else 0)' "$2")
	if [ $? -eq 0 ]; then ok "$1"; else not_ok "$1" "$out"; fi
}

# screen_qr_decode: draws the captured screen's half blocks to an image
# (each cell 1x2 pixels: a block's half light, a space or any other
# character dark, as a light-on-dark terminal shows them, scaled 6 times)
# and prints what zbarimg reads in it (nothing when it reads nothing).
screen_qr_decode() {
	screen_text | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
cols = max(len(l) for l in lines)
halves = {"\u2588": (1, 1), "\u2580": (1, 0), "\u2584": (0, 1)}
rows = []
for l in lines:
    top, bottom = [], []
    for c in l.ljust(cols):
        t, b = halves.get(c, (0, 0))
        top.append(t); bottom.append(b)
    rows += [top, bottom]
k, m = 6, 8
w, h = (cols + 2 * m) * k, (len(rows) + 2 * m) * k
out = sys.stdout.buffer
out.write(b"P5\n%d %d\n255\n" % (w, h))
dark = bytes(w)
for _ in range(m * k): out.write(dark)
for r in rows:
    line = bytes(m * k) + b"".join((b"\xff" if v else b"\x00") * k for v in r) + bytes(m * k)
    for _ in range(k): out.write(line)
for _ in range(m * k): out.write(dark)
' >"$T_TMP/screen.pgm" && zbarimg --quiet --raw "$T_TMP/screen.pgm" 2>/dev/null
}

# new_checklist_at_site: from home, finds the site of tests/lib.sh's
# station by typing 迎丰 and starts a checklist there.
new_checklist_at_site() {
	keys s
	wait_for "查找" 5
	type_text "迎丰"
	wait_for "安置小区二期" 5
	keys Enter
	wait_for "本工地记录" 5
	keys n
}

# cover_note_open: in a new checklist (its first choice waiting), answers
# the first two items (quarterly, the hoarding compliant, the cover not)
# and opens the cover's note for typing. A test of its own names the step.
cover_note_open() {
	wait_for "1-9 选择" 5
	keys 1
	wait_for "季度考评检查" 5
	keys y n
	sees "a non-compliant item brings up its note" "物料覆盖存在问题"
	keys Enter
}
