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
#include "revoke.h"
#include "seal.h"
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
	"Usage: dustwatch enroll DEVICE PUBKEY [--role ROLE] [--holder NAME,PHONE] [--description TEXT]\n"
	"       dustwatch enroll DEVICE --role ROLE\n\n"
	"In the station admin's data directory: registers device DEVICE with its\n"
	"public key (from 'dustwatch key' on the laptop) and its holder's role:\n"
	"inspector (the default), supervisor or admin. Only a supervisor's or an\n"
	"admin's device may approve, return, close a notice, settle a conflict,\n"
	"void another device's record or reopen. Without PUBKEY it changes the role\n"
	"of a device enrolled already (a new event of the device record). A new\n"
	"PUBKEY for a device enrolled already (a replacement laptop) revokes the\n"
	"old key at the station's head of its branch (see 'dustwatch revoke').\n"
	"The device record is synced to every machine with the admin's next sync.\n";

typedef struct {
	const char *dir, *url;
} station_args;

static int station_parse(void *args, int argc, char **argv)
{
	station_args *x = args;
	const cmd_option opts[] = {
		OPT_STRING("remote", 0, &x->url, "URL", "the URL the admin's own sync reaches it by"),
		OPT_END(),
	};
	const cmd_option none[] = {OPT_END()};
	int rc = cmd_options("station", station_help, none, &argc, argv, OPT_KEEP_UNKNOWN | OPT_STOP_AT_ARG);
	if (rc != CMD_RUN)
		return rc;
	if (argc < 2 || !str_eq(argv[1], "init"))
		return usage_error("station", "expected init DIR");
	argc--, argv++; /* init's own options and DIR */
	if ((rc = cmd_options("station", station_help, opts, &argc, argv, 0)) == CMD_RUN)
		rc = cmd_args("station", argc, argv, (const char **[]){&x->dir}, 1);
	if (rc == CMD_RUN && !x->dir)
		return usage_error("station", "expected init DIR");
	return rc;
}

static int station_run(app *a, void *args)
{
	station_args *x = args;
	const char *dir = x->dir, *url = x->url;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return fail("cannot find the dustwatch binary for the hook");
	exe[n] = 0;
	char *cwd = dir[0] == '/' ? NULL : getcwd(NULL, 0);
	char *abs = cwd ? xasprintf("%s/%s", cwd, dir) : xstrdup(dir);
	free(cwd);
	int rc = station_init(a, abs, exe);
	if (rc == 0 && url)
		rc = sync_remote_add(a, "origin", url);
	if (rc < 0)
		fail("%s", err_msg());
	else {
		char fp[48];
		sync_fingerprint(a->me.pk, fp, sizeof fp);
		printf("station %s: central repository %s, trusting device %s, key fingerprint %s\n", a->station, abs,
		       a->device, fp);
	}
	free(abs);
	return rc < 0 ? 1 : 0;
}

const command_ops cmd_station = {sizeof(station_args), station_parse, station_run, NULL};

/* As a hook it is given no arguments; any it is given are passed over. */
static int verify_parse(void *args, int argc, char **argv)
{
	const cmd_option none[] = {OPT_END()};
	(void)args;
	return cmd_options("verify", verify_help, none, &argc, argv, OPT_KEEP_UNKNOWN | OPT_STOP_AT_ARG);
}

static int verify_run(app *unused, void *args)
{
	(void)unused, (void)args;
	strbuf in;
	char buf[4096];
	size_t got;
	sb_init(&in);
	while ((got = fread(buf, 1, sizeof buf, stdin)) > 0)
		sb_add(&in, buf, got);
	char *note = NULL;
	int rc = station_verify_push(in.s ? in.s : "", &note);
	sb_free(&in);
	if (note)
		fprintf(stderr, STATION_NOTE "%s\n", note);
	free(note);
	if (rc == STATION_REFUSED)
		fprintf(stderr, "dustwatch verify: refused: %s\n", err_msg());
	else if (rc < 0)
		fprintf(stderr, "dustwatch verify: %s\n", err_msg());
	return rc < 0 ? 1 : 0;
}

