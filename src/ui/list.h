/*
 * list: the selection and scrolling of a list of count rows shown rows at
 * a time. Lists fetch only the rows on screen (a LIMIT/OFFSET query), so
 * they stay instant at a million records.
 */
#ifndef DW_LIST_H
#define DW_LIST_H

#include "ui/term.h"

typedef struct {
	long sel, top, count;
} ui_list;

/* Moves on Up/Down/PgUp/PgDn/Home/End and the mouse wheel; a click on row
 * y (screen row first_y + i) selects it. Returns 1 when the key was used. */
int list_key(ui_list *l, const term_key *k, int rows, int first_y);
/* Keeps the selection inside [0, count) and visible in rows. */
void list_fit(ui_list *l, int rows);

#endif
