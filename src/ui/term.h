/*
 * term: the only module that calls curses. Everything else in the UI
 * draws through these functions, in UTF-8, with widths from text.h (two
 * columns for Chinese) and never writes half a character: every draw call
 * covers whole cells from a column to a width, cut and padded here.
 */
#ifndef DW_TERM_H
#define DW_TERM_H

#include <stdint.h>
#include <wchar.h>

typedef enum {
	T_NORMAL, T_BOLD, T_DIM, T_SELECTED, T_TITLE, T_BAR, T_BARKEY, T_ERROR, T_OK, T_WARN, T_INPUT,
	T_N_STYLES
} term_style;

typedef enum { K_NONE, K_CHAR, K_KEY, K_MOUSE, K_RESIZE } key_kind;

/* Keys that are not characters: our own codes, so that code handling keys
 * (the editor, screens) needs no curses header and is unit-tested. */
enum {
	TK_UP = 1, TK_DOWN, TK_LEFT, TK_RIGHT, TK_HOME, TK_END, TK_PGUP, TK_PGDN,
	TK_BACKSPACE, TK_DELETE, TK_ENTER, TK_TAB, TK_BTAB, TK_ESC, TK_INSERT,
	TK_KILL_LINE, /* Ctrl-U: in a text field, deletes the line up to the cursor */
	TK_F0 = 100 /* TK_F(n) = TK_F0 + n */
};
#define TK_F(n) (TK_F0 + (n))

/* A key as read: a character (wch, Chinese included; Enter, Tab, Esc and
 * Backspace come as K_KEY), a key (key: TK_*), a mouse click at (y, x),
 * or a resize. */
typedef struct {
	key_kind kind;
	wchar_t wch;
	int key;
	int y, x;
	int wheel; /* -1 up, +1 down, for K_MOUSE */
} term_key;

/* Starts curses (colours unless NO_COLOR is set, mouse where the terminal
 * reports it). Returns 0, or -1 when standard input/output is no terminal. */
int term_start(void);
void term_stop(void);
int term_rows(void);
int term_cols(void);

/* Draws text at (y, x) in exactly width columns: cut at a character
 * boundary with "…" when longer, padded with spaces when shorter. */
void term_text(int y, int x, int width, const char *utf8, term_style style);
/* Draws text at (y, x) without padding; returns the columns used. */
int term_put(int y, int x, int max_width, const char *utf8, term_style style);
void term_fill(int y, int x, int width, term_style style);
void term_clear(void);
void term_cursor(int y, int x, int visible);
void term_flush(void);

/* Reads one key, waiting at most timeout_ms (-1: forever). Returns 0 with
 * *k filled, or -1 on timeout. */
int term_read(term_key *k, int timeout_ms);
/* Drops the keys typed ahead and not yet read: a question asked now is
 * answered only by a key pressed after it shows. */
void term_discard_input(void);
/* Milliseconds on a monotonic clock. */
int64_t term_ms(void);

#endif
