/*
 * record: drafts, submission, edits and lifecycle steps, each validated
 * against the form and, once submitted, written as signed events. See
 * record.h.
 */
#include "hex.h"
#include "clock.h"
#include "record_impl.h"
#include "repo.h"
#include "fold.h"
#include "followup.h"
#include "form_publish.h"
#include "payload.h"
#include "registry.h"
#include "seal.h"
#include "station_settings.h"
#include "text.h"
#include "util.h"
#include "value.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const form *form_of(app *a, const json_t *state)
{
	return app_form_of(a, state);
}

/* A UUIDv7: 48 bits of milliseconds, then random bits. Sorts by time. */
static char *new_id(int64_t ms)
{
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0F));
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3F));
	char hex[33];
	hex_encode(b, 16, hex);
	return xasprintf("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static int refuse(json_t *problems)
{
	return err_set("refused: %zu problem%s", json_array_size(problems), json_array_size(problems) == 1 ? "" : "s");
}

void rec_add_problem(json_t *problems, const char *name, const char *msg)
{
	/* A name typed with bytes that are not UTF-8 is still reported, made
	 * visible: json_pack would refuse it and the problem would vanish. */
	char *shown = text_escape(name, 0), *said = text_escape(msg, 1);
	json_array_append_new(problems, json_pack("{ssss}", "field", shown, "message", said));
	free(shown), free(said);
}

int rec_complaint_days(app *a)
{
	long days = station_setting_long(a, "complaint_days", REC_COMPLAINT_DAYS);
	return days > 0 && days <= 365 ? (int)days : REC_COMPLAINT_DAYS;
}

/* The default "complaint_deadline": the date received (the form's date
 * field, else today) plus the station's complaint_days. */
static json_t *complaint_deadline(app *a, const form *f, const json_t *fields, const char *today)
{
	const char *from = f->date_field ? json_string_value(json_object_get(fields, f->date_field)) : NULL;
	int64_t days;
	char out[16];
	if (!from || parse_date(from, &days) < 0)
		from = today;
	if (parse_date(from, &days) < 0)
		return NULL;
	fmt_date((days + rec_complaint_days(a)) * 86400000LL, out, sizeof out);
	return json_string(out);
}

static void apply_defaults(app *a, const form *f, json_t *fields)
{
	char today[16], stamp[32];
	app_today(a, today);
	app_stamp(a, stamp);
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		if (!fd->def || json_object_get(fields, fd->name) || !value_relevant(fd, fields, fields))
			continue;
		json_t *v = NULL;
		char *msg = NULL;
		if (str_eq(fd->def, "today"))
			v = json_string(today);
		else if (str_eq(fd->def, "now"))
			v = json_string(stamp);
		else if (str_eq(fd->def, "inspector"))
			v = fd->type == FT_PERSON || fd->type == FT_SIGNATURE ? value_parse(fd, a->inspector, stamp, &msg)
									       : json_string(a->inspector);
		else if (str_eq(fd->def, "device"))
			v = json_string(a->device);
		else if (str_eq(fd->def, "site"))
			v = a->site_hint ? json_string(a->site_hint) : NULL;
		else if (str_eq(fd->def, "complaint_deadline"))
			v = complaint_deadline(a, f, fields, today);
		else
			v = value_parse(fd, fd->def, stamp, &msg);
		free(msg);
		if (v)
			json_object_set_new(fields, fd->name, v);
	}
}

int rec_refold(app *a, const char *rid, const char *kind)
{
	json_t **ev = NULL;
	size_t n = 0;
	if (store_record_events(a->db, rid, &ev, &n) < 0)
		return -1;
	int rc = rec_refold_events(a, kind, ev, n);
	store_free_events(ev, n);
	return rc;
}

int rec_apply_event(app *a, json_t *ev, const char *canon, int local)
{
	int added = store_add_event(a->db, ev, canon, local);
	if (added == 1 && !local && seal_take(a, ev, canon) < 0)
		return -1;
	if (added == 1 && rec_refold(a, event_str(ev, "record"), event_str(ev, "form")) < 1)
		return -1;
	return added;
}

