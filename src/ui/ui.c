/*
 * ui: the frame around the screens: the stack, the loop that reads keys
 * and hands them to the top screen (its key function, then the action the
 * key is bound to; back, help and quit done here when the screen leaves
 * them), the message line, the bottom bar (drawn from the bindings), yes/no and text
 * prompts, resize, and the QR scanner that types its payload on any
 * screen. See ui.h.
 *
 * The scanner is told from a person by the payload's own prefix: a burst
 * of characters arriving under 30 ms apart is held back until it ends;
 * if it ends with Enter and looks like one of our payloads it opens what
 * it names, otherwise its keys are replayed one by one (an input method
 * committing several Chinese characters at once is such a burst).
 */
#include "ui/ui.h"
#include "embedded.h"
#include "payload.h"
#include "record.h"
#include "registry.h"
#include "role.h"
#include "text.h"
#include "ui/editor.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define BURST_GAP_MS 30
#define BURST_MAX 600

int ui_open(ui *u, const screen_ops *ops, const json_t *arg)
{
	screen *s = xcalloc(1, sizeof *s);
	s->ops = ops;
	s->below = u->top;
	u->top = s;
	if (ops->open && ops->open(u, s, arg) < 0) {
		u->top = s->below;
		free(s);
		return -1;
	}
	return 0;
}

int ui_open_with(ui *u, const screen_ops *ops, const char *key, const char *value)
{
	json_t *arg = json_pack("{ss}", key, value);
	int rc = ui_open(u, ops, arg);
	json_decref(arg);
	return rc;
}

void ui_back(ui *u)
{
	screen *s = u->top;
	if (!s)
		return;
	u->top = s->below;
	if (s->ops->close)
		s->ops->close(u, s);
	free(s);
	if (!u->top)
		u->quit = 1;
}

void ui_say(ui *u, term_style style, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->message, sizeof u->message, fmt, ap);
	va_end(ap);
	u->message_style = style;
	/* A full disk, whatever was being done: what is full and what to do,
	 * in the UI's language only. */
	if (err_is_disk_full(u->message)) {
		snprintf(u->message, sizeof u->message, "%s",
			 ui_tr(u, "磁盘已满：请删除旧照片或导出文件后重试（之前保存的内容不会丢失）",
			       "The disk is full: delete old photos or exported files and try again (nothing saved before is lost)"));
		u->message_style = T_ERROR;
	}
}

const char *ui_tr(const ui *u, const char *zh, const char *en)
{
	return str_eq(u->lang, "en") ? en : zh;
}

/* Whether the top screen offers a now (all, unless its offers says no). */
static int offered(ui *u, ui_action_id a)
{
	screen *s = u->top;
	return !s->ops->offers || s->ops->offers(u, s, a);
}

/* The bottom bar: the screen's actions marked "bar" in the key bindings,
 * each with its first key, then the generic ones (help). */
static void draw_bar(ui *u, int y)
{
	int cols = term_cols(), x = 0;
	term_fill(y, 0, cols, T_BAR);
	if (!u->top)
		return;
	const char *where[] = {u->top->ops->name, "generic"};
	for (int pass = 0; pass < 2; pass++) {
		for (const keymap_line *l = keymap_next(u->keys, where[pass], NULL); l;
		     l = keymap_next(u->keys, where[pass], l)) {
			if (!l->bar || (!pass && !offered(u, l->action)))
				continue;
			char k[16];
			keymap_key_name(&l->keys[0], k, sizeof k);
			const char *what = action_help(l->action, u->lang);
			int need = text_width(k) + text_width(what) + 2;
			if (x + need > cols - (pass ? 0 : 8))
				break;
			x += term_put(y, x, cols - x, k, T_BARKEY);
			x += term_put(y, x, cols - x, what, T_BAR);
			x += 2;
		}
	}
}

/* Rows of the database that a list had to skip (a damaged state): the
 * rest is shown, and the message line says so, naming the first. */
