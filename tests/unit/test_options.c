/*
 * test_options: the commands' option parser (src/cmd/options.h): every
 * way of writing an option, the arguments left in order, the messages of
 * what it refuses, and the help printed from the same table.
 */
#include "testutil.h"
#include "cmd/options.h"

#include <stdio.h>
#include <stdlib.h>

/* Runs opt_parse on a NULL-terminated list of words (after the command's
 * name); *argc gets what is left. */
static int parse(const cmd_option *opts, unsigned flags, char **argv, int *argc)
{
	int n = 0;
	while (argv[n])
		n++;
	*argc = n;
	return opt_parse(opts, argc, argv, flags);
}

typedef struct {
	const char *site, *format, *out;
	int submit, central;
	long limit;
} got;

#define TABLE(g)                                                                                  \
	const cmd_option opts[] = {                                                                   \
		OPT_STRING("site", 0, &(g).site, "SITE", "a site"),                               \
		OPT_STRING("format", 0, &(g).format, "FMT", "text or json"),                      \
		OPT_STRING("output", 'o', &(g).out, "FILE", "write to FILE"),                     \
		OPT_FLAG("submit", 0, &(g).submit, "submit at once"),                             \
		OPT_SET_INT("central", 0, &(g).central, 1, "make it"),                            \
		OPT_SET_INT("no-central", 0, &(g).central, 0, "don't"),                           \
		OPT_INT("limit", 0, &(g).limit, "N", 0, 100, "at most N"),                        \
		OPT_END(),                                                                        \
	}

static void every_way_of_writing(void **state)
{
	(void)state;
	got g = {.central = -1};
	TABLE(g);
	char *argv[] = {"list", "A", "--site", "S1", "--format=json", "-o", "f.pdf", "B", "--submit",
			"--limit", "7", "-", "--no-central", NULL};
	int argc;
	assert_int_equal(parse(opts, 0, argv, &argc), 0);
	assert_string_equal(g.site, "S1");
	assert_string_equal(g.format, "json");
	assert_string_equal(g.out, "f.pdf");
	assert_int_equal(g.submit, 1);
	assert_int_equal(g.central, 0);
	assert_int_equal(g.limit, 7);
	assert_int_equal(argc, 4);
	assert_string_equal(argv[0], "list");
	assert_string_equal(argv[1], "A");
	assert_string_equal(argv[2], "B");
	assert_string_equal(argv[3], "-");
	assert_null(argv[4]);

	char *b[] = {"qr", "-ox.svg", "--site=", "--central", NULL};
	assert_int_equal(parse(opts, 0, b, &argc), 0);
	assert_string_equal(g.out, "x.svg");
	assert_string_equal(g.site, "");
	assert_int_equal(g.central, 1);
	assert_int_equal(argc, 1);

	char *c[] = {"qr", "-o=y.png", "--format", "--site", NULL}; /* a value may start with - */
	assert_int_equal(parse(opts, 0, c, &argc), 0);
	assert_string_equal(g.out, "y.png");
	assert_string_equal(g.format, "--site");
}

static void double_dash_ends_options(void **state)
{
	(void)state;
	got g = {0};
	TABLE(g);
	char *argv[] = {"set", "--submit", "--", "--site", "-x", "a=b", NULL};
	int argc;
	assert_int_equal(parse(opts, 0, argv, &argc), 0);
	assert_int_equal(g.submit, 1);
	assert_null(g.site);
	assert_int_equal(argc, 4);
	assert_string_equal(argv[1], "--site");
	assert_string_equal(argv[2], "-x");
	assert_string_equal(argv[3], "a=b");
}

static void refusals_say_what(void **state)
{
	(void)state;
	got g = {0};
	TABLE(g);
	int argc;
	char *a[] = {"list", "--frob", "--help", NULL};
	assert_int_equal(parse(opts, 0, a, &argc), -1);
	assert_string_equal(err_msg(), "unexpected '--frob'");
	char *b[] = {"list", "--status", NULL};
	assert_int_equal(parse(opts, 0, b, &argc), -1);
	assert_string_equal(err_msg(), "unexpected '--status'");
	char *c[] = {"list", "x", "--site", NULL};
	assert_int_equal(parse(opts, 0, c, &argc), -1);
	assert_string_equal(err_msg(), "--site needs a value");
	char *d[] = {"list", "-o", NULL};
	assert_int_equal(parse(opts, 0, d, &argc), -1);
	assert_string_equal(err_msg(), "-o needs a value");
	char *e[] = {"new", "--submit=yes", NULL};
	assert_int_equal(parse(opts, 0, e, &argc), -1);
	assert_string_equal(err_msg(), "unexpected '--submit=yes'");
	char *f[] = {"list", "-x", NULL};
	assert_int_equal(parse(opts, 0, f, &argc), -1);
	assert_string_equal(err_msg(), "unexpected '-x'");
	char *g2[] = {"list", "--sit", "S", NULL}; /* no abbreviations */
	assert_int_equal(parse(opts, 0, g2, &argc), -1);
	assert_string_equal(err_msg(), "unexpected '--sit'");
	char *h[] = {"list", "--submitx", NULL};
	assert_int_equal(parse(opts, 0, h, &argc), -1);
	assert_string_equal(err_msg(), "unexpected '--submitx'");
}

