/* show and history: one record, as text or JSON, and its events. */
#include "cmd.h"
#include "describe.h"
#include "text.h"
#include "util.h"

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

/* show's text: the record's lines, indented by their depth. Values came
 * from outside: an escape sequence or a BEL in one is shown, not run. */
static void show_line(const describe_line *line, void *payload)
{
	describe_line safe = *line, *d = &safe;
	char *value = line->value ? text_escape(line->value, 1) : NULL;
	char *name = line->label ? text_escape(line->label, 0) : NULL;
	safe.value = value, safe.label = name;
	int en = str_eq(payload, "en"), indent = 2 * d->level;
	switch (d->kind) {
	case DESCRIBE_TITLE:
		printf("%s  %s\n", d->label, d->value);
		break;
	case DESCRIBE_PARTICULAR:
		printf("%s: %s\n", d->label, d->value);
		break;
	case DESCRIBE_HEADING:
		printf("\n[%s]\n", d->label);
		break;
	case DESCRIBE_FIELD:
	case DESCRIBE_MEMBER:
		printf("%*s%s: %s\n", indent, "", d->label, d->group ? "" : d->value);
		break;
	case DESCRIBE_ITEM:
		printf("%*s[%zu]\n", indent, "", d->item);
		break;
	case DESCRIBE_CONFLICT:
		printf("\n%s %s:\n", en ? "CONFLICT in" : "冲突：", d->label);
		break;
	case DESCRIBE_CLAIM:
		printf("%*s%s  (%s, %s %.12s)\n", indent, "", d->value, d->author, d->device, d->event);
		break;
	default:
		break;
	}
	free(value), free(name);
}

static void print_text(app *a, const json_t *state, const char *lang)
{
	describe_opts o = {.lang = lang, .parts = DESCRIBE_PARTICULARS | DESCRIBE_FIELDS};
	describe_record(a, state, &o, show_line, (void *)lang);
}

/* history's text: each event with its clock warning and note, then the
 * fields it set, cut to 60 columns. */
static void history_line(const describe_line *d, void *payload)
{
	size_t *events = payload;
	if (d->kind == DESCRIBE_EVENT) {
		++*events;
		printf("%s  %-8s %s @ %s  %.12s", d->when, d->value, d->author, d->device, d->event);
		/* Written on a laptop whose clock was wrong: its wall time is not to be trusted. */
		if (d->skew_ms > 0)
			printf("  ⚠ (clock %lld min off)", d->skew_ms / 60000);
		putchar('\n');
		if (d->note) {
			char *note = text_escape(d->note, 1);
			printf("    %s\n", note);
			free(note);
		}
	} else if (d->kind == DESCRIBE_CHANGE) {
		char *safe = text_escape(d->value, 0), *cut = text_fit(safe, 60, 0);
		printf("    %s = %s\n", d->label, cut);
		free(cut), free(safe);
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
	char *id = resolve_or_fail(a, NULL, ref);
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
	char *id = resolve_or_fail(a, NULL, ref);
	json_t *evs = id ? events_json(a, id) : NULL;
	json_t *state = id ? store_get_record(a->db, id) : NULL;
	const char *l = output_lang(lang);
	int rc = id && evs ? 0 : 1;
	if (str_eq(format, "json") && evs) {
		char *s = json_dumps(evs, JSON_INDENT(2) | JSON_SORT_KEYS);
		puts(s);
		free(s);
	} else if (evs && state) {
		size_t events = 0;
		describe_opts o = {.lang = l, .parts = DESCRIBE_HISTORY};
		if (describe_record(a, state, &o, history_line, &events) < 0)
			rc = fail("%s", err_msg());
		else if (!events)
			printf("%s\n", str_eq(l, "en") ? "no events: this is a draft" : "无事件：此为草稿");
	} else if (id) {
		rc = 1;
		fail("%s", err_msg());
	}
	json_decref(evs), json_decref(state);
	free(id);
	return rc;
}

const command_ops cmd_history = {sizeof(show_args), history_parse, history_run, NULL};
