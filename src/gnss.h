/*
 * gnss: the laptop's position from a GPS receiver, through gpsd (libgps).
 * Where there is no gpsd or no fix, the caller says so and the inspector
 * types or pastes the position instead.
 */
#ifndef DW_GNSS_H
#define DW_GNSS_H

#include <stddef.h>

/* Waits at most timeout_ms for a 2D or 3D fix from gpsd at
 * $DUSTWATCH_GPSD ("host:port", default localhost:2947). Returns 0 with
 * "LAT,LON" (6 decimals, the GPS field's value) in out, or -1 with the
 * error set ("no GPS receiver", "no fix yet"). */
int gnss_position(char *out, size_t n, int timeout_ms);

#endif
