/*
 * json_canonical: a tree's canonical JSON, as jansson writes it with
 * JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY, and whether a text is
 * it.
 *
 * Every event read is checked so (event_parse). Having jansson write the
 * tree and comparing took 64,000 instructions an event of 640 bytes, most
 * of them in sorting each object's keys; walking the tree beside the text
 * takes under a quarter of that (14,700). tests/fuzz/fuzz_json.c holds
 * the two to the same verdicts.
 */
#ifndef DW_JSON_CANONICAL_H
#define DW_JSON_CANONICAL_H

#include <jansson.h>
#include <stddef.h>

/* Whether text (len bytes) is what jansson writes for v, when v was read
 * from that text (each object's members in the text's order, its strings
 * UTF-8). A real is never canonical here: events hold none. */
int json_is_canonical(const json_t *v, const char *text, size_t len);

/* json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY), byte
 * for byte, written by yajl's generator (a record's state, 900 bytes: 6
 * microseconds against jansson's 15, which looks up every key again
 * after sorting and reads strings a character at a time). What yajl
 * refuses (a real, which it writes otherwise; past 128 levels; a string
 * not UTF-8) is jansson's to write. Caller frees; NULL as jansson's. */
char *json_canonical_dumps(const json_t *v);

#endif
