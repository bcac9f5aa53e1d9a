/* report and export ledger: the station's statistics, indicators, ledger
 * and red and black list (report.h), as text, JSON, CSV or XLSX (sheet.h). */
#include "cmd.h"
#include "registry.h"
#include "record.h"
#include "report.h"
#include "sheet.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char report_help[] =
	"Usage: dustwatch report monthly [--month YYYY-MM | --year YYYY] [--format text|json|csv|xlsx]\n"
	"                                [-o FILE] [--lang zh|en]\n"
	"       dustwatch report indicators --year YYYY [--targets FILE] [--format text|json|xlsx]\n"
	"                                [-o FILE] [--lang zh|en]\n"
	"       dustwatch report redlist [--date YYYY-MM-DD] [--format text|json|csv] [--lang zh|en]\n"
	"       dustwatch report targets\n\n"
	"monthly: per month, inspections by type, notices issued, rectified and overdue,\n"
	"stop-work notices, complaints received, resolved and overdue, satisfaction,\n"
	"agreements signed, surveys and machinery checks (default: this year).\n"
	"indicators: the year's performance indicators (绩效指标) scored against a targets\n"
	"file (default: the shipped one, which `report targets` prints to copy and edit).\n"
	"redlist: the active sites ranked by their latest checklist score, red and black\n"
	"(settings red_list_score, black_list_score).\n"
	"xlsx needs -o FILE. Counts leave out drafts and voided records.\n";

typedef struct {
	const char *key, *zh, *en;
	sheet_kind kind;
} col_def;

static const col_def monthly_cols[] = {
	{"month", "月份", "Month", SHEET_TEXT},
	{"inspections", "检查表", "Inspections", SHEET_INT},
	{"notices_issued", "下发整改通知", "Notices issued", SHEET_INT},
	{"notices_rectified", "已整改", "Rectified", SHEET_INT},
	{"notices_overdue", "逾期未整改", "Overdue", SHEET_INT},
	{"stopwork_notices", "停工整改", "Stop-work", SHEET_INT},
	{"complaints_received", "受理投诉", "Complaints", SHEET_INT},
	{"complaints_resolved", "已办结", "Resolved", SHEET_INT},
	{"complaints_overdue", "逾期未办结", "Overdue complaints", SHEET_INT},
	{"satisfaction_rate", "满意率", "Satisfaction", SHEET_RATE},
	{"agreements_signed", "签订责任状", "Agreements", SHEET_INT},
	{"surveys", "满意度调查", "Surveys", SHEET_INT},
	{"machinery_checks", "机械检查", "Machinery checks", SHEET_INT},
};

static const col_def indicator_cols[] = {
	{"level1", "一级指标", "Level 1", SHEET_TEXT},	 {"level2", "二级指标", "Level 2", SHEET_TEXT},
	{"level3", "三级指标", "Level 3", SHEET_TEXT},	 {"target", "年度指标值", "Target", SHEET_TEXT},
	{"actual", "实际完成值", "Achieved", SHEET_TEXT}, {"points", "分值", "Points", SHEET_NUM},
	{"score", "得分", "Score", SHEET_NUM},
};

static const col_def ledger_cols[] = {
	{"name", "工程项目", "Site", SHEET_TEXT},
	{"district", "所在县市区", "District", SHEET_TEXT},
	{"stage", "施工阶段", "Stage", SHEET_TEXT},
	{"builder", "建设单位", "Builder", SHEET_TEXT},
	{"contractor", "施工单位", "Contractor", SHEET_TEXT},
	{"dust_officer", "扬尘防治专职管理员", "Dust officer", SHEET_TEXT},
	{"agreement", "责任状编号", "Agreement", SHEET_TEXT},
	{"agreement_until", "责任状有效期至", "Agreement until", SHEET_DATE},
	{"inspection_date", "最近检查日期", "Last inspection", SHEET_DATE},
	{"inspection_score", "最近检查得分", "Score", SHEET_INT},
	{"inspection_verdict", "检查结论", "Verdict", SHEET_TEXT},
	{"open_notices", "未结整改通知", "Open notices", SHEET_INT},
	{"earliest_deadline", "最早整改期限", "Earliest deadline", SHEET_DATE},
	{"overdue_notices", "逾期整改通知", "Overdue notices", SHEET_INT},
	{"complaints_received", "本年投诉", "Complaints this year", SHEET_INT},
	{"complaints_open", "未办结投诉", "Open complaints", SHEET_INT},
	{"rank", "排名", "Rank", SHEET_INT},
	{"list_label", "红黑榜", "Red/black list", SHEET_TEXT},
};

