# Records from the command line: drafts, submission, refusals, edits,
# lifecycles, lists, search, JSON shapes, help and version.
. "$TOP/tests/lib.sh"
station

# --- refusals name each problem and leave nothing behind
before=$(db_state)
out=$("$DW" new inspection --site "$SITE" type=quarterly hoarding=no date=2099-01-01 --submit 2>&1)
rc=$?
equals "new --submit with problems exits 1" "$rc" 1
contains "a missing required field is named" "$out" "cover: is required"
contains "a missing field that became relevant is named" "$out" "hoarding_note: is required"
contains "a date out of range is named" "$out" "date: 2099-01-01 is outside the allowed dates"
contains "the refusal says nothing was saved" "$out" "nothing was saved"
equals "a refused new --submit leaves no draft and no event" "$(db_state)" "$before"

out=$("$DW" new inspection --site "$SITE" $COMPLIANT hoarding_note=多余 --submit 2>&1)
contains "a field that does not apply is refused" "$out" "hoarding_note: does not apply unless hoarding is no"
out=$("$DW" new inspection --site "$SITE" $COMPLIANT bogus=1 --submit 2>&1)
contains "an unknown field is refused by name" "$out" "bogus: no such field in form inspection"
out=$("$DW" new inspection --site "$SITE" $COMPLIANT verdict=maybe --submit 2>&1)
contains "a value that is not an option is refused" "$out" "verdict: 'maybe' is not an option"
equals "none of these left anything" "$(db_state)" "$before"

# --- a draft, filled field by field, then submitted
D=$("$DW" new inspection --site "$SITE" type=quarterly)
contains "new without --submit prints the draft's id" "$D" "-7"
out=$("$DW" list inspection --status draft --format json | jq -r '.[0].status')
equals "the draft is listed as a draft" "$out" draft
fails "submitting an incomplete draft is refused" "$DW" submit "$D"
check "set fills the draft" "$DW" set "$D" $COMPLIANT
out=$("$DW" submit "$D")
year=$(date -u +%Y)
contains "submit gives the record its number" "$out" "HH-A03-$year-0001"
N2=$("$DW" new inspection --site "$SITE" $COMPLIANT --submit)
out=$("$DW" show "$N2" --format json | jq -r .number)
equals "numbers follow per device and year" "$out" "HH-A03-$year-0002"
out=$("$DW" show "HH-A03-$year-0001" --format json | jq -r .id)
equals "a record is found by its number" "$out" "$D"
short=$(printf '%s' "$D" | cut -c1-13)
out=$("$DW" show "$short" --format json 2>&1 | jq -r .id 2>&1)
equals "a record is found by a unique prefix of its id" "$out" "$D"

# --- list/show JSON shapes that scripts rely on
out=$("$DW" list inspection --format json)
equals "list json has id number kind status site fields" \
	"$(printf '%s' "$out" | jq -r '.[0] | [has("id"),has("number"),has("kind"),has("status"),has("site"),has("fields")] | all')" true
equals "list json site is the site's id" "$(printf '%s' "$out" | jq -r '.[0].site')" "$SITE"
equals "list json fields hold typed values" "$(printf '%s' "$out" | jq -r '.[0].fields.total')" 100
out=$("$DW" show "$D" --format json)
equals "show json carries the events" "$(printf '%s' "$out" | jq -r '.events[0].op')" create
equals "events are signed" "$(printf '%s' "$out" | jq -r '.events[0].sig | length')" 128

# --- edits of a submitted record are events; history tells who and what
check "set on a submitted record" "$DW" set "$D" wash=no wash_note=洗车槽沉淀池未清理 verdict=rectify
out=$("$DW" show "$D" --format json)
equals "the edit is folded in" "$(printf '%s' "$out" | jq -r .fields.wash)" no
equals "the score is recomputed" "$(printf '%s' "$out" | jq -r .fields.total)" 85
equals "the edit is a second event" "$(printf '%s' "$out" | jq -r '.events | length')" 2
out=$("$DW" history "$D" --lang en)
contains "history shows the update, author and device" "$out" "update   张伟 @ A03"
contains "history shows the changed field by label" "$out" "洗车槽沉淀池未清理"
fails "an edit that breaks the record is refused" "$DW" set "$D" wash_note=

# --- lifecycles
check "a supervisor returns an inspection with a comment" "$DW" return "$D" --comment "请补充照片"
equals "it is returned" "$("$DW" show "$D" --format json | jq -r .status)" returned
check "and it is resubmitted" "$DW" submit "$D"
check "and approved" "$DW" approve "$D"
fails "approving twice is refused" "$DW" approve "$D"
fails "return without a comment is refused" "$DW" return "$N2"
NOTICE=$("$DW" new notice --site "$SITE" kind=deadline builder_unit=怀化市城市建设投资有限公司 \
	contractor_unit=湖南省第六工程有限公司 delivery=posted "deadline=$(date -u -d '+7 days' +%F)" \
	'problems=[{"description":"西侧围挡缺失约20米"}]' --submit)
