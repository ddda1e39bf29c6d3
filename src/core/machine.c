/* machine.c - the procedures' transition table and the one function that
 * moves a state (see machine.h). */
#include "machine.h"

#include <stdio.h>
#include <string.h>

#define BY(r) (1u << (r))
#define OFFICE BY(ROLE_OFFICE)
#define TOWNSHIP BY(ROLE_TOWNSHIP)
#define DEPARTMENT BY(ROLE_DEPARTMENT)
#define SUPERVISOR BY(ROLE_SUPERVISOR)

struct transition {
	enum machine machine;
	const char *action;
	int from, to;
	unsigned roles;
	bool needs_own; /* only on the actor's own town, or their own proposal */
	bool internal;  /* taken by the system as a consequence, never offered */
};

static const struct transition transitions[] = {
	{MACHINE_ROUND, "close", ROUND_OPEN, ROUND_CLOSED, OFFICE, false, false},

	/* 共同认定: either side may confirm first; both make it confirmed. */
	{MACHINE_TOWN, "town_confirm", TOWN_DRAFTING, TOWN_TOWN_CONFIRMED, TOWNSHIP, true, false},
	{MACHINE_TOWN, "town_confirm", TOWN_OFFICE_CONFIRMED, TOWN_CONFIRMED, TOWNSHIP, true, false},
	{MACHINE_TOWN, "office_confirm", TOWN_DRAFTING, TOWN_OFFICE_CONFIRMED, OFFICE, false, false},
	{MACHINE_TOWN, "office_confirm", TOWN_TOWN_CONFIRMED, TOWN_CONFIRMED, OFFICE, false, false},
	/* The town may refuse the draft (or take back its confirmation): the
	 * round goes on. */
	{MACHINE_TOWN, "refuse", TOWN_DRAFTING, TOWN_DRAFTING, TOWNSHIP, true, false},
	{MACHINE_TOWN, "refuse", TOWN_TOWN_CONFIRMED, TOWN_DRAFTING, TOWNSHIP, true, false},
	{MACHINE_TOWN, "refuse", TOWN_OFFICE_CONFIRMED, TOWN_DRAFTING, TOWNSHIP, true, false},
	{MACHINE_TOWN, "send_back", TOWN_TOWN_CONFIRMED, TOWN_DRAFTING, OFFICE, false, false},
	{MACHINE_TOWN, "send_back", TOWN_OFFICE_CONFIRMED, TOWN_DRAFTING, OFFICE, false, false},
	{MACHINE_TOWN, "send_back", TOWN_CONFIRMED, TOWN_DRAFTING, OFFICE, false, false},
	/* A decision that changes the draft undoes any confirmation of it; a
	 * confirmed draft no longer changes. */
	{MACHINE_TOWN, "change", TOWN_DRAFTING, TOWN_DRAFTING, OFFICE, false, true},
	{MACHINE_TOWN, "change", TOWN_TOWN_CONFIRMED, TOWN_DRAFTING, OFFICE, false, true},
	{MACHINE_TOWN, "change", TOWN_OFFICE_CONFIRMED, TOWN_DRAFTING, OFFICE, false, true},
	{MACHINE_TOWN, "publish", TOWN_CONFIRMED, TOWN_PUBLISHED, OFFICE, false, false},

	{MACHINE_PROPOSAL, "agree", PROPOSAL_PENDING, PROPOSAL_AGREED, OFFICE, false, false},
	{MACHINE_PROPOSAL, "reject", PROPOSAL_PENDING, PROPOSAL_REJECTED, OFFICE, false, false},
	{MACHINE_PROPOSAL, "withdraw", PROPOSAL_PENDING, PROPOSAL_WITHDRAWN,
	 OFFICE | TOWNSHIP | DEPARTMENT, true, false},

	/* 准入: the office takes a department's request up, may return it for
	 * changes, and admits or refuses it; the department resubmits or
	 * withdraws its own. */
	{MACHINE_ADMISSION, "accept", ADMISSION_SUBMITTED, ADMISSION_REVIEWING, OFFICE, false, false},
	{MACHINE_ADMISSION, "return", ADMISSION_SUBMITTED, ADMISSION_RETURNED, OFFICE, false, false},
	{MACHINE_ADMISSION, "return", ADMISSION_REVIEWING, ADMISSION_RETURNED, OFFICE, false, false},
	{MACHINE_ADMISSION, "resubmit", ADMISSION_RETURNED, ADMISSION_SUBMITTED, DEPARTMENT, true, false},
	{MACHINE_ADMISSION, "admit", ADMISSION_REVIEWING, ADMISSION_ADMITTED, OFFICE, false, false},
	{MACHINE_ADMISSION, "refuse", ADMISSION_SUBMITTED, ADMISSION_REFUSED, OFFICE, false, false},
	{MACHINE_ADMISSION, "refuse", ADMISSION_REVIEWING, ADMISSION_REFUSED, OFFICE, false, false},
	{MACHINE_ADMISSION, "withdraw", ADMISSION_SUBMITTED, ADMISSION_WITHDRAWN, DEPARTMENT, true, false},
	{MACHINE_ADMISSION, "withdraw", ADMISSION_RETURNED, ADMISSION_WITHDRAWN, DEPARTMENT, true, false},

	/* 运行调整: whoever opened it, the office applies or dismisses it. */
	{MACHINE_ADJUSTMENT, "apply", ADJUSTMENT_OPEN, ADJUSTMENT_APPLIED, OFFICE, false, false},
	{MACHINE_ADJUSTMENT, "dismiss", ADJUSTMENT_OPEN, ADJUSTMENT_DISMISSED, OFFICE, false, false},

	/* 吹哨报到: the called department reports in and reports back (own: the
	 * department called); the raising town evaluates (own: its town); the
	 * office may call another department before the work is reported. */
	{MACHINE_WHISTLE, "acknowledge", WHISTLE_RAISED, WHISTLE_ACKNOWLEDGED, DEPARTMENT, true, false},
	{MACHINE_WHISTLE, "report", WHISTLE_ACKNOWLEDGED, WHISTLE_REPORTED, DEPARTMENT, true, false},
	{MACHINE_WHISTLE, "resolve", WHISTLE_REPORTED, WHISTLE_RESOLVED, TOWNSHIP, true, false},
	{MACHINE_WHISTLE, "close_unresolved", WHISTLE_REPORTED, WHISTLE_CLOSED_UNRESOLVED, TOWNSHIP,
	 true, false},
	{MACHINE_WHISTLE, "reassign", WHISTLE_RAISED, WHISTLE_RAISED, OFFICE, false, false},
	{MACHINE_WHISTLE, "reassign", WHISTLE_ACKNOWLEDGED, WHISTLE_RAISED, OFFICE, false, false},

	/* 考核评价: the office defines a period in draft, opens it for the towns'
	 * scores and closes it; a town scores a unit it worked with (own) and
	 * gives its opinions on agency heads (任免建议) while it is open. */
	{MACHINE_ASSESS, "edit", ASSESS_DRAFT, ASSESS_DRAFT, OFFICE, false, false},
	{MACHINE_ASSESS, "open", ASSESS_DRAFT, ASSESS_OPEN, OFFICE, false, false},
	{MACHINE_ASSESS, "score", ASSESS_OPEN, ASSESS_OPEN, TOWNSHIP, true, false},
	{MACHINE_ASSESS, "opinion", ASSESS_OPEN, ASSESS_OPEN, TOWNSHIP, false, false},
	{MACHINE_ASSESS, "close", ASSESS_OPEN, ASSESS_CLOSED, OFFICE, false, false},

	/* 监管问责: the supervisor investigates, concludes (finding and measure)
	 * and closes; evidence is added until the conclusion; the department
	 * concerned answers its own case until it is closed. */
	{MACHINE_CASE, "investigate", CASE_OPENED, CASE_INVESTIGATING, SUPERVISOR, false, false},
	{MACHINE_CASE, "conclude", CASE_INVESTIGATING, CASE_CONCLUDED, SUPERVISOR, false, false},
	{MACHINE_CASE, "close", CASE_CONCLUDED, CASE_CLOSED, SUPERVISOR, false, false},
	{MACHINE_CASE, "evidence", CASE_OPENED, CASE_OPENED, SUPERVISOR, false, false},
	{MACHINE_CASE, "evidence", CASE_INVESTIGATING, CASE_INVESTIGATING, SUPERVISOR, false, false},
	{MACHINE_CASE, "answer", CASE_OPENED, CASE_OPENED, DEPARTMENT, true, false},
	{MACHINE_CASE, "answer", CASE_INVESTIGATING, CASE_INVESTIGATING, DEPARTMENT, true, false},
	{MACHINE_CASE, "answer", CASE_CONCLUDED, CASE_CONCLUDED, DEPARTMENT, true, false},

	{MACHINE_CASE_PROPOSAL, "accept", CASE_PROPOSAL_PROPOSED, CASE_PROPOSAL_ACCEPTED, SUPERVISOR,
	 false, false},
	{MACHINE_CASE_PROPOSAL, "dismiss", CASE_PROPOSAL_PROPOSED, CASE_PROPOSAL_DISMISSED,
	 SUPERVISOR, false, false},
	/* 防护屏障: the department that wrote a notice revises it (screened
	 * again, the verdict choosing clean or flagged), asks the office to
	 * review a flagged one, issues it, or withdraws it; the office clears
	 * or returns what it was asked to review.  Issuing a flagged or
	 * returned notice is allowed, and recorded as evidence. */
	{MACHINE_NOTICE, "found_clean", NOTICE_SCREENING, NOTICE_CLEAN, DEPARTMENT, true, true},
	{MACHINE_NOTICE, "found_violations", NOTICE_SCREENING, NOTICE_FLAGGED, DEPARTMENT, true, true},
	{MACHINE_NOTICE, "revise", NOTICE_CLEAN, NOTICE_SCREENING, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "revise", NOTICE_FLAGGED, NOTICE_SCREENING, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "revise", NOTICE_RETURNED, NOTICE_SCREENING, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "revise", NOTICE_CLEARED, NOTICE_SCREENING, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "request_review", NOTICE_FLAGGED, NOTICE_UNDER_REVIEW, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "request_review", NOTICE_RETURNED, NOTICE_UNDER_REVIEW, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "clear", NOTICE_UNDER_REVIEW, NOTICE_CLEARED, OFFICE, false, false},
	{MACHINE_NOTICE, "return", NOTICE_UNDER_REVIEW, NOTICE_RETURNED, OFFICE, false, false},
	{MACHINE_NOTICE, "issue", NOTICE_CLEAN, NOTICE_ISSUED, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "issue", NOTICE_CLEARED, NOTICE_ISSUED, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "issue", NOTICE_FLAGGED, NOTICE_ISSUED, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "issue", NOTICE_RETURNED, NOTICE_ISSUED, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "withdraw", NOTICE_CLEAN, NOTICE_WITHDRAWN, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "withdraw", NOTICE_FLAGGED, NOTICE_WITHDRAWN, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "withdraw", NOTICE_UNDER_REVIEW, NOTICE_WITHDRAWN, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "withdraw", NOTICE_RETURNED, NOTICE_WITHDRAWN, DEPARTMENT, true, false},
	{MACHINE_NOTICE, "withdraw", NOTICE_CLEARED, NOTICE_WITHDRAWN, DEPARTMENT, true, false},
};
#define NTRANSITIONS (sizeof transitions / sizeof *transitions)

