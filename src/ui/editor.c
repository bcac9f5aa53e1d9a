/*
 * editor: the text field widget's state and drawing (see editor.h). The
 * text is wchar_t (one element per code point: wchar_t is UTF-32 on every
 * platform we build for), the cursor a character index. Every width comes
 * from text_cp_width, never wcwidth, so that what the editor thinks a line
 * takes is what the list and the terminal module think too, whatever the
 * process locale. Conversion to and from UTF-8 is done here by hand for
 * the same reason (mbstowcs depends on the locale).
 *
 * Everything but editor_draw is pure state, so tests/unit/test_editor.c
 * runs it without a terminal.
 *
 * Up and Down in a multi-line field move by the wrapped row a person sees,
 * keeping the display column (two columns per Chinese character), at the
 * width it was last drawn in (editor_set_width); before it is drawn, by
 * logical lines (between '\n').
 */
#include "ui/editor.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Columns a character takes on screen. Control characters (a tab pasted
 * into old data) are drawn as one space, so they count as one column. */
static int cw(wchar_t c)
{
	if (c == L'\n')
		return 0;
	if ((uint32_t)c < 0x20 || c == 0x7F)
		return 1;
	return text_cp_width((uint32_t)c);
}

static void reserve(editor *e, size_t n)
{
	if (n + 1 <= e->cap)
		return;
	size_t cap = e->cap ? e->cap : 32;
	while (cap < n + 1)
		cap *= 2;
	e->text = xrealloc(e->text, cap * sizeof *e->text);
	e->cap = cap;
}

void editor_set(editor *e, const char *utf8)
{
	const char *s = utf8 ? utf8 : "";
	e->len = 0;
	reserve(e, strlen(s)); /* never more code points than bytes */
	while (*s) {
		uint32_t cp;
		s += text_decode(s, &cp);
		e->text[e->len++] = (wchar_t)cp;
	}
	e->text[e->len] = 0;
	e->cursor = e->len;
	e->scroll = 0;
}

void editor_init(editor *e, const char *utf8, int multiline, size_t max_chars)
{
	memset(e, 0, sizeof *e);
	e->multiline = multiline;
	e->max_chars = max_chars;
	editor_set(e, utf8);
}

void editor_free(editor *e)
{
	free(e->text);
	e->text = NULL;
	e->len = e->cap = e->cursor = 0;
}

/* Characters [from, to) as UTF-8; control characters other than '\n'
 * become spaces when for_screen. New string. */
static char *utf8_range(const editor *e, size_t from, size_t to, int for_screen)
{
	char *out = xmalloc((to - from) * 4 + 1), *p = out;
	for (size_t i = from; i < to; i++) {
		uint32_t c = (uint32_t)e->text[i];
		if (for_screen && (c < 0x20 || c == 0x7F))
			c = ' ';
		p += text_encode(c, p);
	}
	*p = 0;
	return out;
}

char *editor_text(const editor *e)
{
	return utf8_range(e, 0, e->len, 0);
}

static size_t line_start(const editor *e, size_t i)
{
	while (i > 0 && e->text[i - 1] != L'\n')
		i--;
	return i;
}

static size_t line_end(const editor *e, size_t i)
{
	while (i < e->len && e->text[i] != L'\n')
		i++;
	return i;
}

static int cols_between(const editor *e, size_t from, size_t to)
{
	int w = 0;
	for (size_t i = from; i < to; i++)
		w += cw(e->text[i]);
	return w;
}

int editor_cursor_col(const editor *e)
{
	return cols_between(e, line_start(e, e->cursor), e->cursor);
}

/* Zero-width characters (combining marks, joiners) belong to the one
 * before them: the cursor steps over them. */
static int joins(const editor *e, size_t i)
{
	return i < e->len && e->text[i] != L'\n' && cw(e->text[i]) == 0;
}

static int insert(editor *e, wchar_t c)
{
	if (e->max_chars && e->len >= e->max_chars)
		return 1; /* refused: a full field keeps what it has */
	reserve(e, e->len + 1);
	memmove(e->text + e->cursor + 1, e->text + e->cursor, (e->len - e->cursor + 1) * sizeof *e->text);
	e->text[e->cursor++] = c;
	e->len++;
	e->changed = 1;
	return 1;
}

static void delete_at(editor *e, size_t i)
{
	memmove(e->text + i, e->text + i + 1, (e->len - i) * sizeof *e->text);
	e->len--;
	e->changed = 1;
}

/* The index in the line starting at start whose column is the last one
 * not past col. */
