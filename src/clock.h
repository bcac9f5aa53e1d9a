/*
 * clock: judging devices' clocks by what their events say (design.md,
 * Clocks). Each event carries its writer's wall time; the latest of each
 * device is kept (db/012). This machine's clock is judged against the
 * lower median of the other devices' latest wall times, so one fast laptop
 * cannot make a correct machine think itself behind; a device whose latest
 * wall time is more than REC_CLOCK_SKEW_MS ahead of the time here (or of
 * that median, when this machine is behind) is flagged. The hybrid clock
 * that orders events follows the largest clock seen and judges nothing.
 */
#ifndef DW_CLOCK_H
#define DW_CLOCK_H

#include "app.h"
#include <jansson.h>

/* Judges the clocks now: the reference time (the lower median of the other
 * devices' latest wall times; 0 when none) is kept in the settings for
 * clock_behind; *ahead (a new object, device -> ms ahead; NULL to skip)
 * the devices flagged. */
int clock_judge(app *a, int64_t *reference_ms, json_t **ahead);
/* How far this machine's clock is behind the reference kept by the last
 * clock_judge, when that is more than REC_CLOCK_SKEW_MS; else 0. */
int64_t clock_behind(app *a);
/* "N hours" or "N days" (zh or en), for a warning. */
void clock_span(int64_t ms, const char *lang, char *buf, size_t n);

#endif
