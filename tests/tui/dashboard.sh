# The dashboard (d on home, issue 11) at 80x24 in Chinese and English, on a
# station whose records are made here: the bar under the cursor says the
# number `report monthly` gives for its month, the year's line says what
# `report indicators` gives, and Enter lists the records behind the bar.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
station
NOW=2026-06-15T08:00:00
for day in 2026-05-04 2026-05-11 2026-05-20 2026-06-02; do
	DUSTWATCH_NOW=$NOW "$DW" new inspection --site "$SITE" $COMPLIANT date=$day --submit >/dev/null ||
		not_ok "an inspection on $day"
done
# Three notices issued in June: one rectified, one rectified and closed
# (both count as rectified), one still open.
notice() {
	DUSTWATCH_NOW=$NOW "$DW" new notice --site "$SITE" kind=deadline builder_unit=怀化市城市建设投资有限公司 \
		contractor_unit=湖南省第六工程有限公司 delivery=posted issued=2026-06-10 deadline=2026-06-20 \
		'problems=[{"description":"西侧围挡缺失约20米"}]' --submit --format json | jq -r .id
}
N1=$(notice) N2=$(notice) N3=$(notice)
DUSTWATCH_NOW=$NOW "$DW" rectify "$N1" --comment 已补齐 >/dev/null && DUSTWATCH_NOW=$NOW "$DW" rectify "$N2" --comment 已补齐 >/dev/null &&
	DUSTWATCH_NOW=$NOW "$DW" close "$N2" >/dev/null || not_ok "notices rectified and closed"
# A failing checklist dated after the dashboard's day (a laptop whose
# clock runs ahead): as of NOW the site is still on the red list.
DUSTWATCH_NOW=2026-06-20T08:00:00 "$DW" new inspection --site "$SITE" $COMPLIANT hoarding=no hoarding_note=围挡破损 \
	cover=no cover_note=裸土未覆盖 wash=no wash_note=未冲洗 paving=no paving_note=未硬化 wet=no wet_note=未湿法作业 \
	transport=no transport_note=未密闭 verdict=rectify date=2026-06-20 --submit >/dev/null || not_ok "a checklist dated ahead"
monthly() { DUSTWATCH_NOW=$NOW "$DW" report monthly --month "$1" --format json | jq ".total.$2"; }
rectified=$(monthly 2026-06 notices_rectified)
check "report monthly counts the rectified and the closed notice as rectified" test "$rectified" = 2
may=$(monthly 2026-05 inspections)
june=$(monthly 2026-06 inspections)
year=$(DUSTWATCH_NOW=$NOW "$DW" report indicators --year 2026 --format json | jq .inspections)
check "report monthly has the month's inspections ($may, $june)" test "$may" = 3 -a "$june" = 2

export TUI_ENV="DUSTWATCH_NOW=$NOW"
tui_start 80 24 --lang zh
sees "home" "今日工作"
keys d
sees "d opens the dashboard" "年度看板"
sees "the twelve months end with this one" "至 2026-06"
sees "the cursor is on this month's inspections, as report monthly counts them" "▶ 2026-06 检查表: $june"
sees "the year so far, as report indicators counts it" "本年 检查表 $year"
clean_screen "the dashboard fits 80x24 in Chinese" 80
keys Left
sees "left: the month before, as report monthly counts it" "▶ 2026-05 检查表: $may"
keys Enter
sees "Enter lists the records behind the bar" "检查 · 全部状态 · 2026-05-01..2026-05-31"
sees "...all three of them" "$may 条"
keys Escape
sees "back on the dashboard" "▶ 2026-05 检查表"
keys Down
sees "down: the next series" "▶ 2026-05 下达通知书: 0"
keys Right Down
sees "the rectified notices of June, as report monthly counts them" "▶ 2026-06 已整改: $rectified"
keys Enter
sees "Enter lists the notices behind the bar: rectified or closed" "整改通知 · 已整改/已关闭 · 2026-06-01..2026-06-30"
sees "...both of them" "$rectified 条"
keys Escape Up Left
red=$(DUSTWATCH_NOW=$NOW "$DW" report redlist --format json | jq -r 'map(select(.list == "red"))[0].name')
check "report redlist puts the site on the red list" test "$red" = 鹤城区迎丰路安置小区二期
sees "the red list shows it (not the checklist dated ahead of the day)" "红榜 $red"
keys Down Down Down Down Down
sees "down past the bars: the red list" "▶ 红榜"
keys Enter
sees "Enter on a site of the list opens the site" "$red"
sees "...its page, with its keys" "n新建检查"

tui_start 80 24 --lang en
keys d
sees "English: the dashboard" "Dashboard"
sees "English: this month's inspections" "▶ 2026-06 Inspections: $june"
sees "English: the year" "This year: inspections $year"
clean_screen "the dashboard fits 80x24 in English" 80
finish
