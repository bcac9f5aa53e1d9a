/*
 * ui: the terminal UI's frame. Screens are tables of function pointers
 * (open, draw, action, key, close, ...), stacked: opening a screen pushes
 * it, leaving pops it. Keys map to actions (action.h, declared once with
 * their help text) through the bindings of keys.txt (keymap.h): the bottom
 * bar and the help screen are made from those. The UI never runs SQL or
 * git: it calls record, store (only its query API), form and value
 * functions.
 */
#ifndef DW_UI_H
#define DW_UI_H

#include "app.h"
#include "ui/action.h"
#include "ui/keymap.h"
#include "ui/list.h"
#include "ui/term.h"
#include <jansson.h>

typedef struct ui ui;
typedef struct screen screen;

/* A screen: its name (the keymap's SCREEN) and its functions, set by
 * designated initialisers; only name and draw are required. */
typedef struct {
	const char *name;
	/* Called when pushed; returns 0 or -1 (the screen is not opened). */
	int (*open)(ui *u, screen *s, const json_t *arg);
	/* Draws rows [top, bottom) of the terminal. */
	void (*draw)(ui *u, screen *s, int top, int bottom);
	/* Runs an action bound to a key on this screen (keymap.h); returns 1
	 * when done, 0 to leave it to the frame (back, help, quit). */
	int (*action)(ui *u, screen *s, ui_action_id a);
	/* Sees every key before the bindings (text input); 1 if used. */
	int (*key)(ui *u, screen *s, const term_key *k);
	void (*close)(ui *u, screen *s);
	/* For a screen whose actions depend on what it shows (a record's
	 * lifecycle steps): 0 hides a from the bar and its keys. NULL: all. */
	int (*offers)(ui *u, screen *s, ui_action_id a);
	/* For a screen that opens screen_picker or screen_files: told the
	 * name it opened it with (its "field") and the id or path picked. */
	void (*on_picked)(ui *u, screen *s, const char *name, const char *id);
	/* For a list screen: its list, which the frame moves on the movement
	 * actions and the mouse when the screen leaves them. */
	ui_list *(*list)(screen *s);
	/* 1 when the screen needs every row of the terminal now (a QR code at
	 * 80x24): the frame then draws neither the message line nor the bar,
	 * unless there is a message. NULL: never. */
	int (*whole)(ui *u, screen *s);
	/* Called after each key (or burst of keys) and on the wake-up when
	 * no key came for a second: timed work such as the autosave of a
	 * text being typed. */
	void (*tick)(ui *u, screen *s);
} screen_ops;

struct screen {
	const screen_ops *ops;
	void *state; /* the screen's own, freed by its close */
	screen *below;
};

struct ui {
	app *a;
	const char *lang;  /* "zh" or "en" */
	screen *top;
	keymap *keys; /* the key bindings */
	int quit;
	char message[512]; /* shown above the bottom bar until the next key */
	term_style message_style;
	char today[16];
	int64_t key_started_ms; /* when the last key began to be handled */
	int done; /* the first-run setup: 1 when a data directory was made */
};

/* When the UI command started (term_ms), for the first-screen timing. */
extern int64_t ui_started_ms;
/* Said on the message line of the first screen when set (a missing UTF-8
 * locale), in ASCII: it must show when nothing else can. */
extern const char *ui_start_warning;

/* The first run, without a data directory: screen_setup until the person
 * joins a station or makes a demo one in home (returns 1) or quits (0);
 * -1 with the error set when the terminal cannot start. */
int ui_setup(const char *home, const char *lang);

/* Pushes a new screen of ops with arg (may be NULL). */
int ui_open(ui *u, const screen_ops *ops, const json_t *arg);
/* Pushes ops with the argument {key: value}. */
int ui_open_with(ui *u, const screen_ops *ops, const char *key, const char *value);
/* Pops the top screen. */
void ui_back(ui *u);
/* Sets the message line (printf-style). */
void ui_say(ui *u, term_style style, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The text in the UI's language. */
const char *ui_tr(const ui *u, const char *zh, const char *en);
/* Wraps the UTF-8 text s into rows [y, bottom) at column x, width columns
 * each, cutting between characters; returns the next free row. */
int ui_wrapped(const char *s, int y, int x, int width, int bottom, term_style style);
/* Draws a drawing's lines (a QR code in half blocks) from (y, x), width
 * columns each, up to row bottom. */
void ui_drawing(const char *text, int y, int x, int width, int bottom);
/* Asks a yes/no question on the message line; 1 for yes. */
int ui_confirm(ui *u, const char *question);
/* Whether this device's role allows step op of a record of lifecycle l
 * (own: the record was made on this device), asked before any prompt;
 * if not, says why in the error style, in the screen's language. */
int ui_may(ui *u, lifecycle l, const char *op, int own);
/* Reads a line of text on the message line (prompt, initial text);
 * returns a new string or NULL when cancelled. */
char *ui_prompt(ui *u, const char *prompt, const char *initial);
/* The same for a path, prefilled with a folder: a first "/" or "~" typed
 * starts a path of its own in place of the folder; Ctrl-U clears. */
char *ui_prompt_path(ui *u, const char *prompt, const char *folder);

/* Opens what a scanned payload names: a site (offering to start an
 * inspection there) or a notice. */
void ui_open_scanned(ui *u, const char *payload);

/* Asks for a file name and prints a site's placard or a notice to PDF
 * (print.c). */
void ui_print(ui *u, const char *id);

/* Draws one record as a list row: number (or kind), status, date, title
 * (record_line.c). */
void ui_record_line(ui *u, int y, int x, int width, json_t *state, int selected);

/* The screen names the key bindings may name (NULL-terminated). */
extern const char *const ui_screen_names[];
/* Parses the default bindings (keys.txt, compiled in); 0 or -1 with
 * err_msg(). */
int ui_keys_load(keymap **out);

/* Runs the UI on an open app until the person quits. */
int ui_run(app *a, const char *lang);

/* The screens. arg: see each file. */
extern const screen_ops screen_home;      /* NULL */
extern const screen_ops screen_setup;     /* {"home": the data directory to make} */
extern const screen_ops screen_sites;     /* NULL */
extern const screen_ops screen_site;      /* {"id": site id} */
extern const screen_ops screen_records;   /* {"kind": k, "status": s?, "site": id?, "from": date?, "to": date?} */
extern const screen_ops screen_record;    /* {"id": id} */
extern const screen_ops screen_form;      /* {"id": draft or record id} or {"kind": k, "site": id?, "from": id?} */
extern const screen_ops screen_help;      /* NULL: shows the keys of the screen below */
extern const screen_ops screen_qr;        /* {"id": site or notice id}: its QR code on the terminal */
extern const screen_ops screen_conflicts; /* NULL: the conflicts to settle */
extern const screen_ops screen_picker;    /* {"kind": k, "title": t, "field": f}: picks a record */
extern const screen_ops screen_review;    /* NULL: the review queue */
extern const screen_ops screen_dashboard; /* NULL: the year at a glance */

/* For screen_picker and screen_files: closes the top screen and tells
 * the screen below (its on_picked) the name and the id or path. */
void ui_picked(ui *u, const char *name, const char *id);

/* {"field": f, "title": t, "photo": true for images only}: a file browser
 * that picks a file to attach; its path goes back through ui_picked, to
 * the on_picked of the screen below, as screen_picker's record does. */
extern const screen_ops screen_files;

#endif
