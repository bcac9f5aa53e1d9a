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
#include <stdatomic.h>
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

/* Folds one record from its parsed events (NULL: unreadable, and why),
 * or writes it folded already (prepared). */
static int fold_one(refolding *f, const char *record, const char *kind, json_t *const *ev, size_t n,
		    const char *unreadable, rec_prepared *prepared)
{
	f->done++;
	if (f->c->progress && (f->done % 64 == 0 || f->done == f->total))
		f->c->progress(f->c->payload, "fold", f->done, f->total);
	if (unreadable)
		return err_set("%s", unreadable);
	int rc = prepared ? rec_put_prepared(f->c->a, prepared) : rec_refold_events(f->c->a, kind, ev, n);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	/* No create event yet, or a form version not known here. */
	free(f->why);
	f->why = xstrdup(err_msg());
	return store_take_record_events(f->c->a->db, record, requarantine, f) < 0 ? -1 : 0;
}

/* The records to fold, read from the database at once: a chunk's events
 * are parsed, folded and their rows derived on a second thread while this
 * one writes the chunk before (parsing alone was two fifths of a fold,
 * and the fold half of a first sync). The forms' own records (formdef)
 * come first, in chunks of their own, and are folded here, with no chunk
 * prepared beside them: they change the forms the preparing reads. */
enum { CHUNK_RECORDS = 256 };

typedef struct {
	char **record, **kind;
	size_t n, cap;
} pending;

typedef struct {
	char *const *record, *const *kind;
	size_t n;
	int formdefs; /* its records are forms' own */
	store_event_text **texts;
	size_t *n_texts;
	json_t ***ev;
	char **unreadable; /* why a record's events did not parse, or NULL */
	rec_prepared **prepared;
	unsigned char *by; /* the thread that parsed each record, which frees it */
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

/* Puts the forms' own records first, in their order; returns how many. */
static size_t formdefs_first(pending *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		if (str_eq(p->kind[i], "formdef")) {
			char *r = p->record[i], *k = p->kind[i];
			memmove(p->record + n + 1, p->record + n, (i - n) * sizeof *p->record);
			memmove(p->kind + n + 1, p->kind + n, (i - n) * sizeof *p->kind);
			p->record[n] = r, p->kind[n++] = k;
		}
	return n;
}

/* A chunk's records are taken one at a time by the second thread and,
 * once it has written the chunk before, by this one: preparing a chunk
 * takes longer than writing one, and each thread alone left the other
 * waiting half the time. */
enum { PARSED_HERE, PARSED_THERE };

typedef struct {
	chunk *parse, *done; /* to parse; folded, to free (its events too were a tenth of a fold) */
	const app *a;	     /* to prepare the records with, or NULL */
	atomic_size_t next;  /* the next record of parse not taken */
} parse_job;

static void take_records(parse_job *j, unsigned char who)
{
	chunk *k = j->parse;
	for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < k->n;) {
		k->by[i] = who;
		if (store_parse_events(k->record[i], k->texts[i], k->n_texts[i], &k->ev[i]) < 0) {
			k->ev[i] = NULL;
			k->unreadable[i] = xstrdup(err_msg());
		} else if (j->a) {
			k->prepared[i] = rec_prepare(j->a, k->kind[i], k->ev[i], k->n_texts[i]);
		}
	}
}

/* The records of k that thread who parsed (all: -1): each thread frees
 * what it made, jemalloc's fast path (a free from another thread than the
 * allocating one goes back to its arena under a lock: the fold's frees
 * were 7.5 % of a reindex's instructions). */
static void chunk_free_records(chunk *k, int who)
{
	for (size_t i = 0; i < k->n; i++) {
		if (who >= 0 && k->by[i] != who)
			continue;
		if (k->ev[i])
			store_free_events(k->ev[i], k->n_texts[i]);
		store_free_event_texts(k->texts[i], k->n_texts[i]);
		free(k->unreadable[i]);
		rec_prepared_free(k->prepared[i]);
		k->ev[i] = NULL, k->texts[i] = NULL, k->n_texts[i] = 0, k->unreadable[i] = NULL, k->prepared[i] = NULL;
	}
}

static void *parse_chunk(void *arg)
{
	parse_job *j = arg;
	if (j->done)
		chunk_free_records(j->done, PARSED_THERE);
	take_records(j, PARSED_THERE);
	return NULL;
}

static void chunk_free(chunk *k)
{
	chunk_free_records(k, -1);
	free(k->texts), free(k->n_texts), free(k->ev), free(k->unreadable), free(k->prepared), free(k->by);
	memset(k, 0, sizeof *k);
}

/* Reads the events of the records from `from`, up to a chunk; the first
 * n_formdefs records are forms' own. */
static int chunk_read(sync_ctx *c, const pending *p, size_t n_formdefs, size_t from, chunk *k)
{
	size_t end = from < n_formdefs ? n_formdefs : p->n;
	k->record = p->record + from, k->kind = p->kind + from;
	k->n = end - from < CHUNK_RECORDS ? end - from : CHUNK_RECORDS;
	k->formdefs = from < n_formdefs;
	k->texts = xcalloc(k->n, sizeof *k->texts);
	k->n_texts = xcalloc(k->n, sizeof *k->n_texts);
	k->ev = xcalloc(k->n, sizeof *k->ev);
	k->unreadable = xcalloc(k->n, sizeof *k->unreadable);
	k->prepared = xcalloc(k->n, sizeof *k->prepared);
	k->by = xcalloc(k->n, 1);
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
	if (store_search_stream_begin(c->a->db) < 0)
		goto out;
	size_t n_formdefs = formdefs_first(&p);
	c->a->ref_titles = json_object();
	if (p.n && chunk_read(c, &p, n_formdefs, 0, &cur) < 0)
		goto out;
	parse_job first = {&cur, NULL, cur.formdefs ? NULL : c->a, 0};
	parse_chunk(&first);
	for (size_t at = 0; at < p.n;) {
		pthread_t t;
		parse_job job = {&next, &old, NULL, 0};
		int ahead = 0;
		if (at + cur.n < p.n) {
			if (chunk_read(c, &p, n_formdefs, at + cur.n, &next) < 0)
				goto out;
			job.a = cur.formdefs || next.formdefs ? NULL : c->a;
			ahead = pthread_create(&t, NULL, parse_chunk, &job) == 0;
		}
		int failed = 0;
		for (size_t i = 0; i < cur.n && !failed; i++)
			failed = fold_one(&f, cur.record[i], cur.kind[i], cur.ev[i], cur.n_texts[i], cur.unreadable[i],
					  cur.prepared[i]) < 0;
		if (ahead) {
			if (!failed)
				take_records(&job, PARSED_HERE);
			pthread_join(t, NULL);
		}
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
	store_search_stream_end(c->a->db);
	json_decref(c->a->ref_titles);
	c->a->ref_titles = NULL;
	chunk_free(&old), chunk_free(&cur), chunk_free(&next);
	for (size_t i = 0; i < p.n; i++)
		free(p.record[i]), free(p.kind[i]);
	free(p.record), free(p.kind);
	free(f.why);
	return rc;
}
