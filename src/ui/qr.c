/*
 * qr: screen_qr, a site's or notice's code drawn on the terminal, to be
 * scanned from the screen, with its payload under it.
 *
 * arg: {"id": site or notice id}. Owns the drawing, payload and title.
 */
#include "qr.h"
#include "record.h"
#include "text.h"
#include "ui/ui.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

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

const screen_ops screen_qr = {
	.name = "qr",
	.open = open_qr,
	.draw = draw_qr,
	.close = close_qr,
};
