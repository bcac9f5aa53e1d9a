/* new: starts a record, as a draft or submitted at once. */
#include "cmd.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
	"Usage: dustwatch new KIND [FIELD=VALUE | --set FIELD=VALUE]... [--json FILE|-]\n"
	"                     [--site SITE] [--submit] [--format id|json]\n\n"
	"Starts a record of KIND (site, inspection, notice, complaint, agreement,\n"
	"survey, machinery, inspector, device). Without --submit it is a draft,\n"
	"saved field by field; with --submit it is validated and created at once,\n"
	"or refused with one message per problem and nothing left behind.\n"
	"Values are written as dustwatch-forms(5) says for each type; --json reads\n"
	"the fields as one JSON object (- for standard input). --site fills a\n"
	"field whose default is the site. Prints the new record's id.\n";

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

int cmd_new(int argc, char **argv)
{
	const char *kind = NULL, *json_path = NULL, *site = NULL, *format = "id", *v;
	char **assign = xcalloc((size_t)argc, sizeof *assign);
	size_t n = 0;
	int submit = 0, bad = 0, rc = EXIT_USAGE;
	app a = {0};
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			free(assign);
			return show_help(help);
		}
		if (str_eq(argv[i], "--submit"))
			submit = 1;
		else if ((v = opt_value(argc, argv, &i, "--set", &bad)))
			assign[n++] = (char *)v;
		else if ((v = opt_value(argc, argv, &i, "--json", &bad)))
			json_path = v;
		else if ((v = opt_value(argc, argv, &i, "--site", &bad)))
			site = v;
		else if ((v = opt_value(argc, argv, &i, "--format", &bad)))
			format = v;
		else if (str_eq(argv[i], "-"))
			json_path = "-";
		else if (argv[i][0] != '-' && !kind && !strchr(argv[i], '='))
			kind = argv[i];
		else if (argv[i][0] != '-' && strchr(argv[i], '='))
			assign[n++] = argv[i];
		else {
			usage_error("new", "unexpected '%s'", argv[i]);
			goto out;
		}
		if (bad) {
			usage_error("new", "%s needs a value", argv[i]);
			goto out;
		}
	}
	if (!kind) {
		usage_error("new", "which kind of record?");
		goto out;
	}
	if (!str_eq(format, "id") && !str_eq(format, "json")) {
		usage_error("new", "--format is id or json");
		goto out;
	}
	rc = 1;
	if (open_app(&a) < 0)
		goto out;
	const form *f = formset_get(a.forms, kind);
	if (!f) {
		fail("unknown kind '%s' (dustwatch forms list shows the kinds)", kind);
		goto out;
	}
	if (site) {
		char *sid = resolve_or_fail(&a, site);
		if (!sid)
			goto out;
		a.site_hint = sid;
	}
	json_t *fields = read_fields(&a, f, assign, n, json_path);
	if (!fields)
		goto out;
	json_t *problems = json_array();
	char *id = NULL;
	if (rec_new(&a, kind, fields, submit, problems, &id) < 0) {
		print_problems(problems);
		fail("%s%s", err_msg(), submit ? ": nothing was saved" : "");
	} else if (str_eq(format, "json")) {
		json_t *st = store_get_record(a.db, id);
		json_t *o = record_json(&a, st);
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
		puts(s);
		free(s), json_decref(o), json_decref(st);
		rc = 0;
	} else {
		char *num = submit ? rec_number(&a, id) : NULL; /* a submitted record: its number, if its kind has one */
		puts(num ? num : id);
		free(num);
		rc = 0;
	}
	free(id);
	json_decref(problems);
	json_decref(fields);
out:
	app_close(&a);
	free(assign);
	return rc;
}
