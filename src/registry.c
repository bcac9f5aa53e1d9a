/*
 * registry: device keys, from this machine's settings and the station's
 * device records. See registry.h.
 */
#include "hex.h"
#include "payload.h"
#include "registry.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	unsigned char *pk;
	int found;
} key_search;

static int take_key(void *ctx, json_t *state)
{
	key_search *k = ctx;
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

typedef struct {
	int role; /* -1: no live record */
	char *id;
} role_search;

static int take_role(void *ctx, json_t *state)
{
	role_search *r = ctx;
	if (str_eq(json_string_value(json_object_get(state, "status")), "void"))
		return 0;
	int k = role_parse(json_string_value(json_object_get(json_object_get(state, "fields"), "role")));
	r->role = k < 0 ? ROLE_INSPECTOR : k;
	r->id = xstrdup(json_string_value(json_object_get(state, "id")));
	return 1;
}

char *registry_record(app *a, const char *device)
{
	role_search r = {-1, NULL};
	list_query q = {.kind = "device", .field = "code", .value = device};
	if (store_list(a->db, &q, take_role, &r) < 0)
		return NULL;
	if (!r.id)
		err_set("device %s is not enrolled", device);
	return r.id;
}

role registry_role(app *a, const char *device)
{
	role_search r = {-1, NULL};
	list_query q = {.kind = "device", .field = "code", .value = device};
	if (store_list(a->db, &q, take_role, &r) < 0)
		return ROLE_INSPECTOR;
	free(r.id);
	if (r.role >= 0)
		return (role)r.role;
	char *root = store_setting(a->db, "station_device");
	int admin = root ? str_eq(device, root) : str_eq(device, a->device);
	free(root);
	return admin ? ROLE_ADMIN : ROLE_INSPECTOR;
}

typedef struct {
	registry_revocation *v;
	size_t n;
} revocation_search;

static int take_revocation(void *ctx, json_t *state)
{
	revocation_search *s = ctx;
	json_t *f = json_object_get(state, "fields");
	const char *pk = json_string_value(json_object_get(f, "public_key"));
	const char *cut = json_string_value(json_object_get(f, "cut"));
	const char *why = json_string_value(json_object_get(f, "reason"));
	registry_revocation r = {0};
	if (str_eq(json_string_value(json_object_get(state, "status")), "void") || !pk || hex_decode(pk, r.pk, 32) < 0)
		return 0;
	if (cut && hex_is(cut, 40))
		memcpy(r.cut, cut, 41);
	r.reason = xstrdup(why ? why : "no reason given");
	s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
	s->v[s->n++] = r;
	return 0;
}

int registry_revocations(app *a, const char *device, registry_revocation **out, size_t *n)
{
	revocation_search s = {NULL, 0};
	list_query q = {.kind = "revocation", .field = "device", .value = device};
	int rc = store_list(a->db, &q, take_revocation, &s);
	if (rc < 0) {
		registry_revocations_free(s.v, s.n);
		s.v = NULL, s.n = 0;
	}
	*out = s.v, *n = s.n;
	return rc < 0 ? -1 : 0;
}

void registry_revocations_free(registry_revocation *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].reason);
	free(v);
}

scan_verdict registry_check_code(app *a, const payload *p)
{
	unsigned char pk[32];
	if (p->type == PAYLOAD_SITE)
		return SCAN_SITE;
	if (registry_key(a, p->device, pk) < 0)
		return SCAN_UNVERIFIED;
	return payload_verify(p, pk) < 0 ? SCAN_FORGED : SCAN_GENUINE;
}
