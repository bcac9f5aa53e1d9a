/*
 * formset: loads the shipped forms and a station's overrides. See
 * formset.h.
 */
#include "formset.h"
#include "embedded.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct formset {
	form **forms;   /* as the shipped files come (formset_at) */
	form **ordered; /* in the forms' order (formset_in_order) */
	size_t n;
};

/* A station's own form written before forms had an order takes the
 * shipped form's place; then the set is put in order (stable) in ordered. */
static void put_in_order(formset *fs)
{
	const char *const *kinds = form_kind_list();
	for (size_t i = 0; i < fs->n; i++) {
		form *f = fs->forms[i];
		for (int k = 0; !f->order && kinds[k]; k++)
			if (str_eq(kinds[k], f->kind))
				f->order = k + 1;
	}
	form **o = fs->ordered = xcalloc(fs->n + 1, sizeof *o);
	memcpy(o, fs->forms, fs->n * sizeof *o);
	for (size_t i = 1; i < fs->n; i++)
		for (size_t j = i; j > 0 && o[j - 1]->order > o[j]->order; j--) {
			form *t = o[j];
			o[j] = o[j - 1];
			o[j - 1] = t;
		}
}

int formset_load(formset **out, const char *home)
{
	formset *fs = xcalloc(1, sizeof *fs);
	strbuf errs;
	sb_init(&errs);
	for (const struct embedded *e = embedded_forms; e->name; e++) {
		char *kind = xstrndup(e->name, strcspn(e->name, "."));
		char *path = home ? xasprintf("%s/forms/%s.form", home, kind) : NULL;
		char *text = NULL;
		size_t len = 0;
		form *f;
		if (path && access(path, F_OK) == 0) {
			if (read_file(path, 1 << 20, &text, &len) < 0)
				f = NULL;
			else
				f = form_parse(path, text, len);
		} else {
			char *name = xasprintf("forms/%s", e->name);
			f = form_parse(name, e->data, e->len);
			free(name);
		}
		if (f && !str_eq(f->kind, kind)) {
			err_set("%s: declares kind '%s', not '%s'", f->path, f->kind, kind);
			form_free(f);
			f = NULL;
		}
		if (f) {
			fs->forms = xrealloc(fs->forms, (fs->n + 1) * sizeof *fs->forms);
			fs->forms[fs->n++] = f;
		} else {
			sb_printf(&errs, "%s%s", errs.len ? "\n" : "", err_msg());
		}
		free(text), free(path), free(kind);
	}
	if (errs.len) {
		err_set("%s", errs.s);
		sb_free(&errs);
		formset_free(fs);
		return -1;
	}
	put_in_order(fs);
	*out = fs;
	return 0;
}

void formset_free(formset *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++)
		form_free(fs->forms[i]);
	free(fs->forms);
	free(fs->ordered);
	free(fs);
}

const form *formset_get(const formset *fs, const char *kind)
{
	for (size_t i = 0; i < fs->n; i++)
		if (str_eq(fs->forms[i]->kind, kind))
			return fs->forms[i];
	return NULL;
}

size_t formset_count(const formset *fs)
{
	return fs->n;
}

const form *formset_at(const formset *fs, size_t i)
{
	return i < fs->n ? fs->forms[i] : NULL;
}

form *formset_replace(formset *fs, form *f)
{
	for (size_t i = 0; i < fs->n; i++)
		if (str_eq(fs->forms[i]->kind, f->kind)) {
			form *old = fs->forms[i];
			if (!f->order)
				f->order = old->order;
			fs->forms[i] = f;
			free(fs->ordered);
			put_in_order(fs);
			return old;
		}
	return NULL;
}

const form *formset_in_order(const formset *fs, size_t i)
{
	return i < fs->n ? fs->ordered[i] : NULL;
}
