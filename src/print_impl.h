/*
 * print_impl: what print.c (the document, its text flow and the placard)
 * and print_notice.c (the rectification notice) share and nothing else
 * sees. A print_doc is one PDF being written: its surface, its cairo
 * context and where the next block of text goes. Text is laid out with
 * pango in a few styles and flows down the page between the margins,
 * continuing on a new page when it reaches the bottom.
 *
 * Lengths are PDF points (1/72 inch); PRINT_MM converts millimetres.
 */
#ifndef DW_PRINT_IMPL_H
#define DW_PRINT_IMPL_H

#include "app.h"
#include <cairo.h>
#include <jansson.h>
#include <pango/pangocairo.h>
#include <stdio.h>

#define PRINT_MM (72.0 / 25.4)
#define PRINT_A4_W 595.28
#define PRINT_A4_H 841.89
#define PRINT_SERIF "Noto Serif CJK SC"
#define PRINT_SANS "Noto Sans CJK SC"

/* Not fmax/fmin: the program is not linked with libm. */
static inline double print_max(double a, double b) { return a > b ? a : b; }
static inline double print_min(double a, double b) { return a < b ? a : b; }

typedef struct {
	cairo_surface_t *surface;
	cairo_t *cr;
	FILE *fp;         /* the PDF file, which cairo writes through */
	int write_errno;  /* why a write failed, or 0 */
	int regular;      /* the path is a regular file (removed on failure) */
	const char *path;
	double left, right, top, bottom; /* the text area, from the page's top left */
	double y;                        /* where the next block starts */
	int page;                        /* 1 for the first */
	int page_numbers;                /* draw "— n —" under each page */
	char *running;                   /* printed atop continuation pages, or NULL */
	char *watermark;                 /* drawn across every page, or NULL */
} print_doc;

/* How a block of text looks. size in points; spacing: line height as a
 * multiple of the font's (0 for pango's own); indent: of each
 * paragraph's first line, in points; markup: text is pango markup. */
typedef struct {
	const char *family;
	double size;
	int bold;
	PangoAlignment align;
	double spacing, indent;
	int markup;
	double r, g, b;
} print_style;

/* Starts an A4 PDF at path with the text area inside the margins (mm).
 * Returns 0, or -1 with the error set (d is then closed already). */
int print_doc_open(print_doc *d, const char *path, const char *title, double top_mm, double side_mm,
		   double bottom_mm);
/* Finishes the last page and the file. failed: the caller's drawing went
 * wrong (its error is set), so the file is removed. Returns 0, or -1 with
 * the error set (a regular file is then removed, never a device such as
 * /dev/stdout). Frees everything in d either way. */
int print_doc_close(print_doc *d, int failed);
/* Ends the page and starts the next one, y at its top. */
void print_doc_next_page(print_doc *d);

/* A layout of text in style st, wrapped to width (<= 0: not wrapped).
 * Caller frees with g_object_unref. */
PangoLayout *print_layout(print_doc *d, const print_style *st, const char *text, double width);
/* The height text takes in style st at width. */
double print_measure(print_doc *d, const print_style *st, const char *text, double width);
/* Draws text from (x, d->y), line by line, going on to a new page where
 * a line would cross the bottom margin; d->y ends below the last line. */
void print_flow(print_doc *d, const print_style *st, const char *text, double x, double width);
/* Draws text with its top left at (x, y), on this page whatever its size.
 * Returns its height. */
double print_at(print_doc *d, const print_style *st, const char *text, double x, double y, double width);
/* Draws the QR code of payload in the square (x, y, side). Returns 0 or -1
 * with the error set. */
int print_qr(print_doc *d, const char *payload, double x, double y, double side);

/* "2024年5月17日" for a value starting "YYYY-MM-DD" (dates, date-times),
 * else a copy of s ("" for NULL). New string. */
char *print_date(const char *s);
/* The display text of field name of form f in fields ("" when absent).
 * New string. */
char *print_field(const form *f, const json_t *fields, const char *name);
/* The field's Chinese label, or fallback when the form lacks the field. */
const char *print_label(const form *f, const char *name, const char *fallback);
/* "name　phone" of a person value ("" when absent). New string. */
char *print_person(const json_t *v);
/* The issuing authority: the station_name setting, else the station code.
 * New string. */
char *print_station_name(app *a);

#endif
