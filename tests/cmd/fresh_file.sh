# A reindex and a new laptop's first sync are made in a fresh database
# file, renamed over the database at the end, when nothing else has the
# database open; in place when another dustwatch or another program has.
# Either way the same records come out. A dustwatch started while a load
# holds the database waits for it, saying so (store_fresh.c).
. "$TOP/tests/lib.sh"
"$DW" demo "$T_TMP/st" --records 300 --seed 3 --central >/dev/null || { not_ok "demo"; finish; exit 1; }
export DUSTWATCH_HOME="$T_TMP/st"
db="$DUSTWATCH_HOME/dustwatch.db"
want=$(db_digest)
inode() { stat -c %i "$db"; }
# The load sets indexes and triggers aside and makes them again at the
# end (store_bulk_pause); those whose rows a load does not add are kept.
schema() { sqlite3 "$db" "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"; }
want_schema=$(schema)

before=$(inode)
check "a reindex with nothing else in" "$DW" reindex
check "...was made in a fresh file, swapped in" test "$(inode)" != "$before"
equals "...with the same records" "$(db_digest)" "$want"
equals "...the same indexes and triggers" "$(schema)" "$want_schema"
equals "...each index holding what its table does" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok
check "...and left no scratch file" test ! -e "$db.rebuild"
equals "...and a database write-ahead logged as before" "$(sqlite3 "$db" 'PRAGMA journal_mode')" wal

chmod 600 "$db"
check "a reindex of a database of mode 600" "$DW" reindex
equals "...keeps the mode" "$(stat -c %a "$db")" 600
mv "$db" "$DUSTWATCH_HOME/elsewhere.db"
ln -s elsewhere.db "$db"
check "a reindex of a database behind a symbolic link" "$DW" reindex
check "...keeps the link (made in place)" test -L "$db"
equals "...with the same records" "$(db_digest)" "$want"
rm "$db"
mv "$DUSTWATCH_HOME/elsewhere.db" "$db"

for how in sh sqlite; do
	db_hold $how
	before=$(inode)
	check "a reindex with another's ($how) connection in" "$DW" reindex
	equals "...was made in place" "$(inode)" "$before"
	db_release
	equals "...with the same records" "$(db_digest)" "$want"
done

db_hold ex
"$DW" list site --limit 2 >"$T_TMP/out" 2>"$T_TMP/err" &
lister=$!
check "a command started during a load waits, saying so" wait_file "$T_TMP/err" "waiting for $db: another dustwatch is rebuilding it"
check "...and has not gone on" kill -0 $lister
db_release
wait $lister
equals "...then goes on when the load ends" "$? $(wc -l <"$T_TMP/out")" "0 2"

printf 'not a database' >"$db.rebuild"
check "a scratch file left by a killed load is no matter" "$DW" reindex
check "...the next load made it anew and took it away" test ! -e "$db.rebuild"
equals "...with the same records" "$(db_digest)" "$want"

# A new laptop's first sync, alone and with another dustwatch in: the
# same records either way.
cp -r "$DUSTWATCH_HOME/laptop-A99" "$T_TMP/alone"
cp -r "$DUSTWATCH_HOME/laptop-A99" "$T_TMP/shared"
export DUSTWATCH_HOME="$T_TMP/alone"
db="$DUSTWATCH_HOME/dustwatch.db"
before=$(inode)
check "a first sync alone" "$DW" sync
check "...was made in a fresh file" test "$(inode)" != "$before"
equals "...with the indexes and triggers of any database" "$(schema)" "$want_schema"
equals "...each index holding what its table does" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok
alone=$(db_digest)
export DUSTWATCH_HOME="$T_TMP/shared"
db="$DUSTWATCH_HOME/dustwatch.db"
db_hold sh
before=$(inode)
check "a first sync with another dustwatch in" "$DW" sync
equals "...was made in place" "$(inode)" "$before"
db_release
equals "...and took the same records" "$(db_digest)" "$alone"
equals "...with the same indexes and triggers" "$(schema)" "$want_schema"
equals "...each index holding what its table does" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok
check "...which are the station's" test "$(DUSTWATCH_HOME="$T_TMP/alone" "$DW" list site --limit 0 | wc -l)" -gt 5
finish
