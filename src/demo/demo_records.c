/*
 * demo_records: the demo station's field work and what follows it: the
 * values records are made of, inspections against the dust checklist, the
 * rectification notice after a failed one and its re-inspections, the
 * supervisor's review of what is submitted (approve, or return and
 * resubmit), and the drafts left open at the end of the year. Complaints,
 * agreements, surveys and machinery checks are in demo_more.c.
 *
 * Each function does one step of the year and schedules what follows it;
 * nothing is kept but the demo's own state (see demo_impl.h).
 */
#include "demo_impl.h"
#include "record.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

/* --- field values --- */

void demo_put(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(o, key, json_string(v));
}

void demo_put_own(json_t *o, const char *key, char *v)
{
	demo_put(o, key, v);
	free(v);
}

void demo_put_person(json_t *o, const char *key, const char *name, const char *phone)
{
	json_t *p = json_pack("{ss}", "name", name);
	if (phone)
		json_object_set_new(p, "phone", json_string(phone));
	json_object_set_new(o, key, p);
}

void demo_put_sign(demo *d, json_t *o, const char *key, const char *name)
{
	char stamp[32];
	app_stamp(d->a, stamp);
	json_object_set_new(o, key, json_pack("{ssss}", "name", name, "time", stamp));
}

void demo_put_day(json_t *o, const char *key, int64_t day)
{
	char buf[32];
	fmt_date(day * DAY_MS, buf, sizeof buf);
	demo_put(o, key, buf);
}

void demo_put_codes(json_t *o, const char *key, const char *const *codes, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_string(codes[i]));
	json_object_set_new(o, key, arr);
}

/* tmpl with {place}, {road} and {n} filled in (caller frees). */
char *demo_fill(demo *d, const char *tmpl, const char *place, const char *road)
{
	strbuf b;
	sb_init(&b);
	for (const char *p = tmpl; *p;) {
		if (str_starts(p, "{place}"))
			sb_puts(&b, place), p += 7;
		else if (str_starts(p, "{road}"))
			sb_puts(&b, road), p += 6;
		else if (str_starts(p, "{n}"))
			sb_printf(&b, "%ld", demo_between(d, 3, 40)), p += 3;
		else
			sb_putc(&b, *p++);
	}
	return sb_take(&b);
}

/* What the supervisor does with a record submitted for review: most are
 * approved within days, a few returned for correction, a few overlooked;
 * December's still wait. */
void demo_schedule_review(demo *d, const char *id, int author, int kind, int return_pm)
{
	job j = demo_new_job(J_APPROVE, 0, 0);
	int r = (int)demo_below(d, 1000);
	if (r >= 970)
		return;
	if (r < return_pm) {
		j.what = J_RETURN;
		j.ms = demo_later(d, 1, 4);
	} else {
		j.ms = demo_later(d, 1, 10);
	}
	j.author = author;
	j.aux = kind;
	snprintf(j.id, sizeof j.id, "%s", id);
	demo_schedule(d, j);
}

/* --- inspections and notices --- */

/* Whether a checklist item applies at a site at stage st: wet methods and
 * wind stops are for earthwork, muck trucks and machines leave as the
 * finishing starts. */
static int applies(demo *d, const char *item, int st)
{
	int early = st <= ST_FOUNDATION;
	if (str_eq(item, "wet") || str_eq(item, "windstop"))
		return early || demo_chance(d, 200);
	if (str_eq(item, "transport"))
		return st < ST_FINISHING || demo_chance(d, 400);
	if (str_eq(item, "machinery"))
		return st < ST_FINISHING || demo_chance(d, 300);
	return 1;
}

/* A recent complaint about a registered site that no inspection has
 * followed up yet, or -1. */
static int recent_complaint_to_follow(demo *d)
{
	for (int i = 0; i < d->n_recent; i++) {
		recent_complaint *c = &d->recent[i];
		if (!c->followed && c->site >= 0 && demo_today(d) - c->day <= 10)
			return i;
	}
	return -1;
}

