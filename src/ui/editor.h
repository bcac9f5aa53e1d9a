/*
 * editor: a text field's editing state, apart from any window (so it is
 * unit-tested without a terminal): the text as wchar_t, the cursor as a
 * character index, columns from text.h's widths. Single- or multi-line.
 * Drawing (editor_draw) cuts and scrolls by display columns, never
 * splitting a double-width character, and places the terminal cursor.
 */
#ifndef DW_EDITOR_H
#define DW_EDITOR_H

#include "ui/term.h"
#include <stddef.h>
#include <wchar.h>

typedef struct {
	wchar_t *text; /* len characters, NUL-terminated */
	size_t len, cap;
	size_t cursor;    /* 0..len */
	int multiline;
	size_t max_chars; /* 0: no limit */
	int scroll;       /* first column (one line) or first line shown */
	int changed;      /* set by edits; the owner clears it when saved */
	int wrap_width;   /* multi-line: the columns it was last drawn in (0: never), for Up/Down */
	int prefilled;    /* the text is a suggested folder: a first "/" or "~" typed replaces it */
} editor;

void editor_init(editor *e, const char *utf8, int multiline, size_t max_chars);
void editor_free(editor *e);
void editor_set(editor *e, const char *utf8);
/* Handles an editing key (characters, arrows, Home/End, Backspace,
 * Delete, Ctrl-U deleting the line up to the cursor, Enter in
 * multi-line). Returns 1 when the key was used. With prefilled set, a
 * first key "/" or "~" replaces the whole text (an absolute path typed
 * over a suggested folder); any first key clears prefilled. */
int editor_key(editor *e, const term_key *k);
/* The text as UTF-8 (caller frees). */
char *editor_text(const editor *e);
/* Multi-line: the columns its rows wrap at, as editor_draw sets them; Up
 * and Down then move by the wrapped row a person sees (0: by line). */
void editor_set_width(editor *e, int width);
/* Columns from the start of the cursor's line to the cursor. */
int editor_cursor_col(const editor *e);
/* Draws into the box (y, x, width x height) and, when focused, puts the
 * terminal cursor at the cursor. */
void editor_draw(editor *e, int y, int x, int width, int height, int focused, term_style style);

#endif
