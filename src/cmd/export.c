/* export, conflicts, dump: whole-database output for scripts. */
#include "cmd.h"
#include "json_canonical.h"
#include "export_table.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char export_help[] =
	"Usage: dustwatch export [--format json|csv] [KIND]\n"
	"       dustwatch export KIND --format csv|xlsx [-o FILE] [--lang zh|en]\n"
	"       dustwatch export ledger --format xlsx|csv|json -o FILE [--date DATE] [--lang zh|en]\n\n"
	"Writes every record (drafts excluded) to standard output: json as one array\n"
	"of the objects `list --format json` prints, csv as one row per record with\n"
	"the fields as a JSON column. With a KIND, csv and xlsx have one column per\n"
	"field, headed by its label (a choice as its label, a person as name and\n"
	"phone); the CSV starts with a byte-order mark for Excel. xlsx needs -o FILE.\n"
	"ledger: the dynamic supervision ledger (扬尘动态监管台账), one row per active\n"
	"site as of DATE (default today); its XLSX has the year's monthly statistics\n"
	"on a second sheet, with a chart.\n";

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
	char *f = json_canonical_dumps(json_object_get(o, "fields"));
	csv_cell(stdout, f);
	putchar('\n');
	free(f);
	json_decref(o);
	return 0;
}

typedef struct {
	const char *format, *out, *lang, *date;
	int ledger;
	list_query q;
} export_args;

