/*
 * followup: a notice from its inspection, a re-inspection or a stop-work
 * notice from a notice, and what each does to the record it follows. See
 * followup.h.
 */
#include "followup.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The responsible parties a notice takes from its site (or from the notice
 * it escalates): the units and their people, where both forms have them. */
static const char *const parties[] = {
	"builder_unit",	  "builder_person",    "contractor_unit", "contractor_person",
	"supervisor_unit", "supervisor_person", "dust_officer",
};

static void copy_parties(const form *to, const json_t *from_fields, json_t *out)
{
	for (size_t i = 0; i < DW_ARRAY_LEN(parties); i++) {
		json_t *v = json_object_get(from_fields, parties[i]);
		if (v && form_field(to, parties[i]))
			json_object_set(out, parties[i], v);
	}
}

static void copy_parties_of(app *a, const form *to, const char *site, json_t *out)
{
	json_t *st = site ? store_get_record(a->db, site) : NULL;
	if (st)
		copy_parties(to, json_object_get(st, "fields"), out);
	json_decref(st);
}

static int has_description(const json_t *problems, const char *d)
{
	size_t i;
	json_t *p;
	json_array_foreach(problems, i, p) if (str_eq(json_string_value(json_object_get(p, "description")), d)) return 1;
	return 0;
}

static void add_problem(json_t *problems, const char *description, json_t *photo)
{
	if (!description || !*description || has_description(problems, description))
		return;
	json_t *p = json_pack("{ss}", "description", description);
	if (json_array_size(photo))
		json_object_set(p, "photo", photo);
	json_array_append_new(problems, p);
}

/* One problem for each non-compliant item of an inspection, with its note
 * (else the item's label) and photos; then the inspection's own list of
 * problems, those not already there. */
static json_t *inspection_problems(app *a, const json_t *ins)
{
	const form *f = app_form_of(a, ins);
	const json_t *fields = json_object_get(ins, "fields");
	json_t *out = json_array();
	for (size_t i = 0; f && i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		if (fd->type != FT_COMPLIANCE || !str_eq(json_string_value(json_object_get(fields, fd->name)), "no"))
			continue;
		char *note = xasprintf("%s_note", fd->name), *photo = xasprintf("%s_photo", fd->name);
		const char *text = json_string_value(json_object_get(fields, note));
		char *said = text ? NULL : xasprintf("%s：不符合要求", fd->label.zh ? fd->label.zh : fd->name);
		add_problem(out, text ? text : said, json_object_get(fields, photo));
		free(note), free(photo), free(said);
	}
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(fields, "problems"), i, p)
	add_problem(out, json_string_value(json_object_get(p, "description")), json_object_get(p, "photo"));
	return out;
}

/* The earliest deadline of an inspection's problems not yet past, or NULL. */
static const char *earliest_deadline(const json_t *ins, const char *today)
{
	const char *best = NULL;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(json_object_get(ins, "fields"), "problems"), i, p)
	{
		const char *d = json_string_value(json_object_get(p, "deadline"));
		if (d && strcmp(d, today) >= 0 && (!best || strcmp(d, best) < 0))
			best = d;
	}
	return best;
}

typedef struct {
	json_t *latest; /* the newest re-inspection's state */
} latest_arg;

static int take_latest(void *arg, json_t *state)
{
	latest_arg *l = arg;
	if (str_eq(json_string_value(json_object_get(state, "status")), "void"))
		return 0;
	l->latest = json_incref(state);
	return 1;
}

/* The problems of notice still open: those its newest re-inspection
 * found not rectified, else all of the notice's. New array. */
static json_t *open_problems(app *a, const json_t *notice)
{
	const char *id = json_string_value(json_object_get(notice, "id"));
	list_query q = {.kind = "reinspection", .field = "notice", .value = id};
	latest_arg l = {NULL};
	json_t *out = json_array();
	size_t i;
	json_t *p;
	if (store_list(a->db, &q, take_latest, &l) >= 0 && l.latest) {
		json_array_foreach(json_object_get(json_object_get(l.latest, "fields"), "problems"), i, p)
		{
			if (str_eq(json_string_value(json_object_get(p, "verdict")), "rectified"))
				continue;
			add_problem(out, json_string_value(json_object_get(p, "description")), NULL);
		}
		json_decref(l.latest);
		return out;
	}
	json_array_foreach(json_object_get(json_object_get(notice, "fields"), "problems"), i, p)
	{
		json_t *c = json_deep_copy(p);
		json_array_append_new(out, c);
	}
	return out;
}

int followup_can(const char *kind, const char *from_kind)
{
	return (str_eq(kind, "notice") && (str_eq(from_kind, "inspection") || str_eq(from_kind, "notice"))) ||
	       (str_eq(kind, "reinspection") && str_eq(from_kind, "notice"));
}

