# A notice's QR code on an 80x24 terminal: two rows of modules per text
# row in half blocks, the smallest code with its quiet zone over every row.
# The captured screen, drawn to an image, is read by zbarimg as the
# notice's payload; a large terminal keeps the standard code.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
"$DW" demo "$DUSTWATCH_HOME" --records 60 --seed 3 >/dev/null || exit 1

for lang in zh en; do
	tui_start 80 24 --lang $lang
	keys t
	case $lang in zh) sees "the notices" "整改通知 · 全部状态" ;; en) sees "the notices" "notice · all statuses" ;; esac
	keys Enter
	case $lang in zh) sees "a notice's page" "编号: " ;; en) sees "a notice's page" "Number: " ;; esac
	NUM=$(screen_text | sed -n 's/^\(编号\|Number\): \([^ ]*\).*/\2/p' | head -1)
	PAYLOAD=$("$DW" qr notice "$NUM" --format text)
	keys Q
	sees "Q at 80x24 ($lang) draws the code, not a warning" "Esc"
	lacks "no 'too small' at 80x24 ($lang)" "$(screen_text)" "enlarge"
	lacks "no 'too small' at 80x24 ($lang)" "$(screen_text)" "窗口太小"
	clean_screen "the QR screen at 80x24 ($lang): no line too wide" 80
	equals "the code captured at 80x24 ($lang) reads as the notice's payload" "$(screen_qr_decode)" "$PAYLOAD"
done
tui_start 100 40 --lang zh
keys t Enter
sees "a notice's page at 100x40" "编号: "
keys Q
sees "at 100x40 the payload is under the code" "DUSTWATCH:1/N/HH/"
NUM=$(screen_text | grep -o 'DUSTWATCH:1/N/HH/[^/]*' | head -1 | cut -d/ -f4)
equals "and the standard code there reads too" "$(screen_qr_decode)" "$("$DW" qr notice "$NUM" --format text)"

# A scanned notice code gets the verdict of `dustwatch scan` before
# anything opens: a forged seal (one character of it changed) opens
# nothing and says so in both languages; the genuine code opens the notice.
GENUINE=$("$DW" qr notice "$NUM" --format text)
SEAL=${GENUINE##*/}
c=$(printf %s "$SEAL" | cut -c20)
case $c in A) r=B ;; *) r=A ;; esac
FORGED="${GENUINE%/*}/$(printf %s "$SEAL" | cut -c1-19)$r$(printf %s "$SEAL" | cut -c21-)"
"$DW" scan "$FORGED" >/dev/null 2>&1
equals "the changed code is forged for dustwatch scan (exit 1)" "$?" 1
for lang in zh en; do
	tui_start 100 30 --lang $lang
	case $lang in zh) sees "home ($lang)" "今日工作" ;; en) sees "home ($lang)" "Today" ;; esac
	type_text "$FORGED"
	keys Enter
	case $lang in
	zh) sees "a forged notice code says FORGED ($lang)" "伪造！$NUM 不是监督站 HH 的真实通知书" ;;
	en) sees "a forged notice code says FORGED ($lang)" "FORGED: $NUM is not a genuine notice of station HH" ;;
	esac
	case $lang in zh) lacks "it opens nothing ($lang)" "$(screen_text)" "编号: " ;; en) lacks "it opens nothing ($lang)" "$(screen_text)" "Number: " ;; esac
	type_text "$GENUINE"
	keys Enter
	case $lang in zh) sees "the genuine code opens the notice ($lang)" "编号: $NUM" ;; en) sees "the genuine code opens the notice ($lang)" "Number: $NUM" ;; esac
done
finish
