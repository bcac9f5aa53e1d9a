# Station reports (issue 11): a year of records made on two inspectors'
# laptops (A01, A02) and acted on by a supervisor (SUP), synced through git
# daemon on 127.0.0.1. Every number of `report monthly` and `report
# indicators` on the supervisor's machine is checked against a count made
# here, with jq, from `export --format json`: not from the report code.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A01 A02 SUP
# The supervisor voids and reviews: a supervisor's device (issue 10's roles).
as ADM enroll SUP --role supervisor >/dev/null
as ADM sync >/dev/null
as SUP sync >/dev/null
YEAR=2025
TODAY=$YEAR-12-31
# at DEV DATE CMD...: runs dustwatch on DEV as if it were that day.
at() { d=$1 day=$2; shift 2; DUSTWATCH_NOW="${day}T02:00:00Z" as "$d" "$@"; }

SITE_ARGS="district=hecheng type=residential stage=foundation builder_unit=怀化市城市建设投资有限公司 \
builder_person=李明,13907451234 contractor_unit=湖南省第六工程有限公司 contractor_person=王强,13807452222 \
dust_officer=赵六,13607453333"
# shellcheck disable=SC2086
S1=$(at A01 $YEAR-01-02 new site name=鹤城区迎丰路安置小区 address=迎丰西路18号 $SITE_ARGS --submit)
# shellcheck disable=SC2086
S2=$(at A02 $YEAR-01-02 new site name=中方县职教城安置小区 address=职教城路1号 $SITE_ARGS --submit)
check "two sites" test -n "$S1" -a -n "$S2"

TYPES="quarterly revisit complaint joint"
SATS="satisfied basic dissatisfied unreached satisfied"
ALL_YES="hoarding=yes cover=yes wash=yes paving=yes wet=yes transport=yes monitor=yes machinery=yes board=yes officer=yes rubbish=yes mixing=yes windstop=yes"
bad=0
# year DEV SITE OFFSET: a year of records on DEV about SITE; OFFSET varies
# the mix between the two devices.
year() {
	dev=$1 site=$2 k=$3
	for mm in 01 02 03 04 05 06 07 08 09 10 11 12; do
		i=$((${mm#0} + k))
		t=$(echo $TYPES | cut -d' ' -f$((i % 4 + 1)))
		# two inspections, one with a problem (a lower score)
		# shellcheck disable=SC2086
		at $dev $YEAR-$mm-03 new inspection --site $site type=$t $ALL_YES verdict=pass --submit || return 1
		# shellcheck disable=SC2086
		at $dev $YEAR-$mm-04 new inspection --site $site type=quarterly $ALL_YES hoarding=no \
			hoarding_note=围挡破损 verdict=rectify --submit || return 1
		# a notice each month, stop-work every third; deadline the 20th
		kind=deadline
		[ $((i % 3)) -eq 0 ] && kind=stopwork
		at $dev $YEAR-$mm-05 new notice --site $site kind=$kind builder_unit=甲单位 contractor_unit=乙单位 \
			delivery=posted deadline=$YEAR-$mm-20 'problems=[{"description":"西侧围挡缺失约20米"}]' --submit || return 1
		# complaints: one answered and rated, one left open
		sat=$(echo $SATS | cut -d' ' -f$((i % 5 + 1)))
		at $dev $YEAR-$mm-08 new complaint --site $site channel=hotline consent=no category=dust content=扬尘很大 \
			reply=已处理 replied=$YEAR-$mm-08 satisfaction=$sat --submit || return 1
		at $dev $YEAR-$mm-10 new complaint --site $site channel=letter consent=no category=noise content=夜间施工 \
			--submit || return 1
		if [ $((i % 2)) -eq 0 ]; then
			at $dev $YEAR-$mm-12 new survey --site $site respondent=resident method=onsite q_dust=satisfied \
				q_roads=basic q_noise=satisfied q_complaints=unknown q_station=satisfied overall=satisfied --submit || return 1
		fi
		at $dev $YEAR-$mm-15 new machinery --site $site joint=yes net=yes --submit || return 1
		if [ $((i % 4)) -eq 1 ]; then
			at $dev $YEAR-$mm-16 new agreement --site $site builder_unit=甲单位 contractor_unit=乙单位 \
				commitments=hoarding,cover "responsible=李明,13907451234" valid_from=$YEAR-$mm-16 \
				valid_until=$((YEAR + 1))-$mm-15 builder_sign=李明 contractor_sign=王强 station_sign=张伟 --submit || return 1
		fi
	done
}
year A01 "$S1" 0 >"$T_TMP/year-A01.log" 2>&1 || bad=1
year A02 "$S2" 1 >"$T_TMP/year-A02.log" 2>&1 || bad=1
equals "a year of records on each inspector's laptop" "$bad" 0
[ $bad -eq 0 ] || cat "$T_TMP"/year-*.log

check "A01 syncs" as A01 sync
check "A02 syncs" as A02 sync
check "the supervisor syncs" as SUP sync

# The supervisor's year-end work: answers, rectifications, a void, a draft.
ids() { at SUP $TODAY list "$1" --status "$2" --format json | jq -r '.[].id'; }
n=0
for c in $(ids complaint received); do
	n=$((n + 1))
	case $((n % 4)) in
	0) at SUP $TODAY reply "$c" >/dev/null ;;
	1) at SUP $TODAY handle "$c" >/dev/null ;;
	esac
done
n=0
for c in $(ids complaint replied); do
	n=$((n + 1))
	[ $((n % 2)) -eq 0 ] && at SUP $TODAY close "$c" >/dev/null
done
n=0
for x in $(ids notice issued); do
	n=$((n + 1))
	case $((n % 5)) in
	0 | 1) at SUP $TODAY rectify "$x" --comment 复查合格 >/dev/null ;;
	2) at SUP $TODAY close "$x" --comment 结案 >/dev/null ;;
	3) [ $n -lt 10 ] && at SUP $TODAY void "$x" --reason 录错 >/dev/null ;;
	esac