static const char *inspection_type(demo *d, int *complaint)
{
	int quarter_end = d->cal[demo_today(d) - d->day0].month % 3 == 0;
	*complaint = -1;
	int r = (int)demo_below(d, 100), quarterly = quarter_end ? 70 : 10;
	if (r < quarterly)
		return "quarterly";
	if (r < quarterly + (quarter_end ? 6 : 18) && (*complaint = recent_complaint_to_follow(d)) >= 0)
		return "complaint";
	return demo_chance(d, 100) ? "joint" : "revisit";
}

/* Decides which items failed: the failing items' indexes in demo_problems
 * go to failed[], their count is returned. */
static int choose_failures(demo *d, const int *applicable, int *failed)
{
	static const int sizes[] = {50, 30, 15, 5};
	int want = demo_weighted(d, sizes, 4) + 1, n = 0;
	int w[32];
	for (size_t i = 0; i < demo_n_problems; i++)
		w[i] = applicable[i] ? demo_problems[i].weight : 0;
	for (; n < want; n++) {
		int any = 0;
		for (size_t i = 0; i < demo_n_problems; i++)
			any |= w[i] > 0;
		if (!any)
			break;
		int i = demo_weighted(d, w, (int)demo_n_problems);
		failed[n] = i;
		w[i] = 0;
	}
	return n;
}

int demo_make_inspection(demo *d)
{
	int from_complaint;
	const char *type = inspection_type(d, &from_complaint);
	long si = from_complaint >= 0 ? d->recent[from_complaint].site : demo_pick_site(d);
	site_t *s = &d->sites[si];
	int who = demo_chance(d, 800) ? s->owner : demo_random_inspector(d, NO_ONE);
	int companion = demo_chance(d, 500) ? demo_random_inspector(d, who) : NO_ONE;
	demo_act_as(d, who); /* for the signatures' time and the default inspector */
	long left = d->want[K_INSPECTION] - d->made[K_INSPECTION], notices_left = d->want[K_NOTICE] - d->notices_due;
	int failing = demo_below(d, left) < notices_left;

	json_t *f = json_object(), *problems = json_array(), *notice_problems = json_array();
	int applicable[32], failed[8], n_failed = 0;
	for (size_t i = 0; i < demo_n_problems; i++)
		applicable[i] = applies(d, demo_problems[i].field, s->stage);
	if (failing)
		n_failed = choose_failures(d, applicable, failed);
	int stopwork = n_failed > 0 && ((n_failed >= 3 && demo_chance(d, 250)) || demo_chance(d, 10));
	int days = stopwork ? (int)demo_between(d, 7, 15) : (int[]){3, 5, 7, 7, 10, 10, 15}[demo_below(d, 7)];
	char deadline[16];
	fmt_date((demo_today(d) + days) * DAY_MS, deadline, sizeof deadline);

	demo_put(f, "site", s->id);
	demo_put_day(f, "date", demo_today(d));
	if (companion != NO_ONE)
		demo_put(f, "companions", d->actors[companion].name);
	demo_put(f, "type", type);
	if (from_complaint >= 0) {
		demo_put(f, "complaint", d->recent[from_complaint].id);
		d->recent[from_complaint].followed = 1;
	}
	strbuf other;
	sb_init(&other);
	for (size_t i = 0; i < demo_n_problems; i++) {
		const demo_problem *p = &demo_problems[i];
		int bad = 0;
		for (int k = 0; k < n_failed; k++)
			bad |= failed[k] == (int)i;
		int scored = !str_eq(p->item, "other");
		demo_put(f, p->field, bad ? "no" : applicable[i] ? "yes" : "na");
		if (!bad)
			continue;
		char *note = demo_fill(d, demo_pick(d, &p->notes), s->name, demo_site_road(s));
		if (scored) {
			char key[40];
			snprintf(key, sizeof key, "%s_note", p->field);
			demo_put(f, key, note);
		} else {
			sb_printf(&other, "%s%s", other.len ? "；" : "", note);
		}
		json_array_append_new(problems,
				      json_pack("{ssssss}", "description", note, "item", p->item, "deadline", deadline));
		json_array_append_new(notice_problems, json_pack("{ssss}", "description", note, "requirement", p->requirement));
		free(note);
	}
	demo_put(f, "other_note", other.s);
	sb_free(&other);
	demo_put(f, "verdict", n_failed == 0 ? "pass" : stopwork ? "stopwork" : "rectify");
	if (n_failed)
		json_object_set(f, "problems", problems);
	demo_put(f, "opinion", demo_pick(d, n_failed == 0 ? &demo_opinions_pass
					    : stopwork    ? &demo_opinions_stopwork
							  : &demo_opinions_rectify));
	if (demo_chance(d, 850))
		demo_put_sign(d, f, "site_sign", s->manager);
	json_decref(problems);

	char id[40];
	if (demo_create(d, who, K_INSPECTION, "inspection", f, id) < 0) {
		json_decref(notice_problems);
		return -1;
	}
	demo_schedule_review(d, id, who, K_INSPECTION, 50);
	if (!n_failed) {
		json_decref(notice_problems);
		return 0;
	}
	/* The notice is written up on site, within the hour or two. */
	job j = demo_new_job(J_NOTICE, d->a->clock_ms + demo_between(d, 20, 120) * 60000, who);
	j.site = si;
	j.aux = days;
	j.flag = stopwork;
	j.companion = companion;
	j.data = notice_problems;
	snprintf(j.id, sizeof j.id, "%s", id);
	demo_schedule(d, j);
	d->notices_due++;
	return 0;
}

