# Hostile and careless input (issue 17): each finding has its regression
# check here. Out-of-range numbers, bad date bounds, names that are not
# UTF-8, a reindex with no repository, FIFOs where files go, attributes
# given twice, and forms saved by Windows editors.
. "$TOP/tests/lib.sh"
station

# --- numbers out of range, with the field's name and the allowed range
mkdir -p "$DUSTWATCH_HOME/forms"
sed -e 's/^version 1$/version 2/' "$TOP/forms/machinery.form" >"$DUSTWATCH_HOME/forms/machinery.form"
printf '\nfield count integer\n\tlabel 台数 | Machines\n' >>"$DUSTWATCH_HOME/forms/machinery.form"
check "a station's form with a whole-number field loads" "$DW" forms check "$DUSTWATCH_HOME/forms/machinery.form"
before=$(db_state)
out=$("$DW" new machinery --site "$SITE" count=-99999999999999999999 2>&1)
rc=$?
equals "a number beyond int64 is refused, not wrapped" "$rc" 1
contains "...naming the field and the range" "$out" "count: -99999999999999999999 is outside -1000000000000..1000000000000"
out=$("$DW" new machinery --site "$SITE" count=99999999999999999999 2>&1)
contains "...on the high side too" "$out" "count: 99999999999999999999 is outside"
out=$("$DW" new machinery --site "$SITE" count=1000000000001 2>&1)
contains "...and just past the bound" "$out" "count: 1000000000001 is outside"
equals "...and nothing is written" "$(db_state)" "$before"
D=$("$DW" new machinery --site "$SITE" count=-1000000000000)
check "the bound itself is taken" test -n "$D"
"$DW" discard "$D" >/dev/null

# --- a date bound out of any calendar is refused by forms check
F="$T_TMP/dates.form"
sed -e 's/^version 1$/version 3/' "$TOP/forms/machinery.form" >"$F"
printf '\nfield when date\n\tlabel 日期 | When\n\trange -30 +99999999999999999999\n' >>"$F"
out=$("$DW" forms check "$F" 2>&1)
rc=$?
contains "forms check refuses a date bound of 10^20 days, saying where and what a bound may be" "$out" \
	"dates.form:$(grep -c '' "$F"): a date range bound is YYYY-MM-DD or whole days from today within 36500"
check "...and fails" test $rc -ne 0
sed -i 's/+99999999999999999999/+30/' "$F"
check "...and takes +30" "$DW" forms check "$F"

# --- an attribute given twice is an error naming the line (no leak, no
# silent replacement)
for attr in "default today" "relevant type = quarterly" "unit 台" "range -30 +0" "pattern [0-9]+" "hint 提示 | Hint"; do
	G="$T_TMP/twice.form"
	sed -e 's/^version 1$/version 3/' "$TOP/forms/machinery.form" >"$G"
	case "$attr" in pattern* | unit* | hint*) type=text ;; *) type=date ;; esac
	case "$attr" in relevant*) type=text ;; esac
	printf '\nfield extra %s\n\tlabel 附加 | Extra\n\t%s\n\t%s\n' "$type" "$attr" "$attr" >>"$G"
	out=$("$DW" forms check "$G" 2>&1)
	contains "'${attr%% *}' twice is refused at its second line" "$out" \
		"twice.form:$(grep -c '' "$G"): '${attr%% *}' is given more than once for field 'extra'"
done

# ...also when another directive comes between the two (found by
# tests/fuzz/fuzz_form: the first pattern leaked and was replaced)
G="$T_TMP/twice.form"
sed -e 's/^version 1$/version 3/' "$TOP/forms/machinery.form" >"$G"
printf '\nfield extra text\n\tlabel 附加 | Extra\n\tpattern [0-9]+\nnumbered\n\tpattern [a-z]+\n' >>"$G"
out=$("$DW" forms check "$G" 2>&1)
contains "an attribute given again after a directive line is refused too" "$out" \
	"twice.form:$(grep -c '' "$G"): 'pattern' is given more than once for field 'extra'"

# --- forms saved on Windows: a byte-order mark and CRLF line ends
W="$T_TMP/windows.form"
{ printf '\357\273\277'; sed -e 's/^version 1$/version 3/' -e 's/$/\r/' "$TOP/forms/machinery.form"; } >"$W"
check "a form with a BOM and CRLF passes forms check" "$DW" forms check "$W"

