/*
 * demo_hooks: the few ways into the core that only the demo (src/demo/,
 * `dustwatch demo`) uses, declared here and nowhere else so that no
 * command or screen reaches them: a data directory that writes as several
 * devices (each with its own identity and key, each branch committed under
 * its own device's manifest and pushed by the one machine), a clock the
 * generator sets, and the bookkeeping of branches pushed on the devices'
 * behalf. Only src/demo/ calls these; besides it, only the files that
 * define them (app.c, repo.c, store_sync.c) include this header
 * (tests/cmd/headers.sh holds it to that).
 *
 * Functions return 0 or -1 with err_msg() set; nothing here prints.
 */
#ifndef DW_DEMO_HOOKS_H
#define DW_DEMO_HOOKS_H

#include "app.h"
#include <stddef.h>
#include <stdint.h>

/* app.c: "now" for new events from here on (app_now); 0: the real clock. */
void app_set_clock(app *a, int64_t ms);
/* app.c: writes the next events as device (its code), inspector (a name)
 * and key, copied; the caller keeps its own strings and key. */
void app_act_as(app *a, const char *device, const char *inspector, const signer *key);

/* repo_commit.c: commits the pending events of every device on its own branch,
 * each branch's manifest signed with the device's key from keys where it
 * is there (n_keys of them). *n_out: events committed. */
int repo_commit_as(app *a, const signer *keys, size_t n_keys, size_t *n_out);
/* repo.c: commits the pending events (as repo_commit_pending) and pushes
 * every device branch to remote (never forced), as each device's laptop
 * would have pushed its own. */
int repo_push_devices(app *a, const char *remote, size_t *n_out);

/* store_sync.c: marks every committed local event as at the station: the
 * branches of all the directory's devices were pushed there. */
int store_mark_committed_at_station(store *s);

#endif
