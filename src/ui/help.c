/*
 * help: the keys of the screen below, made from its action table (so the
 * help can never disagree with the keys), and the QR screen, which draws a
 * site's or notice's code on the terminal to be scanned from the screen.
 */
#include "print.h"
#include "qr.h"
#include "record.h"
#include "text.h"
#include "ui/ui.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ui_action back_only[] = {
	{"back", TK_ESC, 0, "返回", "Back", 1},
	{NULL, 0, 0, NULL, NULL, 0},
};

static int open_help(ui *u, screen *s, const json_t *arg)
{
	(void)u, (void)arg, (void)s;
	return 0;
}

static void keys_of(const ui_action *a, char *buf, size_t n)
{
	char k1[16] = "", k2[16] = "";
	if (a->key == TK_ENTER)
		snprintf(k1, sizeof k1, "Enter");
	else if (a->key == TK_ESC)
		snprintf(k1, sizeof k1, "Esc");
	else if (a->key == TK_TAB)
		snprintf(k1, sizeof k1, "Tab");
	else if (a->key >= 32 && a->key < 127)
		snprintf(k1, sizeof k1, "%c", a->key);
	if (a->key2 >= TK_F(1) && a->key2 <= TK_F(12))
		snprintf(k2, sizeof k2, "F%d", (a->key2 - TK_F0) % 100);
	snprintf(buf, n, "%s%s%s", k1, *k1 && *k2 ? " / " : "", k2);
}

static void draw_help(ui *u, screen *s, int top, int bottom)
{
	int cols = term_cols(), y = top;
	const screen *below = s->below;
	term_text(y++, 0, cols, ui_tr(u, "帮助：本屏的按键", "Help: the keys of this screen"), T_TITLE);
	y++;
	for (const ui_action *a = below ? below->ops->actions : NULL; a && a->name && y < bottom; a++) {
		char k[40];
		keys_of(a, k, sizeof k);
		term_text(y, 2, 14, k, T_BOLD);
		term_text(y++, 16, cols - 16, ui_tr(u, a->zh, a->en), T_NORMAL);
	}
	static const char *const common[][3] = {
		{"↑ ↓ PgUp PgDn", "移动选择、翻页", "Move, page"},
		{"? / F1", "帮助", "This help"},
		{"Esc / q", "返回上一屏（首页：退出）", "Back (home: quit)"},
		{"扫码枪", "在任何屏幕扫描工地或通知二维码即可打开", "Scan a site or notice code on any screen to open it"},
	};
	y++;
	for (size_t i = 0; i < DW_ARRAY_LEN(common) && y < bottom; i++) {
		term_text(y, 2, 14, common[i][0], T_BOLD);
		term_text(y++, 16, cols - 16, ui_tr(u, common[i][1], common[i][2]), T_DIM);
	}
}

static void back_action(ui *u, screen *s, const char *name)
{
	(void)s;
	if (str_eq(name, "back"))
		ui_back(u);
}

static void close_nothing(ui *u, screen *s)
{
	(void)u;
	free(s->state);
}

const screen_ops screen_help = {"help", open_help, draw_help, back_action, NULL, close_nothing, back_only};

typedef struct {
	char *text; /* the drawing */
	char *payload;
	char *title;
} qr_view;

static int open_qr(ui *u, screen *s, const json_t *arg)
{
	const char *id = json_string_value(json_object_get(arg, "id"));
	json_t *st = id ? store_get_record(u->a->db, id) : NULL;
	char *p = st ? rec_payload(u->a, st) : NULL;
	qr_code q = {0};
	if (!p || qr_make(p, &q) < 0) {
		ui_say(u, T_ERROR, "%s", err_msg());
		free(p);
		json_decref(st);
		return -1;
	}
	qr_view *v = xcalloc(1, sizeof *v);
	v->text = qr_utf8(&q, 0);
	v->payload = p;
	v->title = rec_title(u->a, st, u->lang);
	qr_free(&q);
	json_decref(st);
	s->state = v;
	return 0;
}

static void draw_qr(ui *u, screen *s, int top, int bottom)
{
	qr_view *v = s->state;
	int cols = term_cols(), y = top;
	term_text(y++, 0, cols, v->title, T_TITLE);
	const char *line = v->text;
	const char *nl0 = strchr(v->text, '\n');
	char *first = xstrndup(v->text, nl0 ? (size_t)(nl0 - v->text) : strlen(v->text));
	int width = text_width(first), height = 0;
	free(first);
	for (const char *p = v->text; *p; p++)
		height += *p == '\n';
	if (width > cols || height > bottom - top - 2) {
		term_text(y, 0, cols, ui_tr(u, "窗口太小，放大窗口以显示二维码。", "Window too small for the code: enlarge it."),
			  T_WARN);
		return;
	}
	while (*line && y < bottom - 1) {
		const char *nl = strchr(line, '\n');
		char *row = xstrndup(line, nl ? (size_t)(nl - line) : strlen(line));
		term_put(y++, (cols - width) / 2, width, row, T_NORMAL);
		free(row);
		line = nl ? nl + 1 : line + strlen(line);
	}
	term_text(y, 0, cols, v->payload, T_DIM);
}

static void close_qr(ui *u, screen *s)
{
	(void)u;
	qr_view *v = s->state;
	free(v->text), free(v->payload), free(v->title);
	free(v);
}

const screen_ops screen_qr = {"qr", open_qr, draw_qr, back_action, NULL, close_qr, back_only};

/* Prints a site's placard or a notice to a PDF file the person names
 * (default in the home directory), with the same code as `dustwatch print`. */
void ui_print(ui *u, const char *id)
{
	json_t *st = store_get_record(u->a->db, id);
	const char *kind = json_string_value(json_object_get(st, "kind"));
	char *payload = st ? rec_payload(u->a, st) : NULL;
	if (!payload) {
		ui_say(u, T_ERROR, "%s", err_msg());
		json_decref(st);
		return;
	}
	const char *num = json_string_value(json_object_get(st, "number"));
	const char *home = getenv("HOME");
	char *def = str_eq(kind, "site") ? xasprintf("%s/placard-%.8s.pdf", home ? home : ".", id)
					 : xasprintf("%s/notice-%s.pdf", home ? home : ".", num ? num : id);
	char *path = ui_prompt(u, ui_tr(u, "保存为 PDF：", "Save the PDF as:"), def);
	if (path && *path) {
		int rc = str_eq(kind, "site") ? print_placard_pdf(u->a, st, payload, path)
					      : print_notice_pdf(u->a, st, payload, path);
		if (rc < 0)
			ui_say(u, T_ERROR, "%s", err_msg());
		else
			ui_say(u, T_OK, "%s %s", ui_tr(u, "已生成", "Written:"), path);
	}
	free(path), free(def), free(payload);
	json_decref(st);
}