# --- names and values that are not UTF-8 are refused, never dropped
before=$(db_state)
out=$("$DW" new site "$(printf 'name\377')=x" 2>&1)
rc=$?
equals "a field name that is not UTF-8 is refused" "$rc" 1
contains "...shown escaped, with the reason" "$out" 'name\xff: field name is not UTF-8 text'
equals "...and no draft is left" "$(db_state)" "$before"
out=$("$DW" set "$SITE" "$(printf 'address\377')=x" 2>&1)
contains "set refuses it too" "$out" 'address\xff: field name is not UTF-8 text'

# --- FIFOs, devices and folders where a file is expected: an error, never
# a hang (timeout 20 s would turn a hang into a failure here)
mkfifo "$DUSTWATCH_HOME/forms/site.form"
out=$(timeout 20 "$DW" list site 2>&1)
rc=$?
contains "a FIFO as a form file does not hang and says what it is" "$out" "site.form: not a regular file"
check "...and fails" test "$rc" -ne 124 -a "$rc" -ne 0
rm "$DUSTWATCH_HOME/forms/site.form"
mkfifo "$T_TMP/fifo"
out=$(timeout 20 "$DW" new complaint --site "$SITE" "photos=@$T_TMP/fifo" 2>&1)
check "a FIFO as an attachment does not hang" test $? -ne 124
out=$(timeout 20 "$DW" new inspection --site "$SITE" "photos=@/dev/zero" 2>&1)
check "...nor does a device" test $? -ne 124
out=$(timeout 20 "$DW" new agreement --site "$SITE" "scan=@$T_TMP" 2>&1)
check "...nor a folder" test $? -ne 124

# --- reindex never clears a database it cannot rebuild
"$DW" reindex >/dev/null # commits the events to repo.git
before=$(db_state)
mv "$DUSTWATCH_HOME/repo.git" "$T_TMP/saved.git"
out=$("$DW" reindex 2>&1)
rc=$?
equals "reindex without a repository is refused" "$rc" 1
contains "...saying why" "$out" "there is no repository at $DUSTWATCH_HOME/repo.git"
equals "...and the database is as it was" "$(db_state)" "$before"
check "...and no empty repository is made" test ! -e "$DUSTWATCH_HOME/repo.git"
mv "$T_TMP/saved.git" "$DUSTWATCH_HOME/repo.git"
git --git-dir="$DUSTWATCH_HOME/repo.git" for-each-ref --format='%(refname)' 'refs/heads/devices/' |
	while read -r r; do git --git-dir="$DUSTWATCH_HOME/repo.git" update-ref -d "$r"; done
out=$("$DW" reindex 2>&1)
equals "reindex with the device's branch deleted is refused" "$?" 1
contains "...saying what it would lose" "$out" "a reindex would lose"
equals "...and the database is as it was" "$(db_state)" "$before"

# --- escape sequences and BEL typed into a field are shown escaped in plain
# output, never sent to the terminal
ESC=$(printf '\033')
BEL=$(printf '\007')
"$DW" set "$SITE" "name=工地${ESC}[2J${BEL}名" >/dev/null
out=$("$DW" list site)
lacks "list sends no escape character" "$out" "$ESC"
lacks "...and no BEL" "$out" "$BEL"
contains "...but shows them escaped" "$out" '工地\x1b[2J\x07名'
out=$("$DW" show "$SITE")
lacks "show sends no escape character" "$out" "$ESC"
contains "...but shows it escaped" "$out" '工地\x1b[2J\x07名'
out=$("$DW" history "$SITE")
lacks "history sends none either" "$out" "$ESC"

# --- the station's hook reads whole lines: an over-long ref is refused by
# name, not split into a second line whose tail is parsed as a ref
"$DW" station init "$T_TMP/central.git" >/dev/null 2>&1
z=0000000000000000000000000000000000000000
long="refs/heads/$(head -c 1100 /dev/zero | tr '\0' a) $z $z refs/heads/devices/EVIL"
out=$(printf '%s %s %s\n' "$z" "$z" "$long" | GIT_DIR="$T_TMP/central.git" "$DW" verify 2>&1)
rc=$?
contains "the hook refuses an over-long ref by name" "$out" "refused: a ref of 1217 bytes (refs/heads/aaaa"
lacks "...and never reads its tail as a ref" "$out" "EVIL"
check "...and refuses the push" test "$rc" -ne 0
finish
