/*
 * sync_vouch: the manifests of commits (repo.h): a device signs, once per
 * commit, the ids of the events the commit adds. An import reads the
 * manifests of the commits it brings in, checks each signature with the
 * branch's key, and the events they name need no signature check of their
 * own: their ids are still recomputed from their text (event_parse), so a
 * vouched id stands for exactly that text. One Ed25519 check per commit
 * instead of one per event; an event no manifest names (older commits,
 * another program's) is checked on its own, as before.
 */
#include "hex.h"
#include "sync_impl.h"
#include "util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

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

int sync_vouch(git_repository *r, const git_oid *tip, const git_oid *base, const char *dev, const sync_trust *t,
	       sync_vouched *out)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t cap = 0;
	memset(out, 0, sizeof *out);
	/* A revoked key's manifests vouch for nothing: each of its events is
	 * checked against the revocation's cut. */
	if (!t->have_key || t->key_revoked)
		return 0;
	if (git_revwalk_new(&w, r) < 0 || git_revwalk_push(w, tip) < 0 || (base && git_revwalk_hide(w, base) < 0)) {
		git_revwalk_free(w);
		return repo_err("history of a device branch");
	}
	while (git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, r, &id) < 0)
			continue; /* its files are then checked one by one */
		take_manifest(git_commit_message(c), dev, t, out, &cap);
		git_commit_free(c);
	}
	git_error_clear();
	git_revwalk_free(w);
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
