/*
 * sync_verify: checking event files. The trust of a branch (the key its
 * device signs with, whether it may sign device records) is read from the
 * database once per branch, on the importing thread; the checks of each
 * file (canonical text, hash, device, signature or manifest) need nothing
 * else, so files are read and checked on threads of their own
 * (sync_checkers.c) while the importing thread applies those checked
 * before: the parsing and hashing run beside the database work.
 */
#include "hex.h"
#include "registry.h"
#include "sync_impl.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void sync_trust_free(sync_trust *t)
{
	free(t->key_why);
	free(t->enroll_why);
	for (size_t i = 0; i < t->n_revoked; i++) {
		free(t->revoked[i].reason);
		free(t->revoked[i].blobs);
	}
	free(t->revoked);
	memset(t, 0, sizeof *t);
}

typedef struct {
	sync_revoked *r;
	size_t cap;
} blob_set;

static int add_blob(void *payload, const char *path, const git_tree_entry *e)
{
	blob_set *b = payload;
	(void)path;
	if (b->r->n_blobs == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1024;
		b->r->blobs = xrealloc(b->r->blobs, b->cap * sizeof *b->r->blobs);
	}
	b->r->blobs[b->r->n_blobs++] = *git_tree_entry_id(e);
	return 0;
}

/* The event files of dev in the tree of commit cut (hex; "" none). */
static void read_cut(git_repository *r, const char *dev, const char *cut, sync_revoked *out)
{
	git_oid id;
	git_commit *c = NULL;
	git_tree *t = NULL, *sub = NULL;
	git_tree_entry *e = NULL;
	blob_set b = {out, 0};
	char *prefix = xasprintf("devices/%s", dev);
	if (!*cut)
		goto out;
	if (!r || git_oid_fromstr(&id, cut) < 0 || git_commit_lookup(&c, r, &id) < 0 || git_commit_tree(&t, c) < 0) {
		out->cut_missing = 1;
		goto out;
	}
	if (git_tree_entry_bypath(&e, t, prefix) == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&sub, r, git_tree_entry_id(e)) == 0 && repo_walk(r, NULL, sub, add_blob, NULL, &b) < 0)
		out->cut_missing = 1;
	if (out->n_blobs)
		qsort(out->blobs, out->n_blobs, sizeof *out->blobs, repo_oid_cmp);
out:
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(sub), git_tree_free(t);
	git_commit_free(c);
	free(prefix);
}

static void revocations_of(app *a, git_repository *r, const char *dev, sync_trust *t)
{
	registry_revocation *v = NULL;
	size_t n = 0;
	if (registry_revocations(a, dev, &v, &n) < 0 || !n) {
		registry_revocations_free(v, n);
		return;
	}
	t->revoked = xcalloc(n, sizeof *t->revoked);
	for (size_t i = 0; i < n; i++) {
		sync_revoked *x = &t->revoked[t->n_revoked++];
		memcpy(x->pk, v[i].pk, 32);
		x->reason = xstrdup(v[i].reason);
		read_cut(r, dev, v[i].cut, x);
		if (t->have_key && !memcmp(x->pk, t->pk, 32))
			t->key_revoked = 1;
	}
	registry_revocations_free(v, n);
}

void sync_trust_of(app *a, git_repository *r, const char *dev, sync_trust *t)
{
	char *root = store_setting(a->db, "station_device"), *rk = store_setting(a->db, "station_key");
	memset(t, 0, sizeof *t);
	/* Until a station is known (a demo, a machine never synced), this
	 * machine's own key is the root. */
	t->may_enroll = str_eq(dev, root ? root : a->device);
	if (!t->may_enroll) {
		t->enroll_retry = !root;
		t->enroll_why = root ? xasprintf("a device record not signed by the station (%s)", root)
				     : xstrdup("no station key known yet");
	}
	if (str_eq(dev, a->device)) {
		memcpy(t->pk, a->me.pk, 32);
		t->have_key = 1;
	} else if (root && str_eq(dev, root)) {
		t->have_key = rk && hex_decode(rk, t->pk, 32) == 0;
		if (!t->have_key)
			t->key_why = xstrdup("bad station key in settings");
	} else if (registry_key(a, dev, t->pk) == 0) {
		t->have_key = 1;
	} else {
		t->key_retry = 1;
		t->key_why = xstrdup(err_msg());
	}
	t->role = registry_role(a, dev);
	revocations_of(a, r, dev, t);
	free(root), free(rk);
}

/* Whose record ev is on: the device of its create event, from the records
 * folded or the events stored (NULL: not here yet). Caller frees. */
static char *record_device(app *a, const char *rid)
{
	json_t *st = store_get_record(a->db, rid);
	char *dev = st ? xstrdup(json_string_value(json_object_get(st, "device"))) : NULL;
	json_decref(st);
	json_t **ev = NULL;
	size_t n = 0;
	if (!dev && store_record_events(a->db, rid, &ev, &n) == 0)
		for (size_t i = 0; i < n && !dev; i++)
			if (str_eq(event_str(ev[i], "op"), "create"))
				dev = xstrdup(event_str(ev[i], "device"));
	store_free_events(ev, n);
	return dev;
}

