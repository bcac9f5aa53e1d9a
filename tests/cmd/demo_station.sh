# The demo station has a name and a hotline of its own (config
# station_name, hotline): its printed notices name the station, its
# placards give the hotline, not the bare code "HH" and the default.
. "$TOP/tests/lib.sh"

"$DW" demo "$DUSTWATCH_HOME" --records 60 --seed 3 >/dev/null || exit 1
NAME="怀化市建设工程质量安全监督站（演示）"
equals "the demo sets the station's name" "$("$DW" config station_name)" "$NAME"
equals "the demo sets a hotline" "$("$DW" config hotline)" "0745-12345"
N=$("$DW" list notice --limit 1 --format json | jq -r '.[0].id')
check "a demo notice prints" "$DW" print notice "$N" -o "$T_TMP/notice.pdf"
text=$(pdftotext "$T_TMP/notice.pdf" - 2>&1 | tr -d ' \n')
contains "the demo's notice PDF names its station" "$text" "$NAME"
SITE=$("$DW" list site --limit 1 --format json | jq -r '.[0].id')
check "a demo placard prints" "$DW" print placard "$SITE" -o "$T_TMP/placard.pdf"
contains "the demo's placard gives the hotline" "$(pdftotext "$T_TMP/placard.pdf" - 2>&1)" "0745-12345"
finish
