/*
 * store: SQLite connection, migrations and every SQL statement of the
 * program. Statements are prepared once and cached by their text's
 * address; all values are bound. See store.h.
 */
#include "store.h"
#include "embedded.h"
#include "json_yajl.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "store_impl.h"

/* SQLite says "database or disk is full" for SQLITE_FULL; but a write
 * that failed for want of space (the WAL index of a database opened on a
 * full disk) comes as an I/O error with ENOSPC: said as a full disk too. */
static int disk_full(store *s)
{
	int code = sqlite3_errcode(s->db);
	return (code == SQLITE_IOERR || code == SQLITE_CANTOPEN) && errno_disk_full(sqlite3_system_errno(s->db));
}

int db_err(store *s, const char *what)
{
	if (disk_full(s))
		return err_set("database: %s: the %s (%s)", what, ERR_DISK_FULL, sqlite3_errmsg(s->db));
	return err_set("database: %s: %s", what, sqlite3_errmsg(s->db));
}

/* A cached statement, reset and ready to bind; NULL with the error set. */
sqlite3_stmt *prep(store *s, const char *sql)
{
	for (int i = 0; i < s->n_cache; i++)
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return s->cache[i].st;
		}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_err(s, "prepare");
		return NULL;
	}
	if (s->n_cache == STMT_CACHE) {
		/* More static statements than the cache holds is a programming
		 * error; failing here beats leaking every statement after it. */
		sqlite3_finalize(st);
		err_set("database: statement cache full (%d): raise STMT_CACHE", STMT_CACHE);
		return NULL;
	}
	s->cache[s->n_cache].sql = sql, s->cache[s->n_cache++].st = st;
	return st;
}

sqlite3_stmt *prep_query(store *s, const char *sql, const char *what)
{
	for (int i = 0; i < QUERY_CACHE; i++)
		if (s->queries[i] && str_eq(sqlite3_sql(s->queries[i]), sql)) {
			sqlite3_stmt *st = s->queries[i];
			s->queries[i] = NULL;
			return st;
		}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_err(s, what);
		return NULL;
	}
	return st;
}

void unprep_query(store *s, sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (int i = 0; i < QUERY_CACHE; i++)
		if (!s->queries[i]) {
			s->queries[i] = st;
			return;
		}
	sqlite3_finalize(s->queries[s->next_query]);
	s->queries[s->next_query] = st;
	s->next_query = (s->next_query + 1) % QUERY_CACHE;
}

void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Runs a statement that returns no rows. */
int step_done(store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(s, what);
	return 0;
}

