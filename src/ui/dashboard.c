/*
 * dashboard: screen_dashboard, the station's year at a glance (d on
 * home). The last twelve months as bars of block characters, a row per
 * series (inspections; notices issued and rectified; complaints received
 * and resolved; satisfaction), the red and black list with the scores, and
 * the year's indicators so far. The numbers are report_monthly's,
 * report_indicators' and report_lists' (report.h), the ones the report
 * commands print, so the screen and the reports never disagree. Left and
 * right, up and down move over the bars; Enter opens the records behind
 * the one under the cursor (the list screen, with the kind, status and the
 * month's dates). Below the bars, the red and the black list: left and
 * right pick a site, Enter opens it.
 *
 * arg: NULL. Kept while the database and the day stay the same.
 */
#include "report.h"
#include "text.h"
#include "ui/ui.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MONTHS = 12 };

/* A row of bars: the monthly statistics' key, its label, and what Enter
 * lists (the kind, and the status that makes a record count there). */
typedef struct {
	const char *key, *zh, *en, *kind, *status;
	int percent; /* a rate (0..1), drawn and shown as a percentage */
} series;

static const series rows[] = {
	{"inspections", "检查表", "Inspections", "inspection", NULL, 0},
	{"notices_issued", "下达通知书", "Notices issued", "notice", NULL, 0},
	{"notices_rectified", "已整改", "Rectified", "notice", "rectified,closed", 0},
	{"complaints_received", "受理投诉", "Complaints", "complaint", NULL, 0},
	{"complaints_resolved", "已办结", "Resolved", "complaint", "replied,closed", 0},
	{"satisfaction_rate", "满意率", "Satisfaction", "complaint", "closed", 1},
};
enum { N_ROWS = sizeof rows / sizeof rows[0] };

typedef struct {
	json_t *monthly, *year, *lists; /* report_monthly, report_indicators, report_lists */
	int64_t stamp;
	char today[16];
	int row, col; /* the bar under the cursor; rows N_ROWS and N_ROWS+1: the red and black lists */
	json_t *shown[2]; /* the ids of the sites each list shows */
} dash;

static void drop(dash *d)
{
	json_decref(d->monthly), json_decref(d->year), json_decref(d->lists);
	d->monthly = d->year = d->lists = NULL;
}

/* The reports again, when the database or the day changed. */
static void refresh(ui *u, dash *d)
{
	int64_t stamp = store_data_stamp(u->a->db);
	if (d->monthly && stamp >= 0 && stamp == d->stamp && str_eq(d->today, u->today))
		return;
	drop(d);
	int y, m;
	sscanf(u->today, "%4d-%2d", &y, &m);
	int first = y * 12 + m - 1 - (MONTHS - 1);
	char from[16], to[16], dec[16];
	snprintf(from, sizeof from, "%04d-%02d", first / 12, first % 12 + 1);
	snprintf(to, sizeof to, "%04d-%02d", y, m);
	snprintf(dec, sizeof dec, "%04d-12", y);
	/* One walk of the records for the twelve months and the whole year
	 * (January is always among the twelve; the rest of the year may hold
	 * records dated ahead), then the bars' months and total cut out. */
	d->monthly = report_monthly(u->a, from, dec, u->today);
	d->year = d->monthly ? report_indicators_of(u->a, d->monthly, y, NULL, NULL, u->today) : NULL;
	if (d->year) {
		json_t *months = json_object_get(d->monthly, "months");
		while (json_array_size(months) > MONTHS)
			json_array_remove(months, MONTHS);
		json_object_set_new(d->monthly, "total", report_months_total(d->monthly, from, to));
		json_object_set_new(d->monthly, "to", json_sprintf("%s-31", to));
	}
	/* No screen is wide enough for more than this many of a list. */
	d->lists = d->year ? report_lists(u->a, u->today, 64) : NULL;
	if (!d->lists) {
		ui_say(u, T_ERROR, "%s", err_msg());
		drop(d);
	}
	d->stamp = stamp;
	snprintf(d->today, sizeof d->today, "%s", u->today);
}

static double value(const json_t *month, const series *s)
{
	return json_number_value(json_object_get(month, s->key));
}

