# The station's trust travels on a stick (issue 12): a laptop enrolled at
# the station that has never been online learns the station's key from a
# USB stick on its first sync (with the fingerprint, as over the network),
# takes the station's records from it, and its own records, carried back by
# the stick, reach a second laptop through the station's machine (which
# relays them) and the central repository. A stick carrying another
# station's key is refused by a laptop that trusts this one.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A02
as A02 sync >/dev/null
S0=$(new_site A02 迎丰西路安置房)
as A02 sync >/dev/null
# A05: enrolled at the station, no remote, never online.
as A05 init --station HH --device A05 --inspector 检查员A05 >/dev/null
as ADM enroll A05 "$(as A05 key)" >/dev/null
as ADM sync >/dev/null
stick="$T_TMP/stick.git"
as ADM remote add stick "$stick" >/dev/null
check "the station's machine writes a stick" as ADM sync stick
equals "the stick carries the station's key" \
	"$(git --git-dir="$stick" rev-parse refs/heads/trust)" "$(git --git-dir="$SRV/central.git" rev-parse refs/heads/station)"
fails "and is not taken for the station's repository (no station ref)" \
	git --git-dir="$stick" rev-parse -q --verify refs/heads/station

as A05 remote add stick "$stick" >/dev/null
out=$(as A05 sync stick 2>&1)
fp=$(as ADM sync 2>&1 >/dev/null; git --git-dir="$SRV/central.git" show refs/heads/station:station.json | jq -r .public_key)
contains "the stick-only laptop learns the station's key from the stick" "$out" "station key learned: ADM"
contains "showing its fingerprint to check" "$out" "(check it with the station admin)"
contains "and takes the station's records" "$out" "received"
equals "nothing quarantined" "$(as A05 quarantine | grep -c .)" 0
equals "A02's site is on the stick-only laptop" "$(as A05 show "$S0" --format json | jq -r .fields.name)" 迎丰西路安置房
equals "it trusts the station's key" "$(sqlite3 "$T_TMP/dev-A05/dustwatch.db" "SELECT value FROM settings WHERE key = 'station_key'")" "$fp"

S5=$(new_site A05 中方县城南还建房)
check "the stick-only laptop writes its site to the stick" as A05 sync stick
out=$(as ADM sync stick 2>&1)
contains "the station's machine takes it from the stick" "$out" "A05 (1)"
check "and relays it to the central repository" as ADM sync
check "git fsck --strict central.git" fsck_ok "$SRV/central.git"
out=$(as A02 sync 2>&1)
contains "the second laptop receives it from the central repository" "$out" "A05 (1)"
equals "A05's site is on A02" "$(as A02 show "$S5" --format json | jq -r .fields.name)" 中方县城南还建房

# Another station's stick: its key is not the one A05 trusts.
as OTH init --station HH --device OTH --inspector 别站 >/dev/null
as OTH station init "$T_TMP/other.git" >/dev/null
other="$T_TMP/other-stick.git"
as OTH remote add stick "$other" >/dev/null
as OTH sync stick >/dev/null 2>&1
git --git-dir="$other" update-ref refs/heads/trust "$(git --git-dir="$T_TMP/other.git" rev-parse refs/heads/station)" 2>/dev/null ||
	git --git-dir="$T_TMP/other.git" push -q "$other" refs/heads/station:refs/heads/trust
as A05 remote add other "$other" >/dev/null
before=$(dump_of A05)
out=$(as A05 sync other 2>&1)
equals "a stick with another station's key is refused" "$?" 1
contains "saying so" "$out" "is not the one this machine trusts: refusing"
equals "nothing changed on the laptop" "$(dump_of A05)" "$before"
finish
