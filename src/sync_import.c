/*
 * sync_import: bringing events from the repository into the database.
 * For each device ref that moved, the old and new trees are walked side by
 * side, skipping subtrees whose ids did not change, and only the added
 * files are read. The walk hands the files over in batches: they are read
 * and checked on the checking threads (sync_checkers.c, sync_verify.c:
 * name = blob id, canonical event text, id = hash, the branch's own
 * device, a signature by a key this machine trusts or a signed commit
 * manifest naming the id) while this thread applies the batches before,
 * in order, or quarantines each file that failed, with the reason. When
 * the refs are imported in one transaction, the batches flow on from one
 * branch to the next (a station's branches are small: the threads sat
 * idle while each one began and ended), except after a branch that may
 * change the trust of the others. Records are folded after the walk
 * (sync_fold.c). The new last-imported commit is stored in the same
 * transaction. Also the full rebuild behind `dustwatch reindex`.
 */
#include "hex.h"
#include "record.h"
#include "sync_impl.h"
#include "util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The device of a ref: what follows ".../devices/". */
const char *sync_ref_device(const char *ref)
{
	const char *p = strstr(ref, "devices/");
	return p ? p + 8 : NULL;
}

/* A batch: this many files, or this many bytes of attachments. */
enum { BATCH_FILES = 512, BATCH_BYTES = 8 << 20 };

typedef struct {
	sync_ctx *c;
	sync_branch *branch;
	sync_batch *filling;
	size_t bytes; /* in filling */
} import_walk;

int sync_quarantine(sync_ctx *c, const char *blob, const char *text, size_t len, const char *ref, const char *path,
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

static void count_received(sync_ctx *c, const char *dev)
{
	c->st->received++;
	json_t *n = json_object_get(c->st->from, dev);
	json_object_set_new(c->st->from, dev, json_integer(json_integer_value(n) + 1));
}

/* ev, just added, may be its device's latest event. */
static void note_clock(sync_ctx *c, const json_t *ev)
{
	const char *dev = event_str(ev, "device"), *wall = event_str(ev, "wall");
	hlc h = event_hlc(ev);
	json_t *had = json_object_get(c->clocks, dev);
	hlc before = {json_integer_value(json_array_get(had, 0)), (int32_t)json_integer_value(json_array_get(had, 1))};
	if (!had || hlc_cmp(h, before) > 0)
		json_object_set_new(c->clocks, dev, json_pack("[IIs]", (json_int_t)h.ms, (json_int_t)h.c, wall ? wall : ""));
}

/* Applies one checked event. defer: its record is folded once the walk is
 * through (device records at once: later files are checked against the
 * registry they make, revocations too). Returns 1 applied (or known), 0 quarantined, -1 on
 * a database error. */
static int take_checked(sync_ctx *c, const char *ref, const char *dev, const char *path, const char *blob,
			const char *text, size_t len, json_t *ev, int local, int at_station, int defer)
{
	if (defer && !str_eq(event_str(ev, "form"), "device") && !str_eq(event_str(ev, "form"), "revocation")) {
		/* Stored for a later fold, an event can only fail with the
		 * database, which fails the whole import: no savepoint needed. */
		int added = rec_add_event(c->a, ev, text, local, blob, at_station);
		if (added == 1 && c->clocks)
			note_clock(c, ev);
		if (added == 1 && !local)
			count_received(c, dev);
		return added < 0 ? -1 : 1;
	}
	int rc = store_begin(c->a->db);
	int added = rc < 0 ? -1 : rec_apply_event(c->a, ev, text, local);
	if (added < 0) {
		if (rc == 0)
			store_rollback(c->a->db);
		/* A form version this machine does not have yet, say. */
		return sync_quarantine(c, blob, text, len, ref, path, 1) < 0 ? -1 : 0;
	}
	if (store_set_event_blob(c->a->db, event_str(ev, "id"), blob, at_station) < 0 || store_commit(c->a->db) < 0) {
		store_rollback(c->a->db);
		return -1;
	}
	if (added == 1 && c->clocks)
		note_clock(c, ev);
	if (added == 1 && !local)
		count_received(c, dev);
	return 1;
}

/* An attachment: blobs/<dev>/<sha256>, kept in the repository only (read
 * from there by rec_attachment_file): its name is checked against its
 * content and it is recorded. */
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
		return sync_quarantine(c, blob, data, len, ref, path, 0);
	}
	app_stamp(c->a, stamp);
	if (!store_has_attachment(c->a->db, hex) && store_add_attachment(c->a->db, hex, (int64_t)len, hex, stamp) < 0)
		return -1;
	return store_set_attachment_blob(c->a->db, hex, blob);
}

