/*
 * demo_more: the rest of the demo station's work: complaints taken in by
 * the station and handled by the inspector of the site (visit, reply,
 * closing, the odd one taken in twice and voided), dust-control agreements
 * signed with the builders, satisfaction surveys and the checks of non-road
 * machinery (most of them joint, with the environment bureau).
 *
 * Like demo_records.c, each function does one step and schedules what
 * follows it; nothing is kept but the demo's own state (see demo_impl.h).
 */
#include "demo_impl.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- complaints --- */

static const int channel_weights[] = {55, 20, 10, 5, 10};
static const char *const channels[] = {"hotline", "online", "visit", "letter", "other"};

int demo_make_complaint(demo *d)
{
	int tpl = (int)demo_below(d, (long)demo_n_complaints);
	const demo_complaint *c = &demo_complaints[tpl];
	long si = demo_chance(d, 900) ? demo_pick_site(d) : -1;
	site_t *s = si >= 0 ? &d->sites[si] : NULL;
	demo_act_as(d, 0); /* the station takes complaints in */
	const char *channel = channels[demo_weighted(d, channel_weights, 5)];
	json_t *f = json_object();
	char date[16], name[32], phone[16];
	app_today(d->a, date);
	demo_put(f, "received", date);
	demo_put(f, "channel", channel);
	if (str_eq(channel, "hotline") || str_eq(channel, "online"))
		demo_put_own(f, "ticket", xasprintf("%s%.4s%.2s%.2s%04ld", str_eq(channel, "hotline") ? "12345-" : "WL-", date,
					       date + 5, date + 8, demo_between(d, 1, 300)));
	int consent = demo_chance(d, 800);
	demo_put(f, "consent", consent ? "yes" : "no");
	if (consent) {
		demo_person_name(d, name, sizeof name);
		demo_mobile(d, phone);
		demo_put_person(f, "complainant", name, phone);
	}
	char *place = s ? xasprintf("%s%s", demo_districts[s->district].prefix, demo_site_road(s))
			: xasprintf("鹤城区%s", demo_pick(d, &demo_unregistered_places));
	if (s)
		demo_put(f, "site", s->id);
	demo_put(f, "place", place);
	char *cats = xstrdup(c->categories), *save = NULL;
	json_t *arr = json_array();
	for (char *w = strtok_r(cats, ",", &save); w; w = strtok_r(NULL, ",", &save))
		json_array_append_new(arr, json_string(w));
	free(cats);
	json_object_set_new(f, "category", arr);
	demo_put_own(f, "content", demo_fill(d, c->content, s ? s->name : place, s ? demo_site_road(s) : place));
	free(place);
	int assigned = s ? s->owner : demo_random_inspector(d, NO_ONE);
	demo_put(f, "assigned", d->actors[assigned].id);
	char id[40];
	if (demo_create(d, 0, K_COMPLAINT, "complaint", f, id) < 0)
		return -1;
	int twice = demo_chance(d, 5); /* the same complaint taken in twice: voided */
	if (s && !twice) {
		recent_complaint *r = &d->recent[d->n_recent < RECENT ? d->n_recent++ : demo_below(d, RECENT)];
		snprintf(r->id, sizeof r->id, "%s", id);
		r->site = si, r->day = demo_today(d), r->followed = 0;
	}
	job j;
	if (twice) /* noticed within the evening (complaints come in until 21:30) */
		j = demo_new_job(J_VOID, d->a->clock_ms + demo_between(d, 30, 120) * 60000, 0);
	else
		j = demo_new_job(J_HANDLE, demo_later(d, 0, 2), assigned);
	j.site = si;
	j.aux = tpl;
	snprintf(j.id, sizeof j.id, "%s", id);
	demo_schedule(d, j);
	return 0;
}

/* The assigned inspector takes the complaint up and goes to the place. */
int demo_handle_complaint(demo *d, const job *j)
{
	demo_act_as(d, j->who);
	if (demo_step(d, j->id, "handle", NULL) < 0)
		return -1;
	job next = *j;
	next.what = J_VISIT;
	next.ms = d->a->clock_ms + demo_between(d, 20, 90) * 60000;
	demo_schedule(d, next);
	return 0;
}

/* What was found and done there, and the notice if one was issued at the
 * site these days. */
