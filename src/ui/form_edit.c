/*
 * form_edit: the form filler's keys and clicks (see form_screen.h). One
 * key answers a compliance item, a yes/no or a choice (1-9) and moves on;
 * text-like fields are typed in place in an editor (editor.h), parsed as
 * the command line parses them (rec_parse_assignments: references
 * resolved, "@path" attachments imported) when the person leaves the
 * field; group items are added, deleted and reordered inline.
 *
 * A key does what keys.txt binds it to on the form (keymap.h): a field's
 * action (y/n/x, t, +/-, g, a/d/K/J) where the field under the cursor
 * takes it, else it is typed into a text-like field; submit, back and
 * help (s, q, ?) are never typed and go back to the frame, as do the
 * other keys the form's actions take (form_edit_action).
 */
#include "record.h"
#include "text.h"
#include "gnss.h"
#include "ui/form_screen.h"
#include "util.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The text being typed is saved at least this often while typing goes
 * on, and at the first wake-up after a pause (AUTOSAVE_PAUSE_MS): a power
 * cut loses at most about two seconds of it (issue 13). */
#define AUTOSAVE_MS 2000
#define AUTOSAVE_PAUSE_MS 900

static const char *const codes[] = {"yes", "no", "na"};

static int editable(field_type t)
{
	switch (t) {
	case FT_TEXT: case FT_MULTILINE: case FT_QR: case FT_PERSON: case FT_SIGNATURE: case FT_GPS:
	case FT_INTEGER: case FT_DECIMAL: case FT_DATE: case FT_TIME: case FT_DATETIME: case FT_REF:
		return 1;
	default:
		return 0;
	}
}

/* Types whose first typed character replaces the value rather than
 * adding to it: a new date is typed whole, a note is added to. */
static int typed_whole(field_type t)
{
	return t != FT_TEXT && t != FT_MULTILINE && t != FT_QR;
}

/* The text a person edits for a value: the inverse of value_parse. */
char *form_edit_text(const field *fd, const json_t *v)
{
	if (!v || json_is_null(v))
		return xstrdup("");
	if (fd->type == FT_PERSON || fd->type == FT_SIGNATURE) {
		const char *name = json_string_value(json_object_get(v, "name"));
		const char *phone = fd->type == FT_PERSON ? json_string_value(json_object_get(v, "phone")) : NULL;
		return phone ? xasprintf("%s,%s", name ? name : "", phone) : xstrdup(name ? name : "");
	}
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	return xstrdup(json_is_string(v) ? json_string_value(v) : "");
}

/* The value for text typed into r's field, as the command line would
 * make it; NULL with *msg (caller frees) when it is not one. */
static json_t *parse_typed(ui *u, fstate *st, const frow *r, const char *text, char **msg)
{
	json_t *problems = json_array(), *out = NULL, *v = NULL;
	*msg = NULL;
	if (!*text)
		return json_null();
	if (!r->group) {
		char *assign = xasprintf("%s=%s", r->fd->name, text);
		out = rec_parse_assignments(u->a, st->f, &assign, 1, problems);
		v = json_object_get(out, r->fd->name);
		free(assign);
	} else {
		/* A member is parsed as a one-item group, which imports and
		 * resolves members like the command line does. */
		json_t *given = json_pack("{s[{ss}]}", r->group->name, r->fd->name, text);
		out = rec_parse_json(u->a, st->f, given, problems);
		v = json_object_get(json_array_get(json_object_get(out, r->group->name), 0), r->fd->name);
		json_decref(given);
	}
	json_t *p = json_array_get(problems, 0);
	if (p || !v) {
		*msg = xstrdup(p ? json_string_value(json_object_get(p, "message")) : "invalid value");
		v = NULL;
	} else {
		json_incref(v);
	}
	json_decref(out), json_decref(problems);
	return v;
}