const command_ops cmd_verify = {0, verify_parse, verify_run, NULL};

typedef struct {
	int fingerprint;
} key_args;

static int key_parse(void *args, int argc, char **argv)
{
	key_args *x = args;
	const cmd_option opts[] = {
		OPT_FLAG("fingerprint", 0, &x->fingerprint, "print its fingerprint instead"),
		OPT_END(),
	};
	int rc = cmd_options("key", key_help, opts, &argc, argv, 0);
	if (rc == CMD_RUN && argc > 1)
		return usage_error("key", "unexpected '%s'", argv[1]);
	return rc;
}

static int key_run(app *a, void *args)
{
	key_args *x = args;
	char out[65];
	if (x->fingerprint)
		sync_fingerprint(a->me.pk, out, sizeof out);
	else
		hex_encode(a->me.pk, 32, out);
	puts(out);
	return 0;
}

const command_ops cmd_key = {sizeof(key_args), key_parse, key_run, NULL};

typedef struct {
	const char *dev, *pk, *holder, *desc, *role;
} enroll_args;

static int enroll_parse(void *args, int argc, char **argv)
{
	enroll_args *x = args;
	x->holder = "待登记,13000000000";
	const cmd_option opts[] = {
		OPT_STRING("holder", 0, &x->holder, "NAME,PHONE", "who holds the device (default 待登记,13000000000)"),
		OPT_STRING("description", 0, &x->desc, "TEXT", "what the device is"),
		OPT_STRING("role", 0, &x->role, "ROLE", "inspector (default), supervisor or admin"),
		OPT_END(),
	};
	int rc = cmd_options("enroll", enroll_help, opts, &argc, argv, 0);
	if (rc == CMD_RUN)
		rc = cmd_args("enroll", argc, argv, (const char **[]){&x->dev, &x->pk}, 2);
	if (rc == CMD_RUN && (!x->dev || (!x->pk && !x->role)))
		return usage_error("enroll", "expected DEVICE PUBKEY, or DEVICE --role ROLE");
	if (rc == CMD_RUN && x->role && role_parse(x->role) < 0)
		return usage_error("enroll", "--role is inspector, supervisor or admin, not '%s'", x->role);
	return rc;
}

/* The station's personal data key for a supervisor's or an admin's device
 * (seal.h), sealed to its key pk (hex) for its record's station_secret;
 * NULL for an inspector's, or where this machine holds no sealing key (a
 * station made before there was one). */
static char *secret_for_role(app *a, const char *role_name, const char *pk_hex)
{
	unsigned char pk[32];
	if (!role_name || str_eq(role_name, "inspector") || !pk_hex || hex_decode(pk_hex, pk, 32) < 0)
		return NULL;
	return seal_secret_for(a, pk);
}

/* A new event of an enrolled device's record, signed by the admin. */
static int change_role(app *a, const char *dev, const char *name)
{
	char *id = registry_record(a, dev), pk_hex[65];
	unsigned char pk[32];
	json_t *problems = json_array(), *fields = json_pack("{ss}", "role", name);
	int rc = 1;
	if (id && registry_key(a, dev, pk) == 0) {
		hex_encode(pk, 32, pk_hex);
		char *secret = secret_for_role(a, name, pk_hex);
		if (secret)
			json_object_set_new(fields, "station_secret", json_string(secret));
		free(secret);
	}
	if (!id)
		fail("%s", err_msg());
	else if (rec_set(a, id, fields, problems) < 0) {
		print_problems(problems);
		fail("%s", err_msg());
	} else {
		printf("device %s is now %s %s's: it reaches every machine with this machine's next sync\n", dev,
		       str_eq(name, "inspector") || str_eq(name, "admin") ? "an" : "a", name);
		rc = 0;
	}
	free(id);
	json_decref(fields), json_decref(problems);
	return rc;
}

/* A replacement laptop: the old key revoked at the station's head of the
 * device's branch, then the device record's key (and role) changed. */
