# Notices and complaints followed up in the terminal UI, at 80x24: a notice
# issued from an inspection's page comes prefilled with the inspection's
# problems and is linked to it; a complaint past its reply deadline is
# overdue on home; replying asks for the text, closing for the
# complainant's satisfaction, and the page shows the time to the reply.
. "$TOP/tests/lib.sh"
# new --submit prints a record's number; the links hold ids.
id_of() { "$DW" show "$1" --format json | jq -r .id; }
. "$TOP/tests/tui/lib.sh"
station
slow() { for k in "$@"; do keys "$k"; sleep 0.1; done; }

ITEMS="type=quarterly cover=yes wash=yes paving=yes wet=yes transport=yes monitor=yes machinery=yes board=yes officer=yes rubbish=yes mixing=yes windstop=yes verdict=rectify"
INS=$("$DW" new inspection --site "$SITE" $ITEMS hoarding=no hoarding_note=西侧围挡缺失约20米 --submit)
INS=$(id_of "$INS")
C=$("$DW" new complaint --site "$SITE" channel=hotline consent=no category=dust content=夜间土方作业扬尘很大 \
	"received=$(date -u -d '-20 days' +%F)" --submit)
CN=$("$DW" show "$C" --format json | jq -r .number)

tui_start 80 24 --lang zh
sees "home counts the complaint past its deadline" "逾期投诉 1"
sees "and lists it as overdue work" "$CN"
keys i
sees "the inspections" "鹤城区迎丰路安置小区二期"
keys Enter
sees "the inspection's page offers to issue a notice" "下达整改通知"
keys t
sees "t starts a notice with the inspection's problem" "西侧围挡缺失约20米"
sees "addressed to the site's contractor" "湖南省第六工程有限公司"
clean_screen "the prefilled notice at 80x24" 80
out=$("$DW" list notice --status draft --format json)
equals "the draft is linked to the inspection" "$(printf '%s' "$out" | jq -r '.[0].fields.inspection')" "$INS"
keys s
sees "submitting asks for the deadline" "整改期限: 必填"
slow t + + + + + + +
keys s
sees "then for how it was served" "送达方式: 必填"
slow 2
keys s
sees "the notice is issued" "已提交 HH-A03-" 10
out=$("$DW" list notice --status issued --format json)
equals "issued from the inspection" "$(printf '%s' "$out" | jq -r '.[0].fields.inspection')" "$INS"
equals "with its problem" "$(printf '%s' "$out" | jq -r '.[0].fields.problems[0].description')" 西侧围挡缺失约20米

# The overdue complaint: its steps in the key bar, reply asks for the text.
tui_start 80 24 --lang en
sees "English home: the overdue complaint" "Overdue complaints 1"
keys c
sees "the complaints" "$CN"
keys Enter
sees "the complaint's page shows the days so far" "20 days so far, not replied"
sees "its steps are in the key bar" "Replied"
keys y
sees "reply asks for the text" "Reply:"
type_text "已责令停止夜间土方作业"
keys Enter
sees "replied" "Saved."
sees "the time from receipt to reply" "Received to reply: 20 days"
keys c
sees "close asks for the satisfaction" "Satisfaction"
type_text "basic"
keys Enter
sees "closed" "Status: closed"
equals "the complaint is closed with the satisfaction" \
	"$("$DW" show "$C" --format json | jq -r '[.status, .fields.satisfaction, .fields.reply] | join(" ")')" \
	"closed basic 已责令停止夜间土方作业"

# A record picker started from a site offers that site's records first:
# the complaint about the second site comes before a newer one elsewhere.
S2=$("$DW" new site name=中方县城南还建房 address=中方县中方镇城南路 district=zhongfang type=residential \
	stage=foundation builder_unit=中方县城市建设投资有限公司 "builder_person=陈立,13907450000" \
	contractor_unit=湖南省第六工程有限公司 "contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit)
"$DW" new complaint --site "$S2" channel=visit consent=no category=noise content=城南还建房夜间施工噪声 --submit >/dev/null
"$DW" new complaint --site "$SITE" channel=visit consent=no category=dust content=迎丰路工地道路扬尘 --submit >/dev/null
tui_start 80 24 --lang zh
sees "home" "今日工作"
keys s
wait_for "查找" 5
type_text "城南"
wait_for "中方县城南还建房" 5
keys Enter
wait_for "本工地记录" 5
keys n
sees "a checklist for the second site" "1-9 选择"
slow 3 Enter
sees "the complaint picker opens" "选择 所涉投诉"
sees "it lists the complaints" "迎丰路工地道路扬尘"
first=$(screen_text | sed -n 3p)
contains "the site's own complaint comes first, before a newer one" "$first" "城南还建房夜间施工噪声"
finish
