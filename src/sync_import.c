/*
 * sync_import: bringing events from the repository into the database.
 * For each device ref that moved, the old and new trees are walked side by
 * side, skipping subtrees whose ids did not change, and only the added
 * files are read. Each file is verified (name = blob id, canonical event
 * text, id = hash, the branch's own device, a signature by a key this
 * machine trusts) and applied, or quarantined with the reason. The new
 * last-imported commit is stored in the same transaction. Also the full
 * rebuild behind `dustwatch reindex`.
 */
#include "record.h"
#include "registry.h"
#include "sync.h"
#include "util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The device of a ref: what follows ".../devices/". */
static const char *ref_device(const char *ref)
{
	const char *p = strstr(ref, "devices/");
	return p ? p + 8 : NULL;
}

/* The key that must have signed an event of dev and form. *retry: the
 * failure may go away (a device not enrolled here yet). */
static int trusted_key(app *a, const char *dev, const char *kind, unsigned char pk[32], int *retry)
{
	char *root = store_setting(a->db, "station_device"), *rk = store_setting(a->db, "station_key");
	int rc = -1;
	*retry = 0;
	/* Until a station is known (a demo, a machine never synced), this
	 * machine's own key is the root. */
	if (str_eq(kind, "device") && !str_eq(dev, root ? root : a->device)) {
		*retry = !root;
		err_set(root ? "a device record not signed by the station (%s)" : "no station key known yet", root);
		goto out;
	}
	if (str_eq(dev, a->device)) {
		memcpy(pk, a->me.pk, 32);
		rc = 0;
	} else if (root && str_eq(dev, root)) {
		rc = rk && hex_decode(rk, pk, 32) == 0 ? 0 : err_set("bad station key in settings");
	} else if (registry_key(a, dev, pk) == 0) {
		rc = 0;
	} else {
		*retry = 1;
	}
out:
	free(root), free(rk);
	return rc;
}

/* Verifies one event file of branch device dev. On success *ev_out holds
 * the parsed event. */
static int check_file(app *a, const char *dev, const char *path, const char *blob, const char *text, size_t len,
		      json_t **ev_out, int *retry)
{
	json_t *ev = NULL;
	char *canon = NULL;
	unsigned char pk[32];
	int rc = -1;
	*retry = 0;
	const char *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	char *prefix = xasprintf("devices/%s/", dev);
	if (!str_starts(path, prefix)) {
		err_set("a file outside the device's folder");
		goto out;
	}
	if (!str_eq(name, blob)) {
		err_set("the file's name is not its blob id");
		goto out;
	}
	if (len != strlen(text) || event_parse(text, len, &ev) < 0)
		goto out;
	canon = event_canonical(ev);
	if (!canon || strlen(canon) != len || memcmp(canon, text, len) != 0) {
		err_set("not the event's canonical text");
		goto out;
	}
	if (!str_eq(event_str(ev, "device"), dev)) {
		err_set("an event of device %s on the branch of %s", event_str(ev, "device"), dev);
		goto out;
	}
	if (trusted_key(a, dev, event_str(ev, "form"), pk, retry) < 0)
		goto out;
	if (event_verify_sig(ev, pk) < 0)
		goto out;
	*ev_out = ev;
	ev = NULL;
	rc = 0;
out:
	json_decref(ev);
	free(canon), free(prefix);
	return rc;
}

typedef struct {
	sync_ctx *c;
	const char *ref, *dev;
	int local, at_station, counting;
} import_walk;

static int quarantine(sync_ctx *c, const char *blob, const char *text, size_t len, const char *ref, const char *path,
		      int retry)
{
	char stamp[32];
	app_stamp(c->a, stamp);
	char *src = xasprintf("%s:%s", ref, path);
	char *why = xstrdup(err_msg());
	int rc = store_quarantine(c->a->db, blob, text, len, src, why, retry, stamp);
	free(src), free(why);
	if (rc == 0)
		c->st->quarantined++;
	return rc;
}

/* Verifies and applies one event file; quarantines it on failure. Returns
 * 1 applied (or known), 0 quarantined, -1 on a database error. */
static int take_event(sync_ctx *c, const char *ref, const char *dev, const char *path, const char *blob,
		      const char *text, size_t len, int local, int at_station)
{
	json_t *ev = NULL;
	int retry;
	if (check_file(c->a, dev, path, blob, text, len, &ev, &retry) < 0)
		return quarantine(c, blob, text, len, ref, path, retry) < 0 ? -1 : 0;
	int rc = store_begin(c->a->db);
	int added = rc < 0 ? -1 : rec_apply_event(c->a, ev, text, local);
	if (added < 0) {
		if (rc == 0)
			store_rollback(c->a->db);
		/* A form version this machine does not have yet, say. */
		rc = quarantine(c, blob, text, len, ref, path, 1) < 0 ? -1 : 0;
		goto out;
	}
	if (store_set_event_blob(c->a->db, event_str(ev, "id"), blob, at_station) < 0 || store_commit(c->a->db) < 0) {
		store_rollback(c->a->db);
		rc = -1;
		goto out;
	}
	if (added == 1 && !local) {
		c->st->received++;
		json_t *n = json_object_get(c->st->from, dev);
		json_object_set_new(c->st->from, dev, json_integer(json_integer_value(n) + 1));
	}
	rc = 1;
out:
	json_decref(ev);
	return rc;
}