static int apply_file(sync_ctx *c, const sync_branch *br, sync_file *f)
{
	int rc;
	if (f->what == SYNC_FILE_NOT_BLOB) {
		err_set("not a file");
		rc = sync_quarantine(c, f->blob, "", 0, br->ref, f->path, 0);
	} else if (f->what == SYNC_FILE_TOO_BIG) {
		err_set("a file too big for %s", str_starts(f->path, br->bprefix) ? "an attachment" : "an event");
		rc = sync_quarantine(c, f->blob, "", 0, br->ref, f->path, 0);
	} else if (f->what == SYNC_FILE_DAMAGED) {
		err_set("damaged: its bytes are not what its id names");
		rc = sync_quarantine(c, f->blob, "", 0, br->ref, f->path, 0);
		c->damaged++;
	} else if (f->what == SYNC_FILE_TOO_DEEP) {
		err_set("a folder deeper than the repository's layout (%d levels)", REPO_MAX_DEPTH);
		rc = sync_quarantine(c, f->blob, "", 0, br->ref, f->path, 0);
	} else if (f->what == SYNC_FILE_ATTACHMENT) {
		rc = take_attachment(c, br->ref, f->path, f->blob, f->text, f->len);
	} else if (f->why) {
		err_set("%s", f->why);
		rc = sync_quarantine(c, f->blob, f->text, f->len, br->ref, f->path, f->retry);
	} else if (sync_check_role(c->a, &br->trust, f->ev) < 0) {
		/* Retried: the device's role may change. */
		rc = sync_quarantine(c, f->blob, f->text, f->len, br->ref, f->path, 1);
	} else {
		rc = take_checked(c, br->ref, br->dev, f->path, f->blob, f->text, f->len, f->ev, br->local,
				  br->at_station, 1);
		*(f->vouched ? &c->st->vouched : &c->st->signed_alone) += 1;
	}
	c->done++;
	if (c->progress && (c->done % 64 == 0 || c->done == c->total))
		c->progress(c->payload, "import", c->done, c->total);
	return rc < 0 ? -1 : 0;
}

static void branch_drop(sync_branch *br)
{
	if (--br->holds > 0)
		return;
	sync_trust_free(&br->trust);
	sync_vouched_free(&br->vouched);
	free(br->ref), free(br->bprefix);
	free(br);
}

static sync_batch *new_batch(import_walk *w)
{
	sync_batch *b = xcalloc(1, sizeof *b);
	b->branch = w->branch;
	w->branch->holds++;
	w->bytes = 0;
	return b;
}

/* Once checked (the threads may be reading it still), a batch lets go of
 * its branch and is freed. */
static void batch_done(sync_batch *b)
{
	sync_batch_wait(b);
	branch_drop(b->branch);
	sync_batch_free(b);
}

/* Applies the oldest batch sent, once it is checked. */
static int apply_oldest(sync_ctx *c)
{
	sync_batch *b = c->ahead[c->first];
	c->first = (c->first + 1) % SYNC_AHEAD, c->n_ahead--;
	sync_batch_wait(b);
	int rc = 0;
	for (size_t i = 0; i < b->n && rc == 0; i++)
		rc = apply_file(c, b->branch, &b->f[i]);
	batch_done(b);
	return rc;
}

