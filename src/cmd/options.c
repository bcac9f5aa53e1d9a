/*
 * options: the one parser of the commands' options and the options part of
 * their help, both from a table (options.h). It prints nothing and exits
 * nowhere: a problem is an error message (err_set) for the command to
 * report as a usage error.
 */
#include "cmd/options.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int takes_value(const cmd_option *o)
{
	return o->kind == OPT_STRING || o->kind == OPT_INT || o->kind == OPT_CALLBACK;
}

static const cmd_option *find_long(const cmd_option *opts, const char *name, size_t n)
{
	for (const cmd_option *o = opts; o->kind != OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == n && strncmp(o->long_name, name, n) == 0)
			return o;
	return NULL;
}

static const cmd_option *find_short(const cmd_option *opts, int c)
{
	for (const cmd_option *o = opts; o->kind != OPT_END; o++)
		if (o->kind != OPT_ARGS && o->short_name && o->short_name == c)
			return o;
	return NULL;
}

static const cmd_option *find_args(const cmd_option *opts)
{
	for (const cmd_option *o = opts; o->kind != OPT_END; o++)
		if (o->kind == OPT_ARGS)
			return o;
	return NULL;
}

/* Stores the value of o, given as written (arg, for messages). */
static int take(const cmd_option *o, const char *value)
{
	switch (o->kind) {
	case OPT_FLAG:
		*(int *)o->value = (int)o->defval;
		return 0;
	case OPT_STRING:
		*(const char **)o->value = value;
		return 0;
	case OPT_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (end == value || *end || errno || v < o->min || v > o->max) {
			if (o->bad)
				return err_set("%s", o->bad);
			return err_set("--%s takes a number from %ld to %ld", o->long_name, o->min, o->max);
		}
		*(long *)o->value = v;
		return 0;
	}
	case OPT_CALLBACK:
		return o->cb(o, value, o->value);
	default:
		return err_set("option table: bad kind %d", (int)o->kind);
	}
}

/* An argument that is not an option: to the table's OPT_ARGS, or kept. */
static int keep(const cmd_option *args, char **argv, int *kept, char *arg)
{
	if (args)
		return args->cb(args, arg, args->value);
	argv[(*kept)++] = arg;
	return 0;
}

int opt_parse(const cmd_option *opts, int *argc, char **argv, unsigned flags)
{
	const cmd_option *args = find_args(opts);
	int n = *argc, kept = 1, i;
	for (i = 1; i < n; i++) {
		char *a = argv[i];
		const cmd_option *o = NULL;
		const char *value = NULL;
		if (str_eq(a, "--")) {
			i++;
			break;
		}
		if (a[0] == '-' && a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			o = find_long(opts, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
			if (!o && !eq && str_eq(a, "--help"))
				return OPT_HELP;
			if (o && eq && !takes_value(o))
				return err_set("unexpected '%s'", a);
			value = eq ? eq + 1 : NULL;
		} else if (a[0] == '-' && a[1]) {
			o = find_short(opts, a[1]);
			if (!o && str_eq(a, "-h"))
				return OPT_HELP;
			if (o && a[2] && !takes_value(o))
				o = NULL; /* -xyz: not a flag x */
			value = o && a[2] ? a + 2 + (a[2] == '=') : NULL;
		}
		if (!o) { /* an argument, - (standard input), or an option unknown */
			if (a[0] == '-' && a[1] && !(flags & OPT_KEEP_UNKNOWN))
				return err_set("unexpected '%s'", a);
			if (keep(args, argv, &kept, a) < 0)
				return -1;
			if (flags & OPT_STOP_AT_ARG) {
				i++;
				break;
			}
			continue;
		}
		if (takes_value(o) && !value) {
			if (i + 1 >= n)
				return err_set("%s needs a value", a);
			value = argv[++i];
		}
		if (take(o, value) < 0)
			return -1;
	}
	for (; i < n; i++)
		if (keep(args, argv, &kept, argv[i]) < 0)
			return -1;
	argv[kept] = NULL;
	*argc = kept;
	return 0;
}

/* "  -o, --output FILE": what the help's left column says of o. */
static char *left_column(const cmd_option *o)
{
	strbuf b;
	sb_init(&b);
	sb_puts(&b, "  ");
	if (o->short_name)
		sb_printf(&b, "-%c%s", o->short_name, o->long_name ? ", " : "");
	if (o->long_name)
		sb_printf(&b, "--%s", o->long_name);
	if (takes_value(o) && o->argh)
		sb_printf(&b, " %s", o->argh);
	return sb_take(&b);
}

void opt_help(FILE *out, const cmd_option *opts)
{
	enum { MAX_LEFT = 24 };
	size_t width = 0;
	for (const cmd_option *o = opts; o->kind != OPT_END; o++) {
		if (o->kind == OPT_ARGS || !o->help)
			continue;
		char *l = left_column(o);
		size_t w = utf8_len(l);
		if (w <= MAX_LEFT && w > width)
			width = w;
		free(l);
	}
	for (const cmd_option *o = opts; o->kind != OPT_END; o++) {
		if (o->kind == OPT_ARGS || !o->help)
			continue;
		char *l = left_column(o);
		size_t w = utf8_len(l);
		fputs(l, out);
		int pad = (int)(width - w) + 2;
		if (w > width) { /* too long for the column: the help below it */
			fputc('\n', out);
			pad = (int)width + 2;
		}
		for (const char *h = o->help; *h; pad = (int)width + 2) {
			const char *nl = strchr(h, '\n');
			int len = nl ? (int)(nl - h) : (int)strlen(h);
			fprintf(out, "%*s%.*s\n", pad, "", len, h);
			h += len + (nl != NULL);
		}
		free(l);
	}
}
