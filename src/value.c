/*
 * value: parsing, checking, relevance, scores and display of field values.
 * See value.h for the shapes.
 */
#include "value.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const compliance_zh[] = {"符合", "不符合", "不适用"};
static const char *const compliance_en[] = {"compliant", "non-compliant", "n/a"};
static const char *const compliance_codes[] = {"yes", "no", "na"};

static int is_decimal(const char *s)
{
	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == 0;
}

static int parse_gps(const char *s, double *lat, double *lon)
{
	char a[40], b[40];
	const char *comma = strchr(s, ',');
	if (!comma || (size_t)(comma - s) >= sizeof a || strlen(comma + 1) >= sizeof b)
		return -1;
	memcpy(a, s, (size_t)(comma - s));
	a[comma - s] = 0;
	snprintf(b, sizeof b, "%s", comma + 1);
	char *sa = a, *sb = b;
	while (*sb == ' ')
		sb++;
	if (!is_decimal(sa) || !is_decimal(sb))
		return -1;
	*lat = strtod(sa, NULL), *lon = strtod(sb, NULL);
	return fabs(*lat) <= 90 && fabs(*lon) <= 180 ? 0 : -1;
}

/* Attachments are "@a.jpg,@b.jpg": only a comma before "@" separates
 * them, as a path may hold commas. */
static json_t *parse_attachments(const char *text)
{
	json_t *arr = json_array();
	const char *s = text;
	while (*s) {
		const char *next = strstr(s + 1, ",@");
		size_t n = next ? (size_t)(next - s) : strlen(s);
		/* "@path" may not be UTF-8 (value_parse): it is replaced by the
		 * file's hash before anything is stored. */
		json_array_append_new(arr, s[0] == '@' ? json_stringn_nocheck(s, n) : json_stringn(s, n));
		s += n + (next ? 1 : 0);
	}
	return arr;
}

/* The option that text names: its code, or either of its labels (the
 * English one in any case): an inspector types what the screen shows. */
static const option *option_named(const field *fd, const char *text)
{
	const option *o = field_option(fd, text);
	for (size_t i = 0; !o && i < fd->n_options; i++)
		if (str_eq(fd->options[i].text.zh, text) || strcasecmp(fd->options[i].text.en, text) == 0)
			o = &fd->options[i];
	return o;
}

/* "'x' is not an option (one of: code 中文, …)": the way out, in the message. */
static char *not_an_option(const field *fd, const char *text)
{
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "'%s' is not an option (one of:", text ? text : "?");
	for (size_t i = 0; i < fd->n_options; i++)
		sb_printf(&b, "%s %s %s", i ? "," : "", fd->options[i].code, fd->options[i].text.zh);
	sb_putc(&b, ')');
	return sb_take(&b);
}

static json_t *parse_multi(const field *fd, const char *text, char **msg)
{
	json_t *arr = json_array();
	char *copy = xstrdup(text), *save = NULL;
	if (fd->type != FT_MULTI) {
		free(copy);
		json_decref(arr);
		return parse_attachments(text);
	}
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		while (*w == ' ')
			w++;
		const option *o = option_named(fd, w);
		if (!o) {
			*msg = not_an_option(fd, w);
			json_decref(arr);
			arr = NULL;
			break;
		}
		json_array_append_new(arr, json_string(o->code));
	}
	free(copy);
	return arr;
}

json_t *value_parse(const field *fd, const char *text, const char *now, char **msg)
{
	json_error_t je;
	*msg = NULL;
	if (strlen(text) > VALUE_MAX_BYTES) {
		*msg = xasprintf("value longer than %d bytes", VALUE_MAX_BYTES);
		return NULL;
	}
	/* An attachment's path is bytes, as the file system's: a name from a
	 * stick written on Windows is GBK. Only its content is kept. */
	int paths = (fd->type == FT_PHOTO || fd->type == FT_FILE) && text[0] == '@';
	if (!paths && !utf8_valid(text, strlen(text))) {
		*msg = xstrdup("value is not UTF-8 text");
		return NULL;
	}
	switch (fd->type) {
	case FT_INTEGER: {
		char *end;
		errno = 0;
		long long v = strtoll(text, &end, 10);
		if (end == text || *end) {
			*msg = xasprintf("'%s' is not a whole number", text);
			return NULL;
		}
		/* strtoll saturates at LLONG_MIN/MAX with ERANGE; neither is a value. */
		if (errno == ERANGE || v < -VALUE_MAX_INTEGER || v > VALUE_MAX_INTEGER) {
			if (fd->has_range)
				*msg = xasprintf("%s is outside %g..%g", text, fd->min, fd->max);
			else
				*msg = xasprintf("%s is outside -%lld..%lld", text, VALUE_MAX_INTEGER, VALUE_MAX_INTEGER);
			return NULL;
		}
		return json_integer(v);
	}
	case FT_MULTI:
	case FT_PHOTO:
	case FT_FILE:
		return *text ? parse_multi(fd, text, msg) : json_array();
	case FT_PERSON: {
		const char *comma = strchr(text, ',');
		json_t *p = json_object();
		json_object_set_new(p, "name", comma ? json_stringn(text, (size_t)(comma - text)) : json_string(text));
		if (comma)
			json_object_set_new(p, "phone", json_string(comma + 1));
		return p;
	}
	case FT_SIGNATURE:
		return json_pack("{ssss}", "name", text, "time", now);
	case FT_GROUP: {
		json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &je);
		if (!v)
			*msg = xasprintf("a group's value is a JSON array of objects: %s", je.text);
		return v;
	}
	case FT_SCORE:
		*msg = xstrdup("is computed and cannot be set");
		return NULL;
	case FT_CHOICE: {
		const option *o = option_named(fd, text);
		return json_string(o ? o->code : text); /* value_check says what is wrong */
	}
	default:
		return json_string(text);
	}
}

