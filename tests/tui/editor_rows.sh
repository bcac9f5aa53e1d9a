# Up and Down in a multi-line field move by the row a person sees: a long
# Chinese note wraps at the field's width (two columns a character), and
# Up from its second row goes to the first row at the same column, not to
# the field above (the note is one line).
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
station

tui_start 80 24 --lang zh
sees "the UI starts" "今日工作"
new_checklist_at_site
cover_note_open
type_text "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
sees "the note wraps: its second row" "  子丑寅卯辰巳午未申酉戌亥"
keys Up
type_text "X"
# The second row is 12 characters (24 columns): Up lands after the 12th
# character of the first row.
sees "Up moves to the wrapped row above at the same column" "一二三四五六七八九十甲乙X丙丁"
keys Down
type_text "Y"
sees "Down moves back to the row below" "Y"
keys Tab
sees "the note keeps both" "甲乙X丙丁"
finish
