/* qr and scan: a record's QR code, and what a scanned code says. */
#include "cmd.h"
#include "payload.h"
#include "qr.h"
#include "record.h"
#include "registry.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char qr_help[] =
	"Usage: dustwatch qr site|notice ID [--format utf8|svg|png|text] [-o FILE] [--invert]\n\n"
	"Makes the QR code of a site (for its placard) or of a notice (signed by the\n"
	"device that issued it). utf8 draws it on the terminal with half blocks, quiet\n"
	"zone included (--invert for a terminal with a light background); svg and png\n"
	"are for print; text prints the payload itself. Without -o the code goes to\n"
	"standard output (png needs -o).\n"
	"The payload is a dustwatch: URI, or an https URL when the station has set a\n"
	"base URL (dustwatch config base_url URL). See doc/qr-payload.md.\n";

static const char scan_help[] =
	"Usage: dustwatch scan PAYLOAD [--format text|json]\n\n"
	"Says what a scanned code names, whether its signature is genuine, and the\n"
	"record's status here. Exit status: 0 genuine (or a well-formed site code),\n"
	"1 forged or not a valid code, 3 cannot be checked (the issuing device is not\n"
	"registered on this machine), 2 usage.\n";

typedef struct {
	const char *what, *ref, *format, *out;
	int invert;
} qr_args;

static int qr_parse(void *args, int argc, char **argv)
{
	qr_args *x = args;
	x->format = "utf8";
	const cmd_option opts[] = {
		OPT_STRING("format", 0, &x->format, "FMT", "utf8 (default), svg, png or text"),
		OPT_STRING("output", 'o', &x->out, "FILE", "write to FILE"),
		OPT_FLAG("invert", 0, &x->invert, "for a terminal with a light background"),
		OPT_END(),
	};
	int rc = cmd_options("qr", qr_help, opts, &argc, argv, 0);
	if (rc == CMD_RUN)
		rc = cmd_args("qr", argc, argv, (const char **[]){&x->what, &x->ref}, 2);
	if (rc != CMD_RUN)
		return rc;
	const char *what = x->what, *format = x->format;
	if (!what || !x->ref || (!str_eq(what, "site") && !str_eq(what, "notice")))
		return usage_error("qr", "needs site or notice, and an ID");
	if (!str_eq(format, "utf8") && !str_eq(format, "svg") && !str_eq(format, "png") && !str_eq(format, "text"))
		return usage_error("qr", "--format is utf8, svg, png or text");
	if (str_eq(format, "png") && !x->out)
		return usage_error("qr", "png needs -o FILE");
	return CMD_RUN;
}

static int qr_run(app *a, void *args)
{
	qr_args *x = args;
	const char *what = x->what, *ref = x->ref, *format = x->format, *out = x->out;
	int rc = 1;
	char *id = resolve_or_fail(a, str_eq(x->what, "site") ? "site" : NULL, ref), *text = NULL, *body = NULL;
	json_t *state = id ? store_get_record(a->db, id) : NULL;
	qr_code q = {0};
	if (!state)
		goto out;
	if (!str_eq(json_string_value(json_object_get(state, "kind")), what)) {
		fail("%s is a %s, not a %s", ref, json_string_value(json_object_get(state, "kind")), what);
		goto out;
	}
	if (!(text = rec_payload(a, state)) || qr_make(text, &q) < 0) {
		fail("%s", err_msg());
		goto out;
	}
	if (str_eq(format, "png")) {
		rc = qr_png(&q, out, 8) < 0 ? fail("%s", err_msg()) : 0;
		goto out;
	}
	body = str_eq(format, "svg") ? qr_svg(&q, 8) : str_eq(format, "text") ? xasprintf("%s\n", text) : qr_utf8(&q, x->invert);
	if (out)
		rc = write_file_atomic(out, body, strlen(body), 0644) < 0 ? fail("%s", err_msg()) : 0;
	else
		rc = fputs(body, stdout) < 0;
out:
	qr_free(&q);
	free(body), free(text), free(id);
	json_decref(state);
	return rc;
}

const command_ops cmd_qr = {sizeof(qr_args), qr_parse, qr_run, NULL};

typedef struct {
	const char *text, *format;
} scan_args;

