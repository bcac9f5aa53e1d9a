# forms check and forms list: shipped forms are valid, broken ones are
# reported as file:line, a station's own form replaces the shipped one.
. "$TOP/tests/lib.sh"

for f in "$TOP"/forms/*.form; do
	check "shipped form $(basename "$f") passes forms check" "$DW" forms check "$f"
done

bad="$T_TMP/bad.form"
cat >"$bad" <<'FORM'
form inspection
version 1
title 检查 | Inspection
lifecycle review
field site ref nowhere
	label 工地 | Site
field score_a compliance
	label 围挡 | Hoarding
	score lots
field verdict choice
	label 结论 | Verdict
group problems
	label 问题 | Problems
field note text
	label 说明 | Note
	relevant missing = yes
FORM
out=$("$DW" forms check "$bad" 2>&1)
rc=$?
equals "a broken form exits 1" "$rc" 1
contains "unknown ref kind reported at its line" "$out" "$bad:5: ref needs a known kind"
contains "bad score reported at its line" "$out" "$bad:9: score must be a whole number"
contains "choice without options reported" "$out" "$bad:10: field 'verdict' is a choice with no options"
contains "relevance on an unknown field reported" "$out" "$bad:14: field 'note' is relevant on unknown field 'missing'"
contains "unclosed group reported" "$out" "group not closed with 'end'"

printf 'form site\nversion 1\ntitle \377 | x\n' >"$T_TMP/binary.form"
out=$("$DW" forms check "$T_TMP/binary.form" 2>&1)
contains "a non-UTF-8 form is refused with its name and line" "$out" "binary.form:1: not UTF-8 text"
fails "a missing form file is an error" "$DW" forms check "$T_TMP/none.form"

out=$("$DW" forms list)
for k in site inspection notice complaint agreement survey machinery inspector device; do
	contains "forms list shows $k" "$out" "$k"
done
out=$("$DW" forms list --format json)
equals "forms list --format json is a JSON array of 9 kinds" "$(printf '%s' "$out" | jq length)" 9

# A station's own form, with a higher version, is the one in force.
station
mkdir -p "$DUSTWATCH_HOME/forms"
sed 's/^version 1$/version 2/' "$TOP/forms/survey.form" >"$DUSTWATCH_HOME/forms/survey.form"
out=$("$DW" forms list --format json | jq -r '.[] | select(.kind=="survey") | .version')
equals "a station's form in DUSTWATCH_HOME/forms replaces the shipped one" "$out" 2
echo "form survey" >"$DUSTWATCH_HOME/forms/survey.form"
out=$("$DW" list 2>&1)
rc=$?
equals "a broken station form stops commands (exit 1)" "$rc" 1
contains "and says which file and line" "$out" "forms/survey.form:1: the header needs 'version N'"
rm "$DUSTWATCH_HOME/forms/survey.form"
finish
