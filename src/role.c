/*
 * role: the roles of devices and what each step needs. See role.h.
 */
#include "fold.h"
#include "role.h"
#include "util.h"

static const char *const names[] = {"inspector", "supervisor", "admin"};

const char *role_name(role r)
{
	return (unsigned)r < DW_ARRAY_LEN(names) ? names[r] : "inspector";
}

int role_parse(const char *name)
{
	if (!name)
		return ROLE_INSPECTOR;
	for (size_t i = 0; i < DW_ARRAY_LEN(names); i++)
		if (str_eq(name, names[i]))
			return (int)i;
	return -1;
}

static int skip_checks;

void role_skip_checks(int skip)
{
	skip_checks = skip;
}

role role_needed(lifecycle l, const char *op, int own)
{
	if (str_eq(op, "settle") || (str_eq(op, "void") && !own))
		return ROLE_SUPERVISOR;
	return fold_step_role(l, op);
}

role role_for_kind(const char *kind)
{
	if (str_eq(kind, "station") || str_eq(kind, "formdef") || str_eq(kind, "revocation"))
		return ROLE_ADMIN;
	return str_eq(kind, "ledger") ? ROLE_SUPERVISOR : ROLE_INSPECTOR;
}

int role_check_kind(role r, const char *dev, const char *kind)
{
	role need = role_for_kind(kind);
	if (r >= need || skip_checks)
		return 0;
	const char *what = str_eq(kind, "formdef")	? "a published form"
			   : str_eq(kind, "revocation") ? "a device's revocation"
			   : str_eq(kind, "ledger")	? "a ledger edition"
							: "the station's settings";
	return err_set("%s (%s) %s written by %s %s's device: %s is %s %s's", what, kind,
		       str_eq(kind, "station") ? "are" : "is", need == ROLE_ADMIN ? "an" : "a", role_name(need), dev,
		       r == ROLE_INSPECTOR ? "an" : "a", role_name(r));
}

int role_check(role r, const char *dev, lifecycle l, const char *op, int own)
{
	role need = role_needed(l, op, own);
	if (r >= need || skip_checks)
		return 0;
	const char *what = str_eq(op, "settle")		 ? "settling a conflict"
			   : str_eq(op, "void") && !own ? "voiding another device's record"
							: op;
	return err_set("%s needs a %s's device: %s is %s %s's", what, role_name(need), dev,
		       r == ROLE_INSPECTOR ? "an" : "a", role_name(r));
}
