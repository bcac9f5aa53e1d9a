/*
 * sync: exchanging events with other machines through git (design.md, "The
 * git repository"). sync_run commits the pending local events, fetches
 * every device branch of a remote into refs/remotes/<remote>/devices/...,
 * imports what is new since the last import (sync_import.c), pushes the
 * own branch and reads every ref's status. Imported events are verified
 * (hash, canonical text, signature by a registered key, the branch's own
 * device); the ones that fail are quarantined and reported, never applied.
 *
 * Trust: the station admin's device key is the root. A machine learns it
 * from the station ref (refs/heads/station, file station.json) on its first
 * sync and keeps it in its settings (station_device, station_key); device
 * records (the registry of keys) are accepted only when signed by it.
 *
 * Functions return 0 or -1 with err_msg() set; nothing here prints. The
 * progress callback is called from the calling thread. This is the whole
 * public interface: it needs neither libgit2 nor threads (the sync files
 * share the rest through sync_impl.h).
 */
#ifndef DW_SYNC_H
#define DW_SYNC_H

#include "app.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*sync_progress_cb)(void *payload, const char *stage, size_t done, size_t total);

typedef struct {
	size_t committed;  /* local events committed now */
	size_t sent;       /* own events the remote did not have before */
	size_t received;   /* events imported and applied */
	json_t *from;      /* device -> events received (object, owned) */
	size_t quarantined;/* files kept aside during this run */
	size_t signed_alone, vouched; /* events checked by their own signature, by a commit's manifest */
	size_t alarms;     /* refs that stopped descending from what was imported */
	int pushed;        /* 1 pushed, 0 nothing to push, -1 refused */
	char *push_message;/* the remote's refusal (owned) */
	char *learned_station; /* "DEVICE fingerprint" when the station key was learned now */
	int64_t clock_behind_ms; /* > 0: this machine's clock is that far behind
				  * the others' (clock.h) */
	json_t *clocks_ahead;    /* device -> ms its clock is ahead (clock.h; owned, may be NULL) */
	char *station_note;      /* what the station's hook noted of this push (a fast clock) */
	int seal_learned;        /* 1: the station's personal data key came now (seal.h) */
} sync_stats;

void sync_stats_free(sync_stats *st);

/* Runs one sync with remote (NULL: "origin"). A refused push is reported
 * in st->pushed/push_message and still returns 0; a network or
 * authentication error returns -1 with everything kept for next time. */
int sync_run(app *a, const char *remote, sync_stats *st, sync_progress_cb progress, void *payload);

/* Rebuilds events and records from the repository (every device branch and
 * remote-tracking device ref), verifying every event. */
int sync_reindex(app *a, sync_stats *st, sync_progress_cb progress, void *payload);

/* An alarm: a ref that stopped descending from what was imported of it
 * (sync_alarm.c). The histories part at base ("" when they share nothing);
 * commits only on each side; the event files imported from the old side
 * that the new one lacks. */
typedef struct {
	char *ref, *imported, *seen, *base;
	size_t only_imported, only_seen, files_missing;
} sync_alarm;
/* The alarms of the data directory, each described, *out an array of *n. */
int sync_alarms(app *a, sync_alarm **out, size_t *n);
void sync_alarms_free(sync_alarm *v, size_t n);
/* Accepts ref (refs/remotes/R/devices/D, or R/devices/D) again from
 * commit (its tip now, as the alarm names it): the files the new history
 * adds since the histories part are imported and checked as any import's,
 * the alarms of ref cleared, and later syncs import on from commit. What
 * was imported from the old side stays. */
int sync_accept(app *a, const char *ref, const char *commit, sync_stats *st);

/* Remotes of the data directory's repository. */
int sync_remote_add(app *a, const char *name, const char *url);
/* The remote sync uses for arg: a remote's name; or a URL (git://, ssh://,
 * https://) or a path (a stick), which names the configured remote with
 * the same URL, else is added as a remote under a name derived from its
 * last part ("HH.git" -> "HH", "HH-2" if taken; *added_url is then the
 * URL as kept, relative paths made absolute, else NULL) so that later
 * syncs know what came from it. Both outputs are the caller's to free. */
int sync_remote_resolve(app *a, const char *arg, char **name_out, char **added_url);
/* An https remote's password is kept in keys/remote-NAME.password (mode
 * 0600), never in the repository's config: sync_remote_add and a sync URL
 * with a password move it there. sync_remote_password returns it (NULL:
 * none), the caller frees; sync_password_path names the file. */
char *sync_remote_password(app *a, const char *remote);
char *sync_password_path(app *a, const char *remote);
/* Sets key to value in the repository's config (dustwatch.certsha256, the
 * pin of the station's certificate). */
int sync_config_set(app *a, const char *key, const char *value);
/* Calls cb for each remote (name, url without a password). */
int sync_remotes(app *a, int (*cb)(void *payload, const char *name, const char *url), void *payload);

/* The hex SHA-256 fingerprint of a public key, grouped by four ("ab12 cd34 ..."),
 * first 16 bytes; buf >= 40. */
void sync_fingerprint(const unsigned char pk[32], char *buf, size_t n);

#endif
