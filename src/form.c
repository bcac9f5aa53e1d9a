/*
 * form: parses the line-oriented form format (doc/dustwatch-forms.5) into
 * the model of form.h. Directives start at column 0, attributes are
 * indented under the last directive. Every problem is collected, not just
 * the first, so a station admin fixes a form in one pass; each message is
 * "file:line: text".
 */
#include "form.h"
#include "form_impl.h"
#include "embedded.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shipped kinds: one per forms/KIND.form compiled in, in the order
 * and with the noun their headers give, read from the texts' header
 * lines once per process without parsing the forms (the parser itself
 * asks form_kind_known). Kept until the process ends. */
typedef struct {
	char *kind;
	label noun;
	int order;
} shipped_kind;

static shipped_kind *shipped;
static const char **shipped_list; /* the kinds, NULL-terminated */
static size_t n_shipped;
static pthread_once_t shipped_once = PTHREAD_ONCE_INIT;

/* The argument of the header line "key ARG" in text (len bytes), or NULL
 * (a new string). */
static char *header_arg(const char *text, size_t len, const char *key)
{
	size_t k = strlen(key);
	for (const char *line = text, *end = text + len; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		if (n > k && strncmp(line, key, k) == 0 && line[k] == ' ') {
			while (n > k && (line[n - 1] == ' ' || line[n - 1] == '\r'))
				n--;
			return xstrndup(line + k + 1, n - k - 1);
		}
		line += n + 1;
	}
	return NULL;
}

static int by_order(const void *x, const void *y)
{
	const shipped_kind *a = x, *b = y;
	return a->order != b->order ? (a->order > b->order) - (a->order < b->order) : strcmp(a->kind, b->kind);
}

static void scan_shipped(void)
{
	for (const struct embedded *e = embedded_forms; e->name; e++)
		n_shipped++;
	shipped = xcalloc(n_shipped + 1, sizeof *shipped);
	shipped_list = xcalloc(n_shipped + 1, sizeof *shipped_list);
	for (size_t i = 0; i < n_shipped; i++) {
		const struct embedded *e = &embedded_forms[i];
		shipped_kind *s = &shipped[i];
		char *order = header_arg(e->data, e->len, "order"), *noun = header_arg(e->data, e->len, "noun");
		char *bar = noun ? strstr(noun, " | ") : NULL;
		s->kind = xstrndup(e->name, strcspn(e->name, "."));
		s->order = order ? atoi(order) : 0;
		if (s->order <= 0)
			s->order = 1001; /* no order: after those that have one */
		if (bar) {
			s->noun.zh = xstrndup(noun, (size_t)(bar - noun));
			s->noun.en = xstrdup(bar + 3);
		}
		free(order), free(noun);
	}
	qsort(shipped, n_shipped, sizeof *shipped, by_order);
	for (size_t i = 0; i < n_shipped; i++)
		shipped_list[i] = shipped[i].kind;
}

const char *const *form_kind_list(void)
{
	pthread_once(&shipped_once, scan_shipped);
	return shipped_list;
}

static const shipped_kind *shipped_kind_of(const char *kind)
{
	pthread_once(&shipped_once, scan_shipped);
	for (size_t i = 0; kind && i < n_shipped; i++)
		if (str_eq(kind, shipped[i].kind))
			return &shipped[i];
	return NULL;
}

int form_kind_known(const char *kind)
{
	return shipped_kind_of(kind) != NULL;
}

const char *form_kind_noun(const char *kind, const char *lang)
{
	const shipped_kind *s = shipped_kind_of(kind);
	return s && s->noun.zh ? label_get(&s->noun, lang) : NULL;
}

static const char *const type_names[] = {
	[FT_TEXT] = "text", [FT_MULTILINE] = "multiline", [FT_INTEGER] = "integer",
	[FT_DECIMAL] = "decimal", [FT_DATE] = "date", [FT_TIME] = "time",
	[FT_DATETIME] = "datetime", [FT_CHOICE] = "choice", [FT_MULTI] = "multi",
	[FT_COMPLIANCE] = "compliance", [FT_YESNO] = "yesno", [FT_REF] = "ref",
	[FT_PHOTO] = "photo", [FT_FILE] = "file", [FT_GPS] = "gps", [FT_PERSON] = "person",
	[FT_SIGNATURE] = "signature", [FT_QR] = "qr", [FT_SCORE] = "score", [FT_GROUP] = "group",
};

