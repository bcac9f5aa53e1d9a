/*
 * store_sync: the tables of sync (db/003_sync.sql): which local events are
 * committed to the repository and which are at the station, the last
 * commit imported per remote-tracking ref, the quarantine of events that
 * failed verification, and alarms about rewritten refs. Also the reset
 * that `dustwatch reindex` starts from. Declared in store.h.
 */
#include "store_impl.h"
#include "demo_hooks.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int store_pending_events(store *s, const char *device,
			 int (*cb)(void *payload, const char *id, const char *device, const char *body, int64_t hlc_ms),
			 void *payload)
{
	/* db/015's index, in this order. */
	static const char sql[] = "SELECT id, body, hlc_ms, device FROM events WHERE local = 1 AND blob IS NULL "
				  "AND device = ? ORDER BY hlc_ms, hlc_c, id";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, device);
	int rc, out = 0;
	while (!out && (rc = sqlite3_step(st)) == SQLITE_ROW)
		out = cb(payload, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 3),
			 (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2));
	sqlite3_reset(st);
	if (out)
		return out;
	return rc == SQLITE_DONE ? 0 : db_err(s, "pending events");
}

int store_pending_devices(store *s, int (*cb)(void *payload, const char *device), void *payload)
{
	static const char sql[] = "SELECT DISTINCT device FROM events WHERE local = 1 AND blob IS NULL";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	int rc, out = 0;
	while (!out && (rc = sqlite3_step(st)) == SQLITE_ROW)
		out = cb(payload, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (out)
		return out;
	return rc == SQLITE_DONE ? 0 : db_err(s, "pending events");
}

int store_set_event_blob(store *s, const char *id, const char *blob, int at_station)
{
	static const char sql[] = "UPDATE events SET blob = ?, at_station = max(at_station, ?) WHERE id = ?";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, blob);
	sqlite3_bind_int(st, 2, at_station);
	bind_text(st, 3, id);
	return step_done(s, st, "event blob");
}

int store_mark_committed_at_station(store *s)
{
	return exec_sql(s, "UPDATE events SET at_station = 1 WHERE local = 1 AND at_station = 0 AND blob IS NOT NULL");
}

int store_mark_at_station(store *s, const char *blob)
{
	static const char sql[] = "UPDATE events SET at_station = 1 WHERE blob = ? AND at_station = 0";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, blob);
	return step_done(s, st, "at station");
}

int store_sync_ref(store *s, const char *ref, char **commit_out)
{
	static const char sql[] = "SELECT commit_id FROM sync_refs WHERE ref = ?";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, ref);
	int rc = sqlite3_step(st);
	*commit_out = rc == SQLITE_ROW ? xstrdup((const char *)sqlite3_column_text(st, 0)) : NULL;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(s, "sync ref");
}

int store_set_sync_ref(store *s, const char *ref, const char *commit, const char *now)
{
	static const char sql[] = "INSERT OR REPLACE INTO sync_refs (ref, commit_id, updated) VALUES (?, ?, ?)";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, ref);
	bind_text(st, 2, commit);
	bind_text(st, 3, now);
	return step_done(s, st, "sync ref");
}

int store_quarantine(store *s, const char *blob, const char *body, size_t len, const char *source, const char *reason,
		     int retry, const char *now)
{
	static const char sql[] = "INSERT INTO quarantine (blob, source, reason, body, retry, added) "
				  "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (blob) DO UPDATE SET reason = excluded.reason, "
				  "retry = excluded.retry";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, blob);
	bind_text(st, 2, source);
	bind_text(st, 3, reason);
	sqlite3_bind_blob(st, 4, body, (int)len, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, retry);
	bind_text(st, 6, now);
	return step_done(s, st, "quarantine");
}

int store_unquarantine(store *s, const char *blob)
{
	static const char sql[] = "DELETE FROM quarantine WHERE blob = ?";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, blob);
	return step_done(s, st, "unquarantine");
}

