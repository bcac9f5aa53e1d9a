/*
 * form_screen: screen_form, the form filler. It lists a record's sections
 * and fields (group items inline under their group), hides what is not
 * relevant, shows each problem next to its field as answers change, and
 * saves every change as it is made: a draft field by field (rec_set),
 * a submitted record as one update event when the person saves. Keys and
 * clicks are turned into changes by form_edit.c.
 *
 * arg: {"id": draft or record id}, or {"kind": k, "site": id?, "from": id?}
 * to start a new draft at once (from: prefilled from the record it
 * follows, followup.h). Owns its fstate (form_screen.h): copies of the
 * values, the rows, the editor of the field being typed in.
 */
#include "followup.h"
#include "record.h"
#include "text.h"
#include "ui/form_screen.h"
#include "util.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

/* The object holding r's value: the record's fields or a group item. */
json_t *form_screen_scope(fstate *st, const frow *r)
{
	if (!r->group)
		return st->fields;
	return json_array_get(json_object_get(st->fields, r->group->name), (size_t)r->item);
}

json_t *form_screen_value(fstate *st, const frow *r)
{
	json_t *scope = form_screen_scope(st, r);
	return scope ? json_object_get(scope, r->fd->name) : NULL;
}

/* The name validation uses for r: "field" or "group[N].member". */
static void problem_name(const frow *r, char *buf, size_t n)
{
	if (r->group)
		snprintf(buf, n, "%s[%d].%s", r->group->name, r->item + 1, r->fd->name);
	else
		snprintf(buf, n, "%s", r->fd->name);
}

static const char *row_problem(fstate *st, const frow *r)
{
	char name[200];
	size_t i;
	json_t *p;
	if (r->kind != R_FIELD)
		return NULL;
	problem_name(r, name, sizeof name);
	json_array_foreach(st->problems, i, p) if (str_eq(json_string_value(json_object_get(p, "field")), name)) return
		json_string_value(json_object_get(p, "message"));
	return NULL;
}

/* The validator speaks English; the common messages in Chinese. */
static const char *tr_problem(ui *u, const char *msg)
{
	static const char *const zh[][2] = {
		{"is required", "必填"},
		{"must be a date YYYY-MM-DD", "日期格式：年-月-日"},
		{"is outside the allowed dates", "日期超出允许范围"},
		{"must be a whole number", "应为整数"},
		{"must be a number like 12.5", "应为数字，如 12.5"},
		{"must be a time HH:MM", "时间格式：时:分"},
		{"must name a person", "应填姓名"},
		{"needs a phone number", "需填电话：姓名,电话"},
		{"must be a position LAT,LON", "位置格式：纬度,经度"},
		{"needs at least", "至少需要一项"},
		{"is outside", "超出范围"},
		{"length", "长度不符"},
		{"entries, has", "项数不符"},
	};
	if (str_eq(u->lang, "en") || !msg)
		return msg;
	for (size_t i = 0; i < DW_ARRAY_LEN(zh); i++)
		if (strstr(msg, zh[i][0]))
			return zh[i][1];
	return msg;
}

/* Rebuilds the rows from the form and the values: only what is relevant,
 * group items under an expanded group. The cursor stays on its row when
 * that row is still there. */
static void build_rows(fstate *st)
{
	frow keep = st->rows && st->cur < st->n_rows ? st->rows[st->cur] : (frow){0};
	const form *f = st->f;
	size_t cap = 64, n = 0;
	frow *rows = xmalloc(cap * sizeof *rows);
#define PUSH(...)                                                                                      \
	do {                                                                                           \
		if (n == cap)                                                                          \
			rows = xrealloc(rows, (cap *= 2) * sizeof *rows);                              \
		rows[n++] = (frow){__VA_ARGS__};                                                       \
	} while (0)
	const char *sec = NULL;
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		if (!value_relevant(fd, st->fields, st->fields))
			continue;
		if (fd->section && !str_eq(fd->section, sec)) {
			sec = fd->section;
			for (size_t k = 0; k < f->n_sections; k++)
				if (str_eq(f->sections[k].name, sec))
					PUSH(.kind = R_SECTION, .sec = &f->sections[k], .item = -1);
		}
		PUSH(.kind = R_FIELD, .fd = fd, .item = -1);
		if (fd->type != FT_GROUP || !st->open_groups[i])
			continue;
		json_t *items = json_object_get(st->fields, fd->name);
		for (size_t it = 0; it < json_array_size(items); it++) {
			PUSH(.kind = R_ITEM, .fd = fd, .item = (int)it);
			json_t *scope = json_array_get(items, it);
			for (size_t m = 0; m < fd->n_members; m++)
				if (value_relevant(&fd->members[m], scope, st->fields))
					PUSH(.kind = R_FIELD, .fd = &fd->members[m], .group = fd, .item = (int)it);
		}
		PUSH(.kind = R_ADD, .fd = fd, .item = -1);
	}
