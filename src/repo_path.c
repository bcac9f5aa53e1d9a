/*
 * repo_path: fetch from and push to a repository on a path (the station's
 * USB stick, a mounted share) without libgit2's local transport. That
 * transport builds its pack with a walk that reads every tree of the
 * branches involved: a 100-event sync against a 200,000-event stick spent
 * 0.7 s there. Here the objects to send are those of the new commits whose
 * ids the receiving side does not have; a tree it has is not opened (its
 * whole content is there: git's own rule). They go over as one pack,
 * written through the receiving odb's indexer, which checks every object.
 */
#include "repo.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <git2/sys/odb_backend.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The objects selected so far (the branch walked now included), so that
 * a tree that many commits share is opened once: a first sync opened
 * every commit's whole tree (4.6 s, and every object selected many times
 * over, at 200,135 events). Open addressing, an id's first bytes its hash
 * (ids are uniform); a refused branch's objects are marked dead. */
enum { SLOT_FREE, SLOT_LIVE, SLOT_DEAD };

typedef struct {
	git_oid id;
	unsigned char state;
	unsigned char depth; /* a tree's deepest place checked within the layout */
} seen_slot;

typedef struct {
	seen_slot *slot;
	size_t used, mask; /* used: live and dead */
} oid_set;

static size_t oid_hash(const git_oid *id)
{
	uint64_t h;
	memcpy(&h, id->id, sizeof h);
	return (size_t)h;
}

static seen_slot *oid_set_find(const oid_set *t, const git_oid *id)
{
	if (!t->slot)
		return NULL;
	for (size_t h = oid_hash(id) & t->mask; t->slot[h].state != SLOT_FREE; h = (h + 1) & t->mask)
		if (t->slot[h].state == SLOT_LIVE && memcmp(t->slot[h].id.id, id->id, GIT_OID_RAWSZ) == 0)
			return &t->slot[h];
	return NULL;
}

static void oid_set_put(oid_set *t, const git_oid *id, unsigned char depth);

static void oid_set_grow(oid_set *t)
{
	oid_set old = *t;
	size_t cap = old.slot ? 2 * (old.mask + 1) : 1024;
	t->slot = xcalloc(cap, sizeof *t->slot);
	t->mask = cap - 1, t->used = 0;
	for (size_t i = 0; old.slot && i <= old.mask; i++)
		if (old.slot[i].state == SLOT_LIVE)
			oid_set_put(t, &old.slot[i].id, old.slot[i].depth);
	free(old.slot);
}

/* Adds id, or makes its depth the deeper of the two. */
static void oid_set_put(oid_set *t, const git_oid *id, unsigned char depth)
{
	seen_slot *x = oid_set_find(t, id);
	if (x) {
		if (depth > x->depth)
			x->depth = depth;
		return;
	}
	if (!t->slot || 2 * (t->used + 1) > t->mask + 1)
		oid_set_grow(t);
	size_t h = oid_hash(id) & t->mask;
	while (t->slot[h].state != SLOT_FREE)
		h = (h + 1) & t->mask;
	t->slot[h] = (seen_slot){*id, SLOT_LIVE, depth};
	t->used++;
}

static void oid_set_drop(oid_set *t, const git_oid *id)
{
	seen_slot *x = oid_set_find(t, id);
	if (x)
		x->state = SLOT_DEAD;
}

typedef struct {
	git_repository *from;
	git_odb *to;
	/* What the receiving side has, asked once per object: its packs
	 * through an odb of their own (its whole odb asks the loose store
	 * first, a failed access() per object: 6 s of a first sync of
	 * 200,000 events), its loose objects (few: a sync packs them past
	 * 2,000) sorted here. */
	git_odb *have;
	git_oid *loose;
	size_t n_loose;
	git_packbuilder *pb;
	size_t n;
	git_indexer_progress_cb progress;
	void *payload;
	/* One branch's objects wait here until the whole of it is found
	 * within the layout's bounds; a branch that is not is refused whole
	 * (why, where) and sends nothing. */
	git_odb *fodb;
	git_oid *wait;
	size_t n_wait, cap_wait;
	oid_set seen;
	/* Every object selected, in the order found (s->n of them, each
	 * once); the packbuilder takes those the receiving side still lacks. */
	git_oid *all;
	size_t cap_all;
	/* Packs of the stick taken whole: objects they held, and the count
	 * the progress shows across them and the pack built after. */
	int whole;
	atomic_size_t done;
	size_t total;
	char *pack_dir; /* the receiving side's */
	char *refused, *refused_path;
	git_oid refused_id;
} sel;

