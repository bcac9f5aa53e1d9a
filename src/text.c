/*
 * text: display widths and the product's words. The width table follows
 * Unicode's East Asian Wide and Fullwidth ranges and the zero-width marks
 * that ncurses and tmux agree on (see shared notes on ncursesw and CJK);
 * it does not depend on the process locale.
 */
#include "text.h"
#include "form.h"
#include "util.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

int text_cp_width(uint32_t cp)
{
	static const uint32_t zero[][2] = {
		{0x0300, 0x036F}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},
		{0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xE0100, 0xE01EF},
	};
	static const uint32_t wide[][2] = {
		{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
		{0x2614, 0x2615}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
		{0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3},
		{0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60},
		{0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD},
		{0x30000, 0x3FFFD},
	};
	if (cp == 0)
		return 0;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	for (size_t i = 0; i < DW_ARRAY_LEN(zero); i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (size_t i = 0; i < DW_ARRAY_LEN(wide); i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

size_t text_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (len == 0 || !utf8_valid(str, strnlen(str, len)) || strnlen(str, len) < len) {
		*cp = 0xFFFD;
		return 1;
	}
	uint32_t c = len == 1 ? s[0] : len == 2 ? s[0] & 0x1F : len == 3 ? s[0] & 0x0F : s[0] & 0x07;
	for (size_t k = 1; k < len; k++)
		c = (c << 6) | (s[k] & 0x3F);
	*cp = c;
	return len;
}

char *text_fit_middle(const char *s, int cols)
{
	int total = text_width(s);
	if (total <= cols || cols < 3)
		return xstrdup(s);
	/* The head to a half of the room, the tail to the rest: both ends of
	 * a path say the most (where it is from, what the file is). */
	int head = (cols - 1) / 2, tail = cols - 1 - head, w = 0;
	strbuf b;
	sb_init(&b);
	const char *p = s;
	while (*p) {
		uint32_t cp;
		size_t n = text_decode(p, &cp);
		if (w + text_cp_width(cp) > head)
			break;
		w += text_cp_width(cp);
		sb_add(&b, p, n);
		p += n;
	}
	sb_puts(&b, "…");
	/* Skip until what remains fits in tail columns. */
	int rest = text_width(p);
	while (*p && rest > tail) {
		uint32_t cp;
		p += text_decode(p, &cp);
		rest -= text_cp_width(cp);
	}
	sb_puts(&b, p);
	return sb_take(&b);
}

char *text_filename(const char *name)
{
	size_t n = strlen(name);
	if (utf8_valid(name, n))
		return xstrdup(name);
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd != (iconv_t)-1) {
		/* GB18030 takes at most 4 bytes a character; UTF-8 at most 4 too. */
		size_t room = 4 * n + 1, left = room - 1, inleft = n;
		char *out = xmalloc(room), *in = (char *)name, *o = out;
		size_t r = iconv(cd, &in, &inleft, &o, &left);
		iconv_close(cd);
		*o = '\0';
		if (r != (size_t)-1 && !inleft && utf8_valid(out, (size_t)(o - out)))
			return out;
		free(out);
	}
	return text_escape(name, 0);
}

char *text_escape(const char *s, int keep_lines)
{
	strbuf b;
	sb_init(&b);
	while (*s) {
		uint32_t cp;
		size_t n = text_decode(s, &cp);
		int bad = cp == 0xFFFD && n == 1 && (unsigned char)*s >= 0x80;
		int control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
		if (keep_lines && (cp == '\n' || cp == '\t'))
			control = 0;
		if (bad || (control && n == 1))
			sb_printf(&b, "\\x%02x", (unsigned char)*s);
		else if (control)
			sb_printf(&b, "\\u%04x", (unsigned)cp);
		else
			sb_add(&b, s, n);
		s += n;
	}
	return sb_take(&b);
}

size_t text_encode(uint32_t c, char *out)
{
	if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		c = 0xFFFD;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

int text_width(const char *s)
{
	int w = 0;
	while (*s) {
		uint32_t cp;
		s += text_decode(s, &cp);
		w += text_cp_width(cp);
	}
	return w;
}

char *text_fit(const char *s, int cols, int pad)
{
	strbuf b;
	sb_init(&b);
	int w = 0, total = text_width(s);
	int room = total > cols ? cols - 1 : cols; /* keep a column for "…" */
	while (*s) {
		uint32_t cp;
		size_t n = text_decode(s, &cp);
		int cw = text_cp_width(cp);
		if (cp == '\n' || cp == '\t')
			cp = ' ', cw = 1;
		if (w + cw > room)
			break;
		if (cp == ' ' && (*s == '\n' || *s == '\t'))
			sb_putc(&b, ' ');
		else
			sb_add(&b, s, n);
		w += cw;
		s += n;
	}
	if (total > cols && cols > 0) {
		sb_puts(&b, "…");
		w++;
	}
	while (pad && w < cols) {
		sb_putc(&b, ' ');
		w++;
	}
	return sb_take(&b);
}

static const char *const statuses[][3] = {
	{"draft", "草稿", "draft"},         {"submitted", "已提交", "submitted"},
	{"approved", "已审核", "approved"}, {"returned", "已退回", "returned"},
	{"issued", "已下达", "issued"},     {"rectified", "已整改", "rectified"},
	{"overdue", "已逾期", "overdue"},   {"closed", "已关闭", "closed"},
	{"received", "已受理", "received"}, {"handling", "处理中", "handling"},
	{"replied", "已答复", "replied"},   {"active", "在册", "active"},
	{"void", "已作废", "void"},
};

static const char *word(const char *const (*table)[3], size_t n, const char *code, const char *lang)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(table[i][0], code))
			return table[i][str_eq(lang, "en") ? 2 : 1];
	return code ? code : "";
}

const char *text_status(const char *status, const char *lang)
{
	return word(statuses, DW_ARRAY_LEN(statuses), status, lang);
}

const char *text_kind(const char *kind, const char *lang)
{
	const char *noun = form_kind_noun(kind, str_eq(lang, "en") ? "en" : "zh");
	return noun ? noun : kind ? kind : "";
}
