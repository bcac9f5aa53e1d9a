/*
 * records: a list of records of one kind, filtered by status (Tab cycles
 * the kinds, f the statuses), and one record's page: every field by
 * section, its conflicts, its full history (who changed what, when, on
 * which device), and the lifecycle steps its status allows; `o` opens its
 * first attachment in the system's viewer (xdg-open) where there is a
 * display.
 */
#include "describe.h"
#include "fold.h"
#include "record.h"
#include "text.h"
#include "ui/list.h"
#include "ui/ui.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
	int kind, status;
	char *from, *to; /* screen_records: dated between (the dashboard's month), or NULL */
	ui_list list;
	json_t *rows;
	char *id;      /* screen_record */
	json_t *lines; /* screen_record: [[text, style]...] */
	int scroll;
} lister;

/* The kinds in the order Tab cycles through them: the records of work at
 * sites first, then the registries (sites, inspectors, devices), each in
 * the forms' order. i wraps around. */
static const char *kind_at(const ui *u, int i)
{
	const formset *fs = u->a->forms;
	int n = (int)formset_count(fs);
	i = n ? i % n : 0;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < n; k++) {
			const form *f = formset_in_order(fs, (size_t)k);
			if ((f->life == LC_REGISTRY) == pass && i-- == 0)
				return f->kind;
		}
	return NULL;
}
/* f cycles these; the last two are what the dashboard's bars of rectified
 * notices and resolved complaints count. */
static const char *const statuses[] = {
	NULL, "draft", "submitted", "returned", "approved", "issued", "overdue", "rectified", "received",
	"handling", "replied", "closed", "active", "void", "rectified,closed", "replied,closed",
};

/* A status's words, or several's joined by "/". */
static void status_words(const char *status, const char *lang, char *buf, size_t n)
{
	char *copy = xstrdup(status), *save = NULL;
	size_t used = 0;
	buf[0] = 0;
	for (char *p = strtok_r(copy, ",", &save); p && used < n; p = strtok_r(NULL, ",", &save))
		used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? "/" : "", text_status(p, lang));
	free(copy);
}

static int open_records(ui *u, screen *s, const json_t *arg)
{
	lister *l = xcalloc(1, sizeof *l);
	const char *kind = json_string_value(json_object_get(arg, "kind"));
	for (int i = 0; kind && i < (int)formset_count(u->a->forms); i++)
		if (str_eq(kind_at(u, i), kind))
			l->kind = i;
	const char *status = json_string_value(json_object_get(arg, "status"));
	for (size_t i = 1; status && i < DW_ARRAY_LEN(statuses); i++)
		if (str_eq(statuses[i], status))
			l->status = (int)i;
	const char *from = json_string_value(json_object_get(arg, "from")), *to = json_string_value(json_object_get(arg, "to"));
	l->from = from ? xstrdup(from) : NULL;
	l->to = to ? xstrdup(to) : NULL;
	s->state = l;
	return 0;
}

static void draw_records(ui *u, screen *s, int top, int bottom)
{
	lister *l = s->state;
	int cols = term_cols();
	char head[200], words[64];
	if (l->status)
		status_words(statuses[l->status], u->lang, words, sizeof words);
	int n = snprintf(head, sizeof head, "%s · %s", text_kind(kind_at(u, l->kind), u->lang),
			 l->status ? words : ui_tr(u, "全部状态", "all statuses"));
	if (l->from || l->to)
		snprintf(head + n, sizeof head - (size_t)n, " · %s..%s", l->from ? l->from : "", l->to ? l->to : "");
	term_text(top, 0, cols, head, T_TITLE);
	l->list.y = top + 2;
	l->list.rows = bottom - l->list.y;
	list_query q = {.kind = kind_at(u, l->kind), .status = statuses[l->status], .today = u->today, .from = l->from,
			.to = l->to};
	list_fetch(&l->list, u->a->db, &q, &l->rows);
	char count[64];
	snprintf(count, sizeof count, "%ld %s", l->list.count, ui_tr(u, "条", "records"));
	term_text(top + 1, 0, cols, count, T_DIM);
	for (size_t i = 0; i < json_array_size(l->rows); i++)
		ui_record_line(u, l->list.y + (int)i, 0, cols, json_array_get(l->rows, i),
			       l->list.top + (long)i == l->list.sel);
}

