/*
 * fold: events to record state, with the lifecycles' state machines and
 * conflict detection on significant fields. See fold.h.
 */
#include "fold.h"
#include "event.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* need: the role a step needs (role.h; void: of one's own record). */
typedef struct {
	const char *from, *op, *to; /* from "*" matches every live status */
	role need;
} transition;

#define SUP ROLE_SUPERVISOR
static const transition review_tr[] = {
	{"submitted", "approve", "approved", SUP}, {"submitted", "return", "returned", SUP},
	{"returned", "submit", "submitted", 0},    {"*", "void", "void", 0},
	{NULL, NULL, NULL, 0},
};
static const transition notice_tr[] = {
	{"issued", "rectify", "rectified", 0}, {"issued", "close", "closed", SUP},
	{"rectified", "close", "closed", SUP}, {"rectified", "reopen", "issued", SUP},
	{"*", "void", "void", 0},              {NULL, NULL, NULL, 0},
};
static const transition complaint_tr[] = {
	{"received", "handle", "handling", 0}, {"received", "reply", "replied", 0},
	{"handling", "reply", "replied", 0},   {"replied", "close", "closed", 0},
	{"handling", "close", "closed", 0},    {"*", "void", "void", 0},
	{NULL, NULL, NULL, 0},
};
static const transition registry_tr[] = {
	{"active", "close", "closed", 0}, {"closed", "reopen", "active", SUP},
	{"*", "void", "void", 0},         {NULL, NULL, NULL, 0},
};
#undef SUP

static const transition *table(lifecycle l)
{
	switch (l) {
	case LC_REVIEW: return review_tr;
	case LC_NOTICE: return notice_tr;
	case LC_COMPLAINT: return complaint_tr;
	default: return registry_tr;
	}
}

const char *fold_initial_status(lifecycle l)
{
	switch (l) {
	case LC_REVIEW: return "submitted";
	case LC_NOTICE: return "issued";
	case LC_COMPLAINT: return "received";
	default: return "active";
	}
}

const char *fold_transition(lifecycle l, const char *status, const char *op)
{
	if (str_eq(status, "void"))
		return NULL;
	for (const transition *t = table(l); t->op; t++)
		if (str_eq(t->op, op) && (str_eq(t->from, status) || str_eq(t->from, "*")))
			return t->to;
	return NULL;
}

role fold_step_role(lifecycle l, const char *op)
{
	role need = ROLE_INSPECTOR;
	for (const transition *t = table(l); t->op; t++)
		if (str_eq(t->op, op) && t->need > need)
			need = t->need;
	return need;
}

static int cmp_events(const void *a, const void *b)
{
	return event_cmp(*(json_t *const *)a, *(json_t *const *)b);
}

/* Index of the event with this id in the sorted array, or -1. Linear: a
 * record has tens of events, not thousands. */
static long find(json_t *const *ev, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(event_str(ev[i], "id"), id))
			return (long)i;
	return -1;
}

/* reach[i*n + j] != 0 when event j is an ancestor of event i. */
static unsigned char *ancestry(json_t *const *ev, size_t n)
{
	unsigned char *reach = xcalloc(n * n, 1);
	size_t *stack = xmalloc(n * sizeof *stack);
	for (size_t i = 0; i < n; i++) {
		size_t top = 0;
		stack[top++] = i;
		while (top) {
			size_t k = stack[--top];
			json_t *after = json_object_get(ev[k], "after"), *x;
			size_t ai;
			json_array_foreach(after, ai, x)
			{
				long j = find(ev, n, json_string_value(x));
				if (j >= 0 && !reach[i * n + (size_t)j]) {
					reach[i * n + (size_t)j] = 1;
					stack[top++] = (size_t)j;
				}
			}
		}
	}
	free(stack);
	return reach;
}

static json_t *conflict_for(const char *name, json_t *const *ev, size_t n, const unsigned char *reach)
{
	size_t *setters = xmalloc(n * sizeof *setters), ns = 0;
	for (size_t i = 0; i < n; i++)
		if (json_object_get(json_object_get(ev[i], "fields"), name))
			setters[ns++] = i;
	json_t *values = json_array();
	int differ = 0;
	json_t *first = NULL;
	for (size_t a = 0; a < ns; a++) {
		int overtaken = 0;
		for (size_t b = 0; b < ns && !overtaken; b++)
			overtaken = b != a && reach[setters[b] * n + setters[a]];
		if (overtaken)
			continue;
		json_t *e = ev[setters[a]];
		json_t *v = json_object_get(json_object_get(e, "fields"), name);
		if (first && !json_equal(first, v))
			differ = 1;
		if (!first)
			first = v;
		json_array_append_new(values, json_pack("{sOssssssss?}", "value", v, "event", event_str(e, "id"),
							"device", event_str(e, "device"), "author",
							event_str(e, "author"), "wall", event_str(e, "wall")));
	}
	free(setters);
	if (!differ) {
		json_decref(values);
		return NULL;
	}
	return json_pack("{ssso}", "field", name, "values", values);
}

