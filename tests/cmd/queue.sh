# The review queue as a command (issue 10): `review` lists every submitted
# or resubmitted record of every reviewed kind, the oldest first, with
# filters; approve and return take several records; `where` says how a
# record was reviewed.
. "$TOP/tests/lib.sh"
station
day() { date -u -d "$1 days ago" +%Y-%m-%d; }
A=$("$DW" new inspection --site "$SITE" $COMPLIANT date="$(day 10)" --submit)
A=$("$DW" show "$A" --format json | jq -r .id)
B=$("$DW" new inspection --site "$SITE" $COMPLIANT date="$(day 40)" --submit)
B=$("$DW" show "$B" --format json | jq -r .id)
C=$("$DW" new inspection --site "$SITE" $COMPLIANT date="$(day 25)" --submit)
C=$("$DW" show "$C" --format json | jq -r .id)
D=$("$DW" new inspection --site "$SITE" $COMPLIANT date="$(day 5)")
ids=$("$DW" review --format csv | tail -n +2 | cut -d, -f1 | tr '\n' ' ')
equals "review lists the submitted records, the oldest first" "$ids" "$B $C $A "
ids=$("$DW" review --newest --format json | jq -r '.[].id' | tr '\n' ' ')
equals "--newest: the newest first" "$ids" "$A $C $B "
equals "not the draft" "$("$DW" review --format json | jq --arg d "$D" '[.[] | select(.id == $d)] | length')" 0
equals "--from/--to" "$("$DW" review --from "$(day 30)" --to "$(day 20)" --format csv | tail -n +2 | cut -d, -f1)" "$C"
equals "--inspector: by the record's author" "$("$DW" review --inspector 张伟 --format json | jq length)" 3
equals "--inspector: nobody else's" "$("$DW" review --inspector 李四 --format json | jq length)" 0
equals "--kind" "$("$DW" review --kind survey --format json | jq length)" 0
equals "--site" "$("$DW" review --site "$SITE" --format json | jq length)" 3
contains "text names the inspector" "$("$DW" review)" 张伟
refused() { name=$1; shift; "$@" >/dev/null 2>&1; rc=$?; equals "$name" "$rc" 2; }
refused "review: a bad format is a usage error" "$DW" review --format xml
refused "review: a bad date is a usage error" "$DW" review --from 2024-13-01

fails "return of several needs a comment" "$DW" return "$A" "$B"
check "return takes several records" "$DW" return "$A" "$B" --comment 资料不全
equals "both are returned" "$("$DW" show "$A" --format json | jq -r .status)$("$DW" show "$B" --format json | jq -r .status)" returnedreturned
out=$("$DW" where "$A")
contains "where says who returned it, with the comment" "$out" "returned by 张伟 (A03)"
contains "and the comment" "$out" "资料不全"
check "the inspector resubmits" "$DW" submit "$A"
equals "back in the queue" "$("$DW" review --format csv | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" "$C $A "
lacks "a resubmitted record's where has no old review" "$("$DW" where "$A")" "returned by"
out=$("$DW" approve "$A" "$C" HH-A03-2099-0001 2>&1)
contains "a number that names nothing is refused before anything is done" "$out" "no record 'HH-A03-2099-0001'"
equals "so nothing was approved" "$("$DW" review --format json | jq length)" 2
check "approve takes several records" "$DW" approve "$A" "$C" --comment 同意
equals "the queue is empty" "$("$DW" review --format json | jq length)" 0
contains "where says who approved it" "$("$DW" where "$C")" "approved by 张伟 (A03)"
finish
