/*
 * sync, reindex, remote, where, quarantine: the commands of sync through
 * git (src/sync.h). A progress bar on standard error when it is a terminal,
 * one summary line on standard output.
 */
#include "clock.h"
#include "cmd.h"
#include "describe.h"
#include "progress.h"
#include "sync.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Columns of a quarantined file's ref:path on a terminal line. */
#define QUARANTINE_SOURCE_COLS 72

static const char sync_help[] =
	"Usage: dustwatch sync [REMOTE | URL | PATH]\n\n"
	"Commits this device's new events to its branch in the data directory's git\n"
	"repository, fetches every device's branch from REMOTE (default: origin, the\n"
	"station), imports what is new, verifying every event, and pushes this\n"
	"device's branch. Events that fail verification are kept aside (see\n"
	"'dustwatch quarantine'). A push the station refuses is reported and the\n"
	"command still succeeds: nothing is lost, the next sync tries again.\n\n"
	"A URL (git://, ssh://, https://) or a path (a USB stick, /media/usb/HH.git)\n"
	"syncs with the remote that has that URL; if none has, it is added as a\n"
	"remote named after its last part (HH) and the command says so: later syncs\n"
	"can then use that name.\n";

static const char reindex_help[] =
	"Usage: dustwatch reindex\n\n"
	"Rebuilds the database's events and records from the git repository,\n"
	"verifying every event. Drafts and settings stay.\n";

static const char remote_help[] =
	"Usage: dustwatch remote [add NAME URL]\n\n"
	"Lists the remotes, or adds one. URL: ssh://host/path (Ed25519 key in\n"
	"keys/ssh_ed25519; pin the host key with git config -f repo.git/config\n"
	"dustwatch.hostkeysha256 HEX), https://DEVICE:PASSWORD@host/path (pin the\n"
	"station's certificate with git config -f repo.git/config\n"
	"dustwatch.certsha256 HEX), git://host/path, or a path (a USB stick; a\n"
	"bare repository is made there on first sync).\n"
	"The station is the remote that carries its key (origin, or any name).\n";

static const char where_help[] =
	"Usage: dustwatch where ID\n\n"
	"Says whether every change of a record is at the station, or some are only\n"
	"on this laptop; whether it was reviewed (approved or returned, by whom, on\n"
	"which device, when, with the comment); and warns (⚠) of changes written by a laptop whose clock was\n"
	"more than an hour behind the clocks it had seen.\n";

static const char quarantine_help[] =
	"Usage: dustwatch quarantine\n\n"
	"Lists the files that failed verification on import: where from and why.\n"
	"They are kept, never applied.\n";

typedef struct {
	int tty;
	const char *last;
	progress_clock clock;
} bar;

static void progress(void *payload, const char *stage, size_t done, size_t total)
{
	bar *b = payload;
	if (!b->tty || !total)
		return;
	int w = 30, fill = (int)(done * (size_t)w / total);
	char eta[48];
	progress_fmt_eta(progress_eta(&b->clock, stage, done, total), 0, eta, sizeof eta);
	/* Padded: a shorter line than the one before leaves no tail. */
	fprintf(stderr, "\r%-7s [%.*s%*s] %zu/%zu%-16s", stage, fill, "##############################", w - fill, "",
		done, total, eta);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
	b->last = stage;
}

typedef struct {
	const char *dev;
	json_int_t n;
} from_count;

/* Most events first, then by device code. */
static int cmp_from(const void *x, const void *y)
{
	const from_count *a = x, *b = y;
	return a->n != b->n ? (a->n < b->n ? 1 : -1) : strcmp(a->dev, b->dev);
}

/* Where the events came from: the devices that sent most, the rest as a
 * number (a first sync at a big station hears from thousands). */
static void print_from(const sync_stats *st)
{
	enum { SHOWN = 8 };
	size_t n = json_object_size(st->from), i = 0;
	const char *dev;
	json_t *v;
	if (!st->received || !n)
		return;
	from_count *c = xmalloc(n * sizeof *c);
	json_object_foreach(st->from, dev, v) c[i++] = (from_count){dev, json_integer_value(v)};
	qsort(c, n, sizeof *c, cmp_from);
	fputs(" from ", stdout);
	for (i = 0; i < n && i < SHOWN; i++)
		printf("%s%s (%lld)", i ? ", " : "", c[i].dev, (long long)c[i].n);
	if (n > SHOWN)
		printf(" and %zu more device%s", n - SHOWN, n - SHOWN == 1 ? "" : "s");
	free(c);
}

