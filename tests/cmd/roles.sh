# Roles (issue 10): a device is enrolled as an inspector's (the default), a
# supervisor's or an admin's, and only a supervisor's or an admin's device
# may approve, return, close a notice, settle a conflict, void another
# device's record or reopen. An inspector's approval is refused by the
# command; the same event signed by that device anyway (test-no-roles:
# the project's own code with this machine's check off) is refused by the
# station's hook, and quarantined with the reason by every machine that
# imports it from a USB stick, until a role change lets it in.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A02 A03
out=$(as ADM enroll SUP "$(as A02 key)" --role chief 2>&1)
equals "enroll: an unknown role is a usage error" "$?" 2
contains "naming the roles" "$out" "--role is inspector, supervisor or admin"
as SUP init --station HH --device SUP --inspector 张科长 --remote "$URL" >/dev/null
out=$(as ADM enroll SUP "$(as SUP key)" --role supervisor)
contains "enroll --role supervisor" "$out" "enrolled SUP as supervisor"
equals "the device record carries the role" \
	"$(as ADM list device --format json | jq -r '.[] | select(.fields.code == "SUP") | .fields.role')" supervisor
equals "a device enrolled without --role is an inspector's" \
	"$(as ADM list device --format json | jq -r '.[] | select(.fields.code == "A02") | .fields.role')" inspector
as ADM sync >/dev/null
for d in A02 A03 SUP; do as $d sync >/dev/null; done

site=$(new_site A02 迎丰西路安置房)
R=$(as A02 new inspection --site "$site" $COMPLIANT --submit)
R=$(as A02 show "$R" --format json | jq -r .id) # new --submit prints the number
R2=$(as A02 new inspection --site "$site" $COMPLIANT --submit)
as A02 sync >/dev/null

# (a) the command
out=$(as A02 approve "$R" 2>&1)
equals "an inspector's device cannot approve" "$?" 1
contains "and says why" "$out" "approve needs a supervisor's device: A02 is an inspector's"
out=$(as A02 return "$R" --comment 照片不清 2>&1)
contains "nor return" "$out" "return needs a supervisor's device: A02 is an inspector's"
equals "the record is still submitted" "$(as A02 show "$R" --format json | jq -r .status)" submitted
as A03 sync >/dev/null
out=$(as A03 void "$R2" --reason 重复 2>&1)
contains "nor void another device's record" "$out" "voiding another device's record needs a supervisor's device: A03 is an inspector's"
R3=$(as A03 new inspection --site "$site" $COMPLIANT --submit)
check "but may void its own" as A03 void "$R3" --reason 重复录入

# the supervisor's device may
as SUP sync >/dev/null
check "a supervisor's device approves" as SUP approve "$R2"
check "the admin's device (the station's) may too" as ADM sync
as SUP sync >/dev/null

# (b), (c): the same approval signed by the inspector's device anyway
check "test-no-roles: the inspector's device signs an approval" as A02 test-no-roles approve "$R"
equals "(on that laptop it is approved)" "$(as A02 show "$R" --format json | jq -r .status)" approved
out=$(as A02 sync 2>&1)
contains "the station's hook refuses the push" "$out" "approve needs a supervisor's device: A02 is an inspector's"
as ADM sync >/dev/null
equals "the station does not have it" "$(as ADM show "$R" --format json | jq -r .status)" submitted

stick="$T_TMP/stick.git"
as A02 remote add stick "$stick" >/dev/null
check "the inspector's laptop writes to a USB stick (no hook)" as A02 sync stick
as SUP remote add stick "$stick" >/dev/null
out=$(as SUP sync stick 2>&1)
contains "the supervisor's import quarantines it" "$out" "quarantined"
q=$(as SUP quarantine)
contains "with the reason" "$q" "approve needs a supervisor's device: A02 is an inspector's"
equals "the record stays submitted there" "$(as SUP show "$R" --format json | jq -r .status)" submitted
equals "and it is in the review queue" "$(as SUP review --format json | jq -r --arg r "$R" '[.[] | select(.id == $r)] | length')" 1

