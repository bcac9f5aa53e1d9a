/*
 * station_verify: `dustwatch verify`'s judgement of a push (station.h),
 * made from the repository alone. The keys: the station ref's
 * station.json names the admin's device and key; the device records on the
 * admin's branch (as it will be after this push), signed by that key, give
 * every enrolled device's key, folded in event order (a later event wins,
 * a void removes it), each device's role, and the keys revoked (a device
 * whose key is revoked may push nothing more until it has a new one): a step its role does not
 * allow (role.h) is refused, with the lifecycles of the shipped forms.
 */
#include "clock.h"
#include "fold.h"
#include "formset.h"
#include "hex.h"
#include "record.h"
#include "station.h"
#include "repo.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One ref update of a push. */
typedef struct {
	git_oid old_id, new_id;
	char *ref;
} station_update;

typedef struct {
	git_repository *r;
	char root[32];
	unsigned char root_pk[32];
	json_t *events; /* device-record events on the admin's branch */
	json_t *keys;   /* code -> hex key */
	json_t *roles;  /* code -> role name (none: an inspector's, the root's an admin's) */
	json_t *revoked; /* "code key" -> reason, for each live revocation */
	formset *forms; /* the lifecycles of the kinds */
	int64_t ahead_ms; /* the furthest an accepted event's wall is ahead of now */
	char ahead_dev[32], ahead_wall[32];
} keyring;

static int collect_device_event(void *payload, const char *path, const git_tree_entry *e)
{
	keyring *k = payload;
	char *text = NULL;
	size_t len;
	json_t *ev = NULL;
	(void)path;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || repo_read_blob(k->r, git_tree_entry_id(e), EVENT_MAX_BYTES, &text, &len) < 0)
		return 0;
	if (len == strlen(text) && event_parse(text, len, &ev) == 0 &&
	    (str_eq(event_str(ev, "form"), "device") || str_eq(event_str(ev, "form"), "revocation")) &&
	    str_eq(event_str(ev, "device"), k->root) && event_verify_sig(ev, k->root_pk) == 0)
		json_array_append(k->events, ev);
	json_decref(ev);
	free(text);
	err_set("ok");
	return 0;
}

static int by_event_order(const void *x, const void *y)
{
	return event_cmp(*(json_t *const *)x, *(json_t *const *)y);
}

