# The station's settings travel (issue 12): the issuing authority, hotline,
# base URL and complaint deadline are set once on the admin's device and
# reach every machine by sync, so a laptop enrolled afterwards prints the
# station's name on its notices without anyone setting it there. Only an
# admin's device writes them: an inspector's `config` is refused; the same
# event signed by it anyway (test-no-roles) is refused by the station's
# hook and quarantined, with the reason, by a machine that takes it from a
# USB stick.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

NAME=怀化市建设工程质量安全监督站
station_with A02
check "the admin sets the issuing authority" as ADM config station_name "$NAME"
check "...the hotline" as ADM config hotline 0745-2712345
check "...the days to reply to a complaint" as ADM config complaint_days 20
equals "the admin's machine shows it" "$(as ADM config station_name)" "$NAME"
check "the admin syncs" as ADM sync

# A laptop enrolled now, that never set anything.
as A05 init --station HH --device A05 --inspector 检查员A05 --remote "$URL" >/dev/null
as ADM enroll A05 "$(as A05 key)" >/dev/null
as ADM sync >/dev/null
equals "before its first sync the new laptop has the defaults" "$(as A05 config station_name)" HH
check "the new laptop's first sync" as A05 sync
equals "then it has the station's name" "$(as A05 config station_name)" "$NAME"
contains "and its hotline" "$(as A05 config)" "hotline=0745-2712345"
site=$(new_site A05 迎丰西路安置房)
N=$(as A05 new notice --site "$site" kind=deadline builder_unit=怀化市城市建设投资有限公司 \
	contractor_unit=湖南省第六工程有限公司 delivery=posted "deadline=$(date -u -d '+7 days' +%F)" \
	'problems=[{"description":"西侧围挡缺失约20米"}]' --submit)
check "the new laptop prints a notice" as A05 print notice "$N" -o "$T_TMP/notice.pdf"
contains "the printed notice names the station the admin set" \
	"$(pdftotext "$T_TMP/notice.pdf" - | tr -d ' \n')" "$NAME"
check "and a placard" as A05 print placard "$site" -o "$T_TMP/placard.pdf"
contains "the placard gives the station's hotline" "$(pdftotext "$T_TMP/placard.pdf" -)" "0745-2712345"
C=$(as A05 new complaint --site "$site" channel=hotline consent=no category=dust content=夜间扬尘很大 \
	"received=2026-03-02" --submit --format json | jq -r .id)
equals "a complaint's deadline takes the station's days" "$(as A05 show "$C" --format json | jq -r .fields.deadline)" \
	2026-03-22

# An inspector's device may not change them.
out=$(as A05 config hotline 110 2>&1)
equals "an inspector's config is refused" "$?" 1
contains "saying why" "$out" "the station's settings (station) are written by an admin's device: A05 is an inspector's"
contains "and where they are set" "$out" "'dustwatch config hotline VALUE' there"
contains "nothing changed" "$(as A05 config)" "hotline=0745-2712345"

# The same change signed by the inspector's device anyway.
check "test-no-roles: the inspector's device signs a change of the hotline" as A05 test-no-roles config hotline 110
out=$(as A05 sync 2>&1)
contains "the station's hook refuses the push" "$out" "the station's settings (station) are written by an admin's device"
stick="$T_TMP/stick.git"
as A05 remote add stick "$stick" >/dev/null
check "the inspector's laptop writes to a USB stick (no hook)" as A05 sync stick
as ADM remote add stick "$stick" >/dev/null
out=$(as ADM sync stick 2>&1)
contains "the admin's import quarantines it" "$out" "quarantined"
contains "with the reason" "$(as ADM quarantine)" "the station's settings (station) are written by an admin's device: A05"
contains "the station's hotline is unchanged" "$(as ADM config)" "hotline=0745-2712345"
A02_NOW=$(as A02 sync >/dev/null 2>&1; as A02 config hotline)
equals "and so it is on the other laptops" "$A02_NOW" 0745-2712345
finish
