/*
 * files: screen_files, the file browser that attaches photos and files to
 * a form's field. It shows one directory at a time, starting where the
 * last file was picked in this run (else $HOME): ".." first, then
 * folders, then files, each with its size. A photo field shows only
 * images (jpg, jpeg, png, heic) until `a` shows every file, hidden ones
 * included. The keys and the mouse wheel move, a click selects; Enter
 * descends into a folder or picks a file; Backspace, Left or ".." goes up; `/`
 * or typing asks for a path (ui_prompt_path: the way to reach a file the list
 * does not show; it starts with this folder, which a first "/" or "~"
 * replaces, and Ctrl-U clears); Esc cancels. The picked path goes back to the screen
 * below through ui_picked, with the name the browser was opened with, as
 * screen_picker hands back a record.
 *
 * Names are shown as they are (UTF-8, Chinese included) through term,
 * which cuts and pads by columns; a name that is not UTF-8 (GBK, from a
 * stick written on Windows) is shown converted (text_filename) and opened
 * by its own bytes.
 *
 * arg: {"field": name handed back, "title": what is attached, "photo":
 * true for images only}. Owns its copies of these and the entries of the
 * directory shown.
 */
#include "text.h"
#include "ui/list.h"
#include "ui/ui.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct {
	char *name;     /* the bytes, to open it */
	char *shown;    /* UTF-8, to show it */
	int dir;        /* a folder (or a link to one); ".." is one */
	long long size; /* bytes; -1 when unknown (a broken link) */
} fentry;

typedef struct {
	char *field, *title;
	int photo;     /* a photo field: images only ... */
	int all;       /* ... unless `a` shows every file, hidden ones too */
	char *dir;     /* absolute, no trailing slash ("/" for the root) */
	fentry *e;
	size_t n;
	size_t n_dirs, n_files, left_out; /* left_out: files the filter hides */
	ui_list list; /* its y and rows as last drawn, for the mouse */
} browser;

/* Where the last file was picked, for the next browser of this run. */
static char last_dir[PATH_MAX];

static int is_image(const char *name)
{
	static const char *const exts[] = {"jpg", "jpeg", "png", "heic"};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < DW_ARRAY_LEN(exts); i++)
		if (!strcasecmp(dot + 1, exts[i]))
			return 1;
	return 0;
}

/* ".." first, folders before files, then by name (ASCII case folded). */
static int entry_cmp(const void *pa, const void *pb)
{
	const fentry *a = pa, *b = pb;
	int ua = !strcmp(a->name, ".."), ub = !strcmp(b->name, "..");
	if (ua != ub)
		return ub - ua;
	if (a->dir != b->dir)
		return b->dir - a->dir;
	int c = strcasecmp(a->name, b->name);
	return c ? c : strcmp(a->name, b->name);
}

static void free_entries(fentry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].name), free(e[i].shown);
	free(e);
}

/* dir joined with name: a new string, caller frees. */
static char *join(const char *dir, const char *name)
{
	return xasprintf("%s%s%s", dir, str_eq(dir, "/") ? "" : "/", name);
}

/* Shows directory path (absolute, canonical), selecting the entry named
 * select if there is one. Returns 0, or -1 with err_msg() and the browser
 * as it was. */
static int load(browser *b, const char *path, const char *select)
{
	DIR *d = opendir(path);
	if (!d)
		return err_set("%s: %s", path, strerror(errno));
	fentry *e = NULL;
	size_t n = 0, cap = 0, dirs = 0, files = 0, left_out = 0;
	struct dirent *de;
	int root = str_eq(path, "/");
	if (!root) {
		cap = 16;
		e = xcalloc(cap, sizeof *e);
		e[n++] = (fentry){xstrdup(".."), xstrdup(".."), 1, -1};
	}
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		if (name[0] == '.' && !b->all)
			continue;
		struct stat sb;
		int known = fstatat(dirfd(d), name, &sb, 0) == 0;
		int is_dir = known && S_ISDIR(sb.st_mode);
		if (!is_dir && b->photo && !b->all && !is_image(name)) {
			left_out++;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			e = xrealloc(e, cap * sizeof *e);
		}
		e[n++] = (fentry){xstrdup(name), text_filename(name), is_dir, known && !is_dir ? (long long)sb.st_size : -1};
		if (is_dir)
			dirs++;
		else
			files++;
	}
	closedir(d);
	qsort(e, n, sizeof *e, entry_cmp);
	free_entries(b->e, b->n);
	if (b->dir != path) {
		free(b->dir);
		b->dir = xstrdup(path);
	}
	b->e = e, b->n = n;
	b->n_dirs = dirs, b->n_files = files, b->left_out = left_out;
	b->list.count = (long)n, b->list.sel = b->list.top = 0;
	for (size_t i = 0; select && i < n; i++)
		if (str_eq(e[i].name, select))
			b->list.sel = (long)i;
	/* The first file rather than "..": what a person came for. */
	if (!select && n > 1 && !root)
		b->list.sel = 1;
	return 0;
}

