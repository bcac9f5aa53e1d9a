/*
 * store_records: the records table (current states and drafts), its
 * full-text index, lookups by id, prefix or number. The list queries are
 * in store_list.c.
 */
#include "store_impl.h"
#include "json_canonical.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

int store_kind_token(store *s, const char *kind, int add, char tok[16])
{
	static const char get[] = "SELECT token FROM search_kinds WHERE kind = ?";
	static const char put[] = "INSERT INTO search_kinds (kind) VALUES (?)";
	for (int pass = 0;; pass++) {
		sqlite3_stmt *st = prep(s, get);
		if (!st)
			return -1;
		bind_text(st, 1, kind);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			snprintf(tok, 16, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc != SQLITE_DONE)
			return db_err(s, "search kind");
		if (!add)
			return 0;
		if (pass)
			return err_set("database: no search token for kind '%s'", kind);
		if (!(st = prep(s, put)))
			return -1;
		bind_text(st, 1, kind);
		if (step_done(s, st, "search kind") < 0)
			return -1;
	}
}

/* A record's tag (db/010, db/016): the one field of its state a report
 * groups it by, for the kinds that have one. */
static const struct {
	const char *kind, *field;
} tag_fields[] = {{"inspection", "type"}, {"notice", "kind"}, {"complaint", "satisfaction"}};

static const char *tag_field(const char *kind)
{
	for (size_t i = 0; i < sizeof tag_fields / sizeof *tag_fields; i++)
		if (str_eq(tag_fields[i].kind, kind))
			return tag_fields[i].field;
	return NULL;
}

/* The tag bound as SQLite's json_extract gives it (store_remake_tags). */
static void bind_tag(sqlite3_stmt *st, int i, const json_t *state)
{
	const char *name = tag_field(jstr(state, "kind"));
	json_t *v = name ? json_object_get(json_object_get(state, "fields"), name) : NULL;
	if (json_is_string(v)) {
		sqlite3_bind_text(st, i, json_string_value(v), (int)json_string_length(v), SQLITE_STATIC);
	} else if (json_is_integer(v)) {
		sqlite3_bind_int64(st, i, json_integer_value(v));
	} else if (json_is_real(v)) {
		sqlite3_bind_double(st, i, json_real_value(v));
	} else if (json_is_boolean(v)) {
		sqlite3_bind_int(st, i, json_is_true(v));
	} else if (v && !json_is_null(v)) {
		sqlite3_bind_text(st, i, json_canonical_dumps(v), -1, free);
	} else {
		sqlite3_bind_null(st, i);
	}
}

