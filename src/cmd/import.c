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

int cmd_import(int argc, char **argv)
{
	const char *kind = NULL, *path = NULL, *format = "text", *v;
	int dry = 0, bad = 0;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(import_help);
		if (str_eq(argv[i], "--dry-run"))
			dry = 1;
		else if ((v = opt_value(argc, argv, &i, "--format", &bad)))
			format = v;
		else if (argv[i][0] != '-' && !kind)
			kind = argv[i];
		else if (!path && (argv[i][0] != '-' || str_eq(argv[i], "-")))
			path = argv[i];
		else
			return usage_error("import", "unexpected '%s'", argv[i]);
		if (bad)
			return usage_error("import", "%s needs a value", argv[i]);
	}
	if (!kind || !path)
		return usage_error("import", "import site|inspector FILE");
	if (!str_eq(kind, "site") && !str_eq(kind, "inspector"))
		return usage_error("import", "imports site or inspector lists, not '%s'", kind);
	if (!str_eq(format, "text") && !str_eq(format, "json"))
		return usage_error("import", "--format is text or json");
	char *data = NULL;
	size_t len = 0;
	if (read_file(path, 64u << 20, &data, &len) < 0)
		return fail("%s", err_msg());
	app a;
	if (open_app(&a) < 0) {
		free(data);
		return 1;
	}
	json_t *r = import_csv(&a, kind, data, len, dry);
	free(data);
	int rc = 0;
	if (!r) {
		rc = fail("%s: %s (nothing imported)", path, err_msg());
		goto out;
	}
	json_t *refused = json_object_get(r, "refused"), *x;
	size_t i;
	if (str_eq(format, "json")) {
		json_dumpf(r, stdout, JSON_INDENT(2) | JSON_SORT_KEYS), putchar('\n');
	} else {
		json_array_foreach(refused, i, x)
			printf("row %lld refused: %s\n", (long long)json_integer_value(json_object_get(x, "row")),
			       json_string_value(json_object_get(x, "why")));
		json_array_foreach(json_object_get(r, "ignored"), i, x)
			printf("column ignored: %s\n", json_string_value(x));
		printf("%s%s: %lld rows, %lld taken, %lld already there, %zu refused (%s)\n", dry ? "dry run, nothing changed: " : "",
		       path, (long long)json_integer_value(json_object_get(r, "rows")),
		       (long long)json_integer_value(json_object_get(r, "taken")),
		       (long long)json_integer_value(json_object_get(r, "existing")), json_array_size(refused),
		       json_string_value(json_object_get(r, "encoding")));
	}
	rc = json_array_size(refused) ? 1 : 0;
	json_decref(r);
out:
	app_close(&a);
	return rc;
}
