/* init: creates this laptop's data directory, device key and identity. */
#include "cmd.h"
#include "sync.h"
#include "util.h"

#include <stdlib.h>

static const char help[] =
	"Usage: dustwatch init --station CODE --device CODE --inspector NAME [--remote URL]\n\n"
	"Creates the data directory ($DUSTWATCH_HOME, else $XDG_DATA_HOME/dustwatch,\n"
	"else ~/.local/share/dustwatch),\n"
	"its database and this device's Ed25519 signing key (keys/device.key).\n"
	"CODE: 1-8 capital letters and digits, starting with a letter (HH, A03).\n"
	"--remote: the station's repository, for 'dustwatch sync' (remote origin).\n";

typedef struct {
	const char *station, *device, *inspector, *remote;
} init_args;

static int init_parse(void *args, int argc, char **argv)
{
	init_args *x = args;
	const cmd_option opts[] = {
		OPT_STRING("station", 0, &x->station, "CODE", "the station's code (HH)"),
		OPT_STRING("device", 0, &x->device, "CODE", "this laptop's code (A03)"),
		OPT_STRING("inspector", 0, &x->inspector, "NAME", "the inspector's name"),
		OPT_STRING("remote", 0, &x->remote, "URL", "the station's repository, for sync (remote origin)"),
		OPT_END(),
	};
	int rc = cmd_options("init", help, opts, &argc, argv, 0);
	if (rc != CMD_RUN)
		return rc;
	if (argc > 1)
		return usage_error("init", "unexpected '%s'", argv[1]);
	if (!x->station || !x->device || !x->inspector)
		return usage_error("init", "--station, --device and --inspector are all needed");
	return CMD_RUN;
}

static int init_run(app *unused, void *args)
{
	init_args *x = args;
	(void)unused;
	char *home = app_home();
	int rc = app_init(home, x->station, x->device, x->inspector);
	if (rc == 0 && x->remote) {
		app a;
		rc = app_open(&a, home);
		if (rc == 0)
			rc = sync_remote_add(&a, "origin", x->remote);
		app_close(&a);
	}
	if (rc == 0)
		printf("initialised %s: station %s, device %s, inspector %s\n", home, x->station, x->device, x->inspector);
	else
		fail("%s", err_msg());
	free(home);
	return rc ? 1 : 0;
}

const command_ops cmd_init = {sizeof(init_args), init_parse, init_run, NULL};
