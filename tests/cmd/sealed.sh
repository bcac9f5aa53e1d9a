# Sealed personal data (issue 12): a complaint's complainant and phone (a
# private field) travel sealed to the station's key. The central
# repository, a second inspector's laptop (its repository and its database
# file) and a USB stick hold only ciphertext: `git grep` and grep find
# nothing; the laptop that wrote it, the station admin's machine and a
# supervisor's machine (given the key at enrollment, sealed to its own
# key) show it, find it by search and export it.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

PHONE=13974512368
NAME=覃素梅
station_with A02 A03
seal_key=$(as ADM config seal_key)
equals "station init makes the station's sealing key (a setting that travels)" "${#seal_key}" 64
check "its secret half is on the admin's machine only, mode 0600" \
	test "$(stat -c %a "$T_TMP/dev-ADM/keys/station-seal.key")" = 600
as SUP init --station HH --device SUP --inspector 张科长 --remote "$URL" >/dev/null
as ADM enroll SUP "$(as SUP key)" --role supervisor >/dev/null
secret=$(as ADM list device --format json | jq -r '.[] | select(.fields.code == "SUP") | .fields.station_secret')
equals "a supervisor's device record carries the key sealed to that device" "${#secret}" 160
equals "an inspector's does not" \
	"$(as ADM list device --format json | jq -r '.[] | select(.fields.code == "A02") | .fields.station_secret')" null
as ADM sync >/dev/null
for d in A02 A03; do as $d sync >/dev/null; done
equals "every laptop learns the sealing key by sync" "$(as A02 config seal_key)" "$seal_key"

site=$(new_site A02 迎丰西路安置房)
C=$(as A02 new complaint --site "$site" channel=hotline consent=yes "complainant=$NAME,$PHONE" category=dust \
	content=夜间扬尘很大 --submit --format json | jq -r .id)
out=$(as A02 show "$C")
contains "the writing laptop shows the complainant" "$out" "$PHONE"
contains "by name" "$out" "$NAME"
contains "and finds the complaint by the phone" "$(as A02 list --search "$PHONE" --format json | jq -r '.[].id')" "$C"
as A02 sync >/dev/null
as ADM sync >/dev/null
for d in A03 SUP; do as $d sync >/dev/null; done
as SUP sync >/dev/null

# Where it must not be.
central="$SRV/central.git"
lacks "git grep of the phone in the central repository finds nothing" \
	"$(git -C "$central" grep -c "$PHONE" $(git -C "$central" for-each-ref --format='%(refname)') 2>&1)" "$PHONE"
lacks "nor of the name" \
	"$(git -C "$central" grep -c "$NAME" $(git -C "$central" for-each-ref --format='%(refname)') 2>&1)" ":"
check "the event is in the central repository, sealed" \
	sh -c "git -C '$central' grep -l '\"sealed\":' \$(git -C '$central' for-each-ref --format='%(refname)' refs/heads/devices/A02) | grep -q ."
A03repo="$T_TMP/dev-A03/repo.git"
lacks "nor on another inspector's laptop: its repository" \
	"$(git -C "$A03repo" grep -c "$PHONE" $(git -C "$A03repo" for-each-ref --format='%(refname)') 2>&1)" "$PHONE"
as A03 show "$C" >/dev/null # (its database is open and checkpointed after)
check "nor its database file" sh -c "! grep -a -q '$PHONE' '$T_TMP/dev-A03/dustwatch.db'"
check "nor its database's log" sh -c "! cat '$T_TMP/dev-A03/'dustwatch.db-wal 2>/dev/null | grep -a -q '$PHONE'"
out=$(as A03 show "$C" --lang zh)
contains "there the field shows as sealed" "$out" "投诉人及电话: （已密封）"
contains "(in English too)" "$(as A03 show "$C" --lang en)" "Complainant and phone: (sealed)"
lacks "and not the phone" "$out" "$PHONE"
equals "its search does not find it" "$(as A03 list --search "$PHONE" --format json | jq length)" 0
contains "but the rest of the complaint is there" "$(as A03 show "$C" --lang en)" "夜间扬尘很大"
out=$(as A03 export complaint --format csv)
lacks "nor does its export hold it" "$out" "$PHONE"
check "its repository is sound" fsck_ok "$A03repo"

# Where it must be.
for d in SUP ADM; do
	out=$(as $d show "$C")
	contains "$d's machine shows the phone" "$out" "$PHONE"
	contains "$d finds it by search" "$(as $d list --search "$PHONE" --format json | jq -r '.[].id')" "$C"
	contains "$d exports it" "$(as $d export complaint --format csv)" "$PHONE"
done
contains "the supervisor's export has the name too" "$(as SUP export complaint --format json)" "$NAME"

# The supervisor's machine keeps its clear copy through a reindex; an
# edit of the complaint on another machine keeps the sealed value.
check "reindex on the supervisor's machine" as SUP reindex
contains "which still shows it" "$(as SUP show "$C")" "$PHONE"
check "reindex on the laptop that wrote it" as A02 reindex
contains "which keeps its own clear copy" "$(as A02 show "$C")" "$PHONE"
check "an inspector without the key can still take the complaint a step (handling)" as A03 handle "$C"
as A03 sync >/dev/null
as SUP sync >/dev/null
out=$(as SUP show "$C" --format json)
equals "the step reached the supervisor" "$(printf '%s' "$out" | jq -r .status)" handling
equals "the complainant is intact" "$(printf '%s' "$out" | jq -r .fields.complainant.phone)" "$PHONE"

# A device made a supervisor later gets the key then, and opens what it
# already holds.
out=$(as ADM enroll A03 --role supervisor)
contains "A03 becomes a supervisor's" "$out" "now a supervisor's"
as ADM sync >/dev/null
out=$(as A03 sync)
contains "its sync says the key came" "$out" "personal data key received"
contains "and the complaint it already had opens" "$(as A03 show "$C")" "$PHONE"

# A USB stick carries it sealed too.
as A02 remote add stick "$T_TMP/stick.git" >/dev/null
check "a stick carries the sealed event" as A02 sync stick
lacks "and holds no clear phone" "$(git -C "$T_TMP/stick.git" grep -c "$PHONE" $(git -C "$T_TMP/stick.git" for-each-ref --format='%(refname)') 2>&1)" "$PHONE"
finish
