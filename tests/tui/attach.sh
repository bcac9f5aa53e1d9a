# Attachments in the terminal UI, driven in tmux: the file browser a photo
# field opens (folders first, sizes, Chinese names, images only until `a`,
# Backspace and the path prompt), the photo it picks stored by SHA-256 in
# the draft; `o` on a record's page handing the stored file to xdg-open
# where there is a display (a fake one here) and saying where it is where
# there is none; and the mouse (X10 encoding, as ncurses expects under
# TERM=screen-256color) on the home list and a compliance row.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
unset DISPLAY WAYLAND_DISPLAY TUI_ENV
station

PH="$HOME/现场照片"
mkdir -p "$PH/旧照片" "$HOME/文档"
printf '现场检查说明' >"$PH/说明.txt"
# A 1x1 JPEG, 134 bytes.
echo '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=' |
	base64 -d >"$PH/北侧堆土.jpg"
SUM=$(sha256sum <"$PH/北侧堆土.jpg" | cut -d' ' -f1)
BLOB="$DUSTWATCH_HOME/blobs/$(printf %.2s "$SUM")/$SUM"
HOME_REAL=$(cd "$HOME" && pwd -P)

# click X Y: button 1 pressed at column X, row Y (0-based), then released
# once the screen shows the press, as a person's hand does (sent at once,
# ncurses reads both in one go and reports the release as an event too).
chr() { printf "\\$(printf %o "$1")"; }
click() {
	before=$(screen_text)
	tmux -L "$TMUX_SOCK" send-keys -t t -l "$(printf '\033[M'; chr 32; chr $((33 + $1)); chr $((33 + $2)))"
	deadline=$(($(date +%s) + 5))
	while [ "$(screen_text)" = "$before" ] && [ "$(date +%s)" -le "$deadline" ]; do sleep 0.05; done
	tmux -L "$TMUX_SOCK" send-keys -t t -l "$(printf '\033[M'; chr 35; chr $((33 + $1)); chr $((33 + $2)))"
}
# where ROW TEXT: "X Y" of TEXT on the first screen line holding ROW
# before it, X in display columns (two for a Chinese character).
where() {
	screen_text | python3 -c '
import sys, unicodedata
row, text = sys.argv[1], sys.argv[2]
for y, line in enumerate(sys.stdin.read().split("\n")):
    if row in line and text in line[line.index(row):]:
        i = line.index(text, line.index(row))
        print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:i]), y)
        break' "$1" "$2"
}
# line_is Y PREFIX [SECONDS]: polls until screen line Y (0-based) starts with PREFIX.
line_is() {
	deadline=$(($(date +%s) + ${3:-10}))
	while [ "$(date +%s)" -le "$deadline" ]; do
		case "$(screen_text | sed -n "$(($1 + 1))p")" in "$2"*) return 0 ;; esac
		sleep 0.05
	done
	return 1
}
# wait_file FILE [SECONDS]: polls until FILE exists.
wait_file() {
	deadline=$(($(date +%s) + ${2:-10}))
	while [ "$(date +%s)" -le "$deadline" ]; do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
# select_row TEXT: moves a list's selection (▶) to the row holding TEXT.
select_row() {
	keys Home
	n=0
	while [ $n -lt 10 ]; do
		wait_for "▶ $1" 1 && return 0
		keys Down
		n=$((n + 1))
	done
	return 1
}

# --- (a) the browser, from a photo field of a new checklist
tui_start 80 24 --lang zh
sees "the UI starts" "今日工作"
new_checklist_at_site
sees "a checklist for the site" "1-9 选择"
keys 1
wait_for "季度考评检查" 5
keys y n
sees "a non-compliant item brings up its note" "物料覆盖存在问题"
keys Enter
type_text "北侧堆土未覆盖"
keys Tab
sees "then its photos" "Enter 添加文件"
keys Enter
sees "Enter on a photo field opens the file browser" "选择照片：物料覆盖问题照片"
sees "it starts in the home folder" "$HOME_REAL"
sees "folders first, the parent on top" "  ../"
sees "the first folder is selected" "▶ 文档/"
keys Down
sees "Down moves to the next folder" "▶ 现场照片/"
keys Enter
sees "Enter descends into it" "$HOME_REAL/现场照片"
sees "the Chinese-named photo is listed with its size" "北侧堆土.jpg"
contains "its size" "$(screen_text | grep 北侧堆土)" "134 B"
contains "a subfolder, before the files" "$(screen_text | sed -n 4p)" "旧照片/"
lacks "a photo field hides the .txt" "$(screen_text)" "说明.txt"
contains "and says so" "$(screen_text)" "另有 1 个其他文件"
clean_screen "the Chinese names display unbroken" 80
keys a
sees "a shows all files" "说明.txt"
keys a
if wait_gone "说明.txt" 5; then ok "a again: images only"; else not_ok "a again: images only" "$(screen_text)"; fi
keys BSpace
sees "Backspace goes up, to the folder it came from" "▶ 现场照片/"
set -- $(where "文档/" "文档/") 0 0
click 10 "$2"
if line_is "$2" "▶ 文档/" 5; then ok "a click selects a row of the browser"; else not_ok "a click selects a row of the browser" "$(screen_text)"; fi
keys /
sees "/ asks for a path" "路径： $HOME_REAL/"
equals "starting with the folder shown" "$(screen_text | sed -n 23p | sed 's/ *$//')" "路径： $HOME_REAL/"
type_text "现场照片"
keys Enter
sees "a typed folder is shown" "北侧堆土.jpg"
keys Down
sees "Down to the photo" "▶ 北侧堆土.jpg"
keys Enter
sees "Enter on the photo attaches it" "已附加 北侧堆土.jpg"
sees "the field counts it" "1 张照片"
D=$("$DW" list inspection --status draft --format json | jq -r '.[0].id')
equals "the draft's photo field holds the file's SHA-256" \
	"$("$DW" show "$D" --format json | jq -r '.fields.cover_photo | join(" ")')" "$SUM"
check "the file is stored under blobs/" cmp "$PH/北侧堆土.jpg" "$BLOB"
keys Enter
sees "the browser opens again where the last file was" "$HOME_REAL/现场照片"
type_text "旧"
sees "typing a name asks for a path in the folder shown" "路径： $HOME_REAL/现场照片/旧"
type_text "照片"
keys Enter
sees "and goes there" "$HOME_REAL/现场照片/旧照片"
sees "an empty folder says so" "（空文件夹）"
keys /
sees "/ in a subfolder asks for a path" "路径： $HOME_REAL/现场照片/旧照片/"
type_text "$HOME_REAL/文档"
if wait_for "路径： $HOME_REAL/文档" 5 && ! screen_text | grep -q "旧照片/$HOME_REAL"; then
	ok "an absolute path typed replaces the folder the prompt starts with"
else not_ok "an absolute path replaces the prefilled folder" "$(screen_text)"; fi
keys Enter
sees "and goes there" "$HOME_REAL/文档
▶ ../"
keys /
sees "the path prompt again" "路径： $HOME_REAL/文档/"
keys C-u
if wait_for "$(printf '路径：')" 5 && [ "$(screen_text | sed -n 23p | sed 's/ *$//')" = "路径：" ]; then
	ok "Ctrl-U clears the path line"
else not_ok "Ctrl-U clears the path line" "$(screen_text | sed -n 23p)"; fi
type_text "~/现场照片/旧照片"
keys Enter
sees "a path typed after Ctrl-U is used" "（空文件夹）"
keys Escape
sees "Esc cancels, back to the form" "Enter 添加文件"
equals "and nothing more is attached" \
	"$("$DW" show "$D" --format json | jq -r '.fields.cover_photo | length')" 1

# --- (b) o on a record's page: xdg-open where there is a display
"$DW" new inspection --site "$SITE" $COMPLIANT --submit cover=no cover_note=北侧堆土未覆盖 verdict=rectify \
	"cover_photo=@$PH/北侧堆土.jpg" >/dev/null # HH-A03-2026-0001
"$DW" new inspection --site "$SITE" $COMPLIANT --submit >/dev/null # HH-A03-2026-0002, no attachment
mkdir -p "$T_TMP/bin"
cat >"$T_TMP/bin/xdg-open" <<EOF
#!/bin/sh
printf '%s' "\$1" >"$T_TMP/opened.tmp" && mv "$T_TMP/opened.tmp" "$T_TMP/opened"
EOF
chmod +x "$T_TMP/bin/xdg-open"

TUI_ENV="DISPLAY=:99 PATH=$T_TMP/bin:$PATH"
tui_start 80 24 --lang zh
TUI_ENV=
sees "restarted with a display" "今日工作"
keys i
wait_for "检查 · 全部状态" 5
keys f f
sees "the submitted checklists" "检查 · 已提交"
select_row "HH-A03-2026-0002"
keys Enter
sees "a record without attachments" "编号: HH-A03-2026-0002"
lacks "offers no o" "$(screen_text | tail -1)" "打开附件"
keys Escape
wait_for "检查 · 已提交" 5
select_row "HH-A03-2026-0001"
keys Enter
sees "a record with a photo offers o" "o打开附件"
keys o
if wait_file "$T_TMP/opened" 10; then ok "o runs xdg-open"; else not_ok "o runs xdg-open" "$(screen_text)"; fi
equals "with the stored file's path" "$(cat "$T_TMP/opened" 2>/dev/null)" "$BLOB"
check "which holds the photo" cmp "$(cat "$T_TMP/opened" 2>/dev/null)" "$PH/北侧堆土.jpg"
sees "and says so" "已用系统程序打开附件"

rm -f "$T_TMP/opened"
tui_start 80 24 --lang zh
sees "restarted without a display" "今日工作"
keys i
wait_for "检查 · 全部状态" 5
keys f f
wait_for "检查 · 已提交" 5
select_row "HH-A03-2026-0001"
keys Enter
sees "the record's page" "o打开附件"
keys o
sees "without a display, o says where the file is" "没有图形界面，附件在："
check "and runs nothing" test ! -e "$T_TMP/opened"

# --- (c) the mouse: the home list and a compliance row
"$DW" new inspection --site "$SITE" type=revisit >/dev/null # a second draft
tui_start 80 24 --lang zh
sees "two drafts on the home screen" "草稿 2"
set -- $(where "▶ 草稿" "▶") 0 0
y=$(($2 + 1))
line_is "$y" "  草稿" 5
click 40 "$y"
if line_is "$y" "▶ 草稿" 5; then ok "a click on a row of the home list selects it"; else not_ok "a click on a row of the home list selects it" "$(screen_text)"; fi
contains "and opens nothing yet" "$(screen_text)" "今日工作"
click 40 "$y"
sees "a click on the selected row opens it" "扬尘防治专项检查表  草稿"
set -- $(where "出入车辆100%冲洗" "不符合") 0 0
click $(($1 + 1)) "$2"
if line_is "$2" "* 出入车辆100%冲洗                符合  [不符合]" 5; then ok "a click on 不符合 sets it"; else
	not_ok "a click on 不符合 sets it" "$(screen_text)"; fi
sees "and brings up its note" "车辆冲洗存在问题"
equals "the draft holds it" "$("$DW" list inspection --status draft --format json | jq '[.[] | select(.fields.wash == "no")] | length')" 1
finish
