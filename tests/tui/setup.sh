# The first run: `dustwatch` on a terminal without a data directory opens
# the setup screen, in Chinese and in English. Each field is checked as it
# is typed, with the reason; F2 joins the station and shows the device's
# key as text and as a QR code (read back by zbarimg from the captured
# screen, equal to `dustwatch key`); once the admin enrolls the key, the
# new data directory syncs with the station over git daemon on 127.0.0.1.
# F5 opens a demo station instead.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"
. "$TOP/tests/tui/lib.sh"
trap 'stop_daemon; for i in $(seq 0 $TMUX_N); do tmux -L "dwtest-$$-$i" kill-server 2>/dev/null; done; rm -rf "$T_TMP"' EXIT

station_with
NEW="$T_TMP/dev-A05"
export DUSTWATCH_HOME="$NEW"
erase() { i=0; while [ $i -lt "$1" ]; do keys BSpace; i=$((i + 1)); done; }

TUI_CMD="--lang zh" tui_start 80 24
sees "dustwatch without a data directory opens the setup screen" "扬尘巡检 · 首次使用"
sees "it names the data directory it will make" "$NEW"
clean_screen "the setup screen at 80x24: nothing broken" 80
type_text "hh"
sees "a station code in lower case is refused with the reason" "以大写字母开头"
erase 2
sees "an empty code: required" "必填"
type_text "HH"
keys Tab
type_text "A0-5"
sees "a device code with a dash: the reason" "只能是大写字母和数字"
erase 3
type_text "05"
keys Tab
type_text "检查员五"
keys Tab
type_text "http://127.0.0.1/central.git"
sees "an http address is refused with the reason" "http:// 不安全"
erase 28
type_text "$URL"
keys Tab
type_text "ab:cd"
sees "a pin for a git:// address is refused with the reason" "git:// 和U盘不需要指纹"
erase 5
keys F2
sees "F2 joins and asks the admin to enroll the key" "请站长登记本机公钥"
KEY=$(DUSTWATCH_HOME="$NEW" "$DW" key)
sees "the key is shown as text" "$(printf %.30s "$KEY")"
sees "with the command the admin runs" "dustwatch enroll A05"
equals "the key's QR code on the screen reads as the key 'dustwatch key' prints" "$(screen_qr_decode)" "$KEY"
equals "the station's address is remote origin" "$(as A05 remote)" "origin	$URL"
as ADM enroll A05 "$KEY" >/dev/null
as ADM sync >/dev/null
out=$(as A05 sync 2>&1)
contains "after enrolment the new data directory syncs with the station" "$out" "station key learned: ADM"
keys Enter
sees "Enter opens the usual screens" "今日工作"
sees "as the new inspector" "检查员五"

# English, a demo station.
export DUSTWATCH_HOME="$T_TMP/demo-home"
TUI_CMD="" TUI_ENV="LANG=en_US.UTF-8" tui_start 80 24 --lang en
sees "the setup screen in English" "dustwatch · first run"
type_text "1A"
sees "a code starting with a digit: the reason in English" "starts with a capital letter"
keys Tab Tab Tab
type_text "media/usb/HH.git"
sees "a relative stick path: the reason" "a stick's path starts with /"
keys F2
sees "F2 with bad answers says what is wrong" "Station code: starts with a capital letter"
keys F5
sees "F5 makes a demo station and opens it" "Today's work" 120
check "the demo station is there" test -f "$T_TMP/demo-home/dustwatch.db"
finish
