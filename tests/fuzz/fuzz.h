/*
 * fuzz: what the libFuzzer targets (tests/fuzz/fuzz_*.c) share. Each target
 * is one parser of outside input, fed whatever the fuzzer makes, under
 * ASan and UBSan; doc/fuzzing.md says how they are built and run.
 *
 * FUZZ_ASSERT stops the run (a crash libFuzzer saves) when a property the
 * code promises does not hold: a round trip that does not come back, say.
 */
#ifndef DW_FUZZ_H
#define DW_FUZZ_H

#include "util.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_ASSERT(cond)                                                                    \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: FUZZ_ASSERT failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                             \
		}                                                                            \
	} while (0)

/* The input as a NUL-terminated string (the caller frees): what a parser
 * that takes C strings is given. Bytes past a NUL in the input are cut. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	return xstrndup((const char *)data, size);
}

/* Splits data at the first "\n--\n" (or the end): *part, *part_len; returns
 * where the rest starts (data + size when none). */
static inline const uint8_t *fuzz_split(const uint8_t *data, size_t size, const uint8_t **part, size_t *part_len)
{
	static const char sep[] = "\n--\n";
	for (size_t i = 0; i + 4 <= size; i++)
		if (memcmp(data + i, sep, 4) == 0) {
			*part = data, *part_len = i;
			return data + i + 4;
		}
	*part = data, *part_len = size;
	return data + size;
}

#endif
