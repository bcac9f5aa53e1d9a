/*
 * value_validate: a record's fields against its form as a whole: unknown names,
 * relevance, required fields, group sizes, and every value's own checks
 * (value_check). Also computes score totals. Declared in value.h.
 */
#include "util.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

/* The value that a relevance condition looks at: a sibling in the same
 * group item first, then a top-level field. */
static const json_t *lookup(const char *name, const json_t *scope, const json_t *top)
{
	const json_t *v = json_object_get(scope, name);
	return v ? v : json_object_get(top, name);
}

static int value_is(const json_t *v, const char *want)
{
	size_t i;
	json_t *x;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x) if (str_eq(json_string_value(x), want)) return 1;
		return 0;
	}
	if (json_is_integer(v)) {
		char buf[32];
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
		return str_eq(buf, want);
	}
	return str_eq(json_string_value(v), want);
}

int value_relevant(const field *fd, const json_t *scope, const json_t *top)
{
	if (fd->rel == REL_NONE)
		return 1;
	const json_t *v = lookup(fd->rel_field, scope, top);
	switch (fd->rel) {
	case REL_SET:
		return v && !json_is_null(v) && !(json_is_string(v) && !*json_string_value(v));
	case REL_EQ:
		return v && value_is(v, fd->rel_value);
	case REL_NE:
		return !v || json_is_null(v) || !value_is(v, fd->rel_value);
	case REL_IN: {
		if (!v)
			return 0;
		char *copy = xstrdup(fd->rel_value), *save = NULL;
		int hit = 0;
		for (char *w = strtok_r(copy, ",", &save); w && !hit; w = strtok_r(NULL, ",", &save))
			hit = value_is(v, w);
		free(copy);
		return hit;
	}
	default:
		return 1;
	}
}

static void problem(json_t *problems, const char *name, char *msg)
{
	json_array_append_new(problems, json_pack("{ssss}", "field", name, "message", msg));
	free(msg);
}

static int empty(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
	       (json_is_array(v) && json_array_size(v) == 0);
}

static const field *member(const field *g, const char *name)
{
	for (size_t i = 0; i < g->n_members; i++)
		if (str_eq(g->members[i].name, name))
			return &g->members[i];
	return NULL;
}

/* Checks the fields of one scope: the record (group NULL) or one item of
 * a group, whose names are reported as "group[N].member". */
static int check_scope(const form *f, const field *group, size_t item, const json_t *scope, const json_t *top,
		       const char *today, int partial, json_t *problems)
{
	int n = 0;
	const char *key;
	json_t *v;
	char name[160];
	const field *list = group ? group->members : f->fields;
	size_t count = group ? group->n_members : f->n_fields;
#define NAME(fn)                                                                                      \
	(group ? (snprintf(name, sizeof name, "%s[%zu].%s", group->name, item + 1, (fn)), name)       \
	       : (snprintf(name, sizeof name, "%s", (fn)), name))
	json_object_foreach((json_t *)scope, key, v)
	{
		const field *fd = group ? member(group, key) : form_field(f, key);
		if (!fd || strchr(key, '.')) {
			problem(problems, NAME(key), xasprintf("no such field in form %s", f->kind)), n++;
			continue;
		}
		/* A sealed value was checked where it was written (seal.h). */
		if (json_is_null(v) || (fd->private && value_is_sealed(v)))
			continue;
		char *msg = value_check(fd, v, today);
		if (msg) {
			problem(problems, NAME(key), msg), n++;
			continue;
		}
		if (!partial && !value_relevant(fd, scope, top) && !empty(v)) {
			problem(problems, NAME(key),
				xasprintf("does not apply unless %s %s %s", fd->rel_field,
					  fd->rel == REL_NE ? "is not" : fd->rel == REL_IN ? "is one of" : "is",
					  fd->rel_value ? fd->rel_value : "set")), n++;
			continue;
		}
		if (fd->type == FT_GROUP && json_is_array(v)) {
			size_t i;
			json_t *it;
			long len = (long)json_array_size(v);
			if (!partial && (len < fd->min_items || len > fd->max_items))
				problem(problems, NAME(key),
					xasprintf("needs %ld to %ld entries, has %ld", fd->min_items, fd->max_items, len)), n++;
			json_array_foreach(v, i, it)
			{
				if (!json_is_object(it)) {
					problem(problems, NAME(key), xasprintf("entry %zu is not an object", i + 1)), n++;
					continue;
				}
				n += check_scope(f, fd, i, it, top, today, partial, problems);
			}
		}
	}
	if (partial)
		return n;
	for (size_t i = 0; i < count; i++) {
		const field *fd = &list[i];
		if (fd->required && fd->type != FT_SCORE && value_relevant(fd, scope, top) &&
		    empty(json_object_get(scope, fd->name)))
			problem(problems, NAME(fd->name), xstrdup("is required")), n++;
		else if (fd->type == FT_GROUP && fd->min_items > 0 && !json_object_get(scope, fd->name))
			problem(problems, NAME(fd->name), xasprintf("needs at least %ld entries", fd->min_items)), n++;
	}
#undef NAME
	return n;
}

int value_validate(const form *f, const json_t *fields, const char *today, int partial, json_t *problems)
{
	if (!json_is_object(fields)) {
		problem(problems, "", xstrdup("fields must be a JSON object"));
		return 1;
	}
	return check_scope(f, NULL, 0, fields, fields, today, partial, problems);
}

/* 100 x earned / applicable over the scored compliance items and scored
 * choices; an item answered n/a or left empty does not count. */
void value_compute_scores(const form *f, json_t *fields)
{
	long earned = 0, possible = 0;
	int any_score_field = 0;
	for (size_t i = 0; i < f->n_fields; i++) {
		const field *fd = &f->fields[i];
		const char *v = json_string_value(json_object_get(fields, fd->name));
		if (fd->type == FT_SCORE)
			any_score_field = 1;
		if (!value_relevant(fd, fields, fields))
			continue;
		if (fd->type == FT_COMPLIANCE && fd->score && v && !str_eq(v, "na")) {
			possible += fd->score;
			if (str_eq(v, "yes"))
				earned += fd->score;
		} else if (fd->type == FT_CHOICE && v) {
			int best = 0;
			for (size_t k = 0; k < fd->n_options; k++)
				best = fd->options[k].score > best ? fd->options[k].score : best;
			const option *o = field_option(fd, v);
			if (best && o)
				possible += best, earned += o->score;
		}
	}
	if (!any_score_field)
		return;
	for (size_t i = 0; i < f->n_fields; i++)
		if (f->fields[i].type == FT_SCORE) {
			if (possible)
				json_object_set_new(fields, f->fields[i].name,
						    json_integer((earned * 100 + possible / 2) / possible));
			else
				json_object_del(fields, f->fields[i].name);
		}
}
