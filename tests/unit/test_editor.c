/*
 * test_editor: the text field's state without a terminal: inserting
 * Chinese and ASCII, moving and deleting by whole characters, the length
 * limit refusing rather than pushing text out, display columns of CJK,
 * Up/Down keeping the column in multi-line text, and the UTF-8 round trip.
 * Nothing here calls editor_draw, so no curses is needed at run time.
 */
#include "testutil.h"
#include "ui/editor.h"

#include <stdlib.h>

static int key(editor *e, int code)
{
	term_key k = {.kind = K_KEY, .key = code};
	return editor_key(e, &k);
}

static int ch(editor *e, wchar_t c)
{
	term_key k = {.kind = K_CHAR, .wch = c};
	return editor_key(e, &k);
}

static void type(editor *e, const wchar_t *s)
{
	while (*s)
		assert_int_equal(ch(e, *s++), 1);
}

static void assert_text(const editor *e, const char *want)
{
	char *t = editor_text(e);
	assert_string_equal(t, want);
	free(t);
}

static void inserts_chinese_and_ascii(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "", 0, 0);
	type(&e, L"鹤城区A1");
	assert_text(&e, "鹤城区A1");
	assert_int_equal(e.len, 5);
	assert_int_equal(e.cursor, 5);
	assert_true(e.changed);
	key(&e, TK_HOME);
	type(&e, L"怀化市");
	assert_text(&e, "怀化市鹤城区A1");
	editor_free(&e);
}

static void moves_by_characters(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "工地x路", 0, 0);
	assert_int_equal(e.cursor, 4);
	key(&e, TK_LEFT);
	assert_int_equal(e.cursor, 3);
	key(&e, TK_LEFT), key(&e, TK_LEFT);
	assert_int_equal(e.cursor, 1);
	type(&e, L"①");
	assert_text(&e, "工①地x路");
	key(&e, TK_HOME);
	assert_int_equal(e.cursor, 0);
	key(&e, TK_LEFT);
	assert_int_equal(e.cursor, 0);
	key(&e, TK_END);
	assert_int_equal(e.cursor, 5);
	key(&e, TK_RIGHT);
	assert_int_equal(e.cursor, 5);
	editor_free(&e);
}

static void deletes_whole_characters(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "围挡a破损", 0, 0);
	key(&e, TK_BACKSPACE);
	assert_text(&e, "围挡a破");
	key(&e, TK_HOME);
	key(&e, TK_DELETE);
	assert_text(&e, "挡a破");
	key(&e, TK_BACKSPACE); /* at the start: nothing to delete */
	assert_text(&e, "挡a破");
	key(&e, TK_RIGHT);
	key(&e, TK_BACKSPACE);
	assert_text(&e, "a破");
	assert_int_equal(e.cursor, 0);
	editor_free(&e);
}

static void max_chars_refuses(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "扬尘", 0, 4);
	type(&e, L"检查");
	assert_text(&e, "扬尘检查");
	/* Full: a new character is refused wherever the cursor is, and nothing
	 * already typed is pushed out. */
	assert_int_equal(ch(&e, L'表'), 1);
	assert_text(&e, "扬尘检查");
	key(&e, TK_HOME);
	ch(&e, L'x');
	assert_text(&e, "扬尘检查");
	assert_int_equal(e.cursor, 0);
	key(&e, TK_DELETE);
	ch(&e, L'灰');
	assert_text(&e, "灰尘检查");
	editor_free(&e);

	editor_init(&e, "abc", 1, 3);
	assert_int_equal(key(&e, TK_ENTER), 1); /* a newline counts too */
	assert_text(&e, "abc");
	editor_free(&e);
}

static void cursor_columns(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "鹤城区", 0, 0);
	assert_int_equal(editor_cursor_col(&e), 6);
	type(&e, L"A，");
	assert_int_equal(editor_cursor_col(&e), 9);
	key(&e, TK_LEFT);
	assert_int_equal(editor_cursor_col(&e), 7);
	editor_free(&e);

	editor_init(&e, "第一行\nab工地", 1, 0);
	assert_int_equal(editor_cursor_col(&e), 6); /* from the start of its line */
	editor_free(&e);
}

