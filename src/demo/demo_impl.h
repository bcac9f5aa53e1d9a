/*
 * demo_impl: what the demo's source files share and nothing else sees: the
 * generator's state, the pending steps and the people and sites they work
 * on, and the helpers every part of the year uses (randomness, the
 * calendar, identities, making and changing records). demo.c holds the
 * engine and runs the year; demo_sites.c makes the people and the sites,
 * demo_records.c and demo_more.c everything done at them.
 *
 * Everything here works on one demo, owned by demo_generate(); records
 * are written through the record functions and never kept in memory.
 */
#ifndef DW_DEMO_IMPL_H
#define DW_DEMO_IMPL_H

#include "app.h"
#include "demo.h"
#include "demo_hooks.h"
#include "demo_names.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* What a record counts as in the plan and the summary. */
enum {
	K_SITE, K_INSPECTOR, K_DEVICE, K_INSPECTION, K_NOTICE, K_AGREEMENT,
	K_COMPLAINT, K_SURVEY, K_MACHINERY, K_DRAFT, K_COUNT
};

#define DAY_MS 86400000LL
#define RECENT 32    /* complaints an inspection may follow up */
#define NO_ONE (-1)

/* What a pending step does. */
enum {
	J_STAFF, J_SITE, J_INSPECTION, J_NOTICE, J_AGREEMENT, J_COMPLAINT, J_SURVEY,
	J_MACHINERY, J_DRAFT, J_APPROVE, J_RETURN, J_RESUBMIT, J_REINSPECT, J_CLOSE,
	J_HANDLE, J_VISIT, J_REPLY, J_VOID, J_SITE_STAGE, J_SITE_DONE
};

/* Where a site's work stands (site.form's stage, before "completed"). */
enum { ST_PREPARATION, ST_EARTHWORK, ST_FOUNDATION, ST_STRUCTURE, ST_FINISHING, ST_EXTERIOR };

typedef struct {
	int64_t ms;     /* when */
	uint64_t seq;   /* order of scheduling: ties are broken the same way every run */
	int what;
	int who;        /* the actor who does it */
	int author;     /* the actor who wrote the record */
	long site;      /* index in sites, or -1 */
	int aux, flag;  /* what the step needs: days, template, kind, outcome */
	int companion;  /* second inspector, or NO_ONE */
	char id[40];    /* the record it acts on */
	json_t *data;   /* owned: values carried to the step (a notice's problems) */
} job;

/* An inspector with a laptop: the identity a record is written under. */
typedef struct {
	signer key;
	char code[16], name[32], phone[16];
	char id[40];  /* their inspector record */
	long seq;     /* human numbers the device has given this year */
} actor;

typedef struct {
	char id[40], name[160];
	char builder[96], contractor[96], supervisor[96];
	char manager[32], manager_phone[16], officer[32], officer_phone[16];
	int district, place, project, stage, owner, weight;
	int closed, has_agreement;
	int64_t completion;  /* day */
	char last_notice[40];
	int64_t last_notice_day;
} site_t;

typedef struct {
	char id[40];
	long site;
	int64_t day;
	int followed;
} recent_complaint;

typedef struct {
	int month, mday, work;
	int nth_work; /* working days before this one in the year */
} calendar_day;

typedef struct {
	double total, cum;
	long given;
	int uniform;
} share;

typedef struct {
	app *a;
	uint64_t rng;
	int year;
	int64_t day0;        /* 1 January, in days since 1970 */
	int ndays;           /* days simulated */
	int first_work;      /* index of the first working day */
	double site_rush;    /* weight of each of the first three working days for sites */
	calendar_day *cal;
	long want[K_COUNT], made[K_COUNT], total, wanted;
	long notices_due;    /* notices scheduled, for the share of failed inspections */
	share shares[K_COUNT];
	actor *actors;
	int n_actors, current;
	site_t *sites;
	long n_sites, n_registered;
	uint64_t *names;     /* hashes of site names given, open addressing */
	size_t names_cap;
	recent_complaint recent[RECENT];
	int n_recent;
	job *heap;
	size_t n_heap, cap_heap;
	uint64_t next_seq;
	json_t *problems;    /* of a refused record: a bug here, for the caller to show */
	char *orig_device, *orig_inspector;
	signer orig_me;
	char seq_key[16];
	int seq_owner;
	demo_progress_fn *progress;
	void *payload;
	double t0, last_progress;
} demo;

/* --- demo.c: randomness (splitmix64 from the seed) --- */

