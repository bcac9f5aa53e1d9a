# Malformed input to every command gives a clear message and a non-zero
# exit, and changes nothing in the database.
. "$TOP/tests/lib.sh"
station
D=$("$DW" new inspection --site "$SITE" type=quarterly)
R=$("$DW" new inspection --site "$SITE" $COMPLIANT --submit)
before=$(db_state)
bad=$(printf 'bad\377byte')
big=$(head -c 70000 /dev/zero | tr '\0' 'y')

# refused NAME EXPECTED-MESSAGE CMD...: non-zero, no crash, message seen,
# database unchanged.
refused() {
	name=$1 want=$2
	shift 2
	out=$("$@" 2>&1 </dev/null)
	rc=$?
	if [ $rc -eq 0 ] || [ $rc -ge 128 ]; then
		not_ok "$name" "exit $rc" "output: $(printf '%s' "$out" | head -c 500)"
		return
	fi
	case "$out" in
	*"$want"*) ;;
	*)
		not_ok "$name" "expected message: $want" "got: $(printf '%s' "$out" | head -c 500)"
		return
		;;
	esac
	if [ "$(db_state)" != "$before" ]; then not_ok "$name" "the database changed"; else ok "$name"; fi
}

refused_stdin() { # NAME EXPECTED STDIN-TEXT CMD...
	name=$1 want=$2 input=$3
	shift 3
	out=$(printf '%s' "$input" | "$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] || [ $rc -ge 128 ]; then not_ok "$name" "exit $rc" "output: $out"; return; fi
	case "$out" in *"$want"*) ;; *) not_ok "$name" "expected: $want" "got: $out"; return ;; esac
	if [ "$(db_state)" != "$before" ]; then not_ok "$name" "the database changed"; else ok "$name"; fi
}

refused_stdin "new: bad JSON on standard input" "standard input:1:" '{"type": "quarterly",' "$DW" new inspection -
refused_stdin "new: JSON that is not an object" "expected a JSON object" '[1,2]' "$DW" new inspection -
refused_stdin "new: JSON with a duplicate key" "duplicate" '{"type":"quarterly","type":"revisit"}' "$DW" new inspection -
refused_stdin "new: non-UTF-8 JSON" "not UTF-8" "$(printf '{"companions":"\377"}')" "$DW" new inspection -
refused_stdin "new: JSON value of the wrong type" "type: 'x' is not an option" '{"type":"x"}' "$DW" new inspection -
refused_stdin "new: a number where a choice goes" "type:" '{"type":17}' "$DW" new inspection --submit -
refused_stdin "set: bad JSON" "not JSON" '{' "$DW" set "$D" -
refused "new: unknown kind" "unknown kind 'rocket'" "$DW" new rocket a=1
refused "new: unknown field" "colour: no such field" "$DW" new inspection colour=red
refused "new: non-UTF-8 value" "not UTF-8" "$DW" new inspection "companions=$bad"
refused "new: huge value" "longer than 65536 bytes" "$DW" new inspection "companions=$big"
refused "new: value too long for its field" "length" "$DW" new inspection "companions=$(head -c 300 /dev/zero | tr '\0' z)"
refused "new: a value without =" "expected name=value" "$DW" new inspection --set companions
refused "new: a reference to nothing" "no site 'nonexistent' (give its name, number or id)" "$DW" new inspection site=nonexistent
refused "new: a reference to the wrong kind" "is a inspection, not a site" "$DW" new notice "site=$R"
refused "new: attachment that does not exist" "nosuch.jpg" "$DW" new inspection hoarding=no "hoarding_photo=@$T_TMP/nosuch.jpg"
refused "new: group that is not JSON" "JSON array" "$DW" new inspection "problems=[{"
refused "new: an integer that is not a number" "" "$DW" new site "area=12ab"
refused "set: unknown field on a draft" "colour: no such field" "$DW" set "$D" colour=red
refused "set: bad value on a record" "wash: must be yes, no or na" "$DW" set "$R" wash=sometimes
refused "set: non-UTF-8 on a record" "not UTF-8" "$DW" set "$R" "companions=$bad"
refused "set: unknown id" "no record" "$DW" set nosuchrecord type=revisit
refused "set: non-UTF-8 id" "not a record id" "$DW" set "$bad" type=revisit
refused "set: huge id" "not a record id" "$DW" set "$big" type=revisit
refused "show: unknown id" "no record" "$DW" show 0123456789
refused "history: non-UTF-8 id" "not a record id" "$DW" history "$bad"
refused "submit: unknown id" "no record" "$DW" submit 0000000000
refused "void: non-UTF-8 reason" "UTF-8" "$DW" void "$R" --reason "$bad"
refused "void: huge reason" "at most" "$DW" void "$R" --reason "$big"
refused "approve: a draft" "is a draft" "$DW" approve "$D"
refused "list: unknown kind" "unknown kind" "$DW" list rocket
refused "list: bad format" "--format" "$DW" list --format xml
refused "list: bad date" "YYYY-MM-DD" "$DW" list --from 2024-13-01
refused "list: non-UTF-8 search" "UTF-8" "$DW" list --search "$bad"
refused "list: option without value" "needs a value" "$DW" list --status
refused "export: bad format" "--format" "$DW" export --format yaml
refused "init: a second init" "already a dustwatch data directory" "$DW" init --station HH --device A03 --inspector 张伟
refused "init: bad codes" "capital letters" env DUSTWATCH_HOME="$T_TMP/other" "$DW" init --station hh --device "A 3" --inspector x
refused "forms: unknown sub-command" "unknown sub-command" "$DW" forms frob

# A corrupt database file is reported, not crashed on.
cp "$DUSTWATCH_HOME/dustwatch.db" "$T_TMP/saved.db"
mkdir -p "$T_TMP/corrupt/keys"
head -c 4096 /dev/urandom >"$T_TMP/corrupt/dustwatch.db"
out=$(DUSTWATCH_HOME="$T_TMP/corrupt" "$DW" list 2>&1)
rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 128 ]; then ok "a corrupt database gives an error, not a crash"; else not_ok "corrupt database" "exit $rc" "$out"; fi
contains "and names the file" "$out" "corrupt/dustwatch.db"
out=$(DUSTWATCH_HOME="$T_TMP/nowhere" "$DW" list 2>&1)
contains "a missing data directory says how to make one" "$out" "run 'dustwatch init'"
finish
