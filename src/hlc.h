/*
 * hlc: the hybrid logical clock of events (event.h): milliseconds of wall
 * time and a counter, compared as a pair.
 */
#ifndef DW_HLC_H
#define DW_HLC_H

#include <stdint.h>

typedef struct {
	int64_t ms;
	int32_t c;
} hlc;

/* -1, 0 or 1 as a is before, equal to or after b. */
int hlc_cmp(hlc a, hlc b);

/* Next clock for a local event: after both the wall clock and every clock
 * seen (last). */
hlc hlc_next(hlc last, int64_t wall_ms);

#endif
