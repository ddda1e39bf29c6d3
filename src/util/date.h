/* date.h - civil dates as day numbers, and the working-day calendar.
 *
 * A day number counts days from 1970-01-01 (day 0) in the proleptic
 * Gregorian calendar.  Deadlines in the reform are counted in working days
 * (工作日): Saturdays and Sundays rest, weekdays work, except the days the
 * calendar lists as public holidays (休) or as adjusted working days on a
 * weekend (班, 调休). */
#ifndef DUTYLIST_DATE_H
#define DUTYLIST_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* Parses exactly "YYYY-MM-DD" (years 1900-2999) into *day; false when the
 * text is not such a date or the date does not exist (2023-02-29). */
bool date_parse(const char *s, long *day);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(long day, char out[11]);
/* 1 = Monday ... 7 = Sunday. */
int date_weekday(long day);
/* Today in local time. */
long date_today(void);

enum calendar_kind { CAL_REST, CAL_WORK };

struct calendar {
	long *rest;  /* holidays, sorted */
	size_t nrest;
	long *work;  /* weekend working days, sorted */
	size_t nwork;
};

/* Adds one listed day; call calendar_sort once after the last add. */
void calendar_add(struct calendar *c, long day, enum calendar_kind kind);
void calendar_sort(struct calendar *c);
void calendar_free(struct calendar *c);
bool calendar_is_workday(const struct calendar *c, long day);
/* The day on which a period of n working days that starts the day after
 * `from` ends: n = 1 on a Friday before a normal weekend gives Monday.
 * n = 0 gives `from` itself. */
long calendar_add_workdays(const struct calendar *c, long from, int n);
/* The number of working days after `from` up to and including `to`
 * (0 when to <= from). */
int calendar_workdays_between(const struct calendar *c, long from, long to);

#endif
