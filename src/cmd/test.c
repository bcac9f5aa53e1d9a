/*
 * test-*: hidden commands that expose internals to the tests, as Fossil's
 * test-* commands do. They are not in `dustwatch --help`; main.c sends any
 * command whose name starts with "test-" here. `test-stall N COMMAND ...`
 * runs COMMAND with a draft edit stopping for good after its Nth field is
 * saved (saying so on stderr), so a test can kill it between two fields.
 * `test-no-roles COMMAND ...` runs COMMAND with the role checks of this
 * machine off (role.h), so an inspector's device signs an approval as a
 * forger with its key would, for the import and the hook to refuse.
 */
#include "cmd.h"
#include "record.h"
#include "role.h"
#include "util.h"

#include <stdlib.h>
#include <unistd.h>

static const char test_help[] =
	"Usage: dustwatch test-stall N COMMAND [ARGS]   (for the tests)\n"
	"       dustwatch test-no-roles COMMAND [ARGS]\n\n"
	"test-stall runs COMMAND; a draft edit stops after its Nth field is saved\n"
	"and waits to be killed, after printing \"stalled after N fields\" on\n"
	"stderr. test-no-roles runs COMMAND with the role checks off.\n";

static void stall(int saved, void *arg)
{
	if (saved != *(const int *)arg)
		return;
	fprintf(stderr, "stalled after %d fields\n", saved);
	for (;;)
		pause();
}

int cmd_test(int argc, char **argv)
{
	static int after;
	char *end;
	if (argc > 1 && (str_eq(argv[1], "-h") || str_eq(argv[1], "--help"))) {
		fputs(test_help, stdout);
		return 0;
	}
	if (str_eq(argv[0], "test-no-roles")) {
		const command *c = argc > 1 ? cmd_find(argv[1]) : NULL;
		if (!c)
			return usage_error("test-no-roles", "expected COMMAND [ARGS]");
		role_skip_checks(1);
		return cmd_run(c, argc - 1, argv + 1);
	}
	if (!str_eq(argv[0], "test-stall"))
		return usage_error(argv[0], "no such test command");
	if (argc < 3 || (after = (int)strtol(argv[1], &end, 10)) < 1 || *end)
		return usage_error("test-stall", "expected N COMMAND [ARGS]");
	const command *c = cmd_find(argv[2]);
	if (!c)
		return usage_error("test-stall", "'%s' is not a command", argv[2]);
	rec_set_saved_hook(stall, &after);
	return cmd_run(c, argc - 2, argv + 2);
}
