/*
 * formset: the forms in force on this machine. The forms shipped in the
 * binary, each replaced by $DUSTWATCH_HOME/forms/KIND.form where a station
 * has its own. Owns its forms; formset_free() frees them all.
 */
#ifndef DW_FORMSET_H
#define DW_FORMSET_H

#include "form.h"

typedef struct formset formset;

/* home may be NULL (shipped forms only). On failure returns -1 with every
 * problem of every file in the error. */
int formset_load(formset **out, const char *home);
void formset_free(formset *fs);
/* The form of kind, or NULL. */
const form *formset_get(const formset *fs, const char *kind);
size_t formset_count(const formset *fs);
/* The i-th form (NULL past the end), as the shipped files come. */
const form *formset_at(const formset *fs, size_t i);
/* The i-th form in the forms' order (their `order` lines; a station's own
 * form without one keeps the shipped form's place): the order in which
 * kinds are listed and cycled through. */
const form *formset_in_order(const formset *fs, size_t i);
/* Puts f (the set's from now) in place of the form of its kind and returns
 * that one, the caller's now; NULL (f not taken) when the set has none. */
form *formset_replace(formset *fs, form *f);

#endif
