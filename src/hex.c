/*
 * hex: lower-case hexadecimal for ids, keys and signatures.
 */
#include "hex.h"

#include <string.h>

void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = 0;
}

/* Each digit's value plus one, 0 for any other byte: a load checks the
 * 192 digits of every event's id and signature (hex_is was a tenth of
 * reading an event, a test and a branch for each digit). */
static const unsigned char digit_1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
	['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

static int hexval(char c)
{
	return digit_1[(unsigned char)c] - 1;
}

int hex_decode(const char *in, unsigned char *out, size_t n)
{
	if (strlen(in) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int hex_is(const char *s, size_t n)
{
	unsigned char all = 1;
	for (size_t i = 0; i < n && all; i++)
		all = digit_1[(unsigned char)s[i]];
	return all && s[n] == 0;
}
