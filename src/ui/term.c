/*
 * term: curses, and only here. Text arrives as UTF-8, is cut to whole
 * characters by display width (text.h) and written as wide characters, so
 * a double-width character is never split or left hanging over an edge.
 * Keys leave as term_key with our own codes. See term.h.
 */
#include "ui/term.h"
#include "text.h"
#include "util.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static attr_t styles[T_N_STYLES];
static int started;
static int cursor_y = -1, cursor_x = -1; /* where the editor wants it, until the flush */

static void set_styles(void)
{
	int colour = has_colors() && !getenv("NO_COLOR");
	if (colour) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_CYAN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_GREEN, -1);
		init_pair(4, COLOR_YELLOW, -1);
		init_pair(5, COLOR_BLACK, COLOR_CYAN);
	}
	styles[T_NORMAL] = A_NORMAL;
	styles[T_BOLD] = A_BOLD;
	styles[T_DIM] = A_DIM;
	styles[T_SELECTED] = A_REVERSE;
	styles[T_TITLE] = A_BOLD | (colour ? COLOR_PAIR(1) : 0);
	styles[T_BAR] = colour ? COLOR_PAIR(5) : A_REVERSE;
	styles[T_BARKEY] = A_BOLD | (colour ? COLOR_PAIR(5) : A_REVERSE);
	styles[T_ERROR] = A_BOLD | (colour ? COLOR_PAIR(2) : 0);
	styles[T_OK] = colour ? COLOR_PAIR(3) : A_BOLD;
	styles[T_WARN] = A_BOLD | (colour ? COLOR_PAIR(4) : 0);
	styles[T_INPUT] = A_UNDERLINE;
}

int term_start(void)
{
	if (!isatty(0) || !isatty(1))
		return err_set("the terminal UI needs a terminal (use the commands in scripts)");
	if (!initscr())
		return err_set("cannot start the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
	started = 1;
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	set_styles();
	curs_set(0);
	return 0;
}

void term_stop(void)
{
	if (started)
		endwin();
	started = 0;
}

int term_rows(void)
{
	return LINES;
}

int term_cols(void)
{
	return COLS;
}

/* Writes already-fitted UTF-8 text as wide characters. */
static int put_fitted(int y, int x, const char *s, attr_t attr)
{
	size_t n = strlen(s);
	wchar_t *w = xmalloc((n + 1) * sizeof *w);
	size_t k = 0;
	int cols = 0;
	while (*s) {
		uint32_t cp;
		s += text_decode(s, &cp);
		if (text_cp_width(cp) == 0 && cp != 0x200D && cp < 0x300)
			cp = ' '; /* control characters: never sent to the terminal */
		w[k++] = (wchar_t)cp;
		cols += text_cp_width(cp);
	}
	w[k] = 0;
	attrset(attr);
	mvaddnwstr(y, x, w, (int)k);
	attrset(A_NORMAL);
	free(w);
	return cols;
}

void term_text(int y, int x, int width, const char *utf8, term_style style)
{
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	char *fit = text_fit(utf8 ? utf8 : "", width, 1);
	put_fitted(y, x, fit, styles[style]);
	free(fit);
}

int term_put(int y, int x, int max_width, const char *utf8, term_style style)
{
	if (max_width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + max_width > COLS)
		max_width = COLS - x;
	char *fit = text_fit(utf8 ? utf8 : "", max_width, 0);
	int n = put_fitted(y, x, fit, styles[style]);
	free(fit);
	return n;
}

void term_fill(int y, int x, int width, term_style style)
{
	term_text(y, x, width, "", style);
}

void term_clear(void)
{
	erase();
}

void term_cursor(int y, int x, int visible)
{
	if (visible && y >= 0 && y < LINES && x >= 0 && x < COLS)
		cursor_y = y, cursor_x = x;
	else
		cursor_y = cursor_x = -1;
}

/* The cursor goes where the last term_cursor put it, after everything else
 * (message line, bottom bar) is drawn. */
void term_flush(void)
{
	if (cursor_y >= 0) {
		move(cursor_y, cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

void term_discard_input(void)
{
	if (started)
		flushinp();
}

int64_t term_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int map_key(int key)
{
	static const struct {
		int curses, ours;
	} map[] = {
		{KEY_UP, TK_UP},       {KEY_DOWN, TK_DOWN},       {KEY_LEFT, TK_LEFT},   {KEY_RIGHT, TK_RIGHT},
		{KEY_HOME, TK_HOME},   {KEY_END, TK_END},         {KEY_PPAGE, TK_PGUP},  {KEY_NPAGE, TK_PGDN},
		{KEY_BACKSPACE, TK_BACKSPACE}, {KEY_DC, TK_DELETE}, {KEY_ENTER, TK_ENTER}, {KEY_BTAB, TK_BTAB},
		{KEY_IC, TK_INSERT},
	};
	for (size_t i = 0; i < DW_ARRAY_LEN(map); i++)
		if (map[i].curses == key)
			return map[i].ours;
	if (key >= KEY_F(1) && key <= KEY_F(12))
		return TK_F(key - KEY_F0);
	return 0;
}

int term_read(term_key *k, int timeout_ms)
{
	wint_t ch;
	memset(k, 0, sizeof *k);
	timeout(timeout_ms);
	int rc = get_wch(&ch);
	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_RESIZE) {
			k->kind = K_RESIZE;
			return 0;
		}
		if (ch == KEY_MOUSE) {
			MEVENT ev;
			if (getmouse(&ev) != OK)
				return -1;
			/* ncurses hands over a button's release with the next input:
			 * it is not a second click. */
			if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED)))
				return -1;
			k->kind = K_MOUSE;
			k->y = ev.y, k->x = ev.x;
			k->wheel = ev.bstate & BUTTON4_PRESSED ? -1 : ev.bstate & BUTTON5_PRESSED ? 1 : 0;
			return 0;
		}
		k->kind = K_KEY;
		k->key = map_key((int)ch);
		return k->key ? 0 : -1;
	}
	switch (ch) {
	case '\n':
	case '\r':
		k->kind = K_KEY, k->key = TK_ENTER;
		break;
	case '\t':
		k->kind = K_KEY, k->key = TK_TAB;
		break;
	case 27:
		k->kind = K_KEY, k->key = TK_ESC;
		break;
	case 21: /* Ctrl-U */
		k->kind = K_KEY, k->key = TK_KILL_LINE;
		break;
	case 127:
	case 8:
		k->kind = K_KEY, k->key = TK_BACKSPACE;
		break;
	default:
		if (ch < 32)
			return -1;
		k->kind = K_CHAR, k->wch = (wchar_t)ch;
	}
	return 0;
}
