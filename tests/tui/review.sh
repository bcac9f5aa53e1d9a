# The review loop across devices (issue 10), in tmux over a real git daemon
# on 127.0.0.1: an inspector (A02) submits an inspection and syncs; the
# supervisor's (SUP) queue lists it; the supervisor returns it with a
# comment in Chinese and syncs; the inspector syncs and sees the comment on
# home and on the record, fixes it and resubmits it (e, then submit); the
# supervisor approves it; then three records are approved at once. The
# queue is shown at 80x24 in Chinese and in English.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"
# tui/lib.sh's trap kills the tmux servers; sync_lib.sh's stops the daemon.
trap 'stop_daemon; for i in $(seq 0 $TMUX_N); do tmux -L "dwtest-$$-$i" kill-server 2>/dev/null; done; rm -rf "$T_TMP"' EXIT

station_with A02
as SUP init --station HH --device SUP --inspector 张科长 --remote "$URL" >/dev/null
as ADM enroll SUP "$(as SUP key)" --role supervisor >/dev/null
as ADM sync >/dev/null
as SUP sync >/dev/null
as A02 sync >/dev/null
site=$(new_site A02 迎丰西路安置房)
R=$(as A02 new inspection --site "$site" $COMPLIANT --submit)
NUM=$(as A02 show "$R" --format json | jq -r .number)

# The inspector syncs from the TUI.
export DUSTWATCH_HOME="$T_TMP/dev-A02"
tui_start 80 24 --lang zh
sees "the inspector's home" "今日工作"
sees "an inspector's home counts what was returned to them" "退回给我 0"
keys y
sees "the inspector's sync sends the inspection" "已同步：发送"

# The supervisor's queue lists it, oldest first.
export DUSTWATCH_HOME="$T_TMP/dev-SUP"
tui_start 80 24 --lang zh
sees "the supervisor's home" "今日工作"
keys y
sees "the supervisor's sync receives it" "已同步"
sees "a supervisor's home counts the queue" "待审核 1"
keys r
sees "r opens the review queue" "审核队列 · 1 条待审核 · 最早在前"
sees "which lists the inspection" "$NUM"
clean_screen "the queue fits 80 columns in Chinese" 80
keys r
sees "return asks for a comment" "退回意见（必填）"
sleep 0.1
keys Enter
sees "a return without a comment is refused" "退回需要填写意见"
wait_gone "退回意见（必填）"
keys r
wait_for "退回意见（必填）"
sleep 0.1
type_text "西侧围挡照片不清楚，请补拍"
keys Enter
sees "returned with a comment in Chinese" "已退回 1 条"
sees "and it leaves the queue" "没有待审核的记录"
keys Escape
keys y
sees "the supervisor syncs the return" "已同步：发送 1"

# The inspector sees the comment on home and on the record.
export DUSTWATCH_HOME="$T_TMP/dev-A02"
tui_start 80 24 --lang zh
keys y
sees "the inspector syncs" "已同步"
sees "home lists it as returned to me" "退回给我 1"
sees "with the comment" "西侧围挡照片不清楚，请补拍"
keys Enter
sees "the record page shows the review" "审核: 退回： 张科长 (SUP)"
sees "with the comment there too" "请补拍"
sees "and where it stands" "位置: 已到监督站"
keys e
sees "e edits the returned record" "提交"
keys s
sees "submit resubmits it" "已提交"
keys Escape
wait_for "今日工作"
keys y
sees "the resubmission is synced" "已同步：发送 1"
equals "it is submitted again" "$(as A02 show "$R" --format json | jq -r .status)" submitted

# The supervisor approves it; then three at once.
for i in 1 2 3; do as A02 new inspection --site "$site" $COMPLIANT --submit >/dev/null; done
as A02 sync >/dev/null
export DUSTWATCH_HOME="$T_TMP/dev-SUP"
tui_start 80 24 --lang zh
keys y
sees "the supervisor syncs again" "已同步"
sees "four records wait" "待审核 4"
keys r
sees "the resubmitted record is back in the queue" "$NUM"
keys a
sees "approve asks for an optional comment" "审核意见（可空）"
sleep 0.1
keys Enter
sees "approved" "已审核通过 1 条"
sees "three are left" "审核队列 · 3 条待审核"
keys Space Space Space
sees "space selects them" "已选 3"
keys a
sees "approve names the selection" "审核通过所选记录"
sleep 0.1
type_text "资料齐全"
keys Enter
sees "three approved at once" "已审核通过 3 条"
sees "and the queue is empty" "没有待审核的记录"
keys N
sees "N turns it to the newest first" "最新在前"
keys Escape
keys y
sees "the approvals are synced" "已同步：发送 4"
equals "the station has the four approved" \
	"$(as ADM sync >/dev/null; as ADM list inspection --status approved --format csv | tail -n +2 | wc -l)" 4
equals "the approval after the return keeps no old comment" "$(as ADM show "$R" --format json | jq -r '.note // "none"')" none

# The queue in English at 80x24, with a record waiting.
as A02 new inspection --site "$site" $COMPLIANT --submit >/dev/null
as A02 sync >/dev/null
as SUP sync >/dev/null
tui_start 80 24 --lang en
sees "English home counts the queue" "To review 1"
keys r
sees "the queue in English" "Review queue · 1 to review · oldest first"
sees "its filters" "Kind:all"
clean_screen "the queue fits 80 columns in English" 80
keys Tab
sees "Tab filters by kind" "Kind:inspection"
keys a
sees "approve in English" "Comment (may be empty)"
keys Escape
finish
