/*
 * home: the first screen. Today's work at a glance: drafts to finish,
 * notices overdue and due this week, complaints and inspections waiting,
 * the records returned to this device's inspector (with the comment), on
 * a supervisor's or an admin's device the review queue's count, and the
 * ways into everything else. Each work item opens with Enter.
 */
#include "clock.h"
#include "progress.h"
#include "record.h"
#include "registry.h"
#include "sync.h"
#include "text.h"
#include "ui/list.h"
#include "ui/ui.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* More changes not at the station than this are shown as "9999+". */
#define HOME_COUNT_CAP 9999

/* The counts on home, in the order drawn. */
enum { N_DRAFTS, N_OVERDUE, N_RECEIVED, N_QUEUE, N_LATE, N_CONFLICTS, N_COUNTS };

typedef struct {
	json_t *items; /* [{"tag", "id", "kind", "status"}...] */
	ui_list list;
	/* What the counts and items were made from: a key on home does not
	 * count a million records again unless the database or the day moved. */
	int64_t stamp;
	char today[16];
	long long n[N_COUNTS];
	int supervising; /* the queue's count, not "returned to me" */
	store_sync_count sc;
	int have_sc;
} home;

typedef struct {
	json_t *items;
	const char *tag;
} collector;

static int collect(void *payload, json_t *state)
{
	collector *c = payload;
	json_array_append_new(c->items, json_pack("{sssOsOsO}", "tag", c->tag, "id", json_object_get(state, "id"),
						  "kind", json_object_get(state, "kind"), "status",
						  json_object_get(state, "status")));
	return 0;
}

static void reload(ui *u, home *h)
{
	json_decref(h->items);
	h->items = json_array();
	char week[16];
	int64_t t;
	parse_date(u->today, &t);
	fmt_date((t + 7) * 86400000LL, week, sizeof week);
	list_query drafts = {.status = "draft", .limit = 20};
	list_query overdue = {.kind = "notice", .status = "overdue", .today = u->today, .limit = 20};
	list_query due = {.kind = "notice", .status = "issued", .due_from = u->today, .due_to = week, .limit = 20};
	collector c = {h->items, "draft"};
	store_list(u->a->db, &drafts, collect, &c);
	c.tag = "edit"; /* a submitted record's edits not submitted */
	store_pending_edits(u->a->db, collect, &c);
	/* Returned to me: records made on this device that a supervisor sent
	 * back; resubmitting them puts them back into the queue. */
	list_query returned = {.status = "returned", .device = u->a->device, .limit = 20};
	c.tag = "returned";
	store_list(u->a->db, &returned, collect, &c);
	c.tag = "overdue";
	store_list(u->a->db, &overdue, collect, &c);
	c.tag = "due";
	/* "issued, due within a week" also matches the overdue: skip those. */
	size_t before = json_array_size(h->items);
	store_list(u->a->db, &due, collect, &c);
	for (size_t i = json_array_size(h->items); i-- > before;) {
		json_t *st = store_get_record(u->a->db, json_string_value(json_object_get(json_array_get(h->items, i), "id")));
		const form *f = st ? app_form_of(u->a, st) : NULL;
		if (!st || str_eq(rec_display_status(f, st, u->today), "overdue"))
			json_array_remove(h->items, i);
		json_decref(st);
	}
	/* Complaints past their reply deadline are overdue work too. */
	list_query late = {.kind = "complaint", .status = "overdue", .today = u->today, .limit = 20};
	c.tag = "overdue";
	store_list(u->a->db, &late, collect, &c);
	h->list.count = (long)json_array_size(h->items);
}

static int open_home(ui *u, screen *s, const json_t *arg)
{
	(void)arg;
	home *h = xcalloc(1, sizeof *h);
	s->state = h;
	reload(u, h);
	return 0;
}

static void count_line(ui *u, int y, int x, const char *zh, const char *en, long long n, term_style style)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s %lld", ui_tr(u, zh, en), n);
	term_text(y, x, 24, buf, n && style != T_NORMAL ? style : T_NORMAL);
}

/* The items and counts again, when the database or the day changed since
 * they were made. */
