/* forms: lists the forms in force, shows one kind's fields, or checks
 * form files. */
#include "cmd.h"
#include "json_canonical.h"
#include "form.h"
#include "form_publish.h"
#include "formset.h"
#include "util.h"

#include <stdlib.h>
#include <unistd.h>

static const char help[] =
	"Usage: dustwatch forms list [--format table|json]\n"
	"       dustwatch forms show KIND [--format table|json]\n"
	"       dustwatch forms check FILE...\n"
	"       dustwatch forms publish FILE\n\n"
	"list: the kinds and versions in force (shipped, the station's own in\n"
	"$DUSTWATCH_HOME/forms/, or published by the station's admin). show: a\n"
	"kind's fields in force, each with its type, labels, options (code and both\n"
	"labels) and rules (required, range, length, pattern, when relevant,\n"
	"default). check: parses each file and reports every problem as\n"
	"FILE:LINE: message; exits 1 if any file has one.\n"
	"publish (an admin's device): the form, of a higher version than the one in\n"
	"force, goes to every machine with sync and is in force there.\n"
	"See dustwatch-forms(5).\n";

typedef struct {
	const char *format; /* list, show */
	const char *kind;   /* show */
	char **files;       /* check: the files, NULL after the last */
	const char *publish; /* publish: the file */
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

static int list(const formset *fs, const char *format)
{
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
	return 0;
}

static const char *const rel_ops[] = {[REL_EQ] = "=", [REL_NE] = "!=", [REL_SET] = "set", [REL_IN] = "in"};

/* A field's rules as an object: only those it has. */
static json_t *field_rules(const field *fd)
{
	json_t *r = json_object();
	if (fd->required)
		json_object_set_new(r, "required", json_true());
	if (fd->significant)
		json_object_set_new(r, "significant", json_true());
	if (fd->has_range && fd->range_lo)
		json_object_set_new(r, "range", json_pack("{ssss}", "from", fd->range_lo, "to", fd->range_hi));
	else if (fd->has_range)
		json_object_set_new(r, "range", json_pack("{sfsf}", "min", fd->min, "max", fd->max));
	if (fd->has_length)
		json_object_set_new(r, "length", json_pack("{sIsI}", "min", (json_int_t)fd->minlen, "max", (json_int_t)fd->maxlen));
	if (fd->pattern)
		json_object_set_new(r, "pattern", json_string(fd->pattern));
	if (fd->rel != REL_NONE)
		json_object_set_new(r, "relevant", json_pack("{ssssss*}", "field", fd->rel_field, "op", rel_ops[fd->rel],
							      "value", fd->rel_value));
	if (fd->def)
		json_object_set_new(r, "default", json_string(fd->def));
	if (fd->type == FT_GROUP && (fd->min_items || fd->max_items))
		json_object_set_new(r, "items", json_pack("{sIsI}", "min", (json_int_t)fd->min_items, "max",
							  (json_int_t)fd->max_items));
	return r;
}

static json_t *field_json(const field *fd)
{
	json_t *o = json_pack("{sssss{ssss}}", "name", fd->name, "type", field_type_name(fd->type), "label", "zh",
			      fd->label.zh ? fd->label.zh : "", "en", fd->label.en ? fd->label.en : "");
	if (fd->section)
		json_object_set_new(o, "section", json_string(fd->section));
	if (fd->ref_kind)
		json_object_set_new(o, "ref", json_string(fd->ref_kind));
	if (fd->unit)
		json_object_set_new(o, "unit", json_string(fd->unit));
	if (fd->type == FT_COMPLIANCE && fd->score)
		json_object_set_new(o, "score", json_integer(fd->score));
	if (fd->n_options) {
		json_t *opts = json_array();
		for (size_t i = 0; i < fd->n_options; i++) {
			const option *op = &fd->options[i];
			json_t *x = json_pack("{ssssss}", "code", op->code, "zh", op->text.zh ? op->text.zh : "", "en",
					      op->text.en ? op->text.en : "");
			if (op->score)
				json_object_set_new(x, "score", json_integer(op->score));
			json_array_append_new(opts, x);
		}
		json_object_set_new(o, "options", opts);
	}
	json_object_set_new(o, "rules", field_rules(fd));
	if (fd->n_members) {
		json_t *m = json_array();
		for (size_t i = 0; i < fd->n_members; i++)
			json_array_append_new(m, field_json(&fd->members[i]));
		json_object_set_new(o, "members", m);
	}
	return o;
}

/* One field as table lines: name, type, rules, labels; its options under
 * it; a group's members indented. */
static void field_lines(const json_t *fd, int indent)
{
	const json_t *rules = json_object_get(fd, "rules"), *v;
	const char *k;
	strbuf b;
	sb_init(&b);
	json_object_foreach((json_t *)rules, k, v)
	{
		sb_puts(&b, b.len ? " " : "");
		if (json_is_true(v)) {
			sb_puts(&b, k);
		} else {
			char *t = json_canonical_dumps(v);
			sb_printf(&b, "%s=%s", k, t);
			free(t);
		}
	}
	const json_t *lab = json_object_get(fd, "label");
	const char *ref = json_string_value(json_object_get(fd, "ref"));
	printf("%*s%-20s %-10s%s%s %s | %s%s%s\n", indent, "", json_string_value(json_object_get(fd, "name")),
	       json_string_value(json_object_get(fd, "type")), ref ? " " : "", ref ? ref : "",
	       json_string_value(json_object_get(lab, "zh")), json_string_value(json_object_get(lab, "en")),
	       b.len ? "  " : "", b.len ? b.s : "");
	sb_free(&b);
	size_t i;
	json_array_foreach(json_object_get(fd, "options"), i, v)
		printf("%*s  - %-18s %s | %s\n", indent, "", json_string_value(json_object_get(v, "code")),
		       json_string_value(json_object_get(v, "zh")), json_string_value(json_object_get(v, "en")));
	json_array_foreach(json_object_get(fd, "members"), i, v)
		field_lines(v, indent + 4);
}

static int show(const formset *fs, const char *kind, const char *format)
{
	const form *f = formset_get(fs, kind);
	if (!f) {
		return fail("unknown kind '%s' (dustwatch forms list shows the kinds)", kind);
	}
	json_t *fields = json_array();
	for (size_t i = 0; i < f->n_fields; i++)
		json_array_append_new(fields, field_json(&f->fields[i]));
	if (str_eq(format, "json")) {
		json_t *o = json_pack("{sssis{ssss}sssO}", "kind", f->kind, "version", f->version, "title", "zh", f->title.zh,
				      "en", f->title.en, "lifecycle", lifecycle_name(f->life), "fields", fields);
		char *s = json_dumps(o, JSON_INDENT(2));
		puts(s);
		free(s), json_decref(o);
	} else {
		printf("%s v%d  %s | %s  (%s)\n", f->kind, f->version, f->title.zh, f->title.en, lifecycle_name(f->life));
		size_t i;
		json_t *fd;
		json_array_foreach(fields, i, fd)
			field_lines(fd, 0);
	}
	json_decref(fields);
	return 0;
}

static int publish(const char *path)
{
	app a;
	char *kind = NULL;
	int version = 0;
	if (open_app(&a) < 0)
		return 1;
	int rc = form_publish(&a, path, &kind, &version);
	if (rc < 0)
		fail("%s", err_msg());
	else
		printf("published %s version %d: it reaches every machine with sync\n", kind, version);
	free(kind);
	app_close(&a);
	return rc < 0 ? 1 : 0;
}

static int forms_parse(void *args, int argc, char **argv)
{
	forms_args *x = args;
	const cmd_option none[] = {OPT_END()};
	int rc = cmd_options("forms", help, none, &argc, argv, OPT_KEEP_UNKNOWN | OPT_STOP_AT_ARG);
	if (rc != CMD_RUN)
		return rc;
	if (argc < 2)
		return usage_error("forms", "list, show, check or publish?");
	if (str_eq(argv[1], "check")) {
		if (argc < 3)
			return usage_error("forms", "check needs at least one FILE");
		x->files = argv + 2;
		return CMD_RUN;
	}
	if (str_eq(argv[1], "publish")) {
		if (argc != 3)
			return usage_error("forms", "publish takes one FILE");
		x->publish = argv[2];
		return CMD_RUN;
	}
	int showing = str_eq(argv[1], "show");
	if (!str_eq(argv[1], "list") && !showing)
		return usage_error("forms", "unknown sub-command '%s'", argv[1]);
	x->format = "table";
	const cmd_option opts[] = {
		OPT_STRING("format", 0, &x->format, "table|json", "table (default) or json"),
		OPT_END(),
	};
	argc--, argv++;
	if ((rc = cmd_options("forms", help, opts, &argc, argv, 0)) != CMD_RUN)
		return rc;
	if (showing && (rc = cmd_args("forms", argc, argv, (const char **[]){&x->kind}, 1)) != CMD_RUN)
		return rc;
	if (showing && !x->kind)
		return usage_error("forms", "show needs a KIND (dustwatch forms list shows them)");
	if (!showing && argc > 1)
		return usage_error("forms", "unexpected '%s'", argv[1]);
	if (!str_eq(x->format, "table") && !str_eq(x->format, "json"))
		return usage_error("forms", "--format is table or json");
	return CMD_RUN;
}

/* list and show: the forms in force in the data directory (the station's
 * published ones too) when there is one, else the shipped ones. */
static int forms_run(app *unused, void *args)
{
	forms_args *x = args;
	(void)unused;
	if (x->files)
		return check(x->files);
	if (x->publish)
		return publish(x->publish);
	char *home = app_home(), *db = xasprintf("%s/dustwatch.db", home);
	app a;
	formset *loose = NULL;
	const formset *fs = NULL;
	int opened = 0, rc;
	if (access(db, F_OK) == 0) {
		if (open_app(&a) < 0)
			goto out;
		opened = 1;
		fs = a.forms;
	} else if (formset_load(&loose, home) == 0) {
		fs = loose;
	} else {
		fail("%s", err_msg());
	}
out:
	rc = !fs ? 1 : x->kind ? show(fs, x->kind, x->format) : list(fs, x->format);
	if (opened)
		app_close(&a);
	formset_free(loose);
	free(home), free(db);
	return rc;
}

const command_ops cmd_forms = {sizeof(forms_args), forms_parse, forms_run, NULL};
