/*
 * json_canonical: the tree walked beside the text, each value compared
 * with what jansson's dump.c writes for it: no white space, members in
 * byte order of their keys, strings escaped only where they must be (the
 * quote, the backslash, control characters; \b \f \n \r \t by name, the
 * others as \u00XX in capitals), integers in plain decimal. The same
 * text is written by yajl's generator, whose escapes are those, once each
 * object's members are in their keys' order.
 */
#include "json_canonical.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

typedef struct {
	const char *at, *end;
} cursor;

static int take(cursor *c, const char *s, size_t n)
{
	if ((size_t)(c->end - c->at) < n || memcmp(c->at, s, n) != 0)
		return 0;
	c->at += n;
	return 1;
}

static int take_char(cursor *c, char ch)
{
	if (c->at == c->end || *c->at != ch)
		return 0;
	c->at++;
	return 1;
}

/* jansson's escape of byte b (a quote, a backslash or below 0x20). */
static size_t escape(unsigned char b, char out[6])
{
	static const char hex[] = "0123456789ABCDEF";
	char named;
	switch (b) {
	case '"': named = '"'; break;
	case '\\': named = '\\'; break;
	case '\b': named = 'b'; break;
	case '\f': named = 'f'; break;
	case '\n': named = 'n'; break;
	case '\r': named = 'r'; break;
	case '\t': named = 't'; break;
	default: named = 0;
	}
	out[0] = '\\';
	if (named) {
		out[1] = named;
		return 2;
	}
	memcpy(out + 1, "u00", 3);
	out[4] = hex[b >> 4];
	out[5] = hex[b & 15];
	return 6;
}

static int string(cursor *c, const char *s, size_t n)
{
	if (!take_char(c, '"'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x20 && b != '"' && b != '\\') {
			if (!take_char(c, (char)b))
				return 0;
			continue;
		}
		char esc[6];
		if (!take(c, esc, escape(b, esc)))
			return 0;
	}
	return take_char(c, '"');
}

static int integer(cursor *c, json_int_t i)
{
	char buf[24], *q = buf + sizeof buf;
	unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (i < 0)
		*--q = '-';
	return take(c, q, (size_t)(buf + sizeof buf - q));
}

/* a before b in byte order (jansson sorts keys by memcmp, then length). */
static int key_before(const char *a, size_t an, const char *b, size_t bn)
{
	int d = memcmp(a, b, an < bn ? an : bn);
	return d < 0 || (d == 0 && an < bn);
}

static int value(cursor *c, const json_t *v);

static int object(cursor *c, const json_t *v)
{
	const char *prev = NULL;
	size_t prev_len = 0;
	if (!take_char(c, '{'))
		return 0;
	for (void *it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
		const char *key = json_object_iter_key(it);
		size_t len = json_object_iter_key_len(it);
		if ((prev && (!key_before(prev, prev_len, key, len) || !take_char(c, ','))) ||
		    !string(c, key, len) || !take_char(c, ':') || !value(c, json_object_iter_value(it)))
			return 0;
		prev = key, prev_len = len;
	}
	return take_char(c, '}');
}

static int array(cursor *c, const json_t *v)
{
	size_t n = json_array_size(v);
	if (!take_char(c, '['))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((i && !take_char(c, ',')) || !value(c, json_array_get(v, i)))
			return 0;
	return take_char(c, ']');
}

static int value(cursor *c, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return object(c, v);
	case JSON_ARRAY:
		return array(c, v);
	case JSON_STRING:
		return string(c, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return integer(c, json_integer_value(v));
	case JSON_TRUE:
		return take(c, "true", 4);
	case JSON_FALSE:
		return take(c, "false", 5);
	case JSON_NULL:
		return take(c, "null", 4);
	default:
		return 0;
	}
}

int json_is_canonical(const json_t *v, const char *text, size_t len)
{
	cursor c = {text, text + len};
	return v && value(&c, v) && c.at == c.end;
}

/* A member of an object, to be written in its key's order. */
typedef struct {
	const char *key;
	size_t len;
	json_t *value;
} member;

static int member_cmp(const void *x, const void *y)
{
	const member *a = x, *b = y;
	return key_before(a->key, a->len, b->key, b->len) ? -1 : key_before(b->key, b->len, a->key, a->len);
}

static int generate(yajl_gen g, const json_t *v);

static int generate_object(yajl_gen g, const json_t *v)
{
	member small[32];
	size_t n = json_object_size(v), i = 0;
	member *m = n <= 32 ? small : xmalloc(n * sizeof *m);
	int sorted = 1;
	for (void *it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it), i++) {
		m[i] = (member){json_object_iter_key(it), json_object_iter_key_len(it), json_object_iter_value(it)};
		sorted = sorted && (i == 0 || key_before(m[i - 1].key, m[i - 1].len, m[i].key, m[i].len));
	}
	if (!sorted)
		qsort(m, n, sizeof *m, member_cmp);
	int ok = yajl_gen_map_open(g) == yajl_gen_status_ok;
	for (i = 0; ok && i < n; i++)
		ok = yajl_gen_string(g, (const unsigned char *)m[i].key, m[i].len) == yajl_gen_status_ok &&
		     generate(g, m[i].value);
	if (m != small)
		free(m);
	return ok && yajl_gen_map_close(g) == yajl_gen_status_ok;
}

static int generate(yajl_gen g, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return generate_object(g, v);
	case JSON_ARRAY: {
		int ok = yajl_gen_array_open(g) == yajl_gen_status_ok;
		for (size_t i = 0, n = json_array_size(v); ok && i < n; i++)
			ok = generate(g, json_array_get(v, i));
		return ok && yajl_gen_array_close(g) == yajl_gen_status_ok;
	}
	case JSON_STRING:
		/* jansson refuses to write what is not UTF-8. */
		return utf8_valid(json_string_value(v), json_string_length(v)) &&
		       yajl_gen_string(g, (const unsigned char *)json_string_value(v), json_string_length(v)) ==
			       yajl_gen_status_ok;
	case JSON_INTEGER:
		return yajl_gen_integer(g, json_integer_value(v)) == yajl_gen_status_ok;
	case JSON_TRUE:
	case JSON_FALSE:
		return yajl_gen_bool(g, json_is_true(v)) == yajl_gen_status_ok;
	case JSON_NULL:
		return yajl_gen_null(g) == yajl_gen_status_ok;
	default:
		return 0; /* a real: jansson's "%.17g" is not yajl's */
	}
}

char *json_canonical_dumps(const json_t *v)
{
	yajl_gen g = v ? yajl_gen_alloc(NULL) : NULL;
	char *text = NULL;
	const unsigned char *buf;
	size_t len;
	if (g && generate(g, v) && yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok) {
		text = xmalloc(len + 1);
		memcpy(text, buf, len);
		text[len] = '\0';
	}
	if (g)
		yajl_gen_free(g);
	return text ? text : json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}
