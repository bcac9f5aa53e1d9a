/*
 * repo: the data directory's git repository: opening it, committing the
 * device's pending events and attachments, the tree walk that finds added
 * files, and packing. See repo.h for the layout.
 */
#include "hex.h"
#include "repo.h"
#include "demo_hooks.h"
#include "util.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void shutdown_git(void)
{
	git_libgit2_shutdown();
}

/* Shut down at exit too: libgit2 keeps per-thread buffers (its regex
 * matches) that only the shutdown frees. */
static void do_init(void)
{
	git_libgit2_init();
	atexit(shutdown_git);
}

void repo_global_init(void)
{
	pthread_once(&init_once, do_init);
}

int repo_err(const char *what)
{
	int errnum = errno; /* libgit2 leaves the failed write's errno, and at times no message */
	const git_error *e = git_error_last();
	const char *m = e && e->message ? e->message : NULL;
	if ((m && strstr(m, "No space left")) || (errno_disk_full(errnum) && (!m || strstr(m, "write") || strstr(m, "flush"))))
		return err_set("%s: the %s (%s)", what, ERR_DISK_FULL, m ? m : strerror(errnum));
	return err_set("%s: %s", what, m ? m : "git error");
}

int repo_open(git_repository **out, const char *home)
{
	repo_global_init();
	char *path = xasprintf("%s/repo.git", home);
	git_repository *r = NULL;
	int rc = -1;
	if (access(path, F_OK) == 0) {
		if (git_repository_open_bare(&r, path) < 0) {
			repo_err(path);
			goto out;
		}
	} else if (git_repository_init(&r, path, 1) < 0) {
		repo_err(path);
		goto out;
	}
	*out = r;
	rc = 0;
out:
	free(path);
	return rc;
}

int repo_read_blob(git_repository *r, const git_oid *id, size_t max, char **out, size_t *len)
{
	git_odb *odb = NULL;
	git_blob *b = NULL;
	git_object_t type;
	size_t size;
	int rc = -1;
	if (git_repository_odb(&odb, r) < 0 || git_odb_read_header(&size, &type, odb, id) < 0) {
		repo_err("blob");
		goto out;
	}
	if (type != GIT_OBJECT_BLOB) {
		err_set("not a file");
		goto out;
	}
	if (size > max) {
		err_set("a file of %zu bytes, more than the %zu allowed", size, max);
		rc = REPO_ETOOBIG;
		goto out;
	}
	if (git_blob_lookup(&b, r, id) < 0) {
		repo_err("blob");
		goto out;
	}
	*len = (size_t)git_blob_rawsize(b);
	*out = xmalloc(*len + 1);
	memcpy(*out, git_blob_rawcontent(b), *len);
	(*out)[*len] = 0;
	rc = 0;
out:
	git_blob_free(b);
	git_odb_free(odb);
	return rc;
}

/* Removes dir's files named *.lock, in its folders too. */
static void remove_locks(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		size_t n = strlen(e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			remove_locks(p);
		else if (n > 5 && str_eq(e->d_name + n - 5, ".lock"))
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
}

void repo_clear_stale_locks(const char *git_dir)
{
	char *refs = xasprintf("%s/refs", git_dir), *packed = xasprintf("%s/packed-refs.lock", git_dir);
	remove_locks(refs);
	unlink(packed);
	free(refs), free(packed);
}

char *repo_device_ref(const char *device)
{
	return xasprintf(REPO_DEVICE_PREFIX "%s", device);
}

int repo_ref_tree(git_repository *r, const char *ref, git_oid *commit_out, git_tree **tree_out)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_oid id;
	int e = git_reference_name_to_id(&id, r, ref);
	if (e == GIT_ENOTFOUND) {
		memset(commit_out, 0, sizeof *commit_out);
		if (tree_out)
			*tree_out = NULL;
		return 0;
	}
	if (e < 0 || git_commit_lookup(&c, r, &id) < 0 || (tree_out && git_commit_tree(&t, c) < 0)) {
		repo_err(ref);
		git_commit_free(c);
		return -1;
	}
	git_commit_free(c);
	git_oid_cpy(commit_out, &id);
	if (tree_out)
		*tree_out = t;
	return 0;
}

