/*
 * demo_names: the word lists the demo station is made from (dustwatch
 * demo). Huaihua's counties and districts with a few roads and places in
 * each, kinds of projects, builders, contractors and supervising engineers,
 * Chinese names, mobile prefixes, and the texts inspectors and the
 * station write: problems found on the dust checklist with what is
 * required, complaints with findings, actions and replies, review comments.
 *
 * Everything here is fictional or generic; nothing names a real person.
 * The words are in src/demo/names.txt, compiled into the binary and read
 * by demo_names_load() once per process; the tables below stay as it
 * fills them until the process ends (nothing else writes them, nothing
 * frees them). Templates may hold {place}, {road} and {n}, which the demo
 * fills in (never printf formats).
 */
#ifndef DW_DEMO_NAMES_H
#define DW_DEMO_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* A list of strings. */
typedef struct {
	const char *const *s;
	size_t n;
} demo_list;

/* A county or district of Huaihua: its site.form district code. */
typedef struct {
	const char *code;     /* option of site.form's district field */
	const char *prefix;   /* how project names and addresses start: 鹤城区 */
	const char *division; /* administrative division code, for permit numbers */
	int weight;           /* share of the municipal station's sites */
	int lat_e6, lon_e6;   /* the town centre, in millionths of a degree */
	demo_list places;     /* roads (ending in 路, 大道 or 街) and places */
} demo_district;

/* A kind of project: its site.form type and how its name ends. */
typedef struct {
	const char *type;         /* option of site.form's type field */
	const char *noun;         /* 安置小区, 实训楼, 改造工程 */
	int area_lo, area_hi;     /* floor area in m² (0: none, as for roads) */
	int value_lo, value_hi;   /* contract value in 万元 */
	int months_lo, months_hi; /* construction period */
} demo_project;

/* A checklist item as inspection.form has it, and what goes wrong. */
typedef struct {
	const char *field;       /* compliance field of inspection.form */
	const char *item;        /* option of problems.item: the scored item or "other" */
	int weight;              /* how often it is the item found wanting */
	demo_list notes;         /* problems found */
	const char *requirement; /* what the notice requires */
} demo_problem;

/* A kind of complaint, with how it is found, handled and answered. */
typedef struct {
	const char *categories;  /* complaint.form category codes, comma separated */
	const char *content;     /* what the complainant says ({place}) */
	const char *findings;
	const char *actions;
	const char *reply;
} demo_complaint;

/* Reads names.txt (embedded) into the tables below; again: nothing. Returns
 * 0, or -1 with the error set when the file is malformed (a bug of the
 * build: the file is compiled in). */
int demo_names_load(void);

extern const demo_district *demo_districts;
extern size_t demo_n_districts;
extern const demo_project *demo_projects;
extern size_t demo_n_projects;
extern const demo_problem *demo_problems;
extern size_t demo_n_problems;
extern const demo_complaint *demo_complaints;
extern size_t demo_n_complaints;

extern demo_list demo_surnames, demo_given, demo_mobile_prefixes;
extern demo_list demo_staff;           /* the station's inspectors, first the supervisor */
extern demo_list demo_gov_builders;    /* suffixes after a district: 城市建设投资有限公司 */
extern demo_list demo_developers;      /* builders of housing and factories */
extern demo_list demo_contractors, demo_road_contractors, demo_green_contractors;
extern demo_list demo_supervisors;
extern demo_list demo_phases;          /* 二期, （一标段） */
extern demo_list demo_site_notes;
extern demo_list demo_laptops;
extern demo_list demo_opinions_pass, demo_opinions_rectify, demo_opinions_stopwork;
extern demo_list demo_return_reasons, demo_resubmit_notes;
extern demo_list demo_reinspect_ok, demo_reinspect_bad;
extern demo_list demo_survey_comments, demo_machinery_notes, demo_net_problems;
extern demo_list demo_agreement_terms;
extern demo_list demo_unregistered_places; /* where a complaint finds no registered site */

/* The first day of the Spring Festival holiday (正月初一) of year, as days
 * since 1970-01-01, or -1 when the year is not in the table. */
int64_t demo_spring_festival(int year);

#endif
