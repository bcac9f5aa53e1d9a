/*
 * sync_fold: folding the records an import touched, once each, after
 * every branch (a sync's or a reindex's). A record that cannot be folded,
 * with no create event yet or a form version not known here, has its
 * events put back in the quarantine under the branch they came by, to be
 * retried when the rest arrives (tests/cmd/sync_order.sh).
 */
#include "record.h"
#include "sync_impl.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
	sync_ctx *c;
	char *why;
	size_t done, total; /* for the progress bar: the fold is much of a first sync */
} refolding;

/* An event of a record that cannot be folded goes back to the quarantine,
 * under the name it came by and the first of c->refs of its device. */
static int requarantine(void *payload, const store_event_row *row)
{
	refolding *f = payload;
	char blob[GIT_OID_HEXSZ + 1];
	size_t len = strlen(row->body);
	git_oid id;
	if (row->blob)
		snprintf(blob, sizeof blob, "%s", row->blob);
	else if (git_odb_hash(&id, row->body, len, GIT_OBJECT_BLOB) == 0)
		git_oid_tostr(blob, sizeof blob, &id);
	else
		return repo_err("hash");
	time_t t = (time_t)(row->hlc_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	char *path = xasprintf("devices/%s/%04d/%02d/%02d/%s", row->device, tm.tm_year + 1900, tm.tm_mon + 1,
			       tm.tm_mday, blob);
	const char *from = row->local ? "refs/heads/" : "refs/remotes/";
	char *ref = NULL;
	for (size_t i = 0; !ref && i < f->c->n_refs; i++)
		if (str_eq(sync_ref_device(f->c->refs[i]), row->device) && str_starts(f->c->refs[i], from))
			ref = xstrdup(f->c->refs[i]);
	if (!ref)
		ref = xasprintf("%sdevices/%s", row->local ? from : "refs/remotes/origin/", row->device);
	err_set("%s", f->why);
	int rc = sync_quarantine(f->c, blob, row->body, len, ref, path, 1);
	json_t *n = json_object_get(f->c->st->from, row->device);
	if (!row->local && json_integer_value(n) > 0) {
		f->c->st->received--;
		json_object_set_new(f->c->st->from, row->device, json_integer(json_integer_value(n) - 1));
	}
	free(path), free(ref);
	return rc;
}

/* Folds one record from its parsed events (NULL: unreadable, and why). */
static int fold_one(refolding *f, const char *record, const char *kind, json_t *const *ev, size_t n,
		    const char *unreadable)
{
	f->done++;
	if (f->c->progress && (f->done % 64 == 0 || f->done == f->total))
		f->c->progress(f->c->payload, "fold", f->done, f->total);
	if (unreadable)
		return err_set("%s", unreadable);
	int rc = rec_refold_events(f->c->a, kind, ev, n);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	/* No create event yet, or a form version not known here. */
	free(f->why);
	f->why = xstrdup(err_msg());
	return store_take_record_events(f->c->a->db, record, requarantine, f) < 0 ? -1 : 0;
}

/* The records to fold, read from the database at once: a chunk's events
 * are parsed on a second thread while this one folds the chunk before
 * (parsing was two fifths of a fold, and the fold half of a first sync). */
enum { CHUNK_RECORDS = 256 };

typedef struct {
	char **record, **kind;
	size_t n, cap;
} pending;

typedef struct {
	char *const *record;
	size_t n;
	store_event_text **texts;
	size_t *n_texts;
	json_t ***ev;
	char **unreadable; /* why a record's events did not parse, or NULL */
} chunk;

static int collect(void *payload, const char *record, const char *kind)
{
	pending *p = payload;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->record = xrealloc(p->record, p->cap * sizeof *p->record);
		p->kind = xrealloc(p->kind, p->cap * sizeof *p->kind);
	}
	p->record[p->n] = xstrdup(record);
	p->kind[p->n++] = xstrdup(kind);
	return 0;
}

static void chunk_free(chunk *k);

typedef struct {
	chunk *parse, *done; /* to parse; folded, to free (its events too were a tenth of a fold) */
} parse_job;

static void *parse_chunk(void *arg)
{
	parse_job *j = arg;
	chunk *k = j->parse;
	if (j->done)
		chunk_free(j->done);
	for (size_t i = 0; i < k->n; i++)
		if (store_parse_events(k->record[i], k->texts[i], k->n_texts[i], &k->ev[i]) < 0) {
			k->ev[i] = NULL;
			k->unreadable[i] = xstrdup(err_msg());
		}
	return NULL;
}

static void chunk_free(chunk *k)
{
	for (size_t i = 0; i < k->n; i++) {
		if (k->ev[i])
			store_free_events(k->ev[i], k->n_texts[i]);
		store_free_event_texts(k->texts[i], k->n_texts[i]);
		free(k->unreadable[i]);
	}
	free(k->texts), free(k->n_texts), free(k->ev), free(k->unreadable);
	memset(k, 0, sizeof *k);
}

/* Reads the events of the records from `from`, up to a chunk. */
static int chunk_read(sync_ctx *c, const pending *p, size_t from, chunk *k)
{
	k->record = p->record + from;
	k->n = p->n - from < CHUNK_RECORDS ? p->n - from : CHUNK_RECORDS;
	k->texts = xcalloc(k->n, sizeof *k->texts);
	k->n_texts = xcalloc(k->n, sizeof *k->n_texts);
	k->ev = xcalloc(k->n, sizeof *k->ev);
	k->unreadable = xcalloc(k->n, sizeof *k->unreadable);
	for (size_t i = 0; i < k->n; i++)
		if (store_record_event_texts(c->a->db, k->record[i], &k->texts[i], &k->n_texts[i]) < 0)
			return -1;
	return 0;
}

int sync_fold_pending(sync_ctx *c)
{
	refolding f = {c, NULL, 0, 0};
	pending p = {0};
	chunk cur = {0}, next = {0}, old = {0};
	int rc = -1;
	if (sync_import_drain(c) < 0 || store_fold_pending(c->a->db, collect, &p) < 0)
		goto out;
	f.total = p.n;
	c->a->ref_titles = json_object();
	if (p.n && chunk_read(c, &p, 0, &cur) < 0)
		goto out;
	parse_chunk(&(parse_job){&cur, NULL});
	for (size_t at = 0; at < p.n;) {
		pthread_t t;
		parse_job job = {&next, &old};
		int ahead = 0;
		if (at + cur.n < p.n) {
			if (chunk_read(c, &p, at + cur.n, &next) < 0)
				goto out;
			ahead = pthread_create(&t, NULL, parse_chunk, &job) == 0;
		}
		int failed = 0;
		for (size_t i = 0; i < cur.n && !failed; i++)
			failed = fold_one(&f, cur.record[i], p.kind[at + i], cur.ev[i], cur.n_texts[i], cur.unreadable[i]) < 0;
		if (ahead)
			pthread_join(t, NULL);
		else if (next.n)
			parse_chunk(&job);
		at += cur.n;
		chunk_free(&old);
		old = cur, cur = next;
		memset(&next, 0, sizeof next);
		if (failed)
			goto out;
	}
	rc = 0;
out:
	json_decref(c->a->ref_titles);
	c->a->ref_titles = NULL;
	chunk_free(&old), chunk_free(&cur), chunk_free(&next);
	for (size_t i = 0; i < p.n; i++)
		free(p.record[i]), free(p.kind[i]);
	free(p.record), free(p.kind);
	free(f.why);
	return rc;
}
