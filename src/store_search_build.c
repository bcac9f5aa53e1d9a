/*
 * store_search_build: a bulk load's search index made on a second core.
 *
 * At the end of a reindex the trigram index took in every record's text
 * on the calling thread (2.6 s of 20 at 200,000 events, 10 s of 107 at
 * 10^6) while the other core had nothing to do. When the load starts the
 * index from empty, a second connection builds the same FTS5 table in a
 * side database file, on a thread of its own, and the side table's
 * shadow tables (its segments, term index, texts and sizes) are then
 * copied into records_fts's as rows, nothing tokenised twice.
 *
 * The side build begins with the fold (store_search_stream_begin): each
 * text the fold writes is handed to it as it is made, so that it is
 * mostly done when the load makes its other indexes; begun only then,
 * it kept the load waiting for it, one core idle (2.8 s at 200,000
 * events). Texts waiting in temp.search_pending when the fold begins (a
 * reindex's drafts) are handed over first; texts written after the fold (a
 * retry of the quarantine) wait there as in any transaction and are handed
 * over last: a rowid given again replaces the text given before.
 *
 * The side file is scratch: made anew each time, removed after, and a
 * load killed halfway leaves the database as it was (the copy is in the
 * load's transaction). When the side file cannot be made, the texts go
 * in here as before (store_flush_search); when the side build fails after
 * it took texts, the load fails with its error.
 */
#include "store_impl.h"
#include "util.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Below this many texts at the end of a load the thread is not worth its
 * start. The thread takes the texts a batch at a time, so that it comes
 * back to the queue often enough to see it is hurried. */
enum { SIDE_MIN_TEXTS = 256, SIDE_BATCH = 256 };

typedef struct {
	sqlite3_int64 rowid;
	char *text;
} side_text;

struct search_build {
	char *path; /* the side database file */
	sqlite3 *side;
	sqlite3_stmt *put;
	char *why; /* the side build's failure, or NULL */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t more;
	side_text *q; /* q[head..n): handed over, not taken yet */
	size_t head, n, cap;
	size_t given; /* texts handed over in all */
	int closed;   /* no more texts will come */
	int hurried;  /* the load waits for the build */
	int handed_back; /* the thread left the rest to the load's thread */
	int streaming; /* the fold's texts come here, not to temp.search_pending */
	atomic_int abandoned; /* the load ended without it: stop indexing */
};

static const char *const shadow[] = {"data", "idx", "content", "docsize"};

static void texts_free(side_text *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].text);
}

static void build_free(search_build *b)
{
	sqlite3_finalize(b->put);
	if (b->side)
		sqlite3_close(b->side);
	unlink(b->path);
	texts_free(b->q + b->head, b->n - b->head);
	free(b->q);
	pthread_cond_destroy(&b->more);
	pthread_mutex_destroy(&b->mu);
	free(b->path), free(b->why);
	free(b);
}