int store_remake_tags(store *s)
{
	for (size_t i = 0; i < sizeof tag_fields / sizeof *tag_fields; i++) {
		/* json_valid first: a damaged row (issue 17) gets no tag. */
		char *sql = sqlite3_mprintf("UPDATE records SET tag = CASE WHEN json_valid(state) THEN "
					    "json_extract(state, '$.fields.%q') END WHERE kind = %Q",
					    tag_fields[i].field, tag_fields[i].kind);
		int rc = exec_sql(s, sql);
		sqlite3_free(sql);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int store_put_record(store *s, const json_t *state, const record_index *ix)
{
	/* An upsert, not INSERT OR REPLACE: the row keeps its rowid, which
	 * is also its search row's. */
	static const char up[] =
		"INSERT INTO records (id, kind, number, status, site, date, due, title, created, "
		"updated, author, device, conflicts, state, tag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, number = excluded.number, "
		"status = excluded.status, site = excluded.site, date = excluded.date, due = excluded.due, "
		"title = excluded.title, created = excluded.created, updated = excluded.updated, "
		"author = excluded.author, device = excluded.device, conflicts = excluded.conflicts, "
		"state = excluded.state, tag = excluded.tag RETURNING rowid";
	/* The text the index has or will have at commit (store_flush_search). */
	static const char old_fts[] = "SELECT text FROM temp.search_pending WHERE rowid = ?1 "
				      "UNION ALL SELECT text FROM records_fts WHERE rowid = ?1 LIMIT 1";
	static const char add_fts[] = "INSERT OR REPLACE INTO temp.search_pending (rowid, text) VALUES (?, ?)";
	char *js = ix->state_json ? NULL : json_canonical_dumps(state), *text = NULL;
	const char *encoded = ix->state_json ? ix->state_json : js;
	sqlite3_stmt *st = prep(s, up);
	int rc = -1;
	if (!st || !encoded)
		goto out;
	const char *num = jstr(state, "number");
	bind_text(st, 1, jstr(state, "id"));
	bind_text(st, 2, jstr(state, "kind"));
	bind_text(st, 3, num && *num ? num : NULL);
	bind_text(st, 4, jstr(state, "status"));
	bind_text(st, 5, ix->site);
	bind_text(st, 6, ix->date);
	bind_text(st, 7, ix->due);
	bind_text(st, 8, ix->title ? ix->title : "");
	bind_text(st, 9, jstr(state, "created"));
	bind_text(st, 10, jstr(state, "updated"));
	bind_text(st, 11, jstr(state, "author"));
	bind_text(st, 12, jstr(state, "device"));
	sqlite3_bind_int(st, 13, (int)json_array_size(json_object_get(state, "conflicts")));
	bind_text(st, 14, encoded);
	bind_tag(st, 15, state);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_err(s, "save record");
		sqlite3_reset(st);
		goto out;
	}
	sqlite3_int64 row = sqlite3_column_int64(st, 0);
	if (step_done(s, st, "save record") < 0)
		goto out;
	/* The indexed text starts with the kind's token (db/008). Most events
	 * (approve, close) change no text: skip the index then. */
	char tok[16];
	if (store_kind_token(s, jstr(state, "kind"), 1, tok) < 0)
		goto out;
	text = xasprintf("%s %s", tok, ix->text ? ix->text : "");
	if (store_search_stream(s, row, text)) {
		rc = 0;
		goto out;
	}
	if (!(st = prep(s, old_fts)))
		goto out;
	sqlite3_bind_int64(st, 1, row);
	int same = sqlite3_step(st) == SQLITE_ROW && str_eq((const char *)sqlite3_column_text(st, 0), text);
	sqlite3_reset(st);
	if (same) {
		rc = 0;
		goto out;
	}
	if (!(st = prep(s, add_fts)))
		goto out;
	sqlite3_bind_int64(st, 1, row);
	bind_text(st, 2, text);
	if (step_done(s, st, "index record") < 0)
		goto out;
	s->search_dirty = 1;
	rc = s->depth ? 0 : store_flush_search(s);
out:
	free(js), free(text);
	return rc;
}

/* FTS5 writes its pending terms to disk at every savepoint, and SQLite opens
 * one for every statement that writes it inside a transaction: a record a
 * statement made thousands of tiny index segments. So a transaction's
 * search texts wait in a TEMP table and go in at commit, in one statement. */
int store_flush_search(store *s)
{
	if (!s->search_dirty)
		return 0;
	if (exec_sql(s, "DELETE FROM records_fts WHERE rowid IN (SELECT rowid FROM temp.search_pending);"
			"INSERT INTO records_fts (rowid, text) SELECT rowid, text FROM temp.search_pending;"
			"DELETE FROM temp.search_pending") < 0)
		return -1;
	s->search_dirty = 0;
	return 0;
}

int store_delete_record(store *s, const char *id)
{
	static const char del_fts[] = "DELETE FROM records_fts WHERE rowid = (SELECT rowid FROM records WHERE id = ?)";
	static const char del_pending[] =
		"DELETE FROM temp.search_pending WHERE rowid = (SELECT rowid FROM records WHERE id = ?)";
	static const char del[] = "DELETE FROM records WHERE id = ?";
	sqlite3_stmt *st = prep(s, del_fts);
	if (!st)
		return -1;
	bind_text(st, 1, id);
	if (step_done(s, st, "delete record") < 0 || !(st = prep(s, del_pending)))
		return -1;
	bind_text(st, 1, id);
	if (step_done(s, st, "delete record") < 0 || !(st = prep(s, del)))
		return -1;
	bind_text(st, 1, id);
	return step_done(s, st, "delete record");
}

/* What every reader of a state relies on; anything else in a row (a
 * damaged file, a hand edit) is not a record. */
static const char *state_problem(const json_t *v)
{
	if (!json_is_object(v))
		return "its state is not a JSON object";
	if (!json_is_string(json_object_get(v, "id")))
		return "its state has no id";
	if (!json_is_string(json_object_get(v, "kind")) || !json_is_string(json_object_get(v, "status")))
		return "its state has no kind or status";
	json_t *f = json_object_get(v, "fields");
	if (f && !json_is_object(f))
		return "its fields are not an object";
	return NULL;
}

static json_t *row_state(sqlite3_stmt *st, int col, const char *id)
{
	json_error_t je;
	const char *text = (const char *)sqlite3_column_text(st, col);
	json_t *v = text ? json_loads(text, 0, &je) : NULL;
	const char *why = !text ? "its state is empty" : !v ? je.text : state_problem(v);
	if (why) {
		err_set("record %s in the database cannot be read: %s", id ? id : "?", why);
		json_decref(v);
		return NULL;
	}
	return v;
}

void store_note_unreadable(store *s, const char *id, const char *why)
{
	if (!s->unreadable)
		s->unreadable = json_array();
	json_array_append_new(s->unreadable, json_pack("{ssss}", "id", id, "why", why));
}

json_t *store_take_unreadable(store *s)
{
	json_t *v = s->unreadable;
	s->unreadable = NULL;
	return v;
}

int store_walk(store *s, sqlite3_stmt *st, int (*cb)(void *, json_t *), void *payload)
{
	int rc, out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 1);
		json_t *v = row_state(st, 0, id);
		if (!v) {
			store_note_unreadable(s, id ? id : "?", err_msg());
			continue;
		}
		out = cb(payload, v);
		json_decref(v);
		if (out)
			break;
	}
	if (!out && rc != SQLITE_DONE)
		out = db_err(s, "read records");
	sqlite3_reset(st);
	return out;
}

