# Helpers for the sync tests (sourced after lib.sh): data directories per
# device, a git daemon on 127.0.0.1 serving the station's repository, and
# forged events for the hook and quarantine tests. Run on its own (as
# tests/run.sh does with every tests/cmd/*.sh) it is an empty suite.
case "$0" in */sync_lib.sh) echo "1..0 # a library for sync*.sh" && exit 0 ;; esac
SRV="$T_TMP/srv"
mkdir -p "$SRV"
DAEMON_PID=""
# The pid file too: start_daemon run by `check` sets DAEMON_PID in a subshell.
stop_daemon() {
	[ -z "$DAEMON_PID" ] && [ -s "$SRV/daemon.pid" ] && DAEMON_PID=$(cat "$SRV/daemon.pid")
	[ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
}
trap 'stop_daemon; rm -rf "$T_TMP"' EXIT

# as DEV CMD...: runs dustwatch in DEV's data directory.
as() { d=$1; shift; DUSTWATCH_HOME="$T_TMP/dev-$d" "$DW" "$@"; }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_daemon: git daemon with receive-pack on PORT (free_port).
start_daemon() {
	git daemon --reuseaddr --listen=127.0.0.1 --port="$PORT" --base-path="$SRV" --export-all \
		--enable=receive-pack --informative-errors --detach --pid-file="$SRV/daemon.pid" "$SRV" || return 1
	i=0
	while [ ! -s "$SRV/daemon.pid" ] || ! git ls-remote "git://127.0.0.1:$PORT/central.git" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 500 ] && return 1
		sleep 0.01
	done
	DAEMON_PID=$(cat "$SRV/daemon.pid")
}
PORT=$(free_port)
URL="git://127.0.0.1:$PORT/central.git"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t

# new_site DEV NAME: a submitted site; prints its id.
new_site() {
	as "$1" new site "name=$2" address=怀化市鹤城区迎丰西路18号 district=hecheng \
		type=residential stage=foundation builder_unit=怀化市城市建设投资有限公司 \
		"builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
		"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit
}

dump_of() { as "$1" dump | sha256sum | cut -d' ' -f1; }

fsck_ok() { git -C "$1" fsck --strict >/dev/null 2>&1; }

# forge MODE EVENTFILE: prints a modified event (canonical text).
#   edit: a changed field with the id recomputed, the old signature (forged)
#   rehash: same, and the id left stale (does not hash to its id)
forge() {
	python3 - "$1" "$2" <<'PY'
import hashlib, json, sys
mode, path = sys.argv[1], sys.argv[2]
ev = json.load(open(path, encoding="utf-8"))
canon = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
ev["author"] = ev["author"] + "X"
if mode == "edit":
    body = {k: v for k, v in ev.items() if k not in ("id", "sig")}
    ev["id"] = hashlib.sha256(canon(body).encode()).hexdigest()
sys.stdout.write(canon(ev))
PY
}

# put_file WORKTREE DEV CONTENTFILE: adds the content as an event file of DEV
# named by its blob id; prints the path.
put_file() {
	id=$(git -C "$1" hash-object -w "$3")
	p="devices/$2/2024/01/01/$id"
	mkdir -p "$1/$(dirname "$p")"
	cp "$3" "$1/$p"
	git -C "$1" add "$p"
	echo "$p"
}

# station_with DEVICE...: an admin (ADM) with the central repository served
# by git daemon, and the named laptops initialised and enrolled; the admin
# has synced once. Exits the test when the daemon does not start.
station_with() {
	as ADM init --station HH --device ADM --inspector 管理员 >/dev/null
	as ADM station init "$SRV/central.git" --remote "$URL" >/dev/null
	start_daemon || { not_ok "git daemon"; finish; exit 1; }
	for d in "$@"; do
		as "$d" init --station HH --device "$d" --inspector "检查员$d" --remote "$URL" >/dev/null
		as ADM enroll "$d" "$(as "$d" key)" >/dev/null
	done
	as ADM sync >/dev/null
}