static void wait_for(sel *s, const git_oid *id)
{
	if (s->n_wait == s->cap_wait) {
		s->cap_wait = s->cap_wait ? 2 * s->cap_wait : 256;
		s->wait = xrealloc(s->wait, s->cap_wait * sizeof *s->wait);
	}
	s->wait[s->n_wait++] = *id;
}

/* Whether the receiving side has id. Its objects do not change while
 * objects are selected (they go over as one pack at the end), so a miss
 * need not rescan its packs: on a first sync every object is a miss, and
 * the rescans were a quarter of the fetch. */
static int has(sel *s, const git_oid *id)
{
	return (s->n_loose && bsearch(id, s->loose, s->n_loose, sizeof *id, repo_oid_cmp)) ||
	       git_odb_exists_ext(s->have, id, GIT_ODB_LOOKUP_NO_REFRESH);
}

/* s->to and the lookups of what it has, for the repository to. */
static int sel_open(sel *s, git_repository *to)
{
	git_odb_backend *packs = NULL;
	char *dir = xasprintf("%sobjects", git_repository_path(to));
	int rc = -1;
	if (git_repository_odb(&s->to, to) < 0 || git_odb_new(&s->have) < 0 ||
	    git_odb_backend_pack(&packs, dir) < 0)
		goto out;
	if (git_odb_add_backend(s->have, packs, 1) < 0) {
		packs->free(packs);
		goto out;
	}
	repo_loose_ids(to, &s->loose, &s->n_loose);
	s->pack_dir = xasprintf("%s/pack", dir);
	rc = 0;
out:
	free(dir);
	return rc;
}

static int refuse(sel *s, const git_oid *id, const char *prefix, const char *name, char *why)
{
	s->refused = why;
	s->refused_path = xasprintf("%s%s", prefix, name);
	s->refused_id = *id;
	return 1;
}

/* Adds the objects of tree id (at prefix, depth folders down) that s->to
 * lacks. Reads only headers of blobs: a 300 MiB file on a stick is
 * refused unread. Returns 0, 1 when refused, or -1. */
static int add_tree(sel *s, const git_oid *id, const char *prefix, int depth)
{
	/* Checked already at least this deep: its folders fit here too. */
	seen_slot *x = oid_set_find(&s->seen, id);
	if ((x && x->depth >= depth) || (!x && has(s, id)))
		return 0;
	git_tree *t = NULL;
	if (git_tree_lookup(&t, s->from, id) < 0)
		return -1;
	if (!x)
		wait_for(s, id);
	int rc = 0;
	size_t n = git_tree_entrycount(t);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const git_oid *eid = git_tree_entry_id(e);
		const char *name = git_tree_entry_name(e);
		size_t size;
		git_object_t type;
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE && depth + 1 >= REPO_MAX_DEPTH) {
			rc = refuse(s, eid, prefix, name,
				    xasprintf("a folder deeper than the repository's layout (%d levels)", REPO_MAX_DEPTH));
		} else if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			char *sub = xasprintf("%s%s/", prefix, name);
			rc = add_tree(s, eid, sub, depth + 1);
			free(sub);
		} else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && !oid_set_find(&s->seen, eid) && !has(s, eid)) {
			if (git_odb_read_header(&size, &type, s->fodb, eid) < 0)
				rc = -1;
			else if (size > APP_ATTACHMENT_MAX_BYTES)
				rc = refuse(s, eid, prefix, name,
					    xasprintf("a file of %zu bytes, larger than any the repository's layout holds",
						      size));
			else
				wait_for(s, eid), oid_set_put(&s->seen, eid, 0);
		}
	}
	git_tree_free(t);
	if (rc == 0)
		oid_set_put(&s->seen, id, (unsigned char)depth);
	return rc;
}

/* Selects the objects of the commits reachable from tip and not from
 * hide (NULL, or a commit from may not have), less those s->to has.
 * Returns 0, 1 when the history is refused (s->refused says why; nothing
 * of it is selected), or -1. */
