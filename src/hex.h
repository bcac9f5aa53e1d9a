/*
 * hex: lower-case hexadecimal for ids, keys and signatures.
 */
#ifndef DW_HEX_H
#define DW_HEX_H

#include <stddef.h>

/* Writes the 2n digits of in[0..n) and a NUL to out (2n + 1 bytes). */
void hex_encode(const unsigned char *in, size_t n, char *out);
/* Reads exactly 2n lower-case digits into out; -1 when in is not that. */
int hex_decode(const char *in, unsigned char *out, size_t n);
/* 1 when s is exactly n lower-case digits. */
int hex_is(const char *s, size_t n);

#endif
