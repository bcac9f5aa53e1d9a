/*
 * seal: private fields sealed to the station's key (see seal.h).
 */
#include "seal.h"
#include "json_canonical.h"
#include "hex.h"
#include "record.h"
#include "registry.h"
#include "station_settings.h"
#include "store_impl.h"
#include "util.h"
#include "value.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static char *secret_path(app *a)
{
	return xasprintf("%s/%s", a->home, SEAL_SECRET_FILE);
}

static int save_secret(app *a, const unsigned char sk[32])
{
	char hex[65], *dir = xasprintf("%s/keys", a->home), *path = secret_path(a);
	hex_encode(sk, 32, hex);
	char *line = xasprintf("%s\n", hex);
	int rc = mkdir_p(dir, 0700) < 0 ? -1 : write_file_atomic(path, line, strlen(line), 0600);
	sodium_memzero(line, strlen(line));
	sodium_memzero(hex, sizeof hex);
	free(line), free(dir), free(path);
	if (rc == 0) {
		memcpy(a->seal_sk, sk, 32);
		a->seal_known = 1;
	}
	return rc;
}

/* Read once per app. */
int seal_held(app *a)
{
	if (a->seal_known)
		return a->seal_known > 0;
	char *path = secret_path(a), *text = NULL;
	a->seal_known = -1;
	if (read_file(path, 4096, &text, NULL) == 0) {
		text[strcspn(text, "\n")] = 0;
		if (hex_decode(text, a->seal_sk, 32) == 0)
			a->seal_known = 1;
		sodium_memzero(text, strlen(text));
	}
	free(text), free(path);
	return a->seal_known > 0;
}

int seal_make_station_key(app *a, char pk_hex[65])
{
	unsigned char pk[32], sk[32];
	crypto_box_keypair(pk, sk);
	int rc = save_secret(a, sk);
	sodium_memzero(sk, sizeof sk);
	hex_encode(pk, 32, pk_hex);
	return rc;
}

/* The station's public sealing key, from its settings record. */
static int station_pk(app *a, unsigned char pk[32])
{
	char *hex = station_setting(a, "seal_key");
	int rc = hex && hex_decode(hex, pk, 32) == 0 ? 0 : -1;
	free(hex);
	return rc;
}

json_t *seal_fields(app *a, const form *f, json_t *fields, json_t **plain)
{
	unsigned char pk[32];
	int keyed = -1;
	json_t *out = NULL;
	*plain = NULL;
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		json_t *v = json_object_get(fields, fd->name);
		if (!fd->private || !v || json_is_null(v) || value_is_sealed(v))
			continue;
		if (keyed < 0)
			keyed = station_pk(a, pk) == 0;
		if (!keyed)
			break;
		char *text = json_canonical_dumps(v);
		if (!text)
			continue; /* not JSON jansson can write: the event's own canonical form refuses it */
		size_t n = strlen(text), clen = n + crypto_box_SEALBYTES;
		unsigned char *ct = xmalloc(clen);
		crypto_box_seal(ct, (const unsigned char *)text, n, pk);
		size_t blen = sodium_base64_ENCODED_LEN(clen, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = xmalloc(blen);
		sodium_bin2base64(b64, blen, ct, clen, sodium_base64_VARIANT_ORIGINAL);
		if (!out) {
			out = json_copy(fields);
			*plain = json_object();
		}
		json_object_set(*plain, fd->name, v);
		json_object_set_new(out, fd->name, json_pack("{ss}", "sealed", b64));
		sodium_memzero(text, n);
		free(text), free(ct), free(b64);
	}
	return out ? out : json_incref(fields);
}

int seal_keep(app *a, const char *id, const json_t *plain)
{
	static const char sql[] = "INSERT OR REPLACE INTO unsealed (event, fields) VALUES (?, ?)";
	if (!plain || !json_object_size(plain))
		return 0;
	sqlite3_stmt *st = prep(a->db, sql);
	if (!st)
		return -1;
	char *text = json_canonical_dumps(plain);
	bind_text(st, 1, id);
	bind_text(st, 2, text);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_err(a->db, "keep sealed values");
	sqlite3_reset(st);
	free(text);
	return rc;
}