static int select_objects(sel *s, const git_oid *tip, const git_oid *hide)
{
	git_revwalk *w = NULL;
	git_oid id;
	int rc = -1;
	s->n_wait = 0;
	if ((!s->fodb && git_repository_odb(&s->fodb, s->from) < 0) || git_revwalk_new(&w, s->from) < 0 ||
	    git_revwalk_push(w, tip) < 0)
		goto out;
	if (hide && git_odb_exists(s->fodb, hide) && git_revwalk_hide(w, hide) < 0)
		goto out;
	int e;
	while ((e = git_revwalk_next(&id, w)) == 0) {
		if (oid_set_find(&s->seen, &id) || has(s, &id))
			continue;
		git_commit *c = NULL;
		if (git_commit_lookup(&c, s->from, &id) < 0)
			goto out;
		wait_for(s, &id);
		int got = add_tree(s, git_commit_tree_id(c), "", 0);
		git_commit_free(c);
		if (got == 1) /* refused: none of this history is selected */
			for (size_t i = 0; i < s->n_wait; i++)
				oid_set_drop(&s->seen, &s->wait[i]);
		if (got != 0) {
			rc = got;
			goto out;
		}
		oid_set_put(&s->seen, &id, 0);
	}
	if (e != GIT_ITEROVER)
		goto out;
	if (s->n + s->n_wait > s->cap_all) {
		s->cap_all = 2 * (s->n + s->n_wait);
		s->all = xrealloc(s->all, s->cap_all * sizeof *s->all);
	}
	if (s->n_wait)
		memcpy(s->all + s->n, s->wait, s->n_wait * sizeof *s->wait);
	s->n += s->n_wait;
	rc = 0;
out:
	git_revwalk_free(w);
	return rc;
}

static void sel_free(sel *s)
{
	git_packbuilder_free(s->pb);
	git_odb_free(s->to), git_odb_free(s->have);
	free(s->loose), free(s->pack_dir);
	git_odb_free(s->fodb);
	free(s->wait), free(s->all), free(s->seen.slot);
	free(s->refused), free(s->refused_path);
}

/* The pack is written on a thread of its own (each object read, inflated
 * and deflated again) while the receiving side's indexer checks what has
 * come on this one (each object inflated and hashed again): the two were
 * most of a fetch, one after the other. Chunks of the pack go from one to
 * the other through a small queue. */
enum { CHUNK = 256 << 10, QUEUED = 16 };

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *q[QUEUED];
	size_t len[QUEUED], head, count;
	char *fill; /* the chunk being filled, by the writing thread */
	size_t filled;
	int done, stop, failed;
	char why[512];
	git_packbuilder *pb;
} pack_pipe;

/* Hands the chunk being filled to the queue; -1 when the reader stopped. */
static int hand_over(pack_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->count == QUEUED && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	int stop = p->stop;
	if (!stop) {
		size_t at = (p->head + p->count++) % QUEUED;
		p->q[at] = p->fill, p->len[at] = p->filled;
		p->fill = NULL, p->filled = 0;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return stop ? -1 : 0;
}

static int produce(void *buf, size_t size, void *payload)
{
	pack_pipe *p = payload;
	const char *b = buf;
	while (size) {
		if (!p->fill)
			p->fill = xmalloc(CHUNK);
		size_t n = size < CHUNK - p->filled ? size : CHUNK - p->filled;
		memcpy(p->fill + p->filled, b, n);
		p->filled += n, b += n, size -= n;
		if (p->filled == CHUNK && hand_over(p) < 0)
			return -1;
	}
	return 0;
}

static void *write_pack(void *arg)
{
	pack_pipe *p = arg;
	int rc = git_packbuilder_foreach(p->pb, produce, p);
	if (rc == 0 && p->filled)
		rc = hand_over(p);
	pthread_mutex_lock(&p->mu);
	if (rc < 0 && !p->stop) {
		const git_error *e = git_error_last();
		p->failed = 1;
		snprintf(p->why, sizeof p->why, "%s", e && e->message ? e->message : "cannot write the pack");
	}
	p->done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	free(p->fill);
	return NULL;
}

/* The indexer counts the objects of its own pack: across the packs taken
 * whole and the one built after, the progress counts from those before. */
static int shifted(const git_indexer_progress *p, void *payload)
{
	sel *s = payload;
	if (!s->progress)
		return 0;
	git_indexer_progress x = *p;
	if (s->total) {
		unsigned before = (unsigned)atomic_load(&s->done);
		x.received_objects += before, x.indexed_objects += before;
		x.total_objects = (unsigned)s->total;
	}
	return s->progress(&x, s->payload);
}

/* Sends the selected objects (after packs taken whole: those still
 * missing) as one pack into s->to. */
static int send_pack(sel *s)
{
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats = {0};
	pack_pipe p = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .pb = s->pb};
	pthread_t t;
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!s->whole || !has(s, &s->all[i])) {
			if (git_packbuilder_insert(s->pb, &s->all[i], NULL) < 0)
				return -1;
			n++;
		}
	if (n == 0)
		return 0;
	if (s->whole)
		s->total = atomic_load(&s->done) + n;
	if (git_odb_write_pack(&wp, s->to, shifted, s) < 0)
		return -1;
	if (pthread_create(&t, NULL, write_pack, &p) != 0) {
		wp->free(wp);
		return err_set("cannot start a thread to write the pack");
	}
	int rc = 0;
	for (;;) {
		pthread_mutex_lock(&p.mu);
		while (p.count == 0 && !p.done)
			pthread_cond_wait(&p.cv, &p.mu);
		char *chunk = NULL;
		size_t len = 0;
		if (p.count) {
			chunk = p.q[p.head], len = p.len[p.head];
			p.head = (p.head + 1) % QUEUED, p.count--;
			pthread_cond_broadcast(&p.cv);
		}
		pthread_mutex_unlock(&p.mu);
		if (!chunk)
			break;
		rc = wp->append(wp, chunk, len, &stats);
		free(chunk);
		if (rc < 0) {
			pthread_mutex_lock(&p.mu);
			p.stop = 1;
			pthread_cond_broadcast(&p.cv);
			pthread_mutex_unlock(&p.mu);
			break;
		}
	}
	pthread_join(t, NULL);
	for (; p.count; p.head = (p.head + 1) % QUEUED, p.count--)
		free(p.q[p.head]);
	if (rc == 0 && p.failed) {
		git_error_set_str(GIT_ERROR_ODB, p.why);
		rc = -1;
	}
	if (rc == 0)
		rc = wp->commit(wp, &stats) < 0 ? -1 : 0;
	wp->free(wp);
	return rc;
}

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
enum { WHOLE_MIN = 1000, WHOLE_EXTRA = 10, WHOLE_PACKS = 8 };

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
	if (oid_set_find(&l->s->seen, id) || has(l->s, id))
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
	char *buf = xmalloc(CHUNK);
	size_t got;
	while (rc == 0 && (got = fread(buf, 1, CHUNK, f)) > 0)
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

