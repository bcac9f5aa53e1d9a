/* export, conflicts, dump: whole-database output for scripts. */
#include "cmd.h"
#include "export_table.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char export_help[] =
	"Usage: dustwatch export [--format json|csv] [KIND]\n"
	"       dustwatch export KIND --format csv|xlsx [-o FILE] [--lang zh|en]\n"
	"       dustwatch export ledger --format xlsx|csv|json -o FILE [--date DATE]\n\n"
	"Writes every record (drafts excluded) to standard output: json as one array\n"
	"of the objects `list --format json` prints, csv as one row per record with\n"
	"the fields as a JSON column. With a KIND, csv and xlsx have one column per\n"
	"field, headed by its label (a choice as its label, a person as name and\n"
	"phone); the CSV starts with a byte-order mark for Excel. xlsx needs -o FILE.\n"
	"`export ledger --help`: the dynamic supervision ledger.\n";

static const char conflicts_help[] =
	"Usage: dustwatch conflicts [--format text|json]\n\n"
	"Lists records where two devices set a significant field (a deadline, a\n"
	"verdict, a signatory) concurrently. Setting the field again settles it.\n";

static const char dump_help[] =
	"Usage: dustwatch dump\n\nPrints every record's state and every event, one JSON line each, in a fixed\n"
	"order: two databases hold the same data when their dumps are equal.\n";

typedef struct {
	app *a;
	const char *format;
	json_t *arr;
} exporter;

static int export_row(void *payload, json_t *state)
{
	exporter *x = payload;
	if (str_eq(json_string_value(json_object_get(state, "status")), "draft"))
		return 0;
	json_t *o = record_json(x->a, state);
	if (str_eq(x->format, "json")) {
		json_array_append_new(x->arr, o);
		return 0;
	}
	const char *cols[] = {"id", "number", "kind", "status", "display_status", "site", "created", "author", "device"};
	for (size_t i = 0; i < DW_ARRAY_LEN(cols); i++) {
		csv_cell(stdout, json_string_value(json_object_get(o, cols[i])));
		putchar(',');
	}
	char *f = json_dumps(json_object_get(o, "fields"), JSON_COMPACT | JSON_SORT_KEYS);
	csv_cell(stdout, f);
	putchar('\n');
	free(f);
	json_decref(o);
	return 0;
}

/* export KIND --format csv|xlsx: a column per field (export_table.h). */
static int export_kind(const char *kind, const char *format, const char *out, const char *lang)
{
	if (str_eq(format, "xlsx") && (!out || str_eq(out, "-")))
		return usage_error("export", "xlsx needs -o FILE");
	app a;
	if (open_app(&a) < 0)
		return 1;
	export_table t;
	int rc = export_table_make(&a, kind, lang, &t);
	const form *f = formset_get(a.forms, kind);
	sheet sh = {f ? label_get(&f->title, lang) : kind, t.cols, t.n_cols, t.rows, NULL, 0, NULL, 0};
	if (rc < 0) {
		fail("%s", err_msg());
	} else if (str_eq(format, "xlsx")) {
		rc = sheet_xlsx(out, &sh, 1);
		if (rc < 0)
			fail("%s", err_msg());
	} else {
		char *csv = sheet_csv(&sh);
		if (out && !str_eq(out, "-"))
			rc = write_file_atomic(out, csv, strlen(csv), 0644);
		else
			fputs(csv, stdout);
		if (rc < 0)
			fail("%s", err_msg());
		free(csv);
	}
	if (rc == 0 && report_unreadable(&a))
		rc = -1;
	export_table_free(&t);
	app_close(&a);
	return rc < 0;
}

