/*
 * setup: screen_setup, what `dustwatch` opens on a terminal when there is
 * no data directory yet. Either join a station: the station's code, this
 * laptop's code, the inspector's name, the station's address (git://,
 * ssh://, https:// or a stick's path) and the pin of its certificate or
 * host key where the address takes one, each checked as it is typed with
 * the reason under it (setup.h's checks); F2 makes the data directory
 * (setup_join, init's core) and shows this laptop's public key as text
 * and as a QR code for the station admin to enroll. Or F5 makes a demo
 * station there (demo.h). Enter after either opens the usual screens.
 *
 * arg: {"home": the data directory to make}. Owns its editors and the
 * key's drawing.
 */
#include "demo/demo.h"
#include "qr.h"
#include "setup.h"
#include "text.h"
#include "ui/editor.h"
#include "ui/ui.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Columns of the labels; the key's QR code: level L, a 3-module quiet zone. */
#define LABEL_W 24
#define KEY_QUIET 3

typedef struct {
	char *home;
	editor ed[SETUP_FIELDS];
	int focus;
	char pk[65];     /* the device's public key, once joined */
	char *key_qr;    /* its drawing */
	char *device;    /* the device code joined with */
	int demo;        /* a demo station was made */
} setup_view;

static const char *field_label(const ui *u, int f)
{
	static const char *const zh[] = {"监督站代码", "本机设备代码", "监督员姓名", "监督站地址或U盘路径", "证书/主机密钥指纹"};
	static const char *const en[] = {"Station code", "This laptop's code", "Inspector's name", "Station address or stick",
					  "Certificate/host key pin"};
	return ui_tr(u, zh[f], en[f]);
}

/* The answers as typed (the strings are the caller's to free with
 * free_answers). */
static setup_answers answers(const setup_view *v)
{
	setup_answers a = {editor_text(&v->ed[0]), editor_text(&v->ed[1]), editor_text(&v->ed[2]),
			   editor_text(&v->ed[3]), editor_text(&v->ed[4])};
	return a;
}

static void free_answers(setup_answers *a)
{
	free((char *)a->station), free((char *)a->device), free((char *)a->inspector);
	free((char *)a->address), free((char *)a->pin);
}

static int open_setup(ui *u, screen *s, const json_t *arg)
{
	(void)u;
	setup_view *v = xcalloc(1, sizeof *v);
	const char *home = json_string_value(json_object_get(arg, "home"));
	v->home = xstrdup(home ? home : "");
	for (int f = 0; f < SETUP_FIELDS; f++)
		editor_init(&v->ed[f], "", 0, f == SETUP_INSPECTOR ? 30 : 300);
	s->state = v;
	return 0;
}

static void draw_key(ui *u, setup_view *v, int top, int bottom)
{
	int cols = term_cols(), y = top;
	const char *line = v->key_qr;
	char *first = xstrndup(line, strcspn(line, "\n"));
	int qw = text_width(first);
	free(first);
	term_text(y++, 0, cols, ui_tr(u, "已创建数据目录。请站长登记本机公钥：", "The data directory is made. The station admin enrolls this key:"),
		  T_TITLE);
	ui_drawing(line, y, 0, qw, bottom);
	/* Beside the code: the key, the admin's command, what comes next. */
	int x = qw + 2, w = cols - x;
	if (w < 20)
		return;
	y = ui_wrapped(ui_tr(u, "本机公钥：", "This laptop's public key:"), top + 2, x, w, bottom, T_BOLD);
	y = ui_wrapped(v->pk, y, x, w, bottom, T_NORMAL) + 1;
	y = ui_wrapped(ui_tr(u, "站长扫描左侧二维码，或在监督站执行：", "The admin scans the code, or runs at the station:"), y, x, w,
		    bottom, T_NORMAL);
	char *cmd = xasprintf("dustwatch enroll %s %s", v->device, v->pk);
	y = ui_wrapped(cmd, y, x, w, bottom, T_DIM) + 1;
	free(cmd);
	y = ui_wrapped(ui_tr(u, "登记后同步（y）即可收到监督站的数据。", "Then a sync (y) brings the station's records."), y, x, w,
		    bottom, T_NORMAL) + 1;
	ui_wrapped(ui_tr(u, "Enter 进入扬尘巡检", "Enter: open dustwatch"), y, x, w, bottom, T_OK);
}