#undef PUSH
	free(st->rows), free(st->row_y), free(st->row_h);
	st->rows = rows;
	st->n_rows = (int)n;
	st->row_y = xcalloc(n + 1, sizeof *st->row_y);
	st->row_h = xcalloc(n + 1, sizeof *st->row_h);
	for (int i = 0; i < st->n_rows; i++)
		if (keep.kind == rows[i].kind && keep.fd == rows[i].fd && keep.group == rows[i].group &&
		    keep.item == rows[i].item && keep.sec == rows[i].sec) {
			st->cur = i;
			return;
		}
	if (st->cur >= st->n_rows)
		st->cur = st->n_rows - 1;
	if (st->cur < 0)
		st->cur = 0;
	if (st->n_rows && st->rows[st->cur].kind == R_SECTION)
		form_screen_move(st, 1);
}

/* Validates the values as a whole record (scores computed as a submit
 * would) and rebuilds the rows. */
void form_screen_refresh(ui *u, fstate *st)
{
	json_decref(st->scored);
	json_decref(st->problems);
	st->scored = json_deep_copy(st->fields);
	value_compute_scores(st->f, st->scored);
	st->problems = json_array();
	/* A submitted record's dates are checked against today only where
	 * they change (record.c), so not here. */
	value_validate(st->f, st->scored, st->draft ? st->today : NULL, 0, st->problems);
	build_rows(st);
	(void)u;
}

/* Moves the cursor by delta rows, over section headings. */
void form_screen_move(fstate *st, int delta)
{
	int i = st->cur, step = delta < 0 ? -1 : 1, left = abs(delta);
	while (left > 0) {
		int j = i + step;
		while (j >= 0 && j < st->n_rows && st->rows[j].kind == R_SECTION)
			j += step;
		if (j < 0 || j >= st->n_rows)
			break;
		i = j, left--;
	}
	st->cur = i;
}

/* Saves one top-level value of a draft. On refusal the value stays on
 * screen with its problem; the stored draft keeps the last good one. */
static void save_draft_value(ui *u, fstate *st, const char *name)
{
	json_t *v = json_object_get(st->fields, name);
	json_t *set = json_object(), *problems = json_array();
	json_object_set_new(set, name, v ? json_incref(v) : json_null());
	if (rec_set(u->a, st->id, set, problems) < 0) {
		json_t *p = json_array_get(problems, 0);
		const char *m = p ? json_string_value(json_object_get(p, "message")) : err_msg();
		ui_say(u, T_ERROR, "%s: %s", ui_tr(u, "未保存", "Not saved"), tr_problem(u, m));
	} else {
		st->touched = 1;
	}
	json_decref(set), json_decref(problems);
}

/* What the form changed in a submitted record since it was opened as
 * stored: field -> new value, null for one removed (a new object). */
static json_t *edit_changes(fstate *st)
{
	json_t *diff = json_object(), *v;
	const char *k;
	json_object_foreach(st->fields, k, v) if (!json_equal(v, json_object_get(st->original, k)))
		json_object_set(diff, k, v);
	json_object_foreach(st->original, k, v) if (!json_object_get(st->fields, k))
		json_object_set_new(diff, k, json_null());
	return diff;
}

