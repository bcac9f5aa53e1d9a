/*
 * sync_checkers: the threads that read and check an import's event files
 * (sync_check_event) while the importing thread applies what they checked.
 * They live for the whole sync or reindex, each with its own repository
 * (libgit2 wants one per thread), and take the queued batches' files a
 * few at a time, so a batch is checked by every idle thread and the next
 * one is begun before the importing thread has applied the last. Threads
 * made and joined for each batch left both cores idle a third of a
 * reindex's import (a new thread took milliseconds to be scheduled).
 * When the importing thread is done with a batch, an idle checking thread
 * frees it: its parsed events were a tenth of the importing thread's work.
 */
#include "sync_impl.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Files a thread takes at a time: few, so that no thread is left with
 * the slow tail of a batch (a blob at the end of a long delta chain). */
enum { CHECK_STEP = 8, MAX_THREADS = 4 };

struct sync_checkers {
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	sync_batch *head, *tail; /* batches with files not taken yet */
	sync_batch *garbage;     /* applied, to be freed */
	int stop;
	size_t n;
	pthread_t thread[MAX_THREADS];
	git_repository *repo[MAX_THREADS];
};

typedef struct {
	sync_checkers *k;
	git_repository *r;
} checker;

void sync_file_read(git_repository *r, sync_file *f)
{
	size_t max = f->what == SYNC_FILE_EVENT ? EVENT_MAX_BYTES : APP_ATTACHMENT_MAX_BYTES;
	int rc = repo_read_blob(r, &f->oid, max, &f->text, &f->len);
	if (rc == REPO_ETOOBIG)
		f->what = SYNC_FILE_TOO_BIG;
	else if (rc == REPO_EDAMAGED)
		f->what = SYNC_FILE_DAMAGED;
	else if (rc < 0)
		f->what = SYNC_FILE_NOT_BLOB;
}

static void check_file(const sync_batch *b, git_repository *r, sync_file *f)
{
	if (f->what == SYNC_FILE_EVENT && !f->text)
		sync_file_read(r, f);
	if (f->what != SYNC_FILE_EVENT)
		return;
	const sync_branch *br = b->branch;
	int rc = sync_check_event(&br->trust, &br->vouched, br->dev, f->path, f->blob, f->text, f->len, &f->ev,
				  &f->retry);
	if (rc < 0)
		f->why = xstrdup(err_msg());
	f->vouched = rc == 1;
}

void sync_batch_add(sync_batch *b, sync_file *f)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 256;
		b->f = xrealloc(b->f, b->cap * sizeof *b->f);
	}
	b->f[b->n++] = *f;
}

static void batch_free_now(sync_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->f[i].path), free(b->f[i].text), free(b->f[i].why);
		json_decref(b->f[i].ev);
	}
	free(b->f);
	free(b);
}

/* Under k->mu: the next batch to free, or the next files to check. */
static void *run(void *arg)
{
	checker *me = arg;
	sync_checkers *k = me->k;
	pthread_mutex_lock(&k->mu);
	for (;;) {
		sync_batch *b = k->head;
		if (k->garbage) {
			/* First: left for when the threads are idle, the freed
			 * batches piled up while they were the slower side. */
			sync_batch *g = k->garbage;
			k->garbage = g->queued;
			pthread_mutex_unlock(&k->mu);
			batch_free_now(g);
			pthread_mutex_lock(&k->mu);
		} else if (b) {
			size_t from = b->taken, to = from + CHECK_STEP < b->n ? from + CHECK_STEP : b->n;
			b->taken = to;
			if (to == b->n && !(k->head = b->queued))
				k->tail = NULL;
			pthread_mutex_unlock(&k->mu);
			for (size_t i = from; i < to; i++)
				check_file(b, me->r, &b->f[i]);
			pthread_mutex_lock(&k->mu);
			b->checked += to - from;
			if (b->checked == b->n)
				pthread_cond_broadcast(&k->done);
		} else if (k->stop) {
			break;
		} else {
			pthread_cond_wait(&k->work, &k->mu);
		}
	}
	pthread_mutex_unlock(&k->mu);
	free(me);
	return NULL;
}

sync_checkers *sync_checkers_start(git_repository *r)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = cores > MAX_THREADS ? MAX_THREADS : cores > 2 ? (size_t)cores : 2;
	sync_checkers *k = xcalloc(1, sizeof *k);
	pthread_mutex_init(&k->mu, NULL);
	pthread_cond_init(&k->work, NULL);
	pthread_cond_init(&k->done, NULL);
	const char *gd = git_repository_path(r);
	while (k->n < want) {
		checker *me = xcalloc(1, sizeof *me);
		me->k = k;
		if (git_repository_open(&me->r, gd) < 0) {
			git_error_clear();
			free(me);
			break;
		}
		k->repo[k->n] = me->r;
		if (pthread_create(&k->thread[k->n], NULL, run, me) != 0) {
			git_repository_free(me->r);
			free(me);
			break;
		}
		k->n++;
	}
	if (!k->n) {
		sync_checkers_stop(k);
		return NULL;
	}
	return k;
}

void sync_checkers_queue(sync_checkers *k, sync_batch *b)
{
	b->k = k;
	if (!b->n)
		return;
	pthread_mutex_lock(&k->mu);
	if (k->tail)
		k->tail->queued = b;
	else
		k->head = b;
	k->tail = b;
	pthread_cond_broadcast(&k->work);
	pthread_mutex_unlock(&k->mu);
}

void sync_batch_check_here(sync_batch *b, git_repository *r)
{
	for (size_t i = 0; i < b->n; i++)
		check_file(b, r, &b->f[i]);
}

void sync_batch_wait(sync_batch *b)
{
	sync_checkers *k = b->k;
	if (!k)
		return;
	pthread_mutex_lock(&k->mu);
	while (b->checked < b->n)
		pthread_cond_wait(&k->done, &k->mu);
	pthread_mutex_unlock(&k->mu);
}

void sync_batch_free(sync_batch *b)
{
	if (!b)
		return;
	sync_batch_wait(b);
	sync_checkers *k = b->k;
	if (!k) {
		batch_free_now(b);
		return;
	}
	pthread_mutex_lock(&k->mu);
	b->queued = k->garbage;
	k->garbage = b;
	pthread_cond_signal(&k->work);
	pthread_mutex_unlock(&k->mu);
}

void sync_checkers_stop(sync_checkers *k)
{
	if (!k)
		return;
	pthread_mutex_lock(&k->mu);
	k->stop = 1;
	pthread_cond_broadcast(&k->work);
	pthread_mutex_unlock(&k->mu);
	for (size_t i = 0; i < k->n; i++) {
		pthread_join(k->thread[i], NULL);
		git_repository_free(k->repo[i]);
	}
	pthread_cond_destroy(&k->work);
	pthread_cond_destroy(&k->done);
	pthread_mutex_destroy(&k->mu);
	free(k);
}
