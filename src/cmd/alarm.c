/*
 * alarm: `dustwatch alarm [--format text|json]` and `dustwatch alarm
 * accept REF COMMIT`: the rewritten refs an import refused to follow,
 * and the way out once both histories are checked (sync.h).
 */
#include "cmd.h"
#include "sync.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char alarm_help[] =
	"Usage: dustwatch alarm [--format text|json]\n"
	"       dustwatch alarm accept REF COMMIT\n\n"
	"Lists the refs that stopped descending from what was imported of them\n"
	"(history rewritten: a tampered stick, say): what was imported, what is\n"
	"there now, where the histories part, and the event files imported from\n"
	"the old side that the new one lacks (they stay in the database). Nothing\n"
	"of such a ref is imported until it is accepted. Check both sides\n"
	"(git --git-dir=repo.git log REF), then 'accept' takes the new history\n"
	"from COMMIT, its tip now, as the alarm prints: the event files it adds\n"
	"since the histories part are imported and checked like any import's,\n"
	"and later syncs import on from there.\n";

typedef struct {
	const char *format, *sub, *ref, *commit;
} alarm_args;

static int alarm_parse(void *args, int argc, char **argv)
{
	alarm_args *x = args;
	x->format = "text";
	const cmd_option opts[] = {
		OPT_STRING("format", 0, &x->format, "FMT", "text or json"),
		OPT_END(),
	};
	int rc = cmd_options("alarm", alarm_help, opts, &argc, argv, 0);
	if (rc == CMD_RUN)
		rc = cmd_args("alarm", argc, argv, (const char **[]){&x->sub, &x->ref, &x->commit}, 3);
	if (rc == CMD_RUN && x->sub && (!str_eq(x->sub, "accept") || !x->commit))
		return usage_error("alarm", "expected 'accept REF COMMIT', or nothing to list the alarms");
	if (rc == CMD_RUN && !str_eq(x->format, "text") && !str_eq(x->format, "json"))
		return usage_error("alarm", "--format is text or json, not '%s'", x->format);
	return rc;
}

static const char *short_ref(const char *ref)
{
	return str_starts(ref, "refs/remotes/") ? ref + strlen("refs/remotes/") : ref;
}

void alarm_print(FILE *out, const sync_alarm *x)
{
	fprintf(out,
		"ALARM: %s was rewritten: imported up to %.12s, now at %.12s; %s%.12s (%zu commit%s only on the "
		"imported side, %zu only on the new; %zu event file%s imported here missing from the new). Nothing "
		"of it is imported. Check both, then: dustwatch alarm accept %s %s\n",
		short_ref(x->ref), x->imported, x->seen, *x->base ? "the histories part at " : "they share no history",
		x->base, x->only_imported, x->only_imported == 1 ? "" : "s", x->only_seen, x->files_missing,
		x->files_missing == 1 ? "" : "s", short_ref(x->ref), x->seen);
}

static int alarm_run(app *a, void *args)
{
	alarm_args *x = args;
	if (x->sub) {
		sync_stats st = {0};
		int rc = sync_accept(a, x->ref, x->commit, &st);
		if (rc < 0)
			fail("alarm accept: %s", err_msg());
		else
			printf("accepted %s from %.12s: received %zu, %zu quarantined%s\n", short_ref(x->ref), x->commit,
			       st.received, st.quarantined, st.quarantined ? " (dustwatch quarantine)" : "");
		sync_stats_free(&st);
		return rc < 0 ? 1 : 0;
	}
	sync_alarm *v = NULL;
	size_t n = 0;
	if (sync_alarms(a, &v, &n) < 0)
		return fail("alarm: %s", err_msg());
	if (str_eq(x->format, "json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{ss ss ss ss sI sI sI}", "ref", short_ref(v[i].ref),
							     "imported", v[i].imported, "seen", v[i].seen, "base",
							     v[i].base, "only_imported", (json_int_t)v[i].only_imported,
							     "only_seen", (json_int_t)v[i].only_seen, "files_missing",
							     (json_int_t)v[i].files_missing));
		json_dumpf(arr, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(arr);
	} else {
		for (size_t i = 0; i < n; i++)
			alarm_print(stdout, &v[i]);
	}
	sync_alarms_free(v, n);
	return 0;
}

const command_ops cmd_alarm = {sizeof(alarm_args), alarm_parse, alarm_run, NULL};
