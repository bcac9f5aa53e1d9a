/*
 * demo: makes a demonstration station (dustwatch demo): a year of one
 * municipal supervision station's dust-control work in Huaihua (station
 * HH), written through the same record functions people's commands use,
 * so every record is validated against its form and every change is a
 * signed event. Content depends only on the seed; record ids and keys are
 * random as always.
 *
 * Nothing here prints: progress goes to a callback the caller may give,
 * the one-line summary comes back as a string the caller frees, and the
 * problems of a refused record (a bug in the generator) are appended to
 * the caller's array, as record.h's functions do.
 */
#ifndef DW_DEMO_H
#define DW_DEMO_H

#include <jansson.h>
#include <stdint.h>

/* The default size: the station's 2023 (157 inspections, 102 notices, 18
 * agreements, 192 complaints, 120 surveys, 12 machinery checks) with the
 * sites, people and drafts around it. */
#define DEMO_RECORDS 643
/* A year to simulate needs this many days behind it. */
#define DEMO_MIN_DAYS 30

/* Progress while the year is written: made of wanted records so far, at
 * per_second. Called at most four times a second, and once more with
 * last = 1 when the year is done or has failed. */
typedef void demo_progress_fn(long made, long wanted, double per_second, int last, void *payload);

typedef struct {
	long records;               /* records in all, at least 50 */
	uint64_t seed;              /* the same seed makes the same content */
	int year;                   /* the year to simulate; 0 is last year */
	demo_progress_fn *progress; /* NULL for none */
	void *payload;              /* passed to progress */
} demo_options;

/* The year simulated when none is given: last year. */
int demo_last_year(void);

/* The days of year the demo simulates: all of it, or for this year those
 * before today (the demo does not invent the future); fewer than
 * DEMO_MIN_DAYS, or none, for a year too recent. */
int demo_year_days(int year);

/* Creates a station in home, which must not hold one yet, and writes the
 * year into it. Sets TZ to Beijing time (UTC+8) for the rest of the
 * process: "today" is the station's local date. Returns 0 and, when
 * summary_out is not NULL, a one-line summary (counts, events, time; no
 * newline) the caller frees; or -1 with the error set, the problems of a
 * refused record appended to problems (may be NULL), and, when the year
 * failed, an empty station left in home. */
int demo_generate(const char *home, const demo_options *opt, json_t *problems, char **summary_out);

#endif