static const col_def redlist_cols[] = {
	{"rank", "排名", "Rank", SHEET_INT},
	{"name", "工程项目", "Site", SHEET_TEXT},
	{"inspection_score", "最近检查得分", "Score", SHEET_INT},
	{"inspection_date", "最近检查日期", "Last inspection", SHEET_DATE},
	{"overdue_notices", "逾期整改通知", "Overdue notices", SHEET_INT},
	{"stopwork_notices", "停工整改通知", "Stop-work notices", SHEET_INT},
	{"list_label", "红黑榜", "Red/black list", SHEET_TEXT},
};

/* Columns in lang; extra_* (may be NULL) are inserted after column 1. The
 * caller frees the array. */
static sheet_col *columns(const col_def *d, size_t n, const char *lang, const sheet_col *extra, size_t n_extra,
			  size_t *n_out)
{
	sheet_col *c = xcalloc(n + n_extra, sizeof *c);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		c[k++] = (sheet_col){d[i].key, str_eq(lang, "en") ? d[i].en : d[i].zh, d[i].kind};
		if (i == 1)
			for (size_t j = 0; j < n_extra; j++)
				c[k++] = extra[j];
	}
	*n_out = k;
	return c;
}

/* The monthly table: one column per inspection type after the total. */
typedef struct {
	sheet_col *cols;
	size_t n;
	char **keys;
	size_t n_keys;
	json_t *rows;
	size_t chart[4];
} monthly_table;

static void monthly_table_make(app *a, json_t *m, const char *lang, monthly_table *t)
{
	json_t *types = json_object_get(m, "inspection_types"), *x;
	size_t i, nt = json_array_size(types);
	const form *f = formset_get(a->forms, "inspection");
	const field *fd = f ? form_field(f, "type") : NULL;
	sheet_col *extra = xcalloc(nt ? nt : 1, sizeof *extra);
	t->keys = xcalloc(nt ? nt : 1, sizeof *t->keys);
	t->n_keys = nt;
	json_array_foreach(types, i, x)
	{
		const char *code = json_string_value(x);
		const option *o = fd ? field_option(fd, code) : NULL;
		t->keys[i] = xasprintf("inspections_by_type.%s", code);
		extra[i] = (sheet_col){t->keys[i], o ? label_get(&o->text, lang) : code, SHEET_INT};
	}
	t->cols = columns(monthly_cols, DW_ARRAY_LEN(monthly_cols), lang, extra, nt, &t->n);
	free(extra);
	t->rows = json_copy(json_object_get(m, "months"));
	if (json_array_size(t->rows) > 1) /* one month is its own total */
		json_array_append(t->rows, json_object_get(m, "total"));
	/* charted: inspections, notices issued and rectified, complaints */
	const char *charted[] = {"inspections", "notices_issued", "notices_rectified", "complaints_received"};
	for (size_t k = 0; k < 4; k++)
		for (i = 0; i < t->n; i++)
			if (str_eq(t->cols[i].key, charted[k]))
				t->chart[k] = i;
}

static void monthly_table_free(monthly_table *t)
{
	for (size_t i = 0; i < t->n_keys; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->cols);
	json_decref(t->rows);
}

/* Writes text to out (NULL or "-": standard output). */
static int emit(const char *out, const char *text)
{
	if (!out || str_eq(out, "-")) {
		fputs(text, stdout);
		return 0;
	}
	if (write_file_atomic(out, text, strlen(text), 0644) < 0)
		return fail("%s", err_msg());
	return 0;
}

static int emit_json(const char *out, const json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS);
	strbuf b;
	sb_init(&b);
	sb_puts(&b, s);
	sb_putc(&b, '\n');
	free(s);
	s = sb_take(&b);
	int rc = emit(out, s);
	free(s);
	return rc;
}

static int emit_sheet(const char *format, const char *out, const sheet *sh)
{
	char *s = str_eq(format, "csv") ? sheet_csv(sh) : sheet_text(sh);
	int rc = emit(out, s);
	free(s);
	return rc;
}

typedef struct {
	const char *what, *format, *out, *lang, *month, *year, *targets, *date;
} report_opts;

