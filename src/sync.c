/*
 * sync: one sync with a remote: commit, fetch, import, push, receipts,
 * and the lock that keeps two syncs of one data directory apart (the
 * remote's callbacks are in sync_callbacks.c). See sync.h.
 */
#include "clock.h"
#include "station.h"
#include "hex.h"
#include "sync_impl.h"
#include "seal.h"
#include "record.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

void sync_stats_free(sync_stats *st)
{
	json_decref(st->from);
	json_decref(st->clocks_ahead);
	free(st->station_note);
	free(st->push_message);
	free(st->learned_station);
	memset(st, 0, sizeof *st);
}

void sync_fingerprint(const unsigned char pk[32], char *buf, size_t n)
{
	unsigned char h[32];
	char hex[65];
	crypto_hash_sha256(h, pk, 32);
	hex_encode(h, 16, hex);
	strbuf b;
	sb_init(&b);
	for (int i = 0; i < 32; i += 4) {
		if (i)
			sb_putc(&b, ' ');
		sb_add(&b, hex + i, 4);
	}
	snprintf(buf, n, "%s", b.s);
	sb_free(&b);
}

/* --- the station's key and receipts */

/* The station.json of ref: 1 with *out (the caller's), 0 when there is no
 * such ref, -1 with the error. */
static int station_json(git_repository *r, const char *ref, json_t **out)
{
	return repo_ref_json(r, ref, "station.json", out);
}

int sync_learn_station(sync_ctx *c, const char *ref)
{
	json_t *j = NULL;
	char *known = NULL;
	unsigned char pk[32];
	int rc = station_json(c->r, ref, &j);
	if (rc <= 0)
		return rc;
	rc = -1;
	const char *dev = json_string_value(json_object_get(j, "device"));
	const char *key = json_string_value(json_object_get(j, "public_key"));
	const char *station = json_string_value(json_object_get(j, "station"));
	if (!dev || !key || !station || !app_valid_code(dev) || strlen(key) != 64 || hex_decode(key, pk, 32) < 0) {
		err_set("%s: station.json is not a station's key", ref);
		goto out;
	}
	if (!str_eq(station, c->a->station)) {
		err_set("the remote is station %s, this data directory belongs to %s", station, c->a->station);
		goto out;
	}
	known = store_setting(c->a->db, "station_key");
	if (known) {
		char *kd = store_setting(c->a->db, "station_device");
		int same = str_eq(known, key) && str_eq(kd, dev);
		free(kd);
		if (!same) {
			err_set("the remote's station key (%s) is not the one this machine trusts: refusing", dev);
			goto out;
		}
		rc = 0;
		goto out;
	}
	if (store_set_setting(c->a->db, "station_device", dev) < 0 || store_set_setting(c->a->db, "station_key", key) < 0)
		goto out;
	char fp[48];
	sync_fingerprint(pk, fp, sizeof fp);
	free(c->st->learned_station);
	c->st->learned_station = xasprintf("%s %s", dev, fp);
	rc = 0;
out:
	json_decref(j);
	free(known);
	return rc;
}


typedef struct {
	sync_ctx *c;
	char *prefix;
	size_t n;
	int count_only;
} own_files;

static int on_own_file(void *payload, const char *path, const git_tree_entry *e)
{
	own_files *o = payload;
	char blob[GIT_OID_HEXSZ + 1];
	if (!str_starts(path, o->prefix))
		return 0;
	o->n++;
	if (o->count_only)
		return 0;
	git_oid_tostr(blob, sizeof blob, git_tree_entry_id(e));
	return store_mark_at_station(o->c->a->db, blob);
}

/* The own event files in head and not in base (NULL: all). */
static int own_diff(sync_ctx *c, const git_oid *base, const git_oid *head, int count_only, size_t *n)
{
	git_commit *bc = NULL, *hc = NULL;
	git_tree *bt = NULL, *ht = NULL;
	own_files o = {c, xasprintf("devices/%s/", c->a->device), 0, count_only};
	int rc = -1;
	if ((base && (git_commit_lookup(&bc, c->r, base) < 0 || git_commit_tree(&bt, bc) < 0)) ||
	    git_commit_lookup(&hc, c->r, head) < 0 || git_commit_tree(&ht, hc) < 0) {
		repo_err("own branch");
		goto out;
	}
	rc = repo_walk(c->r, bt, ht, on_own_file, NULL, &o);
	*n = o.n;
out:
	free(o.prefix);
	git_tree_free(bt), git_tree_free(ht);
	git_commit_free(bc), git_commit_free(hc);
	return rc;
}

