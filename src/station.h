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

/* Creates the central repository at dir, trusting a's device key, and
 * records the trust in a's settings (station_device, station_key). exe:
 * the dustwatch binary the hook runs. */
int station_init(app *a, const char *dir, const char *exe);

/* What station_verify_push returns for a push it refuses. */
#define STATION_REFUSED (-2)
/* The longest ref the station takes (a device's is about 25 bytes). */
#define STATION_REF_MAX 255

/* What the hook says of a push it accepts, on its standard error (git
 * sends it back; sync shows it): a device whose clock is fast. */
#define STATION_NOTE "dustwatch verify: note: "

/* Judges the push that git describes to its pre-receive hook: the
 * repository from git's environment (GIT_DIR, the objects in the
 * quarantine it names), input the hook's standard input, "OLD NEW REF"
 * lines (lines of another shape are skipped). Returns 0 to accept,
 * STATION_REFUSED with the reason (naming the ref) in err_msg(), or -1
 * when the repository cannot be opened or an id is malformed. *note: a
 * remark on an accepted push (caller frees; NULL: none): a device whose
 * events are dated more than an hour ahead of the station's clock. */
int station_verify_push(const char *input, char **note);

#endif
