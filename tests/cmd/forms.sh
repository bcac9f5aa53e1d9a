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
for k in site inspection notice complaint agreement survey machinery inspector device reinspection station formdef revocation ledger; do
	contains "forms list shows $k" "$out" "$k"
done
out=$("$DW" forms list --format json)
equals "forms list --format json is a JSON array of 14 kinds" "$(printf "%s" "$out" | jq length)" 14

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

# Versions: a record keeps the form version it was made with.
sed -e 's/^version 1$/version 2/' "$TOP/forms/site.form" >"$DUSTWATCH_HOME/forms/site.form"
cat >>"$DUSTWATCH_HOME/forms/site.form" <<'FORM'

field night_work yesno
	label 夜间施工许可 | Night work permit
FORM
out=$("$DW" show "$SITE" --format json | jq -r .form_version)
equals "a record made under version 1 stays at version 1" "$out" 1
out=$("$DW" set "$SITE" night_work=yes 2>&1)
contains "and is checked against version 1 (no new field)" "$out" "night_work: no such field"
check "an old record can still be edited within its version" "$DW" set "$SITE" notes=二期主体施工
NEW=$("$DW" new site name=中方县职业中专实训楼 address=中方县中方镇 district=zhongfang type=public stage=structure \
	builder_unit=中方县教育局 "builder_person=陈立,13907450000" contractor_unit=湖南省第六工程有限公司 \
	"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" night_work=yes --submit)
equals "a new record is made with version 2" "$("$DW" show "$NEW" --format json | jq -r .form_version)" 2
# The same version number with a different text is refused.
sed -e 's/^version 1$/version 1/' -e 's/施工阶段/施工进度/' "$TOP/forms/site.form" >"$DUSTWATCH_HOME/forms/site.form"
out=$("$DW" list 2>&1)
contains "a form changed without a new version is refused" "$out" "give the changed form a higher version"
sed -e 's/^# site.form.*/# a comment changed/' "$TOP/forms/site.form" >"$DUSTWATCH_HOME/forms/site.form"
check "a change to comments alone needs no new version" "$DW" list
rm "$DUSTWATCH_HOME/forms/site.form"
out=$("$DW" show "$NEW" --lang en)
contains "a record of a version no longer in force is shown with that version's labels" "$out" "Night work permit"

# The kinds are listed in the forms' order (their order lines).
kinds_listed() { "$DW" overview | sed -n '/^Records/,$p' | awk 'NR > 1 { printf "%s ", $1 }'; }
equals "the overview counts the kinds in the forms' order" "$(kinds_listed)" \
	"site inspection notice complaint agreement survey machinery inspector device re-inspecti… station published revocation ledger "
# A station's form from before noun and order: the same version 1, same place.
grep -v -e '^noun ' -e '^order ' "$TOP/forms/site.form" >"$DUSTWATCH_HOME/forms/site.form"
check "a station's form without noun and order is still version 1 of the form" "$DW" list
equals "and its kind keeps the shipped form's place" "$(kinds_listed)" \
	"site inspection notice complaint agreement survey machinery inspector device re-inspecti… station published revocation ledger "
sed -e 's/^order 1$/order 100/' "$TOP/forms/site.form" >"$DUSTWATCH_HOME/forms/site.form"
equals "a station's form may move its kind (no new version needed)" "$(kinds_listed)" \
	"inspection notice complaint agreement survey machinery inspector device re-inspecti… station published revocation ledger site "
rm "$DUSTWATCH_HOME/forms/site.form"
finish
