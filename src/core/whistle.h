/* whistle.h - 乡镇吹哨、部门报到: a town calls a county department in.
 *
 * The rules without I/O: each step's deadline from the urgency and the
 * office's settings, counted in hours for urgent whistles and in working
 * days (util/date.h) for normal ones; which step of a whistle is overdue
 * at a moment (derived on read, never stored); times as ISO 8601 UTC. */
#ifndef DUTYLIST_CORE_WHISTLE_H
#define DUTYLIST_CORE_WHISTLE_H

#include <stdbool.h>
#include <time.h>

#include "../util/date.h"

/* The office's settings (one row; these are the defaults). */
struct whistle_settings {
	int urgent_ack_hours;    /* 1: an urgent whistle is acknowledged within an hour */
	int urgent_onsite_hours; /* 24: and the department is on site (reports) within a day */
	int urgent_resolve_days; /* 0: no separate resolution deadline for urgent ones */
	int normal_ack_days;     /* 1 working day */
	int normal_report_days;  /* 3 working days */
	int normal_resolve_days; /* 5 working days */
	int min_sample;          /* 5: fewer whistles than this are "insufficient data" */
};
extern const struct whistle_settings whistle_defaults;

/* The deadlines of a whistle's steps, "YYYY-MM-DDTHH:MM:SSZ"; "" when the
 * step has none. */
struct whistle_deadlines {
	char ack[21], report[21], resolve[21];
};

/* The deadlines of a whistle raised (or reassigned) at `from`, counted
 * from that moment: hours for urgent ones, working days on the calendar
 * (the day after `from` is the first) for normal ones.  Days are the
 * server's local days, as date_today counts them; the deadline is the end
 * of its local day, written in UTC. */
void whistle_deadlines_at(const struct whistle_settings *set, const struct calendar *cal,
                          bool urgent, time_t from, struct whistle_deadlines *out);

/* "2026-11-26T06:00:00Z" as a time; false when it is not one. */
bool iso_time_parse(const char *s, time_t *out);
void iso_time_format(time_t t, char out[21]);

/* The step overdue at `now` of a whistle in `state` (machine.h's
 * whistle_state) with these deadlines: "acknowledge", "report", "resolve",
 * or NULL when none is. */
const char *whistle_overdue(int state, const struct whistle_deadlines *d, time_t now);

/* p in [0, 1]: the nearest-rank percentile of n sorted values (n > 0). */
double percentile_sorted(const double *v, int n, double p);
/* The same of n values in any order, found in linear time (quickselect);
 * v is reordered.  The statistics take two per department and town. */
double percentile_select(double *v, int n, double p);

#endif
