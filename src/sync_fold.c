/*
 * sync_fold: folding the records an import touched, once each, after
 * every branch (a sync's or a reindex's). A record that cannot be folded,
 * with no create event yet or a form version not known here, has its
 * events put back in the quarantine under the branch they came by, to be
 * retried when the rest arrives (tests/cmd/sync_order.sh).
 */
#include "record.h"
#include "sync_impl.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
	sync_ctx *c;
	char *why;
	size_t done, total; /* for the progress bar: the fold is much of a first sync */
} refolding;

/* An event of a record that cannot be folded goes back to the quarantine,
 * under the name it came by and the first of c->refs of its device. */
static int requarantine(void *payload, const store_event_row *row)
{
	refolding *f = payload;
	char blob[GIT_OID_HEXSZ + 1];
	size_t len = strlen(row->body);
	git_oid id;
	if (row->blob)
		snprintf(blob, sizeof blob, "%s", row->blob);
	else if (git_odb_hash(&id, row->body, len, GIT_OBJECT_BLOB) == 0)
		git_oid_tostr(blob, sizeof blob, &id);
	else
		return repo_err("hash");
	time_t t = (time_t)(row->hlc_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	char *path = xasprintf("devices/%s/%04d/%02d/%02d/%s", row->device, tm.tm_year + 1900, tm.tm_mon + 1,
			       tm.tm_mday, blob);
	const char *from = row->local ? "refs/heads/" : "refs/remotes/";
	char *ref = NULL;
	for (size_t i = 0; !ref && i < f->c->n_refs; i++)
		if (str_eq(sync_ref_device(f->c->refs[i]), row->device) && str_starts(f->c->refs[i], from))
			ref = xstrdup(f->c->refs[i]);
	if (!ref)
		ref = xasprintf("%sdevices/%s", row->local ? from : "refs/remotes/origin/", row->device);
	err_set("%s", f->why);
	int rc = sync_quarantine(f->c, blob, row->body, len, ref, path, 1);
	json_t *n = json_object_get(f->c->st->from, row->device);
	if (!row->local && json_integer_value(n) > 0) {
		f->c->st->received--;
		json_object_set_new(f->c->st->from, row->device, json_integer(json_integer_value(n) - 1));
	}
	free(path), free(ref);
	return rc;
}

static int fold_one(void *payload, const char *record, const char *kind)
{
	refolding *f = payload;
	f->done++;
	if (f->c->progress && (f->done % 64 == 0 || f->done == f->total))
		f->c->progress(f->c->payload, "fold", f->done, f->total);
	int rc = rec_refold(f->c->a, record, kind);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	/* No create event yet, or a form version not known here. */
	free(f->why);
	f->why = xstrdup(err_msg());
	return store_take_record_events(f->c->a->db, record, requarantine, f) < 0 ? -1 : 0;
}

int sync_fold_pending(sync_ctx *c)
{
	refolding f = {c, NULL, 0, 0};
	if (c->progress) {
		int64_t n = store_fold_pending_count(c->a->db);
		f.total = n > 0 ? (size_t)n : 0;
	}
	int rc = store_fold_pending(c->a->db, fold_one, &f) < 0 ? -1 : 0;
	free(f.why);
	return rc;
}

