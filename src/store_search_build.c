/*
 * store_search_build: a bulk load's search index made on a second core.
 *
 * At the end of a reindex the trigram index took in every record's text
 * on the calling thread (2.6 s of 20 at 200,000 events, 10 s of 107 at
 * 10^6) while the other core had nothing to do. When the load starts the
 * index from empty, a second connection now builds the same FTS5 table in
 * a side database file from the load's texts, on a thread of its own,
 * while this connection makes the other indexes (store_bulk_resume); the
 * side table's shadow tables (its segments, term index, texts and sizes)
 * are then copied into records_fts's as rows, nothing tokenised twice.
 * The side file is scratch: made anew each time, removed after, and a
 * load killed halfway leaves the database as it was (the copy is in the
 * load's transaction). If the side build fails, the texts go in here as
 * before (store_flush_search).
 */
#include "store_impl.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Below this many texts the thread is not worth its start. */
enum { SIDE_MIN_TEXTS = 256 };

struct search_build {
	char *path;       /* the side database file */
	char *remake;     /* records_fts as it is here (store_fts_remake_sql) */
	sqlite3_int64 *rowid;
	char **text;
	size_t n;
	sqlite3 *side;
	char *why; /* the side build's failure, or NULL */
	pthread_t thread;
};

static const char *const shadow[] = {"data", "idx", "content", "docsize"};

static void build_free(search_build *b)
{
	if (b->side)
		sqlite3_close(b->side);
	unlink(b->path);
	for (size_t i = 0; i < b->n; i++)
		free(b->text[i]);
	free(b->rowid), free(b->text);
	free(b->path), free(b->remake), free(b->why);
	free(b);
}

static int side_exec(search_build *b, const char *sql)
{
	if (sqlite3_exec(b->side, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	b->why = xasprintf("%s: %s", b->path, sqlite3_errmsg(b->side));
	return -1;
}

/* The side file needs no journal and no sync: it is thrown away unless
 * complete, and read back before this process ends. */
static void *build(void *arg)
{
	search_build *b = arg;
	sqlite3_stmt *st = NULL;
	unlink(b->path);
	if (sqlite3_open(b->path, &b->side) != SQLITE_OK) {
		b->why = xasprintf("%s: %s", b->path, b->side ? sqlite3_errmsg(b->side) : "cannot open");
		return NULL;
	}
	if (side_exec(b, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF") < 0 || side_exec(b, b->remake) < 0 ||
	    side_exec(b, "BEGIN") < 0)
		return NULL;
	if (sqlite3_prepare_v2(b->side, "INSERT INTO records_fts (rowid, text) VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK) {
		b->why = xasprintf("%s: %s", b->path, sqlite3_errmsg(b->side));
		return NULL;
	}
	for (size_t i = 0; i < b->n && !b->why; i++) {
		sqlite3_bind_int64(st, 1, b->rowid[i]);
		sqlite3_bind_text(st, 2, b->text[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			b->why = xasprintf("%s: %s", b->path, sqlite3_errmsg(b->side));
		sqlite3_reset(st);
		/* Taken into FTS5's own buffer: given back while the other
		 * thread is making indexes (90 MB of texts at 10^6 events). */
		free(b->text[i]);
		b->text[i] = NULL;
	}
	sqlite3_finalize(st);
	if (!b->why)
		side_exec(b, "COMMIT");
	return NULL;
}

/* Whether records_fts holds nothing yet: then the side index is the whole
 * index, and its shadow tables can replace records_fts's. */
static int index_empty(store *s)
{
	return scalar_sql(s, "SELECT NOT EXISTS (SELECT 1 FROM records_fts_docsize)") == 1;
}

static int read_pending(store *s, search_build *b)
{
	sqlite3_stmt *st = prep(s, "SELECT rowid, text FROM temp.search_pending ORDER BY rowid");
	size_t cap = 0;
	int rc;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (b->n == cap) {
			cap = cap ? 2 * cap : 4096;
			b->rowid = xrealloc(b->rowid, cap * sizeof *b->rowid);
			b->text = xrealloc(b->text, cap * sizeof *b->text);
		}
		const char *t = (const char *)sqlite3_column_text(st, 1);
		b->rowid[b->n] = sqlite3_column_int64(st, 0);
		b->text[b->n++] = xstrdup(t ? t : "");
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_err(s, "search texts");
}

search_build *store_search_build_start(store *s)
{
	/* A database in memory (a test's) has no folder for the side file. */
	const char *db = sqlite3_db_filename(s->db, "main");
	if (!db || !*db || !s->search_dirty || !index_empty(s))
		return NULL;
	search_build *b = xcalloc(1, sizeof *b);
	b->path = xasprintf("%s.search-build", s->path); /* the database's, not a fresh file's */
	if (!(b->remake = store_fts_remake_sql(s)) || read_pending(s, b) < 0 || b->n < SIDE_MIN_TEXTS ||
	    pthread_create(&b->thread, NULL, build, b) != 0) {
		build_free(b);
		return NULL;
	}
	return b;
}

/* Copies the side table's shadow table name into records_fts's, row by row. */
static int copy_shadow(store *s, search_build *b, const char *name)
{
	char *from = xasprintf("SELECT * FROM records_fts_%s", name), *to = NULL;
	sqlite3_stmt *src = NULL, *dst = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(b->side, from, -1, &src, NULL) != SQLITE_OK) {
		err_set("%s: %s", b->path, sqlite3_errmsg(b->side));
		goto out;
	}
	int cols = sqlite3_column_count(src);
	strbuf q;
	sb_init(&q);
	sb_printf(&q, "INSERT INTO records_fts_%s VALUES (?", name);
	for (int i = 1; i < cols; i++)
		sb_puts(&q, ", ?");
	sb_putc(&q, ')');
	to = sb_take(&q);
	if (sqlite3_prepare_v2(s->db, to, -1, &dst, NULL) != SQLITE_OK) {
		db_err(s, "search index copy");
		goto out;
	}
	int step;
	while ((step = sqlite3_step(src)) == SQLITE_ROW) {
		for (int i = 0; i < cols; i++)
			sqlite3_bind_value(dst, i + 1, sqlite3_column_value(src, i));
		if (sqlite3_step(dst) != SQLITE_DONE) {
			db_err(s, "search index copy");
			goto out;
		}
		sqlite3_reset(dst);
	}
	if (step != SQLITE_DONE) {
		err_set("%s: %s", b->path, sqlite3_errmsg(b->side));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(src), sqlite3_finalize(dst);
	free(from), free(to);
	return rc;
}

void store_search_build_cancel(search_build *b)
{
	if (!b)
		return;
	pthread_join(b->thread, NULL);
	build_free(b);
}

int store_search_build_finish(store *s, search_build *b)
{
	pthread_join(b->thread, NULL);
	int rc = 0;
	if (b->why) {
		build_free(b);
		return store_flush_search(s);
	}
	/* The structure record (data's row 10) and the rest come whole from
	 * the side; the settings stay this index's own. */
	for (size_t i = 0; rc == 0 && i < sizeof shadow / sizeof *shadow; i++) {
		char *clear = xasprintf("DELETE FROM records_fts_%s", shadow[i]);
		rc = exec_sql(s, clear);
		free(clear);
	}
	for (size_t i = 0; rc == 0 && i < sizeof shadow / sizeof *shadow; i++)
		rc = copy_shadow(s, b, shadow[i]);
	build_free(b);
	if (rc < 0 || exec_sql(s, "DELETE FROM temp.search_pending") < 0)
		return -1;
	s->search_dirty = 0;
	return 0;
}