static void draw_series(ui *u, dash *d, int y, int r, int label_w)
{
	static const char *const blocks[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	const series *s = &rows[r];
	json_t *months = json_object_get(d->monthly, "months");
	double max = 0;
	for (size_t i = 0; i < json_array_size(months); i++)
		if (value(json_array_get(months, i), s) > max)
			max = value(json_array_get(months, i), s);
	term_text(y, 0, label_w, ui_tr(u, s->zh, s->en), r == d->row ? T_BOLD : T_NORMAL);
	for (size_t i = 0; i < json_array_size(months) && i < MONTHS; i++) {
		double v = value(json_array_get(months, i), s);
		int level = max > 0 ? (int)(v / max * 8 + 0.5) : 0;
		if (v > 0 && level == 0)
			level = 1; /* something is never drawn as nothing */
		char cell[16];
		snprintf(cell, sizeof cell, "%s%s", blocks[level], blocks[level]);
		int sel = r == d->row && (int)i == d->col;
		term_text(y, label_w + 3 * (int)i, 2, cell, sel ? T_SELECTED : r % 2 ? T_TITLE : T_OK);
	}
	json_t *total = json_object_get(json_object_get(d->monthly, "total"), s->key);
	char t[32];
	if (s->percent)
		snprintf(t, sizeof t, json_is_number(total) ? "%.0f%%" : "—", json_number_value(total) * 100);
	else
		snprintf(t, sizeof t, "%lld", (long long)json_integer_value(total));
	term_text(y, label_w + 3 * MONTHS, 10, t, T_NORMAL);
}

/* The sites of a list ("red" or "black"), the best first for red, the
 * worst first for black, as "name score" while they fit; the one under the
 * cursor (its row selected, col the site) selected. Keeps their ids for
 * Enter in d->shown[k] (k 0: red, 1: black). */
static void draw_list(ui *u, dash *d, int y, int cols, int k)
{
	const json_t *list = json_object_get(d->lists, k ? "black" : "red"), *v = json_object_get(list, "sites");
	size_t m = (size_t)json_integer_value(json_object_get(list, "count"));
	json_array_clear(d->shown[k]);
	const char *title = k ? ui_tr(u, "黑榜", "Black list") : ui_tr(u, "红榜", "Red list");
	int x = text_width(title) + 1, sel_row = d->row == N_ROWS + k;
	term_text(y, 0, x, title, k ? T_ERROR : T_OK);
	/* report_lists gives the red list best first, the black worst first. */
	for (size_t j = 0; j < json_array_size(v); j++) {
		json_t *site = json_array_get(v, j);
		char one[256];
		snprintf(one, sizeof one, "%s %g", json_string_value(json_object_get(site, "name")),
			 json_number_value(json_object_get(site, "inspection_score")));
		int w = text_width(one);
		if (x + w + 8 > cols)
			break;
		int sel = sel_row && (size_t)d->col == j;
		term_text(y, x, w, one, sel ? T_SELECTED : T_NORMAL);
		json_array_append_new(d->shown[k], json_string(json_string_value(json_object_get(site, "site"))));
		x += w + 3;
	}
	char more[32];
	if (!m)
		term_text(y, x, cols - x, ui_tr(u, "无", "none"), T_DIM);
	else if (json_array_size(d->shown[k]) < m && snprintf(more, sizeof more, "…(%zu)", m) > 0)
		term_text(y, x, cols - x, more, T_DIM);
}

static void draw_dashboard(ui *u, screen *s, int top, int bottom)
{
	dash *d = s->state;
	int cols = term_cols(), label_w = 12;
	refresh(u, d);
	if (!d->monthly)
		return;
	char head[256];
	snprintf(head, sizeof head, "%s · %s %s %s %s · %s %s", ui_tr(u, "年度看板", "Dashboard"),
		 json_string_value(json_object_get(d->monthly, "from")), ui_tr(u, "至", "to"),
		 json_string_value(json_object_get(d->monthly, "to")), ui_tr(u, "（近十二个月）", "(12 months)"),
		 ui_tr(u, "截至", "as of"), u->today);
	term_text(top, 0, cols, head, T_TITLE);
	int y = top + 2;
	for (int r = 0; r < N_ROWS && y < bottom; r++, y++)
		draw_series(u, d, y, r, label_w);
	/* The months under the bars. */
	json_t *months = json_object_get(d->monthly, "months");
	for (size_t i = 0; i < json_array_size(months) && i < MONTHS && y < bottom; i++)
		term_text(y, label_w + 3 * (int)i, 2, json_string_value(json_object_get(json_array_get(months, i), "month")) + 5,
			  T_DIM);
	term_text(y, label_w + 3 * MONTHS, 10, ui_tr(u, "合计", "total"), T_DIM);
	y += 2;
	/* What the bar under the cursor stands for; Enter lists its records. */
	json_t *mo = json_array_get(months, (size_t)(d->row < N_ROWS ? d->col : MONTHS - 1));
	const series *sr = &rows[d->row < N_ROWS ? d->row : 0];
	char cur[256], val[64];
	json_t *v = json_object_get(mo, sr->key);
	if (!sr->percent)
		snprintf(val, sizeof val, "%lld", (long long)json_integer_value(v));
	else if (json_is_number(v))
		snprintf(val, sizeof val, "%.0f%% (%lld/%lld)", json_number_value(v) * 100,
			 (long long)json_integer_value(json_object_get(mo, "complaints_satisfied")),
			 (long long)json_integer_value(json_object_get(mo, "complaints_rated")));
	else
		snprintf(val, sizeof val, "—");
	if (d->row < N_ROWS)
		snprintf(cur, sizeof cur, "▶ %s %s: %s  %s", json_string_value(json_object_get(mo, "month")),
			 ui_tr(u, sr->zh, sr->en), val, ui_tr(u, "Enter 列出这些记录", "Enter lists these records"));
	else
		snprintf(cur, sizeof cur, "▶ %s  %s", d->row == N_ROWS ? ui_tr(u, "红榜", "Red list") : ui_tr(u, "黑榜", "Black list"),
			 ui_tr(u, "←→ 选工地，Enter 打开", "left/right pick a site, Enter opens it"));
	if (y < bottom)
		term_text(y++, 0, cols, cur, T_BOLD);
	y++;
	if (y < bottom)
		draw_list(u, d, y++, cols, 0);
	if (y < bottom)
		draw_list(u, d, y++, cols, 1);
	y++;
	/* The year so far: the numbers of report indicators. */
	json_t *yr = d->year;
	char ind[512];
	json_t *nr = json_object_get(yr, "notices_rectified_rate"), *cr = json_object_get(yr, "complaints_resolved_rate"),
	       *sat = json_object_get(yr, "satisfaction_rate");
	snprintf(ind, sizeof ind, "%s %lld · %s %lld, %s %.0f%% · %s %lld, %s %.0f%% · %s %.0f%% · %s %lld",
		 ui_tr(u, "本年 检查表", "This year: inspections"), (long long)json_integer_value(json_object_get(yr, "inspections")),
		 ui_tr(u, "通知书", "notices"), (long long)json_integer_value(json_object_get(yr, "notices_issued")),
		 ui_tr(u, "整改率", "rectified"), json_number_value(nr) * 100,
		 ui_tr(u, "投诉", "complaints"), (long long)json_integer_value(json_object_get(yr, "complaints_received")),
		 ui_tr(u, "办结率", "resolved"), json_number_value(cr) * 100, ui_tr(u, "满意率", "satisfaction"),
		 json_number_value(sat) * 100, ui_tr(u, "台账", "ledger editions"),
		 (long long)json_integer_value(json_object_get(yr, "ledger_editions")));
	if (y < bottom)
		ui_wrapped(ind, y, 0, cols, bottom, T_NORMAL);
}

static int open_dashboard(ui *u, screen *s, const json_t *arg)
{
	(void)arg;
	dash *d = xcalloc(1, sizeof *d);
	d->col = MONTHS - 1; /* this month */
	d->shown[0] = json_array(), d->shown[1] = json_array();
	s->state = d;
	refresh(u, d);
	return 0;
}

static void close_dashboard(ui *u, screen *s)
{
	(void)u;
	dash *d = s->state;
	drop(d);
	json_decref(d->shown[0]), json_decref(d->shown[1]);
	free(d);
}

/* The records behind the bar under the cursor: its kind and status, dated
 * in its month. */
static void open_bar(ui *u, dash *d)
{
	json_t *mo = json_array_get(json_object_get(d->monthly, "months"), (size_t)d->col);
	const char *month = json_string_value(json_object_get(mo, "month"));
	if (!month)
		return;
	int y, m;
	sscanf(month, "%4d-%2d", &y, &m);
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int last = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	char from[16], to[16];
	snprintf(from, sizeof from, "%s-01", month);
	snprintf(to, sizeof to, "%s-%02d", month, last);
	const series *s = &rows[d->row];
	json_t *arg = json_pack("{ssssss}", "kind", s->kind, "from", from, "to", to);
	if (s->status)
		json_object_set_new(arg, "status", json_string(s->status));
	ui_open(u, &screen_records, arg);
	json_decref(arg);
}

static int dashboard_action(ui *u, screen *s, ui_action_id a)
{
	dash *d = s->state;
	if (!d->monthly)
		return 0;
	/* Bars are rows 0..N_ROWS-1, then the red and the black list. */
	int rows_all = N_ROWS + 2, in_list = d->row >= N_ROWS;
	int last = in_list ? (int)json_array_size(d->shown[d->row - N_ROWS]) - 1 : MONTHS - 1;
	switch (a) {
	case ACT_UP: d->row = (d->row + rows_all - 1) % rows_all; break;
	case ACT_DOWN: d->row = (d->row + 1) % rows_all; break;
	case ACT_PREV_MONTH: d->col = d->col > 0 ? d->col - 1 : 0; break;
	case ACT_NEXT_MONTH: d->col = d->col < last ? d->col + 1 : (last < 0 ? 0 : last); break;
	case ACT_OPEN:
		if (!in_list)
			open_bar(u, d);
		else if (d->col <= last)
			ui_open_with(u, &screen_site, "id",
				     json_string_value(json_array_get(d->shown[d->row - N_ROWS], (size_t)d->col)));
		break;
	default: return 0;
	}
	/* Moving between the bars and a list keeps the cursor on something. */
	in_list = d->row >= N_ROWS;
	last = in_list ? (int)json_array_size(d->shown[d->row - N_ROWS]) - 1 : MONTHS - 1;
	if (d->col > last)
		d->col = last < 0 ? 0 : last;
	return 1;
}

const screen_ops screen_dashboard = {
	.name = "dashboard",
	.open = open_dashboard,
	.draw = draw_dashboard,
	.action = dashboard_action,
	.close = close_dashboard,
};
