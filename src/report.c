/*
 * report: the monthly statistics, the annual indicators and the ledger
 * (report.h). The counts are store_tally's aggregates; this file decides
 * what each one means: which kind, which date, which statuses, and adds the
 * days of a month. The definitions are written out for supervisors in
 * doc/supervisor-guide.md, section 6; keep the two in step.
 */
#include "report.h"
#include "embedded.h"
#include "station_settings.h"
#include "util.h"
#include "value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Days a complaint may stay unanswered before it counts as overdue
 * (setting complaint_days). */
#define COMPLAINT_DAYS 15

void report_thresholds(app *a, double *red, double *black)
{
	*red = (double)station_setting_long(a, "red_list_score", 90);
	*black = (double)station_setting_long(a, "black_list_score", 60);
}

static void add(json_t *o, const char *key, json_int_t n)
{
	json_object_set_new(o, key, json_integer(json_integer_value(json_object_get(o, key)) + n));
}

static const char *const count_keys[] = {
	"inspections",	       "notices_issued",      "notices_rectified", "notices_overdue",
	"stopwork_notices",    "complaints_received", "complaints_resolved", "complaints_overdue",
	"complaints_rated",    "complaints_satisfied", "agreements_signed", "surveys",
	"machinery_checks",
};

static json_t *new_month(const char *month, json_t *types)
{
	json_t *m = json_object(), *by = json_object(), *t;
	size_t i;
	json_object_set_new(m, "month", json_string(month));
	for (i = 0; i < DW_ARRAY_LEN(count_keys); i++)
		json_object_set_new(m, count_keys[i], json_integer(0));
	json_array_foreach(types, i, t) json_object_set_new(by, json_string_value(t), json_integer(0));
	json_object_set_new(m, "inspections_by_type", by);
	return m;
}

/* Adds one tally row to a month (or the total). The definitions: */
static void count_row(json_t *m, const store_tally_row *r)
{
	const char *st = r->status, *tag = r->tag ? r->tag : "";
	json_int_t n = r->n;
	if (str_eq(r->kind, "inspection")) {
		/* every checklist dated in the month, by its type */
		add(m, "inspections", n);
		add(json_object_get(m, "inspections_by_type"), *tag ? tag : "unknown", n);
	} else if (str_eq(r->kind, "notice")) {
		/* notices issued in the month; of those, rectified (or closed)
		 * by now, and still open past their deadline */
		add(m, "notices_issued", n);
		if (str_eq(st, "rectified") || str_eq(st, "closed"))
			add(m, "notices_rectified", n);
		if (str_eq(st, "issued"))
			add(m, "notices_overdue", r->due_before);
		if (str_eq(tag, "stopwork"))
			add(m, "stopwork_notices", n);
	} else if (str_eq(r->kind, "complaint")) {
		/* complaints received in the month; of those, answered
		 * (replied or closed), still unanswered past their own
		 * deadline (complaint_days after receipt for one made before
		 * complaints stored it), and rated by the complainant */
		add(m, "complaints_received", n);
		if (str_eq(st, "replied") || str_eq(st, "closed"))
			add(m, "complaints_resolved", n);
		if (str_eq(st, "received") || str_eq(st, "handling"))
			add(m, "complaints_overdue", r->past_deadline);
		if (str_eq(tag, "satisfied") || str_eq(tag, "basic") || str_eq(tag, "dissatisfied"))
			add(m, "complaints_rated", n);
		if (str_eq(tag, "satisfied") || str_eq(tag, "basic"))
			add(m, "complaints_satisfied", n);
	} else if (str_eq(r->kind, "agreement")) {
		add(m, "agreements_signed", n);
	} else if (str_eq(r->kind, "survey")) {
		add(m, "surveys", n);
	} else if (str_eq(r->kind, "machinery")) {
		add(m, "machinery_checks", n);
	}
}

static json_t *ratio(json_t *m, const char *num, const char *den)
{
	json_int_t d = json_integer_value(json_object_get(m, den));
	return d ? json_real((double)json_integer_value(json_object_get(m, num)) / (double)d) : json_null();
}

