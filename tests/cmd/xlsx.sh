# Spreadsheets out (issue 11): the ledger and the monthly statistics as
# XLSX, read back by an independent reader (python3-openpyxl from Debian)
# and converted by LibreOffice headless: the same rows as the CSV, Chinese
# intact, numbers as numbers, dates as dates, a frozen header row, an
# autofilter, and a native chart on the monthly sheet.
. "$TOP/tests/lib.sh"

# Debian's python, where python3-openpyxl is (not a pyenv one on PATH).
PY=/usr/bin/python3
if ! $PY -c 'import openpyxl' 2>/dev/null; then
	echo "1..0 # SKIP python3-openpyxl is not installed (tools/packages.txt)"
	exit 0
fi
"$DW" demo "$DUSTWATCH_HOME" --year 2025 --no-central >/dev/null 2>&1 || exit 1
D="$T_TMP/out"
mkdir -p "$D"
check "export ledger --format xlsx" "$DW" export ledger --format xlsx -o "$D/ledger.xlsx" --date 2025-12-31 --lang zh
check "export ledger --format csv" "$DW" export ledger --format csv -o "$D/ledger.csv" --date 2025-12-31 --lang zh
check "report monthly --format xlsx" "$DW" report monthly --year 2025 --format xlsx -o "$D/monthly.xlsx" --lang zh
check "report monthly --format csv" "$DW" report monthly --year 2025 --format csv -o "$D/monthly.csv" --lang zh
check "report indicators --format xlsx" "$DW" report indicators --year 2025 --format xlsx -o "$D/ind.xlsx" --lang zh
equals "the CSV starts with a byte-order mark" "$(head -c 3 "$D/ledger.csv" | od -An -tx1 | tr -d ' ')" efbbbf

# read.py XLSX SHEET CSV: compares the sheet with the CSV and reports its
# shape, one "key value" line each.
cat >"$T_TMP/read.py" <<'PY'
import csv, datetime, sys, zipfile, openpyxl
path, index, csv_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
wb = openpyxl.load_workbook(path)
ws = wb.worksheets[index]
rows = [list(r) for r in ws.iter_rows(values_only=True)]
with open(csv_path, encoding="utf-8-sig", newline="") as f:
    want = list(csv.reader(f))
def same(cell, text):
    if cell is None:
        return text == ""
    if isinstance(cell, datetime.datetime):
        return cell.strftime("%Y-%m-%d") == text
    if isinstance(cell, (int, float)):
        try:
            return abs(float(text) - cell) < 1e-4
        except ValueError:
            return False
    return str(cell) == text
bad = [i for i, (r, w) in enumerate(zip(rows, want)) if len(r) != len(w) or not all(same(c, t) for c, t in zip(r, w))]
print("rows", len(rows), len(want))
print("same", "yes" if not bad and len(rows) == len(want) else "no %s" % bad[:3])
print("sheets", ",".join(wb.sheetnames))
print("header", ",".join(str(c) for c in rows[0]))
print("freeze", ws.freeze_panes)
print("filter", ws.auto_filter.ref)
kinds = {}
for r in ws.iter_rows(min_row=2):
    for c in r:
        if c.value is not None:
            kinds.setdefault(rows[0][c.column - 1], set()).add(c.data_type + ("d" if c.is_date else ""))