int store_site_latest_after(store *s, const char *date)
{
	static const char sql[] = "SELECT EXISTS (SELECT 1 FROM site_latest WHERE date > ?)";
	sqlite3_stmt *st = prep(s, sql);
	int rc = -1;
	if (!st)
		return -1;
	bind_text(st, 1, date);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0);
	else
		db_err(s, "site_latest");
	sqlite3_reset(st);
	return rc;
}

int store_latest_by_site(store *s, const char *kind, const char *to,
			 int (*cb)(void *payload, const char *site, json_t *state), void *payload)
{
	/* SQLite takes the bare columns of an aggregate with max() from the
	 * row that has the maximum: each site's latest. */
	static const char sql[] = "SELECT state, id, site, max(date || ' ' || id) FROM records "
				  "WHERE kind = ?1 AND date <= ?2 AND status NOT IN ('draft', 'void') "
				  "AND site IS NOT NULL GROUP BY site";
	/* Checklists: db/014's site_latest has each site's latest of any
	 * date; when none is dated after to, those are the answer, without
	 * sorting every checklist with its state (2 s at 10^6). */
	static const char kept[] = "SELECT r.state, r.id, l.site FROM site_latest l JOIN records r ON r.id = l.id "
				   "WHERE ?1 = 'inspection' AND ?2 = ?2";
	int slow = str_eq(kind, "inspection") ? store_site_latest_after(s, to) : 1;
	sqlite3_stmt *st = slow < 0 ? NULL : prep(s, slow ? sql : kept);
	if (!st)
		return -1;
	bind_text(st, 1, kind);
	bind_text(st, 2, to);
	int rc, out = 0;
	while (!out && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 1);
		json_t *v = row_state(st, 0, id);
		if (!v) {
			store_note_unreadable(s, id ? id : "?", err_msg());
			continue;
		}
		out = cb(payload, (const char *)sqlite3_column_text(st, 2), v);
		json_decref(v);
	}
	if (!out && rc != SQLITE_DONE)
		out = db_err(s, "read records");
	sqlite3_reset(st);
	return out;
}

json_t *store_get_record(store *s, const char *id)
{
	static const char sql[] = "SELECT state FROM records WHERE id = ?";
	sqlite3_stmt *st = prep(s, sql);
	json_t *v = NULL;
	if (!st)
		return NULL;
	bind_text(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = row_state(st, 0, id);
	else
		err_set("no record %s", id);
	sqlite3_reset(st);
	return v;
}

/* Steps st (a query of ids, LIMIT 2): the first id (caller frees) and
 * how many came. */
static int first_ids(store *s, sqlite3_stmt *st, char **found, int *count)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!*count)
			*found = xstrdup((const char *)sqlite3_column_text(st, 0));
		++*count;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	free(*found);
	*found = NULL;
	return db_err(s, "look up record");
}

