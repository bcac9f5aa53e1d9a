/*
 * test_store: migrations step by step, nested transactions, lookups and
 * the list queries (Chinese search of every length).
 */
#include "testutil.h"
#include "store.h"

#include <stdlib.h>
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
	assert_int_equal(store_put_record(s, st, &ix), 0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrates_step_by_step),
		cmocka_unit_test(lists_and_searches),
		cmocka_unit_test(nested_transactions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
