# The smaller frictions of issue 13 in the terminal UI: a new checklist
# left at once leaves no draft behind; the quit question on home is not
# answered by a key typed ahead of it (the sync key y pressed right after
# Esc never quits).
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
station
DB="$DUSTWATCH_HOME/dustwatch.db"
drafts() { sqlite3 "$DB" "SELECT count(*) FROM records WHERE status = 'draft'"; }

tui_start 80 24 --lang zh
sees "the UI starts" "今日工作"
keys n
sees "n opens a new checklist" "扬尘防治专项检查表  草稿"
keys q
sees "leaving it at once says no draft is kept" "未填写，未留草稿"
sees "back on home" "草稿 0"
equals "and the database holds no draft" "$(drafts)" 0
keys n
sees "a new checklist again" "扬尘防治专项检查表  草稿"
for k in Down Down Down Down; do keys $k; sleep 0.1; done
keys 2
sees "an answer given" "不定期回头查看"
keys q
sees "one answer given: the draft is kept" "草稿已保存"
sees "and counted on home" "草稿 1"
equals "the database holds it" "$(drafts)" 1

# Esc then y at once (typed ahead): the question stays, nothing quits.
keys Escape y
sees "Esc on home asks before quitting" "退出扬尘巡检？"
sleep 0.3 # the y typed ahead would have been read by now
contains "a y typed before the question showed does not answer it" "$(screen_text)" "退出扬尘巡检？"
keys n
sees "n answers no: still home" "今日工作"
wait_gone "退出扬尘巡检？" 5
keys y
sees "y on home syncs (no station here: it says so), never quits" "同步未完成"
contains "still running" "$(screen_text)" "今日工作"
finish
