/*
 * event: canonical JSON, content ids and Ed25519 signatures of events. See
 * event.h for the format; the clock is in hlc.c, device keys in signer.c.
 */
#include "event.h"
#include "hex.h"
#include "json_canonical.h"
#include "json_yajl.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Reals have no single spelling across libraries, so events hold none:
 * decimals travel as strings. */
static int has_real(const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	switch (json_typeof(v)) {
	case JSON_REAL:
		return 1;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, k, x) if (has_real(x)) return 1;
		return 0;
	case JSON_ARRAY:
		json_array_foreach(v, i, x) if (has_real(x)) return 1;
		return 0;
	default:
		return 0;
	}
}

/* -1 with the reason when v holds a real. */
static int refuse_real(const json_t *v)
{
	return has_real(v) ? err_set("event holds a floating-point number (decimals are strings)") : 0;
}

char *event_canonical(const json_t *v)
{
	if (refuse_real(v))
		return NULL;
	char *s = json_canonical_dumps(v);
	if (!s)
		err_set("cannot encode event as JSON");
	return s;
}

/* SHA-256 of the canonical event without id and sig. */
static int event_hash(const json_t *ev, unsigned char out[32])
{
	json_t *body = json_copy((json_t *)ev);
	json_object_del(body, "id");
	json_object_del(body, "sig");
	char *c = event_canonical(body);
	json_decref(body);
	if (!c)
		return -1;
	crypto_hash_sha256(out, (const unsigned char *)c, strlen(c));
	free(c);
	return 0;
}

/* The same hash from the event's canonical text (len bytes): the text less
 * its members "id":"…", and "sig":"…", (never first nor last: "after"
 * sorts first, "wall" last). Each occurs once: a value cannot hold the
 * hash of the text holding it, nor a signature of that hash. Saves a copy
 * and an encoding of every event read. */
static int body_hash(const json_t *ev, const char *canon, size_t len, unsigned char out[32])
{
	char *id = xasprintf(",\"id\":\"%s\",", event_str(ev, "id"));
	char *sig = xasprintf(",\"sig\":\"%s\",", event_str(ev, "sig"));
	size_t id_len = strlen(id), sig_len = strlen(sig);
	const char *i = memmem(canon, len, id, id_len), *g = memmem(canon, len, sig, sig_len);
	int rc = 0;
	if (!i || !g || g < i) {
		rc = event_hash(ev, out);
	} else {
		crypto_hash_sha256_state st;
		crypto_hash_sha256_init(&st);
		crypto_hash_sha256_update(&st, (const unsigned char *)canon, (size_t)(i - canon) + 1);
		const char *after_id = i + id_len;
		crypto_hash_sha256_update(&st, (const unsigned char *)after_id, (size_t)(g - after_id) + 1);
		const char *after_sig = g + sig_len;
		crypto_hash_sha256_update(&st, (const unsigned char *)after_sig, (size_t)(canon + len - after_sig));
		crypto_hash_sha256_final(&st, out);
	}
	free(id), free(sig);
	return rc;
}

int event_seal(json_t *ev, const signer *s, char **canon_out)
{
	unsigned char h[32], sig[64];
	char hex[129];
	if (event_hash(ev, h) < 0)
		return -1;
	crypto_sign_detached(sig, NULL, h, sizeof h, s->sk);
	hex_encode(h, 32, hex);
	json_object_set_new(ev, "id", json_string(hex));
	hex_encode(sig, 64, hex);
	json_object_set_new(ev, "sig", json_string(hex));
	if (canon_out) {
		*canon_out = event_canonical(ev);
		if (!*canon_out)
			return -1;
	}
	return 0;
}

const char *event_str(const json_t *ev, const char *key)
{
	return json_string_value(json_object_get(ev, key));
}

hlc event_hlc(const json_t *ev)
{
	json_t *a = json_object_get(ev, "hlc");
	hlc h = {json_integer_value(json_array_get(a, 0)), (int32_t)json_integer_value(json_array_get(a, 1))};
	return h;
}

