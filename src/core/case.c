/* case.c - types, deadlines and file names of accountability cases (see case.h). */
#include "case.h"

#include <string.h>

#include "machine.h"

const char *const case_type_key[CASE_TYPES] = {"inaction", "misconduct", "slowness", "falsity",
                                               "outside_list"};
const char *const case_type_name[CASE_TYPES] = {"不作为", "乱作为", "慢作为", "假作为",
                                                "清单外派活"};
const char *const case_evidence_key[CASE_EVIDENCE_KINDS] = {"whistle", "notice", "adjustment",
                                                            "complaint", "file"};

const struct case_settings case_defaults = {
	.investigate_days = 5,
	.conclude_days = 30,
	.close_days = 10,
	.overdue_threshold = 3,
	.window_days = 90,
};

int case_type_from_key(const char *key)
{
	for (int i = 0; key && i < CASE_TYPES; i++)
		if (strcmp(key, case_type_key[i]) == 0)
			return i;
	return -1;
}

bool case_evidence_kind_valid(const char *kind)
{
	for (int i = 0; kind && i < CASE_EVIDENCE_KINDS; i++)
		if (strcmp(kind, case_evidence_key[i]) == 0)
			return true;
	return false;
}

bool case_evidence_is_link(const char *kind)
{
	return kind && (strcmp(kind, "whistle") == 0 || strcmp(kind, "notice") == 0 ||
	                strcmp(kind, "adjustment") == 0);
}

long case_due(const struct case_settings *set, const struct calendar *cal, int state,
              long opened, long since)
{
	switch (state) {
	case CASE_OPENED:
		return calendar_add_workdays(cal, since, set->investigate_days);
	case CASE_INVESTIGATING:
		return calendar_add_workdays(cal, opened, set->conclude_days);
	case CASE_CONCLUDED:
		return calendar_add_workdays(cal, since, set->close_days);
	default:
		return -1;
	}
}

bool case_overdue(int state, long due, long today)
{
	return state != CASE_CLOSED && due >= 0 && today > due;
}

void case_safe_filename(const char *name, char *out, size_t size)
{
	size_t n = 0;
	for (const char *p = name ? name : ""; *p && n + 1 < size; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		          c == '.' || c == '-' || c == '_';
		if (n == 0 && c == '.')
			ok = false;
		out[n++] = ok ? c : '_';
	}
	out[n] = '\0';
	if (n == 0 && size > 4)
		memcpy(out, "file", 5);
}
