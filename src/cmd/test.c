/*
 * test-*: hidden commands that expose internals to the tests, as Fossil's
 * test-* commands do. They are not in `dustwatch --help`; main.c sends any
 * command whose name starts with "test-" here. `test-stall N COMMAND ...`
 * runs COMMAND with a draft edit stopping for good after its Nth field is
 * saved (saying so on stderr), so a test can kill it between two fields.
 */
#include "cmd.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <unistd.h>

static const char test_help[] =
	"Usage: dustwatch test-stall N COMMAND [ARGS]   (for the tests)\n\n"
	"Runs COMMAND; a draft edit stops after its Nth field is saved and waits\n"
	"to be killed, after printing \"stalled after N fields\" on stderr.\n";

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