/* What is still in flight, dropped (an import that failed). */
static void discard_ahead(sync_ctx *c)
{
	for (; c->n_ahead; c->first = (c->first + 1) % SYNC_AHEAD, c->n_ahead--)
		batch_done(c->ahead[c->first]);
}

int sync_import_drain(sync_ctx *c)
{
	while (c->n_ahead)
		if (apply_oldest(c) < 0) {
			discard_ahead(c);
			return -1;
		}
	return 0;
}

int sync_count_added(void *payload, const char *path, const git_tree_entry *e)
{
	(void)path, (void)e;
	(*(size_t *)payload)++;
	return 0;
}

/* A batch of fewer files than this is checked on this thread alone (a
 * sync of a few events starts no thread). */
enum { SMALL_BATCH = 64 };

void sync_ctx_close(sync_ctx *c)
{
	discard_ahead(c);
	sync_checkers_stop(c->checkers);
	c->checkers = NULL;
	c->tried_checkers = 0;
	sync_read_ahead_free(c->read_ahead);
	c->read_ahead = NULL;
}

/* Reads a file on this thread: attachments, which may be large (the
 * batch is cut by size). */
static void read_here(import_walk *w, sync_file *f)
{
	sync_file_read(w->c->r, f);
	if (f->text)
		w->bytes += f->len;
}

/* The filled batch goes to be checked, on the checking threads (started
 * now, when start says a batch this size wants them) or here; with
 * SYNC_AHEAD in flight, the oldest is applied first while the threads
 * check those after it. */
static int send(import_walk *w, int start)
{
	sync_ctx *c = w->c;
	if (c->n_ahead == SYNC_AHEAD && apply_oldest(c) < 0)
		return -1;
	sync_batch *b = w->filling;
	if (start && !c->tried_checkers) {
		c->tried_checkers = 1;
		c->checkers = sync_checkers_start(c->r);
	}
	if (c->checkers)
		sync_checkers_queue(c->checkers, b);
	else
		sync_batch_check_here(b, c->r);
	c->ahead[(c->first + c->n_ahead++) % SYNC_AHEAD] = b;
	w->filling = new_batch(w);
	return 0;
}

static int on_added(void *payload, const char *path, const git_tree_entry *e)
{
	import_walk *w = payload;
	const char *bprefix = w->branch->bprefix;
	sync_file f = {.path = xstrdup(path), .oid = *git_tree_entry_id(e)};
	git_oid_tostr(f.blob, sizeof f.blob, &f.oid);
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		f.what = SYNC_FILE_TOO_DEEP;
	} else if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		f.what = SYNC_FILE_NOT_BLOB;
	} else if (str_starts(path, bprefix) && !strchr(path + strlen(bprefix), '/')) {
		f.what = SYNC_FILE_ATTACHMENT;
		read_here(w, &f);
	} else {
		f.what = SYNC_FILE_EVENT; /* read where it is checked */
	}
	sync_batch_add(w->filling, &f);
	return w->filling->n >= BATCH_FILES || w->bytes >= BATCH_BYTES ? send(w, 1) : 0;
}

int sync_import_trees(sync_ctx *c, const char *ref, const git_oid *base, git_tree *old, const git_oid *tip,
		      git_tree *nt, int local, int at_station)
{
	const char *dev = sync_ref_device(ref);
	if (!dev)
		return err_set("%s: not a device ref", ref);
	sync_branch *br = xcalloc(1, sizeof *br);
	br->ref = xstrdup(ref);
	br->dev = sync_ref_device(br->ref);
	br->bprefix = xasprintf("blobs/%s/", dev);
	br->local = local, br->at_station = at_station;
	br->holds = 1;
	sync_trust_of(c->a, c->r, dev, &br->trust);
	import_walk w = {.c = c, .branch = br};
	w.filling = new_batch(&w);
	int rc = nt ? sync_vouch(c->r, c->read_ahead, tip, base, dev, &br->trust, &br->vouched) : 0;
	if (rc == 0)
		rc = repo_walk(c->r, old, nt, on_added, NULL, &w);
	if (rc == 0 && w.filling->n)
		rc = send(&w, w.filling->n >= SMALL_BATCH);
	/* A branch that may write device records (the station's) changes the
	 * trust of those after it: they wait until it is all applied. */
	if (rc == 0 && (!c->pipelined || br->trust.may_enroll))
		rc = sync_import_drain(c);
	if (rc != 0)
		discard_ahead(c);
	batch_done(w.filling);
	branch_drop(br);
	return rc;
}

