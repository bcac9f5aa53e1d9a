/*
 * review: screen_review, the supervisor's review queue. Every submitted
 * or resubmitted record of every reviewed kind (lifecycle review), the
 * oldest first (a key turns it to the newest first), fetched a screen at a
 * time through the queue's indexes (db/009); filters by kind, inspector,
 * site and date, and a search. From the queue: open a record, approve it
 * (with an optional comment), return it (a comment is required), and
 * select several with Space to approve them at once. The steps go through
 * rec_step, so an inspector's device is refused with role_check's message.
 *
 * arg: NULL. Owns its filters, the rows on screen and the selection.
 */
#include "record.h"
#include "text.h"
#include "ui/list.h"
#include "ui/ui.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	int kind;        /* 0: every reviewed kind; k: the k-th (kind_at) */
	int newest;      /* the newest first */
	char *inspector; /* the record's author, or NULL */
	char *site;      /* a site's id, or NULL */
	char *site_name; /* what was typed for it */
	char *from, *to; /* dates, or NULL */
	char *search;
	json_t *selected; /* id -> true */
	json_t *rows;     /* the states on screen */
	ui_list list;
} queue;

/* The k-th reviewed kind (from 1) in the forms' order, or NULL. */
static const char *kind_at(const ui *u, int k)
{
	for (size_t i = 0; k > 0 && i < formset_count(u->a->forms); i++) {
		const form *f = formset_in_order(u->a->forms, i);
		if (f->life == LC_REVIEW && --k == 0)
			return f->kind;
	}
	return NULL;
}

static list_query query_of(const ui *u, const queue *q)
{
	list_query lq = {.kind = kind_at(u, q->kind), .status = "submitted", .author = q->inspector, .site = q->site,
			 .from = q->from, .to = q->to, .search = q->search, .oldest = !q->newest, .today = u->today};
	return lq;
}

static int open_review(ui *u, screen *s, const json_t *arg)
{
	(void)u, (void)arg;
	queue *q = xcalloc(1, sizeof *q);
	q->selected = json_object();
	q->rows = json_array();
	s->state = q;
	return 0;
}

static void close_review(ui *u, screen *s)
{
	(void)u;
	queue *q = s->state;
	free(q->inspector), free(q->site), free(q->site_name), free(q->from), free(q->to), free(q->search);
	json_decref(q->selected), json_decref(q->rows);
	free(q);
}

static void draw_row(ui *u, int y, int cols, json_t *st, int cursor, int selected)
{
	const form *f = app_form_of(u->a, st);
	const char *num = json_string_value(json_object_get(st, "number"));
	const char *kind = json_string_value(json_object_get(st, "kind"));
	const json_t *fields = json_object_get(st, "fields");
	const char *date = f && f->date_field ? json_string_value(json_object_get(fields, f->date_field)) : NULL;
	char *title = rec_title(u->a, st, u->lang);
	term_style style = cursor ? T_SELECTED : T_NORMAL;
	term_text(y, 0, 2, cursor ? "▶" : "", style);
	term_text(y, 2, 2, selected ? "✓" : "", cursor ? T_SELECTED : T_OK);
	term_text(y, 4, 19, num && *num ? num : "", style);
	term_text(y, 23, 11, text_kind(kind, u->lang), style);
	term_text(y, 34, 11, date ? date : "", style);
	term_text(y, 45, 9, json_string_value(json_object_get(st, "author")), style);
	term_text(y, 54, cols - 54, title, style);
	free(title);
}