int exec_sql(store *s, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set("database: %s%s%s", disk_full(s) ? "the " ERR_DISK_FULL " (" : "", msg ? msg : sqlite3_errmsg(s->db),
			disk_full(s) ? ")" : "");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int store_latest_version(void)
{
	int n = 0;
	while (embedded_schema[n].name)
		n++;
	return n;
}

int store_schema_version(store *s)
{
	sqlite3_stmt *st = prep(s, "PRAGMA user_version");
	int v = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	if (st)
		sqlite3_reset(st);
	return v;
}

/* Applies db/NNN_*.sql above the database's user_version, each in its own
 * transaction together with the version bump, so a crash mid-way leaves
 * the previous version intact. */
int store_migrate(store *s, int max_version)
{
	int have = store_schema_version(s), latest = store_latest_version();
	if (have < 0)
		return -1;
	if (have > latest)
		return err_set("database schema version %d is newer than this program (%d): upgrade dustwatch",
			       have, latest);
	if (max_version <= 0 || max_version > latest)
		max_version = latest;
	for (int v = have + 1; v <= max_version; v++) {
		const struct embedded *m = &embedded_schema[v - 1];
		char *sql = xstrndup(m->data, m->len);
		char *bump = xasprintf("PRAGMA user_version = %d", v);
		int rc = exec_sql(s, "BEGIN IMMEDIATE");
		if (rc == 0 && (exec_sql(s, sql) < 0 || exec_sql(s, bump) < 0)) {
			err_prefix("migration %s", m->name);
			exec_sql(s, "ROLLBACK");
			rc = -1;
		} else if (rc == 0) {
			rc = exec_sql(s, "COMMIT");
		}
		free(sql), free(bump);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* A connection to path as every store has it: waiting 10 s for a
 * writer, write-ahead logged, synced in full, with its temporary tables.
 * With max_version >= 0 the schema is migrated first (0: to the latest). */
int store_connect(store *s, const char *path, int max_version)
{
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		if (s->db && disk_full(s))
			return err_set("%s: the %s (%s)", path, ERR_DISK_FULL, sqlite3_errmsg(s->db));
		return err_set("%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
	}
	sqlite3_busy_timeout(s->db, 10000);
	/* synchronous=FULL: a draft field must survive the laptop losing
	 * power, not only the process being killed. */
	if (exec_sql(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON") < 0)
		return err_prefix("%s", path);
	if (exec_sql(s, "SELECT count(*) FROM sqlite_master") < 0)
		return err_prefix("%s is not a dustwatch database", path);
	if (max_version >= 0 && store_migrate(s, max_version) < 0)
		return err_prefix("%s", path);
	return store_temp_tables(s);
}

int store_temp_tables(store *s)
{
	return exec_sql(s, "CREATE TEMP TABLE fold_pending (record TEXT PRIMARY KEY, kind TEXT NOT NULL) WITHOUT ROWID;"
			   "CREATE TEMP TABLE search_pending (rowid INTEGER PRIMARY KEY, text TEXT NOT NULL)");
}

/* The bytes of page cache a planned load will use (store_plan_load). */
static size_t planned_cache;

void store_plan_load(size_t bytes)
{
	planned_cache = bytes;
}

/* Memory for SQLite's page cache, faulted in with one call (a reindex of
 * 201,135 events faulted 66,000 pages one by one, 0.3 s of its importing
 * thread in this machine's kernel; the call takes 0.08 s). SQLite writes a
 * pointer into every slot when it starts, and takes the slots for every
 * connection's pages (the load's, the search index's side build, the
 * temporary database); once they are gone, a cache recycles its pages
 * instead of growing, so the slots are as many as the load's cache plus an
 * eighth. The memory stays the process's until it ends: for a command
 * that loads, not for the TUI. */
static void give_page_cache(void)
{
	enum { PAGE = 4096 }; /* SQLite's default page size, every database's here */
	int hdr = 0;
	if (!planned_cache || sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK)
		return;
	size_t cap = (size_t)STORE_BULK_CACHE_KIB * 1024, want = planned_cache < cap ? planned_cache : cap;
	size_t slot = ((size_t)PAGE + (size_t)hdr + 7) & ~(size_t)7, n = want / PAGE + want / PAGE / 8 + 256;
	void *mem = mmap(NULL, slot * n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		return;
	/* In 2 MiB pages where the kernel has them (its "madvise" mode): every
	 * page the load reads misses the TLB less (a reindex of 201,135
	 * events 12.2 s to 11.1 s). Memory the process has not had costs the
	 * same either way here, 0.4 s for these 322 MB: a virtual machine's
	 * host backs it only as it is first written. */
#ifdef MADV_HUGEPAGE
	madvise(mem, slot * n, MADV_HUGEPAGE);
#endif
	/* Linux 5.14 on: without it, SQLite's own setup faults the slots in. */
#ifdef MADV_POPULATE_WRITE
	madvise(mem, slot * n, MADV_POPULATE_WRITE);
#endif
	if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, mem, (int)slot, (int)n) != SQLITE_OK)
		munmap(mem, slot * n);
}

/* A statement's journal (what undoes one statement that fails inside a
 * transaction) stays in memory, not in a temporary file past SQLite's
 * 64 KiB: once moved to a file it stays there for the rest of the
 * transaction, and every statement of a load after the first big one
 * wrote its pages there (1.0 GB of writes in a reindex of 201,135
 * events, for a database of 450 MB). No larger threshold can be set:
 * SQLite takes it as the size of the journal's chunks too, and writes no
 * chunk past 128 KiB. So no statement in a transaction may change more
 * pages than memory holds (a load's writes are a statement a row). */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	/* SQLite's count of its memory in use takes a lock shared by every
	 * connection on each allocation, and nothing here reads it. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	give_page_cache();
}

int store_open(store **out, const char *path, int max_version)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_sqlite);
	store *s = xcalloc(1, sizeof *s);
	s->lock_fd = -1;
	s->path = xstrdup(path);
	if (store_lock_shared(s) < 0 || store_connect(s, path, max_version) < 0) {
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void store_forget_statements(store *s)
{
	for (int i = 0; i < s->n_cache; i++)
		sqlite3_finalize(s->cache[i].st);
	s->n_cache = 0;
	for (int i = 0; i < QUERY_CACHE; i++) {
		sqlite3_finalize(s->queries[i]);
		s->queries[i] = NULL;
	}
}

void store_close(store *s)
{
	if (!s)
		return;
	store_search_build_cancel(s->side);
	store_fresh_abandon(s);
	store_forget_statements(s);
	sqlite3_close(s->db);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	json_decref(s->unreadable);
	free(s->path);
	free(s);
}

/* Transactions nest: the outermost is a real BEGIN IMMEDIATE (so a writer
 * never deadlocks on lock upgrade), inner ones are savepoints, so a bulk
 * writer (the demo) can wrap many record operations in one transaction. */
int store_begin(store *s)
{
	if (exec_sql(s, s->depth ? "SAVEPOINT nested" : "BEGIN IMMEDIATE") < 0)
		return -1;
	s->depth++;
	return 0;
}

int store_commit(store *s)
{
	if (s->depth <= 0)
		return err_set("database: commit without a transaction");
	if (s->depth == 1 && store_flush_search(s) < 0)
		return -1;
	if (exec_sql(s, s->depth > 1 ? "RELEASE nested" : "COMMIT") < 0)
		return -1;
	s->depth--;
	return s->depth == 0 && s->held ? store_fresh_swap(s) : 0;
}

/* Keeps the error that made the caller roll back: SQLite may have rolled
 * the transaction back itself (SQLITE_FULL does), and "cannot rollback -
 * no transaction is active" would hide why. */
void store_rollback(store *s)
{
	char *why = xstrdup(err_msg());
	int open = !sqlite3_get_autocommit(s->db);
	if (s->depth > 1 && open)
		exec_sql(s, "ROLLBACK TO nested; RELEASE nested");
	else if (s->depth == 1) {
		if (open)
			exec_sql(s, "ROLLBACK");
		s->search_dirty = 0; /* the TEMP table rolled back too */
		store_search_build_cancel(s->side);
		s->side = NULL, s->bulk = 0;
		store_fresh_abandon(s);
	}
	if (s->depth > 0)
		s->depth--;
	err_set("%s", why);
	free(why);
}

char *store_setting(store *s, const char *key)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	sqlite3_stmt *st = prep(s, sql);
	char *v = NULL;
	if (!st)
		return NULL;
	bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return v;
}

int store_set_setting(store *s, const char *key, const char *value)
{
	static const char sql[] = "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, key);
	bind_text(st, 2, value);
	return step_done(s, st, "save setting");
}

int store_next_seq(store *s, const char *key, long *out)
{
	char *v = store_setting(s, key);
	long n = v ? strtol(v, NULL, 10) + 1 : 1;
	free(v);
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", n);
	if (store_set_setting(s, key, buf) < 0)
		return -1;
	*out = n;
	return 0;
}

int store_save_form(store *s, const char *kind, int version, const char *source)
{
	static const char sql[] = "INSERT OR IGNORE INTO forms (kind, version, source) VALUES (?, ?, ?)";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, kind);
	sqlite3_bind_int(st, 2, version);
	bind_text(st, 3, source);
	return step_done(s, st, "save form");
}

char *store_form_source(store *s, const char *kind, int version)
{
	static const char sql[] = "SELECT source FROM forms WHERE kind = ? AND version = ?";
	sqlite3_stmt *st = prep(s, sql);
	char *v = NULL;
	if (!st)
		return NULL;
	bind_text(st, 1, kind);
	sqlite3_bind_int(st, 2, version);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return v;
}

int store_add_event(store *s, const json_t *ev, const char *canon, int local)
{
	return store_add_event_file(s, ev, canon, local, NULL, 0);
}

int store_add_event_file(store *s, const json_t *ev, const char *canon, int local, const char *blob, int at_station)
{
	static const char sql[] = "INSERT OR IGNORE INTO events (id, record, hlc_ms, hlc_c, device, op, body, local, "
				  "blob, at_station) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	hlc h = event_hlc(ev);
	bind_text(st, 1, event_str(ev, "id"));
	bind_text(st, 2, event_str(ev, "record"));
	sqlite3_bind_int64(st, 3, h.ms);
	sqlite3_bind_int(st, 4, h.c);
	bind_text(st, 5, event_str(ev, "device"));
	bind_text(st, 6, event_str(ev, "op"));
	bind_text(st, 7, canon);
	sqlite3_bind_int(st, 8, local);
	bind_text(st, 9, blob);
	sqlite3_bind_int(st, 10, at_station);
	if (step_done(s, st, "add event") < 0)
		return -1;
	if (sqlite3_changes(s->db) > 0)
		return 1;
	/* Known: it may have come by another branch, or been committed here. */
	return blob && store_set_event_blob(s, event_str(ev, "id"), blob, at_station) < 0 ? -1 : 0;
}

void store_free_events(json_t **ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_decref(ev[i]);
	free(ev);
}

void store_free_event_texts(store_event_text *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].body), free(t[i].clear);
	free(t);
}