static void refresh(ui *u, home *h)
{
	int64_t stamp = store_data_stamp(u->a->db);
	if (h->items && stamp >= 0 && stamp == h->stamp && str_eq(h->today, u->today))
		return;
	reload(u, h);
	list_query drafts = {.status = "draft"};
	list_query overdue = {.kind = "notice", .status = "overdue", .today = u->today};
	list_query received = {.kind = "complaint", .status = "received"};
	list_query review = {.status = "submitted"};
	list_query returned = {.status = "returned", .device = u->a->device};
	list_query late = {.kind = "complaint", .status = "overdue", .today = u->today};
	/* The queue's count on a supervisor's or an admin's device (r opens
	 * it); an inspector's sees what came back to them instead. */
	h->supervising = registry_role(u->a, u->a->device) >= ROLE_SUPERVISOR;
	h->n[N_DRAFTS] = (long long)store_count(u->a->db, &drafts);
	h->n[N_OVERDUE] = (long long)store_count(u->a->db, &overdue);
	h->n[N_RECEIVED] = (long long)store_count(u->a->db, &received);
	h->n[N_QUEUE] = (long long)store_count(u->a->db, h->supervising ? &review : &returned);
	h->n[N_LATE] = (long long)store_count(u->a->db, &late);
	h->n[N_CONFLICTS] = (long long)store_count_conflicts(u->a->db);
	h->have_sc = store_sync_counts(u->a->db, &h->sc, HOME_COUNT_CAP) == 0;
	/* Counting read the database; the stamp is taken after, and a write
	 * meanwhile only makes the next draw count again. */
	h->stamp = stamp;
	snprintf(h->today, sizeof h->today, "%s", u->today);
}

/* A wall clock behind the other devices' (clock.h): the records written
 * meanwhile are marked, and their dates may be wrong. Or one the station
 * found fast in the last push. Said on home for as long as it lasts, not
 * only after a sync. */
static void clock_line(ui *u, int y, int cols)
{
	int64_t behind = clock_behind(u->a);
	char *note = store_setting(u->a->db, "station_note");
	char by[64], line[256];
	if (behind) {
		clock_span(behind, u->lang, by, sizeof by);
		if (str_eq(u->lang, "en"))
			snprintf(line, sizeof line, "Clock %s behind the other devices': set it right (new records are marked)",
				 by);
		else
			snprintf(line, sizeof line, "本机时钟比其他设备慢 %s：请校准（其间新记录会被标记）", by);
		term_text(y, 0, cols, line, T_ERROR);
	} else if (note && *note) {
		term_text(y, 0, cols,
			  ui_tr(u, "监督站发现本机时钟偏快，所写记录的日期有误：请校准", "The station found this laptop's clock fast: the dates it writes are wrong; set it right"),
			  T_ERROR);
	}
	free(note);
}


