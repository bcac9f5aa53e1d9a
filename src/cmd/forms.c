/* forms: lists the forms in force, or checks form files. */
#include "cmd.h"
#include "form.h"
#include "formset.h"
#include "util.h"

#include <stdlib.h>

static const char help[] =
	"Usage: dustwatch forms list [--format table|json]\n"
	"       dustwatch forms check FILE...\n\n"
	"list: the kinds and versions in force (shipped, or the station's own in\n"
	"$DUSTWATCH_HOME/forms/). check: parses each file and reports every problem\n"
	"as FILE:LINE: message; exits 1 if any file has one. See dustwatch-forms(5).\n";

static int check(int argc, char **argv)
{
	int bad = 0;
	if (argc < 3)
		return usage_error("forms", "check needs at least one FILE");
	for (int i = 2; i < argc; i++) {
		char *text;
		size_t len;
		form *f = NULL;
		if (read_file(argv[i], 1 << 20, &text, &len) == 0) {
			f = form_parse(argv[i], text, len);
			free(text);
		}
		if (!f) {
			fprintf(stderr, "%s\n", err_msg());
			bad = 1;
			continue;
		}
		printf("%s: %s version %d, %zu fields: ok\n", argv[i], f->kind, f->version, f->n_fields);
		form_free(f);
	}
	return bad;
}

static int list(int argc, char **argv)
{
	const char *format = "table", *v;
	int bad = 0;
	for (int i = 2; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--format", &bad)))
			format = v;
		else
			return usage_error("forms", "unexpected '%s'", argv[i]);
	}
	if (bad || (!str_eq(format, "table") && !str_eq(format, "json")))
		return usage_error("forms", "--format is table or json");
	char *home = app_home();
	formset *fs;
	int rc = formset_load(&fs, home);
	free(home);
	if (rc < 0)
		return fail("%s", err_msg());
	json_t *arr = json_array();
	for (size_t i = 0; i < formset_count(fs); i++) {
		const form *f = formset_at(fs, i);
		if (str_eq(format, "json"))
			json_array_append_new(arr, json_pack("{sssisssssssi}", "kind", f->kind, "version", f->version,
							     "title_zh", f->title.zh, "title_en", f->title.en, "source",
							     f->path, "fields", (int)f->n_fields));
		else
			printf("%-11s v%-3d %-22s %s\n", f->kind, f->version, f->title.en, f->title.zh);
	}
	if (str_eq(format, "json")) {
		char *s = json_dumps(arr, JSON_INDENT(2));
		puts(s);
		free(s);
	}
	json_decref(arr);
	formset_free(fs);
	return 0;
}

int cmd_forms(int argc, char **argv)
{
	if (argc < 2 || is_help(argv[1]))
		return argc < 2 ? usage_error("forms", "list or check?") : show_help(help);
	if (str_eq(argv[1], "check"))
		return check(argc, argv);
	if (str_eq(argv[1], "list"))
		return list(argc, argv);
	return usage_error("forms", "unknown sub-command '%s'", argv[1]);
}