int rec_add_event(app *a, json_t *ev, const char *canon, int local, const char *blob, int at_station)
{
	int added = store_add_event_file(a->db, ev, canon, local, blob, at_station);
	if (added == 1 && seal_take(a, ev, canon) < 0)
		return -1;
	if (added == 1 && store_mark_fold(a->db, event_str(ev, "record"), event_str(ev, "form")) < 0)
		return -1;
	return added;
}

/* Writes a new local event on record rid and folds it in, all in one
 * transaction (nested in the caller's, if any). */
static int emit(app *a, const form *f, const char *rid, const char *op, json_t *fields, const char *number,
		const char *note, const json_t *after)
{
	hlc last, h;
	char wall[32];
	if (role_for_kind(f->kind) > ROLE_INSPECTOR &&
	    role_check_kind(registry_role(a, a->device), a->device, f->kind) < 0)
		return -1;
	if (store_max_hlc(a->db, &last) < 0)
		return -1;
	h = hlc_next(last, app_now(a));
	fmt_datetime(app_now(a), wall, sizeof wall);
	/* Private fields go sealed to the station; their clear values stay
	 * here (seal.h). */
	json_t *plain = NULL, *written = seal_fields(a, f, fields, &plain);
	json_t *ev = json_pack("{sisssssisssosssss[II]ssso}", "v", EVENT_FORMAT, "record", rid, "form", f->kind,
			       "form_version", f->version, "op", op, "fields", written, "author", a->inspector,
			       "device", a->device, "hlc", (json_int_t)h.ms, (json_int_t)h.c, "wall", wall,
			       "after", after ? json_deep_copy(after) : json_array());
	if (!ev) {
		json_decref(plain);
		return err_set("cannot build event");
	}
	if (number)
		json_object_set_new(ev, "number", json_string(number));
	/* A notice is sealed by the device that issues it: the signed text of
	 * its QR code, so that any machine can print a genuine code later. */
	const char *site = f->site_field ? json_string_value(json_object_get(fields, f->site_field)) : NULL;
	char *seal = number && str_eq(f->kind, "notice") ? payload_seal(a->station, number, site, a->me.sk) : NULL;
	if (seal)
		json_object_set_new(ev, "seal", json_string(seal));
	free(seal);
	if (note)
		json_object_set_new(ev, "note", json_string(note));
	/* A wall clock more than an hour behind the other devices' (clock.h):
	 * the event is marked, so that a supervisor can check its dates. */
	int64_t behind = clock_behind(a);
	if (behind)
		json_object_set_new(ev, "clock_skew_ms", json_integer((json_int_t)behind));
	char *canon = NULL;
	int rc = store_begin(a->db);
	if (rc == 0 && (event_seal(ev, &a->me, &canon) < 0 || seal_keep(a, event_str(ev, "id"), plain) < 0 ||
			rec_apply_event(a, ev, canon, 1) < 0 || store_commit(a->db) < 0)) {
		store_rollback(a->db);
		rc = -1;
	}
	free(canon);
	json_decref(ev), json_decref(plain);
	return rc;
}

/* Checks that references name existing records of the right kind; the
 * values may have come as JSON, bypassing rec_parse_assignments. */
static void check_refs(app *a, const form *f, const json_t *fields, json_t *problems)
{
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		const char *id = json_string_value(json_object_get(fields, fd->name));
		if (fd->type != FT_REF || !id)
			continue;
		json_t *st = store_get_record(a->db, id);
		const char *kind = json_string_value(json_object_get(st, "kind"));
		const char *status = json_string_value(json_object_get(st, "status"));
		if (!st || str_eq(status, "draft"))
			rec_add_problem(problems, fd->name, "names no submitted record");
		else if (str_eq(status, "void"))
			rec_add_problem(problems, fd->name, "names a voided record");
		else if (!str_eq(kind, fd->ref_kind)) {
			char *m = xasprintf("names a %s, not a %s", kind, fd->ref_kind);
			rec_add_problem(problems, fd->name, m);
			free(m);
		}
		json_decref(st);
	}
}

