/*
 * sync_adopt: taking the station's copy of this device's own branch
 * (sync_impl.h). The station holds the branch as the device's enrolled
 * keys signed it; a laptop that starts again (a new key for the same code,
 * or an old copy of a data directory) goes on from there instead of
 * pushing a history of its own the station refuses as not a fast-forward.
 */
#include "sync_impl.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	sync_ctx *c;
	char *prefix; /* blobs/<device>/ */
	int failed;
} attachment_back;

/* An attachment committed on the old own branch only: its data goes back
 * to blobs/ (it was dropped from there when committed) and it is pending
 * again, to be committed on top of the station's copy. */
static int attachment_back_one(void *payload, const char *path, const git_tree_entry *e)
{
	attachment_back *b = payload;
	app *a = b->c->a;
	char *data = NULL;
	size_t len = 0;
	if (!str_starts(path, b->prefix) || strchr(path + strlen(b->prefix), '/'))
		return 0;
	const char *hash = path + strlen(b->prefix);
	char *dir = xasprintf("%s/blobs/%.2s", a->home, hash), *file = xasprintf("%s/%s", dir, hash);
	int rc = repo_read_blob(b->c->r, git_tree_entry_id(e), APP_ATTACHMENT_MAX_BYTES, &data, &len);
	if (rc == 0)
		rc = mkdir_p(dir, 0700) < 0 || write_file_atomic(file, data, len, 0600) < 0 ||
			     store_set_attachment_blob(a->db, hash, NULL) < 0
			     ? -1
			     : 0;
	free(data), free(dir), free(file);
	return rc;
}

int sync_adopt_own(sync_ctx *c, const char *own, const char *tracking, git_oid *head)
{
	git_oid tip, mine;
	git_tree *tt = NULL, *mt = NULL;
	git_reference *ref = NULL;
	attachment_back b = {c, NULL, 0};
	int rc = -1;
	b.prefix = xasprintf("blobs/%s/", c->a->device);
	if (repo_ref_tree(c->r, tracking, &tip, &tt) < 0 || repo_ref_tree(c->r, own, &mine, &mt) < 0)
		goto out;
	/* The station's copy, imported as any device's branch would be. */
	if (store_begin(c->a->db) < 0)
		goto out;
	if (sync_import_ref(c, tracking, 1) < 0 || sync_fold_pending(c) < 0 || store_uncommit_local(c->a->db) < 0 ||
	    (mt && repo_walk(c->r, tt, mt, attachment_back_one, NULL, &b) != 0) || store_commit(c->a->db) < 0) {
		store_rollback(c->a->db);
		goto out;
	}
	if (git_reference_create(&ref, c->r, own, &tip, 1, "dustwatch: the station's copy of this device's branch") < 0) {
		repo_err(own);
		goto out;
	}
	size_t n = 0;
	if (repo_commit_pending(c->a, c->r, &n) < 0 || repo_ref_tree(c->r, own, head, NULL) < 0)
		goto out;
	c->st->committed += n;
	rc = 0;
out:
	free(b.prefix);
	git_reference_free(ref);
	git_tree_free(tt), git_tree_free(mt);
	return rc;
}
