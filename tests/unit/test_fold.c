/*
 * test_fold: a record's state is the same for the same events in any
 * order (a property test over generated histories with concurrent edits
 * from several devices), lifecycles step as specified, and concurrent
 * settings of a significant field are listed as conflicts until an event
 * written after all of them settles it.
 */
#include "testutil.h"
#include "fold.h"

#include <stdlib.h>

static const char notice_form[] =
	"form notice\nversion 1\ntitle 通知 | Notice\nlifecycle notice\nsite site\ndate deadline\ndue deadline\n"
	"field site ref site\n  label 工地 | Site\n"
	"field deadline date\n  label 期限 | Deadline\n  significant\n"
	"field note text\n  label 说明 | Note\n"
	"field unit text\n  label 单位 | Unit\n"
	"field count integer\n  label 数量 | Count\n";

#define DEVICES 3
#define MAX_EVENTS 64

typedef struct {
	signer key;
	int64_t wall;       /* this device's own clock, which drifts */
	hlc last;           /* greatest clock seen */
	int knows[MAX_EVENTS];
} device;

static json_t *heads_known(json_t **ev, int n, const int *knows)
{
	json_t *heads = json_array();
	for (int i = 0; i < n; i++) {
		if (!knows[i])
			continue;
		int referenced = 0;
		for (int k = 0; k < n && !referenced; k++) {
			if (!knows[k])
				continue;
			size_t ai;
			json_t *x;
			json_array_foreach(json_object_get(ev[k], "after"), ai, x)
				if (str_eq(json_string_value(x), event_str(ev[i], "id"))) referenced = 1;
		}
		if (!referenced)
			json_array_append_new(heads, json_string(event_str(ev[i], "id")));
	}
	return heads;
}

static json_t *random_fields(void)
{
	static const char *const names[] = {"deadline", "note", "unit", "count"};
	static const char *const dates[] = {"2024-06-01", "2024-06-15", "2024-07-01"};
	static const char *const texts[] = {"西侧围挡缺失", "土方未覆盖", "", "洗车槽未清理"};
	json_t *f = json_object();
	size_t n = 1 + test_below(3);
	for (size_t i = 0; i < n; i++) {
		const char *name = names[test_below(4)];
		if (str_eq(name, "deadline"))
			json_object_set_new(f, name, json_string(dates[test_below(3)]));
		else if (str_eq(name, "count"))
			json_object_set_new(f, name, test_below(5) ? json_integer((json_int_t)test_below(100)) : json_null());
		else
			json_object_set_new(f, name, json_string(texts[test_below(4)]));
	}
	return f;
}

/* One generated history: devices edit on what they know, sometimes learn
 * each other's events, clocks drift. Returns the number of events. */
static int generate(device *d, json_t **ev)
{
	static const char *const ops[] = {"update", "update", "update", "rectify", "close", "reopen", "void"};
	int n = 0;
	for (int i = 0; i < DEVICES; i++) {
		memset(d[i].knows, 0, sizeof d[i].knows);
		d[i].wall = 1714550400000 + (int64_t)test_below(100000);
		d[i].last = (hlc){0, 0};
	}
	hlc h = hlc_next(d[0].last, d[0].wall);
	ev[n] = test_event(&d[0].key, "rec-1", "notice", "create", json_pack("{ss}", "deadline", "2024-05-20"), h, NULL);
	for (int i = 0; i < DEVICES; i++)
		d[i].knows[n] = 1, d[i].last = h;
	n++;
	int steps = 5 + (int)test_below(25);
	for (int s = 0; s < steps && n < MAX_EVENTS; s++) {
		device *me = &d[test_below(DEVICES)];
		if (test_below(4) == 0) {
			/* learn everything another device knows */
			device *other = &d[test_below(DEVICES)];
			for (int k = 0; k < n; k++)
				if (other->knows[k]) {
					me->knows[k] = 1;
					if (hlc_cmp(event_hlc(ev[k]), me->last) > 0)
						me->last = event_hlc(ev[k]);
				}
			continue;
		}
		me->wall += (int64_t)test_below(5000) - 1000; /* clocks go backwards too */
		h = hlc_next(me->last, me->wall);
		const char *op = ops[test_below(DW_ARRAY_LEN(ops))];
		json_t *fields = str_eq(op, "update") ? random_fields() : json_object();
		ev[n] = test_event(&me->key, "rec-1", "notice", op, fields, h, heads_known(ev, n, me->knows));
		me->knows[n] = 1;
		me->last = h;
		n++;
	}
	return n;
}

static void shuffle(json_t **ev, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = (int)test_below((size_t)i + 1);
		json_t *t = ev[i];
		ev[i] = ev[j], ev[j] = t;
	}
}

static void fold_is_order_independent(void **state)
{
	(void)state;
	form *f = test_form(notice_form);
	device d[DEVICES];
	const char *codes[] = {"A01", "A02", "B07"};
	for (int i = 0; i < DEVICES; i++)
		assert_int_equal(signer_generate(&d[i].key, codes[i]), 0);
	json_t *ev[MAX_EVENTS];
	int histories_with_conflicts = 0;
	for (int history = 0; history < 200; history++) {
		int n = generate(d, ev);
		json_t *first = fold_record(f, ev, (size_t)n);
		assert_non_null(first);
		char *want = event_canonical(first);
		if (json_array_size(json_object_get(first, "conflicts")))
			histories_with_conflicts++;
		for (int order = 0; order < 30; order++) {
			shuffle(ev, n);
			json_t *again = fold_record(f, ev, (size_t)n);
			char *got = event_canonical(again);
			assert_string_equal(got, want);
			free(got);
			json_decref(again);
		}
		free(want);
		json_decref(first);
		for (int i = 0; i < n; i++)
			json_decref(ev[i]);
	}
	/* The generator must actually produce concurrent edits, or the
	 * property says nothing about them. */
	assert_true(histories_with_conflicts > 10);
	form_free(f);
}

