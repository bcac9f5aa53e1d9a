/*
 * fuzz_json: the events' parser (json_yajl.c, yajl building jansson's
 * tree) against jansson's own, on any bytes, with and without refusing
 * duplicate keys: both take the text into equal trees, or both refuse it
 * and the refusal says why (a NUL byte outside a string, which jansson
 * passes over, is refused). And the canonical check (json_canonical.c)
 * says of every text taken what comparing it with jansson's encoding
 * says, and the canonical text yajl writes is jansson's, byte for byte.
 */
#include "fuzz.h"
#include "json_canonical.h"
#include "json_yajl.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	return 0;
}

static int has_real(const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	if (json_is_real(v))
		return 1;
	json_object_foreach((json_t *)v, k, x) if (has_real(x)) return 1;
	json_array_foreach(v, i, x) if (has_real(x)) return 1;
	return 0;
}

/* The check's reference: jansson writes the tree, and the two compared. */
static int dumps_as(const json_t *v, const char *text, size_t len)
{
	char *d = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	int same = d && strlen(d) == len && memcmp(d, text, len) == 0;
	free(d);
	return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t flags[] = {0, JSON_REJECT_DUPLICATES};
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
		json_error_t je, ye;
		json_t *j = json_loadb((const char *)data, size, flags[i], &je);
		json_t *y = json_yajl_loadb((const char *)data, size, flags[i], &ye);
		/* jansson passes over a NUL between tokens: refused here. */
		FUZZ_ASSERT(!j == !y || (j && !y && memchr(data, 0, size)));
		FUZZ_ASSERT(!y || json_equal(j, y));
		FUZZ_ASSERT(y || ye.text[0]);
		if (y) {
			char *d = json_dumps(y, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY), *c = json_canonical_dumps(y);
			FUZZ_ASSERT(!d == !c && (!d || strcmp(d, c) == 0));
			free(d), free(c);
		}
		/* Reals are never canonical here, whatever jansson writes. */
		if (y && !has_real(y))
			FUZZ_ASSERT(json_is_canonical(y, (const char *)data, size) == dumps_as(y, (const char *)data, size));
		else if (y)
			FUZZ_ASSERT(!json_is_canonical(y, (const char *)data, size));
		json_decref(j), json_decref(y);
	}
	return 0;
}