static int load_keys(keyring *k, const station_update *u, size_t n)
{
	git_oid tip;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	char *text = NULL, *root_ref = NULL;
	size_t len;
	json_t *j = NULL, *recs = json_object();
	int rc = -1;
	if (repo_ref_tree(k->r, REPO_STATION_REF, &tip, &t) < 0)
		goto out;
	if (!t || git_tree_entry_bypath(&e, t, "station.json") < 0 ||
	    repo_read_blob(k->r, git_tree_entry_id(e), EVENT_MAX_BYTES, &text, &len) < 0) {
		err_set("this repository has no station key: make it with 'dustwatch station init'");
		goto out;
	}
	json_error_t je;
	j = json_loads(text, 0, &je);
	const char *dev = json_string_value(json_object_get(j, "device"));
	const char *pk = json_string_value(json_object_get(j, "public_key"));
	if (!dev || !pk || strlen(dev) >= sizeof k->root || hex_decode(pk, k->root_pk, 32) < 0) {
		err_set("station.json is not a station key");
		goto out;
	}
	snprintf(k->root, sizeof k->root, "%s", dev);
	git_tree_free(t);
	t = NULL;
	/* The admin's branch as it will be after this push. */
	root_ref = repo_device_ref(k->root);
	if (repo_ref_tree(k->r, root_ref, &tip, NULL) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (str_eq(u[i].ref, root_ref))
			tip = u[i].new_id;
	if (!git_oid_is_zero(&tip)) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, k->r, &tip) < 0 || git_commit_tree(&t, c) < 0) {
			git_commit_free(c);
			repo_err(root_ref);
			goto out;
		}
		git_commit_free(c);
		if (repo_walk(k->r, NULL, t, collect_device_event, NULL, k) != 0)
			goto out;
	}
	/* Fold code and key per record, in event order. */
	size_t m = json_array_size(k->events);
	json_t **v = xcalloc(m ? m : 1, sizeof *v);
	for (size_t i = 0; i < m; i++)
		v[i] = json_array_get(k->events, i);
	qsort(v, m, sizeof *v, by_event_order);
	for (size_t i = 0; i < m; i++) {
		const char *rid = event_str(v[i], "record");
		json_t *rec = json_object_get(recs, rid);
		if (!rec)
			json_object_set_new(recs, rid, rec = json_object());
		json_t *f = json_object_get(v[i], "fields");
		json_object_set_new(rec, "form", json_string(event_str(v[i], "form")));
		if (json_object_get(f, "code"))
			json_object_set(rec, "code", json_object_get(f, "code"));
		if (json_object_get(f, "device"))
			json_object_set(rec, "code", json_object_get(f, "device"));
		if (json_object_get(f, "reason"))
			json_object_set(rec, "reason", json_object_get(f, "reason"));
		if (json_object_get(f, "public_key"))
			json_object_set(rec, "key", json_object_get(f, "public_key"));
		if (json_object_get(f, "role"))
			json_object_set(rec, "role", json_object_get(f, "role"));
		if (str_eq(event_str(v[i], "op"), "void"))
			json_object_set_new(rec, "void", json_true());
	}
	free(v);
	const char *rid;
	json_t *rec;
	json_object_foreach(recs, rid, rec)
	{
		const char *code = json_string_value(json_object_get(rec, "code"));
		if (str_eq(json_string_value(json_object_get(rec, "form")), "revocation")) {
			const char *key = json_string_value(json_object_get(rec, "key"));
			if (code && key && !json_is_true(json_object_get(rec, "void"))) {
				char *both = xasprintf("%s %s", code, key);
				json_object_set(k->revoked, both, json_object_get(rec, "reason"));
				free(both);
			}
			continue;
		}
		if (code && json_is_string(json_object_get(rec, "key")))
			json_object_set(k->keys, code, json_is_true(json_object_get(rec, "void")) ? json_null()
												     : json_object_get(rec, "key"));
		if (code && json_is_string(json_object_get(rec, "role")) && !json_is_true(json_object_get(rec, "void")))
			json_object_set(k->roles, code, json_object_get(rec, "role"));
	}
	rc = 0;
out:
	json_decref(j), json_decref(recs);
	free(text), free(root_ref);
	git_tree_entry_free(e);
	git_tree_free(t);
	return rc;
}

typedef struct {
	keyring *k;
	const char *ref, *dev;
	unsigned char pk[32];
	git_tree *nt; /* the branch as pushed */
} push_check;

typedef struct {
	git_repository *r;
	const char *rid;
	int found;
} create_search;

static int find_create(void *payload, const char *path, const git_tree_entry *e)
{
	create_search *s = payload;
	char *text = NULL;
	size_t len;
	json_t *ev = NULL;
	(void)path;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    repo_read_blob(s->r, git_tree_entry_id(e), EVENT_MAX_BYTES, &text, &len) == 0 && strstr(text, s->rid) &&
	    event_parse(text, len, &ev) == 0 && str_eq(event_str(ev, "record"), s->rid) &&
	    str_eq(event_str(ev, "op"), "create"))
		s->found = 1;
	json_decref(ev);
	free(text);
	err_set("ok");
	return s->found;
}

/* Whether the branch's device was allowed ev's step (role.h). A void by
 * an inspector's device is of its own record when the record's create
 * event is on its own branch: looked for only then (rare). */
