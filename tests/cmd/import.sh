# Spreadsheets in (issue 11): a station's site list as Excel saves it as
# CSV, in GBK and in UTF-8 with a byte-order mark (CRLF, quoted cells with
# commas and line breaks), with some bad rows. The good rows go in, the bad
# ones are reported by row number, a second import adds nothing, and
# --dry-run changes nothing.
. "$TOP/tests/lib.sh"

"$DW" init --station HH --device A03 --inspector 张伟 >/dev/null || exit 1

# make_csv ENCODING FILE: the list, written as Excel writes CSV.
make_csv() {
	python3 - "$1" "$2" <<'PY'
import csv, io, sys
enc, path = sys.argv[1], sys.argv[2]
head = ["序号", "项目名称", "项目地址", "所在县市区", "工程类别", "施工阶段", "建设单位", "建设单位项目负责人",
        "建设单位项目负责人电话", "施工单位", "施工单位项目经理", "施工单位项目经理电话", "扬尘防治专职管理员",
        "扬尘防治专职管理员电话", "状态备注"]
tag = "甲" if enc == "gbk" else "乙"
def row(n, name, district="鹤城区", phone="13607453333", note=""):
    return [str(n), name, "怀化市鹤城区迎丰西路%d号" % n, district, "住宅工程", "基础施工", "怀化市城市建设投资有限公司",
            "李明", "13907451234", "湖南省第六工程有限公司", "王强", "13807452222", "赵六", phone, note]
rows = [head,
        row(1, "迎丰路安置小区%s" % tag, note="重点项目，夜间施工须报备\n东侧临近学校"),
        row(2, "", ),                                  # row 3: no name
        row(3, "舞水路棚户区改造%s" % tag, district="火星区"),  # row 4: no such district
        row(4, "湖天大道保障性住房%s" % tag, note='含"引号"的备注'),
        row(5, "职教城安置小区%s" % tag, phone="123"),   # row 6: a bad phone
        row(6, "鹤城区政务中心%s" % tag, district="hecheng")]
buf = io.StringIO(newline="")
csv.writer(buf, lineterminator="\r\n").writerows(rows)
data = buf.getvalue()
with open(path, "wb") as f:
    f.write(data.encode("gbk") if enc == "gbk" else b"\xef\xbb\xbf" + data.encode("utf-8"))
PY
}
make_csv gbk "$T_TMP/sites-gbk.csv"
make_csv bom "$T_TMP/sites-bom.csv"
check "the GBK file is not UTF-8 (the test's own check)" sh -c "! iconv -f UTF-8 -t UTF-8 '$T_TMP/sites-gbk.csv' >/dev/null 2>&1"
check "...and has CRLF line ends" grep -q "$(printf '\r')" "$T_TMP/sites-gbk.csv"

before=$(db_state)
out=$("$DW" import site "$T_TMP/sites-gbk.csv" --dry-run 2>&1)
rc=$?
equals "--dry-run reports the refused rows (exit 1)" "$rc" 1
contains "--dry-run says what it would take" "$out" "dry run, nothing changed"
contains "...3 taken of 6" "$out" "6 rows, 3 taken, 0 already there, 3 refused (GB18030)"
equals "--dry-run changes nothing" "$(db_state)" "$before"

out=$("$DW" import site "$T_TMP/sites-gbk.csv" 2>&1)
contains "GBK: the good rows are taken" "$out" "6 rows, 3 taken, 0 already there, 3 refused (GB18030)"
contains "a row without a name is refused by its row number" "$out" "row 3 refused: name"
contains "a district that is not an option, by row" "$out" "row 4 refused: district"
contains "a bad phone, by row" "$out" "row 6 refused: dust_officer"
contains "a column that names no field is listed as ignored" "$out" "column ignored: 序号"
sites=$("$DW" export site --format json)
equals "three sites in" "$(printf '%s' "$sites" | jq length)" 3
equals "Chinese intact from GBK" "$(printf '%s' "$sites" | jq -r '.[] | select(.fields.name == "迎丰路安置小区甲") | .fields.district')" hecheng
equals "a quoted cell with a comma and a line break is one value" \
	"$(printf '%s' "$sites" | jq -r '.[] | select(.fields.name == "迎丰路安置小区甲") | .fields.notes')" \
	"$(printf '重点项目，夜间施工须报备\n东侧临近学校')"
