# Complaints followed to the end: a reply deadline from the station's
# setting, overdue in lists when past it, replying needs the text and
# closing the complainant's satisfaction.
. "$TOP/tests/lib.sh"
station

new_complaint() {
	"$DW" new complaint --site "$SITE" channel=hotline consent=no category=dust content=夜间扬尘很大 "received=$1" --submit --format json | jq -r .id
}
ago20=$(date -u -d '-20 days' +%F)
C=$(new_complaint "$ago20")
equals "the deadline is 15 days after receipt by default" "$("$DW" show "$C" --format json | jq -r .fields.deadline)" \
	"$(date -u -d "$ago20 +15 days" +%F)"
equals "complaint_days shows its default" "$("$DW" config complaint_days)" 15
fails "complaint_days is a number of days" "$DW" config complaint_days soon
check "the station sets 30 days" "$DW" config complaint_days 30
C30=$(new_complaint "$ago20")
equals "a new complaint takes the setting" "$("$DW" show "$C30" --format json | jq -r .fields.deadline)" \
	"$(date -u -d "$ago20 +30 days" +%F)"

# --- overdue when past the deadline and not replied
equals "past its deadline it is overdue" "$("$DW" show "$C" --format json | jq -r .display_status)" overdue
out=$("$DW" list --status overdue --format json | jq -r '[.[].id] | join(" ")')
contains "list --status overdue lists it" "$out" "$C"
lacks "but not the one still within its deadline" "$out" "$C30"
out=$("$DW" list complaint --status overdue --format json | jq -r '.[0].id')
equals "and so does the complaints' list" "$out" "$C"
out=$("$DW" overview --lang en)
contains "the overview counts it" "$out" "Overdue complaints: 1"
contains "and names it" "$out" "$("$DW" show "$C" --format json | jq -r .number)"
# The reports go by each complaint's own deadline, not by today's setting:
# C, received under 15 days, is overdue though the station now gives 30.
overdue=$("$DW" report monthly --month "$(echo "$ago20" | cut -c1-7)" --format json | jq '.total.complaints_overdue')
equals "report monthly counts the complaint past its own deadline as overdue" "$overdue" 1

# --- received -> handling -> replied -> closed, each with what it needs
out=$("$DW" reply "$C" 2>&1)
contains "reply without the text is refused" "$out" "reply needs the reply text"
check "handling" "$DW" handle "$C"
equals "a complaint being handled past its deadline is still overdue" \
	"$("$DW" show "$C" --format json | jq -r .display_status)" overdue
check "reply with the text" "$DW" reply "$C" --text "已责令施工单位停止夜间土方作业并洒水降尘"
out=$("$DW" show "$C" --format json)
equals "replied" "$(printf '%s' "$out" | jq -r .status)" replied
equals "the reply is the record's" "$(printf '%s' "$out" | jq -r .fields.reply)" 已责令施工单位停止夜间土方作业并洒水降尘
equals "dated today" "$(printf '%s' "$out" | jq -r .fields.replied)" "$(date -u +%F)"
lacks "a replied complaint is not overdue" "$("$DW" list --status overdue --format json | jq -r '[.[].id] | join(" ")')" "$C"
out=$("$DW" close "$C" 2>&1)
contains "close without the satisfaction is refused" "$out" "close needs the complainant's satisfaction"
equals "and leaves it replied" "$("$DW" show "$C" --format json | jq -r .status)" replied
out=$("$DW" close "$C" --satisfaction pleased 2>&1)
contains "a satisfaction that is not an option is refused" "$out" "satisfaction: 'pleased' is not an option"
check "close with the satisfaction" "$DW" close "$C" --satisfaction basic
out=$("$DW" show "$C" --format json)
equals "closed" "$(printf '%s' "$out" | jq -r .status)" closed
equals "with the satisfaction" "$(printf '%s' "$out" | jq -r .fields.satisfaction)" basic

# --- the reply written in the form counts
C2=$(new_complaint "$(date -u +%F)")
check "the reply in the form" "$DW" set "$C2" reply=已处理 "replied=$(date -u +%F)"
check "then reply without --text" "$DW" reply "$C2"
fails "--text is reply's, not approve's" "$DW" approve "$C2" --text x
N=$("$DW" new notice --site "$SITE" kind=deadline builder_unit=怀化市城市建设投资有限公司 \
	contractor_unit=湖南省第六工程有限公司 delivery=posted "deadline=$(date -u -d '+7 days' +%F)" \
	'problems=[{"description":"西侧围挡缺失约20米"}]' --submit)
out=$("$DW" close "$N" --satisfaction basic 2>&1)
contains "a notice's closing takes no satisfaction" "$out" "close of a notice takes no such value"
finish
