/*
 * revoke: revocation records. See revoke.h.
 */
#include "event.h"
#include "hex.h"
#include "record.h"
#include "registry.h"
#include "repo.h"
#include "revoke.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The station's copy of dev's branch: refs/remotes/NAME/devices/DEV of a
 * remote that carries the station's key (origin first). *found: whether a
 * station's repository is known here at all. */
static int station_head(git_repository *r, const char *dev, git_oid *head, int *found)
{
	repo_refs l = {0};
	int rc = 0;
	*found = 0;
	memset(head, 0, sizeof *head);
	if (repo_refs_glob(r, "refs/remotes/*/station", &l) < 0)
		return repo_err("refs");
	for (int pass = 0; pass < 2 && !*found; pass++)
		for (size_t i = 0; i < l.n && !*found; i++) {
			int origin = str_eq(l.v[i], "refs/remotes/origin/station");
			if (origin != (pass == 0))
				continue;
			char *ref = xasprintf("%.*sdevices/%s", (int)(strlen(l.v[i]) - strlen("station")), l.v[i], dev);
			rc = repo_ref_tree(r, ref, head, NULL);
			*found = rc == 0;
			free(ref);
		}
	repo_refs_free(&l);
	return rc;
}

typedef struct {
	size_t n;
} counter;

static int count_file(void *payload, const char *path, const git_tree_entry *e)
{
	(void)path, (void)e;
	((counter *)payload)->n++;
	return 0;
}

/* The event files of dev in commit id's tree. */
static int count_events(git_repository *r, const git_oid *id, const char *dev, size_t *n)
{
	git_commit *c = NULL;
	git_tree *t = NULL, *sub = NULL;
	git_tree_entry *e = NULL;
	counter k = {0};
	char *prefix = xasprintf("devices/%s", dev), hex[GIT_OID_HEXSZ + 1];
	int rc = -1;
	if (git_commit_lookup(&c, r, id) < 0 || git_commit_tree(&t, c) < 0) {
		git_error_clear();
		err_set("commit %s is not in this data directory's repository (sync with the station first)",
			git_oid_tostr(hex, sizeof hex, id));
		goto out;
	}
	if (git_tree_entry_bypath(&e, t, prefix) == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    (git_tree_lookup(&sub, r, git_tree_entry_id(e)) < 0 || repo_walk(r, NULL, sub, count_file, NULL, &k) < 0)) {
		repo_err(prefix);
		goto out;
	}
	git_error_clear();
	*n = k.n;
	rc = 0;
out:
	git_tree_entry_free(e);
	git_tree_free(sub), git_tree_free(t);
	git_commit_free(c);
	free(prefix);
	return rc;
}

int revoke_device(app *a, const char *dev, const char *at, const char *reason, char **cut_out, size_t *kept)
{
	git_repository *r = NULL;
	git_oid cut;
	unsigned char pk[32];
	char *root = store_setting(a->db, "station_device"), *id = NULL, pk_hex[65], cut_hex[GIT_OID_HEXSZ + 1] = "";
	json_t *problems = json_array(), *fields = NULL;
	int rc = -1, known;
	*cut_out = NULL, *kept = 0;
	if (!str_eq(root, a->device)) {
		err_set("only the station admin's data directory revokes devices (the one 'dustwatch station init' was "
			"run in)");
		goto out;
	}
	if (str_eq(dev, a->device)) {
		err_set("the station's own device cannot be revoked (its key is the station's trust root)");
		goto out;
	}
	if (registry_key(a, dev, pk) < 0 || repo_open(&r, a->home) < 0)
		goto out;
	if (at) {
		if (!hex_is(at, 40) || git_oid_fromstr(&cut, at) < 0) {
			err_set("--at wants a commit's full 40-digit id, not '%s'", at);
			goto out;
		}
	} else if (station_head(r, dev, &cut, &known) < 0) {
		goto out;
	} else if (!known) {
		err_set("no station's repository is known here: run 'dustwatch sync' first, or give the last "
			"commit to keep with --at COMMIT");
		goto out;
	}
	if (!git_oid_is_zero(&cut)) {
		if (count_events(r, &cut, dev, kept) < 0)
			goto out;
		git_oid_tostr(cut_hex, sizeof cut_hex, &cut);
	}
	hex_encode(pk, 32, pk_hex);
	const form *f = app_form(a, "revocation", 0);
	if (!f) {
		err_set("no revocation form");
		goto out;
	}
	char *assign[4];
	size_t na = 0;
	assign[na++] = xasprintf("device=%s", dev);
	assign[na++] = xasprintf("public_key=%s", pk_hex);
	assign[na++] = xasprintf("reason=%s", reason);
	if (*cut_hex)
		assign[na++] = xasprintf("cut=%s", cut_hex);
	fields = rec_parse_assignments(a, f, assign, na, problems);
	for (size_t i = 0; i < na; i++)
		free(assign[i]);
	if (!fields || json_array_size(problems)) {
		json_t *p = json_array_get(problems, 0);
		err_set("%s: %s", json_string_value(json_object_get(p, "field")),
			json_string_value(json_object_get(p, "message")));
		goto out;
	}
	if (rec_new(a, "revocation", fields, 1, problems, &id) < 0)
		goto out;
	*cut_out = xstrdup(cut_hex);
	rc = 0;
out:
	free(root), free(id);
	json_decref(fields), json_decref(problems);
	git_repository_free(r);
	return rc;
}

