/*
 * test_event: canonical JSON, content ids and signatures; every kind of
 * damage to an event is caught with a message, never a crash.
 */
#include "hex.h"
#include "testutil.h"

#include <stdlib.h>

static signer key;

static int setup(void **state)
{
	(void)state;
	return signer_generate(&key, "A03");
}

static char *sealed_text(void)
{
	json_t *ev = test_event(&key, "rec", "inspection", "create", json_pack("{ssss}", "site", "工地甲", "note", "a/b\"c"),
				(hlc){1714550400000, 2}, NULL);
	char *text = event_canonical(ev);
	json_decref(ev);
	return text;
}

static void canonical_form(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:i,s:s,s:[i,i]}", "zeta", 1, "alpha", "鹤城", "mid", 2, 3);
	char *c = event_canonical(v);
	assert_string_equal(c, "{\"alpha\":\"鹤城\",\"mid\":[2,3],\"zeta\":1}");
	free(c);
	json_decref(v);
	json_t *real = json_pack("{s:f}", "x", 1.5);
	assert_null(event_canonical(real));
	assert_non_null(strstr(err_msg(), "floating-point"));
	json_decref(real);
}

static void seal_parse_verify(void **state)
{
	(void)state;
	char *text = sealed_text();
	json_t *ev = NULL;
	assert_int_equal(event_parse(text, strlen(text), &ev), 0);
	assert_int_equal(event_verify_sig(ev, key.pk), 0);
	signer other;
	signer_generate(&other, "A04");
	assert_int_equal(event_verify_sig(ev, other.pk), -1);
	assert_non_null(strstr(err_msg(), "signature does not match"));
	json_decref(ev);
	free(text);
}

static void expect_refused(const char *text, const char *why)
{
	json_t *ev = NULL;
	assert_int_equal(event_parse(text, strlen(text), &ev), -1);
	assert_null(ev);
	if (!strstr(err_msg(), why))
		fail_msg("expected '%s' in '%s'", why, err_msg());
}

static void damage_is_caught(void **state)
{
	(void)state;
	char *text = sealed_text();
	char *t = xstrdup(text);
	/* One character of content changed: the id no longer matches. */
	char *p = strstr(t, "工地甲");
	p[0] = 'X', p[1] = 'Y', p[2] = 'Z';
	expect_refused(t, "does not hash to its id");
	free(t);
	t = xasprintf(" %s", text);
	expect_refused(t, "canonical form");
	free(t);
	t = xstrndup(text, strlen(text) / 2);
	expect_refused(t, "not JSON");
	free(t);
	expect_refused("[1,2,3]", "not a JSON object");
	expect_refused("\xff\xfe", "not UTF-8");
	t = xstrdup(text);
	p = strstr(t, "\"v\":1");
	p[4] = '9';
	expect_refused(t, "format version 9");
	free(t);
	expect_refused("{\"v\":1}", "has no");
	/* Random bytes never crash the parser. */
	for (int i = 0; i < 2000; i++) {
		char buf[256];
		size_t n = 1 + test_below(sizeof buf - 1);
		for (size_t k = 0; k < n; k++)
			buf[k] = (char)test_rand();
		if (test_below(2))
			memcpy(buf, text, n < strlen(text) ? n : strlen(text));
		json_t *ev = NULL;
		int rc = event_parse(buf, n, &ev);
		assert_true(rc == -1 || ev != NULL);
		json_decref(ev);
	}
	free(text);
}

static void clocks(void **state)
{
	(void)state;
	hlc h = hlc_next((hlc){5000, 3}, 4000); /* wall clock behind: count on */
	assert_int_equal(h.ms, 5000);
	assert_int_equal(h.c, 4);
	h = hlc_next((hlc){5000, 3}, 6000);
	assert_int_equal(h.ms, 6000);
	assert_int_equal(h.c, 0);
	assert_true(hlc_cmp((hlc){1, 2}, (hlc){1, 3}) < 0);
	unsigned char raw[4] = {0xde, 0xad, 0xbe, 0xef}, back[4];
	char hex[9];
	hex_encode(raw, 4, hex);
	assert_string_equal(hex, "deadbeef");
	assert_int_equal(hex_decode(hex, back, 4), 0);
	assert_memory_equal(raw, back, 4);
	assert_int_equal(hex_decode("DEADBEEF", back, 4), -1);
	assert_int_equal(hex_decode("dead/eef", back, 4), -1);
	assert_int_equal(hex_decode("deadbee:", back, 4), -1);
	/* Lower-case digits, exactly n of them. */
	assert_true(hex_is("0123456789abcdef", 16));
	assert_true(hex_is("", 0));
	assert_false(hex_is("0123456789abcdeF", 16));
	assert_false(hex_is("0123456789abcdeg", 16));
	assert_false(hex_is("0123456789abcde`", 16));
	assert_false(hex_is("0123456789abcde", 16));
	assert_false(hex_is("0123456789abcdef0", 16));
	assert_false(hex_is("01234567\x80\xff", 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_form),
		cmocka_unit_test(seal_parse_verify),
		cmocka_unit_test(damage_is_caught),
		cmocka_unit_test(clocks),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