static int month_index(const char *ym)
{
	int y, mo;
	if (!ym || sscanf(ym, "%4d-%2d", &y, &mo) != 2 || mo < 1 || mo > 12)
		return -1;
	return y * 12 + mo - 1;
}

typedef struct {
	json_t *months, *total;
	int first;
} monthly_acc;

static int monthly_row(void *payload, const store_tally_row *r)
{
	monthly_acc *m = payload;
	int i = month_index(r->date) - m->first;
	json_t *mo = json_array_get(m->months, (size_t)(i < 0 ? 0 : i));
	if (i < 0 || !mo)
		return 0;
	count_row(mo, r);
	count_row(m->total, r);
	return 0;
}

json_t *report_monthly(app *a, const char *first, const char *last, const char *today)
{
	int f = month_index(first), l = month_index(last);
	if (f < 0 || l < 0 || l < f || l - f >= 12 * 100) {
		err_set("months run from YYYY-MM to a later YYYY-MM");
		return NULL;
	}
	long days = station_setting_long(a, "complaint_days", COMPLAINT_DAYS);
	int64_t t;
	char cutoff[16], from[16], to[16];
	if (parse_date(today, &t) < 0) {
		err_set("'%s' is not a date", today);
		return NULL;
	}
	fmt_date((t - days) * 86400000LL, cutoff, sizeof cutoff);
	snprintf(from, sizeof from, "%04d-%02d-01", f / 12, f % 12 + 1);
	snprintf(to, sizeof to, "%04d-%02d-31", l / 12, l % 12 + 1);

	json_t *types = json_array();
	const form *fi = formset_get(a->forms, "inspection");
	const field *fd = fi ? form_field(fi, "type") : NULL;
	for (size_t i = 0; fd && i < fd->n_options; i++)
		json_array_append_new(types, json_string(fd->options[i].code));
	monthly_acc m = {json_array(), NULL, f};
	for (int i = f; i <= l; i++) {
		char ym[16];
		snprintf(ym, sizeof ym, "%04d-%02d", i / 12, i % 12 + 1);
		json_array_append_new(m.months, new_month(ym, types));
	}
	char period[32];
	snprintf(period, sizeof period, "%.7s..%.7s", first, last);
	m.total = new_month(f == l ? first : period, types);
	store_tally_query q = {.from = from, .to = to, .today = today, .cutoff = cutoff};
	if (store_tally(a->db, &q, monthly_row, &m) < 0) {
		json_decref(m.months), json_decref(m.total), json_decref(types);
		return NULL;
	}
	size_t i;
	json_t *mo;
	json_array_foreach(m.months, i, mo) json_object_set_new(mo, "satisfaction_rate",
								 ratio(mo, "complaints_satisfied", "complaints_rated"));
	json_object_set_new(m.total, "satisfaction_rate", ratio(m.total, "complaints_satisfied", "complaints_rated"));
	json_t *out = json_object();
	json_object_set_new(out, "from", json_string(from));
	json_object_set_new(out, "to", json_string(to));
	json_object_set_new(out, "today", json_string(today));
	json_object_set_new(out, "complaint_days", json_integer(days));
	json_object_set_new(out, "inspection_types", types);
	json_object_set_new(out, "months", m.months);
	json_object_set_new(out, "total", m.total);
	return out;
}

/* --- indicators ------------------------------------------------------- */

static const char *const measures[] = {
	"inspections",	       "notices_issued",      "notices_rectified",	  "notices_rectified_rate",
	"stopwork_notices",    "agreements_signed",   "complaints_received",	  "complaints_resolved",
	"complaints_resolved_rate", "satisfaction_rate", "surveys",		  "machinery_checks",
	"ledger_editions",
};

