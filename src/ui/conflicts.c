/*
 * conflicts: screen_conflicts, the significant fields that devices set
 * apart (fold.h) for a supervisor to settle. One row per value claimed:
 * the record, the field, the value, who claimed it on which device and
 * when. Enter settles the field with the selected value: rec_set writes a
 * new event after every competing one, which is what settles it. Only the
 * conflicted records are read (a partial index holds them), at most
 * CONFLICT_ROWS claims, newest records first. Owns its rows.
 */
#include "record.h"
#include "text.h"
#include "ui/list.h"
#include "ui/ui.h"
#include "util.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

#define CONFLICT_ROWS 1000

typedef struct {
	json_t *rows; /* [{"id","number","field","label","value","shown","author","device","when"}] */
	ui_list list;
} conflicts;

typedef struct {
	ui *u;
	json_t *rows;
} gather;

static int take(void *payload, json_t *state)
{
	gather *g = payload;
	const form *f = app_form_of(g->u->a, state);
	const char *num = json_string_value(json_object_get(state, "number"));
	size_t i, k;
	json_t *c, *claim;
	json_array_foreach(json_object_get(state, "conflicts"), i, c)
	{
		const char *name = json_string_value(json_object_get(c, "field"));
		const field *fd = f ? form_field(f, name) : NULL;
		json_array_foreach(json_object_get(c, "values"), k, claim)
		{
			json_t *v = json_object_get(claim, "value");
			char *shown = fd ? value_display(fd, v, g->u->lang) : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			const char *wall = json_string_value(json_object_get(claim, "wall"));
			json_array_append_new(
				g->rows, json_pack("{sOsssssssOsssOsOss}", "id", json_object_get(state, "id"), "number",
						   num && *num ? num : "", "field", name, "label",
						   fd ? label_get(&fd->label, g->u->lang) : name, "value", v, "shown",
						   shown ? shown : "", "author", json_object_get(claim, "author"), "device",
						   json_object_get(claim, "device"), "when", wall ? wall : ""));
			free(shown);
		}
	}
	return json_array_size(g->rows) >= CONFLICT_ROWS;
}

static void reload(ui *u, conflicts *c)
{
	json_decref(c->rows);
	c->rows = json_array();
	gather g = {u, c->rows};
	if (store_conflicts(u->a->db, take, &g) < 0)
		ui_say(u, T_ERROR, "%s", err_msg());
	c->list.count = (long)json_array_size(c->rows);
	list_fit(&c->list, c->list.rows > 0 ? c->list.rows : 1);
}

static int open_conflicts(ui *u, screen *s, const json_t *arg)
{
	(void)arg;
	conflicts *c = xcalloc(1, sizeof *c);
	s->state = c;
	reload(u, c);
	return 0;
}

static const char *row_str(const json_t *row, const char *key)
{
	const char *v = json_string_value(json_object_get(row, key));
	return v ? v : "";
}

static void draw_conflicts(ui *u, screen *s, int top, int bottom)
{
	conflicts *c = s->state;
	int cols = term_cols();
	char head[256];
	snprintf(head, sizeof head, "%s %ld · %s", ui_tr(u, "待裁定冲突：值", "Conflicts: values"), c->list.count,
		 ui_tr(u, "选中一个值按 Enter 采用", "Enter settles the field with the selected value"));
	term_text(top, 0, cols, head, T_TITLE);
	term_text(top + 1, 2, cols - 2,
		  ui_tr(u, "记录              字段          值                 提出者 @ 设备   时间",
			"Record            Field         Value              Author @ device  Time"),
		  T_BOLD);
	c->list.y = top + 2;
	c->list.rows = bottom - c->list.y;
	list_fit(&c->list, c->list.rows);
	if (c->list.count == 0)
		term_text(c->list.y, 2, cols - 2, ui_tr(u, "没有冲突。", "No conflicts."), T_DIM);
	for (long i = c->list.top; i < c->list.count && i - c->list.top < c->list.rows; i++) {
		json_t *r = json_array_get(c->rows, (size_t)i);
		int y = c->list.y + (int)(i - c->list.top), sel = i == c->list.sel;
		term_style st = sel ? T_SELECTED : T_NORMAL;
		/* A record's first claim names it; the others stand under it. */
		int first = i == 0 || !str_eq(row_str(json_array_get(c->rows, (size_t)i - 1), "id"), row_str(r, "id")) ||
			    !str_eq(row_str(json_array_get(c->rows, (size_t)i - 1), "field"), row_str(r, "field"));
		char who[80], when[20];
		snprintf(who, sizeof who, "%s @ %s", row_str(r, "author"), row_str(r, "device"));
		snprintf(when, sizeof when, "%.16s", row_str(r, "when"));
		if (strlen(when) > 10)
			when[10] = ' ';
		term_text(y, 0, 2, sel ? "▶" : "", st);
		term_text(y, 2, 18, first ? row_str(r, "number") : "", st);
		term_text(y, 20, 14, first ? row_str(r, "label") : "", st);
		term_text(y, 34, 19, row_str(r, "shown"), sel ? T_SELECTED : T_ERROR);
		term_text(y, 53, 17, who, st);
		if (cols > 70)
			term_text(y, 70, cols - 70, when + (cols < 86 ? 5 : 0), sel ? T_SELECTED : T_DIM);
	}
}

static void settle(ui *u, conflicts *c)
{
	json_t *r = json_array_get(c->rows, (size_t)c->list.sel);
	if (!r)
		return;
	/* Only a supervisor's or an admin's device settles: said before the
	 * question, not after it. */
	json_t *st = store_get_record(u->a->db, row_str(r, "id"));
	const form *f = st ? app_form_of(u->a, st) : NULL;
	int may = ui_may(u, f ? f->life : LC_REGISTRY, "settle", 1);
	json_decref(st);
	if (!may)
		return;
	char q[400];
	snprintf(q, sizeof q, "%s %s = %s ?", ui_tr(u, "采用", "Settle"), row_str(r, "label"), row_str(r, "shown"));
	if (!ui_confirm(u, q))
		return;
	json_t *set = json_object(), *problems = json_array();
	json_object_set(set, row_str(r, "field"), json_object_get(r, "value"));
	if (rec_set(u->a, row_str(r, "id"), set, problems) < 0) {
		json_t *p = json_array_get(problems, 0);
		ui_say(u, T_ERROR, "%s%s%s", err_msg(), p ? ": " : "", p ? json_string_value(json_object_get(p, "message")) : "");
	} else {
		ui_say(u, T_OK, "%s", ui_tr(u, "已裁定：写入了新事件。", "Settled: a new event is written."));
	}
	json_decref(set), json_decref(problems);
	reload(u, c);
}

static int conflicts_action(ui *u, screen *s, ui_action_id a)
{
	conflicts *c = s->state;
	switch (a) {
	case ACT_SETTLE: settle(u, c); break;
	case ACT_OPEN_RECORD: {
		json_t *r = json_array_get(c->rows, (size_t)c->list.sel);
		if (r)
			ui_open_with(u, &screen_record, "id", row_str(r, "id"));
		break;
	}
	default: return 0;
	}
	return 1;
}

static ui_list *conflicts_list(screen *s)
{
	conflicts *c = s->state;
	return &c->list;
}

static void close_conflicts(ui *u, screen *s)
{
	(void)u;
	conflicts *c = s->state;
	json_decref(c->rows);
	free(c);
}

const screen_ops screen_conflicts = {
	.name = "conflicts",
	.open = open_conflicts,
	.draw = draw_conflicts,
	.action = conflicts_action,
	.close = close_conflicts,
	.list = conflicts_list,
};
