/*
 * store_list: the list queries behind every list the commands and screens
 * show, and their counts: filters, newest first, a screen at a time, and
 * search (trigram phrases, and titles and numbers for one or two
 * characters), planned by how many records a search matches.
 */
#include "store_impl.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How a query's search is answered. Three or more characters go through
 * the trigram index; within a kind, the query also names the kind's token
 * (db/008), so FTS5 alone finds the kind's matches. Then either the kind's
 * (date, id) index is walked newest first, each entry probed against those
 * matches, stopping after a screen (DENSE), or, when the matches are few,
 * they are fetched by rowid and sorted (SPARSE): a walk would pass most of
 * the kind before it found a screenful. One or two characters, which
 * trigram cannot match, are looked for in titles and numbers
 * (design-notes.md). */
enum {
	S_NONE,     /* no search */
	S_NOTHING,  /* a kind no record has ever had: no rows */
	S_SHORT,    /* 1-2 characters, every kind: instr() over the indexed texts */
	S_TITLE,    /* 1-2 characters within a kind: LIKE over titles and numbers */
	S_TITLE_SP, /* the same for text with a space: title and number as one */
	S_WIDE,     /* 3+ characters, every kind: the phrase */
	S_DENSE,    /* 3+ within a kind, many matches: walk the kind's dates */
	S_SPARSE,   /* 3+ within a kind, few matches: fetch them, sort them */
};

/* A row fetched by rowid costs about as much as walking this many entries
 * of an index (measured at 10^6 records, warm and cold alike). For rows of
 * a screen a DENSE walk passes about rows * kind / matches entries, SPARSE
 * fetches every match: SPARSE is cheaper below sqrt(rows * kind / 60). */
#define FETCH_PER_ENTRY 60.0
/* The rows a screen needs when the caller sets no limit (a picker). */
#define SCREEN_ROWS 30

typedef struct {
	int how;
	char *match; /* the FTS5 query, or the LIKE pattern of S_TITLE(_SP) */
} search_plan;

/* A phrase query: the text is data, never query syntax (quotes doubled). */
static void fts_phrase(strbuf *b, const char *text)
{
	sb_putc(b, '"');
	for (const char *c = text; *c; c++) {
		if (*c == '"')
			sb_putc(b, '"');
		sb_putc(b, *c);
	}
	sb_putc(b, '"');
}

/* Rows of the index matching match, counting no further than cap (< 0: all). */
static int64_t match_count(store *s, const char *match, int64_t cap)
{
	static const char sql[] = "SELECT count(*) FROM (SELECT 1 FROM records_fts WHERE records_fts MATCH ? LIMIT ?)";
	sqlite3_stmt *st = prep(s, sql);
	int64_t n = -1;
	if (!st)
		return -1;
	bind_text(st, 1, match);
	sqlite3_bind_int64(st, 2, cap);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		db_err(s, "search");
	sqlite3_reset(st);
	return n;
}

/* Counts by kind and status alone come from record_counts (db/005). */
static int64_t quick_count(store *s, const list_query *q)
{
	static const char sql[] = "SELECT coalesce(sum(n), 0) FROM record_counts "
				  "WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR status = ?2)";
	sqlite3_stmt *st = prep(s, sql);
	int64_t n = -1;
	if (!st)
		return -1;
	bind_text(st, 1, q->kind);
	bind_text(st, 2, q->status);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Chooses how q's search is answered, for a list that needs its first
 * rows rows (0: a count, which needs no choice: a kind's search is left
 * DENSE). The caller frees p->match. */
static int plan_search(store *s, const list_query *q, long rows, search_plan *p)
{
	p->how = S_NONE, p->match = NULL;
	if (!q->search)
		return 0;
	if (utf8_len(q->search) < 3 && !q->kind) {
		p->how = S_SHORT;
		return 0;
	}
	strbuf b;
	sb_init(&b);
	if (utf8_len(q->search) < 3) {
		/* A LIKE pattern: the text is data (% _ and \ escaped). */
		sb_putc(&b, '%');
		for (const char *c = q->search; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '\\')
				sb_putc(&b, '\\');
			sb_putc(&b, *c);
		}
		sb_putc(&b, '%');
		p->match = sb_take(&b);
		p->how = strchr(q->search, ' ') ? S_TITLE_SP : S_TITLE;
		return 0;
	}
	char tok[16];
	int k = q->kind ? store_kind_token(s, q->kind, 0, tok) : 0;
	if (k < 0)
		return -1;
	if (q->kind && k == 0) {
		p->how = S_NOTHING;
		return 0;
	}
	if (q->kind)
		sb_printf(&b, "\"%s\" AND ", tok);
	fts_phrase(&b, q->search);
	p->match = sb_take(&b);
	p->how = q->kind ? S_DENSE : S_WIDE;
	if (q->kind && rows > 0) {
		list_query all = {.kind = q->kind};
		int64_t kind_n = quick_count(s, &all);
		int64_t few = kind_n > 0 ? (int64_t)sqrt((double)rows * (double)kind_n / FETCH_PER_ENTRY) : 0;
		int64_t n = kind_n >= 0 ? match_count(s, p->match, few + 1) : -1;
		if (n < 0) {
			free(p->match);
			return -1;
		}
		if (n <= few)
			p->how = S_SPARSE;
	}
	return 0;
}

