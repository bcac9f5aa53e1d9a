/*
 * import: CSV lists to records (import.h).
 */
#include "import.h"
#include "record.h"
#include "util.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The file as UTF-8 (a new string), and what it was in *enc. */
static char *to_utf8(const char *data, size_t len, const char **enc)
{
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		*enc = "UTF-8 with BOM";
		return utf8_valid(data + 3, len - 3) ? xstrndup(data + 3, len - 3) : NULL;
	}
	if (utf8_valid(data, len)) {
		*enc = "UTF-8";
		return xstrndup(data, len);
	}
	*enc = "GB18030";
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 2 + 16, left = cap, inleft = len;
	char *out = xmalloc(cap + 1), *o = out, *in = (char *)data;
	while (inleft && iconv(cd, &in, &inleft, &o, &left) == (size_t)-1) {
		if (errno != E2BIG) {
			free(out);
			iconv_close(cd);
			return NULL;
		}
		size_t used = (size_t)(o - out);
		cap *= 2;
		out = xrealloc(out, cap + 1);
		o = out + used, left = cap - used;
	}
	iconv_close(cd);
	*o = 0;
	return out;
}

/* libcsv's callbacks: cells into the current row, rows into the table. */
typedef struct {
	json_t *rows, *row;
} table;

static void on_cell(void *s, size_t n, void *data)
{
	table *t = data;
	if (!t->row)
		t->row = json_array();
	json_array_append_new(t->row, json_stringn(s ? s : "", s ? n : 0));
}

static void on_row(int c, void *data)
{
	(void)c;
	table *t = data;
	json_array_append_new(t->rows, t->row ? t->row : json_array());
	t->row = NULL;
}

static json_t *parse_csv(const char *text)
{
	struct csv_parser p;
	table t = {json_array(), NULL};
	size_t n = strlen(text);
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		err_set("out of memory");
		goto fail;
	}
	if (csv_parse(&p, text, n, on_cell, on_row, &t) != n || csv_fini(&p, on_cell, on_row, &t) != 0) {
		err_set("not CSV: %s", csv_strerror(csv_error(&p)));
		csv_free(&p);
		goto fail;
	}
	csv_free(&p);
	json_decref(t.row);
	return t.rows;
fail:
	json_decref(t.row);
	json_decref(t.rows);
	return NULL;
}

/* Which field a header names: its name, or its label in either language
 * (ASCII case ignored); a person's phone as "LABEL电话", "LABEL: phone" or
 * "NAME.phone". Returns the field and sets *phone, or NULL. */
static const field *match_header(const form *f, const char *h, int *phone)
{
	*phone = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < f->n_fields; i++) {
			const field *fd = &f->fields[i];
			if (fd->type == FT_GROUP)
				continue;
			const char *names[] = {fd->name, fd->label.zh, fd->label.en};
			for (size_t k = 0; k < 3; k++) {
				if (!names[k])
					continue;
				if (pass == 0 && strcasecmp(h, names[k]) == 0)
					return fd;
				if (pass == 1 && fd->type == FT_PERSON) {
					char *forms[] = {xasprintf("%s电话", names[k]), xasprintf("%s: phone", names[k]),
							 xasprintf("%s.phone", names[k]), xasprintf("%s（电话）", names[k])};
					int hit = 0;
					for (size_t j = 0; j < 4; j++) {
						hit = hit || strcasecmp(h, forms[j]) == 0;
						free(forms[j]);
					}
					if (hit) {
						*phone = 1;
						return fd;
					}
				}
			}
		}
	return NULL;
}

typedef struct {
	const char *field, *value, *other_field, *other_value;
	int found;
} twin;

static int same_twin(void *payload, json_t *state)
{
	twin *t = payload;
	const char *st = json_string_value(json_object_get(state, "status"));
	const json_t *f = json_object_get(state, "fields");
	if (str_eq(st, "draft") || str_eq(st, "void"))
		return 0;
	if (!t->other_field || str_eq(json_string_value(json_object_get(f, t->other_field)), t->other_value))
		t->found = 1;
	return t->found;
}