static int valid_year(const char *y)
{
	return y && strlen(y) == 4 && strspn(y, "0123456789") == 4;
}

static int valid_month(const char *m)
{
	return m && strlen(m) == 7 && valid_year((char[]){m[0], m[1], m[2], m[3], 0}) && m[4] == '-' &&
	       ((m[5] == '0' && m[6] >= '1' && m[6] <= '9') || (m[5] == '1' && m[6] >= '0' && m[6] <= '2'));
}

static int report_monthly_cmd(app *a, report_opts *o)
{
	char today[16], first[16], last[16];
	app_today(a, today);
	if (o->month)
		snprintf(first, sizeof first, "%s", o->month), snprintf(last, sizeof last, "%s", o->month);
	else
		snprintf(first, sizeof first, "%.4s-01", o->year ? o->year : today),
			snprintf(last, sizeof last, "%.4s-12", o->year ? o->year : today);
	json_t *m = report_monthly(a, first, last, today);
	if (!m)
		return fail("%s", err_msg());
	int rc;
	if (str_eq(o->format, "json")) {
		rc = emit_json(o->out, m);
	} else {
		monthly_table t = {0};
		monthly_table_make(a, m, o->lang, &t);
		sheet sh = {str_eq(o->lang, "en") ? "Monthly" : "月度统计", t.cols, t.n, t.rows, t.chart, 4,
			    str_eq(o->lang, "en") ? "Monthly statistics" : "月度统计", json_array_size(json_object_get(m, "months"))};
		if (str_eq(o->format, "xlsx"))
			rc = sheet_xlsx(o->out, &sh, 1) < 0 ? fail("%s", err_msg()) : 0;
		else
			rc = emit_sheet(o->format, o->out, &sh);
		monthly_table_free(&t);
	}
	json_decref(m);
	return rc;
}

static int report_indicators_cmd(app *a, report_opts *o)
{
	char today[16], *text = NULL;
	size_t len;
	app_today(a, today);
	if (o->targets && read_file(o->targets, 1 << 20, &text, &len) < 0)
		return fail("%s", err_msg());
	if (text && !utf8_valid(text, len)) {
		free(text);
		return fail("%s: not UTF-8 text", o->targets);
	}
	json_t *y = report_indicators(a, atoi(o->year), text, o->targets, today);
	free(text);
	if (!y)
		return fail("%s", err_msg());
	int rc;
	if (str_eq(o->format, "json")) {
		rc = emit_json(o->out, y);
	} else {
		size_t n;
		sheet_col *cols = columns(indicator_cols, DW_ARRAY_LEN(indicator_cols), o->lang, NULL, 0, &n);
		/* 一级指标 as the seed writes it, "产出指标（50分）", on the first
		 * row of its group only, and a total row. */
		json_t *rows = json_array(), *r;
		size_t i;
		const char *prev = NULL;
		json_array_foreach(json_object_get(y, "rows"), i, r)
		{
			json_t *c = json_copy(r);
			const char *l1 = json_string_value(json_object_get(r, "level1"));
			double p = json_number_value(json_object_get(r, "level1_points"));
			char *shown = str_eq(l1, prev) && !str_eq(o->format, "xlsx") ? xstrdup("")
				      : str_eq(o->lang, "en")				? xasprintf("%s (%g)", l1, p)
											: xasprintf("%s（%g分）", l1, p);
			json_object_set_new(c, "level1", json_string(shown));
			free(shown);
			prev = l1;
			json_array_append_new(rows, c);
		}
		json_t *tot = json_object();
		json_object_set_new(tot, "level1", json_string(str_eq(o->lang, "en") ? "Total" : "合计"));
		json_object_set(tot, "points", json_object_get(y, "total_points"));
		json_object_set(tot, "score", json_object_get(y, "total_score"));
		json_array_append_new(rows, tot);
		sheet sh = {str_eq(o->lang, "en") ? "Indicators" : "绩效指标", cols, n, rows, NULL, 0, NULL, 0};
		if (str_eq(o->format, "xlsx"))
			rc = sheet_xlsx(o->out, &sh, 1) < 0 ? fail("%s", err_msg()) : 0;
		else
			rc = emit_sheet(o->format, o->out, &sh);
		json_decref(rows);
		free(cols);
	}
	json_decref(y);
	return rc;
}