int store_resolve(store *s, const char *ref, char **id_out)
{
	static const char by_number[] = "SELECT id FROM records WHERE number = ? LIMIT 2";
	static const char by_prefix[] = "SELECT id FROM records WHERE id >= ? AND id < ? || x'ff' LIMIT 2";
	size_t n = strlen(ref);
	if (n == 0 || n > 200 || !utf8_valid(ref, n))
		return err_set_code(DW_EINVALID, "'%.40s' is not a record id or number", ref);
	const char *sqls[] = {by_number, by_prefix};
	for (int k = 0; k < 2; k++) {
		if (k == 1 && n < 6)
			break;
		sqlite3_stmt *st = prep(s, sqls[k]);
		if (!st)
			return err_prefix("cannot look up record '%s'", ref);
		bind_text(st, 1, ref);
		if (k == 1)
			bind_text(st, 2, ref);
		char *found = NULL;
		int count = 0;
		if (first_ids(s, st, &found, &count) < 0)
			return err_prefix("cannot look up record '%s'", ref);
		if (count == 1) {
			*id_out = found;
			return 0;
		}
		free(found);
		if (count > 1)
			return err_set_code(DW_EAMBIGUOUS, "'%s' names more than one record: give more of the id", ref);
	}
	return err_set_code(DW_ENOTFOUND, "no record '%s'", ref);
}

int store_resolve_kind(store *s, const char *kind, const char *ref, char **id_out)
{
	/* The title starts with the first summary field: a site's name, an
	 * inspector's; then " · " and the rest. Voided records are not named. */
	static const char sql[] = "SELECT id FROM records WHERE kind = ?1 AND title >= ?2 AND title < ?2 || x'ff' "
				  "AND (title = ?2 OR substr(title, 1, length(?2) + 3) = ?2 || ' · ') "
				  "AND status NOT IN ('void', 'draft') LIMIT 2";
	if (store_resolve(s, ref, id_out) == 0)
		return 0;
	if (err_code() != DW_ENOTFOUND)
		return -1;
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, kind);
	bind_text(st, 2, ref);
	char *found = NULL;
	int count = 0;
	if (first_ids(s, st, &found, &count) < 0)
		return -1;
	if (count == 1) {
		*id_out = found;
		return 0;
	}
	free(found);
	if (count > 1)
		return err_set_code(DW_EAMBIGUOUS, "'%s' names more than one %s: give its number or id", ref, kind);
	return err_set_code(DW_ENOTFOUND, "no %s '%s' (give its name, number or id)", kind, ref);
}

int store_add_attachment(store *s, const char *hash, int64_t size, const char *name, const char *now)
{
	static const char sql[] = "INSERT OR IGNORE INTO attachments (hash, size, name, added) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, hash);
	sqlite3_bind_int64(st, 2, size);
	bind_text(st, 3, name);
	bind_text(st, 4, now);
	return step_done(s, st, "add attachment");
}

int store_drop_attachment(store *s, const char *hash)
{
	static const char sql[] = "DELETE FROM attachments WHERE hash = ? AND blob IS NULL";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, hash);
	if (step_done(s, st, "drop attachment") < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int store_has_attachment(store *s, const char *hash)
{
	static const char sql[] = "SELECT 1 FROM attachments WHERE hash = ?";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, hash);
	int has = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return has;
}

int store_conflicts(store *s, int (*cb)(void *payload, json_t *state), void *payload)
{
	static const char sql[] = "SELECT state, id FROM records WHERE conflicts > 0 ORDER BY updated DESC";
	sqlite3_stmt *st = prep(s, sql);
	return st ? store_walk(s, st, cb, payload) : -1;
}

int64_t store_count_conflicts(store *s)
{
	/* The partial index of db/004 holds only the conflicted rows. */
	static const char sql[] = "SELECT coalesce(sum(conflicts), 0) FROM records WHERE conflicts > 0";
	return scalar_sql(s, sql);
}

int store_dump(store *s, int (*cb)(void *payload, const char *line), void *payload)
{
	static const char recs[] = "SELECT state FROM records WHERE status != 'draft' ORDER BY id";
	static const char evs[] = "SELECT body FROM events ORDER BY id";
	const char *sqls[] = {recs, evs};
	for (int k = 0; k < 2; k++) {
		sqlite3_stmt *st = prep(s, sqls[k]);
		if (!st)
			return -1;
		int rc, out = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && !out)
			out = cb(payload, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (out)
			return out;
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return db_err(s, "dump");
	}
	return 0;
}
