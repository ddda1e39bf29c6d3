/* review.h - review rounds (双向梳理、共同认定).
 *
 * A round is opened by the office for some or all towns; each town in it
 * has a draft of its next list version.  Both sides propose (the town for
 * its own list: 反向梳理; the office or a department for any), the office
 * decides each proposal or group of merged proposals, an agreed proposal
 * changes the town's draft, and the draft becomes the town's new list only
 * when the town and the office have both confirmed it (共同认定) and the
 * office publishes it.
 *
 * The round, each town's draft and each proposal are state machines of
 * core/machine.h; this header adds what is particular to rounds: the kinds
 * of proposal and how alike two proposals' names are. */
#ifndef DUTYLIST_CORE_REVIEW_H
#define DUTYLIST_CORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"
#include "machine.h"

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
