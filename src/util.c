/*
 * util: allocation, string buffers, per-thread error text, UTF-8 checks,
 * file and time helpers. Nothing here knows about the product.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void oom(void)
{
	fputs("dustwatch: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		oom();
	va_end(ap);
	return p;
}

static _Thread_local char err_buf[16384];
static _Thread_local int err_last = DW_ERROR;

__attribute__((format(printf, 2, 0))) static int err_vset(int code, const char *fmt, va_list ap)
{
	vsnprintf(err_buf, sizeof err_buf, fmt, ap);
	err_last = code;
	return -1;
}

int err_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(DW_ERROR, fmt, ap);
	va_end(ap);
	return -1;
}

int err_set_code(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(code, fmt, ap);
	va_end(ap);
	return -1;
}

int err_code(void)
{
	return err_last;
}

/* Puts context in front of the current message: "while doing X: <old>". */
int err_prefix(const char *fmt, ...)
{
	char head[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	size_t hl = strlen(head), ol = strnlen(err_buf, sizeof err_buf - 1);
	if (hl + 2 + ol >= sizeof err_buf)
		ol = sizeof err_buf - hl - 3;
	memmove(err_buf + hl + 2, err_buf, ol);
	memcpy(err_buf, head, hl);
	memcpy(err_buf + hl, ": ", 2);
	err_buf[hl + 2 + ol] = 0;
	return -1;
}

const char *err_msg(void)
{
	return err_buf[0] ? err_buf : "unknown error";
}

int err_is_disk_full(const char *msg)
{
	return strstr(msg ? msg : err_buf, ERR_DISK_FULL) != NULL;
}

int errno_disk_full(int errnum)
{
	return errnum == ENOSPC || errnum == EDQUOT;
}

/* The message for a failed write: the path, and "disk is full" when it is. */
static int write_err(const char *path, int errnum)
{
	if (errno_disk_full(errnum))
		return err_set("%s: the %s (%s)", path, ERR_DISK_FULL, strerror(errnum));
	return err_set("%s: %s", path, strerror(errnum));
}

void sb_init(strbuf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

static void sb_grow(strbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void sb_add(strbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sb_puts(strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void sb_putc(strbuf *b, char c)
{
	sb_add(b, &c, 1);
}

void sb_printf(strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_free(strbuf *b)
{
	free(b->s);
	sb_init(b);
}

char *sb_take(strbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	sb_init(b);
	return s;
}

int utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned cp;
		if (c < 0x80) {
			/* Then a run of ASCII eight bytes at a time: an event is
			 * mostly ids and keys, and every one read is checked. */
			uint64_t w;
			for (i++; i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull)); i += 8)
				;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int read_file(const char *path, size_t max, char **out, size_t *outlen)
{
	/* O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever;
	 * only regular files are read (standard input may be a pipe). */
	int fd = str_eq(path, "-") ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return err_set("%s: %s", path, strerror(errno));
	strbuf b;
	sb_init(&b);
	struct stat st;
	if (fd != 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		err_set("%s: not a regular file", path);
		goto fail;
	}
	char chunk[65536];
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_set("%s: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		if (b.len + (size_t)r > max) {
			err_set("%s: larger than %zu bytes", str_eq(path, "-") ? "standard input" : path, max);
			goto fail;
		}
		sb_add(&b, chunk, (size_t)r);
	}
	if (fd != 0)
		close(fd);
	if (outlen)
		*outlen = b.len;
	*out = sb_take(&b);
	return 0;
fail:
	if (fd != 0)
		close(fd);
	sb_free(&b);
	return -1;
}

int write_file_atomic(const char *path, const void *data, size_t n, int mode)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	int rc = -1;
	if (fd < 0) {
		write_err(tmp, errno);
		goto out;
	}
	const char *p = data;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			write_err(tmp, errno);
			close(fd);
			unlink(tmp);
			goto out;
		}
		p += w, n -= (size_t)w;
	}
	if (fsync(fd) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
		write_err(path, errno);
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

int mkdir_p(const char *path, int mode)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			write_err(p, errno);
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = 0;
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		rc = write_err(p, errno);
	free(p);
	return rc;
}

/* Days from civil date, Howard Hinnant's algorithm: no timegm, no TZ. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

int parse_date(const char *s, int64_t *days)
{
	int y, m, d, n = 0;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return -1;
	if (s[4] != '-' || s[7] != '-' || y < 1900 || y > 2999 || m < 1 || m > 12 ||
	    d < 1 || d > days_in_month(y, m))
		return -1;
	if (days)
		*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

int parse_time(const char *s)
{
	int h, mi, n = 0;
	if (strlen(s) != 5 || sscanf(s, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
		return -1;
	return h >= 0 && h < 24 && mi >= 0 && mi < 60 ? 0 : -1;
}

int parse_datetime(const char *s)
{
	size_t n = strlen(s);
	if (n < 16 || (s[10] != 'T' && s[10] != ' '))
		return -1;
	char d[11], t[6];
	memcpy(d, s, 10), d[10] = 0;
	memcpy(t, s + 11, 5), t[5] = 0;
	if (parse_date(d, NULL) < 0 || parse_time(t) < 0)
		return -1;
	const char *rest = s + 16;
	if (rest[0] == ':') {
		if (!(rest[1] >= '0' && rest[1] <= '5' && rest[2] >= '0' && rest[2] <= '9'))
			return -1;
		rest += 3;
	}
	if (rest[0] == 'Z')
		rest++;
	return *rest ? -1 : 0;
}

int parse_datetime_ms(const char *s, int64_t *ms)
{
	int64_t days;
	char d[11];
	snprintf(d, sizeof d, "%.10s", s);
	if (parse_date(d, &days) < 0)
		return -1;
	int h = 0, mi = 0, sec = 0;
	if (strlen(s) >= 16)
		sscanf(s + 11, "%d:%d:%d", &h, &mi, &sec);
	*ms = (days * 86400 + h * 3600 + mi * 60 + sec) * 1000;
	return 0;
}

int64_t now_ms(void)
{
	const char *fake = getenv("DUSTWATCH_NOW");
	int64_t ms;
	if (fake && *fake && parse_datetime_ms(fake, &ms) == 0)
		return ms;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The calendar time of ms, in UTC or the local zone. */
static struct tm tm_of(int64_t ms, int local)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (local)
		localtime_r(&t, &tm);
	else
		gmtime_r(&t, &tm);
	return tm;
}

void fmt_datetime(int64_t ms, char *buf, size_t n)
{
	struct tm tm = tm_of(ms, 0);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void fmt_date(int64_t ms, char *buf, size_t n)
{
	struct tm tm = tm_of(ms, 0);
	strftime(buf, n, "%Y-%m-%d", &tm);
}

void fmt_local_date(int64_t ms, char *buf, size_t n)
{
	struct tm tm = tm_of(ms, 1);
	strftime(buf, n, "%Y-%m-%d", &tm);
}

void fmt_local_minute(int64_t ms, char *buf, size_t n)
{
	struct tm tm = tm_of(ms, 1);
	strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

int str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

int str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