static const char *const round_keys[] = {"open", "closed"};
static const char *const town_keys[] = {"drafting", "town_confirmed", "office_confirmed",
                                        "confirmed", "published"};
static const char *const proposal_keys[] = {"pending", "agreed", "rejected", "withdrawn"};
static const char *const admission_keys[] = {"submitted", "reviewing", "returned",
                                             "admitted",  "refused",   "withdrawn"};
static const char *const adjustment_keys[] = {"open", "applied", "dismissed"};
static const char *const whistle_keys[] = {"raised", "acknowledged", "reported", "resolved",
                                           "closed_unresolved"};
static const char *const notice_keys[] = {"screening", "clean",  "flagged",  "under_review",
                                          "returned",  "cleared", "issued", "withdrawn"};

static const char *const assess_keys[] = {"draft", "open", "closed"};
static const char *const case_keys[] = {"opened", "investigating", "concluded", "closed"};
static const char *const case_proposal_keys[] = {"proposed", "accepted", "dismissed"};

static const struct {
	const char *name; /* for messages: "cannot publish a town's draft ..." */
	const char *const *keys;
	int nstates;
	const char *article; /* "a" or "an", for messages */
} machines[MACHINE_COUNT] = {
	[MACHINE_ROUND] = {"round", round_keys, ROUND_STATE_COUNT, "a"},
	[MACHINE_TOWN] = {"town's draft", town_keys, TOWN_STATE_COUNT, "a"},
	[MACHINE_PROPOSAL] = {"proposal", proposal_keys, PROPOSAL_STATE_COUNT, "a"},
	[MACHINE_ADMISSION] = {"admission request", admission_keys, ADMISSION_STATE_COUNT, "an"},
	[MACHINE_ADJUSTMENT] = {"adjustment", adjustment_keys, ADJUSTMENT_STATE_COUNT, "an"},
	[MACHINE_WHISTLE] = {"whistle", whistle_keys, WHISTLE_STATE_COUNT, "a"},
	[MACHINE_ASSESS] = {"assessment period", assess_keys, ASSESS_STATE_COUNT, "an"},
	[MACHINE_CASE] = {"case", case_keys, CASE_STATE_COUNT, "a"},
	[MACHINE_CASE_PROPOSAL] = {"proposed case", case_proposal_keys, CASE_PROPOSAL_STATE_COUNT,
	                           "a"},
	[MACHINE_NOTICE] = {"notice", notice_keys, NOTICE_STATE_COUNT, "a"},
};

