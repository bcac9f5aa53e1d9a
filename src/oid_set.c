/*
 * oid_set: see oid_set.h.
 */
#include "oid_set.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t oid_hash(const git_oid *id)
{
	uint64_t h;
	memcpy(&h, id->id, sizeof h);
	return (size_t)h;
}

oid_slot *oid_set_find(const oid_set *t, const git_oid *id)
{
	if (!t->slot)
		return NULL;
	for (size_t h = oid_hash(id) & t->mask; t->slot[h].state != OID_SLOT_FREE; h = (h + 1) & t->mask)
		if (t->slot[h].state == OID_SLOT_LIVE && memcmp(t->slot[h].id.id, id->id, GIT_OID_RAWSZ) == 0)
			return &t->slot[h];
	return NULL;
}

static void oid_set_grow(oid_set *t)
{
	oid_set old = *t;
	size_t cap = old.slot ? 2 * (old.mask + 1) : 1024;
	t->slot = xcalloc(cap, sizeof *t->slot);
	t->mask = cap - 1, t->used = 0;
	for (size_t i = 0; old.slot && i <= old.mask; i++)
		if (old.slot[i].state == OID_SLOT_LIVE)
			oid_set_put(t, &old.slot[i].id, old.slot[i].depth);
	free(old.slot);
}

void oid_set_put(oid_set *t, const git_oid *id, unsigned char depth)
{
	oid_slot *x = oid_set_find(t, id);
	if (x) {
		if (depth > x->depth)
			x->depth = depth;
		return;
	}
	if (!t->slot || 2 * (t->used + 1) > t->mask + 1)
		oid_set_grow(t);
	size_t h = oid_hash(id) & t->mask;
	while (t->slot[h].state != OID_SLOT_FREE)
		h = (h + 1) & t->mask;
	t->slot[h] = (oid_slot){*id, OID_SLOT_LIVE, depth};
	t->used++;
}

void oid_set_drop(oid_set *t, const git_oid *id)
{
	oid_slot *x = oid_set_find(t, id);
	if (x)
		x->state = OID_SLOT_DEAD;
}

void oid_set_free(oid_set *t)
{
	free(t->slot);
	t->slot = NULL;
	t->used = t->mask = 0;
}