int demo_make_notice(demo *d, job *j)
{
	site_t *s = &d->sites[j->site];
	int64_t issued = demo_today(d);
	demo_act_as(d, j->who);
	json_t *f = json_object();
	demo_put(f, "kind", j->flag ? "stopwork" : "deadline");
	demo_put(f, "site", s->id);
	demo_put(f, "inspection", j->id);
	demo_put_day(f, "issued", issued);
	demo_put(f, "builder_unit", s->builder);
	demo_put(f, "contractor_unit", s->contractor);
	demo_put(f, "supervisor_unit", s->supervisor);
	json_object_set_new(f, "problems", j->data);
	j->data = NULL;
	demo_put_day(f, "deadline", issued + j->aux);
	if (j->companion != NO_ONE)
		demo_put_person(f, "inspector2", d->actors[j->companion].name, NULL);
	if (demo_chance(d, 700)) {
		demo_put(f, "delivery", "handed");
		demo_put_sign(d, f, "receipt", s->manager);
	} else {
		demo_put(f, "delivery", "posted");
	}
	char id[40];
	if (demo_create(d, j->who, K_NOTICE, "notice", f, id) < 0)
		return -1;
	snprintf(s->last_notice, sizeof s->last_notice, "%s", id);
	s->last_notice_day = issued;

	/* Most are rectified by the deadline; some late, after the managers
	 * are summoned; a few are let slip and stay overdue. */
	int r = (int)demo_below(d, 1000);
	if (r < 50)
		return 0;
	job next = demo_new_job(J_REINSPECT, 0, j->who);
	snprintf(next.id, sizeof next.id, "%s", id);
	next.site = j->site;
	int64_t deadline = issued + j->aux;
	if (r < 120) {
		next.flag = 1;
		next.ms = demo_at(d, demo_next_workday(d, deadline + demo_between(d, 1, 5)), 540, 1020);
	} else {
		int64_t day = deadline - demo_between(d, 0, j->aux > 3 ? 3 : j->aux - 1);
		next.ms = demo_at(d, demo_next_workday(d, day), 540, 1020);
	}
	if (next.ms <= d->a->clock_ms)
		next.ms = demo_later(d, 1, 2);
	demo_schedule(d, next);
	return 0;
}

static const char *const escalations[][2] = {
	{"interview", NULL}, {"interview", "penalty"}, {"interview", "blacklist"}, {"penalty", "blacklist"},
};
static const int escalation_weights[] = {60, 20, 15, 5};

/* A re-inspection (复查): rectified, or (flag 1) not yet, with the managers
 * summoned, and another visit a week or so later. */