static int check_role(push_check *p, const json_t *ev)
{
	const char *op = event_str(ev, "op");
	const char *name = json_string_value(json_object_get(p->k->roles, p->dev));
	int r = name ? role_parse(name) : str_eq(p->dev, p->k->root) ? ROLE_ADMIN : ROLE_INSPECTOR;
	if (r < 0)
		r = ROLE_INSPECTOR;
	if (role_check_kind((role)r, p->dev, event_str(ev, "form")) < 0)
		return -1;
	if (str_eq(op, "create") || str_eq(op, "update") || str_eq(op, "submit"))
		return 0;
	if (r >= ROLE_SUPERVISOR)
		return 0;
	const form *f = p->k->forms ? formset_get(p->k->forms, event_str(ev, "form")) : NULL;
	lifecycle l = f ? f->life : LC_REGISTRY;
	int own = 1;
	if (str_eq(op, "void")) {
		create_search s = {p->k->r, event_str(ev, "record"), 0};
		own = s.rid && repo_walk(p->k->r, NULL, p->nt, find_create, NULL, &s) >= 0 && s.found;
	}
	return role_check((role)r, p->dev, l, op, own);
}

static int refuse_change(void *payload, const char *path, const git_tree_entry *e)
{
	push_check *p = payload;
	(void)e;
	return err_set("%s: %s: changes or removes a file already there (history is append-only)", p->ref, path);
}

/* The station's clock judges: an event dated ahead of it by more than an
 * hour was written by a fast clock (the device's, whatever it says). */
static void note_wall(keyring *k, const char *dev, const char *wall)
{
	int64_t ms;
	if (!wall || parse_datetime_ms(wall, &ms) < 0 || ms - now_ms() <= k->ahead_ms)
		return;
	k->ahead_ms = ms - now_ms();
	snprintf(k->ahead_dev, sizeof k->ahead_dev, "%s", dev);
	snprintf(k->ahead_wall, sizeof k->ahead_wall, "%s", wall);
}

static int check_added(void *payload, const char *path, const git_tree_entry *e)
{
	push_check *p = payload;
	char *dprefix = xasprintf("devices/%s/", p->dev), *bprefix = xasprintf("blobs/%s/", p->dev);
	char *text = NULL, *canon = NULL, blob[GIT_OID_HEXSZ + 1];
	json_t *ev = NULL;
	size_t len = 0;
	int rc = -1;
	const char *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	git_oid_tostr(blob, sizeof blob, git_tree_entry_id(e));
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB) {
		err_set("not a plain file");
		goto out;
	}
	int attachment = str_starts(path, bprefix) && !strchr(path + strlen(bprefix), '/');
	if (repo_read_blob(p->k->r, git_tree_entry_id(e), attachment ? APP_ATTACHMENT_MAX_BYTES : EVENT_MAX_BYTES, &text,
			   &len) < 0)
		goto out;
	if (attachment) {
		unsigned char h[32];
		char hex[65];
		crypto_hash_sha256(h, (unsigned char *)text, len);
		hex_encode(h, 32, hex);
		rc = str_eq(hex, name) ? 0 : err_set("an attachment whose name is not its SHA-256");
		goto out;
	}
	if (!str_starts(path, dprefix)) {
		err_set("a file outside the folders of device %s", p->dev);
		goto out;
	}
	if (!str_eq(name, blob)) {
		err_set("the file's name is not its blob id");
		goto out;
	}
	if (len > EVENT_MAX_BYTES || len != strlen(text) || event_parse(text, len, &ev) < 0)
		goto out;
	canon = event_canonical(ev);
	if (!canon || !str_eq(canon, text)) {
		err_set("not the event's canonical text");
		goto out;
	}
	if (!str_eq(event_str(ev, "device"), p->dev)) {
		err_set("an event of device %s on the branch of %s", event_str(ev, "device"), p->dev);
		goto out;
	}
	if (str_eq(event_str(ev, "form"), "device") && !str_eq(p->dev, p->k->root)) {
		err_set("only the station (%s) enrolls devices", p->k->root);
		goto out;
	}
	if (event_verify_sig(ev, p->pk) < 0 || check_role(p, ev) < 0)
		goto out;
	note_wall(p->k, p->dev, event_str(ev, "wall"));
	rc = 0;
