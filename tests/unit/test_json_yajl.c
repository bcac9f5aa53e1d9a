/*
 * test_json_yajl: the events' parser (yajl building jansson's tree) takes
 * what jansson's own takes, into the same tree, and refuses what it
 * refuses, with the why and where.
 */
#include "json_canonical.h"
#include "json_yajl.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *text;
	size_t len; /* 0: strlen */
} sample;

/* Each text read by both with the flags: the same tree, or both refuse. */
static void same_as_jansson(const sample *t, size_t n, size_t flags)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = t[i].len ? t[i].len : strlen(t[i].text);
		json_error_t je, ye;
		json_t *j = json_loadb(t[i].text, len, flags, &je), *y = json_yajl_loadb(t[i].text, len, flags, &ye);
		if (!j != !y || (j && !json_equal(j, y)))
			fail_msg("%s: jansson %s, yajl %s", t[i].text, j ? "takes it" : je.text, y ? "takes it" : ye.text);
		if (!y && !*ye.text)
			fail_msg("%s: refused with no reason", t[i].text);
		/* The codes a caller tells apart (event_parse: not UTF-8). */
		enum json_error_code jc = json_error_code(&je);
		if (!j && (jc == json_error_invalid_utf8 || jc == json_error_duplicate_key ||
			   jc == json_error_numeric_overflow) && json_error_code(&ye) != jc)
			fail_msg("%s: jansson's code %d, yajl's %d", t[i].text, (int)jc, (int)json_error_code(&ye));
		json_decref(j), json_decref(y);
	}
}

static const sample taken[] = {
	{"{}", 0},
	{"[]", 0},
	{" { \"a\" : [1, -2, 0, true, false, null, \"x\"] } \n", 0},
	{"{\"b\":{\"c\":{\"d\":[[],[{}]]}},\"a\":\"\"}", 0},
	{"[9223372036854775807,-9223372036854775808]", 0},
	{"[1.5,-0.25,1e3,2E-2]", 0},
	{"{\"esc\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u9e64\\ud83d\\ude00\"}", 0},
	{"{\"esc\":\"\\u00e9\\u9e64\\n\\u001f\\/\"}", 0},
	{"{\"工地\":\"鹤城区 扬尘\",\"emoji\":\"😀\"}", 0},
	{"{\"after\":[],\"author\":\"张伟\",\"device\":\"A01\",\"fields\":{\"name\":\"毛敏\"},\"form\":\"inspector\","
	 "\"form_version\":1,\"hlc\":[1735777599533,191],\"op\":\"create\",\"v\":1}", 0},
	{"{\"a\":1,\"a\":2}", 0}, /* last: duplicates, taken without JSON_REJECT_DUPLICATES */
};

static const sample refused[] = {
	{"", 0},
	{"   ", 0},
	{"{", 0},
	{"[1,2", 0},
	{"{\"a\" 1}", 0},
	{"{\"a\":1,}", 0},
	{"[1,]", 0},
	{"1", 0},
	{"\"text\"", 0},
	{"null", 0},
	{"{} x", 0},
	{"{}{}", 0},
	{"/* note */ {}", 0},
	{"{\"a\":01}", 0},
	{"{\"a\":+1}", 0},
	{"[9223372036854775808]", 0},
	{"[-9223372036854775809]", 0},
	{"[1e999]", 0},
	{"{'a':1}", 0},
	{"{\"a\":tru}", 0},
	{"{\"a\":\"\\x\"}", 0},
	{"{\"a\":\"\\u12\"}", 0},
	{"{\"a\":\"tab\there\"}", 0},
	{"{\"a\":\"\\u0000\"}", 0},
	{"{\"\\u0000\":1}", 0},
	{"{\"a\":\"\xff\"}", 0},
	{"{\"a\":\"\xe9\xb9\"}", 0},
	{"{\"a\":\"\xc0\xaf\"}", 0},
	{"{\"a\":\"\\ud83d\\ude00\xff\"}", 0}, /* given to jansson for the escape */
	{"{\"a\":1}\0{}", 10},
};

static void takes_what_jansson_takes(void **state)
{
	(void)state;
	same_as_jansson(taken, sizeof taken / sizeof *taken, 0);
	same_as_jansson(taken, sizeof taken / sizeof *taken - 1, JSON_REJECT_DUPLICATES);
}

static void refuses_what_jansson_refuses(void **state)
{
	(void)state;
	same_as_jansson(refused, sizeof refused / sizeof *refused, 0);
	static const sample dup[] = {{"{\"a\":1,\"a\":2}", 0}, {"{\"b\":{\"a\":[],\"a\":{}}}", 0}};
	same_as_jansson(dup, 2, JSON_REJECT_DUPLICATES);
	json_error_t e;
	assert_null(json_yajl_loadb("{\"a\":1,\"a\":2}", 13, JSON_REJECT_DUPLICATES, &e));
	assert_string_equal(e.text, "duplicate object key");
	assert_int_equal(e.line, 1);
	assert_true(e.column > 0);
	assert_null(json_yajl_loadb("{\"a\":", 5, 0, &e));
	assert_non_null(strstr(e.text, "premature EOF"));
}

/* As deep as jansson goes, and one level past it. */
static void refuses_past_jansson_depth(void **state)
{
	(void)state;
	for (int depth = 2047; depth <= 2049; depth++) {
		char *t = xmalloc(2 * (size_t)depth + 1);
		memset(t, '[', (size_t)depth);
		memset(t + depth, ']', (size_t)depth);
		t[2 * depth] = '\0';
		sample s = {t, 0};
		same_as_jansson(&s, 1, 0);
		free(t);
	}
}

