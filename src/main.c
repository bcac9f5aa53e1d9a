/*
 * main: dispatches `dustwatch COMMAND ...` to src/cmd/: the command's
 * parse, then the data directory opened here, once, for a command that
 * needs one, then its run. With no command it opens the terminal UI, or
 * prints the overview when not on a terminal.
 */
#include "cmd/cmd.h"
#include "util.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef DW_VERSION
#define DW_VERSION "dev"
#endif

/* Flags 0: the commands that make a data directory (init, demo; tui on the
 * first run opens the setup screen and then the data directory), need none
 * (forms, verify), or open it only when it is needed (scan: a code that is
 * not valid is said without one). */
const command commands[] = {
	{"tui", 0, &cmd_tui, "the terminal UI (what dustwatch alone opens on a terminal)"},
	{"init", 0, &cmd_init, "create this laptop's data directory and device key"},
	{"demo", 0, &cmd_demo, "create a demo station with sample sites and a year of records"},
	{"new", CMD_NEEDS_APP, &cmd_new, "start a record (a draft, or submitted at once with --submit)"},
	{"set", CMD_NEEDS_APP, &cmd_set, "set fields of a draft or a record"},
	{"submit", CMD_NEEDS_APP, &cmd_submit, "submit a draft, or resubmit a returned record"},
	{"approve", CMD_NEEDS_APP, &cmd_step, "approve a submitted record"},
	{"return", CMD_NEEDS_APP, &cmd_step, "return a submitted record with a comment"},
	{"rectify", CMD_NEEDS_APP, &cmd_step, "mark a notice rectified"},
	{"handle", CMD_NEEDS_APP, &cmd_step, "start handling a complaint"},
	{"reply", CMD_NEEDS_APP, &cmd_step, "mark a complaint replied"},
	{"close", CMD_NEEDS_APP, &cmd_step, "close a notice, complaint, site or other registry record"},
	{"reopen", CMD_NEEDS_APP, &cmd_step, "reopen a rectified notice or a closed registry record"},
	{"void", CMD_NEEDS_APP, &cmd_void, "void a record, with a reason"},
	{"discard", CMD_NEEDS_APP, &cmd_discard, "discard a draft"},
	{"list", CMD_NEEDS_APP, &cmd_list, "list records"},
	{"review", CMD_NEEDS_APP, &cmd_review, "the review queue: submitted records, the oldest first"},
	{"show", CMD_NEEDS_APP, &cmd_show, "show one record"},
	{"history", CMD_NEEDS_APP, &cmd_history, "show a record's events: who changed what, when, where"},
	{"conflicts", CMD_NEEDS_APP, &cmd_conflicts, "list concurrent edits of significant fields to settle"},
	{"export", CMD_NEEDS_APP, &cmd_export, "export every record as JSON or CSV"},
	{"import", CMD_NEEDS_APP, &cmd_import, "create sites or inspectors from a CSV list (UTF-8 or GBK)"},
	{"report", CMD_NEEDS_APP, &cmd_report, "monthly statistics, the annual indicators, the red and black list"},
	{"qr", CMD_NEEDS_APP, &cmd_qr, "a site's or notice's QR code, on the terminal, as SVG or PNG"},
	{"scan", 0, &cmd_scan, "what a scanned code names, and whether it is genuine"},
	{"print", CMD_NEEDS_APP, &cmd_print, "a notice or a site placard as an A4 PDF, or to a printer"},
	{"config", CMD_NEEDS_APP, &cmd_config, "show or set the station's name, base URL and hotline"},
	{"forms", 0, &cmd_forms, "list the forms in force, or check form files"},
	{"overview", CMD_NEEDS_APP, &cmd_overview, "today's work: drafts, notices due and overdue, counts"},
	{"dump", CMD_NEEDS_APP, &cmd_dump, "print a canonical dump of records and events (for comparing)"},
	{"sync", CMD_NEEDS_APP, &cmd_sync, "commit, fetch, import and push events through git"},
	{"reindex", CMD_NEEDS_APP, &cmd_reindex, "rebuild the database from the git repository"},
	{"remote", CMD_NEEDS_APP, &cmd_remote, "list or add the remotes sync uses (station, USB stick)"},
	{"where", CMD_NEEDS_APP, &cmd_where, "whether a record is at the station or only on this laptop"},
	{"quarantine", CMD_NEEDS_APP, &cmd_quarantine, "list imported events that failed verification"},
	{"station", CMD_NEEDS_APP, &cmd_station, "create the station's central repository (station init DIR)"},
	{"verify", 0, &cmd_verify, "the station's pre-receive hook: judge a push"},
	{"key", CMD_NEEDS_APP, &cmd_key, "print this device's public key (for enroll)"},
	{"enroll", CMD_NEEDS_APP, &cmd_enroll, "register a device and its public key (station admin)"},
	{"revoke", CMD_NEEDS_APP, &cmd_revoke, "revoke a lost device's key (station admin)"},
	{"admit", CMD_NEEDS_APP, &cmd_admit, "let a quarantined event in after review (station admin)"},
	{"alarm", CMD_NEEDS_APP, &cmd_alarm, "list rewritten refs, or accept one again once checked"},
	{NULL, 0, NULL, NULL},
};

