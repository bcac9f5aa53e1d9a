/*
 * demo_sites: the demo station's people and sites. The people are the
 * supervisor on this data directory's device and inspectors with laptops
 * and signing keys of their own, registered first as inspector and device
 * records; the sites are construction projects across Huaihua's counties,
 * named as on their permits, with the parties, managers and dates behind
 * them, whose stage moves on during the year until they are accepted and
 * closed. Also here: where the work happens (the site to visit next, the
 * road a site is on).
 *
 * Owns nothing: the actors and sites live in the demo (see demo_impl.h).
 */
#include "hex.h"
#include "demo_central.h"
#include "demo_impl.h"
#include "seal.h"
#include "station_settings.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the station's people --- */

int demo_random_inspector(demo *d, int besides)
{
	int k;
	do
		k = (int)demo_between(d, 1, d->n_actors - 1);
	while (k == besides && d->n_actors > 2);
	return k;
}

void demo_person_name(demo *d, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", demo_pick(d, &demo_surnames), demo_pick(d, &demo_given));
}

void demo_mobile(demo *d, char buf[16])
{
	snprintf(buf, 16, "%.3s%08ld", demo_pick(d, &demo_mobile_prefixes), demo_below(d, 100000000));
}

/* The people: the supervisor on this data directory's device (actor 0),
 * and inspectors with devices A02, A03, ... and keys of their own. */
int demo_make_actors(demo *d)
{
	d->n_actors = (int)d->want[K_INSPECTOR];
	d->actors = xcalloc((size_t)d->n_actors, sizeof *d->actors);
	for (int k = 0; k < d->n_actors; k++) {
		actor *p = &d->actors[k];
		/* The demo's second laptop is a device of its own: its number
		 * is skipped. */
		int n = k + 1;
		if (n >= atoi(&DEMO_LAPTOP_DEVICE[1]))
			n++;
		snprintf(p->code, sizeof p->code, "A%02d", n);
		if ((size_t)k < demo_staff.n)
			snprintf(p->name, sizeof p->name, "%s", demo_staff.s[k]);
		else
			demo_person_name(d, p->name, sizeof p->name);
		demo_mobile(d, p->phone);
		if (k == 0) {
			p->key = d->orig_me;
			snprintf(p->code, sizeof p->code, "%s", d->orig_device);
			snprintf(p->name, sizeof p->name, "%s", d->orig_inspector);
		} else if (signer_generate(&p->key, p->code) < 0) {
			return -1;
		}
	}
	return 0;
}

/* --- roads --- */

static int is_road(const char *place)
{
	size_t n = strlen(place);
	const char *ends[] = {"路", "大道", "街"};
	for (size_t i = 0; i < DW_ARRAY_LEN(ends); i++) {
		size_t m = strlen(ends[i]);
		if (n >= m && strcmp(place + n - m, ends[i]) == 0)
			return 1;
	}
	return 0;
}

/* The road a site is on, or the district's first road. */
const char *demo_site_road(const site_t *s)
{
	const demo_list *pl = &demo_districts[s->district].places;
	if (is_road(pl->s[s->place]))
		return pl->s[s->place];
	for (size_t i = 0; i < pl->n; i++)
		if (is_road(pl->s[i]))
			return pl->s[i];
	return "周边道路";
}

/* --- staff records and sites --- */

static const char *const unit_codes[] = {"civilised", "quality1", "quality2", "quality3", "quality4", "concrete"};
static const int unit_weights[] = {60, 8, 8, 7, 7, 10};

/* The admin types one record after another: some seconds pass (for the
 * first few dozen: a large station's list is imported at once). */
static void pause_for(demo *d, int k)
{
	if (k < 30)
		app_set_clock(d->a, d->a->clock_ms + demo_between(d, 5, 25) * 1000);
}

