/*
 * repo_path_impl: what repo_path.c (a fetch from and a push to a path),
 * repo_whole.c (a stick's packs taken whole) and repo_packcrc.c (a packed
 * object checked against its pack's index) share and nothing else sees.
 */
#ifndef DW_REPO_PATH_IMPL_H
#define DW_REPO_PATH_IMPL_H

#include "oid_set.h"
#include "repo.h"

#include <stdatomic.h>

/* Packs go to the indexer in chunks of this many bytes. */
enum { PACK_CHUNK = 256 << 10 };

/* The objects selected to send from one repository to another. */
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
	oid_set seen; /* every object selected so far, the branch walked now included */
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
	/* A new laptop's: the stick's packs copied while the selection
	 * runs (repo_whole.c), in a folder of their own until taken. */
	struct whole_job *early;
	char *whole_dir;
	char *refused, *refused_path;
	git_oid refused_id;
} sel;

/* Whether the receiving side has id (its objects as they were when
 * s was opened, or last refreshed). */
int sel_has(sel *s, const git_oid *id);

/* repo_whole.c: a first sync wants nearly every object of the stick:
 * when it selects this many or more, its big packs may be taken whole. */
enum { WHOLE_MIN = 1000 };
/* A receiving side with no pack yet (a new laptop): the stick's packs of
 * WHOLE_MIN objects or more begin to be copied on two threads, aside,
 * while this one selects. */
void whole_packs_begin(sel *s);
/* Takes whole the stick's packs worth it (want: the selection wants
 * nearly all the stick, nothing refused), before the selected objects
 * still missing are sent as one pack (s->whole set when any was); those
 * begun early and not worth it are removed. */
int take_whole_packs(sel *s, int want);
/* Stops the packs begun early and removes them (a fetch that failed). */
void whole_packs_abandon(sel *s);

/* repo_packcrc.c: whether every packed copy of id in r has the bytes its
 * pack's index has the CRC-32 of: 1 when so (or id is in no pack, or in
 * one whose index keeps no CRC), 0 when a copy is damaged, -1 when a pack
 * cannot be read (libgit2's error set). */
int repo_packed_intact(git_repository *r, const git_oid *id);

/* Copies the pack at pack and its index idx (a stick's) into dir under
 * their names, every byte of the pack checked against the index on the
 * way: its header and count, each object's packed bytes against their
 * CRC-32, its trailing checksum against the one the index keeps. 1 when
 * copied; 0 when the index keeps no CRC (version 1: nothing copied, the
 * pack is for an indexer); -1 when damaged or not copied (libgit2's error
 * set, nothing left in dir). progress is told of the objects as they go,
 * and stops the copy when it returns -1. */
typedef int (*repo_pack_progress)(void *payload, size_t objects);
int repo_pack_copy_checked(const char *pack, const char *idx, const char *dir, repo_pack_progress progress,
			   void *payload);

#endif
