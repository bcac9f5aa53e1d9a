/*
 * store: the SQLite database of a data directory. It owns the connection,
 * applies the numbered migrations of db/ on open, and is the only place
 * SQL is written. Every statement is prepared once and bound, never built
 * from user text.
 *
 * Strings returned by store_* are new allocations the caller frees; json_t
 * values are new references the caller json_decref()s.
 */
#ifndef DW_STORE_H
#define DW_STORE_H

#include "event.h"
#include <jansson.h>
#include <stdint.h>

typedef struct store store;

/* Opens (creating if need be) the database at path and migrates it to the
 * current schema. max_version limits the migrations applied (0: all); tests
 * use it to make databases of an older schema. */
int store_open(store **out, const char *path, int max_version);
/* Before the process opens any database: a bulk load is coming (a
 * reindex, a first sync) that will want bytes of page cache. SQLite's page
 * cache is then given memory of its own, that much (up to
 * STORE_BULK_CACHE_KIB), faulted in at once: the load faulted its cache in
 * page by page as it filled, on the importing thread that bounds the
 * import. */
void store_plan_load(size_t bytes);
void store_close(store *s);
int store_schema_version(store *s);
int store_latest_version(void);

int store_begin(store *s);
/* Begins a bulk load's transaction (a reindex, a new laptop's first
 * sync) in a fresh database file, renamed over the database at
 * store_commit, when no other dustwatch has the database open; in place,
 * as store_begin does, when one has. With clear the fresh file starts
 * without what a reindex makes again (the events; the records but the
 * drafts, and their search texts). 1 in a fresh file, 0 in place, -1 on
 * error with nothing begun. */
int store_begin_fresh(store *s, int clear);
int store_commit(store *s);
void store_rollback(store *s);

/* Settings of this data directory (station, device, counters). */
char *store_setting(store *s, const char *key);
int store_set_setting(store *s, const char *key, const char *value);
/* Increments the integer setting key (0 if absent) and returns the new
 * value in *out. */
int store_next_seq(store *s, const char *key, long *out);

int store_save_form(store *s, const char *kind, int version, const char *source);
char *store_form_source(store *s, const char *kind, int version);

/* Adds an event (canon: its canonical text). Returns 1 when new, 0 when it
 * was already there, -1 on error. */
int store_add_event(store *s, const json_t *ev, const char *canon, int local);
/* The same for an event read from the repository: with its file's blob
 * id, at the station or not (an event already known gets them too). */
int store_add_event_file(store *s, const json_t *ev, const char *canon, int local, const char *blob, int at_station);
/* The events of a record, parsed; *out is an array of n new references the
 * caller frees with store_free_events. */
int store_record_events(store *s, const char *record, json_t ***out, size_t *n);
void store_free_events(json_t **ev, size_t n);
/* The same in two steps, so that the parse can run on another thread: an
 * event's text as stored, and the clear values of its sealed fields (NULL
 * when none). */
typedef struct {
	char *body, *clear;
} store_event_text;
int store_record_event_texts(store *s, const char *record, store_event_text **out, size_t *n);
void store_free_event_texts(store_event_text *t, size_t n);
/* Parses n texts of record (for the error) into *out (n references);
 * touches no database. */
int store_parse_events(const char *record, const store_event_text *t, size_t n, json_t ***out);
int store_max_hlc(store *s, hlc *out);
int64_t store_count_events(store *s);
/* 1 when the database holds no event, 0 when it does, -1 on error. */
int store_events_empty(store *s);

/* The row of a record: the columns that lists and queries use, and the
 * state. title and text (for search) are derived by the caller. */
typedef struct {
	const char *site, *date, *due, *title, *text;
	const char *state_json; /* the state encoded (compact, keys sorted), or NULL */
} record_index;

int store_put_record(store *s, const json_t *state, const record_index *ix);
int store_delete_record(store *s, const char *id);
/* The state of a record (fold.h) or draft, or NULL with the error set. */
json_t *store_get_record(store *s, const char *id);
/* Finds a record by full id, unique id prefix (>= 6 characters) or human
 * number. Returns 0 and the id in *id_out (caller frees), or -1 with the
 * message and err_code() set: DW_ENOTFOUND (no record), DW_EAMBIGUOUS (a
 * prefix or number of more than one), DW_EINVALID (not an id or number:
 * empty, too long, not UTF-8) or DW_ERROR (the database failed). */