int demo_make_staff(demo *d)
{
	char today_s[16], pk[65];
	app_today(d->a, today_s);
	for (int k = 0; k < d->n_actors; k++) {
		actor *p = &d->actors[k];
		json_t *f = json_object();
		demo_put(f, "name", p->name);
		demo_put_own(f, "staff_no", xasprintf("HHJ-%04d", 101 + k));
		demo_put_own(f, "cert_no", xasprintf("湘建监扬字第%04ld%03d号", demo_between(d, 2015, d->year - 1), k + 1));
		demo_put(f, "unit", k == 0 ? "civilised" : unit_codes[demo_weighted(d, unit_weights, DW_ARRAY_LEN(unit_codes))]);
		demo_put(f, "phone", p->phone);
		demo_put(f, "role", k == 0 ? "supervisor" : "inspector");
		demo_put(f, "active", "yes");
		if (demo_create(d, 0, K_INSPECTOR, "inspector", f, p->id) < 0)
			return -1;
		pause_for(d, k);
	}
	for (int k = 0; k < d->n_actors; k++) {
		actor *p = &d->actors[k];
		json_t *f = json_object();
		hex_encode(p->key.pk, 32, pk);
		demo_put(f, "code", p->code);
		demo_put_own(f, "description",
			     xasprintf("%s 资产编号HHJZ-%d-%03d", demo_pick(d, &demo_laptops),
				       d->year - (int)demo_below(d, 3), k + 1));
		demo_put_person(f, "holder", p->name, p->phone);
		demo_put(f, "public_key", pk);
		demo_put(f, "enrolled", today_s);
		/* The station's head uses the admin's machine: this data
		 * directory's, the station's root of trust (demo_central.c). */
		demo_put(f, "role", k == 0 ? "admin" : "inspector");
		char id[40];
		if (demo_create(d, 0, K_DEVICE, "device", f, id) < 0)
			return -1;
		pause_for(d, k);
	}
	/* The station's key for personal data (seal.h), made on the admin's
	 * device as `station init` makes it, before the first complaint, so
	 * the demo's complainants travel sealed like a real station's. */
	char seal_pk[65];
	demo_act_as(d, 0);
	if (store_set_setting(d->a->db, "station_device", d->a->device) < 0 || seal_make_station_key(d->a, seal_pk) < 0 ||
	    station_setting_set(d->a, "seal_key", seal_pk, d->problems) < 0)
		return -1;
	return 0;
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h ? h : 1;
}

/* Records name as given; 0 if it was already. */
static int claim_name(demo *d, const char *name)
{
	uint64_t h = name_hash(name);
	size_t i = (size_t)h & (d->names_cap - 1);
	while (d->names[i]) {
		if (d->names[i] == h)
			return 0;
		i = (i + 1) & (d->names_cap - 1);
	}
	d->names[i] = h;
	return 1;
}

static const char *const project_types[] = {
	"residential", "public", "industrial", "municipal", "road", "landscape", "demolition",
};
static const int project_weights[] = {35, 20, 10, 15, 12, 5, 3};

static int pick_project(demo *d)
{
	const char *type = project_types[demo_weighted(d, project_weights, DW_ARRAY_LEN(project_types))];
	int n = 0, chosen = 0;
	for (size_t i = 0; i < demo_n_projects; i++)
		if (str_eq(demo_projects[i].type, type) && demo_below(d, ++n) == 0)
			chosen = (int)i;
	return chosen;
}

/* A project name as on a construction permit: 鹤城区迎丰路安置小区二期,
 * 中方县职业中专实训楼, 洪江市沅江大道改造工程; unique in the station. */
static void name_site(demo *d, site_t *s, long index)
{
	const demo_district *dd = &demo_districts[s->district];
	const demo_project *pr = &demo_projects[s->project];
	for (int tries = 0;; tries++) {
		const char *place = dd->places.s[s->place];
		if (str_eq(pr->type, "road") && !is_road(place))
			place = demo_site_road(s);
		if (str_eq(pr->type, "public") && demo_chance(d, 300))
			place = "";
		if (tries < 20)
			snprintf(s->name, sizeof s->name, "%s%s%s%s", dd->prefix, place, pr->noun, demo_pick(d, &demo_phases));
		else
			snprintf(s->name, sizeof s->name, "%s%s%s（第%ld标段）", dd->prefix, place, pr->noun, index + 1);
		if (claim_name(d, s->name) || tries >= 20)
			return;
		s->place = (int)demo_below(d, (long)dd->places.n);
	}
}

static const char *const stages[] = {"preparation", "earthwork", "foundation", "structure", "finishing", "exterior"};

