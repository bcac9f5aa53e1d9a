/*
 * clock: see clock.h.
 */
#include "clock.h"
#include "record.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
	const char *self;
	int64_t *wall;
	char **dev;
	size_t n;
} clocks;

static int take_clock(void *payload, const char *device, int64_t wall_ms)
{
	clocks *c = payload;
	c->wall = xrealloc(c->wall, (c->n + 1) * sizeof *c->wall);
	c->dev = xrealloc(c->dev, (c->n + 1) * sizeof *c->dev);
	c->wall[c->n] = wall_ms;
	c->dev[c->n++] = xstrdup(device);
	return 0;
}

int clock_judge(app *a, int64_t *reference_ms, json_t **ahead)
{
	clocks c = {a->device, NULL, NULL, 0};
	int64_t now = app_now(a), ref = 0;
	int rc = store_device_clocks(a->db, take_clock, &c);
	if (rc == 0) {
		/* Rows come earliest first: the lower median of the others. */
		size_t others = 0;
		for (size_t i = 0; i < c.n; i++)
			others += !str_eq(c.dev[i], a->device);
		for (size_t i = 0, k = 0; i < c.n && others; i++)
			if (!str_eq(c.dev[i], a->device) && k++ == (others - 1) / 2)
				ref = c.wall[i];
		char buf[32];
		snprintf(buf, sizeof buf, "%lld", (long long)ref);
		rc = store_set_setting(a->db, "clock_reference_ms", buf);
	}
	if (rc == 0 && ahead) {
		int64_t here = ref > now ? ref : now;
		*ahead = json_object();
		for (size_t i = 0; i < c.n; i++)
			if (!str_eq(c.dev[i], a->device) && c.wall[i] - here > REC_CLOCK_SKEW_MS)
				json_object_set_new(*ahead, c.dev[i], json_integer((json_int_t)(c.wall[i] - here)));
	}
	for (size_t i = 0; i < c.n; i++)
		free(c.dev[i]);
	free(c.dev), free(c.wall);
	*reference_ms = ref;
	return rc < 0 ? -1 : 0;
}

int64_t clock_behind(app *a)
{
	char *v = store_setting(a->db, "clock_reference_ms");
	int64_t ref = v ? strtoll(v, NULL, 10) : 0, behind = ref ? ref - app_now(a) : 0;
	free(v);
	return behind > REC_CLOCK_SKEW_MS ? behind : 0;
}

void clock_span(int64_t ms, const char *lang, char *buf, size_t n)
{
	int64_t hours = ms / 3600000;
	int zh = !str_eq(lang, "en");
	if (hours < 48)
		snprintf(buf, n, "%lld %s", (long long)hours, zh ? "小时" : (hours == 1 ? "hour" : "hours"));
	else
		snprintf(buf, n, "%lld %s", (long long)(hours / 24), zh ? "天" : "days");
}
