/*
 * test_progress: the time left of a stage (src/progress.h), from its rate
 * so far, at given times.
 */
#include "testutil.h"
#include "progress.h"

#include <stdlib.h>
#include <string.h>

static void eta_from_the_rate_so_far(void **state)
{
	(void)state;
	progress_clock c = {0};
	assert_int_equal(progress_eta_at(&c, "import", 0, 1000, 5000), -1); /* the stage starts */
	assert_int_equal(progress_eta_at(&c, "import", 100, 1000, 5500), -1); /* under a second: not yet */
	/* 200 of 1000 in 2 s: 800 more at 100/s. */
	assert_int_equal(progress_eta_at(&c, "import", 200, 1000, 7000), 8);
	assert_int_equal(progress_eta_at(&c, "import", 1000, 1000, 9000), -1); /* done */
	/* A new stage starts the clock again. */
	assert_int_equal(progress_eta_at(&c, "fetch", 10, 100, 9000), -1);
	assert_int_equal(progress_eta_at(&c, "fetch", 10, 100, 20000), -1); /* nothing done in it yet */
	assert_int_equal(progress_eta_at(&c, "fetch", 55, 100, 20000), 11);
}

static void eta_written(void **state)
{
	(void)state;
	char buf[48];
	progress_fmt_eta(-1, 0, buf, sizeof buf);
	assert_string_equal(buf, "");
	progress_fmt_eta(83, 0, buf, sizeof buf);
	assert_string_equal(buf, " 1:23 left");
	progress_fmt_eta(3725, 1, buf, sizeof buf);
	assert_string_equal(buf, " 剩余 1:02:05");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eta_from_the_rate_so_far),
		cmocka_unit_test(eta_written),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
