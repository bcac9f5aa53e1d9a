/*
 * station: the central repository's setup and the judgement of pushes
 * (see station.h). A push is accepted only when every ref it updates is a
 * device branch, moves forward (the old tip an ancestor of the new), and
 * adds files only, each under the device's own folders: an event named by
 * its blob id, in canonical form, hashing to its id, of that device and
 * signed by its enrolled key (device records only by the station's), or an
 * attachment named by its SHA-256.
 */
#include "hex.h"
#include "station.h"
#include "repo.h"
#include "seal.h"
#include "station_settings.h"
#include "util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char hook_text[] =
	"#!/bin/sh\n"
	"# dustwatch pre-receive hook: every pushed ref is checked by `dustwatch verify`\n"
	"# (device branches only, fast-forward only, only new files that are valid\n"
	"# events signed by the device's enrolled key). Installed by `dustwatch station init`.\n"
	"exec \"${DUSTWATCH_BIN:-%s}\" verify\n";

static int write_station_ref(git_repository *r, app *a)
{
	char pk[65];
	hex_encode(a->me.pk, 32, pk);
	json_t *j = json_pack("{ssssss}", "station", a->station, "device", a->device, "public_key", pk);
	int rc = repo_write_json(r, REPO_STATION_REF, "station.json", j, a->device, "station key\n");
	json_decref(j);
	return rc;
}

int station_init(app *a, const char *dir, const char *exe)
{
	git_repository *r = NULL;
	git_config *cfg = NULL;
	char *hook = NULL, *text = NULL, *known = NULL;
	int rc = -1;
	repo_global_init();
	if (access(dir, F_OK) == 0) {
		err_set("%s exists already", dir);
		goto out;
	}
	known = store_setting(a->db, "station_device");
	if (known && !str_eq(known, a->device)) {
		err_set("this data directory trusts station admin %s: run station init in the admin's", known);
		goto out;
	}
	if (git_repository_init(&r, dir, 1) < 0 || git_repository_config(&cfg, r) < 0 ||
	    git_config_set_bool(cfg, "receive.denyNonFastForwards", 1) < 0 ||
	    git_config_set_bool(cfg, "receive.denyDeletes", 1) < 0 ||
	    git_config_set_bool(cfg, "receive.fsckObjects", 1) < 0 ||
	    git_config_set_bool(cfg, "daemon.receivepack", 1) < 0 ||
	    git_config_set_string(cfg, "dustwatch.station", a->station) < 0) {
		repo_err(dir);
		goto out;
	}
	if (write_station_ref(r, a) < 0)
		goto out;
	hook = xasprintf("%s/hooks/pre-receive", dir);
	text = xasprintf(hook_text, exe);
	{
		char *hd = xasprintf("%s/hooks", dir);
		int e = mkdir_p(hd, 0755);
		free(hd);
		if (e < 0 || write_file_atomic(hook, text, strlen(text), 0755) < 0)
			goto out;
	}
	char pk[65];
	hex_encode(a->me.pk, 32, pk);
	if (store_set_setting(a->db, "station_device", a->device) < 0 || store_set_setting(a->db, "station_key", pk) < 0)
		goto out;
	/* The key private fields are sealed to: its public half travels in
	 * the station's settings record (seal.h). One made before (the demo's,
	 * or a second central repository's) is kept: values are sealed to it. */
	char seal_pk[65], *known_seal = station_setting(a, "seal_key");
	json_t *problems = json_array();
	if (known_seal && seal_held(a))
		rc = 0;
	else
		rc = seal_make_station_key(a, seal_pk) < 0 || station_setting_set(a, "seal_key", seal_pk, problems) < 0
			     ? -1
			     : 0;
	free(known_seal);
	json_decref(problems);
out:
	free(hook), free(text), free(known);
	git_config_free(cfg);
	git_repository_free(r);
	return rc;
}