static int is_rate(const char *m)
{
	size_t n = strlen(m);
	return n > 5 && str_eq(m + n - 5, "_rate");
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

/* A target as a number: "157", "≥157", ">=157", "95%" (0.95). 0 when it
 * is one, -1 when it is words. */
static int target_number(const char *t, double *out)
{
	if (str_starts(t, "≥"))
		t += strlen("≥");
	else if (str_starts(t, ">="))
		t += 2;
	char *end;
	double v = strtod(t, &end);
	if (end == t)
		return -1;
	if (*end == '%')
		v /= 100, end++;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static void fmt_rate(char *buf, size_t n, double v)
{
	double p = v * 100;
	if (fabs(p - round(p)) < 0.05)
		snprintf(buf, n, "%.0f%%", round(p));
	else
		snprintf(buf, n, "%.1f%%", p);
}

/* Scores one row against the year's counts y (the seed's rule). */
static int score_row(json_t *row, const json_t *y, const char *path, int line)
{
	const char *target = json_string_value(json_object_get(row, "target"));
	const char *measure = json_string_value(json_object_get(row, "measure"));
	double points = json_number_value(json_object_get(row, "points"));
	if (!target || !json_object_get(row, "points") || (!measure == !json_object_get(row, "actual")))
		return err_set("%s:%d: an indicator needs a target, points, and a measure or an actual", path, line);
	if (!measure) {
		json_object_set_new(row, "actual_value", json_null());
		json_object_set_new(row, "score", json_real(points));
		return 0;
	}
	double t;
	if (target_number(target, &t) < 0)
		return err_set("%s:%d: a measured indicator's target is a number or a rate, not '%s'", path, line, target);
	json_t *v = json_object_get(y, measure);
	char buf[32] = "—";
	double score = 0;
	if (json_is_number(v)) {
		double x = json_number_value(v);
		if (is_rate(measure))
			fmt_rate(buf, sizeof buf, x);
		else
			snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
		score = t <= 0 || x >= t ? points : points * x / t;
	}
	json_object_set_new(row, "actual", json_string(buf));
	json_object_set(row, "actual_value", v ? v : json_null());
	json_object_set_new(row, "score", json_real(round(score * 100) / 100));
	return 0;
}

static int known_measure(const char *m)
{
	for (size_t i = 0; i < DW_ARRAY_LEN(measures); i++)
		if (str_eq(m, measures[i]))
			return 1;
	return 0;
}

/* Parses a targets file (targets/indicators.targets says how) into rows,
 * each scored against y. */
static json_t *parse_targets(const char *text, const char *path, const json_t *y)
{
	json_t *rows = json_array(), *row = NULL;
	char *copy = xstrdup(text), *save = NULL;
	int line = 0, row_line = 0, ok = 1;
	for (char *l = copy, *next; l && ok; l = next) {
		next = strchr(l, '\n');
		if (next)
			*next++ = 0;
		line++;
		int indented = *l == ' ' || *l == '\t';
		char *t = trim(l);
		if (!*t || *t == '#')
			continue;
		if (!indented && str_starts(t, "indicator ")) {
			if (row && score_row(row, y, path, row_line) < 0) {
				ok = 0;
				break;
			}
			char *parts[3] = {0};
			int k = 0;
			for (char *p = t + strlen("indicator "); p && k < 3; k++) {
				char *bar = strchr(p, '|');
				if (bar)
					*bar++ = 0;
				parts[k] = trim(p);
				p = bar;
			}
			if (k != 3 || !*parts[0] || !*parts[2] || strchr(parts[2], '|')) {
				err_set("%s:%d: indicator LEVEL1 | LEVEL2 | LEVEL3", path, line);
				ok = 0;
				break;
			}
			row = json_object();
			json_object_set_new(row, "level1", json_string(parts[0]));
			json_object_set_new(row, "level2", json_string(parts[1]));
			json_object_set_new(row, "level3", json_string(parts[2]));
			json_array_append_new(rows, row);
			row_line = line;
			continue;
		}
		char *sp = t + strcspn(t, " \t");
		char *val = *sp ? (*sp = 0, trim(sp + 1)) : sp;
		if (!indented || !row || !*val) {
			err_set("%s:%d: expected 'indicator ...' or an indented 'KEY VALUE'", path, line);
			ok = 0;
		} else if (str_eq(t, "target") || str_eq(t, "actual")) {
			json_object_set_new(row, t, json_string(val));
		} else if (str_eq(t, "measure")) {
			if (!known_measure(val)) {
				err_set("%s:%d: no measure '%s' (see the comment in the shipped targets file)", path, line, val);
				ok = 0;
			}
			json_object_set_new(row, "measure", json_string(val));
		} else if (str_eq(t, "points")) {
			char *end;
			double p = strtod(val, &end);
			if (*end || p < 0 || p > 1000) {
				err_set("%s:%d: points are a number from 0 to 1000", path, line);
				ok = 0;
			}
			json_object_set_new(row, "points", json_real(p));
		} else {
			err_set("%s:%d: unknown '%s' (target, points, measure, actual)", path, line, t);
			ok = 0;
		}
	}
	(void)save;
	if (ok && row && score_row(row, y, path, row_line) < 0)
		ok = 0;
	if (ok && !json_array_size(rows))
		ok = 0, err_set("%s: no indicators", path);
	free(copy);
	if (!ok) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

const char *report_default_targets(void)
{
	for (const struct embedded *e = embedded_targets; e->name; e++)
		if (str_eq(e->name, "indicators.targets"))
			return e->data;
	return NULL;
}

json_t *report_months_total(const json_t *monthly, const char *first, const char *last)
{
	json_t *y = new_month("", json_object_get(monthly, "inspection_types")), *mo, *v;
	json_t *by = json_object_get(y, "inspections_by_type");
	size_t i, k;
	const char *key;
	char period[32];
	json_array_foreach(json_object_get(monthly, "months"), i, mo)
	{
		const char *ym = json_string_value(json_object_get(mo, "month"));
		if (!ym || strcmp(ym, first) < 0 || strcmp(ym, last) > 0)
			continue;
		for (k = 0; k < DW_ARRAY_LEN(count_keys); k++)
			add(y, count_keys[k], json_integer_value(json_object_get(mo, count_keys[k])));
		json_object_foreach(json_object_get(mo, "inspections_by_type"), key, v) add(by, key, json_integer_value(v));
	}
	snprintf(period, sizeof period, "%.7s..%.7s", first, last);
	json_object_set_new(y, "month", json_string(str_eq(first, last) ? first : period));
	json_object_set_new(y, "satisfaction_rate", ratio(y, "complaints_satisfied", "complaints_rated"));
	return y;
}

json_t *report_indicators(app *a, int year, const char *targets, const char *path, const char *today)
{
	char first[16], last[16];
	if (year < 2000 || year > 2999) {
		err_set("the year is from 2000 to 2999");
		return NULL;
	}
	snprintf(first, sizeof first, "%04d-01", year);
	snprintf(last, sizeof last, "%04d-12", year);
	json_t *m = report_monthly(a, first, last, today);
	if (!m)
		return NULL;
	json_t *y = report_indicators_of(a, m, year, targets, path, today);
	json_decref(m);
	return y;
}

json_t *report_indicators_of(app *a, const json_t *monthly, int year, const char *targets, const char *path,
			     const char *today)
{
	char first[16], last[16];
	snprintf(first, sizeof first, "%04d-01", year);
	snprintf(last, sizeof last, "%04d-12", year);
	json_t *y = report_months_total(monthly, first, last);
	json_object_del(y, "month");
	json_object_set_new(y, "year", json_integer(year));
	json_object_set_new(y, "today", json_string(today));
	json_object_set_new(y, "notices_rectified_rate", ratio(y, "notices_rectified", "notices_issued"));
	json_object_set_new(y, "complaints_resolved_rate", ratio(y, "complaints_resolved", "complaints_received"));
	/* The ledger's editions: one record each (forms/ledger.form). */
	char jan1[16], dec31[16];
	snprintf(jan1, sizeof jan1, "%04d-01-01", year);
	snprintf(dec31, sizeof dec31, "%04d-12-31", year);
	list_query editions = {.kind = "ledger", .status = "active", .from = jan1, .to = dec31};
	int64_t ne = store_count(a->db, &editions);
	if (ne < 0) {
		json_decref(y);
		return NULL;
	}
	json_object_set_new(y, "ledger_editions", json_integer(ne));
	if (!targets)
		targets = report_default_targets(), path = "indicators.targets";
	json_t *rows = targets ? parse_targets(targets, path ? path : "targets", y) : NULL;
	if (!rows) {
		if (!targets)
			err_set("no targets");
		json_decref(y);
		return NULL;
	}
	/* The first-level indicators' points, for "产出指标（50分）". */
	json_t *groups = json_object(), *r;
	double total = 0, got = 0;
	size_t i;
	json_array_foreach(rows, i, r)
	{
		const char *l1 = json_string_value(json_object_get(r, "level1"));
		double p = json_number_value(json_object_get(r, "points"));
		json_object_set_new(groups, l1, json_real(json_number_value(json_object_get(groups, l1)) + p));
		total += p;
		got += json_number_value(json_object_get(r, "score"));
	}
	json_array_foreach(rows, i, r) json_object_set(r, "level1_points",
						       json_object_get(groups, json_string_value(json_object_get(r, "level1"))));
	json_decref(groups);
	json_object_set_new(y, "rows", rows);
	json_object_set_new(y, "total_points", json_real(total));
	json_object_set_new(y, "total_score", json_real(round(got * 100) / 100));
	return y;
}

/* --- the ledger -------------------------------------------------------- */

typedef struct {
	app *a;
	json_t *by_site; /* site id -> row being built */
	const char *date, *lang;
} ledger;

static json_t *site_row(ledger *l, const char *site)
{
	return site ? json_object_get(l->by_site, site) : NULL;
}

/* A field of a state as its display text in lang (a choice's label, a
 * person's name and phone), or NULL. New string. */
static char *shown(app *a, const json_t *state, const char *name, const char *lang)
{
	const form *f = app_form_of(a, state);
	const field *fd = f ? form_field(f, name) : NULL;
	const json_t *v = json_object_get(json_object_get(state, "fields"), name);
	if (!fd || !v || json_is_null(v))
		return NULL;
	return value_display(fd, v, lang);
}

static void set_shown(json_t *row, const char *key, app *a, const json_t *state, const char *name, const char *lang)
{
	char *s = shown(a, state, name, lang);
	json_object_set_new(row, key, s ? json_string(s) : json_null());
	free(s);
}

static int live(const json_t *state)
{
	const char *st = json_string_value(json_object_get(state, "status"));
	return !str_eq(st, "draft") && !str_eq(st, "void");
}

static int ledger_site(void *payload, json_t *state)
{
	ledger *l = payload;
	json_t *row = json_object();
	const char *id = json_string_value(json_object_get(state, "id"));
	json_object_set_new(row, "site", json_string(id));
	set_shown(row, "name", l->a, state, "name", l->lang);
	set_shown(row, "district", l->a, state, "district", l->lang);
	set_shown(row, "stage", l->a, state, "stage", l->lang);
	set_shown(row, "builder", l->a, state, "builder_unit", l->lang);
	set_shown(row, "contractor", l->a, state, "contractor_unit", l->lang);
	set_shown(row, "dust_officer", l->a, state, "dust_officer", l->lang);
	json_object_set_new(row, "agreement", json_null());
	json_object_set_new(row, "agreement_until", json_null());
	json_object_set_new(row, "inspection", json_null());
	json_object_set_new(row, "inspection_date", json_null());
	json_object_set_new(row, "inspection_score", json_null());
	json_object_set_new(row, "inspection_verdict", json_null());
	const char *zero[] = {"open_notices", "overdue_notices", "stopwork_notices", "complaints_received",
			      "complaints_open"};
	for (size_t i = 0; i < DW_ARRAY_LEN(zero); i++)
		json_object_set_new(row, zero[i], json_integer(0));
	json_object_set_new(row, "earliest_deadline", json_null());
	json_object_set_new(l->by_site, id, row);
	return 0;
}

/* Agreements newest first: the first in force at the date is the site's. */
static int ledger_agreement(void *payload, json_t *state)
{
	ledger *l = payload;
	const json_t *f = json_object_get(state, "fields");
	json_t *row = site_row(l, json_string_value(json_object_get(f, "site")));
	const char *from = json_string_value(json_object_get(f, "valid_from"));
	const char *until = json_string_value(json_object_get(f, "valid_until"));
	if (!row || !live(state) || !json_is_null(json_object_get(row, "agreement")) || !from || !until ||
	    strcmp(from, l->date) > 0 || strcmp(until, l->date) < 0)
		return 0;
	json_object_set(row, "agreement", json_object_get(state, "number"));
	json_object_set_new(row, "agreement_until", json_string(until));
	return 0;
}

/* A site's latest checklist (store_latest_by_site), on its row. */
static int ledger_inspection(void *payload, const char *site, json_t *state)
{
	ledger *l = payload;
	const json_t *f = json_object_get(state, "fields");
	json_t *row = site_row(l, site);
	if (!row || !live(state))
		return 0;
	json_object_set(row, "inspection", json_object_get(state, "number"));
	json_object_set(row, "inspection_date", json_object_get(f, "date"));
	json_t *score = json_object_get(f, "total");
	json_object_set(row, "inspection_score", json_is_number(score) ? score : json_null());
	set_shown(row, "inspection_verdict", l->a, state, "verdict", l->lang);
	return 0;
}

static int ledger_notices(void *payload, const store_tally_row *r)
{
	ledger *l = payload;
	json_t *row = site_row(l, r->site);
	if (!row || !str_eq(r->status, "issued"))
		return 0;
	add(row, "open_notices", r->n);
	add(row, "overdue_notices", r->due_before);
	if (str_eq(r->tag, "stopwork"))
		add(row, "stopwork_notices", r->n);
	const char *was = json_string_value(json_object_get(row, "earliest_deadline"));
	if (r->min_due && (!was || strcmp(r->min_due, was) < 0))
		json_object_set_new(row, "earliest_deadline", json_string(r->min_due));
	return 0;
}

static int ledger_complaints(void *payload, const store_tally_row *r)
{
	ledger *l = payload;
	json_t *row = site_row(l, r->site);
	if (!row)
		return 0;
	add(row, "complaints_received", r->n);
	if (str_eq(r->status, "received") || str_eq(r->status, "handling"))
		add(row, "complaints_open", r->n);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "name"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "name"));
	return strcmp(x ? x : "", y ? y : "");
}

static int by_score(const void *a, const void *b)
{
	const json_t *sx = json_object_get(*(json_t *const *)a, "inspection_score");
	const json_t *sy = json_object_get(*(json_t *const *)b, "inspection_score");
	double x = json_is_number(sx) ? json_number_value(sx) : -1, y = json_is_number(sy) ? json_number_value(sy) : -1;
	return x < y ? 1 : x > y ? -1 : by_name(a, b);
}

json_t *report_ledger(app *a, const char *date, const char *lang)
{
	int64_t d;
	if (parse_date(date, &d) < 0) {
		err_set("'%s' is not a date (YYYY-MM-DD)", date);
		return NULL;
	}
	ledger l = {a, json_object(), date, lang};
	json_t *out = NULL, **rows = NULL;
	char jan1[16];
	snprintf(jan1, sizeof jan1, "%.4s-01-01", date);
	list_query sites = {.kind = "site", .status = "active"},
		   agreements = {.kind = "agreement", .to = date, .in_force = date};
	store_tally_query notices = {.kind = "notice", .today = date, .open_only = 1}, complaints = {.kind = "complaint", .from = jan1, .to = date};
	if (store_list(a->db, &sites, ledger_site, &l) < 0 || store_list(a->db, &agreements, ledger_agreement, &l) < 0 ||
	    store_tally(a->db, &notices, ledger_notices, &l) < 0 ||
	    store_tally(a->db, &complaints, ledger_complaints, &l) < 0)
		goto out;
	size_t n = json_object_size(l.by_site), i = 0, k;
	const char *key;
	json_t *row;
	rows = xcalloc(n ? n : 1, sizeof *rows);
	/* Each site's latest checklist, in one query for all of them. */
	if (store_latest_by_site(a->db, "inspection", date, ledger_inspection, &l) < 0)
		goto out;
	json_object_foreach(l.by_site, key, row) rows[i++] = row;
	/* The red and black list: ranked by the latest checklist's score;
	 * red at or above red_list_score unless a notice is overdue or a
	 * stop-work notice is open; black below black_list_score. */
	double red, black;
	report_thresholds(a, &red, &black);
	qsort(rows, n, sizeof *rows, by_score);
	for (k = 0; k < n; k++) {
		json_t *s = json_object_get(rows[k], "inspection_score");
		const char *list = "";
		if (json_is_number(s)) {
			double v = json_number_value(s);
			int barred = json_integer_value(json_object_get(rows[k], "overdue_notices")) ||
				     json_integer_value(json_object_get(rows[k], "stopwork_notices"));
			list = v >= red && !barred ? "red" : v < black ? "black" : "";
		}
		json_object_set_new(rows[k], "rank", json_is_number(s) ? json_integer((json_int_t)k + 1) : json_null());
		json_object_set_new(rows[k], "list", json_string(list));
	}
	qsort(rows, n, sizeof *rows, by_name);
	out = json_array();
	for (k = 0; k < n; k++)
		json_array_append(out, rows[k]);
out:
	free(rows);
	json_decref(l.by_site);
	return out;
}

static int listed(void *payload, const store_listed_site *r)
{
	json_array_append_new(payload, json_pack("{sssssf}", "site", r->site, "name", r->name ? r->name : "",
						 "inspection_score", r->score));
	return 0;
}

/* One ledger row on a list (report_lists' shape), while under limit. */
static void list_row(json_t *to, const json_t *row, size_t *n, size_t limit)
{
	if ((*n)++ >= limit)
		return;
	const char *name = json_string_value(json_object_get(row, "name"));
	store_listed_site r = {json_string_value(json_object_get(row, "site")), name ? name : "",
			       json_number_value(json_object_get(row, "inspection_score"))};
	listed(to, &r);
}

/* report_lists from the ledger's ranks: when a checklist is dated after
 * today (a laptop with a fast clock), site_latest is not today's answer. */
static int lists_of_ledger(app *a, const char *today, size_t limit, json_t *r, json_t *b, size_t *nr, size_t *nb)
{
	json_t *rows = report_ledger(a, today, "zh");
	if (!rows)
		return -1;
	size_t n = json_array_size(rows), i;
	json_t **v = xcalloc(n ? n : 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = json_array_get(rows, i);
	qsort(v, n, sizeof *v, report_cmp_rank);
	/* The red list best first, the black worst first: the ranks backwards. */
	for (i = 0; i < n; i++)
		if (str_eq(json_string_value(json_object_get(v[i], "list")), "red"))
			list_row(r, v[i], nr, limit);
	for (i = n; i-- > 0;)
		if (str_eq(json_string_value(json_object_get(v[i], "list")), "black"))
			list_row(b, v[i], nb, limit);
	free(v);
	json_decref(rows);
	return 0;
}

json_t *report_lists(app *a, const char *today, size_t limit)
{
	double red, black;
	size_t nr = 0, nb = 0;
	report_thresholds(a, &red, &black);
	json_t *r = json_array(), *b = json_array();
	int later = store_site_latest_after(a->db, today), rc = later;
	if (later == 1)
		rc = lists_of_ledger(a, today, limit, r, b, &nr, &nb);
	else if (later == 0)
		rc = store_site_list(a->db, 0, red, today, limit, &nr, listed, r) < 0 ||
				     store_site_list(a->db, 1, black, today, limit, &nb, listed, b) < 0
			     ? -1
			     : 0;
	if (rc < 0) {
		json_decref(r), json_decref(b);
		return NULL;
	}
	return json_pack("{s{sIso}s{sIso}}", "red", "count", (json_int_t)nr, "sites", r, "black", "count",
			 (json_int_t)nb, "sites", b);
}

int report_cmp_rank(const void *x, const void *y)
{
	const json_t *a = json_object_get(*(json_t *const *)x, "rank"), *b = json_object_get(*(json_t *const *)y, "rank");
	json_int_t ra = json_is_integer(a) ? json_integer_value(a) : INT64_MAX;
	json_int_t rb = json_is_integer(b) ? json_integer_value(b) : INT64_MAX;
	return ra < rb ? -1 : ra > rb;
}