int repo_ref_json(git_repository *r, const char *ref, const char *name, json_t **out)
{
	git_oid tip;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = -1;
	*out = NULL;
	if (repo_ref_tree(r, ref, &tip, &t) < 0)
		goto out;
	if (!t) {
		rc = 0;
		goto out;
	}
	if (git_tree_entry_bypath(&e, t, name) < 0) {
		repo_err(name);
		goto out;
	}
	if (repo_read_blob(r, git_tree_entry_id(e), EVENT_MAX_BYTES, &text, &len) < 0) {
		err_prefix("%s", name);
		goto out;
	}
	*out = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	rc = 1;
out:
	free(text);
	git_tree_entry_free(e);
	git_tree_free(t);
	return rc;
}

int repo_write_json(git_repository *r, const char *ref, const char *name, const json_t *j, const char *device,
		    const char *message)
{
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL, *line = NULL;
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_tree *t = NULL;
	git_commit *parent = NULL;
	git_oid blob, tree, commit, tip;
	int rc = -1;
	if (!text) {
		err_set("%s: nothing to write", name);
		goto out;
	}
	line = xasprintf("%s\n", text);
	if (repo_ref_tree(r, ref, &tip, NULL) < 0)
		goto out;
	if ((!git_oid_is_zero(&tip) && git_commit_lookup(&parent, r, &tip) < 0) ||
	    git_blob_create_from_buffer(&blob, r, line, strlen(line)) < 0 || git_treebuilder_new(&tb, r, NULL) < 0 ||
	    git_treebuilder_insert(NULL, tb, name, &blob, GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_write(&tree, tb) < 0 || git_tree_lookup(&t, r, &tree) < 0 ||
	    git_signature_now(&sig, device, "dustwatch@localhost") < 0 ||
	    git_commit_create(&commit, r, ref, sig, sig, NULL, message, t, parent ? 1 : 0,
			      (const git_commit **)&parent) < 0) {
		repo_err(ref);
		goto out;
	}
	rc = 0;
out:
	free(line), free(text);
	git_commit_free(parent);
	git_tree_free(t);
	git_signature_free(sig);
	git_treebuilder_free(tb);
	return rc;
}

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

static int walk(git_repository *r, const git_tree *old, const git_tree *nt, const char *prefix, int depth,
		repo_walk_cb added, repo_walk_cb changed, void *payload)
{
	int out = 0;
	size_t n = git_tree_entrycount(nt);
	for (size_t i = 0; i < n && !out; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(nt, i);
		const git_tree_entry *o = old ? git_tree_entry_byname(old, git_tree_entry_name(e)) : NULL;
		if (o && git_oid_equal(git_tree_entry_id(o), git_tree_entry_id(e)) &&
		    git_tree_entry_filemode(o) == git_tree_entry_filemode(e))
			continue;
		char *path = xasprintf("%s%s", prefix, git_tree_entry_name(e));
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE && depth + 1 < REPO_MAX_DEPTH) {
			git_tree *sub = NULL, *osub = NULL;
			if (git_tree_lookup(&sub, r, git_tree_entry_id(e)) < 0 ||
			    (o && git_tree_entry_type(o) == GIT_OBJECT_TREE &&
			     git_tree_lookup(&osub, r, git_tree_entry_id(o)) < 0)) {
				out = repo_err(path);
			} else {
				if (o && !osub && changed)
					out = changed(payload, path, o);
				char *sp = xasprintf("%s/", path);
				if (!out)
					out = walk(r, osub, sub, sp, depth + 1, added, changed, payload);
				free(sp);
			}
			git_tree_free(sub), git_tree_free(osub);
		} else {
			if (o && changed)
				out = changed(payload, path, o);
			if (!out)
				out = added(payload, path, e);
		}
		free(path);
	}
	if (changed && old) {
		/* Paths of old missing from new. */
		size_t m = git_tree_entrycount(old);
		for (size_t i = 0; i < m && !out; i++) {
			const git_tree_entry *o = git_tree_entry_byindex(old, i);
			if (git_tree_entry_byname(nt, git_tree_entry_name(o)))
				continue;
			char *path = xasprintf("%s%s", prefix, git_tree_entry_name(o));
			out = changed(payload, path, o);
			free(path);
		}
	}
	return out;
}

int repo_walk(git_repository *r, const git_tree *old, const git_tree *new_tree, repo_walk_cb added,
	      repo_walk_cb changed, void *payload)
{
	if (!new_tree)
		return 0;
	return walk(r, old, new_tree, "", 0, added, changed, payload);
}

