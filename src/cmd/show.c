/* show and history: one record, as text or JSON, and its events. */
#include "cmd.h"
#include "record.h"
#include "text.h"
#include "util.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

static const char show_usage[] =
	"Usage: dustwatch show ID [--format text|json] [--lang zh|en]\n\n"
	"Shows a record: its number, status, every field by section with its label,\n"
	"and any conflicts. json prints the record object of `list --format json`\n"
	"with its events.\n";

static const char history_help[] =
	"Usage: dustwatch history ID [--format text|json] [--lang zh|en]\n\n"
	"Shows a record's events in order: when, what, who, on which device, and\n"
	"the fields each one set.\n";

static void print_value(const field *fd, const json_t *v, const char *lang, const char *indent)
{
	if (fd && fd->type == FT_GROUP && json_is_array(v)) {
		size_t i;
		json_t *item;
		printf("\n");
		json_array_foreach(v, i, item)
		{
			printf("%s  [%zu]\n", indent, i + 1);
			for (size_t k = 0; k < fd->n_members; k++) {
				const field *m = &fd->members[k];
				json_t *mv = json_object_get(item, m->name);
				if (!mv)
					continue;
				char *s = value_display(m, mv, lang);
				printf("%s    %s: %s\n", indent, label_get(&m->label, lang), s);
				free(s);
			}
		}
		return;
	}
	char *s = value_display(fd, v, lang);
	printf("%s\n", s);
	free(s);
}

static void print_text(app *a, const json_t *state, const char *lang)
{
	const char *kind = json_string_value(json_object_get(state, "kind"));
	const form *f = app_form_of(a, state);
	const json_t *fields = json_object_get(state, "fields");
	char today[16];
	app_today(a, today);
	char *title = rec_title(a, state, lang);
	const char *num = json_string_value(json_object_get(state, "number"));
	int en = str_eq(lang, "en");
	printf("%s  %s\n", f ? label_get(&f->title, lang) : kind, title);
	int draft = str_eq(json_string_value(json_object_get(state, "status")), "draft");
	printf("%s: %s\n", en ? "Number" : "编号",
	       num && *num ? num : draft ? (en ? "(draft)" : "（草稿）") : "—");
	printf("%s: %s\n", en ? "Status" : "状态", text_status(rec_display_status(f, state, today), lang));
	printf("%s: %s\n", en ? "Id" : "标识", json_string_value(json_object_get(state, "id")));
	printf("%s: %s, %s %s %s, %s %s\n", en ? "Created" : "创建", json_string_value(json_object_get(state, "created")),
	       json_string_value(json_object_get(state, "author")), en ? "on" : "于设备",
	       json_string_value(json_object_get(state, "device")), en ? "updated" : "更新",
	       json_string_value(json_object_get(state, "updated")));
	if (json_object_get(state, "note"))
		printf("%s: %s\n", en ? "Note" : "说明", json_string_value(json_object_get(state, "note")));
	free(title);
	const char *cur_sec = NULL;
	for (size_t i = 0; f && i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		json_t *v = json_object_get(fields, fd->name);
		if (!v)
			continue;
		if (fd->section && !str_eq(fd->section, cur_sec)) {
			cur_sec = fd->section;
			for (size_t k = 0; k < f->n_sections; k++)
				if (str_eq(f->sections[k].name, cur_sec))
					printf("\n[%s]\n", label_get(&f->sections[k].label, lang));
		}
		printf("  %s: ", label_get(&fd->label, lang));
		if (fd->type == FT_REF) {
			json_t *rs = store_get_record(a->db, json_string_value(v));
			char *t = rs ? rec_title(a, rs, lang) : xstrdup(json_string_value(v));
			printf("%s\n", t);
			free(t);
			json_decref(rs);
		} else {
			print_value(fd, v, lang, "  ");
		}
	}
	/* Fields of an older form version that the current form no longer has. */
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)fields, k, v) if (!f || !form_field(f, k))
	{
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		printf("  %s: %s\n", k, s);
		free(s);
	}
	size_t ci;
	json_t *c;
	json_array_foreach(json_object_get(state, "conflicts"), ci, c)
	{
		const char *fname = json_string_value(json_object_get(c, "field"));
		const field *fd = f ? form_field(f, fname) : NULL;
		printf("\n%s %s:\n", en ? "CONFLICT in" : "冲突：", fd ? label_get(&fd->label, lang) : fname);
		size_t vi;
		json_t *cv;
		json_array_foreach(json_object_get(c, "values"), vi, cv)
		{
			char *s = value_display(fd, json_object_get(cv, "value"), lang);
			printf("  %s  (%s, %s %.12s)\n", s, json_string_value(json_object_get(cv, "author")),
			       json_string_value(json_object_get(cv, "device")),
			       json_string_value(json_object_get(cv, "event")));
			free(s);
		}
	}
}