/* Whether update ev settles a conflict of its record as folded here: it
 * sets a field in conflict and was written after every competing value
 * (rec_set's rule). A conflict that arrives with ev in the same import is
 * not folded yet and not seen here. */
static int settles(app *a, const json_t *ev)
{
	json_t *st = store_get_record(a->db, event_str(ev, "record"));
	json_t *after = json_object_get(ev, "after"), *fields = json_object_get(ev, "fields"), *c;
	size_t i;
	int found = 0;
	json_array_foreach(json_object_get(st, "conflicts"), i, c)
	{
		if (found || !json_object_get(fields, json_string_value(json_object_get(c, "field"))))
			continue;
		int all = 1;
		size_t j, k;
		json_t *v, *id;
		json_array_foreach(json_object_get(c, "values"), j, v)
		{
			int named = 0;
			json_array_foreach(after, k, id) named |= json_equal(id, json_object_get(v, "event"));
			all &= named;
		}
		found = all;
	}
	json_decref(st);
	return found;
}

int sync_check_role(app *a, const sync_trust *t, const json_t *ev)
{
	const char *op = event_str(ev, "op"), *dev = event_str(ev, "device");
	if (role_check_kind(t->role, dev, event_str(ev, "form")) < 0)
		return -1;
	if (str_eq(op, "update") && t->role < ROLE_SUPERVISOR && settles(a, ev)) {
		const form *f = app_form(a, event_str(ev, "form"), 0);
		return role_check(t->role, dev, f ? f->life : LC_REGISTRY, "settle", 1);
	}
	if (str_eq(op, "create") || str_eq(op, "update") || str_eq(op, "submit") || t->role >= ROLE_SUPERVISOR)
		return 0;
	const form *f = app_form(a, event_str(ev, "form"), 0);
	lifecycle l = f ? f->life : LC_REGISTRY;
	int own = 1;
	if (str_eq(op, "void")) {
		char *owner = record_device(a, event_str(ev, "record"));
		if (!owner)
			return err_set("a void of record %s, not on this machine yet", event_str(ev, "record"));
		own = str_eq(owner, dev);
		free(owner);
	}
	return role_check(t->role, dev, l, op, own);
}

/* ev's signature: by the device's key, unless it is revoked; by a revoked
 * key, only for an event in the cut's tree (blob: the file's id). */
static int check_sig(const sync_trust *t, const json_t *ev, const char *blob, int *retry)
{
	if (!t->key_revoked && event_verify_sig(ev, t->pk) == 0)
		return 0;
	for (size_t i = 0; i < t->n_revoked; i++) {
		const sync_revoked *x = &t->revoked[i];
		git_oid id;
		if (event_verify_sig(ev, x->pk) < 0)
			continue;
		if (git_oid_fromstr(&id, blob) == 0 && bsearch(&id, x->blobs, x->n_blobs, sizeof id, repo_oid_cmp))
			return 0;
		/* The cut may reach this machine later (a stick, the station). */
		*retry = x->cut_missing;
		return err_set("revoked: %s (signed by the device's revoked key after the last commit the station "
			       "accepts%s)",
			       x->reason, x->cut_missing ? ", which this machine has not seen yet" : "");
	}
	return event_verify_sig(ev, t->pk);
}

int sync_check_event(const sync_trust *t, const sync_vouched *v, const char *dev, const char *path, const char *blob,
		     const char *text, size_t len, json_t **ev_out, int *retry)
{
	json_t *ev = NULL;
	int rc = -1;
	*retry = 0;
	const char *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	size_t dl = strlen(dev);
	if (!str_starts(path, "devices/") || strncmp(path + 8, dev, dl) != 0 || path[8 + dl] != '/') {
		err_set("a file outside the device's folder");
		goto out;
	}
	if (!str_eq(name, blob)) {
		err_set("the file's name is not its blob id");
		goto out;
	}
	/* event_parse checks the canonical text (but for a final newline) and
	 * the id; a file must be exactly the text, as its own blob id says. */
	if (len == 0 || text[len - 1] == '\n' || len != strlen(text)) {
		err_set("not the event's canonical text");
		goto out;
	}
	if (event_parse(text, len, &ev) < 0)
		goto out;
	if (!str_eq(event_str(ev, "device"), dev)) {
		err_set("an event of device %s on the branch of %s", event_str(ev, "device"), dev);
		goto out;
	}
	if ((str_eq(event_str(ev, "form"), "device") || str_eq(event_str(ev, "form"), "revocation")) && !t->may_enroll) {
		*retry = t->enroll_retry;
		err_set("%s", t->enroll_why);
		goto out;
	}
	if (!t->have_key) {
		*retry = t->key_retry;
		err_set("%s", t->key_why ? t->key_why : "no key");
		goto out;
	}
	int vouched = sync_vouched_has(v, event_str(ev, "id"));
	if (!vouched && check_sig(t, ev, blob, retry) < 0)
		goto out;
	*ev_out = ev;
	ev = NULL;
	rc = vouched;
out:
	json_decref(ev);
	return rc;
}
