#!/bin/sh
# Makes the seed corpora of the fuzz targets (tests/fuzz/corpus/TARGET/)
# from the shipped forms and a demo station: real events, real QR payloads,
# real records' event chains. Run from the top of the tree after `make`:
#   tests/fuzz/make-corpus.sh [build/dustwatch]
# The files are named by their SHA-1, as libFuzzer names what it keeps;
# the crash reproducers already in the corpora stay.
set -eu
DW=${1:-build/dustwatch}
C=tests/fuzz/corpus
T=$(mktemp -d "${TMPDIR:-/tmp}/dwcorpus.XXXXXX")
trap 'rm -rf "$T"' EXIT
export DUSTWATCH_HOME="$T/demo" DUSTWATCH_NOW=2024-05-03T08:00:00Z LC_ALL=C.UTF-8
"$DW" demo "$DUSTWATCH_HOME" >/dev/null
DB="$DUSTWATCH_HOME/dustwatch.db"
mkdir -p "$C/form" "$C/event" "$C/value" "$C/payload" "$C/import"

# put TARGET: standard input as one seed named by its SHA-1.
put() {
	cat >"$T/seed"
	mv "$T/seed" "$C/$1/$(sha1sum "$T/seed" | cut -c1-40)"
}

# --- form: the shipped forms, and one saved by a Windows editor.
for f in forms/*.form; do put form <"$f"; done
{ printf '\357\273\277'; sed 's/$/\r/' forms/machinery.form; } | put form

# --- event: two events of each form and operation, as their files are.
sqlite3 "$DB" "SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY json_extract(body,'\$.form'), op ORDER BY id) n FROM events) WHERE n <= 1" |
	while read -r id; do sqlite3 "$DB" "SELECT body FROM events WHERE id = '$id'" | put event; done

# --- value: a field picked by the first byte, then a text of some shape.
i=0
for v in 2024-05-01 -30 +0 12 -99999999999999999999 1000000000000 12.5 0.5 08:30 2024-05-01T08:30 \
	2024-05-01T08:30:00Z yes no na hotline 'dust,noise' 张伟,13907451234 'AB12' '' \
	'27.55,109.99' '@a.jpg,@b.jpg' '["0000000000000000000000000000000000000000000000000000000000000000"]' \
	'[{"type":"excavator","code":"A1"}]' '{"name":"张伟","phone":"13907451234"}' \
	'{"name":"张伟","time":"2024-05-01T08:00:00Z"}' '{"count":3,"who":{"name":"a"}}' \
	'{"hoarding":"yes","cover":"no","verdict":"pass"}' 'line one
line two'; do
	printf '%b%s' "\\$(printf '%03o' $((i * 37 % 256)))" "$v" | put value
	i=$((i + 1))
done

# --- payload: the codes of sites and notices, plain and under a base URL.
sqlite3 "$DB" "SELECT 'site ' || id FROM records WHERE kind = 'site' LIMIT 6; SELECT 'notice ' || id FROM records WHERE kind = 'notice' LIMIT 10" |
	while read -r kind id; do "$DW" qr "$kind" "$id" --format text | put payload; done
"$DW" config base_url https://hh.example.org/qr >/dev/null
sqlite3 "$DB" "SELECT 'site ' || id FROM records WHERE kind = 'site' LIMIT 2; SELECT 'notice ' || id FROM records WHERE kind = 'notice' LIMIT 4" |
	while read -r kind id; do "$DW" qr "$kind" "$id" --format text | put payload; done

# --- import: a flag byte, then parts "\n--\n" apart, each a placement byte
# and a file (fuzz_import.c). The events of a site and of records of each
# kind about it, sealed for this machine (flag 2; with a signed manifest,
# flag 10), as they are (flag 0: another key's signature) and on another
# device's branch (flag 1).
chain() { # record ids...: their events, oldest first, as parts
	for r in "$@"; do
		sqlite3 "$DB" "SELECT id FROM events WHERE record = '$r' ORDER BY hlc_ms, hlc_c" |
			while read -r e; do printf '0'; sqlite3 "$DB" "SELECT body FROM events WHERE id = '$e'"; printf -- '--\n'; done
	done
}
sqlite3 "$DB" "SELECT id FROM records WHERE kind = 'site' LIMIT 4" | while read -r site; do
	for kind in inspection notice complaint agreement survey machinery; do
		rec=$(sqlite3 "$DB" "SELECT id FROM records WHERE site = '$site' AND kind = '$kind' AND status != 'draft' LIMIT 1")
		[ -n "$rec" ] || continue
		{ printf '\002'; chain "$site" "$rec"; } | put import
	done
	{ printf '\000'; chain "$site"; } | put import
	{ printf '\003'; chain "$site"; } | put import
	{ printf '\012'; chain "$site"; } | put import
done
sqlite3 "$DB" "SELECT id FROM records WHERE kind IN ('device', 'inspector') LIMIT 3" | while read -r rec; do
	{ printf '\002'; chain "$rec"; } | put import
done
{ printf '\002'; printf '2a photo\n--\n3not its name\n--\n4too deep\n'; } | put import
# The station's key first (flag 16), as a sync learns it from the station ref.
station=$(git --git-dir="$DUSTWATCH_HOME/central.git" show refs/heads/station:station.json)
site=$(sqlite3 "$DB" "SELECT id FROM records WHERE kind = 'site' LIMIT 1")
{ printf '\022%s\n--\n' "$station"; chain "$site"; } | put import
{ printf '\023%s\n--\n' "$station"; chain "$site"; } | put import
# --- csv: a flag byte (bit 0 inspector, bit 1 really taken), then a list
# as Excel and WPS save it: GBK with CRLF, UTF-8 with a byte-order mark,
# plain UTF-8; quoted fields with commas, quotes and line breaks; bad rows.
mkdir -p "$C/csv"
python3 - "$T" <<'PY'
import csv, io, sys
t = sys.argv[1]
sites = [["序号", "工程名称", "工程地址", "所属区县", "工程类型", "施工阶段", "建设单位", "建设单位负责人", "联系电话",
          "施工单位", "项目经理", "项目经理电话", "扬尘管理员", "扬尘管理员电话", "备注"],
         ["1", "迎丰路安置小区", "怀化市鹤城区迎丰西路1号", "鹤城区", "住宅工程", "基础施工", "怀化市城市建设投资有限公司",
          "李明", "13907451234", "湖南省第六工程有限公司", "王强", "13807452222", "赵六", "13907450001",
          "重点项目，夜间施工须报备\n东侧临近学校"],
         ["2", "", "地址", "鹤城区", "住宅工程", "基础施工", "甲", "乙", "13907451234", "丙", "丁", "13807452222", "戊",
          "123", '含"引号"的备注']]
people = [["Name", "staff_no", "Office", "Mobile phone", "Role"],
          ["刘晓燕", "HH-007", "文明施工管理室", "13907450007", "监督员"],
          ["向明辉", "HH-008", "Civilised Construction Office", "13907450008", "inspector"]]
for kind, rows in ((0, sites), (1, people)):
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    data = buf.getvalue()
    for take in (0, 2):
        for enc, body in (("gbk", data.encode("gbk")), ("bom", b"\xef\xbb\xbf" + data.encode()),
                          ("utf8", data.replace("\r\n", "\n").encode())):
            with open("%s/csv-%d-%d-%s" % (t, kind, take, enc), "wb") as f:
                f.write(bytes([kind | take]) + body)
PY
for f in "$T"/csv-*; do put csv <"$f"; done

for d in "$C"/*/; do printf '%s: %s files\n' "$d" "$(ls "$d" | grep -c .)"; done
