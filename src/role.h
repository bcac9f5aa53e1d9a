/*
 * role: who may take which step of a record's lifecycle. A device is
 * enrolled with a role (forms/device.form, version 2): an inspector's
 * device submits; approving, returning, closing a notice, reopening,
 * settling a conflict and voiding another device's record need a
 * supervisor's or an admin's. The command, the screen, every machine's
 * import and the station's hook all ask role_check, so the rule is written
 * once; the steps' roles are part of the lifecycles (fold_step_role).
 */
#ifndef DW_ROLE_H
#define DW_ROLE_H

#include "form.h"

/* Ordered: each may do what the ones before it may. */
typedef enum { ROLE_INSPECTOR, ROLE_SUPERVISOR, ROLE_ADMIN } role;

/* "inspector", "supervisor", "admin". */
const char *role_name(role r);
/* The role named name; -1 for none of the three. A missing name (NULL, as
 * on a version-1 device record) is an inspector. */
int role_parse(const char *name);

/* What a step needs. op: the event's op, or "settle" for an update that
 * sets a conflicted significant field. own: the record was made on the
 * same device (a device may void its own records). */
role role_needed(lifecycle l, const char *op, int own);

/* 0 when device dev, of role r, may take op; else -1 with the error
 * "approve needs a supervisor's device: A03 is an inspector's". */
int role_check(role r, const char *dev, lifecycle l, const char *op, int own);

/* Kinds only an admin's device writes at all (create, update, every
 * step): the station's own settings (forms/station.form) and the forms it
 * publishes (forms/formdef.form). */
role role_for_kind(const char *kind);
/* 0 when device dev, of role r, may write a record of kind; else -1 with
 * the error "the station's settings are written by an admin's device: ...". */
int role_check_kind(role r, const char *dev, const char *kind);

/* For the tests only (the hidden `dustwatch test-no-roles`): every check
 * passes, so a device writes, signed with its own key, an event its role
 * does not allow, for the import and the hook to refuse. */
void role_skip_checks(int skip);

#endif