static json_t *events_json(app *a, const char *id)
{
	json_t **ev;
	size_t n;
	if (store_record_events(a->db, id, &ev, &n) < 0)
		return NULL;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(arr, ev[i]);
	store_free_events(ev, n);
	return arr;
}

typedef struct {
	const char *ref, *format, *lang;
} show_args;

/* show and history read the same: ID, --format, --lang. */
static int parse(void *args, int argc, char **argv, const char *cmd, const char *help)
{
	show_args *x = args;
	x->format = "text";
	const cmd_option opts[] = {
		OPT_STRING("format", 0, &x->format, "text|json", "text (default) or json"),
		OPT_STRING("lang", 0, &x->lang, "zh|en", "the language (default: the locale's)"),
		OPT_END(),
	};
	int rc = cmd_options(cmd, help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if ((rc = cmd_args(cmd, argc, argv, (const char **[]){&x->ref}, 1)) != CMD_RUN)
		return rc;
	if (!x->ref)
		return usage_error(cmd, "needs an ID");
	if (!str_eq(x->format, "text") && !str_eq(x->format, "json"))
		return usage_error(cmd, "--format is text or json");
	return CMD_RUN;
}

static int show_parse(void *args, int argc, char **argv)
{
	return parse(args, argc, argv, "show", show_usage);
}

static int show_run(app *a, void *args)
{
	show_args *x = args;
	const char *ref = x->ref, *format = x->format, *lang = x->lang;
	char *id = resolve_or_fail(a, ref);
	json_t *state = id ? store_get_record(a->db, id) : NULL;
	int rc = 1;
	if (id && !state)
		fail("%s", err_msg());
	if (state && str_eq(format, "json")) {
		json_t *o = record_json(a, state);
		json_object_set_new(o, "events", events_json(a, id));
		json_object_set(o, "conflict_details", json_object_get(state, "conflicts"));
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
		puts(s);
		free(s);
		json_decref(o);
		rc = 0;
	} else if (state) {
		print_text(a, state, output_lang(lang));
		rc = 0;
	}
	json_decref(state);
	free(id);
	return rc;
}

const command_ops cmd_show = {sizeof(show_args), show_parse, show_run, NULL};

static int history_parse(void *args, int argc, char **argv)
{
	return parse(args, argc, argv, "history", history_help);
}

static int history_run(app *a, void *args)
{
	show_args *x = args;
	const char *ref = x->ref, *format = x->format, *lang = x->lang;
	char *id = resolve_or_fail(a, ref);
	json_t *evs = id ? events_json(a, id) : NULL;
	json_t *state = id ? store_get_record(a->db, id) : NULL;
	const form *f = state ? app_form_of(a, state) : NULL;
	const char *l = output_lang(lang);
	int rc = id && evs ? 0 : 1;
	if (str_eq(format, "json") && evs) {
		char *s = json_dumps(evs, JSON_INDENT(2) | JSON_SORT_KEYS);
		puts(s);
		free(s);
	} else if (evs) {
		size_t i;
		json_t *e;
		if (json_array_size(evs) == 0)
			printf("%s\n", str_eq(l, "en") ? "no events: this is a draft" : "无事件：此为草稿");
		json_array_foreach(evs, i, e)
		{
			printf("%s  %-8s %s @ %s  %.12s", json_string_value(json_object_get(e, "wall")),
			       json_string_value(json_object_get(e, "op")), json_string_value(json_object_get(e, "author")),
			       json_string_value(json_object_get(e, "device")), json_string_value(json_object_get(e, "id")));
			/* Written on a laptop whose clock was wrong: its wall time is not to be trusted. */
			json_int_t skew = json_integer_value(json_object_get(e, "clock_skew_ms"));
			if (skew > 0)
				printf("  ⚠ (clock %lld min off)", (long long)(skew / 60000));
			putchar('\n');
			if (json_object_get(e, "note"))
				printf("    %s\n", json_string_value(json_object_get(e, "note")));
			const char *k;
			json_t *v;
			json_object_foreach(json_object_get(e, "fields"), k, v)
			{
				const field *fd = f ? form_field(f, k) : NULL;
				char *s = json_is_null(v) ? xstrdup("—") : value_display(fd, v, l);
				char *cut = text_fit(s, 60, 0);
				printf("    %s = %s\n", fd ? label_get(&fd->label, l) : k, cut);
				free(s), free(cut);
			}
		}
	} else if (id) {
		fail("%s", err_msg());
	}
	json_decref(evs), json_decref(state);
	free(id);
	return rc;
}

const command_ops cmd_history = {sizeof(show_args), history_parse, history_run, NULL};
