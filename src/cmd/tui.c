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

int cmd_tui(int argc, char **argv)
{
	const char *lang = NULL, *v;
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(help);
		if ((v = opt_value(argc, argv, &i, "--lang", &bad)) && !bad && (str_eq(v, "zh") || str_eq(v, "en")))
			lang = v;
		else
			return usage_error("tui", "unexpected '%s' (--lang is zh or en)", argv[i]);
	}
	ui_started_ms = term_ms();
	ui_start_warning = locale_problem();
	app a;
	if (open_app(&a) < 0)
		return 1;
	int rc = ui_run(&a, output_lang(lang));
	if (rc < 0)
		fail("%s", err_msg());
	app_close(&a);
	return rc < 0;
}
