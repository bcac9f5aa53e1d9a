/*
 * sheet: one description of a table, three renderings (sheet.h). XLSX is
 * written by libxlsxwriter, never by hand.
 */
#include "sheet.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static const json_t *cell(const sheet_col *c, const json_t *row)
{
	const char *dot = strchr(c->key, '.');
	if (!dot)
		return json_object_get(row, c->key);
	char *head = xstrndup(c->key, (size_t)(dot - c->key));
	const json_t *v = json_object_get(json_object_get(row, head), dot + 1);
	free(head);
	return v;
}

char *sheet_cell_text(const sheet_col *c, const json_t *row)
{
	const json_t *v = cell(c, row);
	if (!v || json_is_null(v))
		return xstrdup("");
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (c->kind == SHEET_RATE && json_is_number(v)) {
		double p = json_number_value(v) * 100;
		return fabs(p - round(p)) < 0.05 ? xasprintf("%.0f%%", round(p)) : xasprintf("%.1f%%", p);
	}
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_real(v)) {
		double d = json_real_value(v);
		return d == floor(d) && fabs(d) < 1e15 ? xasprintf("%.0f", d) : xasprintf("%.2f", d);
	}
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

static int numeric(sheet_kind k)
{
	return k == SHEET_INT || k == SHEET_NUM || k == SHEET_RATE;
}

char *sheet_text(const sheet *t)
{
	size_t nr = json_array_size(t->rows), i, c;
	int *w = xcalloc(t->n_cols, sizeof *w);
	for (c = 0; c < t->n_cols; c++)
		w[c] = text_width(t->cols[c].header);
	for (i = 0; i < nr; i++)
		for (c = 0; c < t->n_cols; c++) {
			char *s = sheet_cell_text(&t->cols[c], json_array_get(t->rows, i));
			int x = text_width(s);
			w[c] = x > w[c] ? x : w[c];
			free(s);
		}
	strbuf b;
	sb_init(&b);
	for (i = 0; i <= nr; i++) {
		for (c = 0; c < t->n_cols; c++) {
			char *s = i ? sheet_cell_text(&t->cols[c], json_array_get(t->rows, i - 1))
				    : xstrdup(t->cols[c].header);
			int pad = w[c] - text_width(s);
			int last = c + 1 == t->n_cols;
			/* numbers to the right, words to the left */
			if (i && numeric(t->cols[c].kind))
				for (int k = 0; k < pad; k++)
					sb_putc(&b, ' ');
			sb_puts(&b, s);
			if (!last && !(i && numeric(t->cols[c].kind)))
				for (int k = 0; k < pad; k++)
					sb_putc(&b, ' ');
			if (!last)
				sb_puts(&b, "  ");
			free(s);
		}
		sb_putc(&b, '\n');
	}
	free(w);
	return sb_take(&b);
}

static void csv_put(strbuf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		sb_puts(b, s);
		return;
	}
	sb_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_putc(b, '"');
		sb_putc(b, *s);
	}
	sb_putc(b, '"');
}

char *sheet_csv(const sheet *t)
{
	strbuf b;
	sb_init(&b);
	sb_puts(&b, "\xEF\xBB\xBF");
	for (size_t c = 0; c < t->n_cols; c++) {
		if (c)
			sb_putc(&b, ',');
		csv_put(&b, t->cols[c].header);
	}
	sb_puts(&b, "\r\n");
	for (size_t i = 0; i < json_array_size(t->rows); i++) {
		const json_t *row = json_array_get(t->rows, i);
		for (size_t c = 0; c < t->n_cols; c++) {
			const json_t *v = cell(&t->cols[c], row);
			if (c)
				sb_putc(&b, ',');
			if (t->cols[c].kind == SHEET_RATE && json_is_number(v)) {
				sb_printf(&b, "%.4f", json_number_value(v));
				continue;
			}
			char *s = sheet_cell_text(&t->cols[c], row);
			csv_put(&b, s);
			free(s);
		}
		sb_puts(&b, "\r\n");
	}
	return sb_take(&b);
}

