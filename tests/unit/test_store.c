/*
 * test_store: migrations step by step, nested transactions, lookups and
 * the list queries (Chinese search of every length).
 */
#include "testutil.h"
#include "store.h"
#include "util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/dwstore.XXXXXX";
static char *path;

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	path = xasprintf("%s/t.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf %s", dir);
	int rc = system(cmd);
	free(cmd), free(path);
	return rc;
}

static void put(store *s, const char *id, const char *kind, const char *text, const char *date)
{
	json_t *st = json_pack("{ssssssssssssssss}", "id", id, "kind", kind, "number", "", "status", "submitted",
			       "created", "2024-01-01T00:00:00Z", "updated", "2024-01-01T00:00:00Z", "author", "张伟",
			       "device", "A01");
	record_index ix = {.date = date, .title = text, .text = text};
	if (store_put_record(s, st, &ix) < 0)
		fail_msg("%s: %s", id, err_msg());
	json_decref(st);
}

static void migrates_step_by_step(void **state)
{
	(void)state;
	store *s;
	unlink(path);
	assert_int_equal(store_open(&s, path, 1), 0);
	assert_int_equal(store_schema_version(s), 1);
	store_close(s);
	assert_int_equal(store_open(&s, path, 0), 0);
	assert_int_equal(store_schema_version(s), store_latest_version());
	store_close(s);
}

static int count_cb(void *payload, json_t *st)
{
	(void)st;
	(*(int *)payload)++;
	return 0;
}

static int search(store *s, const char *text)
{
	list_query q = {.search = text};
	int n = 0;
	assert_int_equal(store_list(s, &q, count_cb, &n), 0);
	assert_int_equal(store_count(s, &q), n);
	return n;
}

static void lists_and_searches(void **state)
{
	(void)state;
	store *s;
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	put(s, "01900000-0000-7000-8000-000000000001", "site", "鹤城区迎丰路安置小区二期", "2024-03-01");
	put(s, "01900000-0000-7000-8000-000000000002", "site", "中方县职业中专实训楼", "2024-04-01");
	put(s, "01900000-0000-7000-8000-000000000003", "inspection", "迎丰路 quote\"test", "2024-05-01");
	assert_int_equal(search(s, "鹤"), 1);
	assert_int_equal(search(s, "迎丰"), 2);
	assert_int_equal(search(s, "安置小区二期"), 1);
	assert_int_equal(search(s, "quote\"test"), 1); /* quotes are data, not syntax */
	assert_int_equal(search(s, "AND OR NOT"), 0);
	list_query q = {.kind = "site", .from = "2024-03-15"};
	assert_int_equal(store_count(s, &q), 1);
	char *id = NULL;
	assert_int_equal(store_resolve(s, "01900000-0000-7000-8000-000000000002", &id), 0);
	free(id);
	assert_int_equal(store_resolve(s, "019000", &id), -1);
	assert_non_null(strstr(err_msg(), "more than one record"));
	assert_int_equal(store_resolve(s, "abc", &id), -1);
	store_close(s);
}

/* Each site's walk lists the sites again, with the same query. */
static int nested_cb(void *payload, json_t *st)
{
	(void)st;
	store *s = ((void **)payload)[0];
	int *inner = ((void **)payload)[1];
	list_query q = {.kind = "site"};
	return store_list(s, &q, count_cb, inner);
}

/* store_list keeps its recent statements (prep_query): a walk inside a walk
 * of the same query, more queries than it keeps, and a query whose table
 * was made anew all give what a new statement gives. */
