/*
 * sync_callbacks: libgit2's callbacks for one remote's fetch or push:
 * transfer progress, credentials for ssh:// (the device's key) and
 * https:// (the password, asked for at most MAX_CRED_TRIES times), the
 * pinned certificate for https://, each pushed ref's status, the server's
 * messages, and the refs a fetch moved (sync.c packs them after).
 */
#include "hex.h"
#include "sync_impl.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int on_transfer(const git_indexer_progress *p, void *payload)
{
	remote_cb *cb = payload;
	if (cb->c->progress && p->total_objects)
		cb->c->progress(cb->c->payload, "fetch", p->received_objects, p->total_objects);
	return 0;
}

static int on_push_transfer(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
	remote_cb *cb = payload;
	(void)bytes;
	cb->sent_objects = total;
	if (cb->c->progress && total)
		cb->c->progress(cb->c->payload, "push", current, total);
	return 0;
}

/* url ("https://DEVICE@host/path") as a person gives it with a password:
 * "https://DEVICE:PASSWORD@host/path". */
static char *url_asking_password(const char *url)
{
	const char *p = strstr(url, "://"), *at = p ? strchr(p + 3, '@') : NULL;
	if (!at)
		return xstrdup(url);
	return xasprintf("%.*s:PASSWORD%s", (int)(at - url), url, at);
}

/* ssh: the device's Ed25519 key for ssh (keys/ssh_ed25519, made by
 * `ssh-keygen -t ed25519` or given by the station); https: the password in
 * the URL, which libgit2 tries before asking here. Called again after a
 * failure until it errors: capped. */
static int on_credentials(git_credential **out, const char *url, const char *user, unsigned int allowed, void *payload)
{
	remote_cb *cb = payload;
	if (++cb->cred_tries > MAX_CRED_TRIES) {
		/* repo_err reports libgit2's message: set it there. */
		git_error_set_str(GIT_ERROR_SSH, "ssh authentication failed: the station refused keys/ssh_ed25519");
		return GIT_EAUTH;
	}
	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		char *priv = xasprintf("%s/keys/ssh_ed25519", cb->c->a->home);
		char *pub = xasprintf("%s.pub", priv);
		int rc = git_credential_ssh_key_new(out, user ? user : "git", access(pub, R_OK) == 0 ? pub : NULL,
						    priv, NULL);
		free(priv), free(pub);
		return rc;
	}
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user ? user : "git");
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
		/* https: the device's password, kept out of the repository's
		 * config (sync_remote_password); once, then a clear refusal
		 * rather than libgit2's "no callback set". */
		char *pw = user && !cb->password_given ? sync_remote_password(cb->c->a, cb->remote) : NULL;
		if (pw) {
			cb->password_given = 1;
			int rc = git_credential_userpass_plaintext_new(out, user, pw);
			sodium_memzero(pw, strlen(pw));
			free(pw);
			return rc;
		}
		char *path = sync_password_path(cb->c->a, cb->remote), *shown = url_asking_password(url);
		char *m = user ? xasprintf("https authentication failed: the station refused the password of %s "
					   "(kept in %s); give the right one once: dustwatch sync '%s'",
					   user, path, shown)
			       : xstrdup("https authentication failed: the station asks for a device and password; "
					 "give them in the remote's URL (https://DEVICE:PASSWORD@host/path)");
		free(path), free(shown);
		git_error_set_str(GIT_ERROR_HTTP, m);
		free(m);
		return GIT_EAUTH;
	}
	return GIT_PASSTHROUGH;
}

/* A pin as written in the config, in lower-case hex without the colons
 * and spaces of, say, `openssl x509 -noout -fingerprint -sha256`. */
static void pin_normalize(const char *in, char *out, size_t n)
{
	size_t j = 0;
	for (; *in && j + 1 < n; in++)
		if (*in != ':' && *in != ' ' && *in != '\t')
			out[j++] = (char)(*in >= 'A' && *in <= 'F' ? *in - 'A' + 'a' : *in);
	out[j] = 0;
}

