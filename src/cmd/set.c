/* set and submit: fill in a draft, edit a record, submit. */
#include "cmd.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char set_help[] =
	"Usage: dustwatch set ID FIELD=VALUE... [--json FILE|-]\n\n"
	"Sets fields of a draft (each saved as soon as it is read) or of a\n"
	"submitted record (one signed update event, after checking the whole record\n"
	"as it would become). FIELD= with no value clears the field. Closed and void\n"
	"records cannot change. ID is the record's id, a unique prefix of it (6+\n"
	"characters) or its number.\n";

static const char submit_help[] =
	"Usage: dustwatch submit ID\n\n"
	"Validates a draft against its form and submits it: the record gets its\n"
	"number and its first signed event. Refused with one message per problem,\n"
	"the draft unchanged. A returned record is resubmitted the same way.\n";

typedef struct {
	field_words w; /* first: the id */
} set_args;

static int set_parse(void *args, int argc, char **argv)
{
	set_args *x = args;
	x->w.assign = xcalloc((size_t)argc, sizeof *x->w.assign);
	const cmd_option opts[] = {
		OPT_STRING("json", 0, &x->w.json_path, "FILE|-", "the fields as one JSON object"),
		OPT_CALLBACK("set", 0, field_words_set, &x->w, "FIELD=VALUE", "one field, as a FIELD=VALUE word sets it"),
		OPT_ARGS(field_words_word, &x->w),
		OPT_END(),
	};
	int rc = cmd_options("set", set_help, opts, &argc, argv, 0);
	if (rc == CMD_RUN && (!x->w.first || (!x->w.n && !x->w.json_path)))
		return usage_error("set", "needs an ID and at least one FIELD=VALUE");
	return rc;
}

static int set_run(app *a, void *args)
{
	set_args *x = args;
	int rc = 1;
	char *id = NULL;
	if (!(id = resolve_or_fail(a, NULL, x->w.first)))
		goto out;
	json_t *st = store_get_record(a->db, id);
	const form *f = st ? app_form_of(a, st) : NULL;
	json_decref(st);
	if (!f) {
		fail("%s", err_msg());
		goto out;
	}
	json_t *fields = read_fields(a, f, x->w.assign, x->w.n, x->w.json_path);
	if (!fields)
		goto out;
	json_t *problems = json_array();
	if (rec_set(a, id, fields, problems) < 0) {
		print_problems(problems);
		fail("%s: nothing changed", err_msg());
	} else {
		rc = 0;
	}
	json_decref(problems);
	json_decref(fields);
out:
	free(id);
	return rc;
}

const command_ops cmd_set = {sizeof(set_args), set_parse, set_run, field_words_free};

typedef struct {
	const char *ref;
} submit_args;

static int submit_parse(void *args, int argc, char **argv)
{
	submit_args *x = args;
	const cmd_option none[] = {OPT_END()};
	int rc = cmd_options("submit", submit_help, none, &argc, argv, OPT_KEEP_UNKNOWN);
	if (rc != CMD_RUN)
		return rc;
	if (argc != 2 || argv[1][0] == '-')
		return usage_error("submit", "needs exactly one ID");
	x->ref = argv[1];
	return CMD_RUN;
}

static int submit_run(app *a, void *args)
{
	submit_args *x = args;
	int rc = 1;
	char *id = NULL;
	if ((id = resolve_or_fail(a, NULL, x->ref))) {
		json_t *problems = json_array();
		if (rec_submit(a, id, problems) < 0) {
			print_problems(problems);
			fail("%s", err_msg());
		} else {
			json_t *st = store_get_record(a->db, id);
			const char *num = json_string_value(json_object_get(st, "number"));
			printf("%s%s%s\n", id, num && *num ? " " : "", num ? num : "");
			json_decref(st);
			rc = 0;
		}
		json_decref(problems);
	}
	free(id);
	return rc;
}

const command_ops cmd_submit = {sizeof(submit_args), submit_parse, submit_run, NULL};
