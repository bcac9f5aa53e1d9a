/*
 * repo_whole: a new laptop's first sync from a path takes the stick's big
 * packs as they are (repo_path.c selects the objects first; see
 * take_whole_packs below for when a pack is taken).
 */
#include "repo_path_impl.h"
#include "app.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <git2/sys/odb_backend.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A new laptop's first sync wants nearly every object of the stick. A
 * pack of the stick that holds little else is taken as it is, with its
 * index: its bytes copied, each object's checked against the CRC-32 the
 * index keeps (take_pack); nothing is inflated or deflated (writing the
 * pack object by object was most of a first sync's fetch; an indexer,
 * which inflates and hashes every object, half of what was left). The
 * ids are recomputed as the objects are read, and what the fetch took
 * stands once the import has read it (repo_taken.c).
 * Taken: a pack of WHOLE_MIN objects or more (a stick's small packs go
 * into the one built after, or the laptop would hold as many), of which
 * at most WHOLE_EXTRA per thousand are neither selected nor here already
 * (those come along unread: objects of no branch), none of them larger
 * than a file of the layout; at most WHOLE_PACKS of them. */
enum { WHOLE_EXTRA = 10, WHOLE_PACKS = 8 };

typedef struct {
	sel *s;
	git_odb_backend *pack;
	size_t n, extra;
	int too_big;
} pack_look;

static int look_at(const git_oid *id, void *payload)
{
	pack_look *l = payload;
	size_t size;
	git_object_t type;
	l->n++;
	if (oid_set_find(&l->s->seen, id) || sel_has(l->s, id))
		return 0;
	l->extra++;
	if (l->pack->read_header(&size, &type, l->pack, id) < 0 || size > APP_ATTACHMENT_MAX_BYTES)
		l->too_big = 1;
	return 0;
}

static int count_one(const git_oid *id, void *payload)
{
	(void)id;
	(*(size_t *)payload)++;
	return 0;
}

/* The objects of the pack whose index is idx. */
static size_t count_of(const char *idx, size_t *n)
{
	git_odb_backend *b = NULL;
	*n = 0;
	if (git_odb_backend_one_pack(&b, idx) == 0)
		b->foreach(b, count_one, n);
	if (b)
		b->free(b);
	git_error_clear();
	return *n;
}

/* Whether the pack whose index is idx is to be taken whole; *n its objects. */
static int worth_taking(sel *s, const char *idx, size_t *n)
{
	pack_look l = {.s = s};
	int take = git_odb_backend_one_pack(&l.pack, idx) == 0 && l.pack->foreach(l.pack, look_at, &l) == 0 &&
		   !l.too_big && l.n >= WHOLE_MIN && l.extra <= l.n / 1000 * WHOLE_EXTRA;
	if (l.pack)
		l.pack->free(l.pack);
	git_error_clear();
	*n = l.n;
	return take;
}

/* The packs taken whole are copied on two threads, each taking the next
 * pack when done with one. Only the selecting thread reports progress;
 * the others add what they have copied to s->done.
 *
 * A new laptop (no pack of its own yet) starts them before the selection,
 * into a folder of their own beside the repository's packs, and the
 * selection runs on the calling thread meanwhile: one after the other
 * they were a fifth of a first sync. Once the selection is through, a
 * pack copied there is moved in if it is worth taking (as one copied
 * after would be) and removed if not. Before a pack is copied its
 * objects' sizes are read from their headers: one larger than any file of
 * the layout leaves the pack to the selection (which refuses its branch),
 * not copied for nothing. */
typedef struct whole_job {
	sel *s;
	char **path, *dir; /* the stick's packs; where they are indexed */
	char **idx;	   /* the stick's indexes of them */
	unsigned char *ok; /* indexed, and not too big */
	size_t n, next;
	pthread_mutex_t mu;
	pthread_cond_t finished;
	pthread_t t[2];
	int threads, running;
	atomic_int stop;
	int aside; /* indexed before the selection, in s->whole_dir */
	int failed; /* a thread's failure, and why (its errors are its own) */
	char why[512];
	int errnum;
} whole_job;

typedef struct {
	whole_job *j;
	size_t seen; /* of the current pack, already in s->done */
	int here;    /* on the thread that reports progress */
} indexing;

