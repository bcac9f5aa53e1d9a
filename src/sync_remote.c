/*
 * sync_remote: the remotes a data directory syncs with: adding one, finding
 * the remote that a name, a URL or a path given to `sync` means (adding it
 * when none matches), listing them, and the repository settings sync keeps.
 */
#include "sync_impl.h"
#include "util.h"

#include <sodium.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An https URL's password: *bare is url without it (the user stays, so
 * libgit2 asks for it by name) and *password the password decoded from
 * %XX, both the caller's; 0 when url has none (*bare, *password NULL). */
static int url_password(const char *url, char **bare, char **password)
{
	*bare = *password = NULL;
	const char *p = strstr(url, "://"), *at, *slash, *colon;
	if (!p || !(str_starts(url, "https://") || str_starts(url, "http://")))
		return 0;
	p += 3;
	at = strchr(p, '@'), slash = strchr(p, '/');
	if (!at || (slash && slash < at) || !(colon = memchr(p, ':', (size_t)(at - p))))
		return 0;
	char *pw = xstrndup(colon + 1, (size_t)(at - colon - 1)), *o = pw;
	for (const char *i = pw; *i; i++) {
		unsigned hi, lo;
		if (i[0] == '%' && sscanf(i + 1, "%1x%1x", &hi, &lo) == 2)
			*o++ = (char)(hi << 4 | lo), i += 2;
		else
			*o++ = *i;
	}
	*o = 0;
	*bare = xasprintf("%.*s%s", (int)(colon - url), url, at);
	*password = pw;
	return 1;
}

char *sync_password_path(app *a, const char *remote)
{
	return xasprintf("%s/keys/remote-%s.password", a->home, remote);
}

/* Keeps password as the remote's, readable by this user only. */
static int keep_password(app *a, const char *remote, const char *password)
{
	char *dir = xasprintf("%s/keys", a->home), *path = sync_password_path(a, remote);
	int rc = mkdir_p(dir, 0700);
	if (rc == 0 && (rc = write_file_atomic(path, password, strlen(password), 0600)) < 0)
		err_set("%s: %s", path, strerror(errno));
	free(dir), free(path);
	return rc;
}

char *sync_remote_password(app *a, const char *remote)
{
	char *path = sync_password_path(a, remote), *pw = NULL;
	size_t n;
	if (read_file(path, 4096, &pw, &n) < 0)
		pw = NULL;
	free(path);
	return pw;
}

int sync_remote_secure(app *a, git_repository *r, const char *name, const char *url)
{
	char *bare, *pw;
	int rc = 0;
	if (!url_password(url, &bare, &pw))
		return 0;
	if (keep_password(a, name, pw) < 0)
		rc = -1;
	else if (git_remote_set_url(r, name, bare) < 0)
		rc = repo_err(name);
	sodium_memzero(pw, strlen(pw));
	free(bare), free(pw);
	return rc;
}

