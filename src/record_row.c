/*
 * record_row: a record's row in the records table, derived from its folded
 * state: the title, the search text and the columns the lists use
 * (store_put_record). A fold of many records (a sync, a reindex) folds and
 * derives each on a second thread (rec_prepare) while this one writes the
 * ones before: only the titles of the records a title names are read here,
 * where the database is.
 */
#include "fold.h"
#include "json_canonical.h"
#include "form_publish.h"
#include "record_impl.h"
#include "util.h"
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A summary field's part of a title: its text, or the id of the record it
 * names (in the state's fields), whose title goes there. */
typedef struct {
	char *text;
	const char *ref;
} title_part;

struct rec_prepared {
	const form *f;
	json_t *state; /* NULL: it cannot be folded, why says why */
	char *why;
	char *state_json;  /* the state as stored */
	char *fields_text; /* the fields' search text */
	char date[11];
	title_part *parts;
	size_t n_parts;
};

/* The parts of the title of fields; depth 1 (a title inside a title)
 * follows no reference. */
static size_t title_parts(const form *f, const json_t *fields, const char *lang, int depth, title_part *out)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n_summary; i++) {
		const field *fd = form_field(f, f->summary[i]);
		const json_t *v = json_object_get(fields, f->summary[i]);
		if (!fd || !v)
			continue;
		if (fd->type == FT_REF && depth == 0) {
			out[n++] = (title_part){NULL, json_string_value(v)};
		} else if (fd->type != FT_REF) {
			char *s = value_display(fd, v, lang);
			if (*s)
				out[n++] = (title_part){s, NULL};
			else
				free(s);
		}
	}
	return n;
}

static char *ref_title(app *a, const char *id, const char *lang);

static char *join_title(app *a, const title_part *p, size_t n, const char *lang)
{
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < n; i++) {
		char *s = p[i].text ? NULL : ref_title(a, p[i].ref, lang);
		const char *t = p[i].text ? p[i].text : s;
		if (t && *t)
			sb_printf(&b, "%s%s", b.len ? " · " : "", t);
		free(s);
	}
	return sb_take(&b);
}

static void free_parts(title_part *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].text);
	free(p);
}

/* The summary of a record; depth 1: without following references (for a
 * site's name inside another record's title). */
static char *plain_title(app *a, const form *f, const json_t *fields, const char *lang, int depth)
{
	title_part *p = xcalloc(f->n_summary + 1, sizeof *p);
	size_t n = title_parts(f, fields, lang, depth, p);
	char *t = join_title(a, p, n, lang);
	free_parts(p, n);
	return t;
}

/* The title of the record id names, in a title (without the records its
 * own title names); NULL when there is none. Kept while a fold of many
 * records runs: a site's checklists, notices and complaints name it, and
 * reading and parsing its state for each was a fifth of their fold. */
static char *ref_title(app *a, const char *id, const char *lang)
{
	json_t *kept = id && a->ref_titles ? json_object_get(json_object_get(a->ref_titles, id), lang) : NULL;
	if (kept)
		return json_is_string(kept) ? xstrdup(json_string_value(kept)) : NULL;
	json_t *st = id ? store_get_record(a->db, id) : NULL;
	const form *rf = st ? app_form_of(a, st) : NULL;
	char *s = rf ? plain_title(a, rf, json_object_get(st, "fields"), lang, 1) : NULL;
	json_decref(st);
	if (id && a->ref_titles) {
		json_t *by_lang = json_object_get(a->ref_titles, id);
		if (!by_lang)
			json_object_set_new(a->ref_titles, id, by_lang = json_object());
		json_object_set_new(by_lang, lang, s ? json_string(s) : json_null());
	}
	return s;
}

char *rec_title(app *a, const json_t *state, const char *lang)
{
	const form *f = app_form_of(a, state);
	char *t = f ? plain_title(a, f, json_object_get(state, "fields"), lang, 0) : xstrdup("");
	if (!*t) {
		free(t);
		const char *num = json_string_value(json_object_get(state, "number"));
		t = xstrdup(num && *num ? num : json_string_value(json_object_get(state, "id")));
	}
	return t;
}

static void collect_text(const json_t *v, strbuf *b)
{
	const char *k;
	json_t *x;
	size_t i;
	if (json_is_string(v) && json_string_length(v) < 4096) {
		sb_putc(b, ' ');
		sb_puts(b, json_string_value(v));
	} else if (json_is_object(v) && !value_is_sealed(v)) {
		/* a sealed value's text is ciphertext: nobody searches for it */
		json_object_foreach((json_t *)v, k, x) collect_text(x, b);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) collect_text(x, b);
	}
}

/* Whether a field's values are worth searching for: not other records'
 * ids, files' hashes, signatures or positions. Nobody types those into a
 * search (a record referred to is found by its own text), and they were
 * a sixth of the search text's bytes and more of its trigrams, the
 * index's work at a first sync or a reindex. */
static int searchable(field_type t)
{
	return t != FT_REF && t != FT_PHOTO && t != FT_FILE && t != FT_SIGNATURE && t != FT_GPS;
}