/* Column width in Excel's units: a Chinese character is two. */
static double col_width(const sheet *t, size_t c)
{
	int w = text_width(t->cols[c].header) + 2; /* the autofilter's button */
	for (size_t i = 0; i < json_array_size(t->rows); i++) {
		char *s = sheet_cell_text(&t->cols[c], json_array_get(t->rows, i));
		int x = text_width(s);
		w = x > w ? x : w;
		free(s);
	}
	if (t->cols[c].kind == SHEET_DATE && w < 11)
		w = 11;
	return (double)(w > 60 ? 60 : w) + 1.5;
}

/* A worksheet name Excel takes: at most 31 characters, none of []:*?/\. */
static char *sheet_name(const char *name)
{
	strbuf b;
	sb_init(&b);
	size_t chars = 0;
	for (const char *p = name; *p && chars < 31; chars++) {
		uint32_t cp;
		size_t n = text_decode(p, &cp);
		if (n == 1 && strchr("[]:*?/\\", *p))
			sb_putc(&b, '_');
		else
			sb_add(&b, p, n);
		p += n;
	}
	return sb_take(&b);
}

static int write_sheet(lxw_workbook *wb, const sheet *t, lxw_format *head, lxw_format *date, lxw_format *rate)
{
	char *name = sheet_name(t->name);
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	size_t nr = json_array_size(t->rows);
	if (!ws) {
		free(name);
		return err_set("cannot add the sheet %s", t->name);
	}
	for (size_t c = 0; c < t->n_cols; c++) {
		lxw_col_t col = (lxw_col_t)c;
		worksheet_set_column(ws, col, col, col_width(t, c), NULL);
		worksheet_write_string(ws, 0, col, t->cols[c].header, head);
		for (size_t i = 0; i < nr; i++) {
			const json_t *row = json_array_get(t->rows, i);
			const json_t *v = cell(&t->cols[c], row);
			lxw_row_t r = (lxw_row_t)(i + 1);
			int y, m, d;
			if (!v || json_is_null(v))
				continue;
			if (t->cols[c].kind == SHEET_DATE && json_is_string(v) &&
			    sscanf(json_string_value(v), "%4d-%2d-%2d", &y, &m, &d) == 3) {
				lxw_datetime dt = {y, m, d, 0, 0, 0};
				worksheet_write_datetime(ws, r, col, &dt, date);
			} else if (numeric(t->cols[c].kind) && json_is_number(v)) {
				worksheet_write_number(ws, r, col, json_number_value(v),
						       t->cols[c].kind == SHEET_RATE ? rate : NULL);
			} else {
				char *s = sheet_cell_text(&t->cols[c], row);
				worksheet_write_string(ws, r, col, s, NULL);
				free(s);
			}
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	if (t->n_cols)
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)nr, (lxw_col_t)(t->n_cols - 1));
	if (t->n_chart && nr) {
		lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_COLUMN);
		lxw_row_t last = (lxw_row_t)(t->chart_rows && t->chart_rows < nr ? t->chart_rows : nr);
		for (size_t k = 0; k < t->n_chart; k++) {
			lxw_col_t col = (lxw_col_t)t->chart_cols[k];
			lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
			chart_series_set_categories(se, name, 1, 0, last, 0);
			chart_series_set_values(se, name, 1, col, last, col);
			chart_series_set_name_range(se, name, 0, col);
		}
		if (t->chart_title)
			chart_title_set_name(ch, t->chart_title);
		worksheet_insert_chart(ws, (lxw_row_t)nr + 3, 1, ch);
	}
	free(name);
	return 0;
}

int sheet_xlsx(const char *path, const sheet *sheets, size_t n)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return err_set("cannot write %s", path);
	lxw_format *head = workbook_add_format(wb), *date = workbook_add_format(wb), *rate = workbook_add_format(wb);
	format_set_bold(head);
	format_set_num_format(date, "yyyy-mm-dd");
	format_set_num_format(rate, "0.0%");
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = write_sheet(wb, &sheets[i], head, date, rate);
	lxw_error e = workbook_close(wb);
	if (rc == 0 && e != LXW_NO_ERROR)
		rc = err_set("%s: %s", path, lxw_strerror(e));
	return rc;
}
