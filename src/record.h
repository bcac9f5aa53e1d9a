/*
 * record: what a person does to records, for the commands and the UI
 * alike: start a draft, fill it field by field, submit it, edit a
 * submitted record, move it through its lifecycle, void it. Each action
 * validates against the record's form first and changes nothing when it
 * is refused; each accepted change to a submitted record is a signed
 * event, folded into the record's state in the same transaction.
 *
 * Problems found by validation are appended to a JSON array of
 * {"field","message"} objects the caller passes in; the functions then
 * return -1 with the error "refused: N problems".
 */
#ifndef DW_RECORD_H
#define DW_RECORD_H

#include "app.h"
#include <jansson.h>

/* Converts "name=value" assignments into typed values of form f, resolving
 * references (id, prefix or number) and importing "@path" attachments.
 * Unknown names and bad values go to problems. Returns a new object. */
json_t *rec_parse_assignments(app *a, const form *f, char *const *assign, size_t n, json_t *problems);

/* The same for fields given as a JSON object (standard input): strings
 * are read as if typed, other JSON values taken as they are and checked
 * with the rest. */
json_t *rec_parse_json(app *a, const form *f, const json_t *given, json_t *problems);

/* Starts a record of kind with fields (may be NULL), defaults filled in.
 * submit: validate fully and create the record at once, leaving nothing
 * when refused; else save it as a draft (values must still be valid).
 * *id_out gets the new id (caller frees). */
int rec_new(app *a, const char *kind, json_t *fields, int submit, json_t *problems, char **id_out);

/* A new record of kind, submitted, with an id agreed beforehand rather
 * than drawn (the station's settings: station_settings.h). */
int rec_new_as(app *a, const char *kind, const char *id, json_t *fields, json_t *problems);
/* Sets fields of a draft (each saved in its own transaction, at once) or
 * of a submitted record (one update event, after validating the whole
 * record as it would become). */
int rec_set(app *a, const char *id, json_t *fields, json_t *problems);
/* For tests only (the hidden `dustwatch test-stall`): fn is called after
 * each field of a draft edit is committed, with how many are saved so
 * far, so a test can kill the process between two fields. NULL: none. */
typedef void rec_saved_hook(int saved, void *arg);
void rec_set_saved_hook(rec_saved_hook *fn, void *arg);

/* Submits a draft (or resubmits a returned record). */
int rec_submit(app *a, const char *id, json_t *problems);

/* A lifecycle step: approve, return, rectify, handle, reply, close,
 * reopen, void. note: the comment or reason (required for return and
 * void). */
int rec_step(app *a, const char *id, const char *op, const char *note);

/* A step with the value it needs (reply: the reply text; close of a
 * complaint: the satisfaction), set on the record in the same transaction
 * (a reply's date too, when empty). value NULL: rec_step. Problems with
 * the value go to problems. */
int rec_step_with(app *a, const char *id, const char *op, const char *note, const char *value, json_t *problems);
/* The field whose value op on records of f needs (rec_step_with), or NULL. */
const char *rec_step_field(const form *f, const char *op);

/* A complaint's days to a reply, the setting complaint_days (else this). */
#define REC_COMPLAINT_DAYS 15
int rec_complaint_days(app *a);

/* Discards a draft, or a submitted record's pending edit (the record
 * stays; submitted records are voided, not discarded). */
int rec_discard(app *a, const char *id);

/* A pending edit of a submitted or returned record: what the form has
 * changed and not yet submitted, kept in the database as it is typed so a
 * power cut loses nothing. changes: field -> new value, JSON null for a
 * value removed (borrowed); empty: the pending edit goes. */
int rec_edit_save(app *a, const char *id, const json_t *changes);
/* The pending edit of id (a new reference), or NULL when none. */
json_t *rec_edit_pending(app *a, const char *id);
/* Drops id's pending edit: 1 if there was one, 0 if not, -1 on error. */
int rec_edit_discard(app *a, const char *id);

/* The state of a record, with "display_status" (overdue where due). */
json_t *rec_get(app *a, const char *id);

/* A wall clock behind the greatest hybrid clock seen by more than this is
 * wrong: a local event written meanwhile carries "clock_skew_ms" (how far
 * behind, an optional member), and sync warns. */
#define REC_CLOCK_SKEW_MS (3600 * 1000LL)

/* Applies an event (already parsed and checked) to the database: stores
 * it and refolds its record. Returns 1 if new, 0 if known, -1 on error. */
int rec_apply_event(app *a, json_t *ev, const char *canon, int local);

/* Stores an event read from file blob without folding it: its record is marked to be folded
 * later by rec_refold (store_fold_pending), once, however many of its
 * events arrive. An import of thousands of events folds each record once. */
int rec_add_event(app *a, json_t *ev, const char *canon, int local, const char *blob, int at_station);

/* Folds record rid (of form kind) from its stored events. Returns 1, 0 if
 * it cannot be folded (no create event, a form version not known here:
 * err_msg() says which), -1 on a database error. */
int rec_refold(app *a, const char *rid, const char *kind);
/* The same from its events, already read and parsed (store_parse_events). */
int rec_refold_events(app *a, const char *kind, json_t *const *ev, size_t n);

/* A record folded from its events and its row derived, not yet written:
 * made on another thread while this one writes the records before (a
 * sync's or reindex's fold, sync_fold.c). rec_prepare reads nothing of a
 * but the forms in force, which only the fold of a form's own record
 * (formdef) changes: none may run beside it. NULL: the record is folded
 * here (rec_refold_events), its form being another version or a formdef. */
typedef struct rec_prepared rec_prepared;
rec_prepared *rec_prepare(const app *a, const char *kind, json_t *const *ev, size_t n);
/* Writes it: returns as rec_refold_events. */
int rec_put_prepared(app *a, rec_prepared *p);
void rec_prepared_free(rec_prepared *p);

/* The status a person should see: "overdue" for an issued notice or an
 * unanswered complaint (received, handling) past its due date, else the
 * state's status. */
const char *rec_display_status(const form *f, const json_t *state, const char *today);

/* The QR payload (payload.h) of a site or a notice, with the station's
 * base URL if set; NULL with the error set for other kinds or a notice
 * without a seal. Caller frees. */
char *rec_payload(app *a, const json_t *state);

/* The human number of record id (caller frees), or NULL when it has none
 * (a draft, a kind without numbers). */
char *rec_number(app *a, const char *id);

/* The one-line title of a record in lang (caller frees). */
char *rec_title(app *a, const json_t *state, const char *lang);

/* A file holding attachment hash (its SHA-256) for a viewer, or NULL with
 * the error set: the data directory's copy while the attachment is not
 * committed, else a copy from the repository under cache/ (app_open
 * empties it). Caller frees the path. */
char *rec_attachment_file(app *a, const char *hash);

#endif
