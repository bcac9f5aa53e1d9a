# Attachments are kept once (issue 13): in the data directory until their
# commit, then only in the repository; a refused record leaves no file and
# no row behind; another laptop keeps them only in its repository.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"
station_with A01 A02
SITE=$(new_site A01 附件工地)
blob_files() { find "$T_TMP/dev-$1/blobs" -type f 2>/dev/null | wc -l; }
rows() { sqlite3 "$T_TMP/dev-$1/dustwatch.db" "SELECT count(*) FROM attachments"; }
head -c 300000 /dev/urandom >"$T_TMP/photo.jpg"
h=$(sha256sum "$T_TMP/photo.jpg" | cut -d' ' -f1)

# --- a refused record leaves the photo behind nowhere
out=$(as A01 new inspection --site "$SITE" type=quarterly hoarding=no "hoarding_photo=@$T_TMP/photo.jpg" --submit 2>&1)
check "a checklist with a photo and missing answers is refused" test $? -ne 0
equals "...and leaves no file under blobs/" "$(blob_files A01)" 0
equals "...and no attachment row" "$(rows A01)" 0

# --- kept, then committed: one copy, in the repository
R=$(as A01 new inspection --site "$SITE" $COMPLIANT hoarding=no hoarding_note=围挡破损 verdict=rectify \
	"hoarding_photo=@$T_TMP/photo.jpg" --submit)
check "a checklist with the photo is taken" test -n "$R"
equals "until its commit the photo is under blobs/" "$(blob_files A01)" 1
as A01 sync >/dev/null
equals "after the sync blobs/ holds no copy" "$(blob_files A01)" 0
blob=$(sqlite3 "$T_TMP/dev-A01/dustwatch.db" "SELECT blob FROM attachments WHERE hash = '$h'")
check "the repository holds the photo's bytes" sh -c "git --git-dir='$T_TMP/dev-A01/repo.git' cat-file blob $blob | cmp - '$T_TMP/photo.jpg'"
check "the station has it too" sh -c "git --git-dir='$SRV/central.git' cat-file blob $blob | cmp - '$T_TMP/photo.jpg'"

# --- another laptop: only in its repository
as A02 sync >/dev/null
equals "a laptop that syncs it keeps no copy under blobs/" "$(blob_files A02)" 0
equals "...and records it" "$(rows A02)" 1
blob2=$(sqlite3 "$T_TMP/dev-A02/dustwatch.db" "SELECT blob FROM attachments WHERE hash = '$h'")
check "...in its repository" sh -c "git --git-dir='$T_TMP/dev-A02/repo.git' cat-file blob $blob2 | cmp - '$T_TMP/photo.jpg'"
check "a reindex keeps it so" as A02 reindex
equals "...with no copy under blobs/" "$(blob_files A02)" 0
finish
