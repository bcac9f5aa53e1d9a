/*
 * test_describe: the lines describe_record() hands its reader for a
 * record with a reference, a non-compliant item, a group, a field that
 * only an older form version has and a conflict; and a record's history.
 * A data directory is made in /tmp with a station's version 2 of the
 * inspection form, which no longer has the "companions" field of version 1.
 */
#include "testutil.h"
#include "app.h"
#include "describe.h"
#include "embedded.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static char dir[] = "/tmp/dwdescribe.XXXXXX";
static app a;
static char *site_id;

/* The shipped inspection form as version 2, without "companions". */
static void write_inspection_v2(void)
{
	const char *v1 = NULL;
	for (const struct embedded *e = embedded_forms; e->name; e++)
		if (str_eq(e->name, "inspection.form"))
			v1 = e->data;
	assert_non_null(v1);
	const char *ver = strstr(v1, "version 1\n"), *cut = strstr(v1, "field companions "),
		   *rest = strstr(v1, "field type choice");
	assert_true(ver && cut && rest && ver < cut && cut < rest);
	char *path = xasprintf("%s/forms/inspection.form", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "%.*sversion 2\n%.*s%s", (int)(ver - v1), v1, (int)(cut - ver - 10), ver + 10, rest);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	char *forms = xasprintf("%s/forms", dir);
	int rc = app_init(dir, "HH", "A03", "张伟") < 0 || mkdir(forms, 0700) < 0 ? -1 : 0;
	free(forms);
	if (rc < 0)
		return -1;
	write_inspection_v2();
	if (app_open(&a, dir) < 0)
		return -1;
	char *assign[] = {"name=中方县职业中专实训楼", "address=中方县中方镇", "district=zhongfang", "type=public",
			  "stage=structure", "builder_unit=中方县教育局", "builder_person=陈立,13907450000",
			  "contractor_unit=湖南省第六工程有限公司", "contractor_person=王强,13807452222",
			  "dust_officer=赵六,13607453333"};
	json_t *problems = json_array();
	json_t *fields = rec_parse_assignments(&a, app_form(&a, "site", 0), assign, DW_ARRAY_LEN(assign), problems);
	rc = rec_new(&a, "site", fields, 1, problems, &site_id);
	if (rc < 0)
		fprintf(stderr, "%s: %zu problems\n", err_msg(), json_array_size(problems));
	json_decref(fields), json_decref(problems);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	app_close(&a);
	free(site_id);
	char *cmd = xasprintf("rm -rf %s", dir);
	int rc = system(cmd);
	free(cmd);
	return rc;
}

/* Every line handed over, copied as a JSON object. */
static void collect(const describe_line *d, void *payload)
{
	json_array_append_new(payload, json_pack("{si si si si ss? ss? si sI ss? ss? ss?}", "kind", (int)d->kind,
						 "part", (int)d->part, "hint", (int)d->hint, "level", d->level,
						 "label", d->label, "value", d->value, "group", d->group, "item",
						 (json_int_t)d->item, "author", d->author, "device", d->device, "event",
						 d->event));
}

static json_t *describe(const json_t *st, unsigned parts)
{
	json_t *lines = json_array();
	describe_opts o = {.lang = "en", .today = "2026-12-03", .parts = parts};
	assert_int_equal(describe_record(&a, st, &o, collect, lines), 0);
	return lines;
}

/* The index of the first line of kind at or after from whose label (or,
 * for label NULL, value) is text; -1 if none. */
static int find(const json_t *lines, int from, describe_kind kind, const char *lab, const char *value)
{
	for (size_t i = (size_t)from; i < json_array_size(lines); i++) {
		json_t *l = json_array_get(lines, i);
		if (json_integer_value(json_object_get(l, "kind")) == kind &&
		    (!lab || str_eq(json_string_value(json_object_get(l, "label")), lab)) &&
		    (!value || str_eq(json_string_value(json_object_get(l, "value")), value)))
			return (int)i;
	}
	return -1;
}

static json_int_t at(const json_t *lines, int i, const char *key)
{
	assert_true(i >= 0);
	return json_integer_value(json_object_get(json_array_get(lines, (size_t)i), key));
}

static const char *text_at(const json_t *lines, int i, const char *key)
{
	assert_true(i >= 0);
	return json_string_value(json_object_get(json_array_get(lines, (size_t)i), key));
}

