/*
 * qr: encoding with libqrencode and drawing for terminals, SVG, PNG and
 * cairo. See qr.h.
 */
#include "qr.h"
#include "util.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

static int make(const char *text, QRecLevel level, qr_code *out)
{
	/* Case-sensitive 8-bit mode with libqrencode's segment optimiser:
	 * our upper-case payloads end up in the compact alphanumeric mode. */
	QRcode *c = QRcode_encodeString(text, 0, level, QR_MODE_8, 1);
	if (!c)
		return err_set("cannot make a QR code of that text: %s", strerror(errno));
	out->size = c->width;
	out->dark = xmalloc((size_t)c->width * (size_t)c->width);
	for (int i = 0; i < c->width * c->width; i++)
		out->dark[i] = c->data[i] & 1;
	QRcode_free(c);
	return 0;
}

int qr_make(const char *text, qr_code *out)
{
	return make(text, QR_ECLEVEL_M, out);
}

int qr_make_small(const char *text, qr_code *out)
{
	return make(text, QR_ECLEVEL_L, out);
}

void qr_free(qr_code *q)
{
	free(q->dark);
	q->dark = NULL;
	q->size = 0;
}

static int dark_at(const qr_code *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->size || y >= q->size)
		return 0; /* the quiet zone */
	return q->dark[y * q->size + x];
}

char *qr_utf8(const qr_code *q, int invert)
{
	return qr_utf8_quiet(q, invert, QR_QUIET);
}

char *qr_utf8_quiet(const qr_code *q, int invert, int quiet)
{
	/* Index: top module drawn << 1 | bottom module drawn. */
	static const char *const cells[] = {" ", "▄", "▀", "█"};
	strbuf b;
	sb_init(&b);
	for (int y = -quiet; y < q->size + quiet; y += 2) {
		for (int x = -quiet; x < q->size + quiet; x++) {
			int top = dark_at(q, x, y), bottom = y + 1 < q->size + quiet ? dark_at(q, x, y + 1) : 0;
			if (!invert) {
				top = !top;
				bottom = y + 1 < q->size + quiet ? !bottom : 0;
			}
			sb_puts(&b, cells[top << 1 | bottom]);
		}
		sb_putc(&b, '\n');
	}
	return sb_take(&b);
}

char *qr_svg(const qr_code *q, int module_px)
{
	int side = (q->size + 2 * QR_QUIET) * module_px;
	strbuf b;
	sb_init(&b);
	sb_printf(&b,
		  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		  "shape-rendering=\"crispEdges\">\n"
		  "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
		  side, side, q->size + 2 * QR_QUIET, q->size + 2 * QR_QUIET);
	for (int y = 0; y < q->size; y++)
		for (int x = 0; x < q->size; x++)
			if (dark_at(q, x, y))
				sb_printf(&b, "M%d %dh1v1h-1z", x + QR_QUIET, y + QR_QUIET);
	sb_puts(&b, "\"/>\n</svg>\n");
	return sb_take(&b);
}

void qr_draw(cairo_t *cr, const qr_code *q, double x, double y, double side)
{
	double m = side / (q->size + 2 * QR_QUIET);
	cairo_save(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int j = 0; j < q->size; j++)
		for (int i = 0; i < q->size; i++)
			if (dark_at(q, i, j))
				cairo_rectangle(cr, x + (i + QR_QUIET) * m, y + (j + QR_QUIET) * m, m, m);
	cairo_fill(cr);
	cairo_restore(cr);
}

int qr_png(const qr_code *q, const char *path, int scale)
{
	int side = (q->size + 2 * QR_QUIET) * scale;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	cairo_t *cr = cairo_create(s);
	qr_draw(cr, q, 0, 0, side);
	cairo_destroy(cr);
	cairo_status_t st = cairo_surface_write_to_png(s, path);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set("%s: %s", path, cairo_status_to_string(st));
	return 0;
}
