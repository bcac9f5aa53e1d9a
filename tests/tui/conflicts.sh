# The conflicts screen at 80x24, in Chinese and in English: two inspectors
# change an inspection's verdict offline, the station syncs both; home
# counts the conflict, the screen lists each value with its author, device
# and time, and settling it with one value writes a new event.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"
trap 'stop_daemon; for i in $(seq 0 $TMUX_N); do tmux -L "dwtest-$$-$i" kill-server 2>/dev/null; done; rm -rf "$T_TMP"' EXIT

as ADM init --station HH --device ADM --inspector 管理员 >/dev/null || exit 1
as ADM station init "$SRV/central.git" --remote "$URL" >/dev/null || exit 1
start_daemon || exit 1
for d in A01 A02; do
	as $d init --station HH --device $d --inspector "检查员$d" --remote "$URL" >/dev/null || exit 1
	as ADM enroll $d "$(as $d key)" >/dev/null || exit 1
done
sync_all() { for d in ADM A01 A02 ADM A01 A02; do as $d sync >/dev/null 2>&1; done; }

# conflict_on N: a new inspection by A01, its verdict set apart by A01
# (rectify) and A02 (stopwork) offline, then synced everywhere.
conflict_on() {
	sync_all
	S=$(as A01 list site --format json | jq -r '.[0].id')
	I=$(as A01 new inspection --site "$S" $COMPLIANT --submit)
	sync_all
	as A01 set "$I" verdict=rectify >/dev/null
	as A02 set "$I" verdict=stopwork >/dev/null
	sync_all
}
new_site A01 鹤城区迎丰路安置小区二期 >/dev/null
conflict_on
export DUSTWATCH_HOME="$T_TMP/dev-ADM"
equals "the station has the conflict" "$("$DW" conflicts --format json | jq length)" 1
events=$("$DW" show "$I" --format json | jq '.events | length')

tui_start 80 24 --lang zh
sees "home counts the conflicts" "待裁定冲突 1"
keys C
sees "C opens the conflicts screen" "待裁定冲突：值 2"
sees "it lists the field in conflict" "检查结论"
sees "one value with its author and device" "停工整改"
sees "the other value" "限期整改"
sees "the author of one" "检查员A01 @ A01"
sees "the author of the other" "检查员A02 @ A02"
sees "and when" "$(date -u +%m-%d)"
clean_screen "the conflicts screen at 80x24: no broken double-width character" 80
row=$(screen_text | grep -n "▶" | cut -d: -f2-)
case "$row" in *停工整改*) want=stopwork ;; *) want=rectify ;; esac
keys Enter
sees "Enter asks before settling" "采用 检查结论"
keys y
sees "settling says a new event is written" "已裁定"
sees "and the conflict is gone from the screen" "没有冲突"
equals "the record has one more event" "$("$DW" show "$I" --format json | jq '.events | length')" $((events + 1))
equals "the record takes the chosen value" "$("$DW" show "$I" --format json | jq -r .fields.verdict)" "$want"
equals "no conflict is left" "$("$DW" conflicts --format json | jq length)" 0
keys Escape
sees "back on home the count is 0" "待裁定冲突 0"
keys q
sees "quit asks" "退出"
keys y

# In English, settling with the second value.
conflict_on
tui_start 80 24 --lang en
sees "English: home counts the conflicts" "Conflicts 1"
keys C
sees "English: the screen" "Conflicts: values 2"
sees "English: the field" "Verdict"
sees "English: an author" "检查员A02 @ A02"
clean_screen "the English screen at 80x24" 80
keys Down
row=$(screen_text | grep "▶")
case "$row" in *Stop*) want=stopwork ;; *) want=rectify ;; esac
events=$("$DW" show "$I" --format json | jq '.events | length')
keys Enter
sees "English: Enter asks" "Settle Verdict"
keys y
sees "English: settled" "Settled: a new event is written."
equals "English: one more event" "$("$DW" show "$I" --format json | jq '.events | length')" $((events + 1))
equals "English: the chosen value" "$("$DW" show "$I" --format json | jq -r .fields.verdict)" "$want"
# An inspector's device may not settle: refused before any question, in the
# error style, in both languages (issue 10).
conflict_on
export DUSTWATCH_HOME="$T_TMP/dev-A01"
events=$("$DW" show "$I" --format json | jq '.events | length')
tui_start 80 24 --lang zh
keys C
sees "an inspector's device shows the conflicts" "待裁定冲突：值 2"
keys Enter
sees_error "settling on an inspector's device is refused, in Chinese, in the error style" "裁定冲突需要科长/站领导的设备：本机 A01 是监督员的设备"
case "$(screen_text)" in
*"采用 检查结论"*) not_ok "no question is asked first" "$(screen_text)" ;;
*) ok "no question is asked first" ;;
esac
tui_start 80 24 --lang en
keys C
sees "English: the inspector's conflicts screen" "Conflicts: values 2"
keys Enter
sees_error "English: refused, in the error style" "settling a conflict needs a supervisor's device: A01 is an inspector's"
equals "nothing was written" "$("$DW" show "$I" --format json | jq '.events | length')" "$events"
finish
