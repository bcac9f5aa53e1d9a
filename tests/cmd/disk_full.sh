# A full disk (issue 13): the data directory on a small tmpfs, filled up
# during a sync, during `new --submit` with a photo and while a draft is
# edited. Each says the disk is full and what to do (in the output's
# language), nothing saved before is lost, the database stays intact, no
# file is left under blobs/ but attachments of saved records, and the sync
# goes through once space is freed; the photo's bytes are then kept once.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"
. "$TOP/tests/tui/lib.sh"
MNT="$T_TMP/dev-A01"
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=6m tmpfs "$MNT" 2>/dev/null; then
	echo "ok 1 - # SKIP cannot mount a tmpfs here (needs root)"
	echo "1..1"
	exit 0
fi
trap 'stop_daemon; for i in $(seq 0 $TMUX_N); do tmux -L "dwtest-$$-$i" kill-server 2>/dev/null; done
	umount "$MNT" 2>/dev/null; rm -rf "$T_TMP"' EXIT
station_with A01
SITE=$(new_site A01 满盘工地)
DB="$MNT/dustwatch.db"
# fill [KIB]: fills the disk, then leaves KiB free (too little for the
# photo; enough for SQLite to open the database: its WAL index is 32 KiB).
fill() {
	dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null
	[ -n "${1:-}" ] && truncate -s "-${1}K" "$MNT/filler"
	sync
}
free_space() { rm -f "$MNT/filler"; }
intact() { equals "$1: the database is intact" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok; }
# blobs/ holds only attachments of saved records, none committed twice.
no_orphans() {
	extra=""
	for f in $(find "$MNT/blobs" -type f 2>/dev/null); do
		h=$(basename "$f")
		[ "$(sqlite3 "$DB" "SELECT count(*) FROM attachments WHERE hash = '$h' AND blob IS NULL")" = 1 ] || extra="$extra $f"
	done
	equals "$1: no orphan file under blobs/" "$extra" ""
}
head -c 400000 /dev/urandom >"$T_TMP/photo.jpg"
before=$(as A01 list --format csv | wc -l)

# --- new --submit with a photo on a full disk (the photo does not fit)
fill 160
out=$(LANG=zh_CN.UTF-8 LC_ALL= as A01 new inspection --site "$SITE" $COMPLIANT hoarding=no hoarding_note=围挡破损 \
	verdict=rectify "hoarding_photo=@$T_TMP/photo.jpg" --submit 2>&1)
rc=$?
contains "saying the disk is full, in Chinese for LANG=zh_CN" "$out" "磁盘已满"
contains "and what to do" "$out" "请删除旧照片或导出文件后重试"
contains "which is the photo's" "$out" "hoarding_photo"
check "a submit on a full disk is refused" test $rc -ne 0
free_space
equals "nothing of it is saved" "$(as A01 list --format csv | wc -l)" "$before"
intact "after the refused submit"
no_orphans "after the refused submit"
fill # not a byte left: SQLite cannot even open a database in WAL mode
out=$(LANG=C.UTF-8 LC_ALL= as A01 new inspection --site "$SITE" type=revisit 2>&1)
contains "quite full: said in English for an English locale" "$out" "disk holding the data directory is full"
free_space
equals "nothing is saved" "$(as A01 list --format csv | wc -l)" "$before"

# --- a draft edited on a full disk keeps what was saved before
D=$(as A01 new inspection --site "$SITE" type=quarterly hoarding=yes)
big=$(head -c 1500 /dev/zero | tr '\0' 'x')
fill 40
out=$(as A01 set "$D" cover=yes "other_note=$big" 2>&1)
contains "a draft's field not saved for want of space says so" "$out" "disk holding the data directory is full"
free_space
equals "what was saved before is there" "$(as A01 show "$D" --format json | jq -r '[.fields.type, .fields.hoarding] | join(" ")')" \
	"quarterly yes"
intact "after the refused edit"
check "the draft can be finished once there is room" as A01 set "$D" $COMPLIANT
check "and submitted" as A01 submit "$D"

