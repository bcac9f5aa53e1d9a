/*
 * json_yajl: yajl's callbacks building a jansson tree (json_yajl.h).
 *
 * A container is put in its parent as it opens, taking the key that
 * waits for it, so one key at most waits at any time. The builder holds
 * the root; the stack's containers are borrowed from their parents.
 */
#include "json_yajl.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

/* jansson's JSON_PARSER_MAX_DEPTH: texts refused there are refused here. */
enum { MAX_DEPTH = 2048 };

typedef struct {
	json_t *root;
	json_t **open; /* the containers not yet closed, outermost first */
	size_t depth, cap;
	char *key; /* the key waiting for its value */
	size_t key_len, key_cap;
	int reject_duplicates;
	const char *why; /* the refusal of a callback, for the error */
	enum json_error_code code;
	yajl_handle h;
	size_t end; /* where the root closed */
} builder;

static int refuse(builder *b, enum json_error_code code, const char *why)
{
	b->code = code;
	b->why = why;
	return 0;
}

static int add(builder *b, json_t *v)
{
	if (!v)
		return refuse(b, json_error_out_of_memory, "out of memory");
	if (!b->depth) {
		b->root = v;
		return 1;
	}
	json_t *top = b->open[b->depth - 1];
	if (json_is_array(top))
		return json_array_append_new(top, v) == 0 ? 1 : refuse(b, json_error_out_of_memory, "out of memory");
	if (b->reject_duplicates && json_object_getn(top, b->key, b->key_len)) {
		json_decref(v);
		return refuse(b, json_error_duplicate_key, "duplicate object key");
	}
	return json_object_setn_new_nocheck(top, b->key, b->key_len, v) == 0 ? 1 : refuse(b, json_error_out_of_memory, "out of memory");
}

static int open_container(builder *b, json_t *v)
{
	if (b->depth >= MAX_DEPTH) {
		json_decref(v);
		return refuse(b, json_error_stack_overflow, "maximum parsing depth reached");
	}
	if (!add(b, v))
		return 0;
	if (b->depth == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 8;
		b->open = xrealloc(b->open, b->cap * sizeof *b->open);
	}
	b->open[b->depth++] = v;
	return 1;
}

static int on_null(void *ctx)
{
	return add(ctx, json_null());
}

static int on_boolean(void *ctx, int v)
{
	return add(ctx, json_boolean(v));
}

/* A number as jansson's lexer makes it: an integer unless it has a
 * fraction or an exponent, and refused past what it can hold (yajl's own
 * integers refuse -2^63). yajl has checked the number's grammar. */
static int on_number(void *ctx, const char *s, size_t len)
{
	char small[64], *text = len < sizeof small ? small : xmalloc(len + 1);
	memcpy(text, s, len);
	text[len] = '\0';
	json_t *v;
	const char *why = NULL;
	errno = 0;
	if (strpbrk(text, ".eE")) {
		double d = strtod(text, NULL);
		v = errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL) ? NULL : json_real(d);
		why = "real number overflow";
	} else {
		long long i = strtoll(text, NULL, 10);
		v = errno == ERANGE ? NULL : json_integer(i);
		why = i < 0 ? "too big negative integer" : "too big integer";
	}
	if (text != small)
		free(text);
	return v ? add(ctx, v) : refuse(ctx, json_error_numeric_overflow, why);
}

/* The text's UTF-8 is checked before; NUL is jansson's refusal without
 * JSON_ALLOW_NUL. */
static int on_string(void *ctx, const unsigned char *s, size_t len)
{
	if (memchr(s, 0, len))
		return refuse(ctx, json_error_null_character, "\\u0000 is not allowed without JSON_ALLOW_NUL");
	return add(ctx, json_stringn_nocheck((const char *)s, len));
}

static int on_key(void *ctx, const unsigned char *s, size_t len)
{
	builder *b = ctx;
	if (memchr(s, 0, len))
		return refuse(b, json_error_null_byte_in_key, "NUL byte in object key not supported");
	if (len + 1 > b->key_cap) {
		b->key_cap = len + 64;
		b->key = xrealloc(b->key, b->key_cap);
	}
	memcpy(b->key, s, len);
	b->key[len] = '\0';
	b->key_len = len;
	return 1;
}

static int on_start_map(void *ctx)
{
	return open_container(ctx, json_object());
}

static int on_start_array(void *ctx)
{
	return open_container(ctx, json_array());
}

