/*
 * json_yajl: a JSON text read into jansson's tree by yajl's parser.
 *
 * A reindex or a first sync parses every event twice (its check, then its
 * fold), and jansson's own parser reads a text a byte at a time through
 * a function pointer, about 125,000 instructions for an event of 640
 * bytes. yajl's scanner feeds the same tree for about 45,000. Every other
 * text (forms, settings, a record's state) is jansson's to read.
 */
#ifndef DW_JSON_YAJL_H
#define DW_JSON_YAJL_H

#include <jansson.h>

/* As json_loadb(buf, len, flags, error) with flags 0 or
 * JSON_REJECT_DUPLICATES: a JSON object or array, no NUL in a string, at
 * most 2048 levels deep as jansson's; a new reference, or NULL with the
 * error's text, position and column filled in (line is 1). */
json_t *json_yajl_loadb(const char *buf, size_t len, size_t flags, json_error_t *error);

#endif
