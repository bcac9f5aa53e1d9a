/*
 * sites: finding a site by typing any part of its name or address
 * (Chinese substrings included, as you type), and a site's page: its
 * particulars and all its records, newest first. Also what a scanned code
 * opens (ui_open_scanned).
 */
#include "payload.h"
#include "record.h"
#include "registry.h"
#include "text.h"
#include "ui/editor.h"
#include "ui/list.h"
#include "ui/ui.h"
#include "util.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	editor search;
	ui_list list;
	json_t *rows; /* the states on screen */
	char *site;   /* screen_site: the site's id */
} finder;

/* Fetches the rows on screen only (list_fetch). */
static void fetch(ui *u, finder *f, list_query *q)
{
	q->today = u->today;
	list_fetch(&f->list, u->a->db, q, &f->rows);
}

static int open_sites(ui *u, screen *s, const json_t *arg)
{
	(void)u, (void)arg;
	finder *f = xcalloc(1, sizeof *f);
	editor_init(&f->search, "", 0, 100);
	s->state = f;
	return 0;
}

static void draw_sites(ui *u, screen *s, int top, int bottom)
{
	finder *f = s->state;
	int cols = term_cols();
	term_text(top, 0, cols, ui_tr(u, "工地  输入名称或地址的任意部分查找", "Sites  type any part of a name or address"),
		  T_TITLE);
	int w = term_put(top + 1, 0, 12, ui_tr(u, "查找：", "Search: "), T_BOLD);
	f->list.y = top + 3;
	f->list.rows = bottom - f->list.y;
	char *q = editor_text(&f->search);
	list_query lq = {.kind = "site", .search = *q ? q : NULL};
	fetch(u, f, &lq);
	char count[64];
	snprintf(count, sizeof count, "%ld %s", f->list.count, ui_tr(u, "个工地", "sites"));
	term_text(top + 2, 0, cols, count, T_DIM);
	for (size_t i = 0; i < json_array_size(f->rows); i++) {
		json_t *st = json_array_get(f->rows, i);
		long idx = f->list.top + (long)i;
		char *title = rec_title(u->a, st, u->lang);
		const form *fm = app_form_of(u->a, st);
		const json_t *fields = json_object_get(st, "fields");
		const field *dfd = fm ? form_field(fm, "district") : NULL;
		char *district = dfd ? value_display(dfd, json_object_get(fields, "district"), u->lang) : xstrdup("");
		term_style style = idx == f->list.sel ? T_SELECTED : T_NORMAL;
		int y = f->list.y + (int)i;
		term_text(y, 0, 2, idx == f->list.sel ? "▶" : "", style);
		term_text(y, 2, cols - 24, title, style);
		term_text(y, cols - 22, 22, district, style);
		free(title), free(district);
	}
	editor_draw(&f->search, top + 1, w, cols - w, 1, 1, T_INPUT);
	free(q);
}

static void open_selected(ui *u, finder *f, const screen_ops *ops)
{
	long i = f->list.sel - f->list.top;
	json_t *st = json_array_get(f->rows, (size_t)i);
	if (!st)
		return;
	ui_open_with(u, ops, "id", json_string_value(json_object_get(st, "id")));
}

static int sites_action(ui *u, screen *s, ui_action_id a)
{
	if (a != ACT_OPEN)
		return 0;
	open_selected(u, s->state, &screen_site);
	return 1;
}

static ui_list *finder_list(screen *s)
{
	finder *f = s->state;
	return &f->list;
}

static int sites_key(ui *u, screen *s, const term_key *k)
{
	finder *f = s->state;
	(void)u;
	if (k->kind == K_CHAR || (k->kind == K_KEY && (k->key == TK_BACKSPACE || k->key == TK_DELETE ||
						       k->key == TK_LEFT || k->key == TK_RIGHT))) {
		if (editor_key(&f->search, k)) {
			f->list.sel = f->list.top = 0;
			return 1;
		}
	}
	return 0;
}

static void close_finder(ui *u, screen *s)
{
	(void)u;
	finder *f = s->state;
	editor_free(&f->search);
	json_decref(f->rows);
	free(f->site);
	free(f);
}

const screen_ops screen_sites = {
	.name = "sites",
	.open = open_sites,
	.draw = draw_sites,
	.action = sites_action,
	.key = sites_key,
	.close = close_finder,
	.list = finder_list,
};

/* --- a site's page --- */

static int open_site(ui *u, screen *s, const json_t *arg)
{
	const char *id = json_string_value(json_object_get(arg, "id"));
	json_t *st = id ? store_get_record(u->a->db, id) : NULL;
	if (!st) {
		ui_say(u, T_ERROR, "%s", err_msg());
		return -1;
	}
	json_decref(st);
	finder *f = xcalloc(1, sizeof *f);
	editor_init(&f->search, "", 0, 100);
	f->site = xstrdup(id);
	s->state = f;
	return 0;
}