static void numbers_in_range(void **state)
{
	(void)state;
	got g = {0};
	TABLE(g);
	int argc;
	const char *bad[] = {"", "x", "7x", "-1", "101", "99999999999999999999999"};
	for (size_t i = 0; i < DW_ARRAY_LEN(bad); i++) {
		char *a[] = {"list", "--limit", (char *)bad[i], NULL};
		assert_int_equal(parse(opts, 0, a, &argc), -1);
		assert_string_equal(err_msg(), "--limit takes a number from 0 to 100");
	}
	char *a[] = {"list", "--limit=100", NULL};
	assert_int_equal(parse(opts, 0, a, &argc), 0);
	assert_int_equal(g.limit, 100);
	long year = 0;
	cmd_option custom[] = {OPT_INT("year", 0, &year, "Y", 2000, 9999, "the year"), OPT_END()};
	custom[0].bad = "--year takes a year such as 2023";
	char *b[] = {"demo", "--year", "23", NULL};
	assert_int_equal(parse(custom, 0, b, &argc), -1);
	assert_string_equal(err_msg(), "--year takes a year such as 2023");
}

static void help_wherever(void **state)
{
	(void)state;
	got g = {0};
	TABLE(g);
	int argc;
	char *a[] = {"list", "A", "--help", NULL};
	assert_int_equal(parse(opts, 0, a, &argc), OPT_HELP);
	char *b[] = {"list", "--site", "S", "-h", NULL};
	assert_int_equal(parse(opts, 0, b, &argc), OPT_HELP);
	char *c[] = {"list", "--site", "--help", NULL}; /* a value, not a request */
	assert_int_equal(parse(opts, 0, c, &argc), 0);
	assert_string_equal(g.site, "--help");
	char *d[] = {"list", "--", "--help", NULL};
	assert_int_equal(parse(opts, 0, d, &argc), 0);
	assert_int_equal(argc, 2);
}

static void unknown_kept_or_stop(void **state)
{
	(void)state;
	got g = {0};
	TABLE(g);
	int argc;
	char *a[] = {"scan", "-5", "--frob", "--submit", NULL};
	assert_int_equal(parse(opts, OPT_KEEP_UNKNOWN, a, &argc), 0);
	assert_int_equal(argc, 3);
	assert_string_equal(a[1], "-5");
	assert_string_equal(a[2], "--frob");
	assert_int_equal(g.submit, 1);
	char *b[] = {"config", "hotline", "--help", "-x", NULL};
	assert_int_equal(parse(opts, OPT_STOP_AT_ARG, b, &argc), 0);
	assert_int_equal(argc, 4);
	assert_string_equal(b[2], "--help");
	assert_string_equal(b[3], "-x");
	char *c[] = {"config", "--help", NULL};
	assert_int_equal(parse(opts, OPT_STOP_AT_ARG, c, &argc), OPT_HELP);
}

/* --set and words in the order given: one list, as a command builds it. */
typedef struct {
	char words[8][32];
	int n;
} trail;

static int note(const cmd_option *o, const char *arg, void *payload)
{
	trail *t = payload;
	if (str_eq(arg, "stop"))
		return err_set("unexpected '%s'", arg);
	snprintf(t->words[t->n++], sizeof t->words[0], "%s:%s", o->kind == OPT_ARGS ? "arg" : o->long_name, arg);
	return 0;
}

static void callbacks_in_order(void **state)
{
	(void)state;
	trail t = {.n = 0};
	const cmd_option opts[] = {
		OPT_CALLBACK("set", 0, note, &t, "FIELD=VALUE", "set a field"),
		OPT_ARGS(note, &t),
		OPT_END(),
	};
	int argc;
	char *a[] = {"new", "a=1", "--set", "b=2", "c=3", "--set=d", "-", NULL};
	assert_int_equal(parse(opts, 0, a, &argc), 0);
	assert_int_equal(t.n, 5);
	assert_string_equal(t.words[0], "arg:a=1");
	assert_string_equal(t.words[1], "set:b=2");
	assert_string_equal(t.words[2], "arg:c=3");
	assert_string_equal(t.words[3], "set:d");
	assert_string_equal(t.words[4], "arg:-");
	assert_int_equal(argc, 1);
	char *b[] = {"new", "x", "stop", "--set", "y", NULL};
	assert_int_equal(parse(opts, 0, b, &argc), -1);
	assert_string_equal(err_msg(), "unexpected 'stop'");
}

static void help_from_the_table(void **state)
{
	(void)state;
	got g = {0};
	const cmd_option opts[] = {
		OPT_STRING("format", 0, &g.format, "FMT", "text or json"),
		OPT_STRING("output", 'o', &g.out, "FILE", "write to FILE\ninstead of standard output"),
		OPT_FLAG("submit", 0, &g.submit, NULL), /* hidden */
		OPT_STRING("a-very-long-option-name", 0, &g.site, "VALUE", "below"),
		OPT_END(),
	};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	opt_help(out, opts);
	fclose(out);
	assert_string_equal(text, "  --format FMT       text or json\n"
				  "  -o, --output FILE  write to FILE\n"
				  "                     instead of standard output\n"
				  "  --a-very-long-option-name VALUE\n"
				  "                     below\n");
	free(text);
	const cmd_option none[] = {OPT_END()};
	out = open_memstream(&text, &len);
	opt_help(out, none);
	fclose(out);
	assert_string_equal(text, "");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_way_of_writing), cmocka_unit_test(double_dash_ends_options),
		cmocka_unit_test(refusals_say_what),    cmocka_unit_test(numbers_in_range),
		cmocka_unit_test(help_wherever),        cmocka_unit_test(unknown_kept_or_stop),
		cmocka_unit_test(callbacks_in_order),   cmocka_unit_test(help_from_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
