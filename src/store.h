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
void store_close(store *s);
int store_schema_version(store *s);
int store_latest_version(void);

int store_begin(store *s);
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
/* The events of a record, parsed; *out is an array of n new references the
 * caller frees with store_free_events. */
int store_record_events(store *s, const char *record, json_t ***out, size_t *n);
void store_free_events(json_t **ev, size_t n);
int store_max_hlc(store *s, hlc *out);
int64_t store_count_events(store *s);

/* The row of a record: the columns that lists and queries use, and the
 * state. title and text (for search) are derived by the caller. */
typedef struct {
	const char *site, *date, *due, *title, *text;
} record_index;

int store_put_record(store *s, const json_t *state, const record_index *ix);
int store_delete_record(store *s, const char *id);
/* The state of a record (fold.h) or draft, or NULL with the error set. */
json_t *store_get_record(store *s, const char *id);
/* Finds a record by full id, unique id prefix (>= 6 characters) or human
 * number. Returns 0 and the id in *id_out, or -1 ("no record", "ambiguous"). */
int store_resolve(store *s, const char *ref, char **id_out);

typedef struct {
	const char *kind, *site, *status, *search;
	const char *from, *to;   /* date range, inclusive, YYYY-MM-DD */
	const char *field, *value; /* a field equal to a value */
	const char *today;       /* for status "overdue" */
	long limit, offset;      /* limit 0: all */
} list_query;

/* Calls cb for each matching record's state, newest date first; a non-zero
 * return from cb stops the walk and is returned. */
int store_list(store *s, const list_query *q, int (*cb)(void *payload, json_t *state), void *payload);
int64_t store_count(store *s, const list_query *q);

int store_add_attachment(store *s, const char *hash, int64_t size, const char *name, const char *now);
int store_has_attachment(store *s, const char *hash);

/* Every conflicted record's state, for the supervisor's list. */
int store_conflicts(store *s, int (*cb)(void *payload, json_t *state), void *payload);

/* A stable text dump of records and events for comparing databases. */
int store_dump(store *s, int (*cb)(void *payload, const char *line), void *payload);

#endif
