/*
 * fuzz_event: event files as they come from another machine (a sync, a USB
 * stick, `import`). event_parse must either refuse the bytes or hand back
 * an event whose canonical text is the input (less one final newline): the
 * round trip that ids and signatures rest on. The accessors and the
 * signature check run on what it accepts.
 *
 * The fuzzer cannot make an id that is the hash of its text, so the input
 * is also taken as plain JSON, sealed here with a fixed key, and the sealed
 * text must parse, verify and come back byte for byte (or be refused as a
 * whole, as an object lacking a member is).
 */
#include "event.h"
#include "fuzz.h"

#include <sodium.h>

static signer key;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	unsigned char seed[32] = {42};
	if (sodium_init() < 0)
		abort();
	crypto_sign_seed_keypair(key.pk, key.sk, seed);
	snprintf(key.device, sizeof key.device, "A03");
	return 0;
}

/* The properties of an event event_parse accepted from text. */
static void accepted(const json_t *ev, const char *text, size_t len)
{
	char *canon = event_canonical(ev);
	FUZZ_ASSERT(canon != NULL);
	size_t n = len && text[len - 1] == '\n' ? len - 1 : len;
	FUZZ_ASSERT(strlen(canon) == n && memcmp(canon, text, n) == 0);
	free(canon);
	FUZZ_ASSERT(event_str(ev, "id") && event_str(ev, "device") && event_str(ev, "record"));
	(void)event_hlc(ev);
	FUZZ_ASSERT(event_cmp(ev, ev) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *ev = NULL;
	if (event_parse((const char *)data, size, &ev) == 0) {
		accepted(ev, (const char *)data, size);
		(void)event_verify_sig(ev, key.pk);
		json_decref(ev);
	}

	json_error_t je;
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(j)) {
		json_decref(j);
		return 0;
	}
	json_object_del(j, "id"), json_object_del(j, "sig");
	char *canon = NULL;
	if (event_seal(j, &key, &canon) == 0) {
		if (event_parse(canon, strlen(canon), &ev) == 0) {
			accepted(ev, canon, strlen(canon));
			FUZZ_ASSERT(event_verify_sig(ev, key.pk) == 0);
			json_decref(ev);
		}
	}
	free(canon);
	json_decref(j);
	return 0;
}
