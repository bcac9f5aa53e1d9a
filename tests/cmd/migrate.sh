# A database made by schema version 1 (no full-text index) is migrated on
# open, with every record and event kept and the new index filled.
. "$TOP/tests/lib.sh"
mkdir -p "$DUSTWATCH_HOME/keys"
sqlite3 "$DUSTWATCH_HOME/dustwatch.db" <"$TOP/tests/fixtures/v1-station.sql"
cp "$TOP/tests/fixtures/v1-station.key" "$DUSTWATCH_HOME/keys/device.key"
equals "the fixture starts at schema version 1" \
	"$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" 'PRAGMA user_version')" 1
out=$("$DW" dump)
equals "after migration every record and event is still there, unchanged" "$out" "$(cat "$TOP/tests/fixtures/v1-station.dump")"
equals "the database is now at the latest schema version" \
	"$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" 'PRAGMA user_version')" "$(ls "$TOP"/db/*.sql | wc -l)"
out=$("$DW" list --search 卢峰镇 --format csv)
contains "the new search index holds the old records" "$out" "溆浦县卢峰镇农贸市场改造工程"
out=$("$DW" list --search 土方 --format csv | wc -l)
equals "including text inside their fields (inspection and notice)" "$out" 3
# Searches within a kind (db/008: the index carries each record's kind).
out=$("$DW" list site --search 卢峰镇 --format csv | tail -n +2 | cut -d, -f1)
equals "a search within a kind finds that kind's old records only" "$out" 018f61d6-85c0-77c8-9d36-e13dc476f31a
out=$("$DW" list inspection --search 土方未覆盖 --format csv | tail -n +2 | cut -d, -f2)
equals "including text inside their fields" "$out" HH-A07-2024-0001
out=$("$DW" list notice --search 卢峰 --format csv | tail -n +2 | cut -d, -f2)
equals "and one or two characters, in titles" "$out" HH-A07-2024-0002
out=$("$DW" list complaint --search 施工扬尘 --format csv | tail -n +2 | wc -l)
equals "and drafts" "$out" 1
equals "each kind has its search token" \
	"$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" 'SELECT group_concat(kind) FROM (SELECT kind FROM search_kinds ORDER BY code)')" \
	complaint,inspection,notice,site
check "old records can still be edited after migration" "$DW" set HH-A07-2024-0002 supervisor_unit=怀化建设监理有限公司
out=$("$DW" list notice --search 怀化建设监理 --format csv | tail -n +2 | cut -d, -f2)
equals "and the edit is found within the kind" "$out" HH-A07-2024-0002
out=$("$DW" list complaint --status draft --format json | jq -r '.[0].fields.content')
equals "a draft made before the migration is kept" "$out" 夜间施工扬尘
equals "the database passes SQLite's integrity check" "$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" 'PRAGMA integrity_check')" ok
check "and the rebuilt search index FTS5's" \
	sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "INSERT INTO records_fts (records_fts) VALUES ('integrity-check')"
# db/013 and db/014: the clear values of sealed fields (none here yet),
# and the dashboard's summaries filled from the old records.
db="$DUSTWATCH_HOME/dustwatch.db"
equals "db/013: the table of clear values is there, empty" "$(sqlite3 "$db" 'SELECT count(*) FROM unsealed')" 0
equals "db/014: the records of each day are counted from the old records" \
	"$(sqlite3 "$db" "SELECT kind, date, status, tag, n FROM report_days WHERE n > 0 ORDER BY 1, 2, 3, 4")" \
	"$(sqlite3 "$db" "SELECT kind, coalesce(date, ''), status, coalesce(tag, ''), count(*) FROM records
		WHERE kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery') GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")"
equals "db/014: each site's latest checklist is found among the old records" \
	"$(sqlite3 "$db" 'SELECT site, id FROM site_latest ORDER BY site')" \
	"$("$DW" list inspection --format json | jq -r 'map(select(.status != "draft" and .status != "void" and .fields.site != null))
		| group_by(.fields.site)[] | max_by([.fields.date, .id]) | "\(.fields.site)|\(.id)"' | sort)"
# db/015: a device found by its code through its kind's index (the
# fixture has none: roles.sh and revoke.sh look devices up); the pending
# events indexed by device.
plan=$(sqlite3 "$db" "EXPLAIN QUERY PLAN SELECT id FROM records WHERE kind = 'device' AND
	CASE WHEN json_valid(state) THEN json_extract(state, '\$.fields.code') END = 'A07' ORDER BY +date DESC, id DESC")
contains "db/015: a device is looked up by its code in an index" "$plan" "USING INDEX records_lookup_device_code"
contains "db/015: the pending events are indexed by device" \
	"$(sqlite3 "$db" "SELECT sql FROM sqlite_master WHERE name = 'events_pending'")" "(device, hlc_ms, hlc_c, id)"
# db/016: the tag triggers gone, the tags they wrote kept, and the notice
# edited above given its tag with the row.
equals "db/016: db/010's tag triggers are gone" \
	"$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name LIKE 'records_tag%'")" 0
equals "db/016: every record's tag is still its report field's value" \
	"$(sqlite3 "$db" "SELECT count(*) FROM records WHERE tag IS NOT CASE kind
		WHEN 'inspection' THEN json_extract(state, '\$.fields.type') WHEN 'notice' THEN json_extract(state, '\$.fields.kind')
		WHEN 'complaint' THEN json_extract(state, '\$.fields.satisfaction') END")" 0
equals "db/016: the edited notice has its tag" \
	"$(sqlite3 "$db" "SELECT tag IS NOT NULL AND tag = json_extract(state, '\$.fields.kind') FROM records
		WHERE number = 'HH-A07-2024-0002'")" 1

# A database from a newer program is refused, not damaged.
sqlite3 "$DUSTWATCH_HOME/dustwatch.db" 'PRAGMA user_version = 99'
before=$(sha256sum <"$DUSTWATCH_HOME/dustwatch.db")
out=$("$DW" list 2>&1)
contains "a newer schema is refused with a clear message" "$out" "newer than this program"
equals "and left as it was" "$(sha256sum <"$DUSTWATCH_HOME/dustwatch.db")" "$before"
finish
