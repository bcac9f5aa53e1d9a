/*
 * keymap: key bindings parsed from text, looked up per screen. See
 * keymap.h for the format. Owns its lines and their screen names.
 */
#include "ui/keymap.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *shown;
	int code;
} named[] = {
	{"Enter", "Enter", TK_ENTER},      {"Esc", "Esc", TK_ESC},           {"Tab", "Tab", TK_TAB},
	{"BTab", "Shift-Tab", TK_BTAB},    {"Backspace", "Backspace", TK_BACKSPACE},
	{"Delete", "Del", TK_DELETE},      {"Insert", "Ins", TK_INSERT},     {"Up", "↑", TK_UP},
	{"Down", "↓", TK_DOWN},            {"Left", "←", TK_LEFT},           {"Right", "→", TK_RIGHT},
	{"Home", "Home", TK_HOME},         {"End", "End", TK_END},           {"PgUp", "PgUp", TK_PGUP},
	{"PgDn", "PgDn", TK_PGDN},
};

/* A key's name in the file as a key; 0, or -1 when it names none. */
static int parse_key(const char *w, keymap_key *out)
{
	if (w[0] && !w[1] && w[0] > ' ' && w[0] < 127) {
		*out = (keymap_key){K_CHAR, w[0]};
		return 0;
	}
	if (str_eq(w, "Space")) {
		*out = (keymap_key){K_CHAR, ' '};
		return 0;
	}
	for (size_t i = 0; i < DW_ARRAY_LEN(named); i++)
		if (str_eq(w, named[i].name)) {
			*out = (keymap_key){K_KEY, named[i].code};
			return 0;
		}
	char *end;
	long n = w[0] == 'F' ? strtol(w + 1, &end, 10) : 0;
	if (n >= 1 && n <= 12 && !*end) {
		*out = (keymap_key){K_KEY, TK_F((int)n)};
		return 0;
	}
	return -1;
}

const char *keymap_key_name(const keymap_key *key, char *buf, size_t n)
{
	if (key->kind == K_CHAR) {
		snprintf(buf, n, key->code == ' ' ? "Space" : "%c", key->code);
		return buf;
	}
	for (size_t i = 0; i < DW_ARRAY_LEN(named); i++)
		if (named[i].code == key->code) {
			snprintf(buf, n, "%s", named[i].shown);
			return buf;
		}
	snprintf(buf, n, "F%d", key->code - TK_F0);
	return buf;
}

static int same_key(const keymap_key *a, const keymap_key *b)
{
	return a->kind == b->kind && a->code == b->code;
}

static int line_binds(const keymap_line *l, const keymap_key *key)
{
	for (size_t i = 0; i < l->n_keys; i++)
		if (same_key(&l->keys[i], key))
			return 1;
	return 0;
}

int keymap_screen_binds(const keymap *km, const char *screen, const keymap_key *key)
{
	for (const keymap_line *l = keymap_next(km, screen, NULL); l; l = keymap_next(km, screen, l))
		if (line_binds(l, key))
			return 1;
	return 0;
}

void keymap_free(keymap **km)
{
	if (!*km)
		return;
	for (size_t i = 0; i < (*km)->n; i++)
		free((*km)->lines[i].screen);
	free((*km)->lines);
	free(*km);
	*km = NULL;
}

/* Parses one line's words into l; 0, or -1 with err_set (no prefix). */
static int parse_line(keymap *km, char **w, size_t n, const char *const *screens, keymap_line *l)
{
	int known = str_eq(w[0], "generic");
	for (size_t i = 0; screens && screens[i] && !known; i++)
		known = str_eq(w[0], screens[i]);
	if (!known)
		return err_set("unknown screen '%s'", w[0]);
	if (n < 2)
		return err_set("no action");
	l->action = action_by_name(w[1]);
	if (l->action == ACT_NONE)
		return err_set("unknown action '%s'", w[1]);
	if (n > 2 && str_eq(w[n - 1], "bar"))
		l->bar = 1, n--;
	if (n < 3)
		return err_set("no key for '%s'", w[1]);
	if (n - 2 > KEYMAP_MAX_KEYS)
		return err_set("more than %d keys", KEYMAP_MAX_KEYS);
	for (size_t i = 2; i < n; i++) {
		keymap_key k;
		if (parse_key(w[i], &k) < 0)
			return err_set("unknown key '%s'", w[i]);
		for (size_t j = 0; j < km->n; j++)
			if (str_eq(km->lines[j].screen, w[0]) && line_binds(&km->lines[j], &k))
				return err_set("key '%s' bound twice on %s", w[i], w[0]);
		if (line_binds(l, &k))
			return err_set("key '%s' bound twice on %s", w[i], w[0]);
		l->keys[l->n_keys++] = k;
	}
	for (size_t j = 0; j < km->n; j++)
		if (str_eq(km->lines[j].screen, w[0]) && km->lines[j].action == l->action)
			return err_set("'%s' on %s twice", w[1], w[0]);
	return 0;
}

int keymap_parse(keymap **out, const char *file, const char *text, size_t len, const char *const *screens)
{
	keymap *km = xcalloc(1, sizeof *km);
	char *copy = xstrndup(text, len);
	size_t cap = 0;
	int line_no = 0, rc = 0;
	for (char *line = copy, *next; rc == 0 && *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = 0;
		line_no++;
		char *w[KEYMAP_MAX_KEYS + 4], *tok_save = NULL;
		size_t n = 0;
		for (char *t = strtok_r(line, " \t\r", &tok_save); t; t = strtok_r(NULL, " \t\r", &tok_save)) {
			if (n == 0 && t[0] == '#')
				break;
			if (n == DW_ARRAY_LEN(w)) {
				rc = err_set("%s:%d: too many words", file, line_no);
				break;
			}
			w[n++] = t;
		}
		if (rc < 0 || n == 0)
			continue;
		keymap_line l = {0};
		if (parse_line(km, w, n, screens, &l) < 0) {
			rc = err_prefix("%s:%d", file, line_no);
			break;
		}
		if (km->n == cap)
			km->lines = xrealloc(km->lines, (cap = cap ? cap * 2 : 32) * sizeof *km->lines);
		l.screen = xstrdup(w[0]);
		km->lines[km->n++] = l;
	}
	free(copy);
	if (rc < 0) {
		keymap_free(&km);
		return -1;
	}
	*out = km;
	return 0;
}

const keymap_line *keymap_next(const keymap *km, const char *screen, const keymap_line *prev)
{
	size_t i = prev ? (size_t)(prev - km->lines) + 1 : 0;
	for (; km && i < km->n; i++)
		if (str_eq(km->lines[i].screen, screen))
			return &km->lines[i];
	return NULL;
}

/* k as a binding's key: K_CHAR or K_KEY; -1 for a mouse or resize. */
static int as_key(const term_key *k, keymap_key *out)
{
	if (k->kind == K_CHAR)
		*out = (keymap_key){K_CHAR, (int)k->wch};
	else if (k->kind == K_KEY)
		*out = (keymap_key){K_KEY, k->key};
	else
		return -1;
	return 0;
}

ui_action_id keymap_find(const keymap *km, const char *screen, const term_key *k)
{
	keymap_key key;
	if (as_key(k, &key) < 0)
		return ACT_NONE;
	const char *where[] = {screen, "generic"};
	for (size_t i = 0; i < DW_ARRAY_LEN(where); i++)
		for (const keymap_line *l = keymap_next(km, where[i], NULL); l; l = keymap_next(km, where[i], l))
			if (line_binds(l, &key))
				return l->action;
	return ACT_NONE;
}