/* A submitted record's changes are kept as its pending edit, saved as
 * they are made, until submitted or discarded. */
static void save_edit(ui *u, fstate *st)
{
	json_t *diff = edit_changes(st);
	st->dirty = json_object_size(diff) > 0;
	if (rec_edit_save(u->a, st->id, diff) < 0)
		ui_say(u, T_ERROR, "%s: %s", ui_tr(u, "未保存", "Not saved"), err_msg());
	else
		st->touched = 1;
	json_decref(diff);
}

/* A group's items changed (added, removed, moved or a member set). */
void form_screen_group_changed(ui *u, fstate *st, const field *group)
{
	if (st->draft)
		save_draft_value(u, st, group->name);
	else
		save_edit(u, st);
	form_screen_refresh(u, st);
}

/* Sets r's value to v (stolen; NULL or JSON null removes it), saves it
 * and validates again. */
void form_screen_commit(ui *u, fstate *st, const frow *r, json_t *v)
{
	json_t *scope = form_screen_scope(st, r);
	frow row = *r; /* r may point into the rows rebuilt below */
	if (!scope) {
		json_decref(v);
		return;
	}
	if (!v || json_is_null(v)) {
		json_object_del(scope, row.fd->name);
		json_decref(v);
	} else {
		json_object_set_new(scope, row.fd->name, v);
	}
	if (row.group) {
		form_screen_group_changed(u, st, row.group);
		return;
	}
	if (st->draft)
		save_draft_value(u, st, row.fd->name);
	else
		save_edit(u, st);
	form_screen_refresh(u, st);
}

/* Values that no longer apply (an answer changed since they were typed)
 * are kept while the person works, hidden, and dropped before submitting:
 * the record as submitted holds only what applies. Returns the changes. */
static json_t *drop_irrelevant(fstate *st)
{
	json_t *changes = json_object();
	const form *f = st->f;
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		json_t *v = json_object_get(st->fields, fd->name);
		if (!v)
			continue;
		if (!value_relevant(fd, st->fields, st->fields)) {
			json_object_set_new(changes, fd->name, json_null());
			continue;
		}
		if (fd->type != FT_GROUP || !json_is_array(v))
			continue;
		int changed = 0;
		size_t k;
		json_t *item;
		json_array_foreach(v, k, item) for (size_t m = 0; m < fd->n_members; m++)
		{
			const field *mf = &fd->members[m];
			if (json_object_get(item, mf->name) && !value_relevant(mf, item, st->fields))
				json_object_del(item, mf->name), changed = 1;
		}
		if (changed)
			json_object_set(changes, fd->name, v);
	}
	const char *k;
	json_t *v;
	json_object_foreach(changes, k, v) if (json_is_null(v)) json_object_del(st->fields, k);
	return changes;
}

/* After a refusal: the cursor to the first field with a problem, in the
 * order of the form, and its message on the message line. */
static void show_first_problem(ui *u, fstate *st, json_t *problems)
{
	st->tried = 1;
	form_screen_refresh(u, st);
	for (int i = 0; i < st->n_rows; i++) {
		const char *m = row_problem(st, &st->rows[i]);
		if (!m)
			continue;
		st->cur = i; /* groups open expanded, so their members have rows */
		ui_say(u, T_ERROR, "%s: %s", label_get(&st->rows[i].fd->label, u->lang), tr_problem(u, m));
		return;
	}
	json_t *p = json_array_get(problems, 0);
	ui_say(u, T_ERROR, "%s %s", p ? json_string_value(json_object_get(p, "field")) : "",
	       tr_problem(u, p ? json_string_value(json_object_get(p, "message")) : err_msg()));
}

static void open_record_view(ui *u, const char *id)
{
	ui_open_with(u, &screen_record, "id", id);
}

