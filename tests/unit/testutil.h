/*
 * testutil: what the unit tests share: cmocka, a deterministic PRNG, and
 * a way to make signed events without a database.
 */
#ifndef DW_TESTUTIL_H
#define DW_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "event.h"
#include "form.h"
#include "util.h"

#include <string.h>

static uint64_t test_rng_state = 0x9E3779B97F4A7C15ull;

static inline uint64_t test_rand(void)
{
	uint64_t z = (test_rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline size_t test_below(size_t n)
{
	return (size_t)(test_rand() % n);
}

/* A signed event; after may be NULL (no predecessors). New reference. */
static inline json_t *test_event(const signer *s, const char *record, const char *kind, const char *op,
				 json_t *fields, hlc h, json_t *after)
{
	json_t *ev = json_object();
	json_object_set_new(ev, "v", json_integer(EVENT_FORMAT));
	json_object_set_new(ev, "record", json_string(record));
	json_object_set_new(ev, "form", json_string(kind));
	json_object_set_new(ev, "form_version", json_integer(1));
	json_object_set_new(ev, "op", json_string(op));
	json_object_set_new(ev, "fields", fields ? fields : json_object());
	json_object_set_new(ev, "author", json_string("测试员"));
	json_object_set_new(ev, "device", json_string(s->device));
	json_object_set_new(ev, "hlc", json_pack("[II]", (json_int_t)h.ms, (json_int_t)h.c));
	json_object_set_new(ev, "wall", json_string("2024-05-01T08:00:00Z"));
	json_object_set_new(ev, "after", after ? after : json_array());
	assert_int_equal(event_seal(ev, s, NULL), 0);
	return ev;
}

static inline form *test_form(const char *text)
{
	form *f = form_parse("test.form", text, strlen(text));
	if (!f)
		fail_msg("%s", err_msg());
	return f;
}

#endif
