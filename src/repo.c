/*
 * repo: the data directory's git repository: opening it, reading blobs
 * and refs, the tree walk that finds added files, packing, and pushing
 * the device branches. Committing the pending events is repo_commit.c.
 * See repo.h for the layout.
 */
#include "hex.h"
#include "json_canonical.h"
#include "repo.h"
#include "demo_hooks.h"
#include "util.h"

#include <git2/sys/odb_backend.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void shutdown_git(void)
{
	git_libgit2_shutdown();
}

/* Shut down at exit too: libgit2 keeps per-thread buffers (its regex
 * matches) that only the shutdown frees. libgit2 caches no tree larger
 * than 4 KiB, and a device's month of events is a tree of 10 to 100 KiB:
 * the count of a load's files read every one of them, and its import
 * read them again (0.5 s of a first sync of 201,135 events). Trees up to
 * 1 MiB are kept, within the cache's own bound (256 MiB). */
static void do_init(void)
{
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)1 << 20);
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
	if ((rc = git_blob_lookup(&b, r, id)) < 0) {
		repo_err("blob");
		rc = rc == GIT_EMISMATCH ? REPO_EDAMAGED : -1;
		goto out;
	}
	rc = -1;
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
	char *refs = xasprintf("%s/refs", git_dir);
	remove_locks(refs);
	/* packed-refs, and the fetch settings of the data directory's own
	 * that a fetch from a path writes the first time (repo_path.c) */
	static const char *const files[] = {"packed-refs.lock", "fetch.config.lock"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char *lock = xasprintf("%s/%s", git_dir, files[i]);
		unlink(lock);
		free(lock);
	}
	free(refs);
}

char *repo_device_ref(const char *device)
{
	return xasprintf(REPO_DEVICE_PREFIX "%s", device);
}

int repo_pack_refs(git_repository *r)
{
	git_refdb *db = NULL;
	int rc = git_repository_refdb(&db, r) < 0 || git_refdb_compress(db) < 0 ? -1 : 0;
	git_refdb_free(db);
	return rc;
}

int repo_ref_oid(git_repository *r, const char *ref, git_oid *out)
{
	int e = git_reference_name_to_id(out, r, ref);
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	return e < 0 ? -1 : 1;
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
	char *text = j ? json_canonical_dumps(j) : NULL, *line = NULL;
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
 * the file's 38) and its file's path, in the repository at gd. */
static void each_loose(const char *gd, void (*fn)(const char *hex, const char *path, void *payload), void *payload)
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
				char *path = xasprintf("%s/%s", dir, de->d_name);
				fn(hex, path, payload);
				free(path);
			}
		if (d)
			closedir(d);
		free(dir);
	}
}

static void count_one(const char *hex, const char *path, void *payload)
{
	(void)hex, (void)path;
	(*(size_t *)payload)++;
}

typedef struct {
	git_oid *v;
	size_t n, cap;
} oid_list;

static void list_one(const char *hex, const char *path, void *payload)
{
	(void)path;
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

/* Calls fn with the path of each pack of the repository at gd. */
static void each_pack(const char *gd, void (*fn)(const char *hex, const char *path, void *payload), void *payload)
{
	char *pd = xasprintf("%sobjects/pack", gd);
	DIR *d = opendir(pd);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n > 5 && str_eq(de->d_name + n - 5, ".pack")) {
			char *path = xasprintf("%s/%s", pd, de->d_name);
			fn(NULL, path, payload);
			free(path);
		}
	}
	if (d)
		closedir(d);
	free(pd);
}

int repo_object_counts(git_repository *r, size_t *loose, size_t *packs)
{
	const char *gd = git_repository_path(r);
	*loose = *packs = 0;
	each_loose(gd, count_one, loose);
	each_pack(gd, count_one, packs);
	return 0;
}

static void add_size(const char *hex, const char *path, void *payload)
{
	(void)hex;
	struct stat st;
	if (stat(path, &st) == 0)
		*(size_t *)payload += (size_t)st.st_size;
}

size_t repo_objects_bytes(const char *git_dir)
{
	size_t bytes = 0;
	each_loose(git_dir, add_size, &bytes);
	each_pack(git_dir, add_size, &bytes);
	return bytes;
}

static void unlink_one(const char *hex, const char *path, void *payload)
{
	(void)hex, (void)payload;
	unlink(path);
}

/* Removes loose objects and packs other than keep (the new pack's name):
 * everything reachable is in the new pack. */
static void drop_old(const char *gd, const char *keep)
{
	each_loose(gd, unlink_one, NULL);
	for (int i = 0; i < 256; i++) {
		char *dir = xasprintf("%sobjects/%02x", gd, i);
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