static void draw_review(ui *u, screen *s, int top, int bottom)
{
	queue *q = s->state;
	int cols = term_cols();
	list_query lq = query_of(u, q);
	q->list.y = top + 3;
	q->list.rows = bottom - q->list.y;
	list_fetch(&q->list, u->a->db, &lq, &q->rows);
	char head[256];
	snprintf(head, sizeof head, "%s · %ld %s · %s", ui_tr(u, "审核队列", "Review queue"), q->list.count,
		 ui_tr(u, "条待审核", "to review"), q->newest ? ui_tr(u, "最新在前", "newest first") : ui_tr(u, "最早在前", "oldest first"));
	if (json_object_size(q->selected))
		snprintf(head + strlen(head), sizeof head - strlen(head), " · %s %zu", ui_tr(u, "已选", "selected"),
			 json_object_size(q->selected));
	term_text(top, 0, cols, head, T_TITLE);
	const char *none = "—";
	char filters[512];
	snprintf(filters, sizeof filters, "%s:%s  %s:%s  %s:%s  %s:%s..%s  %s:%s", ui_tr(u, "类别", "Kind"),
		 q->kind ? text_kind(kind_at(u, q->kind), u->lang) : ui_tr(u, "全部", "all"),
		 ui_tr(u, "监督员", "Inspector"), q->inspector ? q->inspector : none, ui_tr(u, "工地", "Site"),
		 q->site_name ? q->site_name : none, ui_tr(u, "日期", "Dates"), q->from ? q->from : "", q->to ? q->to : "",
		 ui_tr(u, "搜索", "Search"), q->search ? q->search : none);
	term_text(top + 1, 0, cols, filters, T_DIM);
	if (q->list.count == 0)
		term_text(q->list.y, 2, cols - 2, ui_tr(u, "没有待审核的记录。", "Nothing to review."), T_DIM);
	for (size_t i = 0; i < json_array_size(q->rows); i++) {
		json_t *st = json_array_get(q->rows, i);
		const char *id = json_string_value(json_object_get(st, "id"));
		draw_row(u, q->list.y + (int)i, cols, st, q->list.top + (long)i == q->list.sel,
			 json_object_get(q->selected, id) != NULL);
	}
}

/* The record under the cursor, or NULL. Borrowed. */
static const char *current(queue *q)
{
	return json_string_value(json_object_get(json_array_get(q->rows, (size_t)(q->list.sel - q->list.top)), "id"));
}

/* Replaces *slot with a prompted value: Esc leaves it, an empty line
 * clears it. Returns 1 when it changed. */
static int ask(ui *u, const char *prompt, char **slot)
{
	char *v = ui_prompt(u, prompt, *slot ? *slot : "");
	if (!v)
		return 0;
	free(*slot);
	*slot = *v ? v : NULL;
	if (!*v)
		free(v);
	return 1;
}

static void filter_site(ui *u, queue *q)
{
	if (!ask(u, ui_tr(u, "工地（编号或标识，空为全部）：", "Site (number or id, empty: all):"), &q->site_name))
		return;
	free(q->site);
	q->site = NULL;
	if (q->site_name && store_resolve(u->a->db, q->site_name, &q->site) < 0) {
		ui_say(u, T_ERROR, "%s", err_msg());
		free(q->site_name);
		q->site_name = NULL;
	}
}

static void filter_dates(ui *u, queue *q)
{
	char *v = NULL;
	if (!ask(u, ui_tr(u, "日期 从..到（YYYY-MM-DD..YYYY-MM-DD，空为全部）：", "Dates from..to (YYYY-MM-DD..YYYY-MM-DD, empty: all):"),
		 &v))
		return;
	char *dots = v ? strstr(v, "..") : NULL;
	char *from = v ? xstrndup(v, dots ? (size_t)(dots - v) : strlen(v)) : NULL;
	char *to = dots ? xstrdup(dots + 2) : NULL;
	if ((from && *from && parse_date(from, NULL) < 0) || (to && *to && parse_date(to, NULL) < 0)) {
		ui_say(u, T_ERROR, "%s", ui_tr(u, "日期格式为 YYYY-MM-DD", "Dates are YYYY-MM-DD"));
		free(from), free(to);
	} else {
		free(q->from), free(q->to);
		q->from = from && *from ? from : (free(from), NULL);
		q->to = to && *to ? to : (free(to), NULL);
	}
	free(v);
}

