/*
 * repo: the git repository of a data directory (repo.git, bare), in the
 * layout of design.md: a device writes only refs/heads/devices/<device>,
 * one immutable file per event at devices/<device>/<yyyy>/<mm>/<dd>/<blob>
 * (the name is the git blob id of the content, the content the event's
 * canonical text exactly as in events.body), attachments at
 * blobs/<device>/<sha256>. It commits pending local events, walks two trees
 * for the files added between them (skipping subtrees whose ids are equal),
 * and packs loose objects, which libgit2 never does by itself.
 *
 * Functions return 0 or -1 with err_msg() set (libgit2's message included).
 * git objects returned are the caller's to free with their git_*_free.
 */
#ifndef DW_REPO_H
#define DW_REPO_H

#include "app.h"
#include <git2.h>

#define REPO_DEVICE_PREFIX "refs/heads/devices/"
/* The layout's deepest file is devices/<device>/<yyyy>/<mm>/<dd>/<blob>:
 * a walk descends no further, so a hostile tree nested thousands of levels
 * costs nothing (its deepest folder is reported to the walk's callback as
 * an entry that is not a file). */
#define REPO_MAX_DEPTH 6
#define REPO_STATION_REF "refs/heads/station"

/* Initialises libgit2 once per process (safe to call again). */
void repo_global_init(void);
/* Sets the error from libgit2's last error, prefixed by what; returns -1. */
int repo_err(const char *what);

/* A list of ref names (owned), grown by repo_refs_glob. */
typedef struct {
	char **v;
	size_t n;
} repo_refs;
/* Appends the names of r's refs matching glob to l. Returns libgit2's
 * code: the caller reports a failure with repo_err. */
int repo_refs_glob(git_repository *r, const char *glob, repo_refs *l);
/* Frees the names and empties l. */
void repo_refs_free(repo_refs *l);

/* Opens the data directory's repository, creating it when absent. */
int repo_open(git_repository **out, const char *home);

/* Reads blob id into a NUL-terminated buffer (*out, the caller frees) of
 * *len bytes. One larger than max is refused from the object's header,
 * before anything of it is read: returns REPO_ETOOBIG then; -1 when id is
 * not a blob here. Thread-safe with one repository per thread. */
#define REPO_ETOOBIG (-2)
/* ...and REPO_EDAMAGED when its bytes are not what its id names. */
#define REPO_EDAMAGED (-3)
int repo_read_blob(git_repository *r, const git_oid *id, size_t max, char **out, size_t *len);

/* Removes the lock files (under refs/, packed-refs.lock, fetch.config.lock)
 * a process killed while updating a ref or the fetch settings left behind;
 * libgit2 would refuse every later update of that file. Call only while holding a lock that no other
 * writer of the repository at git_dir can be running without (the data
 * directory's sync.lock; a stick's dustwatch.lock). */
void repo_clear_stale_locks(const char *git_dir);

/* "refs/heads/devices/<device>" (caller frees). */
char *repo_device_ref(const char *device);

/* The commit a ref points at and its tree. A missing ref gives 0 with
 * *tree_out NULL and *commit_out zeroed. tree_out may be NULL. */
int repo_ref_tree(git_repository *r, const char *ref, git_oid *commit_out, git_tree **tree_out);
/* Packs the loose refs into packed-refs (git pack-refs --all); -1 with
 * libgit2's message left for repo_err. */
int repo_pack_refs(git_repository *r);
/* repo_taken.c: a fetch that took a stick's packs whole writes down the
 * packs it added (names in objects/pack) and where the refs it will move
 * are now, before it moves them. Until the import has read what came,
 * repo_taken_undo puts the refs back and removes the packs (1; 0 when
 * there was nothing to undo; -1 with the error); repo_taken_keep keeps
 * them once it has. */
int repo_taken_write(git_repository *r, char *const *packs, size_t n_packs, char *const *refs, size_t n_refs);
int repo_taken_undo(git_repository *r);
/* Whether a fetch's packs taken whole wait to be kept or undone. */
int repo_taken_pending(git_repository *r);
void repo_taken_keep(git_repository *r);
/* The commit ref points at: 1, 0 when there is no such ref, -1 on error
 * (libgit2's message left for repo_err). Reads no object. */
int repo_ref_oid(git_repository *r, const char *ref, git_oid *out);

