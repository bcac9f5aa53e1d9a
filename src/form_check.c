/*
 * form_check: the rules a form must keep as a whole, checked after it is
 * parsed: every field labelled, every field it names declared, the header
 * fitting the kind (the lifecycle engine is code, so each kind's lifecycle
 * is fixed), at most one score and something for it to count, no
 * relevance that leads back to itself, defaults that are valid values.
 */
#include "form_impl.h"
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void form_error(form_errors *e, int line, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (e->n_errs < 200)
		sb_printf(&e->errs, "%s%s:%d: %s", e->n_errs ? "\n" : "", e->path, line, msg);
	e->n_errs++;
}

/* What each kind allows: its lifecycle, whether it is numbered, whether it
 * names a site, whether it must have a date. */
static const struct {
	const char *kind;
	lifecycle life;
	int may_number, has_site, needs_date;
} kind_rules[] = {
	{"site", LC_REGISTRY, 0, 0, 1},       {"inspection", LC_REVIEW, 1, 1, 1},
	{"notice", LC_NOTICE, 1, 1, 1},       {"complaint", LC_COMPLAINT, 1, 1, 1},
	{"agreement", LC_REVIEW, 1, 1, 1},    {"survey", LC_REVIEW, 1, 1, 1},
	{"machinery", LC_REVIEW, 1, 1, 1},    {"inspector", LC_REGISTRY, 0, 0, 0},
	{"device", LC_REGISTRY, 0, 0, 0},     {"reinspection", LC_REVIEW, 1, 1, 1},
};

static int is_known_field(const form *f, const field *scope, const char *name)
{
	if (scope)
		for (size_t i = 0; i < scope->n_members; i++)
			if (str_eq(scope->members[i].name, name))
				return 1;
	return form_field(f, name) != NULL;
}

static const char *const default_words[] = {"today", "now", "inspector", "device", "site", "complaint_deadline"};

static void check_default(const field *fd, form_errors *e)
{
	for (size_t i = 0; i < DW_ARRAY_LEN(default_words); i++)
		if (str_eq(fd->def, default_words[i]))
			return;
	char *msg = NULL;
	json_t *v = value_parse(fd, fd->def, "2000-01-01T00:00:00Z", &msg);
	if (v && !msg)
		msg = value_check(fd, v, NULL);
	if (msg)
		form_error(e, fd->line, "default '%s' of field '%s' is not a valid value: %s", fd->def, fd->name, msg);
	free(msg);
	json_decref(v);
}

static int scores_points(const field *fd)
{
	if (fd->type == FT_COMPLIANCE && fd->score)
		return 1;
	for (size_t i = 0; i < fd->n_options; i++)
		if (fd->options[i].score)
			return 1;
	return 0;
}

static void check_field(const form *f, const field *fd, const field *group, form_errors *e)
{
	if (!fd->label.zh)
		form_error(e, fd->line, "field '%s' has no label", fd->name);
	if ((fd->type == FT_CHOICE || fd->type == FT_MULTI) && fd->n_options == 0)
		form_error(e, fd->line, "field '%s' is a %s with no options", fd->name, field_type_name(fd->type));
	if (fd->type == FT_MULTI && scores_points(fd))
		form_error(e, fd->line, "options of a multi field carry no score ('%s')", fd->name);
	if (fd->rel_field && !is_known_field(f, group, fd->rel_field))
		form_error(e, fd->line, "field '%s' is relevant on unknown field '%s'", fd->name, fd->rel_field);
	if (fd->rel_field && str_eq(fd->rel_field, fd->name))
		form_error(e, fd->line, "field '%s' cannot be relevant on itself", fd->name);
	if (fd->type == FT_GROUP && fd->n_members == 0)
		form_error(e, fd->line, "group '%s' has no fields", fd->name);
	if (fd->type == FT_GROUP && fd->min_items > fd->max_items)
		form_error(e, fd->line, "group '%s' has min greater than max", fd->name);
	if (fd->type == FT_GROUP && fd->required)
		form_error(e, fd->line, "group '%s': use 'min 1' rather than 'required'", fd->name);
	if (group && fd->significant)
		form_error(e, fd->line, "'%s.%s': a group is merged as one value, so significant goes on the group",
			   group->name, fd->name);
	if (fd->private && (group || fd->type == FT_SCORE || fd->type == FT_GROUP || fd->type == FT_PHOTO ||
			    fd->type == FT_FILE || fd->type == FT_SIGNATURE))
		form_error(e, fd->line, "'%s': private is for a field of the form that holds a value (not a group, "
			   "a member of one, a score, or attachments)", fd->name);
	if (fd->private && (str_eq(fd->name, f->site_field) || str_eq(fd->name, f->date_field) ||
			    str_eq(fd->name, f->due_field)))
		form_error(e, fd->line, "'%s' is the form's site, date or due field: every machine indexes it, so it "
			   "cannot be private", fd->name);
	if (group && (scores_points(fd) || fd->type == FT_SCORE))
		form_error(e, fd->line, "'%s.%s': scores inside a group are not counted", group->name, fd->name);
	if (fd->type == FT_SCORE && (fd->required || fd->def))
		form_error(e, fd->line, "score field '%s' is computed: no required or default", fd->name);
	if (fd->def && fd->type != FT_GROUP && fd->type != FT_SCORE)
		check_default(fd, e);
	for (size_t i = 0; i < fd->n_members; i++)
		check_field(f, &fd->members[i], fd, e);
}