int store_resolve(store *s, const char *ref, char **id_out);
/* Changes whenever the database changes, by this connection or another
 * process (sqlite3_total_changes and PRAGMA data_version): a screen keeps
 * what it counted while this stays the same. */
int64_t store_data_stamp(store *s);
/* The same, and when nothing has that number or id, the one live record of
 * kind whose title is ref or starts with it and " · " (a site's name, an
 * inspector's). */
int store_resolve_kind(store *s, const char *kind, const char *ref, char **id_out);

typedef struct {
	/* status: one, "overdue" (rec_display_status's), or several with
	 * commas ("rectified,closed") */
	const char *kind, *site, *status, *search;
	const char *from, *to;   /* date range, inclusive, YYYY-MM-DD */
	const char *field, *value; /* a field equal to a value */
	const char *today;       /* for status "overdue" */
	const char *due_from, *due_to; /* due between these dates, YYYY-MM-DD */
	const char *author;      /* made by this inspector (the record's author) */
	const char *device;      /* made on this device */
	const char *in_force;    /* a date within fields valid_from..valid_until (agreements) */
	int oldest;              /* oldest date first (the review queue) */
	long limit, offset;      /* limit 0: all */
} list_query;

/* Calls cb for each matching record's state, newest date first (oldest
 * first with q->oldest); a non-zero
 * return from cb stops the walk and is returned. A row whose state cannot
 * be read is skipped and kept for store_take_unreadable. */
int store_list(store *s, const list_query *q, int (*cb)(void *payload, json_t *state), void *payload);
int64_t store_count(store *s, const list_query *q);
/* Calls cb with each site (its id) and the state of its latest live record
 * of kind dated on or before to (the latest date; on one date, the
 * greatest id, as store_list orders): one query for every site (the
 * ledger's latest checklist). A non-zero return from cb stops and is
 * returned; an unreadable state is skipped and noted, as store_list does. */
/* Whether some site's latest checklist (db/014's site_latest) is dated
 * after date: then site_latest is not the answer as of date. 1, 0 or -1. */
int store_site_latest_after(store *s, const char *date);
int store_latest_by_site(store *s, const char *kind, const char *to,
			 int (*cb)(void *payload, const char *site, json_t *state), void *payload);
/* The rows that walks (store_list, store_conflicts) skipped since the last
 * call, as [{"id", "why"}] (the caller's reference), or NULL when none.
 * store_get_record fails on such a row with the same message. */
json_t *store_take_unreadable(store *s);
void store_note_unreadable(store *s, const char *id, const char *why);

int store_add_attachment(store *s, const char *hash, int64_t size, const char *name, const char *now);
int store_has_attachment(store *s, const char *hash);
/* Forgets an attachment not yet committed to the repository: 1 when it
 * was dropped, 0 when it is committed or unknown, -1 on error. */
int store_drop_attachment(store *s, const char *hash);

/* Pending edits of submitted records (store_edits.c, db/009): changes
 * is a JSON object of field -> new value (null: removed). */
int store_put_pending_edit(store *s, const char *record, const char *changes, const char *now);
/* 1 and *changes_out (caller frees) when record has one, 0 when not. */
int store_pending_edit(store *s, const char *record, char **changes_out);
/* 1 when one was deleted, 0 when there was none, -1 on error. */
int store_delete_pending_edit(store *s, const char *record);
/* Calls cb with the state of each record that has a pending edit, the
 * latest edited first; a non-zero return stops and is returned. */
int store_pending_edits(store *s, int (*cb)(void *payload, json_t *state), void *payload);

/* Every conflicted record's state, for the supervisor's list. */
int store_conflicts(store *s, int (*cb)(void *payload, json_t *state), void *payload);
/* How many conflicts (significant fields set apart) all records hold. */
int64_t store_count_conflicts(store *s);

