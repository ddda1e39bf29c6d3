/* assess.h - 考核评价: the rules of an assessment period without I/O.
 *
 * A period has indicators, each with a weight and a source: "town_score"
 * (subjective: each town that worked with a unit scores it 0-100) or an
 * objective source computed from data (app/assess.c holds the table of
 * sources: whistle_ack_on_time, whistle_on_time, whistle_resolution,
 * whistle_satisfaction, notice_violations).  A
 * unit's result is the weighted mean of its indicators' values (0-100)
 * over those that have a value; a unit scored by fewer towns than the
 * period's minimum sample is "insufficient data" and never ranked. */
#ifndef DUTYLIST_CORE_ASSESS_H
#define DUTYLIST_CORE_ASSESS_H

#include <stdbool.h>
#include <stddef.h>

#define ASSESS_SCORE_MAX 100
#define ASSESS_SUBJECTIVE "town_score"

/* One unit (a department, or its dispatched agency) in the ranking. */
struct assess_unit_result {
	const char *key;  /* for ties: the unit's code */
	int ntowns;       /* towns that scored it */
	const double *value; /* per indicator, 0-100 */
	const bool *has;     /* per indicator: a value exists */
	/* out */
	double total;      /* weighted mean; 0 when insufficient */
	bool insufficient; /* fewer scoring towns than the minimum, or no value at all */
	int rank;          /* 1-based; 0 when insufficient */
};

/* Fills total, insufficient and rank of each unit: weights per indicator
 * (> 0), min_sample >= 1.  Ranks by total (highest first), ties by key;
 * equal totals share no rank (the order is total). */
void assess_rank(const double *weights, size_t nindicators, struct assess_unit_result *units,
                 size_t nunits, int min_sample);

/* Whether a 任免建议 opinion is one of keep, commend, remove, other. */
bool assess_opinion_valid(const char *opinion);

#endif
