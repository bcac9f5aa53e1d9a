/* tui: the inspector's terminal UI (also what `dustwatch` alone opens on a
 * terminal). */
#include "cmd.h"
#include "ui/ui.h"
#include "util.h"

#include <stdlib.h>
#include <unistd.h>

static const char help[] =
	"Usage: dustwatch tui [--lang zh|en]\n\n"
	"Opens the terminal UI on the data directory: today's work, sites, records,\n"
	"the form filler. Keys are shown at the bottom of every screen; ? or F1\n"
	"lists them all. Without a data directory it opens the first-run screen:\n"
	"join a station (its code, this laptop's code, the inspector's name, the\n"
	"station's address and pin) or open a demo station.\n"
	"The language follows the locale (zh_* is Chinese) unless\n"
	"--lang says otherwise. Honours NO_COLOR. A barcode scanner that types a\n"
	"site or notice code and Enter opens it from any screen.\n";

typedef struct {
	const char *lang;
} tui_args;

static int tui_parse(void *args, int argc, char **argv)
{
	tui_args *x = args;
	const cmd_option opts[] = {
		OPT_STRING("lang", 0, &x->lang, "zh|en", "the language of the screens (default: the locale's)"),
		OPT_END(),
	};
	int rc = cmd_options("tui", help, opts, &argc, argv, OPT_KEEP_UNKNOWN);
	if (rc != CMD_RUN)
		return rc;
	if (argc > 1 || (x->lang && !str_eq(x->lang, "zh") && !str_eq(x->lang, "en")))
		return usage_error("tui", "unexpected '%s' (--lang is zh or en)", argc > 1 ? argv[1] : x->lang);
	ui_started_ms = term_ms(); /* before the data directory opens: the first screen's time counts it */
	ui_start_warning = locale_problem();
	return CMD_RUN;
}

/* The data directory, opened here (not by main) so that its absence on
 * a terminal is the first-run screen rather than an error. */
static int tui_run(app *unused, void *args)
{
	tui_args *x = args;
	const char *lang = output_lang(x->lang);
	(void)unused;
	char *home = app_home(), *db = xasprintf("%s/dustwatch.db", home);
	int first = access(db, F_OK) != 0 && isatty(0) && isatty(1);
	int rc = first ? ui_setup(home, lang) : 1;
	free(home), free(db);
	if (rc <= 0) {
		if (rc < 0)
			fail("%s", err_msg());
		return rc < 0;
	}
	app a = {0};
	if (open_app(&a) < 0)
		return 1;
	rc = ui_run(&a, lang);
	if (rc < 0)
		fail("%s", err_msg());
	app_close(&a);
	return rc < 0;
}

const command_ops cmd_tui = {sizeof(tui_args), tui_parse, tui_run, NULL};
