/*
 * locale: the program's character set is UTF-8 whatever the machine's
 * locale settings. A minimal install often has only C.UTF-8: with
 * LANG=zh_CN.UTF-8 and no such locale, setlocale(LC_ALL, "") fails and
 * leaves the "C" locale, in which curses shows no Chinese at all. So when
 * the environment's locale is missing or not UTF-8, C.UTF-8 (then
 * en_US.UTF-8) is taken instead. The language of the UI and of the
 * commands' output is not the locale's: it is read from LANG and the like
 * (output_lang: zh_* is Chinese), so it is kept.
 */
#include "cmd.h"
#include "util.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

static const char *problem;

static int utf8_now(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

int locale_init(void)
{
	static const char *const fallbacks[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};
	if (setlocale(LC_ALL, "") && utf8_now())
		return 0;
	for (size_t i = 0; i < DW_ARRAY_LEN(fallbacks); i++)
		if (setlocale(LC_ALL, fallbacks[i]) && utf8_now())
			return 0;
	setlocale(LC_ALL, "");
	problem = "no UTF-8 locale is installed, so Chinese cannot be shown: install one "
		  "(Debian/Ubuntu: apt-get install locales-all, or locales and then "
		  "locale-gen zh_CN.UTF-8) and start dustwatch again";
	fprintf(stderr, "dustwatch: %s\n", problem);
	return -1;
}

const char *locale_problem(void)
{
	return problem;
}
