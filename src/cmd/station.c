/*
 * station, verify, key, enroll: the station's side of sync. `station init`
 * makes the central repository, trusting this data directory's key;
 * `verify` is the pre-receive hook's judge; `key` prints this device's
 * public key and `enroll` registers another device's (a device record,
 * synced like any other).
 */
#include "hex.h"
#include "cmd.h"
#include "record.h"
#include "registry.h"
#include "station.h"
#include "sync.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char station_help[] =
	"Usage: dustwatch station init DIR [--remote URL]\n\n"
	"Run in the station admin's data directory: creates the central bare\n"
	"repository DIR (receive.denyNonFastForwards, receive.denyDeletes,\n"
	"receive.fsckObjects, a pre-receive hook running 'dustwatch verify') that\n"
	"trusts this device's key as the station's. --remote: the URL the admin's\n"
	"own sync uses to reach it (added as origin). Serve DIR with stock git:\n"
	"see sync/README.md.\n";

static const char verify_help[] =
	"Usage: dustwatch verify   (as a pre-receive hook: GIT_DIR set, \"OLD NEW REF\" lines on stdin)\n\n"
	"Accepts a push only when each ref is a device's branch that moves forward and\n"
	"adds only valid events signed by that device's enrolled key.\n";

static const char key_help[] =
	"Usage: dustwatch key [--fingerprint]\n\n"
	"Prints this device's public signing key (for 'dustwatch enroll' at the\n"
	"station), or its fingerprint.\n";

static const char enroll_help[] =
	"Usage: dustwatch enroll DEVICE PUBKEY [--holder NAME,PHONE] [--description TEXT]\n\n"
	"In the station admin's data directory: registers device DEVICE with its\n"
	"public key (from 'dustwatch key' on the laptop). The device record is\n"
	"synced to every machine with the admin's next sync.\n";

int cmd_station(int argc, char **argv)
{
	const char *dir = NULL, *url = NULL, *v;
	int bad = 0;
	if (argc > 1 && is_help(argv[1]))
		return show_help(station_help);
	if (argc < 3 || !str_eq(argv[1], "init"))
		return usage_error("station", "expected init DIR");
	for (int i = 2; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--remote", &bad)))
			url = v;
		else if (argv[i][0] != '-' && !dir)
			dir = argv[i];
		else
			return usage_error("station", "unexpected '%s'", argv[i]);
		if (bad)
			return usage_error("station", "--remote needs a value");
	}
	if (!dir)
		return usage_error("station", "expected init DIR");
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return fail("cannot find the dustwatch binary for the hook");
	exe[n] = 0;
	char *cwd = dir[0] == '/' ? NULL : getcwd(NULL, 0);
	char *abs = cwd ? xasprintf("%s/%s", cwd, dir) : xstrdup(dir);
	free(cwd);
	app a;
	if (open_app(&a) < 0) {
		free(abs);
		return 1;
	}
	int rc = station_init(&a, abs, exe);
	if (rc == 0 && url)
		rc = sync_remote_add(&a, "origin", url);
	if (rc < 0)
		fail("%s", err_msg());
	else {
		char fp[48];
		sync_fingerprint(a.me.pk, fp, sizeof fp);
		printf("station %s: central repository %s, trusting device %s, key fingerprint %s\n", a.station, abs,
		       a.device, fp);
	}
	free(abs);
	app_close(&a);
	return rc < 0 ? 1 : 0;
}

int cmd_verify(int argc, char **argv)
{
	if (argc > 1 && is_help(argv[1]))
		return show_help(verify_help);
	strbuf in;
	char buf[4096];
	size_t got;
	sb_init(&in);
	while ((got = fread(buf, 1, sizeof buf, stdin)) > 0)
		sb_add(&in, buf, got);
	int rc = station_verify_push(in.s ? in.s : "");
	sb_free(&in);
	if (rc == STATION_REFUSED)
		fprintf(stderr, "dustwatch verify: refused: %s\n", err_msg());
	else if (rc < 0)
		fprintf(stderr, "dustwatch verify: %s\n", err_msg());
	return rc < 0 ? 1 : 0;
}

int cmd_key(int argc, char **argv)
{
	int fpr = 0;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(key_help);
		if (str_eq(argv[i], "--fingerprint"))
			fpr = 1;
		else
			return usage_error("key", "unexpected '%s'", argv[i]);
	}
	app a;
	if (open_app(&a) < 0)
		return 1;
	char out[65];
	if (fpr)
		sync_fingerprint(a.me.pk, out, sizeof out);
	else
		hex_encode(a.me.pk, 32, out);
	puts(out);
	app_close(&a);
	return 0;
}

int cmd_enroll(int argc, char **argv)
{
	const char *dev = NULL, *pk = NULL, *holder = "待登记,13000000000", *desc = NULL, *v;
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return show_help(enroll_help);
		if ((v = opt_value(argc, argv, &i, "--holder", &bad)))
			holder = v;
		else if ((v = opt_value(argc, argv, &i, "--description", &bad)))
			desc = v;
		else if (argv[i][0] != '-' && !dev)
			dev = argv[i];
		else if (argv[i][0] != '-' && !pk)
			pk = argv[i];
		else
			return usage_error("enroll", "unexpected '%s'", argv[i]);
		if (bad)
			return usage_error("enroll", "%s needs a value", argv[i]);
	}
	if (!dev || !pk)
		return usage_error("enroll", "expected DEVICE PUBKEY");
	app a;
	if (open_app(&a) < 0)
		return 1;
	char *root = store_setting(a.db, "station_device");
	unsigned char key[32];
	json_t *problems = json_array(), *fields = NULL;
	char *id = NULL;
	int rc = 1;
	if (!str_eq(root, a.device)) {
		fail("only the station admin's data directory enrolls devices (run 'dustwatch station init' there)");
		goto out;
	}
	if (registry_key(&a, dev, key) == 0) {
		fail("device %s is enrolled already", dev);
		goto out;
	}
	char *assign[5];
	size_t na = 0;
	assign[na++] = xasprintf("code=%s", dev);
	assign[na++] = xasprintf("public_key=%s", pk);
	assign[na++] = xasprintf("holder=%s", holder);
	if (desc)
		assign[na++] = xasprintf("description=%s", desc);
	const form *f = app_form(&a, "device", 0);
	fields = f ? rec_parse_assignments(&a, f, assign, na, problems) : NULL;
	for (size_t i = 0; i < na; i++)
		free(assign[i]);
	if (!f || !fields || json_array_size(problems) ||
	    rec_new(&a, "device", fields, 1, problems, &id) < 0) {
		if (json_array_size(problems))
			print_problems(problems);
		fail("%s", f ? err_msg() : "no device form");
		goto out;
	}
	printf("enrolled %s (record %s): it reaches every machine with this machine's next sync\n", dev, id);
	rc = 0;
out:
	free(id), free(root);
	json_decref(fields), json_decref(problems);
	app_close(&a);
	return rc;
}