equals "a quote inside a cell" \
	"$(printf '%s' "$sites" | jq -r '.[] | select(.fields.name == "湖天大道保障性住房甲") | .fields.notes')" '含"引号"的备注'
equals "a person from a name column and a phone column" \
	"$(printf '%s' "$sites" | jq -c '.[] | select(.fields.name == "湖天大道保障性住房甲") | .fields.builder_person')" \
	'{"name":"李明","phone":"13907451234"}'

after=$(db_digest)
out=$("$DW" import site "$T_TMP/sites-gbk.csv" 2>&1)
contains "a second import adds nothing" "$out" "6 rows, 0 taken, 3 already there, 3 refused"
equals "...the database is as it was" "$(db_digest)" "$after"

out=$("$DW" import site "$T_TMP/sites-bom.csv" 2>&1)
contains "UTF-8 with a byte-order mark: detected, the good rows taken" "$out" "6 rows, 3 taken, 0 already there, 3 refused (UTF-8 with BOM)"
equals "six sites now" "$("$DW" export site --format json | jq length)" 6
out=$("$DW" import site "$T_TMP/sites-bom.csv" --format json)
equals "again: nothing new (json)" "$(printf '%s' "$out" | jq -c '[.taken, .existing, (.refused | map(.row))]')" '[0,3,[3,4,6]]'

# English headers and field names; inspectors matched by staff number.
printf 'Name,staff_no,Office,Mobile phone,Role\r\n刘晓燕,HH-007,文明施工管理室,13907450007,监督员\r\n向明辉,HH-008,Civilised Construction Office,13907450008,inspector\r\n' \
	>"$T_TMP/inspectors.csv"
out=$("$DW" import inspector "$T_TMP/inspectors.csv" 2>&1)
contains "inspectors by English labels and names, UTF-8 without a BOM" "$out" "2 rows, 2 taken, 0 already there, 0 refused (UTF-8)"
out=$("$DW" import inspector "$T_TMP/inspectors.csv" 2>&1)
contains "...the same staff numbers again: nothing new" "$out" "2 rows, 0 taken, 2 already there"
# Blank lines (and a row of empty cells, as Excel leaves them) are not rows:
# each row is counted once, as taken, already there or refused (fuzz_csv).
printf 'Name,staff_no,Office,Mobile phone,Role\r\n\r\n,,,,\r\n张伟,HH-009,文明施工管理室,13907450009,inspector\r\n\r\n' \
	>"$T_TMP/blank.csv"
out=$("$DW" import inspector "$T_TMP/blank.csv" 2>&1)
contains "blank lines are not rows" "$out" "1 rows, 1 taken, 0 already there, 0 refused"

# Nothing half-imported: a file that is not text takes nothing.
printf '\377\376\000\001bad' >"$T_TMP/bad.csv"
before=$(db_state)
fails "a file that is neither UTF-8 nor GBK is refused" "$DW" import site "$T_TMP/bad.csv"
equals "...and nothing changes" "$(db_state)" "$before"
printf 'foo,bar\r\n1,2\r\n' >"$T_TMP/nohead.csv"
out=$("$DW" import site "$T_TMP/nohead.csv" 2>&1)
contains "a header that names no field is refused" "$out" "no column of the header row names a field of site"
fails "import of another kind is refused" "$DW" import notice "$T_TMP/nohead.csv"

# A workbook is not read (Debian has no kept C library that reads XLSX):
# the message says to save it as CSV, and nothing is imported.
"$DW" export site --format xlsx -o "$T_TMP/sites.xlsx" >/dev/null
before=$("$DW" list site --format json | jq length)
out=$("$DW" import site "$T_TMP/sites.xlsx" 2>&1)
equals "import of an XLSX workbook fails" "$?" 1
contains "saying to save the sheet as CSV" "$out" "is an Excel workbook (XLSX), not CSV: save the sheet as CSV"
equals "and imports nothing" "$("$DW" list site --format json | jq length)" "$before"
finish
