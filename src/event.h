/*
 * event: the unit of change. An event is a JSON object; its canonical form
 * (jansson, keys sorted by bytes, no white space, UTF-8 unescaped, no
 * floating-point numbers) is what is hashed, signed, stored and synced.
 *
 *   id   = hex SHA-256 of the canonical bytes of the event without "id"
 *          and "sig"
 *   sig  = hex Ed25519 signature by the device key over the 32 raw bytes of
 *          the id (signing the hash keeps the signature fixed-size work)
 *
 * Fields of an event (format version 1):
 *   v, id, sig, record, form, form_version, op, fields, author, device,
 *   hlc [ms, counter], wall (ISO time), after (ids of the record's events
 *   this one was written on top of), and op-specific: number (create of
 *   a numbered kind), seal (create of a notice: the QR signature, see
 *   payload.h), note (review comment, void reason).
 *
 * Functions return 0 or -1 with err_msg() set. json_t values returned are
 * new references the caller json_decref()s.
 */
#ifndef DW_EVENT_H
#define DW_EVENT_H

#include "hlc.h"
#include "signer.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define EVENT_FORMAT 1
#define EVENT_ID_HEX 64
#define EVENT_MAX_BYTES (1 << 20)


/* Canonical bytes of v: a new string the caller frees, or NULL with the
 * error set (for example a real number inside). */
char *event_canonical(const json_t *v);

/* Fills "id" and "sig" of ev (a JSON object without them) using s.
 * On success ev holds both and *canon_out (if given) the final canonical
 * text, which the caller frees. */
int event_seal(json_t *ev, const signer *s, char **canon_out);

/* Parses and checks text as an event: JSON, format version, required
 * members of the right types, id equal to the hash. Does not check the
 * signature (that needs the device's key: event_verify_sig). */
int event_parse(const char *text, size_t len, json_t **out);
int event_verify_sig(const json_t *ev, const unsigned char pk[32]);

/* Accessors for a parsed event (borrowed strings). */
const char *event_str(const json_t *ev, const char *key);
hlc event_hlc(const json_t *ev);

/* Orders events for folding: by hlc, then device, then id. */
int event_cmp(const json_t *a, const json_t *b);

#endif
