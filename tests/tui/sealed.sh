# Sealed personal data on screen (issue 12), over a real git daemon: a
# complaint written on A02 reaches another inspector's laptop (A03), whose
# record page shows the complainant as sealed, in Chinese and English, and
# never the phone; the supervisor's (SUP) shows the name and the phone;
# A03, made a supervisor's, is told by its sync on screen that the key came.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"
trap 'stop_daemon; for i in $(seq 0 $TMUX_N); do tmux -L "dwtest-$$-$i" kill-server 2>/dev/null; done; rm -rf "$T_TMP"' EXIT

PHONE=13974512368
station_with A02 A03
as SUP init --station HH --device SUP --inspector 张科长 --remote "$URL" >/dev/null
as ADM enroll SUP "$(as SUP key)" --role supervisor >/dev/null
as ADM sync >/dev/null
for d in A02 A03 SUP; do as $d sync >/dev/null; done
site=$(new_site A02 迎丰西路安置房)
as A02 new complaint --site "$site" channel=hotline consent=yes "complainant=覃素梅,$PHONE" category=dust \
	content=夜间扬尘很大 --submit >/dev/null
as A02 sync >/dev/null
as ADM sync >/dev/null
for d in A03 SUP; do as $d sync >/dev/null; done

export DUSTWATCH_HOME="$T_TMP/dev-A03"
tui_start 80 24 --lang zh
sees "another inspector's home" "今日工作"
keys c
sees "c lists the complaints" "迎丰西路安置房"
keys Enter
sees "the complaint's page shows the complainant sealed" "投诉人及电话: （已密封）"
check "and not the phone" sh -c "! tmux -L '$TMUX_SOCK' capture-pane -p -t t | grep -q '$PHONE'"
tui_start 80 24 --lang en
keys c
sees "English: the complaints" "迎丰西路安置房"
keys Enter
sees "English: sealed" "(sealed)"

export DUSTWATCH_HOME="$T_TMP/dev-SUP"
tui_start 80 24 --lang zh
keys c
sees "the supervisor's complaints" "迎丰西路安置房"
keys Enter
sees "the supervisor's page shows the phone" "$PHONE"
sees "and the name" "覃素梅"

# A03 made a supervisor's: its next sync from the screen brings the key.
as ADM enroll A03 --role supervisor >/dev/null
as ADM sync >/dev/null
export DUSTWATCH_HOME="$T_TMP/dev-A03"
tui_start 80 24 --lang zh
sees "A03's home" "今日工作"
keys y
sees "its sync says the key came" "已收到个人信息密钥"
keys c
sees "its complaints" "迎丰西路安置房"
keys Enter
sees "and the complaint it had opens" "$PHONE"
finish