int repo_oid_cmp(const void *x, const void *y)
{
	return git_oid_cmp(x, y);
}

/* Calls fn with each loose object's id (its folder's two hex digits and
 * the file's 38) in the repository at gd. */
static void each_loose(const char *gd, void (*fn)(const char *hex, void *payload), void *payload)
{
	char hex[GIT_OID_HEXSZ + 1];
	for (int i = 0; i < 256; i++) {
		char *dir = xasprintf("%sobjects/%02x", gd, i);
		DIR *d = opendir(dir);
		struct dirent *de;
		while (d && (de = readdir(d)))
			if (hex_is(de->d_name, 38)) {
				snprintf(hex, 3, "%02x", i);
				memcpy(hex + 2, de->d_name, 38);
				hex[GIT_OID_HEXSZ] = 0;
				fn(hex, payload);
			}
		if (d)
			closedir(d);
		free(dir);
	}
}

static void count_one(const char *hex, void *payload)
{
	(void)hex;
	(*(size_t *)payload)++;
}

typedef struct {
	git_oid *v;
	size_t n, cap;
} oid_list;

static void list_one(const char *hex, void *payload)
{
	oid_list *l = payload;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	if (git_oid_fromstr(&l->v[l->n], hex) == 0)
		l->n++;
}

void repo_loose_ids(git_repository *r, git_oid **ids, size_t *n)
{
	oid_list l = {0};
	each_loose(git_repository_path(r), list_one, &l);
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, repo_oid_cmp);
	*ids = l.v, *n = l.n;
}

int repo_object_counts(git_repository *r, size_t *loose, size_t *packs)
{
	const char *gd = git_repository_path(r);
	size_t l = 0, p = 0;
	each_loose(gd, count_one, &l);
	char *pd = xasprintf("%sobjects/pack", gd);
	DIR *d = opendir(pd);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		p += n > 5 && str_eq(de->d_name + n - 5, ".pack");
	}
	if (d)
		closedir(d);
	free(pd);
	*loose = l;
	*packs = p;
	return 0;
}

/* Removes loose objects and packs other than keep (the new pack's name):
 * everything reachable is in the new pack. */
static void drop_old(const char *gd, const char *keep)
{
	for (int i = 0; i < 256; i++) {
		char *dir = xasprintf("%sobjects/%02x", gd, i);
		DIR *d = opendir(dir);
		struct dirent *de;
		while (d && (de = readdir(d)))
			if (hex_is(de->d_name, 38)) {
				char *f = xasprintf("%s/%s", dir, de->d_name);
				unlink(f);
				free(f);
			}
		if (d)
			closedir(d);
		rmdir(dir);
		free(dir);
	}
	char *pd = xasprintf("%sobjects/pack", gd);
	char *k = xasprintf("pack-%s.", keep);
	DIR *d = opendir(pd);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (!str_starts(de->d_name, "pack-") || str_starts(de->d_name, k))
			continue;
		if ((n > 5 && str_eq(de->d_name + n - 5, ".pack")) || (n > 4 && str_eq(de->d_name + n - 4, ".idx")) ||
		    (n > 4 && str_eq(de->d_name + n - 4, ".rev"))) {
			char *f = xasprintf("%s/%s", pd, de->d_name);
			unlink(f);
			free(f);
		}
	}
	if (d)
		closedir(d);
	free(k), free(pd);
}