/* FROM, for the plan. Titles are searched in db/008's (kind, date, id,
 * title, number) index, named because the kind's (date, id) index of
 * db/004 orders the rows as well but holds no titles: each row would be
 * read to test it. The index is partial (title IS NOT NULL, which every
 * row is), so the lists without a title search never use it: its entries
 * are three times wider, a screen deep in a list would read three times
 * the pages. */
static void from_clause(strbuf *sql, const search_plan *p)
{
	if (p->how == S_TITLE || p->how == S_TITLE_SP)
		sb_puts(sql, " FROM records INDEXED BY records_kind_date_title");
	else
		sb_puts(sql, " FROM records");
}

/* A record looked up by one field within a kind (a device by its code, a
 * site by its name): the kind and the field's path are written into the
 * SQL as literals, so that db/015's partial indexes on them serve it (a
 * partial index is never used for a bound parameter). Only plain names
 * are: anything else stays a parameter. */
static int ident(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int literal_lookup(const list_query *q, const search_plan *p)
{
	return q->field && p->how == S_NONE && ident(q->kind) && ident(q->field);
}

/* Builds the WHERE clause of a list query. Only fixed fragments are
 * written into the SQL; every value is a parameter, bound in the same
 * order by bind_query. */
static void where_clause(strbuf *sql, const list_query *q, const search_plan *p)
{
	sb_puts(sql, " WHERE 1");
	if (literal_lookup(q, p))
		sb_printf(sql, " AND kind = '%s' AND CASE WHEN json_valid(state) THEN json_extract(state, '$.fields.%s') END = ?",
			  q->kind, q->field);
	else if (q->kind)
		/* "+kind": not the kind's index; SPARSE fetches by rowid. */
		sb_puts(sql, p->how == S_SPARSE ? " AND +kind = ?" : " AND kind = ?");
	if (q->site)
		sb_puts(sql, " AND site = ?");
	if (q->author)
		sb_puts(sql, " AND author = ?");
	if (q->device)
		sb_puts(sql, " AND device = ?");
	if (q->status && str_eq(q->status, "overdue"))
		/* "+due": keep the planner on (kind, status, date, id), which
		 * gives the newest first without sorting every overdue notice.
		 * Overdue is an issued notice or an unanswered complaint past
		 * its due date (rec_display_status). */
		sb_puts(sql, str_eq(q->kind, "complaint") ? " AND status IN ('received', 'handling') AND +due < ?"
			     : q->kind			    ? " AND status = 'issued' AND +due < ?"
							    : " AND status IN ('issued', 'received', 'handling') AND +due < ?");
	else if (q->status && strchr(q->status, ','))
		/* Several: "rectified,closed" (what the dashboard's bar of
		 * rectified notices counts). */
		sb_puts(sql, " AND instr(',' || ? || ',', ',' || status || ',') > 0");
	else if (q->status)
		sb_puts(sql, " AND status = ?");
	if (q->from)
		sb_puts(sql, " AND date >= ?");
	if (q->to)
		sb_puts(sql, " AND date <= ?");
	if (q->due_from)
		sb_puts(sql, " AND due >= ?");
	if (q->due_to)
		sb_puts(sql, " AND due <= ?");
	if (q->field && !literal_lookup(q, p))
		sb_puts(sql, " AND json_extract(state, '$.fields.' || ?) = ?");
	if (q->in_force)
		sb_puts(sql, " AND json_extract(state, '$.fields.valid_from') <= ?"
			     " AND json_extract(state, '$.fields.valid_until') >= ?");
	switch (p->how) {
	default:
		break;
	case S_WIDE:
	case S_DENSE:
	case S_SPARSE:
		sb_puts(sql, " AND rowid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)");
		break;
	case S_TITLE:
		/* One or two characters: trigram cannot help, and scanning every
		 * record's text costs per keystroke in proportion to the station.
		 * Within a kind, the title and number are matched instead, in
		 * the kind's titles index newest first (from_clause), stopping
		 * after a screen. LIKE folds ASCII case as lower() does, at half
		 * the cost of instr(lower()); text without a space cannot span
		 * title and number, so each is matched alone, not joined. */
		sb_puts(sql, " AND title IS NOT NULL AND (title LIKE ? ESCAPE '\\' OR number LIKE ? ESCAPE '\\')");
		break;
	case S_TITLE_SP:
		sb_puts(sql, " AND title IS NOT NULL AND title || ' ' || coalesce(number, '') LIKE ? ESCAPE '\\'");
		break;
	case S_SHORT:
		/* substr: past the kind's token and its space (db/008). */
		sb_puts(sql, " AND rowid IN (SELECT rowid FROM records_fts WHERE instr(lower(substr(text, 5)), lower(?)) > 0)");
		break;
	}
}

static void bind_query(sqlite3_stmt *st, const list_query *q, const search_plan *p)
{
	int i = 1, literal = literal_lookup(q, p);
	if (literal)
		bind_text(st, i++, q->value);
	else if (q->kind)
		bind_text(st, i++, q->kind);
	if (q->site)
		bind_text(st, i++, q->site);
	if (q->author)
		bind_text(st, i++, q->author);
	if (q->device)
		bind_text(st, i++, q->device);
	if (q->status)
		bind_text(st, i++, str_eq(q->status, "overdue") ? q->today : q->status);
	if (q->from)
		bind_text(st, i++, q->from);
	if (q->to)
		bind_text(st, i++, q->to);
	if (q->due_from)
		bind_text(st, i++, q->due_from);
	if (q->due_to)
		bind_text(st, i++, q->due_to);
	if (q->field && !literal) {
		bind_text(st, i++, q->field);
		bind_text(st, i++, q->value);
	}
	if (q->in_force) {
		bind_text(st, i++, q->in_force);
		bind_text(st, i++, q->in_force);
	}
	if (p->how == S_TITLE)
		bind_text(st, i++, p->match);
	if (p->match)
		bind_text(st, i++, p->match);
	else if (q->search)
		bind_text(st, i++, q->search);
}

int store_list(store *s, const list_query *q, int (*cb)(void *payload, json_t *state), void *payload)
{
	search_plan p;
	if (plan_search(s, q, q->limit > 0 ? q->limit + q->offset : SCREEN_ROWS + q->offset, &p) < 0)
		return -1;
	if (p.how == S_NOTHING)
		return 0;
	strbuf sql;
	sb_init(&sql);
	sb_puts(&sql, "SELECT state, id");
	from_clause(&sql, &p);
	where_clause(&sql, q, &p);
	/* Matches the (…, date, id) indexes of db/004 and db/009, walked
	 * backwards, or forwards for the oldest first. */
	if (literal_lookup(q, &p))
		/* "+date": the lookup's index, not the kind's dates: its few
		 * rows are sorted. */
		sb_puts(&sql, q->oldest ? " ORDER BY +date, id" : " ORDER BY +date DESC, id DESC");
	else
		sb_puts(&sql, q->oldest ? " ORDER BY date, id" : " ORDER BY date DESC, id DESC");
	if (q->limit > 0 || q->offset > 0)
		sb_printf(&sql, " LIMIT %ld OFFSET %ld", q->limit > 0 ? q->limit : -1L, q->offset);
	sqlite3_stmt *st = prep_query(s, sql.s, "list");
	sb_free(&sql);
	if (!st) {
		free(p.match);
		return -1;
	}
	bind_query(st, q, &p);
	int rc = store_walk(s, st, cb, payload);
	unprep_query(s, st);
	free(p.match);
	return rc;
}

int64_t store_count(store *s, const list_query *q)
{
	int only_kind = !q->site && !q->from && !q->to && !q->field && !q->due_to && !q->due_from && !q->author &&
			!q->device && !q->in_force;
	if (only_kind && !q->search && !str_eq(q->status, "overdue") && !(q->status && strchr(q->status, ',')))
		return quick_count(s, q);
	/* A kind's search and nothing else: the index alone counts it (each
	 * row carries its kind's token), exactly: 13,338 sites of 10^6
	 * records in 3 ms. */
	only_kind = only_kind && q->kind && !q->status;
	search_plan p;
	if (plan_search(s, q, only_kind ? 0 : SCREEN_ROWS, &p) < 0)
		return -1;
	if (p.how == S_NOTHING || (only_kind && p.how == S_DENSE)) {
		int64_t n = p.how == S_NOTHING ? 0 : match_count(s, p.match, -1);
		free(p.match);
		return n;
	}
	int64_t n = -1;
	strbuf sql;
	sb_init(&sql);
	sb_puts(&sql, "SELECT count(*)");
	from_clause(&sql, &p);
	where_clause(&sql, q, &p);
	sqlite3_stmt *st = prep_query(s, sql.s, "count");
	if (st) {
		bind_query(st, q, &p);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		else
			db_err(s, "count");
		unprep_query(s, st);
	}
	sb_free(&sql);
	free(p.match);
	return n;
}
