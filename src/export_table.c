/*
 * export_table: records of a kind as spreadsheet rows (export_table.h).
 */
#include "export_table.h"
#include "record.h"
#include "text.h"
#include "util.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	app *a;
	const form *f;
	const char *lang;
	export_table *t;
	json_t *titles; /* referenced id -> title, looked up once */
	char today[16];
} filler;

static const char *own(export_table *t, char *s)
{
	t->owned = xrealloc(t->owned, (t->n_owned + 1) * sizeof *t->owned);
	t->owned[t->n_owned++] = s;
	return s;
}

static void add_col(export_table *t, const char *key, const char *header, sheet_kind kind)
{
	t->cols = xrealloc(t->cols, (t->n_cols + 1) * sizeof *t->cols);
	t->cols[t->n_cols++] = (sheet_col){key, header, kind};
}

static sheet_kind kind_of(field_type ty)
{
	switch (ty) {
	case FT_INTEGER:
	case FT_DECIMAL:
	case FT_SCORE: return SHEET_NUM;
	case FT_DATE: return SHEET_DATE;
	default: return SHEET_TEXT;
	}
}

static const char *ref_title(filler *x, const char *id)
{
	json_t *have = json_object_get(x->titles, id);
	if (!have) {
		json_t *st = store_get_record(x->a->db, id);
		char *title = st ? rec_title(x->a, st, x->lang) : NULL;
		have = json_string(title ? title : id);
		json_object_set_new(x->titles, id, have);
		free(title);
		json_decref(st);
	}
	return json_string_value(have);
}

/* A group's entries, one per line, each member's text joined by "；". */
static char *group_text(const field *g, const json_t *v, const char *lang)
{
	strbuf b;
	sb_init(&b);
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		if (i)
			sb_putc(&b, '\n');
		int first = 1;
		for (size_t m = 0; m < g->n_members; m++) {
			const json_t *mv = json_object_get(e, g->members[m].name);
			if (!mv || json_is_null(mv))
				continue;
			char *s = value_display(&g->members[m], mv, lang);
			sb_puts(&b, first ? "" : str_eq(lang, "en") ? "; " : "；");
			sb_puts(&b, s);
			first = 0;
			free(s);
		}
	}
	return sb_take(&b);
}

static int fill_row(void *payload, json_t *state)
{
	filler *x = payload;
	const char *status = json_string_value(json_object_get(state, "status"));
	if (str_eq(status, "draft"))
		return 0;
	json_t *row = json_object(), *fields = json_object_get(state, "fields");
	const char *keep[] = {"id", "number", "created", "author", "device"};
	for (size_t i = 0; i < DW_ARRAY_LEN(keep); i++)
		json_object_set(row, keep[i], json_object_get(state, keep[i]));
	json_object_set_new(row, "status",
			    json_string(text_status(rec_display_status(x->f, state, x->today), x->lang)));
	for (size_t i = 0; i < x->f->n_fields; i++) {
		const field *fd = &x->f->fields[i];
		const json_t *v = json_object_get(fields, fd->name);
		if (!v || json_is_null(v))
			continue;
		char *s = NULL;
		if (fd->type == FT_PERSON || kind_of(fd->type) != SHEET_TEXT)
			json_object_set(row, fd->name, (json_t *)v); /* sheet reads name/phone, numbers, dates */
		else if (fd->type == FT_REF && json_is_string(v))
			json_object_set_new(row, fd->name, json_string(ref_title(x, json_string_value(v))));
		else if (fd->type == FT_GROUP)
			s = group_text(fd, v, x->lang);
		else
			s = value_display(fd, v, x->lang);
		if (s)
			json_object_set_new(row, fd->name, json_string(s));
		free(s);
	}
	json_array_append_new(x->t->rows, row);
	return 0;
}

int export_table_make(app *a, const char *kind, const char *lang, export_table *t)
{
	memset(t, 0, sizeof *t);
	t->rows = json_array();
	const form *f = formset_get(a->forms, kind);
	if (!f)
		return err_set("no form '%s'", kind);
	int en = str_eq(lang, "en");
	add_col(t, "id", en ? "ID" : "标识", SHEET_TEXT);
	add_col(t, "number", en ? "Number" : "编号", SHEET_TEXT);
	add_col(t, "status", en ? "Status" : "状态", SHEET_TEXT);
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		const char *head = label_get(&fd->label, lang);
		if (fd->type == FT_PERSON) {
			add_col(t, own(t, xasprintf("%s.name", fd->name)), head, SHEET_TEXT);
			add_col(t, own(t, xasprintf("%s.phone", fd->name)),
				own(t, en ? xasprintf("%s: phone", head) : xasprintf("%s电话", head)), SHEET_TEXT);
		} else {
			add_col(t, fd->name, head, kind_of(fd->type));
		}
	}
	add_col(t, "created", en ? "Created (UTC)" : "创建时间（UTC）", SHEET_TEXT);
	add_col(t, "author", en ? "Author" : "创建人", SHEET_TEXT);
	add_col(t, "device", en ? "Device" : "设备", SHEET_TEXT);
	filler x = {a, f, lang, t, json_object(), ""};
	app_today(a, x.today);
	list_query q = {.kind = kind};
	int rc = store_list(a->db, &q, fill_row, &x);
	json_decref(x.titles);
	return rc < 0 ? -1 : 0;
}

void export_table_free(export_table *t)
{
	for (size_t i = 0; i < t->n_owned; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->cols);
	json_decref(t->rows);
	memset(t, 0, sizeof *t);
}
