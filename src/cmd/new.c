/* new: starts a record, as a draft or submitted at once. */
#include "cmd.h"
#include "followup.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
	"Usage: dustwatch new KIND [FIELD=VALUE | --set FIELD=VALUE]... [--json FILE|-]\n"
	"                     [--site SITE] [--from RECORD] [--submit] [--format id|json]\n\n"
	"Starts a record of KIND (site, inspection, notice, complaint, agreement,\n"
	"survey, machinery, inspector, device). Without --submit it is a draft,\n"
	"saved field by field; with --submit it is validated and created at once,\n"
	"or refused with one message per problem and nothing left behind.\n"
	"Values are written as dustwatch-forms(5) says for each type; --json reads\n"
	"the fields as one JSON object (- for standard input). --site fills a\n"
	"field whose default is the site. Prints the new record's id.\n\n"
	"--from starts the record from the one it follows, the fields given then\n"
	"changing what it filled in: a notice from an inspection (the site, its\n"
	"parties, one problem per non-compliant item with its note and photos, the\n"
	"inspection linked); a stop-work notice from an overdue notice (escalation,\n"
	"linked both ways); a reinspection from a notice (one verdict to give per\n"
	"problem still open; submitted, it rectifies the notice when every problem\n"
	"is rectified).\n";

json_t *read_fields(app *a, const form *f, char **assign, size_t n, const char *json_path)
{
	json_t *problems = json_array();
	json_t *fields = rec_parse_assignments(a, f, assign, n, problems);
	if (json_path) {
		char *text;
		size_t len;
		json_error_t je;
		if (read_file(json_path, 4 << 20, &text, &len) < 0) {
			fail("%s", err_msg());
			goto bad;
		}
		const char *src = str_eq(json_path, "-") ? "standard input" : json_path;
		if (!utf8_valid(text, len)) {
			free(text);
			fail("%s: not UTF-8 text", src);
			goto bad;
		}
		json_t *given = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
		free(text);
		if (!given) {
			fail("%s:%d:%d: not JSON: %s", src, je.line, je.column, je.text);
			goto bad;
		}
		if (!json_is_object(given)) {
			fail("%s: expected a JSON object of fields", src);
			json_decref(given);
			goto bad;
		}
		json_t *more = rec_parse_json(a, f, given, problems);
		json_object_update(fields, more);
		json_decref(more);
		json_decref(given);
	}
	if (json_array_size(problems)) {
		print_problems(problems);
		fail("nothing changed: %zu problem%s", json_array_size(problems), json_array_size(problems) > 1 ? "s" : "");
		goto bad;
	}
	json_decref(problems);
	return fields;
bad:
	json_decref(problems);
	json_decref(fields);
	return NULL;
}

int field_words_set(const cmd_option *o, const char *arg, void *payload)
{
	field_words *w = payload;
	(void)o;
	w->assign[w->n++] = (char *)arg; /* a value without = is a problem that names it */
	return 0;
}

int field_words_word(const cmd_option *o, const char *arg, void *payload)
{
	field_words *w = payload;
	(void)o;
	if (str_eq(arg, "-"))
		w->json_path = "-";
	else if (arg[0] != '-' && !w->first && !strchr(arg, '='))
		w->first = arg;
	else if (arg[0] != '-' && strchr(arg, '='))
		w->assign[w->n++] = (char *)arg;
	else
		return err_set("unexpected '%s'", arg);
	return 0;
}

void field_words_free(void *args)
{
	field_words *w = args;
	free(w->assign);
}

typedef struct {
	field_words w; /* first: the kind; first in the struct for field_words_free */
	const char *site, *format, *from;
	int submit;
} new_args;

static int new_parse(void *args, int argc, char **argv)
{
	new_args *x = args;
	x->format = "id";
	x->w.assign = xcalloc((size_t)argc, sizeof *x->w.assign);
	const cmd_option opts[] = {
		OPT_CALLBACK("set", 0, field_words_set, &x->w, "FIELD=VALUE", "one field, as a FIELD=VALUE word sets it"),
		OPT_STRING("json", 0, &x->w.json_path, "FILE|-", "the fields as one JSON object"),
		OPT_STRING("site", 0, &x->site, "SITE", "the site for a field whose default is the site"),
		OPT_STRING("from", 0, &x->from, "RECORD", "start it from the record it follows"),
		OPT_FLAG("submit", 0, &x->submit, "validate and submit at once"),
		OPT_STRING("format", 0, &x->format, "id|json", "print the new id (default) or the record as JSON"),
		OPT_ARGS(field_words_word, &x->w),
		OPT_END(),
	};
	int rc = cmd_options("new", help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if (!x->w.first)
		return usage_error("new", "which kind of record?");
	if (!str_eq(x->format, "id") && !str_eq(x->format, "json"))
		return usage_error("new", "--format is id or json");
	return CMD_RUN;
}

static int new_run(app *a, void *args)
{
	new_args *x = args;
	const char *kind = x->w.first;
	int rc = 1;
	const form *f = formset_get(a->forms, kind);
	if (!f) {
		fail("unknown kind '%s' (dustwatch forms list shows the kinds)", kind);
		goto out;
	}
	if (x->site) {
		char *sid = resolve_or_fail(a, "site", x->site);
		if (!sid)
			goto out;
		a->site_hint = sid;
	}
	json_t *fields = read_fields(a, f, x->w.assign, x->w.n, x->w.json_path);
	if (!fields)
		goto out;
	if (x->from) {
		char *from = resolve_or_fail(a, NULL, x->from);
		json_t *pre = NULL;
		if (!from || followup_prefill(a, kind, from, &pre) < 0) {
			if (from)
				fail("%s", err_msg());
			free(from);
			json_decref(fields);
			goto out;
		}
		free(from);
		json_object_update(pre, fields);
		json_decref(fields);
		fields = pre;
		if (!a->site_hint && json_string_value(json_object_get(fields, "site")))
			a->site_hint = xstrdup(json_string_value(json_object_get(fields, "site")));
	}
	json_t *problems = json_array();
	char *id = NULL;
	if (rec_new(a, kind, fields, x->submit, problems, &id) < 0) {
		print_problems(problems);
		fail("%s%s", err_msg(), x->submit ? ": nothing was saved" : "");
	} else if (str_eq(x->format, "json")) {
		json_t *st = store_get_record(a->db, id);
		json_t *o = record_json(a, st);
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
		puts(s);
		free(s), json_decref(o), json_decref(st);
		rc = 0;
	} else {
		char *num = x->submit ? rec_number(a, id) : NULL; /* a submitted record: its number, if its kind has one */
		puts(num ? num : id);
		free(num);
		rc = 0;
	}
	free(id);
	json_decref(problems);
	json_decref(fields);
out:
	return rc;
}

const command_ops cmd_new = {sizeof(new_args), new_parse, new_run, field_words_free};
