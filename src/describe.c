/*
 * describe: one record as typed lines for every reader (describe.h). The
 * walk is the one place that decides what a record shows: the form version
 * the record was made with gives the sections, labels and display of its
 * fields, references are resolved to titles, groups go item by item, a
 * field that form version lacks is shown as stored rather than dropped,
 * and conflicts and history follow. Each line lives on this function's
 * stack and is gone when the callback returns.
 */
#include "describe.h"
#include "record.h"
#include "text.h"
#include "util.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	app *a;
	const form *f;
	const json_t *state;
	const char *lang;
	describe_fn fn;
	void *payload;
} walk;

/* A string member of a JSON object, or NULL. */
static const char *member(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void emit(const walk *w, const describe_line *line)
{
	w->fn(line, w->payload);
}

char *describe_ref(app *a, const char *id, const char *lang)
{
	json_t *r = id ? store_get_record(a->db, id) : NULL;
	char *t = r ? rec_title(a, r, lang) : xstrdup(id ? id : "");
	json_decref(r);
	return t;
}

char *describe_review(const json_t *st, const char *lang)
{
	const json_t *r = json_object_get(st, "review");
	const char *op = member(r, "op"), *note = member(r, "note");
	if (!op)
		return NULL;
	int en = str_eq(lang, "en"), ok = str_eq(op, "approve");
	return xasprintf("%s %s (%s) %s%s%s", ok ? (en ? "approved by" : "审核通过：") : (en ? "returned by" : "退回："),
			 member(r, "author"), member(r, "device"), member(r, "wall"), note ? (en ? ": " : "：") : "",
			 note ? note : "");
}

char *describe_where(app *a, const json_t *st, const char *lang)
{
	int local = store_record_local_only(a->db, member(st, "id"));
	int en = str_eq(lang, "en");
	if (local < 0)
		return NULL;
	return xstrdup(local ? (en ? "only on this laptop (sync to send it)" : "只在本机（同步后送达监督站）")
			     : (en ? "at the station" : "已到监督站"));
}

/* A value found not compliant is a problem wherever it stands. */
static describe_hint value_hint(const field *fd, const json_t *v)
{
	return fd->type == FT_COMPLIANCE && str_eq(json_string_value(v), "no") ? DESCRIBE_PROBLEM : DESCRIBE_PLAIN;
}

/* A complaint's days from receipt to reply, or so far while unanswered,
 * with its deadline; NULL for other records. New string. */
static char *reply_time(const walk *w, const char *today)
{
	const json_t *fields = json_object_get(w->state, "fields");
	const char *from = w->f && w->f->life == LC_COMPLAINT && w->f->date_field
				   ? member(fields, w->f->date_field)
				   : NULL;
	const char *to = member(fields, "replied"), *due = w->f && w->f->due_field ? member(fields, w->f->due_field) : NULL;
	int64_t d0, d1;
	int en = str_eq(w->lang, "en");
	if (!from || parse_date(from, &d0) < 0 || parse_date(to ? to : today, &d1) < 0)
		return NULL;
	long long n = (long long)(d1 - d0);
	if (to)
		return xasprintf(en ? "%lld day%s" : "%lld 天", n, n == 1 ? "" : "s");
	if (!due)
		return en ? xasprintf("%lld day%s so far, not replied", n, n == 1 ? "" : "s")
			  : xasprintf("已 %lld 天，尚未答复", n);
	return en ? xasprintf("%lld day%s so far, not replied; reply by %s", n, n == 1 ? "" : "s", due)
		  : xasprintf("已 %lld 天，尚未答复（答复期限 %s）", n, due);
}

static void particulars(const walk *w, const char *today)
{
	const json_t *st = w->state;
	int en = str_eq(w->lang, "en");
	const char *kind = member(st, "kind");
	char *title = rec_title(w->a, st, w->lang);
	emit(w, &(describe_line){.kind = DESCRIBE_TITLE, .label = w->f ? label_get(&w->f->title, w->lang) : kind,
				 .value = title});
	free(title);
	const char *num = member(st, "number");
	int draft = str_eq(member(st, "status"), "draft");
	char *created = xasprintf("%s, %s %s %s, %s %s", member(st, "created"),
				  member(st, "author"), en ? "on" : "于设备",
				  member(st, "device"), en ? "updated" : "更新",
				  member(st, "updated"));
	char *reply = reply_time(w, today);
	char *review = describe_review(st, w->lang), *where = draft ? NULL : describe_where(w->a, st, w->lang);
	const struct {
		describe_part part;
		const char *zh, *en, *value;
	} rows[] = {
		{DESCRIBE_NUMBER, "编号", "Number", num && *num ? num : draft ? (en ? "(draft)" : "（草稿）") : "—"},
		{DESCRIBE_STATUS, "状态", "Status", text_status(rec_display_status(w->f, st, today), w->lang)},
		{DESCRIBE_ID, "标识", "Id", member(st, "id")},
		{DESCRIBE_CREATED, "创建", "Created", created},
		{DESCRIBE_NOTE, "说明", "Note", member(st, "note")},
		{DESCRIBE_REPLY_TIME, "受理至答复", "Received to reply", reply},
		{DESCRIBE_REVIEW, "审核", "Review", review},
		{DESCRIBE_WHERE, "位置", "Where", where},
	};
	for (size_t i = 0; i < DW_ARRAY_LEN(rows); i++)
		if (rows[i].value)
			emit(w, &(describe_line){.kind = DESCRIBE_PARTICULAR, .part = rows[i].part,
						 .hint = rows[i].part == DESCRIBE_NOTE ? DESCRIBE_ATTENTION : DESCRIBE_PLAIN,
						 .label = en ? rows[i].en : rows[i].zh, .value = rows[i].value});
	free(created), free(reply), free(review), free(where);
}

/* A group's items, each member that has a value. */
static void items(const walk *w, const field *fd, const json_t *v)
{
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		emit(w, &(describe_line){.kind = DESCRIBE_ITEM, .level = 2, .item = i + 1});
		for (size_t k = 0; k < fd->n_members; k++) {
			const field *m = &fd->members[k];
			json_t *mv = json_object_get(item, m->name);
			if (!mv)
				continue;
			char *s = value_display(m, mv, w->lang);
			emit(w, &(describe_line){.kind = DESCRIBE_MEMBER, .hint = value_hint(m, mv), .level = 3,
						 .label = label_get(&m->label, w->lang), .value = s, .item = i + 1});
			free(s);
		}
	}
}

