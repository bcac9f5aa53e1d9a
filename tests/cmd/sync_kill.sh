# A sync killed with SIGKILL at any point (commit, fetch, import, push)
# leaves the data intact, and the next sync converges with every event
# exactly once.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"
# The syncs to kill run as plain background commands, not through `as`: $!
# must be dustwatch itself, not a subshell whose killing would leave the
# sync running (and holding sync.lock) behind the next one.

station_with A01 A02
as A02 sync >/dev/null
n=0
for delay in 0.01 0.03 0.06 0.1 0.15 0.2 0.3; do
	for i in 1 2 3 4 5; do new_site A01 "工地$delay-$i" >/dev/null; n=$((n + 1)); done
	env DUSTWATCH_HOME="$T_TMP/dev-A01" "$DW" sync >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	# The receiving side killed too, during fetch and import.
	env DUSTWATCH_HOME="$T_TMP/dev-A02" "$DW" sync >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
done
check "the next sync of the killed sender completes" as A01 sync
check "the next sync of the killed receiver completes" as A02 sync
equals "every record arrived" "$(as A02 list site | wc -l)" "$n"
equals "every event exactly once in the database" \
	"$(sqlite3 "$T_TMP/dev-A02/dustwatch.db" "SELECT count(*), count(DISTINCT id) FROM events WHERE device = 'A01'")" "$n|$n"
equals "every event exactly once in the station's branch" \
	"$(git -C "$SRV/central.git" ls-tree -r --name-only refs/heads/devices/A01 | sort -u | wc -l)" "$n"
equals "nothing pending on the sender" \
	"$(sqlite3 "$T_TMP/dev-A01/dustwatch.db" "SELECT count(*) FROM events WHERE blob IS NULL OR at_station = 0")" 0
equals "the receiver has the sender's database" "$(dump_of A02)" "$(dump_of A01)"
# The same through a USB stick (a path remote: objects copied as one pack,
# refs moved after it).
stick="$T_TMP/stick.git"
as A01 remote add stick "$stick" >/dev/null
as A02 remote add stick "$stick" >/dev/null
for delay in 0.01 0.03 0.06 0.1 0.2; do
	for i in 1 2 3; do new_site A01 "U盘工地$delay-$i" >/dev/null; n=$((n + 1)); done
	env DUSTWATCH_HOME="$T_TMP/dev-A01" "$DW" sync stick >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	env DUSTWATCH_HOME="$T_TMP/dev-A02" "$DW" sync stick >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
done
check "the next sync to the stick of the killed sender completes" as A01 sync stick
check "the next sync from the stick of the killed receiver completes" as A02 sync stick
equals "every record arrived by the stick" "$(as A02 list site | wc -l)" "$n"
equals "every event exactly once in the database, by the stick too" \
	"$(sqlite3 "$T_TMP/dev-A02/dustwatch.db" "SELECT count(*), count(DISTINCT id) FROM events WHERE device = 'A01'")" "$n|$n"
# A sync killed while it wrote the data directory's own fetch settings
# (repo.git/fetch.config, written by the first fetch from a path) left the
# file's lock: the next sync clears it, as it does a ref's
rm -f "$T_TMP/dev-A02/repo.git/fetch.config"
: >"$T_TMP/dev-A02/repo.git/fetch.config.lock"
check "a sync from the stick after one killed while writing its fetch settings completes" as A02 sync stick
check "git fsck --strict on the stick" fsck_ok "$stick"
for r in "$SRV/central.git" "$T_TMP"/dev-*/repo.git; do
	check "git fsck --strict $(basename "$(dirname "$r")")" fsck_ok "$r"
done
finish
