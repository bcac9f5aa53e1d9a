# Forms travel (issue 12): a form the station's admin changes is published
# once (`forms publish`) and reaches every laptop by sync, by network or by
# stick; a laptop's records of the new version are applied at the station;
# a record that arrives before its form waits in the quarantine and applies
# when the form comes; old records stay readable; a form published by a
# device that is not an admin's is refused by the command, the hook and
# every import.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A02 A03 A04
for d in A02 A03 A04; do as $d sync >/dev/null; done
site=$(new_site A02 迎丰西路安置房)
as A02 sync >/dev/null

# Version 2 of the site form: a new field.
{
	sed 's/^version 1$/version 2/' "$TOP/forms/site.form"
	printf '\nfield night_work yesno\n\tlabel 夜间施工 | Night work\n'
} >"$T_TMP/site-v2.form"
out=$(as A02 forms publish "$T_TMP/site-v2.form" 2>&1)
equals "an inspector's device cannot publish a form" "$?" 1
contains "and says why" "$out" "a published form (formdef) is written by an admin's device: A02 is an inspector's"
out=$(as ADM forms publish "$TOP/forms/site.form" 2>&1)
contains "a form no newer than the one in force is refused" "$out" "give the changed form a higher version"
check "the admin publishes version 2" as ADM forms publish "$T_TMP/site-v2.form"
contains "it is in force on the admin's machine" "$(as ADM forms list)" "site        v2"
check "the admin syncs" as ADM sync

# By network: A02 takes it and writes a record of version 2.
check "A02 syncs" as A02 sync
contains "the form reached A02" "$(as A02 forms list)" "site        v2"
contains "with the new field" "$(as A02 forms show site)" "night_work"
equals "an old record stays readable (version 1)" "$(as A02 show "$site" --format json | jq -r .form_version)" 1
S2=$(as A02 new site name=中方县城南还建房 address=怀化市中方县 district=hecheng type=residential stage=foundation \
	builder_unit=怀化市城市建设投资有限公司 "builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
	"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" night_work=yes --submit)
equals "A02's new site is of version 2" "$(as A02 show "$S2" --format json | jq -r '[.form_version, .fields.night_work] | join(" ")')" "2 yes"
check "A02 syncs its record" as A02 sync
as ADM sync >/dev/null
equals "the station applies the record of version 2" \
	"$(as ADM show "$S2" --format json | jq -r '[.form_version, .fields.night_work] | join(" ")')" "2 yes"

# By stick, a record before its form: A02's stick reaches A03 first.
stick2="$T_TMP/a02-stick.git"
as A02 remote add stick "$stick2" >/dev/null
check "A02 writes its stick" as A02 sync stick
as A03 remote add a02stick "$stick2" >/dev/null
out=$(as A03 sync a02stick 2>&1)
contains "A03 takes A02's stick: the record of version 2 waits" "$out" "quarantined"
contains "saying for what" "$(as A03 quarantine)" "site version 2 is not known on this machine"
fails "the record is not there yet" as A03 show "$S2"
stick="$T_TMP/station-stick.git"
as ADM remote add stick "$stick" >/dev/null
check "the admin writes the station's stick" as ADM sync stick
as A03 remote add stick "$stick" >/dev/null
check "A03 takes the station's stick" as A03 sync stick
contains "the form reached A03 by stick" "$(as A03 forms list)" "site        v2"
equals "and the waiting record applied" "$(as A03 show "$S2" --format json | jq -r .fields.night_work)" yes
equals "the quarantine is empty" "$(as A03 quarantine | grep -c .)" 0

# A form signed by an inspector's device anyway.
{
	sed 's/^version 1$/version 3/' "$TOP/forms/site.form"
	printf '\nfield bogus text\n\tlabel 伪造 | Forged\n'
} >"$T_TMP/site-v3.form"
check "test-no-roles: A04 signs a form of its own" as A04 test-no-roles forms publish "$T_TMP/site-v3.form"
out=$(as A04 sync 2>&1)
contains "the station's hook refuses it" "$out" "a published form (formdef) is written by an admin's device: A04"
stick4="$T_TMP/a04-stick.git"
as A04 remote add stick "$stick4" >/dev/null
check "A04 writes it to a stick (no hook)" as A04 sync stick
as A03 remote add a04stick "$stick4" >/dev/null
out=$(as A03 sync a04stick 2>&1)
contains "A03's import quarantines it" "$(as A03 quarantine)" "a published form (formdef) is written by an admin's device: A04"
contains "and version 2 stays in force" "$(as A03 forms list)" "site        v2"
finish
