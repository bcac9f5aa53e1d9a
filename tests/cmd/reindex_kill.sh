# A reindex and a new laptop's first sync killed with SIGKILL at several
# points (issue 15): the database still opens and answers as before the
# kill, and the next run completes with a dump equal to an uninterrupted
# one. The points are the bytes the work has written, to the fresh file
# it is made in when nothing else has the database open (store_fresh.c),
# or to the write-ahead log when it is made in place: the kill comes at a
# known stage of the work, not after a guessed time.
. "$TOP/tests/lib.sh"
"$DW" demo "$T_TMP/st" --records 1500 --seed 5 >/dev/null || { not_ok "demo"; finish; exit 1; }
home="$T_TMP/st"
dump() { DUSTWATCH_HOME=$1 "$DW" dump | sha256sum | cut -d' ' -f1; }
sites() { DUSTWATCH_HOME=$1 "$DW" list site --limit 0 | wc -l; }
want=$(dump "$home")
want_sites=$(sites "$home")

# written HOME: the bytes in the database's fresh file and its WAL.
written() {
	echo $(($(stat -c %s "$1/dustwatch.db.rebuild" 2>/dev/null || echo 0) + \
		$(stat -c %s "$1/dustwatch.db-wal" 2>/dev/null || echo 0)))
}

# kill_at HOME BYTES CMD...: runs CMD in HOME, kills it once it has written
# BYTES (or when it ends by itself); says whether it was killed.
kill_at() {
	h=$1 bytes=$2
	shift 2
	env DUSTWATCH_HOME="$h" "$DW" "$@" >/dev/null 2>&1 &
	pid=$!
	i=0
	while kill -0 $pid 2>/dev/null; do
		[ "$(written "$h")" -ge "$bytes" ] && break
		i=$((i + 1))
		[ $i -gt 20000 ] && break
		sleep 0.005
	done
	if kill -KILL $pid 2>/dev/null; then
		wait $pid 2>/dev/null
		echo killed
	else
		wait $pid 2>/dev/null
		echo finished
	fi
}

killed=0
for bytes in 1 200000 1000000 3000000 6000000; do
	how=$(kill_at "$home" $bytes reindex)
	[ "$how" = killed ] && killed=$((killed + 1))
	equals "after a reindex $how at $bytes bytes written, the database answers as before" "$(sites "$home")" "$want_sites"
	equals "...with the same dump" "$(dump "$home")" "$want"
done
check "some reindexes were killed mid-way ($killed)" test "$killed" -ge 3
check "the next reindex completes" env DUSTWATCH_HOME="$home" "$DW" reindex
equals "its dump equals the one before" "$(dump "$home")" "$want"
check "and leaves no scratch file" test ! -e "$home/dustwatch.db.rebuild"

# A program that is not dustwatch (an sqlite3 shell) connecting while a
# reindex is made in a fresh file is seen before the swap: the reindex
# fails saying so, and the database is as it was. The reindex is stopped
# as soon as its fresh file shows, the connection made, then it goes on.
env DUSTWATCH_HOME="$home" "$DW" reindex >/dev/null 2>"$T_TMP/re.err" &
pid=$!
until [ -e "$home/dustwatch.db.rebuild" ] || ! kill -0 $pid 2>/dev/null; do sleep 0.005; done
if kill -STOP $pid 2>/dev/null; then
	DUSTWATCH_HOME="$home" db_hold sqlite
	kill -CONT $pid
	wait $pid
	rc=$?
	db_release
	check "a reindex with a program connected mid-way fails" test $rc -ne 0 -a $rc -lt 128
	contains "...saying so" "$(cat "$T_TMP/re.err")" "is open in another program: close it, then run the command again"
	equals "...the database as it was" "$(dump "$home")" "$want"
	check "...and no scratch file is left" test ! -e "$home/dustwatch.db.rebuild"
else
	not_ok "the reindex was stopped while its fresh file was being made"
fi

# A program that writes to the database and leaves while a reindex is made
# in a fresh file (an sqlite3 shell's one statement): its commit is seen
# before the swap, which would lose it with the old file; the reindex fails
# saying so, and the write is kept.
env DUSTWATCH_HOME="$home" "$DW" reindex >/dev/null 2>"$T_TMP/re.err" &
pid=$!
until [ -e "$home/dustwatch.db.rebuild" ] || ! kill -0 $pid 2>/dev/null; do sleep 0.005; done
if kill -STOP $pid 2>/dev/null; then
	sqlite3 "$home/dustwatch.db" "INSERT INTO settings (key, value) VALUES ('probe', 'kept')"
	kill -CONT $pid
	wait $pid
	rc=$?
	check "a reindex with a program's write mid-way fails" test $rc -ne 0 -a $rc -lt 128
	contains "...saying so" "$(cat "$T_TMP/re.err")" "was changed by another program during the load: run the command again"
	equals "...and the write is kept" "$(sqlite3 "$home/dustwatch.db" "SELECT value FROM settings WHERE key = 'probe'")" kept
	check "...and no scratch file is left" test ! -e "$home/dustwatch.db.rebuild"
	sqlite3 "$home/dustwatch.db" "DELETE FROM settings WHERE key = 'probe'"
	equals "...the database otherwise as it was" "$(dump "$home")" "$want"
else
	not_ok "the reindex was stopped while its fresh file was being made"
fi

# A new laptop's first sync from the demo's central repository (the demo's
# second laptop, enrolled and empty): killed, it still opens as it was,
# and the next sync takes everything, as one never killed does.
fresh="$home/laptop-A99"
ref="$T_TMP/ref"
cp -r "$fresh" "$ref"
check "an uninterrupted first sync" env DUSTWATCH_HOME="$ref" "$DW" sync
want=$(dump "$ref")
want_sites=$(sites "$ref")
check "it took the station's sites ($want_sites)" test "$want_sites" -gt 20
lap="$T_TMP/lap"
cp -r "$fresh" "$lap"
empty=$(sites "$lap")
killed=0
for bytes in 1 300000 1500000 4000000; do
	how=$(kill_at "$lap" $bytes sync)
	[ "$how" = killed ] && killed=$((killed + 1))
	[ "$how" = finished ] && break
	equals "after a first sync killed at $bytes bytes written, the laptop answers as before" "$(sites "$lap")" "$empty"
done
check "some first syncs were killed mid-way ($killed)" test "$killed" -ge 2
check "the next sync completes" env DUSTWATCH_HOME="$lap" "$DW" sync
equals "with the dump of the uninterrupted one" "$(dump "$lap")" "$want"
finish
