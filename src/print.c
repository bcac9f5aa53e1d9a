/*
 * print: A4 PDFs drawn with cairo and pango. This file holds the document
 * (print_impl.h: opening, text that flows from page to page, page
 * numbers, the watermark of a draft or void record), the helpers that
 * turn field values into printed text, and the site placard;
 * print_notice.c draws the rectification notice.
 *
 * Text goes through pango so that Chinese is shaped and broken properly,
 * in Noto Serif CJK SC (body) and Noto Sans CJK SC (headings); cairo's
 * PDF surface embeds the subset of each font the page uses. Nothing here
 * prints to the terminal: failures come back as -1 with the error set.
 */
#include "print.h"
#include "print_impl.h"
#include "qr.h"
#include "record.h"
#include "station_settings.h"
#include "util.h"
#include "value.h"

#include <cairo-pdf.h>
#include <ctype.h>
#include <errno.h>
#include <math.h> /* M_PI */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* cairo's writer: the PDF into d->fp, remembering why a write failed. */
static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int n)
{
	print_doc *d = closure;
	if (fwrite(data, 1, n, d->fp) == n)
		return CAIRO_STATUS_SUCCESS;
	if (!d->write_errno)
		d->write_errno = errno ? errno : EIO;
	return CAIRO_STATUS_WRITE_ERROR;
}

int print_doc_open(print_doc *d, const char *path, const char *title, double top_mm, double side_mm,
		   double bottom_mm)
{
	memset(d, 0, sizeof *d);
	d->path = path;
	/* The file is opened here, not by cairo, for a message that says why
	 * it cannot be written. */
	if (!(d->fp = fopen(path, "wb")))
		return err_set("%s: %s", path, strerror(errno));
	struct stat sb;
	d->regular = fstat(fileno(d->fp), &sb) == 0 && S_ISREG(sb.st_mode);
	d->surface = cairo_pdf_surface_create_for_stream(write_out, d, PRINT_A4_W, PRINT_A4_H);
	cairo_status_t st = cairo_surface_status(d->surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		err_set("%s: %s", path, cairo_status_to_string(st));
		cairo_surface_destroy(d->surface);
		fclose(d->fp);
		if (d->regular)
			unlink(path);
		memset(d, 0, sizeof *d);
		return -1;
	}
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "dustwatch");
	d->cr = cairo_create(d->surface);
	d->left = side_mm * PRINT_MM;
	d->right = PRINT_A4_W - side_mm * PRINT_MM;
	d->top = top_mm * PRINT_MM;
	d->bottom = PRINT_A4_H - bottom_mm * PRINT_MM;
	d->y = d->top;
	d->page = 1;
	return 0;
}

/* What goes on every page once its text is down: the page number under
 * the text area and, over everything, the watermark. */
static void end_page(print_doc *d)
{
	print_style num = {.family = PRINT_SERIF, .size = 10.5, .align = PANGO_ALIGN_CENTER};
	if (d->page_numbers) {
		char *t = xasprintf("— %d —", d->page);
		print_at(d, &num, t, d->left, d->bottom + 8 * PRINT_MM, d->right - d->left);
		free(t);
	}
	if (d->watermark) {
		print_style wm = {.family = PRINT_SANS, .size = 96, .bold = 1, .align = PANGO_ALIGN_CENTER,
				  .r = 0.8, .g = 0.1, .b = 0.1};
		PangoLayout *l = print_layout(d, &wm, d->watermark, -1);
		int w, h;
		pango_layout_get_size(l, &w, &h);
		cairo_save(d->cr);
		cairo_translate(d->cr, PRINT_A4_W / 2, PRINT_A4_H / 2);
		cairo_rotate(d->cr, -M_PI / 6);
		cairo_move_to(d->cr, -w / 2.0 / PANGO_SCALE, -h / 2.0 / PANGO_SCALE);
		cairo_set_source_rgba(d->cr, wm.r, wm.g, wm.b, 0.25);
		pango_cairo_show_layout(d->cr, l);
		cairo_restore(d->cr);
		g_object_unref(l);
	}
}

