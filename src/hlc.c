/*
 * hlc: the hybrid logical clock that orders a device's events: wall time
 * in milliseconds, and a counter for events within the same millisecond
 * or written while the wall clock is behind a time already seen.
 */
#include "hlc.h"

int hlc_cmp(hlc a, hlc b)
{
	if (a.ms != b.ms)
		return a.ms < b.ms ? -1 : 1;
	return a.c < b.c ? -1 : a.c > b.c;
}

hlc hlc_next(hlc last, int64_t wall_ms)
{
	hlc h;
	if (wall_ms > last.ms) {
		h.ms = wall_ms, h.c = 0;
	} else {
		h.ms = last.ms, h.c = last.c + 1;
	}
	return h;
}
