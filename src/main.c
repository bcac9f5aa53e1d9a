/*
 * main: dispatches `dustwatch COMMAND ...` to src/cmd/. With no command it
 * opens the terminal UI, or prints the overview when not on a terminal.
 */
#include "cmd/cmd.h"
#include "util.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef DW_VERSION
#define DW_VERSION "dev"
#endif

const command commands[] = {
	{"tui", cmd_tui, "the terminal UI (what dustwatch alone opens on a terminal)"},
	{"init", cmd_init, "create this laptop's data directory and device key"},
	{"demo", cmd_demo, "create a demo station with sample sites and a year of records"},
	{"new", cmd_new, "start a record (a draft, or submitted at once with --submit)"},
	{"set", cmd_set, "set fields of a draft or a record"},
	{"submit", cmd_submit, "submit a draft, or resubmit a returned record"},
	{"approve", cmd_step, "approve a submitted record"},
	{"return", cmd_step, "return a submitted record with a comment"},
	{"rectify", cmd_step, "mark a notice rectified"},
	{"handle", cmd_step, "start handling a complaint"},
	{"reply", cmd_step, "mark a complaint replied"},
	{"close", cmd_step, "close a notice, complaint, site or other registry record"},
	{"reopen", cmd_step, "reopen a rectified notice or a closed registry record"},
	{"void", cmd_void, "void a record, with a reason"},
	{"discard", cmd_discard, "discard a draft"},
	{"list", cmd_list, "list records"},
	{"show", cmd_show, "show one record"},
	{"history", cmd_history, "show a record's events: who changed what, when, where"},
	{"conflicts", cmd_conflicts, "list concurrent edits of significant fields to settle"},
	{"export", cmd_export, "export every record as JSON or CSV"},
	{"import", cmd_import, "create sites or inspectors from a CSV list (UTF-8 or GBK)"},
	{"report", cmd_report, "monthly statistics, the annual indicators, the red and black list"},
	{"qr", cmd_qr, "a site's or notice's QR code, on the terminal, as SVG or PNG"},
	{"scan", cmd_scan, "what a scanned code names, and whether it is genuine"},
	{"print", cmd_print, "a notice or a site placard as an A4 PDF, or to a printer"},
	{"config", cmd_config, "show or set the station's name, base URL and hotline"},
	{"forms", cmd_forms, "list the forms in force, or check form files"},
	{"overview", cmd_overview, "today's work: drafts, notices due and overdue, counts"},
	{"dump", cmd_dump, "print a canonical dump of records and events (for comparing)"},
	{"sync", cmd_sync, "commit, fetch, import and push events through git"},
	{"reindex", cmd_reindex, "rebuild the database from the git repository"},
	{"remote", cmd_remote, "list or add the remotes sync uses (station, USB stick)"},
	{"where", cmd_where, "whether a record is at the station or only on this laptop"},
	{"quarantine", cmd_quarantine, "list imported events that failed verification"},
	{"station", cmd_station, "create the station's central repository (station init DIR)"},
	{"verify", cmd_verify, "the station's pre-receive hook: judge a push"},
	{"key", cmd_key, "print this device's public key (for enroll)"},
	{"enroll", cmd_enroll, "register a device and its public key (station admin)"},
	{NULL, NULL, NULL},
};

static void usage(FILE *out)
{
	fputs("Usage: dustwatch [--version] [--help] COMMAND [ARGS]\n\n"
	      "扬尘巡检: dust-control inspections, rectification notices, complaints and\n"
	      "responsibility agreements, kept offline in SQLite and synced through git.\n\n"
	      "Commands:\n",
	      out);
	for (const command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fputs("\nEach command answers --help. Data: $DUSTWATCH_HOME, else $XDG_DATA_HOME/dustwatch.\n"
	      "See dustwatch(1) and dustwatch-forms(5).\n",
	      out);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc < 2)
		return isatty(0) && isatty(1) ? cmd_tui(argc, argv) : cmd_overview(argc, argv);
	if (is_help(argv[1])) {
		usage(stdout);
		return 0;
	}
	if (str_eq(argv[1], "--version")) {
		printf("dustwatch %s\n", DW_VERSION);
		return 0;
	}
	for (const command *c = commands; c->name; c++)
		if (str_eq(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	if (str_starts(argv[1], "test-"))
		return cmd_test(argc - 1, argv + 1);
	fprintf(stderr, "dustwatch: '%s' is not a command\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
