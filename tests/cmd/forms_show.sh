# Issue 13's smaller items on the command line: `new --submit` prints the
# record's number (a site, without numbers, its id); `forms show KIND`
# lists a kind's fields with types, options (code and both labels) and
# rules, as a table and as JSON.
. "$TOP/tests/lib.sh"
station
year=$(date -u +%Y)
out=$("$DW" new inspection --site "$SITE" $COMPLIANT --submit)
equals "new --submit prints the record's number" "$out" "HH-A03-$year-0001"
equals "which names the record" "$("$DW" show "$out" --format json | jq -r .status)" submitted
case "$SITE" in *-7*) ok "a site (no numbers) is printed by its id" ;; *) not_ok "a site is printed by its id" "got: $SITE" ;; esac
D=$("$DW" new inspection --site "$SITE" type=revisit)
case "$D" in *-7*) ok "a draft is still printed by its id" ;; *) not_ok "a draft by its id" "got: $D" ;; esac

json=$("$DW" forms show inspection --format json)
equals "forms show: the kind and its version" "$(printf '%s' "$json" | jq -c '[.kind, .version, .title.zh]')" \
	'["inspection",1,"扬尘防治专项检查表"]'
equals "every field of the form, in order" "$(printf '%s' "$json" | jq -r '[.fields[].name][0:5] | join(" ")')" \
	"site date inspector companions type"
equals "a choice's options with code and both labels" \
	"$(printf '%s' "$json" | jq -c '.fields[] | select(.name == "type") | .options[1]')" \
	'{"code":"revisit","zh":"不定期回头查看","en":"Unannounced revisit"}'
equals "its rules" "$(printf '%s' "$json" | jq -c '.fields[] | select(.name == "date") | .rules')" \
	'{"required":true,"range":{"from":"-365","to":"+0"},"default":"today"}'
equals "relevance is a rule" "$(printf '%s' "$json" | jq -c '.fields[] | select(.name == "complaint") | [.type, .ref, .rules.relevant]')" \
	'["ref","complaint",{"field":"type","op":"=","value":"complaint"}]'
equals "a group lists its members" \
	"$(printf '%s' "$json" | jq -r '.fields[] | select(.type == "group") | [.members[].name] | join(" ")' | head -1)" \
	"description item photo deadline"
equals "a member's options too" \
	"$(printf '%s' "$json" | jq -r '.fields[] | select(.type == "group") | .members[] | select(.name == "item") | .options[0].code' | head -1)" \
	hoarding
out=$("$DW" forms show complaint)
contains "the table: a field's line with its type, labels and rules" "$out" "投诉渠道 | Channel  required"
contains "its options under it" "$out" "  - hotline            12345热线 | 12345 hotline"
contains "the length rule" "$out" 'length={"max":2000,"min":2}'
fails "an unknown kind is refused" "$DW" forms show nothing
fails "show needs a kind" "$DW" forms show
contains "forms --help names show" "$("$DW" forms --help)" "forms show KIND"
finish
