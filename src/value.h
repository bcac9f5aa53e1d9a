/*
 * value: field values. Converts what a person types (on the command line
 * or in a form field) into the JSON value a field holds, checks a value
 * against its field, decides relevance, computes scores, and turns values
 * back into display text in Chinese or English.
 *
 * Value shapes (doc/dustwatch-forms.5): strings for text, dates, times,
 * choices, compliance ("yes", "no", "na"), yes/no, references (record
 * ids), decimals (as decimal strings: events hold no floating point) and
 * GPS ("lat,lon"); integers for integer; arrays of codes for multi, of
 * SHA-256 hex for photo and file; {"name","phone"} for person,
 * {"name","time"} for signature; arrays of objects for groups.
 */
#ifndef DW_VALUE_H
#define DW_VALUE_H

#include "form.h"
#include <jansson.h>

#define VALUE_MAX_BYTES 65536
/* Whole numbers are kept within ±10^12: far from int64 overflow, and a
 * double (range, scores) still holds them exactly. */
#define VALUE_MAX_INTEGER 1000000000000LL

/* The value of text for fd, or NULL with *msg (caller frees) saying why.
 * now: the current date-time, for signatures. Attachments come back as
 * the raw "@path" strings for the caller to import. */
json_t *value_parse(const field *fd, const char *text, const char *now, char **msg);

/* Checks v against fd's type and constraints. Returns NULL when valid,
 * else a message the caller frees. today: "YYYY-MM-DD". */
char *value_check(const field *fd, const json_t *v, const char *today);

/* Whether fd applies given the values of its scope (a group item, or the
 * record's fields when top-level) and of the record. */
int value_relevant(const field *fd, const json_t *scope, const json_t *top);

/* Every problem with fields as a whole record of form f: unknown fields,
 * missing required ones, values out of bounds, values of fields that are
 * not relevant. Appends {"field","message"} objects to problems; returns
 * how many it added. partial: only unknown names and bad values (a
 * draft being filled). */
int value_validate(const form *f, const json_t *fields, const char *today, int partial, json_t *problems);

/* Sets every score field of f in fields to its computed total. */
void value_compute_scores(const form *f, json_t *fields);

/* Whether v is a private field's value sealed to the station, which
 * this machine cannot open ({"sealed": BASE64}, seal.h). */
int value_is_sealed(const json_t *v);

/* Display text of v (caller frees): "（已密封）" or "(sealed)" for a sealed
 * value. */
char *value_display(const field *fd, const json_t *v, const char *lang);

#endif
