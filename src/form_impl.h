/*
 * form_impl: what the form parser (form.c) and the whole-form checks
 * (form_check.c) share: the list of problems being collected.
 */
#ifndef DW_FORM_IMPL_H
#define DW_FORM_IMPL_H

#include "form.h"
#include "util.h"

typedef struct {
	const char *path;
	strbuf errs; /* "path:line: message" lines */
	int n_errs;
} form_errors;

void form_error(form_errors *e, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The checks that need the whole form: labels, references between fields,
 * the header's fields, what each kind allows, scores, relevance loops. */
void form_check(const form *f, form_errors *e);

#endif
