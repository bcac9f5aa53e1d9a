/*
 * repo_commit: the device's pending events and attachments written into
 * the data directory's repository as signed commits, one per device
 * branch (repo_commit_pending; repo_commit_as for the demo, through
 * memory into one pack). See repo.h for the layout and the manifest.
 */
#include "hex.h"
#include "repo.h"
#include "demo_hooks.h"
#include "util.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

/* The pending events and attachments of one commit. */
typedef struct {
	git_repository *r;
	const char *device;
	git_tree_update *up;
	char **paths, **ids, **blobs;
	size_t n, n_events, cap;
	int failed;
} pending;

static void add_update(pending *p, const git_oid *blob, char *path, char *id)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->up = xrealloc(p->up, p->cap * sizeof *p->up);
		p->paths = xrealloc(p->paths, p->cap * sizeof *p->paths);
		p->ids = xrealloc(p->ids, p->cap * sizeof *p->ids);
		p->blobs = xrealloc(p->blobs, p->cap * sizeof *p->blobs);
	}
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, blob);
	p->paths[p->n] = path;
	p->ids[p->n] = id;
	p->blobs[p->n] = xstrdup(hex);
	p->up[p->n] = (git_tree_update){GIT_TREE_UPDATE_UPSERT, *blob, GIT_FILEMODE_BLOB, path};
	p->n++;
}

/* libgit2 leaves the message of the lookup before a write (the pack's
 * "failed to find pack entry"), and a write that fails for a full disk may
 * set none: cleared first, the failure is judged by errno (repo_err), not
 * by a stale message. */
static int write_blob(git_repository *r, const void *data, size_t len, git_oid *id)
{
	git_error_clear();
	return git_blob_create_from_buffer(id, r, data, len);
}

static int take_event(void *payload, const char *id, const char *device, const char *body, int64_t hlc_ms)
{
	pending *p = payload;
	(void)device; /* the walk's, p->device */
	if (p->n_events == REPO_COMMIT_EVENTS)
		return 1; /* the rest in the next commit */
	git_oid blob;
	if (write_blob(p->r, body, strlen(body), &blob) < 0)
		return repo_err("write event"), p->failed = 1, -1;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, &blob);
	time_t t = (time_t)(hlc_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	char *path = xasprintf("devices/%s/%04d/%02d/%02d/%s", p->device, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			       hex);
	add_update(p, &blob, path, xstrdup(id));
	p->n_events++;
	return 0;
}

static int take_attachments(app *a, pending *p)
{
	char **hashes = NULL;
	size_t n = 0;
	int rc = 0;
	if (store_pending_attachments(a->db, &hashes, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char *file = xasprintf("%s/blobs/%.2s/%s", a->home, hashes[i], hashes[i]);
		char *data = NULL;
		size_t len = 0;
		git_oid blob;
		if (rc == 0 && read_file(file, APP_ATTACHMENT_MAX_BYTES, &data, &len) == 0) {
			if (write_blob(p->r, data, len, &blob) < 0)
				rc = repo_err("write attachment");
			else
				add_update(p, &blob, xasprintf("blobs/%s/%s", a->device, hashes[i]), xstrdup(hashes[i]));
		}
		/* A file missing from blobs/ stays pending: it may come back. */
		free(data), free(file), free(hashes[i]);
	}
	free(hashes);
	return rc;
}

static void pending_free(pending *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->paths[i]), free(p->ids[i]), free(p->blobs[i]);
	free(p->up), free(p->paths), free(p->ids), free(p->blobs);
}

static int empty_tree(git_repository *r, git_tree **out)
{
	git_treebuilder *tb = NULL;
	git_oid id;
	int rc = -1;
	if (git_treebuilder_new(&tb, r, NULL) == 0 && git_treebuilder_write(&id, tb) == 0 &&
	    git_tree_lookup(out, r, &id) == 0)
		rc = 0;
	else
		repo_err("empty tree");
	git_treebuilder_free(tb);
	return rc;
}

/* Records the blob ids of what was committed, in one transaction: until
 * it commits, the events stay pending and the next commit writes the same
 * files again (same names, same tree: no new commit). */
static int mark_committed(app *a, const pending *p)
{
	if (store_begin(a->db) < 0)
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		int rc = i < p->n_events ? store_set_event_blob(a->db, p->ids[i], p->blobs[i], 0)
					 : store_set_attachment_blob(a->db, p->ids[i], p->blobs[i]);
		if (rc < 0) {
			store_rollback(a->db);
			return -1;
		}
	}
	return store_commit(a->db);
}