static void site_parties(demo *d, site_t *s)
{
	const demo_district *dd = &demo_districts[s->district];
	const char *type = demo_projects[s->project].type;
	int public_works = str_eq(type, "public") || str_eq(type, "municipal") || str_eq(type, "road") ||
			   str_eq(type, "landscape") || str_eq(type, "demolition");
	if (!public_works)
		snprintf(s->builder, sizeof s->builder, "%s", demo_pick(d, &demo_developers));
	else if (str_eq(dd->code, "gaoxin") || str_eq(dd->code, "jingkai"))
		snprintf(s->builder, sizeof s->builder, "%s建设投资有限公司", dd->prefix);
	else if (str_eq(dd->code, "hecheng") && demo_chance(d, 400))
		snprintf(s->builder, sizeof s->builder, "怀化市城市建设投资有限公司");
	else
		snprintf(s->builder, sizeof s->builder, "%s%s", dd->prefix, demo_pick(d, &demo_gov_builders));
	const demo_list *cl = str_eq(type, "road") || (str_eq(type, "municipal") && demo_chance(d, 500))
				      ? &demo_road_contractors
			      : str_eq(type, "landscape") || str_eq(type, "demolition") ? &demo_green_contractors
											  : &demo_contractors;
	snprintf(s->contractor, sizeof s->contractor, "%s", demo_pick(d, cl));
	s->supervisor[0] = 0;
	if (!str_eq(type, "demolition") || demo_chance(d, 500))
		snprintf(s->supervisor, sizeof s->supervisor, "%s", demo_pick(d, &demo_supervisors));
	demo_person_name(d, s->manager, sizeof s->manager);
	demo_mobile(d, s->manager_phone);
	demo_person_name(d, s->officer, sizeof s->officer);
	demo_mobile(d, s->officer_phone);
}

/* When the project started and ends, and where it stands on the day it
 * is registered: most were under way before the year began. */
static void site_dates(demo *d, site_t *s, int64_t reg, int64_t *start)
{
	const demo_project *pr = &demo_projects[s->project];
	int64_t length = demo_between(d, pr->months_lo, pr->months_hi) * 30 + demo_below(d, 30);
	*start = reg - d->day0 < 10 ? reg - demo_between(d, 20, length * 2 / 3) : reg + demo_between(d, 0, 20);
	s->completion = *start + length;
	if (s->completion < reg + 30)
		s->completion = reg + demo_between(d, 60, 300);
	double done = (double)(reg - *start) / (double)(s->completion - *start);
	s->stage = done < 0 ? ST_PREPARATION : done < 0.15 ? ST_EARTHWORK : done < 0.3 ? ST_FOUNDATION
		 : done < 0.65 ? ST_STRUCTURE : done < 0.9 ? ST_FINISHING : ST_EXTERIOR;
}

