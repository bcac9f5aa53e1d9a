/*
 * followup: records that follow other records. A notice is issued from
 * the inspection that found the problems; a re-inspection (复查) follows a
 * notice, one verdict per problem; a stop-work notice escalates an overdue
 * notice. followup_prefill starts the new record's fields from the one it
 * follows; followup_check refuses what cannot follow (a re-inspection of a
 * notice no longer open, an escalation of a notice not overdue);
 * followup_created writes, in the creating transaction, what the new
 * record does to the one it follows: a re-inspection records its result on
 * the notice and rectifies it when every problem is rectified, otherwise
 * lists the problems that remain; a stop-work notice marks the notice it
 * escalates (escalated_to), so the two are linked both ways.
 */
#ifndef DW_FOLLOWUP_H
#define DW_FOLLOWUP_H

#include "app.h"
#include <jansson.h>

/* The fields of a new record of kind following record from_id: *out a new
 * object. -1 with the error set when kind does not follow that record's
 * kind (a notice follows an inspection or, escalating it, a notice; a
 * re-inspection follows a notice). */
int followup_prefill(app *a, const char *kind, const char *from_id, json_t **out);

/* Whether kind can be started from a record of from_kind. */
int followup_can(const char *kind, const char *from_kind);

/* Adds to problems what refuses fields as a new record of f. */
void followup_check(app *a, const form *f, const json_t *fields, json_t *problems);

/* After record id of f is created (in its transaction): the events it
 * makes on the record it follows. 0 or -1 with the error set. */
int followup_created(app *a, const form *f, const char *id);

#endif
