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

int cmd_set(int argc, char **argv)
{
	const char *ref = NULL, *json_path = NULL, *v;
	char **assign = xcalloc((size_t)argc, sizeof *assign);
	size_t n = 0;
	int bad = 0, rc = EXIT_USAGE;
	app a = {0};
	char *id = NULL;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			free(assign);
			return show_help(set_help);
		}
		if ((v = opt_value(argc, argv, &i, "--json", &bad)))
			json_path = v;
		else if ((v = opt_value(argc, argv, &i, "--set", &bad)))
			assign[n++] = (char *)v;
		else if (str_eq(argv[i], "-"))
			json_path = "-";
		else if (argv[i][0] != '-' && !ref && !strchr(argv[i], '='))
			ref = argv[i];
		else if (argv[i][0] != '-' && strchr(argv[i], '='))
			assign[n++] = argv[i];
		else {
			usage_error("set", "unexpected '%s'", argv[i]);
			goto out;
		}
		if (bad) {
			usage_error("set", "%s needs a value", argv[i]);
			goto out;
		}
	}
	if (!ref || (!n && !json_path)) {
		usage_error("set", "needs an ID and at least one FIELD=VALUE");
		goto out;
	}
	rc = 1;
	if (open_app(&a) < 0 || !(id = resolve_or_fail(&a, ref)))
		goto out;
	json_t *st = store_get_record(a.db, id);
	const form *f = st ? app_form_of(&a, st) : NULL;
	json_decref(st);
	if (!f) {
		fail("%s", err_msg());
		goto out;
	}
	json_t *fields = read_fields(&a, f, assign, n, json_path);
	if (!fields)
		goto out;
	json_t *problems = json_array();
	if (rec_set(&a, id, fields, problems) < 0) {
		print_problems(problems);
		fail("%s: nothing changed", err_msg());
	} else {
		rc = 0;
	}
	json_decref(problems);
	json_decref(fields);
out:
	free(id);
	app_close(&a);
	free(assign);
	return rc;
}

int cmd_submit(int argc, char **argv)
{
	if (argc == 2 && is_help(argv[1]))
		return show_help(submit_help);
	if (argc != 2 || argv[1][0] == '-')
		return usage_error("submit", "needs exactly one ID");
	app a;
	int rc = 1;
	char *id = NULL;
	if (open_app(&a) < 0)
		return 1;
	if ((id = resolve_or_fail(&a, argv[1]))) {
		json_t *problems = json_array();
		if (rec_submit(&a, id, problems) < 0) {
			print_problems(problems);
			fail("%s", err_msg());
		} else {
			json_t *st = store_get_record(a.db, id);
			const char *num = json_string_value(json_object_get(st, "number"));
			printf("%s%s%s\n", id, num && *num ? " " : "", num ? num : "");
			json_decref(st);
			rc = 0;
		}
		json_decref(problems);
	}
	free(id);
	app_close(&a);
	return rc;
}
