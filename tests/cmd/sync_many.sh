# Ten devices at once (the issue's must-show): a station served by git
# daemon on 127.0.0.1, ten enrolled inspector laptops each writing 100
# events offline, then all of them and the station admin syncing at the
# same time, twice. Afterwards every machine holds the same 1,000 events
# and the same database, and every repository passes git fsck --strict.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

DEVS="B01 B02 B03 B04 B05 B06 B07 B08 B09 B10"

as ADM init --station HH --device ADM --inspector 管理员 >/dev/null || exit 1
as ADM station init "$SRV/central.git" --remote "$URL" >/dev/null || exit 1
check "git daemon serves the station" start_daemon
for d in $DEVS; do
	as $d init --station HH --device $d --inspector "检查员$d" --remote "$URL" >/dev/null || exit 1
	as ADM enroll $d "$(as $d key)" >/dev/null || not_ok "enroll $d"
done
out=$(as ADM sync)
contains "the admin's sync pushes ten device records and the station's settings" "$out" "sent 11"

# write100 DEV: 20 sites, each created and then edited four times.
write100() {
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		s=$(new_site "$1" "$1号工地$i") || return 1
		for stage in structure finishing foundation structure; do
			as "$1" set "$s" stage=$stage >/dev/null || return 1
		done
	done
}
pids=""
for d in $DEVS; do
	write100 $d >"$T_TMP/write-$d.log" 2>&1 &
	pids="$pids $!"
done
bad=0
for p in $pids; do wait $p || bad=$((bad + 1)); done
equals "ten devices each write 100 events offline" "$bad" 0
n=0
for d in $DEVS; do
	n=$((n + $(sqlite3 "$T_TMP/dev-$d/dustwatch.db" "SELECT count(*) FROM events WHERE device = '$d'")))
done
equals "1,000 new events in all" "$n" 1000

# sync_all ROUND: the ten devices and the admin sync at the same time.
sync_all() {
	pids=""
	for d in ADM $DEVS; do
		as $d sync >"$T_TMP/sync$1-$d.out" 2>"$T_TMP/sync$1-$d.err" &
		pids="$pids $!"
	done
	bad=0
	for p in $pids; do wait $p || bad=$((bad + 1)); done
	[ $bad -eq 0 ] || { cat "$T_TMP"/sync"$1"-*.err; return 1; }
}
t0=$(date +%s)
check "round 1: eleven concurrent syncs exit 0" sync_all 1
errs=$(cat "$T_TMP"/sync1-*.err)
equals "round 1: no push is refused" "$errs" ""
check "round 2: eleven concurrent syncs exit 0" sync_all 2
errs=$(cat "$T_TMP"/sync2-*.err)
equals "round 2: no push is refused" "$errs" ""
echo "# two rounds of eleven concurrent syncs: $(($(date +%s) - t0)) s"

for d in $DEVS; do
	equals "the station has $d's 100 events" \
		"$(git -C "$SRV/central.git" ls-tree -r --name-only refs/heads/devices/$d | wc -l)" 100
done
want=$(dump_of ADM)
for d in ADM $DEVS; do
	equals "$d holds all 1,000 events" \
		"$(sqlite3 "$T_TMP/dev-$d/dustwatch.db" "SELECT count(*) FROM events WHERE device != 'ADM'")" 1000
done
for d in $DEVS; do equals "$d has the same database as the station admin" "$(dump_of $d)" "$want"; done
equals "every site is everywhere" "$(as B07 list site | wc -l)" 200
for d in $DEVS; do
	equals "$d: nothing quarantined" "$(as $d quarantine)" ""
done
for r in "$SRV/central.git" "$T_TMP"/dev-*/repo.git; do
	check "git fsck --strict $(basename "$(dirname "$r")")/$(basename "$r")" fsck_ok "$r"
done
out=$(as B03 sync)
contains "a third sync has nothing new" "$out" "sent 0, received 0"

finish
