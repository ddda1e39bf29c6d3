/* machine.h - every procedure's state machine, in one table.
 *
 * Each procedure of the reform (a review round and its parts, admission,
 * adjustment, ...) is an explicit state machine: a table of transitions
 * naming the action, the state it leaves, the state it reaches, the roles
 * that may take it, and whether it needs the actor's own town (or own
 * request).  machine_step() is the only way a state moves: an action not
 * allowed from the current state is STATUS_CONFLICT naming the actions
 * that are; one the caller's role or scope may not take is
 * STATUS_FORBIDDEN. */
#ifndef DUTYLIST_CORE_MACHINE_H
#define DUTYLIST_CORE_MACHINE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"
#include "user.h"

enum machine {
	MACHINE_ROUND,      /* a review round */
	MACHINE_TOWN,       /* one town's draft in a round */
	MACHINE_PROPOSAL,   /* a proposal in a round */
	MACHINE_ADMISSION,  /* a request to admit a new task (准入) */
	MACHINE_ADJUSTMENT, /* a change to a town's list outside rounds (运行调整) */
	MACHINE_WHISTLE,    /* a town calls departments in (吹哨报到) */
	MACHINE_ASSESS,     /* an assessment period (考核评价) */
	MACHINE_CASE,       /* an accountability case (监管问责) */
	MACHINE_CASE_PROPOSAL, /* a case the system proposes from evidence */
	MACHINE_NOTICE,     /* a department's notice to towns, screened (防护屏障) */
	MACHINE_COUNT
};

/* States of a round. */
enum round_state { ROUND_OPEN, ROUND_CLOSED, ROUND_STATE_COUNT };

/* States of one town's draft in a round. */
enum town_state {
	TOWN_DRAFTING,         /* proposals are made and decided */
	TOWN_TOWN_CONFIRMED,   /* the town confirmed the draft; the office has not */
	TOWN_OFFICE_CONFIRMED, /* the office confirmed the draft; the town has not */
	TOWN_CONFIRMED,        /* both did: the version is confirmed */
	TOWN_PUBLISHED,        /* published: the town's list in force */
	TOWN_STATE_COUNT
};

/* States of a proposal. */
enum proposal_state {
	PROPOSAL_PENDING,
	PROPOSAL_AGREED,
	PROPOSAL_REJECTED,
	PROPOSAL_WITHDRAWN,
	PROPOSAL_STATE_COUNT
};

/* States of an admission request (职责准入). */
enum admission_state {
	ADMISSION_SUBMITTED, /* the department sent it; the office has not taken it up */
	ADMISSION_REVIEWING, /* the office accepted it for review */
	ADMISSION_RETURNED,  /* back with the department for changes */
	ADMISSION_ADMITTED,  /* the task entered the catalogue and the towns' lists */
	ADMISSION_REFUSED,
	ADMISSION_WITHDRAWN,
	ADMISSION_STATE_COUNT
};

/* States of an adjustment (运行调整). */
enum adjustment_state {
	ADJUSTMENT_OPEN,
	ADJUSTMENT_APPLIED,   /* a new version of the town's list holds it */
	ADJUSTMENT_DISMISSED,
	ADJUSTMENT_STATE_COUNT
};

/* States of a whistle (吹哨报到). */
enum whistle_state {
	WHISTLE_RAISED,            /* the town blew the whistle; the department has not come */
	WHISTLE_ACKNOWLEDGED,      /* the called department reported in (报到) */
	WHISTLE_REPORTED,          /* the department reported what it did */
	WHISTLE_RESOLVED,          /* the town found it resolved */
	WHISTLE_CLOSED_UNRESOLVED, /* the town closed it, not resolved */
	WHISTLE_STATE_COUNT
};

/* States of an assessment period (考核评价).  Self-moves name what may be
 * done in a state: "edit" (indicators, units, assignments) in draft, and
 * "score" / "opinion" by a town in open, own meaning the town worked with
 * the unit scored. */
enum assess_state {
	ASSESS_DRAFT,  /* the office defines it */
	ASSESS_OPEN,   /* towns score; scores are hidden from the assessed */
	ASSESS_CLOSED, /* results visible */
	ASSESS_STATE_COUNT
};

/* States of an accountability case (监管问责).  "evidence" adds a linked
 * piece (supervisor); "answer" is the department concerned's response
 * (own: its own case). */
enum case_state {
	CASE_OPENED,
	CASE_INVESTIGATING,
	CASE_CONCLUDED, /* finding and measure recorded */
	CASE_CLOSED,
	CASE_STATE_COUNT
};

/* States of a proposed case. */
enum case_proposal_state {
	CASE_PROPOSAL_PROPOSED,
	CASE_PROPOSAL_ACCEPTED, /* a case was opened with its evidence */
	CASE_PROPOSAL_DISMISSED,
	CASE_PROPOSAL_STATE_COUNT
};

/* States of a department's notice to towns (防护屏障).  A notice is
 * screened when it is submitted and each time it is revised: screening is
 * a transient state the system leaves at once, for clean (no violation:
 * it may be issued) or flagged (a reclaimed or out-of-list assignment).
 * A flagged notice is revised, sent to the office for review, or issued
 * anyway, which is recorded as evidence for accountability (监管问责). */
enum notice_state {
	NOTICE_SCREENING,    /* being screened; never stored */
	NOTICE_CLEAN,        /* no violation found: may be issued */
	NOTICE_FLAGGED,      /* violations found: revise, request admission, or ask the office */
	NOTICE_UNDER_REVIEW, /* the department asked the office to review the findings */
	NOTICE_RETURNED,     /* the office sent it back: the violations stand */
	NOTICE_CLEARED,      /* the office cleared the findings: may be issued */
	NOTICE_ISSUED,       /* sent to the towns (with the despite flag when still flagged) */
	NOTICE_WITHDRAWN,    /* the department dropped it */
	NOTICE_STATE_COUNT
};

/* The state names as stored and shown in the API ("drafting", ...). */
const char *machine_state_key(enum machine m, int state);
/* -1 when the key is not a state of the machine. */
int machine_state_from_key(enum machine m, const char *key);
int machine_state_count(enum machine m);

/* Who acts, as far as the machines care. */
struct machine_actor {
	enum role role;
	bool own; /* the township user's own town, the author of the request */
};

/* Moves a machine: on success *to is the new state.  Errors:
 * STATUS_CONFLICT "cannot ACTION a THING that is STATE; allowed: a, b" and
 * STATUS_FORBIDDEN "the ROLE role may not ACTION ...". */
enum status machine_step(enum machine m, int from, const char *action,
                         const struct machine_actor *who, int *to, struct error *e) MUST_USE;

/* The actions allowed from a state (to this actor, or to anyone when who
 * is NULL), comma-separated, for messages and for the UI; "" when none. */
void machine_allowed(enum machine m, int from, const struct machine_actor *who, char *out,
                     size_t size);

#endif
