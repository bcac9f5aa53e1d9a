/*
 * signer: a device's identity, its code and Ed25519 key pair (libsodium).
 */
#include "signer.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int signer_generate(signer *s, const char *device)
{
	if (sodium_init() < 0)
		return err_set("libsodium failed to start");
	if (strlen(device) >= sizeof s->device)
		return err_set("device code too long");
	snprintf(s->device, sizeof s->device, "%s", device);
	crypto_sign_keypair(s->pk, s->sk);
	return 0;
}
