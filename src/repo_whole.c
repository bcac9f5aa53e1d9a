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
#include <git2/sys/odb_backend.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A new laptop's first sync wants nearly every object of the stick. A
 * pack of the stick that holds little else is taken as it is: its bytes
 * go through the receiving indexer, which checks every object (inflated
 * and hashed) and writes the pack's index; nothing is deflated again
 * (writing the pack object by object was most of a first sync's fetch).
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

/* The packs taken whole are indexed on two threads, each taking the next
 * pack when done with one (indexing is a tenth of a first sync of 200,000
 * events). Only this thread reports progress; the other adds what it has
 * indexed to s->done. */
typedef struct {
	sel *s;
	char **path;
	size_t n, next;
	pthread_mutex_t mu;
	int failed; /* the other thread's failure, and why (its errors are its own) */
	char why[512];
	int errnum;
} whole_job;

typedef struct {
	whole_job *j;
	size_t seen; /* of the current pack, already in s->done */
} indexing;

static int on_indexed(const git_indexer_progress *p, void *payload)
{
	indexing *ix = payload;
	sel *s = ix->j->s;
	atomic_fetch_add(&s->done, p->received_objects - ix->seen);
	ix->seen = p->received_objects;
	return 0;
}

static int on_indexed_here(const git_indexer_progress *p, void *payload)
{
	indexing *ix = payload;
	on_indexed(p, payload);
	sel *s = ix->j->s;
	if (!s->progress)
		return 0;
	git_indexer_progress x = *p;
	x.received_objects = x.indexed_objects = (unsigned)atomic_load(&s->done);
	x.total_objects = (unsigned)s->total;
	return s->progress(&x, s->payload);
}

/* The pack file at path, as it is, through an indexer of its own into
 * the receiving side's pack folder. */
static int index_pack(whole_job *j, const char *path, int here)
{
	git_indexer *ix = NULL;
	git_indexer_progress stats = {0};
	git_indexer_options o;
	indexing at = {j, 0};
	git_indexer_options_init(&o, GIT_INDEXER_OPTIONS_VERSION);
	o.progress_cb = here ? on_indexed_here : on_indexed;
	o.progress_cb_payload = &at;
	FILE *f = fopen(path, "rb");
	if (!f) {
		git_error_set(GIT_ERROR_OS, "%s: %s", path, strerror(errno));
		return -1;
	}
	int rc = git_indexer_new(&ix, j->s->pack_dir, 0, NULL, &o);
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

/* Indexes the next pack not started, until none is left or one failed. */
static int index_packs(whole_job *j, int here)
{
	for (;;) {
		pthread_mutex_lock(&j->mu);
		size_t i = j->failed ? j->n : j->next++;
		pthread_mutex_unlock(&j->mu);
		if (i >= j->n)
			return 0;
		if (index_pack(j, j->path[i], here) < 0)
			return -1;
	}
}

static void *index_packs_there(void *arg)
{
	whole_job *j = arg;
	if (index_packs(j, 0) < 0) {
		const git_error *e = git_error_last();
		pthread_mutex_lock(&j->mu);
		j->failed = 1, j->errnum = errno;
		snprintf(j->why, sizeof j->why, "%s", e && e->message ? e->message : "cannot index a pack");
		pthread_mutex_unlock(&j->mu);
	}
	return NULL;
}

int take_whole_packs(sel *s)
{
	char *dir = xasprintf("%sobjects/pack", git_repository_path(s->from));
	char *take[WHOLE_PACKS];
	size_t n_take = 0, objects, total = 0;
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && n_take < WHOLE_PACKS && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (!str_starts(de->d_name, "pack-") || len < 5 || !str_eq(de->d_name + len - 4, ".idx"))
			continue;
		char *idx = xasprintf("%s/%s", dir, de->d_name);
		if (worth_taking(s, idx, &objects)) {
			take[n_take++] = xasprintf("%s/%.*s.pack", dir, (int)(len - 4), de->d_name);
			total += objects;
		}
		free(idx);
	}
	if (d)
		closedir(d);
	free(dir);
	s->total = total;
	whole_job j = {.s = s, .path = take, .n = n_take, .mu = PTHREAD_MUTEX_INITIALIZER};
	pthread_t t;
	int two = n_take > 1 && pthread_create(&t, NULL, index_packs_there, &j) == 0;
	int rc = index_packs(&j, 1);
	if (rc < 0) {
		pthread_mutex_lock(&j.mu);
		j.failed = 1;
		pthread_mutex_unlock(&j.mu);
	}
	if (two)
		pthread_join(t, NULL);
	if (rc == 0 && j.failed) {
		errno = j.errnum;
		git_error_set_str(GIT_ERROR_OS, j.why);
		rc = -1;
	}
	for (size_t i = 0; i < n_take; i++)
		free(take[i]);
	/* The packs just written, for the lookups of what is still missing
	 * and for the import after. */
	if (n_take && rc == 0) {
		s->whole = 1;
		rc = git_odb_refresh(s->have) < 0 || git_odb_refresh(s->to) < 0 ? -1 : 0;
	}
	return rc;
}