/* Flushes a loose object to the disk (libgit2 does not by default): the
 * repository's copy of an attachment is about to become the only one. */
static int sync_loose(git_repository *r, const char *blob)
{
	char *dir = xasprintf("%sobjects/%.2s", git_repository_path(r), blob);
	char *file = xasprintf("%s/%s", dir, blob + 2);
	int rc = -1;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
		if (rc == 0 && (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
			rc = fsync(fd);
			close(fd);
		}
	}
	free(dir), free(file);
	return rc;
}

/* Each attachment is kept once: when its commit is recorded, the data
 * directory's copy (blobs/) goes, and the repository's is read from then
 * on (rec_attachment_file). A copy that could not be flushed stays. */
static void drop_committed_copies(app *a, git_repository *r, const pending *p)
{
	for (size_t i = p->n_events; i < p->n; i++) {
		if (sync_loose(r, p->blobs[i]) < 0)
			continue;
		char *file = xasprintf("%s/blobs/%.2s/%s", a->home, p->ids[i], p->ids[i]);
		unlink(file);
		free(file);
	}
}

/* "N events from DEV", and with the device's key, the manifest: the ids
 * of the events the commit adds, signed. An import checks one signature
 * per commit for them instead of one per event (sync_vouch.c). */
static char *commit_message(const pending *p, const signer *key)
{
	strbuf m;
	sb_init(&m);
	sb_printf(&m, "%zu events from %s\n", p->n_events, p->device);
	if (!key)
		return m.s;
	sb_puts(&m, "\n");
	size_t from = m.len;
	sb_printf(&m, "%s %s\n", REPO_MANIFEST, p->device);
	for (size_t i = 0; i < p->n_events; i++)
		sb_printf(&m, "%s\n", p->ids[i]);
	unsigned char sig[64];
	char hex[129];
	crypto_sign_detached(sig, NULL, (const unsigned char *)m.s + from, m.len - from, key->sk);
	hex_encode(sig, 64, hex);
	sb_printf(&m, "%s %s\n", REPO_MANIFEST_SIG, hex);
	return m.s;
}

/* Commits the pending events of one device (and, for this device, the
 * attachments) on that device's branch; key signs the manifest (NULL:
 * none). */
static int commit_device(app *a, git_repository *r, const char *device, const signer *key, size_t *n_out)
{
	pending p = {.r = r, .device = device};
	char *ref = repo_device_ref(device);
	git_tree *base = NULL, *tree = NULL;
	git_commit *parent = NULL;
	git_signature *sig = NULL;
	git_oid head, tree_id, commit_id;
	int rc = -1;
	if (store_pending_events(a->db, device, take_event, &p) < 0 || p.failed ||
	    (str_eq(device, a->device) && take_attachments(a, &p) < 0))
		goto out;
	if (p.n == 0) {
		*n_out = 0;
		rc = 0;
		goto out;
	}
	if (repo_ref_tree(r, ref, &head, &base) < 0)
		goto out;
	if (base && git_commit_lookup(&parent, r, &head) < 0) {
		repo_err(ref);
		goto out;
	}
	if (!base && empty_tree(r, &base) < 0)
		goto out;
	if (git_tree_create_updated(&tree_id, r, base, p.n, p.up) < 0) {
		repo_err("build tree");
		goto out;
	}
	if (parent && git_oid_equal(&tree_id, git_tree_id(base))) {
		/* Committed before, by a run that stopped before recording it. */
		commit_id = head;
	} else {
		char *msg = commit_message(&p, key);
		const git_commit *parents[1] = {parent};
		int e = git_signature_new(&sig, device, "dustwatch@localhost", app_now(a) / 1000, 0) < 0 ||
				git_tree_lookup(&tree, r, &tree_id) < 0 ||
				git_commit_create(&commit_id, r, NULL, sig, sig, NULL, msg, tree, parent ? 1 : 0,
						  parents) < 0;
		free(msg);
		git_reference *nref = NULL;
		/* Compare and swap: nobody else writes this branch, but a
		 * second dustwatch on the same data directory must not lose
		 * a commit. */
		if (e || (parent ? git_reference_create_matching(&nref, r, ref, &commit_id, 1, &head, "dustwatch commit")
				 : git_reference_create(&nref, r, ref, &commit_id, 0, "dustwatch commit")) < 0) {
			repo_err("commit");
			goto out;
		}
		git_reference_free(nref);
	}
	if (mark_committed(a, &p) < 0)
		goto out;
	drop_committed_copies(a, r, &p);
	*n_out = p.n_events;
	rc = 0;
out:
	git_signature_free(sig);
	git_commit_free(parent);
	git_tree_free(tree);
	git_tree_free(base);
	pending_free(&p);
	free(ref);
	return rc;
}