static size_t at_col(const editor *e, size_t start, int col)
{
	size_t i = start, end = line_end(e, start);
	int w = 0;
	while (i < end && w + cw(e->text[i]) <= col) {
		w += cw(e->text[i++]);
		while (joins(e, i))
			i++;
	}
	return i;
}

static int vertical_wrapped(editor *e, int down);

static int vertical(editor *e, int down)
{
	if (e->multiline && e->wrap_width > 0)
		return vertical_wrapped(e, down);
	size_t start = line_start(e, e->cursor);
	int col = cols_between(e, start, e->cursor);
	if (!e->multiline)
		return 0;
	if (down) {
		size_t end = line_end(e, e->cursor);
		if (end == e->len)
			return 0; /* the last line: the owner may move on */
		e->cursor = at_col(e, end + 1, col);
	} else {
		if (start == 0)
			return 0;
		e->cursor = at_col(e, line_start(e, start - 1), col);
	}
	return 1;
}

int editor_key(editor *e, const term_key *k)
{
	if (e->prefilled) {
		e->prefilled = 0;
		if (k->kind == K_CHAR && (k->wch == L'/' || k->wch == L'~')) {
			editor_set(e, "");
			e->changed = 1;
		}
	}
	if (k->kind == K_CHAR) {
		wchar_t c = k->wch;
		if (c == L'\n' || c == L'\r')
			return e->multiline ? insert(e, L'\n') : 0;
		if ((uint32_t)c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF) || (uint32_t)c > 0x10FFFF)
			return 0;
		return insert(e, c);
	}
	if (k->kind != K_KEY)
		return 0;
	switch (k->key) {
	case TK_LEFT:
		while (e->cursor > 0 && joins(e, --e->cursor))
			;
		return 1;
	case TK_RIGHT:
		if (e->cursor < e->len)
			e->cursor++;
		while (joins(e, e->cursor))
			e->cursor++;
		return 1;
	case TK_HOME:
		e->cursor = line_start(e, e->cursor);
		return 1;
	case TK_END:
		e->cursor = line_end(e, e->cursor);
		return 1;
	case TK_UP:
		return vertical(e, 0);
	case TK_DOWN:
		return vertical(e, 1);
	case TK_BACKSPACE:
		if (e->cursor > 0)
			delete_at(e, --e->cursor);
		return 1;
	case TK_DELETE:
		if (e->cursor < e->len)
			delete_at(e, e->cursor);
		return 1;
	case TK_KILL_LINE: {
		size_t from = line_start(e, e->cursor);
		while (e->cursor > from)
			delete_at(e, --e->cursor);
		return 1;
	}
	case TK_ENTER:
		return e->multiline ? insert(e, L'\n') : 0;
	default:
		return 0;
	}
}

/* The cursor: the terminal's, and the cell under it drawn reversed, so
 * that it shows even when the frame moves the terminal cursor later on
 * (and on terminals that hide it). The whole character under it is
 * redrawn from its first column, never half of one. */
static void show_cursor(const editor *e, int y, int x)
{
	char buf[8] = " ";
	if (e->cursor < e->len && e->text[e->cursor] != L'\n' && cw(e->text[e->cursor]) > 0) {
		uint32_t c = (uint32_t)e->text[e->cursor];
		buf[text_encode(c < 0x20 || c == 0x7F ? ' ' : c, buf)] = 0;
	}
	term_put(y, x, text_width(buf), buf, T_SELECTED);
	term_cursor(y, x, 1);
}

/* The first character boundary at or after column col of the one line
 * (single-line fields). */
static int boundary_at_or_after(const editor *e, int col)
{
	int w = 0;
	for (size_t i = 0; i < e->len && w < col; i++)
		w += cw(e->text[i]);
	return w;
}

static void draw_one_line(editor *e, int y, int x, int width, int focused, term_style style)
{
	int cc = editor_cursor_col(e), total = cols_between(e, 0, e->len);
	/* Keep the cursor's cell inside the box, and no more hidden on the left
	 * than needed; scroll stays on a character boundary. */
	if (e->scroll > cc)
		e->scroll = cc;
	if (e->scroll < cc - (width - 1))
		e->scroll = boundary_at_or_after(e, cc - (width - 1));
	if (e->scroll > total + 1 - width)
		e->scroll = boundary_at_or_after(e, total + 1 - width > 0 ? total + 1 - width : 0);
	if (e->scroll < 0)
		e->scroll = 0;
	size_t i = 0, from;
	int w = 0;
	while (i < e->len && w < e->scroll)
		w += cw(e->text[i++]);
	while (joins(e, i))
		i++;
	from = i;
	w = 0;
	while (i < e->len && w + cw(e->text[i]) <= width) /* whole characters only */
		w += cw(e->text[i++]);
	while (joins(e, i))
		i++;
	char *s = utf8_range(e, from, i, 1);
	term_text(y, x, width, s, style);
	free(s);
	if (focused)
		show_cursor(e, y, x + cc - e->scroll);
}

