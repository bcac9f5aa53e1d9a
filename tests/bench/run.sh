#!/bin/sh
# Benchmarks (not tests): figures to compare against the targets in
# ../shared/design.md, printed as a table. BENCH_RECORDS sets the size of
# the generated station (default 100000; the targets speak of 10^6).
set -eu
build=${1:-build}
DW="$build/dustwatch"
N=${BENCH_RECORDS:-100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/dwbench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DUSTWATCH_HOME="$work/station" HOME="$work"

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l | xargs printf '%.3f'; }
# best of 5 runs of a command, in milliseconds
best_ms() {
	best=""
	for _ in 1 2 3 4 5; do
		t0=$(now)
		"$@" >/dev/null
		t1=$(now)
		ms=$(echo "($t1 - $t0) * 1000" | bc -l | xargs printf '%.1f')
		if [ -z "$best" ] || [ "$(echo "$ms < $best" | bc)" = 1 ]; then best=$ms; fi
	done
	echo "$best"
}

echo "dustwatch benchmarks: $N records ($(nproc) cores)"
t0=$(now)
"$DW" demo "$DUSTWATCH_HOME" --records "$N" --seed 7 >/dev/null
t1=$(now)
secs=$(elapsed "$t0" "$t1")
printf '%-44s %10s s  (%s records/s)\n' "generate the station (demo --records $N)" "$secs" \
	"$(echo "$N / $secs" | bc)"
events=$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" 'SELECT count(*) FROM events')
printf '%-44s %10s\n' "events in the station" "$events"
SITE=$("$DW" list site --limit 1 --format csv | sed -n 2p | cut -d, -f1)
printf '%-44s %10s ms\n' "overview (first screen of the command)" "$(best_ms "$DW" overview)"
printf '%-44s %10s ms\n' "list 20 newest inspections" "$(best_ms "$DW" list inspection --limit 20)"
printf '%-44s %10s ms\n' "list overdue notices" "$(best_ms "$DW" list notice --status overdue --limit 20)"
printf '%-44s %10s ms\n' "search a 2-character Chinese substring" "$(best_ms "$DW" list --search 鹤城 --limit 20)"
printf '%-44s %10s ms\n' "search a 4-character Chinese substring" "$(best_ms "$DW" list --search 安置小区 --limit 20)"
printf '%-44s %10s ms\n' "a site's records (20 newest)" "$(best_ms "$DW" list --site "$SITE" --limit 20)"
printf '%-44s %10s ms\n' "create and submit one inspection" \
	"$(best_ms "$DW" new inspection --site "$SITE" type=quarterly hoarding=yes cover=yes wash=yes paving=yes wet=yes transport=yes monitor=yes machinery=yes board=yes officer=yes rubbish=yes mixing=yes windstop=yes verdict=pass --submit)"
printf '%-44s %10s MiB\n' "database size" "$(du -m "$DUSTWATCH_HOME/dustwatch.db" | cut -f1)"
tests/bench/tui.sh "$build"
BENCH_STATION="${BENCH_STATION:-$DUSTWATCH_HOME}" tests/bench/report.sh "$build"
tests/bench/sync.sh "$build"
# The reindex at 10^6 events (design.md's budget: 30 s), and the first sync
# before it: about 35 minutes on two cores, most of it making the station.
# BENCH_MILLION=0 leaves it out.
if [ "${BENCH_MILLION:-1}" != 0 ]; then
	BENCH_EVENTS=1000000 BENCH_ONLY=reindex tests/bench/sync.sh "$build"
fi
