/*
 * store_report: the counts behind the station's reports (report.c), as SQL
 * aggregates: by day from db/014's report_days and the open records' index,
 * by site over db/010's records_report index ((kind, date, status, tag,
 * due, site) covers every column they read), so no record's JSON state is
 * parsed. Drafts and voided records are never counted.
 */
#include "store_impl.h"

/* By day, not month: report.c adds the days of a month. The counts are
 * db/014's report_days, a row per kind, day, status and tag; the sums that
 * depend on today come from the open records alone (records_open), as
 * rows of their own with n 0. The sixth column counts what is past its
 * stored deadline (due, a complaint's reply deadline set when it was
 * received) or, for a record made before it had one, dated before ?4
 * (today less the station's complaint_days). */
static const char by_date_sql[] =
	"SELECT kind, date, status, nullif(tag, ''), sum(n), 0, 0, NULL, NULL FROM report_days "
	"WHERE kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery') "
	"AND date >= ?1 AND date <= ?2 AND status NOT IN ('draft', 'void') AND n > 0 "
	"GROUP BY kind, date, status, tag "
	"UNION ALL "
	"SELECT kind, date, status, tag, 0, "
	"coalesce(sum(due < ?3), 0), coalesce(sum(CASE WHEN due IS NULL THEN date < ?4 ELSE due < ?3 END), 0), "
	"min(due), NULL "
	"FROM records INDEXED BY records_open "
	"WHERE status IN ('issued', 'received', 'handling') AND kind IN ('notice', 'complaint') "
	"AND date >= ?1 AND date <= ?2 "
	"GROUP BY kind, date, status, tag";

static const char by_site_sql[] =
	"SELECT kind, NULL, status, tag, count(*), "
	"coalesce(sum(due < ?3), 0), coalesce(sum(CASE WHEN due IS NULL THEN date < ?4 ELSE due < ?3 END), 0), "
	"min(due), site "
	"FROM records INDEXED BY records_report "
	"WHERE kind = ?5 AND date >= ?1 AND date <= ?2 AND status NOT IN ('draft', 'void') AND site IS NOT NULL "
	"GROUP BY site, status, tag";

/* The same over the open records alone, through db/014's partial index. */
static const char open_by_site_sql[] =
	"SELECT kind, NULL, status, tag, count(*), "
	"coalesce(sum(due < ?3), 0), coalesce(sum(CASE WHEN due IS NULL THEN date < ?4 ELSE due < ?3 END), 0), "
	"min(due), site "
	"FROM records INDEXED BY records_open "
	"WHERE status IN ('issued', 'received', 'handling') AND kind = ?5 AND date >= ?1 AND date <= ?2 "
	"AND site IS NOT NULL GROUP BY site, status, tag";

int store_tally(store *s, const store_tally_query *q, int (*cb)(void *payload, const store_tally_row *row),
		void *payload)
{
	sqlite3_stmt *st = prep(s, !q->kind ? by_date_sql : q->open_only ? open_by_site_sql : by_site_sql);
	int rc, out = 0;
	if (!st)
		return -1;
	bind_text(st, 1, q->from ? q->from : "");
	bind_text(st, 2, q->to ? q->to : "9999-99-99");
	bind_text(st, 3, q->today ? q->today : "");
	bind_text(st, 4, q->cutoff ? q->cutoff : "");
	if (q->kind)
		bind_text(st, 5, q->kind);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_tally_row r = {
			.kind = (const char *)sqlite3_column_text(st, 0),
			.date = (const char *)sqlite3_column_text(st, 1),
			.status = (const char *)sqlite3_column_text(st, 2),
			.tag = (const char *)sqlite3_column_text(st, 3),
			.n = sqlite3_column_int64(st, 4),
			.due_before = sqlite3_column_int64(st, 5),
			.past_deadline = sqlite3_column_int64(st, 6),
			.min_due = (const char *)sqlite3_column_text(st, 7),
			.site = (const char *)sqlite3_column_text(st, 8),
		};
		if ((out = cb(payload, &r)))
			break;
	}
	if (!out && rc != SQLITE_DONE)
		out = db_err(s, "tally records");
	sqlite3_reset(st);
	return out;
}

