/*
 * common: helpers the commands share: messages, options, the data
 * directory, output language, CSV, the JSON shape of a record.
 */
#include "cmd.h"
#include "form.h"
#include "record.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* After a message about a full disk: what is full and what to do, once,
 * in the language of the output. */
static void disk_full_hint(const char *msg)
{
	static int said;
	if (said || !err_is_disk_full(msg))
		return;
	said = 1;
	if (str_eq(output_lang(NULL), "zh"))
		fputs("dustwatch: 磁盘已满：数据目录所在的磁盘没有空间了。请删除旧照片或导出文件后重试"
		      "（之前保存的内容不会丢失，同步会在有空间后继续）\n",
		      stderr);
	else
		fputs("dustwatch: the disk holding the data directory is full: delete old photos or exported "
		      "files and try again (nothing saved before is lost; sync goes on once there is room)\n",
		      stderr);
}

int fail(const char *fmt, ...)
{
	va_list ap;
	char *msg;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	fprintf(stderr, "dustwatch: %s\n", msg ? msg : fmt);
	disk_full_hint(msg);
	free(msg);
	return 1;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "dustwatch %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'dustwatch %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int cmd_options(const char *cmd, const char *help, const cmd_option *opts, int *argc, char **argv, unsigned flags)
{
	int rc = opt_parse(opts, argc, argv, flags);
	if (rc < 0)
		return usage_error(cmd, "%s", err_msg());
	if (rc == OPT_HELP) {
		fputs(help, stdout);
		for (const cmd_option *o = opts; o->kind != OPT_END; o++)
			if (o->kind != OPT_ARGS && o->help) {
				fputs("\nOptions:\n", stdout);
				opt_help(stdout, opts);
				break;
			}
		return 0;
	}
	return CMD_RUN;
}

int cmd_args(const char *cmd, int argc, char **argv, const char **out[], int n)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' || i > n)
			return usage_error(cmd, "unexpected '%s'", argv[i]);
		*out[i - 1] = argv[i];
	}
	return CMD_RUN;
}

int open_app(app *a)
{
	char *home = app_home();
	int rc = app_open(a, home);
	free(home);
	if (rc < 0)
		fail("%s", err_msg());
	return rc;
}

const char *output_lang(const char *flag)
{
	if (flag)
		return str_eq(flag, "en") ? "en" : "zh";
	const char *vars[] = {"DUSTWATCH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < DW_ARRAY_LEN(vars); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return str_starts(v, "zh") ? "zh" : "en";
	}
	return "en";
}

void print_problems(const json_t *problems)
{
	size_t i;
	json_t *p;
	json_array_foreach(problems, i, p)
	{
		const char *f = json_string_value(json_object_get(p, "field"));
		fprintf(stderr, "dustwatch: %s%s%s\n", f && *f ? f : "", f && *f ? ": " : "",
			json_string_value(json_object_get(p, "message")));
		disk_full_hint(json_string_value(json_object_get(p, "message")) ? json_string_value(json_object_get(p, "message")) : "");
	}
}

char *resolve_or_fail(app *a, const char *kind, const char *ref)
{
	char *id = NULL;
	if ((kind ? store_resolve_kind(a->db, kind, ref, &id) : store_resolve(a->db, ref, &id)) < 0)
		fail("%s", err_msg());
	return id;
}

void csv_cell(FILE *out, const char *s)
{
	if (!s)
		s = "";
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

json_t *record_json(app *a, const json_t *state)
{
	const form *f = app_form_of(a, state);
	char today[16];
	app_today(a, today);
	const json_t *fields = json_object_get(state, "fields");
	const char *site = f && f->site_field ? json_string_value(json_object_get(fields, f->site_field)) : NULL;
	json_t *o = json_object();
	const char *keep[] = {"id", "number", "kind", "status", "form_version", "created", "updated", "author",
			      "device", "note"};
	for (size_t i = 0; i < DW_ARRAY_LEN(keep); i++) {
		json_t *v = json_object_get(state, keep[i]);
		if (v)
			json_object_set(o, keep[i], v);
	}
	json_object_set_new(o, "display_status", json_string(rec_display_status(f, state, today)));
	json_object_set_new(o, "site", site ? json_string(site) : json_null());
	json_object_set(o, "fields", (json_t *)fields);
	json_object_set_new(o, "conflicts", json_integer((json_int_t)json_array_size(json_object_get(state, "conflicts"))));
	return o;
}

int report_unreadable(app *a)
{
	json_t *rows = store_take_unreadable(a->db), *r;
	size_t i, n = json_array_size(rows);
	json_array_foreach(rows, i, r) fail("%s (skipped)", json_string_value(json_object_get(r, "why")));
	json_decref(rows);
	return (int)n;
}
