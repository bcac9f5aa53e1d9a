/*
 * app: one open data directory: its database, the forms in force, this
 * device's signing key and identity. Commands and the UI work through an
 * app; app_open() fills one and app_close() releases everything in it.
 *
 * The data directory is $DUSTWATCH_HOME, else $XDG_DATA_HOME/dustwatch,
 * else ~/.local/share/dustwatch. It holds dustwatch.db, keys/device.key
 * (mode 0600), forms/ (a station's own forms) and blobs/ (attachments).
 */
#ifndef DW_APP_H
#define DW_APP_H

#include "event.h"
#include "formset.h"
#include "store.h"

/* An attachment (a photo, a scanned agreement) is at most this large, on
 * the way in and when it comes by sync. */
#define APP_ATTACHMENT_MAX_BYTES (64u << 20)

typedef struct {
	char *home;
	store *db;
	formset *forms;
	signer me;
	char *station, *device, *inspector;
	int64_t clock_ms; /* when non-zero, "now" for new events (the demo, through demo_hooks.h) */
	char *site_hint;  /* the site for "default site" (a scanned placard) */
	form **old_forms; /* older form versions met in records, parsed once */
	size_t n_old_forms;
	/* Attachments this process stored that no saved record holds yet: a
	 * refused record leaves none behind (app_close drops them). */
	json_t *fresh_attachments;
	/* The station's secret sealing key (seal.h), read once: seal_known 0
	 * not looked for yet, 1 held, -1 not on this machine. */
	unsigned char seal_sk[32];
	int seal_known;
	/* While a fold of many records runs (sync_fold.c): the titles of the
	 * records their titles name ({id: {lang: title}}), dropped when such
	 * a record is written again (record.c). NULL otherwise. */
	json_t *ref_titles;
} app;

/* The data directory to use (caller frees). */
char *app_home(void);
/* Before the data directory is opened: its database is about to be loaded
 * anew (a reindex), or perhaps for the first time (a sync: when its
 * repository has never fetched); store_plan_load. */
void app_plan_load(int first_sync);
/* Creates a data directory. Fails if one is already there. */
int app_init(const char *home, const char *station, const char *device, const char *inspector);
/* Opens an initialised data directory. */
int app_open(app *a, const char *home);
void app_close(app *a);

/* The form of kind at version: the one in force, or an older version from
 * the texts kept in the database (records keep the version they were made
 * with). NULL with the error set when this machine never had it. */
const form *app_form(app *a, const char *kind, int version);
/* The form a record's state was made with. */
const form *app_form_of(app *a, const json_t *state);

int64_t app_now(const app *a);
/* Today's local date "YYYY-MM-DD", and the UTC time stamp
 * "YYYY-MM-DDTHH:MM:SSZ", of app_now. */
void app_today(const app *a, char buf[16]);
void app_stamp(const app *a, char buf[32]);

/* Station and device codes: 1-8 of A-Z, 0-9; starting with a letter. */
int app_valid_code(const char *code);

#endif
