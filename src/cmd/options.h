/*
 * options: a command's options as one table, after git's parse-options.
 * The same table parses the command line and prints the options part of
 * the command's --help, so the two cannot drift apart.
 *
 *	const char *format = "text";
 *	int invert = 0;
 *	const cmd_option opts[] = {
 *		OPT_STRING("format", 0, &format, "FMT", "text or json"),
 *		OPT_FLAG("invert", 0, &invert, "light on dark"),
 *		OPT_END(),
 *	};
 *	int rc = opt_parse(opts, &argc, argv, 0);
 *
 * Accepted: --name VALUE, --name=VALUE, -x VALUE, -xVALUE, -x=VALUE, a
 * lone - (an argument, standard input), and -- (all that follows are
 * arguments). Options and arguments may come in any order.
 */
#ifndef DW_OPTIONS_H
#define DW_OPTIONS_H

#include <stdio.h>

typedef enum {
	OPT_END,      /* ends the table */
	OPT_FLAG,     /* --name: *(int *)value = defval */
	OPT_STRING,   /* --name VALUE: *(const char **)value = VALUE (points into argv) */
	OPT_INT,      /* --name N: *(long *)value = N, a whole number from min to max */
	OPT_CALLBACK, /* --name VALUE: cb(option, VALUE, value) */
	OPT_ARGS,     /* not an option: each argument, in order, goes to cb(option, ARG, value)
		       * instead of staying in argv */
} opt_kind;

typedef struct cmd_option cmd_option;

/* Takes an option's value (or an argument, for OPT_ARGS); value is the
 * option's value pointer, the payload. Returns 0, or -1 with the error set
 * (err_set): the parse stops there with that message. */
typedef int (*opt_cb)(const cmd_option *o, const char *arg, void *payload);

struct cmd_option {
	opt_kind kind;
	const char *long_name; /* without the "--"; NULL for short only */
	int short_name;        /* 'o' for -o; 0 for none */
	void *value;
	const char *argh; /* the value's name in the help: "FILE" */
	const char *help; /* one line or more ('\n'); NULL: not in the help */
	long defval;      /* OPT_FLAG: what it stores */
	long min, max;    /* OPT_INT: the range */
	const char *bad;  /* OPT_INT: the message for a value out of range
			   * (default "--name takes a number from MIN to MAX") */
	opt_cb cb;        /* OPT_CALLBACK, OPT_ARGS */
};

#define OPT_END() {.kind = OPT_END}
#define OPT_FLAG(l, s, v, h) {.kind = OPT_FLAG, .long_name = (l), .short_name = (s), .value = (v), .help = (h), .defval = 1}
#define OPT_SET_INT(l, s, v, i, h) \
	{.kind = OPT_FLAG, .long_name = (l), .short_name = (s), .value = (v), .help = (h), .defval = (i)}
#define OPT_STRING(l, s, v, a, h) {.kind = OPT_STRING, .long_name = (l), .short_name = (s), .value = (v), .argh = (a), .help = (h)}
#define OPT_INT(l, s, v, a, lo, hi, h) \
	{.kind = OPT_INT, .long_name = (l), .short_name = (s), .value = (v), .argh = (a), .help = (h), .min = (lo), .max = (hi)}
#define OPT_CALLBACK(l, s, f, p, a, h) \
	{.kind = OPT_CALLBACK, .long_name = (l), .short_name = (s), .value = (p), .argh = (a), .help = (h), .cb = (f)}
#define OPT_ARGS(f, p) {.kind = OPT_ARGS, .value = (p), .cb = (f)}

/* Flags of opt_parse. */
enum {
	OPT_KEEP_UNKNOWN = 1 << 0, /* an unknown -x or --name is an argument, not an error */
	OPT_STOP_AT_ARG = 1 << 1,  /* the first argument ends the options */
};

/* opt_parse's answer when -h or --help was given. */
#define OPT_HELP 1

/* Parses argv[1..*argc) (argv[0] is the command's name) with the table
 * opts, storing what it finds. The arguments that are not options stay,
 * in order, in argv[1..*argc) (*argc is updated), unless the table has an
 * OPT_ARGS entry. Returns 0; OPT_HELP when -h or --help came before any
 * error; or -1 with the error set ("unexpected '--frob'", "--site needs a
 * value") at the first thing it cannot take. */
int opt_parse(const cmd_option *opts, int *argc, char **argv, unsigned flags);

/* Writes the options part of a help text: one line or more an option, its
 * help aligned in a column. Writes nothing for a table without any. */
void opt_help(FILE *out, const cmd_option *opts);

#endif
