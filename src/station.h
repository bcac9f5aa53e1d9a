/*
 * station: the central bare repository. station_init creates it with the
 * receive.* safety settings, the pre-receive hook (sync/pre-receive, which
 * runs `dustwatch verify`) and the station ref (refs/heads/station, one
 * file station.json naming the station admin's device and key: the root of
 * trust). station_verify is the hook's judgement of a push, made from the
 * repository alone: the registry of keys is the station ref plus the
 * device records on the admin's branch, signed by the admin's key.
 *
 * Functions return 0 or -1 with err_msg() set; nothing here prints.
 */
#ifndef DW_STATION_H
#define DW_STATION_H

#include "app.h"
#include "repo.h"

/* Creates the central repository at dir, trusting a's device key, and
 * records the trust in a's settings (station_device, station_key). exe:
 * the dustwatch binary the hook runs. */
int station_init(app *a, const char *dir, const char *exe);

/* One ref update of a push. */
typedef struct {
	git_oid old_id, new_id;
	char *ref;
} station_update;
/* The longest ref the station takes (a device's is about 25 bytes). */
#define STATION_REF_MAX 255

/* Judges a push to r (the pre-receive hook: GIT_DIR, objects in the
 * quarantine that git's environment names). Returns 0 to accept, or -1
 * with the reason, naming the ref. */
int station_verify(git_repository *r, const station_update *u, size_t n);

#endif