static void reuses_queries(void **state)
{
	(void)state;
	store *s;
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	put(s, "01900000-0000-7000-8000-000000000001", "site", "鹤城区迎丰路安置小区二期", "2024-03-01");
	put(s, "01900000-0000-7000-8000-000000000002", "site", "中方县职业中专实训楼", "2024-04-01");
	put(s, "01900000-0000-7000-8000-000000000003", "inspection", "迎丰路检查", "2024-05-01");
	int inner = 0, outer = 0;
	void *payload[] = {s, &inner};
	list_query q = {.kind = "site"};
	for (int round = 0; round < 2; round++) {
		inner = 0;
		assert_int_equal(store_list(s, &q, nested_cb, payload), 0);
		assert_int_equal(inner, 4); /* 2 sites, each listing 2 */
	}
	const char *words[] = {"鹤", "迎丰", "中方", "实训", "安置", "检查", "二期", "职业", "城区", "县职", "迎"};
	const int want[] = {1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2};
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof words / sizeof *words; i++)
			assert_int_equal(search(s, words[i]), want[i]);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_clear_index(s), 0);
	assert_int_equal(search(s, "迎丰"), 0);
	put(s, "01900000-0000-7000-8000-000000000004", "site", "洪江市黔城镇商住楼", "2024-06-01");
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(search(s, "黔城"), 1);
	outer = 0;
	assert_int_equal(store_list(s, &q, count_cb, &outer), 0);
	assert_int_equal(outer, 1);
	store_close(s);
}

/* A record with a number (NULL: none) and its own title and text. */
static void put_rec(store *s, const char *id, const char *kind, const char *number, const char *title,
		    const char *date)
{
	json_t *st = json_pack("{ssssssssssssssss}", "id", id, "kind", kind, "number", number ? number : "", "status",
			       "submitted", "created", "2024-01-01T00:00:00Z", "updated", "2024-01-01T00:00:00Z", "author",
			       "张伟", "device", "A01");
	char *text = xasprintf("%s %s", number ? number : "", title);
	record_index ix = {.date = date, .title = title, .text = text};
	if (store_put_record(s, st, &ix) < 0)
		fail_msg("%s: %s", id, err_msg());
	json_decref(st);
	free(text);
}

static int collect_ids(void *payload, json_t *st)
{
	json_array_append(payload, json_object_get(st, "id"));
	return 0;
}

/* The ids store_list gives for kind and search, limit rows from offset. */
static json_t *listed(store *s, const char *kind, const char *search, long limit, long offset)
{
	list_query q = {.kind = kind, .search = search, .limit = limit, .offset = offset};
	json_t *ids = json_array();
	assert_int_equal(store_list(s, &q, collect_ids, ids), 0);
	return ids;
}

/* The generated station of kind_searches: site i and inspection i. */
#define N_SITES 300
#define N_INSP 40
static void gen_title(int i, char *buf, size_t n)
{
	if (i == 7)
		snprintf(buf, n, "麻阳县锦江稀有工地二期");
	else
		snprintf(buf, n, "%s第%d号工地", i % 3 ? "洪江区" : "鹤城区", i);
}
static void gen_id(const char *kind, int i, char *buf, size_t n)
{
	/* Ids not in insertion order, so the tie-break on id is visible. */
	snprintf(buf, n, "0190%04d-0000-7000-8000-%s", (i * 37) % 1000, kind[0] == 's' ? "000000000000" : "000000000001");
}
static void gen_date(int i, char *buf, size_t n)
{
	snprintf(buf, n, "2024-0%d-0%d", 1 + i % 3, 1 + i % 4); /* many records share a date */
}

typedef struct {
	char id[64], date[16];
} exp_row;

static int exp_cmp(const void *a, const void *b)
{
	const exp_row *x = a, *y = b;
	int c = strcmp(y->date, x->date);
	return c ? c : strcmp(y->id, x->id);
}

/* What store_list must give: the kind's records whose title or text holds
 * needle, newest date first, then highest id. */
static json_t *expected(const char *kind, const char *needle)
{
	exp_row rows[N_SITES + N_INSP];
	size_t n = 0;
	for (int k = 0; k < 2; k++) {
		const char *kd = k ? "inspection" : "site";
		if (kind && strcmp(kind, kd))
			continue;
		for (int i = 0; i < (k ? N_INSP : N_SITES); i++) {
			char title[64];
			gen_title(i, title, sizeof title);
			if (!strstr(title, needle))
				continue;
			gen_id(kd, i, rows[n].id, sizeof rows[n].id);
			gen_date(i, rows[n].date, sizeof rows[n].date);
			n++;
		}
	}
	qsort(rows, n, sizeof *rows, exp_cmp);
	json_t *ids = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(ids, json_string(rows[i].id));
	return ids;
}