int repo_pack(git_repository *r)
{
	git_packbuilder *pb = NULL;
	git_revwalk *w = NULL;
	int rc = -1;
	if (git_packbuilder_new(&pb, r) < 0 || git_revwalk_new(&w, r) < 0) {
		repo_err("pack");
		goto out;
	}
	/* Every ref, local and remote-tracking: nothing reachable is lost. */
	if (git_revwalk_push_glob(w, "refs/*") < 0 && git_error_last() && git_error_last()->klass != GIT_ERROR_NONE) {
		git_error_clear();
	}
	if (git_packbuilder_insert_walk(pb, w) < 0) {
		repo_err("pack");
		goto out;
	}
	if (git_packbuilder_object_count(pb) == 0) {
		rc = 0;
		goto out;
	}
	char *dir = xasprintf("%sobjects/pack", git_repository_path(r));
	int e = git_packbuilder_write(pb, dir, 0444, NULL, NULL);
	free(dir);
	if (e < 0) {
		repo_err("write pack");
		goto out;
	}
	drop_old(git_repository_path(r), git_packbuilder_name(pb));
	/* The object database caches the pack list: let it re-read. */
	git_odb *odb = NULL;
	if (git_repository_odb(&odb, r) == 0) {
		git_odb_refresh(odb);
		git_odb_free(odb);
	}
	rc = 0;
out:
	git_revwalk_free(w);
	git_packbuilder_free(pb);
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

static int add_ref(const char *name, void *payload)
{
	repo_refs *l = payload;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrdup(name);
	return 0;
}

int repo_refs_glob(git_repository *r, const char *glob, repo_refs *l)
{
	return git_reference_foreach_glob(r, glob, add_ref, l);
}

void repo_refs_free(repo_refs *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL, l->n = 0;
}

/* Hard links r's packs into the repository at path: a demo's central
 * repository, made just now beside it, takes the year as it is (packs
 * never change; git clone --local links them too). Pushed through libgit2's
 * local transport, every object was compressed again: 4 of the 19 minutes
 * of a 10^6-event demo. Where a link cannot be made, the push sends them. */
static void link_packs(git_repository *r, const char *path)
{
	char *from = xasprintf("%sobjects/pack", git_repository_path(r));
	DIR *d = opendir(from);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		const char *dot = strrchr(e->d_name, '.');
		if (!str_starts(e->d_name, "pack-") || !dot || (!str_eq(dot, ".pack") && !str_eq(dot, ".idx")))
			continue;
		char *src = xasprintf("%s/%s", from, e->d_name), *dst = xasprintf("%s/objects/pack/%s", path, e->d_name);
		if (link(src, dst) < 0) {
			/* another file system, or linked already: the push sees */
		}
		free(src), free(dst);
	}
	if (d)
		closedir(d);
	free(from);
}

int repo_push_devices(app *a, const char *remote, size_t *n_out)
{
	git_repository *r = NULL;
	git_remote *rem = NULL;
	repo_refs s = {0};
	int rc = -1;
	if (repo_open(&r, a->home) < 0 || repo_commit_pending(a, r, n_out) < 0)
		goto out;
	if (repo_refs_glob(r, REPO_DEVICE_PREFIX "*", &s) < 0 || git_remote_lookup(&rem, r, remote) < 0) {
		repo_err("demo: the device branches");
		goto out;
	}
	const char *url = git_remote_url(rem);
	if (url[0] == '/') {
		/* A path: the packs linked, then each branch as sync pushes
		 * to a stick (repo_path.c), which sends only what is missing. */
		link_packs(r, url);
		for (size_t i = 0; i < s.n; i++) {
			char *refused = NULL;
			int e = repo_push_path(r, url, s.v[i], s.v[i], &refused);
			if (e == 0 && refused)
				e = err_set("demo: push of %s refused: %s", s.v[i], refused);
			free(refused);
			if (e < 0)
				goto out;
		}
		rc = 0;
		goto out;
	}
	for (size_t i = 0; i < s.n; i++) { /* "ref:ref", no '+': never force */
		char *spec = xasprintf("%s:%s", s.v[i], s.v[i]);
		free(s.v[i]);
		s.v[i] = spec;
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
	repo_refs_free(&s);
	git_remote_free(rem);
	git_repository_free(r);
	return rc;
}

int repo_manifest_check(const char *msg, const char *dev, const unsigned char pk[32], const char **ids,
			const char **end)
{
	const char *m = strstr(msg, "\n" REPO_MANIFEST " ");
	if (!m)
		return 0;
	m++;
	const char *line = m + strlen(REPO_MANIFEST " ");
	size_t dl = strlen(dev);
	if (strncmp(line, dev, dl) != 0 || line[dl] != '\n')
		return 0;
	const char *sigline = strstr(line, "\n" REPO_MANIFEST_SIG " ");
	if (!sigline)
		return 0;
	sigline++;
	unsigned char sig[64];
	char hex[129];
	snprintf(hex, sizeof hex, "%s", sigline + strlen(REPO_MANIFEST_SIG " "));
	if (hex_decode(hex, sig, 64) < 0 ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)m, (size_t)(sigline - m), pk) != 0)
		return 0;
	*ids = line + dl + 1;
	*end = sigline;
	return 1;
}
