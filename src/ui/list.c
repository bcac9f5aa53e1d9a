/* list: selection, scrolling and the paged fetch for every list screen.
 * See list.h. */
#include "ui/list.h"

void list_fit(ui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	if (l->top < 0)
		l->top = 0;
}

int list_move(ui_list *l, ui_action_id a)
{
	int rows = l->rows;
	switch (a) {
	case ACT_UP: l->sel--; break;
	case ACT_DOWN: l->sel++; break;
	case ACT_PAGE_UP: l->sel -= rows; break;
	case ACT_PAGE_DOWN: l->sel += rows; break;
	case ACT_FIRST: l->sel = 0; break;
	case ACT_LAST: l->sel = l->count - 1; break;
	default: return 0;
	}
	list_fit(l, rows);
	return 1;
}

int list_mouse(ui_list *l, const term_key *k)
{
	int rows = l->rows, first_y = l->y;
	if (k->kind != K_MOUSE)
		return 0;
	if (k->wheel)
		l->sel += k->wheel * 3;
	else if (k->y >= first_y && k->y < first_y + rows && l->top + (k->y - first_y) < l->count)
		l->sel = l->top + (k->y - first_y);
	else
		return 0;
	list_fit(l, rows);
	return 1;
}

static int gather(void *states, json_t *state)
{
	json_array_append(states, state);
	return 0;
}

void list_fetch(ui_list *l, store *db, list_query *q, json_t **states)
{
	int rows = l->rows;
	json_decref(*states);
	*states = json_array();
	l->count = (long)store_count(db, q);
	list_fit(l, rows);
	q->limit = rows > 0 ? rows : 1;
	q->offset = l->top;
	/* Nothing found: no list to fetch (a search for a character in no
	 * name would scan every site's name a second time). */
	if (l->count != 0)
		store_list(db, q, gather, *states);
}