/* An attachment: blobs/<dev>/<sha256>, stored under the data directory. */
static int take_attachment(sync_ctx *c, const char *ref, const char *path, const char *blob, const char *data,
			   size_t len)
{
	unsigned char h[32];
	char hex[65], stamp[32];
	const char *name = strrchr(path, '/') + 1;
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	hex_encode(h, 32, hex);
	if (!str_eq(hex, name)) {
		err_set("an attachment whose name is not its SHA-256");
		return quarantine(c, blob, data, len, ref, path, 0);
	}
	char *dir = xasprintf("%s/blobs/%.2s", c->a->home, hex), *dest = xasprintf("%s/%s", dir, hex);
	int rc = 0;
	app_stamp(c->a, stamp);
	if (access(dest, F_OK) != 0 && (mkdir_p(dir, 0700) < 0 || write_file_atomic(dest, data, len, 0600) < 0))
		rc = -1;
	else if (!store_has_attachment(c->a->db, hex) &&
		 store_add_attachment(c->a->db, hex, (int64_t)len, hex, stamp) < 0)
		rc = -1;
	else
		rc = store_set_attachment_blob(c->a->db, hex, blob);
	free(dir), free(dest);
	return rc;
}

static int on_added(void *payload, const char *path, const git_tree_entry *e)
{
	import_walk *w = payload;
	sync_ctx *c = w->c;
	if (w->counting) {
		c->total++;
		return 0;
	}
	git_blob *b = NULL;
	char blob[GIT_OID_HEXSZ + 1];
	git_oid_tostr(blob, sizeof blob, git_tree_entry_id(e));
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || git_blob_lookup(&b, c->r, git_tree_entry_id(e)) < 0) {
		err_set("not a file");
		return quarantine(c, blob, "", 0, w->ref, path, 0) < 0 ? -1 : 0;
	}
	const char *data = git_blob_rawcontent(b);
	size_t len = (size_t)git_blob_rawsize(b);
	char *text = xmalloc(len + 1);
	memcpy(text, data, len);
	text[len] = 0;
	git_blob_free(b);
	char *bprefix = xasprintf("blobs/%s/", w->dev);
	int rc;
	if (str_starts(path, bprefix) && !strchr(path + strlen(bprefix), '/'))
		rc = take_attachment(c, w->ref, path, blob, text, len);
	else if (len > EVENT_MAX_BYTES)
		rc = err_set("a file too big for an event"), quarantine(c, blob, text, 0, w->ref, path, 0);
	else
		rc = take_event(c, w->ref, w->dev, path, blob, text, len, w->local, w->at_station) < 0 ? -1 : 0;
	free(bprefix), free(text);
	c->done++;
	if (c->progress && (c->done % 64 == 0 || c->done == c->total))
		c->progress(c->payload, "import", c->done, c->total);
	return rc;
}

int sync_import_trees(sync_ctx *c, const char *ref, git_tree *old, git_tree *nt, int local, int at_station)
{
	const char *dev = ref_device(ref);
	import_walk w = {c, ref, dev, local, at_station, 0};
	if (!dev)
		return err_set("%s: not a device ref", ref);
	return repo_walk(c->r, old, nt, on_added, NULL, &w);
}

int sync_import_ref(sync_ctx *c, const char *ref, int at_station)
{
	char *last = NULL, hex[GIT_OID_HEXSZ + 1], stamp[32];
	git_oid tip, old_id;
	git_tree *nt = NULL, *old = NULL;
	git_commit *oc = NULL;
	int rc = -1;
	if (repo_ref_tree(c->r, ref, &tip, &nt) < 0 || store_sync_ref(c->a->db, ref, &last) < 0)
		goto out;
	git_oid_tostr(hex, sizeof hex, &tip);
	if (!nt || (last && str_eq(last, hex))) {
		rc = 0;
		goto out;
	}
	app_stamp(c->a, stamp);
	if (last) {
		if (git_oid_fromstr(&old_id, last) < 0 || git_commit_lookup(&oc, c->r, &old_id) < 0 ||
		    git_graph_descendant_of(c->r, &tip, &old_id) != 1) {
			/* Rewritten history: an alarm, never accepted. */
			git_error_clear();
			c->st->alarms++;
			rc = store_add_alarm(c->a->db, ref, last, hex, stamp);
			goto out;
		}
		if (git_commit_tree(&old, oc) < 0) {
			repo_err(ref);
			goto out;
		}
	}
	if (store_begin(c->a->db) < 0)
		goto out;
	if (sync_import_trees(c, ref, old, nt, 0, at_station) != 0 || store_set_sync_ref(c->a->db, ref, hex, stamp) < 0 ||
	    store_commit(c->a->db) < 0) {
		store_rollback(c->a->db);
		goto out;
	}
	rc = 0;
out:
	git_commit_free(oc);
	git_tree_free(old), git_tree_free(nt);
	free(last);
	return rc;
}

static int retry_row(void *payload, const store_quarantine_row *row)
{
	sync_ctx *c = payload;
	const char *colon = strchr(row->source, ':');
	const char *path = colon ? colon + 1 : row->source;
	char *ref = xstrndup(row->source, colon ? (size_t)(colon - row->source) : 0);
	const char *dev = ref_device(ref);
	json_t *ev = NULL;
	int retry, rc = 0;
	if (dev && check_file(c->a, dev, path, row->blob, row->body, row->len, &ev, &retry) == 0) {
		size_t q = c->st->quarantined;
		if (store_begin(c->a->db) < 0)
			rc = -1;
		else if (store_unquarantine(c->a->db, row->blob) < 0 ||
			 take_event(c, ref, dev, path, row->blob, row->body, row->len, 0, 0) < 0 ||
			 store_commit(c->a->db) < 0)
			store_rollback(c->a->db), rc = -1;
		else if (c->st->quarantined > q)
			c->st->quarantined = q; /* still waiting: not new */
	}
	json_decref(ev);
	free(ref);
	return rc;
}

int sync_retry_quarantine(sync_ctx *c)
{
	return store_quarantined(c->a->db, 1, retry_row, c);
}