static int records_action(ui *u, screen *s, ui_action_id a)
{
	lister *l = s->state;
	switch (a) {
	case ACT_OPEN: {
		json_t *st = json_array_get(l->rows, (size_t)(l->list.sel - l->list.top));
		if (!st)
			break;
		int draft = str_eq(json_string_value(json_object_get(st, "status")), "draft");
		ui_open_with(u, draft ? &screen_form : &screen_record, "id", json_string_value(json_object_get(st, "id")));
		break;
	}
	case ACT_NEXT_KIND:
		l->kind = (l->kind + 1) % (int)formset_count(u->a->forms);
		l->list.sel = l->list.top = 0;
		break;
	case ACT_NEXT_STATUS:
		l->status = (l->status + 1) % (int)DW_ARRAY_LEN(statuses);
		l->list.sel = l->list.top = 0;
		break;
	case ACT_NEW: ui_open_with(u, &screen_form, "kind", kind_at(u, l->kind)); break;
	default: return 0;
	}
	return 1;
}

static ui_list *records_list(screen *s)
{
	lister *l = s->state;
	return &l->list;
}

static void close_lister(ui *u, screen *s)
{
	(void)u;
	lister *l = s->state;
	json_decref(l->rows);
	json_decref(l->lines);
	free(l->id), free(l->from), free(l->to);
	free(l);
}

const screen_ops screen_records = {
	.name = "records",
	.open = open_records,
	.draw = draw_records,
	.action = records_action,
	.close = close_lister,
	.list = records_list,
};

/* --- one record --- */