static void check_header_field(const form *f, form_errors *e, int line, const char *what, const char *name,
			       field_type want)
{
	const field *fd = form_field(f, name);
	if (!fd || strchr(name, '.'))
		form_error(e, line, "%s field '%s' is not declared", what, name);
	else if (fd->type != want && !(want == FT_DATE && fd->type == FT_DATETIME && str_eq(what, "date")))
		form_error(e, line, "%s field '%s' must be of type %s", what, name, field_type_name(want));
}

/* A relevance condition that leads back to its own field would make the
 * field depend on itself. Follows each chain at most n steps. */
static void check_loops(const form *f, form_errors *e)
{
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		for (size_t step = 0; fd && fd->rel_field && step <= f->n_fields; step++) {
			fd = form_field(f, fd->rel_field);
			if (fd == &f->fields[i]) {
				form_error(e, fd->line, "relevance of field '%s' leads back to itself", fd->name);
				break;
			}
		}
	}
}

static void check_kind(const form *f, form_errors *e)
{
	for (size_t k = 0; k < DW_ARRAY_LEN(kind_rules); k++) {
		if (!str_eq(kind_rules[k].kind, f->kind))
			continue;
		if (f->life_line && f->life != kind_rules[k].life)
			form_error(e, f->life_line, "a %s form has lifecycle %s", f->kind,
				   lifecycle_name(kind_rules[k].life));
		if (f->numbered && !kind_rules[k].may_number)
			form_error(e, f->numbered_line, "%s records are not numbered", f->kind);
		if (kind_rules[k].has_site && !f->site_field)
			form_error(e, 1, "a %s form names its site field: 'site FIELD'", f->kind);
		if (!kind_rules[k].has_site && f->site_field)
			form_error(e, f->site_line, "a %s form has no site field", f->kind);
		if (kind_rules[k].needs_date && !f->date_field)
			form_error(e, 1, "a %s form names its date field: 'date FIELD'", f->kind);
	}
}

void form_check(const form *f, form_errors *e)
{
	if (!f->kind)
		form_error(e, 1, "a form starts with 'form KIND'");
	if (!f->version)
		form_error(e, 1, "the header needs 'version N'");
	if (!f->title.zh)
		form_error(e, 1, "the header needs 'title 中文 | English'");
	if (!f->life_line)
		form_error(e, 1, "the header needs 'lifecycle NAME'");
	if (f->kind)
		check_kind(f, e);
	if (f->site_field)
		check_header_field(f, e, f->site_line, "site", f->site_field, FT_REF);
	if (f->date_field)
		check_header_field(f, e, f->date_line, "date", f->date_field, FT_DATE);
	if (f->due_field && f->life != LC_NOTICE && f->life != LC_COMPLAINT)
		form_error(e, f->due_line, "due: only with lifecycle notice or complaint");
	else if (f->due_field)
		check_header_field(f, e, f->due_line, "due", f->due_field, FT_DATE);
	else if (f->life == LC_NOTICE && f->life_line)
		form_error(e, f->life_line, "lifecycle notice needs 'due FIELD' (the deadline)");
	for (size_t i = 0; i < f->n_summary; i++) {
		const field *fd = form_field(f, f->summary[i]);
		if (!fd || strchr(f->summary[i], '.'))
			form_error(e, f->summary_line, "summary field '%s' is not declared", f->summary[i]);
		else if (fd->type == FT_GROUP || fd->type == FT_PHOTO || fd->type == FT_FILE)
			form_error(e, f->summary_line, "summary field '%s' cannot be a %s", f->summary[i],
				   field_type_name(fd->type));
	}
	for (size_t i = 0; i < f->n_sections; i++)
		if (!f->sections[i].label.zh)
			form_error(e, 1, "section '%s' has no label", f->sections[i].name);
	int n_score = 0, scored = 0;
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		check_field(f, fd, NULL, e);
		if (fd->type == FT_SCORE && ++n_score > 1)
			form_error(e, fd->line, "a form has at most one score field");
		scored |= scores_points(fd);
	}
	for (size_t i = 0; i < f->n_fields; i++)
		if (f->fields[i].type == FT_SCORE && !scored)
			form_error(e, f->fields[i].line, "score field '%s' has nothing to count: no scored items or options",
				   f->fields[i].name);
	check_loops(f, e);
}
