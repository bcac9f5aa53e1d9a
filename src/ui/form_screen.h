/*
 * form_screen: what the form filler's files share (private to
 * src/ui/form_*.c). form_screen.c owns the state, the rows, drawing,
 * saving and submitting; form_edit.c turns keys and clicks into changes.
 */
#ifndef DW_UI_FORM_SCREEN_H
#define DW_UI_FORM_SCREEN_H

#include "form.h"
#include "ui/editor.h"
#include "ui/ui.h"

/* A row of the list: a section heading, a field (top-level, or a member
 * of one item of a group), an item's heading, or a group's "add" row. */
typedef enum { R_SECTION, R_FIELD, R_ITEM, R_ADD } frow_kind;

typedef struct {
	frow_kind kind;
	const section *sec;
	const field *fd;    /* R_FIELD: the field; R_ITEM, R_ADD: the group */
	const field *group; /* R_FIELD inside a group item: its group */
	int item;           /* the item's index, or -1 */
} frow;

typedef struct {
	char *id;
	const form *f;
	int draft;          /* 1: a draft, saved field by field; 0: a submitted record */
	char *number, *status;
	json_t *fields;     /* the values as they are now */
	json_t *original;   /* a submitted record's values as opened */
	json_t *scored;     /* fields with score totals, as validated */
	json_t *problems;   /* value_validate of scored, in full */
	json_t *titles;     /* record id -> title, for references */
	int tried;          /* a submit was refused: "required" shows as an error */
	int dirty;          /* a submitted record has changes not submitted (its pending edit) */
	int fresh;          /* a draft this screen started: discarded on leaving when untouched */
	int touched;        /* a value was saved since the screen opened */
	unsigned char *open_groups; /* per top-level field: a group shown expanded */
	frow *rows;
	int n_rows, cur, first;
	/* editing a field's text in place */
	int editing;
	editor ed;
	json_t *edit_before; /* the value before, to put back after an autosave */
	int autosaved;
	int64_t saved_ms;
	char *saved_text;    /* the editor's text as last saved */
	/* the option list of a choice or multi field */
	int popup, popup_sel;
	/* geometry of the last draw, for the mouse */
	int *row_y, *row_h;
	int val_x, val_w;
	char today[16];
} fstate;

/* form_screen.c */
json_t *form_screen_value(fstate *st, const frow *r);
json_t *form_screen_scope(fstate *st, const frow *r);
void form_screen_commit(ui *u, fstate *st, const frow *r, json_t *v);
void form_screen_group_changed(ui *u, fstate *st, const field *group);
void form_screen_refresh(ui *u, fstate *st);
void form_screen_move(fstate *st, int delta);
void form_screen_leave(ui *u, screen *s);
void form_screen_submit(ui *u, fstate *st);
int form_screen_option_x(ui *u, const field *fd, int i, int *width);
char *form_edit_text(const field *fd, const json_t *v);

/* form_edit.c */
int form_edit_key(ui *u, screen *s, const term_key *k);
/* Movement, Enter, Delete and the field's actions (y/n/x, t, +/-, g,
 * a/d/K/J as keys.txt binds them); 1 if done. */
int form_edit_action(ui *u, screen *s, ui_action_id a);
void form_edit_start(ui *u, fstate *st, const term_key *first);
int form_edit_finish(ui *u, fstate *st);
void form_edit_cancel(ui *u, fstate *st);
void form_edit_picked(ui *u, screen *s, const char *name, const char *id);
/* Saves the text being typed when it changed and the person paused or
 * ~2 s have passed since the last save (the frame's tick). */
void form_edit_tick(ui *u, screen *s);

#endif