void form_edit_start(ui *u, fstate *st, const term_key *first)
{
	const frow *r = &st->rows[st->cur];
	const field *fd = r->fd;
	json_t *v = form_screen_value(st, r);
	char *text = first && typed_whole(fd->type) ? xstrdup("") : form_edit_text(fd, v);
	size_t max = fd->has_length && (fd->type == FT_TEXT || fd->type == FT_MULTILINE) ? (size_t)fd->maxlen : 0;
	editor_init(&st->ed, text, fd->type == FT_MULTILINE, max);
	free(text);
	if (first)
		editor_key(&st->ed, first);
	st->editing = 1;
	json_decref(st->edit_before);
	st->edit_before = v ? json_deep_copy(v) : NULL;
	st->autosaved = 0;
	st->saved_ms = term_ms();
	free(st->saved_text);
	st->saved_text = form_edit_text(fd, v);
	(void)u;
}

static void edit_close(fstate *st)
{
	editor_free(&st->ed);
	st->editing = 0;
}

int form_edit_finish(ui *u, fstate *st)
{
	if (!st->ed.changed) {
		edit_close(st);
		return 0;
	}
	frow r = st->rows[st->cur];
	char *text = editor_text(&st->ed), *msg = NULL;
	json_t *v = parse_typed(u, st, &r, text, &msg);
	free(text);
	if (!v) {
		ui_say(u, T_ERROR, "%s: %s", label_get(&r.fd->label, u->lang), msg);
		free(msg);
		return -1; /* stays in the field to be corrected (Esc gives up) */
	}
	edit_close(st);
	form_screen_commit(u, st, &r, v);
	return 0;
}

void form_edit_cancel(ui *u, fstate *st)
{
	frow r = st->rows[st->cur];
	edit_close(st);
	if (st->autosaved) /* put back what was there before this edit */
		form_screen_commit(u, st, &r, st->edit_before ? json_deep_copy(st->edit_before) : NULL);
}

/* A text is saved while it is typed (a draft's field, or a submitted
 * record's pending edit), so a power cut loses seconds: never per key,
 * but when it changed and either the person paused or AUTOSAVE_MS passed
 * since the last save. A value that does not parse yet waits. */
void form_edit_tick(ui *u, screen *s)
{
	fstate *st = s->state;
	int64_t now = term_ms();
	if (!st->editing || !st->ed.changed)
		return;
	if (now - st->saved_ms < AUTOSAVE_MS && now - u->key_started_ms < AUTOSAVE_PAUSE_MS)
		return;
	char *text = editor_text(&st->ed), *msg = NULL;
	if (st->saved_text && str_eq(text, st->saved_text)) {
		free(text);
		return;
	}
	frow r = st->rows[st->cur];
	json_t *v = parse_typed(u, st, &r, text, &msg);
	free(msg);
	st->saved_ms = now;
	if (v) {
		form_screen_commit(u, st, &r, v);
		st->autosaved = 1;
		free(st->saved_text);
		st->saved_text = text;
	} else {
		free(text);
	}
}

static int edit_key(ui *u, fstate *st, const term_key *k)
{
	int multi = st->ed.multiline;
	if (k->kind == K_KEY) {
		int key = k->key, leave = 0;
		if (key == TK_ESC) {
			form_edit_cancel(u, st);
			return 1;
		}
		if (keymap_find(u->keys, screen_form.name, k) == ACT_SUBMIT)
			return 0; /* the action finishes the edit first */
		if (key == TK_TAB || key == TK_F(2) || (!multi && (key == TK_ENTER || key == TK_DOWN)))
			leave = 1;
		else if (key == TK_BTAB || (!multi && key == TK_UP))
			leave = -1;
		else if (!editor_key(&st->ed, k) && (key == TK_UP || key == TK_DOWN))
			leave = key == TK_UP ? -1 : 1; /* past the first or last line */
		if (leave && form_edit_finish(u, st) == 0)
			form_screen_move(st, leave);
		return 1;
	}
	if (k->kind == K_CHAR) {
		size_t before = st->ed.len;
		editor_key(&st->ed, k);
		if (st->ed.len == before && st->ed.max_chars && before >= st->ed.max_chars)
			ui_say(u, T_WARN, "%s %zu", ui_tr(u, "已达最大字数", "At the maximum length"), st->ed.max_chars);
		return 1;
	}
	return 0;
}

static json_t *shift_date(fstate *st, const json_t *v, int days)
{
	int64_t d;
	const char *s = json_string_value(v);
	if (!s || parse_date(s, &d) < 0)
		parse_date(st->today, &d), days = 0;
	char buf[32];
	fmt_date((d + days) * 86400000LL, buf, sizeof buf);
	return json_string(buf);
}