static int side_exec(search_build *b, const char *sql)
{
	if (sqlite3_exec(b->side, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	b->why = xasprintf("%s: %s", b->path, sqlite3_errmsg(b->side));
	return -1;
}

/* Under b->mu: up to a batch of texts from the front of the queue. */
static size_t take_batch(search_build *b, side_text *out)
{
	size_t n = b->n - b->head < SIDE_BATCH ? b->n - b->head : SIDE_BATCH;
	memcpy(out, b->q + b->head, n * sizeof *out);
	b->head += n;
	if (b->head == b->n)
		b->head = b->n = 0;
	return n;
}

/* Puts texts into the side index and frees them; only frees them after a
 * failure (failed), or once abandoned. A text goes into FTS5's own buffer
 * and is given back at once (90 MB of texts at 10^6 events). Returns the
 * failure's message, or NULL. */
static char *put_texts(search_build *b, side_text *t, size_t n, int failed)
{
	char *why = NULL;
	for (size_t i = 0; i < n && !failed && !why && !atomic_load(&b->abandoned); i++) {
		sqlite3_bind_int64(b->put, 1, t[i].rowid);
		sqlite3_bind_text(b->put, 2, t[i].text, -1, SQLITE_STATIC);
		if (sqlite3_step(b->put) != SQLITE_DONE)
			why = xasprintf("%s: %s", b->path, sqlite3_errmsg(b->side));
		sqlite3_reset(b->put);
	}
	texts_free(t, n);
	return why;
}

/* Under b->mu: the next batch put in, the lock let go meanwhile. */
static void put_batch(search_build *b)
{
	side_text t[SIDE_BATCH];
	size_t n = take_batch(b, t);
	int failed = b->why != NULL;
	pthread_mutex_unlock(&b->mu);
	char *why = put_texts(b, t, n, failed);
	pthread_mutex_lock(&b->mu);
	if (why && !b->why)
		b->why = why;
	else
		free(why);
}

/* Takes the texts handed over until the queue is closed, at the
 * scheduler's idle priority: the fold's writing and preparing threads are
 * what the load waits for, and three threads sharing two cores had left
 * them a third less; the build takes what they leave, and catches up on
 * the core the load leaves idle while it makes its other indexes (a
 * reindex of 201,135 events 0.7 s shorter). Once the load waits for it
 * (hurried), the thread asks for its priority back; a process without
 * the right to raise it (RLIMIT_NICE) cannot, and the thread then stops
 * and leaves the rest to the waiting thread: at idle priority on a busy
 * machine it could wait for minutes. After a failure, or once abandoned,
 * the texts are only freed. */
static void *build(void *arg)
{
	search_build *b = arg;
	struct sched_param none = {0};
	int idle = pthread_setschedparam(pthread_self(), SCHED_IDLE, &none) == 0;
	pthread_mutex_lock(&b->mu);
	for (;;) {
		while (b->head == b->n && !b->closed && !b->hurried)
			pthread_cond_wait(&b->more, &b->mu);
		if (b->hurried && idle && (idle = pthread_setschedparam(pthread_self(), SCHED_OTHER, &none) != 0)) {
			b->handed_back = 1;
			break;
		}
		if (b->head == b->n && b->closed)
			break;
		if (b->head < b->n)
			put_batch(b);
	}
	int ok = !b->handed_back && !b->why && !atomic_load(&b->abandoned);
	pthread_mutex_unlock(&b->mu);
	/* Only this thread writes b->why from here: the queue is closed. */
	if (ok)
		side_exec(b, "COMMIT");
	return NULL;
}

static void give(search_build *b, sqlite3_int64 rowid, char *text)
{
	pthread_mutex_lock(&b->mu);
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1024;
		b->q = xrealloc(b->q, b->cap * sizeof *b->q);
	}
	b->q[b->n++] = (side_text){rowid, text};
	b->given++;
	/* Woken by the first of a run only: it takes them all, a batch at a
	 * time, before it waits again. */
	if (b->n - b->head == 1)
		pthread_cond_signal(&b->more);
	pthread_mutex_unlock(&b->mu);
}

/* Whether records_fts holds nothing yet: then the side index is the whole
 * index, and its shadow tables can replace records_fts's. */
static int index_empty(store *s)
{
	return scalar_sql(s, "SELECT NOT EXISTS (SELECT 1 FROM records_fts_docsize)") == 1;
}

/* The side file needs no journal and no sync: it is thrown away unless
 * complete, and read back before this process ends. Made here, so that a
 * side file that cannot be made leaves the texts to this connection. */
static search_build *side_open(store *s)
{
	/* A database in memory (a test's) has no folder for the side file. */
	const char *db = sqlite3_db_filename(s->db, "main");
	if (!db || !*db || !index_empty(s))
		return NULL;
	char *create, *settings;
	if (store_fts_definition(s, &create, &settings) < 0)
		return NULL;
	search_build *b = xcalloc(1, sizeof *b);
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->more, NULL);
	b->path = xasprintf("%s.search-build", s->path); /* the database's, not a fresh file's */
	unlink(b->path);
	int ok = sqlite3_open(b->path, &b->side) == SQLITE_OK &&
		 side_exec(b, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF") == 0 && side_exec(b, create) == 0 &&
		 side_exec(b, settings) == 0 &&
		 side_exec(b, "BEGIN") == 0 &&
		 sqlite3_prepare_v2(b->side, "INSERT OR REPLACE INTO records_fts (rowid, text) VALUES (?, ?)", -1, &b->put,
				    NULL) == SQLITE_OK &&
		 pthread_create(&b->thread, NULL, build, b) == 0;
	free(create), free(settings);
	if (!ok) {
		build_free(b);
		return NULL;
	}
	return b;
}

/* The texts waiting in temp.search_pending, handed over. */
static int give_pending(store *s, search_build *b)
{
	sqlite3_stmt *st = prep(s, "SELECT rowid, text FROM temp.search_pending ORDER BY rowid");
	int rc;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);
		give(b, sqlite3_column_int64(st, 0), xstrdup(t ? t : ""));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_err(s, "search texts");
}

