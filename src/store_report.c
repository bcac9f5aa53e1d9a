/*
 * store_report: the counts behind the station's reports (report.c), as SQL
 * aggregates over db/010's records_report index: (kind, date, status, tag,
 * due, site) covers every column they read, so a year is one walk of that
 * index and no record's JSON state is parsed. Drafts and voided records are
 * never counted.
 */
#include "store_impl.h"

/* Grouped by day, not month: (kind, date, status, tag) is the index's own
 * order, so SQLite groups as it walks, with no sort; report.c adds the days
 * of a month. The kinds are listed so each is one range of the index. */
/* The sixth column counts what is past its stored deadline (due, a
 * complaint's reply deadline set when it was received) or, for a record
 * made before it had one, dated before ?4 (today less the station's
 * complaint_days). */
static const char by_date_sql[] =
	"SELECT kind, date, status, tag, count(*), "
	"coalesce(sum(due < ?3), 0), coalesce(sum(CASE WHEN due IS NULL THEN date < ?4 ELSE due < ?3 END), 0), "
	"min(due), NULL "
	"FROM records INDEXED BY records_report "
	"WHERE kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery') "
	"AND date >= ?1 AND date <= ?2 AND status NOT IN ('draft', 'void') "
	"GROUP BY kind, date, status, tag";

static const char by_site_sql[] =
	"SELECT kind, NULL, status, tag, count(*), "
	"coalesce(sum(due < ?3), 0), coalesce(sum(CASE WHEN due IS NULL THEN date < ?4 ELSE due < ?3 END), 0), "
	"min(due), site "
	"FROM records INDEXED BY records_report "
	"WHERE kind = ?5 AND date >= ?1 AND date <= ?2 AND status NOT IN ('draft', 'void') AND site IS NOT NULL "
	"GROUP BY site, status, tag";

int store_tally(store *s, const store_tally_query *q, int (*cb)(void *payload, const store_tally_row *row),
		void *payload)
{
	sqlite3_stmt *st = prep(s, q->kind ? by_site_sql : by_date_sql);
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
