/* approve, return, rectify, handle, reply, close, reopen, void, discard:
 * a record's lifecycle steps. The command's own name is the step. */
#include "cmd.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>

static const char step_help[] =
	"Usage: dustwatch STEP ID [--comment TEXT]\n\n"
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
	"Any submitted record can be voided (dustwatch void).\n";

static const char void_help[] =
	"Usage: dustwatch void ID --reason TEXT\n\n"
	"Voids a record in any status but draft: it stays in the log, marked void,\n"
	"with the reason, and can no longer change.\n";

static const char discard_help[] =
	"Usage: dustwatch discard ID\n\nDeletes a draft, or the pending edit of a submitted record (the edits\nmade in the terminal UI and not submitted; the record stays). A submitted\nrecord itself is never discarded: it is voided.\n";

static int run(int argc, char **argv, const char *op, const char *help, const char *note_opt)
{
	const char *ref = NULL, *note = NULL, *v;
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(help);
		if (note_opt && (v = opt_value(argc, argv, &i, note_opt, &bad)))
			note = v;
		else if (argv[i][0] != '-' && !ref)
			ref = argv[i];
		else
			return usage_error(op, "unexpected '%s'", argv[i]);
		if (bad)
			return usage_error(op, "%s needs a value", argv[i]);
	}
	if (!ref)
		return usage_error(op, "needs an ID");
	app a;
	if (open_app(&a) < 0)
		return 1;
	char *id = resolve_or_fail(&a, ref);
	int rc = 1;
	if (id && (str_eq(op, "discard") ? rec_discard(&a, id) : rec_step(&a, id, op, note)) < 0)
		fail("%s", err_msg());
	else if (id)
		rc = 0;
	free(id);
	app_close(&a);
	return rc;
}

int cmd_step(int argc, char **argv)
{
	return run(argc, argv, argv[0], step_help, "--comment");
}

int cmd_void(int argc, char **argv)
{
	return run(argc, argv, "void", void_help, "--reason");
}

int cmd_discard(int argc, char **argv)
{
	return run(argc, argv, "discard", discard_help, NULL);
}