/* The ledger with each site's list as a word in lang. */
static json_t *ledger_rows(app *a, const char *date, const char *lang)
{
	json_t *rows = report_ledger(a, date, lang), *r;
	size_t i;
	json_array_foreach(rows, i, r)
	{
		const char *l = json_string_value(json_object_get(r, "list"));
		const char *w = str_eq(l, "red") ? (str_eq(lang, "en") ? "red" : "红榜")
				: str_eq(l, "black") ? (str_eq(lang, "en") ? "black" : "黑榜")
						     : "";
		json_object_set_new(r, "list_label", json_string(w));
	}
	return rows;
}

static int report_redlist_cmd(app *a, report_opts *o)
{
	char today[16];
	app_today(a, today);
	json_t *rows = ledger_rows(a, o->date ? o->date : today, o->lang);
	if (!rows)
		return fail("%s", err_msg());
	size_t n = json_array_size(rows), i;
	json_t **v = xcalloc(n ? n : 1, sizeof *v), *ranked = json_array();
	for (i = 0; i < n; i++)
		v[i] = json_array_get(rows, i);
	qsort(v, n, sizeof *v, report_cmp_rank);
	for (i = 0; i < n; i++)
		if (json_is_integer(json_object_get(v[i], "rank")))
			json_array_append(ranked, v[i]);
	free(v);
	int rc;
	if (str_eq(o->format, "json")) {
		rc = emit_json(o->out, ranked);
	} else {
		size_t nc;
		sheet_col *cols = columns(redlist_cols, DW_ARRAY_LEN(redlist_cols), o->lang, NULL, 0, &nc);
		sheet sh = {"红黑榜", cols, nc, ranked, NULL, 0, NULL, 0};
		rc = emit_sheet(o->format, o->out, &sh);
		free(cols);
	}
	json_decref(ranked);
	json_decref(rows);
	return rc;
}