int sync_mark_station(sync_ctx *c, const char *ref)
{
	git_oid tip, old;
	char hex[GIT_OID_HEXSZ + 1];
	char *last = store_setting(c->a->db, "station_tip");
	size_t n;
	int rc = -1, have_old = last && *last && git_oid_fromstr(&old, last) == 0;
	if (repo_ref_tree(c->r, ref, &tip, NULL) < 0)
		goto out;
	rc = 0;
	if (git_oid_is_zero(&tip))
		goto out;
	git_oid_tostr(hex, sizeof hex, &tip);
	if (have_old && str_eq(hex, last))
		goto out;
	if (have_old && git_graph_descendant_of(c->r, &tip, &old) != 1)
		have_old = 0;
	git_error_clear();
	rc = -1;
	if (store_begin(c->a->db) < 0)
		goto out;
	if (own_diff(c, have_old ? &old : NULL, &tip, 0, &n) != 0 ||
	    store_set_setting(c->a->db, "station_tip", hex) < 0 || store_commit(c->a->db) < 0) {
		store_rollback(c->a->db);
		goto out;
	}
	rc = 0;
out:
	free(last);
	return rc;
}

/* The station's hook notes a fast clock in what it accepted (STATION_NOTE
 * on its standard error, which git sends back); kept in the settings for
 * home until a push comes back without one. */
static int station_note(app *a, remote_cb *cb, sync_stats *st)
{
	const char *p = cb->side.len ? strstr(cb->side.s, STATION_NOTE) : NULL;
	if (p) {
		p += strlen(STATION_NOTE);
		st->station_note = xstrndup(p, strcspn(p, "\r\n"));
	}
	return store_set_setting(a->db, "station_note", st->station_note ? st->station_note : "");
}

/* --- the sync */

int sync_is_path_url(const char *url)
{
	return url[0] == '/' || str_starts(url, "./") || str_starts(url, "../") || str_starts(url, "file://");
}

/* Whether path is a folder with nothing in it. */
static int empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = d != NULL;
	while (d && empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return empty;
}

/* A USB stick's repository is made on first use (or in an empty folder),
 * aside and then renamed into place: a sync killed halfway leaves no
 * half-made repository at path for the next one to trip on. */
