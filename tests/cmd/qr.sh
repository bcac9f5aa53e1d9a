# QR codes, placards and printed notices: every code the program writes is
# decoded by an independent decoder (zbarimg) and equals the payload; a
# printed notice shows its site, number and deadline; scan tells genuine
# from forged, and survives any input.
. "$TOP/tests/lib.sh"
station
deadline=$(date -d '+7 days' +%F)
N=$("$DW" new notice --site "$SITE" kind=deadline builder_unit=怀化市城市建设投资有限公司 \
	contractor_unit=湖南省第六工程有限公司 delivery=posted "deadline=$deadline" \
	'problems=[{"description":"西侧围挡缺失约20米","requirement":"三日内恢复围挡"}]' --submit)
NUM=$("$DW" show "$N" --format json | jq -r .number)
NP=$("$DW" qr notice "$N" --format text)
SP=$("$DW" qr site "$SITE" --format text)
contains "a notice's payload names station and number" "$NP" "DUSTWATCH:1/N/HH/$NUM/"
contains "a site's payload is a dustwatch URI" "$SP" "DUSTWATCH:1/S/HH/"

# decode FILE: what zbarimg reads in an image
decode() { zbarimg -q --raw "$1" 2>/dev/null | head -1; }

check "qr notice --format png" "$DW" qr notice "$N" --format png -o "$T_TMP/n.png"
equals "zbarimg reads the notice's PNG as its payload" "$(decode "$T_TMP/n.png")" "$NP"
check "qr site --format png" "$DW" qr site "$SITE" --format png -o "$T_TMP/s.png"
equals "zbarimg reads the site's PNG as its payload" "$(decode "$T_TMP/s.png")" "$SP"

# The terminal drawing, turned into a bitmap pixel by pixel: blocks are
# light modules (a light-on-dark terminal), as qrencode -t UTF8 draws.
"$DW" qr notice "$N" >"$T_TMP/n.txt"
utf8_to_pbm() {
	python3 - "$1" "$2" <<'PY'
import sys
rows = open(sys.argv[1], encoding="utf-8").read().rstrip("\n").split("\n")
cells = {" ": (0, 0), "▀": (1, 0), "▄": (0, 1), "█": (1, 1)}
bits = []
for r in rows:
    top = [cells[c][0] for c in r]; bottom = [cells[c][1] for c in r]
    bits += [top, bottom]
scale = 6
w = len(bits[0]) * scale
with open(sys.argv[2], "w") as f:
    f.write("P1\n%d %d\n" % (w, len(bits) * scale))
    for row in bits:
        line = " ".join(str(1 - b) for b in row for _ in range(scale))  # light block -> white (0)
        for _ in range(scale):
            f.write(line + "\n")
PY
}
utf8_to_pbm "$T_TMP/n.txt" "$T_TMP/n.pbm"
equals "the terminal drawing scans as the payload" "$(decode "$T_TMP/n.pbm")" "$NP"
width=$(head -1 "$T_TMP/n.txt" | python3 -c 'import sys; print(len(sys.stdin.read().rstrip("\n")))')
lines=$(wc -l <"$T_TMP/n.txt")
ok_size=$([ "$width" -le 80 ] && [ "$lines" -le 40 ] && echo yes || echo "no: ${width}x$lines")
equals "the notice's code fits an 80-column terminal" "$ok_size" yes

