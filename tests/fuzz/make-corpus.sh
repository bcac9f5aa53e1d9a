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
for d in "$C"/*/; do printf '%s: %s files\n' "$d" "$(ls "$d" | grep -c .)"; done
