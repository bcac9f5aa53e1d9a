/*
 * cmd: the sub-commands. Each lives in src/cmd/NAME.c as
 * `int cmd_NAME(int argc, char **argv)` returning the exit status; each
 * answers --help. Commands are thin: they read arguments, call record,
 * store or form functions, and print. Helpers shared by the commands are
 * here too.
 */
#ifndef DW_CMD_H
#define DW_CMD_H

#include "app.h"
#include <jansson.h>
#include <stdio.h>

#define EXIT_USAGE 2

typedef struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

extern const command commands[];

int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_submit(int argc, char **argv);
int cmd_step(int argc, char **argv);
int cmd_void(int argc, char **argv);
int cmd_discard(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_forms(int argc, char **argv);
int cmd_conflicts(int argc, char **argv);
int cmd_overview(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_qr(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_print(int argc, char **argv);
int cmd_config(int argc, char **argv);
/* sync.c and station.c: sync through git */
int cmd_sync(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_remote(int argc, char **argv);
int cmd_where(int argc, char **argv);
int cmd_quarantine(int argc, char **argv);
int cmd_station(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_enroll(int argc, char **argv);
int cmd_tui(int argc, char **argv);
/* The hidden test-* commands (test.c), not in the command table. */
int cmd_test(int argc, char **argv);
/* report.c: the station's reports, and `export ledger` */
int cmd_report(int argc, char **argv);
int cmd_export_ledger(int argc, char **argv);
/* import.c: sites and inspectors from a station's CSV lists */
int cmd_import(int argc, char **argv);

/* Prints "dustwatch: <msg>" on standard error; returns 1 for `return`. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error and the hint to run --help; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when argv[i] is -h or --help. */
int is_help(const char *arg);
/* Prints a help text to standard output; returns 0. */
int show_help(const char *text);

/* Opens the data directory; on failure prints why and returns -1. */
int open_app(app *a);
/* The language for output: --lang, else LANG/LC_ALL (zh_* is Chinese). */
const char *output_lang(const char *flag);

/* Reports the database rows the last listing skipped because they make no
 * sense (store_take_unreadable), one line each on standard error; returns
 * how many, for the exit status. */
int report_unreadable(app *a);

/* Reports validation problems, one line each, on standard error. */
void print_problems(const json_t *problems);

/* Resolves ID (id, prefix or number) or prints why; caller frees. */
char *resolve_or_fail(app *a, const char *ref);

/* Long options: matches "--name VALUE" or "--name=VALUE" at argv[*i],
 * advancing *i; returns the value, or NULL when argv[*i] is another
 * option. A matching option with no value sets *bad and returns "". */
const char *opt_value(int argc, char **argv, int *i, const char *name, int *bad);

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
