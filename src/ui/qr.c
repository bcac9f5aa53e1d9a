/*
 * qr: screen_qr, a site's or notice's code drawn on the terminal, to be
 * scanned from the screen, with its payload under it. Two rows of modules
 * per text row (half blocks, as qrencode -t UTF8). When the standard code
 * (level M, a 4-module quiet zone) does not fit between the title and the
 * payload, the smallest (level L, a 3-module quiet zone) takes every row
 * of the terminal at its left, the title, payload and Esc beside it: a
 * notice's code then fits 80x24.
 *
 * arg: {"id": site or notice id}. Owns the drawings, payload and title.
 */
#include "qr.h"
#include "record.h"
#include "text.h"
#include "ui/ui.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The small code's quiet zone, in modules. */
#define QR_SCREEN_QUIET 3
/* Columns the text beside the small code needs at least. */
#define QR_SIDE_MIN 16

typedef struct {
	char *text;  /* the drawing, standard */
	char *small; /* the drawing, smallest */
	char *payload;
	char *title;
} qr_view;

static int open_qr(ui *u, screen *s, const json_t *arg)
{
	const char *id = json_string_value(json_object_get(arg, "id"));
	json_t *st = id ? store_get_record(u->a->db, id) : NULL;
	char *p = st ? rec_payload(u->a, st) : NULL;
	qr_code q = {0}, small = {0};
	if (!p || qr_make(p, &q) < 0 || qr_make_small(p, &small) < 0) {
		ui_say(u, T_ERROR, "%s", err_msg());
		qr_free(&q);
		free(p);
		json_decref(st);
		return -1;
	}
	qr_view *v = xcalloc(1, sizeof *v);
	v->text = qr_utf8(&q, 0);
	v->small = qr_utf8_quiet(&small, 0, QR_SCREEN_QUIET);
	v->payload = p;
	v->title = rec_title(u->a, st, u->lang);
	qr_free(&q), qr_free(&small);
	json_decref(st);
	s->state = v;
	return 0;
}

/* A drawing's size: columns of its first line, and its lines. */
static void drawing_size(const char *text, int *width, int *height)
{
	const char *nl = strchr(text, '\n');
	char *first = xstrndup(text, nl ? (size_t)(nl - text) : strlen(text));
	*width = text_width(first);
	free(first);
	*height = 0;
	for (const char *p = text; *p; p++)
		*height += *p == '\n';
}

/* Whether the standard code fits between the title and the payload. */
static int standard_fits(const qr_view *v, int rows, int cols)
{
	int width, height;
	drawing_size(v->text, &width, &height);
	return width <= cols && height <= rows - 2;
}

static int whole_qr(ui *u, screen *s)
{
	(void)u;
	return !standard_fits(s->state, term_rows() - 2, term_cols());
}

static void draw_qr(ui *u, screen *s, int top, int bottom)
{
	qr_view *v = s->state;
	int cols = term_cols(), y = top, width, height;
	if (!standard_fits(v, bottom - top, cols)) {
		/* The smallest code at the left, from the top row; beside it the
		 * title, the payload and how to leave, never in the last row
		 * (curses cannot write its last cell). */
		drawing_size(v->small, &width, &height);
		int side = cols - width - 2;
		if (width > cols || height > bottom - top) {
			term_text(y, 0, cols, ui_tr(u, "窗口太小，放大窗口以显示二维码。", "Window too small for the code: enlarge it."),
				  T_WARN);
			return;
		}
		ui_drawing(v->small, top, 0, width, bottom);
		if (side >= QR_SIDE_MIN) {
			y = ui_wrapped(v->title, top + 1, width + 2, side, bottom - 1, T_TITLE) + 1;
			y = ui_wrapped(v->payload, y, width + 2, side, bottom - 1, T_DIM) + 1;
			ui_wrapped(ui_tr(u, "Esc 返回", "Esc: back"), y, width + 2, side, bottom - 1, T_DIM);
		}
		return;
	}
	drawing_size(v->text, &width, &height);
	term_text(y++, 0, cols, v->title, T_TITLE);
	ui_drawing(v->text, y, (cols - width) / 2, width, bottom - 1);
	term_text(y + height, 0, cols, v->payload, T_DIM);
}

static void close_qr(ui *u, screen *s)
{
	(void)u;
	qr_view *v = s->state;
	free(v->text), free(v->small), free(v->payload), free(v->title);
	free(v);
}

const screen_ops screen_qr = {
	.name = "qr",
	.open = open_qr,
	.draw = draw_qr,
	.close = close_qr,
	.whole = whole_qr,
};