static json_t *conflicts(const form *f, json_t *const *ev, size_t n)
{
	json_t *out = json_array();
	if (!f || n < 2)
		return out;
	unsigned char *reach = NULL;
	for (size_t i = 0; i < f->n_fields; i++) {
		if (!f->fields[i].significant)
			continue;
		if (!reach)
			reach = ancestry(ev, n);
		json_t *c = conflict_for(f->fields[i].name, ev, n, reach);
		if (c)
			json_array_append_new(out, c);
	}
	free(reach);
	return out;
}

static json_t *heads(json_t *const *ev, size_t n)
{
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *id = event_str(ev[i], "id");
		int referenced = 0;
		for (size_t k = 0; k < n && !referenced; k++) {
			json_t *after = json_object_get(ev[k], "after"), *x;
			size_t ai;
			json_array_foreach(after, ai, x) if (str_eq(json_string_value(x), id)) referenced = 1;
		}
		if (!referenced)
			json_array_append_new(out, json_string(id));
	}
	return out;
}

json_t *fold_record(const form *f, json_t *const *events, size_t n)
{
	if (n == 0) {
		err_set("no events");
		return NULL;
	}
	json_t **ev = xmalloc(n * sizeof *ev);
	memcpy(ev, events, n * sizeof *ev);
	qsort(ev, n, sizeof *ev, cmp_events);
	const char *rid = event_str(ev[0], "record");
	long create = -1;
	for (size_t i = 0; i < n; i++) {
		if (!str_eq(event_str(ev[i], "record"), rid)) {
			err_set("events of different records folded together");
			free(ev);
			return NULL;
		}
		if (create < 0 && str_eq(event_str(ev[i], "op"), "create"))
			create = (long)i;
	}
	if (create < 0) {
		err_set("record %s has no create event", rid);
		free(ev);
		return NULL;
	}
	lifecycle life = f ? f->life : LC_REGISTRY;
	json_t *c = ev[create];
	json_t *fields = json_object();
	const char *status = NULL, *note = NULL;
	json_t *review = NULL; /* the last approve or return that took */
	json_t *form_version = json_object_get(c, "form_version");
	for (size_t i = 0; i < n; i++) {
		const char *op = event_str(ev[i], "op");
		const char *key;
		json_t *v;
		json_object_foreach(json_object_get(ev[i], "fields"), key, v)
		{
			if (json_is_null(v))
				json_object_del(fields, key);
			else
				json_object_set(fields, key, v);
		}
		if (str_eq(op, "create")) {
			if (!status)
				status = fold_initial_status(life);
		} else if (status && !str_eq(op, "update")) {
			const char *to = fold_transition(life, status, op);
			if (to)
				status = to;
			/* A resubmission puts the record back under review: the
			 * return before it is history, not where it stands. */
			if (to && str_eq(op, "submit")) {
				json_decref(review);
				review = NULL;
			}
			if (to && (str_eq(op, "approve") || str_eq(op, "return"))) {
				json_decref(review);
				review = json_pack("{ssssssssss?}", "op", op, "author", event_str(ev[i], "author"),
						   "device", event_str(ev[i], "device"), "wall",
						   event_str(ev[i], "wall"), "note", event_str(ev[i], "note"));
			}
		}
		/* The note is the last step's own (a return's comment, a void's
		 * reason): a step without one, such as the approval after a
		 * return, leaves none behind. */
		if (!str_eq(op, "update"))
			note = event_str(ev[i], "note");
		form_version = json_object_get(ev[i], "form_version");
	}
	json_t *st = json_object();
	json_object_set_new(st, "id", json_string(rid));
	json_object_set_new(st, "kind", json_string(event_str(c, "form")));
	json_object_set(st, "form_version", form_version);
	json_object_set_new(st, "number", json_string(event_str(c, "number") ? event_str(c, "number") : ""));
	json_object_set_new(st, "status", json_string(status ? status : "submitted"));
	json_object_set_new(st, "fields", fields);
	json_object_set_new(st, "created", json_string(event_str(c, "wall")));
	json_object_set_new(st, "updated", json_string(event_str(ev[n - 1], "wall")));
	json_object_set_new(st, "author", json_string(event_str(c, "author")));
	json_object_set_new(st, "device", json_string(event_str(c, "device")));
	if (note)
		json_object_set_new(st, "note", json_string(note));
	if (review)
		json_object_set_new(st, "review", review);
	json_object_set_new(st, "heads", heads(ev, n));
	json_object_set_new(st, "conflicts", conflicts(f, ev, n));
	free(ev);
	return st;
}
