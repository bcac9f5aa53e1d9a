# The revocation drill (issue 12) over git daemon on 127.0.0.1: a laptop
# writes and syncs, is revoked, writes more offline and syncs again, by the
# network and then by a stick carried to the station and to another laptop.
# The later events are refused by the station's hook and quarantined on
# every machine with the reason; the earlier ones stay (also for a laptop
# enrolled after the revocation); a replacement laptop with a new key for
# the same device code goes on from the station's copy of the branch.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A01 A02
S1=$(new_site A01 迎丰西路安置房)
as A01 sync >/dev/null
as A02 sync >/dev/null
as ADM sync >/dev/null
equals "A02 has A01's site before the revocation" "$(as A02 show "$S1" --format json | jq -r .fields.name)" 迎丰西路安置房

# Only the station's admin revokes, with a reason.
fails "an inspector's laptop cannot revoke" as A02 revoke A01 --reason 丢失
out=$(as ADM revoke A01 2>&1)
equals "revoke without --reason is a usage error" "$?" 2
contains "saying what is missing" "$out" "--reason TEXT is required"
cut=$(git --git-dir="$SRV/central.git" rev-parse refs/heads/devices/A01)
out=$(as ADM revoke A01 --reason 笔记本丢失 2>&1)
contains "the admin revokes A01 at the station's head of its branch" "$out" "revoked A01's key at commit $(echo "$cut" | cut -c1-12)"
contains "saying how many of its files stay valid" "$out" "event file kept)"
check "the revocation goes to the station" as ADM sync

# The lost laptop writes on and syncs over the network: refused.
S2=$(new_site A01 被盗后写的工地)
out=$(as A01 sync 2>&1)
contains "the station's hook refuses the revoked laptop's push" "$out" "revoked: 笔记本丢失"
equals "the station's branch of A01 stays at the cut" "$(git --git-dir="$SRV/central.git" rev-parse refs/heads/devices/A01)" "$cut"

# ...and by a stick, carried to the station's machine.
stick="$T_TMP/stick.git"
as A01 remote add stick "$stick" >/dev/null
as A01 sync stick >/dev/null 2>&1
as ADM remote add stick "$stick" >/dev/null
as ADM sync stick >/dev/null 2>&1
contains "the station's machine quarantines what the stick brought, with the reason" "$(as ADM quarantine)" "revoked: 笔记本丢失"
fails "the later site is not on the station's machine" as ADM show "$S2"
equals "the earlier one stays" "$(as ADM show "$S1" --format json | jq -r .fields.name)" 迎丰西路安置房
as ADM sync >/dev/null 2>&1
equals "nothing later reached the central repository" "$(git --git-dir="$SRV/central.git" rev-parse refs/heads/devices/A01)" "$cut"

# ...and to another laptop.
as A02 sync >/dev/null
as A02 remote add stick "$stick" >/dev/null
as A02 sync stick >/dev/null 2>&1
contains "another laptop quarantines it too, with the reason" "$(as A02 quarantine)" "revoked: 笔记本丢失"
fails "the later site is not on the other laptop" as A02 show "$S2"
equals "the earlier one stays there" "$(as A02 show "$S1" --format json | jq -r .fields.name)" 迎丰西路安置房

