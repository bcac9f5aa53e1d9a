/*
 * store_fresh: a bulk load (a reindex, a new laptop's first sync) made in
 * a fresh database file and renamed over the database at its commit.
 *
 * In place, such a load writes every page twice, to the write-ahead log
 * and again at the checkpoint, after a reindex has cleared the old content
 * page by page. A fresh file needs no journal and no sync until it is
 * whole, and the rename is atomic: a load killed at any point leaves the
 * database as it was (and a scratch file the next load makes anew).
 *
 * The rename must not happen under another process with the database
 * open: it would go on reading, and saving drafts into, the old file, now
 * unlinked, and SQLite names the write-ahead log by the path, which would
 * be the new file's. So every open store holds a shared lock on
 * <db>.lock, and a load takes a fresh file only when it can make its own
 * lock exclusive, when no other dustwatch has the database open; a store
 * opened meanwhile waits for the load to end. Otherwise the load is made
 * in place, as before. The locks are open file description locks: unlike
 * POSIX ones, closing another descriptor of the file does not drop them,
 * and unlike flock()'s, a shared lock is made exclusive atomically, or
 * stays shared.
 */
#include "store_impl.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int set_lock(int fd, short type, int wait)
{
	struct flock l = {.l_type = type, .l_whence = SEEK_SET};
	return fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &l);
}

int store_lock_shared(store *s)
{
	/* A database in memory (a test's) is no other process's. */
	if (str_eq(s->path, ":memory:") || !*s->path)
		return 0;
	char *path = xasprintf("%s.lock", s->path);
	int rc = 0;
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lock_fd < 0) {
		rc = err_set("%s: %s", path, strerror(errno));
	} else if (set_lock(s->lock_fd, F_RDLCK, 0) < 0) {
		if (errno == EAGAIN || errno == EACCES) {
			fprintf(stderr, "dustwatch: waiting for %s: another dustwatch is rebuilding it (a reindex or a "
					"first sync)\n", s->path);
			if (set_lock(s->lock_fd, F_RDLCK, 1) == 0)
				goto out;
		}
		rc = err_set("%s: %s", path, strerror(errno));
	}
out:
	free(path);
	return rc;
}

/* The scratch file and what SQLite may have left beside it. */
static void remove_scratch(const char *fresh)
{
	static const char *const ends[] = {"", "-journal", "-wal", "-shm"};
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		char *p = xasprintf("%s%s", fresh, ends[i]);
		unlink(p);
		free(p);
	}
}

/* The search index's own settings (store_fts_definition), then the texts
 * of the records kept. */
static int copy_search(store *s)
{
	sqlite3_stmt *get = NULL, *set = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT k, v FROM old.records_fts_config WHERE k != 'version'", -1, &get, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO main.records_fts (records_fts, rank) VALUES (?, ?)", -1, &set, NULL) !=
		    SQLITE_OK)
		rc = db_err(s, "the search index's settings");
	int step = SQLITE_DONE;
	while (rc == 0 && (step = sqlite3_step(get)) == SQLITE_ROW) {
		sqlite3_bind_value(set, 1, sqlite3_column_value(get, 0));
		sqlite3_bind_value(set, 2, sqlite3_column_value(get, 1));
		if (sqlite3_step(set) != SQLITE_DONE)
			rc = db_err(s, "the search index's settings");
		sqlite3_reset(set);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_err(s, "the search index's settings");
	sqlite3_finalize(get), sqlite3_finalize(set);
	if (rc < 0)
		return -1;
	return exec_sql(s, "INSERT INTO main.records_fts (rowid, text) SELECT rowid, text FROM old.records_fts "
			   "WHERE rowid IN (SELECT rowid FROM main.records)");
}

/* Every table the fresh file's schema has, filled from the database's
 * ("old") but what a reindex makes again. The records first: their
 * triggers write the summaries, which are then copied as they were.
 * A table a later migration adds is copied without being named here. */
