/*
 * repo_path: fetch from and push to a repository on a path (the station's
 * USB stick, a mounted share) without libgit2's local transport. That
 * transport builds its pack with a walk that reads every tree of the
 * branches involved: a 100-event sync against a 200,000-event stick spent
 * 0.7 s there. Here the objects to send are those of the new commits whose
 * ids the receiving side does not have; a tree it has is not opened (its
 * whole content is there: git's own rule). They go over as one pack,
 * written through the receiving odb's indexer, which checks every object;
 * on a first sync, the stick's big packs go as they are (repo_whole.c).
 */
#include "repo_path_impl.h"
#include "util.h"

#include <dirent.h>
#include <git2/sys/odb_backend.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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
int sel_has(sel *s, const git_oid *id)
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
	s->whole_dir = xasprintf("%swhole-packs", git_repository_path(to));
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

/* Adds blob id (name, in the folder at prefix), its size read from its
 * header alone. A file larger than the layout holds refuses the branch,
 * but only once the pack it is in is found to hold the bytes it was
 * written with: libgit2 takes a packed header at its word, and a damaged
 * one claims gigabytes. A damaged stick fails the fetch; passed for a
 * hostile one, the sync went through without the branch, and the damaged
 * bytes were never read. Returns 0, 1 when refused, or -1. */
static int add_blob(sel *s, const git_oid *id, const char *prefix, const char *name)
{
	size_t size;
	git_object_t type;
	if (git_odb_read_header(&size, &type, s->fodb, id) < 0)
		return -1;
	if (size <= APP_ATTACHMENT_MAX_BYTES) {
		wait_for(s, id), oid_set_put(&s->seen, id, 0);
		return 0;
	}
	int intact = repo_packed_intact(s->from, id);
	if (intact == 0)
		git_error_set(GIT_ERROR_ODB, "%s%s: damaged in its pack (not the bytes its pack's index has the CRC-32 of)",
			      prefix, name);
	if (intact <= 0)
		return -1;
	return refuse(s, id, prefix, name,
		      xasprintf("a file of %zu bytes, larger than any the repository's layout holds", size));
}

/* Adds the objects of tree id (at prefix, depth folders down) that s->to
 * lacks. Reads only headers of blobs (add_blob): a 300 MiB file on a
 * stick is refused unread. Returns 0, 1 when refused, or -1. */
static int add_tree(sel *s, const git_oid *id, const char *prefix, int depth)
{
	/* Checked already at least this deep: its folders fit here too. */
	oid_slot *x = oid_set_find(&s->seen, id);
	if ((x && x->depth >= depth) || (!x && sel_has(s, id)))
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
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE && depth + 1 >= REPO_MAX_DEPTH) {
			rc = refuse(s, eid, prefix, name,
				    xasprintf("a folder deeper than the repository's layout (%d levels)", REPO_MAX_DEPTH));
		} else if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			char *sub = xasprintf("%s%s/", prefix, name);
			rc = add_tree(s, eid, sub, depth + 1);
			free(sub);
		} else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && !oid_set_find(&s->seen, eid) && !sel_has(s, eid)) {
			rc = add_blob(s, eid, prefix, name);
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
		if (oid_set_find(&s->seen, &id) || sel_has(s, &id))
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
	whole_packs_abandon(s);
	free(s->whole_dir);
	git_packbuilder_free(s->pb);
	git_odb_free(s->to), git_odb_free(s->have);
	free(s->loose), free(s->pack_dir);
	git_odb_free(s->fodb);
	free(s->wait), free(s->all);
	oid_set_free(&s->seen);
	free(s->refused), free(s->refused_path);
}

/* The pack is written on a thread of its own (each object read, inflated
 * and deflated again) while the receiving side's indexer checks what has
 * come on this one (each object inflated and hashed again): the two were
 * most of a fetch, one after the other. Chunks of the pack go from one to
 * the other through a small queue. */
