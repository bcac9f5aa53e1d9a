# Commit manifests (repo.h, sync_vouch.c): each commit of a device's
# events carries the ids it adds, signed once by the device; an import
# checks that one signature instead of one per event. A manifest vouches
# only for what its signature covers: a forged event listed in a manifest
# whose signature does not cover it is still refused, as is a manifest of
# another device, and events no manifest names are checked one by one.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A01 A02
as A02 sync >/dev/null
for i in 1 2 3; do new_site A01 "清单工地$i" >/dev/null; done
check "A01 syncs" as A01 sync
msg=$(git -C "$SRV/central.git" log -1 --format=%B refs/heads/devices/A01)
contains "the commit carries A01's manifest" "$msg" "dustwatch-manifest 1 A01"
contains "...and its signature" "$msg" "dustwatch-manifest-sig "
# The manifest lists exactly the ids of the event files the commit adds.
listed=$(printf '%s\n' "$msg" | grep -E '^[0-9a-f]{64}$' | sort)
added=$(git -C "$SRV/central.git" diff-tree -r --root --no-commit-id --name-only --diff-filter=A \
	refs/heads/devices/A01 | while read -r p; do
	git -C "$SRV/central.git" cat-file -p "refs/heads/devices/A01:$p" | jq -r .id
done | sort)
equals "the manifest names the events the commit adds" "$listed" "$added"
equals "...three of them" "$(printf '%s\n' "$listed" | grep -c .)" 3

out=$(as A02 sync 2>&1)
check "A02 syncs" test $? -eq 0
out=$(as A02 reindex)
total=$(printf '%s' "$out" | sed -n 's/.*verified \([0-9]*\) files.*/\1/p')
vouched=$(printf '%s' "$out" | sed -n 's/.*files (\([0-9]*\) by.*/\1/p')
check "reindex verifies files" test "${total:-0}" -gt 0
equals "every file of an honest station is vouched for by a manifest" "$vouched" "$total"

# --- forgeries on a USB stick, each with a manifest claiming it
W="$T_TMP/w"
git clone -q "$URL" "$W" 2>/dev/null
git -C "$W" checkout -q -B a01 origin/devices/A01
tip=$(git -C "$W" rev-parse HEAD)
first=$(git -C "$W" ls-tree -r --name-only HEAD | grep '^devices/' | head -1)
cp "$W/$first" "$T_TMP/good.json"
realsig=$(printf '%s\n' "$msg" | grep '^dustwatch-manifest-sig ')
USB="$T_TMP/usb.git"
git init -q --bare "$USB"
# forged_commit SIGLINE DEVICE: a forged event in a commit whose manifest
# (of DEVICE) lists it, signed with SIGLINE.
forged_commit() {
	git -C "$W" reset -q --hard "$tip"
	forge edit "$T_TMP/good.json" >"$T_TMP/forged"
	put_file "$W" A01 "$T_TMP/forged" >/dev/null
	evid=$(jq -r .id "$T_TMP/forged")
	git -C "$W" commit -q -F - <<EOF
1 events from A01

dustwatch-manifest 1 $2
$evid
$1
EOF
	git -C "$W" push -q -f "$USB" "HEAD:refs/heads/devices/A01"
}
as A02 remote add usb "$USB" >/dev/null

forged_commit "$realsig" A01
out=$(as A02 sync usb 2>&1)
check "a sync bringing a forged manifest completes" test $? -eq 0
q=$(as A02 quarantine)
contains "a manifest signature that does not cover the forged id vouches for nothing" "$q" "signature does not match"
equals "the forged event is not applied" \
	"$(sqlite3 "$T_TMP/dev-A02/dustwatch.db" "SELECT count(*) FROM events WHERE id = '$evid'")" 0

# A stale tracking ref is rewound by the next forgery: a new laptop (DEV)
# takes each one afresh.
fresh_import() {
	as "$1" init --station HH --device "$1" --inspector "检查员$1" --remote "$URL" >/dev/null
	as ADM enroll "$1" "$(as "$1" key)" >/dev/null
	as ADM sync >/dev/null
	as "$1" sync >/dev/null
	as "$1" remote add usb "$USB" >/dev/null
	as "$1" sync usb >/dev/null 2>&1
}
forged_commit "dustwatch-manifest-sig $(printf '0%.0s' $(seq 128))" A01
fresh_import A03
contains "a manifest with a made-up signature vouches for nothing" "$(as A03 quarantine)" "signature does not match"

# A manifest naming another device, with that device's genuine signature
# line, on A01's branch: not A01's manifest.
admsig=$(git -C "$SRV/central.git" log -1 --format=%B refs/heads/devices/ADM | grep '^dustwatch-manifest-sig ')
check "the admin's commits carry manifests too" test -n "$admsig"
forged_commit "$admsig" ADM
fresh_import A05
contains "another device's manifest vouches for nothing here" "$(as A05 quarantine)" "signature does not match"
check "reindex with the forgery" as A05 reindex
contains "...nor after reindex" "$(as A05 quarantine)" "signature does not match"

# --- commits without a manifest (another program's, or older): each event
# is checked on its own and accepted when genuine.
new_site A01 "无清单工地" >/dev/null
as A01 sync >/dev/null
git -C "$W" fetch -q origin
git -C "$W" checkout -q -B plain origin/devices/A01
git -C "$W" commit -q --amend -m "events from A01 without a manifest"
USB2="$T_TMP/usb2.git"
git init -q --bare "$USB2"
git -C "$W" push -q "$USB2" "HEAD:refs/heads/devices/A01"
q0=$(as A02 quarantine | grep -c .)
as A02 remote add usb2 "$USB2" >/dev/null
out=$(as A02 sync usb2 2>&1)
check "a sync of a commit without a manifest" test $? -eq 0
equals "its genuine events are imported" "$(as A02 list site | grep -c 无清单工地)" 1
equals "nothing more is quarantined" "$(as A02 quarantine | grep -c .)" "$q0"
out=$(as A02 reindex)
total=$(printf '%s' "$out" | sed -n 's/.*verified \([0-9]*\) files.*/\1/p')
vouched=$(printf '%s' "$out" | sed -n 's/.*files (\([0-9]*\) by.*/\1/p')
check "reindex checks the events no manifest names by their own signatures" test "$vouched" -lt "$total"
equals "...and keeps them" "$(as A02 list site | grep -c 无清单工地)" 1

# --- a file too big for an event, among good ones: kept aside, and the
# import goes on past it (it used to stop there).
new_site A01 "大文件旁的工地" >/dev/null
as A01 sync >/dev/null
git -C "$W" fetch -q origin
git -C "$W" checkout -q -B huge origin/devices/A01
head -c 1100000 /dev/zero | tr '\0' 'x' >"$T_TMP/huge"
put_file "$W" A01 "$T_TMP/huge" >/dev/null
git -C "$W" commit -qm "a huge file"
USB3="$T_TMP/usb3.git"
git init -q --bare "$USB3"
git -C "$W" push -q "$USB3" "HEAD:refs/heads/devices/A01"
as A02 remote add usb3 "$USB3" >/dev/null
out=$(as A02 sync usb3 2>&1)
check "a sync with a huge file completes" test $? -eq 0
contains "the huge file is quarantined" "$(as A02 quarantine)" "too big for an event"
equals "the good event after it is imported" "$(as A02 list site | grep -c 大文件旁的工地)" 1
finish