typedef struct {
	const char *address;
	char *same; /* the number (or id) of a site already there */
} site_twin;

static int same_site(void *arg, json_t *state)
{
	site_twin *t = arg;
	const char *status = json_string_value(json_object_get(state, "status"));
	const char *addr = json_string_value(json_object_get(json_object_get(state, "fields"), "address"));
	if (t->same || str_eq(status, "draft") || str_eq(status, "void") || !str_eq(addr, t->address))
		return 0;
	const char *num = json_string_value(json_object_get(state, "number"));
	t->same = xstrdup(num && *num ? num : json_string_value(json_object_get(state, "id")));
	return 1;
}

/* A site registered twice splits its inspections and notices between two
 * records: the same name at the same address is refused, naming the one
 * already there. */
static void check_site_twin(app *a, const form *f, const json_t *fields, json_t *problems)
{
	const char *name = json_string_value(json_object_get(fields, "name"));
	site_twin t = {json_string_value(json_object_get(fields, "address")), NULL};
	if (!str_eq(f->kind, "site") || !name || !t.address)
		return;
	list_query q = {.kind = "site", .field = "name", .value = name};
	if (store_list(a->db, &q, same_site, &t) >= 0 && t.same) {
		char *m = xasprintf("a site with this name and address is registered already: %s", t.same);
		rec_add_problem(problems, "name", m);
		free(m);
	}
	free(t.same);
}

/* Full validation of fields as a submitted record of f. Bounds relative
 * to today ("range -30 +0") hold when a value is entered, not forever: a
 * notice's deadline passing makes it overdue, not invalid. So when an
 * existing record is edited (changed non-NULL), they are checked only for
 * the values being changed. */
static int check_full(app *a, const form *f, json_t *fields, const json_t *changed, json_t *problems)
{
	char today[16];
	app_today(a, today);
	size_t before = json_array_size(problems);
	value_compute_scores(f, fields);
	value_validate(f, fields, changed ? NULL : today, 0, problems);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)changed, k, v)
	{
		const field *fd = form_field(f, k);
		char *msg = fd && fd->type == FT_DATE && !json_is_null(v) ? value_check(fd, v, today) : NULL;
		if (msg)
			rec_add_problem(problems, k, msg);
		free(msg);
	}
	check_refs(a, f, fields, problems);
	if (!changed) {
		check_site_twin(a, f, fields, problems);
		followup_check(a, f, fields, problems);
	}
	return json_array_size(problems) > before ? refuse(problems) : 0;
}

static char *next_number(app *a, const form *f)
{
	char year[5];
	char today[16];
	long seq;
	if (!f->numbered)
		return NULL;
	app_today(a, today);
	snprintf(year, sizeof year, "%.4s", today);
	char *key = xasprintf("seq:%s", year);
	int rc = store_next_seq(a->db, key, &seq);
	free(key);
	return rc < 0 ? NULL : xasprintf("%s-%s-%s-%04ld", a->station, a->device, year, seq);
}

/* Creates the record from fields in one transaction: its number, the
 * create event, the folded state (replacing the draft row if any). */
static int create(app *a, const form *f, const char *id, json_t *fields)
{
	if (store_begin(a->db) < 0)
		return -1;
	char *number = next_number(a, f);
	if ((f->numbered && !number) || emit(a, f, id, "create", fields, number, NULL, NULL) < 0 ||
	    followup_created(a, f, id) < 0) {
		free(number);
		store_rollback(a->db);
		return -1;
	}
	free(number);
	return store_commit(a->db);
}

