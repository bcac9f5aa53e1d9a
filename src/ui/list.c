/* list: selection and scrolling for every list screen. See list.h. */
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

int list_key(ui_list *l, const term_key *k, int rows, int first_y)
{
	if (k->kind == K_MOUSE) {
		if (k->wheel)
			l->sel += k->wheel * 3;
		else if (k->y >= first_y && k->y < first_y + rows && l->top + (k->y - first_y) < l->count)
			l->sel = l->top + (k->y - first_y);
		else
			return 0;
	} else if (k->kind == K_KEY) {
		switch (k->key) {
		case TK_UP: l->sel--; break;
		case TK_DOWN: l->sel++; break;
		case TK_PGUP: l->sel -= rows; break;
		case TK_PGDN: l->sel += rows; break;
		case TK_HOME: l->sel = 0; break;
		case TK_END: l->sel = l->count - 1; break;
		default: return 0;
		}
	} else {
		return 0;
	}
	list_fit(l, rows);
	return 1;
}
