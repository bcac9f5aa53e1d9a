/*
 * sync_impl: what the sync files (sync.c, sync_callbacks.c, sync_import.c,
 * sync_fold.c, sync_reindex.c, sync_verify.c, sync_vouch.c) share and nothing else
 * sees: the import context over a libgit2 repository, the trust and
 * manifests an event is checked against, and the batches checked on
 * threads. The public interface is sync.h.
 */
#ifndef DW_SYNC_IMPL_H
#define DW_SYNC_IMPL_H

#include "registry.h"
#include "repo.h"
#include "sync.h"
#include "util.h"
#include <pthread.h>

/* --- sync_import.c: what sync_run and sync_reindex share. */
enum { SYNC_AHEAD = 4 };
typedef struct sync_ctx {
	app *a;
	git_repository *r;
	sync_stats *st;
	sync_progress_cb progress;
	void *payload;
	size_t done, total;
	size_t damaged; /* files whose bytes are not what their ids name */
	const char *taken_from; /* the stick whose packs this sync took whole (repo_taken.c) */
	/* Each device's latest event added ({device: [hlc_ms, hlc_c, wall]}),
	 * kept when not NULL (a reindex, a first sync: store_set_device_clocks). */
	json_t *clocks;
	char **refs;    /* the refs imported, for the quarantine's sources (sync_fold_pending) */
	size_t n_refs;
	/* The checking threads (sync_checkers.c), started by the first
	 * batch big enough to want them and kept for the other branches:
	 * sync_ctx_close stops them. */
	struct sync_checkers *checkers;
	int tried_checkers;
	/* Batches sent to be checked and not applied yet, oldest first: up
	 * to SYNC_AHEAD, so that the threads always have files to take.
	 * pipelined: the refs are imported in one transaction, and a
	 * branch's last batches may be applied after the next branch has
	 * begun; sync_import_drain applies them (sync_fold_pending does). */
	struct sync_batch *ahead[SYNC_AHEAD];
	size_t first, n_ahead;
	int pipelined;
	struct sync_read_ahead *read_ahead; /* the commits' messages of a load (sync_vouch.c) */
} sync_ctx;

void sync_ctx_close(sync_ctx *c);

/* --- sync_callbacks.c: libgit2's callbacks for one remote's fetch or push
 * (progress, credentials for ssh:// and https://, the pinned certificate,
 * every pushed ref's status, the refs a fetch moved), and what they learn. */
enum { MAX_CRED_TRIES = 3 };

typedef struct {
	sync_ctx *c;
	git_repository *r;
	const char *remote;
	int cred_tries, password_given;
	int refused, pushing;
	char *message;
	strbuf side;
	size_t sent_objects;
	size_t moved; /* refs a fetch moved */
} remote_cb;
git_remote_callbacks sync_callbacks(remote_cb *cb);

/* Imports the files of ref added since the last import of it, in one
 * transaction (nested in the caller's) with the new last-imported commit;
 * at_station: the ref is the station's copy. The caller folds the records
 * (sync_fold_pending) before its own commit. */
int sync_import_ref(sync_ctx *c, const char *ref, int at_station);
/* Imports the files of new_tree (of commit tip) not in old (of commit base;
 * both NULL: all) as events of ref's device, in the caller's transaction.
 * Their records wait for sync_fold_pending; with c->pipelined, the last
 * of the files may wait for sync_import_drain. */
int sync_import_trees(sync_ctx *c, const char *ref, const git_oid *base, git_tree *old, const git_oid *tip,
		      git_tree *nt, int local, int at_station);
/* Applies the batches still in flight (none: nothing to do). */
int sync_import_drain(sync_ctx *c);
/* repo_walk's callback counting the files a walk adds into *(size_t *)payload:
 * a load's progress total. The trees it reads stay in libgit2's cache for
 * the import's own walk, which the count then hardly lengthens. */
int sync_count_added(void *payload, const char *path, const git_tree_entry *e);
/* Folds the records whose events were imported, once each; those that
 * cannot be folded (no create event yet) have their events quarantined,
 * as from the first of c->refs of their device. */
