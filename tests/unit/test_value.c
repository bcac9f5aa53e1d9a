/*
 * test_value: typed values from text, checks, relevance, whole-record
 * validation with one problem per field, score totals; and display widths.
 */
#include "testutil.h"
#include "text.h"
#include "value.h"

#include <stdlib.h>

static const char spec[] =
	"form inspection\nversion 1\ntitle 检查 | Inspection\nlifecycle review\nsite site\ndate when\n"
	"field site ref site\n  label 工地 | Site\n"
	"field count integer\n  label 数量 | Count\n  range 0 10\n"
	"field area decimal\n  label 面积 | Area\n  unit m²\n"
	"field when date\n  label 日期 | Date\n  required\n  range -30 +0\n"
	"field hoarding compliance\n  label 围挡 | Hoarding\n  score 60\n  required\n"
	"field cover compliance\n  label 覆盖 | Cover\n  score 40\n"
	"field note multiline\n  label 说明 | Note\n  relevant hoarding = no\n  required\n"
	"field tags multi\n  label 标签 | Tags\n  option a 甲 | A\n  option b 乙 | B\n"
	"field boss person\n  label 负责人 | Manager\n  pattern 1[3-9][0-9]{9}\n"
	"field pos gps\n  label 位置 | Position\n"
	"field total score\n  label 得分 | Score\n"
	"group problems\n  label 问题 | Problems\n  min 1\n"
	"field what text\n  label 问题 | What\n  required\n"
	"end\n";

static form *f;

static int setup(void **state)
{
	(void)state;
	f = form_parse("t.form", spec, strlen(spec));
	return f ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	form_free(f);
	return 0;
}

static json_t *parse(const char *name, const char *text)
{
	char *msg = NULL;
	json_t *v = value_parse(form_field(f, name), text, "2024-05-01T08:00:00Z", &msg);
	free(msg);
	return v;
}

static void parsing(void **state)
{
	(void)state;
	json_t *v = parse("count", "7");
	assert_int_equal(json_integer_value(v), 7);
	json_decref(v);
	assert_null(parse("count", "7x"));
	v = parse("tags", "a,b");
	assert_int_equal(json_array_size(v), 2);
	json_decref(v);
	assert_null(parse("tags", "a,c"));
	v = parse("boss", "李明,13907451234");
	assert_string_equal(json_string_value(json_object_get(v, "phone")), "13907451234");
	json_decref(v);
	assert_null(parse("total", "100"));
	assert_null(parse("note", "\xff"));
}

static void check(const char *name, const char *json, int valid)
{
	json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
	char *msg = value_check(form_field(f, name), v, "2024-05-01");
	if (valid && msg)
		fail_msg("%s=%s refused: %s", name, json, msg);
	if (!valid && !msg)
		fail_msg("%s=%s accepted", name, json);
	free(msg);
	json_decref(v);
}

static void checking(void **state)
{
	(void)state;
	check("count", "10", 1);
	check("count", "11", 0);
	check("count", "\"3\"", 0);
	check("area", "\"12.50\"", 1);
	check("area", "\"12.\"", 0);
	check("area", "\"1e5\"", 0);
	check("when", "\"2024-04-15\"", 1);
	check("when", "\"2024-05-02\"", 0); /* tomorrow */
	check("when", "\"2024-02-30\"", 0);
	check("hoarding", "\"na\"", 1);
	check("hoarding", "\"maybe\"", 0);
	check("boss", "{\"name\":\"李明\",\"phone\":\"13907451234\"}", 1);
	check("boss", "{\"name\":\"李明\",\"phone\":\"12345\"}", 0);
	check("boss", "{\"name\":\"\"}", 0);
	check("pos", "\"27.55,109.99\"", 1);
	check("pos", "\"97.55,109.99\"", 0);
	check("pos", "\"north\"", 0);
}

static int has_problem(json_t *problems, const char *name, const char *msg)
{
	size_t i;
	json_t *p;
	json_array_foreach(problems, i, p) if (str_eq(json_string_value(json_object_get(p, "field")), name) &&
					       strstr(json_string_value(json_object_get(p, "message")), msg)) return 1;
	return 0;
}

static void validating(void **state)
{
	(void)state;
	json_t *problems = json_array();
	json_t *fields = json_pack("{sssss{}s[{}]}", "hoarding", "no", "colour", "red", "boss", "problems");
	int n = value_validate(f, fields, "2024-05-01", 0, problems);
	assert_true(has_problem(problems, "when", "is required"));
	assert_true(has_problem(problems, "note", "is required")); /* relevant because hoarding = no */
	assert_true(has_problem(problems, "colour", "no such field"));
	assert_true(has_problem(problems, "boss", "must name a person"));
	assert_true(has_problem(problems, "problems[1].what", "is required"));
	assert_int_equal(n, (int)json_array_size(problems));
	json_decref(problems), json_decref(fields);

	problems = json_array();
	fields = json_pack("{sssssss[{ss}]}", "when", "2024-04-30", "hoarding", "yes", "note", "多余", "problems", "what", "x");
	value_validate(f, fields, "2024-05-01", 0, problems);
	assert_int_equal(json_array_size(problems), 1);
	assert_true(has_problem(problems, "note", "does not apply unless hoarding is no"));
	json_decref(problems), json_decref(fields);

	/* A draft (partial) is only checked for names and values. */
	problems = json_array();
	fields = json_pack("{si}", "count", 3);
	assert_int_equal(value_validate(f, fields, "2024-05-01", 1, problems), 0);
	json_decref(problems), json_decref(fields);
}

