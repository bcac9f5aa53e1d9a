/*
 * fuzz_form: form files (forms/KIND.form, a station's own, `forms check`):
 * form_parse with every whole-form check (form_check), then what the rest
 * of the program asks of a parsed form: its fields by name (group members
 * as "group.member"), labels, options, and its normalised text, which must
 * parse to a form of the same shape.
 */
#include "form.h"
#include "fuzz.h"

static void walk_fields(const form *f, const field *fields, size_t n, const char *group)
{
	for (size_t i = 0; i < n; i++) {
		const field *fd = &fields[i];
		char *name = group ? xasprintf("%s.%s", group, fd->name) : xstrdup(fd->name);
		FUZZ_ASSERT(form_field(f, name) != NULL);
		FUZZ_ASSERT(field_type_name(fd->type) != NULL);
		(void)label_get(&fd->label, "en"), (void)label_get(&fd->hint, "zh");
		for (size_t k = 0; k < fd->n_options; k++)
			FUZZ_ASSERT(field_option(fd, fd->options[k].code) != NULL);
		if (!group)
			walk_fields(f, fd->members, fd->n_members, fd->name);
		free(name);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	form *f = form_parse("fuzz.form", (const char *)data, size);
	if (!f)
		return 0;
	FUZZ_ASSERT(f->kind && form_kind_known(f->kind));
	(void)lifecycle_name(f->life), (void)label_get(&f->title, "en"), (void)label_get(&f->noun, "zh");
	walk_fields(f, f->fields, f->n_fields, NULL);
	/* Comments, blank lines, order and noun dropped: still the same form. */
	char *norm = form_normalized(f->source);
	form *g = form_parse("fuzz.form", norm, strlen(norm));
	FUZZ_ASSERT(g != NULL);
	FUZZ_ASSERT(str_eq(g->kind, f->kind) && g->version == f->version && g->n_fields == f->n_fields);
	form_free(g);
	free(norm);
	form_free(f);
	return 0;
}