/* Searches within a kind, of every length, give exactly the kind's matching
 * records in list order and count them exactly, whether the matches are
 * many for the kind (walked in date order) or few (fetched and sorted), a
 * page at a time too. */
static void kind_searches(void **state)
{
	(void)state;
	store *s;
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	assert_int_equal(store_begin(s), 0);
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < (k ? N_INSP : N_SITES); i++) {
			char id[64], title[64], date[16];
			gen_id(k ? "inspection" : "site", i, id, sizeof id);
			gen_title(i, title, sizeof title);
			gen_date(i, date, sizeof date);
			put_rec(s, id, k ? "inspection" : "site", NULL, title, date);
		}
	assert_int_equal(store_commit(s), 0);
	/* 1, 2, 3+ characters; many matches (100 of 300 sites), few (1 of
	 * 300: fewer than one in 64), none. */
	static const char *const needles[] = {"鹤",	"鹤城",     "鹤城区", "鹤城区第",	"第12号", "稀有工地",
					      "锦江稀有工地二期", "号工", "第1",    "不存在的工地", "区第2"};
	static const char *const kinds[] = {"site", "inspection", NULL};
	for (size_t k = 0; k < DW_ARRAY_LEN(kinds); k++)
		for (size_t i = 0; i < DW_ARRAY_LEN(needles); i++) {
			if (!kinds[k] && utf8_len(needles[i]) < 3)
				continue; /* every kind: the texts, not the titles */
			json_t *want = expected(kinds[k], needles[i]), *got = listed(s, kinds[k], needles[i], 0, 0);
			if (!json_equal(want, got))
				fail_msg("%s / %s: %zu records, expected %zu", kinds[k] ? kinds[k] : "all", needles[i],
					 json_array_size(got), json_array_size(want));
			list_query q = {.kind = kinds[k], .search = needles[i]};
			assert_int_equal(store_count(s, &q), json_array_size(want));
			/* A page at a time: the same records, in the same order. */
			json_t *paged = json_array();
			for (long off = 0; off < (long)json_array_size(want) + 7; off += 7) {
				json_t *page = listed(s, kinds[k], needles[i], 7, off);
				json_array_extend(paged, page);
				json_decref(page);
			}
			assert_true(json_equal(want, paged));
			json_decref(want), json_decref(got), json_decref(paged);
		}
	/* A kind that no record has: nothing, and no error. */
	list_query none = {.kind = "survey", .search = "鹤城区"};
	assert_int_equal(store_count(s, &none), 0);
	json_t *ids = listed(s, "survey", "鹤城区", 0, 0);
	assert_int_equal(json_array_size(ids), 0);
	json_decref(ids);
	store_close(s);
}

/* The index follows a record's text and kind through updates; a kind's
 * first record is found at once; short searches treat % _ as text, fold
 * ASCII case, and never match the kind's token in the indexed text. */
