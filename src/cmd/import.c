/* import: a station's lists of sites or inspectors from CSV (import.h). */
#include "cmd.h"
#include "import.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char import_help[] =
	"Usage: dustwatch import site|inspector FILE [--dry-run] [--format text|json]\n\n"
	"Creates records from a CSV list as Excel or WPS saves it: UTF-8 with or\n"
	"without a byte-order mark, or GB18030/GBK (detected). The header row names\n"
	"the fields by label (中文 or English) or name; other columns are ignored and\n"
	"listed. Each row is checked like `dustwatch new KIND ... --submit`: rows\n"
	"refused are reported by their row number (the header is row 1) and left\n"
	"out; the others go in together. A site of the same name and address, or an\n"
	"inspector of the same staff number, is counted as already there, never\n"
	"created twice. --dry-run checks every row and changes nothing.\n"
	"XLSX: save it as CSV first (no XLSX reader library is kept in Debian).\n"
	"Exit status 0 when no row was refused, 1 otherwise.\n";

typedef struct {
	const char *kind, *path, *format;
	int dry;
} import_args;

static int import_parse(void *args, int argc, char **argv)
{
	import_args *x = args;
	x->format = "text";
	const cmd_option opts[] = {
		OPT_FLAG("dry-run", 0, &x->dry, "check every row, change nothing"),
		OPT_STRING("format", 0, &x->format, "FMT", "text (default) or json"),
		OPT_END(),
	};
	int rc = cmd_options("import", import_help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if ((rc = cmd_args("import", argc, argv, (const char **[]){&x->kind, &x->path}, 2)) != CMD_RUN)
		return rc;
	if (!x->kind || !x->path)
		return usage_error("import", "import site|inspector FILE");
	if (!str_eq(x->kind, "site") && !str_eq(x->kind, "inspector"))
		return usage_error("import", "imports site or inspector lists, not '%s'", x->kind);
	if (!str_eq(x->format, "text") && !str_eq(x->format, "json"))
		return usage_error("import", "--format is text or json");
	return CMD_RUN;
}

static int import_run(app *a, void *args)
{
	import_args *x = args;
	char *data = NULL;
	size_t len = 0;
	if (read_file(x->path, 64u << 20, &data, &len) < 0)
		return fail("%s", err_msg());
	json_t *r = import_csv(a, x->kind, data, len, x->dry);
	free(data);
	if (!r)
		return fail("%s: %s (nothing imported)", x->path, err_msg());
	json_t *refused = json_object_get(r, "refused"), *v;
	size_t i;
	if (str_eq(x->format, "json")) {
		json_dumpf(r, stdout, JSON_INDENT(2) | JSON_SORT_KEYS), putchar('\n');
	} else {
		json_array_foreach(refused, i, v)
			printf("row %lld refused: %s\n", (long long)json_integer_value(json_object_get(v, "row")),
			       json_string_value(json_object_get(v, "why")));
		json_array_foreach(json_object_get(r, "ignored"), i, v)
			printf("column ignored: %s\n", json_string_value(v));
		printf("%s%s: %lld rows, %lld taken, %lld already there, %zu refused (%s)\n",
		       x->dry ? "dry run, nothing changed: " : "", x->path,
		       (long long)json_integer_value(json_object_get(r, "rows")),
		       (long long)json_integer_value(json_object_get(r, "taken")),
		       (long long)json_integer_value(json_object_get(r, "existing")), json_array_size(refused),
		       json_string_value(json_object_get(r, "encoding")));
	}
	int rc = json_array_size(refused) ? 1 : 0;
	json_decref(r);
	return rc;
}

const command_ops cmd_import = {sizeof(import_args), import_parse, import_run, NULL};
