# dustwatch demo also makes a central repository and a second laptop, so a
# sync can be shown out of the box: the laptop's first sync brings every
# event over, and what it writes reaches the demo's station admin.
. "$TOP/tests/lib.sh"

D="$T_TMP/demo"
out=$("$DW" demo "$D" --records 120 --seed 5 2>&1)
contains "the demo says how to try a sync" "$out" "Try a sync: DUSTWATCH_HOME=$D/laptop-A99 "
contains "the demo names the central repository" "$out" "central repository $D/central.git"
check "the central repository passes git fsck --strict" git -C "$D/central.git" fsck --strict
check "the central repository has the station's hook" test -x "$D/central.git/hooks/pre-receive"
equals "every device branch of the demo is in it" \
	"$(git -C "$D/central.git" for-each-ref --format='%(refname) %(objectname)' refs/heads/devices)" \
	"$(git -C "$D/repo.git" for-each-ref --format='%(refname) %(objectname)' refs/heads/devices)"
lap() { DUSTWATCH_HOME="$D/laptop-A99" "$DW" "$@"; }
adm() { DUSTWATCH_HOME="$D" "$DW" "$@"; }
events() { sqlite3 "$1/dustwatch.db" 'SELECT count(*) FROM events'; }
equals "the laptop has not synced yet" "$(events "$D/laptop-A99")" 0
out=$(lap sync 2>&1)
contains "its first sync learns the station's key (the demo's A01)" "$out" "station key learned: A01"
contains "and receives every event" "$out" "received $(events "$D")"
equals "the laptop holds what the station holds" "$(events "$D/laptop-A99")" "$(events "$D")"
equals "the same sites" "$(lap list site | sort)" "$(adm list site | sort)"
equals "nothing quarantined" "$(lap quarantine)" ""
# Titles name the records they refer to (a checklist its site); a fold of
# many records keeps those (record.c, ref_title): the same as the station's,
# built one record at a time
titles() { sqlite3 "$1/dustwatch.db" "SELECT id, title FROM records WHERE status != 'draft' ORDER BY id"; }
check "the laptop's titles are the station's" test "$(titles "$D/laptop-A99")" = "$(titles "$D")"
check "...titles of a site's records hold its name" test "$(titles "$D" | grep -c ' · ')" -gt 0
# A fetch from a path skips libgit2's search for deltas (repo_path.c): its
# pack holds none
packs=$(for i in "$D"/laptop-A99/repo.git/objects/pack/*.idx; do git verify-pack -v "$i"; done)
contains "the first sync's pack is whole" "$packs" "non delta:"
lacks "...with no object stored as a delta" "$packs" "chain length"
# The first sync builds the dashboard's summaries once, at its end (db/014).
summary() { sqlite3 "$1/dustwatch.db" "SELECT * FROM site_latest ORDER BY site; SELECT * FROM report_days WHERE n > 0 ORDER BY 1, 2, 3, 4"; }
check "the laptop's dashboard summaries are the station's" test "$(summary "$D/laptop-A99")" = "$(summary "$D")"
y=$(sqlite3 "$D/dustwatch.db" "SELECT substr(max(date), 1, 4) FROM records WHERE kind = 'inspection'")
equals "and so is its report monthly" "$(lap report monthly --year "$y" --format json | jq -c .total)" \
	"$(adm report monthly --year "$y" --format json | jq -c .total)"
# The demo's complainants travel sealed (seal.h): the station's machine
# reads them, the laptop (an inspector's) does not.
C=$(adm list complaint --format json --limit 1000 | jq -r '[.[] | select(.status != "draft" and .fields.complainant != null)][0].id')
phone=$(adm show "$C" --format json | jq -r '.fields.complainant.phone // empty')
check "the station's machine reads a demo complainant's phone" test -n "$phone"
lacks "the laptop does not" "$(lap show "$C" --lang en)" "$phone"
contains "it shows the field sealed" "$(lap show "$C" --lang en)" "(sealed)"
S=$(lap new site name=演示同步工地 address=怀化市鹤城区 district=hecheng type=residential stage=foundation \
	builder_unit=怀化市城市建设投资有限公司 "builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
	"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit)
contains "the laptop's record goes to the central repository" "$(lap sync)" "sent 1"
contains "the station admin receives it" "$(adm sync)" "received 1 from A99 (1)"
contains "and shows it" "$(adm show "$S")" 演示同步工地
equals "the laptop's record is at the station" "$(lap where "$S")" "at the station"
# An event the laptop's database holds damaged: the fold of its record that
# a sync brings (sync_fold.c parses on a second thread) names the record,
# the sync changes nothing, and a reindex from the repository mends it
check "the station edits the laptop's site" adm set "$S" stage=structure
adm sync >/dev/null
sqlite3 "$D/laptop-A99/dustwatch.db" "UPDATE events SET body = 'not json {' WHERE record = '$S'"
before=$(sqlite3 "$D/laptop-A99/dustwatch.db" "SELECT count(*), max(rowid) FROM events")
msg=$(lap sync 2>&1)
rc=$?
check "a sync that must fold a record with a damaged event fails" test $rc -ne 0
contains "...naming the record" "$msg" "event of record $S unreadable in database"
equals "...and stores nothing" "$(sqlite3 "$D/laptop-A99/dustwatch.db" "SELECT count(*), max(rowid) FROM events")" "$before"
check "a reindex mends it" lap reindex
contains "...and the edit is there" "$(lap show "$S" --lang en)" structure

"$DW" demo "$T_TMP/plain" --records 60 --no-central >/dev/null 2>&1
check "--no-central makes a demo" test -f "$T_TMP/plain/dustwatch.db"
fails "without a central repository" test -e "$T_TMP/plain/central.git"
fails "or a second laptop" test -e "$T_TMP/plain/laptop-A99"

# A device with more than a commit's worth of events (1,000): several
# commits, each with a signed manifest of at most 1,000 ids, together naming
# every event file of the branch.
B="$T_TMP/many"
"$DW" demo "$B" --records 1000 --seed 5 >/dev/null
commits=$(git -C "$B/repo.git" rev-list refs/heads/devices/A01)
equals "over 1,000 events make several commits" "$(test "$(printf '%s\n' "$commits" | wc -l)" -gt 1 && echo yes)" yes
biggest=0 ids=""
for c in $commits; do
	m=$(git -C "$B/repo.git" log -1 --format=%B "$c")
	n=$(printf '%s\n' "$m" | grep -cE '^[0-9a-f]{64}$')
	[ "$n" -gt "$biggest" ] && biggest=$n
	ids="$ids$(printf '%s\n' "$m" | grep -E '^[0-9a-f]{64}$')
"
done
check "no manifest names more than 1,000 events" test "$biggest" -le 1000
files=$(git -C "$B/repo.git" ls-tree -r --name-only refs/heads/devices/A01 | grep -c '^devices/')
equals "the manifests name every event file of the branch" "$(printf '%s' "$ids" | grep -c .)" "$files"
out=$(DUSTWATCH_HOME="$B" "$DW" reindex)
contains "reindex checks them all by manifest" "$out" "verified $(sqlite3 "$B/dustwatch.db" 'SELECT count(*) FROM events') files ($(sqlite3 "$B/dustwatch.db" 'SELECT count(*) FROM events') by"

# A first sync at a station of many devices (this one's nine) names those that sent most and
# counts the rest, not thousands of names on one line.
ndev=$(sqlite3 "$B/dustwatch.db" 'SELECT count(DISTINCT device) FROM events')
check "the bigger demo has more than eight devices" test "$ndev" -gt 8
top=$(sqlite3 "$B/dustwatch.db" "SELECT device || ' (' || count(*) || ')' FROM events GROUP BY device
	ORDER BY count(*) DESC, device LIMIT 8" | paste -sd, | sed 's/,/, /g')
out=$(DUSTWATCH_HOME="$B/laptop-A99" "$DW" sync 2>&1)
contains "its first sync names the eight that sent most, most first" "$out" "from $top and"
more=$((ndev - 8))
contains "and counts the others" "$out" "and $more more device$([ "$more" = 1 ] || echo s)"
finish

