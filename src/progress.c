/*
 * progress: see progress.h.
 */
#include "progress.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long progress_eta(progress_clock *c, const char *stage, size_t done, size_t total)
{
	return progress_eta_at(c, stage, done, total, mono_ms());
}

long progress_eta_at(progress_clock *c, const char *stage, size_t done, size_t total, int64_t now)
{
	if (!c->stage || !str_eq(c->stage, stage) || done < c->start_done) {
		c->stage = stage, c->start_ms = now, c->start_done = done;
		return -1;
	}
	int64_t spent = now - c->start_ms;
	size_t gone = done - c->start_done;
	if (spent < 1000 || !gone || done >= total)
		return -1;
	return (long)((double)spent * (double)(total - done) / (double)gone / 1000.0 + 0.5);
}

void progress_fmt_eta(long s, int zh, char *buf, size_t n)
{
	if (s < 0) {
		snprintf(buf, n, "%s", "");
		return;
	}
	char t[32];
	if (s >= 3600)
		snprintf(t, sizeof t, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(t, sizeof t, "%ld:%02ld", s / 60, s % 60);
	snprintf(buf, n, zh ? " 剩余 %s" : " %s left", t);
}