static void add_line(json_t *lines, term_style style, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_line(json_t *lines, term_style style, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	json_array_append_new(lines, json_pack("[si]", buf, (int)style));
}

/* What build_page gathers from the record's lines: the page, its
 * title, the number until the status joins it on one line, and how many
 * fields of the current event are shown. */
typedef struct {
	ui *u;
	json_t *lines;
	char *head;
	size_t head_size;
	char *number;
	int changes;
} record_page;

static void page_line(const describe_line *d, void *payload)
{
	static const term_style styles[] = {
		[DESCRIBE_PLAIN] = T_NORMAL,   [DESCRIBE_STRONG] = T_BOLD,    [DESCRIBE_PROBLEM] = T_ERROR,
		[DESCRIBE_CONFLICTED] = T_ERROR, [DESCRIBE_ATTENTION] = T_WARN, [DESCRIBE_QUIET] = T_DIM,
	};
	record_page *p = payload;
	term_style style = styles[d->hint];
	switch (d->kind) {
	case DESCRIBE_TITLE:
		snprintf(p->head, p->head_size, "%s  %s", d->label, d->value);
		break;
	case DESCRIBE_PARTICULAR:
		if (d->part == DESCRIBE_NUMBER)
			p->number = xasprintf("%s: %s", d->label, d->value);
		else if (d->part == DESCRIBE_STATUS)
			add_line(p->lines, style, "%s   %s: %s", p->number ? p->number : "", d->label, d->value);
		else if (d->part == DESCRIBE_NOTE || d->part == DESCRIBE_REPLY_TIME || d->part == DESCRIBE_REVIEW ||
			 d->part == DESCRIBE_WHERE)
			add_line(p->lines, d->part == DESCRIBE_WHERE ? T_DIM : style, "%s: %s", d->label, d->value);
		break;
	case DESCRIBE_HEADING:
		add_line(p->lines, style, "【%s】", d->label);
		break;
	case DESCRIBE_FIELD:
		add_line(p->lines, style, "  %s: %s", d->label, d->value);
		break;
	case DESCRIBE_MEMBER:
		add_line(p->lines, style, "    %zu. %s: %s", d->item, d->label, d->value);
		break;
	case DESCRIBE_CONFLICT:
		add_line(p->lines, style, "%s %s", ui_tr(p->u, "冲突：", "Conflict:"), d->label);
		break;
	case DESCRIBE_CLAIM:
		add_line(p->lines, style, "    %s  (%s, %s %.12s)", d->value, d->author, d->device, d->event);
		break;
	case DESCRIBE_EVENT:
		add_line(p->lines, style, "  %s  %s  %s @ %s", d->when, d->value, d->author, d->device);
		p->changes = 0;
		break;
	case DESCRIBE_CHANGE:
		if (p->changes < 6)
			add_line(p->lines, style, "      %s = %s", d->label, d->value);
		else if (p->changes == 6)
			add_line(p->lines, T_DIM, "      …");
		p->changes++;
		break;
	default:
		break;
	}
}

/* The page as lines (particulars, fields by section, conflicts, history)
 * and its title into head. */
static void build_page(ui *u, lister *l, json_t *st, char *head, size_t head_size)
{
	json_decref(l->lines);
	l->lines = json_array();
	json_t *pending = rec_edit_pending(u->a, json_string_value(json_object_get(st, "id")));
	if (pending)
		add_line(l->lines, T_WARN, "%s",
			 ui_tr(u, "有未提交的修改：e 继续修改并提交，x 放弃", "Edits not submitted: e to continue and submit, x to discard"));
	json_decref(pending);
	record_page p = {.u = u, .lines = l->lines, .head = head, .head_size = head_size};
	describe_opts o = {.lang = u->lang, .today = u->today,
			   .parts = DESCRIBE_PARTICULARS | DESCRIBE_FIELDS | DESCRIBE_HISTORY};
	describe_record(u->a, st, &o, page_line, &p);
	free(p.number);
}

/* The SHA-256 of a record's first attachment in the form's order (photo
 * and file fields, a group's members included), or NULL. Points into st. */
static const char *first_attachment(const form *f, const json_t *st)
{
	const json_t *fields = json_object_get(st, "fields");
	for (size_t i = 0; f && i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		json_t *v = json_object_get(fields, fd->name);
		if (fd->type == FT_PHOTO || fd->type == FT_FILE) {
			if (json_string_value(json_array_get(v, 0)))
				return json_string_value(json_array_get(v, 0));
		} else if (fd->type == FT_GROUP) {
			size_t k;
			json_t *item;
			json_array_foreach(v, k, item)
			{
				for (size_t m = 0; m < fd->n_members; m++) {
					const field *md = &fd->members[m];
					json_t *mv = json_object_get(item, md->name);
					if ((md->type == FT_PHOTO || md->type == FT_FILE) && json_string_value(json_array_get(mv, 0)))
						return json_string_value(json_array_get(mv, 0));
				}
			}
		}
	}
	return NULL;
}

/* The record's lifecycle steps, named as its ops (fold_transition). */
static int is_step(ui_action_id a)
{
	switch (a) {
	case ACT_APPROVE: case ACT_RETURN: case ACT_RECTIFY: case ACT_HANDLE: case ACT_REPLY: case ACT_CLOSE: case ACT_VOID:
		return 1;
	default:
		return 0;
	}
}

/* The records that follow this one (followup.h): a notice issued from an
 * inspection, a re-inspection of an open notice, a stop-work notice
 * escalating an overdue one. */
static int is_followup(ui_action_id a)
{
	return a == ACT_ISSUE_NOTICE || a == ACT_REINSPECT || a == ACT_ESCALATE;
}

static int followup_offered(ui *u, const form *f, json_t *st, ui_action_id a)
{
	const char *shown = rec_display_status(f, st, u->today);
	if (str_eq(shown, "draft") || str_eq(shown, "void"))
		return 0;
	if (a == ACT_ISSUE_NOTICE)
		return str_eq(f->kind, "inspection");
	if (a == ACT_REINSPECT)
		return str_eq(f->kind, "notice") && (str_eq(shown, "issued") || str_eq(shown, "overdue"));
	return str_eq(f->kind, "notice") && str_eq(shown, "overdue") &&
	       !json_object_get(json_object_get(st, "fields"), "escalated_to");
}

static void start_followup(ui *u, lister *l, const char *kind)
{
	json_t *arg = json_pack("{ssss}", "kind", kind, "from", l->id);
	ui_open(u, &screen_form, arg);
	json_decref(arg);
}

/* Lifecycle steps are offered only where the record's status allows them;
 * edit, QR, print, site and attachment where they apply. */
static int record_offers(ui *u, screen *s, ui_action_id a)
{
	lister *l = s->state;
	if (!is_step(a) && a != ACT_EDIT && a != ACT_QR && a != ACT_PRINT_NOTICE && a != ACT_GO_SITE && a != ACT_ATTACHMENT &&
	    a != ACT_DISCARD && !is_followup(a))
		return 1;
	json_t *st = store_get_record(u->a->db, l->id);
	const form *f = st ? app_form_of(u->a, st) : NULL;
	const char *status = json_string_value(json_object_get(st, "status"));
	const char *kind = json_string_value(json_object_get(st, "kind"));
	int ok = 1;
	if (!st || !f)
		ok = 0;
	else if (is_step(a))
		ok = !str_eq(status, "draft") && fold_transition(f->life, status, action_name(a)) != NULL;
	else if (a == ACT_EDIT)
		ok = !str_eq(status, "void") && !str_eq(status, "closed");
	else if (a == ACT_QR)
		ok = str_eq(kind, "site") || str_eq(kind, "notice");
	else if (a == ACT_PRINT_NOTICE)
		ok = str_eq(kind, "notice") && !str_eq(status, "draft");
	else if (a == ACT_GO_SITE)
		ok = f->site_field != NULL;
	else if (a == ACT_ATTACHMENT)
		ok = first_attachment(f, st) != NULL;
	else if (a == ACT_DISCARD) {
		json_t *pending = rec_edit_pending(u->a, l->id);
		ok = pending != NULL;
		json_decref(pending);
	} else if (is_followup(a))
		ok = followup_offered(u, f, st, a);
	json_decref(st);
	return ok;
}

static int open_record(ui *u, screen *s, const json_t *arg)
{
	const char *id = json_string_value(json_object_get(arg, "id"));
	json_t *st = id ? store_get_record(u->a->db, id) : NULL;
	if (!st) {
		ui_say(u, T_ERROR, "%s", err_msg());
		return -1;
	}
	json_decref(st);
	lister *l = xcalloc(1, sizeof *l);
	l->id = xstrdup(id);
	s->state = l;
	return 0;
}

static void draw_record(ui *u, screen *s, int top, int bottom)
{
	lister *l = s->state;
	int cols = term_cols();
	json_t *st = store_get_record(u->a->db, l->id);
	if (!st)
		return;
	char head[600] = "";
	build_page(u, l, st, head, sizeof head);
	term_text(top, 0, cols, head, T_TITLE);
	json_decref(st);
	int rows = bottom - top - 1, n = (int)json_array_size(l->lines);
	if (l->scroll > n - rows)
		l->scroll = n - rows;
	if (l->scroll < 0)
		l->scroll = 0;
	for (int i = 0; i < rows && l->scroll + i < n; i++) {
		json_t *line = json_array_get(l->lines, (size_t)(l->scroll + i));
		term_text(top + 1 + i, 0, cols, json_string_value(json_array_get(line, 0)),
			  (term_style)json_integer_value(json_array_get(line, 1)));
	}
}

/* What a step asks first: a return's or void's reason; a reply's text
 * and a complaint's closing satisfaction when the record lacks them
 * (rec_step_field); a rectify's evidence unless a re-inspection found the
 * notice rectified. */
static void step(ui *u, lister *l, const char *op)
{
	char *note = NULL, *value = NULL;
	json_t *st = store_get_record(u->a->db, l->id);
	const form *f = st ? app_form_of(u->a, st) : NULL;
	const json_t *fields = json_object_get(st, "fields");
	const char *need = f ? rec_step_field(f, op) : NULL;
	/* A step this device's role does not allow is refused before any
	 * question (issue 10): approve, return, close, reopen, void of another's. */
	int own = str_eq(json_string_value(json_object_get(st, "device")), u->a->device);
	if (f && !ui_may(u, f->life, op, own))
		goto out;
	if (str_eq(op, "return") || str_eq(op, "void")) {
		note = ui_prompt(u, str_eq(op, "void") ? ui_tr(u, "作废原因：", "Reason:") : ui_tr(u, "退回意见：", "Comment:"), "");
		if (!note)
			goto out;
	} else if (need && !json_object_get(fields, need)) {
		value = ui_prompt(u, str_eq(need, "reply") ? ui_tr(u, "答复内容：", "Reply:")
							   : ui_tr(u, "满意度 satisfied/basic/dissatisfied/unreached：",
								   "Satisfaction satisfied/basic/dissatisfied/unreached:"),
				  "");
		if (!value)
			goto out;
	} else if (str_eq(op, "rectify") && !str_eq(json_string_value(json_object_get(fields, "result")), "rectified")) {
		note = ui_prompt(u, ui_tr(u, "未经复查：所见整改证据：", "No re-inspection: evidence seen:"), "");
		if (!note)
			goto out;
	} else if (!ui_confirm(u, ui_tr(u, "确认此操作？", "Confirm this step?"))) {
		goto out;
	}
	json_t *problems = json_array();
	if (rec_step_with(u->a, l->id, op, note, value, problems) < 0) {
		json_t *p = json_array_get(problems, 0);
		ui_say(u, T_ERROR, "%s%s%s", err_msg(), p ? ": " : "", p ? json_string_value(json_object_get(p, "message")) : "");
	} else {
		ui_say(u, T_OK, "%s", ui_tr(u, "已保存。", "Saved."));
	}
	json_decref(problems);
out:
	json_decref(st);
	free(note), free(value);
}

/* Where prog is on $PATH, as execvp would find it; 1 if it is. */
static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	int found = 0;
	char *copy = xstrdup(path && *path ? path : "/usr/bin:/bin"), *save = NULL;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", *d ? d : ".", prog);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

/* Runs "xdg-open file" apart from the UI: a grandchild with its output to
 * /dev/null, so nothing lands on the screen, which the UI does not wait
 * for and which leaves no zombie (the child between exits at once). */
static int spawn_open(const char *file)
{
	pid_t pid = fork();
	if (pid < 0)
		return err_set("fork: %s", strerror(errno));
	if (pid == 0) {
		if (fork() == 0) {
			int fd = open("/dev/null", O_RDWR);
			if (fd >= 0) {
				dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
				if (fd > 2)
					close(fd);
			}
			setsid();
			execlp("xdg-open", "xdg-open", file, (char *)NULL);
			_exit(127);
		}
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	return 0;
}

/* Opens the record's first attachment in the system's viewer where there
 * is a display; without one (or without xdg-open), says where it is. */
static void open_attachment(ui *u, lister *l)
{
	json_t *st = store_get_record(u->a->db, l->id);
	const char *hex = st ? first_attachment(app_form_of(u->a, st), st) : NULL;
	if (!hex) {
		ui_say(u, T_WARN, "%s", ui_tr(u, "此记录没有附件", "This record has no attachment"));
		json_decref(st);
		return;
	}
	char *file = rec_attachment_file(u->a, hex);
	const char *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
	if (!file)
		ui_say(u, T_ERROR, "%s %.12s", ui_tr(u, "附件不在本机（尚未同步？）：", "The attachment is not on this machine (not synced yet?):"),
		       hex);
	else if ((!x11 || !*x11) && (!wl || !*wl))
		ui_say(u, T_WARN, "%s %s", ui_tr(u, "没有图形界面，附件在：", "No display; the attachment is at"), file);
	else if (!on_path("xdg-open"))
		ui_say(u, T_WARN, "%s %s", ui_tr(u, "找不到 xdg-open，附件在：", "No xdg-open; the attachment is at"), file);
	else if (spawn_open(file) < 0)
		ui_say(u, T_ERROR, "%s", err_msg());
	else
		ui_say(u, T_OK, "%s", ui_tr(u, "已用系统程序打开附件", "Opened in the system's viewer"));
	free(file);
	json_decref(st);
}

static int record_action(ui *u, screen *s, ui_action_id a)
{
	lister *l = s->state;
	int page = term_rows() - 4;
	switch (a) {
	case ACT_EDIT: ui_open_with(u, &screen_form, "id", l->id); break;
	case ACT_ISSUE_NOTICE: start_followup(u, l, "notice"); break;
	case ACT_REINSPECT: start_followup(u, l, "reinspection"); break;
	case ACT_ESCALATE: start_followup(u, l, "notice"); break;
	case ACT_ATTACHMENT: open_attachment(u, l); break;
	case ACT_DISCARD:
		if (ui_confirm(u, ui_tr(u, "放弃未提交的修改？", "Discard the edits not submitted?"))) {
			if (rec_edit_discard(u->a, l->id) < 0)
				ui_say(u, T_ERROR, "%s", err_msg());
			else
				ui_say(u, T_OK, "%s", ui_tr(u, "已放弃修改", "Edits discarded"));
		}
		break;
	case ACT_QR: ui_open_with(u, &screen_qr, "id", l->id); break;
	case ACT_PRINT_NOTICE: ui_print(u, l->id); break;
	case ACT_GO_SITE: {
		json_t *st = store_get_record(u->a->db, l->id);
		const char *site = json_string_value(json_object_get(json_object_get(st, "fields"), "site"));
		if (site)
			ui_open_with(u, &screen_site, "id", site);
		json_decref(st);
		break;
	}
	case ACT_UP: l->scroll--; break;
	case ACT_DOWN: l->scroll++; break;
	case ACT_PAGE_UP: l->scroll -= page; break;
	case ACT_PAGE_DOWN: l->scroll += page; break;
	default:
		if (!is_step(a))
			return 0;
		step(u, l, action_name(a));
	}
	return 1;
}

static int record_key(ui *u, screen *s, const term_key *k)
{
	lister *l = s->state;
	(void)u;
	if (k->kind != K_MOUSE || !k->wheel)
		return 0;
	l->scroll += 3 * k->wheel;
	return 1;
}

const screen_ops screen_record = {
	.name = "record",
	.open = open_record,
	.draw = draw_record,
	.action = record_action,
	.key = record_key,
	.close = close_lister,
	.offers = record_offers,
};
