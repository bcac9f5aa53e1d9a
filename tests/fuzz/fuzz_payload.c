/*
 * fuzz_payload: what a scanner types (a QR code on a notice or a placard,
 * `dustwatch scan`, the TUI's scan). payload_parse must refuse the text or
 * give a payload that, written out again by payload_site/payload_notice,
 * parses to the same payload. The seal is checked against keys that did
 * not make it (an all-zero key, a fixed one): never genuine, never a crash.
 */
#include "fuzz.h"
#include "payload.h"

#include <sodium.h>

static unsigned char pk_fixed[32], pk_zero[32];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	unsigned char seed[32] = {7}, sk[64];
	if (sodium_init() < 0)
		abort();
	crypto_sign_seed_keypair(pk_fixed, sk, seed);
	return 0;
}

static int same(const payload *a, const payload *b)
{
	return a->type == b->type && str_eq(a->station, b->station) && str_eq(a->number, b->number) &&
	       str_eq(a->device, b->device) && str_eq(a->site_id, b->site_id) && a->has_seal == b->has_seal &&
	       memcmp(a->seal, b->seal, sizeof a->seal) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	(void)payload_looks_like(text);
	free(text);

	payload p, q;
	if (payload_parse((const char *)data, size, &p) < 0)
		return 0;
	FUZZ_ASSERT(p.type == PAYLOAD_SITE || p.type == PAYLOAD_NOTICE);
	FUZZ_ASSERT(payload_verify(&p, pk_zero) < 0);
	FUZZ_ASSERT(payload_verify(&p, pk_fixed) < 0);

	char *again;
	if (p.type == PAYLOAD_SITE) {
		again = payload_site(p.station, p.site_id, size & 1 ? "https://hh.example/qr" : NULL);
	} else {
		char seal[112];
		FUZZ_ASSERT(base32_encode(p.seal, 64, seal, sizeof seal) == 0);
		again = payload_notice(p.station, p.number, p.site_id, seal, size & 1 ? "https://hh.example/qr/" : NULL);
	}
	FUZZ_ASSERT(again != NULL);
	FUZZ_ASSERT(payload_looks_like(again));
	FUZZ_ASSERT(payload_parse(again, strlen(again), &q) == 0);
	FUZZ_ASSERT(same(&p, &q));
	free(again);
	return 0;
}