done
n=0
for x in $(ids inspection submitted); do
	n=$((n + 1))
	case $((n % 7)) in
	0) at SUP $TODAY approve "$x" >/dev/null ;;
	1) at SUP $TODAY return "$x" --comment 照片不清 >/dev/null ;;
	2) [ $n -lt 10 ] && at SUP $TODAY void "$x" --reason 重复录入 >/dev/null ;;
	esac
done
# A notice due after the report's day: issued, not overdue.
at SUP $YEAR-12-20 new notice --site "$S1" kind=deadline builder_unit=甲单位 contractor_unit=乙单位 \
	delivery=posted deadline=$((YEAR + 1))-01-10 'problems=[{"description":"裸土未覆盖"}]' --submit >/dev/null
# A draft is never counted; nor is a record of another year.
at SUP $YEAR-12-21 new inspection --site "$S1" type=joint >/dev/null
at SUP $((YEAR - 1))-12-30 new inspection --site "$S1" type=joint $ALL_YES verdict=pass --submit >/dev/null
equals "the supervisor has voided records to leave out" \
	"$(at SUP $TODAY export | jq '[.[] | select(.status == "void")] | length >= 2')" true

at SUP $TODAY export --format json >"$T_TMP/all.json"
at SUP $TODAY report monthly --year $YEAR --format json >"$T_TMP/monthly.json"
check "report monthly --format json" jq -e '.months | length == 12' "$T_TMP/monthly.json"
CUTOFF=$(date -u -d "$TODAY -15 days" +%F)