int store_record_event_texts(store *s, const char *record, store_event_text **out, size_t *n)
{
	/* With the clear values this machine keeps of sealed fields (seal.h). */
	static const char sql[] = "SELECT body, u.fields FROM events LEFT JOIN unsealed u ON u.event = events.id "
				  "WHERE record = ? ORDER BY hlc_ms, hlc_c, device, id";
	sqlite3_stmt *st = prep(s, sql);
	if (!st)
		return -1;
	bind_text(st, 1, record);
	store_event_text *t = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap)
			t = xrealloc(t, (cap = cap ? 2 * cap : 4) * sizeof *t);
		const char *clear = (const char *)sqlite3_column_text(st, 1);
		t[len].body = xstrdup((const char *)sqlite3_column_text(st, 0));
		t[len++].clear = clear ? xstrdup(clear) : NULL;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_free_event_texts(t, len);
		return db_err(s, "read events");
	}
	*out = t;
	*n = len;
	return 0;
}

int store_parse_events(const char *record, const store_event_text *t, size_t n, json_t ***out)
{
	json_t **ev = n ? xmalloc(n * sizeof *ev) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_error_t je;
		json_t *e = json_yajl_loadb(t[i].body, strlen(t[i].body), 0, &je);
		if (!e) {
			store_free_events(ev, i);
			return err_set("event of record %s unreadable in database: %s", record, je.text);
		}
		/* The clear values in place of the sealed ones. */
		json_t *c = t[i].clear ? json_loads(t[i].clear, 0, NULL) : NULL, *fields = json_object_get(e, "fields");
		if (json_is_object(c) && json_is_object(fields))
			json_object_update_existing(fields, c);
		json_decref(c);
		ev[i] = e;
	}
	*out = ev;
	return 0;
}

