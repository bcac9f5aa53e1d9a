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

#include <git2/sys/odb_backend.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	git_repository *from;
	git_odb *to;
	git_packbuilder *pb;
	size_t n;
	git_indexer_progress_cb progress;
	void *payload;
} sel;

static int add_tree(sel *s, const git_oid *id)
{
	if (git_odb_exists(s->to, id))
		return 0;
	git_tree *t = NULL;
	if (git_tree_lookup(&t, s->from, id) < 0)
		return -1;
	int rc = git_packbuilder_insert(s->pb, id, NULL);
	s->n++;
	size_t n = git_tree_entrycount(t);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const git_oid *eid = git_tree_entry_id(e);
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			rc = add_tree(s, eid);
		else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && !git_odb_exists(s->to, eid))
			rc = git_packbuilder_insert(s->pb, eid, NULL), s->n++;
	}
	git_tree_free(t);
	return rc;
}

/* Selects the objects of the commits reachable from tip and not from
 * hide (NULL, or a commit from may not have), less those s->to has. */
static int select_objects(sel *s, const git_oid *tip, const git_oid *hide)
{
	git_revwalk *w = NULL;
	git_odb *fodb = NULL;
	git_oid id;
	int rc = -1;
	if (git_repository_odb(&fodb, s->from) < 0 || git_revwalk_new(&w, s->from) < 0 ||
	    git_revwalk_push(w, tip) < 0)
		goto out;
	if (hide && git_odb_exists(fodb, hide) && git_revwalk_hide(w, hide) < 0)
		goto out;
	int e;
	while ((e = git_revwalk_next(&id, w)) == 0) {
		if (git_odb_exists(s->to, &id))
			continue;
		git_commit *c = NULL;
		if (git_commit_lookup(&c, s->from, &id) < 0)
			goto out;
		int bad = git_packbuilder_insert(s->pb, &id, NULL) < 0 || add_tree(s, git_commit_tree_id(c)) < 0;
		s->n++;
		git_commit_free(c);
		if (bad)
			goto out;
	}
	rc = e == GIT_ITEROVER ? 0 : -1;
out:
	git_revwalk_free(w);
	git_odb_free(fodb);
	return rc;
}

typedef struct {
	git_odb_writepack *wp;
	git_indexer_progress stats;
} sink;

static int append(void *buf, size_t size, void *payload)
{
	sink *k = payload;
	return k->wp->append(k->wp, buf, size, &k->stats);
}

/* Sends the selected objects as one pack into s->to. */
static int send_pack(sel *s)
{
	sink k = {0};
	if (s->n == 0)
		return 0;
	if (git_odb_write_pack(&k.wp, s->to, s->progress, s->payload) < 0)
		return -1;
	int rc = git_packbuilder_foreach(s->pb, append, &k) < 0 || k.wp->commit(k.wp, &k.stats) < 0 ? -1 : 0;
	k.wp->free(k.wp);
	return rc;
}

/* Copies what to lacks of the history of tip (from's), up to hide. */
static int copy(git_repository *from, git_repository *to, const git_oid *tip, const git_oid *hide)
{
	sel s = {from, NULL, NULL, 0, NULL, NULL};
	int rc = -1;
	if (git_repository_odb(&s.to, to) == 0 && git_packbuilder_new(&s.pb, from) == 0) {
		git_packbuilder_set_threads(s.pb, 0); /* delta search on every core */
		rc = select_objects(&s, tip, hide) == 0 && send_pack(&s) == 0 ? 0 : -1;
	}
	git_packbuilder_free(s.pb);
	git_odb_free(s.to);
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
	if (has < 0 || same || select_objects(&f->s, &tip, has ? &have : NULL) < 0) {
		free(tracking);
		return same ? 0 : -1;
	}
	f->refs = xrealloc(f->refs, (f->n + 1) * sizeof *f->refs);
	f->tips = xrealloc(f->tips, (f->n + 1) * sizeof *f->tips);
	f->refs[f->n] = tracking;
	f->tips[f->n++] = tip;
	return 0;
}

int repo_fetch_path(git_repository *r, const char *name, const char *path, git_indexer_progress_cb progress,
		    void *payload)
{
	fetching f = {.local = r, .name = name, .s = {.progress = progress, .payload = payload}};
	int rc = -1;
	if (git_repository_open_bare(&f.stick, path) < 0)
		return repo_err(path);
	f.s.from = f.stick;
	if (git_repository_odb(&f.s.to, r) < 0 || git_packbuilder_new(&f.s.pb, f.stick) < 0)
		goto out;
	git_packbuilder_set_threads(f.s.pb, 0); /* delta search on every core */
	if (git_reference_foreach_glob(f.stick, "refs/heads/devices/*", fetch_ref, &f) < 0 ||
	    fetch_ref(REPO_STATION_REF, &f) < 0 ||
	    send_pack(&f.s) < 0)
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
	git_packbuilder_free(f.s.pb);
	git_odb_free(f.s.to);
	git_repository_free(f.stick);
	return rc;
}

int repo_push_path(git_repository *r, const char *path, const char *ref, char **refused)
{
	git_repository *stick = NULL;
	git_reference *nr = NULL;
	git_oid tip, theirs;
	int rc = -1, has;
	*refused = NULL;
	if (git_repository_open_bare(&stick, path) < 0)
		return repo_err(path);
	if (oid_of(r, ref, &tip) != 1 || (has = oid_of(stick, ref, &theirs)) < 0)
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
