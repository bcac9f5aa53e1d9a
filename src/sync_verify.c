/*
 * sync_verify: checking event files. The trust of a branch (the key its
 * device signs with, whether it may sign device records) is read from the
 * database once per branch, on the importing thread; the checks of each
 * file (canonical text, hash, device, signature or manifest) need nothing
 * else, so a batch of files is read and checked on two more threads, each
 * with its own repository, while the importing thread applies the batch
 * before it: the parsing and hashing run beside the database work.
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
	memset(t, 0, sizeof *t);
}

void sync_trust_of(app *a, const char *dev, sync_trust *t)
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

int sync_check_role(app *a, const sync_trust *t, const json_t *ev)
{
	const char *op = event_str(ev, "op"), *dev = event_str(ev, "device");
	if (role_check_kind(t->role, dev, event_str(ev, "form")) < 0)
		return -1;
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
	if (str_eq(event_str(ev, "form"), "device") && !t->may_enroll) {
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
	if (!vouched && event_verify_sig(ev, t->pk) < 0)
		goto out;
	*ev_out = ev;
	ev = NULL;
	rc = vouched;
out:
	json_decref(ev);
	return rc;
}

void sync_batch_add(sync_batch *b, sync_file *f)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 256;
		b->f = xrealloc(b->f, b->cap * sizeof *b->f);
	}
	b->f[b->n++] = *f;
}

typedef struct {
	sync_batch *b;
	size_t from, to;
	git_repository *r;
} batch_part;

void sync_file_read(git_repository *r, sync_file *f)
{
	size_t max = f->what == SYNC_FILE_EVENT ? EVENT_MAX_BYTES : APP_ATTACHMENT_MAX_BYTES;
	int rc = repo_read_blob(r, &f->oid, max, &f->text, &f->len);
	if (rc == REPO_ETOOBIG)
		f->what = SYNC_FILE_TOO_BIG;
	else if (rc < 0)
		f->what = SYNC_FILE_NOT_BLOB;
}

static void *check_part(void *arg)
{
	batch_part *p = arg;
	for (size_t i = p->from; i < p->to; i++) {
		sync_file *f = &p->b->f[i];
		if (f->what == SYNC_FILE_EVENT && !f->text && p->r)
			sync_file_read(p->r, f);
		if (f->what != SYNC_FILE_EVENT)
			continue;
		int rc = sync_check_event(p->b->trust, p->b->vouched, p->b->dev, f->path, f->blob, f->text, f->len,
					  &f->ev, &f->retry);
		if (rc < 0)
			f->why = xstrdup(err_msg());
		f->vouched = rc == 1;
	}
	return NULL;
}

/* Two halves on two threads: on two cores the checks are two thirds of
 * the work, the database the other third. */
static void *check_all(void *arg)
{
	sync_batch *b = arg;
	batch_part hi = {b, b->n / 2, b->n, b->readers[1]}, lo = {b, 0, b->n / 2, b->readers[0]};
	pthread_t t;
	int two = b->n >= 64 && pthread_create(&t, NULL, check_part, &hi) == 0;
	check_part(&lo);
	if (two) {
		pthread_join(t, NULL);
	} else {
		hi.r = lo.r;
		check_part(&hi);
	}
	return NULL;
}

void sync_batch_start(sync_batch *b)
{
	/* Without a thread (none to be had), the check runs here. */
	b->running = pthread_create(&b->thread, NULL, check_all, b) == 0;
	if (!b->running)
		check_all(b);
}

void sync_batch_wait(sync_batch *b)
{
	if (b->running)
		pthread_join(b->thread, NULL);
	b->running = 0;
}

void sync_batch_free(sync_batch *b)
{
	if (!b)
		return;
	sync_batch_wait(b);
	for (size_t i = 0; i < b->n; i++) {
		free(b->f[i].path), free(b->f[i].text), free(b->f[i].why);
		json_decref(b->f[i].ev);
	}
	free(b->f);
	free(b);
}
