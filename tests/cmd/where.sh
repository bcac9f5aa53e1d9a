# Where a record stands (issue 10): only on this laptop, at the station,
# reviewed. "At the station" is judged against the station's repository
# whatever the remote is named, and a laptop's records carried on a USB
# stick count once the station has imported them (its machine relays the
# laptop's branch to the central repository on its next sync).
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A02
as SUP init --station HH --device SUP --inspector 张科长 >/dev/null
as ADM enroll SUP "$(as SUP key)" --role supervisor >/dev/null
as ADM sync >/dev/null
as A02 sync >/dev/null
site=$(new_site A02 迎丰西路安置房)
R=$(as A02 new inspection --site "$site" $COMPLIANT --submit)
equals "a new record is only on this laptop" "$(as A02 where "$R" | head -1)" "only on this laptop"
contains "and its page says so" "$(as A02 show "$R")" "Where: only on this laptop"

# Over a USB stick: not at the station until the station has imported it.
stick="$T_TMP/stick.git"
as A02 remote add stick "$stick" >/dev/null
check "the laptop syncs to a USB stick" as A02 sync stick
equals "a stick is not the station" "$(as A02 where "$R" | head -1)" "only on this laptop"
as ADM remote add stick "$stick" >/dev/null
check "the station imports the stick" as ADM sync stick
equals "the station has the record" "$(as ADM show "$R" --format json | jq -r .status)" submitted
check "the station's next sync relays the laptop's branch to its repository" as ADM sync
check "the central repository has the laptop's branch" git -C "$SRV/central.git" rev-parse -q --verify refs/heads/devices/A02
as A02 sync >/dev/null
equals "the laptop's next sync finds it at the station" "$(as A02 where "$R" | head -1)" "at the station"
check "git fsck --strict on the station" fsck_ok "$SRV/central.git"

# The station's repository under another name than origin.
as SUP remote add central "$URL" >/dev/null
check "a supervisor syncs with a remote named central" as SUP sync central
check "and approves" as SUP approve "$R"
equals "the approval is only on that laptop" "$(as SUP where "$R" | head -1)" "only on this laptop"
check "sync central sends it" as SUP sync central
equals "at the station, whatever the remote is named" "$(as SUP where "$R" | head -1)" "at the station"
as A02 sync >/dev/null
out=$(as A02 where "$R")
contains "where on the inspector's laptop says it was reviewed, by whom" "$out" "approved by 张科长 (SUP)"
finish
