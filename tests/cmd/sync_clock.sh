# Clock drift: a laptop whose wall clock is three hours behind the hybrid
# clocks it has imported is warned by sync, and the events it writes
# meanwhile carry "clock_skew_ms", shown by history and where on every
# machine. DUSTWATCH_NOW fakes the laptop's clock.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

as ADM init --station HH --device ADM --inspector 管理员 >/dev/null || exit 1
as ADM station init "$SRV/central.git" --remote "$URL" >/dev/null || exit 1
check "git daemon serves the station" start_daemon
for d in A01 A02; do
	as $d init --station HH --device $d --inspector "检查员$d" --remote "$URL" >/dev/null || exit 1
	as ADM enroll $d "$(as $d key)" >/dev/null || not_ok "enroll $d"
done
as ADM sync >/dev/null || not_ok "the admin's first sync"

LATE=$(date -u -d '-3 hours' +%Y-%m-%dT%H:%M:%S)
late() { DUSTWATCH_NOW=$LATE as "$@"; }
skew_of() { # DEV EVENT-SQL-CONDITION: clock_skew_ms of the newest matching event
	sqlite3 "$T_TMP/dev-$1/dustwatch.db" \
		"SELECT coalesce(json_extract(body, '\$.clock_skew_ms'), 'none') FROM events WHERE $2 ORDER BY hlc_ms DESC, hlc_c DESC LIMIT 1"
}