static const char *const life_names[] = {
	[LC_REVIEW] = "review", [LC_NOTICE] = "notice", [LC_COMPLAINT] = "complaint",
	[LC_REGISTRY] = "registry",
};

const char *field_type_name(field_type t)
{
	return type_names[t];
}

const char *lifecycle_name(lifecycle l)
{
	return life_names[l];
}

const char *label_get(const label *l, const char *lang)
{
	if (str_eq(lang, "en"))
		return l->en && *l->en ? l->en : (l->zh ? l->zh : "");
	return l->zh && *l->zh ? l->zh : (l->en ? l->en : "");
}

const option *field_option(const field *fd, const char *code)
{
	for (size_t i = 0; i < fd->n_options; i++)
		if (str_eq(fd->options[i].code, code))
			return &fd->options[i];
	return NULL;
}

/* Parser state: the form being built, where we are, and what went wrong. */
typedef struct {
	form *f;
	form_errors e;
	int line;
	unsigned seen; /* header directives already given */
	unsigned attrs; /* single attributes already given to the field declared at attrs_line */
	int attrs_line;
	enum { IN_HEADER, IN_BODY, IN_SECTION, IN_FIELD, IN_GROUP, IN_MEMBER } where;
	char *cur_section;
	int in_group;
	int have_body;
} parser;

__attribute__((format(printf, 2, 3))) static void perr(parser *p, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	form_error(&p->e, p->line, "%s", msg);
}

