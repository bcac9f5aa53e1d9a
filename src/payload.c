/*
 * payload: building, parsing and verifying QR payloads. See payload.h and
 * doc/qr-payload.md.
 */
#include "payload.h"
#include "util.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int base32_encode(const unsigned char *in, size_t n, char *out, size_t outlen)
{
	size_t need = (n * 8 + 4) / 5;
	if (outlen < need + 1)
		return -1;
	unsigned buf = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(buf << (5 - bits)) & 31];
	out[o] = 0;
	return 0;
}

int base32_decode(const char *in, size_t len, unsigned char *out, size_t n)
{
	if (len != (n * 8 + 4) / 5)
		return -1;
	unsigned buf = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		const char *p = memchr(b32, in[i], 32);
		if (!p || !in[i])
			return -1;
		buf = (buf << 5) | (unsigned)(p - b32);
		bits += 5;
		if (bits >= 8) {
			if (o < n)
				out[o++] = (unsigned char)(buf >> (bits - 8));
			bits -= 8;
		}
	}
	/* The unused low bits of the last character must be zero, so each
	 * value has exactly one spelling. */
	return o == n && (buf & ((1u << bits) - 1)) == 0 ? 0 : -1;
}

static int uuid_bytes(const char *id, unsigned char out[16])
{
	char hex[33];
	size_t k = 0;
	if (strlen(id) != 36)
		return -1;
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (id[i] != '-')
				return -1;
			continue;
		}
		char c = (char)tolower((unsigned char)id[i]);
		if (!isxdigit((unsigned char)c))
			return -1;
		hex[k++] = c;
	}
	hex[32] = 0;
	for (int i = 0; i < 16; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
	return 0;
}

static void uuid_text(const unsigned char b[16], char out[40])
{
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
		 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static char *site32(const char *site_id)
{
	unsigned char b[16];
	char out[32];
	if (!site_id || uuid_bytes(site_id, b) < 0)
		return NULL;
	base32_encode(b, 16, out, sizeof out);
	return xstrdup(out);
}

char *payload_seal_text(const char *station, const char *number, const char *site_id)
{
	char *s = site32(site_id);
	char *t = s ? xasprintf("%d/N/%s/%s/%s", PAYLOAD_VERSION, station, number, s) : NULL;
	free(s);
	return t;
}

char *payload_seal(const char *station, const char *number, const char *site_id, const unsigned char sk[64])
{
	char *text = payload_seal_text(station, number, site_id);
	if (!text)
		return NULL;
	unsigned char sig[64];
	char out[112];
	crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text), sk);
	base32_encode(sig, 64, out, sizeof out);
	free(text);
	return xstrdup(out);
}

static char *with_base(const char *base_url, const char *path)
{
	if (!base_url || !*base_url)
		return xasprintf("DUSTWATCH:%s", path);
	size_t n = strlen(base_url);
	return xasprintf("%s%s%s", base_url, base_url[n - 1] == '/' ? "" : "/", path);
}

char *payload_site(const char *station, const char *site_id, const char *base_url)
{
	char *s = site32(site_id);
	if (!s)
		return NULL;
	char *path = xasprintf("%d/S/%s/%s", PAYLOAD_VERSION, station, s);
	char *out = with_base(base_url, path);
	free(s), free(path);
	return out;
}

char *payload_notice(const char *station, const char *number, const char *site_id, const char *seal,
		     const char *base_url)
{
	char *s = site32(site_id);
	if (!s)
		return NULL;
	char *path = xasprintf("%d/N/%s/%s/%s/%s", PAYLOAD_VERSION, station, number, s, seal);
	char *out = with_base(base_url, path);
	free(s), free(path);
	return out;
}

int payload_looks_like(const char *text)
{
	return strncasecmp(text, "DUSTWATCH:", 10) == 0 ||
	       ((strncasecmp(text, "https://", 8) == 0 || strncasecmp(text, "http://", 7) == 0) &&
		(strstr(text, "/1/N/") || strstr(text, "/1/S/")));
}