static int replace_key(app *a, const char *dev, const char *pk, const char *new_role)
{
	char *id = NULL, *cut = NULL;
	size_t kept = 0;
	json_t *problems = json_array(), *fields = json_pack("{ss}", "public_key", pk);
	int rc = 1;
	if (new_role)
		json_object_set_new(fields, "role", json_string(new_role));
	/* The old key's copy of the station's secret is no use to the new
	 * laptop: one sealed to the new key. */
	role was = registry_role(a, dev);
	char *secret = hex_is(pk, 64) ? secret_for_role(a, new_role ? new_role : role_name(was), pk) : NULL;
	if (secret)
		json_object_set_new(fields, "station_secret", json_string(secret));
	free(secret);
	if (!hex_is(pk, 64))
		fail("enroll %s: the public key is 64 hexadecimal digits (from 'dustwatch key' on the laptop)", dev);
	else if (!(id = registry_record(a, dev)) ||
		 revoke_device(a, dev, NULL, "replaced by a new key", &cut, &kept) < 0)
		fail("enroll %s: %s", dev, err_msg());
	else if (rec_set(a, id, fields, problems) < 0) {
		print_problems(problems);
		fail("%s", err_msg());
	} else {
		printf("device %s has a new key; the old one is revoked at commit %.12s (%zu event file%s kept): "
		       "it reaches every machine with this machine's next sync\n",
		       dev, *cut ? cut : "(none)", kept, kept == 1 ? "" : "s");
		rc = 0;
	}
	free(id), free(cut);
	json_decref(fields), json_decref(problems);
	return rc;
}

static int enroll_run(app *a, void *args)
{
	enroll_args *x = args;
	const char *dev = x->dev, *pk = x->pk, *holder = x->holder, *desc = x->desc;
	char *root = store_setting(a->db, "station_device");
	unsigned char key[32];
	json_t *problems = json_array(), *fields = NULL;
	char *id = NULL;
	int rc = 1;
	if (!str_eq(root, a->device)) {
		fail("only the station admin's data directory enrolls devices (run 'dustwatch station init' there)");
		goto out;
	}
	if (!pk) {
		rc = change_role(a, dev, x->role);
		goto out;
	}
	if (registry_key(a, dev, key) == 0) {
		char hex[65];
		hex_encode(key, 32, hex);
		if (str_eq(hex, pk))
			fail("device %s is enrolled already (change its role with 'dustwatch enroll %s --role ROLE')", dev,
			     dev);
		else
			rc = replace_key(a, dev, pk, x->role);
		goto out;
	}
	char *assign[7];
	size_t na = 0;
	assign[na++] = xasprintf("code=%s", dev);
	assign[na++] = xasprintf("public_key=%s", pk);
	assign[na++] = xasprintf("holder=%s", holder);
	if (desc)
		assign[na++] = xasprintf("description=%s", desc);
	const form *f = app_form(a, "device", 0);
	/* A station still on the device form's version 1 has no role field:
	 * its devices are inspectors' until it takes version 2. */
	if (x->role || (f && form_field(f, "role")))
		assign[na++] = xasprintf("role=%s", x->role ? x->role : "inspector");
	char *secret = secret_for_role(a, x->role, pk);
	if (secret && f && form_field(f, "station_secret"))
		assign[na++] = xasprintf("station_secret=%s", secret);
	free(secret);
	fields = f ? rec_parse_assignments(a, f, assign, na, problems) : NULL;
	for (size_t i = 0; i < na; i++)
		free(assign[i]);
	if (!f || !fields || json_array_size(problems) ||
	    rec_new(a, "device", fields, 1, problems, &id) < 0) {
		if (json_array_size(problems))
			print_problems(problems);
		fail("%s", f ? err_msg() : "no device form");
		goto out;
	}
	printf("enrolled %s as %s (record %s): it reaches every machine with this machine's next sync\n", dev,
	       x->role ? x->role : "inspector", id);
	rc = 0;
out:
	free(id), free(root);
	json_decref(fields), json_decref(problems);
	return rc;
}

const command_ops cmd_enroll = {sizeof(enroll_args), enroll_parse, enroll_run, NULL};