static void draw_setup(ui *u, screen *s, int top, int bottom)
{
	setup_view *v = s->state;
	if (v->key_qr) {
		draw_key(u, v, top, bottom);
		return;
	}
	int cols = term_cols(), y = top;
	term_text(y++, 0, cols, ui_tr(u, "扬尘巡检 · 首次使用", "dustwatch · first run"), T_TITLE);
	char *where = str_eq(u->lang, "en")
			      ? xasprintf("No data directory yet (%s). Join a station: fill in each line, then F2; or F5 "
					  "for a demo station.",
					  v->home)
			      : xasprintf("还没有数据目录（%s）。加入监督站：填写各项后按 F2；或按 F5 打开演示监督站。", v->home);
	y = ui_wrapped(where, y, 0, cols, bottom, T_NORMAL) + 1;
	free(where);
	setup_answers a = answers(v);
	for (int f = 0; f < SETUP_FIELDS && y + 1 < bottom; f++, y += 2) {
		const char *why = setup_check(&a, (setup_field)f, u->lang);
		term_text(y, 0, LABEL_W, field_label(u, f), f == v->focus ? T_BOLD : T_NORMAL);
		int w = cols - LABEL_W - 1;
		editor_draw(&v->ed[f], y, LABEL_W, w, 1, f == v->focus, T_INPUT);
		if (why)
			term_text(y + 1, LABEL_W, w, why, v->ed[f].len || f == v->focus ? T_ERROR : T_DIM);
		else
			term_text(y + 1, LABEL_W, w, "✓", T_OK);
	}
	if (setup_pin_key(a.address) && y < bottom)
		y = ui_wrapped(ui_tr(u, "https 与 ssh 地址：填站长给的 SHA-256 指纹（留空则信任系统证书或首次见到的主机密钥）。",
				  "https and ssh: the SHA-256 pin the admin gives (empty: a CA's certificate, or the host key seen first)."),
			    y, 0, cols, bottom, T_DIM);
	free_answers(&a);
}

/* F2: every answer acceptable, then the data directory, then the key. */
static void join(ui *u, setup_view *v)
{
	setup_answers a = answers(v);
	int bad = -1;
	for (int f = 0; f < SETUP_FIELDS && bad < 0; f++)
		if (setup_check(&a, (setup_field)f, u->lang))
			bad = f;
	qr_code q = {0};
	if (bad >= 0) {
		ui_say(u, T_ERROR, "%s: %s", field_label(u, bad), setup_check(&a, (setup_field)bad, u->lang));
		v->focus = bad;
	} else if (setup_join(v->home, &a, v->pk) < 0 || qr_make_small(v->pk, &q) < 0) {
		ui_say(u, T_ERROR, "%s", err_msg());
	} else {
		v->key_qr = qr_utf8_quiet(&q, 0, KEY_QUIET);
		v->device = xstrdup(a.device);
		u->done = 1;
	}
	qr_free(&q);
	free_answers(&a);
}

/* F5: a demo station in the data directory (a few seconds). */
static void demo(ui *u, setup_view *v)
{
	demo_options o = {.records = DEMO_RECORDS, .seed = 1};
	ui_say(u, T_WARN, "%s", ui_tr(u, "正在生成演示监督站……", "Making a demo station..."));
	if (demo_generate(v->home, &o, NULL, NULL) < 0) {
		ui_say(u, T_ERROR, "%s", err_msg());
		return;
	}
	u->done = 1;
	u->quit = 1;
}

static int setup_action(ui *u, screen *s, ui_action_id a)
{
	setup_view *v = s->state;
	if (v->key_qr)
		return 0;
	switch (a) {
	case ACT_JOIN: join(u, v); break;
	case ACT_DEMO: demo(u, v); break;
	case ACT_DOWN: v->focus = (v->focus + 1) % SETUP_FIELDS; break;
	case ACT_UP: v->focus = (v->focus + SETUP_FIELDS - 1) % SETUP_FIELDS; break;
	default: return 0;
	}
	return 1;
}

/* Typing goes to the field with the cursor; once joined, Enter opens the
 * usual screens. */
static int setup_key(ui *u, screen *s, const term_key *k)
{
	setup_view *v = s->state;
	if (v->key_qr) {
		if (k->kind == K_KEY && k->key == TK_ENTER)
			u->quit = 1;
		return 1;
	}
	if (k->kind == K_KEY && (k->key == TK_ENTER || k->key == TK_UP || k->key == TK_DOWN || k->key == TK_TAB ||
				 k->key == TK_BTAB || k->key == TK_ESC || k->key >= TK_F0))
		return 0;
	if (k->kind == K_CHAR && (k->wch == ' ') && v->focus != SETUP_INSPECTOR && v->focus != SETUP_PIN)
		return 1; /* codes and addresses have no spaces */
	return editor_key(&v->ed[v->focus], k);
}

/* Once joined, only Enter (and help, quit) is left. */
static int setup_offers(ui *u, screen *s, ui_action_id a)
{
	(void)u;
	const setup_view *v = s->state;
	return !v->key_qr || (a != ACT_JOIN && a != ACT_DEMO);
}

static void close_setup(ui *u, screen *s)
{
	(void)u;
	setup_view *v = s->state;
	for (int f = 0; f < SETUP_FIELDS; f++)
		editor_free(&v->ed[f]);
	free(v->home), free(v->key_qr), free(v->device);
	free(v);
}

const screen_ops screen_setup = {
	.name = "setup",
	.open = open_setup,
	.draw = draw_setup,
	.action = setup_action,
	.key = setup_key,
	.close = close_setup,
	.offers = setup_offers,
};
