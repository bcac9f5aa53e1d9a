/* action: the table behind action.h, made from UI_ACTIONS. */
#include "ui/action.h"
#include "util.h"

static const struct {
	const char *name, *zh, *en;
} table[] = {
#define ACT_ROW(id, name, zh, en) {name, zh, en},
	UI_ACTIONS(ACT_ROW)
#undef ACT_ROW
};

const char *action_name(ui_action_id a)
{
	return a >= 0 && a < ACT_COUNT ? table[a].name : NULL;
}

const char *action_help(ui_action_id a, const char *lang)
{
	if (a < 0 || a >= ACT_COUNT)
		return "";
	return str_eq(lang, "en") ? table[a].en : table[a].zh;
}

ui_action_id action_by_name(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (str_eq(table[i].name, name))
			return (ui_action_id)i;
	return ACT_NONE;
}

int action_is_move(ui_action_id a)
{
	return a >= ACT_UP && a <= ACT_LAST;
}
