# The terminal UI, driven as a person would in tmux: home, sites found by
# typing Chinese, a site's page, help, a scanned placard, resize, English,
# NO_COLOR, and no broken double-width character on any screen.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
"$DW" demo "$DUSTWATCH_HOME" --records 700 >/dev/null || exit 1

tui_start 100 30 --lang zh
sees "home shows today's work in Chinese" "今日工作"
sees "and the keys in the bottom bar" "n新建检查"
clean_screen "home: no broken double-width character" 100
keys '?'
sees "? lists every key of the screen" "帮助：本屏的按键"
sees "help lists the actions from the screen's table" "工地"
keys Escape
sees "Esc goes back" "今日工作"
keys s
sees "s opens the sites" "输入名称或地址的任意部分查找"
type_text "鹤城"
sees "typing Chinese searches as you type" "查找：鹤城"
clean_screen "sites: no broken double-width character" 100
keys Enter
sees "Enter opens the site's page" "本工地记录"
clean_screen "site page: no broken double-width character" 100
keys Q
sees "Q shows the site's QR code" "DUSTWATCH:1/S/HH/"
keys Escape Escape Escape
sees "back home" "今日工作"

# A scanner types a placard's payload and Enter, fast: the site opens
# and an inspection is offered.
SITE=$("$DW" list site --limit 1 --format json | jq -r '.[0].id')
NAME=$("$DW" list site --limit 1 --format json | jq -r '.[0].fields.name')
PAYLOAD=$("$DW" qr site "$SITE" --format text)
type_text "$PAYLOAD"
keys Enter
sees "a scanned site payload opens that site" "$NAME"
sees "and offers to start an inspection there" "在此工地开始检查"
keys n
sees "declining leaves the site page open" "本工地记录"

# Resize from 120x40 to 80x24: the screen is redrawn whole and clean.
tmux -L "$TMUX_SOCK" resize-window -t t -x 120 -y 40
sleep 0.2
keys Escape
sees "at 120x40 the home screen" "今日工作"
clean_screen "120x40: no broken double-width character" 120
tmux -L "$TMUX_SOCK" resize-window -t t -x 80 -y 24
sees "after resizing to 80x24 the home screen is still there" "今日工作"
sees "with its bottom bar" "?帮助"
clean_screen "80x24: no line wider than the terminal" 80
lines=$(screen_text | wc -l)
equals "80x24: the screen is 24 lines" "$lines" 24

# Printing from a notice's page, and its QR code on a large terminal.
tui_start 100 40 --lang zh
sees "home again" "今日工作"
keys t
sees "the notices" "整改通知 · 全部状态"
keys Enter
sees "a notice's page" "整改通知书  "
NUM=$(screen_text | sed -n 's/^编号: \([^ ]*\).*/\1/p' | head -1)
keys p
sees "p asks where to save the notice" "保存为 PDF"
keys Enter
sees "and writes it" "已生成"
if pdftotext "$HOME/notice-$NUM.pdf" - 2>/dev/null | grep -q "$NUM"; then ok "the printed PDF holds the notice's number"; else not_ok "printed PDF" "$NUM" "$(ls "$HOME")"; fi
keys Q
sees "Q draws the notice's code on a 100x40 terminal" "DUSTWATCH:1/N/HH/$NUM/"
clean_screen "the QR screen: no broken character" 100
keys Escape Escape Escape
sees "home" "今日工作"
keys t Enter        # two keys in one burst, as a fast typist sends them
sees "a key and Enter together: Enter acts on the list the key opened" "整改通知书  "

# English, no colour.
NO_COLOR=1 tui_start 80 24 --lang en
sees "--lang en: the home screen in English" "Today's work"
sees "the bar in English" "New inspection"
keys t
sees "t lists notices" "notice"
clean_screen "English lists: no broken double-width character" 80
keys q
keys q
sees "q on home asks before quitting" "Quit dustwatch?"
keys y
if wait_gone "Today's work" 5; then ok "y quits"; else not_ok "y quits" "$(screen_text)"; fi
finish