# The admin reviews the quarantined event and lets it in, written again by
# the station's device with the original inside; a forgery never gets in.
blob=$(as ADM quarantine | grep "revoked: 笔记本丢失" | head -1 | cut -f2 | sed 's,.*/,,')
out=$(as ADM admit "$blob" 2>&1)
equals "admit without --note is a usage error" "$?" 2
fails "an inspector's laptop cannot let it in" as A02 admit "$blob" --note 核实
out=$(as ADM admit "$(echo "$blob" | cut -c1-10)" --note 核实为丢失前所写 2>&1)
contains "the admin lets the revoked laptop's event in" "$out" "let in the create of record $S2 by A01, written again by ADM"
equals "the site is on the station's machine now" "$(as ADM show "$S2" --format json | jq -r .fields.name)" 被盗后写的工地
equals "it is out of the quarantine" "$(as ADM quarantine | grep -c "$blob")" 0
check "it goes to the station" as ADM sync
as A02 sync >/dev/null 2>&1
equals "and reaches the other laptop" "$(as A02 show "$S2" --format json | jq -r .fields.name)" 被盗后写的工地
ev=$(git --git-dir="$SRV/central.git" grep -l '"admits"' refs/heads/devices/ADM -- devices | head -1)
evtext=$(git --git-dir="$SRV/central.git" show "$ev")
equals "the original, with its signature, is inside the admitted event" \
	"$(printf '%s' "$evtext" | jq -r '.admits.event.device + " " + .admits.note')" "A01 核实为丢失前所写"
W="$T_TMP/w"
git clone -q "$stick" "$W" 2>/dev/null
git -C "$W" checkout -q -B a01 origin/devices/A01
first=$(git -C "$W" ls-tree -r --name-only HEAD -- devices | head -1)
forge edit "$W/$first" >"$T_TMP/forged"
put_file "$W" A01 "$T_TMP/forged" >/dev/null
git -C "$W" commit -qm forged
git -C "$W" push -q "$stick" HEAD:refs/heads/devices/A01
as ADM sync stick >/dev/null 2>&1
fblob=$(as ADM quarantine | grep signature | head -1 | cut -f2 | sed 's,.*/,,')
out=$(as ADM admit "$fblob" --note 试试 2>&1)
equals "a forged event is not let in" "$?" 1
contains "saying why" "$out" "a forgery is never let in"
fails "admitting a file that is not quarantined" as ADM admit 0000000000 --note 无

# A laptop enrolled after the revocation takes what came before the cut.
as A03 init --station HH --device A03 --inspector 检查员A03 --remote "$URL" >/dev/null
as ADM enroll A03 "$(as A03 key)" >/dev/null
as ADM sync >/dev/null
as A03 sync >/dev/null 2>&1
equals "a laptop enrolled later has the site written before the cut" \
	"$(as A03 show "$S1" --format json | jq -r .fields.name)" 迎丰西路安置房
equals "and quarantines nothing" "$(as A03 quarantine | grep -c revoked)" 0

# A replacement laptop: a new key for the same device code.
as A01N init --station HH --device A01 --inspector 检查员A01 --remote "$URL" >/dev/null
out=$(as ADM enroll A01 "$(as A01N key)" 2>&1)
contains "enrolling a new key for A01 revokes the old one" "$out" "device A01 has a new key; the old one is revoked at commit"
as ADM sync >/dev/null
check "the replacement laptop syncs" as A01N sync
equals "it has the old laptop's site from before the cut" "$(as A01N show "$S1" --format json | jq -r .fields.name)" 迎丰西路安置房
equals "and quarantines none of it" "$(as A01N quarantine | grep -c .)" 0
S3=$(new_site A01N 换机后的工地)
check "the replacement laptop's record goes to the station" as A01N sync
equals "on top of the cut" "$(git --git-dir="$SRV/central.git" rev-parse "refs/heads/devices/A01~1")" "$cut"
check "git fsck --strict central.git" fsck_ok "$SRV/central.git"
as A02 sync >/dev/null 2>&1
equals "it reaches the other laptop" "$(as A02 show "$S3" --format json | jq -r .fields.name)" 换机后的工地
equals "written as device A01" "$(as A02 show "$S3" --format json | jq -r .device)" A01
S4=$(new_site A01 换机后旧机又写的工地)
out=$(as A01 sync 2>&1)
contains "the old laptop is still refused" "$out" "refused"
as A02 sync >/dev/null 2>&1
fails "and its later site never reaches the other laptop" as A02 show "$S4"
finish