/* A stable text dump of records and events for comparing databases. */
int store_dump(store *s, int (*cb)(void *payload, const char *line), void *payload);

/* Sync (store_sync.c, db/003_sync.sql). */
/* Calls cb for each local event of device not yet committed to the
 * repository, in clock order; a non-zero return stops the walk and is
 * returned. */
int store_pending_events(store *s, const char *device,
			 int (*cb)(void *payload, const char *id, const char *device, const char *body, int64_t hlc_ms),
			 void *payload);
/* Calls cb for each device with local events not yet committed. */
int store_pending_devices(store *s, int (*cb)(void *payload, const char *device), void *payload);
/* Records the git blob id of event id's file; at_station 1 also marks it
 * received by the station (never unmarks). */
int store_set_event_blob(store *s, const char *id, const char *blob, int at_station);
/* Marks the event stored in blob as at the station. */
int store_mark_at_station(store *s, const char *blob);
/* The last commit imported from ref: *commit_out a new string, or NULL
 * when nothing was imported from it yet. */
int store_sync_ref(store *s, const char *ref, char **commit_out);
int store_set_sync_ref(store *s, const char *ref, const char *commit, const char *now);
/* Keeps aside a file that failed verification (replacing the reason of
 * one already kept). retry: the reason may go away (key not yet known). */
int store_quarantine(store *s, const char *blob, const char *body, size_t len, const char *source, const char *reason,
		     int retry, const char *now);
int store_unquarantine(store *s, const char *blob);
typedef struct {
	const char *blob, *source, *reason, *body, *added; /* borrowed for the callback */
	size_t len;
	int retry;
} store_quarantine_row;
/* Calls cb for each quarantined file (only those to retry when retry_only);
 * cb may change the table. A non-zero return from cb stops and is returned. */
int store_quarantined(store *s, int retry_only, int (*cb)(void *payload, const store_quarantine_row *row),
		      void *payload);
int store_add_alarm(store *s, const char *ref, const char *imported, const char *seen, const char *now);
/* Brings device_clocks (db/012) up to date with the events added since
 * the last call; store_device_clocks does it first too. */
int store_update_device_clocks(store *s);
/* The same from each device's latest event known to have been added since
 * the last update ({device: [hlc_ms, hlc_c, wall]}, kept by a load as it
 * adds them): every event is then taken as seen. */
int store_set_device_clocks(store *s, const json_t *latest);
/* Calls cb for each device's latest wall time (db/012), earliest first. */
int store_device_clocks(store *s, int (*cb)(void *payload, const char *device, int64_t wall_ms), void *payload);
/* Calls cb for each alarm, by ref, the newest seen commit first. */
int store_alarms(store *s, int (*cb)(void *payload, const char *ref, const char *imported, const char *seen),
		 void *payload);
int store_clear_alarms(store *s, const char *ref);
typedef struct {
	int64_t uncommitted, not_at_station, quarantined, alarms;
} store_sync_count;
/* The local events not committed and not at the station are counted up
 * to cap (cap: that many or more); the quarantine and alarms exactly. */
int store_sync_counts(store *s, store_sync_count *out, int64_t cap);
/* The files in the quarantine, -1 on error: alone, what a load asks
 * between its retries (the others read the events, whose indexes a load
 * sets aside). */
int64_t store_quarantine_count(store *s);
/* 1 when some local event of record is not yet at the station, else 0. */
int store_record_local_only(store *s, const char *record);
/* Records to fold once an import is through (a TEMP table: this
 * connection's only, rolled back with the transaction). */
int store_mark_fold(store *s, const char *record, const char *kind);
/* Calls cb for each marked record, then unmarks them all; cb must not mark.
 * A non-zero return from cb stops and is returned (the marks stay). */
/* How many records wait to be folded (for a progress bar). */
int64_t store_fold_pending_count(store *s);
int store_fold_pending(store *s, int (*cb)(void *payload, const char *record, const char *kind), void *payload);
typedef struct {
	const char *id, *body, *blob, *device; /* borrowed for the callback */
	int64_t hlc_ms;
	int local;
} store_event_row;
/* Calls cb for each event of record, then deletes them: events that
 * cannot be folded go back to the quarantine. */
