/* assess.c - weighted results and ranking of an assessment (see assess.h). */
#include "assess.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void assess_rank(const double *weights, size_t nindicators, struct assess_unit_result *units,
                 size_t nunits, int min_sample)
{
	assert(min_sample >= 1);
	for (size_t u = 0; u < nunits; u++) {
		struct assess_unit_result *r = &units[u];
		double sum = 0, wsum = 0;
		for (size_t i = 0; i < nindicators; i++)
			if (r->has[i]) {
				assert(weights[i] > 0);
				sum += weights[i] * r->value[i];
				wsum += weights[i];
			}
		r->insufficient = r->ntowns < min_sample || wsum == 0;
		r->total = r->insufficient ? 0 : round(100 * sum / wsum) / 100;
		r->rank = 0;
	}
	/* rank: count the sufficient units placed before each one */
	for (size_t u = 0; u < nunits; u++) {
		if (units[u].insufficient)
			continue;
		int before = 0;
		for (size_t v = 0; v < nunits; v++) {
			if (v == u || units[v].insufficient)
				continue;
			if (units[v].total > units[u].total ||
			    (units[v].total == units[u].total && strcmp(units[v].key, units[u].key) < 0))
				before++;
		}
		units[u].rank = before + 1;
	}
}

bool assess_opinion_valid(const char *opinion)
{
	static const char *const ok[] = {"keep", "commend", "remove", "other"};
	for (size_t i = 0; opinion && i < sizeof ok / sizeof *ok; i++)
		if (strcmp(opinion, ok[i]) == 0)
			return true;
	return false;
}