static int on_end(void *ctx)
{
	builder *b = ctx;
	if (!--b->depth)
		b->end = yajl_get_bytes_consumed(b->h);
	return 1;
}

static const yajl_callbacks callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_boolean,
	.yajl_number = on_number,
	.yajl_string = on_string,
	.yajl_start_map = on_start_map,
	.yajl_map_key = on_key,
	.yajl_end_map = on_end,
	.yajl_start_array = on_start_array,
	.yajl_end_array = on_end,
};

/* Like jansson's, with the code in the text's last byte (json_error_code). */
static void set_error(json_error_t *error, enum json_error_code code, const char *text, size_t at)
{
	if (!error)
		return;
	memset(error, 0, sizeof *error);
	snprintf(error->text, sizeof error->text - 1, "%s", text);
	error->text[sizeof error->text - 1] = (char)code;
	snprintf(error->source, sizeof error->source, "<buffer>");
	error->line = 1;
	error->column = (int)at;
	error->position = (int)at;
}

/* Whether the text may hold a surrogate escaped, \uD800 to \uDFFF: yajl
 * writes a lone one as "?" or as the bytes of no character, and joins a
 * high one with any escape after it. jansson decides such texts (an
 * event's canonical form has none: it writes characters as they are). */
static int surrogate_escaped(const char *buf, size_t len)
{
	for (const char *p = buf, *end = buf + len; (p = memchr(p, '\\', (size_t)(end - p))); p++)
		if (end - p >= 4 && p[1] == 'u' && (p[2] == 'd' || p[2] == 'D') && p[3] && strchr("89abcdefABCDEF", p[3]))
			return 1;
	return 0;
}

/* How many of the first n bytes of s are of set (s need not end in NUL). */
static size_t strspn_n(const char *s, size_t n, const char *set)
{
	size_t i = 0;
	while (i < n && s[i] && strchr(set, s[i]))
		i++;
	return i;
}

json_t *json_yajl_loadb(const char *buf, size_t len, size_t flags, json_error_t *error)
{
	if (surrogate_escaped(buf, len))
		return json_loadb(buf, len, flags, error);
	/* yajl's own check of the strings lets overlong forms through. */
	if (!utf8_valid(buf, len)) {
		set_error(error, json_error_invalid_utf8, "text is not UTF-8", 0);
		return NULL;
	}
	/* yajl takes form feeds and vertical tabs for white space, and
	 * jansson passes over a NUL between tokens; JSON has none of them
	 * but escaped in a string. */
	static const char bad[] = {'\0', '\f', '\v'};
	for (size_t i = 0; i < sizeof bad; i++) {
		const char *at = memchr(buf, bad[i], len);
		if (at) {
			set_error(error, json_error_invalid_syntax, "invalid control character", (size_t)(at - buf));
			return NULL;
		}
	}
	builder b = {.reject_duplicates = (flags & JSON_REJECT_DUPLICATES) != 0};
	yajl_handle h = yajl_alloc(&callbacks, NULL, &b);
	if (!h) {
		set_error(error, json_error_out_of_memory, "out of memory", 0);
		return NULL;
	}
	yajl_config(h, yajl_dont_validate_strings, 1);
	b.h = h;
	yajl_status st = yajl_parse(h, (const unsigned char *)buf, len);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	if (st != yajl_status_ok) {
		size_t at = yajl_get_bytes_consumed(h);
		if (b.why) {
			set_error(error, b.code, b.why, at);
		} else {
			/* "parse error: premature EOF\n", with the text after it
			 * only when verbose. */
			unsigned char *msg = yajl_get_error(h, 0, (const unsigned char *)buf, len);
			char *end = msg ? strchr((char *)msg, '\n') : NULL;
			if (end)
				*end = '\0';
			set_error(error, json_error_invalid_syntax, msg ? (const char *)msg : "not JSON", at);
			yajl_free_error(h, msg);
		}
		json_decref(b.root);
		b.root = NULL;
	} else if (!json_is_object(b.root) && !json_is_array(b.root)) {
		set_error(error, json_error_invalid_syntax, "'[' or '{' expected", 0);
		json_decref(b.root);
		b.root = NULL;
	} else if (b.end + strspn_n(buf + b.end, len - b.end, " \t\n\r") != len) {
		/* yajl lets a string left open after the root through. */
		set_error(error, json_error_end_of_input_expected, "end of file expected", b.end);
		json_decref(b.root);
		b.root = NULL;
	}
	yajl_free(h);
	free(b.open), free(b.key);
	return b.root;
}
