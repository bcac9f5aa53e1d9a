/*
 * setup: what a laptop needs to join a station, the core of `dustwatch
 * init` and of the first-run screen (src/ui/setup.c): the check of each
 * answer (station code, device code, inspector's name, the station's
 * address, the pin of its certificate or host key), with the reason in
 * both languages, so a screen can say it as the person types; and
 * setup_join, which makes the data directory, its device key and the
 * station's remote "origin" with its pin.
 *
 * Nothing here prints. Functions return 0 or -1 with err_msg() set.
 */
#ifndef DW_SETUP_H
#define DW_SETUP_H

typedef enum {
	SETUP_STATION,
	SETUP_DEVICE,
	SETUP_INSPECTOR,
	SETUP_ADDRESS,
	SETUP_PIN,
	SETUP_FIELDS
} setup_field;

/* The answers; address and pin may be NULL or "" (none). */
typedef struct {
	const char *station, *device, *inspector, *address, *pin;
} setup_answers;

/* NULL when the answer to f is acceptable, else why not in lang ("zh" or
 * "en"): a static string. The pin is checked against the address (https
 * and ssh take one, git:// and a stick none). */
const char *setup_check(const setup_answers *in, setup_field f, const char *lang);

/* Which pin the address takes: "dustwatch.certsha256" (https),
 * "dustwatch.hostkeysha256" (ssh) or NULL. */
const char *setup_pin_key(const char *address);

/* Creates the data directory home for the answers (the codes and name as
 * app_init checks them, the pin as setup_check does), with the station's
 * address, if any, as remote origin and the pin in its repository's
 * config. pk_hex (65 bytes, may be NULL) gets the device's public key as
 * `dustwatch key` prints it. */
int setup_join(const char *home, const setup_answers *in, char pk_hex[65]);

#endif
