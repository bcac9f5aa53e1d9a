/*
 * oid_set: a set of git object ids, each with a byte of the caller's (a
 * tree's depth, for repo_path.c). Open addressing, an id's first bytes
 * its hash (ids are uniform); an id taken out is marked dead. Zeroed is
 * empty; oid_set_free frees it.
 */
#ifndef DW_OID_SET_H
#define DW_OID_SET_H

#include <git2.h>
#include <stddef.h>

enum { OID_SLOT_FREE, OID_SLOT_LIVE, OID_SLOT_DEAD };

typedef struct {
	git_oid id;
	unsigned char state;
	unsigned char depth; /* the caller's */
} oid_slot;

typedef struct {
	oid_slot *slot;
	size_t used, mask; /* used: live and dead */
} oid_set;

/* id's slot, or NULL when it is not in the set. */
oid_slot *oid_set_find(const oid_set *t, const git_oid *id);
/* Adds id, or makes its depth the greater of the two. */
void oid_set_put(oid_set *t, const git_oid *id, unsigned char depth);
void oid_set_drop(oid_set *t, const git_oid *id);
void oid_set_free(oid_set *t);

#endif