/* The fields in the form's order under their sections' headings, then
 * those the form version does not have, as they are stored. */
static void fields(const walk *w)
{
	const form *f = w->f;
	const json_t *values = json_object_get(w->state, "fields");
	const char *sec = NULL;
	for (size_t i = 0; f && i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		json_t *v = json_object_get(values, fd->name);
		if (!v)
			continue;
		if (fd->section && !str_eq(fd->section, sec)) {
			sec = fd->section;
			for (size_t k = 0; k < f->n_sections; k++)
				if (str_eq(f->sections[k].name, sec))
					emit(w, &(describe_line){.kind = DESCRIBE_HEADING, .hint = DESCRIBE_STRONG,
								 .label = label_get(&f->sections[k].label, w->lang)});
		}
		char *s = fd->type == FT_REF ? describe_ref(w->a, json_string_value(v), w->lang)
					     : value_display(fd, v, w->lang);
		int group = fd->type == FT_GROUP && json_is_array(v);
		emit(w, &(describe_line){.kind = DESCRIBE_FIELD, .hint = value_hint(fd, v), .level = 1,
					 .label = label_get(&fd->label, w->lang), .value = s, .group = group});
		free(s);
		if (group)
			items(w, fd, v);
	}
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)values, k, v) if (!f || !form_field(f, k))
	{
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		emit(w, &(describe_line){.kind = DESCRIBE_FIELD, .level = 1, .label = k, .value = s});
		free(s);
	}
}

static void conflicts(const walk *w)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(w->state, "conflicts"), i, c)
	{
		const char *name = member(c, "field");
		const field *fd = w->f ? form_field(w->f, name) : NULL;
		emit(w, &(describe_line){.kind = DESCRIBE_CONFLICT, .hint = DESCRIBE_CONFLICTED,
					 .label = fd ? label_get(&fd->label, w->lang) : name});
		size_t vi;
		json_t *cv;
		json_array_foreach(json_object_get(c, "values"), vi, cv)
		{
			char *s = value_display(fd, json_object_get(cv, "value"), w->lang);
			emit(w, &(describe_line){.kind = DESCRIBE_CLAIM, .hint = DESCRIBE_CONFLICTED, .level = 1,
						 .value = s, .author = member(cv, "author"),
						 .device = member(cv, "device"), .event = member(cv, "event")});
			free(s);
		}
	}
}

/* Every event in order, each with the fields it set. */
static int history(const walk *w)
{
	json_t **ev = NULL;
	size_t n = 0;
	if (store_record_events(w->a->db, member(w->state, "id"), &ev, &n) < 0)
		return -1;
	if (n)
		emit(w, &(describe_line){.kind = DESCRIBE_HEADING, .hint = DESCRIBE_STRONG,
					 .label = str_eq(w->lang, "en") ? "History" : "历史"});
	for (size_t i = 0; i < n; i++) {
		emit(w, &(describe_line){.kind = DESCRIBE_EVENT, .hint = DESCRIBE_QUIET, .level = 1,
					 .value = event_str(ev[i], "op"), .when = event_str(ev[i], "wall"),
					 .author = event_str(ev[i], "author"), .device = event_str(ev[i], "device"),
					 .event = event_str(ev[i], "id"), .note = event_str(ev[i], "note"),
					 .skew_ms = json_integer_value(json_object_get(ev[i], "clock_skew_ms"))});
		const char *k;
		json_t *v;
		json_object_foreach(json_object_get(ev[i], "fields"), k, v)
		{
			const field *fd = w->f ? form_field(w->f, k) : NULL;
			char *s = json_is_null(v) ? xstrdup("—") : value_display(fd, v, w->lang);
			emit(w, &(describe_line){.kind = DESCRIBE_CHANGE, .level = 2,
						 .label = fd ? label_get(&fd->label, w->lang) : k, .value = s});
			free(s);
		}
	}
	store_free_events(ev, n);
	return 0;
}

int describe_record(app *a, const json_t *state, const describe_opts *o, describe_fn fn, void *payload)
{
	walk w = {.a = a, .f = app_form_of(a, state), .state = state, .lang = o->lang, .fn = fn, .payload = payload};
	char today[16];
	if (o->parts & DESCRIBE_PARTICULARS) {
		if (!o->today)
			app_today(a, today);
		particulars(&w, o->today ? o->today : today);
	}
	if (o->parts & DESCRIBE_FIELDS) {
		fields(&w);
		conflicts(&w);
	}
	return o->parts & DESCRIBE_HISTORY ? history(&w) : 0;
}
