/*
 * registry: the station's devices and their public keys. Each enrolled
 * laptop is a `device` record (code, public_key), synced like any other;
 * this machine's own key is in its settings. Used to check signatures on
 * anything a device signed: events, and the seals of printed notices.
 */
#ifndef DW_REGISTRY_H
#define DW_REGISTRY_H

#include "app.h"

/* The public key of device code. Returns 0 and fills pk, or -1 with the
 * error "device X is not registered" (or its record is void). */
int registry_key(app *a, const char *device, unsigned char pk[32]);

#endif
