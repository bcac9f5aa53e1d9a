# Sync from the terminal UI: on the demo's second laptop, y syncs with the
# demo's central repository, with its progress on the message line and a
# summary after; what the laptop writes reaches the station.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
"$DW" demo "$T_TMP/station" >/dev/null || exit 1
export DUSTWATCH_HOME="$T_TMP/station/laptop-A99"
tui_start 100 30 --lang zh
sees "home shows what is not yet at the station" "未到监督站的修改 0"
keys y
sees "y syncs and says what came" "已同步：发送 0, 接收 2"
sees "the station's records are now here" "逾期整改通知 11"
"$DW" new site name=中方县铜湾镇卫生院迁建工程 address=中方县铜湾镇 district=zhongfang type=public stage=earthwork \
	builder_unit=中方县卫生健康局 "builder_person=陈立,13907450000" contractor_unit=湖南省第六工程有限公司 \
	"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit >/dev/null
keys Down Up
sees "a new record counts as not yet at the station" "未到监督站的修改 1"
keys y
sees "the next sync sends it" "已同步：发送 1"
sees "and then it is at the station" "未到监督站的修改 0"
# A wall clock behind what the laptop has seen (the station's events of
# last year) is said on home, in both languages.
keys q
TUI_ENV="DUSTWATCH_NOW=$(($(date +%Y) - 3))-06-01T08:00:00" tui_start 100 30 --lang zh
sees "a clock behind is said on home" "本机时钟比其他设备慢"
TUI_ENV="DUSTWATCH_NOW=$(($(date +%Y) - 3))-06-01T08:00:00" tui_start 100 30 --lang en
sees "...and in English" "behind the other devices'"
tui_start 100 30 --lang en
sees "home again" "Changes not at the station"
case "$(screen_text)" in
*"behind the other devices'"*) not_ok "a right clock is not warned about" "$(screen_text)" ;;
*) ok "a right clock is not warned about" ;;
esac
# The station's hook found this laptop's clock fast in its last push (the
# note sync keeps; a network station's hook writes it, tests/cmd/sync_clock.sh).
sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "INSERT OR REPLACE INTO settings (key, value) VALUES ('station_note', 'device A99''s clock is 365 days ahead of the station''s')"
tui_start 100 30 --lang zh
sees "a clock the station found fast is said on home" "监督站发现本机时钟偏快"
tui_start 100 30 --lang en
sees "...and in English" "The station found this laptop's clock fast"
sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "UPDATE settings SET value = '' WHERE key = 'station_note'"
# The demo's station pushed every device's branch: nothing waits.
DUSTWATCH_HOME="$T_TMP/station" tui_start 100 30 --lang zh
sees "the demo station has nothing waiting for the station" "未到监督站的修改 0"
# A station that never synced: more than home counts, shown as such.
"$DW" demo "$T_TMP/nosync" --records 2950 --no-central >/dev/null
DUSTWATCH_HOME="$T_TMP/nosync" tui_start 100 30 --lang zh
sees "over 9,999 changes not at the station show as 9999+" "未到监督站的修改 9999+"
if git -C "$T_TMP/station/central.git" log --oneline refs/heads/devices/A99 >/dev/null 2>&1; then
	ok "the laptop's branch is in the central repository"
else
	not_ok "the laptop's branch is in the central repository"
fi
if git -C "$T_TMP/station/central.git" fsck --strict >/dev/null 2>&1; then ok "git fsck --strict is clean"; else not_ok "fsck"; fi
finish