static int ensure_path_remote(const char *url)
{
	const char *path = str_starts(url, "file://") ? url + 7 : url;
	git_repository *s = NULL;
	if (access(path, F_OK) == 0 && !empty_dir(path))
		return 0;
	char *tmp = xasprintf("%s.new-%ld", path, (long)getpid());
	int rc = -1;
	if (mkdir_p(tmp, 0755) < 0)
		goto out;
	if (git_repository_init(&s, tmp, 1) < 0) {
		repo_err(path);
		goto out;
	}
	git_repository_free(s);
	if (rename(tmp, path) < 0 && access(path, F_OK) != 0) {
		err_set("%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

/* libgit2's message, unless a refused ssh key is the cause: sshd counts
 * each refused key and hangs up (MaxAuthTries) before libgit2 asks for
 * the next, and libgit2 then says "Failed getting response". */
static int remote_err(const char *what, remote_cb *cb)
{
	const git_error *e = git_error_last();
	if (cb->cred_tries > 1 && e && e->klass == GIT_ERROR_SSH && e->message && strstr(e->message, "authentication"))
		return err_set("%s: ssh authentication failed: the station refused keys/ssh_ed25519 after %d attempts "
			       "(is its public key in the station's authorized_keys?)",
			       what, cb->cred_tries > MAX_CRED_TRIES ? MAX_CRED_TRIES : cb->cred_tries);
	return repo_err(what);
}

static int fetch(git_remote *rem, const char *name, remote_cb *cb)
{
	const char *url = git_remote_url(rem);
	if (sync_is_path_url(url)) {
		json_t *refused = json_array(), *x;
		size_t i;
		int rc = repo_fetch_path(cb->r, name, str_starts(url, "file://") ? url + 7 : url,
					 sync_callbacks(cb).transfer_progress, cb, refused);
		/* A branch left out whole: the quarantine says which and why. */
		json_array_foreach(refused, i, x)
		{
			const char *ref = json_string_value(json_object_get(x, "ref"));
			err_set("%s (the branch is not taken)", json_string_value(json_object_get(x, "why")));
			if (rc == 0 && sync_quarantine(cb->c, json_string_value(json_object_get(x, "blob")), "", 0,
						       ref + strlen("refs/remotes/"),
						       json_string_value(json_object_get(x, "path")), 0) < 0)
				rc = -1;
		}
		json_decref(refused);
		return rc < 0 ? -1 : 0;
	}
	git_fetch_options fo;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks = sync_callbacks(cb);
	fo.update_fetchhead = 0;
	char *specs[2] = {xasprintf("+refs/heads/devices/*:refs/remotes/%s/devices/*", name),
			  xasprintf("+" REPO_STATION_REF ":refs/remotes/%s/station", name)};
	git_strarray sa = {specs, 2};
	cb->cred_tries = 0, cb->password_given = 0, cb->moved = 0;
	int rc = git_remote_fetch(rem, &sa, &fo, "dustwatch sync") < 0 ? remote_err("fetch", cb) : 0;
	free(specs[0]), free(specs[1]);
	/* As a fetch from a path does (repo_fetch_path): the refs it moved
	 * packed into one file, with the others. */
	if (rc == 0 && cb->moved && repo_pack_refs(git_remote_owner(rem)) < 0)
		rc = repo_err("refs");
	return rc;
}

/* A first sync's progress total: the files of the refs it imports (every
 * one whole: nothing is here yet), the own device's excepted. */
static int count_files(sync_ctx *c, const repo_refs *l, const char *own)
{
	c->done = c->total = 0;
	for (size_t i = 0; i < l->n; i++) {
		git_oid tip;
		git_tree *t = NULL;
		if (str_eq(l->v[i], own))
			continue;
		if (repo_ref_tree(c->r, l->v[i], &tip, &t) < 0)
			return -1;
		if (t)
			repo_walk(c->r, NULL, t, sync_count_added, NULL, &c->total);
		git_tree_free(t);
	}
	return 0;
}

/* Imports every device ref of the remote that moved: the station admin's
 * first (its device records are the registry), this device's never (its
 * events are here already). */
static int import_remote(sync_ctx *c, const char *name, int at_station)
{
	repo_refs l = {0};
	char *glob = xasprintf("refs/remotes/%s/devices/*", name), *root = store_setting(c->a->db, "station_device");
	char *own = xasprintf("refs/remotes/%s/devices/%s", name, c->a->device);
	char *rootref = root ? xasprintf("refs/remotes/%s/devices/%s", name, root) : NULL;
	json_t *summaries = NULL;
	int rc = -1;
	if (repo_refs_glob(c->r, glob, &l) < 0) {
		repo_err("refs");
		goto out;
	}
	/* Every ref in one transaction, each record folded once at the end:
	 * an edit that came before its record's create (on a branch imported
	 * later) is no failure then. A sync killed before the commit leaves
	 * the database as it was; the next one does it all again. An event
	 * that goes back to the quarantine keeps the name of its ref. */
	c->refs = l.v, c->n_refs = l.n;
	c->pipelined = 1;
	/* A new laptop's first sync is a bulk load, as a reindex is: the
	 * dashboard's summaries are built once at the end, not kept by a
	 * trigger on every insert. */
	int bulk = store_events_empty(c->a->db) == 1;
	if ((bulk ? store_begin_fresh(c->a->db, 0) : store_begin(c->a->db)) < 0)
		goto out;
	if (bulk) {
		/* The devices' clocks kept as events come, as a reindex keeps
		 * them: read from every event after the load, they were 0.3 s
		 * of a first sync of 201,135 events, on one core. */
		c->clocks = json_object();
		/* The commits' messages read on the other core meanwhile, of
		 * the refs imported (this device's is not). */
		char **theirs = xcalloc(l.n + 1, sizeof *theirs);
		size_t n = 0;
		for (size_t i = 0; i < l.n; i++)
			if (!str_eq(l.v[i], own))
				theirs[n++] = l.v[i];
		c->read_ahead = sync_read_ahead_start(c->r, theirs, NULL, n);
		free(theirs);
		if (count_files(c, &l, own) < 0) {
			store_rollback(c->a->db);
			goto out;
		}
	}
	if (bulk && store_bulk_pause(c->a->db, STORE_LOAD_IMPORT, &summaries) < 0) {
		store_rollback(c->a->db);
		goto out;
	}
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l.n; i++) {
			int is_root = rootref && str_eq(l.v[i], rootref);
			if (str_eq(l.v[i], own) || is_root != (pass == 0))
				continue;
			if (sync_import_ref(c, l.v[i], at_station) < 0) {
				store_rollback(c->a->db);
				goto out;
			}
		}
	/* A stick whose packs' indexes lie: nothing of it is kept, and
	 * sync_run undoes its fetch (repo_taken.c). */
	if (c->damaged && c->taken_from) {
		err_set("%s: %zu %s (its packs do not match their indexes): nothing is taken from it", c->taken_from,
			c->damaged,
			c->damaged == 1 ? "file in its packs is not what its id names" : "files in its packs are not what their ids name");
		store_rollback(c->a->db);
		goto out;
	}
	if (sync_fold_pending(c) < 0 ||
	    (bulk && (store_set_device_clocks(c->a->db, c->clocks) < 0 || store_bulk_resume(c->a->db, summaries) < 0)) ||
	    store_commit(c->a->db) < 0) {
		store_rollback(c->a->db);
		goto out;
	}
	rc = sync_retry_quarantine(c);
out:
	sync_read_ahead_free(c->read_ahead);
	c->read_ahead = NULL;
	c->refs = NULL, c->n_refs = 0;
	c->pipelined = 0;
	json_decref(c->clocks);
	c->clocks = NULL;
	c->done = c->total = 0;
	json_decref(summaries);
	repo_refs_free(&l);
	free(glob), free(root), free(own), free(rootref);
	return rc;
}

/* Pushes src to dst on the remote, never forced: "fetch first" and
 * "non-fast-forward" set *nff, any refusal cb->refused and cb->message. */
static int push_to(git_remote *rem, const char *src, const char *dst, remote_cb *cb, int *nff)
{
	const char *url = git_remote_url(rem);
	const char *ref = dst;
	if (sync_is_path_url(url)) {
		free(cb->message), cb->message = NULL;
		*nff = 0;
		if (repo_push_path(cb->r, str_starts(url, "file://") ? url + 7 : url, src, dst, &cb->message) < 0)
			return -1;
		cb->refused = *nff = cb->message != NULL;
		return 0;
	}
	git_push_options po;
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	po.callbacks = sync_callbacks(cb);
	char *spec = xasprintf("%s:%s", src, dst); /* no '+': never force */
	git_strarray sa = {&spec, 1};
	cb->refused = 0, cb->pushing = 1, cb->cred_tries = 0, cb->password_given = 0;
	free(cb->message), cb->message = NULL;
	int e = git_remote_push(rem, &sa, &po);
	cb->pushing = 0;
	free(spec);
	*nff = 0;
	if (e == GIT_ENONFASTFORWARD) {
		cb->refused = 1, *nff = 1;
		cb->message = xasprintf("%s: non-fast-forward", ref);
		git_error_clear();
		return 0;
	}
	if (e < 0)
		return remote_err("push", cb);
	if (cb->refused && cb->message && (strstr(cb->message, "fetch first") || strstr(cb->message, "non-fast-forward")))
		*nff = 1;
	return 0;
}

/* Writes the station's key this machine trusts to a stick (REPO_TRUST_REF),
 * from the station ref it came by (the station's own machine: its
 * REPO_STATION_REF), so that a laptop that only sees sticks learns it. A
 * stick that holds another commit of it keeps its own. */
static int give_trust(sync_ctx *c, git_remote *rem, remote_cb *cb)
{
	char *key = store_setting(c->a->db, "station_key");
	repo_refs l = {0};
	int rc = 0;
	if (!key)
		goto out;
	if (repo_refs_glob(c->r, "refs/remotes/*/station", &l) < 0) {
		rc = repo_err("refs");
		goto out;
	}
	for (size_t i = 0; i <= l.n; i++) {
		const char *ref = i == 0 ? REPO_STATION_REF : l.v[i - 1];
		json_t *j = NULL;
		int has = station_json(c->r, ref, &j);
		int same = has == 1 && str_eq(json_string_value(json_object_get(j, "public_key")), key);
		json_decref(j);
		git_error_clear();
		if (!same)
			continue;
		int nff;
		rc = push_to(rem, ref, REPO_TRUST_REF, cb, &nff);
		cb->refused = 0;
		break;
	}
out:
	repo_refs_free(&l);
	free(key);
	return rc;
}

/* What the station's machine judged of the clocks (clock_judge's ahead),
 * written to a stick (REPO_CLOCKS_REF) for the laptops that see no other:
 * what the hook says to a laptop that pushes over the network (a stick
 * has no hook). Unsigned: a stick that lies can only raise or hide a
 * warning to set the date. */
static int give_clocks(sync_ctx *c, git_remote *rem, remote_cb *cb, const json_t *ahead)
{
	char stamp[32];
	const char *dev;
	json_t *ms, *notes = json_object();
	app_stamp(c->a, stamp);
	json_object_foreach((json_t *)ahead, dev, ms)
	{
		char span[32];
		clock_span(json_integer_value(ms), "en", span, sizeof span);
		json_object_set_new(notes, dev,
				    json_sprintf("device %s's clock is %s ahead of the station's (judged %s): set the date",
						 dev, span, stamp));
	}
	json_t *j = json_pack("{sssssO}", "station", c->a->station, "judged", stamp, "notes", notes);
	json_decref(notes);
	int nff, rc = repo_write_json(c->r, REPO_CLOCKS_REF, "clocks.json", j, c->a->device, "clocks\n") < 0
			       ? -1
			       : push_to(rem, REPO_CLOCKS_REF, REPO_CLOCKS_REF, cb, &nff);
	cb->refused = 0; /* a stick's clocks of another history stay: the next sync brings newer */
	json_decref(j);
	return rc;
}

/* A laptop's side: the note the stick's clocks.json has for this device
 * (none clears the one before), kept for home as the hook's is. */
static int take_clocks(sync_ctx *c, const char *name, sync_stats *st)
{
	char *ref = xasprintf("refs/remotes/%s/clocks", name);
	json_t *j = NULL;
	int has = repo_ref_json(c->r, ref, "clocks.json", &j), rc = 0;
	free(ref);
	git_error_clear();
	if (has == 1 && str_eq(json_string_value(json_object_get(j, "station")), c->a->station)) {
		const char *note = json_string_value(json_object_get(json_object_get(j, "notes"), c->a->device));
		free(st->station_note);
		st->station_note = note ? xstrdup(note) : NULL;
		rc = store_set_setting(c->a->db, "station_note", note ? note : "");
	}
	json_decref(j);
	return rc;
}

static int push(git_remote *rem, const char *ref, remote_cb *cb, int *nff)
{
	return push_to(rem, ref, ref, cb, nff);
}

/* The station's own machine relays what a USB stick brought: each other
 * device's branch it imported from another remote, where it is ahead of
 * the station's copy, is pushed there (the hook accepts a branch from
 * anyone when its device signed every new commit), so the laptop that
 * wrote it sees it at the station on its next sync; and to a stick it
 * writes, every device's branch the stick lacks, so that a laptop that
 * only sees sticks gets the station's records. A refusal is left for that
 * laptop's own push to meet; it stops nothing here. */
static int relay(sync_ctx *c, git_remote *rem, const char *name, remote_cb *cb)
{
	repo_refs l = {0};
	char *own_prefix = xasprintf("refs/remotes/%s/", name);
	int rc = 0;
	if (repo_refs_glob(c->r, "refs/remotes/*/devices/*", &l) < 0) {
		rc = repo_err("refs");
		goto out;
	}
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		const char *dev = sync_ref_device(l.v[i]);
		char *last = NULL, *target = NULL, *dst = NULL, hex[GIT_OID_HEXSZ + 1];
		git_oid tip, there;
		int nff;
		if (!dev || str_starts(l.v[i], own_prefix) || str_eq(dev, c->a->device) || !app_valid_code(dev))
			continue;
		target = xasprintf("refs/remotes/%s/devices/%s", name, dev);
		dst = repo_device_ref(dev);
		if (repo_ref_tree(c->r, l.v[i], &tip, NULL) < 0 || repo_ref_tree(c->r, target, &there, NULL) < 0 ||
		    store_sync_ref(c->a->db, l.v[i], &last) < 0) {
			rc = -1;
		} else if (!git_oid_is_zero(&tip) && !git_oid_equal(&tip, &there) && last &&
			   str_eq(last, git_oid_tostr(hex, sizeof hex, &tip)) &&
			   (git_oid_is_zero(&there) || git_graph_descendant_of(c->r, &tip, &there) == 1)) {
			git_error_clear();
			rc = push_to(rem, l.v[i], dst, cb, &nff);
			git_reference *tr = NULL;
			if (rc == 0 && !cb->refused && git_reference_create(&tr, c->r, target, &tip, 1, "dustwatch relay") < 0)
				rc = repo_err(target);
			git_reference_free(tr);
			cb->refused = 0;
		}
		git_error_clear();
		free(last), free(target), free(dst);
	}
out:
	repo_refs_free(&l);
	free(own_prefix);
	return rc;
}

/* Takes dir/name's lock (flock, released when fd closes). Holding it, no
 * other sync writes the repository at git_dir: a ref's lock file left
 * there now is a killed sync's, removed so that it blocks nothing. */
static int lock_repo(const char *dir, const char *name, const char *git_dir, const char *busy, int *fd_out)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		err_set("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return err_set("%s", busy);
	}
	*fd_out = fd;
	repo_clear_stale_locks(git_dir);
	return 0;
}

