/*
 * print: printable A4 pages as PDF, drawn with cairo and pango so that
 * Chinese text is shaped and its fonts embedded (Noto CJK from Debian's
 * fonts-noto-cjk): the page prints the same on any machine.
 *
 * A rectification notice: station, title by kind (责令限期整改通知书 /
 * 停工整改通知书), document number, site, parties, problems found, legal
 * basis, requirements, deadline, inspector, date, and the notice's QR code.
 * A site placard: the site's name, address, parties, the complaint hotline
 * and the site's QR code, large, for the gate.
 */
#ifndef DW_PRINT_H
#define DW_PRINT_H

#include "app.h"
#include <jansson.h>

/* state: the record (fold.h); payload: the QR text (payload.h). Writes
 * path; returns 0 or -1 with the error set. */
int print_notice_pdf(app *a, const json_t *state, const char *payload, const char *path);
int print_placard_pdf(app *a, const json_t *state, const char *payload, const char *path);

#endif