static void enter_and_lines(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "地面", 0, 0);
	assert_int_equal(key(&e, TK_ENTER), 0); /* single-line: the form moves on */
	assert_int_equal(key(&e, TK_UP), 0);
	assert_int_equal(key(&e, TK_DOWN), 0);
	assert_text(&e, "地面");
	editor_free(&e);

	editor_init(&e, "地面", 1, 0);
	assert_int_equal(key(&e, TK_ENTER), 1);
	type(&e, L"硬化");
	assert_text(&e, "地面\n硬化");
	editor_free(&e);
}

static void up_down_keep_the_column(void **state)
{
	(void)state;
	editor e;
	/* columns: line 0 "ab围挡cd" (0..8), line 1 "湿法作业" (0..8), line 2 "x" */
	editor_init(&e, "ab围挡cd\n湿法作业\nx", 1, 0);
	key(&e, TK_UP), key(&e, TK_UP);
	key(&e, TK_HOME);
	key(&e, TK_RIGHT), key(&e, TK_RIGHT), key(&e, TK_RIGHT); /* after 围: column 4 */
	assert_int_equal(editor_cursor_col(&e), 4);
	assert_int_equal(key(&e, TK_DOWN), 1);
	assert_int_equal(editor_cursor_col(&e), 4); /* after 湿法 */
	assert_int_equal(e.cursor, 9);
	assert_int_equal(key(&e, TK_UP), 1);
	assert_int_equal(e.cursor, 3);
	/* Column 3 in a line of double-width characters lands before the one
	 * it would split. */
	key(&e, TK_LEFT), key(&e, TK_LEFT); /* after "a": column 1 */
	key(&e, TK_RIGHT), key(&e, TK_RIGHT);
	assert_int_equal(editor_cursor_col(&e), 4);
	key(&e, TK_LEFT);
	key(&e, TK_RIGHT); /* column 4 again */
	key(&e, TK_RIGHT); /* 6, after 挡 */
	key(&e, TK_RIGHT); /* 7, after c */
	assert_int_equal(editor_cursor_col(&e), 7);
	key(&e, TK_DOWN);
	assert_int_equal(editor_cursor_col(&e), 6); /* not in the middle of 作 */
	key(&e, TK_DOWN);
	assert_int_equal(editor_cursor_col(&e), 1); /* a shorter line: its end */
	assert_int_equal(key(&e, TK_DOWN), 0);      /* the last line: the owner moves on */
	key(&e, TK_HOME), key(&e, TK_UP), key(&e, TK_UP);
	assert_int_equal(e.cursor, 0);
	assert_int_equal(key(&e, TK_UP), 0);
	editor_free(&e);
}

/* Drawn at a width, Up and Down move by the rows a person sees: a long
 * Chinese line wraps, two columns a character; the column is kept, and a
 * row that broke for width is never left at its end (that is the next
 * row's start). */
static void up_down_by_wrapped_rows(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "", 1, 0);
	type(&e, L"围挡围挡围挡abc"); /* 15 columns: at 10, rows 围挡围挡围 | 挡abc */
	editor_set_width(&e, 10);
	assert_int_equal(editor_cursor_col(&e), 15);
	assert_int_equal(key(&e, TK_UP), 1); /* one line, but two rows: Up moves */
	assert_int_equal(e.cursor, 2);       /* row 0 at column 5: after 围挡 (4) */
	assert_int_equal(key(&e, TK_UP), 0); /* the first row: the owner moves on */
	assert_int_equal(key(&e, TK_DOWN), 1);
	assert_int_equal(e.cursor, 8); /* row 1 at column 4: 挡ab| */
	assert_int_equal(key(&e, TK_DOWN), 0);
	editor_free(&e);

	editor_init(&e, "", 1, 0);
	type(&e, L"围挡围挡\nabcd"); /* at 5: 围挡 (broke) | 围挡 | abcd */
	editor_set_width(&e, 5);
	assert_int_equal(key(&e, TK_UP), 1);
	assert_int_equal(e.cursor, 4); /* the end of the first line: column 4 */
	assert_int_equal(key(&e, TK_UP), 1);
	assert_int_equal(e.cursor, 1); /* not 2: that is where the second row starts */
	assert_int_equal(key(&e, TK_DOWN), 1);
	assert_int_equal(e.cursor, 3); /* row 1, column 2: 围| */
	assert_int_equal(key(&e, TK_DOWN), 1);
	assert_int_equal(e.cursor, 7); /* ab| */
	editor_free(&e);
}

