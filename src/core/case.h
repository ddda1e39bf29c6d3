/* case.h - 监管问责: the rules of an accountability case without I/O.
 *
 * A case is against a department (or its dispatched agency), of one type
 * (不作为 inaction, 乱作为 misconduct, 慢作为 slowness, 假作为 falsity,
 * 清单外派活 work given outside the list), with linked evidence.  Each
 * step has a deadline in working days on the calendar, counted from the
 * day the step began: investigation begins within investigate_days of
 * opening, the conclusion comes within conclude_days of opening, and the
 * case is closed within close_days of its conclusion.  A case whose step
 * is past its deadline is overdue (derived on read, never stored). */
#ifndef DUTYLIST_CORE_CASE_H
#define DUTYLIST_CORE_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/date.h"

#define CASE_TYPES 5
extern const char *const case_type_key[CASE_TYPES];  /* inaction, misconduct, ... */
extern const char *const case_type_name[CASE_TYPES]; /* 不作为, 乱作为, ... */
int case_type_from_key(const char *key);             /* -1 when unknown */

/* Evidence kinds; "notice" links a screening finding (its id). */
#define CASE_EVIDENCE_KINDS 5
extern const char *const case_evidence_key[CASE_EVIDENCE_KINDS];
bool case_evidence_kind_valid(const char *kind);
/* Kinds that name a record by id (whistle, notice, adjustment). */
bool case_evidence_is_link(const char *kind);

#define CASE_FILE_MAX (512 * 1024) /* bytes of an uploaded file, stored in the database */

/* The settings (one row; these are the defaults). */
struct case_settings {
	int investigate_days; /* 5 working days from opening */
	int conclude_days;    /* 30 working days from opening */
	int close_days;       /* 10 working days from the conclusion */
	int overdue_threshold; /* 3: overdue whistles of a department that make a proposal */
	int window_days;       /* 90: the period (calendar days back from today) they count in */
};
extern const struct case_settings case_defaults;

/* The deadline (a day number) of the step a case in `state` (machine.h's
 * case_state) is at: opened and concluded count from `since` (the day
 * the step began), investigating from `opened` (the day the case was
 * opened); -1 for a closed case. */
long case_due(const struct case_settings *set, const struct calendar *cal, int state,
              long opened, long since);

/* Overdue at `today`: the due day has passed (the due day itself is in time). */
bool case_overdue(int state, long due, long today);

/* A file name safe to send in Content-Disposition: ASCII letters, digits,
 * '.', '-', '_' kept, anything else '_', at most size - 1 bytes, never
 * empty nor starting with '.'. */
void case_safe_filename(const char *name, char *out, size_t size);

#endif