void print_doc_next_page(print_doc *d)
{
	end_page(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = d->top;
	if (d->running) {
		print_style run = {.family = PRINT_SANS, .size = 9, .align = PANGO_ALIGN_RIGHT, .r = 0.35, .g = 0.35, .b = 0.35};
		double h = print_measure(d, &run, d->running, d->right - d->left);
		print_at(d, &run, d->running, d->left, d->top - h - 4 * PRINT_MM, d->right - d->left);
	}
}

/* The first failure of cairo or of the file, as the error; 0 if none. */
static int doc_status(print_doc *d, cairo_status_t st)
{
	if (d->write_errno)
		return err_set("%s: %s", d->path, strerror(d->write_errno));
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set("%s: %s", d->path, cairo_status_to_string(st));
	return 0;
}

int print_doc_close(print_doc *d, int failed)
{
	int rc = failed ? -1 : 0;
	if (d->cr) {
		end_page(d);
		cairo_show_page(d->cr);
		if (rc == 0)
			rc = doc_status(d, cairo_status(d->cr));
		cairo_destroy(d->cr);
	}
	if (d->surface) {
		cairo_surface_finish(d->surface);
		if (rc == 0)
			rc = doc_status(d, cairo_surface_status(d->surface));
		cairo_surface_destroy(d->surface);
	}
	if (d->fp) {
		if (fclose(d->fp) != 0 && rc == 0)
			rc = err_set("%s: %s", d->path, strerror(errno));
		if (rc < 0 && d->regular)
			unlink(d->path);
	}
	free(d->running);
	free(d->watermark);
	memset(d, 0, sizeof *d);
	return rc;
}

PangoLayout *print_layout(print_doc *d, const print_style *st, const char *text, double width)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, st->family);
	/* Absolute: in user-space units, the points of the PDF page. */
	pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, st->align);
	pango_layout_set_indent(l, (int)(st->indent * PANGO_SCALE));
	if (st->spacing > 0)
		pango_layout_set_line_spacing(l, (float)st->spacing);
	if (st->markup)
		pango_layout_set_markup(l, text, -1);
	else
		pango_layout_set_text(l, text, -1);
	return l;
}

