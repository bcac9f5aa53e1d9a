# Sync through git against a real git daemon (with the station's
# pre-receive hook) on 127.0.0.1: enrolment, three inspectors and a
# supervisor syncing in every order, concurrent edits, reindex, receipts.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

# --- the station: the admin's data directory is a device, its key the root
check "the admin's data directory" as ADM init --station HH --device ADM --inspector 管理员
out=$(as ADM station init "$SRV/central.git" --remote "$URL")
contains "station init names the trusted key" "$out" "trusting device ADM"
equals "receive.denyNonFastForwards is set" "$(git -C "$SRV/central.git" config receive.denyNonFastForwards)" true
equals "receive.denyDeletes is set" "$(git -C "$SRV/central.git" config receive.denyDeletes)" true
equals "receive.fsckObjects is set" "$(git -C "$SRV/central.git" config receive.fsckObjects)" true
check "the pre-receive hook is installed" test -x "$SRV/central.git/hooks/pre-receive"
check "git daemon serves the station" start_daemon

# --- enrolment: dustwatch key on the laptop, enroll at the station
for d in A01 A02 A03 SUP; do
	as $d init --station HH --device $d --inspector "检查员$d" --remote "$URL" >/dev/null || exit 1
	as ADM enroll $d "$(as $d key)" >/dev/null || not_ok "enroll $d"
done
fails "a device is enrolled once" as ADM enroll A01 "$(as A01 key)"
fails "only the station admin enrolls" as A01 enroll A02 "$(as A02 key)"
out=$(as ADM sync)
contains "the admin's sync pushes the device records and the station's settings (its sealing key)" "$out" "sent 5"
out=$(as A01 sync)
contains "first sync learns the station's key and shows its fingerprint" "$out" \
	"station key learned: ADM $(as ADM key --fingerprint)"
contains "first sync receives the registry and the settings" "$out" "received 5 from ADM (5)"

# --- offline work on every device, then syncs in every order
S1=$(new_site A01 鹤城区迎丰路安置小区二期)
I1=$(as A01 new inspection --site "$S1" $COMPLIANT --submit)
S2=$(new_site A02 中方县城南还建房)
S3=$(new_site A03 洪江市黔城镇商住楼)
S4=$(new_site SUP 怀化高铁新城综合体)
equals "a new record is only on this laptop" "$(as A01 where "$S1")" "only on this laptop"
for order in "A01 A02 A03 SUP ADM" "SUP A03 A02 A01 ADM" "A02 SUP A01 A03 ADM"; do
	for d in $order; do as $d sync >/dev/null 2>&1 || not_ok "sync $d ($order)"; done
done
equals "after sync the record is at the station" "$(as A01 where "$S1")" "at the station"
want=$(dump_of ADM)
for d in A01 A02 A03 SUP; do equals "$d has the same database as the station" "$(dump_of $d)" "$want"; done
equals "every site is everywhere" "$(as A03 list site | wc -l)" 4
for r in "$SRV/central.git" "$T_TMP"/dev-*/repo.git; do
	check "git fsck --strict $(basename "$(dirname "$r")")/$(basename "$r")" fsck_ok "$r"
done
# A fetch leaves the refs it moved packed in one file: a sync with nothing
# new reads that, not a file per device.
equals "the tracking refs are packed after a sync (none left loose)" \
	"$(find "$T_TMP/dev-A01/repo.git/refs/remotes" -type f | wc -l)" 0
equals "...and git reads them all from packed-refs" \
	"$(git -C "$T_TMP/dev-A01/repo.git" for-each-ref --format='%(refname)' 'refs/remotes/origin/devices/' | wc -l)" \
	"$(git -C "$SRV/central.git" for-each-ref --format='%(refname)' 'refs/heads/devices/' | wc -l)"