int followup_prefill(app *a, const char *kind, const char *from_id, json_t **out)
{
	const form *f = formset_get(a->forms, kind);
	json_t *from = store_get_record(a->db, from_id), *o = NULL;
	const char *from_kind = json_string_value(json_object_get(from, "kind"));
	const char *status = json_string_value(json_object_get(from, "status"));
	int rc = -1;
	if (!f) {
		err_set("unknown kind '%s'", kind);
		goto out;
	}
	if (!from)
		goto out;
	if (!followup_can(kind, from_kind)) {
		err_set("a %s is not started from a %s", kind, from_kind);
		goto out;
	}
	if (str_eq(status, "draft") || str_eq(status, "void")) {
		err_set("%s is %s: only a submitted record is followed up", from_id, status);
		goto out;
	}
	const json_t *ff = json_object_get(from, "fields");
	json_t *site = json_object_get(ff, "site");
	o = json_object();
	if (site)
		json_object_set(o, "site", site);
	if (str_eq(kind, "notice") && str_eq(from_kind, "inspection")) {
		char today[16];
		app_today(a, today);
		const char *verdict = json_string_value(json_object_get(ff, "verdict"));
		json_object_set_new(o, "kind", json_string(str_eq(verdict, "stopwork") ? "stopwork" : "deadline"));
		json_object_set_new(o, "inspection", json_string(from_id));
		copy_parties_of(a, f, json_string_value(site), o);
		json_object_set_new(o, "problems", inspection_problems(a, from));
		const char *d = earliest_deadline(from, today);
		if (d)
			json_object_set_new(o, "deadline", json_string(d));
	} else if (str_eq(kind, "notice")) {
		json_object_set_new(o, "kind", json_string("stopwork"));
		json_object_set_new(o, "escalates", json_string(from_id));
		if (json_object_get(ff, "inspection"))
			json_object_set(o, "inspection", json_object_get(ff, "inspection"));
		copy_parties(f, ff, o);
		json_object_set_new(o, "problems", open_problems(a, from));
	} else {
		json_object_set_new(o, "notice", json_string(from_id));
		json_t *probs = open_problems(a, from), *mine = json_array(), *p;
		size_t i;
		json_array_foreach(probs, i, p)
		json_array_append_new(mine, json_pack("{sO}", "description", json_object_get(p, "description")));
		json_decref(probs);
		json_object_set_new(o, "problems", mine);
	}
	*out = o;
	o = NULL;
	rc = 0;
out:
	json_decref(from), json_decref(o);
	return rc;
}

static void problem(json_t *problems, const char *name, const char *msg)
{
	json_array_append_new(problems, json_pack("{ssss}", "field", name, "message", msg));
}

void followup_check(app *a, const form *f, const json_t *fields, json_t *problems)
{
	const char *ref = NULL, *name = NULL;
	if (str_eq(f->kind, "reinspection"))
		name = "notice";
	else if (str_eq(f->kind, "notice"))
		name = "escalates";
	ref = name ? json_string_value(json_object_get(fields, name)) : NULL;
	json_t *st = ref ? store_get_record(a->db, ref) : NULL;
	if (!st || !str_eq(json_string_value(json_object_get(st, "kind")), "notice"))
		goto out; /* check_refs names it */
	char today[16];
	app_today(a, today);
	const char *shown = rec_display_status(app_form_of(a, st), st, today);
	const json_t *sf = json_object_get(st, "fields");
	if (str_eq(name, "notice") && !str_eq(shown, "issued") && !str_eq(shown, "overdue")) {
		char *m = xasprintf("the notice is %s: only an issued notice is re-inspected", shown);
		problem(problems, name, m);
		free(m);
	} else if (str_eq(name, "escalates") && json_object_get(sf, "escalated_to")) {
		problem(problems, name, "the notice is escalated already");
	} else if (str_eq(name, "escalates") && !str_eq(shown, "overdue")) {
		char *m = xasprintf("the notice is %s: only an overdue notice is escalated", shown);
		problem(problems, name, m);
		free(m);
	}
out:
	json_decref(st);
}

/* A re-inspection's verdicts on its notice: the result and what remains
 * written on the notice, and the notice rectified when nothing does. */
static int reinspected(app *a, const json_t *st)
{
	const json_t *fields = json_object_get(st, "fields");
	const char *notice = json_string_value(json_object_get(fields, "notice"));
	const char *number = json_string_value(json_object_get(st, "number"));
	strbuf left;
	sb_init(&left);
	size_t i, n = 0;
	json_t *p;
	json_array_foreach(json_object_get(fields, "problems"), i, p)
	{
		if (str_eq(json_string_value(json_object_get(p, "verdict")), "rectified"))
			continue;
		sb_printf(&left, "%s%zu. %s", n ? "；" : "", n + 1, json_string_value(json_object_get(p, "description")));
		n++;
	}
	char *note = n ? xasprintf("复查 %s：%zu项未整改到位：%s", number, n, left.s)
		       : xasprintf("复查 %s：全部整改到位", number);
	json_t *set = json_object(), *problems = json_array();
	json_object_set(set, "reinspected", json_object_get(fields, "date"));
	json_object_set(set, "reinspector", json_object_get(fields, "inspector"));
	json_object_set_new(set, "result", json_string(n ? "unrectified" : "rectified"));
	json_object_set_new(set, "reinspect_note", json_string(note));
	int rc = rec_set(a, notice, set, problems);
	if (rc < 0 && json_array_size(problems)) {
		json_t *first = json_array_get(problems, 0);
		err_set("the notice cannot take the re-inspection: %s: %s",
			json_string_value(json_object_get(first, "field")),
			json_string_value(json_object_get(first, "message")));
	}
	if (rc == 0 && n == 0)
		rc = rec_step(a, notice, "rectify", note);
	sb_free(&left);
	free(note);
	json_decref(set), json_decref(problems);
	return rc;
}

int followup_created(app *a, const form *f, const char *id)
{
	if (!str_eq(f->kind, "reinspection") && !str_eq(f->kind, "notice"))
		return 0;
	json_t *st = store_get_record(a->db, id);
	if (!st)
		return -1;
	int rc = 0;
	const char *old = json_string_value(json_object_get(json_object_get(st, "fields"), "escalates"));
	if (str_eq(f->kind, "reinspection")) {
		rc = reinspected(a, st);
	} else if (old) {
		json_t *set = json_pack("{ss}", "escalated_to", id), *problems = json_array();
		rc = rec_set(a, old, set, problems);
		json_decref(set), json_decref(problems);
	}
	json_decref(st);
	return rc;
}