typedef struct {
	const char *prefix;
	char *blob, *body;
	size_t matches;
} quarantine_search;

static int find_quarantined(void *payload, const store_quarantine_row *row)
{
	quarantine_search *q = payload;
	if (!str_starts(row->blob, q->prefix))
		return 0;
	if (!q->matches++) {
		q->blob = xstrdup(row->blob);
		q->body = xstrndup(row->body, row->len);
	}
	return 0;
}

/* Whether ev is signed by a key its device has or had here. */
static int signed_by_device(app *a, const json_t *ev)
{
	const char *dev = event_str(ev, "device");
	unsigned char pk[32];
	registry_revocation *v = NULL;
	size_t n = 0;
	int ok = registry_key(a, dev, pk) == 0 && event_verify_sig(ev, pk) == 0;
	if (!ok && registry_revocations(a, dev, &v, &n) == 0)
		for (size_t i = 0; i < n && !ok; i++)
			ok = event_verify_sig(ev, v[i].pk) == 0;
	registry_revocations_free(v, n);
	return ok;
}

int revoke_admit(app *a, const char *blob, const char *note, char **what_out)
{
	quarantine_search q = {blob, NULL, NULL, 0};
	json_t *ev = NULL, *again = NULL;
	char *root = store_setting(a->db, "station_device"), *canon = NULL;
	int rc = -1;
	*what_out = NULL;
	if (!str_eq(root, a->device)) {
		err_set("only the station admin's data directory lets quarantined events in");
		goto out;
	}
	if (strlen(blob) < 7 || !hex_is(blob, strlen(blob))) {
		err_set("'%s' is not a file's id (at least 7 hexadecimal digits, as 'dustwatch quarantine' shows)", blob);
		goto out;
	}
	if (store_quarantined(a->db, 0, find_quarantined, &q) < 0)
		goto out;
	if (q.matches != 1) {
		err_set(q.matches ? "%s names %zu quarantined files: give more of the id"
			: "no quarantined file %s (see 'dustwatch quarantine')",
			blob, q.matches);
		goto out;
	}
	if (event_parse(q.body, strlen(q.body), &ev) < 0) {
		err_prefix("%s is not an event", q.blob);
		goto out;
	}
	if (!signed_by_device(a, ev)) {
		err_set("%s is not signed by any key device %s was enrolled with: a forgery is never let in", q.blob,
			event_str(ev, "device"));
		goto out;
	}
	again = json_deep_copy(ev);
	json_object_del(again, "id"), json_object_del(again, "sig");
	json_object_set_new(again, "device", json_string(a->device));
	json_object_set_new(again, "admits", json_pack("{sOss}", "event", ev, "note", note));
	if (store_begin(a->db) < 0)
		goto out;
	if (event_seal(again, &a->me, &canon) < 0 || rec_apply_event(a, again, canon, 1) < 0 ||
	    store_unquarantine(a->db, q.blob) < 0 || store_commit(a->db) < 0) {
		store_rollback(a->db);
		goto out;
	}
	*what_out = xasprintf("%s of record %s by %s", event_str(ev, "op"), event_str(ev, "record"),
			      event_str(ev, "device"));
	rc = 0;
out:
	free(root), free(canon), free(q.blob), free(q.body);
	json_decref(ev), json_decref(again);
	return rc;
}