equals "a notice is issued" "$("$DW" show "$NOTICE" --format json | jq -r .status)" issued
out=$(DUSTWATCH_NOW=$(date -u -d '+30 days' +%F) "$DW" list notice --status overdue --format json | jq -r '.[0].display_status')
equals "past its deadline a notice lists as overdue" "$out" overdue
out=$(DUSTWATCH_NOW=$(date -u -d '+30 days' +%F) "$DW" set "$NOTICE" supervisor_unit=怀化建设监理有限公司 2>&1)
equals "a notice past its deadline can still be edited" "$?" 0
fails "a notice cannot be approved" "$DW" approve "$NOTICE"
check "a notice is rectified" "$DW" rectify "$NOTICE" --comment "现场核实围挡已补齐"
check "and closed" "$DW" close "$NOTICE"
fails "a closed notice cannot be edited" "$DW" set "$NOTICE" supervisor_unit=x
fails "void needs a reason" "$DW" void "$N2"
check "void with a reason" "$DW" void "$N2" --reason "重复录入"
equals "a voided record says so" "$("$DW" show "$N2" --format json | jq -r .status)" void
fails "discard refuses a submitted record" "$DW" discard "$D"
D2=$("$DW" new complaint channel=letter)
check "discard deletes a draft" "$DW" discard "$D2"
fails "and it is gone" "$DW" show "$D2"

# --- search, Chinese substrings of every length
out=$("$DW" list --search 迎丰 --format csv)
contains "search finds a two-character Chinese substring" "$out" "$SITE"
out=$("$DW" list --search 安置小区二期 --format csv)
contains "search finds a longer Chinese substring" "$out" "$SITE"
out=$("$DW" list --search 洗车槽 --format csv)
contains "search finds text inside field values" "$out" "$D"
out=$("$DW" list --search 不存在的工地 --format csv | wc -l)
equals "search finds nothing where there is nothing" "$out" 1
out=$("$DW" list inspection --search 迎丰 --format csv)
contains "an inspection is found by the name of the site it refers to" "$out" "$D"
out=$("$DW" list --search "$(echo "$SITE" | cut -c10-27)" --format csv | wc -l)
equals "...not by the site's id (other records' ids, file hashes, signatures: not search text)" "$out" 1
out=$("$DW" list inspection --where verdict=rectify --format json | jq -r '.[0].id')
equals "list --where filters by a field value" "$out" "$D"
out=$("$DW" list --site "$SITE" --format json | jq length)
equals "list --site gives the site's records" "$out" 3

# --- attachments: stored once, by content
printf 'photo one' >"$T_TMP/west,gate.jpg"
printf 'photo two' >"$T_TMP/b.jpg"
A=$("$DW" new inspection --site "$SITE" $COMPLIANT --submit hoarding=no hoarding_note=围挡破损 verdict=rectify \
	"hoarding_photo=@$T_TMP/west,gate.jpg,@$T_TMP/b.jpg")
out=$("$DW" show "$A" --format json | jq -r '.fields.hoarding_photo | join(" ")')
h1=$(printf 'photo one' | sha256sum | cut -d' ' -f1)
h2=$(printf 'photo two' | sha256sum | cut -d' ' -f1)
equals "attachments are referenced by SHA-256, a comma in a path kept" "$out" "$h1 $h2"
check "and stored under blobs/ by content" test -f "$DUSTWATCH_HOME/blobs/$(printf '%.2s' "$h1")/$h1"
equals "the stored copy is the file" "$(cat "$DUSTWATCH_HOME/blobs/$(printf '%.2s' "$h2")/$h2")" "photo two"
"$DW" void "$A" --reason 测试附件 >/dev/null

# --- language
out=$("$DW" show "$SITE" --lang en)
contains "show in English labels fields in English" "$out" "Residential"
out=$("$DW" show "$SITE" --lang zh)
contains "show in Chinese labels fields in Chinese" "$out" "住宅工程"

# --- export
out=$("$DW" export --format json | jq length)
equals "export json holds every submitted record" "$out" 5
out=$("$DW" export --format csv | wc -l)
equals "export csv has a header and a row per record" "$out" 6

# --- the counts kept by triggers (db/005) equal a real count, after every
# kind of change above (new, edit, steps, void, discard)
kept=$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "SELECT kind, status, n FROM record_counts WHERE n > 0 ORDER BY 1, 2")
real=$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "SELECT kind, status, count(*) FROM records GROUP BY 1, 2 ORDER BY 1, 2")
equals "counts kept by triggers equal the real counts" "$kept" "$real"

# --- help and version everywhere
check "--version" "$DW" --version
check "--help" "$DW" --help
for c in init demo new set submit approve return rectify close void discard list show history conflicts export forms overview dump; do
	check "$c --help exits 0" "$DW" "$c" --help
done
fails "an unknown command exits non-zero" "$DW" frobnicate
out=$("$DW" frobnicate 2>&1 >/dev/null)
contains "and says so on standard error" "$out" "'frobnicate' is not a command"
finish
