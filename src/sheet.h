/*
 * sheet: tables of JSON rows written as a person opens them: an aligned
 * text table for the terminal (two columns per Chinese character), CSV for
 * Excel (UTF-8 with a byte-order mark, CRLF), and XLSX through
 * libxlsxwriter (a frozen header row, an autofilter, widths that fit
 * Chinese text, dates as dates, numbers as numbers, and a native chart
 * where asked). The reports and exports describe their columns here once
 * and get every format.
 */
#ifndef DW_SHEET_H
#define DW_SHEET_H

#include <jansson.h>
#include <stddef.h>

typedef enum { SHEET_TEXT, SHEET_INT, SHEET_NUM, SHEET_RATE, SHEET_DATE } sheet_kind;

typedef struct {
	const char *key;    /* the row's member; "a.b" reaches into an object */
	const char *header; /* shown above the column */
	sheet_kind kind;
} sheet_col;

typedef struct {
	const char *name; /* the worksheet's name (at most 31 characters) */
	const sheet_col *cols;
	size_t n_cols;
	const json_t *rows;        /* array of objects, borrowed */
	const size_t *chart_cols;  /* columns drawn as a column chart against column 0 */
	size_t n_chart;
	const char *chart_title;
	size_t chart_rows; /* the first rows charted (0: all) */
} sheet;

/* The cell of row in column c as text ("" for none; a rate as 95.0%). New
 * string. */
char *sheet_cell_text(const sheet_col *c, const json_t *row);
/* The table as aligned text lines with a header, for a terminal. New
 * string. */
char *sheet_text(const sheet *t);
/* The table as CSV with a byte-order mark (rates as fractions). New string. */
char *sheet_csv(const sheet *t);
/* Writes the sheets as one XLSX workbook at path. 0, or -1 with the error
 * set. */
int sheet_xlsx(const char *path, const sheet *sheets, size_t n);

#endif