static void draw_home(ui *u, screen *s, int top, int bottom)
{
	home *h = s->state;
	int cols = term_cols();
	char head[256];
	refresh(u, h);
	snprintf(head, sizeof head, "%s  %s %s · %s %s · %s", ui_tr(u, "扬尘巡检", "dustwatch"),
		 ui_tr(u, "监督站", "station"), u->a->station, u->a->device, u->a->inspector, u->today);
	term_text(top, 0, cols, head, T_TITLE);
	term_text(top + 2, 0, cols, ui_tr(u, "今日工作", "Today's work"), T_BOLD);
	count_line(u, top + 3, 2, "草稿", "Drafts", h->n[N_DRAFTS], T_WARN);
	count_line(u, top + 3, 26, "逾期整改通知", "Overdue notices", h->n[N_OVERDUE], T_ERROR);
	count_line(u, top + 4, 2, "新投诉", "New complaints", h->n[N_RECEIVED], T_WARN);
	if (h->supervising)
		count_line(u, top + 4, 26, "待审核", "To review", h->n[N_QUEUE], T_WARN);
	else
		count_line(u, top + 4, 26, "退回给我", "Returned to me", h->n[N_QUEUE], T_ERROR);
	store_sync_count sc = h->sc;
	if (h->have_sc) {
		char buf[128];
		snprintf(buf, sizeof buf, "%s %lld%s", ui_tr(u, "未到监督站的修改", "Changes not at the station"),
			 (long long)sc.not_at_station, sc.not_at_station == HOME_COUNT_CAP ? "+" : "");
		term_text(top + 3, 50, cols - 50, buf, sc.not_at_station ? T_WARN : T_NORMAL);
		if (sc.quarantined) {
			snprintf(buf, sizeof buf, "%s %lld", ui_tr(u, "隔离的事件", "Quarantined events"), (long long)sc.quarantined);
			term_text(top + 4, 50, cols - 50, buf, T_ERROR);
		}
	}
	/* Complaints past their deadline; conflicts for a supervisor to settle (C). */
	count_line(u, top + 5, 2, "逾期投诉", "Overdue complaints", h->n[N_LATE], T_ERROR);
	char conflicts[128];
	long long nc = h->n[N_CONFLICTS];
	snprintf(conflicts, sizeof conflicts, "%s %lld", ui_tr(u, "待裁定冲突", "Conflicts"), nc);
	term_text(top + 5, 26, 24, conflicts, nc > 0 ? T_WARN : T_NORMAL);
	clock_line(u, top + 6, cols);
	h->list.y = top + 7;
	h->list.rows = bottom - h->list.y;
	list_fit(&h->list, h->list.rows);
	if (h->list.count == 0)
		term_text(h->list.y, 2, cols - 2, ui_tr(u, "没有待办事项。按 n 新建检查，s 查找工地。",
							"Nothing waiting. n: new inspection, s: find a site."),
			  T_DIM);
	for (long i = h->list.top; i < h->list.count && i - h->list.top < h->list.rows; i++) {
		json_t *it = json_array_get(h->items, (size_t)i);
		json_t *st = store_get_record(u->a->db, json_string_value(json_object_get(it, "id")));
		if (!st)
			continue;
		const char *tag = json_string_value(json_object_get(it, "tag"));
		const char *tagtext = str_eq(tag, "draft")      ? ui_tr(u, "草稿", "draft")
				      : str_eq(tag, "edit")     ? ui_tr(u, "修改未提交", "edited")
				      : str_eq(tag, "overdue")  ? ui_tr(u, "逾期", "overdue")
				      : str_eq(tag, "returned") ? ui_tr(u, "退回给我", "returned")
								: ui_tr(u, "本周到期", "due soon");
		char *title = rec_title(u->a, st, u->lang);
		const char *note = json_string_value(json_object_get(st, "note"));
		if (str_eq(tag, "returned") && note) {
			char *t = xasprintf("%s%s%s", note, ui_tr(u, "｜", " | "), title);
			free(title);
			title = t;
		} else if (str_eq(tag, "edit") && str_eq(u->lang, "en")) {
			char *t = xasprintf("%s (edits not submitted)", title);
			free(title), title = t;
		}
		const char *num = json_string_value(json_object_get(st, "number"));
		int y = h->list.y + (int)(i - h->list.top);
		term_style st_style = i == h->list.sel ? T_SELECTED : T_NORMAL;
		term_text(y, 0, 2, i == h->list.sel ? "▶" : "", st_style);
		term_text(y, 2, 12, tagtext,
			  i == h->list.sel ? T_SELECTED : str_eq(tag, "overdue") || str_eq(tag, "returned") ? T_ERROR : T_WARN);
		term_text(y, 14, 19, num && *num ? num : text_kind(json_string_value(json_object_get(st, "kind")), u->lang),
			  st_style);
		term_text(y, 33, cols - 33, title, st_style);
		free(title);
		json_decref(st);
	}
}

/* The sync's progress, drawn on the message line as it goes. */
static void sync_progress(void *payload, const char *stage, size_t done, size_t total)
{
	ui *u = payload;
	int width = 30, fill = total ? (int)(done * (size_t)width / total) : 0;
	char bar[64];
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '-', (size_t)(width - fill));
	bar[width] = 0;
	char line[200], eta[48];
	static progress_clock clock;
	progress_fmt_eta(total ? progress_eta(&clock, stage, done, total) : -1, !str_eq(u->lang, "en"), eta, sizeof eta);
	snprintf(line, sizeof line, "%s %-7s [%s] %zu/%zu%s", ui_tr(u, "同步中", "Syncing"), stage, bar, done, total, eta);
	term_text(term_rows() - 2, 0, term_cols(), line, T_WARN);
	term_flush();
}

static void run_sync(ui *u)
{
	sync_stats st;
	memset(&st, 0, sizeof st);
	sync_progress(u, ui_tr(u, "连接", "connect"), 0, 0);
	if (sync_run(u->a, NULL, &st, sync_progress, u) < 0) {
		ui_say(u, T_ERROR, "%s %s", ui_tr(u, "同步未完成，修改都保留：", "Sync failed, nothing lost:"), err_msg());
	} else if (st.pushed < 0) {
		ui_say(u, T_ERROR, "%s %s", ui_tr(u, "监督站拒收：", "The station refused:"), st.push_message ? st.push_message : "");
	} else {
		ui_say(u, st.quarantined ? T_WARN : T_OK, "%s %zu, %s %zu%s%s", ui_tr(u, "已同步：发送", "Synced: sent"), st.sent,
		       ui_tr(u, "接收", "received"), st.received,
		       st.quarantined ? ui_tr(u, "；有事件被隔离", "; some events quarantined") : "",
		       st.seal_learned ? ui_tr(u, "；已收到个人信息密钥，投诉人信息可读", "; personal data key received: complainants are readable here")
				       : "");
	}
	sync_stats_free(&st);
}