static void lifecycle_and_last_writer(void **state)
{
	(void)state;
	form *f = test_form(notice_form);
	signer s;
	signer_generate(&s, "A01");
	json_t *ev[4];
	ev[0] = test_event(&s, "r", "notice", "create", json_pack("{ssss}", "deadline", "2024-06-01", "note", "旧"),
			   (hlc){1000, 0}, NULL);
	ev[1] = test_event(&s, "r", "notice", "update", json_pack("{ss}", "note", "新"), (hlc){2000, 0},
			   json_pack("[s]", event_str(ev[0], "id")));
	ev[2] = test_event(&s, "r", "notice", "approve", NULL, (hlc){3000, 0}, json_pack("[s]", event_str(ev[1], "id")));
	ev[3] = test_event(&s, "r", "notice", "rectify", NULL, (hlc){4000, 0}, json_pack("[s]", event_str(ev[2], "id")));
	json_t *st = fold_record(f, ev, 4);
	assert_string_equal(json_string_value(json_object_get(st, "status")), "rectified");
	assert_string_equal(json_string_value(json_object_get(json_object_get(st, "fields"), "note")), "新");
	assert_int_equal(json_array_size(json_object_get(st, "heads")), 1);
	assert_int_equal(json_array_size(json_object_get(st, "conflicts")), 0);
	json_decref(st);
	/* "approve" does not apply to a notice and leaves its status alone. */
	assert_null(fold_transition(LC_NOTICE, "issued", "approve"));
	assert_string_equal(fold_transition(LC_REVIEW, "submitted", "approve"), "approved");
	assert_null(fold_transition(LC_REVIEW, "void", "submit"));
	for (int i = 0; i < 4; i++)
		json_decref(ev[i]);
	/* Without a create event there is no record. */
	json_t *lone = test_event(&s, "r", "notice", "update", NULL, (hlc){1, 0}, NULL);
	assert_null(fold_record(f, &lone, 1));
	json_decref(lone);
	form_free(f);
}

static void concurrent_significant_edits_conflict(void **state)
{
	(void)state;
	form *f = test_form(notice_form);
	signer a, b, sup;
	signer_generate(&a, "A01");
	signer_generate(&b, "A02");
	signer_generate(&sup, "S01");
	json_t *ev[4];
	ev[0] = test_event(&a, "r", "notice", "create", json_pack("{ss}", "deadline", "2024-06-01"), (hlc){1000, 0}, NULL);
	json_t *base = json_pack("[s]", event_str(ev[0], "id"));
	/* Two devices change the deadline, neither knowing of the other. */
	ev[1] = test_event(&a, "r", "notice", "update", json_pack("{ss}", "deadline", "2024-06-10"), (hlc){2000, 0},
			   json_deep_copy(base));
	ev[2] = test_event(&b, "r", "notice", "update", json_pack("{sssi}", "deadline", "2024-06-20", "count", 3),
			   (hlc){1500, 0}, json_deep_copy(base));
	json_t *st = fold_record(f, ev, 3);
	json_t *c = json_object_get(st, "conflicts");
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 0), "field")), "deadline");
	assert_int_equal(json_array_size(json_object_get(json_array_get(c, 0), "values")), 2);
	/* Each value says when it was claimed, for the conflicts screen. */
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(json_array_get(c, 0), "values"), 0), "wall")),
			    "2024-05-01T08:00:00Z");
	/* The fold still decides: the greater clock wins. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(st, "fields"), "deadline")), "2024-06-10");
	json_decref(st);
	/* Concurrent edits of a field that is not significant are no conflict. */
	json_t *plain[3] = {ev[0], NULL, NULL};
	plain[1] = test_event(&a, "r", "notice", "update", json_pack("{ss}", "note", "甲"), (hlc){2000, 0}, json_deep_copy(base));
	plain[2] = test_event(&b, "r", "notice", "update", json_pack("{ss}", "note", "乙"), (hlc){2100, 0}, json_deep_copy(base));
	st = fold_record(f, plain, 3);
	assert_int_equal(json_array_size(json_object_get(st, "conflicts")), 0);
	json_decref(st), json_decref(plain[1]), json_decref(plain[2]);
	/* A supervisor who has both settles it with a new event. */
	ev[3] = test_event(&sup, "r", "notice", "update", json_pack("{ss}", "deadline", "2024-06-15"), (hlc){3000, 0},
			   json_pack("[ss]", event_str(ev[1], "id"), event_str(ev[2], "id")));
	st = fold_record(f, ev, 4);
	assert_int_equal(json_array_size(json_object_get(st, "conflicts")), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(st, "fields"), "deadline")), "2024-06-15");
	json_decref(st);
	for (int i = 0; i < 4; i++)
		json_decref(ev[i]);
	json_decref(base);
	form_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_is_order_independent),
		cmocka_unit_test(lifecycle_and_last_writer),
		cmocka_unit_test(concurrent_significant_edits_conflict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