out:
	if (rc < 0)
		err_prefix("%s: %s", p->ref, path);
	json_decref(ev);
	free(text), free(canon), free(dprefix), free(bprefix);
	return rc;
}

/* Whether commit c adds a file under prefix (against its first parent). */
static int adds_under(git_repository *r, git_commit *c, const char *prefix)
{
	git_commit *parent = NULL;
	git_tree *pt = NULL, *t = NULL;
	git_diff *d = NULL;
	int found = 0;
	if (git_commit_tree(&t, c) < 0 ||
	    (git_commit_parentcount(c) && (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&pt, parent) < 0)))
		goto out;
	git_diff_options o;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	char *spec = xasprintf("%s*", prefix);
	o.pathspec.strings = &spec, o.pathspec.count = 1;
	if (git_diff_tree_to_tree(&d, r, pt, t, &o) == 0)
		for (size_t i = 0; !found && i < git_diff_num_deltas(d); i++)
			found = git_diff_get_delta(d, i)->status == GIT_DELTA_ADDED;
	free(spec);
out:
	git_error_clear();
	git_diff_free(d);
	git_tree_free(pt), git_tree_free(t);
	git_commit_free(parent);
	return found;
}

/* A branch update is authorised by its signatures, not by who pushes (the
 * station's machine relays what sticks bring): every new commit carries
 * the manifest of the branch's device signed with its key, or adds at
 * least one event of that device (each then checked by its own signature;
 * commits of versions before manifests). An empty commit, or one that
 * only moves attachments, is anyone's and is refused. */
static int check_commits(keyring *k, const station_update *u, const push_check *p)
{
	git_revwalk *w = NULL;
	git_oid id;
	int rc = 0;
	char *prefix = xasprintf("devices/%s/", p->dev);
	if (git_revwalk_new(&w, k->r) < 0 || git_revwalk_push(w, &u->new_id) < 0 ||
	    (!git_oid_is_zero(&u->old_id) && git_revwalk_hide(w, &u->old_id) < 0)) {
		rc = repo_err(u->ref);
		goto out;
	}
	while (rc == 0 && git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;
		const char *ids, *end;
		char hex[GIT_OID_HEXSZ + 1];
		if (git_commit_lookup(&c, k->r, &id) < 0) {
			rc = repo_err(u->ref);
			break;
		}
		if (!repo_manifest_check(git_commit_message(c), p->dev, p->pk, &ids, &end) && !adds_under(k->r, c, prefix))
			rc = err_set("%s: commit %s adds no event of %s and carries no manifest signed by %s", u->ref,
				     git_oid_tostr(hex, sizeof hex, &id), p->dev, p->dev);
		git_commit_free(c);
	}
out:
	git_error_clear();
	git_revwalk_free(w);
	free(prefix);
	return rc;
}

