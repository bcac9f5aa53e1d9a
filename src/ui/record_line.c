/*
 * record_line: one record drawn as a row of a list (a site's records, the
 * records of a kind): number (or kind), status, date, title.
 */
#include "record.h"
#include "text.h"
#include "ui/ui.h"
#include "util.h"

#include <stdlib.h>

void ui_record_line(ui *u, int y, int x, int width, json_t *st, int selected)
{
	const form *fm = app_form_of(u->a, st);
	const char *num = json_string_value(json_object_get(st, "number"));
	const char *status = rec_display_status(fm, st, u->today);
	const json_t *fields = json_object_get(st, "fields");
	const char *date = fm && fm->date_field ? json_string_value(json_object_get(fields, fm->date_field)) : NULL;
	char *title = rec_title(u->a, st, u->lang);
	term_style style = selected ? T_SELECTED : T_NORMAL;
	term_text(y, x, 2, selected ? "▶" : "", style);
	term_text(y, x + 2, 19, num && *num ? num : text_kind(json_string_value(json_object_get(st, "kind")), u->lang), style);
	term_text(y, x + 21, 9, text_status(status, u->lang),
		  selected ? T_SELECTED : str_eq(status, "overdue") ? T_ERROR : str_eq(status, "draft") ? T_WARN : style);
	term_text(y, x + 30, 11, date ? date : "", style);
	term_text(y, x + 41, width - 41, title, style);
	free(title);
}