void form_screen_submit(ui *u, fstate *st)
{
	if (st->editing && form_edit_finish(u, st) < 0)
		return;
	json_t *problems = json_array(), *changes = drop_irrelevant(st);
	char *id = xstrdup(st->id);
	int rc;
	if (st->draft) {
		if (json_object_size(changes))
			rec_set(u->a, st->id, changes, problems);
		json_array_clear(problems);
		rc = rec_submit(u->a, st->id, problems);
	} else {
		/* One update event with what changed since the record was opened. */
		json_t *diff = edit_changes(st);
		rc = json_object_size(diff) ? rec_set(u->a, st->id, diff, problems) : 0;
		if (rc == 0 && str_eq(st->status, "returned"))
			rc = rec_submit(u->a, st->id, problems);
		if (rc == 0 && rec_edit_discard(u->a, st->id) < 0)
			ui_say(u, T_ERROR, "%s", err_msg());
		json_decref(diff);
	}
	if (rc < 0) {
		form_screen_refresh(u, st);
		show_first_problem(u, st, problems);
	} else {
		json_t *state = rec_get(u->a, id);
		const char *num = json_string_value(json_object_get(state, "number"));
		ui_say(u, T_OK, "%s %s", st->draft ? ui_tr(u, "已提交", "Submitted") : ui_tr(u, "已保存", "Saved"),
		       num && *num ? num : "");
		json_decref(state);
		st->fresh = 0; /* submitted: nothing to discard */
		ui_back(u); /* frees st */
		if (u->top && u->top->ops == &screen_record)
			ui_back(u); /* opened from the record: show it anew */
		open_record_view(u, id);
	}
	json_decref(problems), json_decref(changes);
	free(id);
}

void form_screen_leave(ui *u, screen *s)
{
	fstate *st = s->state;
	if (st->editing && form_edit_finish(u, st) < 0)
		return; /* stays in the field to be corrected (Esc gives up) */
	if (st->draft && st->fresh && !st->touched)
		ui_say(u, T_OK, "%s", ui_tr(u, "未填写，未留草稿", "Nothing entered: no draft kept"));
	else if (st->draft)
		ui_say(u, T_OK, "%s", ui_tr(u, "草稿已保存", "Draft saved"));
	else if (st->dirty)
		ui_say(u, T_WARN, "%s", ui_tr(u, "修改已保存，尚未提交（首页可继续修改或放弃）",
					   "Edits kept, not submitted (continue or discard them from home)"));
	ui_back(u);
}

/* Where option i of a compliance or yes/no field is drawn, from the
 * value column's start; its width in *width. */
int form_screen_option_x(ui *u, const field *fd, int i, int *width)
{
	static const char *const comp_zh[] = {"符合", "不符合", "不适用"}, *const comp_en[] = {"yes", "no", "n/a"};
	static const char *const yn_zh[] = {"是", "否"}, *const yn_en[] = {"yes", "no"};
	const char *const *names = fd->type == FT_COMPLIANCE ? (str_eq(u->lang, "en") ? comp_en : comp_zh)
							     : (str_eq(u->lang, "en") ? yn_en : yn_zh);
	int x = 0;
	for (int k = 0; k < i; k++)
		x += text_width(names[k]) + 3;
	*width = text_width(names[i]) + 2;
	return x;
}

static const char *const codes[] = {"yes", "no", "na"};

/* Draws a compliance or yes/no value as its options, the chosen one in
 * brackets (visible without colour). */
static void draw_options(ui *u, fstate *st, const field *fd, const json_t *v, int y, int x, int w, int sel)
{
	int n = fd->type == FT_COMPLIANCE ? 3 : 2;
	const char *s = json_string_value(v);
	term_fill(y, x, w, sel ? T_SELECTED : T_NORMAL);
	for (int i = 0; i < n; i++) {
		int ow, ox = form_screen_option_x(u, fd, i, &ow);
		if (ox + ow > w)
			break;
		json_t *code = json_string(codes[i]);
		char *name = value_display(fd, code, "zh");
		if (str_eq(u->lang, "en"))
			free(name), name = xstrdup(i == 0 ? "yes" : i == 1 ? "no" : "n/a");
		int chosen = str_eq(s, codes[i]);
		char *t = xasprintf(chosen ? "[%s]" : " %s ", name);
		term_put(y, x + ox, ow, t, chosen ? (str_eq(codes[i], "no") ? T_ERROR : T_OK) : sel ? T_SELECTED : T_DIM);
		free(t), free(name), json_decref(code);
	}
	(void)st;
}

