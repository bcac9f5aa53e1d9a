/*
 * demo: makes a demonstration station, a year of one municipal supervision
 * station's dust-control work in Huaihua (station HH), through the same
 * record functions people's commands use: every record is validated
 * against its form and every change is a signed event.
 *
 * The year is simulated day by day. Each day gets its share of the year's
 * sites, inspections, complaints, agreements, surveys and machinery checks
 * (quarterly assessments in the last month of each quarter, complaints
 * following the dry season, little work over the Spring Festival, May Day
 * and National Day), and each record schedules what follows from it: the
 * notice after a failed inspection, its re-inspection and closing, a
 * complaint's visit, reply and closing, the supervisor's review. Pending
 * steps wait in a heap ordered by time, so events are written in the order
 * they happen and their clocks follow the calendar. Steps that would fall
 * after the year are left undone: notices issued in December are still
 * open (and overdue by now), the last complaints are still being handled.
 *
 * Records come from several inspectors, each with a device and signing key
 * of its own, as if their laptops had synced to the station; the supervisor
 * (张伟) reviews and registers on this data directory's own device, A01.
 * Content depends only on the seed; record ids and keys are random as always.
 *
 * This file holds the randomness, the calendar, the plan, the heap of
 * pending steps, the identities and the making of records, and runs the
 * year; demo_sites.c makes the people and sites, demo_records.c and
 * demo_more.c the work done at them.
 *
 * Memory: the sites, the people and the pending steps, never the records.
 */
#include "demo_impl.h"
#include "record.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* What each part of the plan counts as in the summary: the kinds the
 * generator knows how to fill (checked against the forms' kinds when a
 * demo starts), and the drafts. */
static const char *const kind_name[K_COUNT] = {
	"site", "inspector", "device", "inspection", "notice", "agreement",
	"complaint", "survey", "machinery", "draft",
};

/* The station's 2023 (domain.md) with the sites, people and drafts around
 * it: the default station, and the proportions of any other size. */
static const long base_count[K_COUNT] = {26, 6, 6, 157, 102, 18, 192, 120, 12, 4};
#define BASE_TOTAL DEMO_RECORDS /* their sum */

/* --- randomness: splitmix64, so a seed gives the same station anywhere --- */

