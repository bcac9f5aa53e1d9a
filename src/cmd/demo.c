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
	"Then, to show a sync, DIR becomes the station admin's data directory (device\n"
	"A01): DIR/central.git is the station's central repository, holding every\n"
	"event, and DIR/laptop-A99 a second laptop, enrolled, that has not synced yet.\n\n"
	"Prints one line with the counts and the time taken, and how to try a sync.\n";

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

typedef struct {
	const char *dir;
	long records, year, seed;
	int central; /* -1: by the number of records */
} demo_args;

static int demo_parse(void *args, int argc, char **argv)
{
	demo_args *x = args;
	*x = (demo_args){.records = DEMO_RECORDS, .seed = 1, .central = -1};
	const cmd_option opts[] = {
		OPT_INT("records", 0, &x->records, "N", 50, 100000000,
			"N records in all, in the same proportions (default 643;\n"
			"at least 50; one site per 25 records, at least 24)"),
		OPT_INT("seed", 0, &x->seed, "S", 0, 0x7fffffffL, "the same seed makes the same content (default 1)"),
		{.kind = OPT_INT, .long_name = "year", .value = &x->year, .argh = "Y", .min = 2000, .max = 9999,
		 .bad = "--year takes a year such as 2023",
		 .help = "the year to simulate (default: last year; this year stops\nat yesterday)"},
		OPT_SET_INT("no-central", 0, &x->central, 0,
			    "don't make DIR/central.git and DIR/laptop-A99 (made by\n"
			    "default up to 20000 records; --central: always)"),
		OPT_SET_INT("central", 0, &x->central, 1, NULL),
		OPT_END(),
	};
	int rc = cmd_options("demo", help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if ((rc = cmd_args("demo", argc, argv, (const char **[]){&x->dir}, 1)) != CMD_RUN)
		return rc;
	if (x->dir && !*x->dir)
		return usage_error("demo", "unexpected ''");
	if (!x->year)
		x->year = demo_last_year();
	if (demo_year_days((int)x->year) < DEMO_MIN_DAYS)
		return usage_error("demo", "%ld has not 30 days behind it yet: choose an earlier --year", x->year);
	return CMD_RUN;
}

static int demo_run(app *unused, void *args)
{
	demo_args *x = args;
	const char *dir = x->dir;
	(void)unused;
	demo_options opt = {
		.records = x->records,
		.seed = (uint64_t)x->seed,
		.year = (int)x->year,
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
		if (x->central < 0 ? x->records <= CENTRAL_MAX_RECORDS : x->central)
			rc = make_central(home);
	}
	free(summary);
	json_decref(problems);
	free(home);
	return rc;
}

const command_ops cmd_demo = {sizeof(demo_args), demo_parse, demo_run, NULL};
