/*
 * station_settings: the station's own settings, one synced record. See
 * station_settings.h.
 */
#include "station_settings.h"
#include "hex.h"
#include "record.h"
#include "store.h"
#include "util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

char *station_settings_id(const char *station)
{
	return station_record_id(station, "settings");
}

char *station_record_id(const char *station, const char *what)
{
	unsigned char h[32];
	char *seed = xasprintf("dustwatch station %s %s", what, station);
	crypto_hash_sha256(h, (const unsigned char *)seed, strlen(seed));
	free(seed);
	h[6] = (unsigned char)(0x80 | (h[6] & 0x0F)); /* version 8: made by us */
	h[8] = (unsigned char)(0x80 | (h[8] & 0x3F));
	char hex[33];
	hex_encode(h, 16, hex);
	return xasprintf("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

char *station_setting(app *a, const char *key)
{
	char *id = station_settings_id(a->station);
	json_t *st = store_get_record(a->db, id);
	json_t *v = json_object_get(json_object_get(st, "fields"), key);
	char *out = NULL;
	if (json_is_string(v) && *json_string_value(v))
		out = xstrdup(json_string_value(v));
	else if (json_is_integer(v))
		out = xasprintf("%lld", (long long)json_integer_value(v));
	json_decref(st);
	free(id);
	if (!out) {
		out = store_setting(a->db, key);
		if (out && !*out)
			free(out), out = NULL;
	}
	return out;
}

long station_setting_long(app *a, const char *key, long def)
{
	char *v = station_setting(a, key), *end;
	long n = def;
	if (v) {
		n = strtol(v, &end, 10);
		if (*end || n < 0)
			n = def;
	}
	free(v);
	return n;
}

int station_setting_set(app *a, const char *key, const char *value, json_t *problems)
{
	const form *f = app_form(a, "station", 0);
	if (!f)
		return err_set("this build has no station settings form");
	char *assign = xasprintf("%s=%s", key, value);
	json_t *fields = *value ? rec_parse_assignments(a, f, &assign, 1, problems) : json_pack("{sn}", key);
	free(assign);
	if (!fields || json_array_size(problems)) {
		json_decref(fields);
		return err_set("refused: %s", json_string_value(json_object_get(json_array_get(problems, 0), "message")));
	}
	char *id = station_settings_id(a->station);
	json_t *st = store_get_record(a->db, id);
	int rc;
	if (st)
		rc = rec_set(a, id, fields, problems);
	else if (!*value)
		rc = 0; /* nothing to unset */
	else
		rc = rec_new_as(a, "station", id, fields, problems);
	json_decref(st), json_decref(fields);
	free(id);
	return rc;
}
