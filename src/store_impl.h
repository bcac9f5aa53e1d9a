/*
 * store_impl: what the store's source files share and nothing else sees:
 * the connection, the statement cache and the small binding helpers.
 */
#ifndef DW_STORE_IMPL_H
#define DW_STORE_IMPL_H

#include "store.h"
#include <sqlite3.h>

#define STMT_CACHE 64
#define QUERY_CACHE 8

struct store {
	sqlite3 *db;
	char *path;  /* the database file */
	int lock_fd; /* <path>.lock, locked shared while open (store_fresh.c) */
	/* A load into a fresh file (store_begin_fresh): the connection to
	 * the database, held until the fresh file is swapped in, and the
	 * fresh file's path; both NULL otherwise. */
	sqlite3 *held;
	char *fresh;
	long long held_version; /* held's PRAGMA data_version when the load began */
	unsigned generation; /* connections swapped in, for store_data_stamp */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
	int n_cache;
	sqlite3_stmt *queries[QUERY_CACHE]; /* prep_query's, free to take */
	int next_query;			    /* the slot to reuse when all are full */
	int depth; /* transaction nesting: outermost is BEGIN, inner are savepoints */
	int search_dirty; /* temp.search_pending has rows (store_flush_search) */
	int bulk;	  /* between store_bulk_pause and store_bulk_resume */
	struct search_build *side; /* the search index being built beside, from the fold on */
	json_t *unreadable; /* rows skipped by walks: [{"id","why"}], NULL when none */
};

/* Connects s->db to path as store_open does (migrating with max_version
 * >= 0); its temporary tables on their own. -1 with the error set. */
int store_connect(store *s, const char *path, int max_version);
int store_temp_tables(store *s);
/* Applies db/NNN_*.sql above the schema's version, to max_version (0: all). */
int store_migrate(store *s, int max_version);
/* Finalizes the cached statements, as a connection is closed or swapped. */
void store_forget_statements(store *s);
/* store_fresh.c: the lock every open store holds shared; the swap of a
 * fresh file in at its load's commit; and its end without one (at a
 * rollback, or a close mid-way; nothing when there is no fresh file). */
int store_lock_shared(store *s);
int store_fresh_swap(store *s);
void store_fresh_abandon(store *s);
/* Sets the error from the connection's message; returns -1. */
int db_err(store *s, const char *what);
/* Writes the search texts waiting for the commit into records_fts. */
int store_flush_search(store *s);
/* SQL that makes records_fts anew as it is: its CREATE statement in
 * *create, and in *settings the statements that give it its settings but
 * the version (a bulk load's among them, store_bulk_pause), for
 * store_clear_index and store_search_build.c (store_sync.c). -1 with the
 * error set. */
int store_fts_definition(store *s, char **create, char **settings);
/* store_search_build.c: a bulk load's search index built by a second
 * connection on a thread of its own, from the fold on
 * (store_search_stream_begin) or while this one makes the other indexes.
 * stream: hands a record's text to the side build while the fold's texts
 * go there (1), or not (0: it waits in temp.search_pending). start: the
 * build in *out with the texts still waiting handed over too; *out NULL
 * when not worth it (the index is not empty, few texts), the texts then
 * still wait for store_flush_search; -1 on error. finish copies the side
 * index into records_fts (or flushes the texts here if the side build
 * failed before it took any of the fold's); cancel ends the thread, the
 * texts still queued left unindexed. */
typedef struct search_build search_build;
int store_search_stream(store *s, sqlite3_int64 rowid, const char *text);
int store_search_build_start(store *s, search_build **out);
int store_search_build_finish(store *s, search_build *b);
void store_search_build_cancel(search_build *b);
/* A statement for sql (cached when sql is a static string's address),
 * reset and unbound; NULL with the error set. */
sqlite3_stmt *prep(store *s, const char *sql);
/* A statement for a query built at run time (store_list's): one given back
 * with the same text when there is one, else newly prepared. It is out of
 * the cache while in use, so a nested walk of the same query prepares its
 * own. NULL with the error set. */
sqlite3_stmt *prep_query(store *s, const char *sql, const char *what);
/* Gives st back to prep_query's cache, reset and unbound. */
void unprep_query(store *s, sqlite3_stmt *st);
void bind_text(sqlite3_stmt *st, int i, const char *v);
/* Steps a statement that returns no rows; -1 with the error set. */
int step_done(store *s, sqlite3_stmt *st, const char *what);
int exec_sql(store *s, const char *sql);
/* The integer a one-row query of a fixed statement gives, or -1. */
int64_t scalar_sql(store *s, const char *sql);
/* Calls cb with the record state in column 0 of each row of st (its id in
 * column 1); stops at a non-zero return, which it returns. A row whose
 * state makes no sense is skipped and noted (store_unreadable). Resets st
 * (store_records.c). */
int store_walk(store *s, sqlite3_stmt *st, int (*cb)(void *, json_t *), void *payload);
/* The search token of a kind (db/008_search_kinds.sql): three private-use
 * characters, one trigram, that start the indexed text of each record of
 * the kind. With add, a kind seen for the first time gets one. Returns 1
 * and the token in tok, 0 when the kind has none (no record of it was ever
 * indexed), -1 on error. */
int store_kind_token(store *s, const char *kind, int add, char tok[16]);
/* Every record's tag made again from its state, as store_put_record
 * writes it (db/016): for rows kept, not written again (a reindex's
 * drafts). */
int store_remake_tags(store *s);

#endif
