/*
 * record_read: a record as others ask for it: its number, its QR payload,
 * the status to show (overdue derived), the record itself, an attachment's
 * file for a viewer; and the ends of a record's life outside the log:
 * discarding a draft, and the pending edit of a submitted record (saved,
 * read, discarded). See record.h.
 */
#include "payload.h"
#include "json_canonical.h"
#include "record.h"
#include "repo.h"
#include "station_settings.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rec_discard(app *a, const char *id)
{
	json_t *state = store_get_record(a->db, id);
	int rc = -1;
	if (!state)
		return -1;
	if (!str_eq(json_string_value(json_object_get(state, "status")), "draft")) {
		/* A submitted record's pending edit is discarded; the record stays. */
		rc = store_delete_pending_edit(a->db, id);
		if (rc == 0)
			err_set("%s is not a draft and has no pending edit: submitted records are voided, not discarded",
				id);
		rc = rc > 0 ? 0 : -1;
	} else {
		rc = store_delete_record(a->db, id);
	}
	json_decref(state);
	return rc;
}

char *rec_number(app *a, const char *id)
{
	json_t *state = store_get_record(a->db, id);
	const char *num = json_string_value(json_object_get(state, "number"));
	char *out = num && *num ? xstrdup(num) : NULL;
	json_decref(state);
	return out;
}

int rec_edit_save(app *a, const char *id, const json_t *changes)
{
	if (!json_object_size(changes))
		return store_delete_pending_edit(a->db, id) < 0 ? -1 : 0;
	char now[32], *text = json_canonical_dumps(changes);
	app_stamp(a, now);
	int rc = store_put_pending_edit(a->db, id, text, now);
	free(text);
	return rc;
}

json_t *rec_edit_pending(app *a, const char *id)
{
	char *text = NULL;
	if (store_pending_edit(a->db, id, &text) <= 0)
		return NULL;
	json_t *changes = json_loads(text, 0, NULL);
	free(text);
	if (changes && !json_is_object(changes))
		json_decref(changes), changes = NULL;
	return changes;
}

int rec_edit_discard(app *a, const char *id)
{
	return store_delete_pending_edit(a->db, id);
}

char *rec_payload(app *a, const json_t *state)
{
	const char *kind = json_string_value(json_object_get(state, "kind"));
	const char *id = json_string_value(json_object_get(state, "id"));
	char *base = station_setting(a, "base_url");
	char *out = NULL;
	if (str_eq(kind, "site")) {
		out = payload_site(a->station, id, base);
	} else if (str_eq(kind, "notice")) {
		json_t **ev = NULL;
		size_t n = 0;
		const char *seal = NULL, *number = json_string_value(json_object_get(state, "number"));
		const char *site = json_string_value(json_object_get(json_object_get(state, "fields"), "site"));
		if (store_record_events(a->db, id, &ev, &n) == 0)
			for (size_t i = 0; i < n && !seal; i++)
				if (str_eq(event_str(ev[i], "op"), "create"))
					seal = event_str(ev[i], "seal");
		if (!seal)
			err_set("notice %s carries no seal: it was not issued by this version of dustwatch", number);
		else
			out = payload_notice(a->station, number, site, seal, base);
		store_free_events(ev, n);
	} else {
		err_set("only sites and notices have QR codes, not a %s", kind ? kind : "?");
	}
	free(base);
	return out;
}

const char *rec_display_status(const form *f, const json_t *state, const char *today)
{
	const char *status = json_string_value(json_object_get(state, "status"));
	/* Open: an issued notice, a complaint not yet replied. */
	int open = str_eq(status, "issued") || str_eq(status, "received") || str_eq(status, "handling");
	if (f && f->due_field && open) {
		const char *due = json_string_value(json_object_get(json_object_get(state, "fields"), f->due_field));
		if (due && strcmp(due, today) < 0)
			return "overdue";
	}
	return status;
}

json_t *rec_get(app *a, const char *id)
{
	json_t *state = store_get_record(a->db, id);
	char today[16];
	if (!state)
		return NULL;
	app_today(a, today);
	const form *f = app_form_of(a, state);
	json_object_set_new(state, "display_status", json_string(rec_display_status(f, state, today)));
	return state;
}

char *rec_attachment_file(app *a, const char *hash)
{
	char *file = xasprintf("%s/blobs/%.2s/%s", a->home, hash, hash);
	if (access(file, F_OK) == 0)
		return file; /* not committed yet: its only copy */
	free(file);
	/* Committed: its only copy is in the repository. A viewer needs a
	 * file, so one is written under cache/, which app_open empties. */
	char *blob = store_attachment_blob(a->db, hash), *data = NULL, *dir = NULL;
	git_repository *r = NULL;
	git_oid id;
	size_t len = 0;
	if (!blob || git_oid_fromstr(&id, blob) < 0 || repo_open(&r, a->home) < 0 ||
	    repo_read_blob(r, &id, APP_ATTACHMENT_MAX_BYTES, &data, &len) < 0)
		goto out;
	dir = xasprintf("%s/cache", a->home);
	file = xasprintf("%s/%s", dir, hash);
	if (mkdir_p(dir, 0700) < 0 || write_file_atomic(file, data, len, 0600) < 0) {
		free(file);
		file = NULL;
	}
out:
	if (!blob)
		file = NULL;
	free(blob), free(data), free(dir);
	git_repository_free(r);
	return file;
}
