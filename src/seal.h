/*
 * seal: personal data sealed to the station (issue 12). A form marks a
 * field "private" (the complainant and phone of a complaint); its value
 * travels in events as {"sealed": BASE64}, libsodium's crypto_box_seal of
 * the value's JSON to the station's X25519 sealing key. The event's id and
 * signature cover the sealed text, so the central repository, a stick and
 * the laptops of other inspectors hold only ciphertext.
 *
 * The key pair is made by `station init`: its public half is the station
 * setting seal_key (forms/station.form), so it travels to every machine
 * with the station's record; its secret half is keys/station-seal.key on
 * the admin's machine and reaches a supervisor's or admin's device in
 * that device's record (field station_secret), sealed to the device's own
 * key (Ed25519 turned X25519), when it is enrolled or given the role.
 *
 * The plaintext a machine knows (it wrote the event, or holds the secret)
 * is in the table unsealed (db/013), by event, and store_record_events
 * puts it back into the events it folds: the record's state, its search
 * text, its page and its exports have it there; elsewhere the value stays
 * {"sealed": ...} (value_is_sealed), which value_display shows as "sealed" and the search
 * index leaves out.
 *
 * A machine that knows no sealing key (a station made before there was
 * one, or a laptop that has not yet synced with its station) writes such a
 * field in clear, as every machine did before.
 *
 * Functions return 0 or -1 with err_msg() set unless they say otherwise.
 */
#ifndef DW_SEAL_H
#define DW_SEAL_H

#include "app.h"
#include "form.h"

#include <jansson.h>

/* Where the station's secret sealing key is kept, under the data directory. */
#define SEAL_SECRET_FILE "keys/station-seal.key"

/* Makes the station's sealing key pair: the secret into SEAL_SECRET_FILE
 * (mode 0600), the public half as hex into pk_hex. */
int seal_make_station_key(app *a, char pk_hex[65]);

/* Whether this machine holds the station's secret sealing key. */
int seal_held(app *a);

/* The fields an event of form f carries for fields (a new reference):
 * fields itself when nothing in it is private or no sealing key is known,
 * else a copy with each private value sealed, and *plain (new object, or
 * NULL) the private values in clear, for seal_keep once the event has its
 * id. */
json_t *seal_fields(app *a, const form *f, json_t *fields, json_t **plain);
/* Keeps plain, the clear values of event id's sealed fields, on this
 * machine only. */
int seal_keep(app *a, const char *id, const json_t *plain);

/* An event that came from elsewhere: when this machine holds the station's
 * secret and the event has sealed values, opens them and keeps them
 * (seal_keep). canon: its canonical text (a quick look for "sealed"). 1
 * when something was opened, 0 when not; a value that does not open is
 * left sealed (never an error: the event is genuine, its seal is the
 * writer's business). */
int seal_take(app *a, const json_t *ev, const char *canon);

/* The station's secret sealed to a device's Ed25519 public key, as hex
 * for its record's station_secret; NULL (error set) when this machine does
 * not hold the secret. Caller frees. */
char *seal_secret_for(app *a, const unsigned char device_pk[32]);

/* After a sync: when this device's record now carries the station's
 * secret for it and it is not kept here yet, opens it (checked against the
 * station's seal_key), keeps it, and opens every sealed value already
 * here, folding the records again. 1 when it learnt the secret now. */
int seal_learn(app *a);

#endif
