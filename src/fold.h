/*
 * fold: a record's current state from its events. The events are put in
 * one total order, (hlc, device, id), and applied in turn: each field takes
 * the value of the last event that set it (null clears it), and the status
 * follows the lifecycle's state machine, an op that does not fit the state
 * leaving the status alone. Because the order depends only on the events,
 * every machine gets the same state from the same events, in any arrival
 * order.
 *
 * Concurrency is read from the "after" links, not the clocks: two events
 * are concurrent when neither is reachable from the other. A significant
 * field set by two or more concurrent events that are not overtaken by a
 * later setting is a conflict; a new event written after all of them
 * (which is what any edit on a machine that has them all is) settles it.
 */
#ifndef DW_FOLD_H
#define DW_FOLD_H

#include "form.h"
#include "role.h"
#include <jansson.h>

/* Folds n events of one record. f gives the lifecycle and the significant
 * fields (NULL: registry lifecycle, no significant fields). Returns a new
 * JSON object:
 *   {"id","kind","form_version","number","status","fields",
 *    "created","updated","author","device","heads":[ids],
 *    "conflicts":[{"field","values":[{"value","event","device","author","wall"}]}],
 *    "note",   (the void reason or the last review comment)
 *    "review":{"op","author","device","wall","note"}}  (the last approve
 *              or return that took, while no resubmission came after it)
 * or NULL with the error set when the events do not make a record (no
 * create event, or events of different records). */
json_t *fold_record(const form *f, json_t *const *events, size_t n);

/* The status a new record of this lifecycle starts in, and whether op may
 * be applied in status (returns the new status or NULL). */
const char *fold_initial_status(lifecycle l);
const char *fold_transition(lifecycle l, const char *status, const char *op);
/* The role op needs in lifecycle l (role.h): the steps' own column of the
 * state machines. */
role fold_step_role(lifecycle l, const char *op);

#endif
