/*
 * test_form: the form parser builds the model the rest relies on, reports
 * every problem as file:line, and the shipped forms all load.
 */
#include "testutil.h"
#include "formset.h"
#include "text.h"

#include <stdlib.h>

static const char good[] =
	"# comment\n"
	"form notice\nversion 3\ntitle 整改通知书 | Rectification notice\nnumbered\nlifecycle notice\n"
	"site site\ndate issued\ndue deadline\nsummary site kind\n\n"
	"section basic\n  label 基本 | Basic\n"
	"field site ref site\n  label 工地 | Site\n  required\n  default site\n"
	"field issued date\n  label 日期 | Issued\n  default today\n  range 2020-01-01 +0\n"
	"field kind choice\n  label 类型 | Kind\n  significant\n"
	"  option deadline 限期整改 | Within a deadline\n  option stopwork 停工整改 | Stop work = 5\n"
	"field deadline date\n  label 期限 | Deadline\n  range +0 +90\n"
	"field phone text\n  label 电话 | Phone\n  pattern 1[3-9][0-9]{9}\n  relevant kind = stopwork\n"
	"group problems\n  label 问题 | Problems\n  min 1\n  max 5\n"
	"field description multiline\n  label 描述 | Description\n  required\n"
	"field photo photo\n  label 照片 | Photo\n  relevant description set\n"
	"end\n";

static void parses_model(void **state)
{
	(void)state;
	form *f = test_form(good);
	assert_string_equal(f->kind, "notice");
	assert_int_equal(f->version, 3);
	assert_true(f->numbered);
	assert_int_equal(f->life, LC_NOTICE);
	assert_string_equal(f->due_field, "deadline");
	assert_int_equal(f->n_fields, 6);
	const field *k = form_field(f, "kind");
	assert_true(k->significant);
	assert_int_equal(k->n_options, 2);
	assert_int_equal(field_option(k, "stopwork")->score, 5);
	assert_string_equal(label_get(&field_option(k, "stopwork")->text, "en"), "Stop work");
	assert_string_equal(label_get(&k->label, "zh"), "类型");
	const field *g = form_field(f, "problems");
	assert_int_equal(g->type, FT_GROUP);
	assert_int_equal(g->min_items, 1);
	assert_int_equal(g->n_members, 2);
	assert_non_null(form_field(f, "problems.photo"));
	assert_int_equal(form_field(f, "problems.photo")->rel, REL_SET);
	assert_string_equal(form_field(f, "site")->ref_kind, "site");
	assert_string_equal(form_field(f, "issued")->section, "basic");
	form_free(f);
}

static void expect_error(const char *text, const char *want)
{
	form *f = form_parse("x.form", text, strlen(text));
	assert_null(f);
	if (!strstr(err_msg(), want))
		fail_msg("expected '%s' in:\n%s", want, err_msg());
}

static void reports_problems_by_line(void **state)
{
	(void)state;
	const char *head = "form site\nversion 1\ntitle 工地 | Site\nlifecycle registry\n";
	char *t;
	expect_error("version 1\n", "x.form:1: a form starts with 'form KIND'");
	expect_error("form rocket\n", "x.form:1: unknown kind 'rocket'");
	t = xasprintf("%sfield Name text\n  label a | b\n", head);
	expect_error(t, "x.form:5: field name 'Name' must be lowercase");
	free(t);
	t = xasprintf("%sfield a text\n  label 甲 | A\nfield a text\n  label 乙 | B\n", head);
	expect_error(t, "x.form:7: field 'a' is declared twice");
	free(t);
	t = xasprintf("%sfield a text\n  label onlyone\n", head);
	expect_error(t, "x.form:6: label needs 'Chinese | English'");
	free(t);
	t = xasprintf("%sfield a integer\n  label 甲 | A\n  range 9 1\n", head);
	expect_error(t, "x.form:7: range '9 1' is not two numbers");
	free(t);
	t = xasprintf("%sfield a text\n  label 甲 | A\n  pattern ([\n", head);
	expect_error(t, "x.form:7: pattern '([' is not a valid regular expression");
	free(t);
	t = xasprintf("%sfield a text\n  label 甲 | A\n  colour red\n", head);
	expect_error(t, "x.form:7: unknown attribute 'colour'");
	free(t);
	t = xasprintf("%send\n", head);
	expect_error(t, "x.form:5: 'end' without 'group'");
	free(t);
	t = xasprintf("%sfield a text\n  label 甲 | A\nversion 2\n", head);
	expect_error(t, "x.form:7: 'version' belongs in the header");
	free(t);
	t = xasprintf("%sdate nothere\n", head);
	expect_error(t, "x.form:5: date field 'nothere' is not declared");
	free(t);
	/* What each kind allows. */
	expect_error("form site\nversion 1\ntitle 工地 | Site\nlifecycle notice\n", "x.form:4: a site form has lifecycle registry");
	expect_error("form site\nversion 1\ntitle 工地 | Site\nnumbered\nlifecycle registry\n", "x.form:4: site records are not numbered");
	expect_error("form survey\nversion 1\ntitle 调查 | Survey\nlifecycle review\n", "a survey form names its site field");
	t = xasprintf("%sdue d\nfield d date\n  label 日 | D\n", head);
	expect_error(t, "x.form:5: due: only with lifecycle notice");
	free(t);
	t = xasprintf("%sversion 2\n", head);
	expect_error(t, "x.form:5: 'version' is given more than once");
	free(t);
	/* Relevance that leads back to itself, scores, defaults. */
	t = xasprintf("%sfield a text\n  label 甲 | A\n  relevant b set\nfield b text\n  label 乙 | B\n  relevant a set\n", head);
	expect_error(t, "relevance of field 'a' leads back to itself");
	free(t);
	t = xasprintf("%sfield s score\n  label 分 | S\nfield t score\n  label 分 | T\n", head);
	expect_error(t, "x.form:7: a form has at most one score field");
	assert_non_null(strstr(err_msg(), "x.form:5: score field 's' has nothing to count"));
	free(t);
	t = xasprintf("%sfield n integer\n  label 数 | N\n  default many\n", head);
	expect_error(t, "x.form:5: default 'many' of field 'n' is not a valid value");
	free(t);
	t = xasprintf("%sgroup g\n  label 组 | G\n  required\nfield x text\n  label 甲 | X\n  significant\nend\n", head);
	expect_error(t, "use 'min 1' rather than 'required'");
	assert_non_null(strstr(err_msg(), "significant goes on the group"));
	free(t);
	/* Private: a value of the form's own, never an indexed or computed one. */
	t = xasprintf("%sgroup g\n  label 组 | G\nfield x text\n  label 甲 | X\n  private\nend\n", head);
	expect_error(t, "'x': private is for a field of the form that holds a value");
	free(t);
	t = xasprintf("%sfield p person\n  label 人 | P\n  private\n  private\n", head);
	expect_error(t, "'private' is given more than once for field 'p'");
	free(t);
	expect_error("form survey\nversion 1\ntitle 调查 | Survey\nlifecycle review\nsite s\n"
		     "field s ref site\n  label 工地 | Site\n  private\n",
		     "'s' is the form's site, date or due field");
	/* Every problem is reported, not just the first. */
	t = xasprintf("%sfield A text\nfield b wat\n  label 甲 | A\n", head);
	expect_error(t, "x.form:5:");
	assert_non_null(strstr(err_msg(), "x.form:6: unknown field type 'wat'"));
	free(t);
	expect_error("form site\n\xff\n", "x.form:1: not UTF-8 text");
}

