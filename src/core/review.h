/* review.h - review rounds (双向梳理、共同认定) as explicit state machines.
 *
 * A round is opened by the office for some or all towns; each town in it
 * has a draft of its next list version.  Both sides propose (the town for
 * its own list: 反向梳理; the office or a department for any), the office
 * decides each proposal or group of merged proposals, an agreed proposal
 * changes the town's draft, and the draft becomes the town's new list only
 * when the town and the office have both confirmed it (共同认定) and the
 * office publishes it.
 *
 * Each machine is a table of transitions: the action, the state it starts
 * from, the state it leads to, and who may take it.  review_step() is the
 * only way to move: an action that is not allowed from the current state
 * is STATUS_CONFLICT naming the actions that are; one the caller's role or
 * scope may not take is STATUS_FORBIDDEN. */
#ifndef DUTYLIST_CORE_REVIEW_H
#define DUTYLIST_CORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"
#include "user.h"

enum machine { MACHINE_ROUND, MACHINE_TOWN, MACHINE_PROPOSAL, MACHINE_COUNT };

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

/* The state names as stored and shown in the API ("drafting", ...). */
const char *review_state_key(enum machine m, int state);
/* -1 when the key is not a state of the machine. */
int review_state_from_key(enum machine m, const char *key);

/* Who acts, as far as the machines care. */
struct review_actor {
	enum role role;
	bool own; /* the township user's own town, the author of the proposal */
};

/* Moves a machine: on success *to is the new state.  Errors:
 * STATUS_CONFLICT "cannot ACTION a STATE X; allowed: a, b" and
 * STATUS_FORBIDDEN "the ROLE role may not ACTION ...". */
enum status review_step(enum machine m, int from, const char *action,
                        const struct review_actor *who, int *to, struct error *e) MUST_USE;

/* The actions allowed from a state to this actor, comma-separated, for
 * messages and for the UI to offer; "" when none. */
void review_allowed(enum machine m, int from, const struct review_actor *who, char *out,
                    size_t size);

/* Kinds of proposal. */
enum proposal_action {
	PROPOSE_ADD,    /* put a task (existing or new) on the town's list */
	PROPOSE_REMOVE, /* take a task off the town's list */
	PROPOSE_MOVE,   /* move a task to another part (基本/配合/收回) */
	PROPOSE_CHANGE, /* change its text, the parts of each side, or its bases */
	PROPOSE_ACTION_COUNT
};
extern const char *const proposal_action_key[PROPOSE_ACTION_COUNT]; /* "add", ... */
int proposal_action_from_key(const char *key);

/* How alike two names are, 0..1: the Dice coefficient of their character
 * bigrams (Chinese has no spaces; bigrams are what carry meaning), after
 * dropping punctuation and common filler (开展, 做好, 工作 ...).  Used to
 * merge near-identical proposals written in other words. */
double text_similarity(const char *a, const char *b);
#define SIMILAR_ENOUGH 0.75

/* Clusters n names by similarity: names i and j end in one cluster when a
 * chain of pairs at least `threshold` alike joins them.  root[i] receives
 * the smallest index of i's cluster.  Only pairs sharing a bigram are
 * compared (through an inverted index), so it stays fast for tens of
 * thousands of names. */
void review_cluster(const char *const *names, size_t n, double threshold, size_t *root);

#endif