/* Approves or returns the selected records, or the one under the cursor. */
static void review_step(ui *u, queue *q, const char *op)
{
	json_t *ids = json_array();
	const char *id;
	json_t *v;
	json_object_foreach(q->selected, id, v) json_array_append_new(ids, json_string(id));
	if (!json_array_size(ids) && current(q))
		json_array_append_new(ids, json_string(current(q)));
	size_t n = json_array_size(ids), done = 0;
	char *note = NULL;
	if (n && !ui_may(u, LC_REVIEW, op, 1))
		n = 0; /* said why, before asking for a comment */
	if (n) {
		char prompt[200];
		int ret = str_eq(op, "return");
		snprintf(prompt, sizeof prompt, "%s%s", ret ? ui_tr(u, "退回意见（必填）", "Comment (required)") : ui_tr(u, "审核意见（可空）", "Comment (may be empty)"),
			 n > 1 ? (ret ? ui_tr(u, "，退回所选记录：", ", returning the selected:") : ui_tr(u, "，审核通过所选记录：", ", approving the selected:"))
			       : ui_tr(u, "：", ":"));
		note = ui_prompt(u, prompt, "");
	}
	if (note && str_eq(op, "return") && !*note)
		ui_say(u, T_ERROR, "%s", ui_tr(u, "退回需要填写意见", "A return needs a comment"));
	else if (note) {
		size_t i;
		json_array_foreach(ids, i, v)
		{
			if (rec_step(u->a, json_string_value(v), op, *note ? note : NULL) < 0) {
				ui_say(u, T_ERROR, "%s", err_msg());
				break;
			}
			json_object_del(q->selected, json_string_value(v));
			done++;
		}
		if (done == n)
			ui_say(u, T_OK, "%s %zu %s", str_eq(op, "approve") ? ui_tr(u, "已审核通过", "Approved") : ui_tr(u, "已退回", "Returned"),
			       done, ui_tr(u, "条", "records"));
	}
	free(note);
	json_decref(ids);
}

static int review_action(ui *u, screen *s, ui_action_id a)
{
	queue *q = s->state;
	switch (a) {
	case ACT_OPEN:
		if (current(q))
			ui_open_with(u, &screen_record, "id", current(q));
		break;
	case ACT_APPROVE: review_step(u, q, "approve"); break;
	case ACT_RETURN: review_step(u, q, "return"); break;
	case ACT_SELECT:
		if (current(q)) {
			if (json_object_get(q->selected, current(q)))
				json_object_del(q->selected, current(q));
			else
				json_object_set_new(q->selected, current(q), json_true());
			list_move(&q->list, ACT_DOWN);
		}
		break;
	case ACT_NEXT_KIND:
		q->kind = kind_at(u, q->kind + 1) ? q->kind + 1 : 0;
		q->list.sel = q->list.top = 0;
		break;
	case ACT_NEWEST:
		q->newest = !q->newest;
		q->list.sel = q->list.top = 0;
		break;
	case ACT_BY_INSPECTOR:
		if (ask(u, ui_tr(u, "监督员姓名（空为全部）：", "Inspector's name (empty: all):"), &q->inspector))
			q->list.sel = q->list.top = 0;
		break;
	case ACT_BY_SITE: filter_site(u, q), q->list.sel = q->list.top = 0; break;
	case ACT_BY_DATE: filter_dates(u, q), q->list.sel = q->list.top = 0; break;
	case ACT_SEARCH:
		if (ask(u, ui_tr(u, "搜索：", "Search:"), &q->search))
			q->list.sel = q->list.top = 0;
		break;
	case ACT_CLEAR_FILTERS:
		free(q->inspector), free(q->site), free(q->site_name), free(q->from), free(q->to), free(q->search);
		q->inspector = q->site = q->site_name = q->from = q->to = q->search = NULL;
		q->kind = 0;
		q->list.sel = q->list.top = 0;
		break;
	default: return 0;
	}
	return 1;
}

static ui_list *review_list(screen *s)
{
	queue *q = s->state;
	return &q->list;
}

const screen_ops screen_review = {
	.name = "review",
	.open = open_review,
	.draw = draw_review,
	.action = review_action,
	.close = close_review,
	.list = review_list,
};