static void say_unreadable(ui *u)
{
	if (!u->a)
		return; /* the first-run setup: no data directory yet */
	json_t *bad = store_take_unreadable(u->a->db);
	size_t n = json_array_size(bad);
	json_t *first = json_array_get(bad, 0);
	if (n && str_eq(u->lang, "zh"))
		ui_say(u, T_ERROR, "数据库中有 %zu 条记录无法读取，已跳过：%s（dustwatch list 会逐条说明）", n,
		       json_string_value(json_object_get(first, "id")));
	else if (n)
		ui_say(u, T_ERROR, "Records skipped, unreadable: %zu: %s", n,
		       json_string_value(json_object_get(first, "why")));
	json_decref(bad);
}

static void draw(ui *u)
{
	int rows = term_rows(), cols = term_cols();
	term_clear();
	term_cursor(0, 0, 0);
	if (u->top && u->top->ops->whole && !u->message[0] && u->top->ops->whole(u, u->top)) {
		u->top->ops->draw(u, u->top, 0, rows);
		term_flush();
		return;
	}
	if (u->top && u->top->ops->draw)
		u->top->ops->draw(u, u->top, 0, rows - 2);
	say_unreadable(u);
	term_text(rows - 2, 0, cols, u->message, u->message_style);
	draw_bar(u, rows - 1);
	term_flush();
}

/* Draws the drawing's lines from (y, x), at most up to row bottom. */
void ui_drawing(const char *text, int y, int x, int width, int bottom)
{
	const char *line = text;
	while (*line && y < bottom) {
		const char *nl = strchr(line, '\n');
		char *row = xstrndup(line, nl ? (size_t)(nl - line) : strlen(line));
		term_put(y++, x, width, row, T_NORMAL);
		free(row);
		line = nl ? nl + 1 : line + strlen(line);
	}
}

/* Wraps s into rows [y, bottom) at column x, width columns each, cutting
 * between characters; returns the next free row. */
int ui_wrapped(const char *s, int y, int x, int width, int bottom, term_style style)
{
	while (*s && y < bottom) {
		size_t n = 0;
		int w = 0;
		while (s[n]) {
			uint32_t cp;
			size_t len = text_decode(s + n, &cp);
			int cw = text_cp_width(cp);
			if (w + cw > width || !len)
				break;
			w += cw, n += len;
		}
		if (!n)
			break;
		char *part = xstrndup(s, n);
		term_put(y++, x, width, part, style);
		free(part);
		s += n;
	}
	return y;
}

int ui_may(ui *u, lifecycle l, const char *op, int own)
{
	role r = registry_role(u->a, u->a->device);
	if (role_check(r, u->a->device, l, op, own) == 0)
		return 1;
	if (str_eq(u->lang, "en")) {
		ui_say(u, T_ERROR, "%s", err_msg());
		return 0;
	}
	static const char *const roles_zh[] = {"监督员", "科长/站领导", "系统管理员"};
	const char *what = str_eq(op, "approve")		? "审核通过"
			   : str_eq(op, "return")		? "退回"
			   : str_eq(op, "close")		? "关闭"
			   : str_eq(op, "reopen")		? "重新打开"
			   : str_eq(op, "settle")		? "裁定冲突"
			   : str_eq(op, "void") && !own ? "作废他人的记录"
							: op;
	role need = role_needed(l, op, own);
	ui_say(u, T_ERROR, "%s需要%s的设备：本机 %s 是%s的设备", what, roles_zh[need], u->a->device, roles_zh[r]);
	return 0;
}

/* A modal question: keys typed ahead before it showed (an Esc and the
 * sync key y pressed together) are dropped, so only a key pressed after
 * reading it answers; y is yes, any other key no. */
int ui_confirm(ui *u, const char *question)
{
	ui_say(u, T_WARN, "%s %s", question, ui_tr(u, "(y 是 / n 否)", "(y/n)"));
	draw(u);
	term_discard_input();
	term_key k;
	for (;;) {
		if (term_read(&k, -1) < 0)
			continue;
		if (k.kind == K_RESIZE) {
			draw(u);
			continue;
		}
		int yes = k.kind == K_CHAR && (k.wch == 'y' || k.wch == 'Y' || k.wch == L'是');
		u->message[0] = 0;
		u->key_started_ms = term_ms(); /* time waiting for the answer is the person's */
		return yes;
	}
}

