# The form filler, driven in tmux: a dust checklist filled and submitted
# in Chinese and in English, a submission with a required field missing
# lands on that field, and a draft survives kill -9 of the program with
# every field typed so far.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
station

# open_new_inspection: from home, find the site by typing and start one.
open_new_inspection() {
	keys s
	wait_for "查找" 5 || wait_for "Search" 5
	type_text "迎丰"
	wait_for "安置小区二期" 5
	keys Enter
	wait_for "二期" 5
	keys n
}
slow() { for k in "$@"; do keys "$k"; sleep 0.1; done; }

tui_start 80 24 --lang zh
sees "the UI starts" "今日工作"
open_new_inspection
sees "n on a site's page starts a checklist with the site filled in" "受检工地                       鹤城区迎丰路安置小区二期"
sees "the cursor waits on the first empty required field" "1-9 选择"
clean_screen "the form at 80x24: no broken double-width character" 80
slow 1 y n
sees "a non-compliant item brings up its note" "物料覆盖存在问题"
keys Enter
type_text "北侧土方约200平方米未覆盖"
keys Tab
sees "the note typed in Chinese is shown" "北侧土方约200平方米未覆盖"
keys Down                                   # past the optional photos
slow y y y y y y y y y y y
sees "a running score" "得分 85"
slow Down Down                              # past the optional note and the score
keys s
sees "a submission with the verdict missing is refused, naming it" "检查结论: 必填"
sees "and the cursor is on that field" "1-9 选择"
slow 2
sees "a verdict of rectify brings up the problems group" "存在问题及整改要求"
keys a
sees "a adds a problem to the group" "第 1 项"
keys Enter
type_text "北侧土方未覆盖"
keys Tab
slow 2
keys s
sees "a problem without its deadline: the cursor goes to it" "整改期限: 必填"
slow t + + +
keys s
sees "after filling what was asked, submit gives the number" "已提交 HH-A03-" 10
got=$("$DW" list inspection --status submitted --format json | jq -c '.[0].fields | {total, verdict, cover_note, n: (.problems | length), item: .problems[0].item}')
equals "the checklist is stored with its note, score and problem" "$got" \
	'{"total":85,"verdict":"rectify","cover_note":"北侧土方约200平方米未覆盖","n":1,"item":"cover"}'

# In English, a compliant checklist straight through.
tui_start 80 24 --lang en
sees "English UI" "Today's work"
keys s
sees "sites in English" "Search"
type_text "迎丰"
keys Enter
sees "the site page in English" "Records of this site"
keys n
sees "the checklist in English" "Site inspected"
slow 1 y y y y y y y y y y y y y
slow Down Down 1
keys s
sees "submitted in English" "HH-A03-" 10
equals "two checklists are now submitted" \
	"$("$DW" list inspection --format json | jq '[.[] | select(.status=="submitted")] | length')" 2

# kill -9 in the middle of a form: every field typed so far is there.
tui_start 80 24 --lang zh
sees "restarted" "今日工作"
open_new_inspection
sees "a new checklist" "1-9 选择"
slow 2 y y n
keys Enter
type_text "洗车台沉淀池淤积"
keys Tab
sees "the typed note is on screen" "洗车台沉淀池淤积"
slow Down y
sleep 0.5
pid=$(pgrep -P "$(pane_pid)" | head -1)
kill -9 "$pid"
wait_gone "洗车台沉淀池淤积" 5
D=$("$DW" list inspection --status draft --format json | jq -r '[.[] | select(.fields.type=="revisit")][0].id')
fields=$("$DW" show "$D" --format json | jq -c '.fields | {type, hoarding, cover, wash, wash_note, paving}')
equals "after kill -9 the draft holds every field typed before" "$fields" \
	'{"type":"revisit","hoarding":"yes","cover":"yes","wash":"no","wash_note":"洗车台沉淀池淤积","paving":"yes"}'
tui_start 80 24 --lang zh
sees "after a restart the draft is on the home screen" "草稿"
keys Enter
sees "and opens where it was" "洗车台沉淀池淤积"
finish