static int code_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n < 1 || n > max || !isupper((unsigned char)s[0]))
		return 0;
	for (; *s; s++)
		if (!isupper((unsigned char)*s) && !isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* NUMBER is STATION-DEVICE-YEAR-SEQ; gives the device. */
static int number_ok(const char *number, const char *station, char device[16])
{
	char st[16], dev[16];
	int year, seq, n = 0;
	if (strlen(number) > 39 || sscanf(number, "%15[A-Z0-9]-%15[A-Z0-9]-%4d-%d%n", st, dev, &year, &seq, &n) != 4 ||
	    number[n] || !str_eq(st, station) || !code_ok(dev, 8) || year < 1900 || seq < 1)
		return -1;
	snprintf(device, 16, "%s", dev);
	return 0;
}

int payload_parse(const char *text, size_t len, payload *out)
{
	payload p;
	memset(&p, 0, sizeof p);
	if (len > PAYLOAD_MAX)
		return err_set("too long for a dustwatch code (%zu bytes)", len);
	if (!utf8_valid(text, len) || memchr(text, 0, len))
		return err_set("it is not text");
	char *t = xstrndup(text, len);
	while (len && (t[len - 1] == '\n' || t[len - 1] == '\r' || t[len - 1] == ' '))
		t[--len] = 0;
	const char *path = NULL;
	if (strncasecmp(t, "DUSTWATCH:", 10) == 0)
		path = t + 10;
	else if (strncasecmp(t, "https://", 8) == 0 || strncasecmp(t, "http://", 7) == 0) {
		/* The station's page: our path is the tail after the base URL. */
		const char *v = strstr(t, "/1/N/");
		if (!v)
			v = strstr(t, "/1/S/");
		path = v ? v + 1 : NULL;
		if (!path) {
			free(t);
			return err_set("a web address without a dustwatch path");
		}
	} else {
		free(t);
		return err_set("it does not start with dustwatch: or https://");
	}
	char *seg[8];
	int n = 0;
	char *copy = xstrdup(path), *save = NULL;
	for (char *s = strtok_r(copy, "/", &save); s && n < 8; s = strtok_r(NULL, "/", &save))
		seg[n++] = s;
	int rc = -1;
	char *end;
	long version = n ? strtol(seg[0], &end, 10) : -1;
	if (n == 0 || end == seg[0] || *end) {
		err_set("malformed dustwatch code: no version");
	} else if (version != PAYLOAD_VERSION) {
		err_set("dustwatch code version %ld is not known to this program (it reads version %d)", version,
			PAYLOAD_VERSION);
	} else if (n < 2 || strlen(seg[1]) != 1 || (seg[1][0] != 'S' && seg[1][0] != 'N')) {
		err_set("malformed dustwatch code: unknown type");
	} else if ((seg[1][0] == 'S' && n != 4) || (seg[1][0] == 'N' && n != 6)) {
		err_set("malformed dustwatch code: %d parts where a %s code has %d (cut short?)", n,
			seg[1][0] == 'S' ? "site" : "notice", seg[1][0] == 'S' ? 4 : 6);
	} else if (!code_ok(seg[2], 8)) {
		err_set("malformed dustwatch code: bad station code");
	} else {
		p.type = (payload_type)seg[1][0];
		snprintf(p.station, sizeof p.station, "%s", seg[2]);
		const char *site = p.type == PAYLOAD_SITE ? seg[3] : seg[4];
		unsigned char b[16];
		if (base32_decode(site, strlen(site), b, 16) < 0) {
			err_set("malformed dustwatch code: bad site part");
		} else if (p.type == PAYLOAD_NOTICE && number_ok(seg[3], p.station, p.device) < 0) {
			err_set("malformed dustwatch code: bad notice number '%.40s'", seg[3]);
		} else if (p.type == PAYLOAD_NOTICE && base32_decode(seg[5], strlen(seg[5]), p.seal, 64) < 0) {
			err_set("malformed dustwatch code: bad signature part (cut short?)");
		} else {
			uuid_text(b, p.site_id);
			if (p.type == PAYLOAD_NOTICE) {
				snprintf(p.number, sizeof p.number, "%s", seg[3]);
				p.has_seal = 1;
			}
			*out = p;
			rc = 0;
		}
	}
	free(copy);
	free(t);
	return rc;
}

int payload_verify(const payload *p, const unsigned char pk[32])
{
	if (!p->has_seal)
		return err_set("the code carries no signature");
	char *text = payload_seal_text(p->station, p->number, p->site_id);
	int ok = text && crypto_sign_verify_detached(p->seal, (const unsigned char *)text, strlen(text), pk) == 0;
	free(text);
	return ok ? 0 : err_set("the signature does not match device %s's key", p->device);
}
