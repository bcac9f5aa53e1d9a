/*
 * revoke: `dustwatch revoke DEVICE --reason TEXT [--at COMMIT]`, the
 * station admin's answer to a lost or stolen laptop (revoke.h).
 */
#include "cmd.h"
#include "revoke.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

static const char revoke_help[] =
	"Usage: dustwatch revoke DEVICE --reason TEXT [--at COMMIT]\n\n"
	"In the station admin's data directory: revokes DEVICE's key (a lost or\n"
	"stolen laptop). Everything the device wrote up to the last commit of its\n"
	"branch that the station holds (as this data directory last fetched it:\n"
	"run 'dustwatch sync' first), or up to COMMIT, stays valid; every machine\n"
	"quarantines any later event signed by that key (\"revoked: TEXT\") and\n"
	"the station refuses any later push of the device's branch. A new laptop\n"
	"for the same device code: 'dustwatch enroll DEVICE NEWKEY'. The\n"
	"revocation reaches every machine with this machine's next sync.\n";

typedef struct {
	const char *dev, *reason, *at;
} revoke_args;

static int revoke_parse(void *args, int argc, char **argv)
{
	revoke_args *x = args;
	const cmd_option opts[] = {
		OPT_STRING("reason", 0, &x->reason, "TEXT", "why (required): lost, stolen, ..."),
		OPT_STRING("at", 0, &x->at, "COMMIT", "the last commit of the device's branch to keep"),
		OPT_END(),
	};
	int rc = cmd_options("revoke", revoke_help, opts, &argc, argv, 0);
	if (rc == CMD_RUN)
		rc = cmd_args("revoke", argc, argv, (const char **[]){&x->dev}, 1);
	if (rc == CMD_RUN && !x->dev)
		return usage_error("revoke", "expected DEVICE");
	if (rc == CMD_RUN && !x->reason)
		return usage_error("revoke", "--reason TEXT is required: it is shown with every event refused");
	return rc;
}

static int revoke_run(app *a, void *args)
{
	revoke_args *x = args;
	char *cut = NULL;
	size_t kept = 0;
	if (revoke_device(a, x->dev, x->at, x->reason, &cut, &kept) < 0)
		return fail("revoke %s: %s", x->dev, err_msg());
	if (*cut)
		printf("revoked %s's key at commit %.12s (%zu event file%s kept): nothing it signs later is taken; "
		       "it reaches every machine with this machine's next sync\n",
		       x->dev, cut, kept, kept == 1 ? "" : "s");
	else
		printf("revoked %s's key: it never reached the station, nothing it signed is taken; it reaches every "
		       "machine with this machine's next sync\n",
		       x->dev);
	free(cut);
	return 0;
}

const command_ops cmd_revoke = {sizeof(revoke_args), revoke_parse, revoke_run, NULL};

static const char admit_help[] =
	"Usage: dustwatch admit FILE --note TEXT\n\n"
	"In the station admin's data directory: lets a quarantined event back in\n"
	"after review (say, written by a revoked laptop before it was lost but\n"
	"synced only after). FILE is the file's id as 'dustwatch quarantine' shows\n"
	"it (at least 7 digits). The event must be signed by a key its device has\n"
	"or had; it is written again by this admin's device, with the original\n"
	"and TEXT inside as evidence, and reaches every machine with the next sync.\n";

typedef struct {
	const char *file, *note;
} admit_args;

static int admit_parse(void *args, int argc, char **argv)
{
	admit_args *x = args;
	const cmd_option opts[] = {
		OPT_STRING("note", 0, &x->note, "TEXT", "what the review found (required)"),
		OPT_END(),
	};
	int rc = cmd_options("admit", admit_help, opts, &argc, argv, 0);
	if (rc == CMD_RUN)
		rc = cmd_args("admit", argc, argv, (const char **[]){&x->file}, 1);
	if (rc == CMD_RUN && !x->file)
		return usage_error("admit", "expected FILE (an id 'dustwatch quarantine' shows)");
	if (rc == CMD_RUN && !x->note)
		return usage_error("admit", "--note TEXT is required: what the review found");
	return rc;
}

static int admit_run(app *a, void *args)
{
	admit_args *x = args;
	char *what = NULL;
	if (revoke_admit(a, x->file, x->note, &what) < 0)
		return fail("admit %s: %s", x->file, err_msg());
	printf("let in the %s, written again by %s: it reaches every machine with this machine's next sync\n", what,
	       a->device);
	free(what);
	return 0;
}

const command_ops cmd_admit = {sizeof(admit_args), admit_parse, admit_run, NULL};
