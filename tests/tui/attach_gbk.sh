# A photo whose file name is GBK bytes (a stick written on Windows) is
# shown by its Chinese name in the file browser and attached from it: the
# file is opened by its own bytes and stored by its SHA-256, its name kept
# as UTF-8.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
unset DISPLAY WAYLAND_DISPLAY TUI_ENV
station

mkdir -p "$HOME/usb"
GBK="$HOME/usb/$(printf '\325\325\306\254\061.jpg')" # 照片1.jpg in GBK
echo '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=' |
	base64 -d >"$GBK"
SUM=$(sha256sum <"$GBK" | cut -d' ' -f1)

tui_start 80 24 --lang zh
sees "the UI starts" "今日工作"
new_checklist_at_site
cover_note_open
type_text "北侧堆土未覆盖"
keys Tab
sees "then its photos" "Enter 添加文件"
keys Enter
sees "the file browser, on the stick's folder" "▶ usb/"
keys Enter
sees "the GBK name is shown in Chinese" "▶ 照片1.jpg"
clean_screen "and the screen is UTF-8, nothing broken" 80
keys Enter
sees "Enter attaches it, named in Chinese" "已附加 照片1.jpg"
sees "the field counts it" "1 张照片"
D=$("$DW" list inspection --status draft --format json | jq -r '.[0].id')
equals "the draft's photo field holds the file's SHA-256" \
	"$("$DW" show "$D" --format json | jq -r '.fields.cover_photo | join(" ")')" "$SUM"
check "the file is stored under blobs/" cmp "$GBK" "$DUSTWATCH_HOME/blobs/$(printf %.2s "$SUM")/$SUM"
equals "its name is kept as UTF-8" "$(sqlite3 "$DUSTWATCH_HOME/dustwatch.db" "SELECT name FROM attachments WHERE hash = '$SUM'")" "照片1.jpg"
finish