int rec_new_as(app *a, const char *kind, const char *id, json_t *fields, json_t *problems)
{
	const form *f = formset_get(a->forms, kind);
	if (!f)
		return err_set("unknown kind '%s'", kind);
	json_t *all = fields ? json_deep_copy(fields) : json_object();
	apply_defaults(a, f, all);
	int rc = check_full(a, f, all, NULL, problems) < 0 || create(a, f, id, all) < 0 ? -1 : 0;
	json_decref(all);
	return rc;
}

int rec_new(app *a, const char *kind, json_t *fields, int submit, json_t *problems, char **id_out)
{
	const form *f = formset_get(a->forms, kind);
	char today[16], stamp[32];
	if (!f)
		return err_set("unknown kind '%s'", kind);
	json_t *all = fields ? json_deep_copy(fields) : json_object();
	apply_defaults(a, f, all);
	app_today(a, today);
	app_stamp(a, stamp);
	char *id = new_id(app_now(a));
	int rc = -1;
	if (submit) {
		if (check_full(a, f, all, NULL, problems) < 0 || create(a, f, id, all) < 0)
			goto out;
	} else {
		if (value_validate(f, all, today, 1, problems) > 0) {
			refuse(problems);
			goto out;
		}
		json_t *state = json_object();
		json_object_set_new(state, "id", json_string(id));
		json_object_set_new(state, "kind", json_string(kind));
		json_object_set_new(state, "form_version", json_integer(f->version));
		json_object_set_new(state, "number", json_string(""));
		json_object_set_new(state, "status", json_string("draft"));
		json_object_set(state, "fields", all);
		json_object_set_new(state, "created", json_string(stamp));
		json_object_set_new(state, "updated", json_string(stamp));
		json_object_set_new(state, "author", json_string(a->inspector));
		json_object_set_new(state, "device", json_string(a->device));
		json_object_set_new(state, "heads", json_array());
		json_object_set_new(state, "conflicts", json_array());
		rc = rec_put_state(a, f, state);
		json_decref(state);
		if (rc < 0)
			goto out;
	}
	*id_out = id;
	id = NULL;
	rc = 0;
out:
	free(id);
	json_decref(all);
	return rc;
}

/* The test hook of rec_set_saved_hook: none outside `dustwatch test-stall`. */
static rec_saved_hook *saved_hook;
static void *saved_hook_arg;

void rec_set_saved_hook(rec_saved_hook *fn, void *arg)
{
	saved_hook = fn;
	saved_hook_arg = arg;
}

static int set_draft(app *a, const form *f, const char *id, json_t *fields, json_t *problems)
{
	char today[16], stamp[32];
	app_today(a, today);
	app_stamp(a, stamp);
	if (value_validate(f, fields, today, 1, problems) > 0)
		return refuse(problems);
	const char *k;
	json_t *v;
	int saved = 0;
	/* One transaction per field: each is on disk before the next. */
	json_object_foreach(fields, k, v)
	{
		if (store_begin(a->db) < 0)
			return -1;
		json_t *state = store_get_record(a->db, id);
		if (!state) {
			store_rollback(a->db);
			return -1;
		}
		json_t *fs = json_object_get(state, "fields");
		if (json_is_null(v))
			json_object_del(fs, k);
		else
			json_object_set(fs, k, v);
		json_object_set_new(state, "updated", json_string(stamp));
		int rc = rec_put_state(a, f, state);
		json_decref(state);
		if (rc < 0 || store_commit(a->db) < 0) {
			store_rollback(a->db);
			return -1;
		}
		saved++;
		if (saved_hook)
			saved_hook(saved, saved_hook_arg);
	}
	return 0;
}

/* The form an edit is written with: the record's own version, unless the
 * edit sets a field only a newer version in force has (a role given to a
 * device enrolled with the device form's version 1): the record then
 * moves to that version. */
static const form *version_for(app *a, const form *f, const json_t *fields)
{
	const form *now = app_form(a, f->kind, 0);
	const char *k;
	json_t *v;
	if (!now || now->version <= f->version)
		return f;
	json_object_foreach((json_t *)fields, k, v) if (!form_field(f, k) && form_field(now, k)) return now;
	return f;
}