/* 0..n-1; 0 when n <= 0. */
long demo_below(demo *d, long n);
/* lo..hi inclusive. */
long demo_between(demo *d, long lo, long hi);
/* True per_mille times in a thousand. */
int demo_chance(demo *d, int per_mille);
const char *demo_pick(demo *d, const demo_list *l);
/* An index into weights[0..n) drawn in proportion to them. */
int demo_weighted(demo *d, const int *weights, int n);

/* --- demo.c: the calendar and the pending steps --- */

/* day, or the first working day after it (looking ten days ahead). */
int64_t demo_next_workday(const demo *d, int64_t day);
/* The day the clock is on (a local day: see demo_at). */
int64_t demo_today(const demo *d);
/* A moment on day between lo and hi minutes after midnight, local time. */
int64_t demo_at(demo *d, int64_t day, int lo, int hi);
/* A moment in office hours days_lo..days_hi days from now, on a working day. */
int64_t demo_later(demo *d, int days_lo, int days_hi);
/* A step to do at ms by actor who (also the author), on no site yet. */
job demo_new_job(int what, int64_t ms, int who);
/* Puts j on the heap; the heap owns j.data from here. */
void demo_schedule(demo *d, job j);

/* --- demo.c: identities and records --- */

/* Writes the next records as actor k (0 is the supervisor, this device). */
void demo_act_as(demo *d, int k);
/* Counts a new record of kind k and commits the batch when it is full. */
int demo_counted(demo *d, int k);
/* Creates a submitted record of kind from fields (consumed) as actor k,
 * counted as counted_as; its id goes to id_out. A refusal is a bug in the
 * generator: the problems go to d->problems. */
int demo_create(demo *d, int k, int counted_as, const char *kind, json_t *fields, char id_out[40]);
/* Changes a submitted record (fields consumed) as the current actor. */
int demo_set_fields(demo *d, const char *id, json_t *fields);
/* A lifecycle step (approve, return, close, ...) as the current actor. */
int demo_step(demo *d, const char *id, const char *op, const char *note);

/* --- demo_sites.c: the station's people and sites --- */

/* An inspector other than the supervisor and than besides (or NO_ONE). */
int demo_random_inspector(demo *d, int besides);
void demo_person_name(demo *d, char *buf, size_t n);
void demo_mobile(demo *d, char buf[16]);
/* Fills d->actors: the supervisor on this device, inspectors with their own. */
int demo_make_actors(demo *d);
int demo_make_staff(demo *d);
int demo_make_site(demo *d);
int demo_site_stage(demo *d, const job *j);
int demo_site_done(demo *d, const job *j);
/* The road a site is on, or its district's first road. */
const char *demo_site_road(const site_t *s);
/* A registered site to work at, busy and troubled ones more often. */
long demo_pick_site(demo *d);

/* --- demo_records.c: field values, inspections, notices, reviews, drafts --- */

/* Sets key to v unless v is NULL or empty. */
void demo_put(json_t *o, const char *key, const char *v);
/* The same, and frees v. */
void demo_put_own(json_t *o, const char *key, char *v);
/* A person {name, phone}; phone may be NULL. */
void demo_put_person(json_t *o, const char *key, const char *name, const char *phone);
/* A signature {name, time}, signed now. */
void demo_put_sign(demo *d, json_t *o, const char *key, const char *name);
void demo_put_day(json_t *o, const char *key, int64_t day);
void demo_put_codes(json_t *o, const char *key, const char *const *codes, size_t n);
/* tmpl with {place}, {road} and {n} filled in (caller frees). */
char *demo_fill(demo *d, const char *tmpl, const char *place, const char *road);
/* Schedules the supervisor's review of record id (kind K_*, written by
 * actor author): approval, or return_pm times in a thousand a return for
 * correction; a few are never reviewed. */
void demo_schedule_review(demo *d, const char *id, int author, int kind, int return_pm);

/* Each of these does one step of the year (j: the pending step). */
int demo_make_inspection(demo *d);
int demo_make_notice(demo *d, job *j);
int demo_reinspect(demo *d, const job *j);
int demo_review(demo *d, const job *j);
int demo_resubmit(demo *d, const job *j);
int demo_make_draft(demo *d);

/* --- demo_more.c: complaints, agreements, surveys, machinery checks --- */

int demo_make_complaint(demo *d);
int demo_handle_complaint(demo *d, const job *j);
int demo_visit(demo *d, const job *j);
int demo_reply_complaint(demo *d, const job *j);
int demo_make_agreement(demo *d);
int demo_make_survey(demo *d);
int demo_make_machinery(demo *d);

#endif
