/*
 * sync_remote: the remotes a data directory syncs with: adding one, finding
 * the remote that a name, a URL or a path given to `sync` means (adding it
 * when none matches), listing them, and the repository settings sync keeps.
 */
#include "sync_impl.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sync_remote_add(app *a, const char *name, const char *url)
{
	git_repository *r = NULL;
	git_remote *rem = NULL;
	int rc = 0;
	if (repo_open(&r, a->home) < 0)
		return -1;
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
		name = m.found;
		rc = 0;
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
		if (git_remote_lookup(&rem, r, names.strings[i]) == 0)
			rc = cb(payload, names.strings[i], git_remote_url(rem));
		git_remote_free(rem);
	}
	git_strarray_dispose(&names);
out:
	git_repository_free(r);
	return rc;
}
