/*
 * station_settings: the settings that are the station's, not one
 * machine's (the issuing authority printed on notices, the hotline, the
 * base URL of QR links, the red and black list scores, the days a
 * complaint has for its reply). They live in one record of kind "station"
 * (forms/station.form) whose id every machine derives from the station's
 * code, written only by an admin's device and synced like any record, so
 * a laptop enrolled today, or one that only ever sees a USB stick, prints
 * what the admin set. A value this machine set in an older version
 * (its settings table) still applies where the record has none.
 */
#ifndef DW_STATION_SETTINGS_H
#define DW_STATION_SETTINGS_H

#include "app.h"

/* The id of a record every machine of station agrees on without asking
 * (what: "settings", "form:KIND"): a UUID (version 8) from the SHA-256 of
 * the station's code and what. The caller frees it. */
char *station_record_id(const char *station, const char *what);
/* The id of station's settings record. The caller frees it. */
char *station_settings_id(const char *station);
/* The value of key (a field of forms/station.form) as text, or NULL when
 * neither the record nor this machine's settings have one. Caller frees. */
char *station_setting(app *a, const char *key);
/* key as a whole number, def when unset or not a number >= 0. */
long station_setting_long(app *a, const char *key, long def);
/* Sets key to value (text as `dustwatch set` takes it; "" unsets) in the
 * station's record, creating it the first time: an event of this device,
 * refused unless it is an admin's. problems as rec_set fills them. */
int station_setting_set(app *a, const char *key, const char *value, json_t *problems);

#endif