int demo_make_site(demo *d)
{
	int dist_weights[32];
	for (size_t i = 0; i < demo_n_districts && i < DW_ARRAY_LEN(dist_weights); i++)
		dist_weights[i] = demo_districts[i].weight;
	if (d->n_registered >= d->n_sites)
		return 0;
	long index = d->n_registered;
	site_t *s = &d->sites[index];
	memset(s, 0, sizeof *s);
	s->district = demo_weighted(d, dist_weights, (int)demo_n_districts);
	const demo_district *dd = &demo_districts[s->district];
	s->place = (int)demo_below(d, (long)dd->places.n);
	s->project = pick_project(d);
	const demo_project *pr = &demo_projects[s->project];
	name_site(d, s, index);
	site_parties(d, s);
	s->owner = 1 + (int)(index % (d->n_actors - 1)); /* each inspector has a patch of sites */
	s->weight = demo_chance(d, 100) ? 5 : (int)demo_between(d, 2, 3);
	int64_t reg = demo_today(d), start;
	site_dates(d, s, reg, &start);

	json_t *f = json_object();
	char buf[64], date[16];
	demo_put(f, "name", s->name);
	fmt_date(start * DAY_MS, date, sizeof date);
	if (!str_eq(pr->type, "demolition") || demo_chance(d, 300))
		demo_put_own(f, "permit", xasprintf("%s%.4s%.2s%.2s%04ld", dd->division, date, date + 5, date + 8,
						    demo_between(d, 101, 199)));
	const char *place = dd->places.s[s->place];
	demo_put_own(f, "address", is_road(place) ? xasprintf("怀化市%s%s%ld号", dd->prefix, place, demo_between(d, 1, 399))
					     : xasprintf("怀化市%s%s片区", dd->prefix, place));
	demo_put(f, "district", dd->code);
	long lat = dd->lat_e6 + demo_between(d, -20000, 20000), lon = dd->lon_e6 + demo_between(d, -20000, 20000);
	snprintf(buf, sizeof buf, "%ld.%06ld,%ld.%06ld", lat / 1000000, lat % 1000000, lon / 1000000, lon % 1000000);
	demo_put(f, "position", buf);
	demo_put(f, "type", pr->type);
	if (pr->area_hi)
		demo_put_own(f, "area", xasprintf("%ld.%02ld", demo_between(d, pr->area_lo, pr->area_hi), demo_below(d, 100)));
	demo_put_own(f, "value", xasprintf("%ld.%02ld", demo_between(d, pr->value_lo, pr->value_hi), demo_below(d, 100)));
	demo_put_day(f, "start", start);
	demo_put_day(f, "completion", s->completion);
	demo_put(f, "stage", stages[s->stage]);
	demo_put(f, "builder_unit", s->builder);
	char name[32], phone[16];
	demo_person_name(d, name, sizeof name);
	demo_mobile(d, phone);
	demo_put_person(f, "builder_person", name, phone);
	demo_put(f, "contractor_unit", s->contractor);
	demo_put_person(f, "contractor_person", s->manager, s->manager_phone);
	if (s->supervisor[0]) {
		demo_put(f, "supervisor_unit", s->supervisor);
		demo_person_name(d, name, sizeof name);
		demo_mobile(d, phone);
		demo_put_person(f, "supervisor_person", name, phone);
	}
	demo_put_person(f, "dust_officer", s->officer, s->officer_phone);
	demo_put_day(f, "registered", reg);
	demo_put(f, "notes", demo_pick(d, &demo_site_notes));
	if (demo_create(d, 0, K_SITE, "site", f, s->id) < 0)
		return -1;
	d->n_registered++;

	/* Work moves on a stage during the year; projects that end in it
	 * are accepted and their register closed. */
	if (s->stage < ST_EXTERIOR && demo_chance(d, 600)) {
		job j = demo_new_job(J_SITE_STAGE, demo_later(d, 60, 200), s->owner);
		j.site = index;
		demo_schedule(d, j);
	}
	if (s->completion < d->day0 + d->ndays) {
		int64_t day = demo_next_workday(d, s->completion + demo_between(d, 5, 30));
		job j = demo_new_job(J_SITE_DONE, demo_at(d, day, 540, 1020), 0);
		j.site = index;
		demo_schedule(d, j);
	}
	return 0;
}

int demo_site_stage(demo *d, const job *j)
{
	site_t *s = &d->sites[j->site];
	if (s->closed || s->stage >= ST_EXTERIOR)
		return 0;
	s->stage++;
	demo_act_as(d, j->who);
	json_t *f = json_object();
	demo_put(f, "stage", stages[s->stage]);
	return demo_set_fields(d, s->id, f);
}

int demo_site_done(demo *d, const job *j)
{
	site_t *s = &d->sites[j->site];
	char date[16];
	fmt_date(s->completion * DAY_MS, date, sizeof date);
	demo_act_as(d, 0);
	json_t *f = json_object();
	demo_put(f, "stage", "completed");
	demo_put_own(f, "notes", xasprintf("已于%s竣工验收，扬尘监管结束", date));
	if (demo_set_fields(d, s->id, f) < 0 || demo_step(d, s->id, "close", NULL) < 0)
		return -1;
	s->closed = 1;
	return 0;
}

/* --- where the work is --- */

/* A site to work at: one already registered and not finished, busy and
 * troubled sites (weight) more often. */
long demo_pick_site(demo *d)
{
	long n = d->n_registered;
	for (int tries = 0; tries < 40; tries++) {
		long i = demo_below(d, n);
		const site_t *s = &d->sites[i];
		if (!s->closed && demo_below(d, 6) < s->weight)
			return i;
	}
	return demo_below(d, n);
}