int sync_lock_home(const char *home, int *fd_out)
{
	char *git_dir = xasprintf("%s/repo.git", home);
	int rc = lock_repo(home, "sync.lock", git_dir, "another sync of this data directory is running", fd_out);
	free(git_dir);
	return rc;
}

/* A stick is written by one sync at a time: one killed while pushing to
 * it leaves ref locks that would refuse every later push. */
static int lock_stick(const char *url, int *fd_out)
{
	const char *path = str_starts(url, "file://") ? url + 7 : url;
	char *busy = xasprintf("another sync is writing to %s", path);
	int rc = lock_repo(path, "dustwatch.lock", path, busy, fd_out);
	free(busy);
	return rc;
}

int sync_run(app *a, const char *name, sync_stats *st, sync_progress_cb progress, void *payload)
{
	git_repository *r = NULL;
	git_remote *rem = NULL;
	sync_ctx c = {.a = a, .st = st, .progress = progress, .payload = payload};
	remote_cb cb = {.c = &c};
	char *own = repo_device_ref(a->device), *tracking = NULL, *station_ref = NULL, *trust_ref = NULL;
	int rc = -1, fd = -1, stick_fd = -1;
	git_oid head, before;
	sb_init(&cb.side);
	if (!name)
		name = "origin";
	int is_station = str_eq(name, "origin");
	if (!st->from)
		st->from = json_object();
	store_sync_count before_cnt;
	/* A sync killed between a fetch that took packs whole and its import. */
	if (sync_lock_home(a->home, &fd) < 0 || repo_open(&r, a->home) < 0 || repo_taken_undo(r) < 0 ||
	    store_sync_counts(a->db, &before_cnt, 1) < 0)
		goto out;
	int64_t quarantined_before = before_cnt.quarantined;
	c.r = cb.r = r;
	if (git_remote_lookup(&rem, r, name) < 0) {
		err_set("no remote '%s': see 'dustwatch remote', or sync with a URL or a stick's path "
			"('dustwatch sync /media/usb/STATION.git')",
			name);
		goto out;
	}
	if (sync_is_path_url(git_remote_url(rem)) &&
	    (ensure_path_remote(git_remote_url(rem)) < 0 || lock_stick(git_remote_url(rem), &stick_fd) < 0))
		goto out;
	if (strchr(git_remote_url(rem), '@')) {
		if (sync_remote_secure(a, r, name, git_remote_url(rem)) < 0)
			goto out;
		git_remote_free(rem);
		rem = NULL;
		if (git_remote_lookup(&rem, r, name) < 0) {
			repo_err(name);
			goto out;
		}
	}
	cb.remote = name;
	if (repo_commit_pending(a, r, &st->committed) < 0)
		goto out;
	tracking = xasprintf("refs/remotes/%s/devices/%s", name, a->device);
	station_ref = xasprintf("refs/remotes/%s/station", name);
	trust_ref = xasprintf("refs/remotes/%s/trust", name);
	int stick = sync_is_path_url(git_remote_url(rem));
	for (int attempt = 0;; attempt++) {
		/* A stick carries the station's key (trust): a laptop that
		 * has only ever seen sticks learns it there, as online. */
		if (fetch(rem, name, &cb) < 0 || sync_learn_station(&c, station_ref) < 0 ||
		    (stick && sync_learn_station(&c, trust_ref) < 0))
			goto out;
		/* The station's repository, whatever the remote's name: the one
		 * that carries the station's key (a USB stick carries none). */
		git_oid st_tip;
		if (!is_station && repo_ref_tree(r, station_ref, &st_tip, NULL) == 0 && !git_oid_is_zero(&st_tip))
			is_station = 1;
		git_error_clear();
		c.taken_from = repo_taken_pending(r) ? git_remote_url(rem) : NULL;
		if (import_remote(&c, name, is_station) < 0) {
			/* The next sync fetches again what the import did not read. */
			char *why = xstrdup(err_msg());
			repo_taken_undo(r);
			err_set("%s", why);
			free(why);
			goto out;
		}
		repo_taken_keep(r);
		if (repo_ref_tree(r, own, &head, NULL) < 0 || repo_ref_tree(r, tracking, &before, NULL) < 0)
			goto out;
		/* A new laptop for an enrolled device code (or an old copy of a
		 * data directory) goes on from the station's copy of its branch. */
		if (is_station && !git_oid_is_zero(&before) && !git_oid_equal(&head, &before) &&
		    (git_oid_is_zero(&head) || git_graph_descendant_of(r, &head, &before) != 1)) {
			git_error_clear();
			if (sync_adopt_own(&c, own, tracking, &head) < 0)
				goto out;
		}
		if (git_oid_is_zero(&head) || git_oid_equal(&head, &before)) {
			st->pushed = 0;
			break;
		}
		size_t n = 0;
		int nff;
		if (own_diff(&c, git_oid_is_zero(&before) ? NULL : &before, &head, 1, &n) < 0 || push(rem, own, &cb, &nff) < 0)
			goto out;
		if (!cb.refused) {
			git_reference *tr = NULL;
			if (git_reference_create(&tr, r, tracking, &head, 1, "dustwatch push") < 0) {
				repo_err(tracking);
				goto out;
			}
			git_reference_free(tr);
			st->pushed = 1, st->sent = n;
			if (station_note(a, &cb, st) < 0)
				goto out;
			break;
		}
		if (nff && attempt == 0)
			continue; /* "fetch first": fetch, import, try once more */
		st->pushed = -1;
		free(st->push_message);
		st->push_message = cb.side.len ? xasprintf("%s\n%s", cb.message, cb.side.s) : xstrdup(cb.message);
		break;
	}
	if (is_station && sync_mark_station(&c, tracking) < 0)
		goto out;
	if (stick && !is_station && give_trust(&c, rem, &cb) < 0)
		goto out;
	char *root = store_setting(a->db, "station_device");
	int is_root = str_eq(root, a->device), relays = (is_station || stick) && is_root && st->pushed >= 0;
	free(root);
	if (relays && relay(&c, rem, name, &cb) < 0)
		goto out;
	/* Report what stays quarantined, not what waited and came through. */
	store_sync_count cnt;
	if (store_sync_counts(a->db, &cnt, 1) < 0)
		goto out;
	st->quarantined = cnt.quarantined > quarantined_before ? (size_t)(cnt.quarantined - quarantined_before) : 0;
	/* The clocks seen, imported ones included, against this machine's. */
	int64_t reference;
	if (clock_judge(a, &reference, &st->clocks_ahead) < 0)
		goto out;
	st->clock_behind_ms = clock_behind(a);
	/* The station's judgement travels by stick too, both ways. */
	if (stick && relays && give_clocks(&c, rem, &cb, st->clocks_ahead) < 0)
		goto out;
	if (stick && !is_root && take_clocks(&c, name, st) < 0)
		goto out;
	/* A supervisor's device given the station's personal data key. */
	if ((st->seal_learned = seal_learn(a)) < 0)
		goto out;
	/* libgit2 never packs: keep loose objects and packs few. */
	size_t loose, packs;
	if (repo_object_counts(r, &loose, &packs) == 0 && (loose > 2000 || packs > 20) && repo_pack(r) < 0)
		goto out;
	rc = 0;
out:
	if (stick_fd >= 0)
		close(stick_fd);
	if (fd >= 0)
		close(fd);
	free(cb.message);
	sb_free(&cb.side);
	free(own), free(tracking), free(station_ref), free(trust_ref);
	git_remote_free(rem);
	sync_ctx_close(&c);
	git_repository_free(r);
	return rc;
}