int store_take_record_events(store *s, const char *record, int (*cb)(void *payload, const store_event_row *row),
			     void *payload);
/* Empties what reindex rebuilds: events, submitted records, sync state,
 * quarantine (drafts and settings stay). In the caller's transaction. */
int store_clear_index(store *s);

/* Attachments not yet committed: *hashes an array of n new strings (the
 * caller frees each and the array). */
int store_pending_attachments(store *s, char ***hashes, size_t *n);
int store_set_attachment_blob(store *s, const char *hash, const char *blob);
/* This machine's events not at the station go back to pending (their
 * commits left behind: sync_adopt_own). */
int store_uncommit_local(store *s);
/* The git blob id of a committed attachment (caller frees), or NULL. */
char *store_attachment_blob(store *s, const char *hash);

/* Reports (store_report.c, db/010_report.sql): counts of the records
 * that are neither drafts nor void, with a date from..to (inclusive, NULL:
 * open), grouped by kind, date, status and tag (db/010: an inspection's
 * type, a notice's kind, a complaint's satisfaction); with kind set, that
 * kind's grouped by site, status and tag instead (date NULL). Each group
 * also counts its rows with due before today, and those past their
 * deadline: due before today, or without a due, dated before cutoff (a
 * complaint made before complaints stored their deadline); and gives the
 * earliest due. Strings are borrowed for the callback; a
 * non-zero return from cb stops and is returned. */
typedef struct {
	const char *from, *to, *today, *cutoff, *kind;
	int open_only; /* with kind: only the open records (an issued notice, a complaint received or in hand) */
} store_tally_query;
typedef struct {
	const char *kind, *date, *status, *tag, *site, *min_due;
	int64_t n, due_before, past_deadline;
} store_tally_row;
int store_tally(store *s, const store_tally_query *q, int (*cb)(void *payload, const store_tally_row *row),
		void *payload);

/* For a bulk load (reindex, a first sync, the demo): sets aside the
 * triggers that keep db/014's summaries and the indexes of records and
 * events that the load does not read by (their SQL in *saved, the
 * caller's); resume makes the indexes again (a sorted build, not an
 * insert per row), puts the triggers back and rebuilds the summaries from
 * the records. Both in the caller's transaction, so a load that fails or
 * is killed leaves them as they were. */
typedef enum {
	STORE_LOAD_IMPORT, /* events from elsewhere */
	STORE_LOAD_WRITE,  /* events written here: each reads the newest clock (store_max_hlc) */
} store_load;
int store_bulk_pause(store *s, store_load load, json_t **saved);
int store_bulk_resume(store *s, json_t *saved);
/* Inside a bulk load, from begin to end the records' search texts go to
 * the search index being built beside the database (store_search_build.c)
 * as they are written, rather than wait for the load's end. Only for
 * writes no savepoint can roll back (a fold's: an error fails the whole
 * load). Nothing when the load's index is not made beside. */
int store_search_stream_begin(store *s);
void store_search_stream_end(store *s);
/* Sets the connection's page cache to kib KiB (SQLite's default is 2,000):
 * a transaction that writes more than its cache writes pages out before its
 * commit, and some of them again. */
int store_set_cache(store *s, int64_t kib);
/* A bulk load's cache: 256 MiB. */
#define STORE_BULK_CACHE_KIB 262144

/* The red list (black 0: sites whose latest checklist scores at least
 * threshold, with no overdue or stop-work notice open as of today, best
 * first) or the black list (black 1: scoring below threshold, worst
 * first), ties by name, from db/014's site_latest: the first limit
 * through cb, how many there are in *count. Active sites only; the latest
 * checklist of any date (a checklist is never dated ahead, forms/
 * inspection.form). */
typedef struct {
	const char *site, *name;
	double score;
} store_listed_site;
int store_site_list(store *s, int black, double threshold, const char *today, size_t limit, size_t *count,
		    int (*cb)(void *payload, const store_listed_site *site), void *payload);

#endif
