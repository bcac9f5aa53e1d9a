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

/* Where the next row goes. */
typedef struct {
	int y, x, top, bottom, cols;
} pen;

static void row(pen *p, const char *keys, const char *what, term_style style)
{
	if (p->y >= p->bottom && p->x == 0 && p->cols >= 80)
		p->y = p->top, p->x = p->cols / 2;
	if (p->y >= p->bottom)
		return;
	int w = p->x ? p->cols - p->x : p->cols;
	term_text(p->y, p->x + 2, 14, keys, T_BOLD);
	term_text(p->y++, p->x + 16, w - 16, what, style);
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

static void draw_help(ui *u, screen *s, int top, int bottom)
{
	int cols = term_cols();
	const char *of = s->below ? s->below->ops->name : "";
	term_text(top, 0, cols, ui_tr(u, "帮助：本屏的按键", "Help: the keys of this screen"), T_TITLE);
	pen p = {top + 2, 0, top + 2, bottom, cols};
	for (const keymap_line *l = keymap_next(u->keys, of, NULL); l; l = keymap_next(u->keys, of, l)) {
		char k[64] = "";
		keys_of(u->keys, l, NULL, " / ", k, sizeof k);
		row(&p, k, action_help(l->action, u->lang), T_NORMAL);
	}
	p.y++;
	char moves[64] = "";
	for (const keymap_line *l = keymap_next(u->keys, "generic", NULL); l; l = keymap_next(u->keys, "generic", l))
		if (action_is_move(l->action))
			keys_of(u->keys, l, of, " ", moves, sizeof moves);
	if (*moves)
		row(&p, moves, ui_tr(u, "移动选择、翻页", "Move, page"), T_DIM);
	for (const keymap_line *l = keymap_next(u->keys, "generic", NULL); l; l = keymap_next(u->keys, "generic", l)) {
		char k[64] = "";
		if (action_is_move(l->action))
			continue;
		keys_of(u->keys, l, of, " / ", k, sizeof k);
		if (*k)
			row(&p, k, action_help(l->action, u->lang), T_DIM);
	}
	row(&p, ui_tr(u, "扫码枪", "Scanner"),
	    ui_tr(u, "在任何屏幕扫描工地或通知二维码即可打开", "Scan a site or notice code on any screen to open it"), T_DIM);
}

const screen_ops screen_help = {
	.name = "help",
	.draw = draw_help,
};