int demo_visit(demo *d, const job *j)
{
	const demo_complaint *c = &demo_complaints[j->aux];
	demo_act_as(d, j->who);
	json_t *f = json_object();
	demo_put_day(f, "visited", demo_today(d));
	if (j->site >= 0) {
		const site_t *s = &d->sites[j->site];
		demo_put(f, "findings", c->findings);
		demo_put(f, "actions", c->actions);
		if (s->last_notice[0] && demo_today(d) - s->last_notice_day <= 10)
			demo_put(f, "notice", s->last_notice);
	} else {
		demo_put(f, "findings", "经现场核查，投诉地点不属于我站监管的在建工程项目，系零星作业点");
		demo_put(f, "actions", "已转交属地街道办事处和城市管理部门处理，并告知投诉人");
	}
	if (demo_set_fields(d, j->id, f) < 0)
		return -1;
	job next = *j;
	next.what = J_REPLY;
	next.ms = demo_later(d, 1, 4);
	demo_schedule(d, next);
	return 0;
}

static const char *const satisfaction[] = {"satisfied", "basic", "dissatisfied", "unreached"};
static const int satisfaction_weights[] = {80, 15, 3, 2};

int demo_reply_complaint(demo *d, const job *j)
{
	demo_act_as(d, j->who);
	json_t *f = json_object();
	demo_put(f, "reply", j->site >= 0 ? demo_complaints[j->aux].reply
				     : "经核查，您反映的地点不属于我站监管的在建工地，已转交属地街道和城管部门处理");
	demo_put_day(f, "replied", demo_today(d));
	demo_put(f, "satisfaction", satisfaction[demo_weighted(d, satisfaction_weights, 4)]);
	if (demo_set_fields(d, j->id, f) < 0 || demo_step(d, j->id, "reply", NULL) < 0)
		return -1;
	if (demo_chance(d, 970)) {
		job next = demo_new_job(J_CLOSE, demo_later(d, 1, 3), 0);
		snprintf(next.id, sizeof next.id, "%s", j->id);
		demo_schedule(d, next);
	}
	return 0;
}

/* --- agreements, surveys, machinery checks --- */

static const char *const commitments[] = {
	"hoarding", "cover", "wash", "paving", "wet", "transport", "monitor", "machinery", "officer", "alert", "complaints",
};

int demo_make_agreement(demo *d)
{
	long si = demo_pick_site(d);
	for (int tries = 0; tries < 40 && d->sites[si].has_agreement; tries++)
		si = demo_pick_site(d);
	site_t *s = &d->sites[si];
	int who = demo_chance(d, 500) ? 0 : s->owner;
	demo_act_as(d, who);
	json_t *f = json_object();
	char name[32];
	demo_put(f, "site", s->id);
	demo_put(f, "builder_unit", s->builder);
	demo_put(f, "contractor_unit", s->contractor);
	/* All eleven, or all but the ones a site without machines leaves out. */
	demo_put_codes(f, "commitments", commitments, DW_ARRAY_LEN(commitments));
	if (demo_chance(d, 200))
		json_array_remove(json_object_get(f, "commitments"), 7);
	demo_put_person(f, "responsible", s->officer, s->officer_phone);
	demo_put(f, "other", demo_pick(d, &demo_agreement_terms));
	demo_put_day(f, "valid_from", demo_today(d));
	int64_t until = s->completion > demo_today(d) + 30 ? s->completion : demo_today(d) + 365;
	demo_put_day(f, "valid_until", until);
	demo_put_day(f, "signed", demo_today(d));
	demo_person_name(d, name, sizeof name);
	demo_put_sign(d, f, "builder_sign", name);
	demo_put_sign(d, f, "contractor_sign", s->manager);
	demo_put_sign(d, f, "station_sign", d->actors[who].name);
	char id[40];
	if (demo_create(d, who, K_AGREEMENT, "agreement", f, id) < 0)
		return -1;
	s->has_agreement = 1;
	demo_schedule_review(d, id, who, K_AGREEMENT, 30);
	return 0;
}

static const char *const respondents[] = {"resident", "passerby", "builder", "contractor", "supervisor", "worker", "other"};
static const int respondent_weights[] = {40, 15, 8, 12, 8, 12, 5};
static const char *const methods[] = {"onsite", "phone", "online"};
static const int method_weights[] = {60, 30, 10};
static const char *const answers[] = {"satisfied", "basic", "dissatisfied", "unknown"};

/* An answer to one question, leaning the way the overall one does. */
static const char *answer(demo *d, int overall)
{
	static const int lean[3][4] = {{86, 9, 1, 4}, {30, 55, 10, 5}, {10, 30, 55, 5}};
	return answers[demo_weighted(d, lean[overall], 4)];
}