/* One sealed value opened with the station's secret, or NULL. */
static json_t *open_value(app *a, const json_t *v)
{
	const char *b64 = json_string_value(json_object_get(v, "sealed"));
	size_t len = strlen(b64), clen = 0;
	unsigned char *ct = xmalloc(len + 1), pk[32];
	json_t *out = NULL;
	crypto_scalarmult_base(pk, a->seal_sk);
	if (sodium_base642bin(ct, len + 1, b64, len, NULL, &clen, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 &&
	    clen > crypto_box_SEALBYTES) {
		size_t n = clen - crypto_box_SEALBYTES;
		char *text = xmalloc(n + 1);
		if (crypto_box_seal_open((unsigned char *)text, ct, clen, pk, a->seal_sk) == 0) {
			text[n] = 0;
			out = json_loadb(text, n, JSON_DECODE_ANY, NULL);
		}
		sodium_memzero(text, n);
		free(text);
	}
	free(ct);
	return out;
}

int seal_take(app *a, const json_t *ev, const char *canon)
{
	if (canon && !strstr(canon, "{\"sealed\":"))
		return 0;
	if (!seal_held(a))
		return 0;
	/* Only a field its form marks private is opened: anyone can seal a
	 * value to the station's public key, and a value sealed into any other
	 * field must read the same (sealed) on every machine. */
	const form *f = app_form(a, event_str(ev, "form"), (int)json_integer_value(json_object_get(ev, "form_version")));
	const char *key;
	json_t *v, *plain = json_object();
	json_object_foreach(json_object_get(ev, "fields"), key, v)
	{
		const field *fd = f ? form_field(f, key) : NULL;
		json_t *p = fd && fd->private && value_is_sealed(v) ? open_value(a, v) : NULL;
		if (p)
			json_object_set_new(plain, key, p);
	}
	int rc = json_object_size(plain) ? (seal_keep(a, event_str(ev, "id"), plain) < 0 ? -1 : 1) : 0;
	json_decref(plain);
	return rc;
}

char *seal_secret_for(app *a, const unsigned char device_pk[32])
{
	unsigned char xpk[32], ct[32 + crypto_box_SEALBYTES];
	if (!seal_held(a)) {
		err_set("this machine does not hold the station's sealing key (%s): enroll supervisors on the "
			"station admin's machine", SEAL_SECRET_FILE);
		return NULL;
	}
	if (crypto_sign_ed25519_pk_to_curve25519(xpk, device_pk) != 0) {
		err_set("the device's key is not a valid Ed25519 public key");
		return NULL;
	}
	crypto_box_seal(ct, a->seal_sk, 32, xpk);
	char *hex = xmalloc(2 * sizeof ct + 1);
	hex_encode(ct, sizeof ct, hex);
	return hex;
}

/* Opens every sealed value stored here that has no clear copy yet, and
 * folds its records again: once, when a supervisor's machine gets the
 * key, over events read one at a time (a year of complaints is 10^5). */
static int catch_up(app *a)
{
	static const char sql[] = "SELECT body FROM events WHERE instr(body, '{\"sealed\":') "
				  "AND id NOT IN (SELECT event FROM unsealed)";
	sqlite3_stmt *st = prep(a->db, sql);
	json_t *records = json_object(); /* id -> kind, to fold */
	const char *rid;
	json_t *kind;
	int rc, out = 0;
	if (!st) {
		json_decref(records);
		return -1;
	}
	while (!out && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *ev = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		int opened = ev ? seal_take(a, ev, NULL) : 0;
		if (opened < 0)
			out = -1;
		else if (opened && event_str(ev, "record") && event_str(ev, "form"))
			json_object_set_new(records, event_str(ev, "record"), json_string(event_str(ev, "form")));
		json_decref(ev);
	}
	if (!out && rc != SQLITE_DONE)
		out = db_err(a->db, "find sealed values");
	sqlite3_reset(st);
	json_object_foreach(records, rid, kind) if (!out && rec_refold(a, rid, json_string_value(kind)) < 0) out = -1;
	json_decref(records);
	return out;
}

int seal_learn(app *a)
{
	if (seal_held(a))
		return 0;
	unsigned char spk[32], xpk[32], xsk[32], sk[32], check[32];
	char *id = registry_record(a, a->device);
	json_t *st = id ? store_get_record(a->db, id) : NULL;
	const char *hex = json_string_value(json_object_get(json_object_get(st, "fields"), "station_secret"));
	unsigned char ct[32 + crypto_box_SEALBYTES];
	int rc = 0;
	if (hex && station_pk(a, spk) == 0 && hex_decode(hex, ct, sizeof ct) == 0 &&
	    crypto_sign_ed25519_pk_to_curve25519(xpk, a->me.pk) == 0) {
		crypto_sign_ed25519_sk_to_curve25519(xsk, a->me.sk);
		if (crypto_box_seal_open(sk, ct, sizeof ct, xpk, xsk) == 0) {
			crypto_scalarmult_base(check, sk);
			/* A secret that is not the station's published key's
			 * would open nothing: not kept. */
			if (sodium_memcmp(check, spk, 32) == 0) {
				/* Held in memory to open what is here, written to
				 * its file once that is committed. */
				memcpy(a->seal_sk, sk, 32);
				a->seal_known = 1;
				if (store_begin(a->db) < 0 || catch_up(a) < 0 || store_commit(a->db) < 0) {
					store_rollback(a->db);
					a->seal_known = -1;
					rc = -1;
				} else
					rc = save_secret(a, sk) < 0 ? -1 : 1;
			}
		}
		sodium_memzero(xsk, sizeof xsk);
		sodium_memzero(sk, sizeof sk);
	}
	free(id);
	json_decref(st);
	return rc;
}