/* The text shown for a value in the list. */
static char *display(ui *u, fstate *st, const field *fd, const json_t *v)
{
	if (!v || json_is_null(v))
		return xstrdup("");
	if (fd->type == FT_REF && json_is_string(v)) {
		const char *id = json_string_value(v);
		json_t *t = json_object_get(st->titles, id);
		if (!t) {
			json_t *state = store_get_record(u->a->db, id);
			char *title = state ? rec_title(u->a, state, u->lang) : xstrdup(id);
			json_object_set_new(st->titles, id, json_string(title));
			free(title), json_decref(state);
			t = json_object_get(st->titles, id);
		}
		return xstrdup(json_string_value(t));
	}
	if ((fd->type == FT_PHOTO || fd->type == FT_FILE) && json_is_array(v))
		return xasprintf("%zu %s", json_array_size(v),
				 fd->type == FT_PHOTO ? ui_tr(u, "张照片", "photos") : ui_tr(u, "个文件", "files"));
	return value_display(fd, v, u->lang);
}

/* Draws row i at y; returns the lines it took. */
static int draw_row(ui *u, fstate *st, int i, int y, int lines, int cols, int label_w)
{
	frow *r = &st->rows[i];
	int sel = i == st->cur;
	term_style base = sel ? T_SELECTED : T_NORMAL;
	int indent = r->group ? 4 : r->kind == R_ITEM || r->kind == R_ADD ? 2 : 0;
	if (r->kind == R_SECTION) {
		char *t = xasprintf("── %s ──", label_get(&r->sec->label, u->lang));
		term_text(y, 0, cols, t, T_TITLE);
		free(t);
		return 1;
	}
	if (r->kind == R_ITEM || r->kind == R_ADD) {
		char *t;
		if (r->kind == R_ADD)
			t = xasprintf("%*s+ %s", indent, "", ui_tr(u, "添加一项 (a)", "Add an entry (a)"));
		else if (str_eq(u->lang, "en"))
			t = xasprintf("%*sEntry %d", indent, "", r->item + 1);
		else
			t = xasprintf("%*s第 %d 项", indent, "", r->item + 1);
		term_text(y, 0, cols, t, sel ? T_SELECTED : T_BOLD);
		free(t);
		return 1;
	}
	const field *fd = r->fd;
	json_t *v = fd->type == FT_SCORE ? json_object_get(st->scored, fd->name) : form_screen_value(st, r);
	const char *problem = row_problem(st, r);
	int required_only = problem && str_eq(problem, "is required");
	char mark[8];
	snprintf(mark, sizeof mark, "%*s%s", indent, "", fd->required ? "*" : " ");
	term_text(y, 0, cols, "", base);
	int x = term_put(y, 0, indent + 1, mark, fd->required ? (sel ? T_SELECTED : T_WARN) : base);
	term_put(y, x + 1, label_w - x - 2, label_get(&fd->label, u->lang), base); /* a space before the value */
	int vx = label_w + 1, vw = cols - vx;
	st->val_x = vx, st->val_w = vw;
	const char *pm = problem ? tr_problem(u, problem) : NULL;
	int pw = pm ? text_width(pm) + 2 : 0;
	if (pw > vw / 2)
		pw = vw / 2;
	if (sel && st->editing) {
		int uw = fd->unit ? text_width(fd->unit) + 1 : 0;
		editor_draw(&st->ed, y, vx, vw - uw - pw, lines, 1, T_INPUT);
		if (uw)
			term_put(y, vx + vw - uw - pw + 1, uw, fd->unit, base);
		for (int k = 1; k < lines; k++) /* the label column beside a tall editor */
			term_text(y + k, 0, vx, "", T_NORMAL);
	} else if (fd->type == FT_COMPLIANCE || fd->type == FT_YESNO) {
		draw_options(u, st, fd, v, y, vx, vw - pw, sel);
	} else {
		char *t = display(u, st, fd, v);
		if (!*t && sel)
			free(t), t = xstrdup(fd->type == FT_SCORE ? "" : ui_tr(u, "（Enter 填写）", "(Enter to fill in)"));
		term_put(y, vx, vw - pw, t, sel ? T_SELECTED : fd->type == FT_SCORE ? T_BOLD : T_NORMAL);
		free(t);
	}
	if (pm)
		term_put(y, cols - pw + 1, pw - 1, pm, required_only && !st->tried ? (sel ? T_SELECTED : T_DIM) : T_ERROR);
	/* A choice's or multi's options, under it. */
	for (int k = 1; st->popup && sel && k < lines && (size_t)(k - 1) < fd->n_options; k++) {
		const option *o = &fd->options[k - 1];
		int on = fd->type != FT_MULTI && str_eq(json_string_value(v), o->code);
		if (fd->type == FT_MULTI) {
			size_t q;
			json_t *c;
			json_array_foreach(v, q, c) if (str_eq(json_string_value(c), o->code)) on = 1;
		}
		char *t = xasprintf("%d %s %s", k <= 9 ? k : 0, on ? "[x]" : "[ ]", label_get(&o->text, u->lang));
		term_text(y + k, 0, vx, "", T_NORMAL);
		term_text(y + k, vx, vw, t, k - 1 == st->popup_sel ? T_SELECTED : T_NORMAL);
		free(t);
	}
	return lines;
}