out=$(git -C "$SRV/central.git" ls-tree -r --name-only refs/heads/devices/A01 | head -1)
case "$out" in devices/A01/[0-9][0-9][0-9][0-9]/[0-1][0-9]/[0-3][0-9]/*) ok "events are in day folders" ;;
*) not_ok "events are in day folders" "$out" ;; esac
f=$(git -C "$SRV/central.git" ls-tree -r refs/heads/devices/A01 | head -1)
blob=$(echo "$f" | awk '{print $3}')
equals "an event's file is named by its blob id" "$(basename "$(echo "$f" | cut -f2)")" "$blob"
body=$(git -C "$SRV/central.git" cat-file blob "$blob")
id=$(printf '%s' "$body" | jq -r .id)
equals "the file is the event's text as stored" "$body" \
	"$(sqlite3 "$T_TMP/dev-A01/dustwatch.db" "SELECT body FROM events WHERE id = '$id'")"
out=$(as A02 sync)
contains "a sync with nothing new" "$out" "sent 0, received 0"

# --- the same record edited on two devices offline
check "A01 edits the verdict offline" as A01 set "$I1" verdict=rectify
check "A02 edits the verdict offline" as A02 set "$I1" verdict=stopwork
check "A02 edits another field offline" as A02 set "$I1" type=revisit
for round in 1 2; do for d in A02 A01 SUP A03 ADM; do as $d sync >/dev/null 2>&1; done; done
want=$(dump_of ADM)
for d in A01 A02 A03 SUP; do equals "$d folds the concurrent edits as the station does" "$(dump_of $d)" "$want"; done
c=$(as ADM conflicts)
contains "the conflict on a significant field is listed" "$c" verdict
for d in A01 A02 A03 SUP; do equals "$d lists the same conflict" "$(as $d conflicts)" "$c"; done

# --- reindex: the repository is the truth
before=$(dump_of A02)
clocks() { sqlite3 "$T_TMP/dev-$1/dustwatch.db" "SELECT * FROM device_clocks ORDER BY device;
	SELECT value = (SELECT max(rowid) FROM events) FROM settings WHERE key = 'clock_rowid'"; }
# What the station has of the device's own events (db/003's at_station).
away() { sqlite3 "$T_TMP/dev-$1/dustwatch.db" "SELECT at_station, count(*) FROM events WHERE local = 1 GROUP BY 1"; }
as A02 sync >/dev/null # device_clocks up to date
clocks_before=$(clocks A02)
away_before=$(away A02)
contains "the device's own events are known at the station" "$away_before" "1|"
out=$(as A02 reindex)
equals "reindex brings the devices' clocks up to date itself (db/012)" "$(clocks A02)" "$clocks_before"
equals "reindex knows which own events the station has" "$(away A02)" "$away_before"
contains "reindex reports its count" "$out" "reindexed"
equals "reindex gives the incrementally built database" "$(dump_of A02)" "$before"
# A reindex makes the search index anew: a draft's text stays, and every
# record is found once
as A02 new site name=草稿工地丙 district=hecheng >/dev/null
check "a reindex with a draft" as A02 reindex
found() { as A02 list site --search "$1" --format csv | tail -n +2 | wc -l; }
equals "the draft is found by search after the reindex" "$(found 草稿工地丙)" 1
equals "...and a record from another device, once" "$(found 迎丰路安置小区)" 1
equals "...and every site once" "$(found 工地丙)$(found 城南还建房)$(found 黔城镇)" 111
before=$(dump_of ADM)
check "reindex on the station admin's machine" as ADM reindex
equals "reindex at the station gives the same database" "$(dump_of ADM)" "$before"
equals "records keep their place after reindex" "$(as A01 reindex >/dev/null; as A01 where "$S1")" "at the station"

# --- an unenrolled device is refused by the hook; its sync still exits 0
as Z9 init --station HH --device Z9 --inspector 无名 --remote "$URL" >/dev/null
new_site Z9 未登记工地 >/dev/null
out=$(as Z9 sync 2>&1)
rc=$?
equals "a refused push still exits 0" "$rc" 0
contains "the refusal is shown" "$out" "push refused"
contains "the hook says why" "$out" "not enrolled"
fails "the unenrolled device's branch is not at the station" git -C "$SRV/central.git" rev-parse --verify -q refs/heads/devices/Z9
equals "its record stays only on the laptop" "$(as Z9 list site --format json | jq -r '.[0].id' | xargs -I{} env DUSTWATCH_HOME="$T_TMP/dev-Z9" "$DW" where {})" "only on this laptop"

# --- a data directory that writes for several devices (the demo's)
"$DW" demo "$T_TMP/dev-DEMO" --records 300 --seed 3 >/dev/null 2>&1
before=$(dump_of DEMO)
out=$(as DEMO reindex)
lacks "reindex of a demo station quarantines nothing" "$out" quarantined
equals "reindex of a demo station gives the same database" "$(dump_of DEMO)" "$before"
check "each device's events are on its own branch" \
	test "$(git -C "$T_TMP/dev-DEMO/repo.git" for-each-ref refs/heads/devices | wc -l)" -gt 1
check "git fsck --strict on the demo's repository" fsck_ok "$T_TMP/dev-DEMO/repo.git"

finish
