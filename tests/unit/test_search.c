/*
 * test_search: the search index within transactions. A transaction's
 * search texts wait in a TEMP table and reach records_fts at commit
 * (store_flush_search); these check that what is searchable afterwards is
 * exactly the last text of each record, whatever happened in between.
 */
#include "testutil.h"
#include "store.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/dwsearch.XXXXXX";
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

static void put(store *s, const char *id, const char *text)
{
	json_t *st = json_pack("{ssssssssssssssss}", "id", id, "kind", "site", "number", "", "status", "submitted",
			       "created", "2024-01-01T00:00:00Z", "updated", "2024-01-01T00:00:00Z", "author", "张伟",
			       "device", "A01");
	record_index ix = {.date = "2024-01-01", .title = text, .text = text};
	assert_int_equal(store_put_record(s, st, &ix), 0);
	json_decref(st);
}

static int count_cb(void *payload, json_t *st)
{
	(void)st;
	(*(int *)payload)++;
	return 0;
}

static int found(store *s, const char *text)
{
	int n = 0;
	list_query q = {.search = text};
	assert_int_equal(store_list(s, &q, count_cb, &n), 0);
	return n;
}

/* Records found through the trigram index: every text ends 建筑工地. */
static int indexed(store *s)
{
	return found(s, "建筑工地");
}

static store *fresh(void)
{
	store *s;
	unlink(path);
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	unlink(wal), unlink(shm);
	free(wal), free(shm);
	assert_int_equal(store_open(&s, path, 0), 0);
	return s;
}

/* A record written three times in one transaction, back to its first
 * text: only that text is found after the commit. */
static void last_text_wins(void **state)
{
	(void)state;
	store *s = fresh();
	assert_int_equal(store_begin(s), 0);
	put(s, "r1", "鹤城区迎丰建筑工地");
	put(s, "r1", "洪江区黔阳建筑工地");
	put(s, "r1", "鹤城区迎丰建筑工地");
	put(s, "r2", "芷江县和平建筑工地");
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(found(s, "迎丰建"), 1);
	assert_int_equal(found(s, "黔阳建"), 0);
	assert_int_equal(found(s, "和平建"), 1);
	assert_int_equal(indexed(s), 2);
	store_close(s);
}

/* Within nested savepoints: a rolled-back inner write leaves no trace, an
 * outer rollback none at all. */
static void rollbacks_leave_nothing(void **state)
{
	(void)state;
	store *s = fresh();
	put(s, "r1", "鹤城区迎丰建筑工地"); /* outside a transaction: at once */
	assert_int_equal(found(s, "迎丰建"), 1);
	assert_int_equal(store_begin(s), 0);
	put(s, "r2", "芷江县和平建筑工地");
	assert_int_equal(store_begin(s), 0);
	put(s, "r1", "洪江区黔阳建筑工地");
	store_rollback(s);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(found(s, "迎丰建"), 1);
	assert_int_equal(found(s, "黔阳建"), 0);
	assert_int_equal(found(s, "和平建"), 1);
	assert_int_equal(store_begin(s), 0);
	put(s, "r3", "麻阳县锦江建筑工地");
	put(s, "r1", "沅陵县官庄建筑工地");
	store_rollback(s);
	assert_int_equal(found(s, "锦江建"), 0);
	assert_int_equal(found(s, "官庄建"), 0);
	assert_int_equal(found(s, "迎丰建"), 1);
	assert_int_equal(indexed(s), 2);
	store_close(s);
}

/* A record deleted after its text was written in the same transaction is
 * not found, and its text does not come back at commit. */
static void deleted_record_not_found(void **state)
{
	(void)state;
	store *s = fresh();
	assert_int_equal(store_begin(s), 0);
	put(s, "r1", "鹤城区迎丰建筑工地");
	put(s, "r2", "芷江县和平建筑工地");
	assert_int_equal(store_delete_record(s, "r1"), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(found(s, "迎丰建"), 0);
	assert_int_equal(indexed(s), 1);
	store_close(s);
}

/* Many records in one transaction (an import): every one is found, short
 * and long queries alike. */
static void bulk_all_found(void **state)
{
	(void)state;
	store *s = fresh();
	assert_int_equal(store_begin(s), 0);
	for (int i = 0; i < 2000; i++) {
		char id[16], text[64];
		snprintf(id, sizeof id, "r%d", i);
		snprintf(text, sizeof text, "%s第%d号建筑工地", i % 2 ? "鹤城区" : "洪江区", i);
		put(s, id, text);
	}
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(found(s, "鹤城区"), 1000);
	assert_int_equal(found(s, "第1999号"), 1);
	assert_int_equal(indexed(s), 2000);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(last_text_wins),
		cmocka_unit_test(rollbacks_leave_nothing),
		cmocka_unit_test(deleted_record_not_found),
		cmocka_unit_test(bulk_all_found),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