/* The keys of the current field's type, and its hint, for the last line. */
static void draw_hint(ui *u, fstate *st, int y, int cols)
{
	const frow *r = st->n_rows ? &st->rows[st->cur] : NULL;
	const char *keys = "";
	if (!r)
		return;
	if (st->editing)
		keys = st->ed.multiline ? ui_tr(u, "Tab/F2 完成  Enter 换行  Esc 取消", "Tab/F2 done  Enter new line  Esc cancel")
					: ui_tr(u, "Enter 完成  Esc 取消", "Enter done  Esc cancel");
	else if (st->popup)
		keys = ui_tr(u, "数字/空格 选择  Enter 完成  Esc 关闭", "digit/Space choose  Enter done  Esc close");
	else if (r->kind == R_ITEM)
		keys = ui_tr(u, "a 添加  d 删除  K/J 上移/下移", "a add  d delete  K/J move");
	else if (r->kind == R_FIELD)
		switch (r->fd->type) {
		case FT_COMPLIANCE: keys = ui_tr(u, "y 符合  n 不符合  x 不适用", "y yes  n no  x n/a"); break;
		case FT_YESNO: keys = ui_tr(u, "y 是  n 否", "y yes  n no"); break;
		case FT_CHOICE: keys = ui_tr(u, "1-9 选择  Enter 列表", "1-9 choose  Enter list"); break;
		case FT_MULTI: keys = ui_tr(u, "1-9 勾选  Enter 列表", "1-9 toggle  Enter list"); break;
		case FT_DATE: keys = ui_tr(u, "+/- 前后一天  t 今天  Enter 输入", "+/- a day  t today  Enter type"); break;
		case FT_REF: keys = ui_tr(u, "Enter 选择记录", "Enter pick a record"); break;
		case FT_PHOTO:
		case FT_FILE: keys = ui_tr(u, "Enter 添加文件  Del 清除", "Enter attach  Del clear"); break;
		case FT_GROUP: keys = ui_tr(u, "Enter 展开/收起  a 添加", "Enter open/close  a add"); break;
		case FT_PERSON: keys = ui_tr(u, "姓名,电话", "name,phone"); break;
		case FT_GPS: keys = ui_tr(u, "g GPS定位  Enter 输入 纬度,经度", "g from GPS  Enter type LAT,LON"); break;
		case FT_SCORE: keys = ui_tr(u, "自动计算", "computed"); break;
		default: keys = ui_tr(u, "Enter 输入", "Enter type"); break;
		}
	const char *hint = r->kind == R_FIELD ? label_get(&r->fd->hint, u->lang) : NULL;
	char *t = xasprintf("%s%s%s", keys, hint && *hint ? "  │ " : "", hint ? hint : "");
	term_text(y, 0, cols, t, T_DIM);
	free(t);
}