/* A site is kept off the red list by a notice issued to it that is past
 * its deadline or orders work stopped (report_ledger's rule). */
static const char red_sql[] =
	"SELECT site, name, score FROM site_latest INDEXED BY site_latest_rank "
	"WHERE active = 1 AND score >= ?1 AND site NOT IN ("
	" SELECT site FROM records INDEXED BY records_open WHERE status IN ('issued', 'received', 'handling') "
	" AND kind = 'notice' AND site IS NOT NULL AND (due < ?2 OR tag = 'stopwork')) "
	"ORDER BY score DESC, name";
static const char black_sql[] = "SELECT site, name, score FROM site_latest INDEXED BY site_latest_rank "
				"WHERE active = 1 AND score < ?1 ORDER BY score, name DESC";

int store_site_list(store *s, int black, double threshold, const char *today, size_t limit, size_t *count,
		    int (*cb)(void *payload, const store_listed_site *site), void *payload)
{
	sqlite3_stmt *st = prep(s, black ? black_sql : red_sql);
	int rc, out = 0;
	size_t n = 0;
	if (!st)
		return -1;
	sqlite3_bind_double(st, 1, threshold);
	if (!black)
		bind_text(st, 2, today);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ >= limit || out)
			continue;
		store_listed_site r = {
			.site = (const char *)sqlite3_column_text(st, 0),
			.name = (const char *)sqlite3_column_text(st, 1),
			.score = sqlite3_column_double(st, 2),
		};
		out = cb(payload, &r);
	}
	if (!out && rc != SQLITE_DONE)
		out = db_err(s, "list sites by score");
	sqlite3_reset(st);
	*count = n;
	return out;
}

/* What db/014's triggers keep, computed afresh from the records: the
 * statements that filled the tables when db/014 made them (migrations are
 * history and never change; this is the copy that lives on). */
static const char rebuild_sql[] =
	"DELETE FROM record_counts;"
	"INSERT INTO record_counts (kind, status, n) SELECT kind, status, count(*) FROM records GROUP BY 1, 2;"
	"DELETE FROM report_days;"
	"INSERT INTO report_days (kind, date, status, tag, n) "
	"SELECT kind, coalesce(date, ''), status, coalesce(tag, ''), count(*) FROM records "
	"WHERE kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery') "
	"GROUP BY 1, 2, 3, 4;"
	"DELETE FROM site_latest;"
	"INSERT INTO site_latest (site, id, date, score, name, active) "
	"SELECT l.site, l.id, l.date, l.score, s.title, coalesce(s.status = 'active', 0) FROM ("
	" SELECT site, id, date, json_extract(state, '$.fields.total') AS score, max(date || ' ' || id)"
	" FROM records WHERE kind = 'inspection' AND status NOT IN ('draft', 'void') AND site IS NOT NULL"
	" GROUP BY site) l LEFT JOIN records s ON s.id = l.site AND s.kind = 'site';";

/* FTS5's term buffer for a bulk load; its defaults, where the index has
 * no setting of its own (fts5_config.c). */
#define BULK_FTS_HASHSIZE "67108864"
enum { FTS_AUTOMERGE = 4, FTS_HASHSIZE = 1048576 };