/* A date bound: a literal date, or days relative to today. */
static int64_t bound(const char *b, int64_t today)
{
	int64_t d;
	if (parse_date(b, &d) == 0)
		return d;
	return today + strtoll(b, NULL, 10);
}

static int date_in_range(const field *fd, const char *v, const char *today)
{
	int64_t d, t;
	if (parse_date(v, &d) < 0)
		return 0;
	if (!today || parse_date(today, &t) < 0)
		t = d; /* no "today": relative bounds are not checked */
	int lo_rel = parse_date(fd->range_lo, NULL) < 0, hi_rel = parse_date(fd->range_hi, NULL) < 0;
	if ((!lo_rel || today) && d < bound(fd->range_lo, t))
		return 0;
	if ((!hi_rel || today) && d > bound(fd->range_hi, t))
		return 0;
	return 1;
}

static char *check_string(const field *fd, const char *s)
{
	long n = (long)utf8_len(s);
	if (fd->has_length && (n < fd->minlen || n > fd->maxlen))
		return xasprintf("length %ld is outside %ld..%ld characters", n, fd->minlen, fd->maxlen);
	if (fd->pattern_re && regexec(fd->pattern_re, s, 0, NULL, 0) != 0)
		return xasprintf("'%s' does not match the pattern %s", s, fd->pattern);
	return NULL;
}

static char *check_array_of_strings(const json_t *v)
{
	size_t i;
	json_t *x;
	if (!json_is_array(v))
		return xstrdup("must be a list");
	json_array_foreach(v, i, x) if (!json_is_string(x)) return xstrdup("must be a list of texts");
	return NULL;
}

char *value_check(const field *fd, const json_t *v, const char *today)
{
	/* today NULL: bounds relative to today are not checked (see record.c). */
	const char *s = json_string_value(v);
	double lat, lon;
	size_t i;
	json_t *x;
	char *m;
	if (s && strlen(s) > VALUE_MAX_BYTES)
		return xasprintf("value longer than %d bytes", VALUE_MAX_BYTES);
	switch (fd->type) {
	case FT_TEXT:
	case FT_QR:
		if (!s)
			return xstrdup("must be text");
		if (strchr(s, '\n'))
			return xstrdup("must be one line");
		return check_string(fd, s);
	case FT_MULTILINE:
		return s ? check_string(fd, s) : xstrdup("must be text");
	case FT_INTEGER:
		if (!json_is_integer(v))
			return xstrdup("must be a whole number");
		if (fd->has_range && (json_integer_value(v) < fd->min || json_integer_value(v) > fd->max))
			return xasprintf("%lld is outside %g..%g", (long long)json_integer_value(v), fd->min, fd->max);
		return NULL;
	case FT_DECIMAL:
		if (!s || !is_decimal(s))
			return xstrdup("must be a number like 12.5");
		if (fd->has_range && (strtod(s, NULL) < fd->min || strtod(s, NULL) > fd->max))
			return xasprintf("%s is outside %g..%g", s, fd->min, fd->max);
		return NULL;
	case FT_DATE:
		if (!s || parse_date(s, NULL) < 0)
			return xstrdup("must be a date YYYY-MM-DD");
		if (fd->has_range && !date_in_range(fd, s, today))
			return xasprintf("%s is outside the allowed dates", s);
		return NULL;
	case FT_TIME:
		return s && parse_time(s) == 0 ? NULL : xstrdup("must be a time HH:MM");
	case FT_DATETIME:
		return s && parse_datetime(s) == 0 ? NULL : xstrdup("must be a date and time YYYY-MM-DDTHH:MM");
	case FT_CHOICE:
		return s && field_option(fd, s) ? NULL : not_an_option(fd, s);
	case FT_MULTI:
		if ((m = check_array_of_strings(v)))
			return m;
		json_array_foreach(v, i, x) if (!field_option(fd, json_string_value(x)))
			return not_an_option(fd, json_string_value(x));
		return NULL;
	case FT_COMPLIANCE:
		for (i = 0; i < 3; i++)
			if (str_eq(s, compliance_codes[i]))
				return NULL;
		return xstrdup("must be yes, no or na");
	case FT_YESNO:
		return str_eq(s, "yes") || str_eq(s, "no") ? NULL : xstrdup("must be yes or no");
	case FT_REF:
		return s && *s && strlen(s) <= 64 ? NULL : xstrdup("must name a record");
	case FT_PHOTO:
	case FT_FILE:
		if ((m = check_array_of_strings(v)))
			return m;
		json_array_foreach(v, i, x)
		{
			const char *h = json_string_value(x);
			if (strlen(h) != 64 || strspn(h, "0123456789abcdef") != 64)
				return xstrdup("must be attached files (SHA-256)");
		}
		return NULL;
	case FT_GPS:
		return s && parse_gps(s, &lat, &lon) == 0 ? NULL
							  : xstrdup("must be a position LAT,LON in decimal degrees");
	case FT_PERSON:
	case FT_SIGNATURE: {
		const char *name = json_string_value(json_object_get(v, "name"));
		if (!json_is_object(v) || !name || !*name)
			return xstrdup("must name a person");
		if (strchr(name, '\n'))
			return xstrdup("a name is one line");
		if (fd->type == FT_SIGNATURE) {
			const char *t = json_string_value(json_object_get(v, "time"));
			if (!t || parse_datetime(t) < 0)
				return xstrdup("a signature needs its time");
		}
		long n = (long)utf8_len(name);
		if (fd->has_length && (n < fd->minlen || n > fd->maxlen))
			return xasprintf("name length %ld is outside %ld..%ld characters", n, fd->minlen, fd->maxlen);
		/* A person's pattern is for the phone, which it then requires. */
		const char *phone = json_string_value(json_object_get(v, "phone"));
		if (fd->pattern_re && (!phone || regexec(fd->pattern_re, phone, 0, NULL, 0) != 0))
			return xasprintf("needs a phone number matching %s (NAME,PHONE)", fd->pattern);
		return NULL;
	}
	case FT_SCORE:
		return json_is_integer(v) ? NULL : xstrdup("must be a whole number");
	case FT_GROUP:
		return json_is_array(v) ? NULL : xstrdup("must be a list of entries");
	}
	return NULL;
}

