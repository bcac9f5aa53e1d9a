/*
 * registry: device keys, from this machine's settings and the station's
 * device records. See registry.h.
 */
#include "hex.h"
#include "registry.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	unsigned char *pk;
	int found;
} key_search;

static int take_key(void *payload, json_t *state)
{
	key_search *k = payload;
	const char *hex = json_string_value(json_object_get(json_object_get(state, "fields"), "public_key"));
	if (str_eq(json_string_value(json_object_get(state, "status")), "void") || !hex)
		return 0;
	if (hex_decode(hex, k->pk, 32) == 0) {
		k->found = 1;
		return 1;
	}
	return 0;
}

int registry_key(app *a, const char *device, unsigned char pk[32])
{
	if (str_eq(device, a->device)) {
		memcpy(pk, a->me.pk, 32);
		return 0;
	}
	key_search k = {pk, 0};
	list_query q = {.kind = "device", .field = "code", .value = device};
	if (store_list(a->db, &q, take_key, &k) < 0)
		return -1;
	return k.found ? 0 : err_set("device %s is not registered on this machine", device);
}
