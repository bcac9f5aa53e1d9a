/*
 * json_canonical: the tree walked beside the text, each value compared
 * with what jansson's dump.c writes for it: no white space, members in
 * byte order of their keys, strings escaped only where they must be (the
 * quote, the backslash, control characters; \b \f \n \r \t by name, the
 * others as \u00XX in capitals), integers in plain decimal.
 */
#include "json_canonical.h"

#include <string.h>

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