int store_bulk_pause(store *s, store_load load, json_t **saved)
{
	static const char sql[] =
		"SELECT name, sql, type FROM sqlite_master WHERE (type = 'trigger' "
		"AND (name LIKE 'report\\_days\\_%' ESCAPE '\\' OR name LIKE 'site\\_latest\\_%' ESCAPE '\\' "
		"OR name LIKE 'records\\_count\\_%' ESCAPE '\\')) "
		"OR (type = 'index' AND tbl_name IN ('records', 'events') AND sql IS NOT NULL AND name NOT IN "
		"('events_record', 'records_number', 'records_conflicted', ?1) "
		"AND name NOT LIKE 'records\\_lookup\\_%' ESCAPE '\\') "
		"ORDER BY type";
	sqlite3_stmt *st = prep(s, sql);
	json_t *t = json_array();
	int rc;
	*saved = NULL;
	if (!st) {
		json_decref(t);
		return -1;
	}
	/* Without it every event written scans the events for the newest
	 * clock. Partial indexes that a load's rows do not enter are kept: made
	 * again, each read every row (events_pending 0.1 s of a reindex of
	 * 201,135 events); an imported event always has its file's blob, and a
	 * record with conflicts is rare. */
	sqlite3_bind_text(st, 1, load == STORE_LOAD_WRITE ? "events_hlc" : "events_pending", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(t, json_pack("[sss]", (const char *)sqlite3_column_text(st, 0),
						   (const char *)sqlite3_column_text(st, 1),
						   (const char *)sqlite3_column_text(st, 2)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(t);
		return db_err(s, "read triggers");
	}
	size_t i;
	json_t *row;
	json_array_foreach(t, i, row)
	{
		char *drop = sqlite3_mprintf("DROP %s \"%w\"", json_string_value(json_array_get(row, 2)),
					     json_string_value(json_array_get(row, 0)));
		rc = exec_sql(s, drop);
		sqlite3_free(drop);
		if (rc < 0) {
			json_decref(t);
			return -1;
		}
	}
	/* The load's random keys (event ids, blob ids) touch pages all over
	 * their indexes: with SQLite's default 2 MiB of cache every insert
	 * wrote a page out to the WAL and read another back (a fifth of a
	 * reindex). The usual size comes back with the triggers. */
	int64_t kib = scalar_sql(s, "PRAGMA cache_size");
	char *restore = sqlite3_mprintf("PRAGMA cache_size = %lld", (long long)kib);
	json_array_append_new(t, json_pack("[sss]", "cache_size", restore, "pragma"));
	sqlite3_free(restore);
	/* The indexes made again at the end are sorted by SQLite on a
	 * second thread as well (they are the only sorts big enough for it
	 * to use one). */
	restore = sqlite3_mprintf("PRAGMA threads = %lld", (long long)scalar_sql(s, "PRAGMA threads"));
	json_array_append_new(t, json_pack("[sss]", "threads", restore, "pragma"));
	sqlite3_free(restore);
	/* The search index takes the load in one statement at the end
	 * (store_flush_search): with room for all its terms in memory and no
	 * merging on the way it writes a few big segments, not many small
	 * ones merged again and again (a quarter of the index's time); the
	 * index's own settings come back for what follows. */
	int64_t merge = scalar_sql(s, "SELECT v FROM records_fts_config WHERE k = 'automerge'");
	int64_t hash = scalar_sql(s, "SELECT v FROM records_fts_config WHERE k = 'hashsize'");
	restore = sqlite3_mprintf("INSERT INTO records_fts (records_fts, rank) VALUES ('automerge', %lld), "
				  "('hashsize', %lld)", (long long)(merge < 0 ? FTS_AUTOMERGE : merge),
				  (long long)(hash < 0 ? FTS_HASHSIZE : hash));
	json_array_append_new(t, json_pack("[sss]", "records_fts", restore, "fts"));
	sqlite3_free(restore);
	*saved = t;
	s->bulk = 1;
	if (store_set_cache(s, STORE_BULK_CACHE_KIB) < 0 || exec_sql(s, "PRAGMA threads = 2") < 0)
		return -1;
	return exec_sql(s, "INSERT INTO records_fts (records_fts, rank) VALUES ('automerge', 0), "
			   "('hashsize', " BULK_FTS_HASHSIZE ")");
}

int store_bulk_resume(store *s, json_t *saved)
{
	size_t i;
	json_t *row;
	/* The search index is made on the other core while the rest is made
	 * here (store_search_build.c); when it is not, its texts go in first,
	 * with the load's settings, before the index's own come back. */
	s->bulk = 0;
	search_build *b;
	int rc = store_search_build_start(s, &b);
	if (rc == 0 && !b)
		rc = store_flush_search(s);
	json_array_foreach(saved, i, row) if (rc == 0) rc = exec_sql(s, json_string_value(json_array_get(row, 1)));
	if (rc == 0)
		rc = exec_sql(s, rebuild_sql);
	if (rc < 0) {
		store_search_build_cancel(b);
		return -1;
	}
	return b ? store_search_build_finish(s, b) : 0;
}
