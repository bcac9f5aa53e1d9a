/*
 * print_notice: the rectification notice on A4, laid out as the station's
 * paper notices are: the issuing station in red over a red rule, the
 * title by kind, the document number, the units addressed, the problems
 * found with what each requires, the legal basis, the instructions and,
 * in bold, the deadline; then the inspectors, the station and the date
 * issued, and at the foot of the last page the receipt line beside the
 * notice's QR code, which lets anyone check the paper against the record.
 * Long lists of problems continue on further pages, each numbered and
 * headed with the document number. See print_impl.h for the document.
 */
#include "describe.h"
#include "print.h"
#include "print_impl.h"
#include "util.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define BODY_PT 13.0

static const print_style body = {.family = PRINT_SERIF, .size = BODY_PT, .spacing = 1.2,
				 .indent = 2 * BODY_PT, .markup = 1};

/* Text with the trailing full stops and spaces taken off, so that it
 * reads inside a sentence. Escaped for pango markup. New string. */
static char *clause(const char *s)
{
	size_t n = strlen(s);
	for (;;) {
		if (n >= 3 && !memcmp(s + n - 3, "。", 3))
			n -= 3;
		else if (n && strchr(" \t\n.;", s[n - 1]))
			n--;
		else
			break;
	}
	return g_markup_escape_text(s, (gssize)n);
}

/* "X（建设单位）、Y（施工单位）、Z（监理单位）：", the units served. */
static char *addressees(const form *f, const json_t *fields)
{
	static const char *const units[][2] = {
		{"builder_unit", "建设单位"}, {"contractor_unit", "施工单位"}, {"supervisor_unit", "监理单位"}};
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < DW_ARRAY_LEN(units); i++) {
		const char *name = json_string_value(json_object_get(fields, units[i][0]));
		if (!name || !*name)
			continue;
		char *esc = g_markup_printf_escaped("%s（%s）", name, print_label(f, units[i][0], units[i][1]));
		sb_printf(&b, "%s%s", b.len ? "、" : "", esc);
		g_free(esc);
	}
	if (b.len)
		sb_puts(&b, "：");
	return sb_take(&b);
}

/* The numbered problems, each with what it requires. */
static void problems(print_doc *d, const json_t *list)
{
	size_t i;
	const json_t *p;
	json_array_foreach(list, i, p)
	{
		const char *desc = json_string_value(json_object_get(p, "description"));
		const char *req = json_string_value(json_object_get(p, "requirement"));
		size_t photos = json_array_size(json_object_get(p, "photo"));
		char *photo = photos ? xasprintf("（现场照片%zu张）", photos) : xstrdup("");
		char *t = g_markup_printf_escaped("%zu．%s%s", i + 1, desc ? desc : "", photo);
		print_flow(d, &body, t, d->left, d->right - d->left);
		g_free(t);
		if (req && *req) {
			t = g_markup_printf_escaped("<b>整改要求：</b>%s", req);
			print_flow(d, &body, t, d->left, d->right - d->left);
			g_free(t);
		}
		free(photo);
	}
}

/* The letterhead: station in red over a red rule, title, number. */
static void heading(print_doc *d, const char *station, const char *title, const char *number)
{
	double w = d->right - d->left;
	print_style st = {.family = PRINT_SANS, .size = 20, .bold = 1, .align = PANGO_ALIGN_CENTER, .r = 0.8};
	d->y += print_at(d, &st, station, d->left, d->y, w) + 2 * PRINT_MM;
	cairo_set_source_rgb(d->cr, 0.8, 0, 0);
	cairo_set_line_width(d->cr, 1.8);
	cairo_move_to(d->cr, d->left, d->y);
	cairo_line_to(d->cr, d->right, d->y);
	cairo_stroke(d->cr);
	d->y += 7 * PRINT_MM;
	print_style tt = {.family = PRINT_SANS, .size = 24, .bold = 1, .align = PANGO_ALIGN_CENTER};
	d->y += print_at(d, &tt, title, d->left, d->y, w) + 3 * PRINT_MM;
	if (number && *number) {
		char *t = xasprintf("编号：%s", number);
		print_style ns = {.family = PRINT_SERIF, .size = 12, .align = PANGO_ALIGN_RIGHT};
		d->y += print_at(d, &ns, t, d->left, d->y, w);
		free(t);
	}
	d->y += 6 * PRINT_MM;
}

/* The inspectors' names, "张伟　李娜". New string. */
static char *inspectors(const json_t *fields)
{
	const char *one = json_string_value(json_object_get(json_object_get(fields, "inspector"), "name"));
	const char *two = json_string_value(json_object_get(json_object_get(fields, "inspector2"), "name"));
	return xasprintf("%s%s%s", one ? one : "", one && two ? "　" : "", two ? two : "");
}

/* The receipt lines: how it was served, who signed for it and when. */
static char *receipt(const form *f, const json_t *fields)
{
	char *served = print_field(f, fields, "delivery");
	const json_t *sig = json_object_get(fields, "receipt");
	const char *who = json_string_value(json_object_get(sig, "name"));
	char *when = print_date(json_string_value(json_object_get(sig, "time")));
	const char *blank = "　　　　　　　";
	char *t = g_markup_printf_escaped("%s%s%s签收人：<u>　%s　</u>　　日期：<u>　%s　</u>", *served ? "送达方式：" : "",
					  served, *served ? "\n" : "", who && *who ? who : blank, *when ? when : blank);
	char *r = xstrdup(t);
	g_free(t);
	free(when), free(served);
	return r;
}

