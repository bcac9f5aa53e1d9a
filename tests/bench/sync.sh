#!/bin/sh
# Sync benchmark (not a test: figures, no pass or fail). A station of
# BENCH_EVENTS events (default 200000) made by `dustwatch demo --central`,
# its central repository (a path), and a second laptop that syncs it all:
#   - reindex of the whole repository, events/s;
#   - 100 new events: the station's commit + push, the laptop's fetch +
#     import, and the ratio of the latter to a full reindex (target < 2%);
#   - git itself on the same data: cat-file --batch over every event blob,
#     git push / git fetch of the same refs to and from copies (the push
#     copy keeps the station's pre-receive hook and receive.fsckObjects,
#     which our push to a path, git's local transport, skips);
#   - Fossil tickets, when fossil is installed: one ticket change per event
#     (written as artifacts and loaded with `fossil reconstruct`, at most
#     BENCH_FOSSIL_MAX of them, default all), `fossil rebuild` against our
#     reindex, `fossil sync` of 100 new ticket changes and a no-op sync.
# BENCH_ONLY=reindex stops after the reindex.
# Usage: tests/bench/sync.sh BUILD_DIR
set -eu
build=${1:-build}
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
DW="$build/dustwatch"
N=${BENCH_EVENTS:-200000}
work=$(mktemp -d "${TMPDIR:-/tmp}/dwsync.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME="$work" USER=bench LANG=C.UTF-8 LC_ALL=C.UTF-8
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@b GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@b
unset DUSTWATCH_NOW
ST="$work/station"
LAP="$ST/laptop-A99"
CEN="$ST/central.git"

now() { date +%s.%N; }
# secs CMD...: runs CMD (output discarded), prints the seconds it took.
secs() {
	t0=$(now)
	"$@" >/dev/null 2>&1
	t1=$(now)
	echo "$t1 - $t0" | bc -l | xargs printf '%.3f'
}
ms() { echo "$1 * 1000" | bc -l | xargs printf '%.1f'; }
ratio() { echo "scale=4; $1 / $2" | bc -l | xargs printf '%.2f'; }
pct() { echo "scale=6; 100 * $1 / $2" | bc -l | xargs printf '%.2f'; }
row() { printf '%-58s %12s %s\n' "$1" "$2" "${3:-}"; }
st() { DUSTWATCH_HOME="$ST" "$DW" "$@"; }
lap() { DUSTWATCH_HOME="$LAP" "$DW" "$@"; }
events() { sqlite3 "$1/dustwatch.db" 'SELECT count(*) FROM events'; }

# 100 events on DIR's device: 20 sites, each created and edited 4 times.
write100() {
	for i in $(seq 20); do
		s=$(DUSTWATCH_HOME="$1" "$DW" new site "name=基准工地$2-$i" address=怀化市鹤城区 district=hecheng \
			type=residential stage=foundation builder_unit=怀化市城市建设投资有限公司 \
			"builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
			"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit)
		for stage in structure finishing foundation structure; do
			DUSTWATCH_HOME="$1" "$DW" set "$s" stage=$stage >/dev/null
		done
	done
}

# The demo writes about 3.4 events per record.
records=$((N * 10 / 34))
[ "$records" -lt 50 ] && records=50
echo "sync benchmarks: about $N events ($(nproc) cores)"
t=$(secs "$DW" demo "$ST" --records "$records" --seed 7 --central)
E=$(events "$ST")
row "demo --records $records --central (generate, commit, push)" "$t s" "$E events"

# --- the laptop's first sync, against git clone of the same refs
t_first=$(secs env DUSTWATCH_HOME="$LAP" "$DW" sync)
t_clone=$(secs git clone -q --bare --no-local "$CEN" "$work/clone.git")
row "first sync of a new laptop (fetch + verify + import all)" "$t_first s" \
	"$(echo "$E / $t_first" | bc) events/s; $(events "$LAP") of $E events arrived"
row "  git clone --bare --no-local of the central repository" "$t_clone s" "x$(ratio "$t_first" "$t_clone")"

# --- reindex against git cat-file reading the same blobs
t_re=$(secs env DUSTWATCH_HOME="$LAP" "$DW" reindex)
row "reindex on the laptop" "$t_re s" "$(echo "$E / $t_re" | bc) events/s"
# BENCH_ONLY=reindex: the station, the first sync and the reindex, no more
# (make bench's run at 10^6 events).
[ "${BENCH_ONLY:-}" = reindex ] && exit 0
git -C "$LAP/repo.git" rev-list --objects --all | cut -d' ' -f1 | git -C "$LAP/repo.git" cat-file --batch-check |
	awk '$2 == "blob" { print $1 }' >"$work/blobs"
t_cf=$(secs sh -c "git -C '$LAP/repo.git' cat-file --batch <'$work/blobs'")
t_walk=$(secs sh -c "git -C '$LAP/repo.git' rev-list --objects --all | cut -d' ' -f1 | git -C '$LAP/repo.git' cat-file --batch-check")
row "  git rev-list --objects --all | cat-file --batch-check" "$t_walk s"
row "  git cat-file --batch of the $(wc -l <"$work/blobs") blobs" "$t_cf s" "reindex x$(ratio "$t_re" "$t_cf")"

# --- 100 new events: the station pushes, the laptop fetches
cp -a "$CEN" "$work/push-copy.git"
cp -a "$LAP/repo.git" "$work/fetch-copy.git"
write100 "$ST" s
t_push=$(secs env DUSTWATCH_HOME="$ST" "$DW" sync)
row "station: sync 100 new events (commit + fetch + push)" "$t_push s"
t_gpush=$(secs git -C "$ST/repo.git" push -q "$work/push-copy.git" refs/heads/devices/A01:refs/heads/devices/A01)
row "  git push of the same ref to a copy (its hook + fsckObjects run)" "$t_gpush s" "x$(ratio "$t_push" "$t_gpush")"
before=$(events "$LAP")
t_in=$(secs env DUSTWATCH_HOME="$LAP" "$DW" sync)
row "laptop: sync receiving them (fetch + verify + import)" "$t_in s" "$(($(events "$LAP") - before)) events"
row "  ratio to a full reindex (target < 2%)" "$(pct "$t_in" "$t_re") %"
t_gfetch=$(secs git -C "$work/fetch-copy.git" fetch -q "$CEN" '+refs/heads/devices/*:refs/remotes/origin/devices/*')
row "  git fetch of the same refs into a copy" "$t_gfetch s" "x$(ratio "$t_in" "$t_gfetch")"
t_noop=$(secs env DUSTWATCH_HOME="$LAP" "$DW" sync)
t_gnoop=$(secs git -C "$work/fetch-copy.git" fetch -q "$CEN" '+refs/heads/devices/*:refs/remotes/origin/devices/*')
row "laptop: a sync with nothing new" "$t_noop s"
row "  git fetch with nothing new" "$t_gnoop s" "x$(ratio "$t_noop" "$t_gnoop")"
row "repository size (laptop repo.git)" "$(du -sm "$LAP/repo.git" | cut -f1) MiB"
row "database size (laptop)" "$(du -m "$LAP/dustwatch.db" | cut -f1) MiB"
# Bytes per event, and where the database's go (SQLite's dbstat table):
# the events, the records' states, the search index, the other indexes.
NE=$(events "$LAP")
per() { echo "$1 / $NE" | bc; }
db_bytes=$(stat -c %s "$LAP/dustwatch.db")
repo_bytes=$(du -sb "$LAP/repo.git" | cut -f1)
row "bytes per event: database / repository" "$(per "$db_bytes") / $(per "$repo_bytes")" "$NE events"
sqlite3 "$LAP/dustwatch.db" "SELECT CASE WHEN name = 'events' THEN 'events' WHEN name = 'records' THEN 'records (states)'
	WHEN name LIKE 'records_fts%' THEN 'search index' WHEN name LIKE 'sqlite_autoindex%' OR name IN
	(SELECT name FROM sqlite_master WHERE type = 'index') THEN 'indexes' ELSE 'other' END AS part, sum(pgsize)
	FROM dbstat GROUP BY part ORDER BY 2 DESC" 2>/dev/null | while IFS='|' read -r part bytes; do
	row "  database: $part" "$(per "$bytes") B/event"
done

# --- Fossil tickets, if fossil is there
if ! command -v fossil >/dev/null 2>&1; then
	echo "fossil: not installed (apt-get install fossil), skipped"
	exit 0
fi
F=${BENCH_FOSSIL_MAX:-$E}
[ "$F" -gt "$E" ] && F=$E
T=$((F * 10 / 34))
[ "$T" -lt 1 ] && T=1
mkdir -p "$work/fossil/art"
cd "$work/fossil"
# One ticket change artifact per event: T tickets, each created with its
# fields and then changed, in fossil's card format (D J... K U Z, the Z card
# the MD5 of what precedes it).
t_gen=$(secs python3 - "$F" "$T" <<'PY'
import hashlib, sys
n, t = int(sys.argv[1]), int(sys.argv[2])
esc = lambda s: s.replace("\\", "\\\\").replace(" ", "\\s").replace("\n", "\\n")
for i in range(n):
    k = i % t
    uuid = hashlib.sha1(b"ticket-%d" % k).hexdigest()
    if i < t:
        f = {"title": "鹤城区迎丰路安置小区%d期 扬尘巡检" % k, "status": "Open", "type": "Code_Defect",
             "comment": "围挡、覆盖、冲洗、硬化、湿法作业、运输 %d" % k}
    else:
        f = {"status": ("Open", "Review", "Fixed", "Closed")[i // t % 4], "icomment": "复查 %d" % i}
    s = i % 86400
    body = "D 2024-01-%02dT%02d:%02d:%02d.000\n" % (1 + i // 86400 % 28, s // 3600, s // 60 % 60, s % 60)
    body += "".join("J %s %s\n" % (key, esc(f[key])) for key in sorted(f))
    body += "K %s\nU bench\n" % uuid
    body += "Z %s\n" % hashlib.md5(body.encode()).hexdigest()
    open("art/%07d" % i, "w", encoding="utf-8").write(body)
PY
)
t_recon=$(secs fossil reconstruct tickets.fossil art)
nt=$(fossil sql -R tickets.fossil 'SELECT count(*) FROM ticket' 2>/dev/null | tr -d "'")
nch=$(fossil sql -R tickets.fossil 'SELECT count(*) FROM ticketchng' 2>/dev/null | tr -d "'")
echo "fossil $(fossil version | awk '{print $5}'): $nt tickets, $nch ticket changes (one per event; artifacts written in $t_gen s)"
row "fossil reconstruct (load $F artifacts)" "$t_recon s"
t_reb=$(secs fossil rebuild tickets.fossil)
row "fossil rebuild" "$t_reb s" "$(echo "$nch / $t_reb" | bc) changes/s"
re_per=$(echo "$t_re / $E" | bc -l)
reb_per=$(echo "$t_reb / $nch" | bc -l)
row "  our reindex per event / fossil rebuild per change" "x$(ratio "$re_per" "$reb_per")"
first_per=$(echo "$t_first / $E" | bc -l)
row "  our first sync per event / fossil rebuild per change" "x$(ratio "$first_per" "$reb_per")"
t_fclone=$(secs fossil clone tickets.fossil clone.fossil)
row "fossil clone (file)" "$t_fclone s" "our first sync x$(ratio "$t_first" "$t_fclone")"
fossil settings -R clone.fossil autosync off >/dev/null 2>&1 || true
t_fadd=$(secs sh -c 'for i in $(seq 100); do fossil ticket -R tickets.fossil add title "新工单 $i" status Open type Code_Defect >/dev/null || exit 1; done')
row "fossil ticket add x 100" "$t_fadd s" "dustwatch new/set x 100: see the station's sync above"
t_fsync=$(secs fossil sync -R clone.fossil)
nt2=$(fossil sql -R clone.fossil 'SELECT count(*) FROM ticket' 2>/dev/null | tr -d "'")
row "fossil sync receiving 100 new tickets" "$t_fsync s" "$((nt2 - nt)) tickets; ours x$(ratio "$t_in" "$t_fsync")"
t_fnoop=$(secs fossil sync -R clone.fossil)
row "fossil sync with nothing new" "$t_fnoop s" "ours x$(ratio "$t_noop" "$t_fnoop")"
fbytes=$(stat -c %s clone.fossil)
row "fossil repository (the clone) per ticket change" "$(echo "$fbytes / $nch" | bc) B" \
	"ours: database $(per "$db_bytes") + repository $(per "$repo_bytes") B per event"
