/*
 * demo_names: the word lists of the demo station (see demo_names.h), read
 * from names.txt, which the build embeds (tools/embed.c, embedded_demo).
 * The text is copied once and cut in place: every entry is a string in
 * that copy, every section an array of them, kept for the process's life.
 */
#include "demo_names.h"
#include "embedded.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const demo_district *demo_districts;
size_t demo_n_districts;
const demo_project *demo_projects;
size_t demo_n_projects;
const demo_problem *demo_problems;
size_t demo_n_problems;
const demo_complaint *demo_complaints;
size_t demo_n_complaints;

demo_list demo_surnames, demo_given, demo_mobile_prefixes, demo_staff, demo_gov_builders, demo_developers,
	demo_contractors, demo_road_contractors, demo_green_contractors, demo_supervisors, demo_phases,
	demo_site_notes, demo_laptops, demo_opinions_pass, demo_opinions_rectify, demo_opinions_stopwork,
	demo_return_reasons, demo_resubmit_notes, demo_reinspect_ok, demo_reinspect_bad, demo_survey_comments,
	demo_machinery_notes, demo_net_problems, demo_agreement_terms, demo_unregistered_places;

static demo_list spring_festival;

/* The plain lists: section name and where it goes. */
static const struct {
	const char *name;
	demo_list *list;
} plain[] = {
	{"surnames", &demo_surnames},
	{"given", &demo_given},
	{"mobile_prefixes", &demo_mobile_prefixes},
	{"staff", &demo_staff},
	{"gov_builders", &demo_gov_builders},
	{"developers", &demo_developers},
	{"contractors", &demo_contractors},
	{"road_contractors", &demo_road_contractors},
	{"green_contractors", &demo_green_contractors},
	{"supervisors", &demo_supervisors},
	{"phases", &demo_phases},
	{"site_notes", &demo_site_notes},
	{"laptops", &demo_laptops},
	{"opinions_pass", &demo_opinions_pass},
	{"opinions_rectify", &demo_opinions_rectify},
	{"opinions_stopwork", &demo_opinions_stopwork},
	{"return_reasons", &demo_return_reasons},
	{"resubmit_notes", &demo_resubmit_notes},
	{"reinspect_ok", &demo_reinspect_ok},
	{"reinspect_bad", &demo_reinspect_bad},
	{"survey_comments", &demo_survey_comments},
	{"machinery_notes", &demo_machinery_notes},
	{"net_problems", &demo_net_problems},
	{"agreement_terms", &demo_agreement_terms},
	{"unregistered_places", &demo_unregistered_places},
	{"spring_festival", &spring_festival},
};

typedef struct {
	const char *name;
	const char **v;
	size_t n;
} section;

static section *sections;
static size_t n_sections;
static int loaded;

static const section *find(const char *name)
{
	for (size_t i = 0; i < n_sections; i++)
		if (str_eq(sections[i].name, name))
			return &sections[i];
	err_set("demo names: no section [%s]", name);
	return NULL;
}

static int list_of(const char *name, demo_list *out)
{
	const section *s = find(name);
	if (!s)
		return -1;
	out->s = s->v, out->n = s->n;
	return 0;
}

/* Cuts row (in the text's copy) at " | " into exactly n fields. */
static int fields(char *row, const char **f, size_t n, const char *what)
{
	size_t i = 0;
	for (char *p = row;; i++) {
		char *bar = strstr(p, " | ");
		if (i == n || (!bar && i + 1 != n))
			return err_set("demo names: [%s] wants %zu fields: %s", what, n, row);
		f[i] = p;
		if (!bar)
			break;
		*bar = 0;
		p = bar + 3;
	}
	return 0;
}

static int number(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > 1000000000)
		return err_set("demo names: '%s' is not a number", s);
	*out = (int)v;
	return 0;
}

/* The sections of the file: each line an entry of the last "[name]". */
static int split(char *text)
{
	section *cur = NULL;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		size_t len = strlen(line);
		if (!len || line[0] == '#')
			continue;
		if (line[0] == '[' && line[len - 1] == ']') {
			line[len - 1] = 0;
			sections = xrealloc(sections, (n_sections + 1) * sizeof *sections);
			cur = &sections[n_sections++];
			*cur = (section){line + 1, NULL, 0};
			continue;
		}
		if (!cur)
			return err_set("demo names: an entry before the first section: %s", line);
		cur->v = xrealloc(cur->v, (cur->n + 1) * sizeof *cur->v);
		cur->v[cur->n++] = str_eq(line, "\"\"") ? "" : line;
	}
	return 0;
}

