# A damaged database is never made worse by a command (issue 17): rows
# whose state is missing its id, has the wrong types, or is not JSON are
# reported by their ids and skipped, the rest is listed, shown and
# exported, and no row changes.
. "$TOP/tests/lib.sh"
"$DW" demo "$DUSTWATCH_HOME" --no-central >/dev/null 2>&1 || { not_ok "demo"; finish; exit 1; }
DB="$DUSTWATCH_HOME/dustwatch.db"
q() { sqlite3 "$DB" "$1"; }
sites=$(q "SELECT count(*) FROM records WHERE kind = 'site' AND status != 'draft'")
set -- $(q "SELECT id FROM records WHERE kind = 'site' AND status != 'draft' ORDER BY id LIMIT 4")
NOID=$1 BADTYPE=$2 NOTJSON=$3 ODDFIELD=$4
q "UPDATE records SET state = '{\"kind\":\"site\"}' WHERE id = '$NOID'"
q "UPDATE records SET state = json_set(state, '\$.status', 5, '\$.fields', json('[1,2]')) WHERE id = '$BADTYPE'"
q "UPDATE records SET state = 'not json {' WHERE id = '$NOTJSON'"
# Valid in shape, but a field holds a number where text belongs.
q "UPDATE records SET state = json_set(state, '\$.fields.name', 12, '\$.fields.builder_person', 'x') WHERE id = '$ODDFIELD'"
before=$(db_state)

out=$("$DW" list site 2>"$T_TMP/err")
rc=$?
err=$(cat "$T_TMP/err")
equals "list says the listing is incomplete" "$rc" 1
equals "...shows every readable site" "$(printf '%s\n' "$out" | grep -c .)" $((sites - 3))
contains "...reports the row without an id by its id" "$err" "record $NOID in the database cannot be read: its state has no id (skipped)"
contains "...the row with the wrong types" "$err" "record $BADTYPE in the database cannot be read: its state has no kind or status"
contains "...and the row that is not JSON" "$err" "record $NOTJSON in the database cannot be read:"
lacks "...and the odd field's row is listed" "$err" "$ODDFIELD"

out=$("$DW" list site --format json 2>/dev/null)
equals "list --format json holds the rest" "$(printf '%s' "$out" | jq length)" $((sites - 3))
out=$("$DW" export site --format json 2>"$T_TMP/err")
equals "export reports them too" "$(grep -c 'cannot be read' "$T_TMP/err")" 3
equals "...and exports the rest" "$(printf '%s' "$out" | jq length)" $((sites - 3))
out=$("$DW" export site --format csv 2>/dev/null)
equals "export --format csv the same" "$(printf '%s\n' "$out" | grep -c '^[0-9a-f]\{8\}-')" $((sites - 3))

for id in "$NOID" "$BADTYPE" "$NOTJSON"; do
	out=$("$DW" show "$id" 2>&1)
	rc=$?
	contains "show of a damaged row says what is wrong ($id)" "$out" "record $id in the database cannot be read"
	check "...and fails cleanly" test "$rc" -eq 1
done
check "show of the row with an odd field works" "$DW" show "$ODDFIELD"
check "...in json too" "$DW" show "$ODDFIELD" --format json
check "list of every kind still works" sh -c "'$DW' list >/dev/null 2>&1; test \$? -le 1"
check "overview still works" "$DW" overview
equals "no command changed a row" "$(db_state)" "$before"
# Registering a site looks the sites up by name (a twin is refused): the
# row that is not JSON must not stop it (db/015's index skips it).
check "a new site can still be registered beside them" "$DW" new site name=损坏行旁的新工地 address=怀化市鹤城区 \
	district=hecheng type=residential stage=foundation builder_unit=怀化市城市建设投资有限公司 \
	"builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 "contractor_person=王强,13807452222" \
	"dust_officer=赵六,13607453333" --submit
finish
