# Shell test library: TAP output, a private data directory per test file,
# and assertions that say what they expected. Sourced by tests/cmd/*.sh,
# which run with DW (the binary) and TOP (the source tree) set.
set -u
: "${DW:?DW must name the dustwatch binary}"
: "${TOP:?TOP must name the source tree}"
T_N=0
T_FAIL=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dwtest.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
export HOME="$T_TMP/home" DUSTWATCH_HOME="$T_TMP/data"
unset XDG_DATA_HOME XDG_CONFIG_HOME DUSTWATCH_LANG DUSTWATCH_NOW
export LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME"
# A test's own reads of the database wait for a lock, as dustwatch does,
# rather than fail at once: a TUI quitting checkpoints the WAL under an
# exclusive lock for a moment (CI saw "database is locked" there).
sqlite3() { command sqlite3 -cmd ".timeout 10000" "$@"; }

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
not_ok() {
	T_N=$((T_N + 1))
	T_FAIL=$((T_FAIL + 1))
	echo "not ok $T_N - $1"
	shift
	for line in "$@"; do echo "#   $line"; done
}

# check DESC CMD...: passes when CMD exits 0.
check() {
	desc=$1
	shift
	if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc" "command: $*" "output: $out"; fi
}

# fails DESC CMD...: passes when CMD exits non-zero (and does not crash).
fails() {
	desc=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -lt 128 ]; then ok "$desc"; else not_ok "$desc" "command: $*" "exit: $rc" "output: $out"; fi
}

# contains DESC HAYSTACK NEEDLE
contains() {
	case "$2" in
	*"$3"*) ok "$1" ;;
	*) not_ok "$1" "expected to find: $3" "in: $(printf '%s' "$2" | head -c 2000)" ;;
	esac
}

lacks() {
	case "$2" in
	*"$3"*) not_ok "$1" "did not expect: $3" "in: $(printf '%s' "$2" | head -c 2000)" ;;
	*) ok "$1" ;;
	esac
}

# equals DESC GOT WANT
equals() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "want: $3" "got:  $2"; fi
}

# Creates a data directory with one site; sets SITE to its id.
station() {
	"$DW" init --station HH --device A03 --inspector 张伟 >/dev/null || exit 1
	SITE=$("$DW" new site name=鹤城区迎丰路安置小区二期 address=怀化市鹤城区迎丰西路18号 district=hecheng \
		type=residential stage=foundation builder_unit=怀化市城市建设投资有限公司 \
		"builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
		"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit) || exit 1
}

# The answers of a fully compliant inspection, as FIELD=VALUE words.
COMPLIANT="type=quarterly hoarding=yes cover=yes wash=yes paving=yes wet=yes transport=yes monitor=yes machinery=yes board=yes officer=yes rubbish=yes mixing=yes windstop=yes verdict=pass"

# A stable fingerprint of the whole database (records and events).
db_digest() { "$DW" dump | sha256sum | cut -d' ' -f1; }

finish() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
}

# Everything in the database, drafts and settings included, as one digest:
# for "the command changed nothing".
db_state() {
	sqlite3 "$DUSTWATCH_HOME/dustwatch.db" \
		"SELECT * FROM records ORDER BY id; SELECT * FROM events ORDER BY id; SELECT * FROM settings ORDER BY key; SELECT * FROM attachments" |
		sha256sum | cut -d' ' -f1
}

# wait_file FILE TEXT: polls FILE (for 20 s at most) until it holds TEXT.
wait_file() {
	_i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -gt 400 ] && return 1
		sleep 0.05
	done
}

# db_hold sh|ex|sqlite: holds $DUSTWATCH_HOME's database as another
# dustwatch does (a shared lock on its lock file), as a reindex in a fresh
# file does (an exclusive one), or as another program's connection does,
# until db_release.
db_hold() {
	rm -f "$T_TMP/held" "$T_TMP/release"
	mkfifo "$T_TMP/release"
	python3 -c '
import fcntl, sqlite3, sys
db, how, release = sys.argv[1:]
if how == "sqlite":
    c = sqlite3.connect(db)
    c.execute("SELECT count(*) FROM records").fetchone()
else:
    f = open(db + ".lock", "a+")
    fcntl.lockf(f, fcntl.LOCK_SH if how == "sh" else fcntl.LOCK_EX)
print("held", flush=True)
open(release).read()
' "$DUSTWATCH_HOME/dustwatch.db" "$1" "$T_TMP/release" >"$T_TMP/held" &
	_holder=$!
	wait_file "$T_TMP/held" held || not_ok "the $1 hold of the database began"
}
db_release() {
	echo >"$T_TMP/release"
	wait $_holder
}
