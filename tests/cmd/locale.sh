# No UTF-8 locale in the environment (issue 13): with LANG unset, or
# naming a locale not installed, the commands still print Chinese text
# whole and their tables aligned by display width (two columns a Chinese
# character), and say nothing about locales while C.UTF-8 is there.
. "$TOP/tests/lib.sh"
station
"$DW" new site name=中方县城南还建房 address=中方县 district=zhongfang type=residential stage=structure \
	builder_unit=中方县住建局 "builder_person=周一,13907450000" contractor_unit=怀化建工 \
	"contractor_person=吴二,13807450000" "dust_officer=郑三,13607450000" --submit >/dev/null
"$DW" new inspection --site "$SITE" $COMPLIANT --submit >/dev/null
# aligned OUTPUT: the column after the date starts at the same display
# column on every line (python3 computes widths as a terminal does).
aligned() {
	printf '%s\n' "$1" | python3 -c '
import sys, unicodedata, re
cols = set()
for line in sys.stdin.read().splitlines():
    m = re.search(r"\d{4}-\d\d-\d\d ", line)
    if not m: sys.exit("no date in: " + line)
    pre = line[:m.end()]
    cols.add(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in pre))
sys.exit(0 if len(cols) == 1 else "columns differ: %s" % sorted(cols))'
}
for env in "LANG" "LANG=zh_CN.UTF-8" "LANG=C"; do
	case $env in LANG) set -- env -u LANG -u LC_ALL -u LC_CTYPE -u LC_MESSAGES ;; *) set -- env -u LC_ALL -u LC_CTYPE -u LC_MESSAGES "$env" ;; esac
	out=$("$@" "$DW" list 2>"$T_TMP/err")
	contains "$env: list prints the Chinese names whole" "$out" "中方县城南还建房"
	contains "$env: and the inspection's title" "$out" "鹤城区迎丰路安置小区二期"
	if err=$(aligned "$out" 2>&1); then ok "$env: its columns are aligned"; else not_ok "$env: columns aligned" "$err" "$out"; fi
	equals "$env: nothing on standard error (C.UTF-8 is there)" "$(cat "$T_TMP/err")" ""
done
out=$(env -u LC_ALL -u LC_CTYPE -u LC_MESSAGES LANG=zh_CN.UTF-8 "$DW" list)
contains "LANG=zh_CN.UTF-8 keeps the Chinese output though the locale is C.UTF-8" "$out" "工地"
out=$(env -u LC_ALL -u LC_CTYPE -u LC_MESSAGES LANG=zh_CN.UTF-8 "$DW" show "$SITE")
contains "show as well" "$out" "鹤城区迎丰路安置小区二期"
finish
