/*
 * print (UI): a site's placard or a notice printed to a PDF file the
 * person names, with the same code as `dustwatch print` (src/print.h).
 */
#include "print.h"
#include "record.h"
#include "ui/ui.h"
#include "util.h"

#include <stdlib.h>

/* Prints a site's placard or a notice to a PDF file the person names
 * (default in the home directory), with the same code as `dustwatch print`. */
void ui_print(ui *u, const char *id)
{
	json_t *st = store_get_record(u->a->db, id);
	const char *kind = json_string_value(json_object_get(st, "kind"));
	char *payload = st ? rec_payload(u->a, st) : NULL;
	if (!payload) {
		ui_say(u, T_ERROR, "%s", err_msg());
		json_decref(st);
		return;
	}
	const char *num = json_string_value(json_object_get(st, "number"));
	const char *home = getenv("HOME");
	char *def = str_eq(kind, "site") ? xasprintf("%s/placard-%.8s.pdf", home ? home : ".", id)
					 : xasprintf("%s/notice-%s.pdf", home ? home : ".", num ? num : id);
	char *path = ui_prompt(u, ui_tr(u, "保存为 PDF：", "Save the PDF as:"), def);
	if (path && *path) {
		int rc = str_eq(kind, "site") ? print_placard_pdf(u->a, st, payload, path)
					      : print_notice_pdf(u->a, st, payload, path);
		if (rc < 0)
			ui_say(u, T_ERROR, "%s", err_msg());
		else
			ui_say(u, T_OK, "%s %s", ui_tr(u, "已生成", "Written:"), path);
	}
	free(path), free(def), free(payload);
	json_decref(st);
}