static const char *const *keys_of(enum machine m, int *n)
{
	*n = machines[m].nstates;
	return machines[m].keys;
}

int machine_state_count(enum machine m)
{
	return machines[m].nstates;
}

const char *machine_state_key(enum machine m, int state)
{
	int n;
	const char *const *keys = keys_of(m, &n);
	return state >= 0 && state < n ? keys[state] : "?";
}

int machine_state_from_key(enum machine m, const char *key)
{
	int n;
	const char *const *keys = keys_of(m, &n);
	for (int i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return i;
	return -1;
}

static bool may(const struct transition *t, const struct machine_actor *who)
{
	return (t->roles & BY(who->role)) && (!t->needs_own || who->own);
}

void machine_allowed(enum machine m, int from, const struct machine_actor *who, char *out,
                    size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < NTRANSITIONS; i++) {
		const struct transition *t = &transitions[i];
		if (t->machine != m || t->from != from || t->internal || (who && !may(t, who)))
			continue;
		/* each action once, even when it has several rows */
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			seen |= transitions[j].machine == m && transitions[j].from == from &&
			        strcmp(transitions[j].action, t->action) == 0 &&
			        (!who || may(&transitions[j], who));
		if (seen)
			continue;
		int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", t->action);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

enum status machine_step(enum machine m, int from, const char *action,
                        const struct machine_actor *who, int *to, struct error *e)
{
	const struct transition *found = NULL;
	bool action_exists = false;
	for (size_t i = 0; i < NTRANSITIONS; i++) {
		const struct transition *t = &transitions[i];
		if (t->machine != m || strcmp(t->action, action) != 0)
			continue;
		action_exists = true;
		if (t->from == from) {
			found = t;
			break;
		}
	}
	if (!found) {
		char allowed[256];
		machine_allowed(m, from, NULL, allowed, sizeof allowed);
		return error_set(e, STATUS_CONFLICT, "action", "cannot %s %s %s that is %s%s; allowed: %s",
		                 action, machines[m].article, machines[m].name, machine_state_key(m, from),
		                 action_exists ? "" : " (no such action)",
		                 *allowed ? allowed : "nothing, it is final");
	}
	if (!(found->roles & BY(who->role)))
		return error_set(e, STATUS_FORBIDDEN, "action", "the %s role may not %s %s %s",
		                 role_key[who->role], action, machines[m].article, machines[m].name);
	if (found->needs_own && !who->own)
		return error_set(e, STATUS_FORBIDDEN, "action",
		                 m == MACHINE_TOWN      ? "a town may %s only its own %s"
		                 : m == MACHINE_NOTICE  ? "a department may %s only its own %s"
		                 : m == MACHINE_WHISTLE ? "only the department called or the town "
		                                          "that raised it may %s this %s"
		                 : m == MACHINE_ASSESS  ? "a town may %s only a unit it worked with in "
		                                          "this %s"
		                 : m == MACHINE_CASE    ? "only the department concerned may %s this %s"
		                                        : "only its author may %s this %s",
		                 action, machines[m].name);
	*to = found->to;
	return STATUS_OK;
}

