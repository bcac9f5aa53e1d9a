/*
 * revoke: the station's admin revokes a device's key (a lost or stolen
 * laptop, or one replaced by a new key). A revocation is a record (form
 * `revocation`) of the station's own device, synced like device records,
 * naming the key and the last commit of the device's branch the station
 * accepts: the key's events in that commit's tree stay valid everywhere,
 * any other it signed is quarantined on every machine ("revoked: ...")
 * and refused by the station's hook (design.md, Roles and trust).
 */
#ifndef DW_REVOKE_H
#define DW_REVOKE_H

#include "app.h"

/* Revokes device dev's current key with reason, cut at commit at (hex),
 * or, at == NULL, at the station's copy of the device's branch as this
 * data directory last fetched it. Only in the station admin's data
 * directory. *cut_out: the commit cut at (caller frees; "" when the
 * device never reached the station), *kept the number of its event files
 * in that commit's tree. Returns 0 or -1 with the error set. */
int revoke_device(app *a, const char *dev, const char *at, const char *reason, char **cut_out, size_t *kept);

#endif