/* The prompt of ui_prompt and ui_prompt_path. */
static char *prompt_line(ui *u, const char *prompt, const char *initial, int path)
{
	editor e;
	editor_init(&e, initial ? initial : "", 0, 4000);
	e.prefilled = path;
	char *out = NULL;
	for (;;) {
		int rows = term_rows(), cols = term_cols();
		u->message[0] = 0;
		draw(u);
		int w = term_put(rows - 2, 0, cols / 2, prompt, T_WARN);
		term_put(rows - 2, w, 1, " ", T_NORMAL);
		editor_draw(&e, rows - 2, w + 1, cols - w - 1, 1, 1, T_INPUT);
		term_flush();
		term_key k;
		if (term_read(&k, -1) < 0 || k.kind == K_RESIZE)
			continue;
		if (k.kind == K_KEY && k.key == TK_ESC)
			break;
		if (k.kind == K_KEY && k.key == TK_ENTER) {
			out = editor_text(&e);
			u->key_started_ms = term_ms();
			break;
		}
		editor_key(&e, &k);
	}
	term_cursor(0, 0, 0);
	editor_free(&e);
	return out;
}

char *ui_prompt(ui *u, const char *prompt, const char *initial)
{
	return prompt_line(u, prompt, initial, 0);
}

char *ui_prompt_path(ui *u, const char *prompt, const char *folder)
{
	return prompt_line(u, prompt, folder, 1);
}

static void confirm_quit(ui *u)
{
	if (ui_confirm(u, ui_tr(u, "退出扬尘巡检？", "Quit dustwatch?")))
		u->quit = 1;
}

/* A key: to the screen's key function first (text input), then to the
 * action it is bound to, which the screen runs or leaves to the frame
 * (back, help, quit, and movement and the mouse on the screen's list). */
static void dispatch(ui *u, const term_key *k)
{
	screen *s = u->top;
	if (!s)
		return;
	if (k->kind == K_RESIZE)
		return;
	if (s->ops->key && s->ops->key(u, s, k))
		return;
	ui_list *list = s->ops->list ? s->ops->list(s) : NULL;
	if (k->kind == K_MOUSE) {
		if (list)
			list_mouse(list, k);
		return;
	}
	ui_action_id a = keymap_find(u->keys, s->ops->name, k);
	if (a == ACT_NONE || !offered(u, a))
		return;
	if (s->ops->action && s->ops->action(u, s, a))
		return;
	switch (a) {
	case ACT_HELP:
		ui_open(u, &screen_help, NULL);
		break;
	case ACT_BACK:
		if (s->below)
			ui_back(u);
		else
			confirm_quit(u);
		break;
	case ACT_QUIT:
		confirm_quit(u);
		break;
	default:
		if (list)
			list_move(list, a);
		break;
	}
}

void ui_picked(ui *u, const char *name, const char *id)
{
	char *f = xstrdup(name), *i = xstrdup(id); /* the picker's copies go with it */
	ui_back(u);
	screen *s = u->top;
	if (s && s->ops->on_picked)
		s->ops->on_picked(u, s, f, i);
	free(f), free(i);
}

const char *const ui_screen_names[] = {"home", "sites", "site",   "records", "record", "form",
				       "help", "qr",    "picker", "files",   "conflicts", "review", "setup", "dashboard", NULL};

int ui_keys_load(keymap **out)
{
	const struct embedded *e = &embedded_keys[0];
	return keymap_parse(out, e->name, e->data, e->len, ui_screen_names);
}

static int is_text(const term_key *k)
{
	return k->kind == K_CHAR && k->wch > 0x7f;
}

/* Reads a key; holds back a fast burst to see whether it is a scan.
 * Returns 1 when a key was handled, 0 on a time-out. */
