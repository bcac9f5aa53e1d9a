# Events that arrive before their record's create event: edits by one
# laptop of a record another laptop created, carried on a USB stick that
# has only the editor's branch. They wait in the quarantine (kept, listed,
# never applied), a reindex keeps them waiting, and they apply once the
# create arrives; everyone ends with the same database. Imports fold each
# record once, after its branch (reindex: after every branch), so this is
# the path where a fold fails and its events go back to the quarantine.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A01 A02 A03
as A02 sync >/dev/null
as A03 sync >/dev/null
site=$(new_site A01 "迎丰西路安置房")
as A01 sync >/dev/null
as A02 sync >/dev/null
check "the editor has the site" as A02 show "$site"
as A02 set "$site" stage=structure >/dev/null
as A02 set "$site" stage=finishing >/dev/null
stick="$T_TMP/stick.git"
as A02 remote add stick "$stick" >/dev/null
check "the editor syncs to the stick" as A02 sync stick
as A03 remote add stick "$stick" >/dev/null
out=$(as A03 sync stick 2>&1)
check "a sync from the stick completes" test $? -eq 0
equals "the site is not shown without its create event" "$(as A03 list site | grep -c 迎丰西路)" 0
q=$(as A03 quarantine)
equals "both edits wait in the quarantine" "$(printf '%s\n' "$q" | grep -c 'has no create event')" 2
check "the quarantine names the stick's branch of the editor" sh -c "printf '%s' \"\$1\" | grep -q 'refs/remotes/stick/devices/A02'" _ "$q"
check "nothing of the edits is in the database" \
	test "$(sqlite3 "$T_TMP/dev-A03/dustwatch.db" "SELECT count(*) FROM events WHERE device = 'A02'")" = 0
before=$(dump_of A03)
check "reindex with the edits waiting" as A03 reindex
equals "reindex gives the same database" "$(dump_of A03)" "$before"
q=$(as A03 quarantine)
equals "the edits still wait after reindex" "$(printf '%s\n' "$q" | grep -c 'has no create event')" 2
check "...under the stick's branch" sh -c "printf '%s' \"\$1\" | grep -q 'refs/remotes/stick/devices/A02'" _ "$q"

# The create arrives from the station: the edits apply.
check "the editor syncs with the station" as A02 sync
check "a sync with the station" as A03 sync
equals "the site arrives with the last edit" \
	"$(as A03 show "$site" --format json | jq -r '.fields.stage')" finishing
equals "the quarantine is empty" "$(as A03 quarantine | grep -c 'has no create event')" 0
as A01 sync >/dev/null
equals "the creator and the late laptop agree" "$(dump_of A03)" "$(dump_of A01)"
equals "the editor agrees" "$(dump_of A02)" "$(dump_of A01)"
check "reindex of the late laptop" as A03 reindex
equals "reindex equals the incremental database" "$(dump_of A03)" "$(dump_of A01)"
equals "every event once" \
	"$(sqlite3 "$T_TMP/dev-A03/dustwatch.db" "SELECT count(*) = count(DISTINCT id) FROM events")" 1

# An orphan: an edit whose record's create never comes (the record's
# creator lost the laptop). Kept aside through syncs and reindexes.
orphan_home="$T_TMP/dev-A04"
as A04 init --station HH --device A04 --inspector 检查员A04 --remote "$URL" >/dev/null
as ADM enroll A04 "$(as A04 key)" >/dev/null
as ADM sync >/dev/null
as A04 sync >/dev/null
as A03 sync >/dev/null # learns A04's key
lost=$(new_site A04 "丢失笔记本的工地")
as A04 set "$lost" stage=structure >/dev/null
# Only the edit reaches the station: the create's file is removed from the
# laptop's branch before it syncs (as if written by a broken program).
as A04 remote add stick "$stick" >/dev/null
check "the laptop writes its branch to the stick" as A04 sync stick
wt="$T_TMP/wt"
git clone -q "$orphan_home/repo.git" "$wt" -b devices/A04
create=$(grep -rl '"op":"create"' "$wt/devices/A04" | head -1)
git -C "$wt" rm -q "$create"
git -C "$wt" commit -qm "lose the create"
git -C "$wt" push -q "$stick" +HEAD:refs/heads/devices/A04
a04=$(as A04 sync stick 2>&1)
check "the laptop whose branch was rewritten on the stick still syncs" test $? -eq 0
contains "...and is told its push was refused, not forced" "$a04" "non-fast-forward"
equals "the stick keeps the rewritten branch" "$(git -C "$stick" rev-parse refs/heads/devices/A04)" \
	"$(git -C "$wt" rev-parse HEAD)"
check "git fsck --strict on the stick" fsck_ok "$stick"
out=$(as A03 sync stick 2>&1)
check "a sync bringing an orphan edit completes" test $? -eq 0
equals "the orphan edit waits in the quarantine" "$(as A03 quarantine | grep -c 'has no create event')" 1
check "reindex with an orphan" as A03 reindex
equals "the orphan edit still waits after reindex, not lost" "$(as A03 quarantine | grep -c 'has no create event')" 1
equals "the rest is as before" "$(as A03 list site | grep -c 迎丰西路)" 1
finish