static void draw_site(ui *u, screen *s, int top, int bottom)
{
	finder *f = s->state;
	int cols = term_cols();
	json_t *site = store_get_record(u->a->db, f->site);
	if (!site)
		return;
	const form *fm = app_form_of(u->a, site);
	const json_t *fields = json_object_get(site, "fields");
	char *title = rec_title(u->a, site, u->lang);
	term_text(top, 0, cols, title, T_TITLE);
	free(title);
	static const char *const shown[] = {"address", "district", "stage", "builder_unit", "contractor_unit", "dust_officer"};
	int y = top + 1;
	for (size_t i = 0; fm && i < DW_ARRAY_LEN(shown) && y < top + 4; i += 2, y++) {
		for (size_t k = i; k < i + 2 && k < DW_ARRAY_LEN(shown); k++) {
			const field *fd = form_field(fm, shown[k]);
			if (!fd)
				continue;
			char *v = value_display(fd, json_object_get(fields, shown[k]), u->lang);
			char line[400];
			snprintf(line, sizeof line, "%s: %s", label_get(&fd->label, u->lang), v);
			term_text(y, (int)(k - i) * (cols / 2), cols / 2 - 1, line, T_NORMAL);
			free(v);
		}
	}
	json_decref(site);
	f->list.y = top + 5;
	f->list.rows = bottom - f->list.y;
	list_query q = {.site = f->site};
	fetch(u, f, &q);
	char count[80];
	snprintf(count, sizeof count, "%s %ld %s", ui_tr(u, "本工地记录", "Records of this site:"), f->list.count,
		 ui_tr(u, "条（新的在前）", "(newest first)"));
	term_text(top + 4, 0, cols, count, T_BOLD);
	for (size_t i = 0; i < json_array_size(f->rows); i++)
		ui_record_line(u, f->list.y + (int)i, 0, cols, json_array_get(f->rows, i), f->list.top + (long)i == f->list.sel);
}

static void new_here(ui *u, finder *f, const char *kind)
{
	json_t *arg = json_pack("{ssss}", "kind", kind, "site", f->site);
	ui_open(u, &screen_form, arg);
	json_decref(arg);
}

static int site_action(ui *u, screen *s, ui_action_id a)
{
	finder *f = s->state;
	switch (a) {
	case ACT_NEW_INSPECTION: new_here(u, f, "inspection"); break;
	case ACT_NEW_NOTICE: new_here(u, f, "notice"); break;
	case ACT_NEW_COMPLAINT: new_here(u, f, "complaint"); break;
	case ACT_NEW_AGREEMENT: new_here(u, f, "agreement"); break;
	case ACT_OPEN_RECORD: open_selected(u, f, &screen_record); break;
	case ACT_PRINT_PLACARD: ui_print(u, f->site); break;
	case ACT_DETAILS:
	case ACT_SITE_QR: ui_open_with(u, a == ACT_SITE_QR ? &screen_qr : &screen_record, "id", f->site); break;
	default: return 0;
	}
	return 1;
}

const screen_ops screen_site = {
	.name = "site",
	.open = open_site,
	.draw = draw_site,
	.action = site_action,
	.close = close_finder,
	.list = finder_list,
};

void ui_open_scanned(ui *u, const char *text)
{
	payload p;
	if (payload_parse(text, strlen(text), &p) < 0) {
		ui_say(u, T_ERROR, "%s: %s", ui_tr(u, "扫码无效", "Not a valid code"), err_msg());
		return;
	}
	/* The same verdict as `dustwatch scan`, before anything opens: a
	 * forged or uncheckable notice code opens nothing. */
	scan_verdict v = registry_check_code(u->a, &p);
	if (v == SCAN_FORGED) {
		if (str_eq(u->lang, "en"))
			ui_say(u, T_ERROR, "FORGED: %s is not a genuine notice of station %s (%s)", p.number, p.station,
			       err_msg());
		else
			ui_say(u, T_ERROR, "伪造！%s 不是监督站 %s 的真实通知书（%s）", p.number, p.station, err_msg());
		return;
	}
	if (v == SCAN_UNVERIFIED) {
		ui_say(u, T_ERROR, "%s %s: %s", ui_tr(u, "无法核验真伪的通知书", "Cannot check notice"), p.number, err_msg());
		return;
	}
	char *id = NULL;
	const char *ref = p.type == PAYLOAD_SITE ? p.site_id : p.number;
	if (store_resolve(u->a->db, ref, &id) < 0) {
		/* Only a code whose record has not reached this machine is "not
		 * yet"; anything else (a database error) is said as it is. */
		if (err_code() == DW_ENOTFOUND)
			ui_say(u, T_WARN, "%s %s", ui_tr(u, "本机还没有这条记录：", "Not on this machine yet:"), ref);
		else
			ui_say(u, T_ERROR, "%s", err_msg());
		return;
	}
	json_t *arg = json_pack("{ss}", "id", id);
	if (p.type == PAYLOAD_SITE) {
		if (ui_open(u, &screen_site, arg) == 0 &&
		    ui_confirm(u, ui_tr(u, "已扫描工地。在此工地开始检查？", "Site scanned. Start an inspection here?")))
			new_here(u, u->top->state, "inspection");
	} else {
		ui_open(u, &screen_record, arg);
	}
	json_decref(arg);
	free(id);
}