static int read_and_dispatch(ui *u)
{
	term_key first;
	if (term_read(&first, 1000) < 0)
		return 0;
	u->key_started_ms = term_ms();
	if (first.kind != K_CHAR) {
		dispatch(u, &first);
		return 1;
	}
	term_key burst[BURST_MAX];
	int n = 0, ended_enter = 0;
	burst[n++] = first;
	while (n < BURST_MAX) {
		term_key k;
		if (term_read(&k, BURST_GAP_MS) < 0)
			break;
		if (k.kind == K_KEY && k.key == TK_ENTER) {
			ended_enter = 1;
			break;
		}
		burst[n++] = k;
		if (k.kind != K_CHAR)
			break;
	}
	if (ended_enter && n >= 8) {
		strbuf b;
		sb_init(&b);
		for (int i = 0; i < n; i++) {
			char mb[8];
			sb_add(&b, mb, text_encode((uint32_t)burst[i].wch, mb));
		}
		int scanned = b.s && u->a && payload_looks_like(b.s);
		if (scanned)
			ui_open_scanned(u, b.s);
		sb_free(&b);
		if (scanned)
			return 1;
	}
	u->key_started_ms = term_ms(); /* the burst wait is the scanner rule, not work */
	/* Replayed keys act on what the person would have seen: a screen
	 * opened by one key is drawn (and so has its rows) before the next.
	 * But the characters of an input method's commit (beyond ASCII, so
	 * never a command) go into the same screen's field whole, drawn once:
	 * a site's name searched once, not once per character. */
	const screen *was = NULL;
	for (int i = 0; i < n && !u->quit; i++) {
		if (i && !(u->top == was && is_text(&burst[i - 1]) && is_text(&burst[i])))
			draw(u);
		was = u->top;
		dispatch(u, &burst[i]);
	}
	if (ended_enter && !u->quit) {
		term_key enter = {.kind = K_KEY, .key = TK_ENTER};
		draw(u);
		dispatch(u, &enter);
	}
	return 1;
}

int64_t ui_started_ms;
const char *ui_start_warning;

/* DUSTWATCH_UI_TIMING=FILE: for the benchmarks, the time to the first
 * screen, each key's handling plus redraw, and peak memory at the end.
 * The burst wait of a single typed character (30 ms) is not counted: it
 * is the scanner rule, not work: a key's time starts when it is handled. */
static FILE *timing_log(void)
{
	static FILE *f;
	static int tried;
	if (!tried) {
		const char *path = getenv("DUSTWATCH_UI_TIMING");
		tried = 1;
		f = path && *path ? fopen(path, "w") : NULL;
	}
	return f;
}

/* Runs the UI from the screen first (with arg) until it quits. */
static int run(ui *u, const screen_ops *first, const json_t *arg)
{
	if (ui_keys_load(&u->keys) < 0)
		return -1;
	if (term_start() < 0) {
		keymap_free(&u->keys);
		return -1;
	}
	if (ui_open(u, first, arg) < 0) {
		term_stop();
		keymap_free(&u->keys);
		return -1;
	}
	if (ui_start_warning)
		ui_say(u, T_ERROR, "%s", ui_start_warning);
	FILE *log = timing_log();
	int first_draw = 1;
	int64_t key_at = 0;
	while (!u->quit) {
		draw(u);
		if (log && first_draw)
			fprintf(log, "first_screen_ms %lld\n", (long long)(term_ms() - ui_started_ms));
		else if (log && key_at)
			fprintf(log, "key_ms %lld\n", (long long)(term_ms() - key_at));
		first_draw = 0;
		if (log)
			fflush(log);
		char before[sizeof u->message];
		memcpy(before, u->message, sizeof before);
		int handled = read_and_dispatch(u);
		if (u->top && u->top->ops->tick)
			u->top->ops->tick(u, u->top);
		key_at = handled ? u->key_started_ms : 0;
		/* A message stays until the next key, unless that key set one (the
		 * once-a-second wake-up without a key leaves it alone). */
		if (handled && !strcmp(before, u->message))
			u->message[0] = 0;
	}
	while (u->top)
		ui_back(u);
	term_stop();
	keymap_free(&u->keys);
	if (log) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(log, "peak_rss_kib %ld\n", ru.ru_maxrss);
		fclose(log);
	}
	return 0;
}

int ui_run(app *a, const char *lang)
{
	ui u = {.a = a, .lang = lang};
	app_today(a, u.today);
	return run(&u, &screen_home, NULL);
}

int ui_setup(const char *home, const char *lang)
{
	ui u = {.a = NULL, .lang = lang};
	json_t *arg = json_pack("{ss}", "home", home);
	int rc = run(&u, &screen_setup, arg);
	json_decref(arg);
	return rc < 0 ? -1 : u.done;
}
