/* whistle.c - deadlines and overdue steps of a whistle (see whistle.h). */
#include "whistle.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "machine.h"

const struct whistle_settings whistle_defaults = {
	.urgent_ack_hours = 1,
	.urgent_onsite_hours = 24,
	.urgent_resolve_days = 0,
	.normal_ack_days = 1,
	.normal_report_days = 3,
	.normal_resolve_days = 5,
	.min_sample = 5,
};

static bool two_digits(const char *s, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

bool iso_time_parse(const char *s, time_t *out)
{
	/* by hand, not sscanf: the statistics read three per whistle */
	int h, mi, sec;
	if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
	    !two_digits(s + 11, &h) || !two_digits(s + 14, &mi) || !two_digits(s + 17, &sec))
		return false;
	char day[11];
	memcpy(day, s, 10);
	day[10] = '\0';
	long dn;
	if (!date_parse(day, &dn) || h > 23 || mi > 59 || sec > 60)
		return false;
	*out = (time_t)dn * 86400 + h * 3600 + mi * 60 + sec;
	return true;
}

void iso_time_format(time_t t, char out[21])
{
	long day = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	unsigned rest = (unsigned)(t - (time_t)day * 86400) % 86400u;
	char d[11];
	date_format(day, d);
	snprintf(out, 21, "%.10sT%02u:%02u:%02uZ", d, (rest / 3600) % 24u, (rest / 60) % 60u,
	         rest % 60u);
}

/* The end (23:59:59, local time, as date_today counts days) of the n-th
 * working day after the day of `from`. */
static void day_end(const struct calendar *cal, time_t from, int n, char out[21])
{
	struct tm lt;
	localtime_r(&from, &lt);
	char text[32];
	snprintf(text, sizeof text, "%04d-%02d-%02d", lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
	long day;
	if (!date_parse(text, &day))
		day = (long)(from / 86400);
	char end[11];
	date_format(calendar_add_workdays(cal, day, n), end);
	struct tm e = {0};
	if (sscanf(end, "%4d-%2d-%2d", &e.tm_year, &e.tm_mon, &e.tm_mday) != 3)
		return;
	e.tm_year -= 1900;
	e.tm_mon -= 1;
	e.tm_hour = 23;
	e.tm_min = 59;
	e.tm_sec = 59;
	e.tm_isdst = -1;
	iso_time_format(mktime(&e), out);
}

void whistle_deadlines_at(const struct whistle_settings *set, const struct calendar *cal,
                          bool urgent, time_t from, struct whistle_deadlines *out)
{
	memset(out, 0, sizeof *out);
	if (urgent) {
		iso_time_format(from + (time_t)set->urgent_ack_hours * 3600, out->ack);
		iso_time_format(from + (time_t)set->urgent_onsite_hours * 3600, out->report);
		if (set->urgent_resolve_days > 0)
			day_end(cal, from, set->urgent_resolve_days, out->resolve);
	} else {
		day_end(cal, from, set->normal_ack_days, out->ack);
		day_end(cal, from, set->normal_report_days, out->report);
		if (set->normal_resolve_days > 0)
			day_end(cal, from, set->normal_resolve_days, out->resolve);
	}
}

static bool past(const char *deadline, time_t now)
{
	time_t t;
	return *deadline && iso_time_parse(deadline, &t) && now > t;
}

const char *whistle_overdue(int state, const struct whistle_deadlines *d, time_t now)
{
	if (state == WHISTLE_RAISED && past(d->ack, now))
		return "acknowledge";
	if ((state == WHISTLE_RAISED || state == WHISTLE_ACKNOWLEDGED) && past(d->report, now))
		return "report";
	if (state != WHISTLE_RESOLVED && state != WHISTLE_CLOSED_UNRESOLVED && past(d->resolve, now))
		return "resolve";
	return NULL;
}

double percentile_sorted(const double *v, int n, double p)
{
	int rank = (int)ceil(p * n); /* nearest rank, 1-based */
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

double percentile_select(double *v, int n, double p)
{
	int k = (int)ceil(p * n) - 1; /* the nearest rank's 0-based place */
	if (k < 0)
		k = 0;
	if (k > n - 1)
		k = n - 1;
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		/* the median of three as the pivot: sorted input stays linear */
		int mid = lo + (hi - lo) / 2;
		double a = v[lo], b = v[mid], c = v[hi];
		double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
		int i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break; /* v[k] equals the pivot, in its place */
	}
	return v[k];
}