int value_is_sealed(const json_t *v)
{
	return json_is_object(v) && json_object_size(v) == 1 && json_is_string(json_object_get(v, "sealed"));
}

char *value_display(const field *fd, const json_t *v, const char *lang)
{
	int en = str_eq(lang, "en");
	const char *s = json_string_value(v);
	strbuf b;
	size_t i;
	json_t *x;
	if (!v || json_is_null(v))
		return xstrdup("");
	if (value_is_sealed(v))
		return xstrdup(en ? "(sealed)" : "（已密封）");
	switch (fd ? fd->type : FT_TEXT) {
	case FT_CHOICE: {
		const option *o = field_option(fd, s);
		return xstrdup(o ? label_get(&o->text, lang) : s ? s : "");
	}
	case FT_COMPLIANCE:
		for (i = 0; i < 3; i++)
			if (str_eq(s, compliance_codes[i]))
				return xstrdup(en ? compliance_en[i] : compliance_zh[i]);
		break;
	case FT_YESNO:
		if (s)
			return xstrdup(str_eq(s, "yes") ? (en ? "yes" : "是") : (en ? "no" : "否"));
		break;
	case FT_MULTI:
	case FT_PHOTO:
	case FT_FILE:
		sb_init(&b);
		json_array_foreach(v, i, x)
		{
			const char *code = json_string_value(x);
			const option *o = fd->type == FT_MULTI ? field_option(fd, code) : NULL;
			if (i)
				sb_puts(&b, en ? ", " : "、");
			if (fd->type != FT_MULTI)
				sb_printf(&b, "%.12s", code ? code : "");
			else
				sb_puts(&b, o ? label_get(&o->text, lang) : code ? code : "");
		}
		return sb_take(&b);
	case FT_PERSON:
	case FT_SIGNATURE: {
		const char *name = json_string_value(json_object_get(v, "name"));
		const char *extra = json_string_value(json_object_get(v, fd->type == FT_PERSON ? "phone" : "time"));
		char local[32];
		int64_t ms;
		/* A signature's time is kept in UTC and shown in the local zone. */
		if (fd->type == FT_SIGNATURE && extra && parse_datetime(extra) == 0 && parse_datetime_ms(extra, &ms) == 0) {
			fmt_local_minute(ms, local, sizeof local);
			extra = local;
		}
		return extra ? xasprintf("%s (%s)", name ? name : "", extra) : xstrdup(name ? name : "");
	}
	case FT_DECIMAL:
		if (s && fd->unit)
			return xasprintf("%s %s", s, fd->unit);
		break;
	case FT_INTEGER:
		if (json_is_integer(v))
			return fd->unit ? xasprintf("%lld %s", (long long)json_integer_value(v), fd->unit)
					: xasprintf("%lld", (long long)json_integer_value(v));
		break;
	case FT_SCORE:
		if (json_is_integer(v))
			return xasprintf("%lld", (long long)json_integer_value(v));
		break;
	case FT_GROUP:
		return xasprintf(en ? "%zu entries" : "%zu 项", json_array_size(v));
	default:
		break;
	}
	if (s)
		return xstrdup(s);
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}