int demo_make_survey(demo *d)
{
	static const int overall_weights[] = {82, 13, 5};
	static const char *const questions[] = {"q_dust", "q_roads", "q_noise", "q_complaints", "q_station"};
	const char *method = methods[demo_weighted(d, method_weights, 3)];
	int onsite = str_eq(method, "onsite");
	long si = onsite || demo_chance(d, 600) ? demo_pick_site(d) : -1;
	int who = onsite ? (si >= 0 ? d->sites[si].owner : demo_random_inspector(d, NO_ONE)) : 0;
	demo_act_as(d, who);
	json_t *f = json_object();
	if (si >= 0)
		demo_put(f, "site", d->sites[si].id);
	demo_put_day(f, "date", demo_today(d));
	demo_put(f, "respondent", onsite ? respondents[demo_weighted(d, respondent_weights, 7)]
				  : demo_chance(d, 800) ? "resident" : "passerby");
	demo_put(f, "method", method);
	int overall = demo_weighted(d, overall_weights, 3);
	for (size_t i = 0; i < DW_ARRAY_LEN(questions); i++)
		demo_put(f, questions[i], answer(d, overall));
	demo_put(f, "overall", answers[overall]);
	demo_put(f, "comments", demo_pick(d, &demo_survey_comments));
	char id[40];
	if (demo_create(d, who, K_SURVEY, "survey", f, id) < 0)
		return -1;
	demo_schedule_review(d, id, who, K_SURVEY, 20);
	return 0;
}

static const char *const machine_types[] = {"excavator", "loader", "crane", "forklift", "roller", "other"};
static const int machine_weights[] = {40, 20, 15, 10, 10, 5};
static const char *const machine_letters = "WZQCYT";
static const char *const other_machines[] = {"混凝土泵车", "旋挖钻机", "推土机"};
static const char *const emission_stages[] = {"cn3", "cn4", "cn2", "unknown"};
static const int emission_weights[] = {55, 35, 5, 5};

static json_t *machine(demo *d, const site_t *s)
{
	int t = demo_weighted(d, machine_weights, 6);
	const char *standard = emission_stages[demo_weighted(d, emission_weights, 4)];
	int registered = demo_chance(d, 920), smoke = (int)demo_below(d, 100);
	const char *smoke_s = smoke < 92 ? "yes" : smoke < 97 ? "no" : "na";
	int pass = registered && !str_eq(standard, "cn2") && !str_eq(smoke_s, "no");
	json_t *m = json_pack("{ssssssss}", "type", machine_types[t], "standard", standard, "registered",
			      registered ? "yes" : "no", "smoke", smoke_s);
	if (t == 5)
		json_object_set_new(m, "type_other", json_string(other_machines[demo_below(d, 3)]));
	if (registered) {
		char *code = xasprintf("%s%c%06ld", demo_districts[s->district].division, machine_letters[t],
				       demo_between(d, 1, 99999));
		json_object_set_new(m, "code", json_string(code));
		free(code);
	}
	json_object_set_new(m, "result", json_string(pass ? "pass" : "fail"));
	return m;
}

int demo_make_machinery(demo *d)
{
	long si = demo_pick_site(d);
	for (int tries = 0; tries < 20 && d->sites[si].stage > ST_STRUCTURE; tries++)
		si = demo_pick_site(d);
	const site_t *s = &d->sites[si];
	int who = demo_random_inspector(d, NO_ONE);
	demo_act_as(d, who);
	json_t *f = json_object(), *machines = json_array();
	demo_put(f, "site", s->id);
	demo_put_day(f, "date", demo_today(d));
	int joint = demo_chance(d, 800);
	demo_put(f, "joint", joint ? "yes" : "no");
	if (joint) {
		char a1[32], a2[32];
		demo_person_name(d, a1, sizeof a1);
		demo_person_name(d, a2, sizeof a2);
		demo_put_own(f, "bureau_staff", xasprintf("市生态环境局 %s、%s", a1, a2));
	}
	int failed = 0;
	for (long i = demo_between(d, 1, 5); i > 0; i--) {
		json_t *m = machine(d, s);
		failed |= str_eq(json_string_value(json_object_get(m, "result")), "fail");
		json_array_append_new(machines, m);
	}
	json_object_set_new(f, "machines", machines);
	int net_ok = demo_chance(d, 900);
	demo_put(f, "net", net_ok ? "yes" : "no");
	if (!net_ok)
		demo_put(f, "net_note", demo_pick(d, &demo_net_problems));
	demo_put(f, "notes", failed ? "不合格机械已责令退场，施工单位已签字确认。" : demo_pick(d, &demo_machinery_notes));
	char id[40];
	if (demo_create(d, who, K_MACHINERY, "machinery", f, id) < 0)
		return -1;
	demo_schedule_review(d, id, who, K_MACHINERY, 20);
	return 0;
}
