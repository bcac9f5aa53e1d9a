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

int cmd_init(int argc, char **argv)
{
	const char *station = NULL, *device = NULL, *inspector = NULL, *remote = NULL, *v;
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(help);
		if ((v = opt_value(argc, argv, &i, "--station", &bad)))
			station = v;
		else if ((v = opt_value(argc, argv, &i, "--device", &bad)))
			device = v;
		else if ((v = opt_value(argc, argv, &i, "--inspector", &bad)))
			inspector = v;
		else if ((v = opt_value(argc, argv, &i, "--remote", &bad)))
			remote = v;
		else
			return usage_error("init", "unexpected '%s'", argv[i]);
		if (bad)
			return usage_error("init", "%s needs a value", argv[i]);
	}
	if (!station || !device || !inspector)
		return usage_error("init", "--station, --device and --inspector are all needed");
	char *home = app_home();
	int rc = app_init(home, station, device, inspector);
	if (rc == 0 && remote) {
		app a;
		rc = app_open(&a, home);
		if (rc == 0)
			rc = sync_remote_add(&a, "origin", remote);
		app_close(&a);
	}
	if (rc == 0)
		printf("initialised %s: station %s, device %s, inspector %s\n", home, station, device, inspector);
	else
		fail("%s", err_msg());
	free(home);
	return rc ? 1 : 0;
}
