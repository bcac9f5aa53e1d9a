# Options and arguments as every command reads them (src/cmd/options.c):
# each way of writing an option, -- before arguments that start with -,
# the messages of what is refused, --help listing the options from the
# same table; and how a reference that names nothing, or more than one
# record, is told apart.
. "$TOP/tests/lib.sh"

# Usage errors and help need no data directory: they come before it opens.
out=$(DUSTWATCH_HOME="$T_TMP/none" "$DW" list --format xml 2>&1)
rc=$?
equals "a usage error without a data directory is still a usage error" "$rc" 2
contains "and says what was wrong" "$out" "--format is table, json or csv"
out=$(DUSTWATCH_HOME="$T_TMP/none" "$DW" show --help 2>&1)
rc=$?
equals "help without a data directory" "$rc" 0
contains "help ends with the options, from the option table" "$out" "Options:
  --format text|json  text (default) or json"
out=$(DUSTWATCH_HOME="$T_TMP/none" "$DW" list 2>&1)
rc=$?
equals "no data directory: exit 1" "$rc" 1
contains "no data directory: said once, by main" "$out" "is not a dustwatch data directory: run 'dustwatch init'"

station
R=$("$DW" new inspection --site "$SITE" $COMPLIANT --submit)

out=$("$DW" list inspection --format=json | jq length)
equals "--name=VALUE" "$out" 1
out=$("$DW" list --format json inspection | jq length)
equals "--name VALUE, the argument after it" "$out" 1
check "-o FILE" "$DW" qr site "$SITE" -o "$T_TMP/a.svg" --format svg
check "-oFILE" "$DW" qr site "$SITE" "-o$T_TMP/b.svg" --format svg
check "-o=FILE, as before" "$DW" qr site "$SITE" "-o=$T_TMP/c.svg" --format svg
equals "-oFILE wrote what -o FILE did" "$(cat "$T_TMP/b.svg")" "$(cat "$T_TMP/a.svg")"
equals "-o=FILE too" "$(cat "$T_TMP/c.svg")" "$(cat "$T_TMP/a.svg")"

# A value that starts with - is a value, for an option that takes one.
"$DW" set "$R" -- "companions=-王五" >/dev/null
out=$("$DW" show "$R" --format json | jq -r .fields.companions)
equals "-- ends the options: a word after it may start with -" "$out" "-王五"
out=$("$DW" void "$R" --reason --help 2>&1)
equals "an option's value may be --help" "$("$DW" show "$R" --format json | jq -r .status)" void

refused_usage() { # NAME EXPECTED CMD...: exit 2 and the message
	name=$1 want=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 2 ]; then not_ok "$name" "exit $rc, not 2" "output: $out"; return; fi
	contains "$name" "$out" "$want"
}
refused_usage "an unknown option" "dustwatch list: unexpected '--frob'" "$DW" list --frob
refused_usage "no abbreviations" "unexpected '--form'" "$DW" list --form json
refused_usage "a flag with a value" "unexpected '--submit=yes'" "$DW" new inspection --submit=yes
refused_usage "an option without its value" "dustwatch show: --format needs a value" "$DW" show "$SITE" --format
refused_usage "conflicts: --format without a value" "--format needs a value" "$DW" conflicts --format
refused_usage "a number out of range" "--records takes a number from 50 to 100000000" "$DW" demo "$T_TMP/d" --records 7
refused_usage "a number that is not one" "--limit and --offset take a whole number >= 0" "$DW" list --limit 1x
refused_usage "the hint after a usage error" "Try 'dustwatch approve --help'." "$DW" approve "$R" extra
refused_usage "config: a key not in the table" "unknown key 'colour'" "$DW" config colour red

# config: the settings' table, listed with what applies while unset.
out=$("$DW" config)
equals "config lists every setting of the table" "$out" "station_name=HH (default)
base_url=
hotline=12345 (default)
red_list_score=90 (default)
black_list_score=60 (default)
complaint_days=15 (default)
seal_key="
check "config: a value may start with -" "$DW" config hotline -12345
equals "and is kept as given" "$("$DW" config hotline)" "-12345"
out=$("$DW" config --help)
contains "config's help lists the settings from the table" "$out" "  base_url         https address of the station's page; QR codes become
                   https://.../1/N/... links a phone's camera opens"

# Not found and ambiguous say which it is.
out=$("$DW" show HH-2099-0001 2>&1)
contains "a reference to nothing: no record" "$out" "dustwatch: no record 'HH-2099-0001'"
P=$(printf '%s' "$SITE" | cut -c1-6)
for try in 1 2 3; do # ids begin with the time: made seconds apart, they share 6 characters
	[ "$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "SELECT count(*) FROM records WHERE id LIKE '$P%'")" -ge 2 ] && break
	P=$(printf '%s' "$("$DW" new site name=x)" | cut -c1-6)
done
out=$("$DW" show "$P" 2>&1)
contains "a prefix of two records: ambiguous" "$out" "'$P' names more than one record: give more of the id"
finish
