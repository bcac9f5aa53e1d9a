/*
 * demo_central: the central repository and the second laptop of the demo
 * (see demo_central.h). It goes through the functions the commands use:
 * station_init as `station init`, a device record as `enroll`, sync_run as
 * `sync`. The demo's data directory writes for several devices, and a sync
 * pushes only its own branch, so the other devices' branches are pushed
 * here once, as their laptops would have done.
 */
#include "hex.h"
#include "demo_central.h"
#include "demo_hooks.h"
#include "record.h"
#include "station.h"
#include "sync.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define LAPTOP_DEVICE DEMO_LAPTOP_DEVICE
#define LAPTOP_INSPECTOR "刘洋"
#define LAPTOP_HOLDER "刘洋,13907450099"

void demo_central_free(demo_central_info *info)
{
	free(info->central);
	free(info->laptop);
	memset(info, 0, sizeof *info);
}

/* The second laptop: a new data directory with the central repository as
 * its origin. *pk_out: its public key in hex. */
static int make_laptop(const char *dir, const char *station, const char *url, char pk_out[65])
{
	app l;
	if (app_init(dir, station, LAPTOP_DEVICE, LAPTOP_INSPECTOR) < 0 || app_open(&l, dir) < 0)
		return -1;
	int rc = sync_remote_add(&l, "origin", url);
	if (rc == 0)
		hex_encode(l.me.pk, 32, pk_out);
	app_close(&l);
	return rc;
}

/* The admin enrolls the laptop: a device record with its key. */
static int enroll(app *a, const char *pk)
{
	json_t *problems = json_array(), *fields = NULL;
	char *id = NULL;
	char *assign[3] = {xasprintf("code=%s", LAPTOP_DEVICE), xasprintf("public_key=%s", pk),
			   xstrdup("holder=" LAPTOP_HOLDER)};
	const form *f = app_form(a, "device", 0);
	int rc = -1;
	if (!f)
		goto out;
	fields = rec_parse_assignments(a, f, assign, 3, problems);
	if (!fields || json_array_size(problems)) {
		err_set("demo: the laptop's device record is refused");
		goto out;
	}
	rc = rec_new(a, "device", fields, 1, problems, &id);
out:
	for (int i = 0; i < 3; i++)
		free(assign[i]);
	free(id);
	json_decref(fields), json_decref(problems);
	return rc;
}

int demo_central(const char *home, const char *exe, demo_central_info *out)
{
	char abs[PATH_MAX], pk[65];
	app a;
	sync_stats st = {0};
	demo_central_info info = {0};
	size_t committed = 0;
	int rc = -1, opened = 0;
	if (!realpath(home, abs))
		return err_set("%s: cannot resolve the path", home);
	info.central = xasprintf("%s/central.git", abs);
	info.laptop = xasprintf("%s/laptop-%s", abs, LAPTOP_DEVICE);
	if (app_open(&a, abs) < 0)
		goto out;
	opened = 1;
	if (station_init(&a, info.central, exe) < 0 || sync_remote_add(&a, "origin", info.central) < 0 ||
	    make_laptop(info.laptop, a.station, info.central, pk) < 0 || enroll(&a, pk) < 0 ||
	    repo_push_devices(&a, "origin", &committed) < 0)
		goto out;
	/* Every device branch of the demo is on the station now. */
	if (store_mark_committed_at_station(a.db) < 0)
		goto out;
	/* The admin's own sync: tracking refs and receipts, as after any sync. */
	if (sync_run(&a, "origin", &st, NULL, NULL) < 0)
		goto out;
	/* Every event is on a branch pushed: the demo committed most of them
	 * with their devices' keys before (demo.c), the rest just now. */
	(void)committed;
	info.pushed = (size_t)store_count_events(a.db);
	*out = info;
	memset(&info, 0, sizeof info);
	rc = 0;
out:
	sync_stats_free(&st);
	if (opened)
		app_close(&a);
	demo_central_free(&info);
	return rc;
}