/* A wrapped row of a multi-line text: characters [from, to). */
typedef struct {
	size_t from, to;
} row;

/* Splits the text into rows of at most width columns. Returns how many;
 * *rows is a new array. The cursor's row and column go to *crow, *ccol. */
static size_t wrap(const editor *e, int width, row **rows, int *crow, int *ccol)
{
	size_t n = 0, cap = 16, i = 0;
	row *r = xmalloc(cap * sizeof *r);
	*crow = -1;
	for (;;) {
		size_t start = i;
		int w = 0;
		while (i < e->len && e->text[i] != L'\n' && (w + cw(e->text[i]) <= width || i == start)) {
			if (i == e->cursor)
				*crow = (int)n, *ccol = w;
			w += cw(e->text[i++]);
		}
		if (n == cap)
			r = xrealloc(r, (cap *= 2) * sizeof *r);
		r[n++] = (row){start, i};
		/* A cursor where the row broke for width begins the next row; at
		 * the end of a full line it gets a row of its own. */
		if (i == e->cursor && *crow < 0 && (i == e->len || e->text[i] == L'\n')) {
			if (w < width) {
				*crow = (int)n - 1, *ccol = w;
			} else {
				if (n == cap)
					r = xrealloc(r, (cap *= 2) * sizeof *r);
				r[n++] = (row){i, i};
				*crow = (int)n - 1, *ccol = 0;
			}
		}
		if (i >= e->len)
			break;
		if (e->text[i] == L'\n') {
			i++;
			if (i == e->len) { /* an empty last line after a newline */
				if (n == cap)
					r = xrealloc(r, (cap *= 2) * sizeof *r);
				r[n++] = (row){i, i};
				if (e->cursor == i)
					*crow = (int)n - 1, *ccol = 0;
				break;
			}
		}
	}
	if (*crow < 0)
		*crow = (int)n - 1, *ccol = 0;
	*rows = r;
	return n;
}

void editor_set_width(editor *e, int width)
{
	e->wrap_width = width;
}

/* Up/Down by wrapped rows: to the row above or below, at the last
 * character not past the cursor's column; in a row that broke for width,
 * never past its last character (that place is the next row's start). */
static int vertical_wrapped(editor *e, int down)
{
	row *rows;
	int crow, ccol;
	size_t n = wrap(e, e->wrap_width, &rows, &crow, &ccol);
	int to = crow + (down ? 1 : -1);
	if (to < 0 || (size_t)to >= n) {
		free(rows);
		return 0; /* the first or last row: the owner may move on */
	}
	row r = rows[to];
	free(rows);
	int broke = r.to < e->len && e->text[r.to] != L'\n' && r.to > r.from;
	size_t i = r.from, end = broke ? r.to - 1 : r.to;
	int w = 0;
	while (i < end && w + cw(e->text[i]) <= ccol) {
		w += cw(e->text[i++]);
		while (joins(e, i))
			i++;
	}
	e->cursor = i;
	return 1;
}

static void draw_lines(editor *e, int y, int x, int width, int height, int focused, term_style style)
{
	e->wrap_width = width;
	row *rows;
	int crow, ccol;
	size_t n = wrap(e, width, &rows, &crow, &ccol);
	if (e->scroll > crow)
		e->scroll = crow;
	if (crow >= e->scroll + height)
		e->scroll = crow - height + 1;
	if (e->scroll > 0 && (int)n - e->scroll < height) /* no empty rows below when text above is hidden */
		e->scroll = (int)n - height > 0 ? (int)n - height : 0;
	for (int r = 0; r < height; r++) {
		size_t k = (size_t)(e->scroll + r);
		char *s = k < n ? utf8_range(e, rows[k].from, rows[k].to, 1) : xstrdup("");
		term_text(y + r, x, width, s, style);
		free(s);
	}
	if (focused)
		show_cursor(e, y + crow - e->scroll, x + ccol);
	free(rows);
}

void editor_draw(editor *e, int y, int x, int width, int height, int focused, term_style style)
{
	if (width < 2 || height < 1)
		return;
	if (e->multiline && height > 1)
		draw_lines(e, y, x, width, height, focused, style);
	else
		draw_one_line(e, y, x, width, focused, style);
}
