/* list: records by kind, site, status, date, field value or text. */
#include "cmd.h"
#include "record.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
	"Usage: dustwatch list [KIND] [--site SITE] [--status STATUS] [--search TEXT]\n"
	"                      [--from DATE] [--to DATE] [--where FIELD=VALUE]\n"
	"                      [--limit N] [--offset N] [--format table|json|csv]\n"
	"                      [--lang zh|en]\n\n"
	"Lists records, newest first. STATUS is a lifecycle status (draft, submitted,\n"
	"approved, returned, issued, rectified, closed, received, handling, replied,\n"
	"active, void) or overdue (issued notices past their deadline). --search finds\n"
	"any part of the text, Chinese included. json prints one array of objects with\n"
	"id, number, kind, status, site, fields and more; csv one row per record.\n";

typedef struct {
	app *a;
	const char *format, *lang;
	json_t *arr;
	char today[16];
} lister;

static int row(void *payload, json_t *state)
{
	lister *l = payload;
	json_t *o = record_json(l->a, state);
	const char *status = json_string_value(json_object_get(o, "display_status"));
	const char *num = json_string_value(json_object_get(state, "number"));
	const char *id = json_string_value(json_object_get(state, "id"));
	char *title = rec_title(l->a, state, l->lang);
	const form *f = app_form_of(l->a, state);
	const char *date = f && f->date_field
				   ? json_string_value(json_object_get(json_object_get(state, "fields"), f->date_field))
				   : NULL;
	char created[11];
	snprintf(created, sizeof created, "%s", json_string_value(json_object_get(state, "created")));
	if (!date)
		date = created;
	if (str_eq(l->format, "json")) {
		json_array_append(l->arr, o);
	} else if (str_eq(l->format, "csv")) {
		const char *cells[] = {id, num, json_string_value(json_object_get(o, "kind")), status,
				       json_string_value(json_object_get(o, "site")), date, title};
		for (size_t i = 0; i < DW_ARRAY_LEN(cells); i++) {
			if (i)
				putchar(',');
			csv_cell(stdout, cells[i]);
		}
		putchar('\n');
	} else {
		char *c1 = text_fit(num && *num ? num : id, 22, 1);
		char *c2 = text_fit(text_kind(json_string_value(json_object_get(o, "kind")), l->lang), 10, 1);
		char *c3 = text_fit(text_status(status, l->lang), 9, 1);
		/* A title typed with an escape sequence or a BEL is shown, not run. */
		char *safe = text_escape(title, 0), *c5 = text_fit(safe, 40, 0);
		printf("%s %s %s %-10s %s\n", c1, c2, c3, date, c5);
		free(c1), free(c2), free(c3), free(c5), free(safe);
	}
	free(title);
	json_decref(o);
	return 0;
}

static int parse_count(const char *s, long *out)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (end == s || *end || n < 0)
		return -1;
	*out = n;
	return 0;
}

int cmd_list(int argc, char **argv)
{
	list_query q = {0};
	const char *format = "table", *lang = NULL, *v, *site = NULL;
	char *where = NULL;
	const char *limit = NULL, *offset = NULL;
	int bad = 0, rc = 1;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(help);
		if ((v = opt_value(argc, argv, &i, "--site", &bad)))
			site = v;
		else if ((v = opt_value(argc, argv, &i, "--status", &bad)))
			q.status = v;
		else if ((v = opt_value(argc, argv, &i, "--search", &bad)))
			q.search = v;
		else if ((v = opt_value(argc, argv, &i, "--from", &bad)))
			q.from = v;
		else if ((v = opt_value(argc, argv, &i, "--to", &bad)))
			q.to = v;
		else if ((v = opt_value(argc, argv, &i, "--where", &bad)))
			where = (char *)v;
		else if ((v = opt_value(argc, argv, &i, "--limit", &bad)))
			limit = v;
		else if ((v = opt_value(argc, argv, &i, "--offset", &bad)))
			offset = v;
		else if ((v = opt_value(argc, argv, &i, "--format", &bad)))
			format = v;
		else if ((v = opt_value(argc, argv, &i, "--lang", &bad)))
			lang = v;
		else if (argv[i][0] != '-' && !q.kind)
			q.kind = argv[i];
		else
			return usage_error("list", "unexpected '%s'", argv[i]);
		if (bad)
			return usage_error("list", "%s needs a value", argv[i]);
	}
	if (!str_eq(format, "table") && !str_eq(format, "json") && !str_eq(format, "csv"))
		return usage_error("list", "--format is table, json or csv");
	if ((limit && parse_count(limit, &q.limit) < 0) || (offset && parse_count(offset, &q.offset) < 0))
		return usage_error("list", "--limit and --offset take a whole number >= 0");
	if ((q.from && parse_date(q.from, NULL) < 0) || (q.to && parse_date(q.to, NULL) < 0))
		return usage_error("list", "dates are YYYY-MM-DD");
	if (q.search && (!*q.search || !utf8_valid(q.search, strlen(q.search))))
		return usage_error("list", "--search needs UTF-8 text");
	if (q.kind && !form_kind_known(q.kind))
		return usage_error("list", "unknown kind '%s'", q.kind);
	if (where) {
		char *eq = strchr(where, '=');
		if (!eq || eq == where)
			return usage_error("list", "--where needs FIELD=VALUE");
		q.field = xstrndup(where, (size_t)(eq - where));
		q.value = eq + 1;
	}
	app a;
	char *site_id = NULL;
	if (open_app(&a) < 0)
		goto out_nodb;
	if (site && !(site_id = resolve_or_fail(&a, site)))
		goto out;
	if (site_id) {
		json_t *st = store_get_record(a.db, site_id);
		const char *k = json_string_value(json_object_get(st, "kind"));
		int is_site = str_eq(k, "site");
		if (!is_site)
			fail("--site %s names a %s, not a site", site, k ? k : "record");
		json_decref(st);
		if (!is_site)
			goto out;
	}
	q.site = site_id;
	lister l = {.a = &a, .format = format, .lang = output_lang(lang), .arr = json_array()};
	app_today(&a, l.today);
	q.today = l.today;
	if (str_eq(format, "csv"))
		puts("id,number,kind,status,site,date,title");
	if (store_list(a.db, &q, row, &l) < 0) {
		fail("%s", err_msg());
	} else {
		if (str_eq(format, "json")) {
			char *s = json_dumps(l.arr, JSON_INDENT(2) | JSON_SORT_KEYS);
			puts(s);
			free(s);
		}
		rc = report_unreadable(&a) ? 1 : 0;
	}
	json_decref(l.arr);
out:
	app_close(&a);
out_nodb:
	free(site_id);
	free((char *)q.field);
	return rc;
}
