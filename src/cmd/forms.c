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

typedef struct {
	const char *format; /* list */
	char **files;       /* check: the files, NULL after the last */
} forms_args;

static int check(char **files)
{
	int bad = 0;
	for (char **file = files; *file; file++) {
		const char *path = *file;
		char *text;
		size_t len;
		form *f = NULL;
		if (read_file(path, 1 << 20, &text, &len) == 0) {
			f = form_parse(path, text, len);
			free(text);
		}
		if (!f) {
			fprintf(stderr, "%s\n", err_msg());
			bad = 1;
			continue;
		}
		printf("%s: %s version %d, %zu fields: ok\n", path, f->kind, f->version, f->n_fields);
		form_free(f);
	}
	return bad;
}

static int list(const char *format)
{
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

static int forms_parse(void *args, int argc, char **argv)
{
	forms_args *x = args;
	const cmd_option none[] = {OPT_END()};
	int rc = cmd_options("forms", help, none, &argc, argv, OPT_KEEP_UNKNOWN | OPT_STOP_AT_ARG);
	if (rc != CMD_RUN)
		return rc;
	if (argc < 2)
		return usage_error("forms", "list or check?");
	if (str_eq(argv[1], "check")) {
		if (argc < 3)
			return usage_error("forms", "check needs at least one FILE");
		x->files = argv + 2;
		return CMD_RUN;
	}
	if (!str_eq(argv[1], "list"))
		return usage_error("forms", "unknown sub-command '%s'", argv[1]);
	x->format = "table";
	const cmd_option opts[] = {
		OPT_STRING("format", 0, &x->format, "table|json", "table (default) or json"),
		OPT_END(),
	};
	argc--, argv++;
	if ((rc = cmd_options("forms", help, opts, &argc, argv, 0)) != CMD_RUN)
		return rc;
	if (argc > 1)
		return usage_error("forms", "unexpected '%s'", argv[1]);
	if (!str_eq(x->format, "table") && !str_eq(x->format, "json"))
		return usage_error("forms", "--format is table or json");
	return CMD_RUN;
}

static int forms_run(app *a, void *args)
{
	forms_args *x = args;
	(void)a;
	return x->files ? check(x->files) : list(x->format);
}

const command_ops cmd_forms = {sizeof(forms_args), forms_parse, forms_run, NULL};