int cmd_export(int argc, char **argv)
{
	const char *format = "json", *v, *out = NULL, *lang = NULL;
	list_query q = {0};
	int bad = 0;
	if (argc > 1 && str_eq(argv[1], "ledger"))
		return cmd_export_ledger(argc - 1, argv + 1);
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(export_help);
		if ((v = opt_value(argc, argv, &i, "--format", &bad)))
			format = v;
		else if ((v = opt_value(argc, argv, &i, "-o", &bad)))
			out = v;
		else if ((v = opt_value(argc, argv, &i, "--lang", &bad)))
			lang = v;
		else if (argv[i][0] != '-' && !q.kind && form_kind_known(argv[i]))
			q.kind = argv[i];
		else
			return usage_error("export", "unexpected '%s'", argv[i]);
		if (bad)
			return usage_error("export", "%s needs a value", argv[i]);
	}
	if (!str_eq(format, "json") && !str_eq(format, "csv") && !str_eq(format, "xlsx"))
		return usage_error("export", "--format is json, csv or xlsx");
	if (lang && !str_eq(lang, "zh") && !str_eq(lang, "en"))
		return usage_error("export", "--lang is zh or en");
	if (q.kind && !str_eq(format, "json"))
		return export_kind(q.kind, format, out, output_lang(lang));
	if (str_eq(format, "xlsx") || out || lang)
		return usage_error("export", "xlsx, -o and --lang are for the records of one KIND");
	app a;
	if (open_app(&a) < 0)
		return 1;
	exporter x = {&a, format, json_array()};
	if (str_eq(format, "csv"))
		puts("id,number,kind,status,display_status,site,created,author,device,fields");
	int rc = store_list(a.db, &q, export_row, &x);
	if (rc < 0)
		fail("%s", err_msg());
	else if (str_eq(format, "json"))
		json_dumpf(x.arr, stdout, JSON_INDENT(2) | JSON_SORT_KEYS), putchar('\n');
	if (rc == 0 && report_unreadable(&a))
		rc = -1;
	json_decref(x.arr);
	app_close(&a);
	return rc < 0;
}

typedef struct {
	app *a;
	int json;
	json_t *arr;
} conflict_lister;

static int conflict_row(void *payload, json_t *state)
{
	conflict_lister *c = payload;
	if (c->json) {
		json_t *o = record_json(c->a, state);
		json_object_set(o, "conflict_details", json_object_get(state, "conflicts"));
		json_array_append_new(c->arr, o);
		return 0;
	}
	size_t i;
	json_t *x;
	const char *num = json_string_value(json_object_get(state, "number"));
	json_array_foreach(json_object_get(state, "conflicts"), i, x)
	{
		printf("%s %s: %s\n", num && *num ? num : json_string_value(json_object_get(state, "id")),
		       json_string_value(json_object_get(state, "kind")), json_string_value(json_object_get(x, "field")));
		size_t k;
		json_t *v;
		json_array_foreach(json_object_get(x, "values"), k, v)
		{
			char *s = json_dumps(json_object_get(v, "value"), JSON_COMPACT | JSON_ENCODE_ANY);
			printf("    %s  by %s on %s\n", s, json_string_value(json_object_get(v, "author")),
			       json_string_value(json_object_get(v, "device")));
			free(s);
		}
	}
	return 0;
}

int cmd_conflicts(int argc, char **argv)
{
	const char *format = "text", *v;
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(conflicts_help);
		if ((v = opt_value(argc, argv, &i, "--format", &bad)) && !bad)
			format = v;
		else
			return usage_error("conflicts", "unexpected '%s'", argv[i]);
	}
	if (!str_eq(format, "text") && !str_eq(format, "json"))
		return usage_error("conflicts", "--format is text or json");
	app a;
	if (open_app(&a) < 0)
		return 1;
	conflict_lister c = {&a, str_eq(format, "json"), json_array()};
	int rc = store_conflicts(a.db, conflict_row, &c);
	if (rc < 0)
		fail("%s", err_msg());
	else if (c.json)
		json_dumpf(c.arr, stdout, JSON_INDENT(2) | JSON_SORT_KEYS), putchar('\n');
	if (rc == 0 && report_unreadable(&a))
		rc = -1;
	json_decref(c.arr);
	app_close(&a);
	return rc < 0;
}

static int dump_line(void *payload, const char *line)
{
	(void)payload;
	puts(line);
	return 0;
}

int cmd_dump(int argc, char **argv)
{
	if (argc > 1)
		return is_help(argv[1]) ? show_help(dump_help) : usage_error("dump", "takes no arguments");
	app a;
	if (open_app(&a) < 0)
		return 1;
	int rc = store_dump(a.db, dump_line, NULL);
	if (rc < 0)
		fail("%s", err_msg());
	app_close(&a);
	return rc < 0;
}
