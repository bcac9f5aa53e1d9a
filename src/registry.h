/*
 * registry: the station's devices and their public keys. Each enrolled
 * laptop is a `device` record (code, public_key), synced like any other;
 * this machine's own key is in its settings. Used to check signatures on
 * anything a device signed: events, and the seals of printed notices.
 */
#ifndef DW_REGISTRY_H
#define DW_REGISTRY_H

#include "app.h"
#include "role.h"

/* The public key of device code. Returns 0 and fills pk, or -1 with the
 * error "device X is not registered" (or its record is void). */
int registry_key(app *a, const char *device, unsigned char pk[32]);

/* The role of device code as this machine's registry knows it (role.h):
 * an enrolled device has its record's role (a version-1 record: an
 * inspector's); the station's own device (settings' station_device, the
 * root of trust) without a record of its own is an admin's, and so is this
 * machine's own while no station is known (a lone machine); any other
 * device is an inspector's. */
role registry_role(app *a, const char *device);
/* The id of device code's live record (caller frees), or NULL with the
 * error set. */
char *registry_record(app *a, const char *device);

/* A key of a device the station revoked (a revocation record, live):
 * what it signed is valid when it is in the tree of commit cut ("": none). */
typedef struct {
	unsigned char pk[32];
	char cut[41];
	char *reason;
} registry_revocation;
/* Device code's revocations, *out an array of *n (caller frees with
 * registry_revocations_free). */
int registry_revocations(app *a, const char *device, registry_revocation **out, size_t *n);
void registry_revocations_free(registry_revocation *v, size_t n);

/* What a scanned code is worth here: a site's code (it carries no seal),
 * a notice sealed by its device's key, a forgery, or a seal that cannot be
 * checked (the device not known here); the reason (err_msg) when forged or
 * unverified. `dustwatch scan` and the TUI's scanner give this one verdict. */
typedef enum { SCAN_SITE, SCAN_GENUINE, SCAN_FORGED, SCAN_UNVERIFIED } scan_verdict;
struct payload;
scan_verdict registry_check_code(app *a, const struct payload *p);

#endif