static int on_indexed(const git_indexer_progress *p, void *payload)
{
	indexing *ix = payload;
	sel *s = ix->j->s;
	atomic_fetch_add(&s->done, p->received_objects - ix->seen);
	ix->seen = p->received_objects;
	return atomic_load(&ix->j->stop) ? -1 : 0;
}

static void report(sel *s)
{
	if (!s->progress)
		return;
	git_indexer_progress x = {0};
	x.received_objects = x.indexed_objects = (unsigned)atomic_load(&s->done);
	x.total_objects = (unsigned)s->total;
	s->progress(&x, s->payload);
}

static int on_indexed_here(const git_indexer_progress *p, void *payload)
{
	indexing *ix = payload;
	int rc = on_indexed(p, payload);
	report(ix->j->s);
	return rc;
}

/* The pack file at path, as it is, through an indexer of its own into
 * the folder dir. */
static int index_pack(whole_job *j, const char *path, int here)
{
	git_indexer *ix = NULL;
	git_indexer_progress stats = {0};
	git_indexer_options o;
	indexing at = {j, 0, here};
	git_indexer_options_init(&o, GIT_INDEXER_OPTIONS_VERSION);
	o.progress_cb = here ? on_indexed_here : on_indexed;
	o.progress_cb_payload = &at;
	FILE *f = fopen(path, "rb");
	if (!f) {
		git_error_set(GIT_ERROR_OS, "%s: %s", path, strerror(errno));
		return -1;
	}
	int rc = git_indexer_new(&ix, j->dir, 0, NULL, &o);
	char *buf = xmalloc(PACK_CHUNK);
	size_t got;
	while (rc == 0 && (got = fread(buf, 1, PACK_CHUNK, f)) > 0)
		rc = git_indexer_append(ix, buf, got, &stats);
	if (rc == 0 && ferror(f)) {
		git_error_set(GIT_ERROR_OS, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		rc = git_indexer_commit(ix, &stats);
	git_indexer_free(ix);
	free(buf);
	fclose(f);
	return rc < 0 ? -1 : 0;
}

static int size_ok(const git_oid *id, void *payload)
{
	git_odb_backend *b = payload;
	size_t size;
	git_object_t type;
	return b->read_header(&size, &type, b, id) < 0 || size > APP_ATTACHMENT_MAX_BYTES ? 1 : 0;
}

/* Whether every object of the pack whose index is idx fits a file of the
 * layout, read from the objects' headers. */
static int sizes_fit(const char *idx)
{
	git_odb_backend *b = NULL;
	int fit = git_odb_backend_one_pack(&b, idx) == 0 && b->foreach(b, size_ok, b) == 0;
	if (b)
		b->free(b);
	git_error_clear();
	return fit;
}

static int on_copied(void *payload, size_t objects)
{
	indexing *ix = payload;
	atomic_fetch_add(&ix->j->s->done, objects);
	if (ix->here)
		report(ix->j->s);
	return atomic_load(&ix->j->stop) ? -1 : 0;
}

/* Takes the stick's pack i into j->dir: copied as it is, each object's
 * bytes checked against the CRC-32 the stick's index keeps of them, and
 * that index with it; a pack whose index keeps none (version 1) through
 * an indexer. The objects are hashed as they are read: the selection
 * reads every commit and tree of the stick, the import every file. */
static int take_pack(whole_job *j, size_t i, int here)
{
	indexing at = {j, 0, here};
	int rc = repo_pack_copy_checked(j->path[i], j->idx[i], j->dir, on_copied, &at);
	return rc == 0 ? index_pack(j, j->path[i], here) : rc < 0 ? -1 : 0;
}

/* Takes the next pack not started, until none is left or one failed;
 * checked: the sizes are read first (a pack taken before the selection). */
static int index_packs(whole_job *j, int here, int checked)
{
	for (;;) {
		pthread_mutex_lock(&j->mu);
		size_t i = j->failed || atomic_load(&j->stop) ? j->n : j->next++;
		pthread_mutex_unlock(&j->mu);
		if (i >= j->n)
			return 0;
		if (checked && !sizes_fit(j->idx[i]))
			continue;
		/* A pack that fails here is indexed again after the
		 * selection, if taken: its error is told then. */
		if (take_pack(j, i, here) < 0) {
			if (!checked)
				return -1;
			git_error_clear();
			continue;
		}
		j->ok[i] = 1;
	}
}

static void fail(whole_job *j)
{
	const git_error *e = git_error_last();
	pthread_mutex_lock(&j->mu);
	if (!j->failed) {
		j->failed = 1, j->errnum = errno;
		snprintf(j->why, sizeof j->why, "%s", e && e->message ? e->message : "cannot index a pack");
	}
	pthread_mutex_unlock(&j->mu);
}

static void *index_packs_there(void *arg)
{
	whole_job *j = arg;
	if (index_packs(j, 0, j->aside) < 0)
		fail(j);
	pthread_mutex_lock(&j->mu);
	j->running--;
	pthread_cond_signal(&j->finished);
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

static whole_job *job_new(sel *s)
{
	whole_job *j = xcalloc(1, sizeof *j);
	j->s = s;
	j->path = xcalloc(WHOLE_PACKS, sizeof *j->path);
	j->idx = xcalloc(WHOLE_PACKS, sizeof *j->idx);
	j->ok = xcalloc(WHOLE_PACKS, 1);
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->finished, NULL);
	return j;
}

/* The stick's packs of WHOLE_MIN objects or more, up to WHOLE_PACKS; with
 * pick, those worth taking for the selection made. */
static whole_job *packs_of(sel *s, int pick)
{
	whole_job *j = job_new(s);
	char *dir = xasprintf("%sobjects/pack", git_repository_path(s->from));
	size_t objects;
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && j->n < WHOLE_PACKS && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (!str_starts(de->d_name, "pack-") || len < 5 || !str_eq(de->d_name + len - 4, ".idx"))
			continue;
		char *idx = xasprintf("%s/%s", dir, de->d_name);
		if (pick ? worth_taking(s, idx, &objects) : count_of(idx, &objects) >= WHOLE_MIN) {
			j->path[j->n] = xasprintf("%s/%.*s.pack", dir, (int)(len - 4), de->d_name);
			j->idx[j->n++] = idx;
			s->total += objects;
		} else {
			free(idx);
		}
	}
	if (d)
		closedir(d);
	free(dir);
	return j;
}

static void start(whole_job *j, int threads)
{
	j->running = 0;
	for (int i = 0; i < threads && (size_t)i < j->n; i++)
		if (pthread_create(&j->t[j->threads], NULL, index_packs_there, j) == 0)
			j->threads++, j->running++;
}

/* Waits for the threads, reporting their progress here. */
static void finish(whole_job *j)
{
	pthread_mutex_lock(&j->mu);
	while (j->running > 0) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000)
			until.tv_sec++, until.tv_nsec -= 1000000000;
		pthread_cond_timedwait(&j->finished, &j->mu, &until);
		pthread_mutex_unlock(&j->mu);
		if (!atomic_load(&j->stop))
			report(j->s);
		pthread_mutex_lock(&j->mu);
	}
	pthread_mutex_unlock(&j->mu);
	for (int i = 0; i < j->threads; i++)
		pthread_join(j->t[i], NULL);
	j->threads = 0;
}