/* The list [prefix code]: a district's places, a problem's notes. */
static int sublist(const char *prefix, const char *code, demo_list *out)
{
	char *name = xasprintf("%s %s", prefix, code);
	int rc = list_of(name, out);
	free(name);
	return rc;
}

/* An array (zeroed) for the rows of table name, *s its section, *n how
 * many; NULL with the error set when the section is missing. */
static void *table(const char *name, size_t size, const section **s, size_t *n)
{
	if (!(*s = find(name)))
		return NULL;
	*n = (*s)->n;
	return xcalloc((*s)->n ? (*s)->n : 1, size);
}

static int load_districts(void)
{
	const section *s;
	demo_district *d = table("districts", sizeof *d, &s, &demo_n_districts);
	if (!d)
		return -1;
	demo_districts = d;
	for (size_t i = 0; i < s->n; i++) {
		const char *f[6];
		if (fields((char *)s->v[i], f, 6, "districts") < 0 || number(f[3], &d[i].weight) < 0 ||
		    number(f[4], &d[i].lat_e6) < 0 || number(f[5], &d[i].lon_e6) < 0 ||
		    sublist("places", f[0], &d[i].places) < 0)
			return -1;
		d[i].code = f[0], d[i].prefix = f[1], d[i].division = f[2];
	}
	return 0;
}

static int load_projects(void)
{
	const section *s;
	demo_project *p = table("projects", sizeof *p, &s, &demo_n_projects);
	if (!p)
		return -1;
	demo_projects = p;
	for (size_t i = 0; i < s->n; i++) {
		const char *f[8];
		int *num[6] = {&p[i].area_lo, &p[i].area_hi, &p[i].value_lo, &p[i].value_hi, &p[i].months_lo,
			       &p[i].months_hi};
		if (fields((char *)s->v[i], f, 8, "projects") < 0)
			return -1;
		for (int k = 0; k < 6; k++)
			if (number(f[2 + k], num[k]) < 0)
				return -1;
		p[i].type = f[0], p[i].noun = f[1];
	}
	return 0;
}

static int load_problems(void)
{
	const section *s;
	demo_problem *p = table("problems", sizeof *p, &s, &demo_n_problems);
	if (!p)
		return -1;
	demo_problems = p;
	for (size_t i = 0; i < s->n; i++) {
		const char *f[4];
		if (fields((char *)s->v[i], f, 4, "problems") < 0 || number(f[2], &p[i].weight) < 0 ||
		    sublist("notes", f[0], &p[i].notes) < 0)
			return -1;
		p[i].field = f[0], p[i].item = f[1], p[i].requirement = f[3];
	}
	return 0;
}

static int load_complaints(void)
{
	const section *s;
	demo_complaint *c = table("complaints", sizeof *c, &s, &demo_n_complaints);
	if (!c)
		return -1;
	demo_complaints = c;
	for (size_t i = 0; i < s->n; i++) {
		const char *f[5];
		if (fields((char *)s->v[i], f, 5, "complaints") < 0)
			return -1;
		c[i] = (demo_complaint){f[0], f[1], f[2], f[3], f[4]};
	}
	return 0;
}

int demo_names_load(void)
{
	if (loaded)
		return 0;
	const struct embedded *e = embedded_demo;
	while (e->name && !str_eq(e->name, "names.txt"))
		e++;
	if (!e->name)
		return err_set("demo names: names.txt is not in the binary");
	if (split(xstrndup(e->data, e->len)) < 0 || load_districts() < 0 || load_projects() < 0 ||
	    load_problems() < 0 || load_complaints() < 0)
		return -1;
	for (size_t i = 0; i < DW_ARRAY_LEN(plain); i++)
		if (list_of(plain[i].name, plain[i].list) < 0)
			return -1;
	loaded = 1;
	return 0;
}

int64_t demo_spring_festival(int year)
{
	int64_t day;
	if (year < 2000 || (size_t)(year - 2000) >= spring_festival.n)
		return -1;
	return parse_date(spring_festival.s[year - 2000], &day) == 0 ? day : -1;
}
