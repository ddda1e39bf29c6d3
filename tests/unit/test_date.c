/* test_date.c - dates and the working-day calendar (工作日, 调休). */
#include "testutil.h"

#include "util/date.h"

static long day(const char *s)
{
	long d;
	assert_true(date_parse(s, &d));
	return d;
}

static void test_parse_and_format(void **state)
{
	(void)state;
	long d;
	char out[11];
	assert_true(date_parse("1970-01-01", &d));
	assert_int_equal(d, 0);
	assert_true(date_parse("2024-02-29", &d)); /* leap year */
	date_format(d, out);
	assert_string_equal(out, "2024-02-29");
	assert_false(date_parse("2023-02-29", &d));
	assert_false(date_parse("1900-02-29", &d)); /* not a leap year */
	assert_true(date_parse("2000-02-29", &d));  /* but 2000 is */
	assert_false(date_parse("2026-13-01", &d));
	assert_false(date_parse("2026-04-31", &d));
	assert_false(date_parse("2026-1-01", &d));
	assert_false(date_parse("2026-01-01 ", &d));
	assert_false(date_parse("", &d));
	assert_int_equal(date_weekday(day("2026-11-26")), 4); /* a Thursday */
	assert_int_equal(date_weekday(day("2026-11-29")), 7);
}

/* The 2026 National Day holiday: 10-01..10-07 rest (Thu..Wed), 10-10
 * (Saturday) is worked. */
static void national_day(struct calendar *c)
{
	const char *rest[] = {"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
	                      "2026-10-05", "2026-10-06", "2026-10-07"};
	for (size_t i = 0; i < 7; i++)
		calendar_add(c, day(rest[i]), CAL_REST);
	calendar_add(c, day("2026-10-10"), CAL_WORK);
	calendar_sort(c);
}

static void test_working_days(void **state)
{
	(void)state;
	struct calendar c = {0};
	national_day(&c);
	assert_true(calendar_is_workday(&c, day("2026-09-30")));
	assert_false(calendar_is_workday(&c, day("2026-10-01")));
	assert_false(calendar_is_workday(&c, day("2026-10-04"))); /* a Sunday and a holiday */
	assert_true(calendar_is_workday(&c, day("2026-10-10")));  /* 调休: a worked Saturday */
	assert_false(calendar_is_workday(&c, day("2026-10-11"))); /* an ordinary Sunday */
	char out[11];
	/* one working day after Wednesday 09-30 is Thursday 10-08 */
	date_format(calendar_add_workdays(&c, day("2026-09-30"), 1), out);
	assert_string_equal(out, "2026-10-08");
	/* three after 09-30: 10-08 Thu, 10-09 Fri, 10-10 Sat (worked) */
	date_format(calendar_add_workdays(&c, day("2026-09-30"), 3), out);
	assert_string_equal(out, "2026-10-10");
	/* four: the Sunday is skipped, Monday 10-12 */
	date_format(calendar_add_workdays(&c, day("2026-09-30"), 4), out);
	assert_string_equal(out, "2026-10-12");
	/* zero days is the day itself */
	assert_int_equal(calendar_add_workdays(&c, day("2026-10-03"), 0), day("2026-10-03"));
	/* a Friday plus one working day, with no holiday, is Monday */
	date_format(calendar_add_workdays(&c, day("2026-11-27"), 1), out);
	assert_string_equal(out, "2026-11-30");
	assert_int_equal(calendar_workdays_between(&c, day("2026-09-30"), day("2026-10-12")), 4);
	assert_int_equal(calendar_workdays_between(&c, day("2026-10-12"), day("2026-09-30")), 0);
	calendar_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_format),
		cmocka_unit_test(test_working_days),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
