/*
 * text: text as a person sees it. Display width in terminal columns (two
 * for Chinese, computed here and nowhere else), fitting text to a width
 * without ever splitting a character, and the product's own words (record
 * statuses and kinds) in Chinese and English.
 */
#ifndef DW_TEXT_H
#define DW_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Columns a code point takes: 0, 1 or 2. */
int text_cp_width(uint32_t cp);
/* Decodes one UTF-8 code point at s; returns its length in bytes (1 for a
 * malformed byte, decoded as U+FFFD). */
size_t text_decode(const char *s, uint32_t *cp);
/* s shortened in the middle ("devices/A01/a/a…/a/a/f") to at most cols
 * columns; s itself (copied) when it fits. New string; caller frees. */
char *text_fit_middle(const char *s, int cols);
/* s with what a terminal would act on instead of show made visible: bytes
 * that are not UTF-8 as \xNN, control characters (escape, BEL, C1) as
 * \xNN or \uNNNN; newlines and tabs stay when keep_lines. For plain
 * output of text that came from outside. New string; caller frees. */
char *text_escape(const char *s, int keep_lines);
/* A file name as a person reads it: UTF-8 as is; else, as names from a
 * stick written on Windows are, GB18030 (GBK) converted to UTF-8; else
 * escaped as text_escape does. The raw bytes stay the way to open the
 * file. New string; caller frees. */
char *text_filename(const char *name);
/* Encodes cp as UTF-8 into out (room for 4 bytes, no NUL added); returns
 * its length in bytes. A surrogate or a value past U+10FFFF is U+FFFD. */
size_t text_encode(uint32_t cp, char *out);
/* Columns of a UTF-8 string. */
int text_width(const char *s);
/* s cut to at most cols columns (ending in "…" when cut) and padded with
 * spaces to exactly cols when pad. New string; caller frees. */
char *text_fit(const char *s, int cols, int pad);

/* Words of the product; lang "zh" or "en". Unknown codes come back as is. */
const char *text_status(const char *status, const char *lang);
/* A kind is named by its shipped form's noun (forms/KIND.form). */
const char *text_kind(const char *kind, const char *lang);

#endif
