# The TUI's lists over a damaged database (issue 17): rows whose state
# makes no sense are skipped, the message line says so in the UI's
# language naming the first, the rest is listed, and no row changes.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
"$DW" demo "$DUSTWATCH_HOME" --no-central >/dev/null 2>&1 || { not_ok "demo"; finish; exit 1; }
DB="$DUSTWATCH_HOME/dustwatch.db"
# The first sites by name, as the sites screen lists them, lose their state.
set -- $(sqlite3 "$DB" "SELECT id FROM records WHERE kind = 'site' AND status != 'draft' ORDER BY date DESC, id DESC LIMIT 2")
sqlite3 "$DB" "UPDATE records SET state = '{\"kind\":\"site\"}' WHERE id = '$1'"
sqlite3 "$DB" "UPDATE records SET state = 'not json' WHERE id = '$2'"
good=$(sqlite3 "$DB" "SELECT json_extract(state, '\$.fields.name') FROM records WHERE kind = 'site' AND status != 'draft' AND json_valid(state) AND json_extract(state, '\$.id') IS NOT NULL ORDER BY date DESC, id DESC LIMIT 1")
before=$(db_state)

for lang in zh en; do
	tui_start 100 30 --lang $lang
	case $lang in zh) home=今日工作 say="数据库中有 2 条记录无法读取，已跳过：" ;; en) home="Today" say="Records skipped, unreadable: 2" ;; esac
	sees "home opens ($lang)" "$home"
	keys s
	sees "the sites screen lists the readable sites ($lang)" "$good"
	sees "...and says which rows it skipped ($lang)" "$say"
	sees "...naming the first by its id ($lang)" "$1"
	keys F10
	wait_for "?" 5
	keys y
	wait_exit 20 || not_ok "dustwatch quits ($lang)"
done
equals "no row changed" "$(db_state)" "$before"
finish