static uint64_t rnd(demo *d)
{
	uint64_t z = (d->rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

long demo_below(demo *d, long n)
{
	return n > 0 ? (long)(rnd(d) % (uint64_t)n) : 0;
}

/* lo..hi inclusive. */
long demo_between(demo *d, long lo, long hi)
{
	return hi > lo ? lo + demo_below(d, hi - lo + 1) : lo;
}

int demo_chance(demo *d, int per_mille)
{
	return demo_below(d, 1000) < per_mille;
}

const char *demo_pick(demo *d, const demo_list *l)
{
	return l->s[demo_below(d, (long)l->n)];
}

/* An index into weights[0..n) drawn in proportion to them. */
int demo_weighted(demo *d, const int *weights, int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += weights[i];
	long r = demo_below(d, sum);
	for (int i = 0; i < n; i++)
		if ((r -= weights[i]) < 0)
			return i;
	return n - 1;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- the calendar --- */

static int is_work(const demo *d, int64_t day)
{
	int64_t i = day - d->day0;
	if (i >= 0 && i < d->ndays)
		return d->cal[i].work;
	int wd = (int)((day + 4) % 7); /* 1970-01-01 was a Thursday; 0 is Sunday */
	return wd >= 1 && wd <= 5;
}

int64_t demo_next_workday(const demo *d, int64_t day)
{
	for (int i = 0; i < 10 && !is_work(d, day); i++)
		day++;
	return day;
}

/* Weekends and the public holidays that stop site work: New Year's Day,
 * the Spring Festival week, May Day and National Day. */
static void build_calendar(demo *d)
{
	int64_t sf = demo_spring_festival(d->year);
	char buf[32];
	snprintf(buf, sizeof buf, "%04d-02-01", d->year);
	if (sf < 0 && parse_date(buf, &sf) < 0)
		sf = d->day0 + 31;
	d->cal = xcalloc((size_t)d->ndays, sizeof *d->cal);
	d->first_work = -1;
	for (int i = 0, nth = 0; i < d->ndays; i++) {
		int64_t day = d->day0 + i;
		calendar_day *c = &d->cal[i];
		fmt_date(day * DAY_MS, buf, sizeof buf);
		c->month = atoi(buf + 5);
		c->mday = atoi(buf + 8);
		int wd = (int)((day + 4) % 7);
		int holiday = (c->month == 1 && c->mday == 1) || (day >= sf - 1 && day <= sf + 5) ||
			      (c->month == 5 && c->mday <= 5) || (c->month == 10 && c->mday <= 7);
		c->work = wd >= 1 && wd <= 5 && !holiday;
		c->nth_work = nth;
		nth += c->work;
		if (c->work && d->first_work < 0)
			d->first_work = i;
	}
	if (d->first_work < 0)
		d->first_work = 0;
}

/* How much of the year's records of kind k fall on day i. The first week
 * goes to registering sites and people; field work follows. */
static double day_weight(const demo *d, int k, int i)
{
	static const double complaint_season[12] = {1.3, 1.1, 0.9, 0.8, 0.8, 0.7, 0.8, 0.9, 1.1, 1.3, 1.4, 1.4};
	const calendar_day *c = &d->cal[i];
	int quarter_end = c->month % 3 == 0, settling = i < d->first_work + 5;
	if (d->shares[k].uniform)
		return settling && k != K_SITE ? 0 : 1;
	switch (k) {
	case K_SITE:
		/* Most sites are registered in the first three working days (the
		 * projects under way), the rest as new ones start, February to
		 * November. */
		if (c->work && c->nth_work < 3)
			return d->site_rush;
		return c->work && c->month >= 2 && c->month <= 11 ? 1 : 0;
	case K_INSPECTION:
		return settling ? 0 : c->work ? (quarter_end ? 2.2 : 1) : 0.05;
	case K_AGREEMENT:
		return settling || !c->work ? 0 : c->month >= 2 && c->month <= 4 ? 5 : 1;
	case K_COMPLAINT:
		return i < d->first_work ? 0 : complaint_season[c->month - 1] * (c->work ? 1 : 0.6);
	case K_SURVEY:
		return settling || !c->work ? 0 : quarter_end ? 2 : c->month == 11 ? 1.5 : 1;
	case K_MACHINERY:
		return !settling && c->work && c->mday >= 8 && c->mday <= 16 ? 1 : 0;
	case K_DRAFT:
		return i >= d->ndays - 5 ? (c->work ? 1 : 0.3) : 0;
	default:
		return 0;
	}
}

static void plan_shares(demo *d)
{
	int spread = 0;
	for (int i = 0; i < d->ndays; i++)
		spread += d->cal[i].work && d->cal[i].nth_work >= 3 && d->cal[i].month >= 2 && d->cal[i].month <= 11;
	/* 70% on those three days, 30% over the others. */
	d->site_rush = spread ? 0.7 * spread / (0.3 * 3) : 1;
	for (int k = 0; k < K_COUNT; k++) {
		share *s = &d->shares[k];
		for (int pass = 0; pass < 2 && s->total <= 0; pass++) {
			s->uniform = pass;
			for (int i = 0; i < d->ndays; i++)
				s->total += day_weight(d, k, i);
		}
	}
}

/* How many records of kind k to make on day i: the rounded running share,
 * so the year's total comes out exact. */
static long due_on(demo *d, int k, int i)
{
	share *s = &d->shares[k];
	if (s->total <= 0)
		return 0;
	s->cum += day_weight(d, k, i);
	long target = i == d->ndays - 1 ? d->want[k] : (long)((double)d->want[k] * (s->cum / s->total) + 0.5);
	if (target > d->want[k])
		target = d->want[k];
	long n = target - s->given;
	s->given = target > s->given ? target : s->given;
	return n > 0 ? n : 0;
}

/* --- how many of each: the 2023 year scaled to n records --- */

static void plan_counts(long n, long want[K_COUNT])
{
	want[K_SITE] = (long)((double)base_count[K_SITE] * (double)n / BASE_TOTAL + 0.5);
	if (want[K_SITE] < 24)
		want[K_SITE] = 24;
	want[K_INSPECTOR] = (long)((double)base_count[K_INSPECTOR] * (double)n / BASE_TOTAL + 0.5);
	if (want[K_INSPECTOR] < 6)
		want[K_INSPECTOR] = 6;
	want[K_DEVICE] = want[K_INSPECTOR];
	long rest = n - want[K_SITE] - 2 * want[K_INSPECTOR], base = 0, given = 0;
	double frac[K_COUNT] = {0};
	for (int k = K_INSPECTION; k < K_COUNT; k++)
		base += base_count[k];
	for (int k = K_INSPECTION; k < K_COUNT; k++) {
		double exact = (double)rest * (double)base_count[k] / (double)base;
		want[k] = (long)exact;
		frac[k] = exact - (double)want[k];
		given += want[k];
	}
	/* Largest remainders get the records left over. */
	for (; given < rest; given++) {
		int best = K_INSPECTION;
		for (int k = K_INSPECTION; k < K_COUNT; k++)
			if (frac[k] > frac[best])
				best = k;
		want[best]++;
		frac[best] = -1;
	}
}

/* --- the heap of pending steps --- */

static int job_before(const job *x, const job *y)
{
	return x->ms < y->ms || (x->ms == y->ms && x->seq < y->seq);
}

void demo_schedule(demo *d, job j)
{
	if (d->n_heap == d->cap_heap) {
		d->cap_heap = d->cap_heap ? 2 * d->cap_heap : 1024;
		d->heap = xrealloc(d->heap, d->cap_heap * sizeof *d->heap);
	}
	j.seq = d->next_seq++;
	size_t i = d->n_heap++;
	while (i > 0 && job_before(&j, &d->heap[(i - 1) / 2])) {
		d->heap[i] = d->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	d->heap[i] = j;
}

static job unschedule(demo *d)
{
	job top = d->heap[0], last = d->heap[--d->n_heap];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= d->n_heap)
			break;
		if (c + 1 < d->n_heap && job_before(&d->heap[c + 1], &d->heap[c]))
			c++;
		if (!job_before(&d->heap[c], &last))
			break;
		d->heap[i] = d->heap[c];
		i = c;
	}
	if (d->n_heap)
		d->heap[i] = last;
	return top;
}

job demo_new_job(int what, int64_t ms, int who)
{
	job j = {.what = what, .ms = ms, .who = who, .author = who, .site = -1, .companion = NO_ONE};
	return j;
}

/* A moment on day between lo and hi minutes after midnight, Beijing time
 * (the zone the demo runs in). lo >= 480 (08:00) keeps the UTC date the
 * same as the local one, so day numbers (ms / DAY_MS) are local days. */
int64_t demo_at(demo *d, int64_t day, int lo, int hi)
{
	return day * DAY_MS + (demo_between(d, lo, hi) - 480) * 60000 + demo_below(d, 60000);
}

/* A moment in office hours (08:30-17:30) days_lo..days_hi days after now,
 * on a working day; the next one if that moment has passed. Steps stay in
 * office hours so that what follows them within the hour or two is still
 * on the same day. */
int64_t demo_later(demo *d, int days_lo, int days_hi)
{
	int64_t now = d->a->clock_ms, day = now / DAY_MS + demo_between(d, days_lo, days_hi);
	int64_t ms = demo_at(d, demo_next_workday(d, day), 510, 1050);
	return ms > now ? ms : demo_at(d, demo_next_workday(d, now / DAY_MS + 1), 510, 1050);
}

int64_t demo_today(const demo *d)
{
	return d->a->clock_ms / DAY_MS;
}

/* --- identities --- */

/* Writes the next records as actor k: its device code, name and key.
 * app_close() frees a->device and a->inspector, so they always hold
 * copies of ours; the originals are put back by restore_identity(). */
void demo_act_as(demo *d, int k)
{
	if (d->current == k)
		return;
	actor *p = &d->actors[k];
	app_act_as(d->a, p->code, p->name, &p->key);
	d->current = k;
}

static void restore_identity(demo *d)
{
	if (!d->orig_device)
		return;
	app_act_as(d->a, d->orig_device, d->orig_inspector, &d->orig_me);
	free(d->orig_device);
	free(d->orig_inspector);
	d->orig_device = d->orig_inspector = NULL;
	d->current = 0;
}

/* Human numbers are per device (HH-A03-2023-0017), but their counter is a
 * setting of this data directory, one for all devices. Each device's own
 * count is handed to it before it numbers a record, as on its own laptop. */
static int use_counter(demo *d, int k)
{
	char buf[24];
	if (d->seq_owner == k)
		return 0;
	snprintf(buf, sizeof buf, "%ld", d->actors[k].seq);
	if (store_set_setting(d->a->db, d->seq_key, buf) < 0)
		return -1;
	d->seq_owner = k;
	return 0;
}

/* --- creating records --- */

static void progress(demo *d, int last)
{
	double now = seconds();
	if (!d->progress || (!last && now - d->last_progress < 0.25))
		return;
	d->last_progress = now;
	double rate = now > d->t0 ? (double)d->total / (now - d->t0) : 0;
	d->progress(d->total, d->wanted, rate, last, d->payload);
}

/* Counts a new record (for the progress line and the summary). */
int demo_counted(demo *d, int k)
{
	d->made[k]++;
	d->total++;
	if (d->total % 256 == 0)
		progress(d, 0);
	return 0;
}

/* Creates a submitted record of kind from fields (consumed) as actor k;
 * its id goes to id_out. A refusal is a bug in the generator: the
 * problems stay in d->problems for the caller to show. */
int demo_create(demo *d, int k, int counted_as, const char *kind, json_t *fields, char id_out[40])
{
	const form *f = formset_get(d->a->forms, kind);
	char *id = NULL;
	demo_act_as(d, k);
	int rc = f && f->numbered ? use_counter(d, k) : 0;
	if (rc == 0 && (rc = rec_new(d->a, kind, fields, 1, d->problems, &id)) < 0)
		err_prefix("generated %s", kind);
	json_decref(fields);
	if (rc < 0)
		return -1;
	if (f && f->numbered)
		d->actors[k].seq++;
	snprintf(id_out, 40, "%s", id);
	free(id);
	return demo_counted(d, counted_as);
}

int demo_set_fields(demo *d, const char *id, json_t *fields)
{
	int rc = rec_set(d->a, id, fields, d->problems);
	json_decref(fields);
	return rc < 0 ? err_prefix("generated change to %s", id) : 0;
}

int demo_step(demo *d, const char *id, const char *op, const char *note)
{
	return rec_step(d->a, id, op, note) < 0 ? err_prefix("%s %s", op, id) : 0;
}

/* --- the year --- */

static int run_job(demo *d, job *j)
{
	app_set_clock(d->a, j->ms);
	switch (j->what) {
	case J_STAFF: return demo_make_staff(d);
	case J_SITE: return demo_make_site(d);
	case J_INSPECTION: return demo_make_inspection(d);
	case J_NOTICE: return demo_make_notice(d, j);
	case J_AGREEMENT: return demo_make_agreement(d);
	case J_COMPLAINT: return demo_make_complaint(d);
	case J_SURVEY: return demo_make_survey(d);
	case J_MACHINERY: return demo_make_machinery(d);
	case J_DRAFT: return demo_make_draft(d);
	case J_APPROVE:
	case J_RETURN: return demo_review(d, j);
	case J_RESUBMIT: return demo_resubmit(d, j);
	case J_REINSPECT: return demo_reinspect(d, j);
	case J_CLOSE: demo_act_as(d, 0); return demo_step(d, j->id, "close", NULL);
	case J_HANDLE: return demo_handle_complaint(d, j);
	case J_VISIT: return demo_visit(d, j);
	case J_REPLY: return demo_reply_complaint(d, j);
	case J_VOID: demo_act_as(d, 0); return demo_step(d, j->id, "void", "重复登记：同一投诉已由其他工单受理");
	case J_SITE_STAGE: return demo_site_stage(d, j);
	case J_SITE_DONE: return demo_site_done(d, j);
	}
	return 0;
}

/* Puts day i's new records on the heap at their times of day. */
static void plan_day(demo *d, int i)
{
	static const struct {
		int kind, what, lo, hi;
	} work[] = {
		{K_SITE, J_SITE, 520, 690},           {K_INSPECTION, J_INSPECTION, 510, 1020},
		{K_AGREEMENT, J_AGREEMENT, 540, 1020}, {K_COMPLAINT, J_COMPLAINT, 480, 1290},
		{K_SURVEY, J_SURVEY, 540, 1050},       {K_MACHINERY, J_MACHINERY, 540, 960},
		{K_DRAFT, J_DRAFT, 960, 1110},
	};
	int64_t day = d->day0 + i;
	if (i == d->first_work)
		demo_schedule(d, demo_new_job(J_STAFF, demo_at(d, day, 480, 500), 0));
	for (size_t w = 0; w < DW_ARRAY_LEN(work); w++)
		for (long n = due_on(d, work[w].kind, i); n > 0; n--)
			demo_schedule(d, demo_new_job(work[w].what, demo_at(d, day, work[w].lo, work[w].hi), 0));
}

static int run_year(demo *d)
{
	for (int i = 0; i < d->ndays; i++) {
		plan_day(d, i);
		int64_t end = (d->day0 + i + 1) * DAY_MS;
		while (d->n_heap && d->heap[0].ms < end) {
			job j = unschedule(d);
			int rc = run_job(d, &j);
			json_decref(j.data);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

/* --- setting up and running --- */

static int setup(demo *d, app *a, const demo_options *opt, int year, int64_t day0, int ndays)
{
	d->a = a;
	d->rng = opt->seed;
	d->year = year;
	d->day0 = day0;
	d->ndays = ndays;
	d->progress = opt->progress;
	d->payload = opt->payload;
	plan_counts(opt->records, d->want);
	for (int k = 0; k < K_COUNT; k++)
		d->wanted += d->want[k];
	build_calendar(d);
	plan_shares(d);
	/* From here a->device and a->inspector are copies demo_act_as() may
	 * replace; the originals wait in d until restore_identity(). */
	d->orig_device = xstrdup(a->device);
	d->orig_inspector = xstrdup(a->inspector);
	d->orig_me = a->me;
	d->current = 0;
	snprintf(d->seq_key, sizeof d->seq_key, "seq:%04d", year);
	d->n_sites = d->want[K_SITE];
	d->sites = xcalloc((size_t)d->n_sites, sizeof *d->sites);
	for (d->names_cap = 64; d->names_cap < 2 * (size_t)d->n_sites; d->names_cap *= 2)
		;
	d->names = xcalloc(d->names_cap, sizeof *d->names);
	return demo_make_actors(d);
}

/* Each device's events on its branch, under a manifest signed with its
 * key, as its own laptop would have committed them. */
static int commit_branches(demo *d, app *a)
{
	signer *keys = xcalloc((size_t)d->n_actors, sizeof *keys);
	size_t n = 0;
	for (int k = 0; k < d->n_actors; k++)
		keys[k] = d->actors[k].key;
	int rc = repo_commit_as(a, keys, (size_t)d->n_actors, &n);
	sodium_memzero(keys, (size_t)d->n_actors * sizeof *keys);
	free(keys);
	return rc;
}

static void free_demo(demo *d)
{
	for (size_t i = 0; i < d->n_heap; i++)
		json_decref(d->heap[i].data);
	free(d->heap);
	free(d->cal);
	free(d->sites);
	free(d->names);
	if (d->actors)
		sodium_memzero(d->actors, (size_t)d->n_actors * sizeof *d->actors);
	free(d->actors);
	json_decref(d->problems);
}

/* The line the command prints: counts, events and time (caller frees). */
static char *summary(const demo *d, const char *home, double secs, int64_t events)
{
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "demo: station HH in %s, year %d: %ld records (", home, d->year, d->total);
	for (int k = 0; k < K_COUNT; k++)
		sb_printf(&b, "%s%s %ld", k ? ", " : "", kind_name[k], d->made[k]);
	sb_printf(&b, "), %lld events in %.2f s (%.0f records/s)", (long long)events, secs,
		  secs > 0 ? (double)d->total / secs : 0.0);
	return sb_take(&b);
}

/* Runs the year in one transaction, as a bulk load: the summaries'
 * triggers and the list indexes, kept up on every record's every event,
 * were a fifth of the demo (made once at the end instead, as a reindex
 * does), and in a fresh file, swapped in at the end, as a reindex's is
 * (store_begin_fresh). A demo that fails or is killed leaves an empty
 * station. */
static int generate(demo *d)
{
	json_t *saved = NULL;
	if (store_begin_fresh(d->a->db, 0) < 0)
		return -1;
	if (store_bulk_pause(d->a->db, STORE_LOAD_WRITE, &saved) < 0 || run_year(d) < 0 || use_counter(d, 0) < 0 ||
	    store_bulk_resume(d->a->db, saved) < 0) {
		json_decref(saved);
		store_rollback(d->a->db);
		return -1;
	}
	json_decref(saved);
	return store_commit(d->a->db);
}

/* 1 January of year, as days since 1970, and the days to simulate. */
static int year_span(int year, int64_t *day0_out)
{
	char buf[32];
	int64_t now_day = now_ms() / DAY_MS, day0 = 0, next = 0;
	snprintf(buf, sizeof buf, "%04d-01-01", year);
	parse_date(buf, &day0);
	snprintf(buf, sizeof buf, "%04d-01-01", year + 1);
	parse_date(buf, &next);
	/* This year stops at yesterday: the demo does not invent the future. */
	if (next > now_day)
		next = now_day;
	if (day0_out)
		*day0_out = day0;
	return (int)(next - day0);
}

int demo_last_year(void)
{
	char buf[32];
	fmt_date(now_ms(), buf, sizeof buf);
	return atoi(buf) - 1;
}

int demo_year_days(int year)
{
	return year_span(year, NULL);
}

int demo_generate(const char *home, const demo_options *opt, json_t *problems, char **summary_out)
{
	int year = opt->year ? opt->year : demo_last_year();
	int64_t day0;
	int ndays = year_span(year, &day0);
	if (opt->records < 50)
		return err_set("demo: %ld records are too few (at least 50)", opt->records);
	if (ndays < DEMO_MIN_DAYS)
		return err_set("demo: %d has not %d days behind it yet", year, DEMO_MIN_DAYS);
	if (demo_names_load() < 0)
		return -1;
	for (int k = 0; k < K_DRAFT; k++)
		if (!form_kind_known(kind_name[k]))
			return err_set("demo: no form for kind '%s'", kind_name[k]);

	char *db = xasprintf("%s/dustwatch.db", home);
	app a = {0};
	demo d = {0};
	int rc = -1;
	d.problems = problems ? json_incref(problems) : json_array();
	/* The station works on Beijing time, and "today" (app_today) is the
	 * local date: run on UTC+8 whatever this machine's zone, so the
	 * records' dates are the days the simulation means. A POSIX zone, so
	 * no tz database is needed. */
	setenv("TZ", "CST-8", 1);
	tzset();
	if (access(db, F_OK) == 0) {
		err_set("%s already holds a station (dustwatch.db): the demo makes a new one, give it another directory",
			home);
		goto out;
	}
	if (app_init(home, "HH", "A01", "张伟") < 0 || app_open(&a, home) < 0)
		goto out;
	/* The demo station's own name and hotline (dustwatch config), so its
	 * notices and placards read like a real station's; "（演示）" keeps a
	 * printed page from passing for a real station's. The hotline is the
	 * city's 12345 service line with Huaihua's area code. */
	if (store_set_setting(a.db, "station_name", "怀化市建设工程质量安全监督站（演示）") < 0 ||
	    store_set_setting(a.db, "hotline", "0745-12345") < 0)
		goto out;
	/* The year's transaction outgrows SQLite's default 2 MiB cache: a
	 * third of writing a record was pages written out before the
	 * commit. */
	if (store_set_cache(a.db, STORE_BULK_CACHE_KIB) < 0 || setup(&d, &a, opt, year, day0, ndays) < 0)
		goto out;
	d.t0 = seconds();
	if (generate(&d) < 0) {
		progress(&d, 1);
		char *why = xstrdup(err_msg());
		err_set("demo: %s (a bug in the generator); %s holds an empty station now", why, home);
		free(why);
		goto out;
	}
	restore_identity(&d);
	if (commit_branches(&d, &a) < 0)
		goto out;
	double secs = seconds() - d.t0;
	progress(&d, 1);
	app_set_clock(&a, 0);
	if (summary_out)
		*summary_out = summary(&d, home, secs, store_count_events(a.db));
	rc = 0;
out:
	restore_identity(&d);
	free_demo(&d);
	app_close(&a);
	free(db);
	return rc;
}
