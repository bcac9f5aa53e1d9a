/*
 * report: the station's reports from its records: the monthly statistics,
 * the annual performance indicators scored against a targets file, and the
 * dynamic supervision ledger with the red and black list. Counts come from
 * store_tally (SQL aggregates over db/010's index), never from walking the
 * records' states; what each count means is in doc/supervisor-guide.md.
 *
 * Every function returns a new JSON value the caller json_decref()s, or
 * NULL with the error set. Nothing here prints; the commands render the
 * values as text, JSON, CSV or XLSX (sheet.h).
 */
#ifndef DW_REPORT_H
#define DW_REPORT_H

#include "app.h"
#include <jansson.h>

/* The statistics of each month from first to last ("YYYY-MM", inclusive)
 * as of today ("YYYY-MM-DD": what is overdue):
 *   {"from","to","today","complaint_days","inspection_types":[codes],
 *    "months":[{"month", "inspections", "inspections_by_type":{code: n},
 *      "notices_issued", "notices_rectified", "notices_overdue",
 *      "stopwork_notices", "complaints_received", "complaints_resolved",
 *      "complaints_overdue", "complaints_rated", "complaints_satisfied",
 *      "satisfaction_rate" (0..1 or null), "agreements_signed", "surveys",
 *      "machinery_checks"}],
 *    "total":{the same over the whole period, "month" the period}} */
json_t *report_monthly(app *a, const char *first, const char *last, const char *today);

/* The "total" of the months of monthly (report_monthly's) from first to
 * last ("YYYY-MM"), the others left out. */
json_t *report_months_total(const json_t *monthly, const char *first, const char *last);

/* The year's indicators: the totals of report_monthly for the year plus
 * "notices_rectified_rate", "complaints_resolved_rate", and "rows", the
 * table scored against targets (the text of a targets file; NULL: the
 * shipped targets/indicators.targets), named path in messages. */
json_t *report_indicators(app *a, int year, const char *targets, const char *path, const char *today);

/* The same from a report_monthly value that holds the year's months
 * (and perhaps others, which are left out): what the dashboard uses, so
 * that its twelve months and its year are one walk of the records. */
json_t *report_indicators_of(app *a, const json_t *monthly, int year, const char *targets, const char *path,
			     const char *today);

/* The shipped targets file's text (targets/indicators.targets). */
const char *report_default_targets(void);

/* The dynamic supervision ledger as of date: one object per active site,
 * by name, with its place on the red and black list ("red", "black" or
 * ""), and "rank": the sites with an inspection by latest score (1 is
 * the best). lang chooses the labels of choices. */
json_t *report_ledger(app *a, const char *date, const char *lang);

/* The red and black list as of today, from what db/014 keeps: {"red":
 * {"count", "sites": [{"site", "name", "inspection_score"}]}, "black":
 * {...}}, the first limit of each, the red best first, the black worst
 * first (the ranks of report_ledger's "list", without its walk of every
 * site: what the dashboard draws). When a checklist is dated after today
 * (a laptop with a fast clock) they come from report_ledger instead. */
json_t *report_lists(app *a, const char *today, size_t limit);

/* Orders report_ledger's rows (json_t * in an array for qsort) by rank,
 * the unranked (no checklist) last. */
int report_cmp_rank(const void *x, const void *y);

/* The red and black list thresholds (settings red_list_score, default 90,
 * and black_list_score, default 60). */
void report_thresholds(app *a, double *red, double *black);

#endif