check "qr --format svg" "$DW" qr notice "$N" --format svg -o "$T_TMP/n.svg"
python3 - "$T_TMP/n.svg" "$T_TMP/svg.pbm" <<'PY'
import re, sys
svg = open(sys.argv[1]).read()
n = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
dark = set((int(x), int(y)) for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", svg))
s = 6
with open(sys.argv[2], "w") as f:
    f.write("P1\n%d %d\n" % (n * s, n * s))
    for y in range(n):
        line = " ".join(("1" if (x, y) in dark else "0") for x in range(n) for _ in range(s))
        for _ in range(s):
            f.write(line + "\n")
PY
equals "the SVG's modules scan as the payload" "$(decode "$T_TMP/svg.pbm")" "$NP"

# --- printed notice and placard
contains "config shows what applies to an unset key" "$("$DW" config)" "hotline=12345 (default)"
"$DW" config station_name 怀化市建设工程质量安全监督站 >/dev/null
equals "config KEY prints a set value" "$("$DW" config station_name)" 怀化市建设工程质量安全监督站
check "print notice writes a PDF" "$DW" print notice "$N" -o "$T_TMP/notice.pdf"
text=$(pdftotext "$T_TMP/notice.pdf" - 2>&1)
contains "the printed notice shows its Chinese site name" "$text" "鹤城区迎丰路安置小区二期"
contains "the printed notice shows its number" "$text" "$NUM"
y=$(date -d "$deadline" +%Y) m=$(date -d "$deadline" +%-m) d=$(date -d "$deadline" +%-d)
contains "the printed notice shows its deadline" "$text" "${y}年${m}月${d}日"
contains "the printed notice names the station" "$text" "怀化市建设工程质量安全监督站"
contains "the printed notice lists the problem found" "$text" "西侧围挡缺失约20米"
fonts=$(pdffonts "$T_TMP/notice.pdf" | tail -n +3)
lacks "every font in the PDF is embedded" "$(printf '%s\n' "$fonts" | awk '$(NF-4) != "yes"')" "CID"
pdftoppm -r 150 -png "$T_TMP/notice.pdf" "$T_TMP/page"
equals "the QR on the printed notice scans as the payload" "$(decode "$T_TMP/page-1.png")" "$NP"
check "print placard writes a PDF" "$DW" print placard "$SITE" -o "$T_TMP/placard.pdf"
contains "the placard shows the site's name" "$(pdftotext "$T_TMP/placard.pdf" - 2>&1)" "鹤城区迎丰路安置小区二期"
pdftoppm -r 100 -png "$T_TMP/placard.pdf" "$T_TMP/placard"
equals "the QR on the placard scans as the site's payload" "$(decode "$T_TMP/placard-1.png")" "$SP"
fails "print placard refuses a notice" "$DW" print placard "$N" -o "$T_TMP/x.pdf"
fails "print without an output or printer is a usage error" "$DW" print notice "$N"

# --- sending to CUPS: lp gets the PDF (a stand-in lp records what it got)
mkdir -p "$T_TMP/bin"
cat >"$T_TMP/bin/lp" <<LP
#!/bin/sh
printf '%s\n' "\$*" >"$T_TMP/lp.args"
for a; do last=\$a; done
cp "\$last" "$T_TMP/lp.pdf"
LP
chmod +x "$T_TMP/bin/lp"
check "print --printer sends the notice to lp" env PATH="$T_TMP/bin:$PATH" "$DW" print notice "$N" --printer 现场便携打印机
contains "lp is asked for that printer" "$(cat "$T_TMP/lp.args" 2>/dev/null)" "-d 现场便携打印机"
contains "and gets the notice's PDF" "$(pdftotext "$T_TMP/lp.pdf" - 2>/dev/null)" "$NUM"
out=$(env PATH="/nonexistent:/usr/bin:/bin" "$DW" print notice "$N" --print 2>&1)
contains "without CUPS the message says so" "$out" "lp is not installed"

# --- a station with a web page: the code is an https link
"$DW" config base_url https://jz.huaihua.example/qr >/dev/null
URL=$("$DW" qr notice "$N" --format text)
contains "with a base URL the notice's code is an https link" "$URL" "https://jz.huaihua.example/qr/1/N/HH/$NUM/"
"$DW" qr notice "$N" --format png -o "$T_TMP/url.png" >/dev/null
equals "and scans as that link" "$(decode "$T_TMP/url.png")" "$URL"
contains "and verifies as genuine" "$("$DW" scan "$URL")" "verdict:  genuine"
"$DW" config base_url "" >/dev/null

# --- scan: genuine, forged, damaged
out=$("$DW" scan "$NP")
equals "scan of a genuine notice exits 0" "$?" 0
contains "and says it is genuine" "$out" "verdict:  genuine"
contains "and gives its status" "$out" "status:   issued"
contains "and names its site" "$out" "鹤城区迎丰路安置小区二期"
"$DW" rectify "$N" --comment "现场核实已整改" >/dev/null
contains "scan shows the current status" "$("$DW" scan "$NP")" "status:   rectified"
out=$("$DW" scan "$SP")
equals "scan of a site code exits 0" "$?" 0
contains "and names the site" "$out" "鹤城区迎丰路安置小区二期"

forged=$(printf '%s' "$NP" | sed 's|/HH-A03-\([0-9]*\)-0001/|/HH-A03-\1-0002/|')
lacks "(the forged payload differs)" "$forged" "$NUM"
out=$("$DW" scan "$forged" 2>&1)
equals "a changed number is forged: exit 1" "$?" 1
contains "and says so" "$out" "FORGED"
contains "and why" "$out" "signature does not match device A03"
flip=$(printf '%s' "$NP" | python3 -c 'import sys; t=sys.stdin.read(); i=len(t)-5; print(t[:i] + ("A" if t[i] != "A" else "B") + t[i+1:], end="")')
fails "one character of the signature changed: not genuine" "$DW" scan "$flip"
out=$("$DW" scan "$(printf '%s' "$NP" | cut -c1-60)" 2>&1)
equals "a truncated code exits 1" "$?" 1
contains "with a clear verdict" "$out" "not a valid dustwatch code"
out=$("$DW" scan "$(printf '%s' "$NP" | sed 's|DUSTWATCH:1/|DUSTWATCH:7/|')" 2>&1)
contains "an unknown version is named" "$out" "version 7 is not known"
fails "random bytes are not a code" "$DW" scan "$(head -c 64 /dev/urandom | tr -d '\0')"
fails "a 10 kB string is not a code" "$DW" scan "$(head -c 10240 /dev/zero | tr '\0' A)"
out=$("$DW" scan "$NP" --format json | jq -r .verdict)
equals "scan --format json gives the verdict" "$out" genuine

# --- a laptop that has never seen the notice, holding the station's registry
PUB=$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "SELECT value FROM settings WHERE key='pubkey'")
export DUSTWATCH_HOME="$T_TMP/other"
"$DW" init --station HH --device B01 --inspector 李娜 >/dev/null
out=$("$DW" scan "$NP" 2>&1)
equals "without the issuer's key the verdict is 'cannot check': exit 3" "$?" 3
"$DW" new device code=A03 "public_key=$PUB" description=张伟的笔记本 "holder=张伟,13907450001" --submit >/dev/null
out=$("$DW" scan "$NP" 2>&1)
equals "with the registry, a laptop that never saw the notice verifies it" "$?" 0
contains "and says the record is not here yet" "$out" "not yet synced"
finish
