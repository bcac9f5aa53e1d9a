# A hostile USB stick (issue 17): a device branch with a folder nested
# 20,000 levels deep and a 300 MiB file where an attachment goes (with a
# second one beside it, packed as its delta). Sync reads neither: the
# layout's depth bounds the walk and a file's size is read from its header
# before the file. Both land in the quarantine with their paths, every
# good event of the same sync is imported, and the sync stays far below
# 256 MiB of memory.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A01 A02
new_site A01 "深树之前的工地" >/dev/null
as A01 sync >/dev/null
W="$T_TMP/w"
git clone -q "$URL" "$W" 2>/dev/null
git -C "$W" checkout -q -B bad origin/devices/A01

# A tree nested DEPTH levels (devices/A01/d/d/.../d/f), written as loose
# objects directly: one git process per level would take minutes.
python3 - "$W/.git" 20000 <<'PY'
import hashlib, os, sys, zlib
gitdir, depth = sys.argv[1], int(sys.argv[2])
def put(kind, body):
    data = b"%s %d\0" % (kind, len(body)) + body
    h = hashlib.sha1(data).hexdigest()
    d = os.path.join(gitdir, "objects", h[:2])
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, h[2:])
    if not os.path.exists(p):
        with open(p, "wb") as f:
            f.write(zlib.compress(data, 1))
    return h
sha = put(b"blob", b"{}")
tree = put(b"tree", b"100644 f\0" + bytes.fromhex(sha))
for _ in range(depth):
    tree = put(b"tree", b"40000 d\0" + bytes.fromhex(tree))
open(os.path.join(gitdir, "deep-tree"), "w").write(tree)
PY
deep=$(cat "$W/.git/deep-tree")
# with_tree BRANCH DIR NAME TREE: a commit on BRANCH (of the clone) whose
# tree has TREE as DIR/NAME, made with plumbing (no index holds a path
# 20,000 folders deep); prints the commit.
with_tree() {
	base=$(git -C "$W" rev-parse "$1^{tree}")
	sub=$(git -C "$W" rev-parse "$1:$2" 2>/dev/null) && old=$(git -C "$W" ls-tree "$sub" | grep -v "	$3\$") || old=""
	dir=$( (printf '%s\n' "$old" | grep . ; printf '040000 tree %s\t%s\n' "$4" "$3") | git -C "$W" mktree)
	top=${2%%/*} rest=${2#*/}
	if [ "$top" != "$2" ]; then
		tsub=$(git -C "$W" rev-parse "$1:$top")
		dir=$( (git -C "$W" ls-tree "$tsub" | grep -v "	$rest\$"; printf '040000 tree %s\t%s\n' "$dir" "$rest") | git -C "$W" mktree)
	fi
	root=$( (git -C "$W" ls-tree "$base" | grep -v "	$top\$"; printf '040000 tree %s\t%s\n' "$dir" "$top") | git -C "$W" mktree)
	git -C "$W" commit-tree "$root" -p "$1" -m "hostile"
}
deep_commit=$(with_tree origin/devices/A01 devices/A01 deep "$deep")
# A 300 MiB file named like an attachment, on A02's branch.
new_site A02 "大文件之前的工地" >/dev/null
as A02 sync >/dev/null
git -C "$W" fetch -q origin
big=$(head -c 314572800 /dev/zero | git -C "$W" hash-object -w --stdin)
# ...and a second one like it, which git packs as a delta of the first: a
# small pack that grows to gigabytes once its deltas are made whole (what
# libgit2's indexer does before it checks a pack, so none is used here).
base=$( (head -c 314572800 /dev/zero; echo x) | git -C "$W" hash-object -w --stdin)
bigtree=$(printf '100644 blob %s\t%064d\n' "$big" 0 | git -C "$W" mktree)
big_commit=$(with_tree origin/devices/A02 blobs A02 "$bigtree")
USB="$T_TMP/usb.git"
git init -q --bare "$USB"
git -C "$W" push -q "$USB" "$deep_commit:refs/heads/devices/A01" "$big_commit:refs/heads/devices/A02" \
	"origin/station:refs/heads/station" 2>/dev/null
git -C "$W" push -q "$USB" "$base:refs/tags/base"
git -C "$USB" repack -q -a -d -f

# A third laptop syncs with the station, then A04 writes and carries its
# events on the same stick: they come only by the stick.
for d in A03 A04; do
	as $d init --station HH --device $d --inspector "检查员$d" --remote "$URL" >/dev/null
	as ADM enroll $d "$(as $d key)" >/dev/null
done
as ADM sync >/dev/null
as A03 sync >/dev/null
as A04 sync >/dev/null
new_site A04 "只在U盘上的工地" >/dev/null
as A04 remote add usb "$USB" >/dev/null
as A04 sync usb >/dev/null 2>&1
as A03 remote add usb "$USB" >/dev/null
/usr/bin/time -f '%M' -o "$T_TMP/rss" env DUSTWATCH_HOME="$T_TMP/dev-A03" "$DW" sync usb >"$T_TMP/out" 2>&1
rc=$?
equals "a sync from the hostile stick completes" "$rc" 0
q=$(as A03 quarantine | cat)
contains "the deep branch is refused with the path where it goes too deep, and why" "$q" \
	"usb/devices/A01:devices/A01/deep/d/d/d	a folder deeper than the repository's layout (6 levels) (the branch is not taken)"
contains "the 300 MiB file's branch is refused with its path" "$q" "usb/devices/A02:blobs/A02/0000000000"
contains "...from its size, unread" "$q" "a file of 314572800 bytes"
equals "the good events of another branch on the stick are imported" "$(as A03 list site | grep -c 只在U盘上的工地)" 1
rss=$(tail -1 "$T_TMP/rss")
case "$DW" in
*/san/*) ok "peak memory is not measured under the sanitizers ($rss KiB)" ;;
*) check "the sync peaks under 256 MiB (${rss} KiB)" test "$rss" -lt 262144 ;;
esac
check "a second sync from the stick completes too" as A03 sync usb

# The same objects already in a repository (a stick's tracking refs copied
# by hand): reindex walks no deeper than the layout and reads no file
# larger than its kind allows, and keeps everything else.
git -C "$W" push -q "$T_TMP/dev-A03/repo.git" "$deep_commit:refs/remotes/usb/devices/A01" \
	"$big_commit:refs/remotes/usb/devices/A02" 2>/dev/null
/usr/bin/time -f '%M' -o "$T_TMP/rss" env DUSTWATCH_HOME="$T_TMP/dev-A03" "$DW" reindex >"$T_TMP/out" 2>&1
equals "reindex over them completes" "$?" 0
q=$(as A03 quarantine | cat)
contains "reindex quarantines the folder where the layout ends, as too deep" "$q" \
	"usb/devices/A01:devices/A01/deep/d/d/d	a folder deeper than the repository's layout (6 levels)	"
contains "...and the 300 MiB file, unread" "$q" "a file too big for an attachment"
equals "...and keeps the rest" "$(as A03 list site | grep -c '只在U盘上的工地\|大文件之前的工地\|深树之前的工地')" 3
rss=$(tail -1 "$T_TMP/rss")
case "$DW" in
*/san/*) ok "peak memory is not measured under the sanitizers ($rss KiB)" ;;
*) check "the reindex peaks under 256 MiB (${rss} KiB)" test "$rss" -lt 262144 ;;
esac
finish
