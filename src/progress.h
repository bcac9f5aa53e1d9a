/*
 * progress: the time left of a long stage (a first sync's fetch and
 * import, a reindex), estimated from its rate so far, for the progress
 * bar of the command line and of the TUI.
 */
#ifndef DW_PROGRESS_H
#define DW_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	const char *stage; /* the stage being timed (compared by pointer and text) */
	int64_t start_ms;  /* monotonic */
	size_t start_done;
} progress_clock;

/* Seconds left of stage at done of total, or -1 while not known (the
 * first second of a stage, or nothing done yet); a new stage starts the
 * clock again. */
long progress_eta(progress_clock *c, const char *stage, size_t done, size_t total);
/* The same at a given monotonic time (tests). */
long progress_eta_at(progress_clock *c, const char *stage, size_t done, size_t total, int64_t now_ms);
/* " 1:23 left" (zh: " 剩余 1:23"), "" when s < 0. */
void progress_fmt_eta(long s, int zh, char *buf, size_t n);

#endif