/* The devices whose clocks run fast, judged here (clock.h). */
static void print_clocks_ahead(const sync_stats *st)
{
	const char *dev;
	json_t *ms;
	json_object_foreach(st->clocks_ahead, dev, ms)
	{
		char span[32];
		clock_span(json_integer_value(ms), "en", span, sizeof span);
		fprintf(stderr,
			"dustwatch: device %s's clock is %s ahead of the others': the dates of what it writes are wrong "
			"(its holder should set the date)\n",
			dev, span);
	}
}

/* Each alarm on standard error, with the command that accepts it. */
static void print_alarms(app *a)
{
	sync_alarm *v = NULL;
	size_t n = 0;
	if (sync_alarms(a, &v, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		fputs("dustwatch: ", stderr);
		alarm_print(stderr, &v[i]);
	}
	sync_alarms_free(v, n);
}

typedef struct {
	const char *name; /* sync: the remote; where: the record */
} sync_args;

/* sync, reindex, quarantine: no options; sync takes a REMOTE. */
static int no_options(const char *cmd, const char *help, int argc, char **argv, const char **arg)
{
	const cmd_option none[] = {OPT_END()};
	int rc = cmd_options(cmd, help, none, &argc, argv, 0);
	if (rc == CMD_RUN)
		rc = cmd_args(cmd, argc, argv, (const char **[]){arg}, arg ? 1 : 0);
	return rc;
}

static int sync_parse(void *args, int argc, char **argv)
{
	sync_args *x = args;
	int rc = no_options("sync", sync_help, argc, argv, &x->name);
	if (rc == CMD_RUN)
		app_plan_load(1);
	return rc;
}

static int sync_cmd_run(app *a, void *args)
{
	sync_args *x = args;
	char *resolved = NULL, *added = NULL;
	if (x->name && sync_remote_resolve(a, x->name, &resolved, &added) < 0) {
		fail("sync: %s", err_msg());
		return 1;
	}
	const char *remote = resolved;
	if (added)
		printf("added remote '%s' for %s (dustwatch remote)\n", resolved, added);
	sync_stats st = {0};
	bar b = {.tty = isatty(2)};
	int rc = sync_run(a, remote, &st, progress, &b);
	if (rc < 0) {
		fail("sync: %s (nothing is lost: everything stays queued for the next sync)", err_msg());
	} else {
		if (st.learned_station)
			printf("station key learned: %s (check it with the station admin)\n", st.learned_station);
		if (st.seal_learned)
			printf("personal data key received: complainants' names and phones are readable here\n");
		printf("sync %s: sent %zu, received %zu", remote ? remote : "origin", st.sent, st.received);
		print_from(&st);
		if (st.quarantined)
			printf("; %zu quarantined (dustwatch quarantine)", st.quarantined);
		if (st.alarms)
			printf("; ALARM: %zu refs rewritten, not imported (dustwatch alarm)", st.alarms);
		putchar('\n');
		if (st.alarms)
			print_alarms(a);
		if (st.clock_behind_ms)
			fprintf(stderr, "dustwatch: this laptop's clock is %lld minutes behind the station's: set the date\n",
				(long long)(st.clock_behind_ms / 60000));
		if (st.station_note)
			fprintf(stderr, "dustwatch: the station notes: %s\n", st.station_note);
		print_clocks_ahead(&st);
		if (st.pushed < 0)
			fprintf(stderr, "dustwatch: push refused, events kept for the next sync: %s\n",
				st.push_message ? st.push_message : "?");
	}
	sync_stats_free(&st);
	free(resolved), free(added);
	return rc < 0 ? 1 : 0;
}

const command_ops cmd_sync = {sizeof(sync_args), sync_parse, sync_cmd_run, NULL};

static int reindex_parse(void *args, int argc, char **argv)
{
	(void)args;
	int rc = no_options("reindex", reindex_help, argc, argv, NULL);
	if (rc == CMD_RUN)
		app_plan_load(0);
	return rc;
}

static int reindex_run(app *a, void *args)
{
	(void)args;
	sync_stats st = {0};
	bar b = {.tty = isatty(2)};
	int rc = sync_reindex(a, &st, progress, &b);
	if (rc < 0)
		fail("reindex: %s (the database is as it was)", err_msg());
	else {
		printf("reindexed %lld events; verified %zu files (%zu by their commits' signed manifests)",
		       (long long)store_count_events(a->db), st.signed_alone + st.vouched, st.vouched);
		if (st.quarantined)
			printf("; %zu quarantined (dustwatch quarantine)", st.quarantined);
		putchar('\n');
	}
	sync_stats_free(&st);
	return rc < 0 ? 1 : 0;
}

const command_ops cmd_reindex = {0, reindex_parse, reindex_run, NULL};

static int print_remote(void *payload, const char *name, const char *url)
{
	(void)payload;
	printf("%s\t%s\n", name, url);
	return 0;
}

typedef struct {
	const char *name, *url; /* add NAME URL; NULL: list */
} remote_args;

static int remote_parse(void *args, int argc, char **argv)
{
	remote_args *x = args;
	const cmd_option none[] = {OPT_END()};
	int rc = cmd_options("remote", remote_help, none, &argc, argv, OPT_KEEP_UNKNOWN | OPT_STOP_AT_ARG);
	if (rc != CMD_RUN)
		return rc;
	if (argc != 1 && !(argc == 4 && str_eq(argv[1], "add")))
		return usage_error("remote", "expected nothing, or add NAME URL");
	if (argc == 4)
		x->name = argv[2], x->url = argv[3];
	return CMD_RUN;
}

static int remote_run(app *a, void *args)
{
	remote_args *x = args;
	int rc = x->name ? sync_remote_add(a, x->name, x->url) : sync_remotes(a, print_remote, NULL);
	if (rc < 0)
		fail("%s", err_msg());
	return rc < 0 ? 1 : 0;
}

const command_ops cmd_remote = {sizeof(remote_args), remote_parse, remote_run, NULL};

/* where's second line: the record's changes written by a laptop whose
 * clock was more than an hour behind (events with "clock_skew_ms"). */
static void clock_warning(app *a, const char *id)
{
	json_t **ev = NULL;
	size_t n = 0, skewed = 0;
	json_int_t most = 0;
	if (store_record_events(a->db, id, &ev, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		json_int_t ms = json_integer_value(json_object_get(ev[i], "clock_skew_ms"));
		if (ms > 0)
			skewed++, most = ms > most ? ms : most;
	}
	if (skewed)
		printf("⚠ %zu of %zu changes written with a clock up to %lld min off: check their dates "
		       "(dustwatch history)\n",
		       skewed, n, (long long)(most / 60000));
	store_free_events(ev, n);
}

static int where_parse(void *args, int argc, char **argv)
{
	sync_args *x = args;
	const cmd_option none[] = {OPT_END()};
	int rc = cmd_options("where", where_help, none, &argc, argv, OPT_KEEP_UNKNOWN);
	if (rc != CMD_RUN)
		return rc;
	if (argc != 2)
		return usage_error("where", "expected one record");
	x->name = argv[1];
	return CMD_RUN;
}

static int where_run(app *a, void *args)
{
	sync_args *x = args;
	char *id = resolve_or_fail(a, NULL, x->name);
	int rc = id ? store_record_local_only(a->db, id) : -1;
	if (rc < 0 && id)
		fail("%s", err_msg());
	else if (rc >= 0) {
		puts(rc ? "only on this laptop" : "at the station");
		json_t *st = store_get_record(a->db, id);
		char *review = st ? describe_review(st, "en") : NULL;
		if (review)
			puts(review);
		free(review);
		json_decref(st);
		clock_warning(a, id);
	}
	free(id);
	return rc < 0 ? 1 : 0;
}

const command_ops cmd_where = {sizeof(sync_args), where_parse, where_run, NULL};

/* The source (ref:path) and the reason came from outside: escaped, and on
 * a terminal a path too long for a line is shortened in the middle (the
 * whole of it stays in the database and in piped output). */
static int print_quarantined(void *payload, const store_quarantine_row *row)
{
	int on_terminal = *(int *)payload;
	char *src = text_escape(row->source, 0), *why = text_escape(row->reason, 0);
	if (on_terminal) {
		char *cut = text_fit_middle(src, QUARANTINE_SOURCE_COLS);
		free(src);
		src = cut;
	}
	printf("%s\t%s\t%s\t%s\n", row->added, src, why, row->retry ? "waiting" : "refused");
	free(src), free(why);
	return 0;
}

static int quarantine_parse(void *args, int argc, char **argv)
{
	(void)args;
	return no_options("quarantine", quarantine_help, argc, argv, NULL);
}

static int quarantine_run(app *a, void *args)
{
	(void)args;
	int on_terminal = isatty(1);
	int rc = store_quarantined(a->db, 0, print_quarantined, &on_terminal);
	if (rc < 0)
		fail("%s", err_msg());
	return rc < 0 ? 1 : 0;
}

const command_ops cmd_quarantine = {0, quarantine_parse, quarantine_run, NULL};