static void kind_search_updates(void **state)
{
	(void)state;
	store *s;
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	put_rec(s, "r1", "site", NULL, "鹤城区迎丰路安置小区二期", "2024-03-01");
	put_rec(s, "r2", "site", NULL, "鹤城区红星路", "2024-03-02");
	put_rec(s, "r3", "notice", "HH-A01-2024-0001", "鹤城区迎丰路扬尘5%超标", "2024-03-03");
	list_query q = {.kind = "site", .search = "鹤城区"};
	assert_int_equal(store_count(s, &q), 2);
	put_rec(s, "r1", "site", NULL, "洪江区迎丰路安置小区二期", "2024-03-01"); /* renamed */
	assert_int_equal(store_count(s, &q), 1);
	q.search = "洪江区迎丰";
	assert_int_equal(store_count(s, &q), 1);
	put_rec(s, "r2", "notice", NULL, "鹤城区红星路", "2024-03-02"); /* another kind, same text */
	q.search = "鹤城区";
	assert_int_equal(store_count(s, &q), 0);
	q.kind = "notice";
	assert_int_equal(store_count(s, &q), 2);
	put_rec(s, "r4", "survey", NULL, "鹤城区问卷", "2024-03-04"); /* the first survey */
	q.kind = "survey";
	assert_int_equal(store_count(s, &q), 1);
	json_t *ids = listed(s, "survey", "鹤城区", 0, 0);
	assert_string_equal(json_string_value(json_array_get(ids, 0)), "r4");
	json_decref(ids);
	/* Short searches within a kind: titles and numbers. */
	q.kind = "notice";
	q.search = "hh"; /* the number, any case */
	assert_int_equal(store_count(s, &q), 1);
	q.search = "5%";
	assert_int_equal(store_count(s, &q), 1);
	q.search = "%";
	assert_int_equal(store_count(s, &q), 1);
	q.search = "_";
	assert_int_equal(store_count(s, &q), 0);
	q.search = "尘 "; /* a space: title and number read as one */
	assert_int_equal(store_count(s, &q), 0);
	q.search = "标 ";
	assert_int_equal(store_count(s, &q), 1);
	/* The token's characters are in the indexed text, never found. */
	assert_int_equal(search(s, "\xef\xa3\xbf"), 0);
	assert_int_equal(search(s, "\xef\xa3\xbf "), 0);
	assert_int_equal(search(s, "鹤"), 3);
	store_close(s);
}

static void nested_transactions(void **state)
{
	(void)state;
	store *s;
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_set_setting(s, "a", "1"), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_set_setting(s, "b", "2"), 0);
	store_rollback(s); /* only the inner part goes */
	assert_int_equal(store_commit(s), 0);
	char *a = store_setting(s, "a"), *b = store_setting(s, "b");
	assert_string_equal(a, "1");
	assert_null(b);
	free(a);
	long n;
	assert_int_equal(store_next_seq(s, "seq:2024", &n), 0);
	assert_int_equal(store_next_seq(s, "seq:2024", &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_commit(s), -1); /* no transaction open */
	store_close(s);
}

