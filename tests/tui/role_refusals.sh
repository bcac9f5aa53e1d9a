# An inspector's device asked to take a supervisor's step (issue 10):
# approve and return in the review queue and on the record page, close on a
# notice. Each is refused at once, before any question or comment prompt,
# in the error style, in Chinese and in English; nothing is written.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"
trap 'stop_daemon; for i in $(seq 0 $TMUX_N); do tmux -L "dwtest-$$-$i" kill-server 2>/dev/null; done; rm -rf "$T_TMP"' EXIT

station_with A02
as A02 sync >/dev/null
site=$(new_site A02 迎丰西路安置房)
ITEMS="type=quarterly cover=yes wash=yes paving=yes wet=yes transport=yes monitor=yes machinery=yes officer=yes rubbish=yes mixing=yes windstop=yes verdict=rectify"
R=$(as A02 new inspection --site "$site" $ITEMS hoarding=no hoarding_note=西侧围挡缺失 board=no --submit)
NUM=$(as A02 show "$R" --format json | jq -r .number)
in7=$(date -u -d '+7 days' +%F)
N=$(as A02 new notice --from "$(as A02 show "$R" --format json | jq -r .id)" delivery=posted "deadline=$in7" --submit)
export DUSTWATCH_HOME="$T_TMP/dev-A02"
events=$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "SELECT count(*) FROM events")

tui_start 100 30 --lang zh
sees "the inspector's home" "今日工作"
keys r
sees "the review queue lists the inspection" "$NUM"
keys a
sees_error "approve in the queue is refused, in the error style" "审核通过需要科长/站领导的设备：本机 A02 是监督员的设备"
case "$(screen_text)" in *审核意见*) not_ok "no comment is asked first" "$(screen_text)" ;; *) ok "no comment is asked first" ;; esac
keys r
sees_error "return in the queue is refused" "退回需要科长/站领导的设备：本机 A02 是监督员的设备"
keys Enter
sees "the record page" "$NUM"
keys a
sees_error "approve on the record page is refused" "审核通过需要科长/站领导的设备"
case "$(screen_text)" in *确认此操作*) not_ok "no question is asked first" "$(screen_text)" ;; *) ok "no question is asked first" ;; esac

tui_start 100 30 --lang en
sees "English home" "Today"
keys t
sees "the notices" "$N"
keys Enter
sees "the notice's page" "$N"
keys c
sees_error "closing a notice is refused, in English, in the error style" "close needs a supervisor's device: A02 is an inspector's"
keys Escape Escape r
sees "English: the queue" "$NUM"
keys a
sees_error "English: approve in the queue is refused" "approve needs a supervisor's device: A02 is an inspector's"
equals "nothing was written" "$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "SELECT count(*) FROM events")" "$events"
finish