/* The folder a new laptop's packs are indexed in before the selection
 * (s->whole_dir), emptied (of a sync killed halfway), then made again
 * (make) or removed; -1 when it cannot be made. */
static int clear_aside(sel *s, int make)
{
	DIR *d = opendir(s->whole_dir);
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (!str_eq(de->d_name, ".") && !str_eq(de->d_name, "..")) {
			char *f = xasprintf("%s/%s", s->whole_dir, de->d_name);
			unlink(f);
			free(f);
		}
	if (d)
		closedir(d);
	if (!make)
		return rmdir(s->whole_dir), 0;
	return mkdir(s->whole_dir, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

static void job_free(whole_job *j)
{
	for (size_t i = 0; i < j->n; i++)
		free(j->path[i]), free(j->idx[i]);
	free(j->path), free(j->idx), free(j->ok), free(j->dir);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->finished);
	free(j);
}

void whole_packs_begin(sel *s)
{
	DIR *d = opendir(s->pack_dir);
	struct dirent *de;
	int has_pack = 0;
	while (d && !has_pack && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		has_pack = len > 4 && str_eq(de->d_name + len - 4, ".idx");
	}
	if (d)
		closedir(d);
	/* No pack, and fewer loose objects than a pack taken whole holds:
	 * nothing of a stick that has one (a laptop packs its objects past
	 * 2,000), which the selection will then want nearly all of. */
	int fresh = !has_pack && s->n_loose < WHOLE_MIN;
	if (clear_aside(s, fresh) < 0 || !fresh)
		return;
	whole_job *j = packs_of(s, 0);
	j->dir = xstrdup(s->whole_dir);
	j->aside = 1;
	s->early = j;
	start(j, 2);
	if (!j->threads) {
		s->early = NULL;
		clear_aside(s, 0);
		s->total = 0;
		job_free(j);
	}
}

void whole_packs_abandon(sel *s)
{
	whole_job *j = s->early;
	if (!j)
		return;
	atomic_store(&j->stop, 1);
	finish(j);
	clear_aside(s, 0);
	s->early = NULL;
	job_free(j);
}

/* Moves pack i, indexed aside, in with the receiving side's. */
static int settle(whole_job *j, size_t i)
{
	const char *name = strrchr(j->path[i], '/') + 1;
	char *from = xasprintf("%s/%s", j->dir, name), *to = xasprintf("%s/%s", j->s->pack_dir, name);
	int rc = rename(from, to);
	/* The index last: the pack is the repository's once it is there. */
	memcpy(from + strlen(from) - 4, "idx", 4), memcpy(to + strlen(to) - 4, "idx", 4);
	if (rc == 0)
		rc = rename(from, to);
	if (rc < 0)
		git_error_set(GIT_ERROR_OS, "%s: %s", to, strerror(errno));
	free(from), free(to);
	return rc < 0 ? -1 : 0;
}

/* Indexes the packs of j into the receiving side's folder, here and on
 * one more thread. */
static int index_now(sel *s, whole_job *j)
{
	j->dir = xstrdup(s->pack_dir);
	start(j, j->n > 1);
	int rc = index_packs(j, 1, 0);
	if (rc < 0)
		fail(j);
	finish(j);
	if (j->failed) {
		errno = j->errnum;
		git_error_set_str(GIT_ERROR_OS, j->why);
		rc = -1;
	}
	return rc;
}

/* The packs indexed early and worth taking moved in (those that failed
 * there indexed now), the rest removed. */
static int take_early(sel *s, int want)
{
	whole_job *j = s->early, *again = job_new(s);
	/* Nothing will be taken: the packs still indexing stop now. */
	if (!want)
		atomic_store(&j->stop, 1);
	finish(j);
	int rc = 0;
	size_t taken = 0, later = 0, objects;
	for (size_t i = 0; rc == 0 && want && i < j->n; i++) {
		if (!worth_taking(s, j->idx[i], &objects))
			continue;
		if (!j->ok[i]) {
			again->path[again->n] = j->path[i], again->idx[again->n++] = j->idx[i];
			j->path[i] = j->idx[i] = NULL;
			later += objects;
		} else if ((rc = settle(j, i)) == 0) {
			taken += objects;
		}
	}
	s->early = NULL;
	clear_aside(s, 0);
	job_free(j);
	/* The count the progress shows goes on from what was taken. */
	s->total = taken + later;
	atomic_store(&s->done, taken);
	if (rc == 0 && again->n)
		rc = index_now(s, again);
	if (rc == 0 && (taken || again->n)) {
		s->whole = 1;
		rc = git_odb_refresh(s->have) < 0 || git_odb_refresh(s->to) < 0 ? -1 : 0;
	}
	job_free(again);
	return rc;
}

int take_whole_packs(sel *s, int want)
{
	if (s->early)
		return take_early(s, want);
	if (!want)
		return 0;
	whole_job *j = packs_of(s, 1);
	int rc = index_now(s, j);
	size_t n_take = j->n;
	job_free(j);
	/* The packs just written, for the lookups of what is still missing
	 * and for the import after. */
	if (n_take && rc == 0) {
		s->whole = 1;
		rc = git_odb_refresh(s->have) < 0 || git_odb_refresh(s->to) < 0 ? -1 : 0;
	}
	return rc;
}