/* 1 when a record like this one is there already (a site by name and
 * address, an inspector by staff number), 0 when not, -1 on error. */
static int already_there(app *a, const char *kind, const json_t *fields)
{
	twin t = {0};
	if (str_eq(kind, "site"))
		t = (twin){"name", json_string_value(json_object_get(fields, "name")), "address",
			   json_string_value(json_object_get(fields, "address")), 0};
	else if (str_eq(kind, "inspector"))
		t = (twin){"staff_no", json_string_value(json_object_get(fields, "staff_no")), NULL, NULL, 0};
	if (!t.value)
		return 0;
	list_query q = {.kind = kind, .field = t.field, .value = t.value};
	return store_list(a->db, &q, same_twin, &t) < 0 ? -1 : t.found;
}

static char *problems_text(const json_t *problems)
{
	strbuf b;
	sb_init(&b);
	size_t i;
	json_t *p;
	json_array_foreach(problems, i, p)
	{
		const char *f = json_string_value(json_object_get(p, "field"));
		sb_printf(&b, "%s%s%s%s", i ? "; " : "", f && *f ? f : "", f && *f ? ": " : "",
			  json_string_value(json_object_get(p, "message")));
	}
	return sb_take(&b);
}

static void refuse_row(json_t *out, size_t row, const char *why)
{
	json_array_append_new(json_object_get(out, "refused"), json_pack("{sIss}", "row", (json_int_t)row, "why", why));
}

/* One data row: 1 taken, 0 existing or refused (noted in out), -1 error. */
static int import_row(app *a, const form *f, const json_t *cols, const json_t *cells, size_t rownum, json_t *out)
{
	size_t n = json_array_size(cells), k = 0;
	char **assign = xcalloc(n + 1, sizeof *assign);
	json_t *people = json_object(), *problems = json_array(), *fields = NULL;
	int rc = 0;
	for (size_t c = 0; c < n; c++) {
		const json_t *col = json_array_get(cols, c);
		const char *v = json_string_value(json_array_get(cells, c));
		const char *name = json_string_value(json_object_get(col, "field"));
		if (!name || !v || !*v)
			continue;
		if (json_is_true(json_object_get(col, "person")) || json_is_true(json_object_get(col, "phone"))) {
			json_t *p = json_object_get(people, name);
			if (!p)
				json_object_set_new(people, name, p = json_object());
			json_object_set_new(p, json_is_true(json_object_get(col, "phone")) ? "phone" : "name", json_string(v));
			continue;
		}
		assign[k++] = xasprintf("%s=%s", name, v);
	}
	const char *pk;
	json_t *pv;
	json_object_foreach(people, pk, pv)
	{
		const char *nm = json_string_value(json_object_get(pv, "name"));
		const char *ph = json_string_value(json_object_get(pv, "phone"));
		assign[k++] = ph ? xasprintf("%s=%s,%s", pk, nm ? nm : "", ph) : xasprintf("%s=%s", pk, nm ? nm : "");
	}
	int all_empty = k == 0;
	fields = all_empty ? NULL : rec_parse_assignments(a, f, assign, k, problems);
	char *id = NULL;
	if (!all_empty) /* a blank line between rows is not a row */
		json_object_set_new(out, "rows", json_integer(json_integer_value(json_object_get(out, "rows")) + 1));
	if (all_empty) {
		rc = 0;
	} else if (json_array_size(problems)) {
		char *why = problems_text(problems);
		refuse_row(out, rownum, why);
		free(why);
	} else if ((rc = already_there(a, f->kind, fields)) > 0) {
		json_object_set_new(out, "existing", json_integer(json_integer_value(json_object_get(out, "existing")) + 1));
		rc = 0;
	} else if (rc == 0) {
		if (rec_new(a, f->kind, fields, 1, problems, &id) == 0) {
			rc = 1;
		} else if (json_array_size(problems)) {
			char *why = problems_text(problems);
			refuse_row(out, rownum, why);
			free(why);
		} else {
			rc = -1;
		}
	}
	free(id);
	for (size_t i = 0; i < k; i++)
		free(assign[i]);
	free(assign);
	json_decref(people), json_decref(problems), json_decref(fields);
	return rc;
}