int demo_reinspect(demo *d, const job *j)
{
	demo_act_as(d, j->who);
	json_t *f = json_object();
	demo_put_day(f, "reinspected", demo_today(d));
	demo_put_person(f, "reinspector", d->actors[j->who].name, NULL);
	if (j->flag == 1) {
		const char *const *e = escalations[demo_weighted(d, escalation_weights, 4)];
		demo_put(f, "result", "unrectified");
		demo_put_codes(f, "escalation", e, e[1] ? 2 : 1);
		demo_put(f, "reinspect_note", demo_pick(d, &demo_reinspect_bad));
		if (demo_set_fields(d, j->id, f) < 0)
			return -1;
		job next = *j;
		next.flag = 2;
		next.ms = demo_later(d, 5, 12);
		demo_schedule(d, next);
		return 0;
	}
	demo_put(f, "result", "rectified");
	if (j->flag == 2)
		json_object_set_new(f, "escalation", json_null());
	demo_put(f, "reinspect_note", demo_pick(d, &demo_reinspect_ok));
	if (demo_set_fields(d, j->id, f) < 0 || demo_step(d, j->id, "rectify", NULL) < 0)
		return -1;
	if (demo_chance(d, 900)) {
		job next = demo_new_job(J_CLOSE, demo_later(d, 1, 10), 0);
		snprintf(next.id, sizeof next.id, "%s", j->id);
		demo_schedule(d, next);
	}
	return 0;
}

/* --- review steps --- */

static const char *const fix_field[K_COUNT] = {
	[K_INSPECTION] = "opinion", [K_AGREEMENT] = "other", [K_SURVEY] = "comments", [K_MACHINERY] = "notes",
};

int demo_review(demo *d, const job *j)
{
	demo_act_as(d, 0);
	if (j->what == J_APPROVE)
		return demo_step(d, j->id, "approve", NULL);
	if (demo_step(d, j->id, "return", demo_pick(d, &demo_return_reasons)) < 0)
		return -1;
	if (demo_chance(d, 850)) {
		job next = *j;
		next.what = J_RESUBMIT;
		next.who = j->author;
		next.ms = demo_later(d, 1, 3);
		demo_schedule(d, next);
	}
	return 0;
}

/* The author corrects a returned record and submits it again. */
int demo_resubmit(demo *d, const job *j)
{
	demo_act_as(d, j->who);
	json_t *f = json_object();
	demo_put(f, fix_field[j->aux], demo_pick(d, &demo_resubmit_notes));
	if (demo_set_fields(d, j->id, f) < 0)
		return -1;
	if (rec_submit(d->a, j->id, d->problems) < 0)
		return err_prefix("resubmitting %s", j->id);
	job next = *j;
	next.what = J_APPROVE;
	next.who = 0;
	next.ms = demo_later(d, 1, 5);
	demo_schedule(d, next);
	return 0;
}

/* --- drafts: work in hand on this device at the end of the year --- */

int demo_make_draft(demo *d)
{
	demo_act_as(d, 0);
	json_t *f = json_object();
	const char *kind;
	const site_t *s = &d->sites[demo_pick_site(d)];
	switch (d->made[K_DRAFT] % 3) {
	case 0:
		kind = "inspection";
		demo_put(f, "site", s->id);
		demo_put(f, "type", "revisit");
		demo_put(f, "hoarding", "yes");
		demo_put(f, "cover", "yes");
		demo_put(f, "wash", "no");
		break;
	case 1:
		kind = "complaint";
		demo_put(f, "channel", "hotline");
		demo_put(f, "consent", "no");
		demo_put_codes(f, "category", (const char *const[]){"dust"}, 1);
		demo_put_own(f, "content", xasprintf("%s工地扬尘较大（电话记录，待核实）", s->name));
		break;
	default:
		kind = "survey";
		demo_put(f, "site", s->id);
		demo_put(f, "respondent", "resident");
		demo_put(f, "method", "onsite");
		demo_put(f, "q_dust", "satisfied");
		break;
	}
	char *id = NULL;
	int rc = rec_new(d->a, kind, f, 0, d->problems, &id);
	json_decref(f);
	free(id);
	return rc < 0 ? err_prefix("generated %s draft", kind) : demo_counted(d, K_DRAFT);
}