int rec_set(app *a, const char *id, json_t *fields, json_t *problems)
{
	json_t *state = store_get_record(a->db, id), *merged = NULL, *changed = NULL;
	const form *f = state ? form_of(a, state) : NULL;
	int rc = -1;
	if (!f)
		goto out;
	f = version_for(a, f, fields);
	const char *status = json_string_value(json_object_get(state, "status"));
	if (str_eq(status, "draft")) {
		rc = set_draft(a, f, id, fields, problems);
		goto out;
	}
	if (str_eq(status, "void") || str_eq(status, "closed")) {
		err_set("%s is %s: it cannot be changed", id, status);
		goto out;
	}
	merged = json_deep_copy(json_object_get(state, "fields"));
	const char *k;
	json_t *v;
	json_object_foreach(fields, k, v)
	{
		if (json_is_null(v))
			json_object_del(merged, k);
		else
			json_object_set(merged, k, v);
	}
	if (check_full(a, f, merged, fields, problems) < 0)
		goto out;
	/* The event carries only what changed, including recomputed scores. */
	changed = json_object();
	json_t *old = json_object_get(state, "fields");
	json_object_foreach(merged, k, v) if (!json_equal(v, json_object_get(old, k))) json_object_set(changed, k, v);
	/* Setting a conflicted field, even to the value shown, settles it: the
	 * event is written after every competing one. */
	size_t ci;
	json_t *c;
	json_array_foreach(json_object_get(state, "conflicts"), ci, c)
	{
		const char *name = json_string_value(json_object_get(c, "field"));
		if (json_object_get(fields, name) && json_object_get(merged, name)) {
			if (role_check(registry_role(a, a->device), a->device, f->life, "settle", 1) < 0)
				goto out;
			json_object_set(changed, name, json_object_get(merged, name));
		}
	}
	json_object_foreach(old, k, v) if (!json_object_get(merged, k)) json_object_set_new(changed, k, json_null());
	if (json_object_size(changed) == 0) {
		rc = 0;
		goto out;
	}
	rc = emit(a, f, id, "update", changed, NULL, NULL, json_object_get(state, "heads"));
out:
	json_decref(state), json_decref(merged), json_decref(changed);
	return rc;
}

int rec_submit(app *a, const char *id, json_t *problems)
{
	json_t *state = store_get_record(a->db, id);
	const form *f = state ? form_of(a, state) : NULL;
	int rc = -1;
	if (!f)
		goto out;
	const char *status = json_string_value(json_object_get(state, "status"));
	json_t *fields = json_object_get(state, "fields");
	if (str_eq(status, "draft")) {
		if (check_full(a, f, fields, NULL, problems) == 0)
			rc = create(a, f, id, fields);
	} else if (str_eq(status, "returned")) {
		json_t *unchanged = json_object();
		if (check_full(a, f, fields, unchanged, problems) == 0)
			rc = rec_step(a, id, "submit", NULL);
		json_decref(unchanged);
	} else {
		err_set("%s is already %s", id, status);
	}
out:
	json_decref(state);
	return rc;
}

/* What some steps need before they are taken: a complaint's reply its
 * text, its closing the complainant's satisfaction, a notice's rectifying
 * a re-inspection that found it rectified or a comment saying what
 * evidence was seen. */
static const struct step_need {
	lifecycle life;
	const char *op, *field, *value; /* value NULL: any */
	const char *stamp;              /* a date field the step fills when empty */
	const char *why;
} step_needs[] = {
	{LC_COMPLAINT, "reply", "reply", NULL, "replied",
	 "reply needs the reply text (--text, or the form's reply field)"},
	{LC_COMPLAINT, "close", "satisfaction", NULL, NULL,
	 "close needs the complainant's satisfaction (--satisfaction satisfied, basic, dissatisfied or "
	 "unreached)"},
	{LC_NOTICE, "rectify", "result", "rectified", NULL,
	 "rectify needs a re-inspection (dustwatch new reinspection --from NOTICE) or a comment saying what "
	 "evidence was seen (--comment)"},
};