/* A certificate is accepted when its SHA-256 is the one pinned in the
 * repository's config (dustwatch.certsha256 for https: the SHA-256 of the
 * DER certificate, the station's own; dustwatch.hostkeysha256 for ssh: of
 * the host key blob), or, with nothing pinned, when libgit2 found it valid
 * (an https certificate from a CA this machine trusts, for the host's name).
 * A refusal names the fingerprint seen and the command that pins it:
 * libgit2 alone would only say "user rejected certificate" or "user
 * canceled hostkey check". */
static int on_certificate(git_cert *cert, int valid, const char *host, void *payload)
{
	remote_cb *cb = payload;
	git_config *cfg = NULL;
	git_buf pin = {0};
	char hex[65] = "", want[80] = "";
	int rc = valid ? 0 : GIT_ECERTIFICATE;
	int x509 = cert->cert_type == GIT_CERT_X509;
	if (x509) {
		git_cert_x509 *x = (git_cert_x509 *)cert;
		unsigned char h[32];
		crypto_hash_sha256(h, x->data, x->len);
		hex_encode(h, 32, hex);
	} else if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2) {
		git_cert_hostkey *k = (git_cert_hostkey *)cert;
		if (k->type & GIT_CERT_SSH_SHA256)
			hex_encode(k->hash_sha256, 32, hex);
	}
	const char *key = x509 ? "dustwatch.certsha256" : "dustwatch.hostkeysha256";
	const char *what = x509 ? "https certificate" : "ssh host key";
	int pinned = *hex && git_repository_config_snapshot(&cfg, cb->r) == 0 && git_config_get_string_buf(&pin, cfg, key) == 0;
	if (pinned) {
		pin_normalize(pin.ptr, want, sizeof want);
		rc = str_eq(want, hex) ? 0 : GIT_ECERTIFICATE;
	}
	git_error_clear();
	if (rc < 0) {
		char *m = !*hex ? xasprintf("the %s of %s has no SHA-256: refusing", what, host)
			  : pinned
			      ? xasprintf("the %s of %s (SHA-256 %s) is not the pinned one (%s %s): refusing (if the "
					  "station has a new %s, check it with the station admin before pinning it)",
					  what, host, hex, key, pin.ptr, what)
			      : xasprintf("the %s of %s (SHA-256 %s) is not pinned%s: check it with the station admin, "
					  "then pin it with 'git config -f %s/repo.git/config %s %s'",
					  what, host, hex, x509 ? " and this machine does not trust it" : "", cb->c->a->home,
					  key, hex);
		git_error_set_str(x509 ? GIT_ERROR_SSL : GIT_ERROR_SSH, m);
		free(m);
	}
	git_buf_dispose(&pin);
	git_config_free(cfg);
	return rc;
}

/* Every pushed ref's status: a refused push still returns 0 from
 * git_remote_push. The message is copied: it is not ours to keep. */
static int on_push_ref(const char *refname, const char *status, void *payload)
{
	remote_cb *cb = payload;
	if (status) {
		cb->refused = 1;
		free(cb->message);
		cb->message = xasprintf("%s: %s", refname, status);
	}
	return 0;
}

static int on_sideband(const char *str, int len, void *payload)
{
	remote_cb *cb = payload;
	/* The hook's explanation of a refusal, kept for the report. */
	if (cb->pushing && len > 0 && cb->side.len < 8192)
		sb_add(&cb->side, str, (size_t)len);
	return 0;
}

static int on_update_tip(const char *ref, const git_oid *a, const git_oid *b, void *payload)
{
	(void)ref, (void)a, (void)b;
	((remote_cb *)payload)->moved++;
	return 0;
}

git_remote_callbacks sync_callbacks(remote_cb *cb)
{
	git_remote_callbacks c;
	git_remote_init_callbacks(&c, GIT_REMOTE_CALLBACKS_VERSION);
	c.transfer_progress = on_transfer;
	c.push_transfer_progress = on_push_transfer;
	c.credentials = on_credentials;
	c.certificate_check = on_certificate;
	c.push_update_reference = on_push_ref;
	c.sideband_progress = on_sideband;
	c.update_tips = on_update_tip;
	c.payload = cb;
	return c;
}

