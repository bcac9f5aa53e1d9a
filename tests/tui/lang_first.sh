# Options before any command: `dustwatch --lang zh` opens the UI in
# Chinese (it printed the help), `--lang en` in English; --help and
# --version answer before a command too, and --lang is every command's.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
"$DW" demo "$DUSTWATCH_HOME" --records 50 >/dev/null || exit 1

TUI_CMD="--lang zh" tui_start 80 24
sees "dustwatch --lang zh opens the UI in Chinese" "今日工作"
lacks "not the help" "$(screen_text)" "Usage:"
TUI_CMD="--lang=en" tui_start 80 24
sees "dustwatch --lang=en opens the UI in English" "Today"
export LANG=zh_CN.UTF-8
out=$("$DW" --lang en overview)
contains "--lang en before a command is the command's language" "$out" "Station HH"
export LANG=C.UTF-8
out=$("$DW" --lang zh overview)
contains "--lang zh before a command is the command's language" "$out" "监督站 HH"
out=$("$DW" --lang zh --version)
contains "--version after --lang" "$out" "dustwatch "
out=$("$DW" --lang zh --help)
contains "--help after --lang" "$out" "Usage: dustwatch"
fails "a language that is not zh or en is refused" "$DW" --lang fr
out=$("$DW" --lang fr 2>&1)
contains "and the reason says which" "$out" "--lang zh|en"
finish