int store_record_events(store *s, const char *record, json_t ***out, size_t *n)
{
	store_event_text *t = NULL;
	size_t len = 0;
	if (store_record_event_texts(s, record, &t, &len) < 0)
		return -1;
	int rc = store_parse_events(record, t, len, out);
	store_free_event_texts(t, len);
	if (rc == 0)
		*n = len;
	return rc;
}

int store_max_hlc(store *s, hlc *out)
{
	static const char sql[] = "SELECT hlc_ms, hlc_c FROM events ORDER BY hlc_ms DESC, hlc_c DESC LIMIT 1";
	sqlite3_stmt *st = prep(s, sql);
	hlc h = {0, 0};
	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		h.ms = sqlite3_column_int64(st, 0), h.c = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	*out = h;
	return 0;
}

int64_t scalar_sql(store *s, const char *sql)
{
	sqlite3_stmt *st = prep(s, sql);
	int64_t n = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

int64_t store_data_stamp(store *s)
{
	/* data_version moves with other connections' commits; total_changes
	 * with this one's writes. -1 (a failed pragma) is never a stamp kept. */
	int64_t v = scalar_sql(s, "PRAGMA data_version");
	return v < 0 ? -1 : ((int64_t)s->generation << 56) ^ (v << 32) ^ (int64_t)sqlite3_total_changes(s->db);
}

int store_events_empty(store *s)
{
	return (int)scalar_sql(s, "SELECT NOT EXISTS (SELECT 1 FROM events)");
}

int64_t store_count_events(store *s)
{
	static const char sql[] = "SELECT count(*) FROM events";
	return scalar_sql(s, sql);
}

int store_set_cache(store *s, int64_t kib)
{
	char *sql = sqlite3_mprintf("PRAGMA cache_size = -%lld", (long long)kib);
	int rc = exec_sql(s, sql);
	sqlite3_free(sql);
	return rc;
}