/* The JSON file name in ref's tree (station.json, clocks.json): 1 with
 * *out (the caller's; NULL when the file is not JSON), 0 when there is no
 * such ref, -1 with the error (the file missing or too large). */
int repo_ref_json(git_repository *r, const char *ref, const char *name, json_t **out);
/* Commits a tree of one file, name holding j's text (a line of compact
 * JSON, keys sorted), on ref, after its tip when it has one, signed by
 * device (git's author and committer). */
int repo_write_json(git_repository *r, const char *ref, const char *name, const json_t *j, const char *device,
		    const char *message);

/* Commits this device's pending events and attachments on its branch
 * (skipped when nothing is pending or the tree is unchanged) and records
 * their blob ids in the database. *n_out: events committed. */
int repo_commit_pending(app *a, git_repository *r, size_t *n_out);

/* Events per commit, at most: a laptop back after weeks away (or the
 * demo) makes several commits, so that no commit's manifest is large
 * (every later import and fetch reads the commit its own ones grow from). */
#define REPO_COMMIT_EVENTS 1000

/* A commit's message may end with a manifest: the line
 * "dustwatch-manifest 1 DEVICE", the ids of the events the commit adds, one
 * per line, then "dustwatch-manifest-sig HEX", an Ed25519 signature by the
 * device over the manifest's bytes (from its first line to the last id's
 * newline). */
#define REPO_MANIFEST "dustwatch-manifest 1"
#define REPO_MANIFEST_SIG "dustwatch-manifest-sig"
/* Whether commit message msg ends with a manifest of dev signed with pk:
 * 1 with *ids and *end the bytes of its id lines (64 hex and a newline
 * each), else 0. A commit without events signs an empty list. */
int repo_manifest_check(const char *msg, const char *dev, const unsigned char pk[32], const char **ids,
			const char **end);

/* repo_path.c: a remote on a path (a USB stick). Fetches every device
 * branch and the station ref into refs/remotes/NAME/..., forced, sending
 * only the objects of the new commits that r lacks. A branch with a folder
 * deeper than REPO_MAX_DEPTH or a file larger than APP_ATTACHMENT_MAX_BYTES
 * is left out, unread, and appended to refused as {"ref" (the tracking
 * ref), "path", "blob", "why"}; the other branches are fetched. */
int repo_fetch_path(git_repository *r, const char *name, const char *path, git_indexer_progress_cb progress,
		    void *payload, json_t *refused);
/* Pushes r's ref src to dst on path when it is a fast-forward (compare
 * and swap); else *refused says why (the caller frees). */
int repo_push_path(git_repository *r, const char *path, const char *src, const char *dst, char **refused);
/* A stick's copy of the station's key (station.json, the commit of the
 * station ref): a laptop that never saw the station's network learns the
 * key from it. Not REPO_STATION_REF, which marks the station's own
 * repository (a stick is never "at the station"). */
#define REPO_TRUST_REF "refs/heads/trust"
/* What the station's machine judged of the clocks it saw, written to a
 * stick for the laptops that see no other (clocks.json: {"station",
 * "judged", "notes": {device: text}}). */
#define REPO_CLOCKS_REF "refs/heads/clocks"

/* Walks new against old (old NULL: the empty tree), calling added for each
 * blob in new whose path is not in old with the same id, and changed (may
 * be NULL) for each path of old that is missing or different in new.
 * Subtrees with equal ids are skipped without being read. path is relative
 * to the trees' root. A non-zero return from a callback stops the walk and
 * is returned. */
typedef int (*repo_walk_cb)(void *payload, const char *path, const git_tree_entry *e);
int repo_walk(git_repository *r, const git_tree *old, const git_tree *new_tree, repo_walk_cb added,
	      repo_walk_cb changed, void *payload);

/* Packs every object reachable from any ref into one pack and removes
 * the loose objects and older packs it replaces. */
int repo_pack(git_repository *r);
/* git_oid_cmp for qsort and bsearch over arrays of git_oid. */
int repo_oid_cmp(const void *x, const void *y);
/* The ids of r's loose objects, sorted (repo_oid_cmp); *ids the caller's. */
void repo_loose_ids(git_repository *r, git_oid **ids, size_t *n);
/* Number of loose objects and packs, to decide when to pack. */
int repo_object_counts(git_repository *r, size_t *loose, size_t *packs);
/* The bytes of the object files (loose and packed) of the repository at
 * git_dir (ending in '/'); opens no repository. */
size_t repo_objects_bytes(const char *git_dir);

#endif
