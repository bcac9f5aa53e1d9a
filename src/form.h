/*
 * form: the in-memory model of a form definition (forms/NAME.form) and its
 * parser. A form says what a record of one kind holds: its fields, their
 * types, checks, relevance, scores and labels in Chinese and English. The
 * text format is specified in doc/dustwatch-forms.5.
 *
 * form_parse() returns a form the caller frees with form_free(); every
 * string inside belongs to the form.
 */
#ifndef DW_FORM_H
#define DW_FORM_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	FT_TEXT, FT_MULTILINE, FT_INTEGER, FT_DECIMAL, FT_DATE, FT_TIME,
	FT_DATETIME, FT_CHOICE, FT_MULTI, FT_COMPLIANCE, FT_YESNO, FT_REF,
	FT_PHOTO, FT_FILE, FT_GPS, FT_PERSON, FT_SIGNATURE, FT_QR, FT_SCORE,
	FT_GROUP
} field_type;

typedef enum { LC_REVIEW, LC_NOTICE, LC_COMPLAINT, LC_REGISTRY } lifecycle;

typedef enum { REL_NONE, REL_EQ, REL_NE, REL_SET, REL_IN } rel_op;

typedef struct {
	char *zh, *en;
} label;

typedef struct {
	char *code;
	label text;
	int score; /* points the option is worth, where the form scores it */
} option;

typedef struct field field;
struct field {
	char *name;
	field_type type;
	char *ref_kind; /* FT_REF: the kind referred to */
	label label, hint;
	char *section;  /* name of the section it is in, or NULL */
	int required, significant;
	int private; /* sealed to the station's key in events (seal.h) */
	int has_range;
	double min, max;            /* numbers; for dates, days relative to today */
	char *range_lo, *range_hi;  /* dates given literally */
	int has_length;
	long minlen, maxlen;
	char *pattern;              /* POSIX ERE, anchored by the validator */
	void *pattern_re;           /* compiled regex_t */
	char *unit;
	option *options;
	size_t n_options;
	int score; /* FT_COMPLIANCE: points when compliant */
	rel_op rel;
	char *rel_field, *rel_value;
	char *def;                  /* default: today, now, inspector, device, site or a literal */
	/* FT_GROUP */
	field *members;
	size_t n_members;
	long min_items, max_items;
	int line; /* where it was declared, for messages */
};

typedef struct {
	char *name;
	label label;
} section;

typedef struct {
	char *kind;
	int version;
	label title;
	label noun; /* what one record is called in lists ("检查 | inspection"); may be empty */
	int order;  /* where the kind comes in the form set (1 first; 0: not given) */
	int numbered;
	lifecycle life;
	char *site_field, *date_field, *due_field;
	char **summary;
	size_t n_summary;
	section *sections;
	size_t n_sections;
	field *fields;
	size_t n_fields;
	/* lines of the header directives, for messages (0: absent) */
	int numbered_line, life_line, site_line, date_line, due_line, summary_line;
	char *path;   /* file it came from, for messages */
	char *source; /* the text it was parsed from */
} form;

/* Parses text (len bytes) read from path. On failure returns NULL and sets
 * the error to every problem found, one "path:line: message" per line. */
form *form_parse(const char *path, const char *text, size_t len);
void form_free(form *f);

/* The text of a form without comments, blank lines, trailing white space
 * and the order and noun lines (they change nothing in how records read):
 * two texts that normalise alike define the same form. New string. */
char *form_normalized(const char *text);

/* The field named name (a group member as "group.member"), or NULL. */
const field *form_field(const form *f, const char *name);
const char *field_type_name(field_type t);
const char *lifecycle_name(lifecycle l);
/* The label in lang ("zh" or "en"), falling back to the other one. */
const char *label_get(const label *l, const char *lang);
const option *field_option(const field *fd, const char *code);

/* The kinds of record: one per shipped form (forms/KIND.form, compiled
 * in; a station may replace a form but not add a kind), in the order their
 * `order` lines give, NULL-terminated. Static: nobody frees it. The forms
 * in force, with a station's own, are a formset (formset.h). */
const char *const *form_kind_list(void);
/* For the callers of the table this list was: form_kinds[i]. */
#define form_kinds (form_kind_list())
int form_kind_known(const char *kind);
/* The shipped form's noun for kind in lang (label_get), or NULL. */
const char *form_kind_noun(const char *kind, const char *lang);

#endif