int store_quarantined(store *s, int retry_only, int (*cb)(void *payload, const store_quarantine_row *row),
		      void *payload)
{
	static const char all[] = "SELECT blob, source, reason, body, retry, added FROM quarantine ORDER BY added, blob";
	static const char retry[] =
		"SELECT blob, source, reason, body, retry, added FROM quarantine WHERE retry = 1 ORDER BY added, blob";
	sqlite3_stmt *st = prep(s, retry_only ? retry : all);
	if (!st)
		return -1;
	/* Rows are copied before the callback, which may change the table. */
	store_quarantine_row *rows = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = xrealloc(rows, (n + 1) * sizeof *rows);
		store_quarantine_row *r = &rows[n++];
		r->blob = xstrdup((const char *)sqlite3_column_text(st, 0));
		r->source = xstrdup((const char *)sqlite3_column_text(st, 1));
		r->reason = xstrdup((const char *)sqlite3_column_text(st, 2));
		r->len = (size_t)sqlite3_column_bytes(st, 3);
		char *b = xmalloc(r->len + 1);
		if (r->len)
			memcpy(b, sqlite3_column_blob(st, 3), r->len);
		b[r->len] = 0;
		r->body = b;
		r->retry = sqlite3_column_int(st, 4);
		r->added = xstrdup((const char *)sqlite3_column_text(st, 5));
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_err(s, "quarantine");
	for (size_t i = 0; i < n; i++) {
		if (!out)
			out = cb(payload, &rows[i]);
		free((char *)rows[i].blob), free((char *)rows[i].source), free((char *)rows[i].reason);
		free((char *)rows[i].body), free((char *)rows[i].added);
	}
	free(rows);
	return out;
}

int store_add_alarm(store *s, const char *ref, const char *imported, const char *seen, const char *now)
{
	static const char sql[] = "INSERT OR IGNORE INTO sync_alarms (ref, imported, seen, added) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, ref);
	bind_text(st, 2, imported);
	bind_text(st, 3, seen);
	bind_text(st, 4, now);
	return step_done(s, st, "alarm");
}

/* A device's clock is raised, never lowered (excluded: the row offered). */
#define RAISE_CLOCK                                                                                             \
	"ON CONFLICT (device) DO UPDATE SET hlc_ms = excluded.hlc_ms, hlc_c = excluded.hlc_c, "                  \
	"wall = excluded.wall WHERE excluded.hlc_ms > device_clocks.hlc_ms OR "                                  \
	"(excluded.hlc_ms = device_clocks.hlc_ms AND excluded.hlc_c > device_clocks.hlc_c)"
#define CLOCKS_SEEN_ALL                                                                                         \
	"INSERT OR REPLACE INTO settings (key, value) "                                                          \
	"SELECT 'clock_rowid', CAST(coalesce(max(rowid), 0) AS TEXT) FROM events"

int store_update_device_clocks(store *s)
{
	/* The window sorts the events' rowids, not their texts: a sort of
	 * every event's text after a reindex was half of this. */
	return exec_sql(s, "INSERT INTO device_clocks (device, hlc_ms, hlc_c, wall) "
			   "SELECT e.device, e.hlc_ms, e.hlc_c, coalesce(json_extract(e.body, '$.wall'), '') FROM ("
			   " SELECT rowid AS r, row_number() OVER (PARTITION BY device"
			   "  ORDER BY hlc_ms DESC, hlc_c DESC) AS n FROM events WHERE rowid > coalesce("
			   "  (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'clock_rowid'), 0)) w "
			   "JOIN events e ON e.rowid = w.r WHERE w.n = 1 " RAISE_CLOCK ";" CLOCKS_SEEN_ALL);
}

int store_set_device_clocks(store *s, const json_t *latest)
{
	static const char sql[] = "INSERT INTO device_clocks (device, hlc_ms, hlc_c, wall) VALUES (?, ?, ?, ?) " RAISE_CLOCK;
	const char *dev;
	json_t *c;
	json_object_foreach((json_t *)latest, dev, c)
	{
		sqlite3_stmt *st = prep(s, sql);
		if (!st)
			return -1;
		bind_text(st, 1, dev);
		sqlite3_bind_int64(st, 2, json_integer_value(json_array_get(c, 0)));
		sqlite3_bind_int64(st, 3, json_integer_value(json_array_get(c, 1)));
		bind_text(st, 4, json_string_value(json_array_get(c, 2)));
		if (step_done(s, st, "device clock") < 0)
			return -1;
	}
	return exec_sql(s, CLOCKS_SEEN_ALL);
}

int store_device_clocks(store *s, int (*cb)(void *payload, const char *device, int64_t wall_ms), void *payload)
{
	static const char sql[] = "SELECT device, wall FROM device_clocks ORDER BY wall";
	if (store_update_device_clocks(s) < 0)
		return -1;
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	int rc, out = 0;
	while (!out && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ms;
		if (parse_datetime_ms((const char *)sqlite3_column_text(st, 1), &ms) == 0)
			out = cb(payload, (const char *)sqlite3_column_text(st, 0), ms);
	}
	sqlite3_reset(st);
	if (out)
		return out;
	return rc == SQLITE_DONE ? 0 : db_err(s, "device clocks");
}

