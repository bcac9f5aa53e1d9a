/*
 * signer: a device's identity: its code and its Ed25519 key pair.
 */
#ifndef DW_SIGNER_H
#define DW_SIGNER_H

typedef struct {
	char device[32];
	unsigned char pk[32];
	unsigned char sk[64];
} signer;

/* Makes a new key pair for device. Returns 0, or -1 with err_msg() set
 * (libsodium failed to start, or the code is too long). */
int signer_generate(signer *s, const char *device);

#endif
