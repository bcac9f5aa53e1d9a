/*
 * app: data directory, identity and keys. See app.h.
 */
#include "hex.h"
#include "app.h"
#include "demo_hooks.h"
#include "form_publish.h"
#include "repo.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *app_home(void)
{
	const char *h = getenv("DUSTWATCH_HOME");
	if (h && *h)
		return xstrdup(h);
	h = getenv("XDG_DATA_HOME");
	if (h && *h)
		return xasprintf("%s/dustwatch", h);
	h = getenv("HOME");
	return xasprintf("%s/.local/share/dustwatch", h && *h ? h : ".");
}

int app_valid_code(const char *code)
{
	size_t n = strlen(code);
	if (n < 1 || n > 8 || !isupper((unsigned char)code[0]))
		return 0;
	for (; *code; code++)
		if (!isupper((unsigned char)*code) && !isdigit((unsigned char)*code))
			return 0;
	return 1;
}

static char *db_path(const char *home)
{
	return xasprintf("%s/dustwatch.db", home);
}

/* Whether the repository in home has fetched: a remote-tracking ref,
 * loose or packed. */
static int has_fetched(const char *home)
{
	char *dir = xasprintf("%s/repo.git/refs/remotes", home), *packed = xasprintf("%s/repo.git/packed-refs", home);
	struct stat st;
	int yes = stat(dir, &st) == 0;
	FILE *f = yes ? NULL : fopen(packed, "r");
	char line[512];
	while (f && !yes && fgets(line, sizeof line, f))
		yes = strstr(line, " refs/remotes/") != NULL;
	if (f)
		fclose(f);
	free(dir), free(packed);
	return yes;
}

void app_plan_load(int first_sync)
{
	char *home = app_home(), *path = db_path(home);
	struct stat st;
	/* A reindex makes about the database it has, or what its repository
	 * holds (a database of 2,350 bytes an event for 650 in the
	 * repository) if that is more (a database made anew, to be rebuilt):
	 * a cache that has used up its memory stops growing. A first sync's
	 * size is not known before its fetch: the load's whole cache. */
	if (first_sync && !has_fetched(home)) {
		store_plan_load((size_t)STORE_BULK_CACHE_KIB * 1024);
	} else if (!first_sync) {
		char *gd = xasprintf("%s/repo.git/", home);
		size_t db = stat(path, &st) == 0 ? (size_t)st.st_size : 0, objects = repo_objects_bytes(gd);
		store_plan_load(db + db / 4 > 4 * objects ? db + db / 4 : 4 * objects);
		free(gd);
	}
	free(path), free(home);
}

static int save_key(const char *home, const signer *s)
{
	char hex[129];
	char *dir = xasprintf("%s/keys", home);
	char *path = xasprintf("%s/device.key", dir);
	int rc = mkdir_p(dir, 0700);
	if (rc == 0) {
		hex_encode(s->sk, 64, hex);
		char *line = xasprintf("%s\n", hex);
		rc = write_file_atomic(path, line, strlen(line), 0600);
		sodium_memzero(line, strlen(line));
		free(line);
		sodium_memzero(hex, sizeof hex);
	}
	free(dir), free(path);
	return rc;
}

static int load_key(const char *home, const char *device, signer *s)
{
	char *path = xasprintf("%s/keys/device.key", home);
	char *text = NULL;
	int rc = -1;
	if (read_file(path, 4096, &text, NULL) < 0)
		goto out;
	text[strcspn(text, "\n")] = 0;
	if (hex_decode(text, s->sk, 64) < 0) {
		err_set("%s: not a device key", path);
		goto out;
	}
	memcpy(s->pk, s->sk + 32, 32);
	snprintf(s->device, sizeof s->device, "%s", device);
	rc = 0;
out:
	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
	free(path);
	return rc;
}

int app_init(const char *home, const char *station, const char *device, const char *inspector)
{
	char *path = db_path(home);
	store *db = NULL;
	signer s;
	int rc = -1;
	if (!app_valid_code(station) || !app_valid_code(device)) {
		err_set("station and device codes are 1 to 8 capital letters and digits, starting with a letter");
		goto out;
	}
	if (!*inspector || strlen(inspector) > 100 || !utf8_valid(inspector, strlen(inspector))) {
		err_set("the inspector's name must be UTF-8 text of at most 100 bytes");
		goto out;
	}
	if (access(path, F_OK) == 0) {
		err_set("%s is already a dustwatch data directory", home);
		goto out;
	}
	if (mkdir_p(home, 0700) < 0 || signer_generate(&s, device) < 0 || save_key(home, &s) < 0)
		goto out;
	if (store_open(&db, path, 0) < 0)
		goto out;
	if (store_begin(db) < 0)
		goto out;
	char pk[65];
	hex_encode(s.pk, 32, pk);
	if (store_set_setting(db, "station", station) < 0 || store_set_setting(db, "device", device) < 0 ||
	    store_set_setting(db, "inspector", inspector) < 0 || store_set_setting(db, "pubkey", pk) < 0) {
		store_rollback(db);
		goto out;
	}
	rc = store_commit(db);
out:
	sodium_memzero(&s, sizeof s);
	store_close(db);
	free(path);
	return rc;
}

/* A form changed without a new version number would make old records
 * read differently than they were written: refuse it. */
