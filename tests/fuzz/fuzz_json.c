/*
 * fuzz_json: the events' parser (json_yajl.c, yajl building jansson's
 * tree) against jansson's own, on any bytes, with and without refusing
 * duplicate keys: both take the text into equal trees, or both refuse it
 * and the refusal says why (a NUL byte outside a string, which jansson
 * passes over, is refused).
 */
#include "fuzz.h"
#include "json_yajl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	return 0;
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
		json_decref(j), json_decref(y);
	}
	return 0;
}