/* Takes whole the stick's packs worth it (above), before the selected
 * objects still missing are sent as one pack. */
static int take_whole_packs(sel *s)
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

/* Copies what to lacks of the history of tip (from's), up to hide. */
static int copy(git_repository *from, git_repository *to, const git_oid *tip, const git_oid *hide)
{
	sel s = {.from = from};
	int rc = -1;
	if (sel_open(&s, to) == 0 && git_packbuilder_new(&s.pb, from) == 0) {
		git_packbuilder_set_threads(s.pb, 0); /* delta search on every core */
		int got = select_objects(&s, tip, hide);
		if (got == 1)
			err_set("%s: %s", s.refused_path, s.refused);
		rc = got == 0 && send_pack(&s) == 0 ? 0 : -1;
	}
	sel_free(&s);
	return rc;
}

static int oid_of(git_repository *r, const char *ref, git_oid *out)
{
	int e = git_reference_name_to_id(out, r, ref);
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	return e < 0 ? -1 : 1;
}

typedef struct {
	git_repository *local, *stick;
	const char *name;
	sel s;
	char **refs; /* tracking refs to move, and where */
	git_oid *tips;
	size_t n;
	json_t *refused;
} fetching;

/* One ref of the stick: its new objects join the one pack, and its
 * tracking ref is moved after (forced, as "+refs/heads/...": a rewritten
 * branch is the import's to judge). */
static int fetch_ref(const char *ref, void *payload)
{
	fetching *f = payload;
	git_oid tip, have;
	int there = oid_of(f->stick, ref, &tip);
	if (there <= 0)
		return there; /* a stick without the station ref */
	char *tracking = xasprintf("refs/remotes/%s/%s", f->name, ref + strlen("refs/heads/"));
	int has = oid_of(f->local, tracking, &have);
	int same = has == 1 && git_oid_equal(&tip, &have);
	int got = has < 0 || same ? 0 : select_objects(&f->s, &tip, has ? &have : NULL);
	if (got == 1) {
		char blob[GIT_OID_HEXSZ + 1];
		git_oid_tostr(blob, sizeof blob, &f->s.refused_id);
		json_array_append_new(f->refused, json_pack("{ssssssss}", "ref", tracking, "path", f->s.refused_path,
							   "blob", blob, "why", f->s.refused));
		free(f->s.refused), free(f->s.refused_path);
		f->s.refused = f->s.refused_path = NULL;
	}
	if (has < 0 || same || got != 0) {
		free(tracking);
		return same || got == 1 ? 0 : -1;
	}
	f->refs = xrealloc(f->refs, (f->n + 1) * sizeof *f->refs);
	f->tips = xrealloc(f->tips, (f->n + 1) * sizeof *f->tips);
	f->refs[f->n] = tracking;
	f->tips[f->n++] = tip;
	return 0;
}

