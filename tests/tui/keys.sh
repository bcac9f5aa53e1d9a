# The generic keys (src/ui/keys.txt): back is Esc, q or F3 on every screen
# that does not bind the key itself (home's F3 is Sites), F10 quits after
# asking, the help screen lists every key that reaches an action, and the
# bottom bar is made from the same bindings.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
"$DW" demo "$DUSTWATCH_HOME" --records 300 >/dev/null || exit 1

tui_start 100 30 --lang zh
sees "home" "今日工作"
keys F3
sees "F3 on home opens the sites, as before" "输入名称或地址的任意部分查找"
keys F3
sees "F3 on the sites goes back" "今日工作"
keys t
sees "t lists notices" "整改通知 · 全部状态"
keys q
sees "q on a list goes back" "今日工作"
keys t
sees "the notices again" "整改通知 · 全部状态"
keys End
keys Home Enter
sees "End, Home (the frame moves the list) and Enter open the first notice" "整改通知书  "
keys '?'
sees "help lists every key of back" "Esc / q / F3"
sees "and the generic help key" "? / F1"
keys Escape
sees "Esc leaves the help" "整改通知书  "
keys F3
sees "F3 on a record goes back" "整改通知 · 全部状态"
keys F10
sees "F10 asks before quitting" "退出扬尘巡检？"
keys n
sees "n stays" "整改通知 · 全部状态"
keys Escape
sees "Esc goes back home" "今日工作"
sees "the bar from the bindings" "q退出"
keys Escape
sees "Esc on home asks before quitting" "退出扬尘巡检？"
keys y
if wait_gone "今日工作" 5; then ok "y quits"; else not_ok "y quits" "$(screen_text)"; fi
finish
