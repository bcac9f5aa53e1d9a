#!/bin/sh
# Scales a demo station's database up, for the benchmarks of screens and
# reports at 10^6 records when `demo --records 1000000` would take hours:
#   tests/bench/scale.sh FROM TO TIMES
# copies the data directory FROM (made by `dustwatch demo --records N`) to TO
# and adds TIMES - 1 copies of every record but drafts to its database: new ids (the
# UUID's version digit made 8, its last two digits the copy's number), numbers
# with "-kNN", each copy's records naming that copy's sites, the search
# index's text copied with them, the counts kept by their triggers. Only
# the database grows: the events and the repository stay N records' worth,
# so the result is for what reads the database (screens, lists, reports),
# never for sync or reindex, whose figures need real signed events.
set -eu
from=$1 to=$2 times=$3
[ -f "$from/dustwatch.db" ] || { echo "scale.sh: $from is not a data directory" >&2; exit 2; }
[ "$times" -ge 2 ] && [ "$times" -le 99 ] || { echo "scale.sh: TIMES is 2 to 99" >&2; exit 2; }
rm -rf "$to"
cp -r "$from" "$to"
db="$to/dustwatch.db"
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
R=$(sqlite3 "$db" "SELECT max(rowid) FROM records")
k=1
sql="PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -400000; BEGIN;"
while [ "$k" -lt "$times" ]; do
	kk=$(printf %02d "$k")
	sql="$sql
INSERT INTO records (rowid, id, kind, number, status, site, date, due, title, created, updated, author, device, conflicts, state)
SELECT rowid + $k * $R, substr(id, 1, 14) || '8' || substr(id, 16, 19) || '$kk', kind, CASE WHEN number IS NULL OR number = '' THEN number ELSE number || '-k$kk' END,
	status, CASE WHEN site IS NULL THEN NULL ELSE substr(site, 1, 14) || '8' || substr(site, 16, 19) || '$kk' END, date, due, title, created, updated,
	author, device, conflicts,
	json_set(state, '\$.id', substr(id, 1, 14) || '8' || substr(id, 16, 19) || '$kk',
		'\$.number', CASE WHEN number IS NULL OR number = '' THEN coalesce(number, '') ELSE number || '-k$kk' END,
		'\$.fields.site', CASE WHEN json_type(state, '\$.fields.site') = 'text'
			THEN substr(json_extract(state, '\$.fields.site'), 1, 14) || '8' || substr(json_extract(state, '\$.fields.site'), 16, 19) || '$kk'
			ELSE json_extract(state, '\$.fields.site') END)
FROM records WHERE rowid <= $R AND status != 'draft';
INSERT INTO records_fts (rowid, text) SELECT rowid + $k * $R, text FROM records_fts
	WHERE rowid IN (SELECT rowid FROM records WHERE rowid <= $R AND status != 'draft');"
	k=$((k + 1))
done
sqlite3 "$db" "$sql
COMMIT; PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
echo "$(sqlite3 "$db" "SELECT count(*) FROM records") records in $to"