static void utf8_round_trip(void **state)
{
	(void)state;
	const char *texts[] = {
		"", "plain ASCII", "扬尘防治“八个100%”：围挡、覆盖。", "①②—…·", "emoji 😀 e\xcc\x81 中\n文",
		"𠀀𪚥 (plane 2)",
	};
	for (size_t i = 0; i < DW_ARRAY_LEN(texts); i++) {
		editor e;
		editor_init(&e, texts[i], 1, 0);
		assert_text(&e, texts[i]);
		assert_int_equal(e.len, utf8_len(texts[i]));
		editor_set(&e, "重设");
		assert_text(&e, "重设");
		assert_int_equal(e.cursor, 2);
		editor_free(&e);
	}
	/* Malformed bytes come in as U+FFFD and go out as valid UTF-8. */
	editor e;
	editor_init(&e, "a\xff" "b", 0, 0);
	assert_text(&e, "a\xef\xbf\xbd" "b");
	editor_free(&e);
}

static void combining_marks_move_with_their_base(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "e\xcc\x81x", 0, 0); /* e + U+0301 + x */
	key(&e, TK_LEFT);
	assert_int_equal(e.cursor, 2);
	key(&e, TK_LEFT);
	assert_int_equal(e.cursor, 0);
	key(&e, TK_RIGHT);
	assert_int_equal(e.cursor, 2);
	editor_free(&e);
}

static void control_characters_are_refused(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "", 0, 0);
	assert_int_equal(ch(&e, L'\t'), 0);
	assert_int_equal(ch(&e, 0x1b), 0);
	assert_int_equal(e.len, 0);
	assert_false(e.changed);
	editor_free(&e);
}

/* Ctrl-U deletes the line up to the cursor (the whole of it from its
 * end), in one line and in a line of a multi-line text. */
static void ctrl_u_clears_the_line(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "/home/张伟/照片/", 0, 0);
	assert_int_equal(key(&e, TK_KILL_LINE), 1);
	assert_text(&e, "");
	assert_int_equal(e.cursor, 0);
	assert_true(e.changed);
	type(&e, L"abc工地");
	key(&e, TK_LEFT), key(&e, TK_LEFT);
	key(&e, TK_KILL_LINE);
	assert_text(&e, "工地");
	assert_int_equal(e.cursor, 0);
	editor_free(&e);
	editor_init(&e, "第一行\n第二行", 1, 0);
	key(&e, TK_KILL_LINE);
	assert_text(&e, "第一行\n");
	editor_free(&e);
}

/* A prompt prefilled with a folder: a first "/" starts an absolute path
 * over it, "~" a home one; any other first key edits the folder. */
static void prefilled_path_replaced_by_slash(void **state)
{
	(void)state;
	editor e;
	editor_init(&e, "/home/张伟/", 0, 0);
	e.prefilled = 1;
	type(&e, L"/tmp/a.jpg");
	assert_text(&e, "/tmp/a.jpg");
	editor_free(&e);
	editor_init(&e, "/home/张伟/", 0, 0);
	e.prefilled = 1;
	type(&e, L"照片/a.jpg");
	assert_text(&e, "/home/张伟/照片/a.jpg");
	type(&e, L"/");
	assert_text(&e, "/home/张伟/照片/a.jpg/");
	editor_free(&e);
	editor_init(&e, "/home/张伟/", 0, 0);
	e.prefilled = 1;
	type(&e, L"~");
	assert_text(&e, "~");
	editor_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inserts_chinese_and_ascii),
		cmocka_unit_test(moves_by_characters),
		cmocka_unit_test(deletes_whole_characters),
		cmocka_unit_test(max_chars_refuses),
		cmocka_unit_test(cursor_columns),
		cmocka_unit_test(enter_and_lines),
		cmocka_unit_test(up_down_keep_the_column),
		cmocka_unit_test(up_down_by_wrapped_rows),
		cmocka_unit_test(utf8_round_trip),
		cmocka_unit_test(combining_marks_move_with_their_base),
		cmocka_unit_test(control_characters_are_refused),
		cmocka_unit_test(ctrl_u_clears_the_line),
		cmocka_unit_test(prefilled_path_replaced_by_slash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