static void shipped_forms_load(void **state)
{
	(void)state;
	formset *fs;
	if (formset_load(&fs, NULL) < 0)
		fail_msg("%s", err_msg());
	assert_int_equal(formset_count(fs), 14);
	for (int i = 0; form_kinds[i]; i++) {
		const form *f = formset_get(fs, form_kinds[i]);
		assert_non_null(f);
		assert_non_null(f->title.zh);
		assert_non_null(f->title.en);
	}
	/* The inspection's eight scored items add up to 100. */
	const form *insp = formset_get(fs, "inspection");
	int total = 0;
	for (size_t i = 0; i < insp->n_fields; i++)
		total += insp->fields[i].score;
	assert_int_equal(total, 100);
	formset_free(fs);
}

/* The kinds, their order and their nouns come from the shipped forms. */
static void kinds_from_forms(void **state)
{
	(void)state;
	static const char *const want[] = {"site", "inspection", "notice", "complaint", "agreement",
					   "survey", "machinery", "inspector", "device", "reinspection", "station", "formdef", "revocation", "ledger", NULL};
	const char *const *kinds = form_kind_list();
	for (int i = 0; want[i]; i++) {
		assert_non_null(kinds[i]);
		assert_string_equal(kinds[i], want[i]);
		assert_true(form_kind_known(want[i]));
	}
	assert_null(kinds[14]);
	assert_false(form_kind_known("nothing"));
	assert_false(form_kind_known(NULL));
	assert_string_equal(text_kind("inspection", "zh"), "检查");
	assert_string_equal(text_kind("agreement", "zh"), "责任状");
	assert_string_equal(text_kind("machinery", "en"), "machinery");
	assert_string_equal(text_kind("nothing", "zh"), "nothing");

	formset *fs;
	if (formset_load(&fs, NULL) < 0)
		fail_msg("%s", err_msg());
	for (size_t i = 0; i < formset_count(fs); i++) {
		const form *f = formset_in_order(fs, i);
		assert_string_equal(f->kind, want[i]);
		assert_int_equal(f->order, (int)i + 1);
		assert_string_equal(label_get(&f->noun, "zh"), text_kind(want[i], "zh"));
	}
	assert_null(formset_in_order(fs, formset_count(fs)));
	formset_free(fs);
}

/* noun and order are parsed, checked, and left out of the normalised text
 * (a station's stored version 1 without them is the same form). */
static void noun_and_order(void **state)
{
	(void)state;
	char *t = xasprintf("form notice\nversion 3\ntitle 整改通知书 | Rectification notice\nnoun 整改通知 | notice\n"
			    "order 7\n%s",
			    strstr(good, "numbered\n"));
	form *f = test_form(t);
	assert_int_equal(f->order, 7);
	assert_string_equal(f->noun.zh, "整改通知");
	assert_string_equal(f->noun.en, "notice");
	form_free(f);
	free(t);
	expect_error("form site\nversion 1\ntitle 工地 | Site\norder 0\nlifecycle registry\n", "x.form:4: order must be");
	expect_error("form site\nversion 1\ntitle 工地 | Site\norder 1\norder 2\nlifecycle registry\n",
		     "x.form:5: 'order' is given more than once");
	char *a = form_normalized("form site\nversion 1\nnoun 工地 | site\norder 1\nfield x text\n");
	char *b = form_normalized("form site\nversion 1\nfield x text\n");
	assert_string_equal(a, b);
	free(a), free(b);
	a = form_normalized("form site\nfield order text\n  label 次序 | Order\n");
	assert_non_null(strstr(a, "field order text"));
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_model),
		cmocka_unit_test(reports_problems_by_line),
		cmocka_unit_test(shipped_forms_load),
		cmocka_unit_test(kinds_from_forms),
		cmocka_unit_test(noun_and_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
