#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"

/* Days from civil, after Howard Hinnant's well-known algorithm. */
static long days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool is_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool date_parse(const char *s, long *day)
{
	if (!s || !is_digits(s, 4) || s[4] != '-' || !is_digits(s + 5, 2) ||
	    s[7] != '-' || !is_digits(s + 8, 2) || s[10] != '\0')
		return false;
	long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	long m = (s[5] - '0') * 10 + (s[6] - '0');
	long d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return false;
	*day = days_from_civil(y, m, d);
	return true;
}

void date_format(long day, char out[11])
{
	long y, m, d;
	civil_from_days(day, &y, &m, &d);
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y % 10000, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

int date_weekday(long day)
{
	/* 1970-01-01 was a Thursday (4). */
	long w = (day % 7 + 7 + 3) % 7; /* 0 = Monday */
	return (int)w + 1;
}

long date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void calendar_add(struct calendar *c, long day, enum calendar_kind kind)
{
	long **v = kind == CAL_REST ? &c->rest : &c->work;
	size_t *n = kind == CAL_REST ? &c->nrest : &c->nwork;
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = day;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

void calendar_sort(struct calendar *c)
{
	if (c->nrest)
		qsort(c->rest, c->nrest, sizeof *c->rest, cmp_long);
	if (c->nwork)
		qsort(c->work, c->nwork, sizeof *c->work, cmp_long);
}

void calendar_free(struct calendar *c)
{
	free(c->rest);
	free(c->work);
	*c = (struct calendar){0};
}

static bool listed(const long *v, size_t n, long day)
{
	return n && bsearch(&day, v, n, sizeof *v, cmp_long) != NULL;
}

bool calendar_is_workday(const struct calendar *c, long day)
{
	if (listed(c->work, c->nwork, day))
		return true;
	if (listed(c->rest, c->nrest, day))
		return false;
	return date_weekday(day) <= 5;
}

long calendar_add_workdays(const struct calendar *c, long from, int n)
{
	long day = from;
	while (n > 0) {
		day++;
		if (calendar_is_workday(c, day))
			n--;
	}
	return day;
}

int calendar_workdays_between(const struct calendar *c, long from, long to)
{
	int n = 0;
	for (long day = from + 1; day <= to; day++)
		n += calendar_is_workday(c, day);
	return n;
}
