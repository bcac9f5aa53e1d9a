/*
 * list: the selection and scrolling of a list of count rows shown rows at
 * a time. Lists fetch only the rows on screen (a LIMIT/OFFSET query), so
 * they stay instant at a million records.
 */
#ifndef DW_LIST_H
#define DW_LIST_H

#include "store.h"
#include "ui/action.h"
#include "ui/term.h"
#include <jansson.h>

/* y and rows: where the list was last drawn, set by the screen's draw. */
typedef struct {
	long sel, top, count;
	int y, rows;
} ui_list;

/* Moves on the movement actions (up, down, page up/down, first, last).
 * Returns 1 when a was one. */
int list_move(ui_list *l, ui_action_id a);
/* The mouse wheel moves; a click on a row selects it. Returns 1 when the
 * key was used. */
int list_mouse(ui_list *l, const term_key *k);
/* Keeps the selection inside [0, count) and visible in rows. */
void list_fit(ui_list *l, int rows);
/* Fetches the rows on screen only: counts q's records into l->count,
 * fits the selection in l->rows, and lists LIMIT rows OFFSET l->top (q's
 * limit and offset are set here) into *states, replaced (caller owns it). */
void list_fetch(ui_list *l, store *db, list_query *q, json_t **states);

#endif