int sync_remote_add(app *a, const char *name, const char *url)
{
	git_repository *r = NULL;
	git_remote *rem = NULL;
	char *bare = NULL, *pw = NULL;
	int rc = 0;
	if (url_password(url, &bare, &pw)) {
		url = bare;
		if (keep_password(a, name, pw) < 0)
			rc = -1;
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
	if (rc < 0 || repo_open(&r, a->home) < 0) {
		free(bare);
		return -1;
	}
	if (git_remote_lookup(&rem, r, name) == 0)
		rc = err_set("remote '%s' exists already", name);
	git_error_clear();
	git_remote_free(rem);
	rem = NULL;
	if (rc == 0) {
		/* No fetch refspec of git's own: sync gives its refspecs. */
		git_remote_create_options o;
		git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
		o.repository = r;
		o.name = name;
		o.flags = GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
		if (git_remote_create_with_opts(&rem, url, &o) < 0)
			rc = repo_err(name);
	}
	git_remote_free(rem);
	git_repository_free(r);
	free(bare);
	return rc;
}

/* What sync was given looks like a URL or a path rather than a remote's
 * name: a scheme, or a slash (a name has none in practice: ours never). */
static int looks_like_url(const char *s)
{
	return strstr(s, "://") || strchr(s, '/') || sync_is_path_url(s);
}

/* A URL or path in the form remotes keep: a relative path made absolute
 * (the remote is used later from anywhere), trailing slashes dropped. */
static char *url_absolute(const char *s)
{
	char *u;
	if (!strstr(s, "://") && s[0] != '/') {
		char cwd[4096];
		if (!getcwd(cwd, sizeof cwd))
			return NULL;
		u = xasprintf("%s/%s", cwd, str_starts(s, "./") ? s + 2 : s);
	} else
		u = xstrdup(s);
	size_t n = strlen(u);
	while (n > 1 && u[n - 1] == '/' && u[n - 2] != '/')
		u[--n] = '\0';
	return u;
}

/* Two remote URLs name the same repository: equal once the file:// prefix,
 * the https user:password and a trailing ".git" or "/" are left out, or
 * two paths that resolve to the same folder. */
static int same_url(const char *a, const char *b)
{
	char *x[2] = {xstrdup(a), xstrdup(b)};
	for (int i = 0; i < 2; i++) {
		char *s = x[i], *p = strstr(s, "://"), *at, *slash;
		if (str_starts(s, "file://"))
			memmove(s, s + 7, strlen(s + 7) + 1);
		else if (p && (at = strchr(p + 3, '@')) && (!(slash = strchr(p + 3, '/')) || at < slash))
			memmove(p + 3, at + 1, strlen(at + 1) + 1);
		size_t n = strlen(s);
		while (n > 1 && s[n - 1] == '/')
			s[--n] = '\0';
		if (s[0] == '/') {
			char *real = realpath(s, NULL);
			if (real)
				free(s), s = x[i] = real, n = strlen(s);
		}
		if (n > 4 && str_eq(s + n - 4, ".git"))
			s[n - 4] = '\0';
	}
	int eq = str_eq(x[0], x[1]);
	free(x[0]), free(x[1]);
	return eq;
}

typedef struct {
	const char *url;
	char *found;
} match_ctx;

static int match_remote(void *payload, const char *name, const char *url)
{
	match_ctx *m = payload;
	if (url && same_url(url, m->url)) {
		m->found = xstrdup(name);
		return 1;
	}
	return 0;
}

/* A remote's name for url: its last part without ".git", in letters,
 * digits, '-', '_' and the bytes of other scripts; "origin" is the
 * station's and never derived. */
static char *derived_name(const char *url)
{
	const char *end = url + strlen(url), *start;
	while (end > url && end[-1] == '/')
		end--;
	if (end - url > 4 && !strncmp(end - 4, ".git", 4))
		end -= 4;
	start = end;
	while (start > url && start[-1] != '/' && start[-1] != ':')
		start--;
	char *n = xstrndup(start, (size_t)(end - start));
	for (char *p = n; *p; p++)
		if (!((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '_'))
			*p = '-';
	if (!*n || n[0] == '-' || str_eq(n, "origin")) {
		free(n);
		n = xstrdup(sync_is_path_url(url) ? "stick" : "remote");
	}
	return n;
}

int sync_remote_resolve(app *a, const char *arg, char **name_out, char **added_url)
{
	git_repository *r = NULL;
	git_remote *rem = NULL;
	char *url = NULL, *name = NULL;
	int rc = -1;
	*added_url = NULL;
	if (repo_open(&r, a->home) < 0)
		return -1;
	if (git_remote_lookup(&rem, r, arg) == 0) {
		name = xstrdup(arg);
		rc = 0;
		goto out;
	}
	git_error_clear();
	if (!looks_like_url(arg)) {
		err_set("no remote '%s': sync with a URL or a stick's path ('dustwatch sync git://HOST/PATH', "
			"'dustwatch sync /media/usb/STATION.git'); the remotes: 'dustwatch remote'",
			arg);
		goto out;
	}
	if (!(url = url_absolute(arg))) {
		err_set("%s: %s", arg, strerror(errno));
		goto out;
	}
	match_ctx m = {url, NULL};
	if (sync_remotes(a, match_remote, &m) < 0)
		goto out;
	if (m.found) {
		/* The same station with a password given: the new one. */
		char *bare, *pw;
		name = m.found;
		rc = 0;
		if (url_password(url, &bare, &pw)) {
			rc = keep_password(a, name, pw);
			sodium_memzero(pw, strlen(pw));
			free(bare), free(pw);
		}
		goto out;
	}
	char *base = derived_name(url);
	name = xstrdup(base);
	int valid = 0;
	if (git_remote_name_is_valid(&valid, name) < 0 || !valid) {
		free(name), free(base);
		name = xstrdup("remote"), base = xstrdup("remote");
	}
	for (int i = 2; git_remote_lookup(&rem, r, name) == 0; i++) {
		git_remote_free(rem);
		rem = NULL;
		free(name);
		name = xasprintf("%s-%d", base, i);
	}
	git_error_clear();
	free(base);
	if (sync_remote_add(a, name, url) < 0)
		goto out;
	char *bare, *pw;
	if (url_password(url, &bare, &pw)) { /* never printed */
		sodium_memzero(pw, strlen(pw));
		free(pw), free(url);
		url = bare;
	}
	*added_url = url;
	url = NULL;
	rc = 0;
out:
	if (rc == 0)
		*name_out = name;
	else
		free(name);
	free(url);
	git_remote_free(rem);
	git_repository_free(r);
	return rc;
}

int sync_config_set(app *a, const char *key, const char *value)
{
	git_repository *r = NULL;
	git_config *cfg = NULL;
	int rc = -1;
	if (repo_open(&r, a->home) < 0)
		return -1;
	if (git_repository_config(&cfg, r) < 0 || git_config_set_string(cfg, key, value) < 0)
		repo_err(key);
	else
		rc = 0;
	git_config_free(cfg);
	git_repository_free(r);
	return rc;
}

int sync_remotes(app *a, int (*cb)(void *payload, const char *name, const char *url), void *payload)
{
	git_repository *r = NULL;
	git_strarray names = {0};
	int rc = -1;
	if (repo_open(&r, a->home) < 0)
		return -1;
	if (git_remote_list(&names, r) < 0) {
		repo_err("remotes");
		goto out;
	}
	rc = 0;
	for (size_t i = 0; i < names.count && !rc; i++) {
		git_remote *rem = NULL;
		char *bare = NULL, *pw = NULL;
		if (git_remote_lookup(&rem, r, names.strings[i]) == 0) {
			/* A password set by hand in the config is never shown. */
			const char *url = git_remote_url(rem);
			if (url_password(url, &bare, &pw))
				sodium_memzero(pw, strlen(pw)), url = bare;
			rc = cb(payload, names.strings[i], url);
		}
		free(bare), free(pw);
		git_remote_free(rem);
	}
	git_strarray_dispose(&names);
out:
	git_repository_free(r);
	return rc;
}