static int check_update(keyring *k, const station_update *u)
{
	push_check p = {k, u->ref, NULL, {0}, NULL};
	git_commit *oc = NULL, *nc = NULL;
	git_tree *ot = NULL, *nt = NULL;
	int rc = -1;
	if (!str_starts(u->ref, REPO_DEVICE_PREFIX) || !app_valid_code(u->ref + strlen(REPO_DEVICE_PREFIX)))
		return err_set("%s: only device branches (refs/heads/devices/CODE) may be pushed", u->ref);
	p.dev = u->ref + strlen(REPO_DEVICE_PREFIX);
	if (git_oid_is_zero(&u->new_id))
		return err_set("%s: deleting a device branch is refused", u->ref);
	if (str_eq(p.dev, k->root))
		memcpy(p.pk, k->root_pk, 32);
	else {
		const char *hex = json_string_value(json_object_get(k->keys, p.dev));
		if (!hex || hex_decode(hex, p.pk, 32) < 0)
			return err_set("%s: device %s is not enrolled at this station", u->ref, p.dev);
		/* Revoked and not given a new key: nothing more is taken. */
		char *both = xasprintf("%s %s", p.dev, hex);
		const char *why = json_string_value(json_object_get(k->revoked, both));
		free(both);
		if (why && !git_oid_equal(&u->old_id, &u->new_id))
			return err_set("%s: revoked: %s (device %s's key is revoked; the station takes nothing more of it)",
				       u->ref, why, p.dev);
	}
	if (!git_oid_is_zero(&u->old_id)) {
		if (!git_oid_equal(&u->old_id, &u->new_id) && git_graph_descendant_of(k->r, &u->new_id, &u->old_id) != 1) {
			git_error_clear();
			return err_set("%s: rewrites history (the old tip is not an ancestor of the new)", u->ref);
		}
		if (git_commit_lookup(&oc, k->r, &u->old_id) < 0 || git_commit_tree(&ot, oc) < 0) {
			repo_err(u->ref);
			goto out;
		}
	}
	if (git_commit_lookup(&nc, k->r, &u->new_id) < 0 || git_commit_tree(&nt, nc) < 0) {
		repo_err(u->ref);
		goto out;
	}
	p.nt = nt;
	rc = check_commits(k, u, &p) < 0 || repo_walk(k->r, ot, nt, check_added, refuse_change, &p) ? -1 : 0;
out:
	git_tree_free(ot), git_tree_free(nt);
	git_commit_free(oc), git_commit_free(nc);
	return rc;
}

/* Judges a push to r: 0 to accept, -1 with the reason, naming the ref. */
static int verify_updates(git_repository *r, const station_update *u, size_t n, char **note)
{
	keyring k = {r, "", {0}, json_array(), json_object(), json_object(), json_object(), NULL, REC_CLOCK_SKEW_MS, "", ""};
	if (formset_load(&k.forms, NULL) < 0)
		k.forms = NULL; /* every kind then a registry's, whose steps but reopen are anyone's */
	int rc = load_keys(&k, u, n);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = check_update(&k, &u[i]);
	if (rc == 0 && *k.ahead_dev) {
		char span[32];
		clock_span(k.ahead_ms, "en", span, sizeof span);
		*note = xasprintf("device %s's clock is %s ahead of the station's (an event dated %s): set the date",
				  k.ahead_dev, span, k.ahead_wall);
	}
	json_decref(k.events), json_decref(k.keys), json_decref(k.roles), json_decref(k.revoked);
	formset_free(k.forms);
	return rc;
}

int station_verify_push(const char *input, char **note)
{
	*note = NULL;
	git_repository *r = NULL;
	station_update *u = NULL;
	size_t n = 0;
	int rc = -1;
	repo_global_init();
	if (git_repository_open_ext(&r, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL) < 0)
		return repo_err("repository");
	for (const char *line = input; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *copy = xstrndup(line, len);
		line = end ? end + 1 : line + len;
		copy[strcspn(copy, "\r")] = 0;
		char *nw = strchr(copy, ' '), *ref = nw ? strchr(nw + 1, ' ') : NULL;
		if (!ref) {
			free(copy);
			continue;
		}
		*nw++ = 0, *ref++ = 0;
		/* A whole line's ref, never cut: an over-long one is refused by name. */
		if (strlen(ref) > STATION_REF_MAX) {
			err_set("a ref of %zu bytes (%.60s...): refs are at most %d", strlen(ref), ref, STATION_REF_MAX);
			free(copy);
			rc = STATION_REFUSED;
			goto out;
		}
		u = xrealloc(u, (n + 1) * sizeof *u);
		if (git_oid_fromstr(&u[n].old_id, copy) < 0 || git_oid_fromstr(&u[n].new_id, nw) < 0) {
			err_set("bad input line");
			free(copy);
			goto out;
		}
		u[n++].ref = xstrdup(ref);
		free(copy);
	}
	rc = verify_updates(r, u, n, note) < 0 ? STATION_REFUSED : 0;
out:
	for (size_t i = 0; i < n; i++)
		free(u[i].ref);
	free(u);
	git_repository_free(r);
	return rc;
}
