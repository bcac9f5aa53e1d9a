/*
 * test_payload: QR payloads round-trip, verify with the issuer's key only,
 * and every damaged or foreign text gets a clear verdict, never a crash.
 */
#include "testutil.h"
#include "payload.h"

#include <sodium.h>
#include <stdlib.h>

static signer issuer, other;
static const char site[] = "01900000-7c16-7327-ae8f-87fed05ae8b2";

static int setup(void **state)
{
	(void)state;
	return signer_generate(&issuer, "A03") | signer_generate(&other, "A04");
}

static char *notice_text(const char *base)
{
	char *seal = payload_seal("HH", "HH-A03-2024-0017", site, issuer.sk);
	char *t = payload_notice("HH", "HH-A03-2024-0017", site, seal, base);
	free(seal);
	return t;
}

static void round_trip(void **state)
{
	(void)state;
	payload p;
	char *t = payload_site("HH", site, NULL);
	assert_true(str_starts(t, "DUSTWATCH:1/S/HH/"));
	assert_int_equal(strlen(t), strlen("DUSTWATCH:1/S/HH/") + 26);
	assert_int_equal(payload_parse(t, strlen(t), &p), 0);
	assert_int_equal(p.type, PAYLOAD_SITE);
	assert_string_equal(p.site_id, site);
	free(t);
	t = notice_text(NULL);
	assert_true(strlen(t) < 200); /* a small QR code */
	for (const char *c = t; *c; c++) /* QR alphanumeric mode */
		assert_non_null(strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", *c));
	assert_int_equal(payload_parse(t, strlen(t), &p), 0);
	assert_string_equal(p.number, "HH-A03-2024-0017");
	assert_string_equal(p.device, "A03");
	assert_int_equal(payload_verify(&p, issuer.pk), 0);
	assert_int_equal(payload_verify(&p, other.pk), -1);
	assert_non_null(strstr(err_msg(), "signature does not match device A03"));
	assert_true(payload_looks_like(t));
	free(t);
	/* With a base URL the same path, signed the same, follows it. */
	t = notice_text("https://jz.huaihua.example/qr");
	assert_true(str_starts(t, "https://jz.huaihua.example/qr/1/N/HH/"));
	assert_int_equal(payload_parse(t, strlen(t), &p), 0);
	assert_int_equal(payload_verify(&p, issuer.pk), 0);
	free(t);
}

static void verdict(const char *text, size_t len, const char *why)
{
	payload p;
	if (payload_parse(text, len, &p) == 0)
		fail_msg("accepted: %.80s", text);
	if (!strstr(err_msg(), why))
		fail_msg("expected '%s', got '%s'", why, err_msg());
}

static void damage(void **state)
{
	(void)state;
	char *t = notice_text(NULL);
	size_t n = strlen(t);
	payload p;
	/* Each single character changed: refused, or parsed and not verified. */
	for (size_t i = 0; i < n; i++) {
		char *c = xstrdup(t);
		c[i] = c[i] == 'A' ? 'B' : 'A';
		int parsed = payload_parse(c, n, &p) == 0;
		assert_false(parsed && str_eq(c, t));
		if (parsed)
			assert_int_equal(payload_verify(&p, issuer.pk), -1);
		free(c);
	}
	verdict(t, n - 10, "bad signature part");
	verdict(t, 30, "cut short");
	char *v2 = xstrdup(t);
	v2[10] = '2';
	verdict(v2, n, "version 2 is not known");
	free(v2);
	verdict("hello world", 11, "does not start with dustwatch:");
	verdict("https://example.com/page", 24, "without a dustwatch path");
	char big[10240];
	memset(big, 'A', sizeof big);
	verdict(big, sizeof big, "too long");
	char *s = payload_site("HH", site, NULL);
	const char *s32 = s + strlen("DUSTWATCH:1/S/HH/");
	char *x = xasprintf("DUSTWATCH:1/N/HH/HH-B01-2024-0001/%s/XYZ", s32);
	verdict(x, strlen(x), "bad signature part");
	free(x);
	x = xasprintf("DUSTWATCH:1/N/HH/XX-A03-2024-0001/%s/A", s32);
	verdict(x, strlen(x), "bad notice number");
	free(x), free(s);
	for (int i = 0; i < 5000; i++) {
		char buf[300];
		size_t len = 1 + test_below(sizeof buf);
		for (size_t k = 0; k < len; k++)
			buf[k] = (char)test_rand();
		if (test_below(2))
			memcpy(buf, t, len < n ? len : n);
		payload_parse(buf, len, &p);
	}
	free(t);
}

static void base32(void **state)
{
	(void)state;
	unsigned char in[5] = {'h', 'e', 'l', 'l', 'o'}, back[5];
	char out[16];
	assert_int_equal(base32_encode(in, 5, out, sizeof out), 0);
	assert_string_equal(out, "NBSWY3DP");
	assert_int_equal(base32_decode(out, 8, back, 5), 0);
	assert_memory_equal(in, back, 5);
	assert_int_equal(base32_decode("nbswy3dp", 8, back, 5), -1);
	unsigned char one[1];
	assert_int_equal(base32_decode("MF", 2, one, 1), -1); /* non-zero spare bits: not canonical */
	assert_int_equal(base32_decode("ME", 2, one, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(damage),
		cmocka_unit_test(base32),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
