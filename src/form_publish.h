/*
 * form_publish: the forms a station's admin publishes. A form file travels
 * as a record of kind "formdef" (forms/formdef.form), one per kind, signed
 * by the admin's device and synced like any record (by network or stick),
 * so a station that adds a field to its checklist changes it once. Every
 * machine that folds such a record keeps the version in its database (old
 * records stay readable) and, when it is newer than the form in force
 * here, puts it in force; the records of that version that arrived first
 * wait in the quarantine and apply on the retry that follows the fold.
 */
#ifndef DW_FORM_PUBLISH_H
#define DW_FORM_PUBLISH_H

#include "app.h"

/* Publishes the form file at path (checked as `forms check` does; its
 * version above the one in force here): a new or updated formdef record
 * of this device, which must be an admin's. Returns 0 and the form's
 * kind and version in *kind (caller frees) and *version, or -1. */
int form_publish(app *a, const char *path, char **kind, int *version);

/* Takes the form a folded formdef record carries (state: its state):
 * saves the version and, if newer than the one in force, puts it in force.
 * A form that does not parse or is not what the record says is left
 * (0, with a warning on standard error): the record stays as it is. */
int form_published_take(app *a, const json_t *state);

/* At open: every published form this machine holds, taken as above. */
int form_published_load(app *a);

#endif