static void draw_form(ui *u, screen *s, int top, int bottom)
{
	fstate *st = s->state;
	int cols = term_cols(), avail = bottom - top - 2;
	if (avail < 1)
		return;
	/* Title: the form, its number or 草稿, and the running score. */
	char *title = xasprintf("%s  %s%s%s", label_get(&st->f->title, u->lang),
				st->draft ? ui_tr(u, "草稿", "draft") : st->number,
				st->draft ? "" : "  ", st->draft ? "" : text_status(st->status, u->lang));
	term_text(top, 0, cols, title, T_TITLE);
	free(title);
	for (size_t i = 0; i < st->f->n_fields; i++)
		if (st->f->fields[i].type == FT_SCORE) {
			json_t *sc = json_object_get(st->scored, st->f->fields[i].name);
			char *t = sc ? xasprintf("%s %lld", label_get(&st->f->fields[i].label, u->lang),
						 (long long)json_integer_value(sc))
				     : xstrdup("");
			int w = text_width(t);
			if (w && w < cols / 3)
				term_put(top, cols - w - 1, w, t, T_TITLE);
			free(t);
			break;
		}
	int label_w = cols * 2 / 5 > 40 ? 40 : cols * 2 / 5;
	/* The current row's height: a multi-line editor or an option list. */
	int cur_h = 1;
	if (st->editing && st->ed.multiline)
		cur_h = avail / 3 > 3 ? avail / 3 : 3;
	else if (st->popup && st->n_rows)
		cur_h = 1 + (int)st->rows[st->cur].fd->n_options;
	if (cur_h > avail)
		cur_h = avail;
	if (st->first > st->cur)
		st->first = st->cur;
	if (st->first == st->cur && st->cur > 0 && st->rows[st->cur - 1].kind == R_SECTION)
		st->first--; /* show the heading of the field's section */
	while (st->first < st->cur && (st->cur - st->first) + cur_h > avail)
		st->first++;
	for (int i = 0; i < st->n_rows; i++)
		st->row_y[i] = -1;
	int y = top + 1;
	for (int i = st->first; i < st->n_rows && y < top + 1 + avail; i++) {
		int h = i == st->cur ? cur_h : 1;
		if (y + h > top + 1 + avail)
			h = top + 1 + avail - y;
		st->row_y[i] = y, st->row_h[i] = h;
		y += draw_row(u, st, i, y, h, cols, label_w);
	}
	draw_hint(u, st, bottom - 1, cols);
}

/* The first required field left empty, where a person picks up. */
static void cursor_to_first_empty(fstate *st)
{
	for (int i = 0; i < st->n_rows; i++) {
		const frow *r = &st->rows[i];
		json_t *v = r->kind == R_FIELD ? form_screen_value(st, r) : NULL;
		if (r->kind == R_FIELD && r->fd->required && (!v || (json_is_string(v) && !*json_string_value(v)))) {
			st->cur = i;
			return;
		}
	}
	st->cur = 0;
	form_screen_move(st, 0);
	if (st->n_rows && st->rows[0].kind == R_SECTION)
		form_screen_move(st, 1);
}

