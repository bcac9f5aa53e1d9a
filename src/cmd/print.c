/* print: printable PDFs of notices and placards (the settings they use
 * are config's, config.c). */
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

typedef struct {
	const char *what, *ref, *out, *printer;
	int print;
} print_args;

/* --printer NAME: that printer, and print. */
static int take_printer(const cmd_option *o, const char *arg, void *payload)
{
	print_args *x = payload;
	(void)o;
	x->printer = arg, x->print = 1;
	return 0;
}

static int print_parse(void *args, int argc, char **argv)
{
	print_args *x = args;
	const cmd_option opts[] = {
		OPT_STRING("output", 'o', &x->out, "FILE.pdf", "write the PDF to FILE.pdf"),
		OPT_CALLBACK("printer", 0, take_printer, x, "NAME", "send it to the CUPS printer NAME"),
		OPT_FLAG("print", 0, &x->print, "send it to the default printer"),
		OPT_END(),
	};
	int rc = cmd_options("print", print_help, opts, &argc, argv, 0);
	if (rc == CMD_RUN)
		rc = cmd_args("print", argc, argv, (const char **[]){&x->what, &x->ref}, 2);
	if (rc != CMD_RUN)
		return rc;
	const char *what = x->what;
	if (!what || !x->ref || (!str_eq(what, "notice") && !str_eq(what, "placard")))
		return usage_error("print", "needs notice or placard, and an ID");
	if (!x->out && !x->print)
		return usage_error("print", "needs -o FILE.pdf, --printer NAME or --print");
	return CMD_RUN;
}

static int print_run(app *a, void *args)
{
	print_args *x = args;
	const char *what = x->what, *ref = x->ref, *out = x->out;
	int rc = 1;
	char *tmp = NULL, *id = resolve_or_fail(a, str_eq(x->what, "placard") ? "site" : NULL, ref), *text = NULL;
	json_t *state = id ? store_get_record(a->db, id) : NULL;
	const char *kind = state ? json_string_value(json_object_get(state, "kind")) : NULL;
	if (!state)
		goto out;
	if (!str_eq(kind, str_eq(what, "placard") ? "site" : "notice")) {
		fail("%s is a %s: print %s takes a %s", ref, kind, what, str_eq(what, "placard") ? "site" : "notice");
		goto out;
	}
	if (!(text = rec_payload(a, state))) {
		fail("%s", err_msg());
		goto out;
	}
	if (!out) {
		tmp = xasprintf("%s/dustwatch-print-%ld.pdf", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
		out = tmp;
	}
	if ((str_eq(what, "notice") ? print_notice_pdf(a, state, text, out) : print_placard_pdf(a, state, text, out)) < 0) {
		fail("%s", err_msg());
		goto out;
	}
	rc = x->print ? send_to_printer(x->printer, out) : 0;
	if (rc == 0 && !tmp)
		printf("%s\n", out);
out:
	if (tmp)
		unlink(tmp);
	free(tmp), free(id), free(text);
	json_decref(state);
	return rc;
}

const command_ops cmd_print = {sizeof(print_args), print_parse, print_run, NULL};
