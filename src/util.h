/*
 * util: the small things every subsystem needs. Allocation that never
 * returns NULL (running out of memory on a field laptop is not a state we
 * can recover from meaningfully), a growable string buffer, a per-thread
 * error message that functions below the commands set instead of printing,
 * UTF-8 checks and time helpers.
 */
#ifndef DW_UTIL_H
#define DW_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define DW_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Error messages: set by a failing function, read by whoever reports it.
 * The text is per thread and stays valid until the next err_set. Each
 * returns -1, for `return err_set(...)`. */
int err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *err_msg(void);
/* A full disk is an error with a recognisable message: where ENOSPC (or
 * EDQUOT), SQLITE_FULL or libgit2's "No space left" is met, the message
 * says ERR_DISK_FULL ("disk is full", as SQLite says it), so that the
 * commands and the UI can tell a person what is full and what to do, in
 * their language, however the message was prefixed or passed on. */
#define ERR_DISK_FULL "disk is full"
/* 1 when msg (NULL: the current error) is about a full disk. */
int err_is_disk_full(const char *msg);
/* 1 when errnum says the disk (or the quota) is full. */
int errno_disk_full(int errnum);

/* Error codes, as libgit2's: a failure a caller may expect and branch on
 * has its own code; anything else (a database or file error) is DW_ERROR.
 * err_set_code sets the message as err_set does, and err_code() returns
 * the code of the last error set on this thread (err_set: DW_ERROR;
 * err_prefix keeps the code it adds context to). */
enum {
	DW_OK = 0,
	DW_ERROR = -1,      /* not expected: the message says what failed */
	DW_ENOTFOUND = -3,  /* no such record (or other named thing) */
	DW_EAMBIGUOUS = -5, /* a prefix or number names more than one */
	DW_EINVALID = -12,  /* not a well-formed id, number or name */
};
int err_set_code(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int err_code(void);

/* A growable, always NUL-terminated byte buffer. */
typedef struct {
	char *s;
	size_t len, cap;
} strbuf;

void sb_init(strbuf *b);
void sb_add(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_putc(strbuf *b, char c);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(strbuf *b);
/* Hands the buffer's string to the caller, who frees it; b is reset. */
char *sb_take(strbuf *b);

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_len(const char *s);

/* Reads a whole file (or "-" for standard input) up to max bytes.
 * Returns 0 and a NUL-terminated buffer the caller frees, or -1. */
int read_file(const char *path, size_t max, char **out, size_t *outlen);
int write_file_atomic(const char *path, const void *data, size_t n, int mode);
int mkdir_p(const char *path, int mode);

/* Wall clock in milliseconds since the epoch. DUSTWATCH_NOW (an ISO date or
 * date-time, UTC) overrides it so tests and the demo can set "today". */
int64_t now_ms(void);
/* Formats ms as "YYYY-MM-DDTHH:MM:SSZ" / "YYYY-MM-DD" into buf (>= 32). */
void fmt_datetime(int64_t ms, char *buf, size_t n);
void fmt_date(int64_t ms, char *buf, size_t n);
/* Parses "YYYY-MM-DD" to days since the epoch; -1 on a bad date. */
/* The calendar date of ms in the local time zone: what "today" means to a
 * person (an inspector in Huaihua at 07:00 is not still on yesterday). */
void fmt_local_date(int64_t ms, char *buf, size_t n);
int parse_date(const char *s, int64_t *days);
/* "YYYY-MM-DD[THH:MM[:SS]][Z]", read as UTC, to ms since the epoch. */
int parse_datetime_ms(const char *s, int64_t *ms);
/* ms as "YYYY-MM-DD HH:MM" in the local time zone: a time as a person
 * in Huaihua reads it. */
void fmt_local_minute(int64_t ms, char *buf, size_t n);
int parse_time(const char *s);     /* "HH:MM", 0 if valid */
int parse_datetime(const char *s); /* "YYYY-MM-DDTHH:MM[:SS][Z]", 0 if valid */

int str_eq(const char *a, const char *b);
int str_starts(const char *s, const char *prefix);

#endif
