/*
 * store_edits: the pending edits of submitted records (db/009): what a
 * person changed in the form on a submitted or returned record and has not
 * submitted yet, one row per record, kept as it is typed. See store.h.
 */
#include "store.h"
#include "util.h"

#include <stdlib.h>

#include "store_impl.h"

int store_put_pending_edit(store *s, const char *record, const char *changes, const char *now)
{
	static const char sql[] = "INSERT INTO pending_edits (record, changes, updated) VALUES (?, ?, ?) "
				  "ON CONFLICT (record) DO UPDATE SET changes = excluded.changes, updated = excluded.updated";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, record);
	bind_text(st, 2, changes);
	bind_text(st, 3, now);
	return step_done(s, st, "save pending edit");
}

int store_pending_edit(store *s, const char *record, char **changes_out)
{
	static const char sql[] = "SELECT changes FROM pending_edits WHERE record = ?";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, record);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*changes_out = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_err(s, "read pending edit");
}

int store_delete_pending_edit(store *s, const char *record)
{
	static const char sql[] = "DELETE FROM pending_edits WHERE record = ?";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, record);
	if (step_done(s, st, "discard pending edit") < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int store_pending_edits(store *s, int (*cb)(void *payload, json_t *state), void *payload)
{
	static const char sql[] = "SELECT r.state, r.id FROM pending_edits p JOIN records r ON r.id = p.record "
				  "ORDER BY p.updated DESC";
	sqlite3_stmt *st = prep(s, sql);
	return st ? store_walk(s, st, cb, payload) : -1;
}