int sync_fold_pending(sync_ctx *c);
/* The device of a ref: what follows ".../devices/" (NULL: none). */
const char *sync_ref_device(const char *ref);
/* Keeps a file aside with err_msg() as the reason; counts it. */
int sync_quarantine(sync_ctx *c, const char *blob, const char *text, size_t len, const char *ref, const char *path,
		    int retry);
/* Tries the quarantined files whose reason may have gone away. */
int sync_retry_quarantine(sync_ctx *c);
/* Marks this device's events found on ref (the station's copy of its
 * branch) as at the station, from the last ref seen (setting station_tip). */
int sync_mark_station(sync_ctx *c, const char *ref);
/* Learns (or checks) the station key from ref's station.json. Returns 0
 * (learned now: st->learned_station set), -1 on a mismatch or bad file. */
int sync_learn_station(sync_ctx *c, const char *ref);

/* --- sync_adopt.c: a laptop whose own branch does not descend from the
 * station's copy of it (tracking): a replacement laptop enrolled with a new
 * key for the same device code, or a data directory restored from an old
 * copy. It takes the station's copy: its events imported (checked against
 * the revocations, as any device's), own reset to it, and what this
 * laptop committed that the copy lacks back to pending, to be committed on
 * top and signed by this laptop's key. *head the new own tip. */
int sync_adopt_own(sync_ctx *c, const char *own, const char *tracking, git_oid *head);

/* --- sync_verify.c: checking event files, a batch at a time on a thread. */
/* A revoked key of the branch's device: its events are valid when their
 * blob ids are among blobs (sorted), those of the cut commit's tree. */
typedef struct {
	unsigned char pk[32];
	char *reason;
	git_oid *blobs;
	size_t n_blobs;
	int cut_missing; /* the cut commit is not in this repository (yet) */
} sync_revoked;
/* What a branch's device is trusted with, read once from the database. */
typedef struct {
	unsigned char pk[32];
	int have_key, key_retry; /* no key: key_why, and whether it may come */
	int may_enroll, enroll_retry; /* may sign device and revocation records; else enroll_why */
	char *key_why, *enroll_why;
	role role; /* the device's, as this machine's registry knows it */
	sync_revoked *revoked;
	size_t n_revoked;
	int key_revoked; /* pk itself is revoked: no manifest vouches */
} sync_trust;
/* r: the repository the revocations' cut commits are read from. */
void sync_trust_of(app *a, git_repository *r, const char *dev, sync_trust *t);
void sync_trust_free(sync_trust *t);
/* Whether the branch's device (of role t->role) was allowed ev's step
 * (role.h): 0, or -1 with the reason (a role change may come: quarantined
 * to be retried). Runs on the importing thread: it may read the database
 * (the record voided, to know whose it is). */
int sync_check_role(app *a, const sync_trust *t, const json_t *ev);
/* --- sync_remote.c: a password in remote name's URL (a config of an
 * older version, or set by hand) moves to its file; the URL keeps the user. */
int sync_remote_secure(app *a, git_repository *r, const char *name, const char *url);
/* --- sync_vouch.c: event ids vouched for by signed commit manifests. */
typedef struct {
	unsigned char (*id)[32]; /* sorted */
	size_t n;
} sync_vouched;
/* The commits' messages of the walks of n refs (each from its tip, not
 * from the tip of bases[i] where it is a ref that exists; bases NULL:
 * none), read on a thread of its own with a repository opened on r's.
 * NULL if the thread could not start. */
typedef struct sync_read_ahead sync_read_ahead;
sync_read_ahead *sync_read_ahead_start(git_repository *r, char *const *refs, char *const *bases, size_t n);
void sync_read_ahead_free(sync_read_ahead *a);
/* The ids named by the manifests of dev, signed with t's key, of the
 * commits reachable from tip and not from base (NULL: all). The messages
 * of the same walk read ahead are taken from ahead (NULL: none) once its
 * thread is done, and let go. */
