/*
 * sync_reindex: `dustwatch reindex`, the database rebuilt from the
 * repository. Pending local events are committed first, so nothing is
 * lost; then, in one transaction, events and submitted records are
 * cleared and every device ref is imported and verified again: this
 * device's own branch, then the station admin's (whose device records are
 * the registry of keys), then the others, then the files that waited for
 * a key. Events on local branches (refs/heads/devices/...) were written here
 * and come back as local. Drafts and settings are this machine's own and stay.
 */
#include "sync_impl.h"
#include "seal.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 0 own branch, 1 the station admin's, 2 the rest. */
static int rank(const char *ref, const char *own, const char *root)
{
	const char *dev = strstr(ref, "devices/") + 8;
	if (str_starts(ref, REPO_DEVICE_PREFIX) && str_eq(dev, own))
		return 0;
	return root && str_eq(dev, root) ? 1 : 2;
}

/* A remote-tracking ref is walked against the local branch of the same
 * device, when there is one (the own device's; every device's in the
 * demo's data directory): the events of both were imported with the
 * local branch, ranked before it. NULL: a local branch, walked whole. */
static char *base_of(const char *ref)
{
	return str_starts(ref, REPO_DEVICE_PREFIX) ? NULL
						    : xasprintf(REPO_DEVICE_PREFIX "%s", strstr(ref, "devices/") + 8);
}

/* *bt NULL: walk it all. */
static int trees_of(git_repository *r, const char *ref, git_oid *tip, git_tree **t, git_oid *base, git_tree **bt)
{
	*bt = NULL;
	if (repo_ref_tree(r, ref, tip, t) < 0)
		return -1;
	char *lref = base_of(ref);
	int rc = lref ? repo_ref_tree(r, lref, base, bt) : 0;
	free(lref);
	return rc;
}

/* The commits' messages of every walk, read on the other core while this
 * one counts the files (sync_vouch.c). */
static sync_read_ahead *read_ahead(git_repository *r, const repo_refs *all)
{
	char **bases = xcalloc(all->n + 1, sizeof *bases);
	for (size_t i = 0; i < all->n; i++)
		bases[i] = base_of(all->v[i]);
	sync_read_ahead *ra = sync_read_ahead_start(r, all->v, bases, all->n);
	for (size_t i = 0; i < all->n; i++)
		free(bases[i]);
	free(bases);
	return ra;
}

static int import_whole(sync_ctx *c, const char *ref, int local)
{
	git_oid tip, base;
	git_tree *t = NULL, *bt = NULL;
	char hex[GIT_OID_HEXSZ + 1], stamp[32];
	int rc = -1;
	if (trees_of(c->r, ref, &tip, &t, &base, &bt) < 0)
		goto out;
	rc = sync_import_trees(c, ref, bt ? &base : NULL, bt, &tip, t, local, 0);
	if (rc == 0 && str_starts(ref, "refs/remotes/")) {
		git_oid_tostr(hex, sizeof hex, &tip);
		app_stamp(c->a, stamp);
		rc = store_set_sync_ref(c->a->db, ref, hex, stamp);
	}
out:
	git_tree_free(t), git_tree_free(bt);
	return rc;
}

