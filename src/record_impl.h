/*
 * record_impl: what record.c and record_parse.c share, not for other
 * modules.
 */
#ifndef DW_RECORD_IMPL_H
#define DW_RECORD_IMPL_H

#include "record.h"

#include <jansson.h>

/* Appends {"field","message"} to problems; a name or message that is not
 * UTF-8 is made visible, not dropped. */
void rec_add_problem(json_t *problems, const char *name, const char *msg);

/* Writes a state into the records table with its row's columns, title
 * and search text (record_row.c). */
int rec_put_state(app *a, const form *f, const json_t *state);

#endif
