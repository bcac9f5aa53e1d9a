/* approve, return, rectify, handle, reply, close, reopen, void, discard:
 * a record's lifecycle steps. The command's own name is the step. */
#include "cmd.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char step_help[] =
	"Usage: dustwatch STEP ID [--comment TEXT] [--text TEXT] [--satisfaction S]\n"
	"       dustwatch approve|return ID... [--comment TEXT]\n\n"
	"STEP is one of: approve, return (needs --comment), rectify, handle, reply,\n"
	"close, reopen. Each is a signed event, allowed only where the record's\n"
	"lifecycle allows it; approve and return take several records at once (all\n"
	"are looked up first; one refused does not stop the others). Approving,\n"
	"returning, closing a notice and reopening need a supervisor's or an\n"
	"admin's device (dustwatch enroll --role):\n"
	"  reviewed records (inspection, agreement, survey, machinery):\n"
	"    submitted -approve-> approved, submitted -return-> returned -submit-> submitted\n"
	"  notice: issued -rectify-> rectified -close-> closed; issued -close-> closed;\n"
	"    rectified -reopen-> issued (shown as overdue when past its deadline)\n"
	"  complaint: received -handle-> handling -reply-> replied -close-> closed;\n"
	"    received -reply-> replied; handling -close-> closed\n"
	"  registry (site, inspector, device): active -close-> closed -reopen-> active\n"
	"Any submitted record can be voided (dustwatch void).\n\n"
	"Some steps need something first. reply needs the reply text (--text, or\n"
	"the form's reply field); closing a complaint needs the complainant's\n"
	"satisfaction (--satisfaction satisfied, basic, dissatisfied or unreached);\n"
	"rectify needs a re-inspection that found every problem rectified\n"
	"(dustwatch new reinspection --from NOTICE does it), or a comment saying\n"
	"what evidence was seen. A complaint unanswered past its deadline (the\n"
	"date received plus config complaint_days) is shown as overdue.\n";

static const char void_help[] =
	"Usage: dustwatch void ID --reason TEXT\n\n"
	"Voids a record in any status but draft: it stays in the log, marked void,\n"
	"with the reason, and can no longer change.\n";

static const char discard_help[] =
	"Usage: dustwatch discard ID\n\nDeletes a draft, or the pending edit of a submitted record (the edits\nmade in the terminal UI and not submitted; the record stays). A submitted\nrecord itself is never discarded: it is voided.\n";

typedef struct {
	const char *op, *ref, *note, *text, *satisfaction;
	const char **refs; /* approve and return: every ID, refs[0] == ref */
	size_t n;
} step_args;

/* A word that cannot name a record: ids and numbers have digits (an id
 * begins with the time, a number holds the year). */
static int unlike_id(const char *w)
{
	return !w[strcspn(w, "0123456789")];
}

static int take_id(const cmd_option *o, const char *arg, void *payload)
{
	step_args *x = payload;
	(void)o;
	if (unlike_id(arg))
		return err_set("unexpected '%s': not a record id or number", arg);
	x->refs = xrealloc(x->refs, (x->n + 1) * sizeof *x->refs);
	x->refs[x->n++] = arg;
	return 0;
}

/* Every step reads ID and, for all but discard, a note option: --comment,
 * or --reason for void. */
static int parse(step_args *x, int argc, char **argv, const char *help, const char *note_opt, const char *note_help)
{
	/* reply's text and close's satisfaction: only where the step takes them. */
	cmd_option opts[] = {
		OPT_STRING(note_opt, 0, &x->note, "TEXT", note_help),
		OPT_END(),
		OPT_END(),
	};
	if (str_eq(x->op, "reply"))
		opts[1] = (cmd_option)OPT_STRING("text", 0, &x->text, "TEXT", "the reply to the complainant");
	else if (str_eq(x->op, "close"))
		opts[1] = (cmd_option)OPT_STRING("satisfaction", 0, &x->satisfaction, "S",
						 "a complaint's: satisfied, basic, dissatisfied or unreached");
	int rc = cmd_options(x->op, help, note_opt ? opts : opts + 1, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if ((rc = cmd_args(x->op, argc, argv, (const char **[]){&x->ref}, 1)) != CMD_RUN)
		return rc;
	if (!x->ref)
		return usage_error(x->op, "needs an ID");
	return CMD_RUN;
}

static int step_parse(void *args, int argc, char **argv)
{
	step_args *x = args;
	x->op = argv[0];
	if (!str_eq(x->op, "approve") && !str_eq(x->op, "return"))
		return parse(x, argc, argv, step_help, "comment", "why (return needs one)");
	const cmd_option opts[] = {
		OPT_STRING("comment", 0, &x->note, "TEXT", "why (return needs one)"),
		OPT_ARGS(take_id, x),
		OPT_END(),
	};
	int rc = cmd_options(x->op, step_help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if (!x->n)
		return usage_error(x->op, "needs an ID");
	x->ref = x->refs[0];
	return CMD_RUN;
}

static void step_done(void *args)
{
	step_args *x = args;
	free(x->refs);
}

static int void_parse(void *args, int argc, char **argv)
{
	step_args *x = args;
	x->op = "void";
	return parse(x, argc, argv, void_help, "reason", "why it is void");
}

static int discard_parse(void *args, int argc, char **argv)
{
	step_args *x = args;
	x->op = "discard";
	return parse(x, argc, argv, discard_help, NULL, NULL);
}

/* Several records: every one looked up before any is changed. */
static int steps_run(app *a, step_args *x)
{
	char **ids = xcalloc(x->n, sizeof *ids);
	int rc = 0;
	for (size_t i = 0; i < x->n; i++)
		if (!(ids[i] = resolve_or_fail(a, NULL, x->refs[i])))
			rc = 1;
	for (size_t i = 0; i < x->n && rc == 0; i++)
		if (rec_step(a, ids[i], x->op, x->note) < 0)
			ids[i][0] = 0, fail("%s: %s", x->refs[i], err_msg());
	for (size_t i = 0; i < x->n; i++) {
		if (ids[i] && !ids[i][0])
			rc = 1;
		free(ids[i]);
	}
	free(ids);
	return rc;
}

static int step_run(app *a, void *args)
{
	step_args *x = args;
	if (x->n > 1)
		return steps_run(a, x);
	char *id = resolve_or_fail(a, NULL, x->ref);
	int rc = 1;
	json_t *problems = json_array();
	const char *value = x->text ? x->text : x->satisfaction;
	if (id && (str_eq(x->op, "discard") ? rec_discard(a, id) : rec_step_with(a, id, x->op, x->note, value, problems)) < 0) {
		print_problems(problems);
		fail("%s", err_msg());
	} else if (id)
		rc = 0;
	json_decref(problems);
	free(id);
	return rc;
}

const command_ops cmd_step = {sizeof(step_args), step_parse, step_run, step_done};
const command_ops cmd_void = {sizeof(step_args), void_parse, step_run, NULL};
const command_ops cmd_discard = {sizeof(step_args), discard_parse, step_run, NULL};