static int check_version(app *a, const form *f)
{
	char *known = store_form_source(a->db, f->kind, f->version);
	int rc = 0;
	if (known) {
		char *x = form_normalized(known), *y = form_normalized(f->source);
		if (!str_eq(x, y))
			rc = err_set("%s: differs from %s version %d as this station first used it: "
				     "give the changed form a higher version",
				     f->path, f->kind, f->version);
		free(x), free(y);
	}
	free(known);
	return rc;
}

const form *app_form(app *a, const char *kind, int version)
{
	const form *cur = kind ? formset_get(a->forms, kind) : NULL;
	if (!cur) {
		err_set("no form for kind '%s'", kind ? kind : "?");
		return NULL;
	}
	if (version == 0 || version == cur->version)
		return cur;
	for (size_t i = 0; i < a->n_old_forms; i++)
		if (str_eq(a->old_forms[i]->kind, kind) && a->old_forms[i]->version == version)
			return a->old_forms[i];
	char *src = store_form_source(a->db, kind, version);
	if (!src) {
		err_set("%s version %d is not known on this machine", kind, version);
		return NULL;
	}
	char *name = xasprintf("%s version %d (kept in the database)", kind, version);
	form *f = form_parse(name, src, strlen(src));
	free(name), free(src);
	if (!f)
		return NULL;
	a->old_forms = xrealloc(a->old_forms, (a->n_old_forms + 1) * sizeof *a->old_forms);
	a->old_forms[a->n_old_forms++] = f;
	return f;
}

const form *app_form_of(app *a, const json_t *state)
{
	return app_form(a, json_string_value(json_object_get(state, "kind")),
			(int)json_integer_value(json_object_get(state, "form_version")));
}

/* cache/ holds attachments copied out of the repository for a viewer
 * (rec_attachment_file); a copy a day old has been looked at. */
static void empty_cache(const char *home)
{
	char *dir = xasprintf("%s/cache", home);
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	time_t day_ago = time(NULL) - 86400;
	while (d && (e = readdir(d))) {
		char *file = xasprintf("%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.' && stat(file, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < day_ago)
			unlink(file);
		free(file);
	}
	if (d)
		closedir(d);
	free(dir);
}

int app_open(app *a, const char *home)
{
	memset(a, 0, sizeof *a);
	a->home = xstrdup(home);
	char *path = db_path(home);
	int rc = -1;
	if (access(path, F_OK) != 0) {
		err_set("%s is not a dustwatch data directory: run 'dustwatch init' or 'dustwatch demo' first", home);
		goto out;
	}
	if (store_open(&a->db, path, 0) < 0 || formset_load(&a->forms, home) < 0)
		goto out;
	a->station = store_setting(a->db, "station");
	a->device = store_setting(a->db, "device");
	a->inspector = store_setting(a->db, "inspector");
	if (!a->station || !a->device || !a->inspector) {
		err_set("%s: the database has no station, device or inspector set", path);
		goto out;
	}
	if (sodium_init() < 0 || load_key(home, a->device, &a->me) < 0)
		goto out;
	empty_cache(home);
	/* Record which form versions were in force, so old records stay
	 * readable after a station changes a form. */
	if (store_begin(a->db) < 0)
		goto out;
	/* The forms the station published, newer than these, are in force. */
	if (form_published_load(a) < 0) {
		store_rollback(a->db);
		goto out;
	}
	for (size_t i = 0; i < formset_count(a->forms); i++) {
		const form *f = formset_at(a->forms, i);
		if (check_version(a, f) < 0 || store_save_form(a->db, f->kind, f->version, f->source) < 0) {
			store_rollback(a->db);
			goto out;
		}
	}
	rc = store_commit(a->db);
out:
	free(path);
	if (rc < 0) {
		char *msg = xstrdup(err_msg());
		app_close(a);
		err_set("%s", msg);
		free(msg);
	}
	return rc;
}

/* Files attached for a record that was then refused (or never saved):
 * their rows (not yet committed) and their files go. */
static void drop_fresh_attachments(app *a)
{
	size_t i;
	json_t *h;
	json_array_foreach(a->fresh_attachments, i, h)
	{
		const char *hash = json_string_value(h);
		if (a->db && store_drop_attachment(a->db, hash) == 1) {
			char *file = xasprintf("%s/blobs/%.2s/%s", a->home, hash, hash);
			unlink(file);
			free(file);
		}
	}
	json_decref(a->fresh_attachments);
}

void app_close(app *a)
{
	drop_fresh_attachments(a);
	json_decref(a->ref_titles);
	store_close(a->db);
	formset_free(a->forms);
	for (size_t i = 0; i < a->n_old_forms; i++)
		form_free(a->old_forms[i]);
	free(a->old_forms);
	free(a->home), free(a->station), free(a->device), free(a->inspector), free(a->site_hint);
	sodium_memzero(&a->me, sizeof a->me);
	sodium_memzero(a->seal_sk, sizeof a->seal_sk);
	memset(a, 0, sizeof *a);
}

int64_t app_now(const app *a)
{
	return a->clock_ms ? a->clock_ms : now_ms();
}

void app_set_clock(app *a, int64_t ms)
{
	a->clock_ms = ms;
}

void app_act_as(app *a, const char *device, const char *inspector, const signer *key)
{
	char *dev = xstrdup(device), *name = xstrdup(inspector);
	free(a->device);
	free(a->inspector);
	a->device = dev;
	a->inspector = name;
	a->me = *key;
}

void app_today(const app *a, char buf[16])
{
	fmt_local_date(app_now(a), buf, 16);
}

void app_stamp(const app *a, char buf[32])
{
	fmt_datetime(app_now(a), buf, 32);
}
