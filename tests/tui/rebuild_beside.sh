# The terminal UI and a rebuild of the database (store_fresh.c): a TUI
# started while a reindex holds the database says it waits, then opens; a
# reindex run while a TUI is open in another terminal is made in place,
# and the TUI goes on, in Chinese and English.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
"$DW" demo "$T_TMP/st" --records 300 --seed 3 >/dev/null || exit 1
export DUSTWATCH_HOME="$T_TMP/st"
db="$DUSTWATCH_HOME/dustwatch.db"

db_hold ex
tui_start 100 30 --lang en
sees "a TUI started during a reindex says it waits" "another dustwatch is rebuilding it"
check "...and waits" test -z "$(screen_text | grep 'Changes not at the station')"
db_release
sees "...then opens when the reindex ends" "Changes not at the station"

before=$(stat -c %i "$db")
check "a reindex with the TUI open in another terminal" "$DW" reindex
equals "...is made in the database itself" "$(stat -c %i "$db")" "$before"
keys Down Up
sees "...and the TUI goes on" "Changes not at the station"
tui_start 100 30 --lang zh
sees "the TUI in Chinese" "未到监督站的修改"
check "a reindex beside it" "$DW" reindex
equals "...in place too" "$(stat -c %i "$db")" "$before"
keys Down Up
sees "...and the TUI goes on" "未到监督站的修改"
keys q
sees "q asks before quitting" "退出扬尘巡检？"
keys y
check "the TUI quits" wait_exit
check "with the TUI closed, a reindex" "$DW" reindex
check "...is made in a fresh file" test "$(stat -c %i "$db")" != "$before"
finish