# A role change (a new admin-signed device event) lets it in on retry.
out=$(as ADM enroll A02 --role supervisor)
contains "enroll DEVICE --role changes the role" "$out" "device A02 is now a supervisor's"
as ADM sync >/dev/null
as SUP sync >/dev/null
equals "after the role change the quarantined approval applies" "$(as SUP show "$R" --format json | jq -r .status)" approved
equals "and the quarantine is empty" "$(as SUP quarantine | grep -c .)" 0
check "and the station accepts the push now" as A02 sync
# Settling a conflict: A03 (an inspector) settles anyway; every machine
# that folded the conflict quarantines the settling event, with the reason.
S3=$(new_site A03 鹤城区迎丰路安置小区二期)
I=$(as A03 new inspection --site "$S3" $COMPLIANT --submit)
I=$(as A03 show "$I" --format json | jq -r .id)
for d in A03 SUP A03; do as $d sync >/dev/null 2>&1; done
as A03 set "$I" verdict=rectify >/dev/null
as SUP set "$I" verdict=stopwork >/dev/null
for d in A03 SUP A03 SUP; do as $d sync >/dev/null 2>&1; done
equals "A03 and SUP both have the conflict" "$(as A03 conflicts --format json | jq length) $(as SUP conflicts --format json | jq length)" "1 1"
out=$(as A03 set "$I" verdict=rectify 2>&1)
contains "the command refuses an inspector's settling" "$out" "settling a conflict needs a supervisor's device: A03 is an inspector's"
check "written anyway (test-no-roles)" as A03 test-no-roles set "$I" verdict=rectify
as A03 sync >/dev/null 2>&1
as SUP sync >/dev/null 2>&1
contains "the supervisor's import quarantines the inspector's settling, with the reason" "$(as SUP quarantine)" \
	"settling a conflict needs a supervisor's device: A03 is an inspector's"
equals "the conflict stays there" "$(as SUP conflicts --format json | jq length)" 1
# A device enrolled with the device form's version 1 (no role field: a
# station's older form) is given a role later: the edit takes the record to
# version 3 (the role, and for a supervisor the station's personal data
# key, seal.h), and the role holds everywhere, for the hook too.
sqlite3 "$T_TMP/dev-ADM/dustwatch.db" "SELECT source FROM forms WHERE kind = 'device' AND version = 1" >"$T_TMP/device-v1.form"
mkdir -p "$T_TMP/dev-ADM/forms"
cp "$T_TMP/device-v1.form" "$T_TMP/dev-ADM/forms/device.form"
as A04 init --station HH --device A04 --inspector 检查员A04 --remote "$URL" >/dev/null
check "a device enrolled with version 1 of the device form" as ADM enroll A04 "$(as A04 key)"
equals "its record is of version 1, without a role" \
	"$(as ADM list device --format json | jq -c '.[] | select(.fields.code == "A04") | [.form_version, .fields.role]')" "[1,null]"
rm "$T_TMP/dev-ADM/forms/device.form"
out=$(as ADM enroll A04 --role supervisor 2>&1)
contains "enroll --role gives it a role" "$out" "device A04 is now a supervisor's"
equals "the record moves to version 3" \
	"$(as ADM list device --format json | jq -c '.[] | select(.fields.code == "A04") | [.form_version, .fields.role, (.fields.station_secret | length)]')" '[3,"supervisor",160]'
as ADM sync >/dev/null
as A04 sync >/dev/null
R4=$(as A02 new inspection --site "$site" $COMPLIANT --submit)
R4=$(as A02 show "$R4" --format json | jq -r .id)
as A02 sync >/dev/null 2>&1
as A04 sync >/dev/null 2>&1
check "its device approves" as A04 approve "$R4"
out=$(as A04 sync 2>&1)
lacks "the station's hook takes the approval" "$out" "refused"
as SUP sync >/dev/null 2>&1
st=$(as SUP show "$R4" --format json | jq -r .status)
equals "and another machine applies it" "$st" approved
# (what the supervisor's machine had, should it not: a flaky run, once)
[ "$st" = approved ] || { as SUP quarantine; as SUP list device --format json |
	jq -c '.[] | [.fields.code, .form_version, .fields.role]'; as SUP history "$R4"; } | sed 's/^/# /'
finish