static void close_queue(search_build *b)
{
	pthread_mutex_lock(&b->mu);
	b->closed = 1;
	pthread_cond_signal(&b->more);
	pthread_mutex_unlock(&b->mu);
}

/* The load waits for the side build: the thread ends, or, if it cannot
 * have its priority back, leaves the rest to this one (which then has the
 * side connection to itself). */
static void hurry(search_build *b)
{
	pthread_mutex_lock(&b->mu);
	b->hurried = 1;
	pthread_cond_signal(&b->more);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->thread, NULL);
}

/* The texts already waiting (the drafts' of a reindex, say) go first, so
 * that the side takes every text in the order it was written. */
int store_search_stream_begin(store *s)
{
	if (!s->bulk || s->side || !(s->side = side_open(s)))
		return 0;
	s->side->streaming = 1, s->search_dirty = 1;
	if (give_pending(s, s->side) < 0 || exec_sql(s, "DELETE FROM temp.search_pending") < 0) {
		store_search_build_cancel(s->side);
		s->side = NULL;
		return -1;
	}
	return 0;
}

void store_search_stream_end(store *s)
{
	if (s->side)
		s->side->streaming = 0;
}

int store_search_stream(store *s, sqlite3_int64 rowid, const char *text)
{
	if (!s->side || !s->side->streaming)
		return 0;
	give(s->side, rowid, xstrdup(text));
	return 1;
}

int store_search_build_start(store *s, search_build **out)
{
	search_build *b = s->side;
	s->side = *out = NULL;
	if (!b) {
		if (!s->search_dirty || scalar_sql(s, "SELECT count(*) FROM temp.search_pending") < SIDE_MIN_TEXTS ||
		    !(b = side_open(s)))
			return 0;
	}
	b->streaming = 0;
	/* A failure here fails the load: the fold's texts are in the side
	 * build alone. */
	if (give_pending(s, b) < 0) {
		store_search_build_cancel(b);
		return -1;
	}
	close_queue(b);
	*out = b;
	return 0;
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
	atomic_store(&b->abandoned, 1);
	close_queue(b);
	hurry(b);
	build_free(b);
}

static void finish_build(search_build *b)
{
	hurry(b);
	if (!b->handed_back)
		return;
	pthread_mutex_lock(&b->mu);
	while (b->head < b->n)
		put_batch(b);
	pthread_mutex_unlock(&b->mu);
	if (!b->why)
		side_exec(b, "COMMIT");
}

int store_search_build_finish(store *s, search_build *b)
{
	finish_build(b);
	int rc = 0;
	if (b->why) {
		/* The fold's texts went to the side alone: they cannot be put
		 * in here instead. */
		size_t pending = (size_t)scalar_sql(s, "SELECT count(*) FROM temp.search_pending");
		if (b->given > pending) {
			err_set("the search index could not be built: %s", b->why);
			build_free(b);
			return -1;
		}
		build_free(b);
		return store_flush_search(s);
	}
	/* The structure record (data's row 10) and the rest come whole from
	 * the side; the settings stay this index's own. FTS5 keeps a table's
	 * structure in memory from one transaction to the next and reads it
	 * again only after another connection's commit: rows written under
	 * it would leave this connection's next write on the structure it
	 * read before (an empty index), overwriting the copied segments. The
	 * table is made anew first, which starts with nothing in memory, and
	 * given its settings after the copy, which may read the structure. */
	char *create, *settings;
	if (store_fts_definition(s, &create, &settings) < 0) {
		build_free(b);
		return -1;
	}
	rc = exec_sql(s, "DROP TABLE records_fts");
	if (rc == 0)
		rc = exec_sql(s, create);
	for (size_t i = 0; rc == 0 && i < sizeof shadow / sizeof *shadow; i++) {
		char *clear = xasprintf("DELETE FROM records_fts_%s", shadow[i]);
		rc = exec_sql(s, clear);
		free(clear);
	}
	for (size_t i = 0; rc == 0 && i < sizeof shadow / sizeof *shadow; i++)
		rc = copy_shadow(s, b, shadow[i]);
	if (rc == 0)
		rc = exec_sql(s, settings);
	free(create), free(settings);
	build_free(b);
	if (rc < 0 || exec_sql(s, "DELETE FROM temp.search_pending") < 0)
		return -1;
	s->search_dirty = 0;
	return 0;
}