/* The search text of fields (an object of values) as defs define them;
 * a value no field defines is taken whole. */
static void collect_fields(const field *defs, size_t n, const json_t *fields, strbuf *b)
{
	const char *k;
	json_t *x, *row;
	size_t j;
	json_object_foreach((json_t *)fields, k, x)
	{
		const field *fd = NULL;
		for (size_t i = 0; i < n && !fd; i++)
			if (str_eq(defs[i].name, k))
				fd = &defs[i];
		if (fd && !searchable(fd->type))
			continue;
		if (fd && fd->type == FT_GROUP && json_is_array(x))
			json_array_foreach(x, j, row)
			{
				if (json_is_object(row) && !value_is_sealed(row))
					collect_fields(fd->members, fd->n_members, row, b);
				else
					collect_text(row, b);
			}
		else
			collect_text(x, b);
	}
}

/* All of the row but the titles the title names: touches no database. */
static void derive(rec_prepared *p)
{
	const form *f = p->f;
	const json_t *state = p->state, *fields = json_object_get(state, "fields");
	const char *created = json_string_value(json_object_get(state, "created"));
	const char *d = f->date_field ? json_string_value(json_object_get(fields, f->date_field)) : NULL;
	snprintf(p->date, sizeof p->date, "%s", d ? d : created ? created : "");
	p->parts = xcalloc(f->n_summary + 1, sizeof *p->parts);
	p->n_parts = title_parts(f, fields, "zh", 0, p->parts);
	strbuf text;
	sb_init(&text);
	if (json_is_object(fields) && !value_is_sealed(fields))
		collect_fields(f->fields, f->n_fields, fields, &text);
	p->fields_text = sb_take(&text);
	p->state_json = json_canonical_dumps(state);
}

/* Writes the row of a derived state. */
static int write_row(app *a, const rec_prepared *p)
{
	const form *f = p->f;
	const json_t *state = p->state, *fields = json_object_get(state, "fields");
	if (!p->state_json)
		return err_set("cannot encode the record's state");
	char *title = join_title(a, p->parts, p->n_parts, "zh");
	const char *number = json_string_value(json_object_get(state, "number"));
	char *text = xasprintf("%s %s%s", number ? number : "", title, p->fields_text);
	record_index ix = {
		.site = f->site_field ? json_string_value(json_object_get(fields, f->site_field)) : NULL,
		.date = p->date,
		.due = f->due_field ? json_string_value(json_object_get(fields, f->due_field)) : NULL,
		.title = title,
		.text = text,
		.state_json = p->state_json,
	};
	int rc = store_put_record(a->db, state, &ix);
	if (a->ref_titles)
		json_object_del(a->ref_titles, json_string_value(json_object_get(state, "id")));
	/* A saved record may hold the files just attached: they stay. */
	if (rc == 0)
		json_array_clear(a->fresh_attachments);
	if (rc == 0 && str_eq(f->kind, "formdef"))
		rc = form_published_take(a, state);
	free(title), free(text);
	return rc;
}

/* What derive made. */
static void forget_derived(rec_prepared *p)
{
	free(p->state_json), free(p->fields_text);
	free_parts(p->parts, p->n_parts);
}

void rec_prepared_free(rec_prepared *p)
{
	if (!p)
		return;
	json_decref(p->state);
	free(p->why);
	forget_derived(p);
	free(p);
}

int rec_put_state(app *a, const form *f, const json_t *state)
{
	rec_prepared p = {.f = f, .state = (json_t *)state};
	derive(&p);
	int rc = write_row(a, &p);
	forget_derived(&p);
	return rc;
}

rec_prepared *rec_prepare(const app *a, const char *kind, json_t *const *ev, size_t n)
{
	/* The form in force only: an older version may have to be read from
	 * the database, and a form's own record changes the forms in force. */
	const form *f = n && !str_eq(kind, "formdef") ? formset_get(a->forms, kind) : NULL;
	int version = n ? (int)json_integer_value(json_object_get(ev[0], "form_version")) : 0;
	if (!f || (version != 0 && version != f->version))
		return NULL;
	rec_prepared *p = xcalloc(1, sizeof *p);
	p->f = f;
	if ((p->state = fold_record(f, ev, n)))
		derive(p);
	else
		p->why = xstrdup(err_msg());
	return p;
}

int rec_put_prepared(app *a, rec_prepared *p)
{
	if (!p->state) {
		err_set("%s", p->why);
		return 0;
	}
	return write_row(a, p) < 0 ? -1 : 1;
}

int rec_refold_events(app *a, const char *kind, json_t *const *ev, size_t n)
{
	/* The record's form is the version its first event was written with. */
	const form *f = n ? app_form(a, kind, (int)json_integer_value(json_object_get(ev[0], "form_version"))) : NULL;
	json_t *state = f ? fold_record(f, ev, n) : NULL;
	int rc = state ? (rec_put_state(a, f, state) < 0 ? -1 : 1) : 0;
	json_decref(state);
	return rc;
}
