# A stick tampered with and restored (issue 12): the station's machine
# imported the tampered branch, then sees the restored one, which does not
# descend from it: an alarm that names the ref, both commits and where the
# histories part, and prints the one command that accepts the branch again.
# Until then nothing of it imports; after it, honest new events do, and
# an event forged on the new side is still quarantined.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A01
stick="$T_TMP/stick.git"
as A01 remote add stick "$stick" >/dev/null
as ADM remote add stick "$stick" >/dev/null
S1=$(new_site A01 一号工地)
as A01 sync stick >/dev/null
as ADM sync stick >/dev/null
good=$(git --git-dir="$stick" rev-parse refs/heads/devices/A01)

# Tampered: a commit on top that removes an event file; imported as is.
wt="$T_TMP/wt"
git clone -q "$stick" "$wt" -b devices/A01
git -C "$wt" rm -q "$(git -C "$wt" ls-files devices | head -1)"
git -C "$wt" commit -qm tamper
git -C "$wt" push -q "$stick" HEAD:refs/heads/devices/A01
tampered=$(git -C "$wt" rev-parse HEAD)
as ADM sync stick >/dev/null 2>&1
# Restored, and the laptop writes on.
git --git-dir="$stick" update-ref refs/heads/devices/A01 "$good"
S2=$(new_site A01 二号工地)
as A01 sync stick >/dev/null 2>&1
seen=$(git --git-dir="$stick" rev-parse refs/heads/devices/A01)
out=$(as ADM sync stick 2>&1)
contains "the station's sync raises the alarm" "$out" "ALARM: 1 refs rewritten, not imported (dustwatch alarm)"
contains "naming the ref, what was imported and what is there now" "$out" \
	"ALARM: stick/devices/A01 was rewritten: imported up to $(echo "$tampered" | cut -c1-12), now at $(echo "$seen" | cut -c1-12)"
contains "and where the histories part" "$out" "the histories part at $(echo "$good" | cut -c1-12) (1 commit only on the imported side, 1 only on the new"
contains "printing the command that accepts it" "$out" "Check both, then: dustwatch alarm accept stick/devices/A01 $seen"
fails "nothing of the new side is imported" as ADM show "$S2"
equals "dustwatch alarm lists it" "$(as ADM alarm --format json | jq -r '.[0].ref + " " + .[0].seen')" "stick/devices/A01 $seen"
out=$(as ADM alarm accept stick/devices/A01 "$good" 2>&1)
equals "accepting a commit that is not the tip now is refused" "$?" 1
contains "saying what to do" "$out" "run 'dustwatch sync' and 'dustwatch alarm' again"
cmd=$(as ADM sync stick 2>&1 | sed -n 's/.*Check both, then: dustwatch //p' | head -1)
# shellcheck disable=SC2086 # the command as printed, split into words
out=$(as ADM $cmd 2>&1)
contains "the command the alarm prints accepts the branch" "$out" "accepted stick/devices/A01"
equals "the honest new site imports" "$(as ADM show "$S2" --format json | jq -r .fields.name)" 二号工地
equals "the earlier site stays" "$(as ADM show "$S1" --format json | jq -r .fields.name)" 一号工地
equals "the alarm is gone" "$(as ADM alarm | grep -c ALARM)" 0
out=$(as ADM sync stick 2>&1)
lacks "the next sync raises no alarm" "$out" "ALARM"
S3=$(new_site A01 三号工地)
as A01 sync stick >/dev/null 2>&1
as ADM sync stick >/dev/null 2>&1
equals "and later honest events import" "$(as ADM show "$S3" --format json | jq -r .fields.name)" 三号工地

# A rewritten ref whose new side carries a forgery: accepted, the forgery is
# still quarantined.
git -C "$wt" fetch -q origin
git -C "$wt" checkout -q -B forged origin/devices/A01
git -C "$wt" reset -q --hard HEAD~1
f=$(git -C "$wt" ls-files devices | head -1)
forge edit "$wt/$f" >"$T_TMP/forged"
put_file "$wt" A01 "$T_TMP/forged" >/dev/null
git -C "$wt" commit -qm forged
git -C "$wt" push -q -f "$stick" HEAD:refs/heads/devices/A01
cmd=$(as ADM sync stick 2>&1 | sed -n 's/.*Check both, then: dustwatch //p' | head -1)
# shellcheck disable=SC2086
out=$(as ADM $cmd 2>&1)
contains "a new side with a forged event is accepted" "$out" "1 quarantined"
contains "and the forgery is quarantined" "$(as ADM quarantine)" "signature"
fails "dustwatch alarm accept of a ref with no alarm" as ADM alarm accept stick/devices/A01 "$seen"
finish
