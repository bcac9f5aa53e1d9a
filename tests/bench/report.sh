#!/bin/sh
# Report benchmark (issue 11): `report indicators` and `report monthly` for
# a year, the red and black list and the ledger, on a station of
# BENCH_RECORDS records (default 100000). Target: indicators for a year in
# under a second at 10^6 records (BENCH_RECORDS=1000000). BENCH_STATION=DIR
# reuses a station made earlier with demo --records (copied, not changed).
set -eu
build=${1:-build}
DW="$(cd "$(dirname "$build/dustwatch")" && pwd)/dustwatch"
N=${BENCH_RECORDS:-100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/dwreport.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DUSTWATCH_HOME="$work/station" HOME="$work"
if [ -n "${BENCH_STATION:-}" ]; then
	cp -r "$BENCH_STATION" "$DUSTWATCH_HOME"
else
	"$DW" demo "$DUSTWATCH_HOME" --records "$N" --seed 13 >/dev/null
fi
now() { date +%s.%N; }
# cold: the first run (after the copy, the page cache is warm for the file
# but SQLite's cache is empty); best: best of 5.
ms() {
	t0=$(now)
	"$@" >/dev/null
	t1=$(now)
	echo "($t1 - $t0) * 1000" | bc -l | xargs printf '%.1f'
}
best_ms() {
	best=""
	for _ in 1 2 3 4 5; do
		m=$(ms "$@")
		if [ -z "$best" ] || [ "$(echo "$m < $best" | bc)" = 1 ]; then best=$m; fi
	done
	echo "$best"
}
# The year with the most records.
YEAR=$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" \
	"SELECT substr(date, 1, 4) y FROM records WHERE kind = 'inspection' GROUP BY y ORDER BY count(*) DESC LIMIT 1")
records=$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "SELECT count(*) FROM records WHERE substr(date, 1, 4) = '$YEAR'")
echo "Report benchmark: $(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" 'SELECT count(*) FROM records') records, $records dated $YEAR"
printf '%-44s %10s ms\n' "report indicators --year (first run)" "$(ms "$DW" report indicators --year "$YEAR" --format json)"
printf '%-44s %10s ms\n' "report indicators --year (best of 5)" "$(best_ms "$DW" report indicators --year "$YEAR" --format json)"
printf '%-44s %10s ms\n' "report monthly --year (best of 5)" "$(best_ms "$DW" report monthly --year "$YEAR")"
printf '%-44s %10s ms\n' "report monthly --month (best of 5)" "$(best_ms "$DW" report monthly --month "$YEAR-06")"
printf '%-44s %10s ms\n' "report redlist (best of 5)" "$(best_ms "$DW" report redlist --date "$YEAR-12-31")"
printf '%-44s %10s ms\n' "export ledger --format xlsx (best of 5)" \
	"$(best_ms "$DW" export ledger --format xlsx -o "$work/ledger.xlsx" --date "$YEAR-12-31")"
