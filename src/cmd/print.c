/* print and config: printable PDFs of notices and placards, and the
 * station settings they use. */
#include "cmd.h"
#include "print.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char print_help[] =
	"Usage: dustwatch print notice ID -o FILE.pdf [--printer NAME | --print]\n"
	"       dustwatch print placard SITE -o FILE.pdf [--printer NAME | --print]\n\n"
	"Writes an A4 PDF: a rectification notice with its signed QR code, or a site\n"
	"placard with the site's QR code. Fonts are embedded, so it prints the same\n"
	"anywhere. --printer sends it to that CUPS printer with lp, --print to the\n"
	"default printer (without -o, a temporary file is printed).\n";

static const char config_help[] =
	"Usage: dustwatch config [KEY [VALUE]]\n\n"
	"Shows or sets this machine's station settings:\n"
	"  station_name  the issuing authority printed on notices\n"
	"                (e.g. 怀化市建设工程质量安全监督站)\n"
	"  base_url      https address of the station's page; QR codes become\n"
	"                https://.../1/N/... links a phone's camera opens\n"
	"  hotline       the complaint hotline printed on placards (default 12345)\n"
	"  red_list_score    a site's latest score that puts it on the red list (90)\n"
	"  black_list_score  a latest score below this puts it on the black list (60)\n"
	"  complaint_days    days a complaint may wait for an answer before it\n"
	"                    counts as overdue in the reports (15)\n";

static const char *const config_keys[] = {"station_name",     "base_url",	"hotline",
					  "red_list_score",   "black_list_score", "complaint_days"};

static int send_to_printer(const char *printer, const char *path)
{
	pid_t pid = fork();
	if (pid < 0)
		return fail("cannot start lp");
	if (pid == 0) {
		if (printer)
			execlp("lp", "lp", "-d", printer, path, (char *)NULL);
		else
			execlp("lp", "lp", path, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return fail("lp did not finish");
	if (WEXITSTATUS(status) == 127)
		return fail("cannot print: CUPS's lp is not installed (write the PDF with -o FILE instead)");
	if (WEXITSTATUS(status) != 0)
		return fail("lp refused the job (write the PDF with -o FILE to keep it)");
	return 0;
}

int cmd_print(int argc, char **argv)
{
	const char *what = NULL, *ref = NULL, *out = NULL, *printer = NULL, *v;
	int bad = 0, print = 0;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(print_help);
		if ((v = opt_value(argc, argv, &i, "-o", &bad)) || (v = opt_value(argc, argv, &i, "--output", &bad)))
			out = v;
		else if ((v = opt_value(argc, argv, &i, "--printer", &bad)))
			printer = v, print = 1;
		else if (str_eq(argv[i], "--print"))
			print = 1;
		else if (argv[i][0] != '-' && !what)
			what = argv[i];
		else if (argv[i][0] != '-' && !ref)
			ref = argv[i];
		else
			return usage_error("print", "unexpected '%s'", argv[i]);
		if (bad)
			return usage_error("print", "%s needs a value", argv[i]);
	}
	if (!what || !ref || (!str_eq(what, "notice") && !str_eq(what, "placard")))
		return usage_error("print", "needs notice or placard, and an ID");
	if (!out && !print)
		return usage_error("print", "needs -o FILE.pdf, --printer NAME or --print");
	app a;
	if (open_app(&a) < 0)
		return 1;
	int rc = 1;
	char *tmp = NULL, *id = resolve_or_fail(&a, ref), *text = NULL;
	json_t *state = id ? store_get_record(a.db, id) : NULL;
	const char *kind = state ? json_string_value(json_object_get(state, "kind")) : NULL;
	if (!state)
		goto out;
	if (!str_eq(kind, str_eq(what, "placard") ? "site" : "notice")) {
		fail("%s is a %s: print %s takes a %s", ref, kind, what, str_eq(what, "placard") ? "site" : "notice");
		goto out;
	}
	if (!(text = rec_payload(&a, state))) {
		fail("%s", err_msg());
		goto out;
	}
	if (!out) {
		tmp = xasprintf("%s/dustwatch-print-%ld.pdf", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
		out = tmp;
	}
	if ((str_eq(what, "notice") ? print_notice_pdf(&a, state, text, out) : print_placard_pdf(&a, state, text, out)) < 0) {
		fail("%s", err_msg());
		goto out;
	}
	rc = print ? send_to_printer(printer, out) : 0;
	if (rc == 0 && !tmp)
		printf("%s\n", out);
out:
	if (tmp)
		unlink(tmp);
	free(tmp), free(id), free(text);
	json_decref(state);
	app_close(&a);
	return rc;
}

int cmd_config(int argc, char **argv)
{
	if (argc > 1 && is_help(argv[1]))
		return show_help(config_help);
	if (argc > 3)
		return usage_error("config", "takes KEY and VALUE at most");
	int known = argc < 2;
	for (size_t i = 0; i < DW_ARRAY_LEN(config_keys) && !known; i++)
		known = str_eq(argv[1], config_keys[i]);
	if (!known)
		return usage_error("config", "unknown key '%s'", argv[1]);
	if (argc == 3 && (strlen(argv[2]) > 200 || !utf8_valid(argv[2], strlen(argv[2]))))
		return usage_error("config", "a value is UTF-8 text of at most 200 bytes");
	if (argc == 3 && str_eq(argv[1], "base_url") && *argv[2] && !str_starts(argv[2], "https://"))
		return usage_error("config", "base_url must start with https://");
	if (argc == 3 && (strstr(argv[1], "_list_score") || str_eq(argv[1], "complaint_days")) && *argv[2] &&
	    (strspn(argv[2], "0123456789") != strlen(argv[2]) || strlen(argv[2]) > 4))
		return usage_error("config", "%s is a whole number from 0 to 9999", argv[1]);
	app a;
	if (open_app(&a) < 0)
		return 1;
	int rc = 0;
	if (argc == 3) {
		if (store_set_setting(a.db, argv[1], argv[2]) < 0)
			rc = fail("%s", err_msg());
	} else {
		for (size_t i = 0; i < DW_ARRAY_LEN(config_keys); i++) {
			if (argc == 2 && !str_eq(argv[1], config_keys[i]))
				continue;
			char *v = store_setting(a.db, config_keys[i]);
			/* What applies when a key is unset, so the listing never
			 * shows a blank where something is printed. */
			const char *def = str_eq(config_keys[i], "hotline")            ? "12345"
					  : str_eq(config_keys[i], "station_name")     ? a.station
					  : str_eq(config_keys[i], "red_list_score")   ? "90"
					  : str_eq(config_keys[i], "black_list_score") ? "60"
					  : str_eq(config_keys[i], "complaint_days")   ? "15"
										       : "";
			const char *shown = v && *v ? v : def;
			if (argc == 2)
				printf("%s\n", shown);
			else
				printf("%s=%s%s\n", config_keys[i], shown, v && *v ? "" : *def ? " (default)" : "");
			free(v);
		}
	}
	app_close(&a);
	return rc;
}
