/*
 * picker: screen_picker, choosing a record for a reference field (the
 * site inspected, the complaint followed up). Search as you type over the
 * submitted records of one kind, fetching only the rows on screen plus
 * the ones scrolled past; Enter hands the picked id back to the screen
 * that opened the picker, to its on_picked (ui_picked).
 *
 * arg: {"kind": k, "title": t, "field": name, "site": id?}. With a site
 * (the record being filled is about it), that site's records come first,
 * then the others. Owns its copies of these, its search editor and the
 * rows fetched.
 */
#include "record.h"
#include "text.h"
#include "ui/editor.h"
#include "ui/list.h"
#include "ui/ui.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	char *kind, *title, *field;
	char *site; /* its records first, or NULL */
	editor search;
	json_t *rows; /* [{"id","title","number"}] fetched for the view */
	ui_list list; /* its y and rows as last drawn, for the mouse */
	int more;     /* more rows than fetched */
} picker;

typedef struct {
	ui *u;
	picker *p;
	long want;
	const char *skip_site; /* the second walk: the site's records are listed */
} fetch;

/* Keeps submitted, living records: a reference names no draft or voided
 * record (record.c refuses them). */
static int take(void *payload, json_t *state)
{
	fetch *f = payload;
	const char *status = json_string_value(json_object_get(state, "status"));
	if (str_eq(status, "draft") || str_eq(status, "void"))
		return 0;
	if (f->skip_site) {
		const form *fm = app_form_of(f->u->a, state);
		json_t *site = fm && fm->site_field ? json_object_get(json_object_get(state, "fields"), fm->site_field) : NULL;
		if (str_eq(json_string_value(site), f->skip_site))
			return 0;
	}
	if ((long)json_array_size(f->p->rows) >= f->want) {
		f->p->more = 1;
		return 1;
	}
	char *t = rec_title(f->u->a, state, f->u->lang);
	json_array_append_new(f->p->rows, json_pack("{s:O,s:s,s:O?}", "id", json_object_get(state, "id"), "title", t,
						      "number", json_object_get(state, "number")));
	free(t);
	return 0;
}

/* Fetches as many rows as the view needs (what is on screen and above). */
static void refetch(ui *u, picker *p)
{
	char *q = editor_text(&p->search);
	list_query lq = {.kind = p->kind, .search = *q ? q : NULL};
	fetch f = {u, p, p->list.top + (p->list.rows > 0 ? p->list.rows : 20) + 1, NULL};
	json_array_clear(p->rows);
	p->more = 0;
	int rc = 0;
	if (p->site) {
		lq.site = p->site;
		rc = store_list(u->a->db, &lq, take, &f);
		lq.site = NULL;
		f.skip_site = p->site;
	}
	if (rc == 0 && !p->more)
		rc = store_list(u->a->db, &lq, take, &f);
	if (rc < 0)
		ui_say(u, T_ERROR, "%s", err_msg());
	p->list.count = (long)json_array_size(p->rows);
	free(q);
}

static int open_picker(ui *u, screen *s, const json_t *arg)
{
	picker *p = xcalloc(1, sizeof *p);
	const char *kind = json_string_value(json_object_get(arg, "kind"));
	const char *title = json_string_value(json_object_get(arg, "title"));
	const char *fname = json_string_value(json_object_get(arg, "field"));
	p->kind = xstrdup(kind ? kind : "site");
	p->title = xstrdup(title ? title : text_kind(p->kind, u->lang));
	p->field = xstrdup(fname ? fname : "");
	const char *site = json_string_value(json_object_get(arg, "site"));
	p->site = site ? xstrdup(site) : NULL;
	p->rows = json_array();
	editor_init(&p->search, "", 0, 100);
	s->state = p;
	refetch(u, p);
	return 0;
}

static void close_picker(ui *u, screen *s)
{
	(void)u;
	picker *p = s->state;
	editor_free(&p->search);
	json_decref(p->rows);
	free(p->kind), free(p->title), free(p->field), free(p->site);
	free(p);
}

static void draw_picker(ui *u, screen *s, int top, int bottom)
{
	picker *p = s->state;
	int cols = term_cols(), rows = bottom - top - 2;
	char *head = xasprintf("%s %s", ui_tr(u, "选择", "Pick"), p->title);
	term_text(top, 0, cols, head, T_TITLE);
	free(head);
	const char *lbl = ui_tr(u, "搜索：", "Search: ");
	int w = term_put(top + 1, 0, cols / 2, lbl, T_BOLD);
	if (rows < 1)
		rows = 1;
	if (rows != p->list.rows) {
		p->list.rows = rows;
		refetch(u, p);
	}
	p->list.y = top + 2;
	list_fit(&p->list, rows);
	for (int i = 0; i < rows; i++) {
		long k = p->list.top + i;
		json_t *r = json_array_get(p->rows, (size_t)k);
		if (!r) {
			if (k == 0)
				term_text(top + 2, 2, cols - 2, ui_tr(u, "没有找到记录", "No records found"), T_DIM);
			continue;
		}
		const char *num = json_string_value(json_object_get(r, "number"));
		char *line = xasprintf("%s%s%s", num && *num ? num : "", num && *num ? "  " : "",
				       json_string_value(json_object_get(r, "title")));
		term_text(top + 2 + i, 0, cols, line, k == p->list.sel ? T_SELECTED : T_NORMAL);
		free(line);
	}
	editor_draw(&p->search, top + 1, w, cols - w, 1, 1, T_INPUT);
}

static void pick(ui *u, picker *p)
{
	const char *id = json_string_value(json_object_get(json_array_get(p->rows, (size_t)p->list.sel), "id"));
	if (id)
		ui_picked(u, p->field, id); /* frees p */
}

/* Moves the selection; scrolling past what was fetched fetches more. */
static int move(ui *u, picker *p, ui_action_id a, const term_key *mouse)
{
	long before = p->list.top + p->list.rows;
	if (mouse ? !list_mouse(&p->list, mouse) : !list_move(&p->list, a))
		return 0;
	if (p->more && p->list.top + p->list.rows > before - 1) {
		long sel = p->list.sel;
		refetch(u, p);
		p->list.sel = sel;
		list_fit(&p->list, p->list.rows);
	}
	return 1;
}

/* The search field takes what it can edit; the bound keys (movement,
 * Enter, Esc, F-keys) go on to the actions. */
static int picker_key(ui *u, screen *s, const term_key *k)
{
	picker *p = s->state;
	if (k->kind == K_MOUSE)
		return move(u, p, ACT_NONE, k);
	if (k->kind == K_KEY && action_is_move(keymap_find(u->keys, s->ops->name, k)))
		return 0;
	if (editor_key(&p->search, k)) {
		if (p->search.changed) {
			p->search.changed = 0;
			p->list.sel = p->list.top = 0;
			refetch(u, p);
		}
		return 1;
	}
	return 0;
}

static int picker_action(ui *u, screen *s, ui_action_id a)
{
	picker *p = s->state;
	if (a == ACT_PICK) {
		pick(u, p);
		return 1;
	}
	return move(u, p, a, NULL);
}

const screen_ops screen_picker = {
	.name = "picker",
	.open = open_picker,
	.draw = draw_picker,
	.action = picker_action,
	.key = picker_key,
	.close = close_picker,
};
