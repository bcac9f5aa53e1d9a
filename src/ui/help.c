/*
 * help: screen_help, the keys of the screen below, made from the key
 * bindings (keymap.h) and the actions' help (action.h), so the help can
 * never disagree with the keys: the screen's own actions in the order of
 * keys.txt, then the generic keys it leaves as they are, then the
 * scanner. A list longer than the window goes on in a second column.
 */
#include "text.h"
#include "ui/ui.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* Where the next row goes; kw: the keys' column width. */
typedef struct {
	int y, x, top, bottom, cols, kw;
} pen;

static void row(pen *p, const char *keys, const char *what, term_style style)
{
	if (p->y >= p->bottom && p->x == 0 && p->cols >= 80)
		p->y = p->top, p->x = p->cols / 2;
	if (p->y >= p->bottom)
		return;
	int w = p->x ? p->cols - p->x : p->cols;
	term_text(p->y, p->x + 2, p->kw, keys, T_BOLD);
	term_text(p->y++, p->x + 2 + p->kw, w - 2 - p->kw, what, style);
}

/* Appends the keys of l that screen `on` does not bind itself (all of
 * them when on is NULL) to buf, joined by sep. */
static void keys_of(const keymap *km, const keymap_line *l, const char *on, const char *sep, char *buf, size_t n)
{
	for (size_t i = 0; i < l->n_keys; i++) {
		if (on && keymap_screen_binds(km, on, &l->keys[i]))
			continue;
		char k[16];
		size_t len = strlen(buf);
		snprintf(buf + len, n - len, "%s%s", *buf ? sep : "", keymap_key_name(&l->keys[i], k, sizeof k));
	}
}

/* The generic line of action a, or NULL. */
static const keymap_line *generic_line(const keymap *km, ui_action_id a)
{
	for (const keymap_line *l = keymap_next(km, "generic", NULL); l; l = keymap_next(km, "generic", l))
		if (l->action == a)
			return l;
	return NULL;
}

/* 1 if screen `on` has a line of its own for a. */
static int screen_has(const keymap *km, const char *on, ui_action_id a)
{
	for (const keymap_line *l = keymap_next(km, on, NULL); l; l = keymap_next(km, on, l))
		if (l->action == a)
			return 1;
	return 0;
}

/* The rows of the help: the screen's actions, each with the generic keys
 * that reach it too, then the generic actions the screen has no line for
 * (movement on one row), then the scanner. Drawn when p, else only
 * measured: returns the widest keys. */
static int rows(ui *u, const char *on, pen *p)
{
	const keymap *km = u->keys;
	int widest = 0;
	char k[96];
	for (const keymap_line *l = keymap_next(km, on, NULL); l; l = keymap_next(km, on, l)) {
		const keymap_line *g = generic_line(km, l->action);
		k[0] = 0;
		keys_of(km, l, NULL, " / ", k, sizeof k);
		if (g)
			keys_of(km, g, on, " / ", k, sizeof k);
		if (text_width(k) > widest)
			widest = text_width(k);
		if (p)
			row(p, k, action_help(l->action, u->lang), T_NORMAL);
	}
	if (p)
		p->y++;
	k[0] = 0;
	for (const keymap_line *l = keymap_next(km, "generic", NULL); l; l = keymap_next(km, "generic", l))
		if (action_is_move(l->action) && !screen_has(km, on, l->action))
			keys_of(km, l, on, " ", k, sizeof k);
	if (text_width(k) > widest)
		widest = text_width(k);
	if (*k && p)
		row(p, k, ui_tr(u, "移动选择、翻页", "Move, page"), T_DIM);
	for (const keymap_line *l = keymap_next(km, "generic", NULL); l; l = keymap_next(km, "generic", l)) {
		if (action_is_move(l->action) || screen_has(km, on, l->action))
			continue;
		k[0] = 0;
		keys_of(km, l, on, " / ", k, sizeof k);
		if (text_width(k) > widest)
			widest = text_width(k);
		if (*k && p)
			row(p, k, action_help(l->action, u->lang), T_DIM);
	}
	if (p)
		row(p, ui_tr(u, "扫码枪", "Scanner"),
		    ui_tr(u, "在任何屏幕扫描工地或通知二维码即可打开", "Scan a site or notice code on any screen to open it"),
		    T_DIM);
	return widest;
}

static void draw_help(ui *u, screen *s, int top, int bottom)
{
	int cols = term_cols();
	const char *on = s->below ? s->below->ops->name : "";
	term_text(top, 0, cols, ui_tr(u, "帮助：本屏的按键", "Help: the keys of this screen"), T_TITLE);
	int kw = rows(u, on, NULL) + 2;
	if (kw < 14)
		kw = 14;
	if (kw > cols / 3)
		kw = cols / 3;
	pen p = {top + 2, 0, top + 2, bottom, cols, kw};
	rows(u, on, &p);
}

const screen_ops screen_help = {
	.name = "help",
	.draw = draw_help,
};