# The independent count: per month, from the exported records.
jq --arg today "$TODAY" --arg cutoff "$CUTOFF" --arg year "$YEAR" '
  map(select(.status != "void")) as $all
  | def of($kind; $f; $m): [$all[] | select(.kind == $kind and ((.fields[$f] // "")[0:7]) == $m)];
    def rate($a; $b): if $b == 0 then null else ($a / $b * 10000 | round) end;
    [range(1; 13) | ($year + "-" + (if . < 10 then "0" else "" end) + tostring)]
  | map(. as $m | {
      month: $m,
      inspections: (of("inspection"; "date"; $m) | length),
      quarterly: (of("inspection"; "date"; $m) | map(select(.fields.type == "quarterly")) | length),
      revisit: (of("inspection"; "date"; $m) | map(select(.fields.type == "revisit")) | length),
      complaint: (of("inspection"; "date"; $m) | map(select(.fields.type == "complaint")) | length),
      joint: (of("inspection"; "date"; $m) | map(select(.fields.type == "joint")) | length),
      notices_issued: (of("notice"; "issued"; $m) | length),
      notices_rectified: (of("notice"; "issued"; $m) | map(select(.status == "rectified" or .status == "closed")) | length),
      notices_overdue: (of("notice"; "issued"; $m) | map(select(.status == "issued" and .fields.deadline < $today)) | length),
      stopwork_notices: (of("notice"; "issued"; $m) | map(select(.fields.kind == "stopwork")) | length),
      complaints_received: (of("complaint"; "received"; $m) | length),
      complaints_resolved: (of("complaint"; "received"; $m) | map(select(.status == "replied" or .status == "closed")) | length),
      complaints_overdue: (of("complaint"; "received"; $m) | map(select((.status == "received" or .status == "handling") and (if .fields.deadline then .fields.deadline < $today else .fields.received < $cutoff end))) | length),
      complaints_rated: (of("complaint"; "received"; $m) | map(select(.fields.satisfaction == "satisfied" or .fields.satisfaction == "basic" or .fields.satisfaction == "dissatisfied")) | length),
      complaints_satisfied: (of("complaint"; "received"; $m) | map(select(.fields.satisfaction == "satisfied" or .fields.satisfaction == "basic")) | length),
      agreements_signed: (of("agreement"; "signed"; $m) | length),
      surveys: (of("survey"; "date"; $m) | length),
      machinery_checks: (of("machinery"; "date"; $m) | length)
    } | .satisfaction_rate = rate(.complaints_satisfied; .complaints_rated))
' "$T_TMP/all.json" >"$T_TMP/expect.json"

# The report's months in the same shape.
jq '.months | map({month, inspections, quarterly: .inspections_by_type.quarterly,
    revisit: .inspections_by_type.revisit, complaint: .inspections_by_type.complaint,
    joint: .inspections_by_type.joint, notices_issued, notices_rectified, notices_overdue,
    stopwork_notices, complaints_received, complaints_resolved, complaints_overdue, complaints_rated,
    complaints_satisfied, agreements_signed, surveys, machinery_checks,
    satisfaction_rate: (if .satisfaction_rate == null then null else (.satisfaction_rate * 10000 | round) end)})' \
	"$T_TMP/monthly.json" >"$T_TMP/got.json"

for key in inspections quarterly revisit complaint joint notices_issued notices_rectified notices_overdue \
	stopwork_notices complaints_received complaints_resolved complaints_overdue complaints_rated \
	complaints_satisfied satisfaction_rate agreements_signed surveys machinery_checks; do
	want=$(jq -c "map(.$key)" "$T_TMP/expect.json")
	got=$(jq -c "map(.$key)" "$T_TMP/got.json")
	equals "monthly $key, each month: $want" "$got" "$want"
done
# The counts are not all zero or all alike: the test would prove nothing.
equals "the year has overdue notices, open complaints and stop-work notices to count" \
	"$(jq '[(map(.notices_overdue) | add) > 0, (map(.complaints_overdue) | add) > 0, (map(.stopwork_notices) | add) > 0, (map(.notices_rectified) | add) > 0] | all' "$T_TMP/expect.json")" true

# The totals, and the indicators, are the sums of the months.
for key in inspections notices_issued notices_rectified notices_overdue stopwork_notices complaints_received \
	complaints_resolved complaints_overdue agreements_signed surveys machinery_checks; do
	want=$(jq "map(.$key) | add" "$T_TMP/expect.json")
	equals "monthly total $key = $want" "$(jq ".total.$key" "$T_TMP/monthly.json")" "$want"
done

at SUP $TODAY report indicators --year $YEAR --format json >"$T_TMP/ind.json"
check "report indicators --format json" jq -e '.rows | length > 0' "$T_TMP/ind.json"
equals "indicators: the year" "$(jq .year "$T_TMP/ind.json")" $YEAR
for key in inspections notices_issued notices_rectified agreements_signed complaints_received complaints_resolved; do
	want=$(jq "map(.$key) | add" "$T_TMP/expect.json")
	equals "indicators $key = $want" "$(jq ".$key" "$T_TMP/ind.json")" "$want"
done
want=$(jq '(map(.complaints_satisfied) | add) / (map(.complaints_rated) | add) * 10000 | round' "$T_TMP/expect.json")
equals "indicators satisfaction_rate (x 10^4) = $want" "$(jq '.satisfaction_rate * 10000 | round' "$T_TMP/ind.json")" "$want"
equals "satisfaction_rate is a fraction from 0 to 1" "$(jq '.satisfaction_rate >= 0 and .satisfaction_rate <= 1' "$T_TMP/ind.json")" true

# Each measured row: achieved and score by the seed's rule.
rows=$(jq -c --slurpfile e "$T_TMP/expect.json" '
  ($e[0]) as $m
  | {inspections: ($m | map(.inspections) | add), notices_issued: ($m | map(.notices_issued) | add),
     agreements_signed: ($m | map(.agreements_signed) | add),
     notices_rectified_rate: (($m | map(.notices_rectified) | add) / ($m | map(.notices_issued) | add)),
     complaints_resolved_rate: (($m | map(.complaints_resolved) | add) / ($m | map(.complaints_received) | add)),
     satisfaction_rate: (($m | map(.complaints_satisfied) | add) / ($m | map(.complaints_rated) | add))} as $v
  | [.rows[] | select(.measure != null)
     | ((.target | ltrimstr("≥") | if endswith("%") then (rtrimstr("%") | tonumber / 100) else tonumber end)) as $t
     | {l: .level3, ok: ((.score * 100 | round) == ((.points * ([1, $v[.measure] / $t] | min)) * 100 | round))}]
  | map(select(.ok | not) | .l)' "$T_TMP/ind.json")
equals "each measured indicator scores points x min(1, achieved / target)" "$rows" "[]"
equals "a stated indicator scores its points" \
	"$(jq '[.rows[] | select(.measure == null) | .score == .points] | all' "$T_TMP/ind.json")" true
equals "the total is the sum of the scores" \
	"$(jq '((.rows | map(.score) | add) * 100 | round) == (.total_score * 100 | round)' "$T_TMP/ind.json")" true
equals "the shipped table keeps the seed's points: 50, 30 and 10" \
	"$(jq -c '[.rows | group_by(.level1)[] | {(.[0].level1): (map(.points) | add)}] | add' "$T_TMP/ind.json")" \
	'{"产出指标":50,"效益指标":30,"满意度指标":10}'

# A station's own targets file.
n_insp=$(jq '.inspections' "$T_TMP/ind.json")
cat >"$T_TMP/my.targets" <<T
# our targets
indicator 产出指标 | 数量指标 | 检查表（份）
	target $((n_insp * 2))
	points 10
	measure inspections
indicator 满意度指标 | 服务对象满意度指标 | 受益群众满意度
	target 95%
	points 10
	actual 96%
T
at SUP $TODAY report indicators --year $YEAR --targets "$T_TMP/my.targets" --format json >"$T_TMP/my.json"
equals "--targets: half the target scores half the points" "$(jq -c '[.rows[].score]' "$T_TMP/my.json")" "[5,10]"
printf 'indicator a | b | c\n\ttarget 3\n\tpoints 2\n\tmeasure nonsense\n' >"$T_TMP/bad.targets"
out=$(at SUP $TODAY report indicators --year $YEAR --targets "$T_TMP/bad.targets" 2>&1)
contains "a targets file's mistake is named by line" "$out" "bad.targets:4: no measure 'nonsense'"

# Text for a person: Chinese headers, aligned by display width.
out=$(at SUP $TODAY report monthly --year $YEAR --lang zh)
contains "monthly text in Chinese" "$out" "下发整改通知"
widths=$(printf '%s\n' "$out" | python3 -c 'import sys,unicodedata
w=lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(len({w(l.rstrip("\n")) for l in sys.stdin if l.strip()}))')
equals "every line of the monthly table is as wide as the others" "$widths" 1
out=$(at SUP $TODAY report indicators --year $YEAR --lang zh)
contains "indicators text: the seed's first-level heading" "$out" "产出指标（50分）"
contains "...and the columns" "$out" "年度指标值"
out=$(at SUP $TODAY report monthly --month $YEAR-03 --format csv --lang zh)
equals "monthly csv for one month: a BOM, the header and the month (its own total)" \
	"$(printf '%s' "$out" | head -c 3 | od -An -tx1 | tr -d ' ')|$(printf '%s\n' "$out" | wc -l)" "efbbbf|2"
fails "--month and --year together are refused" at SUP $TODAY report monthly --month $YEAR-03 --year $YEAR
fails "indicators without --year is refused" at SUP $TODAY report indicators
fails "xlsx without -o is refused" at SUP $TODAY report monthly --format xlsx

# The red and black list and the ledger agree with the records.
at SUP $TODAY export ledger --format json -o "$T_TMP/ledger.json"
equals "the ledger has a row per active site" "$(jq length "$T_TMP/ledger.json")" 2
want=$(jq --arg s "$S1" --arg today "$TODAY" '[.[] | select(.kind == "notice" and .site == $s and .status == "issued")] | [length, (map(select(.fields.deadline < $today)) | length)]' -c "$T_TMP/all.json")
equals "ledger: open and overdue notices of a site" \
	"$(jq -c --arg s "$S1" '.[] | select(.site == $s) | [.open_notices, .overdue_notices]' "$T_TMP/ledger.json")" "$want"
want=$(jq -r --arg s "$S1" '[.[] | select(.kind == "inspection" and .site == $s and .status != "void" and .fields.date <= "2025-12-31")] | max_by(.fields.date + .id) | .fields.total' "$T_TMP/all.json")
equals "ledger: the latest checklist's score" \
	"$(jq -r --arg s "$S1" '.[] | select(.site == $s) | .inspection_score' "$T_TMP/ledger.json")" "$want"
equals "a site with an overdue notice is not on the red list" \
	"$(jq '[.[] | select(.overdue_notices > 0 or .stopwork_notices > 0) | .list == "red"] | any' "$T_TMP/ledger.json")" false
# The thresholds are the station's settings: set on the admin's device,
# synced to the supervisor's (tests/cmd/station_settings.sh).
check "config red_list_score" as ADM config red_list_score 50
fails "config refuses a score that is not a number" as ADM config black_list_score abc
as ADM sync >/dev/null && as SUP sync >/dev/null
out=$(at SUP $TODAY report redlist --format json)
equals "redlist: ranked by score" "$(printf '%s' "$out" | jq '[.[].inspection_score] == ([.[].inspection_score] | sort | reverse)')" true
equals "redlist: red at or above the setting, unless a notice is overdue or a stop-work notice open" \
	"$(printf '%s' "$out" | jq -c 'map(.list == (if .inspection_score >= 50 and .overdue_notices == 0 and .stopwork_notices == 0 then "red" elif .inspection_score < 60 then "black" else "" end)) | all')" true

# The shipped targets, printed to copy, are the default.
as SUP report targets >"$T_TMP/shipped.targets"
at SUP $TODAY report indicators --year $YEAR --targets "$T_TMP/shipped.targets" --format json >"$T_TMP/shipped.json"
equals "report targets prints the table the default uses" \
	"$(jq -c .rows "$T_TMP/shipped.json")" "$(jq -c .rows "$T_TMP/ind.json")"

# The ledger's editions: each export on a supervisor's device is recorded,
# counted by the indicators of its year, and synced; an inspector's device
# exports without recording.
ed0=$(at SUP $TODAY report indicators --year $YEAR --format json | jq .ledger_editions)
at SUP $TODAY export ledger --format csv -o "$T_TMP/l1.csv" >/dev/null 2>&1
out=$(at SUP $TODAY export ledger --format xlsx -o "$T_TMP/l2.xlsx" 2>&1)
contains "an export on the supervisor's device is recorded as an edition" "$out" "recorded as the ledger's edition $((ed0 + 2)) of $YEAR"
out=$(at A01 $TODAY export ledger --format csv -o "$T_TMP/l3.csv" 2>&1)
lacks "an inspector's export records nothing" "$out" "recorded"
equals "report indicators counts the year's editions" \
	"$(at SUP $TODAY report indicators --year $YEAR --format json | jq .ledger_editions)" $((ed0 + 2))
printf 'indicator 产出指标 | 数量指标 | 更新扬尘动态监管台账（次）\n\ttarget 48\n\tpoints 4\n\tmeasure ledger_editions\n' >"$T_TMP/ed.targets"
equals "a targets file can score the editions (of 48, 4 points)" \
	"$(at SUP $TODAY report indicators --year $YEAR --targets "$T_TMP/ed.targets" --format json | jq '.rows[0].score * 1000 | round')" \
	"$(awk -v n=$((ed0 + 2)) 'BEGIN { printf "%d", n / 48 * 4 * 1000 + 0.5 }')"
as SUP sync >/dev/null 2>&1
as ADM sync >/dev/null 2>&1
equals "the editions reach the station's machine by sync" \
	"$(at ADM $TODAY report indicators --year $YEAR --format json | jq .ledger_editions)" $((ed0 + 2))
finish
