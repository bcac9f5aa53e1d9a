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

/* Lets a quarantined event back in after the admin's review: the event
 * whose file (blob id) starts with blob, signed by a key its device has or
 * had (a forgery is never let in), is written again by this admin's
 * device, the same record, step and fields, with the original inside it as
 * "admits" {event, note} (the evidence travels with it). Only in the
 * station admin's data directory. *what_out: "OP of RECORD by DEVICE"
 * (caller frees). Returns 0 or -1 with the error set. */
int revoke_admit(app *a, const char *blob, const char *note, char **what_out);

#endif