enum { QUEUED = 16 };

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
			p->fill = xmalloc(PACK_CHUNK);
		size_t n = size < PACK_CHUNK - p->filled ? size : PACK_CHUNK - p->filled;
		memcpy(p->fill + p->filled, b, n);
		p->filled += n, b += n, size -= n;
		if (p->filled == PACK_CHUNK && hand_over(p) < 0)
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
		if (!s->whole || !sel_has(s, &s->all[i])) {
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
	int there = repo_ref_oid(f->stick, ref, &tip);
	if (there <= 0)
		return there; /* a stick without the station ref */
	char *tracking = xasprintf("refs/remotes/%s/%s", f->name, ref + strlen("refs/heads/"));
	int has = repo_ref_oid(f->local, tracking, &have);
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

/* The packs in dir, by name: a set (JSON object). */
static json_t *pack_names(const char *dir)
{
	json_t *names = json_object();
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (str_starts(de->d_name, "pack-") && len > 5 && str_eq(de->d_name + len - 5, ".pack"))
			json_object_set_new(names, de->d_name, json_true());
	}
	if (d)
		closedir(d);
	return names;
}

/* Writes down the packs this fetch added and the refs it will move. */
static int taken_write(fetching *f, json_t *before)
{
	json_t *now = pack_names(f->s.pack_dir);
	const char *name;
	json_t *v;
	char **added = xcalloc(json_object_size(now) + 1, sizeof *added);
	size_t n = 0;
	json_object_foreach(now, name, v) if (!json_object_get(before, name)) added[n++] = (char *)name;
	int rc = repo_taken_write(f->local, added, n, f->refs, f->n);
	free(added);
	json_decref(now);
	return rc;
}

int repo_fetch_path(git_repository *r, const char *name, const char *path, git_indexer_progress_cb progress,
		    void *payload, json_t *refused)
{
	fetching f = {.local = r, .name = name, .s = {.progress = progress, .payload = payload}, .refused = refused};
	json_t *before = NULL;
	int rc = -1;
	if (git_repository_open_bare(&f.stick, path) < 0)
		return repo_err(path);
	f.s.from = f.stick;
	if (without_deltas(f.stick, r) < 0 || sel_open(&f.s, r) < 0 ||
	    git_packbuilder_new(&f.s.pb, f.stick) < 0)
		goto out;
	before = pack_names(f.s.pack_dir);
	whole_packs_begin(&f.s);
	if (git_reference_foreach_glob(f.stick, "refs/heads/devices/*", fetch_ref, &f) < 0 ||
	    fetch_ref(REPO_STATION_REF, &f) < 0 || fetch_ref(REPO_TRUST_REF, &f) < 0 ||
	    fetch_ref(REPO_CLOCKS_REF, &f) < 0)
		goto out;
	/* A first sync (nearly all of the stick wanted, nothing refused):
	 * the stick's big packs as they are. */
	if (take_whole_packs(&f.s, json_array_size(refused) == 0 && f.s.n >= WHOLE_MIN) < 0)
		goto out;
	if (send_pack(&f.s) < 0)
		goto out;
	/* Packs taken whole stand once the import has read them (repo_taken.c). */
	if (f.s.whole && f.n && taken_write(&f, before) < 0)
		goto out;
	for (size_t i = 0; i < f.n; i++) {
		git_reference *nr = NULL;
		if (git_reference_create(&nr, r, f.refs[i], &f.tips[i], 1, "dustwatch fetch") < 0)
			goto out;
		git_reference_free(nr);
	}
	/* The refs moved are files of their own: packed into one, as git
	 * gc's pack-refs does, each sync after reads them in one file, not
	 * one per device (2,744 of them at 10^6 events). */
	if (f.n && repo_pack_refs(r) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		repo_err(path);
	for (size_t i = 0; i < f.n; i++)
		free(f.refs[i]);
	free(f.refs), free(f.tips);
	json_decref(before);
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
	if (repo_ref_oid(r, src, &tip) != 1 || (has = repo_ref_oid(stick, ref, &theirs)) < 0)
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
