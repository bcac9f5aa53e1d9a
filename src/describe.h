/*
 * describe: a record as the lines a person reads, written once for every
 * reader. describe_record() walks a record's state with the form version
 * it was made with: its title and particulars; its fields by section, a
 * reference as the title of the record it names, a group item by item,
 * a field that form version does not have as its stored JSON; its
 * conflicts with the value each device claims; and its history, event by
 * event. It hands each line, typed, to a callback, as ncdu's dir_output
 * feeds several consumers: `show` and `history` print the lines, the
 * TUI's record page draws them. Nothing here prints or draws.
 */
#ifndef DW_DESCRIBE_H
#define DW_DESCRIBE_H

#include "app.h"
#include <jansson.h>

typedef enum {
	DESCRIBE_TITLE,      /* label: the form's title (the kind without a form); value: the record's */
	DESCRIBE_PARTICULAR, /* part says which; label: its name, value: its text */
	DESCRIBE_HEADING,    /* label: a section's label, or "History" before the events */
	DESCRIBE_FIELD,      /* label and value of a field; group: its items follow */
	DESCRIBE_ITEM,       /* a group's item begins: item is its number from 1 */
	DESCRIBE_MEMBER,     /* label and value of a member of the group's item `item` */
	DESCRIBE_CONFLICT,   /* label: a field that devices set to different values */
	DESCRIBE_CLAIM,      /* value: one device's value for it; author, device, event: whose */
	DESCRIBE_EVENT,      /* value: the op; when, author, device, event, note, skew_ms */
	DESCRIBE_CHANGE,     /* label and value of a field the event set ("—": cleared) */
} describe_kind;

/* Which particular a DESCRIBE_PARTICULAR line is. */
typedef enum {
	DESCRIBE_NUMBER,
	DESCRIBE_STATUS,
	DESCRIBE_ID,
	DESCRIBE_CREATED,
	DESCRIBE_NOTE,
	DESCRIBE_REPLY_TIME, /* a complaint's days from receipt to reply (or so far) */
	DESCRIBE_REVIEW, /* the last approval or return: which, by whom, on which device, when, the comment */
	DESCRIBE_WHERE,  /* only on this laptop, or at the station */
} describe_part;

/* How a line asks to be shown; the reader decides what that looks like. */
typedef enum {
	DESCRIBE_PLAIN,
	DESCRIBE_STRONG,     /* headings */
	DESCRIBE_PROBLEM,    /* a value found not compliant */
	DESCRIBE_CONFLICTED, /* a conflict and the values claimed */
	DESCRIBE_ATTENTION,  /* the record's note: why it was returned or voided */
	DESCRIBE_QUIET,      /* an event's who, when and where */
} describe_hint;

/* One line. Strings are borrowed for the callback's duration only; those
 * a kind does not use are NULL. level: its depth, 0 for titles, headings
 * and conflicts, 1 for fields, claims and events, then 2 and 3 inside. */
typedef struct {
	describe_kind kind;
	describe_part part;
	describe_hint hint;
	int level;
	const char *label, *value;
	int group;   /* DESCRIBE_FIELD: a group's, its items follow */
	size_t item; /* DESCRIBE_ITEM, DESCRIBE_MEMBER: the item's number from 1 */
	const char *when, *author, *device, *event, *note;
	long long skew_ms; /* DESCRIBE_EVENT: how far its device's clock was behind, or 0 */
} describe_line;

typedef void (*describe_fn)(const describe_line *line, void *payload);

/* What to describe: DESCRIBE_PARTICULARS the title and the particulars
 * (number, status, id, created, note, a complaint's reply time, review, where); DESCRIBE_FIELDS the fields and the
 * conflicts; DESCRIBE_HISTORY the events. */
enum { DESCRIBE_PARTICULARS = 1, DESCRIBE_FIELDS = 2, DESCRIBE_HISTORY = 4 };

typedef struct {
	const char *lang;  /* "zh" or "en" */
	const char *today; /* "YYYY-MM-DD", for the overdue status; NULL: app_today */
	unsigned parts;    /* DESCRIBE_PARTICULARS | ... */
} describe_opts;

/* Hands the lines of the record in state to fn, in the order a person
 * reads them. Returns 0, or -1 with the error set when its history could
 * not be read (the lines before it have been handed over). */
int describe_record(app *a, const json_t *state, const describe_opts *o, describe_fn fn, void *payload);

/* The review line of a record's state ("returned by 张科长 (SUP) WHEN:
 * comment"), or NULL when it has not been reviewed; and where it stands
 * ("only on this laptop" or "at the station"), or NULL on a database
 * error. New strings in lang; caller frees. */
char *describe_review(const json_t *state, const char *lang);
char *describe_where(app *a, const json_t *state, const char *lang);

/* The title of the record id refers to, or id itself when this machine
 * does not have that record ("" for NULL). New string; caller frees. */
char *describe_ref(app *a, const char *id, const char *lang);

#endif