int store_alarms(store *s, int (*cb)(void *payload, const char *ref, const char *imported, const char *seen),
		 void *payload)
{
	static const char sql[] = "SELECT ref, imported, seen FROM sync_alarms ORDER BY ref, added DESC";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	int rc, out = 0;
	while (!out && (rc = sqlite3_step(st)) == SQLITE_ROW)
		out = cb(payload, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			 (const char *)sqlite3_column_text(st, 2));
	sqlite3_reset(st);
	if (out)
		return out;
	return rc == SQLITE_DONE ? 0 : db_err(s, "alarms");
}

int store_clear_alarms(store *s, const char *ref)
{
	static const char sql[] = "DELETE FROM sync_alarms WHERE ref = ?";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, ref);
	return step_done(s, st, "alarm");
}

static int64_t count(store *s, const char *sql, const char *arg)
{
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	if (arg)
		bind_text(st, 1, arg);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

static int64_t count_upto(store *s, const char *sql, int64_t cap)
{
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cap);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

static const char quarantine_count[] = "SELECT count(*) FROM quarantine";

int64_t store_quarantine_count(store *s)
{
	int64_t n = count(s, quarantine_count, NULL);
	return n < 0 ? db_err(s, "quarantine count") : n;
}

int store_sync_counts(store *s, store_sync_count *out, int64_t cap)
{
	/* Capped: a station that never synced holds millions of local events
	 * not at the station, and home counts them at every redraw. */
	static const char unc[] = "SELECT count(*) FROM (SELECT 1 FROM events WHERE local = 1 AND blob IS NULL LIMIT ?)";
	static const char away[] =
		"SELECT count(*) FROM (SELECT 1 FROM events WHERE local = 1 AND at_station = 0 LIMIT ?)";
	static const char alarms[] = "SELECT count(*) FROM sync_alarms";
	store_sync_count c = {count_upto(s, unc, cap), count_upto(s, away, cap), count(s, quarantine_count, NULL),
			      count(s, alarms, NULL)};
	if (c.uncommitted < 0 || c.not_at_station < 0 || c.quarantined < 0 || c.alarms < 0)
		return db_err(s, "sync counts");
	*out = c;
	return 0;
}

int store_record_local_only(store *s, const char *record)
{
	static const char sql[] = "SELECT count(*) FROM events WHERE record = ? AND local = 1 AND at_station = 0";
	int64_t n = count(s, sql, record);
	return n < 0 ? db_err(s, "record at station") : n > 0;
}

int store_fts_definition(store *s, char **create, char **settings)
{
	*create = *settings = NULL;
	sqlite3_stmt *st = prep(s, "SELECT sql FROM sqlite_master WHERE name = 'records_fts'");
	if (!st)
		return -1;
	*create = sqlite3_step(st) == SQLITE_ROW ? xstrdup((const char *)sqlite3_column_text(st, 0)) : NULL;
	sqlite3_reset(st);
	if (!*create)
		return db_err(s, "the search index's definition");
	if (!(st = prep(s, "SELECT k, v FROM records_fts_config WHERE k != 'version'"))) {
		free(*create), *create = NULL;
		return -1;
	}
	strbuf sql;
	sb_init(&sql);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *set = sqlite3_mprintf("INSERT INTO records_fts (records_fts, rank) VALUES (%Q, %Q);",
					    (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
		sb_puts(&sql, set);
		sqlite3_free(set);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		sb_free(&sql);
		free(*create), *create = NULL;
		return db_err(s, "the search index's settings");
	}
	*settings = sb_take(&sql);
	return 0;
}

/* Empties the records but the drafts, which keep their rowids (their
 * search texts' too): set aside while the table is emptied at once, which
 * SQLite does without visiting a row when no trigger is on it
 * (store_bulk_pause), where deleting the rest one by one was a tenth of a
 * reindex. */
static int clear_records(store *s)
{
	sqlite3_stmt *st = prep(s, "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('records')");
	if (!st)
		return -1;
	char *cols = sqlite3_step(st) == SQLITE_ROW ? xstrdup((const char *)sqlite3_column_text(st, 0)) : NULL;
	sqlite3_reset(st);
	if (!cols)
		return db_err(s, "the records' columns");
	char *keep = xasprintf("CREATE TEMP TABLE kept_drafts AS SELECT rowid AS kept_rowid, * FROM records "
			       "WHERE status = 'draft'; DELETE FROM records; INSERT INTO records (rowid, %s) "
			       "SELECT kept_rowid, %s FROM temp.kept_drafts; DROP TABLE temp.kept_drafts",
			       cols, cols);
	int rc = exec_sql(s, keep);
	free(keep), free(cols);
	return rc;
}

int store_clear_index(store *s)
{
	/* Deleting from an FTS5 table reads and tokenises each row again
	 * (8 % of a reindex): the index is made anew from its own CREATE
	 * statement, and the drafts' texts wait with the load's for the
	 * commit (store_flush_search). */
	char *create, *settings;
	if (store_fts_definition(s, &create, &settings) < 0)
		return -1;
	int rc = exec_sql(s, "DELETE FROM temp.search_pending WHERE rowid IN "
			     "(SELECT rowid FROM records WHERE status != 'draft');"
			     "INSERT INTO temp.search_pending (rowid, text) SELECT rowid, text FROM records_fts "
			     "WHERE rowid IN (SELECT rowid FROM records WHERE status = 'draft') "
			     "AND rowid NOT IN (SELECT rowid FROM temp.search_pending);"
			     "DROP TABLE records_fts;");
	if (rc == 0 && (rc = exec_sql(s, create)) == 0)
		rc = exec_sql(s, settings);
	free(create), free(settings);
	if (rc < 0)
		return -1;
	s->search_dirty = 1;
	/* A record's tag is written with it (db/016); the drafts are kept,
	 * not folded again: theirs are made again here, as a reindex makes
	 * everything it can from what it keeps. */
	if (clear_records(s) < 0 || store_remake_tags(s) < 0)
		return -1;
	return exec_sql(s, "DELETE FROM events; DELETE FROM device_clocks; DELETE FROM settings WHERE key = 'clock_rowid';"
			   "DELETE FROM sync_refs; DELETE FROM quarantine;"
			   "DELETE FROM temp.fold_pending;");
}

int store_mark_fold(store *s, const char *record, const char *kind)
{
	static const char sql[] = "INSERT OR IGNORE INTO temp.fold_pending (record, kind) VALUES (?, ?)";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, record);
	bind_text(st, 2, kind);
	return step_done(s, st, "mark fold");
}

int64_t store_fold_pending_count(store *s)
{
	return scalar_sql(s, "SELECT count(*) FROM temp.fold_pending");
}

int store_fold_pending(store *s, int (*cb)(void *payload, const char *record, const char *kind), void *payload)
{
	static const char sql[] = "SELECT record, kind FROM temp.fold_pending ORDER BY record";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	int rc, out = 0;
	while (!out && (rc = sqlite3_step(st)) == SQLITE_ROW)
		out = cb(payload, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	if (out)
		return out;
	if (rc != SQLITE_DONE)
		return db_err(s, "records to fold");
	return exec_sql(s, "DELETE FROM temp.fold_pending");
}

int store_take_record_events(store *s, const char *record, int (*cb)(void *payload, const store_event_row *row),
			     void *payload)
{
	static const char sql[] = "SELECT id, body, blob, device, hlc_ms, local FROM events WHERE record = ?";
	static const char del[] = "DELETE FROM events WHERE record = ?";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, record);
	int rc, out = 0;
	while (!out && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_event_row row = {
			(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
			sqlite3_column_int64(st, 4), sqlite3_column_int(st, 5),
		};
		out = cb(payload, &row);
	}
	sqlite3_reset(st);
	if (out)
		return out;
	if (rc != SQLITE_DONE)
		return db_err(s, "events of a record");
	if (!(st = prep(s, del)))
		return -1;
	bind_text(st, 1, record);
	return step_done(s, st, "drop events");
}

int store_pending_attachments(store *s, char ***hashes, size_t *n)
{
	static const char sql[] = "SELECT hash FROM attachments WHERE blob IS NULL ORDER BY hash";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	char **v = NULL;
	size_t len = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xrealloc(v, (len + 1) * sizeof *v);
		v[len++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < len; i++)
			free(v[i]);
		free(v);
		return db_err(s, "pending attachments");
	}
	*hashes = v;
	*n = len;
	return 0;
}

char *store_attachment_blob(store *s, const char *hash)
{
	static const char sql[] = "SELECT blob FROM attachments WHERE hash = ? AND blob IS NOT NULL";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return NULL;
	bind_text(st, 1, hash);
	char *blob = sqlite3_step(st) == SQLITE_ROW ? xstrdup((const char *)sqlite3_column_text(st, 0)) : NULL;
	sqlite3_reset(st);
	if (!blob)
		err_set("no attachment %.12s in this data directory", hash);
	return blob;
}

int store_uncommit_local(store *s)
{
	return exec_sql(s, "UPDATE events SET blob = NULL WHERE local = 1 AND at_station = 0");
}

int store_set_attachment_blob(store *s, const char *hash, const char *blob)
{
	static const char sql[] = "UPDATE attachments SET blob = ? WHERE hash = ?";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, blob);
	bind_text(st, 2, hash);
	return step_done(s, st, "attachment blob");
}