static int export_parse(void *args, int argc, char **argv)
{
	export_args *x = args;
	const cmd_option opts[] = {
		OPT_STRING("format", 0, &x->format, "FMT", "json (default), csv; xlsx for a KIND or the ledger"),
		OPT_STRING("output", 'o', &x->out, "FILE", "write to FILE (a KIND or the ledger)"),
		OPT_STRING("lang", 0, &x->lang, "zh|en", "headers and labels (default: the locale's)"),
		OPT_STRING("date", 0, &x->date, "DATE", "the ledger as of DATE (default today)"),
		OPT_END(),
	};
	int rc = cmd_options("export", export_help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if ((rc = cmd_args("export", argc, argv, (const char **[]){&x->q.kind}, 1)) != CMD_RUN)
		return rc;
	x->ledger = str_eq(x->q.kind, "ledger");
	if (x->q.kind && !x->ledger && !form_kind_known(x->q.kind))
		return usage_error("export", "unexpected '%s'", x->q.kind);
	if (x->lang && !str_eq(x->lang, "zh") && !str_eq(x->lang, "en"))
		return usage_error("export", "--lang is zh or en");
	if (x->date && (!x->ledger || parse_date(x->date, &(int64_t){0}) < 0))
		return usage_error("export", "--date DATE (YYYY-MM-DD) is for the ledger");
	if (x->ledger) {
		if (!x->format || !(str_eq(x->format, "xlsx") || str_eq(x->format, "csv") || str_eq(x->format, "json")))
			return usage_error("export", "the ledger's --format is xlsx, csv or json");
		if (!x->out || (str_eq(x->format, "xlsx") && str_eq(x->out, "-")))
			return usage_error("export", "the ledger needs -o FILE (- for csv or json on standard output)");
		return CMD_RUN;
	}
	if (!x->format)
		x->format = "json";
	if (!str_eq(x->format, "json") && !str_eq(x->format, "csv") && !str_eq(x->format, "xlsx"))
		return usage_error("export", "--format is json, csv or xlsx");
	if ((str_eq(x->format, "xlsx") || x->out || x->lang) && (!x->q.kind || str_eq(x->format, "json")))
		return usage_error("export", "xlsx, -o and --lang are for the csv or xlsx of one KIND");
	if (str_eq(x->format, "xlsx") && (!x->out || str_eq(x->out, "-")))
		return usage_error("export", "xlsx needs -o FILE");
	return CMD_RUN;
}

/* export KIND --format csv|xlsx: a column per field (export_table.h). */
static int export_kind(app *a, const export_args *x)
{
	const char *lang = output_lang(x->lang);
	export_table t;
	int rc = export_table_make(a, x->q.kind, lang, &t);
	const form *f = formset_get(a->forms, x->q.kind);
	sheet sh = {f ? label_get(&f->title, lang) : x->q.kind, t.cols, t.n_cols, t.rows, NULL, 0, NULL, 0};
	if (rc == 0 && str_eq(x->format, "xlsx")) {
		rc = sheet_xlsx(x->out, &sh, 1);
	} else if (rc == 0) {
		char *csv = sheet_csv(&sh);
		if (x->out && !str_eq(x->out, "-"))
			rc = write_file_atomic(x->out, csv, strlen(csv), 0644);
		else
			fputs(csv, stdout);
		free(csv);
	}
	if (rc < 0)
		fail("%s", err_msg());
	if (rc == 0 && report_unreadable(a))
		rc = -1;
	export_table_free(&t);
	return rc < 0;
}

static int export_run(app *a, void *args)
{
	export_args *x = args;
	if (x->ledger)
		return export_ledger(a, x->format, x->out, x->date, output_lang(x->lang));
	if (x->q.kind && !str_eq(x->format, "json"))
		return export_kind(a, x);
	exporter e = {a, x->format, json_array()};
	if (str_eq(x->format, "csv"))
		puts("id,number,kind,status,display_status,site,created,author,device,fields");
	int rc = store_list(a->db, &x->q, export_row, &e);
	if (rc < 0)
		fail("%s", err_msg());
	else if (str_eq(x->format, "json"))
		json_dumpf(e.arr, stdout, JSON_INDENT(2) | JSON_SORT_KEYS), putchar('\n');
	if (rc == 0 && report_unreadable(a))
		rc = -1;
	json_decref(e.arr);
	return rc < 0;
}

const command_ops cmd_export = {sizeof(export_args), export_parse, export_run, NULL};

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

typedef struct {
	const char *format;
} conflicts_args;

static int conflicts_parse(void *args, int argc, char **argv)
{
	conflicts_args *x = args;
	x->format = "text";
	const cmd_option opts[] = {
		OPT_STRING("format", 0, &x->format, "text|json", "text (default) or json"),
		OPT_END(),
	};
	int rc = cmd_options("conflicts", conflicts_help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if (argc > 1)
		return usage_error("conflicts", "unexpected '%s'", argv[1]);
	if (!str_eq(x->format, "text") && !str_eq(x->format, "json"))
		return usage_error("conflicts", "--format is text or json");
	return CMD_RUN;
}

static int conflicts_run(app *a, void *args)
{
	conflicts_args *x = args;
	conflict_lister c = {a, str_eq(x->format, "json"), json_array()};
	int rc = store_conflicts(a->db, conflict_row, &c);
	if (rc < 0)
		fail("%s", err_msg());
	else if (c.json)
		json_dumpf(c.arr, stdout, JSON_INDENT(2) | JSON_SORT_KEYS), putchar('\n');
	if (rc == 0 && report_unreadable(a))
		rc = -1;
	json_decref(c.arr);
	return rc < 0;
}

const command_ops cmd_conflicts = {sizeof(conflicts_args), conflicts_parse, conflicts_run, NULL};

static int dump_line(void *payload, const char *line)
{
	(void)payload;
	puts(line);
	return 0;
}

static int dump_parse(void *args, int argc, char **argv)
{
	(void)args;
	const cmd_option opts[] = {OPT_END()};
	int rc = cmd_options("dump", dump_help, opts, &argc, argv, OPT_KEEP_UNKNOWN);
	if (rc == CMD_RUN && argc > 1)
		return usage_error("dump", "takes no arguments");
	return rc;
}

static int dump_run(app *a, void *args)
{
	(void)args;
	int rc = store_dump(a->db, dump_line, NULL);
	if (rc < 0)
		fail("%s", err_msg());
	return rc < 0;
}

const command_ops cmd_dump = {0, dump_parse, dump_run, NULL};