int sync_import_ref(sync_ctx *c, const char *ref, int at_station)
{
	char *last = NULL, hex[GIT_OID_HEXSZ + 1], stamp[32];
	git_oid tip, old_id;
	git_tree *nt = NULL, *old = NULL;
	git_commit *oc = NULL;
	int rc = -1;
	/* Whether it moved, from the ref alone: a station's sync with nothing
	 * new read every device's commit and tree for it (2,744 devices, 0.4 s
	 * at 10^6 events). */
	int has = repo_ref_oid(c->r, ref, &tip);
	if (has < 0) {
		repo_err(ref);
		goto out;
	}
	if (store_sync_ref(c->a->db, ref, &last) < 0)
		goto out;
	git_oid_tostr(hex, sizeof hex, &tip);
	if (!has || (last && str_eq(last, hex))) {
		rc = 0;
		goto out;
	}
	if (repo_ref_tree(c->r, ref, &tip, &nt) < 0)
		goto out;
	if (!nt) {
		rc = 0; /* gone since */
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
	if (sync_import_trees(c, ref, last ? &old_id : NULL, old, &tip, nt, 0, at_station) != 0 ||
	    store_set_sync_ref(c->a->db, ref, hex, stamp) < 0 || store_commit(c->a->db) < 0) {
		discard_ahead(c); /* the caller rolls back all of it */
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
	const char *dev = sync_ref_device(ref);
	json_t *ev = NULL;
	sync_trust t = {0};
	int retry, rc = 0;
	if (dev)
		sync_trust_of(c->a, c->r, dev, &t);
	if (dev && sync_check_event(&t, NULL, dev, path, row->blob, row->body, row->len, &ev, &retry) == 0 &&
	    sync_check_role(c->a, &t, ev) == 0) {
		c->st->signed_alone++;
		if (store_unquarantine(c->a->db, row->blob) < 0 ||
		    take_checked(c, ref, dev, path, row->blob, row->body, row->len, ev, 0, 0, 1) < 0)
			rc = -1;
	}
	sync_trust_free(&t);
	json_decref(ev);
	free(ref);
	return rc;
}

/* In one transaction, each record folded once at the end: a first sync
 * retries thousands of edits that came before their records' creates.
 * Passes repeat while one lets something in: a file may wait for another
 * that waits too (an approval for its device's role change, which waited
 * for the device record's create, the files of one folder being walked
 * in the order of their names). */
int sync_retry_quarantine(sync_ctx *c)
{
	size_t q = c->st->quarantined;
	if (store_begin(c->a->db) < 0)
		return -1;
	int64_t before = store_quarantine_count(c->a->db), after;
	int rc = before < 0 ? -1 : 0;
	for (int pass = 0; rc == 0 && pass < 8; pass++) {
		if (store_quarantined(c->a->db, 1, retry_row, c) != 0 || sync_fold_pending(c) < 0 ||
		    (after = store_quarantine_count(c->a->db)) < 0) {
			rc = -1;
			break;
		}
		if (after >= before)
			break;
		before = after;
	}
	if (rc < 0 || store_commit(c->a->db) < 0) {
		store_rollback(c->a->db);
		return -1;
	}
	c->st->quarantined = q; /* those still waiting are not new */
	return 0;
}
