/*
 * record_parse: what a person gives for a record (FIELD=VALUE words, or
 * JSON) turned into field values the form allows: attachments stored,
 * references resolved, each value checked. Every problem is collected, by
 * field, for the command or the screen to show. See record.h.
 */
#include "hex.h"
#include "record_impl.h"
#include "text.h"
#include "util.h"
#include "value.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Stores a file's content once under blobs/, named by its SHA-256. */
static char *import_attachment(app *a, const char *path, char **msg)
{
	char *data = NULL, *dir = NULL, *dest = NULL, *hash = NULL;
	size_t len;
	unsigned char h[32];
	char hex[65], stamp[32];
	if (read_file(path, APP_ATTACHMENT_MAX_BYTES, &data, &len) < 0) {
		*msg = xstrdup(err_msg());
		return NULL;
	}
	crypto_hash_sha256(h, (unsigned char *)data, len);
	hex_encode(h, 32, hex);
	dir = xasprintf("%s/blobs/%.2s", a->home, hex);
	dest = xasprintf("%s/%s", dir, hex);
	app_stamp(a, stamp);
	const char *base = strrchr(path, '/');
	char *name = text_filename(base ? base + 1 : path);
	int known = store_has_attachment(a->db, hex);
	if (known < 0)
		*msg = xstrdup(err_msg());
	else if (!known && (mkdir_p(dir, 0700) < 0 || write_file_atomic(dest, data, len, 0600) < 0))
		*msg = xstrdup(err_msg());
	else if (store_add_attachment(a->db, hex, (int64_t)len, name, stamp) < 0) {
		*msg = xstrdup(err_msg());
		if (!known)
			unlink(dest); /* no row for it: it would be an orphan */
	} else
		hash = xstrdup(hex);
	if (hash && !known) {
		if (!a->fresh_attachments)
			a->fresh_attachments = json_array();
		json_array_append_new(a->fresh_attachments, json_string(hex));
	}
	free(data), free(dir), free(dest), free(name);
	return hash;
}

/* Resolves a reference to the id of a record of the wanted kind. */
static char *resolve_ref(app *a, const field *fd, const char *ref, char **msg)
{
	char *id = NULL;
	/* Not found, ambiguous and not an id each have their own message;
	 * a database error is passed on as such, not as a wrong kind. */
	if (store_resolve_kind(a->db, fd->ref_kind, ref, &id) < 0) {
		*msg = xstrdup(err_msg());
		return NULL;
	}
	json_t *st = store_get_record(a->db, id);
	const char *kind = json_string_value(json_object_get(st, "kind"));
	if (!st) {
		*msg = xstrdup(err_msg());
		free(id);
		id = NULL;
	} else if (!str_eq(kind, fd->ref_kind)) {
		*msg = xasprintf("%s is a %s, not a %s", ref, kind ? kind : "?", fd->ref_kind);
		free(id);
		id = NULL;
	}
	json_decref(st);
	return id;
}

/* Turns a typed-in value into the stored one: references to ids, "@path"
 * attachments to hashes. Returns a new reference or NULL with *msg. */
static json_t *finish_value(app *a, const field *fd, json_t *v, char **msg)
{
	if (fd->type == FT_REF && json_is_string(v)) {
		char *id = resolve_ref(a, fd, json_string_value(v), msg);
		json_decref(v);
		json_t *out = id ? json_string(id) : NULL;
		free(id);
		return out;
	}
	if ((fd->type == FT_PHOTO || fd->type == FT_FILE) && json_is_array(v)) {
		json_t *out = json_array(), *x;
		size_t i;
		json_array_foreach(v, i, x)
		{
			const char *s = json_string_value(x);
			if (s && s[0] == '@') {
				char *h = import_attachment(a, s + 1, msg);
				if (!h)
					break;
				json_array_append_new(out, json_string(h));
				free(h);
			} else {
				json_array_append(out, x);
			}
		}
		json_decref(v);
		if (*msg) {
			json_decref(out);
			return NULL;
		}
		return out;
	}
	if (fd->type == FT_GROUP && json_is_array(v)) {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item)
		{
			const char *k;
			json_t *mv;
			void *tmp;
			json_object_foreach_safe(item, tmp, k, mv)
			{
				const field *m = NULL;
				for (size_t j = 0; j < fd->n_members; j++)
					if (str_eq(fd->members[j].name, k))
						m = &fd->members[j];
				if (!m || !json_is_string(mv) || m->type == FT_TEXT || m->type == FT_MULTILINE)
					continue;
				char stamp[32];
				app_stamp(a, stamp);
				json_t *typed = value_parse(m, json_string_value(mv), stamp, msg);
				if (typed)
					typed = finish_value(a, m, typed, msg);
				if (!typed) {
					char *inner = *msg;
					*msg = xasprintf("entry %zu, %s: %s", i + 1, k, inner);
					free(inner);
					json_decref(v);
					return NULL;
				}
				json_object_set_new(item, k, typed);
			}
		}
	}
	return v;
}

/* One value as typed (text) or given (JSON), for field name of f. */
static void put_value(app *a, const form *f, json_t *out, const char *name, json_t *given, const char *text,
		      json_t *problems)
{
	const field *fd = strchr(name, '.') ? NULL : form_field(f, name);
	char *msg = NULL;
	char stamp[32];
	app_stamp(a, stamp);
	if (!fd) {
		char *m = xasprintf("no such field in form %s", f->kind);
		rec_add_problem(problems, name, m);
		free(m);
		return;
	}
	json_t *v;
	if ((text && !*text) || json_is_null(given))
		v = json_null();
	else if (text)
		v = value_parse(fd, text, stamp, &msg);
	else if (json_is_string(given) && fd->type != FT_TEXT && fd->type != FT_MULTILINE && fd->type != FT_GROUP)
		v = value_parse(fd, json_string_value(given), stamp, &msg);
	else
		v = json_deep_copy(given);
	if (v && !json_is_null(v))
		v = finish_value(a, fd, v, &msg);
	if (!v) {
		rec_add_problem(problems, name, msg ? msg : "invalid value");
		free(msg);
		return;
	}
	json_object_set_new(out, name, v);
}

json_t *rec_parse_assignments(app *a, const form *f, char *const *assign, size_t n, json_t *problems)
{
	json_t *out = json_object();
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(assign[i], '=');
		if (!eq || eq == assign[i]) {
			rec_add_problem(problems, assign[i], "expected name=value");
			continue;
		}
		char *name = xstrndup(assign[i], (size_t)(eq - assign[i]));
		if (!utf8_valid(name, strlen(name)))
			rec_add_problem(problems, name, "field name is not UTF-8 text");
		else if (eq[1] != '@' && !utf8_valid(eq + 1, strlen(eq + 1))) /* "@path": value_parse */
			rec_add_problem(problems, name, "value is not UTF-8 text");
		else
			put_value(a, f, out, name, NULL, eq + 1, problems);
		free(name);
	}
	return out;
}

json_t *rec_parse_json(app *a, const form *f, const json_t *given, json_t *problems)
{
	json_t *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)given, k, v) put_value(a, f, out, k, v, NULL, problems);
	return out;
}
