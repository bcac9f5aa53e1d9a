/*
 * demo: the command that makes a demonstration station (see demo.h): reads
 * the options, checks the year, shows progress on a terminal and prints
 * the summary line, or the problems and the error.
 */
#include "cmd.h"
#include "demo/demo.h"
#include "demo/demo_central.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

/* Above this many records (benchmarks) the central repository is made
 * only when asked with --central. */
#define CENTRAL_MAX_RECORDS 20000

static const char help[] =
	"Usage: dustwatch demo [DIR] [--records N] [--seed S] [--year Y] [--no-central|--central]\n\n"
	"Creates a demonstration station (HH, 怀化) in DIR, else in the data directory\n"
	"($DUSTWATCH_HOME), which must not hold a station yet: a year of one municipal\n"
	"station's dust-control work, scaled from its 2023 counts (157 inspections,\n"
	"102 rectification notices, 18 agreements, 192 complaints, 120 surveys,\n"
	"12 machinery checks) with the sites, inspectors and devices behind them,\n"
	"reviews, re-inspections, replies, a few open drafts and overdue notices.\n\n"
	"  --records N  N records in all, in the same proportions (default 643;\n"
	"               at least 50; one site per 25 records, at least 24)\n"
	"  --seed S     the same seed makes the same content (default 1)\n"
	"  --year Y     the year to simulate (default: last year; this year stops\n"
	"               at yesterday)\n"
	"  --no-central don't make DIR/central.git and DIR/laptop-A99 (made by\n"
	"               default up to 20000 records; --central: always)\n\n"
	"Then, to show a sync, DIR becomes the station admin's data directory (device\n"
	"A01): DIR/central.git is the station's central repository, holding every\n"
	"event, and DIR/laptop-A99 a second laptop, enrolled, that has not synced yet.\n\n"
	"Prints one line with the counts and the time taken, and how to try a sync.\n";

static int parse_number(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* On a terminal: one line on standard error, rewritten as it goes. */
static void show_progress(long made, long wanted, double per_second, int last, void *payload)
{
	(void)payload;
	fprintf(stderr, "\rdemo: %ld/%ld records, %.0f/s%s", made, wanted, per_second, last ? "\n" : "");
}

/* The central repository and the second laptop, and how to try them. */
static int make_central(const char *home)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return fail("cannot find the dustwatch binary for the central repository's hook");
	exe[n] = 0;
	demo_central_info info;
	if (demo_central(home, exe, &info) < 0)
		return fail("%s", err_msg());
	printf("central repository %s: %zu events pushed; a second laptop (A99) in %s.\n"
	       "Try a sync: DUSTWATCH_HOME=%s %s sync\n",
	       info.central, info.pushed, info.laptop, info.laptop, exe);
	demo_central_free(&info);
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	const char *dir = NULL, *v;
	long records = DEMO_RECORDS, year = 0, seed = 1;
	int bad = 0, central = -1;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(help);
		if (str_eq(argv[i], "--central") || str_eq(argv[i], "--no-central")) {
			central = str_eq(argv[i], "--central");
			continue;
		}
		if ((v = opt_value(argc, argv, &i, "--records", &bad))) {
			if (!bad && parse_number(v, 50, 100000000, &records) < 0)
				return usage_error("demo", "--records takes a number from 50 to 100000000");
		} else if ((v = opt_value(argc, argv, &i, "--seed", &bad))) {
			if (!bad && parse_number(v, 0, 0x7fffffffL, &seed) < 0)
				return usage_error("demo", "--seed takes a number from 0 to 2147483647");
		} else if ((v = opt_value(argc, argv, &i, "--year", &bad))) {
			if (!bad && parse_number(v, 2000, 9999, &year) < 0)
				return usage_error("demo", "--year takes a year such as 2023");
		} else if (argv[i][0] != '-' && !dir && *argv[i]) {
			dir = argv[i];
		} else {
			return usage_error("demo", "unexpected '%s'", argv[i]);
		}
		if (bad)
			return usage_error("demo", "%s needs a value", argv[i]);
	}
	if (!year)
		year = demo_last_year();
	if (demo_year_days((int)year) < DEMO_MIN_DAYS)
		return usage_error("demo", "%ld has not 30 days behind it yet: choose an earlier --year", year);

	demo_options opt = {
		.records = records,
		.seed = (uint64_t)seed,
		.year = (int)year,
		.progress = isatty(2) ? show_progress : NULL,
	};
	char *home = dir ? xstrdup(dir) : app_home(), *summary = NULL;
	json_t *problems = json_array();
	int rc = 0;
	if (dir)
		setenv("DUSTWATCH_HOME", dir, 1);
	if (demo_generate(home, &opt, problems, &summary) < 0) {
		print_problems(problems);
		rc = fail("%s", err_msg());
	} else {
		printf("%s\n", summary);
		if (central < 0 ? records <= CENTRAL_MAX_RECORDS : central)
			rc = make_central(home);
	}
	free(summary);
	json_decref(problems);
	free(home);
	return rc;
}