# --- a laptop three hours late, before it has seen any later clock
S0=$(late A02 new site "name=晚钟工地" address=怀化市 district=hecheng type=residential stage=foundation \
	builder_unit=怀化市城市建设投资有限公司 "builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
	"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit)
equals "nothing seen yet: no mark" "$(skew_of A02 "record = '$S0'")" none

# --- the correct clock's events arrive: sync warns
S1=$(new_site A01 鹤城区迎丰路安置小区二期)
as A01 sync >/dev/null 2>&1 || not_ok "A01 syncs"
err=$(late A02 sync 2>&1 >/dev/null)
contains "a late laptop is told to set the date" "$err" "minutes behind the station's: set the date"
min=$(printf '%s' "$err" | sed -n "s/.*clock is \([0-9]*\) minutes behind.*/\1/p")
check "by about three hours ($min min)" test "${min:-0}" -ge 179 -a "${min:-0}" -le 181
err=$(as A01 sync 2>&1 >/dev/null)
lacks "a laptop with the right time is not warned" "$err" "set the date"

# --- what the late laptop writes now is marked
check "the late laptop edits a record" late A02 set "$S1" stage=structure
ms=$(skew_of A02 "record = '$S1' AND device = 'A02'")
check "its event carries clock_skew_ms of about three hours ($ms)" \
	test "${ms:-0}" -ge $((179 * 60000)) -a "${ms:-0}" -le $((181 * 60000))
body=$(sqlite3 "$T_TMP/dev-A02/dustwatch.db" "SELECT body FROM events WHERE record = '$S1' AND device = 'A02'")
equals "the marked event is still canonical" "$(printf '%s' "$body" | jq -cS . | tr -d '\n')" "$body"
contains "history marks it" "$(late A02 history "$S1")" "⚠ (clock $((ms / 60000)) min off)"
contains "where warns of it" "$(late A02 where "$S1")" "⚠ 1 of 2 changes written with a clock up to $((ms / 60000)) min off"
equals "an unmarked record has no warning" "$(late A02 where "$S0")" "at the station"

# --- the station accepts it and every machine sees the mark
out=$(late A02 sync 2>/dev/null)
contains "the station accepts the marked event" "$out" "sent 1"
as A01 sync >/dev/null 2>&1
contains "the supervisor's machine shows the mark" "$(as A01 history "$S1")" "⚠ (clock"
contains "and where warns there" "$(as A01 where "$S1")" "⚠ 1 of 2 changes"
lacks "the first event of the record is not marked" "$(as A01 history "$S1" | head -1)" "⚠"

# --- the date set right: no warning, no mark
err=$(as A02 sync 2>&1 >/dev/null)
lacks "once the date is set, sync is quiet" "$err" "set the date"
check "an edit with the right time" as A02 set "$S1" stage=finishing
equals "is not marked" "$(skew_of A02 "record = '$S1' AND device = 'A02'")" none
as A02 sync >/dev/null 2>&1
as A01 sync >/dev/null 2>&1
as ADM sync >/dev/null 2>&1
equals "A01 and A02 agree" "$(dump_of A01)" "$(dump_of A02)"
before=$(dump_of A01)
as A01 reindex >/dev/null
equals "reindex keeps the marked events" "$(dump_of A01)" "$before"
check "git fsck --strict at the station" fsck_ok "$SRV/central.git"

# --- a laptop whose clock runs a year ahead: flagged on it (by the
# station's hook) and on every machine that sees its events; no correct
# machine is told that its own clock is behind, nor marks what it writes.
as A03 init --station HH --device A03 --inspector 检查员A03 --remote "$URL" >/dev/null
as ADM enroll A03 "$(as A03 key)" >/dev/null
as ADM sync >/dev/null 2>&1
AHEAD=$(date -u -d '+1 year' +%Y-%m-%dT%H:%M:%S)
fast() { DUSTWATCH_NOW=$AHEAD as "$@"; }
fast A03 sync >/dev/null 2>&1
S3=$(fast A03 new site "name=快钟工地" address=怀化市 district=hecheng type=residential stage=foundation \
	builder_unit=怀化市城市建设投资有限公司 "builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
	"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit)
err=$(fast A03 sync 2>&1 >/dev/null)
contains "the fast laptop is told by the station" "$err" "the station notes: device A03's clock is 36"
contains "...that its clock is ahead" "$err" "days ahead of the station's"
lacks "it is not told its clock is behind" "$err" "behind"
equals "the note stays for its home screen" "$(sqlite3 "$T_TMP/dev-A03/dustwatch.db" "SELECT value LIKE '%A03%ahead%' FROM settings WHERE key = 'station_note'")" 1
for d in ADM A01 A02; do
	err=$(as $d sync 2>&1 >/dev/null)
	contains "$d flags the fast device" "$err" "device A03's clock is 36"
	lacks "$d is not told its own clock is behind" "$err" "behind"
done
check "a correct laptop edits the fast laptop's site" as A01 set "$S3" stage=structure
equals "its event is not marked" "$(skew_of A01 "record = '$S3' AND device = 'A01'")" none
equals "the fast laptop's site is everywhere" "$(as A02 show "$S3" --format json | jq -r .fields.name)" 快钟工地
check "the laptop set right writes again" as A03 set "$S3" stage=finishing
err=$(as A03 sync 2>&1 >/dev/null)
lacks "the laptop set right again: no note from the station" "$err" "the station notes"
equals "and its home's note is gone" "$(sqlite3 "$T_TMP/dev-A03/dustwatch.db" "SELECT value FROM settings WHERE key = 'station_note'")" ""
err=$(as A01 sync 2>&1 >/dev/null)
lacks "the others stop flagging it" "$err" "A03's clock"

# --- the same for a laptop that only ever sees a USB stick: the station's
# machine writes what it judged of the clocks to the stick (refs/heads/
# clocks), which tells the fast laptop as the hook tells one online.
STICK="$T_TMP/stick.git"
as A04 init --station HH --device A04 --inspector 检查员A04 >/dev/null
as ADM enroll A04 "$(as A04 key)" >/dev/null
as ADM remote add stick "$STICK" >/dev/null
as ADM sync stick >/dev/null 2>&1
as A04 remote add stick "$STICK" >/dev/null
fast A04 sync stick >/dev/null 2>&1
S4=$(fast A04 new site "name=只用U盘的快钟工地" address=怀化市 district=hecheng type=residential stage=foundation \
	builder_unit=怀化市城市建设投资有限公司 "builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
	"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit)
err=$(fast A04 sync stick 2>&1 >/dev/null)
lacks "the stick-only laptop is not flagged before the station has seen it" "$err" "A04's clock"
err=$(as ADM sync stick 2>&1 >/dev/null)
contains "the station flags the stick-only fast laptop" "$err" "device A04's clock is 36"
check "and writes its judgement to the stick" git -C "$STICK" cat-file -e refs/heads/clocks:clocks.json
err=$(fast A04 sync stick 2>&1 >/dev/null)
contains "the stick-only laptop is told by the station" "$err" "the station notes: device A04's clock is 36"
lacks "...not that it is behind" "$err" "behind"
equals "the note stays for its home screen" "$(sqlite3 "$T_TMP/dev-A04/dustwatch.db" "SELECT value LIKE '%A04%ahead%' FROM settings WHERE key = 'station_note'")" 1
check "set right, it writes again" as A04 set "$S4" stage=structure
as A04 sync stick >/dev/null 2>&1
err=$(as ADM sync stick 2>&1 >/dev/null)
lacks "the station stops flagging it" "$err" "A04's clock"
as A04 sync stick >/dev/null 2>&1
equals "and the stick clears its home's note" "$(sqlite3 "$T_TMP/dev-A04/dustwatch.db" "SELECT value FROM settings WHERE key = 'station_note'")" ""
check "the stick is a sound repository" fsck_ok "$STICK"

finish