/* Lone or swapped surrogates: jansson refuses them. */
static void refuses_broken_surrogates(void **state)
{
	(void)state;
	static const sample t[] = {
		{"[\"\\ud800\"]", 0}, {"[\"\\udc00\"]", 0}, {"[\"\\ud800x\"]", 0}, {"[\"\\ude00\\ud83d\"]", 0}, {"[\"\\ud83d\\u0041\"]", 0},
	};
	same_as_jansson(t, sizeof t / sizeof *t, 0);
}

/* The text's UTF-8, checked eight ASCII bytes at a time: a bad or a good
 * sequence at every offset of a run, and a sequence cut at the end. */
static void utf8_checked_at_every_offset(void **state)
{
	(void)state;
	static const char *bad[] = {"\xff", "\xc0\xaf", "\xe9\xb9", "\xed\xa0\x80", "\x80"};
	char text[64];
	for (int at = 0; at < 24; at++) {
		memset(text, 'a', sizeof text);
		memcpy(text + at, "\xe9\xb9\xa4", 3);
		assert_true(utf8_valid(text, 40));
		assert_false(utf8_valid(text, (size_t)at + 2));
		for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
			memset(text, 'a', sizeof text);
			memcpy(text + at, bad[b], strlen(bad[b]));
			assert_false(utf8_valid(text, 40));
			assert_true(utf8_valid(text, (size_t)at));
		}
	}
}

/* The canonical check says what comparing with jansson's encoding says. */
static void canonical_as_jansson_writes(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int canonical;
	} t[] = {
		{"{}", 1},
		{"[]", 1},
		{"{\"a\":[1,-2,0,true,false,null,\"x\",[],{}],\"b\":{\"c\":\"\"}}", 1},
		{"[9223372036854775807,-9223372036854775808]", 1},
		{"[\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001F\\u007f\"]", 0}, /* \u007f: jansson writes the byte */
		{"[\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001F\x7f\"]", 1},
		{"{\"Z\":1,\"a\":2,\"ab\":3,\"b\":4,\"工\":5,\"😀\":6}", 1},
		{"{\"a\":1,\"Z\":2}", 0},
		{"{\"ab\":1,\"a\":2}", 0},
		{"{\"a\":1,\"a\":2}", 0},
		{"{\"a\": 1}", 0},
		{" {}", 0},
		{"{}\n", 0},
		{"[\"\\/\"]", 0},
		{"[\"/\"]", 1},
		{"[\"\\u00e9\"]", 0},
		{"[\"é\"]", 1},
		{"[\"\\u001f\"]", 0},
		{"[\"\\u0008\"]", 0},
		{"[-0]", 0},
		{"[0]", 1},
		{"[1.5]", 0},
		{"[1e2]", 0},
		{"{\"a\\\"\":1,\"a#\":2}", 1}, /* keys in order decoded, not as written */
		{"{\"a#\":1,\"a\\\"\":2}", 0},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		json_error_t e;
		size_t len = strlen(t[i].text);
		json_t *v = json_yajl_loadb(t[i].text, len, 0, &e);
		if (!v)
			fail_msg("%s: %s", t[i].text, e.text);
		char *d = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		int dumped = strlen(d) == len && memcmp(d, t[i].text, len) == 0;
		if (json_is_canonical(v, t[i].text, len) != t[i].canonical || (!strpbrk(t[i].text, ".e") && dumped != t[i].canonical))
			fail_msg("%s: canonical %d, jansson writes %s", t[i].text, json_is_canonical(v, t[i].text, len), d);
		free(d);
		json_decref(v);
	}
}

/* The canonical text written by yajl is jansson's, byte for byte: keys
 * inserted out of order, every byte below 0x80 in a string, reals and
 * nesting past yajl's 128 levels (jansson's to write). */
static void canonical_text_as_jansson_writes(void **state)
{
	(void)state;
	char bytes[129];
	for (int i = 0; i < 128; i++)
		bytes[i] = (char)(i + 1 < 128 ? i + 1 : 'x');
	bytes[128] = '\0';
	json_t *deep = json_array(), *at = deep;
	for (int i = 0; i < 200; i++) {
		json_t *in = json_object();
		json_array_append_new(at, in);
		json_object_set_new(in, "k", json_array());
		at = json_object_get(in, "k");
	}
	json_t *trees[] = {
		json_pack("{s:i, s:s, s:[], s:{}, s:b, s:n, s:I}", "zeta", 1, "alpha", bytes, "工地", "Z", "a", 0, "ab", "big",
			  (json_int_t)-9223372036854775807 - 1),
		json_pack("{s:{s:s, s:[i, s, {s:s, s:s}]}, s:s}", "fields", "note", "鹤 \"/\\", "list", 3, "", "b", "1",
			  "a", "2", "after", "\t"),
		json_pack("[f, {s:f}]", 0.1, "x", -0.25),
		json_stringn("nul \0 in it", 12),
		json_integer(0),
		deep,
	};
	for (size_t i = 0; i < sizeof trees / sizeof *trees; i++) {
		char *d = json_dumps(trees[i], JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		char *c = json_canonical_dumps(trees[i]);
		assert_non_null(d);
		assert_non_null(c);
		assert_string_equal(c, d);
		free(d), free(c);
		json_decref(trees[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(takes_what_jansson_takes),
		cmocka_unit_test(refuses_what_jansson_refuses),
		cmocka_unit_test(refuses_past_jansson_depth),
		cmocka_unit_test(refuses_broken_surrogates),
		cmocka_unit_test(utf8_checked_at_every_offset),
		cmocka_unit_test(canonical_as_jansson_writes),
		cmocka_unit_test(canonical_text_as_jansson_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
