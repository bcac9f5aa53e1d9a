/*
 * demo_central: the demo's central repository and second laptop, so that
 * a sync can be shown out of the box (`make run`, then one command). The
 * demonstration station's data directory (device A01) becomes the station
 * admin: DIR/central.git is made as `dustwatch station init` makes it,
 * every device branch the demo wrote is committed and pushed there, and
 * DIR/laptop-A99 is a new data directory, enrolled by the admin, whose
 * first sync brings the station's records over.
 *
 * Returns 0 or -1 with err_msg() set; nothing here prints.
 */
#ifndef DW_DEMO_CENTRAL_H
#define DW_DEMO_CENTRAL_H

#include <stddef.h>

typedef struct {
	char *central; /* absolute path of the central repository (owned) */
	char *laptop;  /* absolute path of the second laptop's data directory (owned) */
	size_t pushed; /* events pushed to the central repository */
} demo_central_info;

/* home: the demo's data directory, just generated; exe: the dustwatch
 * binary the central repository's hook runs. On success *out is filled
 * and freed by the caller with demo_central_free. */
int demo_central(const char *home, const char *exe, demo_central_info *out);

/* The second laptop's device: no inspector of the demo has it (demo.c
 * numbers them A01, A02, ... and skips it), even at a million records. */
#define DEMO_LAPTOP_DEVICE "A99"
void demo_central_free(demo_central_info *info);

#endif
