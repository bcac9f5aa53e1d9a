# A site or an inspector named by its name wherever a record is asked for by
# reference (--site, a reference field): the one live record of that kind
# whose title is the name; a name shared by two is refused as ambiguous,
# an unknown one says what it wanted. Numbers and ids work as before.
. "$TOP/tests/lib.sh"
station
INS=$("$DW" new inspection --site 鹤城区迎丰路安置小区二期 $COMPLIANT --submit)
equals "new --site takes a site's name" "$("$DW" show "$INS" --format json | jq -r .site)" "$("$DW" show "$SITE" --format json | jq -r .id)"
equals "list --site takes a site's name" "$("$DW" list --site 鹤城区迎丰路安置小区二期 --format json | jq length)" 1
P=$("$DW" new inspector name=刘晓燕 staff_no=HH-007 unit=civilised phone=13907450007 role=inspector --submit 2>&1) ||
	not_ok "an inspector" "$P"
C=$("$DW" new complaint --site 鹤城区迎丰路安置小区二期 channel=hotline consent=no category=dust content=夜间扬尘很大 \
	"received=$(date +%F)" --submit 2>&1) || not_ok "a complaint" "$C"
check "a reference field takes an inspector's name" "$DW" set "$C" assigned=刘晓燕
equals "the inspector's id is stored" "$("$DW" show "$C" --format json | jq -r .fields.assigned)" \
	"$("$DW" list inspector --format json | jq -r '.[] | select(.fields.name == "刘晓燕") | .id')"
check "print placard takes a site's name" "$DW" print placard 鹤城区迎丰路安置小区二期 -o "$T_TMP/placard.pdf"
contains "qr site takes a site's name" "$("$DW" qr site 鹤城区迎丰路安置小区二期 --format text)" "HH"
"$DW" new site name=鹤城区迎丰路安置小区二期 address=另一处 district=hecheng type=residential stage=foundation \
	builder_unit=怀化市城市建设投资有限公司 "builder_person=李明,13907451234" contractor_unit=湖南省第六工程有限公司 \
	"contractor_person=王强,13807452222" "dust_officer=赵六,13607453333" --submit >/dev/null
out=$("$DW" list --site 鹤城区迎丰路安置小区二期 2>&1)
equals "a name two sites share is refused" "$?" 1
contains "as naming more than one, asking for the number or id" "$out" "names more than one site: give its number or id"
out=$("$DW" list --site 没有这个工地 2>&1)
contains "an unknown name says what was wanted" "$out" "no site '没有这个工地' (give its name, number or id)"
equals "a number or id still works" "$("$DW" list --site "$SITE" --format json | jq length)" 2
finish
