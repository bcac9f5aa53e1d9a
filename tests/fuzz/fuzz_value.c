/*
 * fuzz_value: field values as a person types them (`new KIND f=v`, the TUI's
 * fields) and as another machine's events hold them. The first byte picks a
 * field among every field of the shipped forms and of a small form with the
 * types they lack (integer, time, datetime, ranges, patterns); the rest is
 * the text. value_parse's value must pass or fail value_check without harm
 * and display in both languages; the text read as JSON (any shape an event
 * may carry) is checked and displayed too, and a JSON object is validated
 * as a whole record of the field's form, scores computed.
 */
#include "formset.h"
#include "fuzz.h"
#include "value.h"

static const char extra_form[] = "form survey\n"
				 "version 99\n"
				 "title 测试 | Test\n"
				 "numbered\n"
				 "lifecycle review\n"
				 "site site\n"
				 "date date\n"
				 "summary date count\n"
				 "field site ref site\n"
				 "\tlabel 工地 | Site\n"
				 "field date date\n"
				 "\tlabel 日期 | Date\n"
				 "\trequired\n"
				 "\trange -365 +0\n"
				 "field span date\n"
				 "\tlabel 期间 | Span\n"
				 "\trange 2020-01-01 2030-12-31\n"
				 "field count integer\n"
				 "\tlabel 数量 | Count\n"
				 "\trange -5 1000\n"
				 "\tunit 台\n"
				 "field big integer\n"
				 "\tlabel 大数 | Big\n"
				 "field level decimal\n"
				 "\tlabel 浓度 | Level\n"
				 "\trange 0 99.5\n"
				 "\tunit mg/m³\n"
				 "field at time\n"
				 "\tlabel 时间 | At\n"
				 "field when datetime\n"
				 "\tlabel 时刻 | When\n"
				 "field code text\n"
				 "\tlabel 编码 | Code\n"
				 "\tlength 2 12\n"
				 "\tpattern [A-Z]{2}[0-9]*\n"
				 "field who person\n"
				 "\tlabel 联系人 | Contact\n"
				 "\tlength 1 10\n"
				 "\tpattern 1[3-9][0-9]{9}\n"
				 "\trelevant count set\n";

static formset *shipped;
static form *extra;
static const form *owner[512];
static const field *fields[512];
static size_t n_fields;

static void add_fields(const form *f, const field *fs, size_t n)
{
	for (size_t i = 0; i < n && n_fields < DW_ARRAY_LEN(fields); i++) {
		owner[n_fields] = f, fields[n_fields++] = &fs[i];
		add_fields(f, fs[i].members, fs[i].n_members);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	extra = form_parse("extra.form", extra_form, strlen(extra_form));
	if (!extra || formset_load(&shipped, NULL) < 0) {
		fprintf(stderr, "fuzz_value: %s\n", err_msg());
		abort();
	}
	add_fields(extra, extra->fields, extra->n_fields);
	for (size_t i = 0; i < formset_count(shipped); i++) {
		const form *f = formset_at(shipped, i);
		add_fields(f, f->fields, f->n_fields);
	}
	return 0;
}

static void check_and_show(const field *fd, const json_t *v)
{
	static const char *const todays[] = {"2024-05-01", NULL, "9999-12-31", "0001-01-01"};
	for (size_t i = 0; i < DW_ARRAY_LEN(todays); i++)
		free(value_check(fd, v, todays[i]));
	free(value_display(fd, v, "zh"));
	free(value_display(fd, v, "en"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const field *fd = fields[data[0] % n_fields];
	const form *f = owner[data[0] % n_fields];
	char *text = fuzz_cstr(data + 1, size - 1);

	char *msg = NULL;
	json_t *v = value_parse(fd, text, "2024-05-01T08:00:00Z", &msg);
	FUZZ_ASSERT(!v || !msg);
	if (v)
		check_and_show(fd, v);
	free(msg);
	json_decref(v);

	json_error_t je;
	v = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (v) {
		check_and_show(fd, v);
		json_t *top = json_object();
		(void)value_relevant(fd, v, top);
		json_decref(top);
		if (json_is_object(v)) {
			json_t *problems = json_array();
			value_validate(f, v, "2024-05-01", 0, problems);
			value_validate(f, v, NULL, 1, problems);
			json_decref(problems);
			value_compute_scores(f, v);
		}
		json_decref(v);
	}
	free(text);
	return 0;
}
