/* list: records by kind, site, status, date, field value or text; and
 * review, the supervisor's queue: the same list of every submitted (or
 * resubmitted) record, the oldest first. */
#include "cmd.h"
#include "record.h"
#include "text.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
	"Usage: dustwatch list [KIND] [--site SITE] [--status STATUS] [--search TEXT]\n"
	"                      [--from DATE] [--to DATE] [--where FIELD=VALUE]\n"
	"                      [--limit N] [--offset N] [--format table|json|csv]\n"
	"                      [--lang zh|en]\n\n"
	"Lists records, newest first. STATUS is a lifecycle status (draft, submitted,\n"
	"approved, returned, issued, rectified, closed, received, handling, replied,\n"
	"active, void) or overdue (issued notices and unanswered complaints past\n"
	"their deadline). --search finds\n"
	"any part of the text, Chinese included. json prints one array of objects with\n"
	"id, number, kind, status, site, fields and more; csv one row per record.\n";

static const char review_help[] =
	"Usage: dustwatch review [--kind KIND] [--inspector NAME] [--site SITE]\n"
	"                        [--from DATE] [--to DATE] [--search TEXT] [--newest]\n"
	"                        [--format text|json|csv] [--lang zh|en]\n\n"
	"The review queue: every submitted or resubmitted record of every reviewed\n"
	"kind (inspection, agreement, survey, machinery), the oldest first. Approve\n"
	"or return them, several at once, with 'dustwatch approve ID...' and\n"
	"'dustwatch return ID... --comment TEXT' (a supervisor's or an admin's\n"
	"device). text shows number, kind, date, inspector and title; json and csv\n"
	"are as for 'dustwatch list'.\n";

typedef struct {
	app *a;
	const char *format, *lang;
	json_t *arr;
	char today[16];
	int review; /* the queue: the inspector in place of the status */
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
		char *c3 = l->review ? text_fit(json_string_value(json_object_get(state, "author")), 9, 1)
				     : text_fit(text_status(status, l->lang), 9, 1);
		/* A title typed with an escape sequence or a BEL is shown, not run. */
		char *safe = text_escape(title, 0), *c5 = text_fit(safe, 40, 0);
		printf("%s %s %s %-10s %s\n", c1, c2, c3, date, c5);
		free(c1), free(c2), free(c3), free(c5), free(safe);
	}
	free(title);
	json_decref(o);
	return 0;
}

typedef struct {
	list_query q;
	const char *format, *lang, *site, *where;
	int review, newest;
} list_args;

/* What list and review check alike. */
static int check_query(const char *cmd, const list_query *q)
{
	if ((q->from && parse_date(q->from, NULL) < 0) || (q->to && parse_date(q->to, NULL) < 0))
		return usage_error(cmd, "dates are YYYY-MM-DD");
	if (q->search && (!*q->search || !utf8_valid(q->search, strlen(q->search))))
		return usage_error(cmd, "--search needs UTF-8 text");
	if (q->kind && !form_kind_known(q->kind))
		return usage_error(cmd, "unknown kind '%s'", q->kind);
	return CMD_RUN;
}