/* The schema's indexes and triggers, one line each, as SQLite has them. */
static char *schema_of(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	strbuf b;
	sb_init(&b);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') "
					    "ORDER BY name", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		sb_printf(&b, "%s\n", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return sb_take(&b);
}

static int has_line(const char *text, const char *line)
{
	char *l = xasprintf("\n%s\n", line), *t = xasprintf("\n%s", text);
	int found = strstr(t, l) != NULL;
	free(l), free(t);
	return found;
}

/* A bulk load sets the summaries' triggers and the list indexes aside and
 * makes them again; a load that writes its own events (the demo) keeps
 * the clock's index, which each event it writes reads. Committed between
 * the steps here only to look at the schema from outside. */
static void bulk_load_sets_aside_and_restores(void **state)
{
	(void)state;
	store *s;
	json_t *saved;
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	char *before = schema_of(path);
	assert_true(has_line(before, "events_hlc") && has_line(before, "events_away"));
	for (int load = STORE_LOAD_IMPORT; load <= STORE_LOAD_WRITE; load++) {
		assert_int_equal(store_begin(s), 0);
		assert_int_equal(store_bulk_pause(s, (store_load)load, &saved), 0);
		assert_int_equal(store_commit(s), 0);
		char *during = schema_of(path);
		/* Nothing reads by blob id during a load: made again after it. */
		assert_false(has_line(during, "events_away") || has_line(during, "events_blob"));
		assert_true(has_line(during, "events_record"));
		assert_int_equal(has_line(during, "events_hlc"), load == STORE_LOAD_WRITE);
		assert_int_equal(store_begin(s), 0);
		assert_int_equal(store_bulk_resume(s, saved), 0);
		assert_int_equal(store_commit(s), 0);
		json_decref(saved);
		char *after = schema_of(path);
		assert_string_equal(after, before);
		free(during), free(after);
	}
	free(before);
	store_close(s);
}

/* A record of kind and status with its search text and fields (JSON
 * text, or NULL for none). */
static void put_row(store *s, const char *id, const char *kind, const char *status, const char *fields,
		    const char *text)
{
	json_t *st = json_pack("{ssssssssssssssss}", "id", id, "kind", kind, "number", "", "status", status,
			       "created", "2024-01-01T00:00:00Z", "updated", "2024-01-01T00:00:00Z", "author", "张伟",
			       "device", "A01");
	if (fields)
		json_object_set_new(st, "fields", json_loads(fields, 0, NULL));
	record_index ix = {.date = "2024-01-01", .title = text, .text = text};
	if (store_put_record(s, st, &ix) < 0)
		fail_msg("%s: %s", id, err_msg());
	json_decref(st);
}

static void put_status(store *s, const char *id, const char *status, const char *text)
{
	put_row(s, id, "site", status, NULL, text);
}

/* One value a query of the file at path gives, read past the store and
 * its lock. */
static char *peek(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s: %s", db, sql, sqlite3_errmsg(h));
	char *v = xstrdup(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) ?
				  (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void assert_peek(const char *db, const char *sql, const char *want)
{
	char *v = peek(db, sql);
	assert_string_equal(v, want);
	free(v);
}

/* The field a report groups by goes in with the record (db/016), in a
 * load with the triggers set aside as well: no pass after it. */
static void tags_written_with_records(void **state)
{
	(void)state;
	store *s;
	json_t *saved;
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	for (int load = 0; load < 2; load++) {
		assert_int_equal(store_begin(s), 0);
		if (load)
			assert_int_equal(store_bulk_pause(s, STORE_LOAD_IMPORT, &saved), 0);
		put_row(s, "i", "inspection", "submitted", "{\"type\": \"routine\"}", "i");
		put_row(s, "n", "notice", "submitted", "{\"kind\": \"stopwork\", \"type\": \"x\"}", "n");
		put_row(s, "c", "complaint", "submitted", "{\"satisfaction\": 3}", "c");
		put_row(s, "s", "site", "submitted", "{\"type\": \"residential\"}", "s");
		if (load) {
			assert_int_equal(store_bulk_resume(s, saved), 0);
			json_decref(saved);
		}
		assert_int_equal(store_commit(s), 0);
		assert_peek(path, "SELECT group_concat(id || '=' || coalesce(tag, '-'), ' ') FROM "
				  "(SELECT id, tag FROM records ORDER BY id)", "c=3 i=routine n=stopwork s=-");
		put_row(s, "i", "inspection", "submitted", "{\"type\": \"special\"}", "i");
		assert_peek(path, "SELECT tag FROM records WHERE id = 'i'", "special");
		assert_peek(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'records_tag%'", "0");
		assert_int_equal(store_begin(s), 0);
		assert_int_equal(store_clear_index(s), 0);
		assert_int_equal(store_commit(s), 0);
	}
	store_close(s);
}

/* A bulk load's search texts go to the index built beside from the fold
 * on (store_search_stream_begin): the side file is there while the load
 * writes; a text written again replaces the one before, written before the
 * fold, during it and after it; and a load rolled back leaves no side file. */
static void search_texts_stream_to_the_side(void **state)
{
	(void)state;
	store *s;
	json_t *saved;
	char id[16], text[64], *side = xasprintf("%s.search-build", path);
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	for (int undo = 0; undo < 2; undo++) {
		assert_int_equal(store_begin(s), 0);
		assert_int_equal(store_bulk_pause(s, STORE_LOAD_IMPORT, &saved), 0);
		assert_int_equal(store_clear_index(s), 0);
		put_status(s, "r005", "active", "工地005 旧文本");
		assert_int_equal(store_search_stream_begin(s), 0);
		assert_int_equal(access(side, F_OK), 0);
		for (int i = 0; i < 300; i++) {
			snprintf(id, sizeof id, "r%03d", i);
			snprintf(text, sizeof text, "工地%03d 洒水", i);
			put_status(s, id, "active", text);
		}
		put_status(s, "r005", "active", "工地005 雾炮");
		store_search_stream_end(s);
		put_status(s, "r007", "active", "工地007 覆盖");
		if (undo) {
			store_rollback(s);
			json_decref(saved);
			break;
		}
		assert_int_equal(store_bulk_resume(s, saved), 0);
		json_decref(saved);
		assert_int_equal(store_commit(s), 0);
		assert_int_equal(access(side, F_OK), -1);
		assert_int_equal(search(s, "洒水"), 298);
		assert_int_equal(search(s, "雾炮"), 1);
		assert_int_equal(search(s, "覆盖"), 1);
		assert_int_equal(search(s, "旧文本"), 0);
		assert_peek(path, "INSERT INTO records_fts (records_fts) VALUES ('integrity-check')", "");
		/* This connection's search index goes on from the copied one. */
		for (int i = 300; i < 340; i++) {
			snprintf(id, sizeof id, "r%03d", i);
			snprintf(text, sizeof text, "工地%03d 喷淋", i);
			put_status(s, id, "active", text);
		}
		assert_int_equal(search(s, "洒水"), 298);
		assert_int_equal(search(s, "喷淋"), 40);
		assert_peek(path, "INSERT INTO records_fts (records_fts) VALUES ('integrity-check')", "");
	}
	assert_int_equal(access(side, F_OK), -1);
	assert_int_equal(search(s, "洒水"), 298);
	store_close(s);
	free(side);
}

/* Whether a connection holds the database's -shm file: asked from
 * another process, as the lock is this one's. */
static int shm_held(const char *db)
{
	pid_t child = fork();
	if (child == 0) {
		char *shm = xasprintf("%s-shm", db);
		int fd = open(shm, O_RDONLY);
		struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1};
		_exit(fd >= 0 && fcntl(fd, F_GETLK, &l) == 0 && l.l_type != F_UNLCK ? 0 : 1);
	}
	int status;
	assert_true(child > 0 && waitpid(child, &status, 0) == child);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* A bulk load in a fresh file: taken only when no other store has the
 * database open; keeps the drafts, their search texts and the settings,
 * and nothing else with clear; is the database only once committed; and
 * a load rolled back leaves the database and no scratch file. */
static void fresh_load_swaps_in(void **state)
{
	(void)state;
	store *s, *other;
	struct stat before, after;
	char *rebuild = xasprintf("%s.rebuild", path);
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	put_status(s, "d1", "draft", "草稿扬尘工地");
	put_status(s, "r1", "submitted", "旧的扬尘工地");
	assert_int_equal(store_set_setting(s, "station_device", "A01"), 0);
	assert_int_equal(stat(path, &before), 0);

	assert_int_equal(store_open(&other, path, 0), 0);
	assert_int_equal(store_begin_fresh(s, 1), 0); /* another store is in */
	assert_int_equal(access(rebuild, F_OK), -1);
	store_rollback(s);
	store_close(other);

	assert_true(shm_held(path));
	assert_int_equal(store_begin_fresh(s, 1), 1);
	assert_int_equal(access(rebuild, F_OK), 0);
	assert_true(shm_held(path)); /* the old connection, open beside the load, holds it still */
	assert_peek(path, "SELECT count(*) FROM records", "2"); /* the database as it was */
	assert_peek(rebuild, "SELECT group_concat(id) FROM records", "d1");
	put_status(s, "r2", "submitted", "新的扬尘工地");
	store_rollback(s);
	assert_int_equal(access(rebuild, F_OK), -1);
	assert_peek(path, "SELECT group_concat(id) FROM (SELECT id FROM records ORDER BY id)", "d1,r1");

	assert_int_equal(store_begin_fresh(s, 1), 1);
	assert_int_equal(store_clear_index(s), 0);
	put_status(s, "r2", "submitted", "新的扬尘工地");
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(access(rebuild, F_OK), -1);
	assert_int_equal(stat(path, &after), 0);
	assert_true(after.st_ino != before.st_ino);
	assert_peek(path, "PRAGMA journal_mode", "wal");
	assert_peek(path, "SELECT group_concat(id) FROM (SELECT id FROM records ORDER BY id)", "d1,r2");
	assert_peek(path, "SELECT value FROM settings WHERE key = 'station_device'", "A01");
	assert_peek(path, "SELECT group_concat(id) FROM (SELECT r.id FROM records_fts f JOIN records r "
			  "ON r.rowid = f.rowid WHERE records_fts MATCH '扬尘工地' ORDER BY r.id)", "d1,r2");
	assert_peek(path, "PRAGMA integrity_check", "ok");
	/* The store goes on, on the new file. */
	json_t *ids = listed(s, "site", "新的扬尘工地", 10, 0);
	assert_int_equal(json_array_size(ids), 1);
	json_decref(ids);
	/* Without clear the fresh file starts with everything. */
	assert_int_equal(store_begin_fresh(s, 0), 1);
	assert_peek(rebuild, "SELECT group_concat(id) FROM (SELECT id FROM records ORDER BY id)", "d1,r2");
	assert_int_equal(store_commit(s), 0);
	assert_peek(path, "SELECT group_concat(id) FROM (SELECT id FROM records ORDER BY id)", "d1,r2");
	store_close(s);
	free(rebuild);
}

/* store_resolve's failures each have their code and their own message: a
 * caller tells "not here yet" from "give more of the id" from a database
 * that failed. */
static void resolve_codes(void **state)
{
	(void)state;
	store *s;
	char *id = NULL;
	unlink(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	put_rec(s, "01900000-0000-7000-8000-000000000001", "site", NULL, "一号工地", "2024-03-01");
	put_rec(s, "01900000-0000-7000-8000-000000000002", "notice", "HH-2024-0001", "通知", "2024-03-02");
	assert_int_equal(store_resolve(s, "HH-2024-0001", &id), 0);
	assert_string_equal(id, "01900000-0000-7000-8000-000000000002");
	free(id);
	id = NULL;

	assert_int_equal(store_resolve(s, "HH-2024-0002", &id), -1);
	assert_int_equal(err_code(), DW_ENOTFOUND);
	assert_string_equal(err_msg(), "no record 'HH-2024-0002'");
	assert_null(id);

	assert_int_equal(store_resolve(s, "0190000", &id), -1);
	assert_int_equal(err_code(), DW_EAMBIGUOUS);
	assert_non_null(strstr(err_msg(), "names more than one record"));
	assert_null(id);

	assert_int_equal(store_resolve(s, "", &id), -1);
	assert_int_equal(err_code(), DW_EINVALID);
	assert_non_null(strstr(err_msg(), "is not a record id or number"));
	assert_int_equal(store_resolve(s, "bad\377byte", &id), -1);
	assert_int_equal(err_code(), DW_EINVALID);

	/* The table gone under the store: a database error, not "no record". */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE records", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_resolve(s, "HH-2024-0001", &id), -1);
	assert_int_equal(err_code(), DW_ERROR);
	assert_non_null(strstr(err_msg(), "cannot look up record 'HH-2024-0001': database"));
	assert_null(id);

	/* A later plain err_set is not mistaken for the old code. */
	err_set_code(DW_ENOTFOUND, "x");
	err_set("y");
	assert_int_equal(err_code(), DW_ERROR);
	err_set_code(DW_EAMBIGUOUS, "x");
	err_prefix("context");
	assert_int_equal(err_code(), DW_EAMBIGUOUS);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrates_step_by_step),
		cmocka_unit_test(lists_and_searches),
		cmocka_unit_test(reuses_queries),
		cmocka_unit_test(kind_searches),
		cmocka_unit_test(kind_search_updates),
		cmocka_unit_test(nested_transactions),
		cmocka_unit_test(resolve_codes),
		cmocka_unit_test(bulk_load_sets_aside_and_restores),
		cmocka_unit_test(fresh_load_swaps_in),
		cmocka_unit_test(tags_written_with_records),
		cmocka_unit_test(search_texts_stream_to_the_side),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
