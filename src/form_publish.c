/*
 * form_publish: forms published by the station's admin, travelling as
 * records. See form_publish.h.
 */
#include "form_publish.h"
#include "formset.h"
#include "record.h"
#include "station_settings.h"
#include "store.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* f in force in a's formset; the form it replaces is kept with the older
 * versions (a screen may still hold it). */
static void put_in_force(app *a, form *f)
{
	form *old = formset_replace(a->forms, f);
	if (!old)
		return;
	a->old_forms = xrealloc(a->old_forms, (a->n_old_forms + 1) * sizeof *a->old_forms);
	a->old_forms[a->n_old_forms++] = old;
}

int form_published_take(app *a, const json_t *state)
{
	const json_t *fields = json_object_get(state, "fields");
	const char *kind = json_string_value(json_object_get(fields, "of_kind"));
	const char *src = json_string_value(json_object_get(fields, "source"));
	int version = (int)json_integer_value(json_object_get(fields, "of_version"));
	if (!kind || !src || str_eq(json_string_value(json_object_get(state, "status")), "void"))
		return 0;
	char *name = xasprintf("%s version %d (published)", kind, version);
	form *f = form_parse(name, src, strlen(src));
	free(name);
	if (!f || !str_eq(f->kind, kind) || f->version != version) {
		fprintf(stderr, "dustwatch: the published form %s version %d is not taken: %s\n", kind, version,
			f ? "its text declares another kind or version" : err_msg());
		form_free(f);
		return 0;
	}
	const form *cur = formset_get(a->forms, kind);
	if (!cur) {
		form_free(f);
		return 0; /* a kind this version does not know: kept as a record */
	}
	if (store_save_form(a->db, kind, version, f->source) < 0) {
		form_free(f);
		return -1;
	}
	if (version > cur->version)
		put_in_force(a, f);
	else
		form_free(f);
	return 0;
}

static int take_row(void *payload, json_t *state)
{
	return form_published_take(payload, state);
}

int form_published_load(app *a)
{
	list_query q = {.kind = "formdef", .status = "active"};
	return store_list(a->db, &q, take_row, a);
}

int form_publish(app *a, const char *path, char **kind, int *version)
{
	char *text = NULL;
	size_t len;
	form *f = NULL;
	int rc = -1;
	if (read_file(path, 1 << 20, &text, &len) < 0 || !(f = form_parse(path, text, len)))
		goto out;
	const form *cur = formset_get(a->forms, f->kind);
	if (!cur) {
		err_set("%s: kind '%s' is not one this version of dustwatch knows", path, f->kind);
		goto out;
	}
	if (f->version <= cur->version) {
		err_set("%s: version %d, but %s version %d is in force here: give the changed form a higher version",
			path, f->version, f->kind, cur->version);
		goto out;
	}
	char *what = xasprintf("form:%s", f->kind), *id = station_record_id(a->station, what);
	json_t *fields = json_pack("{sssiss}", "of_kind", f->kind, "of_version", f->version, "source", text);
	json_t *problems = json_array(), *st = store_get_record(a->db, id);
	rc = st ? rec_set(a, id, fields, problems) : rec_new_as(a, "formdef", id, fields, problems);
	if (rc < 0 && json_array_size(problems))
		err_set("%s: %s", path, json_string_value(json_object_get(json_array_get(problems, 0), "message")));
	json_decref(st), json_decref(problems), json_decref(fields);
	free(what), free(id);
	if (rc == 0) {
		*kind = xstrdup(f->kind);
		*version = f->version;
	}
out:
	form_free(f);
	free(text);
	return rc;
}