/* The stick's objects come over without a search for deltas (each object
 * against the ten before it, and the deltas made again when the pack is
 * written): a third of the work of a first sync, for a pack 1.5 % larger
 * (an event is a small file that compresses well on its own). libgit2
 * has no option for it, but it looks for no delta for an object larger
 * than its big-file threshold, which it reads from pack.deltaCacheSize
 * (libgit2 1.5 to 1.9): a config file of the data directory's own sets
 * that to 1 at the top level of the stick's config, in memory only. */
static int without_deltas(git_repository *stick, git_repository *own)
{
	static const char key[] = "pack.deltaCacheSize";
	char *file = xasprintf("%sfetch.config", git_repository_path(own));
	git_config *mine = NULL, *cfg = NULL;
	int64_t v = 0;
	int rc = -1;
	if (git_config_open_ondisk(&mine, file) < 0)
		goto out;
	if (git_config_get_int64(&v, mine, key) < 0 || v != 1) {
		git_error_clear();
		if (git_config_set_int64(mine, key, 1) < 0)
			goto out;
	}
	if (git_repository_config(&cfg, stick) < 0 || git_config_add_file_ondisk(cfg, file, GIT_CONFIG_LEVEL_APP, stick, 1) < 0)
		goto out;
	rc = 0;
out:
	git_config_free(cfg);
	git_config_free(mine);
	free(file);
	return rc;
}

int repo_fetch_path(git_repository *r, const char *name, const char *path, git_indexer_progress_cb progress,
		    void *payload, json_t *refused)
{
	fetching f = {.local = r, .name = name, .s = {.progress = progress, .payload = payload}, .refused = refused};
	int rc = -1;
	if (git_repository_open_bare(&f.stick, path) < 0)
		return repo_err(path);
	f.s.from = f.stick;
	if (without_deltas(f.stick, r) < 0 || sel_open(&f.s, r) < 0 ||
	    git_packbuilder_new(&f.s.pb, f.stick) < 0)
		goto out;
	if (git_reference_foreach_glob(f.stick, "refs/heads/devices/*", fetch_ref, &f) < 0 ||
	    fetch_ref(REPO_STATION_REF, &f) < 0 || fetch_ref(REPO_TRUST_REF, &f) < 0 ||
	    fetch_ref(REPO_CLOCKS_REF, &f) < 0)
		goto out;
	/* A first sync (nearly all of the stick wanted, nothing refused):
	 * the stick's big packs as they are. */
	if (json_array_size(refused) == 0 && f.s.n >= WHOLE_MIN && take_whole_packs(&f.s) < 0)
		goto out;
	if (send_pack(&f.s) < 0)
		goto out;
	for (size_t i = 0; i < f.n; i++) {
		git_reference *nr = NULL;
		if (git_reference_create(&nr, r, f.refs[i], &f.tips[i], 1, "dustwatch fetch") < 0)
			goto out;
		git_reference_free(nr);
	}
	rc = 0;
out:
	if (rc < 0)
		repo_err(path);
	for (size_t i = 0; i < f.n; i++)
		free(f.refs[i]);
	free(f.refs), free(f.tips);
	sel_free(&f.s);
	git_repository_free(f.stick);
	return rc;
}

int repo_push_path(git_repository *r, const char *path, const char *src, const char *ref, char **refused)
{
	git_repository *stick = NULL;
	git_reference *nr = NULL;
	git_oid tip, theirs;
	int rc = -1, has;
	*refused = NULL;
	if (git_repository_open_bare(&stick, path) < 0)
		return repo_err(path);
	if (oid_of(r, src, &tip) != 1 || (has = oid_of(stick, ref, &theirs)) < 0)
		goto fail;
	if (has && git_oid_equal(&tip, &theirs)) {
		rc = 0;
		goto out;
	}
	if (has && git_graph_descendant_of(r, &tip, &theirs) != 1) {
		git_error_clear();
		*refused = xasprintf("%s: non-fast-forward", ref);
		rc = 0;
		goto out;
	}
	/* Compare and swap: another machine may write the stick's ref. */
	if (copy(r, stick, &tip, has ? &theirs : NULL) < 0 ||
	    (has ? git_reference_create_matching(&nr, stick, ref, &tip, 1, &theirs, "dustwatch push")
		 : git_reference_create(&nr, stick, ref, &tip, 0, "dustwatch push")) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	repo_err(path);
out:
	git_reference_free(nr);
	git_repository_free(stick);
	return rc;
}