static int valid_name(const char *s)
{
	if (!islower((unsigned char)s[0]))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

/* Splits "ZH | EN" into a label. */
static int parse_label(parser *p, const char *arg, label *out)
{
	const char *bar = strstr(arg, " | ");
	if (!bar) {
		perr(p, "label needs 'Chinese | English', got '%s'", arg);
		return -1;
	}
	char *zh = xstrndup(arg, (size_t)(bar - arg));
	char *en = xstrdup(bar + 3);
	if (!*zh || !*en) {
		perr(p, "label needs both a Chinese and an English text");
		free(zh), free(en);
		return -1;
	}
	free(out->zh), free(out->en);
	out->zh = zh, out->en = en;
	return 0;
}

static int parse_long(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

static int parse_num(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static field *cur_field(parser *p)
{
	form *f = p->f;
	if (p->where == IN_FIELD)
		return &f->fields[f->n_fields - 1];
	if (p->where == IN_MEMBER) {
		field *g = &f->fields[f->n_fields - 1];
		return &g->members[g->n_members - 1];
	}
	if (p->where == IN_GROUP)
		return &f->fields[f->n_fields - 1];
	return NULL;
}

static int parse_type(parser *p, field *fd, char *rest)
{
	char *arg = strchr(rest, ' ');
	if (arg)
		*arg++ = 0;
	for (size_t t = 0; t < DW_ARRAY_LEN(type_names); t++) {
		if (t == FT_GROUP || !str_eq(rest, type_names[t]))
			continue;
		fd->type = (field_type)t;
		if (t == FT_REF) {
			if (!arg || !form_kind_known(arg)) {
				perr(p, "ref needs a known kind to refer to, got '%s'", arg ? arg : "");
				return -1;
			}
			fd->ref_kind = xstrdup(arg);
		} else if (arg) {
			perr(p, "type '%s' takes no argument", rest);
			return -1;
		}
		return 0;
	}
	perr(p, "unknown field type '%s'", rest);
	return -1;
}

static void add_field(parser *p, char *rest, int member)
{
	form *f = p->f;
	char *type = strchr(rest, ' ');
	if (type) {
		*type++ = 0;
		while (*type == ' ')
			type++;
	}
	if (!valid_name(rest)) {
		perr(p, "field name '%s' must be lowercase letters, digits and _", rest);
		return;
	}
	if (!type || !*type) {
		perr(p, "field '%s' needs a type", rest);
		return;
	}
	field fd = {0};
	fd.name = xstrdup(rest);
	fd.line = p->line;
	fd.section = p->cur_section ? xstrdup(p->cur_section) : NULL;
	if (parse_type(p, &fd, type) < 0) {
		free(fd.name), free(fd.section);
		return;
	}
	if (member) {
		field *g = &f->fields[f->n_fields - 1];
		for (size_t i = 0; i < g->n_members; i++)
			if (str_eq(g->members[i].name, fd.name))
				perr(p, "field '%s.%s' is declared twice", g->name, fd.name);
		g->members = xrealloc(g->members, (g->n_members + 1) * sizeof *g->members);
		g->members[g->n_members++] = fd;
		p->where = IN_MEMBER;
	} else {
		if (form_field(f, fd.name))
			perr(p, "field '%s' is declared twice", fd.name);
		f->fields = xrealloc(f->fields, (f->n_fields + 1) * sizeof *f->fields);
		f->fields[f->n_fields++] = fd;
		p->where = IN_FIELD;
	}
}

static void add_option(parser *p, field *fd, char *arg)
{
	if (fd->type != FT_CHOICE && fd->type != FT_MULTI) {
		perr(p, "option is for choice and multi fields, not %s", type_names[fd->type]);
		return;
	}
	char *sp = strchr(arg, ' ');
	if (!sp) {
		perr(p, "option needs 'CODE 中文 | English'");
		return;
	}
	*sp++ = 0;
	if (!valid_name(arg)) {
		perr(p, "option code '%s' must be lowercase letters, digits and _", arg);
		return;
	}
	if (field_option(fd, arg)) {
		perr(p, "option '%s' is declared twice", arg);
		return;
	}
	option o = {.code = xstrdup(arg)};
	char *eq = strstr(sp, " = ");
	if (eq) {
		long n = 0;
		*eq = 0;
		if (parse_long(eq + 3, &n) < 0 || n < 0 || n > 1000)
			perr(p, "option score must be a whole number 0..1000, got '%s'", eq + 3);
		o.score = (int)n;
	}
	if (parse_label(p, sp, &o.text) < 0) {
		free(o.code);
		return;
	}
	fd->options = xrealloc(fd->options, (fd->n_options + 1) * sizeof *fd->options);
	fd->options[fd->n_options++] = o;
}

static void parse_relevant(parser *p, field *fd, char *arg)
{
	char *a = arg, *op;
	if ((op = strstr(a, " != "))) {
		fd->rel = REL_NE, *op = 0, op += 4;
	} else if ((op = strstr(a, " = "))) {
		fd->rel = REL_EQ, *op = 0, op += 3;
	} else if ((op = strstr(a, " in "))) {
		fd->rel = REL_IN, *op = 0, op += 4;
	} else if ((op = strstr(a, " set")) && op[4] == 0) {
		fd->rel = REL_SET, *op = 0, op = NULL;
	} else {
		perr(p, "relevant needs 'FIELD = VALUE', 'FIELD != VALUE', 'FIELD in A,B' or 'FIELD set'");
		return;
	}
	fd->rel_field = xstrdup(a);
	fd->rel_value = op ? xstrdup(op) : NULL;
}

/* Attributes a field has at most one of: a second one is an error rather
 * than a silent replacement (the station meant one of them). */
static const char *const single_attrs[] = {"label", "hint", "required", "significant", "range", "length",
					   "pattern", "unit", "score", "relevant", "default", "min", "max", "private"};

static int attr_again(parser *p, const field *fd, const char *key)
{
	/* Counted per field, not per run of attribute lines: a directive
	 * between two (a misspelt 'field', a header line) leaves the field
	 * current, and its attributes must not be given again. */
	if (fd->line != p->attrs_line)
		p->attrs = 0, p->attrs_line = fd->line;
	for (unsigned i = 0; i < DW_ARRAY_LEN(single_attrs); i++)
		if (str_eq(key, single_attrs[i])) {
			if (p->attrs & (1u << i)) {
				perr(p, "'%s' is given more than once for field '%s'", key, fd->name);
				return 1;
			}
			p->attrs |= 1u << i;
		}
	return 0;
}

/* Days from today that a relative date bound may name: a century. */
#define DATE_BOUND_DAYS 36500

static int date_bound_ok(const char *b)
{
	long days;
	return parse_date(b, NULL) == 0 || (parse_long(b, &days) == 0 && labs(days) <= DATE_BOUND_DAYS);
}

static void field_attr(parser *p, field *fd, const char *key, char *arg)
{
	long a, b;
	if (attr_again(p, fd, key))
		return;
	if (str_eq(key, "label")) {
		parse_label(p, arg, &fd->label);
	} else if (str_eq(key, "hint")) {
		parse_label(p, arg, &fd->hint);
	} else if (str_eq(key, "required") || str_eq(key, "significant") || str_eq(key, "private")) {
		if (*arg)
			perr(p, "'%s' takes no argument", key);
		*(str_eq(key, "required") ? &fd->required : str_eq(key, "private") ? &fd->private : &fd->significant) = 1;
	} else if (str_eq(key, "range")) {
		char lo[64], hi[64];
		if (sscanf(arg, "%63s %63s", lo, hi) != 2) {
			perr(p, "range needs MIN MAX");
			return;
		}
		fd->has_range = 1;
		if (fd->type == FT_DATE) {
			/* Each bound is a date or a day count relative to today. */
			if (!date_bound_ok(lo) || !date_bound_ok(hi))
				perr(p, "a date range bound is YYYY-MM-DD or whole days from today within %d (-30, +0), got '%s'",
				     DATE_BOUND_DAYS, arg);
			fd->range_lo = xstrdup(lo), fd->range_hi = xstrdup(hi);
		} else if (parse_num(lo, &fd->min) < 0 || parse_num(hi, &fd->max) < 0 || fd->min > fd->max) {
			perr(p, "range '%s' is not two numbers MIN <= MAX", arg);
		} else if (fd->type != FT_INTEGER && fd->type != FT_DECIMAL) {
			perr(p, "range is for integer, decimal and date fields");
		}
	} else if (str_eq(key, "length")) {
		char *sp = strchr(arg, ' ');
		if (!sp || (*sp = 0, parse_long(arg, &a) < 0) || parse_long(sp + 1, &b) < 0 || a < 0 || a > b)
			perr(p, "length needs MIN MAX, whole numbers with MIN <= MAX");
		else
			fd->has_length = 1, fd->minlen = a, fd->maxlen = b;
	} else if (str_eq(key, "pattern")) {
		regex_t *re = xmalloc(sizeof *re);
		char *anchored = xasprintf("^(%s)$", arg);
		if (regcomp(re, anchored, REG_EXTENDED | REG_NOSUB) != 0) {
			perr(p, "pattern '%s' is not a valid regular expression", arg);
			free(re);
		} else {
			fd->pattern = xstrdup(arg);
			fd->pattern_re = re;
		}
		free(anchored);
	} else if (str_eq(key, "unit")) {
		fd->unit = xstrdup(arg);
	} else if (str_eq(key, "option")) {
		add_option(p, fd, arg);
	} else if (str_eq(key, "score")) {
		if (fd->type != FT_COMPLIANCE)
			perr(p, "score is for compliance fields (choice options carry '= N')");
		else if (parse_long(arg, &a) < 0 || a < 0 || a > 1000)
			perr(p, "score must be a whole number 0..1000");
		else
			fd->score = (int)a;
	} else if (str_eq(key, "relevant")) {
		parse_relevant(p, fd, arg);
	} else if (str_eq(key, "default")) {
		fd->def = xstrdup(arg);
	} else if (str_eq(key, "min") || str_eq(key, "max")) {
		if (fd->type != FT_GROUP)
			perr(p, "%s is for groups (use range for numbers)", key);
		else if (parse_long(arg, &a) < 0 || a < 0)
			perr(p, "%s needs a whole number", key);
		else
			*(str_eq(key, "min") ? &fd->min_items : &fd->max_items) = a;
	} else {
		perr(p, "unknown attribute '%s'", key);
	}
}

static void header(parser *p, const char *key, char *arg)
{
	static const char *const once[] = {"version", "title", "numbered", "lifecycle", "site",
					   "date", "due", "summary", "order", "noun"};
	form *f = p->f;
	long n;
	for (unsigned i = 0; i < DW_ARRAY_LEN(once); i++)
		if (str_eq(key, once[i])) {
			if (p->seen & (1u << i))
				perr(p, "'%s' is given more than once", key);
			p->seen |= 1u << i;
		}
	if (p->have_body) {
		perr(p, "'%s' belongs in the header, before any section or field", key);
	} else if (str_eq(key, "version")) {
		if (parse_long(arg, &n) < 0 || n < 1 || n > 100000)
			perr(p, "version must be a whole number >= 1, got '%s'", arg);
		else
			f->version = (int)n;
	} else if (str_eq(key, "title")) {
		parse_label(p, arg, &f->title);
	} else if (str_eq(key, "noun")) {
		parse_label(p, arg, &f->noun);
	} else if (str_eq(key, "order")) {
		if (parse_long(arg, &n) < 0 || n < 1 || n > 1000)
			perr(p, "order must be a whole number from 1 to 1000, got '%s'", arg);
		else
			f->order = (int)n;
	} else if (str_eq(key, "numbered")) {
		f->numbered = 1;
		f->numbered_line = p->line;
	} else if (str_eq(key, "lifecycle")) {
		f->life_line = p->line;
		for (size_t i = 0; i < DW_ARRAY_LEN(life_names); i++)
			if (str_eq(arg, life_names[i])) {
				f->life = (lifecycle)i;
				return;
			}
		perr(p, "unknown lifecycle '%s' (review, notice, complaint, registry)", arg);
	} else if (str_eq(key, "site") || str_eq(key, "date") || str_eq(key, "due")) {
		char **slot = str_eq(key, "site") ? &f->site_field : str_eq(key, "date") ? &f->date_field : &f->due_field;
		*(str_eq(key, "site") ? &f->site_line : str_eq(key, "date") ? &f->date_line : &f->due_line) = p->line;
		free(*slot);
		*slot = xstrdup(arg);
	} else if (str_eq(key, "summary")) {
		f->summary_line = p->line;
		for (char *save, *w = strtok_r(arg, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			f->summary = xrealloc(f->summary, (f->n_summary + 1) * sizeof *f->summary);
			f->summary[f->n_summary++] = xstrdup(w);
		}
	}
}

static void directive(parser *p, char *key, char *arg)
{
	form *f = p->f;
	if (p->where == IN_HEADER && !f->kind && !str_eq(key, "form")) {
		perr(p, "a form starts with 'form KIND'");
		f->kind = xstrdup("?");
	}
	if (str_eq(key, "form")) {
		if (f->kind)
			perr(p, "'form' may appear only once");
		else if (!form_kind_known(arg))
			perr(p, "unknown kind '%s'", arg), f->kind = xstrdup("?");
		else
			f->kind = xstrdup(arg);
	} else if (str_eq(key, "section")) {
		if (p->in_group)
			perr(p, "section inside group (close it with 'end')");
		if (!valid_name(arg)) {
			perr(p, "section name '%s' must be lowercase letters, digits and _", arg);
			return;
		}
		p->have_body = 1;
		f->sections = xrealloc(f->sections, (f->n_sections + 1) * sizeof *f->sections);
		f->sections[f->n_sections++] = (section){.name = xstrdup(arg)};
		free(p->cur_section);
		p->cur_section = xstrdup(arg);
		p->where = IN_SECTION;
	} else if (str_eq(key, "field")) {
		p->have_body = 1;
		add_field(p, arg, p->in_group);
	} else if (str_eq(key, "group")) {
		p->have_body = 1;
		if (p->in_group) {
			perr(p, "groups do not nest");
			return;
		}
		if (!valid_name(arg)) {
			perr(p, "group name '%s' must be lowercase letters, digits and _", arg);
			return;
		}
		if (form_field(f, arg))
			perr(p, "field '%s' is declared twice", arg);
		field g = {.name = xstrdup(arg), .type = FT_GROUP, .line = p->line, .max_items = 100};
		g.section = p->cur_section ? xstrdup(p->cur_section) : NULL;
		f->fields = xrealloc(f->fields, (f->n_fields + 1) * sizeof *f->fields);
		f->fields[f->n_fields++] = g;
		p->in_group = 1;
		p->where = IN_GROUP;
	} else if (str_eq(key, "end")) {
		if (!p->in_group)
			perr(p, "'end' without 'group'");
		p->in_group = 0;
		p->where = IN_BODY;
	} else {
		header(p, key, arg);
		if (!str_eq(key, "version") && !str_eq(key, "title") && !str_eq(key, "numbered") &&
		    !str_eq(key, "lifecycle") && !str_eq(key, "site") && !str_eq(key, "date") &&
		    !str_eq(key, "due") && !str_eq(key, "summary") && !str_eq(key, "order") && !str_eq(key, "noun"))
			perr(p, "unknown directive '%s'", key);
	}
}

form *form_parse(const char *path, const char *text, size_t len)
{
	parser p = {.e = {.path = path}};
	p.f = xcalloc(1, sizeof *p.f);
	sb_init(&p.e.errs);
	if (!utf8_valid(text, len) || memchr(text, 0, len)) {
		p.line = 1;
		perr(&p, "not UTF-8 text");
		goto done;
	}
	/* Forms are edited on Windows too: a UTF-8 byte-order mark is not text. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;
	char *copy = xstrndup(text, len);
	char *save = NULL;
	p.line = 0;
	/* strtok_r would skip empty lines and miscount; walk by hand. */
	for (char *ln = copy; ln; ln = save) {
		save = strchr(ln, '\n');
		if (save)
			*save++ = 0;
		p.line++;
		size_t n = strlen(ln);
		while (n && (ln[n - 1] == '\r' || ln[n - 1] == ' ' || ln[n - 1] == '\t'))
			ln[--n] = 0;
		int indented = ln[0] == ' ' || ln[0] == '\t';
		char *s = ln;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		char *arg = s;
		while (*arg && *arg != ' ' && *arg != '\t')
			arg++;
		if (*arg)
			*arg++ = 0;
		while (*arg == ' ' || *arg == '\t')
			arg++;
		if (!indented) {
			directive(&p, s, arg);
		} else if (p.where == IN_SECTION && str_eq(s, "label")) {
			parse_label(&p, arg, &p.f->sections[p.f->n_sections - 1].label);
		} else if (cur_field(&p)) {
			field_attr(&p, cur_field(&p), s, arg);
		} else {
			perr(&p, "attribute '%s' outside a section or field", s);
		}
	}
	free(copy);
	if (p.in_group)
		perr(&p, "group not closed with 'end' before the end of the file");
	form_check(p.f, &p.e);
done:
	if (p.e.n_errs) {
		if (p.e.n_errs > 200)
			sb_printf(&p.e.errs, "\n%s: %d more problems", path, p.e.n_errs - 200);
		err_set("%s", p.e.errs.s);
		sb_free(&p.e.errs);
		free(p.cur_section);
		form_free(p.f);
		return NULL;
	}
	sb_free(&p.e.errs);
	free(p.cur_section);
	p.f->path = xstrdup(path);
	p.f->source = xstrndup(text, len);
	return p.f;
}

static void label_free(label *l)
{
	free(l->zh), free(l->en);
}

static void field_free(field *fd)
{
	free(fd->name), free(fd->ref_kind), free(fd->section);
	label_free(&fd->label), label_free(&fd->hint);
	free(fd->range_lo), free(fd->range_hi), free(fd->pattern), free(fd->unit);
	if (fd->pattern_re) {
		regfree(fd->pattern_re);
		free(fd->pattern_re);
	}
	for (size_t i = 0; i < fd->n_options; i++) {
		free(fd->options[i].code);
		label_free(&fd->options[i].text);
	}
	free(fd->options);
	free(fd->rel_field), free(fd->rel_value), free(fd->def);
	for (size_t i = 0; i < fd->n_members; i++)
		field_free(&fd->members[i]);
	free(fd->members);
}

void form_free(form *f)
{
	if (!f)
		return;
	free(f->kind);
	label_free(&f->title);
	label_free(&f->noun);
	free(f->site_field), free(f->date_field), free(f->due_field);
	for (size_t i = 0; i < f->n_summary; i++)
		free(f->summary[i]);
	free(f->summary);
	for (size_t i = 0; i < f->n_sections; i++) {
		free(f->sections[i].name);
		label_free(&f->sections[i].label);
	}
	free(f->sections);
	for (size_t i = 0; i < f->n_fields; i++)
		field_free(&f->fields[i]);
	free(f->fields);
	free(f->path), free(f->source);
	free(f);
}

char *form_normalized(const char *text)
{
	strbuf b;
	sb_init(&b);
	if (str_starts(text, "\xEF\xBB\xBF"))
		text += 3;
	while (*text) {
		const char *end = strchr(text, '\n');
		size_t n = end ? (size_t)(end - text) : strlen(text);
		size_t k = n;
		while (k && (text[k - 1] == ' ' || text[k - 1] == '\t' || text[k - 1] == '\r'))
			k--;
		size_t lead = strspn(text, " \t");
		/* Where the kind comes and what a record is called change
		 * nothing in how records read: the versions before them are
		 * the same form. */
		int display = !lead && (strncmp(text, "order ", 6) == 0 || strncmp(text, "noun ", 5) == 0);
		if (lead < k && text[lead] != '#' && !display) {
			sb_add(&b, text, k);
			sb_putc(&b, '\n');
		}
		text += n + (end ? 1 : 0);
	}
	return sb_take(&b);
}

const field *form_field(const form *f, const char *name)
{
	const char *dot = strchr(name, '.');
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		if (!dot && str_eq(fd->name, name))
			return fd;
		if (dot && fd->type == FT_GROUP && strlen(fd->name) == (size_t)(dot - name) &&
		    strncmp(fd->name, name, (size_t)(dot - name)) == 0)
			for (size_t k = 0; k < fd->n_members; k++)
				if (str_eq(fd->members[k].name, dot + 1))
					return &fd->members[k];
	}
	return NULL;
}