/* Goes to path (any form); says why not when it cannot. */
static int go(ui *u, browser *b, const char *path, const char *select)
{
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		ui_say(u, T_ERROR, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (load(b, real, select) < 0) {
		ui_say(u, T_ERROR, "%s", err_msg());
		return -1;
	}
	return 0;
}

static void go_up(ui *u, browser *b)
{
	if (str_eq(b->dir, "/"))
		return;
	char *slash = strrchr(b->dir, '/');
	char *parent = slash == b->dir ? xstrdup("/") : xstrndup(b->dir, (size_t)(slash - b->dir));
	char *child = xstrdup(slash + 1);
	go(u, b, parent, child);
	free(parent), free(child);
}

/* Hands path back to the screen below; closes the browser (frees b). */
static void pick(ui *u, browser *b, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash)
		snprintf(last_dir, sizeof last_dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	char *p = xstrdup(path); /* path may be b's */
	ui_picked(u, b->field, p);
	free(p);
}

static void activate(ui *u, browser *b)
{
	if (!b->n)
		return;
	const fentry *e = &b->e[b->list.sel];
	if (str_eq(e->name, "..")) {
		go_up(u, b);
		return;
	}
	char *path = join(b->dir, e->name);
	if (e->dir)
		go(u, b, path, NULL);
	else
		pick(u, b, path);
	free(path);
}

/* Asks for a path (initial text given): a folder is shown, a file picked.
 * "~/" is the home folder; a relative path is from the folder shown; a
 * leading "@" (as on the command line) is allowed. */
static void ask_path(ui *u, browser *b, const char *initial, int prefilled)
{
	char *in = prefilled ? ui_prompt_path(u, ui_tr(u, "路径：", "Path:"), initial)
			     : ui_prompt(u, ui_tr(u, "路径：", "Path:"), initial);
	if (!in)
		return;
	char *s = in;
	while (*s == ' ')
		s++;
	if (*s == '@')
		s++;
	size_t len = strlen(s);
	while (len > 1 && s[len - 1] == ' ')
		s[--len] = 0;
	if (!*s) {
		free(in);
		return;
	}
	const char *home = getenv("HOME");
	char *path = s[0] == '~' && (s[1] == '/' || !s[1]) ? xasprintf("%s%s", home ? home : "", s + 1)
			     : s[0] == '/' ? xstrdup(s) : join(b->dir, s);
	struct stat sb;
	if (stat(path, &sb) < 0)
		ui_say(u, T_ERROR, "%s: %s", path, ui_tr(u, "没有这个文件或文件夹", "no such file or folder"));
	else if (S_ISDIR(sb.st_mode))
		go(u, b, path, NULL);
	else
		pick(u, b, path);
	free(path), free(in);
}

static int open_files(ui *u, screen *s, const json_t *arg)
{
	browser *b = xcalloc(1, sizeof *b);
	const char *fname = json_string_value(json_object_get(arg, "field"));
	const char *title = json_string_value(json_object_get(arg, "title"));
	b->field = xstrdup(fname ? fname : "");
	b->title = xstrdup(title ? title : "");
	b->photo = json_is_true(json_object_get(arg, "photo"));
	s->state = b;
	const char *home = getenv("HOME");
	const char *starts[] = {last_dir[0] ? last_dir : NULL, home && *home ? home : NULL, "/"};
	char real[PATH_MAX];
	for (size_t i = 0; i < DW_ARRAY_LEN(starts); i++)
		if (starts[i] && realpath(starts[i], real) && load(b, real, NULL) == 0)
			return 0;
	ui_say(u, T_ERROR, "%s", err_msg());
	free(b->field), free(b->title), free(b);
	return -1;
}

static void close_files(ui *u, screen *s)
{
	(void)u;
	browser *b = s->state;
	free_entries(b->e, b->n);
	free(b->dir), free(b->field), free(b->title);
	free(b);
}

static void fmt_size(long long n, char *buf, size_t len)
{
	if (n < 0)
		snprintf(buf, len, "?");
	else if (n < 1024)
		snprintf(buf, len, "%lld B", n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%.1f KB", (double)n / 1024);
	else if (n < 1024LL * 1024 * 1024)
		snprintf(buf, len, "%.1f MB", (double)n / (1024 * 1024));
	else
		snprintf(buf, len, "%.1f GB", (double)n / (1024.0 * 1024 * 1024));
}

/* The folder's path in cols columns: its end is what tells folders apart,
 * so a long one loses its start ("…"). */
static void draw_path(int y, int cols, const char *path)
{
	if (text_width(path) <= cols) {
		term_text(y, 0, cols, path, T_BOLD);
		return;
	}
	const char *s = path;
	uint32_t cp;
	while (*s && text_width(s) > cols - 1)
		s += text_decode(s, &cp);
	char *t = xasprintf("…%s", s);
	term_text(y, 0, cols, t, T_BOLD);
	free(t);
}

static void draw_files(ui *u, screen *s, int top, int bottom)
{
	browser *b = s->state;
	int cols = term_cols();
	char *head = xasprintf("%s%s%s", b->photo ? ui_tr(u, "选择照片", "Choose a photo") : ui_tr(u, "选择文件", "Choose a file"),
			       *b->title ? ui_tr(u, "：", ": ") : "", b->title);
	term_text(top, 0, cols, head, T_TITLE);
	free(head);
	char *dir = text_filename(b->dir);
	draw_path(top + 1, cols, dir);
	free(dir);
	b->list.y = top + 2;
	b->list.rows = bottom - 1 - b->list.y;
	if (b->list.rows < 1)
		b->list.rows = 1;
	list_fit(&b->list, b->list.rows);
	int size_w = cols >= 40 ? 10 : 0, name_w = cols - 2 - size_w - (size_w ? 1 : 0);
	for (int i = 0; i < b->list.rows; i++) {
		long k = b->list.top + i;
		int y = b->list.y + i;
		if (k >= (long)b->n) {
			if (k == (long)b->n && !b->n_dirs && !b->n_files)
				term_text(y, 2, cols - 2,
					  b->left_out ? ui_tr(u, "（没有图片，a 显示全部文件）", "(no images; a: all files)")
						      : ui_tr(u, "（空文件夹）", "(empty folder)"),
					  T_DIM);
			continue;
		}
		const fentry *e = &b->e[k];
		int sel = k == b->list.sel;
		term_style style = sel ? T_SELECTED : e->dir ? T_BOLD : T_NORMAL;
		term_fill(y, 0, cols, style);
		term_put(y, 0, 2, sel ? "▶" : "", style);
		char *name = xasprintf("%s%s", e->shown, e->dir ? "/" : "");
		term_put(y, 2, name_w, name, style);
		free(name);
		if (!size_w)
			continue;
		char size[32];
		if (str_eq(e->name, ".."))
			snprintf(size, sizeof size, "%s", ui_tr(u, "上一级", "up"));
		else if (e->dir)
			snprintf(size, sizeof size, "%s", ui_tr(u, "文件夹", "folder"));
		else
			fmt_size(e->size, size, sizeof size);
		int w = text_width(size);
		term_put(y, cols - 1 - w, w, size, sel ? T_SELECTED : T_DIM);
	}
	/* What is shown, what the filter hides, and the keys not in the bar. */
	int en = str_eq(u->lang, "en"), only = b->photo && !b->all;
	strbuf t;
	sb_init(&t);
	sb_printf(&t, en ? "%zu folders, %zu files" : "%zu 个文件夹，%zu 个文件", b->n_dirs, b->n_files);
	if (only && b->left_out)
		sb_printf(&t, en ? " (images only; %zu others)" : "（只显示图片，另有 %zu 个其他文件）", b->left_out);
	else if (only)
		sb_puts(&t, en ? " (images only)" : "（只显示图片）");
	sb_puts(&t, en ? "  │ Backspace up a folder" : "  │ Backspace 上一级");
	char *status = sb_take(&t);
	term_text(bottom - 1, 0, cols, status, T_DIM);
	free(status);
}

static int files_action(ui *u, screen *s, ui_action_id a)
{
	browser *b = s->state;
	switch (a) {
	case ACT_OPEN_PICK: activate(u, b); break;
	case ACT_UP_FOLDER: go_up(u, b); break;
	case ACT_INTO_FOLDER:
		if (b->n && b->e[b->list.sel].dir)
			activate(u, b);
		break;
	case ACT_PATH: {
		char *initial = xasprintf("%s%s", b->dir, str_eq(b->dir, "/") ? "" : "/");
		ask_path(u, b, initial, 1); /* "/" or "~" typed first starts over */
		free(initial);
		break;
	}
	case ACT_ALL_FILES: {
		char *keep = b->n ? xstrdup(b->e[b->list.sel].name) : NULL;
		b->all = !b->all;
		if (load(b, b->dir, keep) < 0)
			ui_say(u, T_ERROR, "%s", err_msg());
		free(keep);
		break;
	}
	case ACT_CANCEL: ui_back(u); break;
	default: return 0;
	}
	return 1;
}

/* A click selects (the frame does it) and Enter opens: a click on the
 * selected row does not open it, as term reports a button's release as a
 * click too. */
static ui_list *files_list(screen *s)
{
	browser *b = s->state;
	return &b->list;
}

static int files_key(ui *u, screen *s, const term_key *k)
{
	browser *b = s->state;
	/* Typing a name starts the path prompt with it, in this folder;
	 * the keys bound on this screen (a, /) and the generic ones (? help,
	 * q back) stay keys. */
	if (k->kind == K_CHAR && k->wch > ' ' && keymap_find(u->keys, s->ops->name, k) == ACT_NONE) {
		char ch[8];
		ch[text_encode((uint32_t)k->wch, ch)] = 0;
		char *initial = k->wch == '~' ? xstrdup("~/") : xasprintf("%s%s%s", b->dir, str_eq(b->dir, "/") ? "" : "/", ch);
		ask_path(u, b, initial, 0);
		free(initial);
		return 1;
	}
	return 0;
}

const screen_ops screen_files = {
	.name = "files",
	.open = open_files,
	.draw = draw_files,
	.action = files_action,
	.key = files_key,
	.close = close_files,
	.list = files_list,
};