static void a_record_line_by_line(void **state)
{
	(void)state;
	json_t *site = store_get_record(a.db, site_id);
	assert_non_null(site);
	char *site_title = rec_title(&a, site, "en");
	json_t *st = json_pack(
		"{ss ss si ss ss ss ss ss ss s{ss ss ss ss s[{ss ss ss}] ss} s[{ss s[{ss ss ss ss} {ss ss ss ss}]}]}",
		"id", "0123456789abcdef0123456789abcdef", "kind", "inspection", "form_version", 2, "number",
		"HH-A03-2026-0001", "status", "submitted", "created", "2026-12-01T08:00:00Z", "updated",
		"2026-12-02T08:00:00Z", "author", "张伟", "device", "A03", "fields", "site", site_id, "hoarding", "no",
		"cover", "yes", "verdict", "rectify", "problems", "description", "北侧土方未覆盖", "item", "cover",
		"deadline", "2026-12-10", "companions", "李娜", "conflicts", "field", "verdict", "values", "value",
		"pass", "event", "aaaaaaaaaaaaaaaa", "device", "A01", "author", "李娜", "value", "rectify", "event",
		"bbbbbbbbbbbbbbbb", "device", "A03", "author", "张伟");
	json_t *lines = describe(st, DESCRIBE_PARTICULARS | DESCRIBE_FIELDS);

	int i = find(lines, 0, DESCRIBE_TITLE, "Dust Control Inspection Checklist", NULL);
	assert_int_equal(i, 0);
	i = find(lines, 0, DESCRIBE_PARTICULAR, "Number", "HH-A03-2026-0001");
	assert_int_equal(at(lines, i, "part"), DESCRIBE_NUMBER);
	assert_true(find(lines, 0, DESCRIBE_PARTICULAR, "Id", "0123456789abcdef0123456789abcdef") > i);

	/* The reference comes as the title of the site it names. */
	int heading = find(lines, 0, DESCRIBE_HEADING, "Inspection", NULL);
	assert_true(heading > i);
	assert_int_equal(at(lines, heading, "hint"), DESCRIBE_STRONG);
	int ref = find(lines, heading, DESCRIBE_FIELD, "Site inspected", site_title);
	assert_int_equal(ref, heading + 1);
	assert_int_equal(at(lines, ref, "level"), 1);

	/* A non-compliant item is a problem, a compliant one is not. */
	int items = find(lines, ref, DESCRIBE_HEADING, NULL, NULL);
	int bad = find(lines, items, DESCRIBE_FIELD, "Site perimeter 100% enclosed by hoarding", NULL);
	assert_true(bad > items);
	assert_int_equal(at(lines, bad, "hint"), DESCRIBE_PROBLEM);
	int good = find(lines, bad + 1, DESCRIBE_FIELD, NULL, NULL);
	assert_int_equal(good, bad + 1);
	assert_int_equal(at(lines, good, "hint"), DESCRIBE_PLAIN);

	/* The group, its item, its members in the form's order. */
	int group = find(lines, good, DESCRIBE_FIELD, "Problems and deadlines", "1 entries");
	assert_true(group > good);
	assert_int_equal(at(lines, group, "group"), 1);
	assert_int_equal(at(lines, group + 1, "kind"), DESCRIBE_ITEM);
	assert_int_equal(at(lines, group + 1, "item"), 1);
	assert_int_equal(at(lines, group + 1, "level"), 2);
	int desc = find(lines, group, DESCRIBE_MEMBER, "Problem", "北侧土方未覆盖");
	assert_int_equal(desc, group + 2);
	assert_int_equal(at(lines, desc, "item"), 1);
	assert_int_equal(at(lines, desc, "level"), 3);
	assert_int_equal(find(lines, desc, DESCRIBE_MEMBER, "Checklist item", "Covering"), desc + 1);
	assert_int_equal(find(lines, desc, DESCRIBE_MEMBER, "Rectify by", "2026-12-10"), desc + 2);

	/* A field only version 1 had, after the form's own, as stored. */
	int old = find(lines, 0, DESCRIBE_FIELD, "companions", "\"李娜\"");
	assert_true(old > desc);

	/* The conflict and what each device claims. */
	int c = find(lines, 0, DESCRIBE_CONFLICT, "Verdict", NULL);
	assert_true(c > old);
	assert_int_equal(at(lines, c, "hint"), DESCRIBE_CONFLICTED);
	assert_int_equal(find(lines, c, DESCRIBE_CLAIM, NULL, "Compliant"), c + 1);
	assert_string_equal(text_at(lines, c + 1, "author"), "李娜");
	assert_string_equal(text_at(lines, c + 1, "device"), "A01");
	assert_string_equal(text_at(lines, c + 1, "event"), "aaaaaaaaaaaaaaaa");
	assert_int_equal(find(lines, c, DESCRIBE_CLAIM, NULL, "Rectify within a deadline"), c + 2);
	assert_int_equal((int)json_array_size(lines), c + 3);

	/* No history unless asked for. */
	assert_int_equal(find(lines, 0, DESCRIBE_EVENT, NULL, NULL), -1);
	json_decref(lines);
	json_decref(st);
	json_decref(site);
	free(site_title);
}

static void a_history_event_by_event(void **state)
{
	(void)state;
	json_t *site = store_get_record(a.db, site_id);
	json_t *lines = describe(site, DESCRIBE_HISTORY);
	assert_int_equal(find(lines, 0, DESCRIBE_HEADING, "History", NULL), 0);
	int ev = find(lines, 0, DESCRIBE_EVENT, NULL, "create");
	assert_int_equal(ev, 1);
	assert_string_equal(text_at(lines, ev, "author"), "张伟");
	assert_string_equal(text_at(lines, ev, "device"), "A03");
	assert_true(find(lines, ev, DESCRIBE_CHANGE, "Project name", "中方县职业中专实训楼") > ev);
	assert_true(find(lines, ev, DESCRIBE_CHANGE, "County or district", "Zhongfang County") > ev);
	assert_int_equal(find(lines, 0, DESCRIBE_FIELD, NULL, NULL), -1);
	json_decref(lines);
	json_decref(site);
}

static void a_missing_reference_is_its_id(void **state)
{
	(void)state;
	char *t = describe_ref(&a, "feedfacefeedface", "zh");
	assert_string_equal(t, "feedfacefeedface");
	free(t);
	t = describe_ref(&a, NULL, "zh");
	assert_string_equal(t, "");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_record_line_by_line),
		cmocka_unit_test(a_history_event_by_event),
		cmocka_unit_test(a_missing_reference_is_its_id),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
