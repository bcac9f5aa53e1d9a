/*
 * test_sheet: one table, three renderings. Text is aligned by display
 * width (two columns per Chinese character), numbers to the right; CSV
 * has a byte-order mark, CRLF, quotes where Excel needs them and rates as
 * fractions; a cell reaches into an object by "a.b".
 */
#include "testutil.h"
#include "sheet.h"
#include "text.h"

#include <stdlib.h>

static const sheet_col cols[] = {
	{"name", "工程项目", SHEET_TEXT},
	{"n", "检查", SHEET_INT},
	{"rate", "满意率", SHEET_RATE},
	{"person.phone", "电话", SHEET_TEXT},
};

static json_t *rows(void)
{
	return json_pack("[{ss si sf s{ss}} {ss si sn s{}}]", "name", "鹤城区迎丰路安置小区", "n", 7, "rate", 0.95,
			 "person", "phone", "13907451234", "name", "a,\"b\"\nc", "n", 12, "rate", "person");
}

static void text_is_aligned(void **state)
{
	(void)state;
	json_t *r = rows();
	sheet t = {"s", cols, 4, r, NULL, 0, NULL, 0};
	char *s = sheet_text(&t);
	/* each column starts at the same display column on every line */
	char *nl = strchr(s, '\n');
	*nl = 0;
	char *second = nl + 1;
	*strchr(second, '\n') = 0;
	char *h = strstr(s, "电话"), *v = strstr(second, "13907451234");
	*h = 0, *v = 0;
	assert_int_equal(text_width(s), text_width(second));
	assert_true(text_width(s) > 0);
	*v = '1';
	assert_non_null(strstr(second, "  7  "));
	assert_non_null(strstr(second, "95%"));
	assert_non_null(strstr(second, "13907451234"));
	free(s);
	json_decref(r);
}

static void csv_for_excel(void **state)
{
	(void)state;
	json_t *r = rows();
	sheet t = {"s", cols, 4, r, NULL, 0, NULL, 0};
	char *s = sheet_csv(&t);
	assert_memory_equal(s, "\xEF\xBB\xBF工程项目,检查,满意率,电话\r\n", strlen("\xEF\xBB\xBF工程项目,检查,满意率,电话\r\n"));
	assert_non_null(strstr(s, "鹤城区迎丰路安置小区,7,0.9500,13907451234\r\n"));
	assert_non_null(strstr(s, "\"a,\"\"b\"\"\nc\",12,,\r\n"));
	free(s);
	json_decref(r);
}

static void cell_text(void **state)
{
	(void)state;
	json_t *row = json_pack("{sf sf sn}", "a", 0.5, "b", 0.123, "c");
	sheet_col rate = {"a", "", SHEET_RATE}, num = {"b", "", SHEET_NUM}, none = {"c", "", SHEET_TEXT},
		  absent = {"x.y", "", SHEET_TEXT};
	char *s;
	assert_string_equal(s = sheet_cell_text(&rate, row), "50%"), free(s);
	assert_string_equal(s = sheet_cell_text(&num, row), "0.12"), free(s);
	assert_string_equal(s = sheet_cell_text(&none, row), ""), free(s);
	assert_string_equal(s = sheet_cell_text(&absent, row), ""), free(s);
	json_decref(row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_aligned),
		cmocka_unit_test(csv_for_excel),
		cmocka_unit_test(cell_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