static void open_list(ui *u, const char *kind)
{
	ui_open_with(u, &screen_records, "kind", kind);
}

/* x on a draft or an edit not submitted: gone, once the person says so. */
static void discard(ui *u, home *h)
{
	json_t *it = h->list.count ? json_array_get(h->items, (size_t)h->list.sel) : NULL;
	const char *tag = json_string_value(json_object_get(it, "tag"));
	if (!str_eq(tag, "draft") && !str_eq(tag, "edit")) {
		ui_say(u, T_WARN, "%s", ui_tr(u, "只能放弃草稿或未提交的修改", "Only a draft or edits not submitted can be discarded"));
		return;
	}
	int draft = str_eq(tag, "draft");
	char *id = xstrdup(json_string_value(json_object_get(it, "id"))); /* the question's redraw reloads the items */
	if (ui_confirm(u, draft ? ui_tr(u, "删除此草稿？", "Delete this draft?")
				: ui_tr(u, "放弃未提交的修改？", "Discard the edits not submitted?"))) {
		if ((draft ? rec_discard(u->a, id) : rec_edit_discard(u->a, id)) < 0)
			ui_say(u, T_ERROR, "%s", err_msg());
		else
			ui_say(u, T_OK, "%s", draft ? ui_tr(u, "草稿已删除", "Draft deleted") : ui_tr(u, "已放弃修改", "Edits discarded"));
	}
	free(id);
	reload(u, h);
	if (h->list.sel >= h->list.count && h->list.sel > 0)
		h->list.sel = h->list.count - 1;
}

static int home_action(ui *u, screen *s, ui_action_id a)
{
	home *h = s->state;
	switch (a) {
	case ACT_NEW_INSPECTION: ui_open_with(u, &screen_form, "kind", "inspection"); break;
	case ACT_SITES: ui_open(u, &screen_sites, NULL); break;
	case ACT_INSPECTIONS: open_list(u, "inspection"); break;
	case ACT_NOTICES: open_list(u, "notice"); break;
	case ACT_COMPLAINTS: open_list(u, "complaint"); break;
	case ACT_SYNC: run_sync(u); break;
	case ACT_OTHERS: open_list(u, "agreement"); break;
	case ACT_CONFLICTS: ui_open(u, &screen_conflicts, NULL); break;
	case ACT_REVIEW: ui_open(u, &screen_review, NULL); break;
	case ACT_DASHBOARD: ui_open(u, &screen_dashboard, NULL); break;
	case ACT_OPEN:
		if (h->list.count) {
			json_t *it = json_array_get(h->items, (size_t)h->list.sel);
			const char *tag = json_string_value(json_object_get(it, "tag"));
			ui_open_with(u, str_eq(tag, "draft") || str_eq(tag, "edit") ? &screen_form : &screen_record, "id",
				     json_string_value(json_object_get(it, "id")));
		}
		break;
	case ACT_DISCARD: discard(u, h); break;
	default: return 0;
	}
	return 1;
}

/* A click on the selected row opens it (the frame does the others). */
static int home_key(ui *u, screen *s, const term_key *k)
{
	home *h = s->state;
	if (k->kind == K_MOUSE && k->y >= h->list.y && k->y < h->list.y + h->list.rows &&
	    h->list.top + (k->y - h->list.y) == h->list.sel && !k->wheel) {
		home_action(u, s, ACT_OPEN);
		return 1;
	}
	return 0;
}

static ui_list *home_list(screen *s)
{
	home *h = s->state;
	return &h->list;
}

static void close_home(ui *u, screen *s)
{
	(void)u;
	home *h = s->state;
	json_decref(h->items);
	free(h);
}

const screen_ops screen_home = {
	.name = "home",
	.open = open_home,
	.draw = draw_home,
	.action = home_action,
	.key = home_key,
	.close = close_home,
	.list = home_list,
};
