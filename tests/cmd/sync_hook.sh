# The station's pre-receive hook (dustwatch verify) under a real git daemon,
# fed bad pushes with stock git; the same bad events carried on a USB stick
# (a path remote skips hooks) are quarantined on import and reported.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A01 A02
new_site A01 鹤城区迎丰路安置小区二期 >/dev/null
as A01 sync >/dev/null
new_site A01 中方县城南还建房 >/dev/null
as A01 sync >/dev/null
new_site A02 洪江市黔城镇商住楼 >/dev/null
out=$(as A02 sync 2>&1)
lacks "an honest push is accepted" "$out" "refused"
equals "the honest push is on the station" "$(git -C "$SRV/central.git" rev-parse refs/heads/devices/A02)" \
	"$(git -C "$T_TMP/dev-A02/repo.git" rev-parse refs/heads/devices/A02)"

W="$T_TMP/w"
git clone -q "$URL" "$W" 2>/dev/null
git -C "$W" checkout -q -B a01 origin/devices/A01
tip=$(git -C "$W" rev-parse HEAD)
first=$(git -C "$W" ls-tree -r --name-only HEAD | head -1)
cp "$W/$first" "$T_TMP/good.json"
reset() { git -C "$W" reset -q --hard "$tip"; }
# refused DESC REF: the push of HEAD to REF fails and the station's ref stays.
refused() {
	before=$(git -C "$SRV/central.git" rev-parse -q --verify "$2")
	out=$(git -C "$W" push origin "HEAD:$2" 2>&1)
	rc=$?
	after=$(git -C "$SRV/central.git" rev-parse -q --verify "$2")
	if [ $rc -ne 0 ] && [ "$before" = "$after" ]; then ok "$1"; else not_ok "$1" "rc $rc" "$out"; fi
	reset
}
mkdir -p "$T_TMP/bad"

forge edit "$T_TMP/good.json" >"$T_TMP/bad/forged"
put_file "$W" A01 "$T_TMP/bad/forged" >/dev/null
git -C "$W" commit -qm forged
refused "the hook refuses a forged signature" refs/heads/devices/A01

printf '%s' "$(forge edit "$T_TMP/good.json")" >"$W/$first"
git -C "$W" commit -qam edited
refused "the hook refuses an edited old event" refs/heads/devices/A01

out=$(git -C "$W" push origin :refs/heads/devices/A01 2>&1)
rc=$?
if [ $rc -ne 0 ] && git -C "$SRV/central.git" rev-parse -q --verify refs/heads/devices/A01 >/dev/null; then
	ok "the station refuses a deleted branch"
else not_ok "the station refuses a deleted branch" "$out"; fi

git -C "$W" reset -q --hard HEAD~1
out=$(git -C "$W" push -f origin HEAD:refs/heads/devices/A01 2>&1)
rc=$?
equals "the station refuses a rewound branch" "$rc:$(git -C "$SRV/central.git" rev-parse refs/heads/devices/A01)" "1:$tip"
reset

git -C "$W" checkout -q -B a02 origin/devices/A02
tip=$(git -C "$W" rev-parse HEAD)
put_file "$W" A02 "$T_TMP/good.json" >/dev/null
git -C "$W" commit -qm "someone else's event"
refused "the hook refuses events of another device on a branch" refs/heads/devices/A02
git -C "$W" checkout -q a01
tip=$(git -C "$W" rev-parse HEAD)
refused "the hook refuses a push to another device's branch" refs/heads/devices/A02

printf '{"v":1,"id":' >"$T_TMP/bad/malformed"
put_file "$W" A01 "$T_TMP/bad/malformed" >/dev/null
git -C "$W" commit -qm malformed
refused "the hook refuses malformed JSON" refs/heads/devices/A01

forge rehash "$T_TMP/good.json" >"$T_TMP/bad/stale"
put_file "$W" A01 "$T_TMP/bad/stale" >/dev/null
git -C "$W" commit -qm stale
refused "the hook refuses an event that does not hash to its id" refs/heads/devices/A01

git -C "$W" checkout -q --orphan z9
git -C "$W" rm -rqf . >/dev/null
sed 's/"device":"A01"/"device":"Z9"/' "$T_TMP/good.json" >"$T_TMP/bad/z9"
put_file "$W" Z9 "$T_TMP/bad/z9" >/dev/null
git -C "$W" commit -qm unenrolled
refused "the hook refuses an unenrolled device" refs/heads/devices/Z9
git -C "$W" checkout -q a01
tip=$(git -C "$W" rev-parse HEAD)
check "git fsck --strict on the station after the refusals" fsck_ok "$SRV/central.git"

# --- the same bad events on a USB stick: quarantined at the station, reported
USB="$T_TMP/usb.git"
git init -q --bare "$USB"
git -C "$W" push -q "$USB" "$tip:refs/heads/devices/A01"
for f in forged malformed stale; do
	reset
	put_file "$W" A01 "$T_TMP/bad/$f" >/dev/null
	git -C "$W" commit -qm "$f"
	tip=$(git -C "$W" rev-parse HEAD)
done
git -C "$W" push -q -f "$USB" "$tip:refs/heads/devices/A01" 2>/dev/null || git -C "$W" push -q "$USB" "HEAD:refs/heads/devices/A01"
check "the station adds the USB stick as a remote" as ADM remote add usb "$USB"
before=$(dump_of ADM)
out=$(as ADM sync usb 2>&1)
rc=$?
equals "a sync with bad events on the stick still succeeds" "$rc" 0
contains "the quarantine is reported" "$out" "quarantined"
q=$(as ADM quarantine)
contains "a forged signature is quarantined" "$q" "signature"
contains "an id that does not match is quarantined" "$q" "hash"
equals "three files are quarantined" "$(printf '%s\n' "$q" | grep -c .)" 3
as ADM sync >/dev/null
as A02 sync >/dev/null
equals "the good events still came through" "$(as ADM list site | wc -l)" 3
as A02 remote add usb "$USB" >/dev/null
as A02 sync usb >/dev/null 2>&1
equals "every machine verifies what it imports" "$(as A02 quarantine | grep -c .)" 3
check "git fsck --strict on the stick" fsck_ok "$USB"
finish
