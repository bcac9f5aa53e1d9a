/* approve, return, rectify, handle, reply, close, reopen, void, discard:
 * a record's lifecycle steps. The command's own name is the step. */
#include "cmd.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>

static const char step_help[] =
	"Usage: dustwatch STEP ID [--comment TEXT] [--text TEXT] [--satisfaction S]\n\n"
	"STEP is one of: approve, return (needs --comment), rectify, handle, reply,\n"
	"close, reopen. Each is a signed event, allowed only where the record's\n"
	"lifecycle allows it:\n"
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
} step_args;

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
	return parse(x, argc, argv, step_help, "comment", "why (return needs one)");
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

static int step_run(app *a, void *args)
{
	step_args *x = args;
	char *id = resolve_or_fail(a, x->ref);
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

const command_ops cmd_step = {sizeof(step_args), step_parse, step_run, NULL};
const command_ops cmd_void = {sizeof(step_args), void_parse, step_run, NULL};
const command_ops cmd_discard = {sizeof(step_args), discard_parse, step_run, NULL};