static int open_form(ui *u, screen *s, const json_t *arg)
{
	app *a = u->a;
	const char *id = json_string_value(json_object_get(arg, "id"));
	const char *kind = json_string_value(json_object_get(arg, "kind"));
	const char *site = json_string_value(json_object_get(arg, "site"));
	char *new_id = NULL;
	if (!id && kind) {
		const form *f = formset_get(a->forms, kind);
		json_t *fields = json_object(), *problems = json_array();
		/* Started from the record it follows (followup.h): prefilled. */
		const char *from = json_string_value(json_object_get(arg, "from"));
		if (from) {
			json_decref(fields);
			if (followup_prefill(a, kind, from, &fields) < 0) {
				ui_say(u, T_ERROR, "%s", err_msg());
				json_decref(problems);
				return -1;
			}
			site = json_string_value(json_object_get(fields, "site"));
		}
		if (site) {
			free(a->site_hint);
			a->site_hint = xstrdup(site);
			if (f && f->site_field)
				json_object_set_new(fields, f->site_field, json_string(site));
		}
		int rc = rec_new(a, kind, fields, 0, problems, &new_id);
		json_decref(fields), json_decref(problems);
		if (rc < 0) {
			ui_say(u, T_ERROR, "%s", err_msg());
			return -1;
		}
		id = new_id;
	}
	json_t *state = id ? rec_get(a, id) : NULL;
	const form *f = state ? app_form_of(a, state) : NULL;
	const char *status = json_string_value(json_object_get(state, "status"));
	if (!f || str_eq(status, "void") || str_eq(status, "closed")) {
		ui_say(u, T_ERROR, "%s", !f ? err_msg() : ui_tr(u, "此记录已关闭或作废，不能修改", "This record is closed or void"));
		json_decref(state), free(new_id);
		return -1;
	}
	fstate *st = xcalloc(1, sizeof *st);
	st->id = xstrdup(id);
	st->f = f;
	st->draft = str_eq(status, "draft");
	st->status = xstrdup(status);
	st->number = xstrdup(json_string_value(json_object_get(state, "number")) ? json_string_value(json_object_get(state, "number")) : "");
	st->fields = json_deep_copy(json_object_get(state, "fields"));
	if (!st->fields)
		st->fields = json_object();
	st->original = json_deep_copy(st->fields);
	st->fresh = new_id != NULL;
	json_t *pending = st->draft ? NULL : rec_edit_pending(a, id);
	if (pending) { /* an edit left unsubmitted: it continues */
		const char *k;
		json_t *v;
		json_object_foreach(pending, k, v)
		{
			if (json_is_null(v))
				json_object_del(st->fields, k);
			else
				json_object_set(st->fields, k, v);
		}
		st->dirty = json_object_size(pending) > 0;
		ui_say(u, T_WARN, "%s", ui_tr(u, "继续未提交的修改", "Continuing the edits not submitted"));
		json_decref(pending);
	}
	st->titles = json_object();
	st->open_groups = xcalloc(f->n_fields + 1, 1);
	for (size_t i = 0; i < f->n_fields; i++)
		st->open_groups[i] = 1; /* items shown inline */
	app_today(a, st->today);
	s->state = st;
	form_screen_refresh(u, st);
	cursor_to_first_empty(st);
	json_decref(state), free(new_id);
	return 0;
}

static void close_form(ui *u, screen *s)
{
	fstate *st = s->state;
	if (st->draft && st->fresh && !st->touched && rec_discard(u->a, st->id) < 0)
		ui_say(u, T_ERROR, "%s", err_msg()); /* a new draft left untouched: none kept */
	if (st->editing)
		editor_free(&st->ed);
	free(st->saved_text);
	json_decref(st->edit_before);
	json_decref(st->fields), json_decref(st->original), json_decref(st->scored);
	json_decref(st->problems), json_decref(st->titles);
	free(st->rows), free(st->row_y), free(st->row_h), free(st->open_groups);
	free(st->id), free(st->number), free(st->status);
	free(st);
}

/* Submit, leave and the next problem are here; the rest (movement, the
 * field's keys) in form_edit.c. */
static int form_action(ui *u, screen *s, ui_action_id a)
{
	fstate *st = s->state;
	switch (a) {
	case ACT_SUBMIT: form_screen_submit(u, st); break;
	case ACT_BACK: form_screen_leave(u, s); break;
	case ACT_PROBLEM:
		for (int i = 1; i <= st->n_rows; i++) {
			int k = (st->cur + i) % st->n_rows;
			if (row_problem(st, &st->rows[k])) {
				st->cur = k;
				return 1;
			}
		}
		ui_say(u, T_OK, "%s", ui_tr(u, "没有问题", "No problems"));
		break;
	default: return form_edit_action(u, s, a);
	}
	return 1;
}

const screen_ops screen_form = {
	.name = "form",
	.open = open_form,
	.draw = draw_form,
	.action = form_action,
	.key = form_edit_key,
	.close = close_form,
	.on_picked = form_edit_picked,
	.tick = form_edit_tick,
};
