/*
 * keymap: the key bindings, read from text (the defaults are src/ui/keys.txt,
 * compiled into the binary). A line binds keys to an action on a screen:
 *
 *     SCREEN  ACTION  KEY...  [bar]
 *
 * SCREEN is "generic" (every screen that does not bind the same key) or a
 * screen's name; ACTION a name from action.h; KEY a printable character
 * or one of Enter Esc Tab BTab Backspace Delete Insert Up Down Left Right
 * Home End PgUp PgDn Space F1..F12. "bar" shows the action in the bottom
 * bar, with its first key; the bar and the help screen keep the file's
 * order. '#' starts a comment line. No curses here: keys are term_key.
 */
#ifndef DW_UI_KEYMAP_H
#define DW_UI_KEYMAP_H

#include "ui/action.h"
#include "ui/term.h"
#include <stddef.h>

#define KEYMAP_MAX_KEYS 8

typedef struct {
	key_kind kind; /* K_CHAR (code: the character) or K_KEY (code: TK_*) */
	int code;
} keymap_key;

typedef struct {
	char *screen;
	ui_action_id action;
	int bar;
	size_t n_keys;
	keymap_key keys[KEYMAP_MAX_KEYS];
} keymap_line;

typedef struct {
	keymap_line *lines;
	size_t n;
} keymap;

/* Parses text (len bytes) named file (for messages); screens lists the
 * screen names allowed besides "generic" (NULL-terminated). Returns 0
 * with *out set (free with keymap_free), or -1 with err_msg() naming the
 * line: "keys.txt:12: unknown action 'opn'". */
int keymap_parse(keymap **out, const char *file, const char *text, size_t len, const char *const *screens);
/* Frees *km and sets it to NULL. */
void keymap_free(keymap **km);
/* The action k runs on screen: the screen's binding, else the generic
 * one, else ACT_NONE. */
ui_action_id keymap_find(const keymap *km, const char *screen, const term_key *k);
/* The next line of screen after prev (NULL: the first), or NULL. */
const keymap_line *keymap_next(const keymap *km, const char *screen, const keymap_line *prev);
/* 1 if screen itself binds key. */
int keymap_screen_binds(const keymap *km, const char *screen, const keymap_key *key);
/* The name of a key as shown to a person ("Enter", "F2", "↑", "q"). */
const char *keymap_key_name(const keymap_key *key, char *buf, size_t n);

#endif