static int copy_kept(store *s, int clear)
{
	static const char tables[] =
		"SELECT t.name, t.wr, (SELECT group_concat('\"' || replace(c.name, '\"', '\"\"') || '\"', ', ') "
		"FROM pragma_table_info(t.name, 'main') c) FROM pragma_table_list t WHERE t.schema = 'main' "
		"AND t.type = 'table' AND (t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR t.name = 'sqlite_sequence') "
		"ORDER BY t.name != 'records', t.name";
	char *attach = sqlite3_mprintf("ATTACH %Q AS old", s->path);
	int rc = exec_sql(s, attach);
	sqlite3_free(attach);
	if (rc < 0)
		return -1;
	sqlite3_stmt *st = NULL;
	if ((rc = exec_sql(s, "BEGIN")) < 0)
		goto out;
	if (sqlite3_prepare_v2(s->db, tables, -1, &st, NULL) != SQLITE_OK) {
		rc = db_err(s, "the tables to keep");
		goto out;
	}
	int step = SQLITE_DONE;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0), *cols = (const char *)sqlite3_column_text(st, 2);
		int rowid = !sqlite3_column_int(st, 1);
		if (clear && str_eq(name, "events"))
			continue;
		char *sql = sqlite3_mprintf("DELETE FROM main.\"%w\"; INSERT INTO main.\"%w\" (%s%s) SELECT %s%s FROM "
					    "old.\"%w\"%s",
					    name, name, rowid ? "rowid, " : "", cols, rowid ? "rowid, " : "", cols, name,
					    clear && str_eq(name, "records") ? " WHERE status = 'draft'" : "");
		rc = exec_sql(s, sql);
		sqlite3_free(sql);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_err(s, "the tables to keep");
	sqlite3_finalize(st);
	st = NULL;
	if (rc == 0)
		rc = copy_search(s);
	if (rc == 0)
		rc = exec_sql(s, "COMMIT");
out:
	sqlite3_finalize(st);
	if (rc < 0 && !sqlite3_get_autocommit(s->db))
		exec_sql(s, "ROLLBACK");
	return exec_sql(s, "DETACH old") < 0 ? -1 : rc;
}

/* The fresh file is thrown away unless whole: it is never synced but at
 * the end. Its rollback journal only holds the pages there were at the
 * load's BEGIN, a few: pages added after need none. (A journal in memory
 * would keep the statements' journals in memory too, which SQLite else
 * writes to temporary files past 64 KiB: 0.5 GB more at 10^6 events,
 * for the update of every record's tag, store_bulk_resume.)
 * It is made write-ahead logged as it is opened after the swap. Its
 * schema is made by the migrations, as a new data directory's is. */
static int open_fresh(store *s, const char *path, int clear)
{
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return err_set("%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
	sqlite3_busy_timeout(s->db, 10000);
	if (exec_sql(s, "PRAGMA main.journal_mode = DELETE; PRAGMA main.synchronous = OFF") < 0 ||
	    store_migrate(s, 0) < 0 || copy_kept(s, clear) < 0 || exec_sql(s, "PRAGMA foreign_keys = ON") < 0 ||
	    store_temp_tables(s) < 0)
		return err_prefix("%s", path);
	return 0;
}

/* SQLite's count of the commits other connections made to the database,
 * as one connection sees it; -1 when it cannot be read. */
static long long data_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Whether a statement is part way through its rows (FTS5 keeps its own
 * statements prepared, reset, on the connection: those are no matter). */
static int stepping(sqlite3 *db)
{
	for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st))
		if (sqlite3_stmt_busy(st))
			return 1;
	return 0;
}

/* Whether a program of another process is connected to the database
 * (an sqlite3 shell, say): each connection to a write-ahead logged
 * database holds a read lock on one byte of its -shm file as long as it
 * is open (SQLite's "DMS" byte, 128 in os_unix.c). Read in the kernel's
 * table of locks: to ask with F_GETLK this process would open the -shm
 * file, and closing it would drop every POSIX lock the process has on it,
 * its own connection's among them. 1 if there is one, or when the table
 * cannot be read. */
static int foreign_connection(const char *db)
{
	char *shm = xasprintf("%s-shm", db), line[256];
	struct stat sb;
	int st = stat(shm, &sb);
	free(shm);
	if (st < 0)
		return errno != ENOENT;
	FILE *locks = fopen("/proc/locks", "re");
	if (!locks)
		return 1;
	int in = 0;
	while (!in && fgets(line, sizeof line, locks)) {
		/* "1: POSIX  ADVISORY  READ 30412 fe:00:10952802 128 128"; a
		 * lock waited for has "->" after the number. */
		char kind[16], end[24];
		unsigned maj, min;
		unsigned long long ino, start;
		long pid;
		const char *p = strchr(line, ':');
		if (!p)
			continue;
		p++;
		p += strspn(p, " ");
		if (!strncmp(p, "->", 2))
			p += 2;
		if (sscanf(p, "%15s %*s %*s %ld %x:%x:%llu %llu %23s", kind, &pid, &maj, &min, &ino, &start, end) != 7)
			continue;
		in = !strcmp(kind, "POSIX") && pid != (long)getpid() && ino == (unsigned long long)sb.st_ino &&
		     maj == major(sb.st_dev) && min == minor(sb.st_dev) && start <= 128 &&
		     (!strcmp(end, "EOF") || strtoull(end, NULL, 10) >= 128);
	}
	fclose(locks);
	return in;
}