static void scoring(void **state)
{
	(void)state;
	json_t *fields = json_pack("{ssss}", "hoarding", "yes", "cover", "no");
	value_compute_scores(f, fields);
	assert_int_equal(json_integer_value(json_object_get(fields, "total")), 60);
	json_object_set_new(fields, "cover", json_string("na"));
	value_compute_scores(f, fields);
	assert_int_equal(json_integer_value(json_object_get(fields, "total")), 100); /* n/a is left out */
	json_decref(fields);
	json_t *no = json_string("no"), *area = json_string("12.5");
	char *s = value_display(form_field(f, "hoarding"), no, "zh");
	assert_string_equal(s, "不符合");
	free(s);
	s = value_display(form_field(f, "area"), area, "en");
	assert_string_equal(s, "12.5 m²");
	free(s);
	json_decref(no), json_decref(area);
	/* A sealed value (seal.h) is shown as such, whatever the field. */
	json_t *sealed = json_pack("{ss}", "sealed", "AAAA"), *two = json_pack("{ssss}", "sealed", "AAAA", "x", "y");
	assert_true(value_is_sealed(sealed));
	assert_false(value_is_sealed(two)); /* a person or any other object is not */
	assert_false(value_is_sealed(NULL));
	s = value_display(form_field(f, "area"), sealed, "zh");
	assert_string_equal(s, "（已密封）");
	free(s);
	s = value_display(form_field(f, "hoarding"), sealed, "en");
	assert_string_equal(s, "(sealed)");
	free(s);
	json_decref(sealed), json_decref(two);
}

static void widths(void **state)
{
	(void)state;
	assert_int_equal(text_width("鹤城区"), 6);
	assert_int_equal(text_width("HH-A03"), 6);
	assert_int_equal(text_width("工地A1，"), 8);
	assert_int_equal(text_width("e\xcc\x81"), 1); /* combining accent */
	char *s = text_fit("鹤城区迎丰路", 5, 0);
	assert_string_equal(s, "鹤城…"); /* never half a character */
	assert_int_equal(text_width(s), 5);
	free(s);
	s = text_fit("鹤城", 7, 1);
	assert_string_equal(s, "鹤城   ");
	free(s);
	s = text_fit("ab\ncd", 10, 0);
	assert_string_equal(s, "ab cd");
	free(s);
	assert_string_equal(text_status("overdue", "zh"), "已逾期");
	assert_string_equal(text_kind("notice", "en"), "notice");
}

/* Text from outside, made safe for a terminal and a line. */
static void escaping(void **state)
{
	(void)state;
	char *s = text_escape("工地\033[2J\007\xff名\n\t", 0);
	assert_string_equal(s, "工地\\x1b[2J\\x07\\xff名\\x0a\\x09");
	free(s);
	s = text_escape("一\n二\t三\xc2\x9b", 1); /* C1 CSI as a code point */
	assert_string_equal(s, "一\n二\t三\\u009b");
	free(s);
	s = text_fit_middle("devices/A01/deep/d/d/d/d/d/f", 15);
	assert_string_equal(s, "devices…d/d/d/f");
	assert_int_equal(text_width(s), 15);
	free(s);
	s = text_fit_middle("鹤城区迎丰路安置小区", 9);
	assert_string_equal(s, "鹤城…小区");
	free(s);
	s = text_fit_middle("short", 15);
	assert_string_equal(s, "short");
	free(s);
}

/* Whole numbers past int64 or past the bound are refused with the range. */
static void huge_numbers(void **state)
{
	(void)state;
	const field *count = form_field(f, "count");
	char *msg = NULL;
	assert_null(value_parse(count, "-99999999999999999999", "", &msg));
	assert_string_equal(msg, "-99999999999999999999 is outside 0..10");
	free(msg);
	assert_null(value_parse(count, "9223372036854775808", "", &msg));
	assert_string_equal(msg, "9223372036854775808 is outside 0..10");
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parsing),   cmocka_unit_test(checking), cmocka_unit_test(validating),
		cmocka_unit_test(scoring),   cmocka_unit_test(widths),   cmocka_unit_test(escaping),
		cmocka_unit_test(huge_numbers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