static int list_parse(void *args, int argc, char **argv)
{
	list_args *x = args;
	list_query *q = &x->q;
	x->format = "table";
	const cmd_option opts[] = {
		OPT_STRING("site", 0, &x->site, "SITE", "the records of a site (its name, number, id or id prefix)"),
		OPT_STRING("status", 0, &q->status, "STATUS", "a lifecycle status, or overdue"),
		OPT_STRING("search", 0, &q->search, "TEXT", "any part of the text"),
		OPT_STRING("from", 0, &q->from, "DATE", "dated on or after DATE (YYYY-MM-DD)"),
		OPT_STRING("to", 0, &q->to, "DATE", "dated on or before DATE"),
		OPT_STRING("where", 0, &x->where, "FIELD=VALUE", "a field equal to a value"),
		{.kind = OPT_INT, .long_name = "limit", .value = &q->limit, .argh = "N", .max = LONG_MAX,
		 .bad = "--limit and --offset take a whole number >= 0", .help = "at most N records"},
		{.kind = OPT_INT, .long_name = "offset", .value = &q->offset, .argh = "N", .max = LONG_MAX,
		 .bad = "--limit and --offset take a whole number >= 0", .help = "skip the first N"},
		OPT_STRING("format", 0, &x->format, "FMT", "table (default), json or csv"),
		OPT_STRING("lang", 0, &x->lang, "zh|en", "the language (default: the locale's)"),
		OPT_END(),
	};
	int rc = cmd_options("list", help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if ((rc = cmd_args("list", argc, argv, (const char **[]){&q->kind}, 1)) != CMD_RUN)
		return rc;
	if (!str_eq(x->format, "table") && !str_eq(x->format, "json") && !str_eq(x->format, "csv"))
		return usage_error("list", "--format is table, json or csv");
	if ((rc = check_query("list", q)) != CMD_RUN)
		return rc;
	if (x->where && (!strchr(x->where, '=') || x->where[0] == '='))
		return usage_error("list", "--where needs FIELD=VALUE");
	return CMD_RUN;
}

static int list_run(app *a, void *args)
{
	list_args *x = args;
	list_query q = x->q;
	const char *site = x->site;
	char *site_id = NULL;
	int rc = 1;
	if (x->where) {
		const char *eq = strchr(x->where, '=');
		q.field = xstrndup(x->where, (size_t)(eq - x->where));
		q.value = eq + 1;
	}
	if (site && !(site_id = resolve_or_fail(a, "site", site)))
		goto out;
	if (site_id) {
		json_t *st = store_get_record(a->db, site_id);
		const char *k = json_string_value(json_object_get(st, "kind"));
		int is_site = str_eq(k, "site");
		if (!is_site)
			fail("--site %s names a %s, not a site", site, k ? k : "record");
		json_decref(st);
		if (!is_site)
			goto out;
	}
	q.site = site_id;
	lister l = {.a = a, .format = x->format, .lang = output_lang(x->lang), .arr = json_array(), .review = x->review};
	app_today(a, l.today);
	q.today = l.today;
	if (str_eq(x->format, "csv"))
		puts("id,number,kind,status,site,date,title");
	if (store_list(a->db, &q, row, &l) < 0) {
		fail("%s", err_msg());
	} else {
		if (str_eq(x->format, "json")) {
			char *s = json_dumps(l.arr, JSON_INDENT(2) | JSON_SORT_KEYS);
			puts(s);
			free(s);
		}
		rc = report_unreadable(a) ? 1 : 0;
	}
	json_decref(l.arr);
out:
	free(site_id);
	free((char *)q.field);
	return rc;
}

const command_ops cmd_list = {sizeof(list_args), list_parse, list_run, NULL};

static int review_parse(void *args, int argc, char **argv)
{
	list_args *x = args;
	list_query *q = &x->q;
	x->format = "text";
	x->review = 1;
	q->status = "submitted";
	const cmd_option opts[] = {
		OPT_STRING("kind", 0, &q->kind, "KIND", "one kind only"),
		OPT_STRING("inspector", 0, &q->author, "NAME", "made by this inspector"),
		OPT_STRING("site", 0, &x->site, "SITE", "the records of a site (its name, number, id or id prefix)"),
		OPT_STRING("from", 0, &q->from, "DATE", "dated on or after DATE (YYYY-MM-DD)"),
		OPT_STRING("to", 0, &q->to, "DATE", "dated on or before DATE"),
		OPT_STRING("search", 0, &q->search, "TEXT", "any part of the text"),
		OPT_FLAG("newest", 0, &x->newest, "the newest first"),
		OPT_STRING("format", 0, &x->format, "FMT", "text (default), json or csv"),
		OPT_STRING("lang", 0, &x->lang, "zh|en", "the language (default: the locale's)"),
		OPT_END(),
	};
	int rc = cmd_options("review", review_help, opts, &argc, argv, 0);
	if (rc == CMD_RUN)
		rc = cmd_args("review", argc, argv, (const char **[]){NULL}, 0);
	if (rc != CMD_RUN)
		return rc;
	if (!str_eq(x->format, "text") && !str_eq(x->format, "json") && !str_eq(x->format, "csv"))
		return usage_error("review", "--format is text, json or csv");
	q->oldest = !x->newest;
	return check_query("review", q);
}

const command_ops cmd_review = {sizeof(list_args), review_parse, list_run, NULL};
