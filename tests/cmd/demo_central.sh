# dustwatch demo also makes a central repository and a second laptop, so a
# sync can be shown out of the box: the laptop's first sync brings every
# event over, and what it writes reaches the demo's station admin.
. "$TOP/tests/lib.sh"

D="$T_TMP/demo"
out=$("$DW" demo "$D" --records 120 --seed 5 2>&1)
contains "the demo says how to try a sync" "$out" "Try a sync: DUSTWATCH_HOME=$D/laptop-A99 "
contains "the demo names the central repository" "$out" "central repository $D/central.git"
check "the central repository passes git fsck --strict" git -C "$D/central.git" fsck --strict
check "the central repository has the station's hook" test -x "$D/central.git/hooks/pre-receive"
equals "every device branch of the demo is in it" \
	"$(git -C "$D/central.git" for-each-ref --format='%(refname) %(objectname)' refs/heads/devices)" \
	"$(git -C "$D/repo.git" for-each-ref --format='%(refname) %(objectname)' refs/heads/devices)"
lap() { DUSTWATCH_HOME="$D/laptop-A99" "$DW" "$@"; }
adm() { DUSTWATCH_HOME="$D" "$DW" "$@"; }
events() { sqlite3 "$1/dustwatch.db" 'SELECT count(*) FROM events'; }
equals "the laptop has not synced yet" "$(events "$D/laptop-A99")" 0
out=$(lap sync 2>&1)
contains "its first sync learns the station's key (the demo's A01)" "$out" "station key learned: A01"
contains "and receives every event" "$out" "received $(events "$D")"
equals "the laptop holds what the station holds" "$(events "$D/laptop-A99")" "$(events "$D")"
equals "the same sites" "$(lap list site | sort)" "$(adm list site | sort)"
equals "nothing quarantined" "$(lap quarantine)" ""
S=$(lap new site name=演示同步工地 address=怀化市鹤城区 district=hecheng type=residential stage=foundation \
	builder_unit=怀化市城市建设投资有限公司 "builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
	"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit)
contains "the laptop's record goes to the central repository" "$(lap sync)" "sent 1"
contains "the station admin receives it" "$(adm sync)" "received 1 from A99 (1)"
contains "and shows it" "$(adm show "$S")" 演示同步工地
equals "the laptop's record is at the station" "$(lap where "$S")" "at the station"

"$DW" demo "$T_TMP/plain" --records 60 --no-central >/dev/null 2>&1
check "--no-central makes a demo" test -f "$T_TMP/plain/dustwatch.db"
fails "without a central repository" test -e "$T_TMP/plain/central.git"
fails "or a second laptop" test -e "$T_TMP/plain/laptop-A99"

finish
