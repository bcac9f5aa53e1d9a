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

typedef struct {
	char **v;
	size_t n;
} specs;

static int add_spec(const char *name, void *payload)
{
	specs *s = payload;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
	s->v[s->n++] = xasprintf("%s:%s", name, name); /* no '+': never force */
	return 0;
}

/* Commits every device's pending events on its branch and pushes all the
 * device branches to origin (a path: git's local transport). */
static int push_all(app *a, size_t *n_out)
{
	git_repository *r = NULL;
	git_remote *rem = NULL;
	specs s = {0};
	int rc = -1;
	if (repo_open(&r, a->home) < 0 || repo_commit_pending(a, r, n_out) < 0)
		goto out;
	if (git_reference_foreach_glob(r, REPO_DEVICE_PREFIX "*", add_spec, &s) < 0 ||
	    git_remote_lookup(&rem, r, "origin") < 0) {
		repo_err("demo: the device branches");
		goto out;
	}
	git_push_options po;
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	git_strarray sa = {s.v, s.n};
	if (s.n && git_remote_push(rem, &sa, &po) < 0) {
		repo_err("demo: push to the central repository");
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
	git_remote_free(rem);
	git_repository_free(r);
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
	    push_all(&a, &committed) < 0)
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
