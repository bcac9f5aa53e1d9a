/*
 * setup: joining a station (see setup.h). The checks say what is wrong
 * and what is expected, in the words a person at the first-run screen
 * reads; setup_join is app_init, the remote and the pin, in that order.
 */
#include "setup.h"
#include "app.h"
#include "hex.h"
#include "sync.h"
#include "util.h"

#include <string.h>

#define TR(zh, en) (str_eq(lang, "en") ? (en) : (zh))

static int empty(const char *s)
{
	return !s || !*s;
}

/* A URL's host: something between "://" and the next '/'. */
static int has_host_and_path(const char *url)
{
	const char *h = strstr(url, "://");
	if (!h)
		return 0;
	h += 3;
	const char *at = strchr(h, '@'), *slash = strchr(h, '/');
	if (at && slash && at < slash)
		h = at + 1;
	return slash && slash > h && slash[1];
}

const char *setup_pin_key(const char *address)
{
	if (empty(address))
		return NULL;
	if (str_starts(address, "https://"))
		return "dustwatch.certsha256";
	if (str_starts(address, "ssh://"))
		return "dustwatch.hostkeysha256";
	return NULL;
}

/* 64 hex digits, colons and spaces between them allowed (as openssl
 * prints a fingerprint). */
static int is_pin(const char *s)
{
	int digits = 0;
	for (; *s; s++)
		if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F'))
			digits++;
		else if (*s != ':' && *s != ' ')
			return 0;
	return digits == 64;
}

static const char *check_code(const char *code, const char *lang)
{
	if (empty(code))
		return TR("必填", "required");
	if (strlen(code) > 8)
		return TR("最多 8 位", "at most 8 characters");
	if (!(code[0] >= 'A' && code[0] <= 'Z'))
		return TR("以大写字母开头，如 HH、A03", "starts with a capital letter, as HH or A03");
	if (!app_valid_code(code))
		return TR("只能是大写字母和数字，如 HH、A03", "capital letters and digits only, as HH or A03");
	return NULL;
}

static const char *check_address(const char *a, const char *lang)
{
	if (empty(a))
		return TR("必填：监督站地址（git://、ssh://、https://）或U盘路径",
			  "required: the station's address (git://, ssh://, https://) or a stick's path");
	if (str_starts(a, "http://"))
		return TR("http:// 不安全，请用 https://", "http:// is not safe: use https://");
	if (str_starts(a, "git://") || str_starts(a, "ssh://") || str_starts(a, "https://"))
		return has_host_and_path(a) ? NULL : TR("缺少主机或路径，如 git://主机/HH.git",
							 "a host and a path are missing, as git://host/HH.git");
	if (strstr(a, "://"))
		return TR("只支持 git://、ssh://、https:// 或路径", "only git://, ssh://, https:// or a path");
	if (a[0] != '/')
		return TR("U盘路径须以 / 开头，如 /media/usb/HH.git", "a stick's path starts with /, as /media/usb/HH.git");
	return NULL;
}

const char *setup_check(const setup_answers *in, setup_field f, const char *lang)
{
	switch (f) {
	case SETUP_STATION: return check_code(in->station, lang);
	case SETUP_DEVICE: return check_code(in->device, lang);
	case SETUP_INSPECTOR:
		if (empty(in->inspector) || strspn(in->inspector, " ") == strlen(in->inspector))
			return TR("必填", "required");
		if (strlen(in->inspector) > 100 || !utf8_valid(in->inspector, strlen(in->inspector)))
			return TR("太长（最多 100 字节）", "too long (at most 100 bytes)");
		return NULL;
	case SETUP_ADDRESS: return check_address(in->address, lang);
	case SETUP_PIN:
		if (!setup_pin_key(in->address))
			return empty(in->pin) ? NULL
					      : TR("git:// 和U盘不需要指纹，请留空", "git:// and a stick take no pin: leave it empty");
		if (empty(in->pin))
			return NULL; /* a certificate from a CA this laptop trusts, or the host key learned */
		return is_pin(in->pin) ? NULL
				       : TR("应为 64 位十六进制 SHA-256 指纹", "a SHA-256 fingerprint: 64 hex digits");
	case SETUP_FIELDS: break;
	}
	return NULL;
}

int setup_join(const char *home, const setup_answers *in, char pk_hex[65])
{
	/* The codes and the name are app_init's to refuse (init's messages);
	 * the address is taken as git takes it (init --remote takes any). */
	const char *why = setup_check(in, SETUP_PIN, "en");
	if (why)
		return err_set("pin: %s", why);
	if (app_init(home, in->station, in->device, in->inspector) < 0)
		return -1;
	app a = {0};
	int rc = app_open(&a, home);
	if (rc == 0 && !empty(in->address))
		rc = sync_remote_add(&a, "origin", in->address);
	if (rc == 0 && setup_pin_key(in->address) && !empty(in->pin))
		rc = sync_config_set(&a, setup_pin_key(in->address), in->pin);
	if (rc == 0 && pk_hex)
		hex_encode(a.me.pk, 32, pk_hex);
	app_close(&a);
	return rc;
}