static int report_parse(void *args, int argc, char **argv)
{
	report_opts *o = args;
	const cmd_option opts[] = {
		OPT_STRING("year", 0, &o->year, "YYYY", "monthly, indicators: the year (default: this year)"),
		OPT_STRING("month", 0, &o->month, "YYYY-MM", "monthly: one month"),
		OPT_STRING("targets", 0, &o->targets, "FILE", "indicators: the station's targets file"),
		OPT_STRING("date", 0, &o->date, "DATE", "redlist: as of DATE (default today)"),
		OPT_STRING("format", 0, &o->format, "FMT", "text (default), json, csv or xlsx"),
		OPT_STRING("output", 'o', &o->out, "FILE", "write to FILE"),
		OPT_STRING("lang", 0, &o->lang, "zh|en", "the language (default: the locale's)"),
		OPT_END(),
	};
	int rc = cmd_options("report", report_help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if ((rc = cmd_args("report", argc, argv, (const char **[]){&o->what}, 1)) != CMD_RUN)
		return rc;
	const char *what = o->what;
	if (!what)
		return usage_error("report", "monthly, indicators, redlist or targets?");
	if (str_eq(what, "targets"))
		return o->year || o->month || o->targets || o->date || o->format || o->out || o->lang
			       ? usage_error("report", "targets takes no options")
			       : CMD_RUN;
	if (!o->format)
		o->format = "text";
	const char *formats = str_eq(what, "monthly")	   ? "text json csv xlsx"
			      : str_eq(what, "indicators") ? "text json xlsx"
			      : str_eq(what, "redlist")	   ? "text json csv"
							   : NULL;
	if (!formats)
		return usage_error("report", "no report '%s' (monthly, indicators, redlist, targets)", what);
	if (!*o->format || strchr(o->format, ' ') || !strstr(formats, o->format))
		return usage_error("report", "--format of %s is one of: %s", what, formats);
	if (str_eq(o->format, "xlsx") && (!o->out || str_eq(o->out, "-")))
		return usage_error("report", "xlsx needs -o FILE");
	if (o->month && o->year)
		return usage_error("report", "--month or --year, not both");
	if (o->month && !valid_month(o->month))
		return usage_error("report", "--month is YYYY-MM");
	if (o->year && !valid_year(o->year))
		return usage_error("report", "--year is YYYY");
	if (str_eq(what, "indicators") && !o->year)
		return usage_error("report", "indicators needs --year YYYY");
	if ((o->targets && !str_eq(what, "indicators")) || (o->date && !str_eq(what, "redlist")) ||
	    ((o->month || o->year) && str_eq(what, "redlist")) || (o->month && !str_eq(what, "monthly")))
		return usage_error("report", "an option %s does not take", what);
	if (o->date && parse_date(o->date, &(int64_t){0}) < 0)
		return usage_error("report", "--date is YYYY-MM-DD");
	if (o->lang && !str_eq(o->lang, "zh") && !str_eq(o->lang, "en"))
		return usage_error("report", "--lang is zh or en");
	return CMD_RUN;
}

static int report_run(app *a, void *args)
{
	report_opts *o = args;
	if (str_eq(o->what, "targets")) {
		fputs(report_default_targets(), stdout);
		return 0;
	}
	o->lang = output_lang(o->lang);
	return str_eq(o->what, "monthly")      ? report_monthly_cmd(a, o)
	       : str_eq(o->what, "indicators") ? report_indicators_cmd(a, o)
					       : report_redlist_cmd(a, o);
}

const command_ops cmd_report = {sizeof(report_opts), report_parse, report_run, NULL};

/* Each ledger a supervisor's or an admin's device exports is an edition,
 * recorded (forms/ledger.form) for the year's count in the indicators; an
 * inspector's device exports without recording. Said on standard error:
 * standard output may be the ledger itself. */
static int record_edition(app *a, const char *date, const char *format, const json_t *rows)
{
	if (registry_role(a, a->device) < ROLE_SUPERVISOR)
		return 0;
	json_int_t red = 0, black = 0;
	size_t i;
	json_t *r, *problems = json_array(), *fields;
	json_array_foreach(rows, i, r)
	{
		const char *l = json_string_value(json_object_get(r, "list"));
		red += str_eq(l, "red"), black += str_eq(l, "black");
	}
	fields = json_pack("{sssIsIsIss}", "as_of", date, "sites", (json_int_t)json_array_size(rows), "red", red,
			   "black", black, "format", format);
	char *id = NULL;
	int rc = 0;
	if (rec_new(a, "ledger", fields, 1, problems, &id) < 0) {
		print_problems(problems);
		rc = fail("the ledger was written but not recorded as an edition: %s", err_msg());
	} else {
		list_query q = {.kind = "ledger", .status = "active"};
		char jan1[16], dec31[16];
		snprintf(jan1, sizeof jan1, "%.4s-01-01", date);
		snprintf(dec31, sizeof dec31, "%.4s-12-31", date);
		q.from = jan1, q.to = dec31;
		fprintf(stderr, "dustwatch: recorded as the ledger's edition %lld of %.4s (dustwatch list ledger)\n",
			(long long)store_count(a->db, &q), date);
	}
	free(id);
	json_decref(fields), json_decref(problems);
	return rc;
}

int export_ledger(app *a, const char *format, const char *out, const char *date, const char *lang)
{
	char today[16];
	app_today(a, today);
	if (!date)
		date = today;
	json_t *rows = ledger_rows(a, date, lang);
	if (!rows)
		return fail("%s", err_msg());
	int rc = 0;
	size_t n;
	sheet_col *cols = columns(ledger_cols, DW_ARRAY_LEN(ledger_cols), lang, NULL, 0, &n);
	sheet sh[2] = {{str_eq(lang, "en") ? "Ledger" : "扬尘动态监管台账", cols, n, rows, NULL, 0, NULL, 0}};
	if (str_eq(format, "json")) {
		rc = emit_json(out, rows);
	} else if (str_eq(format, "csv")) {
		rc = emit_sheet("csv", out, &sh[0]);
	} else {
		/* the second sheet: the monthly statistics of the date's year */
		char first[16], last[16];
		snprintf(first, sizeof first, "%.4s-01", date);
		snprintf(last, sizeof last, "%.4s-12", date);
		json_t *m = report_monthly(a, first, last, today);
		if (!m) {
			rc = fail("%s", err_msg());
		} else {
			monthly_table t = {0};
			monthly_table_make(a, m, lang, &t);
			sh[1] = (sheet){str_eq(lang, "en") ? "Monthly" : "月度统计", t.cols, t.n, t.rows, t.chart, 4,
					str_eq(lang, "en") ? "Monthly statistics" : "月度统计", 12};
			rc = sheet_xlsx(out, sh, 2) < 0 ? fail("%s", err_msg()) : 0;
			monthly_table_free(&t);
			json_decref(m);
		}
	}
	if (rc == 0)
		rc = record_edition(a, date, format, rows);
	free(cols);
	json_decref(rows);
	return rc;
}