/* The signature block (inspectors, station, date) follows the text at the
 * right; the receipt lines and the code with its caption stand at the foot
 * of the page. The block goes beside the code when it would run into it,
 * on a page of its own when it does not fit there either. */
static int foot(print_doc *d, const char *sig_text, const char *rcpt, const char *payload, const char *number)
{
	print_style sig = {.family = PRINT_SERIF, .size = BODY_PT, .spacing = 1.3, .align = PANGO_ALIGN_CENTER};
	print_style cap = {.family = PRINT_SANS, .size = 8, .align = PANGO_ALIGN_CENTER};
	print_style rs = {.family = PRINT_SERIF, .size = 12, .spacing = 1.3, .markup = 1};
	char *caption = xasprintf("扫码核验真伪及整改状态\nScan to verify%s%s", number ? "\n" : "", number ? number : "");
	double w = d->right - d->left, qr_side = 40 * PRINT_MM, sig_w = print_min(w - qr_side - 6 * PRINT_MM, 17 * BODY_PT);
	double sig_h = print_measure(d, &sig, sig_text, sig_w), cap_h = print_measure(d, &cap, caption, qr_side);
	double r_w = w - qr_side - 4 * PRINT_MM, r_h = print_measure(d, &rs, rcpt, r_w);
	double qr_y = d->bottom - cap_h - qr_side, sig_y = d->y + 8 * PRINT_MM, sig_x = d->right - sig_w - BODY_PT;
	int rc = 0;
	if (sig_y + sig_h > qr_y - 3 * PRINT_MM) {
		sig_x = d->right - qr_side - 6 * PRINT_MM - sig_w;
		if (sig_y + sig_h > d->bottom - r_h - 4 * PRINT_MM) {
			print_style none = {.family = PRINT_SERIF, .size = BODY_PT, .indent = 2 * BODY_PT};
			print_doc_next_page(d);
			sig_y = d->y + print_at(d, &none, "（此页无正文）", d->left, d->y, w) + 8 * PRINT_MM;
			sig_x = d->right - sig_w - BODY_PT;
		}
	}
	print_at(d, &sig, sig_text, sig_x, sig_y, sig_w);
	print_at(d, &rs, rcpt, d->left, d->bottom - r_h, r_w);
	if (payload && *payload) {
		rc = print_qr(d, payload, d->right - qr_side, qr_y, qr_side);
		if (rc == 0)
			print_at(d, &cap, caption, d->right - qr_side, qr_y + qr_side, qr_side);
	}
	free(caption);
	return rc;
}

int print_notice_pdf(app *a, const json_t *state, const char *payload, const char *path)
{
	const form *f = app_form_of(a, state);
	const json_t *fields = json_object_get(state, "fields");
	const char *number = json_string_value(json_object_get(state, "number"));
	const char *status = json_string_value(json_object_get(state, "status"));
	int stop = str_eq(json_string_value(json_object_get(fields, "kind")), "stopwork");
	char *title = print_field(f, fields, "kind"), *station = print_station_name(a);
	char *site = describe_ref(a, json_string_value(json_object_get(fields, "site")), "zh");
	char *deadline = print_field(f, fields, "deadline"), *issued = print_field(f, fields, "issued");
	char *who = inspectors(fields), *to = addressees(f, fields), *rcpt = receipt(f, fields), *meta = NULL, *t = NULL;
	const char *basis = json_string_value(json_object_get(fields, "basis"));
	const char *reqs = json_string_value(json_object_get(fields, "requirements"));
	print_doc d;
	int rc = -1;
	if (!*title) {
		free(title);
		title = xstrdup(f ? label_get(&f->title, "zh") : "整改通知书");
	}
	meta = xasprintf("%s %s", title, number ? number : "");
	if (print_doc_open(&d, path, meta, 25, 25, 25) < 0)
		goto out;
	d.page_numbers = 1;
	d.running = xasprintf("%s　%s（续）", number ? number : "", title);
	if (str_eq(status, "draft") || str_eq(status, "void"))
		d.watermark = xstrdup(str_eq(status, "void") ? "已作废" : "草稿");
	double w = d.right - d.left;

	heading(&d, station, title, number);
	print_style plain = body;
	plain.indent = 0;
	print_flow(&d, &plain, to, d.left, w);
	t = g_markup_printf_escaped("经检查，你单位承建的%s存在以下扬尘污染防治问题：", site);
	print_flow(&d, &body, t, d.left, w);
	g_free(t), t = NULL;
	problems(&d, json_object_get(fields, "problems"));
	if (basis && *basis) {
		char *c = clause(basis);
		t = xasprintf("依据%s的有关规定，现责令你单位%s。", c, stop ? "停工整改" : "限期整改");
		g_free(c);
		print_flow(&d, &body, t, d.left, w);
		free(t), t = NULL;
	}
	if (reqs && *reqs) {
		print_style p = body;
		p.markup = 0;
		print_flow(&d, &p, reqs, d.left, w);
	}
	if (*deadline) {
		print_style b = body;
		b.markup = 0, b.bold = 1;
		t = xasprintf(stop ? "请立即停止施工，并于%s前整改到位。" : "请于%s前整改到位。", deadline);
		print_flow(&d, &b, t, d.left, w);
		free(t), t = NULL;
	}

	t = xasprintf("监督员：%s\n%s\n%s", who, station, issued);
	if (foot(&d, t, rcpt, payload, number) < 0)
		goto out;
	rc = 0;
out:
	if (d.fp && print_doc_close(&d, rc < 0) < 0)
		rc = -1;
	free(t), free(meta), free(rcpt), free(to), free(who), free(issued), free(deadline), free(site), free(station),
		free(title);
	return rc;
}
