/*
 * payload: what a QR code on a printed notice or a site placard says, and
 * whether it is genuine (doc/qr-payload.md is the specification).
 *
 *   site:    DUSTWATCH:1/S/<STATION>/<SITE>
 *   notice:  DUSTWATCH:1/N/<STATION>/<NUMBER>/<SITE>/<SEAL>
 *
 * <SITE> is the site record's UUID as 26 characters of base32 (RFC 4648
 * alphabet, no padding); <SEAL> is the issuing device's Ed25519 signature
 * over the text "1/N/<STATION>/<NUMBER>/<SITE>", as 103 characters of
 * base32. Everything is upper case, digits and / : so a QR code can use
 * its compact alphanumeric mode. With a station base URL the same path
 * follows it: https://host/path/1/N/... (the prefix is not signed).
 *
 * Strings returned are new allocations the caller frees.
 */
#ifndef DW_PAYLOAD_H
#define DW_PAYLOAD_H

#include <stddef.h>

#define PAYLOAD_VERSION 1
#define PAYLOAD_MAX 512

typedef enum { PAYLOAD_SITE = 'S', PAYLOAD_NOTICE = 'N' } payload_type;

typedef struct payload {
	payload_type type;
	char station[16];
	char number[40];      /* notices */
	char device[16];      /* the issuing device, from the number */
	char site_id[40];     /* the site record's UUID, 8-4-4-4-12 */
	unsigned char seal[64];
	int has_seal;
} payload;

/* The signed text of a notice: "1/N/STATION/NUMBER/SITE32". */
char *payload_seal_text(const char *station, const char *number, const char *site_id);
/* Signs a notice's seal text with a device's secret key: 103 chars of
 * base32, or NULL when the site id is not a UUID. */
char *payload_seal(const char *station, const char *number, const char *site_id, const unsigned char sk[64]);

/* The payload text; base_url NULL or "" for the dustwatch: form. seal is
 * base32 text (notices) or NULL (sites). */
char *payload_site(const char *station, const char *site_id, const char *base_url);
char *payload_notice(const char *station, const char *number, const char *site_id, const char *seal,
		     const char *base_url);

/* Parses text as a payload. Returns 0, or -1 with the error saying what
 * is wrong (not a dustwatch code, unknown version, malformed part). */
int payload_parse(const char *text, size_t len, payload *out);
/* Checks a parsed notice's seal against the device's public key. */
int payload_verify(const payload *p, const unsigned char pk[32]);

/* Whether text looks like one of our payloads (for a scanner typing into
 * any screen): the prefix, not the content. */
int payload_looks_like(const char *text);

int base32_encode(const unsigned char *in, size_t n, char *out, size_t outlen);
int base32_decode(const char *in, size_t len, unsigned char *out, size_t n);

#endif
