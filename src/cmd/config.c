/*
 * config: the station's settings, one table: each setting's name, what
 * applies while it is unset, the check of a new value and the line of
 * help. `config` lists them, `config KEY` prints one, `config KEY VALUE`
 * sets it; a key not in the table is refused.
 */
#include "cmd.h"
#include "record.h"
#include "station_settings.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *name;
	/* What applies while it is unset, so the listing never shows a blank
	 * where something is printed ("": nothing). */
	const char *(*fallback)(const app *a);
	/* NULL when value may be set, else why not. */
	const char *(*check)(const char *value);
	const char *help; /* lines after the first are indented under it */
} setting;

static const char *no_fallback(const app *a)
{
	(void)a;
	return "";
}

static const char *station_code(const app *a)
{
	return a->station;
}

static const char *hotline_12345(const app *a)
{
	(void)a;
	return "12345";
}

static const char *complaint_days(const app *a)
{
	(void)a;
	static char days[16];
	snprintf(days, sizeof days, "%d", REC_COMPLAINT_DAYS);
	return days;
}

static const char *days_1_365(const char *value)
{
	char *end;
	long n = strtol(value, &end, 10);
	return *value && !*end && n >= 1 && n <= 365 ? NULL : "complaint_days is a number of days, 1 to 365";
}

static const char *any_text(const char *value)
{
	(void)value;
	return NULL;
}

static const char *https_url(const char *value)
{
	return *value && !str_starts(value, "https://") ? "base_url must start with https://" : NULL;
}

static const char *score_90(const app *a)
{
	(void)a;
	return "90";
}

static const char *score_60(const app *a)
{
	(void)a;
	return "60";
}

static const char *whole_number(const char *value)
{
	return *value && (strspn(value, "0123456789") != strlen(value) || strlen(value) > 4)
		       ? "the value is a whole number from 0 to 9999"
		       : NULL;
}

/* Sealed values are sealed to the key whose secret the station holds: a
 * key set by hand would seal them to nobody. */
static const char *made_by_station_init(const char *value)
{
	(void)value;
	return "seal_key is made by 'dustwatch station init' and cannot be set";
}

static const setting settings[] = {
	{"station_name", station_code, any_text,
	 "the issuing authority printed on notices\n(e.g. 怀化市建设工程质量安全监督站)"},
	{"base_url", no_fallback, https_url,
	 "https address of the station's page; QR codes become\nhttps://.../1/N/... links a phone's camera opens"},
	{"hotline", hotline_12345, any_text, "the complaint hotline printed on placards (default 12345)"},
	{"red_list_score", score_90, whole_number, "a site's latest score that puts it on the red list"},
	{"black_list_score", score_60, whole_number, "a latest score below this puts it on the black list"},
	{"complaint_days", complaint_days, days_1_365,
	 "days a complaint has for its reply (default 15): a new complaint's\ndeadline is the date received plus these"},
	{"seal_key", no_fallback, made_by_station_init,
	 "the key complainants' names and phones are sealed to (read only:\nmade by 'dustwatch station init')"},
};

static const char help[] = "Usage: dustwatch config [KEY [VALUE]]\n\n"
			   "Shows or sets the station's settings. They are one record of the station,\n"
			   "set on an admin's device and synced to every machine (by network or stick):\n";

/* The help: its head, then each setting and its help from the table. */
static void print_help(void)
{
	fputs(help, stdout);
	for (size_t i = 0; i < DW_ARRAY_LEN(settings); i++) {
		const char *h = settings[i].help;
		printf("  %-16s ", settings[i].name);
		for (const char *nl; (nl = strchr(h, '\n')); h = nl + 1)
			printf("%.*s\n%19s", (int)(nl - h), h, "");
		printf("%s\n", h);
	}
}

typedef struct {
	const setting *key; /* NULL: all */
	const char *value;  /* NULL: show */
} config_args;

static int config_parse(void *args, int argc, char **argv)
{
	config_args *x = args;
	const cmd_option none[] = {OPT_END()};
	/* KEY and VALUE are taken as they are: a value may start with -. */
	int rc = opt_parse(none, &argc, argv, OPT_KEEP_UNKNOWN | OPT_STOP_AT_ARG);
	if (rc == OPT_HELP) {
		print_help();
		return 0;
	}
	if (rc < 0 || argc > 3)
		return usage_error("config", "takes KEY and VALUE at most");
	for (size_t i = 0; argc > 1 && i < DW_ARRAY_LEN(settings); i++)
		if (str_eq(argv[1], settings[i].name))
			x->key = &settings[i];
	if (argc > 1 && !x->key)
		return usage_error("config", "unknown key '%s'", argv[1]);
	if (argc < 3)
		return CMD_RUN;
	const char *v = argv[2], *why;
	if (strlen(v) > 200 || !utf8_valid(v, strlen(v)))
		return usage_error("config", "a value is UTF-8 text of at most 200 bytes");
	if ((why = x->key->check(v)))
		return usage_error("config", "%s", why);
	x->value = v;
	return CMD_RUN;
}

static int config_run(app *a, void *args)
{
	config_args *x = args;
	if (x->value) {
		json_t *problems = json_array();
		int rc = station_setting_set(a, x->key->name, x->value, problems);
		json_decref(problems);
		if (rc < 0)
			return fail("%s (the station's settings are set on the admin's device: 'dustwatch config %s VALUE' "
				    "there; they reach every machine by sync)",
				    err_msg(), x->key->name);
		return 0;
	}
	for (size_t i = 0; i < DW_ARRAY_LEN(settings); i++) {
		const setting *k = &settings[i];
		if (x->key && x->key != k)
			continue;
		char *v = station_setting(a, k->name);
		const char *def = k->fallback(a), *shown = v && *v ? v : def;
		if (x->key)
			printf("%s\n", shown);
		else
			printf("%s=%s%s\n", k->name, shown, v && *v ? "" : *def ? " (default)" : "");
		free(v);
	}
	return 0;
}

const command_ops cmd_config = {sizeof(config_args), config_parse, config_run, NULL};
