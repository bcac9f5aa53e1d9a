/*
 * cmd: the sub-commands. Each lives in src/cmd/NAME.c as a command_ops
 * `cmd_NAME`, in two steps: parse reads the command line (its options
 * from a table, options.h) and refuses what it cannot take before anything
 * is opened; run does the work. main opens the data directory between the
 * two for the commands that need one (CMD_NEEDS_APP), once. Commands are
 * thin: they read arguments, call record, store or form functions, and
 * print. Helpers shared by the commands are here too.
 */
#ifndef DW_CMD_H
#define DW_CMD_H

#include "app.h"
#include "cmd/options.h"
#include "sync.h"
#include <jansson.h>
#include <stdio.h>

#define EXIT_USAGE 2

/* parse's answer when the command is to run. */
#define CMD_RUN (-1)

/* What a command needs before it runs. */
enum {
	CMD_NEEDS_APP = 1 << 0, /* the data directory, opened by main and passed to run */
};

/* A command's two steps. parse gets args (args_size bytes, zeroed) and the
 * command line, argv[0] the name it was called by; it returns CMD_RUN to
 * go on, or the exit status when it is done (0 after its help, EXIT_USAGE
 * after a usage error). run gets args and, when the command's flags have
 * CMD_NEEDS_APP, the open data directory (else NULL: it opens nothing, or
 * what it makes itself); it returns the exit status. done, if set, frees
 * what parse put in args, whether run ran or not. */
typedef struct {
	size_t args_size;
	int (*parse)(void *args, int argc, char **argv);
	int (*run)(app *a, void *args);
	void (*done)(void *args);
} command_ops;

/* main's table of commands: the name, what the command needs, its steps,
 * and the line `dustwatch --help` shows. */
typedef struct {
	const char *name;
	unsigned flags;
	const command_ops *ops;
	const char *summary;
} command;

extern const command commands[];

extern const command_ops cmd_init, cmd_demo, cmd_new, cmd_set, cmd_submit, cmd_step, cmd_void, cmd_discard,
	cmd_list, cmd_review, cmd_show, cmd_history, cmd_export, cmd_forms, cmd_conflicts, cmd_overview, cmd_dump, cmd_qr,
	cmd_scan, cmd_print, cmd_config, cmd_tui;
/* sync.c and station.c: sync through git */
extern const command_ops cmd_sync, cmd_reindex, cmd_remote, cmd_where, cmd_quarantine, cmd_station, cmd_verify,
	cmd_key, cmd_enroll, cmd_revoke, cmd_admit, cmd_alarm;
/* alarm.c: one alarm, told with the command that accepts it. */
void alarm_print(FILE *out, const sync_alarm *x);
/* report.c and import.c: the station's reports, and lists in */
extern const command_ops cmd_report, cmd_import;
/* export ledger (report.c): the dynamic supervision ledger in format
 * (xlsx, csv, json) to out as of date (NULL: today); the exit status. */
int export_ledger(app *a, const char *format, const char *out, const char *date, const char *lang);

/* Parses a command's options with opts (opt_parse), the arguments left in
 * argv[1..*argc). Returns CMD_RUN to go on; 0 after printing help (and,
 * after it, the options of opts) for -h or --help; EXIT_USAGE after a
 * usage error of cmd. */
int cmd_options(const char *cmd, const char *help, const cmd_option *opts, int *argc, char **argv, unsigned flags);

/* The arguments of a command that takes up to n, from what cmd_options
 * left in argv[1..argc): *out[k] gets the k-th. Returns CMD_RUN, or
 * EXIT_USAGE after saying "unexpected 'X'" of one too many or of one that
 * starts with - (standard input is no argument here). */
int cmd_args(const char *cmd, int argc, char **argv, const char **out[], int n);

/* The hidden test-* commands (test.c), not in the command table. */
int cmd_test(int argc, char **argv);
/* main.c: the command of the table named name (NULL: none), and running
 * one as argv[0] (parse, the data directory when it needs one, run). */
const command *cmd_find(const char *name);
int cmd_run(const command *c, int argc, char **argv);

/* Prints "dustwatch: <msg>" on standard error; returns 1 for `return`. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error and the hint to run --help; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Opens the data directory; on failure prints why and returns -1. */
int open_app(app *a);
/* Sets the locale from the environment, or C.UTF-8 (en_US.UTF-8) when
 * that is missing or not UTF-8 (locale.c); the language stays LANG's
 * (output_lang). When no UTF-8 locale can be set it says so on standard
 * error, once, and returns -1; locale_problem() then gives that message. */
int locale_init(void);
const char *locale_problem(void);
/* The language for output: --lang, else LANG/LC_ALL (zh_* is Chinese). */
const char *output_lang(const char *flag);

/* Reports the database rows the last listing skipped because they make no
 * sense (store_take_unreadable), one line each on standard error; returns
 * how many, for the exit status. */
int report_unreadable(app *a);

/* Reports validation problems, one line each, on standard error. */
void print_problems(const json_t *problems);

/* Resolves ref (a number, an id or its prefix; with kind, also the name of
 * a record of that kind: a site's, an inspector's) or prints why; caller
 * frees. */
char *resolve_or_fail(app *a, const char *kind, const char *ref);

/* The words of new and set: the first (the kind, the id), FIELD=VALUE words
 * and --set values in the order given (assign, n, sized for argc), and -
 * for --json - . field_words_set takes a --set, field_words_word a word
 * (OPT_CALLBACK and OPT_ARGS of options.h); field_words_free frees assign
 * of a command's args that start with a field_words. */
typedef struct {
	const char *first, *json_path;
	char **assign;
	size_t n;
} field_words;
int field_words_set(const cmd_option *o, const char *arg, void *payload);
int field_words_word(const cmd_option *o, const char *arg, void *payload);
void field_words_free(void *args);

/* Reads the fields of a command line (FIELD=VALUE words, --set) and of
 * --json FILE (or - for standard input) as values of form f. Returns a
 * new object, or NULL after printing every problem. */
json_t *read_fields(app *a, const form *f, char **assign, size_t n, const char *json_path);

/* Writes s as a CSV cell (quoted where needed). */
void csv_cell(FILE *out, const char *s);

/* The "full" JSON of a record for list/show/export: id, number, kind,
 * status, site, fields, and more. New reference. */
json_t *record_json(app *a, const json_t *state);

#endif