static void usage(FILE *out)
{
	fputs("Usage: dustwatch [--version] [--help] [--lang zh|en] [COMMAND [ARGS]]\n\n"
	      "扬尘巡检: dust-control inspections, rectification notices, complaints and\n"
	      "responsibility agreements, kept offline in SQLite and synced through git.\n\n"
	      "Commands:\n",
	      out);
	for (const command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fputs("\nWithout a command: the terminal UI on a terminal, else the overview. --lang\n"
	      "before a command is its language (as DUSTWATCH_LANG is).\n"
	      "Each command answers --help. Data: $DUSTWATCH_HOME, else $XDG_DATA_HOME/dustwatch.\n"
	      "See dustwatch(1) and dustwatch-forms(5).\n",
	      out);
}

const command *cmd_find(const char *name)
{
	for (const command *c = commands; c->name; c++)
		if (str_eq(name, c->name))
			return c;
	return NULL;
}

/* Runs command c as argv[0]: parse, the data directory for one that needs
 * it (its absence is said here for every command alike), run. */
int cmd_run(const command *c, int argc, char **argv)
{
	const command_ops *ops = c->ops;
	void *args = xcalloc(1, ops->args_size ? ops->args_size : 1);
	app a = {0};
	int rc = ops->parse(args, argc, argv);
	if (rc == CMD_RUN && (c->flags & CMD_NEEDS_APP) && open_app(&a) < 0)
		rc = 1;
	if (rc == CMD_RUN)
		rc = ops->run(c->flags & CMD_NEEDS_APP ? &a : NULL, args);
	app_close(&a);
	if (ops->done)
		ops->done(args);
	free(args);
	return rc;
}

/* The options before a command: --help and --version answer at once;
 * --lang zh|en (or --lang=zh) becomes DUSTWATCH_LANG, which every command's
 * own --lang defaults to. Returns the index of the command (argc: none),
 * or -1 - the exit status when main is to return. */
static int global_options(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *lang = NULL;
		if (str_eq(a, "-h") || str_eq(a, "--help")) {
			usage(stdout);
			return -1;
		}
		if (str_eq(a, "--version")) {
			printf("dustwatch %s\n", DW_VERSION);
			return -1;
		}
		if (str_starts(a, "--lang="))
			lang = a + strlen("--lang=");
		else if (str_eq(a, "--lang") && i + 1 < argc)
			lang = argv[++i];
		if (!lang || (!str_eq(lang, "zh") && !str_eq(lang, "en"))) {
			fprintf(stderr, "dustwatch: '%s' before the command is not an option (--lang zh|en, --help, --version)\n",
				lang ? lang : a);
			usage(stderr);
			return -1 - EXIT_USAGE;
		}
		setenv("DUSTWATCH_LANG", lang, 1);
	}
	return i;
}

/* jemalloc's settings, read as it starts (MALLOC_CONF in the environment
 * still overrides them; glibc's malloc ignores the symbol). On this
 * project's machines a page fault and a TLB miss are dear (a virtual
 * machine's nested page tables): memory in 2 MiB pages (thp, the kernel's
 * "madvise" mode asks for it) and freed pages handed back on a thread of
 * jemalloc's own took a reindex of 201,135 events from 11.1 s to 9.7 s
 * (processor time 18.2 s to 15.4 s); every process holds 5 MB more. */
const char *malloc_conf = "thp:always,metadata_thp:always,background_thread:true";

int main(int argc, char **argv)
{
	/* SQLite frees and allocates its statement journals and the temporary
	 * database's cache at every statement of a savepoint; glibc gave the
	 * top of the heap back each time and faulted it in again: 18 % of
	 * `demo`, and of every edit's write. Keep 16 MiB at the top (only
	 * what has been touched is resident). For glibc's malloc alone: the
	 * ordinary build's jemalloc keeps freed pages for a while itself;
	 * this is for a build without it (make MALLOC=). */
	mallopt(M_TOP_PAD, 16 << 20);
	locale_init();
	int i = global_options(argc, argv);
	if (i < 0)
		return -1 - i;
	/* The command sees itself as argv[0]; with none, the default one sees
	 * the last option (or the program) there, and no arguments. */
	if (i >= argc)
		return cmd_run(cmd_find(isatty(0) && isatty(1) ? "tui" : "overview"), 1, argv + argc - 1);
	const command *c = cmd_find(argv[i]);
	if (c)
		return cmd_run(c, argc - i, argv + i);
	if (str_starts(argv[i], "test-"))
		return cmd_test(argc - i, argv + i);
	fprintf(stderr, "dustwatch: '%s' is not a command\n", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
