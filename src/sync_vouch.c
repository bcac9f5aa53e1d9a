/*
 * sync_vouch: the manifests of commits (repo.h): a device signs, once per
 * commit, the ids of the events the commit adds. An import reads the
 * manifests of the commits it brings in, checks each signature with the
 * branch's key, and the events they name need no signature check of their
 * own: their ids are still recomputed from their text (event_parse), so a
 * vouched id stands for exactly that text. One Ed25519 check per commit
 * instead of one per event; an event no manifest names (older commits,
 * another program's) is checked on its own, as before.
 *
 * A load (a reindex, a first sync) reads the commits' messages ahead, on a
 * thread of its own, while it counts its files on this one: the walks
 * were 0.43 s of a reindex of 201,135 events on the importing thread, the
 * import's bound, and the other core is idle during the count. The
 * signatures are still checked as each branch is imported, with the key
 * its device has then (a branch before it may enroll or revoke).
 */
#include "hex.h"
#include "sync_impl.h"
#include "util.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The messages of the commits reachable from tip and not from base. */
typedef struct {
	git_oid tip, base;
	int has_base;
	int read; /* the walk went through (else it is made again here) */
	char **msg;
	size_t n;
} walk_ahead;

struct sync_read_ahead {
	char *git_dir;
	walk_ahead *w;
	size_t n;
	pthread_t thread;
	int joined;
};

static int cmp_id(const void *a, const void *b)
{
	return memcmp(a, b, 32);
}

/* Adds the ids of msg's manifest, if it has one by dev signed with t's key. */
static void take_manifest(const char *msg, const char *dev, const sync_trust *t, sync_vouched *v, size_t *cap)
{
	const char *ids, *sigline;
	if (!t->have_key || !repo_manifest_check(msg, dev, t->pk, &ids, &sigline))
		return;
	for (const char *p = ids; p < sigline; p += 65) {
		if (p[64] != '\n')
			return;
		if (v->n == *cap) {
			*cap = *cap ? 2 * *cap : 1024;
			v->id = xrealloc(v->id, *cap * sizeof *v->id);
		}
		char one[65];
		memcpy(one, p, 64);
		one[64] = 0;
		if (hex_decode(one, v->id[v->n], 32) == 0)
			v->n++;
	}
}

/* Calls fn with the message of each commit reachable from tip and not
 * from base (NULL: all); a commit that cannot be read is passed over (its
 * files are then checked one by one). -1 if the walk cannot begin. */
static int walk_messages(git_repository *r, const git_oid *tip, const git_oid *base,
			 void (*fn)(void *payload, const char *msg), void *payload)
{
	git_revwalk *w = NULL;
	git_oid id;
	if (git_revwalk_new(&w, r) < 0 || git_revwalk_push(w, tip) < 0 || (base && git_revwalk_hide(w, base) < 0)) {
		git_revwalk_free(w);
		return -1;
	}
	while (git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, r, &id) < 0)
			continue;
		fn(payload, git_commit_message(c));
		git_commit_free(c);
	}
	git_error_clear();
	git_revwalk_free(w);
	return 0;
}

typedef struct {
	const char *dev;
	const sync_trust *t;
	sync_vouched *out;
	size_t cap;
} vouching;

static void vouch_message(void *payload, const char *msg)
{
	vouching *v = payload;
	take_manifest(msg, v->dev, v->t, v->out, &v->cap);
}

static void keep_message(void *payload, const char *msg)
{
	walk_ahead *w = payload;
	if (!(w->n & (w->n + 1)))
		w->msg = xrealloc(w->msg, (2 * w->n + 1) * sizeof *w->msg);
	w->msg[w->n++] = xstrdup(msg);
}

static void *read_walks(void *arg)
{
	sync_read_ahead *a = arg;
	git_repository *r = NULL;
	if (git_repository_open(&r, a->git_dir) < 0) {
		git_error_clear();
		return NULL;
	}
	for (size_t i = 0; i < a->n; i++) {
		walk_ahead *w = &a->w[i];
		w->read = walk_messages(r, &w->tip, w->has_base ? &w->base : NULL, keep_message, w) == 0;
	}
	git_error_clear();
	git_repository_free(r);
	return NULL;
}

/* The walk read ahead for tip and base, its messages handed over; NULL
 * when there is none. */
static walk_ahead *ahead_of(sync_read_ahead *a, const git_oid *tip, const git_oid *base)
{
	if (!a)
		return NULL;
	if (!a->joined) {
		pthread_join(a->thread, NULL);
		a->joined = 1;
	}
	for (size_t i = 0; i < a->n; i++) {
		walk_ahead *w = &a->w[i];
		if (w->read && git_oid_equal(&w->tip, tip) && w->has_base == (base != NULL) &&
		    (!base || git_oid_equal(&w->base, base)))
			return w;
	}
	return NULL;
}

static void walk_free(walk_ahead *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->msg[i]);
	free(w->msg);
	w->msg = NULL, w->n = 0, w->read = 0;
}

sync_read_ahead *sync_read_ahead_start(git_repository *r, char *const *refs, char *const *bases, size_t n)
{
	sync_read_ahead *a = xcalloc(1, sizeof *a);
	a->git_dir = xstrdup(git_repository_path(r));
	a->w = xcalloc(n ? n : 1, sizeof *a->w);
	for (size_t i = 0; i < n; i++) {
		walk_ahead *w = &a->w[a->n];
		if (repo_ref_oid(r, refs[i], &w->tip) != 1)
			continue; /* the import says why, if it is wrong */
		w->has_base = bases && bases[i] && repo_ref_oid(r, bases[i], &w->base) == 1;
		a->n++;
	}
	git_error_clear();
	if (pthread_create(&a->thread, NULL, read_walks, a) != 0) {
		a->joined = 1;
		sync_read_ahead_free(a);
		return NULL;
	}
	return a;
}

void sync_read_ahead_free(sync_read_ahead *a)
{
	if (!a)
		return;
	if (!a->joined)
		pthread_join(a->thread, NULL);
	for (size_t i = 0; i < a->n; i++)
		walk_free(&a->w[i]);
	free(a->w), free(a->git_dir);
	free(a);
}

int sync_vouch(git_repository *r, sync_read_ahead *ahead, const git_oid *tip, const git_oid *base, const char *dev,
	       const sync_trust *t, sync_vouched *out)
{
	vouching v = {dev, t, out, 0};
	memset(out, 0, sizeof *out);
	/* A revoked key's manifests vouch for nothing: each of its events is
	 * checked against the revocation's cut. */
	if (!t->have_key || t->key_revoked)
		return 0;
	walk_ahead *w = ahead_of(ahead, tip, base);
	if (w) {
		for (size_t i = 0; i < w->n; i++)
			vouch_message(&v, w->msg[i]);
		walk_free(w);
	} else if (walk_messages(r, tip, base, vouch_message, &v) < 0) {
		return repo_err("history of a device branch");
	}
	if (out->n)
		qsort(out->id, out->n, sizeof *out->id, cmp_id);
	return 0;
}

int sync_vouched_has(const sync_vouched *v, const char *id_hex)
{
	unsigned char id[32];
	return v && v->n && hex_decode(id_hex, id, 32) == 0 && bsearch(id, v->id, v->n, sizeof *v->id, cmp_id);
}

void sync_vouched_free(sync_vouched *v)
{
	free(v->id);
	memset(v, 0, sizeof *v);
}