int sync_reindex(app *a, sync_stats *st, sync_progress_cb progress, void *payload)
{
	git_repository *r = NULL;
	repo_refs all = {0};
	char *root = NULL, *own = NULL, *station_ref = NULL;
	json_t *summaries = NULL;
	int rc = -1, began = 0;
	/* One fold per record, after every branch: an edit imported before
	 * its record's create (another device's) is not a failure here. */
	/* The clocks kept as events are added: reading every event for them
	 * after the load was 0.28 s of 201,135 events' on one core. */
	sync_ctx c = {.a = a, .st = st, .progress = progress, .payload = payload, .pipelined = 1, .clocks = json_object()};
	if (!st->from)
		st->from = json_object();
	/* The database is rebuilt from the repository: without one (or with
	 * fewer events in it than the database holds, below) clearing the
	 * database would lose what only it still has. */
	int64_t had = store_count_events(a->db);
	store_sync_count before;
	if (store_sync_counts(a->db, &before, had + 1) < 0)
		goto out;
	/* Events never committed (a laptop that never synced) make no repository. */
	int64_t committed = had - before.uncommitted;
	char *path = xasprintf("%s/repo.git", a->home);
	int missing = committed > 0 && access(path, F_OK) != 0;
	if (missing)
		err_set("there is no repository at %s to rebuild the database's %lld events from", path,
			(long long)committed);
	free(path);
	if (missing || repo_open(&r, a->home) < 0)
		goto out;
	/* A sync killed between a fetch that took packs whole and its import
	 * left them unread: undone, as the next sync would (repo_taken.c);
	 * not while a sync runs, whose own they are. */
	int lock_fd;
	if (sync_lock_home(a->home, &lock_fd) == 0) {
		int undone = repo_taken_undo(r);
		close(lock_fd);
		if (undone < 0)
			goto out;
	}
	c.r = r;
	if (repo_commit_pending(a, r, &st->committed) < 0)
		goto out;
	if (repo_refs_glob(r, "refs/heads/devices/*", &all) < 0 ||
	    repo_refs_glob(r, "refs/remotes/*/devices/*", &all) < 0) {
		repo_err("refs");
		goto out;
	}
	c.refs = all.v, c.n_refs = all.n;
	root = store_setting(a->db, "station_device");
	own = repo_device_ref(a->device);
	c.read_ahead = read_ahead(r, &all);
	for (size_t i = 0; i < all.n; i++) {
		git_oid tip, base;
		git_tree *t = NULL, *bt = NULL;
		if (trees_of(r, all.v[i], &tip, &t, &base, &bt) < 0)
			goto out;
		repo_walk(r, bt, t, sync_count_added, NULL, &c.total);
		git_tree_free(t), git_tree_free(bt);
	}
	if ((int64_t)c.total < had) {
		err_set("the repository holds %zu event files but the database %lld events: a reindex would lose "
			"%lld of them (restore the repository's device branches, or sync from the station first)",
			c.total, (long long)had, (long long)(had - (int64_t)c.total));
		goto out;
	}
	/* In a fresh file when no other dustwatch has the database open
	 * (store_fresh.c): no clearing, no write-ahead log. */
	if (store_begin_fresh(a->db, 1) < 0)
		goto out;
	began = 1;
	/* The dashboard's summaries and the list indexes are built once at
	 * the end, not kept on each of the load's deletes and inserts (the
	 * summaries' triggers alone were 7 %). */
	if (store_bulk_pause(a->db, STORE_LOAD_IMPORT, &summaries) < 0 || store_clear_index(a->db) < 0 ||
	    store_set_setting(a->db, "station_tip", "") < 0)
		goto out;
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < all.n; i++)
			if (rank(all.v[i], a->device, root) == k &&
			    import_whole(&c, all.v[i], str_starts(all.v[i], REPO_DEVICE_PREFIX)) < 0)
				goto out;
	if (sync_fold_pending(&c) < 0)
		goto out;
	/* Files that waited for a key, or for their record's create event,
	 * imported later in the order: retried while that helps. */
	int64_t quarantined, left = -1;
	for (;;) {
		if ((quarantined = store_quarantine_count(a->db)) < 0)
			goto out;
		if (quarantined == 0 || quarantined == left)
			break;
		left = quarantined;
		if (sync_retry_quarantine(&c) < 0)
			goto out;
	}
	st->quarantined = (size_t)quarantined;
	station_ref = xasprintf("refs/remotes/origin/devices/%s", a->device);
	/* The clocks too: the next sync would otherwise read every event for
	 * them (db/012). */
	if (sync_mark_station(&c, station_ref) < 0 || store_set_device_clocks(a->db, c.clocks) < 0 ||
	    store_bulk_resume(a->db, summaries) < 0)
		goto out;
	if (store_commit(a->db) < 0)
		goto out;
	began = 0;
	if (progress)
		progress(payload, "import", c.total, c.total);
	if ((st->seal_learned = seal_learn(a)) < 0)
		goto out;
	rc = 0;
out:
	if (began)
		store_rollback(a->db);
	repo_refs_free(&all);
	json_decref(summaries);
	free(root), free(own), free(station_ref);
	sync_ctx_close(&c);
	json_decref(c.clocks);
	git_repository_free(r);
	return rc;
}