static int scan_parse(void *args, int argc, char **argv)
{
	scan_args *x = args;
	x->format = "text";
	const cmd_option opts[] = {
		OPT_STRING("format", 0, &x->format, "text|json", "text (default) or json"),
		OPT_END(),
	};
	int rc = cmd_options("scan", scan_help, opts, &argc, argv, OPT_KEEP_UNKNOWN);
	if (rc != CMD_RUN)
		return rc;
	if (argc > 2)
		return usage_error("scan", "one PAYLOAD at a time");
	x->text = argv[1];
	if (!x->text || (!str_eq(x->format, "text") && !str_eq(x->format, "json")))
		return usage_error("scan", "needs a PAYLOAD (and --format text or json)");
	return CMD_RUN;
}

/* Opens the data directory itself: an invalid code is reported without one. */
static int scan_run(app *unused, void *args)
{
	scan_args *x = args;
	const char *text = x->text, *format = x->format;
	(void)unused;
	json_t *o = json_object();
	int rc = 1;
	payload p;
	app a = {0};
	int opened = 0;
	if (payload_parse(text, strlen(text), &p) < 0) {
		json_object_set_new(o, "verdict", json_string("invalid"));
		json_object_set_new(o, "reason", json_string(err_msg()));
		goto report;
	}
	if (open_app(&a) < 0)
		goto done;
	opened = 1;
	json_object_set_new(o, "type", json_string(p.type == PAYLOAD_SITE ? "site" : "notice"));
	json_object_set_new(o, "station", json_string(p.station));
	json_object_set_new(o, "site_id", json_string(p.site_id));
	json_t *site = store_get_record(a.db, p.site_id);
	if (site) {
		char *t = rec_title(&a, site, "zh");
		json_object_set_new(o, "site", json_string(t));
		free(t);
		json_decref(site);
	}
	scan_verdict v = registry_check_code(&a, &p);
	if (v == SCAN_SITE) {
		json_object_set_new(o, "verdict", json_string("site code"));
		rc = 0;
		goto report;
	}
	json_object_set_new(o, "number", json_string(p.number));
	json_object_set_new(o, "device", json_string(p.device));
	json_object_set_new(o, "verdict", json_string(v == SCAN_GENUINE ? "genuine" : v == SCAN_FORGED ? "forged" : "unverified"));
	if (v != SCAN_GENUINE)
		json_object_set_new(o, "reason", json_string(err_msg()));
	rc = v == SCAN_GENUINE ? 0 : v == SCAN_FORGED ? 1 : 3;
	/* What the notice's record says here, if it has reached this machine. */
	char *id = NULL;
	json_t *notice = NULL;
	if (store_resolve(a.db, p.number, &id) == 0)
		notice = rec_get(&a, id);
	else if (err_code() != DW_ENOTFOUND) /* not "not synced yet": say what went wrong */
		fprintf(stderr, "dustwatch: cannot look the notice up here: %s\n", err_msg());
	if (notice) {
		json_object_set(o, "status", json_object_get(notice, "display_status"));
		json_object_set(o, "deadline", json_object_get(json_object_get(notice, "fields"), "deadline"));
		json_object_set_new(o, "id", json_string(id));
		json_decref(notice);
	}
	free(id);
report:
	if (str_eq(format, "json")) {
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
		puts(s);
		free(s);
	} else {
		const char *verdict = json_string_value(json_object_get(o, "verdict"));
		if (str_eq(verdict, "invalid")) {
			fail("not a valid dustwatch code: %s", json_string_value(json_object_get(o, "reason")));
		} else {
			if (str_eq(verdict, "forged"))
				fprintf(stderr, "dustwatch: FORGED: this is not a genuine notice of station %s\n", p.station);
			printf("%s %s\n", str_eq(verdict, "site code") ? "site" : "notice",
			       p.type == PAYLOAD_NOTICE ? p.number : p.site_id);
			printf("station:  %s\n", p.station);
			if (json_object_get(o, "site"))
				printf("site:     %s\n", json_string_value(json_object_get(o, "site")));
			else
				printf("site:     %s (not on this machine)\n", p.site_id);
			if (p.type == PAYLOAD_NOTICE) {
				printf("verdict:  %s%s%s\n", verdict, json_object_get(o, "reason") ? ": " : "",
				       json_object_get(o, "reason") ? json_string_value(json_object_get(o, "reason")) : "");
				const char *st = json_string_value(json_object_get(o, "status"));
				printf("status:   %s\n", st ? st : "unknown here (not yet synced to this machine)");
				if (json_object_get(o, "deadline"))
					printf("deadline: %s\n", json_string_value(json_object_get(o, "deadline")));
			}
		}
	}
done:
	json_decref(o);
	if (opened)
		app_close(&a);
	return rc;
}

const command_ops cmd_scan = {sizeof(scan_args), scan_parse, scan_run, NULL};
