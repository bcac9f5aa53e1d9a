/* tui: the inspector's terminal UI (also what `dustwatch` alone opens on a
 * terminal). */
#include "cmd.h"
#include "ui/ui.h"
#include "util.h"

#include <unistd.h>

static const char help[] =
	"Usage: dustwatch tui [--lang zh|en]\n\n"
	"Opens the terminal UI on the data directory: today's work, sites, records,\n"
	"the form filler. Keys are shown at the bottom of every screen; ? or F1\n"
	"lists them all. The language follows the locale (zh_* is Chinese) unless\n"
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

static int tui_run(app *a, void *args)
{
	tui_args *x = args;
	int rc = ui_run(a, output_lang(x->lang));
	if (rc < 0)
		fail("%s", err_msg());
	return rc < 0;
}

const command_ops cmd_tui = {sizeof(tui_args), tui_parse, tui_run, NULL};