static json_t *now_value(ui *u, const field *fd)
{
	char buf[32];
	if (fd->type == FT_DATETIME) {
		app_stamp(u->a, buf);
	} else {
		time_t t = (time_t)(app_now(u->a) / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(buf, sizeof buf, "%H:%M", &tm);
	}
	return json_string(buf);
}

static void toggle(ui *u, fstate *st, const frow *r, const char *code)
{
	json_t *old = form_screen_value(st, r), *v = json_array(), *x;
	size_t i;
	int had = 0;
	json_array_foreach(old, i, x)
	{
		if (str_eq(json_string_value(x), code))
			had = 1;
		else
			json_array_append(v, x);
	}
	if (!had)
		json_array_append_new(v, json_string(code));
	form_screen_commit(u, st, r, json_array_size(v) ? v : (json_decref(v), NULL));
}

/* Sets a one-key answer and moves on to the next field. */
static void answer(ui *u, fstate *st, const char *code)
{
	frow r = st->rows[st->cur];
	form_screen_commit(u, st, &r, json_string(code));
	form_screen_move(st, 1);
}

static int group_index(fstate *st, const field *g)
{
	return (int)(g - st->f->fields);
}

static void cursor_to(fstate *st, frow_kind kind, const field *fd, int item)
{
	for (int i = 0; i < st->n_rows; i++)
		if (st->rows[i].kind == kind && st->rows[i].fd == fd && st->rows[i].item == item) {
			st->cur = i;
			return;
		}
}

static void add_item(ui *u, fstate *st, const field *g)
{
	json_t *items = json_object_get(st->fields, g->name);
	if (!json_is_array(items)) {
		items = json_array();
		json_object_set_new(st->fields, g->name, items);
	}
	if ((long)json_array_size(items) >= g->max_items && g->max_items > 0) {
		ui_say(u, T_WARN, "%s %ld", ui_tr(u, "最多", "At most"), g->max_items);
		return;
	}
	json_array_append_new(items, json_object());
	st->open_groups[group_index(st, g)] = 1;
	form_screen_group_changed(u, st, g);
	cursor_to(st, R_ITEM, g, (int)json_array_size(items) - 1);
	form_screen_move(st, 1);
}

static void item_op(ui *u, fstate *st, const frow *r, ui_action_id a)
{
	const field *g = r->kind == R_FIELD && r->fd->type == FT_GROUP ? r->fd : r->group ? r->group : r->fd;
	json_t *items = json_object_get(st->fields, g->name);
	int i = r->item;
	if (a == ACT_ADD) {
		add_item(u, st, g);
		return;
	}
	if (i < 0 || i >= (int)json_array_size(items))
		return;
	if (a == ACT_DELETE) {
		char *q = str_eq(u->lang, "en") ? xasprintf("Delete entry %d?", i + 1) : xasprintf("删除第 %d 项？", i + 1);
		int yes = ui_confirm(u, q);
		free(q);
		if (!yes)
			return;
		json_array_remove(items, (size_t)i);
		form_screen_group_changed(u, st, g);
		return;
	}
	int j = a == ACT_ITEM_UP ? i - 1 : i + 1;
	if (j < 0 || j >= (int)json_array_size(items))
		return;
	json_t *moved = json_incref(json_array_get(items, (size_t)i));
	json_array_set(items, (size_t)i, json_array_get(items, (size_t)j));
	json_array_set_new(items, (size_t)j, moved);
	form_screen_group_changed(u, st, g);
	cursor_to(st, R_ITEM, g, j);
}

/* The name a row's field is handed back by (screen_picker, screen_files):
 * "field", or "group.item.member" for a member of a group's item. */
static void row_name(const frow *r, char *name, size_t n)
{
	if (r->group)
		snprintf(name, n, "%s.%d.%s", r->group->name, r->item, r->fd->name);
	else
		snprintf(name, n, "%s", r->fd->name);
}

/* Attaches the file at path to r's field, after what it holds already:
 * "@path" parsed as on the command line, which stores the file's content
 * under blobs/ and keeps its SHA-256. */
static void attach(ui *u, fstate *st, const frow *r, const char *path)
{
	char *text = xasprintf("@%s", path), *msg = NULL;
	json_t *v = parse_typed(u, st, r, text, &msg);
	if (!v) {
		ui_say(u, T_ERROR, "%s", msg);
	} else {
		json_t *all = json_deep_copy(json_is_array(form_screen_value(st, r)) ? form_screen_value(st, r) : NULL);
		if (!all)
			all = json_array();
		json_array_extend(all, v);
		json_decref(v);
		form_screen_commit(u, st, r, all);
		const char *base = strrchr(path, '/');
		char *name = text_filename(base ? base + 1 : path); /* GBK from a stick */
		ui_say(u, T_OK, "%s %s", ui_tr(u, "已附加", "Attached"), name);
		free(name);
	}
	free(text), free(msg);
}

/* Opens the file browser for r's photo or file field; the path picked
 * comes back through form_edit_picked. */
static void open_files(ui *u, const frow *r)
{
	char name[200];
	row_name(r, name, sizeof name);
	json_t *arg = json_pack("{sssssb}", "field", name, "title", label_get(&r->fd->label, u->lang), "photo",
				r->fd->type == FT_PHOTO);
	ui_open(u, &screen_files, arg);
	json_decref(arg);
}

static void open_picker(ui *u, fstate *st, const frow *r)
{
	char name[200];
	row_name(r, name, sizeof name);
	json_t *arg = json_pack("{ssssss}", "kind", r->fd->ref_kind, "title", label_get(&r->fd->label, u->lang),
				"field", name);
	/* The record's site: the picker offers that site's records first. */
	json_t *site = st->f->site_field ? json_object_get(st->fields, st->f->site_field) : NULL;
	if (json_is_string(site) && !str_eq(r->fd->ref_kind, "site"))
		json_object_set(arg, "site", site);
	ui_open(u, &screen_picker, arg);
	json_decref(arg);
}

void form_edit_picked(ui *u, screen *s, const char *name, const char *id)
{
	fstate *st = s->state;
	char g[100], m[100];
	int item;
	frow r = {.kind = R_FIELD, .item = -1};
	if (sscanf(name, "%99[^.].%d.%99s", g, &item, m) == 3) {
		r.group = form_field(st->f, g);
		r.item = item;
		for (size_t i = 0; r.group && i < r.group->n_members; i++)
			if (str_eq(r.group->members[i].name, m))
				r.fd = &r.group->members[i];
	} else {
		r.fd = form_field(st->f, name);
	}
	if (!r.fd)
		return;
	if (r.fd->type == FT_PHOTO || r.fd->type == FT_FILE) {
		attach(u, st, &r, id); /* from screen_files: a path */
		return;
	}
	form_screen_commit(u, st, &r, json_string(id));
	const frow *c = &st->rows[st->cur];
	if (c->fd == r.fd && c->item == r.item)
		form_screen_move(st, 1);
}

static void choose(ui *u, fstate *st, size_t i)
{
	frow r = st->rows[st->cur];
	if (i >= r.fd->n_options)
		return;
	if (r.fd->type == FT_MULTI) {
		toggle(u, st, &r, r.fd->options[i].code);
		st->popup_sel = (int)i;
		return;
	}
	st->popup = 0;
	answer(u, st, r.fd->options[i].code);
}

static int popup_key(ui *u, fstate *st, const term_key *k)
{
	int n = (int)st->rows[st->cur].fd->n_options;
	if (k->kind == K_CHAR && k->wch >= '1' && k->wch <= '9')
		choose(u, st, (size_t)(k->wch - '1'));
	else if (k->kind == K_CHAR && k->wch == ' ')
		choose(u, st, (size_t)st->popup_sel);
	else if (k->kind == K_KEY && k->key == TK_UP)
		st->popup_sel = st->popup_sel > 0 ? st->popup_sel - 1 : 0;
	else if (k->kind == K_KEY && k->key == TK_DOWN)
		st->popup_sel = st->popup_sel < n - 1 ? st->popup_sel + 1 : n - 1;
	else if (k->kind == K_KEY && k->key == TK_ENTER && st->rows[st->cur].fd->type == FT_CHOICE)
		choose(u, st, (size_t)st->popup_sel);
	else if (k->kind == K_KEY && (k->key == TK_ENTER || k->key == TK_ESC || k->key == TK_TAB))
		st->popup = 0;
	else
		return k->kind == K_CHAR || k->kind == K_KEY ? 1 : 0;
	return 1;
}

static void enter(ui *u, fstate *st)
{
	const frow *r = &st->rows[st->cur];
	if (r->kind == R_ADD) {
		add_item(u, st, r->fd);
		return;
	}
	if (r->kind != R_FIELD) {
		form_screen_move(st, 1);
		return;
	}
	const field *fd = r->fd;
	switch (fd->type) {
	case FT_GROUP:
		st->open_groups[group_index(st, fd)] ^= 1;
		form_screen_refresh(u, st);
		break;
	case FT_CHOICE:
	case FT_MULTI: {
		st->popup = 1;
		st->popup_sel = 0;
		const char *cur = json_string_value(form_screen_value(st, r));
		for (size_t i = 0; cur && i < fd->n_options; i++)
			if (str_eq(fd->options[i].code, cur))
				st->popup_sel = (int)i;
		break;
	}
	case FT_REF:
		open_picker(u, st, r);
		break;
	case FT_PHOTO:
	case FT_FILE:
		open_files(u, r);
		break;
	case FT_COMPLIANCE:
	case FT_YESNO:
	case FT_SCORE:
		form_screen_move(st, 1);
		break;
	default:
		form_edit_start(u, st, NULL);
	}
}

static void clear(ui *u, fstate *st)
{
	frow r = st->rows[st->cur];
	if (r.kind == R_ITEM) {
		item_op(u, st, &r, ACT_DELETE);
		return;
	}
	if (r.kind != R_FIELD || r.fd->type == FT_SCORE || !form_screen_value(st, &r))
		return;
	if ((r.fd->type == FT_GROUP || r.fd->type == FT_PHOTO || r.fd->type == FT_FILE) &&
	    !ui_confirm(u, ui_tr(u, "清除此项的全部内容？", "Clear all of it?")))
		return;
	form_screen_commit(u, st, &r, NULL);
}

/* Runs a field's action where the row under the cursor takes it: an
 * answer, a date, a time, the GPS position, an entry of a group added,
 * deleted or moved. Returns 1 if it did. */
static int field_action(ui *u, fstate *st, ui_action_id a)
{
	const frow *r = &st->rows[st->cur];
	int in_group = r->kind == R_ITEM || r->kind == R_ADD || (r->kind == R_FIELD && r->fd->type == FT_GROUP);
	if (in_group && (a == ACT_ADD || a == ACT_DELETE || a == ACT_ITEM_UP || a == ACT_ITEM_DOWN)) {
		frow copy = *r;
		item_op(u, st, &copy, a);
		return 1;
	}
	if (r->kind != R_FIELD)
		return 0;
	const field *fd = r->fd;
	frow copy = *r;
	switch (fd->type) {
	case FT_COMPLIANCE:
		if (a != ACT_YES && a != ACT_NO && a != ACT_NA)
			return 0;
		answer(u, st, codes[a == ACT_YES ? 0 : a == ACT_NO ? 1 : 2]);
		return 1;
	case FT_YESNO:
		if (a != ACT_YES && a != ACT_NO)
			return 0;
		answer(u, st, a == ACT_YES ? "yes" : "no");
		return 1;
	case FT_DATE:
		if (a != ACT_TODAY && a != ACT_LATER && a != ACT_EARLIER)
			return 0;
		form_screen_commit(u, st, &copy,
				   a == ACT_TODAY ? shift_date(st, NULL, 0)
						  : shift_date(st, form_screen_value(st, r), a == ACT_EARLIER ? -1 : 1));
		return 1;
	case FT_GPS: {
		if (a != ACT_GPS)
			return 0;
		/* From the receiver, where there is one; else it says to type. */
		char pos[64];
		ui_say(u, T_WARN, "%s", ui_tr(u, "正在读取GPS定位…", "Reading the GPS position…"));
		if (gnss_position(pos, sizeof pos, 5000) < 0) {
			ui_say(u, T_WARN, "%s%s", ui_tr(u, "无法定位：", "No position: "), err_msg());
			return 1;
		}
		form_screen_commit(u, st, &copy, json_string(pos));
		ui_say(u, T_OK, "%s %s", ui_tr(u, "已定位", "Position:"), pos);
		return 1;
	}
	case FT_TIME:
	case FT_DATETIME:
		if (a != ACT_TODAY)
			return 0;
		form_screen_commit(u, st, &copy, now_value(u, fd));
		return 1;
	default:
		return 0;
	}
}

static int char_key(ui *u, fstate *st, const term_key *k)
{
	const frow *r = &st->rows[st->cur];
	wchar_t c = k->wch;
	if (r->kind == R_FIELD && (r->fd->type == FT_CHOICE || r->fd->type == FT_MULTI) && c >= '1' && c <= '9') {
		choose(u, st, (size_t)(c - '1'));
		return 1;
	}
	ui_action_id a = keymap_find(u->keys, screen_form.name, k);
	if (field_action(u, st, a))
		return 1;
	/* Submit, back and help (s, q, ?) are not typed into a field that is
	 * not being edited; nor is anything into a field not typed in. */
	if (r->kind != R_FIELD || !editable(r->fd->type) || a == ACT_SUBMIT || a == ACT_BACK || a == ACT_HELP)
		return 0;
	form_edit_start(u, st, k);
	return 1;
}

static int mouse(ui *u, fstate *st, const term_key *k)
{
	if (k->wheel) {
		if (!st->editing)
			form_screen_move(st, k->wheel * 3);
		return 1;
	}
	int i;
	for (i = 0; i < st->n_rows; i++)
		if (st->row_y[i] >= 0 && k->y >= st->row_y[i] && k->y < st->row_y[i] + st->row_h[i])
			break;
	if (i == st->n_rows || st->rows[i].kind == R_SECTION)
		return 0;
	if (st->popup && i == st->cur && k->y > st->row_y[i]) {
		choose(u, st, (size_t)(k->y - st->row_y[i] - 1));
		return 1;
	}
	if (st->editing && i != st->cur && form_edit_finish(u, st) < 0)
		return 1;
	if (st->editing)
		return 1;
	st->popup = 0;
	st->cur = i;
	const field *fd = st->rows[i].fd;
	if (st->rows[i].kind == R_FIELD && (fd->type == FT_COMPLIANCE || fd->type == FT_YESNO) && k->x >= st->val_x) {
		for (int o = 0; o < (fd->type == FT_COMPLIANCE ? 3 : 2); o++) {
			int w, x = st->val_x + form_screen_option_x(u, fd, o, &w);
			if (k->x >= x && k->x < x + w) {
				frow r = st->rows[i];
				form_screen_commit(u, st, &r, json_string(codes[o]));
				break;
			}
		}
	}
	return 1;
}

int form_edit_key(ui *u, screen *s, const term_key *k)
{
	fstate *st = s->state;
	if (!st->n_rows)
		return 0;
	if (k->kind == K_MOUSE)
		return mouse(u, st, k);
	if (st->editing)
		return edit_key(u, st, k);
	if (st->popup)
		return popup_key(u, st, k);
	if (k->kind == K_CHAR)
		return char_key(u, st, k);
	return 0;
}

int form_edit_action(ui *u, screen *s, ui_action_id a)
{
	fstate *st = s->state;
	if (!st->n_rows)
		return 0;
	switch (a) {
	case ACT_UP: form_screen_move(st, -1); break;
	case ACT_DOWN: form_screen_move(st, 1); break;
	case ACT_PAGE_UP: form_screen_move(st, -10); break;
	case ACT_PAGE_DOWN: form_screen_move(st, 10); break;
	case ACT_FIRST: st->cur = 0; form_screen_move(st, st->rows[0].kind == R_SECTION ? 1 : 0); break;
	case ACT_LAST: st->cur = st->n_rows - 1; break;
	case ACT_FILL: enter(u, st); break;
	case ACT_CLEAR: clear(u, st); break;
	default: return field_action(u, st, a);
	}
	return 1;
}
