/* overview: what `dustwatch` with no command shows until the TUI: today's
 * work at a glance. */
#include "cmd.h"
#include "record.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>

static const char help[] =
	"Usage: dustwatch overview [--lang zh|en]\n\n"
	"Today's work: drafts, notices due this week and overdue, complaints open\n"
	"and overdue, records to review, conflicts, and how many records of each\n"
	"kind there are.\n";

typedef struct {
	app *a;
	const char *lang;
	char today[16];
} viewer;

static int line(void *payload, json_t *state)
{
	viewer *v = payload;
	char *title = rec_title(v->a, state, v->lang);
	char *cut = text_fit(title, 50, 0);
	const char *num = json_string_value(json_object_get(state, "number"));
	const form *f = app_form_of(v->a, state);
	const char *due = f && f->due_field ? json_string_value(json_object_get(json_object_get(state, "fields"), f->due_field)) : NULL;
	printf("  %-20s %-10s %s\n", num && *num ? num : json_string_value(json_object_get(state, "id")), due ? due : "",
	       cut);
	free(title), free(cut);
	return 0;
}

typedef struct {
	const char *lang;
} overview_args;

static int overview_parse(void *args, int argc, char **argv)
{
	overview_args *x = args;
	const cmd_option opts[] = {
		OPT_STRING("lang", 0, &x->lang, "zh|en", "the language (default: the locale's)"),
		OPT_END(),
	};
	int rc = cmd_options("overview", help, opts, &argc, argv, 0);
	if (rc == CMD_RUN && argc > 1)
		return usage_error("overview", "unexpected '%s'", argv[1]);
	return rc;
}

static int overview_run(app *a, void *args)
{
	overview_args *x = args;
	viewer vw = {.a = a, .lang = output_lang(x->lang)};
	int en = str_eq(vw.lang, "en");
	app_today(a, vw.today);
	printf("%s %s · %s %s · %s %s · %s\n", en ? "Station" : "监督站", a->station, en ? "device" : "设备", a->device,
	       en ? "inspector" : "监督员", a->inspector, vw.today);
	list_query drafts = {.status = "draft", .limit = 10};
	list_query overdue = {.kind = "notice", .status = "overdue", .today = vw.today, .limit = 10};
	printf("\n%s: %lld\n", en ? "Drafts" : "草稿", (long long)store_count(a->db, &drafts));
	store_list(a->db, &drafts, line, &vw);
	printf("\n%s: %lld\n", en ? "Overdue notices" : "逾期整改通知", (long long)store_count(a->db, &overdue));
	store_list(a->db, &overdue, line, &vw);
	/* Complaints past their reply deadline (config complaint_days). */
	list_query late = {.kind = "complaint", .status = "overdue", .today = vw.today, .limit = 10};
	printf("\n%s: %lld\n", en ? "Overdue complaints" : "逾期投诉", (long long)store_count(a->db, &late));
	store_list(a->db, &late, line, &vw);
	list_query issued = {.kind = "notice", .status = "issued", .limit = 0};
	list_query open_c = {.kind = "complaint", .status = "received"};
	list_query review = {.kind = "inspection", .status = "submitted"};
	printf("\n%s: %lld   %s: %lld   %s: %lld\n", en ? "Notices open" : "未结整改通知",
	       (long long)store_count(a->db, &issued), en ? "Complaints new" : "新投诉", (long long)store_count(a->db, &open_c),
	       en ? "Inspections to review" : "待审核检查", (long long)store_count(a->db, &review));
	printf("\n%s\n", en ? "Records" : "记录");
	for (size_t k = 0; k < formset_count(a->forms); k++) {
		const form *f = formset_in_order(a->forms, k);
		list_query q = {.kind = f->kind};
		char *name = text_fit(text_kind(f->kind, vw.lang), 12, 1);
		printf("  %s %lld\n", name, (long long)store_count(a->db, &q));
		free(name);
	}
	return 0;
}

const command_ops cmd_overview = {sizeof(overview_args), overview_parse, overview_run, NULL};