int sync_vouch(git_repository *r, sync_read_ahead *ahead, const git_oid *tip, const git_oid *base, const char *dev,
	       const sync_trust *t, sync_vouched *out);
int sync_vouched_has(const sync_vouched *v, const char *id_hex);
void sync_vouched_free(sync_vouched *v);

/* Verifies one event file of branch device dev (name = blob id, canonical
 * text, the branch's device, the key: its signature, or its id vouched for
 * by v, which may be NULL). Returns 0 (its signature checked) or 1 (its id
 * vouched for) with *ev_out the event, or -1 with *retry saying whether
 * the reason may go away. Thread-safe. */
int sync_check_event(const sync_trust *t, const sync_vouched *v, const char *dev, const char *path, const char *blob,
		     const char *text, size_t len, json_t **ev_out, int *retry);

enum { SYNC_FILE_EVENT, SYNC_FILE_ATTACHMENT, SYNC_FILE_NOT_BLOB, SYNC_FILE_TOO_BIG, SYNC_FILE_TOO_DEEP, SYNC_FILE_DAMAGED };
typedef struct {
	int what;
	char *path, *text; /* text: the file, NUL-terminated (NULL: to be read) */
	size_t len;
	git_oid oid;
	char blob[GIT_OID_HEXSZ + 1];
	json_t *ev;  /* checked event */
	int vouched; /* ...by a manifest */
	char *why;   /* or why not */
	int retry;
} sync_file;
/* A branch being imported: what its batches are checked against and
 * applied with. Its last batches may be applied after its walk, while the
 * next branch's are read (sync_ctx.pipelined): the last one frees it. */
typedef struct {
	char *ref;
	const char *dev; /* in ref */
	char *bprefix;   /* blobs/<dev>/: attachments */
	int local, at_station;
	sync_trust trust;
	sync_vouched vouched;
	int holds; /* the walk's and each batch's */
} sync_branch;
typedef struct sync_checkers sync_checkers;
typedef struct sync_batch {
	sync_file *f;
	size_t n, cap;
	sync_branch *branch;
	/* The checking threads' (under their lock): */
	sync_checkers *k;          /* NULL: checked here */
	struct sync_batch *queued; /* next in their queue, or to be freed */
	size_t taken, checked;     /* files begun, files done */
} sync_batch;
/* --- sync_checkers.c: the checking threads. */
/* Reads f's text from r (one repository per thread): an event over
 * EVENT_MAX_BYTES or an attachment over APP_ATTACHMENT_MAX_BYTES becomes
 * SYNC_FILE_TOO_BIG, unread; an object that is not there,
 * SYNC_FILE_NOT_BLOB; one whose bytes are not what its id names,
 * SYNC_FILE_DAMAGED. */
void sync_file_read(git_repository *r, sync_file *f);
/* Takes over f's strings. */
void sync_batch_add(sync_batch *b, sync_file *f);
/* Threads (one a core, two to four) with repositories of their own opened
 * on r's; NULL when none could be had: batches are checked here. */
sync_checkers *sync_checkers_start(git_repository *r);
/* Queues b (its files not read yet are read) to be checked by the threads. */
void sync_checkers_queue(sync_checkers *k, sync_batch *b);
/* Stops the threads once they have freed what they were given. */
void sync_checkers_stop(sync_checkers *k);
/* Waits until every file of b is checked. */
void sync_batch_wait(sync_batch *b);
/* The check on this thread alone, reading with its repository r. */
void sync_batch_check_here(sync_batch *b, git_repository *r);
/* Waits for the batch and frees it, on an idle checking thread when it
 * was queued (NULL: nothing). */
void sync_batch_free(sync_batch *b);

/* Takes the data directory's sync lock (held until fd_out is closed);
 * -1 with the error when another sync holds it. */
int sync_lock_home(const char *home, int *fd_out);

/* A remote on a path (a USB stick): /…, ./…, ../… or file://… */
int sync_is_path_url(const char *url);

#endif
