# A draft edited field by field survives kill -9 between two fields: every
# field saved before the kill is there, the database is intact, and the
# draft can be finished and submitted.
. "$TOP/tests/lib.sh"
station
D=$("$DW" new inspection --site "$SITE" type=quarterly)

# wait_for FILE TEXT: polls until FILE contains TEXT (deadline 20 s).
wait_for() {
	i=0
	while [ $i -lt 400 ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

for n in 1 3 7; do
	D=$("$DW" new inspection --site "$SITE" type=quarterly)
	"$DW" test-stall $n set "$D" hoarding=yes cover=yes wash=yes paving=yes wet=yes \
		transport=yes monitor=yes machinery=yes board=yes 2>"$T_TMP/stall.$n" &
	pid=$!
	if wait_for "$T_TMP/stall.$n" "stalled after $n fields"; then ok "set stops after field $n (test hook)"; else not_ok "stall hook"; fi
	kill -9 $pid
	wait $pid 2>/dev/null
	count=$("$DW" show "$D" --format json | jq '[.fields | to_entries[] | select(.value == "yes")] | length')
	equals "after kill -9 at field $n, exactly $n fields are saved" "$count" "$n"
	equals "the other fields typed before are there too" "$("$DW" show "$D" --format json | jq -r .fields.type)" quarterly
	equals "the database is intact after kill -9 at field $n" "$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "PRAGMA integrity_check")" ok
done
check "the interrupted draft can be finished" "$DW" set "$D" $COMPLIANT
check "and submitted" "$DW" submit "$D"

# The stall is a hidden test command, not something the environment of an
# ordinary run can switch on.
D=$("$DW" new inspection --site "$SITE" type=quarterly)
check "the old environment variable stalls nothing" \
	env DUSTWATCH_TEST_STALL_AFTER=1 timeout 20 "$DW" set "$D" hoarding=yes cover=yes
lacks "test-stall is not in the command list" "$("$DW" --help)" "test-"
fails "test-stall wants a command" "$DW" test-stall 1
fails "an unknown test command is refused" "$DW" test-nothing
finish
