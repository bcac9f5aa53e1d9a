# Notices joined up: issued from an inspection with its problems, followed
# by re-inspections until rectified, escalated to a stop-work notice when
# overdue (linked both ways); rectify without a re-inspection needs a comment.
. "$TOP/tests/lib.sh"
# new --submit prints a record's number; the links hold ids.
id_of() { "$DW" show "$1" --format json | jq -r .id; }
station
printf 'photo' >"$T_TMP/hoarding.jpg"

ITEMS="type=quarterly cover=yes wash=yes paving=yes wet=yes transport=yes monitor=yes machinery=yes officer=yes rubbish=yes mixing=yes windstop=yes verdict=rectify"
INS=$("$DW" new inspection --site "$SITE" $ITEMS hoarding=no hoarding_note=西侧围挡缺失约20米 \
	"hoarding_photo=@$T_TMP/hoarding.jpg" board=no --submit)
INS=$(id_of "$INS")
in7=$(date -u -d '+7 days' +%F)

# --- a notice issued from an inspection carries its problems
out=$("$DW" new notice --from "$INS" --format json)
equals "the draft refers to the inspection" "$(printf '%s' "$out" | jq -r .fields.inspection)" "$INS"
equals "it is about the inspection's site" "$(printf '%s' "$out" | jq -r .fields.site)" "$SITE"
equals "the site's contractor is addressed" "$(printf '%s' "$out" | jq -r .fields.contractor_unit)" 湖南省第六工程有限公司
equals "with its project manager" "$(printf '%s' "$out" | jq -r .fields.contractor_person.name)" 王强
equals "one problem per non-compliant item" "$(printf '%s' "$out" | jq -r '.fields.problems | length')" 2
equals "the item's note is the problem" "$(printf '%s' "$out" | jq -r '.fields.problems[0].description')" 西侧围挡缺失约20米
equals "with the item's photo" "$(printf '%s' "$out" | jq -r '.fields.problems[0].photo | length')" 1
contains "an item without a note is named by its label" "$(printf '%s' "$out" | jq -r '.fields.problems[1].description')" 扬尘防治公示牌
check "the draft is discarded" "$DW" discard "$(printf '%s' "$out" | jq -r .id)"
N=$("$DW" new notice --from "$INS" delivery=posted "deadline=$in7" --submit)
N=$(id_of "$N")
equals "issued from the inspection" "$("$DW" show "$N" --format json | jq -r '[.status, (.fields.problems|length)] | join(" ")')" "issued 2"
out=$("$DW" new notice --from "$SITE" 2>&1)
contains "a notice is not started from a site" "$out" "a notice is not started from a site"

# --- rectify without a re-inspection needs the evidence seen
out=$("$DW" rectify "$N" 2>&1)
contains "rectify without a re-inspection or comment is refused" "$out" "rectify needs a re-inspection"
equals "and the notice stays issued" "$("$DW" show "$N" --format json | jq -r .status)" issued

# --- re-inspection: one problem left open keeps the notice issued
out=$("$DW" new reinspection --from "$N" --format json)
equals "a re-inspection lists the notice's problems" "$(printf '%s' "$out" | jq -r '[.fields.problems[].description] | join(",")')" \
	"西侧围挡缺失约20米,扬尘防治公示牌：不符合要求"
equals "and refers to the notice" "$(printf '%s' "$out" | jq -r .fields.notice)" "$N"
D=$(printf '%s' "$out" | jq -r .id)
check "a verdict per problem, one not rectified" "$DW" set "$D" \
	'problems=[{"description":"西侧围挡缺失约20米","verdict":"rectified","note":"已补齐围挡"},{"description":"扬尘防治公示牌：不符合要求","verdict":"unrectified","note":"公示牌仍未设置"}]'
check "the re-inspection is submitted" "$DW" submit "$D"
out=$("$DW" show "$N" --format json)
equals "one problem open: the notice stays issued" "$(printf '%s' "$out" | jq -r .status)" issued
equals "the notice records the result" "$(printf '%s' "$out" | jq -r .fields.result)" unrectified
contains "and shows which problem remains" "$(printf '%s' "$out" | jq -r .fields.reinspect_note)" "1. 扬尘防治公示牌：不符合要求"
lacks "not the one rectified" "$(printf '%s' "$out" | jq -r .fields.reinspect_note)" 西侧围挡
out=$("$DW" new reinspection --from "$N" --format json)
equals "the next re-inspection lists only what remains" "$(printf '%s' "$out" | jq -r '[.fields.problems[].description] | join(",")')" \
	"扬尘防治公示牌：不符合要求"
check "the draft is discarded" "$DW" discard "$(printf '%s' "$out" | jq -r .id)"
check "a second re-inspection finds it rectified" "$DW" new reinspection --from "$N" \
	'problems=[{"description":"扬尘防治公示牌：不符合要求","verdict":"rectified"}]' --submit
out=$("$DW" show "$N" --format json)
equals "the notice is rectified" "$(printf '%s' "$out" | jq -r .status)" rectified
equals "by a rectify event" "$(printf '%s' "$out" | jq -r '.events[-1].op')" rectify
out=$("$DW" new reinspection --from "$N" 'problems=[{"description":"x问题","verdict":"rectified"}]' --submit 2>&1)
contains "a rectified notice is not re-inspected" "$out" "only an issued notice is re-inspected"

# --- rectify with a comment
N2=$("$DW" new notice --from "$INS" delivery=posted "deadline=$in7" --submit)
N2=$(id_of "$N2")
check "rectify with the evidence seen" "$DW" rectify "$N2" --comment "施工单位提交整改照片，现场核实"
equals "rectifies" "$("$DW" show "$N2" --format json | jq -r .status)" rectified

# --- an overdue notice escalated to a stop-work notice, linked both ways
N3=$("$DW" new notice --from "$INS" delivery=posted "deadline=$in7" --submit)
N3=$(id_of "$N3")
out=$("$DW" new notice --from "$N3" delivery=posted "deadline=$in7" --submit 2>&1)
contains "a notice not overdue is not escalated" "$out" "only an overdue notice is escalated"
later=$(date -u -d '+10 days' +%F)
S=$(DUSTWATCH_NOW=$later "$DW" new notice --from "$N3" delivery=posted "deadline=$(date -u -d '+15 days' +%F)" --submit)
S=$(id_of "$S")
out=$("$DW" show "$S" --format json)
equals "the escalation is a stop-work notice" "$(printf '%s' "$out" | jq -r .fields.kind)" stopwork
equals "it refers to the overdue notice" "$(printf '%s' "$out" | jq -r .fields.escalates)" "$N3"
equals "with its problems" "$(printf '%s' "$out" | jq -r '.fields.problems | length')" 2
equals "the overdue notice refers to it" "$("$DW" show "$N3" --format json | jq -r .fields.escalated_to)" "$S"
out=$(DUSTWATCH_NOW=$later "$DW" show "$N3" --lang en)
contains "show names the escalation" "$out" "Escalated to"
out=$(DUSTWATCH_NOW=$later "$DW" new notice --from "$N3" delivery=posted "deadline=$(date -u -d '+15 days' +%F)" --submit 2>&1)
contains "a notice is escalated once" "$out" "escalated already"
finish
