/*
 * fuzz_csv: a station's list of sites or inspectors as a spreadsheet saves
 * it (`dustwatch import site|inspector FILE`): any bytes, in any encoding
 * the detection may take them for, through libcsv, the header's matching
 * and each row's checks. The first byte picks the kind (bit 0: inspector)
 * and whether the rows are really taken (bit 1) or only checked (a dry
 * run); the rest is the file.
 *
 * Properties: a refused file says why; every data row is taken, already
 * there or refused, never two of these; a dry run takes nothing into the
 * database; and a file taken once, imported again, creates nothing twice.
 *
 * One data directory per process (in $TMPDIR), made afresh every few
 * thousand runs that really import, as its records pile up.
 */
#include "fuzz.h"
#include "import.h"
#include "store_impl.h" /* scalar_sql: a count the import does not give */

#include <unistd.h>

enum { RUNS_PER_HOME = 2000 };

static char *dir, *home;
static app a;
static int open_app, runs;

static void close_home(void)
{
	if (open_app)
		app_close(&a);
	open_app = 0;
}

static void remove_dir(void)
{
	close_home();
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_csv: could not remove %s\n", dir);
	free(cmd);
}

static void make_home(void)
{
	close_home();
	char *cmd = xasprintf("rm -rf '%s'", home);
	if (system(cmd) != 0)
		abort();
	free(cmd);
	if (app_init(home, "HH", "A03", "张伟") < 0 || app_open(&a, home) < 0) {
		fprintf(stderr, "fuzz_csv: %s\n", err_msg());
		abort();
	}
	open_app = 1;
	runs = 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *tmp = getenv("TMPDIR");
	dir = xasprintf("%s/dwfuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		abort();
	home = xasprintf("%s/data", dir);
	setenv("DUSTWATCH_NOW", "2024-05-03T08:00:00Z", 1);
	make_home();
	atexit(remove_dir);
	return 0;
}

static long long records(void)
{
	return (long long)scalar_sql(a.db, "SELECT count(*) FROM records");
}

static long long num(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *kind = data[0] & 1 ? "inspector" : "site";
	int take = data[0] & 2;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	if (take && ++runs > RUNS_PER_HOME)
		make_home();

	long long before = records();
	json_t *r = import_csv(&a, kind, text, len, !take);
	if (!r) {
		FUZZ_ASSERT(err_msg()[0] != '\0');
		FUZZ_ASSERT(records() == before);
		return 0;
	}
	long long rows = num(r, "rows"), taken = num(r, "taken"), existing = num(r, "existing");
	long long refused = (long long)json_array_size(json_object_get(r, "refused"));
	FUZZ_ASSERT(rows >= 0 && taken >= 0 && existing >= 0);
	FUZZ_ASSERT(taken + existing + refused == rows);
	FUZZ_ASSERT(records() == before + (take ? taken : 0));
	json_decref(r);
	if (take && taken > 0) {
		json_t *again = import_csv(&a, kind, text, len, 0);
		FUZZ_ASSERT(again != NULL);
		FUZZ_ASSERT(num(again, "taken") == 0);
		json_decref(again);
	}
	return 0;
}