static const struct step_need *step_need_of(const form *f, const char *op)
{
	for (size_t i = 0; i < DW_ARRAY_LEN(step_needs); i++)
		if (step_needs[i].life == f->life && str_eq(step_needs[i].op, op))
			return &step_needs[i];
	return NULL;
}

/* 1 with the error set when fields do not hold what op needs. A
 * rectifying notice's comment stands in for the re-inspection. */
static int step_refused(const form *f, const json_t *fields, const char *op, const char *note)
{
	const struct step_need *n = step_need_of(f, op);
	if (!n || (f->life == LC_NOTICE && note && *note))
		return 0;
	json_t *v = json_object_get(fields, n->field);
	const char *s = json_string_value(v);
	if (v && (n->value ? str_eq(s, n->value) : !s || *s))
		return 0;
	err_set("%s", n->why);
	return 1;
}

const char *rec_step_field(const form *f, const char *op)
{
	const struct step_need *n = step_need_of(f, op);
	return n && !n->value ? n->field : NULL;
}

int rec_step_with(app *a, const char *id, const char *op, const char *note, const char *value, json_t *problems)
{
	json_t *state = store_get_record(a->db, id), *fields = NULL;
	const form *f = state ? form_of(a, state) : NULL;
	const struct step_need *n = f ? step_need_of(f, op) : NULL;
	int rc = -1;
	if (!f)
		goto out;
	if (value && (!n || n->value)) {
		err_set("%s of a %s takes no such value", op, f->kind);
		goto out;
	}
	if (!value) {
		rc = rec_step(a, id, op, note);
		goto out;
	}
	char *assign[2] = {xasprintf("%s=%s", n->field, value), NULL};
	char today[16];
	app_today(a, today);
	if (n->stamp && !json_object_get(json_object_get(state, "fields"), n->stamp))
		assign[1] = xasprintf("%s=%s", n->stamp, today);
	fields = rec_parse_assignments(a, f, assign, assign[1] ? 2 : 1, problems);
	free(assign[0]), free(assign[1]);
	if (json_array_size(problems)) {
		refuse(problems);
		goto out;
	}
	if (store_begin(a->db) < 0)
		goto out;
	if (rec_set(a, id, fields, problems) < 0 || rec_step(a, id, op, note) < 0 || store_commit(a->db) < 0) {
		store_rollback(a->db);
		goto out;
	}
	rc = 0;
out:
	json_decref(state), json_decref(fields);
	return rc;
}

int rec_step(app *a, const char *id, const char *op, const char *note)
{
	json_t *state = store_get_record(a->db, id);
	const form *f = state ? form_of(a, state) : NULL;
	int rc = -1;
	if (!f)
		goto out;
	const char *status = json_string_value(json_object_get(state, "status"));
	if (str_eq(status, "draft")) {
		err_set("%s is a draft: submit it first (or discard it)", id);
		goto out;
	}
	if (!fold_transition(f->life, status, op)) {
		err_set("cannot %s this %s: it is %s", op, f->kind, status);
		goto out;
	}
	int own = str_eq(json_string_value(json_object_get(state, "device")), a->device);
	if (role_check(registry_role(a, a->device), a->device, f->life, op, own) < 0)
		goto out;
	if ((str_eq(op, "void") || str_eq(op, "return")) && (!note || !*note)) {
		err_set("%s needs a reason (--reason or --comment)", op);
		goto out;
	}
	if (step_refused(f, json_object_get(state, "fields"), op, note))
		goto out;
	if (note && (strlen(note) > VALUE_MAX_BYTES || !utf8_valid(note, strlen(note)))) {
		err_set("the reason must be UTF-8 text of at most %d bytes", VALUE_MAX_BYTES);
		goto out;
	}
	json_t *none = json_object();
	rc = emit(a, f, id, op, none, NULL, note, json_object_get(state, "heads"));
	json_decref(none);
out:
	json_decref(state);
	return rc;
}