/* Whether the database is a file of this user's, which a new file in
 * its place can be (not a link, which a rename would replace, nor
 * another user's file, which the new one would not be). */
static int own_file(const char *db)
{
	struct stat sb;
	return lstat(db, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid();
}

int store_begin_fresh(store *s, int clear)
{
	/* In place: inside a transaction, with another dustwatch in, or
	 * with a statement still open on the connection (its user would
	 * find it gone with the connection swapped), with another program
	 * connected, or with a database that is not a plain file of ours. */
	if (s->depth || s->held || s->lock_fd < 0 || set_lock(s->lock_fd, F_WRLCK, 0) < 0)
		return store_begin(s) < 0 ? -1 : 0;
	if (stepping(s->db) || foreign_connection(s->path) || !own_file(s->path)) {
		set_lock(s->lock_fd, F_RDLCK, 0);
		return store_begin(s) < 0 ? -1 : 0;
	}
	store_forget_statements(s);
	s->held = s->db;
	s->held_version = data_version(s->held);
	s->db = NULL;
	s->fresh = xasprintf("%s.rebuild", s->path);
	remove_scratch(s->fresh);
	if (open_fresh(s, s->fresh, clear) < 0 || store_begin(s) < 0) {
		char *why = xstrdup(err_msg());
		store_fresh_abandon(s);
		err_set("%s", why);
		free(why);
		return -1;
	}
	return 1;
}

void store_fresh_abandon(store *s)
{
	if (!s->held)
		return;
	store_forget_statements(s);
	sqlite3_close(s->db);
	s->db = s->held, s->held = NULL;
	remove_scratch(s->fresh);
	free(s->fresh);
	s->fresh = NULL;
	s->depth = 0, s->search_dirty = 0;
	/* Shared again, which never waits. */
	set_lock(s->lock_fd, F_RDLCK, 0);
}

static int sync_path(const char *path, int flags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int store_fresh_swap(store *s)
{
	char *wal = xasprintf("%s-wal", s->path), *dir = xstrdup(s->path);
	struct stat sb;
	int rc = -1;
	store_forget_statements(s);
	sqlite3_close_v2(s->db);
	s->db = NULL;
	if (sync_path(s->fresh, 0) < 0) {
		err_set("%s: %s", s->fresh, strerror(errno));
		s->db = s->held, s->held = NULL;
		goto out;
	}
	/* A commit of another program's (an sqlite3 shell, connected and
	 * gone during the load) would be lost with the old file. */
	long long version = data_version(s->held);
	/* Closed last, the database leaves no write-ahead log: one still
	 * there, or a connection, is another program's (an sqlite3 shell
	 * opened meanwhile), and the log would be read as the new file's. */
	sqlite3_close_v2(s->held);
	s->held = NULL;
	if (version < 0 || version != s->held_version)
		err_set("%s was changed by another program during the load: run the command again", s->path);
	else if ((stat(wal, &sb) == 0 && sb.st_size > 0) || foreign_connection(s->path))
		err_set("%s is open in another program: close it, then run the command again", s->path);
	else if ((stat(s->path, &sb) == 0 && chmod(s->fresh, sb.st_mode & 07777) < 0) || rename(s->fresh, s->path) < 0)
		err_set("%s: %s", s->path, strerror(errno));
	else
		rc = 0, sync_path(dirname(dir), O_DIRECTORY);
	/* The new database, or the old one kept: opened again as every
	 * store opens it, before the others waiting can. */
	char *why = rc < 0 ? xstrdup(err_msg()) : NULL;
	if (store_connect(s, s->path, -1) < 0)
		rc = -1;
	else if (why)
		err_set("%s", why);
	free(why);
out:
	remove_scratch(s->fresh);
	free(s->fresh);
	s->fresh = NULL;
	s->generation++;
	set_lock(s->lock_fd, F_RDLCK, 0);
	free(wal), free(dir);
	return rc;
}