int event_cmp(const json_t *a, const json_t *b)
{
	int c = hlc_cmp(event_hlc(a), event_hlc(b));
	if (c)
		return c;
	c = strcmp(event_str(a, "device"), event_str(b, "device"));
	if (c)
		return c;
	return strcmp(event_str(a, "id"), event_str(b, "id"));
}

static int want(const json_t *ev, const char *key, json_type type)
{
	json_t *v = json_object_get(ev, key);
	if (!v)
		return err_set("event has no \"%s\"", key);
	if (json_typeof(v) != type)
		return err_set("event member \"%s\" has the wrong type", key);
	return 0;
}

int event_parse(const char *text, size_t len, json_t **out)
{
	json_error_t je;
	json_t *ev = NULL;
	if (len > EVENT_MAX_BYTES)
		return err_set("event larger than %d bytes", EVENT_MAX_BYTES);
	ev = json_yajl_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!ev && json_error_code(&je) == json_error_invalid_utf8)
		return err_set("event is not UTF-8");
	if (!ev)
		return err_set("event is not JSON: %s at column %d", je.text, je.column);
	if (!json_is_object(ev)) {
		err_set("event is not a JSON object");
		goto fail;
	}
	if (want(ev, "v", JSON_INTEGER) || want(ev, "id", JSON_STRING) || want(ev, "sig", JSON_STRING) ||
	    want(ev, "record", JSON_STRING) || want(ev, "form", JSON_STRING) ||
	    want(ev, "form_version", JSON_INTEGER) || want(ev, "op", JSON_STRING) ||
	    want(ev, "fields", JSON_OBJECT) || want(ev, "author", JSON_STRING) ||
	    want(ev, "device", JSON_STRING) || want(ev, "hlc", JSON_ARRAY) ||
	    want(ev, "wall", JSON_STRING) || want(ev, "after", JSON_ARRAY))
		goto fail;
	if (json_integer_value(json_object_get(ev, "v")) != EVENT_FORMAT) {
		err_set("event format version %lld is not known (this program reads %d)",
			(long long)json_integer_value(json_object_get(ev, "v")), EVENT_FORMAT);
		goto fail;
	}
	json_t *h = json_object_get(ev, "hlc");
	if (json_array_size(h) != 2 || !json_is_integer(json_array_get(h, 0)) ||
	    !json_is_integer(json_array_get(h, 1))) {
		err_set("event hlc is not [ms, counter]");
		goto fail;
	}
	if (!hex_is(event_str(ev, "id"), 64) || !hex_is(event_str(ev, "sig"), 128)) {
		err_set("event id or signature is not hex of the right length");
		goto fail;
	}
	size_t n = len;
	if (n && text[n - 1] == '\n')
		n--;
	if (refuse_real(ev))
		goto fail;
	if (!json_is_canonical(ev, text, n)) {
		err_set("event is not in canonical form");
		goto fail;
	}
	unsigned char hash[32];
	char hex[65];
	if (body_hash(ev, text, n, hash) < 0)
		goto fail;
	hex_encode(hash, 32, hex);
	if (!str_eq(hex, event_str(ev, "id"))) {
		err_set("event %.12s does not hash to its id", event_str(ev, "id"));
		goto fail;
	}
	*out = ev;
	return 0;
fail:
	json_decref(ev);
	return -1;
}

int event_verify_sig(const json_t *ev, const unsigned char pk[32])
{
	unsigned char id[32], sig[64];
	if (hex_decode(event_str(ev, "id"), id, 32) < 0 || hex_decode(event_str(ev, "sig"), sig, 64) < 0)
		return err_set("event id or signature is not hex");
	if (crypto_sign_verify_detached(sig, id, sizeof id, pk) != 0)
		return err_set("event %.12s: signature does not match device %s's key", event_str(ev, "id"),
			       event_str(ev, "device"));
	return 0;
}