# --- the Chinese TUI, a note typed while the disk fills up
D2=$(as A01 new inspection --site "$SITE" type=revisit hoarding=no)
DUSTWATCH_HOME="$MNT"
tui_start 80 24 --lang zh
sees "the TUI on the small disk" "今日工作"
keys Enter
sees "the draft opens" "围挡存在问题"
fill
keys Enter
type_text "西侧围挡缺失约二十米"
keys Tab
sees "saving the note on a full disk says so in Chinese" "磁盘已满：请删除旧照片或导出文件后重试（之前保存的内容不会丢失）"
lacks "and no English" "$(screen_text | sed -n 23p)" "disk"
free_space
keys Up Enter End
type_text "。"
keys Tab
sees "with room again the note is saved" "草稿"
if wait_gone "磁盘已满" 5; then ok "the message goes"; else not_ok "the message goes" "$(screen_text)"; fi
keys q
wait_for "今日工作" 5
equals "the draft holds the note and what was saved before" \
	"$(as A01 show "$D2" --format json | jq -r '[.fields.type, .fields.hoarding, .fields.hoarding_note] | join(" ")')" \
	"revisit no 西侧围挡缺失约二十米。"
intact "after the TUI edit"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null

# --- a sync on a full disk: a photo to commit, the repository cannot grow
R=$(as A01 new inspection --site "$SITE" $COMPLIANT hoarding=no hoarding_note=围挡破损 verdict=rectify \
	"hoarding_photo=@$T_TMP/photo.jpg" --submit)
check "a checklist with a photo, before the disk fills" test -n "$R"
fill 160 # the photo's object does not fit in the repository
out=$(LANG=zh_CN.UTF-8 LC_ALL= as A01 sync 2>&1)
rc=$?
contains "saying the disk is full" "$out" "磁盘已满"
lacks "not just 'git error'" "$out" ": git error"
check "a sync on a full disk fails" test $rc -ne 0
free_space
intact "after the failed sync"
no_orphans "after the failed sync"
out=$(as A01 sync 2>&1)
check "once space is freed the sync goes through" test $? -eq 0
equals "the record is at the station" "$(as A01 where "$R")" "at the station"
h=$(sha256sum "$T_TMP/photo.jpg" | cut -d' ' -f1)
equals "the photo is kept once: not under blobs/ any more" "$(find "$MNT/blobs" -type f | wc -l)" 0
blob=$(sqlite3 "$DB" "SELECT blob FROM attachments WHERE hash = '$h'")
check "but in the repository" sh -c "git --git-dir='$MNT/repo.git' cat-file blob $blob | cmp - '$T_TMP/photo.jpg'"
intact "at the end"

# --- a fetch from a stick on a full disk: the pack, written on a thread of
# its own (repo_path.c), does not fit; nothing is lost and the next sync
# takes it
stick="$T_TMP/stick.git"
git clone -q --bare "$SRV/central.git" "$stick"
big=$(head -c 2000000 /dev/urandom | git --git-dir="$stick" hash-object -w --stdin)
GIT_INDEX_FILE="$T_TMP/stick.index" git --git-dir="$stick" update-index --add \
	--cacheinfo "100644,$big,devices/A09/2024/05/01/$big"
tree=$(GIT_INDEX_FILE="$T_TMP/stick.index" git --git-dir="$stick" write-tree)
git --git-dir="$stick" update-ref refs/heads/devices/A09 "$(git --git-dir="$stick" commit-tree "$tree" -m A09)"
before=$(as A01 dump | sha256sum)
fill 400
out=$(as A01 sync "$stick" 2>&1)
rc=$?
contains "a fetch from a stick on a full disk says the disk is full" "$out" "disk is full"
check "...and fails" test $rc -ne 0
free_space
intact "after the failed fetch"
equals "...and holds what it held" "$(as A01 dump | sha256sum)" "$before"
out=$(as A01 sync stick 2>&1)
check "once space is freed the fetch goes through" test $? -eq 0
check "...and the stick's branch is here" git --git-dir="$MNT/repo.git" rev-parse -q --verify refs/remotes/stick/devices/A09
intact "at the very end"
finish