double print_measure(print_doc *d, const print_style *st, const char *text, double width)
{
	PangoLayout *l = print_layout(d, st, text, width);
	int h;
	pango_layout_get_size(l, NULL, &h);
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

void print_flow(print_doc *d, const print_style *st, const char *text, double x, double width)
{
	if (!text || !*text)
		return;
	PangoLayout *l = print_layout(d, st, text, width);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double origin = d->y; /* the page y of the layout's top */
	cairo_set_source_rgb(d->cr, st->r, st->g, st->b);
	do {
		int y0, y1;
		PangoRectangle ink, logical;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		if (origin + (double)y1 / PANGO_SCALE > d->bottom && origin + (double)y0 / PANGO_SCALE > d->top + 1) {
			print_doc_next_page(d);
			origin = d->top - (double)y0 / PANGO_SCALE;
			cairo_set_source_rgb(d->cr, st->r, st->g, st->b);
		}
		pango_layout_iter_get_line_extents(it, &ink, &logical);
		cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE,
			      origin + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
		d->y = origin + (double)y1 / PANGO_SCALE;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
}

double print_at(print_doc *d, const print_style *st, const char *text, double x, double y, double width)
{
	PangoLayout *l = print_layout(d, st, text, width);
	int h;
	pango_layout_get_size(l, NULL, &h);
	cairo_set_source_rgb(d->cr, st->r, st->g, st->b);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

int print_qr(print_doc *d, const char *payload, double x, double y, double side)
{
	qr_code q;
	if (qr_make(payload, &q) < 0)
		return -1;
	qr_draw(d->cr, &q, x, y, side);
	qr_free(&q);
	return 0;
}

char *print_date(const char *s)
{
	int y, m, day;
	if (!s)
		return xstrdup("");
	for (int i = 0; i < 10; i++)
		if (!(i == 4 || i == 7 ? s[i] == '-' : isdigit((unsigned char)s[i])))
			return xstrdup(s);
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &day) != 3)
		return xstrdup(s);
	return xasprintf("%d年%d月%d日", y, m, day);
}

char *print_field(const form *f, const json_t *fields, const char *name)
{
	const field *fd = f ? form_field(f, name) : NULL;
	const json_t *v = json_object_get(fields, name);
	if (!v || json_is_null(v))
		return xstrdup("");
	if (fd && (fd->type == FT_DATE || fd->type == FT_DATETIME))
		return print_date(json_string_value(v));
	return value_display(fd, v, "zh");
}

const char *print_label(const form *f, const char *name, const char *fallback)
{
	const field *fd = f ? form_field(f, name) : NULL;
	return fd ? label_get(&fd->label, "zh") : fallback;
}

char *print_person(const json_t *v)
{
	const char *name = json_string_value(json_object_get(v, "name"));
	const char *phone = json_string_value(json_object_get(v, "phone"));
	return xasprintf("%s%s%s", name ? name : "", name && phone ? "　" : "", phone ? phone : "");
}

char *print_station_name(app *a)
{
	char *s = station_setting(a, "station_name");
	if (s && *s)
		return s;
	free(s);
	return xstrdup(a->station ? a->station : "");
}

/* The rows of the placard's table: a label and the field it shows, a
 * person (name and phone) or the text of any other field. */
static const struct {
	const char *name, *fallback;
} placard_rows[] = {
	{"address", "项目地址"},
	{"district", "所在县市区"},
	{"permit", "施工许可证编号"},
	{"builder_unit", "建设单位"},
	{"builder_person", "建设单位项目负责人"},
	{"contractor_unit", "施工单位"},
	{"contractor_person", "施工单位项目经理"},
	{"supervisor_unit", "监理单位"},
	{"supervisor_person", "总监理工程师"},
	{"dust_officer", "扬尘防治专职管理员"},
};

/* Draws the table of the site's particulars from d->y at table text size
 * size; with draw 0 only measures. Returns its height. */
static double placard_table(print_doc *d, const form *f, const json_t *fields, const char *station, double size,
			    int draw)
{
	print_style lab = {.family = PRINT_SANS, .size = size, .r = 0.25, .g = 0.25, .b = 0.25};
	print_style val = {.family = PRINT_SERIF, .size = size};
	double col = 9.5 * size + 14, w = d->right - d->left - col, y = d->y, pad = size * 0.3;
	for (size_t i = 0; i <= DW_ARRAY_LEN(placard_rows); i++) {
		const char *name = i < DW_ARRAY_LEN(placard_rows) ? placard_rows[i].name : NULL;
		const char *caption = name ? print_label(f, name, placard_rows[i].fallback) : "监督机构";
		const field *fd = name && f ? form_field(f, name) : NULL;
		char *text = !name ? xstrdup(station)
			     : fd && fd->type == FT_PERSON ? print_person(json_object_get(fields, name))
						       : print_field(f, fields, name);
		if (*text) {
			val.bold = name && str_eq(name, "dust_officer");
			double h = print_max(print_measure(d, &lab, caption, col - 12), print_measure(d, &val, text, w));
			if (draw) {
				print_at(d, &lab, caption, d->left, y + pad, col - 12);
				print_at(d, &val, text, d->left + col, y + pad, w);
				cairo_set_source_rgb(d->cr, 0.6, 0.6, 0.6);
				cairo_set_line_width(d->cr, 0.5);
				cairo_move_to(d->cr, d->left, y + h + 2 * pad);
				cairo_line_to(d->cr, d->right, y + h + 2 * pad);
				cairo_stroke(d->cr);
			}
			y += h + 2 * pad;
		}
		free(text);
	}
	return y - d->y;
}

int print_placard_pdf(app *a, const json_t *state, const char *payload, const char *path)
{
	const form *f = app_form_of(a, state);
	const json_t *fields = json_object_get(state, "fields");
	const char *status = json_string_value(json_object_get(state, "status"));
	char *name = rec_title(a, state, "zh"), *station = print_station_name(a), *hotline = NULL;
	char *title = xasprintf("工地公示牌 %s", name), *line = NULL;
	print_doc d;
	int rc = -1;
	if (print_doc_open(&d, path, title, 15, 16, 15) < 0)
		goto out;
	if (str_eq(status, "draft") || str_eq(status, "void"))
		d.watermark = xstrdup(str_eq(status, "void") ? "已作废" : "草稿");
	double width = d.right - d.left, qr_side = 120 * PRINT_MM;

	/* The band across the top. */
	print_style band = {.family = PRINT_SANS, .size = 20, .bold = 1, .align = PANGO_ALIGN_CENTER,
			    .r = 1, .g = 1, .b = 1};
	double bh = print_measure(&d, &band, "建设工程扬尘污染防治公示牌", width) + 5 * PRINT_MM;
	cairo_set_source_rgb(d.cr, 0.0, 0.38, 0.24);
	cairo_rectangle(d.cr, d.left, d.y, width, bh);
	cairo_fill(d.cr);
	print_at(&d, &band, "建设工程扬尘污染防治公示牌", d.left, d.y + 2.5 * PRINT_MM, width);
	d.y += bh + 5 * PRINT_MM;

	/* The name, as large as fits in two lines. */
	print_style big = {.family = PRINT_SANS, .size = 34, .bold = 1, .align = PANGO_ALIGN_CENTER, .spacing = 1.1};
	PangoLayout *l = print_layout(&d, &big, name, width);
	while (pango_layout_get_line_count(l) > 2 && big.size > 18) {
		g_object_unref(l);
		big.size -= 2;
		l = print_layout(&d, &big, name, width);
	}
	g_object_unref(l);
	d.y += print_at(&d, &big, name, d.left, d.y, width) + 4 * PRINT_MM;

	/* The particulars, smaller where they would run into the code. */
	print_style hot = {.family = PRINT_SANS, .size = 20, .bold = 1, .align = PANGO_ALIGN_CENTER,
			   .r = 0.75, .g = 0.05, .b = 0.05};
	print_style cap = {.family = PRINT_SANS, .size = 12, .align = PANGO_ALIGN_CENTER};
	const char *caption = "扫码查看工地信息 / Scan for site records";
	hotline = station_setting(a, "hotline");
	line = xasprintf("投诉举报电话：%s", hotline && *hotline ? hotline : "12345");
	double hot_h = print_measure(&d, &hot, line, width), cap_h = print_measure(&d, &cap, caption, width);
	double qr_y = d.bottom - cap_h - qr_side, room = qr_y - 4 * PRINT_MM - hot_h - d.y, size = 13;
	while (size > 9 && placard_table(&d, f, fields, station, size, 0) > room)
		size -= 0.5;
	d.y += placard_table(&d, f, fields, station, size, 1) + 2 * PRINT_MM;
	print_at(&d, &hot, line, d.left, print_max(d.y, qr_y - hot_h - 2 * PRINT_MM), width);

	if (payload && *payload) {
		if (print_qr(&d, payload, (PRINT_A4_W - qr_side) / 2, qr_y, qr_side) < 0)
			goto out;
		print_at(&d, &cap, caption, d.left, qr_y + qr_side, width);
	}
	rc = 0;
out:
	if (d.fp && print_doc_close(&d, rc < 0) < 0)
		rc = -1;
	free(line), free(hotline), free(title), free(station), free(name);
	return rc;
}