print("kinds", ";".join("%s=%s" % (k, "".join(sorted(v))) for k, v in kinds.items()))
names = zipfile.ZipFile(path).namelist()
print("charts", len([n for n in names if n.startswith("xl/charts/chart")]))
PY
out=$($PY "$T_TMP/read.py" "$D/ledger.xlsx" 0 "$D/ledger.csv" 2>&1)
contains "ledger: the XLSX holds the CSV's rows" "$out" "same yes"
contains "ledger: a row per active site and the header" "$out" "rows $(($("$DW" list site --status active --format json | jq length) + 1))"
contains "ledger: two sheets, named in Chinese" "$out" "sheets 扬尘动态监管台账,月度统计"
contains "ledger: Chinese headers intact" "$out" "header 工程项目,所在县市区,施工阶段,建设单位"
contains "ledger: the header row is frozen" "$out" "freeze A2"
contains "ledger: an autofilter over the table" "$out" "filter A1:R"
contains "ledger: scores are numbers" "$out" "最近检查得分=n;"
contains "ledger: dates are dates" "$out" "最近检查日期=dd;"
contains "ledger: names are text" "$out" "工程项目=s;"
contains "ledger: the monthly sheet has a chart" "$out" "charts 1"
out=$($PY "$T_TMP/read.py" "$D/ledger.xlsx" 1 "$D/monthly.csv" 2>&1)
contains "ledger's second sheet: the monthly statistics, the CSV's rows" "$out" "same yes"
out=$($PY "$T_TMP/read.py" "$D/monthly.xlsx" 0 "$D/monthly.csv" 2>&1)
contains "monthly: the XLSX holds the CSV's rows" "$out" "same yes"
contains "monthly: 12 months, a total and the header" "$out" "rows 14 14"
contains "monthly: counts are numbers" "$out" "检查表=n;"
contains "monthly: the satisfaction rate is a number" "$out" "满意率=n;"
contains "monthly: a native chart" "$out" "charts 1"
contains "monthly: frozen and filtered" "$out" "freeze A2"
# Column widths fit Chinese: two units per character.
w=$($PY -c 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]; print(ws.column_dimensions["F"].width >= 2*len(ws["F1"].value))' "$D/ledger.xlsx")
equals "ledger: a column is at least two units per Chinese character of its header" "$w" True

# Records of one kind: a column per field, labels as headers.
check "export notice --format csv" "$DW" export notice --format csv --lang zh -o "$D/notice.csv"
check "export notice --format xlsx" "$DW" export notice --format xlsx --lang zh -o "$D/notice.xlsx"
out=$($PY "$T_TMP/read.py" "$D/notice.xlsx" 0 "$D/notice.csv" 2>&1)
contains "export notice: the XLSX holds the CSV's rows" "$out" "same yes"
contains "...one column per field, headed by its label; a person as name and phone" "$out" \
	"header 标识,编号,状态,通知书类别,工程项目,依据检查记录,升级自,已升级为,下发日期,建设单位,建设单位项目负责人,建设单位项目负责人电话,施工单位"
contains "...dates as dates" "$out" "整改期限=dd"
csv=$(cat "$D/notice.csv")
contains "...a choice as its label" "$csv" ",责令限期整改通知书,"
lacks "...not its code" "$csv" ",deadline,"
contains "...a site as its name" "$csv" ",中方县职教城安置小区,"
out=$("$DW" export site --format csv --lang en | head -1)
contains "export site --lang en: English headers" "$out" "ID,Number,Status,Project name,"

# LibreOffice, when installed (tools/packages.txt): converts without
# complaint, to the same rows.
if command -v soffice >/dev/null 2>&1; then
	start=$(date +%s)
	soffice -env:UserInstallation="file://$T_TMP/lo-profile" --headless \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir "$D/lo" "$D/ledger.xlsx" \
		>"$T_TMP/lo.out" 2>"$T_TMP/lo.err"
	rc=$?
	echo "# LibreOffice took $(($(date +%s) - start)) s"
	equals "LibreOffice converts the ledger" "$rc" 0
	# javaldx: LibreOffice's note that it found no Java, which it does not need here.
	equals "...without complaint" "$(grep -v javaldx "$T_TMP/lo.err")" ""
	same=$($PY -c 'import csv,sys
a=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline="")))
b=list(csv.reader(open(sys.argv[2],encoding="utf-8",newline="")))
print(a==b or [(x,y) for x,y in zip(a,b) if x!=y][:2])' "$D/ledger.csv" "$D/lo/ledger.csv")
	equals "...to the same rows as the CSV" "$same" True
else
	echo "# LibreOffice (libreoffice-calc-nogui) is not installed: not tried"
fi

finish