static int add_device(void *payload, const char *device)
{
	json_t *set = payload;
	json_object_set_new(set, device, json_true());
	return 0;
}

/* Writes what the in-memory backend mem holds as one pack of r's. */
static int write_mempack(git_repository *r, git_odb *odb, git_odb_backend *mem)
{
	git_buf pack = {0};
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats = {0};
	enum { EMPTY_PACK = 12 + 20 }; /* a header and a checksum: no object */
	int rc = git_mempack_dump(&pack, r, mem) < 0 ? repo_err("write pack") : 0;
	if (rc == 0 && pack.size > EMPTY_PACK &&
	    (git_odb_write_pack(&wp, odb, NULL, NULL) < 0 || wp->append(wp, pack.ptr, pack.size, &stats) < 0 ||
	     wp->commit(wp, &stats) < 0))
		rc = repo_err("write pack");
	if (wp)
		wp->free(wp);
	git_buf_dispose(&pack);
	return rc < 0 || git_mempack_reset(mem) < 0 ? -1 : 0;
}

enum { FLUSH_EVENTS = 100000 };

/* repo_commit_pending for a data directory that may write for other
 * devices too (the demo's): keys signs each device's manifest, where it
 * has the device's. mem (with r's odb), or NULL: the in-memory store the
 * commits write to, written out as a pack every FLUSH_EVENTS events, so
 * that a demo's memory does not grow with its year (2.6 GB at 10^6
 * events). */

static int commit_pending_as(app *a, git_repository *r, const signer *keys, size_t n_keys, git_odb *odb,
			     git_odb_backend *mem, size_t *n_out)
{
	/* Each device's events go on its own branch: a data directory that
	 * writes for several devices (the demo's) keeps them apart too. */
	json_t *devices = json_object();
	const char *dev;
	json_t *v;
	size_t total = 0, n = 0, held = 0;
	int rc = store_pending_devices(a->db, add_device, devices) != 0 ? -1 : 0;
	json_object_set_new(devices, a->device, json_true()); /* attachments */
	json_object_foreach(devices, dev, v)
	{
		const signer *key = str_eq(dev, a->device) ? &a->me : NULL;
		for (size_t i = 0; !key && i < n_keys; i++)
			if (str_eq(keys[i].device, dev))
				key = &keys[i];
		do {
			n = 0;
			if (rc == 0 && (rc = commit_device(a, r, dev, key, &n)) == 0)
				total += n, held += n;
			if (rc == 0 && mem && held >= FLUSH_EVENTS) {
				rc = write_mempack(r, odb, mem);
				held = 0;
			}
		} while (rc == 0 && n == REPO_COMMIT_EVENTS);
	}
	json_decref(devices);
	if (rc == 0 && mem) /* attachments too, with no event */
		rc = write_mempack(r, odb, mem);
	if (rc == 0)
		*n_out = total;
	return rc;
}

int repo_commit_pending(app *a, git_repository *r, size_t *n_out)
{
	return commit_pending_as(a, r, NULL, 0, NULL, NULL, n_out);
}

int repo_commit_as(app *a, const signer *keys, size_t n_keys, size_t *n_out)
{
	git_repository *r = NULL;
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;
	int rc = -1;
	/* The demo writes a year of events at once: into memory, then as one
	 * pack, not a loose file per object (a third of its time). Its
	 * branches point at objects in memory until then; a demo killed
	 * halfway leaves a data directory to throw away anyway. */
	if (repo_open(&r, a->home) < 0)
		goto out;
	if (git_repository_odb(&odb, r) < 0 || git_mempack_new(&mem) < 0) {
		repo_err("memory store");
		goto out;
	}
	if (git_odb_add_backend(odb, mem, 999) < 0) {
		mem->free(mem);
		repo_err("memory store");
		goto out;
	}
	rc = commit_pending_as(a, r, keys, n_keys, odb, mem, n_out) < 0 ? -1 : 0;
out:
	git_odb_free(odb);
	git_repository_free(r);
	return rc;
}
