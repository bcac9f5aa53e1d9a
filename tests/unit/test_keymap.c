/*
 * test_keymap: the key bindings. The shipped keys.txt parses and binds
 * every action somewhere; the keys the guide and the TUI tests promise
 * run what they say on each screen (a screen's binding before the
 * generic one); a bad line is refused with its file, line number and
 * what is wrong, and nothing is kept of it.
 */
#include "testutil.h"
#include "ui/ui.h"

#include <stdlib.h>

static const char *const screens[] = {"home", "form", NULL};

static term_key ch(wchar_t c)
{
	return (term_key){.kind = K_CHAR, .wch = c};
}

static term_key key(int code)
{
	return (term_key){.kind = K_KEY, .key = code};
}

static ui_action_id find(const keymap *km, const char *on, term_key k)
{
	return keymap_find(km, on, &k);
}

static void shipped_bindings_parse(void **state)
{
	(void)state;
	keymap *km = NULL;
	assert_int_equal(ui_keys_load(&km), 0);
	assert_non_null(km);
	/* every action is bound somewhere */
	for (int a = 0; a < ACT_COUNT; a++) {
		int bound = 0;
		for (size_t i = 0; i < km->n; i++)
			bound |= km->lines[i].action == a;
		if (!bound)
			fail_msg("action %s has no key", action_name((ui_action_id)a));
	}
	keymap_free(&km);
	assert_null(km);
}

static void promised_keys(void **state)
{
	(void)state;
	keymap *km = NULL;
	assert_int_equal(ui_keys_load(&km), 0);
	/* home: its own keys, F3 its own (Sites), Esc the generic back */
	assert_int_equal(find(km, "home", ch('n')), ACT_NEW_INSPECTION);
	assert_int_equal(find(km, "home", key(TK_F(2))), ACT_NEW_INSPECTION);
	assert_int_equal(find(km, "home", ch('s')), ACT_SITES);
	assert_int_equal(find(km, "home", key(TK_F(3))), ACT_SITES);
	assert_int_equal(find(km, "home", ch('q')), ACT_QUIT);
	assert_int_equal(find(km, "home", key(TK_ESC)), ACT_BACK);
	assert_int_equal(find(km, "home", ch('?')), ACT_HELP);
	assert_int_equal(find(km, "home", key(TK_F(1))), ACT_HELP);
	assert_int_equal(find(km, "home", key(TK_DOWN)), ACT_DOWN);
	/* back is Esc, q and F3 wherever a screen does not bind them */
	const char *const everywhere[] = {"sites", "site", "records", "record", "form", "help", "qr", "picker", "files"};
	for (size_t i = 0; i < DW_ARRAY_LEN(everywhere); i++) {
		assert_int_equal(find(km, everywhere[i], key(TK_F(3))), ACT_BACK);
		assert_int_not_equal(find(km, everywhere[i], key(TK_ESC)), ACT_NONE);
	}
	assert_int_equal(find(km, "record", ch('q')), ACT_BACK);
	assert_int_equal(find(km, "files", key(TK_ESC)), ACT_CANCEL);
	/* the form: s / F10 submit, field keys, Tab moves */
	assert_int_equal(find(km, "form", ch('s')), ACT_SUBMIT);
	assert_int_equal(find(km, "form", key(TK_F(10))), ACT_SUBMIT);
	assert_int_equal(find(km, "form", ch('3')), ACT_NA);
	assert_int_equal(find(km, "form", ch('=')), ACT_LATER);
	assert_int_equal(find(km, "form", key(TK_TAB)), ACT_DOWN);
	assert_int_equal(find(km, "form", key(TK_ENTER)), ACT_FILL);
	/* record: steps named as the lifecycle's ops, Space pages */
	assert_int_equal(find(km, "record", ch('a')), ACT_APPROVE);
	assert_string_equal(action_name(ACT_APPROVE), "approve");
	assert_int_equal(find(km, "record", ch(' ')), ACT_PAGE_DOWN);
	assert_int_equal(find(km, "picker", key(TK_ENTER)), ACT_PICK);
	assert_int_equal(find(km, "picker", ch('x')), ACT_NONE);
	/* a mouse event is no key */
	assert_int_equal(find(km, "home", (term_key){.kind = K_MOUSE}), ACT_NONE);
	keymap_free(&km);
}

static void parses_format(void **state)
{
	(void)state;
	const char text[] = "# comment\n"
			    "\n"
			    "generic back Esc q\n"
			    "home  quit  q F10  bar\n"
			    "form\tsubmit\ts Space F12\r\n";
	keymap *km = NULL;
	assert_int_equal(keymap_parse(&km, "k.txt", text, sizeof text - 1, screens), 0);
	assert_int_equal(km->n, 3);
	const keymap_line *l = keymap_next(km, "home", NULL);
	assert_non_null(l);
	assert_int_equal(l->action, ACT_QUIT);
	assert_true(l->bar);
	assert_int_equal(l->n_keys, 2);
	assert_null(keymap_next(km, "home", l));
	char buf[16];
	assert_string_equal(keymap_key_name(&l->keys[1], buf, sizeof buf), "F10");
	assert_int_equal(find(km, "home", ch('q')), ACT_QUIT);
	assert_int_equal(find(km, "form", ch('q')), ACT_BACK);
	assert_int_equal(find(km, "form", ch(' ')), ACT_SUBMIT);
	assert_int_equal(find(km, "form", key(TK_F(12))), ACT_SUBMIT);
	assert_false(keymap_next(km, "generic", NULL)->bar);
	keymap_free(&km);
}

static void refuses(const char *text, const char *want)
{
	keymap *km = (keymap *)1;
	assert_int_equal(keymap_parse(&km, "keys.txt", text, strlen(text), screens), -1);
	assert_ptr_equal(km, (keymap *)1); /* not assigned on failure */
	if (!strstr(err_msg(), want))
		fail_msg("wanted \"%s\" in \"%s\"", want, err_msg());
}

static void bad_lines_are_refused(void **state)
{
	(void)state;
	refuses("# keys\n\nhome opn o\n", "keys.txt:3: unknown action 'opn'");
	refuses("home open Retrun\n", "keys.txt:1: unknown key 'Retrun'");
	refuses("hoem open o\n", "keys.txt:1: unknown screen 'hoem'");
	refuses("home open\n", "keys.txt:1: no key for 'open'");
	refuses("home open bar\n", "keys.txt:1: no key for 'open'");
	refuses("home\n", "keys.txt:1: no action");
	refuses("home open o\nhome sites o\n", "keys.txt:2: key 'o' bound twice on home");
	refuses("home open o o\n", "keys.txt:1: key 'o' bound twice on home");
	refuses("home open o\nhome open p\n", "keys.txt:2: 'open' on home twice");
	refuses("home open F13\n", "unknown key 'F13'");
	refuses("home open a b c d e f g h i\n", "more than 8 keys");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_bindings_parse),
		cmocka_unit_test(promised_keys),
		cmocka_unit_test(parses_format),
		cmocka_unit_test(bad_lines_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
