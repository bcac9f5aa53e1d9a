/*
 * qr: QR codes for payloads (payload.h), drawn for a terminal (half-block
 * characters), as SVG, as PNG and onto a cairo surface (printing). The
 * code is made with libqrencode at error-correction level M, which keeps
 * a notice's code at version 8-9: at 40 mm on paper a module is about
 * 0.8 mm, readable by a phone at arm's length.
 */
#ifndef DW_QR_H
#define DW_QR_H

#include <cairo.h>

#define QR_QUIET 4 /* modules of light border the standard asks for */

typedef struct {
	int size;            /* modules per side, quiet zone excluded */
	unsigned char *dark; /* size * size, 1 for a dark module */
} qr_code;

/* Encodes text. Returns 0, or -1 with the error set; qr_free() frees. */
int qr_make(const char *text, qr_code *out);
/* The same at error-correction level L, the smallest code: for a screen,
 * which is not soiled or torn as paper is (a notice's code is version 6,
 * 41 modules, instead of 7 or 8). */
int qr_make_small(const char *text, qr_code *out);
void qr_free(qr_code *q);

/* Two module rows per line of text, quiet zone included. invert: for a
 * terminal with a light background (dark modules drawn as blocks); the
 * default draws the light modules as blocks, for the usual light-on-dark
 * terminal, as qrencode -t UTF8 does. New string. */
char *qr_utf8(const qr_code *q, int invert);
/* The same with a quiet zone of quiet modules (QR_QUIET is the standard's;
 * 3 still reads, and lets a notice's code fit 24 rows). */
char *qr_utf8_quiet(const qr_code *q, int invert, int quiet);
/* An SVG document, one path for the dark modules. New string. */
char *qr_svg(const qr_code *q, int module_px);
/* A PNG file, scale pixels per module. */
int qr_png(const qr_code *q, const char *path, int scale);
/* Draws the code with its quiet zone into the square (x, y, side). */
void qr_draw(cairo_t *cr, const qr_code *q, double x, double y, double side);

#endif
