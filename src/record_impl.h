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

#endif
