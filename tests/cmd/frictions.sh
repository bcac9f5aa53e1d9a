# The field's small frictions (issue 13): options typed as the screen shows
# them, a site registered twice, the note of an approval after a return,
# signature times in the local zone, the complaint's one phone.
. "$TOP/tests/lib.sh"
station

# --- a choice by its label (zh or en), and a refusal that lists the options
D=$("$DW" new site name=迎丰小区三期 address=怀化市鹤城区迎丰西路20号 district=鹤城区 type="Residential building")
check "a choice given by its Chinese or English label is taken" test -n "$D"
equals "...and kept as its code" "$("$DW" show "$D" --format json | jq -r '.fields.district + " " + .fields.type')" "hecheng residential"
out=$("$DW" set "$D" district=鹤城 2>&1)
contains "a value that is no option lists the options" "$out" "district: '鹤城' is not an option (one of: hecheng 鹤城区, zhongfang 中方县"
"$DW" discard "$D" >/dev/null

# --- the same site twice
out=$("$DW" new site name=鹤城区迎丰路安置小区二期 address=怀化市鹤城区迎丰西路18号 district=hecheng \
	type=residential stage=foundation builder_unit=怀化市城市建设投资有限公司 "builder_person=李明,13907451234" \
	contractor_unit=湖南省第六工程有限公司 "contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit 2>&1)
rc=$?
contains "a site with the same name and address is refused, naming the one there" "$out" \
	"name: a site with this name and address is registered already: $SITE"
check "...and fails" test "$rc" -ne 0
S2=$("$DW" new site name=鹤城区迎丰路安置小区二期 address=怀化市鹤城区迎丰西路19号 district=hecheng \
	type=residential stage=foundation builder_unit=怀化市城市建设投资有限公司 "builder_person=李明,13907451234" \
	contractor_unit=湖南省第六工程有限公司 "contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit)
check "...the same name at another address is taken" test -n "$S2"

# --- an approval after a return leaves no old comment as the note
R=$("$DW" new inspection --site "$SITE" $COMPLIANT --submit)
"$DW" return "$R" --comment 西侧围挡照片不清楚 >/dev/null
contains "a returned record shows the return comment" "$("$DW" show "$R")" "西侧围挡照片不清楚"
"$DW" submit "$R" >/dev/null
lacks "a resubmitted one no longer does" "$("$DW" show "$R")" "西侧围挡照片不清楚"
"$DW" approve "$R" >/dev/null
equals "an approved one has no note" "$("$DW" show "$R" --format json | jq -r '.note // "none"')" "none"
"$DW" return "$("$DW" new inspection --site "$SITE" $COMPLIANT --submit)" --comment x >/dev/null

# --- a signature's time is shown in the local zone (kept in UTC)
A=$(DUSTWATCH_NOW=2025-06-01T02:30:00Z "$DW" new agreement --site "$SITE" builder_sign=李明)
out=$(TZ=Asia/Shanghai "$DW" show "$A")
contains "a signature made at 02:30 UTC shows 10:30 in Huaihua" "$out" "李明 (2025-06-01 10:30)"
equals "...and is kept in UTC" "$("$DW" show "$A" --format json | jq -r .fields.builder_sign.time)" "2025-06-01T02:30:00Z"

# --- the complaint asks for the phone once, with the complainant
out=$("$DW" new complaint --site "$SITE" consent=yes phone=13907451234 2>&1)
contains "the complaint form has no separate phone field" "$out" "phone: no such field in form complaint"
out=$("$DW" new complaint --site "$SITE" consent=yes "complainant=王芳,12345" 2>&1)
contains "...the complainant's phone is checked" "$out" "complainant:"
C=$("$DW" new complaint --site "$SITE" consent=yes "complainant=王芳,13907451234")
equals "...and kept with the name" "$("$DW" show "$C" --format json | jq -r .fields.complainant.phone)" 13907451234
finish
