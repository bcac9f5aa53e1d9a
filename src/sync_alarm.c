/*
 * sync_alarm: rewritten refs (sync.h). An import never follows a ref that
 * stopped descending from what it imported (sync_import_ref); the alarm
 * says where the histories part and what the old side had that the new
 * lacks, and the admin accepts the new history from a named commit once
 * both are checked. Only the files the new history adds since they part
 * are imported then, checked like any import's.
 */
#include "sync_impl.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int count_file(void *payload, const char *path, const git_tree_entry *e)
{
	(void)path, (void)e;
	++*(size_t *)payload;
	return 0;
}

static git_tree *commit_tree(git_repository *r, const git_oid *id)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	if (git_commit_lookup(&c, r, id) == 0)
		git_commit_tree(&t, c);
	git_commit_free(c);
	return t;
}

static void describe(git_repository *r, sync_alarm *x)
{
	git_oid old, seen, base;
	x->base = xstrdup("");
	if (git_oid_fromstr(&old, x->imported) < 0 || git_oid_fromstr(&seen, x->seen) < 0)
		return;
	if (git_merge_base(&base, r, &old, &seen) == 0) {
		char hex[GIT_OID_HEXSZ + 1];
		free(x->base);
		x->base = xstrdup(git_oid_tostr(hex, sizeof hex, &base));
	}
	git_graph_ahead_behind(&x->only_imported, &x->only_seen, r, &old, &seen);
	git_tree *ot = commit_tree(r, &old), *st = commit_tree(r, &seen);
	if (ot)
		repo_walk(r, st, ot, count_file, NULL, &x->files_missing);
	git_tree_free(ot), git_tree_free(st);
	git_error_clear();
}

typedef struct {
	sync_alarm *v;
	size_t n;
	git_repository *r;
} alarm_list;

static int take_alarm(void *payload, const char *ref, const char *imported, const char *seen)
{
	alarm_list *l = payload;
	/* The newest seen commit of each ref (rows come newest first). */
	if (l->n && str_eq(l->v[l->n - 1].ref, ref))
		return 0;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	sync_alarm *x = &l->v[l->n++];
	memset(x, 0, sizeof *x);
	x->ref = xstrdup(ref), x->imported = xstrdup(imported), x->seen = xstrdup(seen);
	describe(l->r, x);
	return 0;
}

int sync_alarms(app *a, sync_alarm **out, size_t *n)
{
	alarm_list l = {NULL, 0, NULL};
	int rc = repo_open(&l.r, a->home) < 0 ? -1 : store_alarms(a->db, take_alarm, &l);
	git_repository_free(l.r);
	if (rc != 0) {
		sync_alarms_free(l.v, l.n);
		l.v = NULL, l.n = 0;
	}
	*out = l.v, *n = l.n;
	return rc != 0 ? -1 : 0;
}

void sync_alarms_free(sync_alarm *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].ref), free(v[i].imported), free(v[i].seen), free(v[i].base);
	free(v);
}

/* Whether ref's remote carries the station's key. */
static int of_station(git_repository *r, const char *ref)
{
	const char *dev = strstr(ref, "/devices/");
	char *station = xasprintf("%.*s/station", (int)(dev - ref), ref);
	git_oid id;
	int yes = git_reference_name_to_id(&id, r, station) == 0;
	git_error_clear();
	free(station);
	return yes;
}

int sync_accept(app *a, const char *name, const char *commit, sync_stats *st)
{
	char *ref = str_starts(name, "refs/") ? xstrdup(name) : xasprintf("refs/remotes/%s", name);
	sync_alarm *v = NULL, *x = NULL;
	size_t n = 0;
	git_repository *r = NULL;
	git_oid tip, base;
	git_tree *nt = NULL, *bt = NULL;
	char hex[GIT_OID_HEXSZ + 1], stamp[32];
	int rc = -1;
	if (sync_alarms(a, &v, &n) < 0 || repo_open(&r, a->home) < 0)
		goto out;
	for (size_t i = 0; i < n && !x; i++)
		if (str_eq(v[i].ref, ref))
			x = &v[i];
	if (!x || !strstr(ref, "/devices/")) {
		err_set("no alarm for %s (see 'dustwatch alarm')", name);
		goto out;
	}
	if (repo_ref_tree(r, ref, &tip, &nt) < 0)
		goto out;
	git_oid_tostr(hex, sizeof hex, &tip);
	if (!str_eq(hex, commit) || !str_eq(x->seen, hex)) {
		err_set("%s is now at %s, not %s: run 'dustwatch sync' and 'dustwatch alarm' again, and check what "
			"changed",
			name, hex, commit);
		goto out;
	}
	int have_base = *x->base && git_oid_fromstr(&base, x->base) == 0 && (bt = commit_tree(r, &base)) != NULL;
	sync_ctx c = {.a = a, .r = r, .st = st, .refs = &ref, .n_refs = 1};
	if (!st->from)
		st->from = json_object();
	app_stamp(a, stamp);
	if (store_begin(a->db) < 0)
		goto out;
	if (sync_import_trees(&c, ref, have_base ? &base : NULL, bt, &tip, nt, 0, of_station(r, ref)) != 0 ||
	    sync_fold_pending(&c) < 0 || store_set_sync_ref(a->db, ref, hex, stamp) < 0 ||
	    store_clear_alarms(a->db, ref) < 0 || store_commit(a->db) < 0) {
		store_rollback(a->db);
		sync_ctx_close(&c);
		goto out;
	}
	sync_ctx_close(&c);
	rc = 0;
out:
	git_tree_free(nt), git_tree_free(bt);
	git_repository_free(r);
	sync_alarms_free(v, n);
	free(ref);
	return rc;
}
