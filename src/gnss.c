/*
 * gnss: one fix from gpsd. See gnss.h.
 */
#include "gnss.h"
#include "util.h"

#include <gps.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int gnss_position(char *out, size_t n, int timeout_ms)
{
	char host[256] = "localhost", port[16] = DEFAULT_GPSD_PORT;
	const char *env = getenv("DUSTWATCH_GPSD");
	if (env && *env) {
		const char *colon = strrchr(env, ':');
		snprintf(host, sizeof host, "%.*s", colon ? (int)(colon - env) : (int)strlen(env), env);
		if (colon)
			snprintf(port, sizeof port, "%s", colon + 1);
	}
	struct gps_data_t g;
	memset(&g, 0, sizeof g);
	if (gps_open(host, port, &g) != 0)
		return err_set("no GPS receiver (gpsd at %s:%s does not answer): type the position", host, port);
	gps_stream(&g, WATCH_ENABLE | WATCH_JSON, NULL);
	int rc = -1;
	int64_t end = mono_ms() + timeout_ms;
	err_set("no GPS fix yet: try again in the open, or type the position");
	while (mono_ms() < end) {
		int left = (int)(end - mono_ms());
		if (!gps_waiting(&g, left * 1000))
			break;
		if (gps_read(&g, NULL, 0) < 0) {
			err_set("gpsd closed the connection: type the position");
			break;
		}
		if (g.fix.mode >= MODE_2D && isfinite(g.fix.latitude) && isfinite(g.fix.longitude)) {
			snprintf(out, n, "%.6f,%.6f", g.fix.latitude, g.fix.longitude);
			rc = 0;
			break;
		}
	}
	gps_stream(&g, WATCH_DISABLE, NULL);
	gps_close(&g);
	return rc;
}