json_t *import_csv(app *a, const char *kind, const char *data, size_t len, int dry_run)
{
	const form *f = formset_get(a->forms, kind);
	const char *enc = NULL;
	if (!f || !(str_eq(kind, "site") || str_eq(kind, "inspector"))) {
		err_set("import takes site or inspector, not '%s'", kind);
		return NULL;
	}
	/* A workbook, not text: Debian 12 has no kept C library that reads
	 * XLSX (libxlsxwriter only writes; freexl reads the old .xls only),
	 * and XML from a ZIP is not parsed by hand here. */
	if ((len >= 4 && memcmp(data, "PK\003\004", 4) == 0) || (len >= 4 && memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0)) {
		err_set("the file is an Excel workbook (%s), not CSV: save the sheet as CSV (UTF-8 or GBK) in Excel, WPS "
			"or LibreOffice (File, Save As, CSV), or convert it with xlsx2csv (apt-get install xlsx2csv), and "
			"import the CSV; Debian has no kept library for reading workbooks",
			data[0] == 'P' ? "XLSX" : "XLS");
		return NULL;
	}
	char *text = to_utf8(data, len, &enc);
	if (!text) {
		err_set("the file is neither UTF-8 nor GB18030 (GBK) text");
		return NULL;
	}
	json_t *rows = parse_csv(text), *out = NULL, *cols = json_array(), *cells;
	free(text);
	if (!rows)
		goto fail;
	if (json_array_size(rows) < 1) {
		err_set("the file is empty: no header row");
		goto fail;
	}
	out = json_pack("{sssIsIsIs{}s[]s[]}", "encoding", enc, "rows", (json_int_t)0, "taken",
			(json_int_t)0, "existing", (json_int_t)0, "columns", "ignored", "refused");
	size_t i, matched = 0;
	json_t *h;
	json_array_foreach(json_array_get(rows, 0), i, h)
	{
		int phone;
		const char *head = json_string_value(h);
		const field *fd = match_header(f, head, &phone);
		json_t *col = json_object();
		if (fd && !json_object_get(json_object_get(out, "columns"), head)) {
			json_object_set_new(col, "field", json_string(fd->name));
			json_object_set_new(col, fd->type == FT_PERSON ? (phone ? "phone" : "person") : "plain", json_true());
			char *to = phone ? xasprintf("%s.phone", fd->name) : xstrdup(fd->name);
			json_object_set_new(json_object_get(out, "columns"), head, json_string(to));
			free(to);
			matched++;
		} else if (*head) {
			json_array_append_new(json_object_get(out, "ignored"), json_string(head));
		}
		json_array_append_new(cols, col);
	}
	if (!matched) {
		err_set("no column of the header row names a field of %s (by label or name)", kind);
		goto fail;
	}
	if (store_begin(a->db) < 0)
		goto fail;
	json_int_t taken = 0;
	for (i = 1; i < json_array_size(rows); i++) {
		cells = json_array_get(rows, i);
		int rc = import_row(a, f, cols, cells, i + 1, out);
		if (rc < 0) {
			store_rollback(a->db);
			goto fail;
		}
		taken += rc;
	}
	json_object_set_new(out, "taken", json_integer(taken));
	if (dry_run)
		store_rollback(a->db);
	else if (store_commit(a->db) < 0) {
		store_rollback(a->db);
		goto fail;
	}
	json_decref(rows);
	json_decref(cols);
	return out;
fail:
	json_decref(out);
	json_decref(rows);
	json_decref(cols);
	return NULL;
}
