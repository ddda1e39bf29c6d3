/* assess.c - 考核评价: the office defines an assessment period (its
 * indicators with weights and sources, and the units assessed: departments
 * and their dispatched agencies), opens it for the towns' scores and
 * closes it; each town scores each unit it worked with, once; the
 * results (weighted objective and subjective indicators, the minimum
 * sample) rank the units.  Scores and results stay hidden from the
 * assessed departments and from other towns until the period closes.
 * Every write is one transaction with its audit entry; every state moves
 * through core/machine.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/assess.h"
#include "../core/machine.h"
#include "../core/rules.h"
#include "../core/whistle.h"
#include "../util/date.h"
#include "../util/json.h"
#include "internal.h"

/* --- indicator sources ---
 * An objective indicator names a source; its function gives a unit's
 * value (0-100) from the data of the period, or no value: the whistles'
 * and notice screening's ("notice_violations"). */

struct assess_ctx {
	struct store *s;
	char from[21], to[21]; /* the period as ISO times, [from, to) */
	json_t *whistles;      /* annotated whistles of the period, loaded on first use */
	json_t *notices;       /* per department, the notices of the period (first use) */
};

static enum status period_whistles(struct assess_ctx *c, struct error *e)
{
	if (c->whistles)
		return STATUS_OK;
	enum status st = store_whistles(c->s, NULL, NULL, c->from, c->to, &c->whistles, e);
	if (st != STATUS_OK)
		return st;
	time_t now = time(NULL);
	size_t i;
	json_t *w;
	json_array_foreach(c->whistles, i, w)
		whistle_annotate(w, now);
	return STATUS_OK;
}

/* whistle-based: k of n of the department's whistles, as a percentage */
enum whistle_measure { ACK_ON_TIME, ON_TIME, RESOLUTION, SATISFACTION };

static enum status whistle_value(struct assess_ctx *c, const char *department,
                                 enum whistle_measure m, double *v, bool *has, struct error *e)
{
	enum status st = period_whistles(c, e);
	if (st != STATUS_OK)
		return st;
	int k = 0, n = 0;
	size_t i;
	json_t *w;
	json_array_foreach(c->whistles, i, w) {
		if (strcmp(json_text(w, "department"), department) != 0)
			continue;
		const char *status = json_text(w, "status");
		bool final = strcmp(status, "resolved") == 0 || strcmp(status, "closed_unresolved") == 0;
		const char *acked = json_text(w, "acked_at"), *due = json_text(w, "ack_due");
		const json_t *late = json_object_get(w, "overdue");
		switch (m) {
		case ACK_ON_TIME: /* acknowledged, or its acknowledgement is late */
			if (*acked || (json_is_string(late) && strcmp(json_string_value(late), "acknowledge") == 0)) {
				n++;
				k += *acked && strcmp(acked, due) <= 0;
			}
			break;
		case ON_TIME:
			if (final) {
				n++;
				k += json_is_true(json_object_get(w, "on_time"));
			}
			break;
		case RESOLUTION:
			if (final) {
				n++;
				k += strcmp(status, "resolved") == 0;
			}
			break;
		case SATISFACTION:
			if (final) {
				n++;
				k += json_integer_value(json_object_get(w, "satisfied")) > 0;
			}
			break;
		}
	}
	*has = n > 0;
	*v = n ? round(10000.0 * k / n) / 100 : 0;
	return STATUS_OK;
}

#define WHISTLE_SOURCE(fn, m)                                                                  \
	static enum status fn(struct assess_ctx *c, const char *d, double *v, bool *has,          \
	                      struct error *e)                                                     \
	{                                                                                          \
		return whistle_value(c, d, m, v, has, e);                                          \
	}
WHISTLE_SOURCE(src_ack, ACK_ON_TIME)
WHISTLE_SOURCE(src_on_time, ON_TIME)
WHISTLE_SOURCE(src_resolution, RESOLUTION)
WHISTLE_SOURCE(src_satisfaction, SATISFACTION)

/* 防护屏障: the share of the department's notices submitted in the period
 * that no screening found a violation in (any revision); none submitted:
 * no value. */
static enum status src_notices(struct assess_ctx *c, const char *department, double *v,
                               bool *has, struct error *e)
{
	if (!c->notices) {
		enum status st = store_notice_counts(c->s, c->from, c->to, &c->notices, e);
		if (st != STATUS_OK)
			return st;
	}
	*has = false;
	*v = 0;
	size_t i;
	json_t *r;
	json_array_foreach(c->notices, i, r) {
		if (strcmp(json_text(r, "code"), department) != 0)
			continue;
		int64_t n = json_int(r, "notices"), bad = json_int(r, "with_violations");
		*has = n > 0;
		*v = n ? round(10000.0 * (double)(n - bad) / (double)n) / 100 : 0;
	}
	return STATUS_OK;
}

static const struct indicator_source {
	const char *key;
	const char *summary;
	/* NULL: subjective, scored by the towns */
	enum status (*value)(struct assess_ctx *c, const char *department, double *v, bool *has,
	                     struct error *e);
} sources[] = {
	{ASSESS_SUBJECTIVE, "scored 0-100 by each town that worked with the unit", NULL},
	{"whistle_ack_on_time", "whistles acknowledged (报到) by the deadline, %", src_ack},
	{"whistle_on_time", "finished whistles with every step on time, %", src_on_time},
	{"whistle_resolution", "finished whistles resolved (not closed unresolved), %",
	 src_resolution},
	{"whistle_satisfaction", "finished whistles the town was satisfied with, %",
	 src_satisfaction},
	{"notice_violations", "notices screened with no violation in any revision (防护屏障), %",
	 src_notices},
};
#define NSOURCES (sizeof sources / sizeof *sources)

static const struct indicator_source *source_of(const char *key)
{
	for (size_t i = 0; key && i < NSOURCES; i++)
		if (strcmp(sources[i].key, key) == 0)
			return &sources[i];
	return NULL;
}

json_t *assess_sources(void)
{
	json_t *out = json_array();
	for (size_t i = 0; i < NSOURCES; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "key", sources[i].key, "summary",
		                                     sources[i].summary, "subjective",
		                                     sources[i].value == NULL));
	return out;
}

/* --- helpers --- */

static void now_iso(char at[21])
{
	iso_time_format(time(NULL), at);
}

static enum status audit(struct store *s, const struct actor *who, const char *action,
                         int64_t id, json_t *detail, struct error *e)
{
	char object[48];
	snprintf(object, sizeof object, "assessment:%lld", (long long)id);
	return app_audit(s, who, action, object, detail, e);
}

/* The period and a step of its machine by this actor (own: see machine.c). */
static enum status step(struct store *s, const struct actor *who, int64_t id, const char *action,
                        bool own, json_t **period, int *to, struct error *e)
{
	enum status st = store_assess_period_get(s, id, period, e);
	if (st != STATUS_OK)
		return st;
	int from = machine_state_from_key(MACHINE_ASSESS, json_text(*period, "status"));
	struct machine_actor ma = {app_role(who), own};
	return machine_step(MACHINE_ASSESS, from, action, &ma, to, e);
}

static enum status check_def(const struct assess_def *d, struct error *e)
{
	long a, b;
	if (!d->name || !*d->name)
		return error_set(e, STATUS_INVALID, "name", "name the period");
	if (!d->start || !date_parse(d->start, &a))
		return error_set(e, STATUS_INVALID, "start", "start is a date, YYYY-MM-DD");
	if (!d->end || !date_parse(d->end, &b))
		return error_set(e, STATUS_INVALID, "end", "end is a date, YYYY-MM-DD");
	if (b < a)
		return error_set(e, STATUS_INVALID, "end", "the period ends before it starts");
	if (d->min_sample < 1 || d->min_sample > 1000)
		return error_set(e, STATUS_INVALID, "min_sample",
		                 "the minimum sample is a whole number from 1 to 1000");
	return STATUS_OK;
}

/* The period as ISO times [from, to): the whole last day included. */
static void period_span(const json_t *p, char from[21], char to[21])
{
	long a = 0, b = 0;
	(void)date_parse(json_text(p, "start_date"), &a);
	(void)date_parse(json_text(p, "end_date"), &b);
	iso_time_format((time_t)a * 86400, from);
	iso_time_format((time_t)(b + 1) * 86400, to);
}

/* --- the office's definition --- */

enum status assess_create(struct store *s, const struct actor *who, const struct assess_def *d,
                          int64_t *id, struct error *e)
{
	if (app_role(who) != ROLE_OFFICE)
		return error_set(e, STATUS_FORBIDDEN, NULL, "the office defines assessment periods");
	enum status st = check_def(d, e);
	if (st != STATUS_OK || (st = store_begin(s, e)) != STATUS_OK)
		return st;
	char at[21];
	now_iso(at);
	st = store_assess_period_add(s, d->name, d->start, d->end, d->min_sample, who->name, at, id, e);
	if (st == STATUS_OK)
		st = audit(s, who, "assess.create", *id,
		           json_pack("{s:s, s:s, s:s, s:i}", "name", d->name, "start", d->start, "end",
		                     d->end, "min_sample", d->min_sample),
		           e);
	return app_finish(s, st, e);
}

enum status assess_update(struct store *s, const struct actor *who, int64_t id,
                          const struct assess_def *d, struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL;
	int to;
	if ((st = step(s, who, id, "edit", false, &p, &to, e)) == STATUS_OK &&
	    (st = check_def(d, e)) == STATUS_OK &&
	    (st = store_assess_period_update(s, id, d->name, d->start, d->end, d->min_sample, e)) ==
	            STATUS_OK)
		st = audit(s, who, "assess.update", id,
		           json_pack("{s:s, s:s, s:s, s:i}", "name", d->name, "start", d->start, "end",
		                     d->end, "min_sample", d->min_sample),
		           e);
	json_decref(p);
	return app_finish(s, st, e);
}

enum status assess_indicator_set(struct store *s, const struct actor *who, int64_t id,
                                 const char *code, const char *name, const char *source,
                                 int weight, struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL;
	int to;
	if ((st = step(s, who, id, "edit", false, &p, &to, e)) != STATUS_OK)
		goto done;
	if (!code || !*code)
		st = error_set(e, STATUS_INVALID, "code", "give the indicator a code");
	else if (!name || !*name)
		st = error_set(e, STATUS_INVALID, "name", "name the indicator");
	else if (!source_of(source))
		st = error_set(e, STATUS_INVALID, "source",
		               "no source '%s': town_score, whistle_ack_on_time, whistle_on_time, "
		               "whistle_resolution or whistle_satisfaction",
		               source ? source : "");
	else if (weight < 1 || weight > 100)
		st = error_set(e, STATUS_INVALID, "weight", "the weight is a whole number from 1 to 100");
	if (st == STATUS_OK && (st = store_assess_indicator_put(s, id, code, name, source, weight,
	                                                        e)) == STATUS_OK)
		st = audit(s, who, "assess.indicator", id,
		           json_pack("{s:s, s:s, s:s, s:i}", "code", code, "name", name, "source",
		                     source, "weight", weight),
		           e);
done:
	json_decref(p);
	return app_finish(s, st, e);
}

enum status assess_indicator_remove(struct store *s, const struct actor *who, int64_t id,
                                    const char *code, struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL;
	int to;
	bool gone = false;
	if ((st = step(s, who, id, "edit", false, &p, &to, e)) == STATUS_OK &&
	    (st = store_assess_indicator_delete(s, id, code ? code : "", &gone, e)) == STATUS_OK) {
		if (!gone)
			st = error_set(e, STATUS_NOT_FOUND, "code", "the period has no indicator %s",
			               code ? code : "");
		else
			st = audit(s, who, "assess.indicator_remove", id, json_pack("{s:s}", "code", code),
			           e);
	}
	json_decref(p);
	return app_finish(s, st, e);
}

enum status assess_unit_add(struct store *s, const struct actor *who, int64_t id,
                            const char *department, bool agency, int64_t *unit, struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL;
	int to;
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = step(s, who, id, "edit", false, &p, &to, e)) != STATUS_OK ||
	    (st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK)
		goto done;
	const struct department *d = department ? index_department(ix, department) : NULL;
	if (!d) {
		st = error_set(e, STATUS_INVALID, "department", "no department %s",
		               department ? department : "named");
		goto done;
	}
	if (agency && (!d->dispatched_agency || !*d->dispatched_agency)) {
		st = error_set(e, STATUS_INVALID, "agency", "%s %s has no dispatched agency (派出机构)",
		               d->code, d->name);
		goto done;
	}
	if ((st = store_assess_unit_add(s, id, department, agency, unit, e)) == STATUS_OK)
		st = audit(s, who, "assess.unit", id,
		           json_pack("{s:s, s:b}", "department", department, "agency", agency), e);
done:
	json_decref(p);
	return app_finish(s, st, e);
}

/* The unit of a period: {id, department, ...}, a new reference. */
static enum status unit_of(struct store *s, int64_t period, int64_t unit, json_t **out,
                           struct error *e)
{
	json_t *units;
	enum status st = store_assess_units(s, period, &units, e);
	if (st != STATUS_OK)
		return st;
	*out = NULL;
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u) if (json_int(u, "id") == unit) *out = json_incref(u);
	json_decref(units);
	if (!*out)
		return error_set(e, STATUS_NOT_FOUND, "unit", "the period assesses no unit %lld",
		                 (long long)unit);
	return STATUS_OK;
}

enum status assess_assign(struct store *s, const struct actor *who, int64_t id, int64_t unit,
                          const char *town, struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL, *u = NULL;
	int to;
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = step(s, who, id, "edit", false, &p, &to, e)) != STATUS_OK ||
	    (st = unit_of(s, id, unit, &u, e)) != STATUS_OK ||
	    (st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK)
		goto done;
	if (!town || !index_town(ix, town)) {
		st = error_set(e, STATUS_INVALID, "town", "no town %s", town ? town : "named");
		goto done;
	}
	if ((st = store_assess_assign(s, unit, town, e)) == STATUS_OK)
		st = audit(s, who, "assess.assign", id,
		           json_pack("{s:I, s:s}", "unit", (json_int_t)unit, "town", town), e);
done:
	json_decref(p);
	json_decref(u);
	return app_finish(s, st, e);
}

enum status assess_act(struct store *s, const struct actor *who, int64_t id, const char *action,
                       struct error *e)
{
	action = action ? action : "";
	if (strcmp(action, "open") != 0 && strcmp(action, "close") != 0)
		return error_set(e, STATUS_INVALID, "action", "open or close a period");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL, *ind = NULL, *units = NULL;
	int to;
	if ((st = step(s, who, id, action, false, &p, &to, e)) != STATUS_OK)
		goto done;
	if (to == ASSESS_OPEN) {
		/* a period opens with something to score and someone to score */
		if ((st = store_assess_indicators(s, id, &ind, e)) != STATUS_OK ||
		    (st = store_assess_units(s, id, &units, e)) != STATUS_OK)
			goto done;
		if (json_array_size(ind) == 0) {
			st = error_set(e, STATUS_CONFLICT, "indicators", "the period has no indicators");
			goto done;
		}
		if (json_array_size(units) == 0) {
			st = error_set(e, STATUS_CONFLICT, "units", "the period assesses no unit");
			goto done;
		}
	}
	char at[21];
	now_iso(at);
	const char *state = machine_state_key(MACHINE_ASSESS, to);
	if ((st = store_assess_period_status(s, id, state, at, e)) == STATUS_OK) {
		char what[32];
		snprintf(what, sizeof what, "assess.%s", action);
		st = audit(s, who, what, id, json_pack("{s:s}", "state", state), e);
	}
done:
	json_decref(p);
	json_decref(ind);
	json_decref(units);
	return app_finish(s, st, e);
}

/* --- the towns --- */

static enum status worked_with(struct store *s, const json_t *p, int64_t unit, const char *town,
                               bool *out, struct error *e)
{
	char from[21], to[21];
	period_span(p, from, to);
	return store_assess_worked(s, unit, town, from, to, out, e);
}

enum status assess_score(struct store *s, const struct actor *who, int64_t id, int64_t unit,
                         const json_t *scores, const char *comment, struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL, *u = NULL, *ind = NULL;
	int to;
	bool own = false, done_before = false;
	if ((st = store_assess_period_get(s, id, &p, e)) != STATUS_OK)
		goto done;
	if ((st = unit_of(s, id, unit, &u, e)) != STATUS_OK)
		goto done;
	if (app_role(who) == ROLE_TOWNSHIP &&
	    (st = worked_with(s, p, unit, who->town, &own, e)) != STATUS_OK)
		goto done;
	json_decref(p);
	p = NULL;
	if ((st = step(s, who, id, "score", own, &p, &to, e)) != STATUS_OK)
		goto done;
	/* once per period and unit: a second score is a conflict, not an edit */
	if ((st = store_assess_scored(s, unit, who->town, &done_before, e)) != STATUS_OK)
		goto done;
	if (done_before) {
		st = error_set(e, STATUS_CONFLICT, "unit", "%s has scored this unit already",
		               who->town);
		goto done;
	}
	if ((st = store_assess_indicators(s, id, &ind, e)) != STATUS_OK)
		goto done;
	if (!json_is_object(scores)) {
		st = error_set(e, STATUS_INVALID, "scores", "scores is an object {indicator: 0-100}");
		goto done;
	}
	char at[21];
	now_iso(at);
	size_t i, nscored = 0;
	json_t *x;
	json_array_foreach(ind, i, x) {
		if (strcmp(json_text(x, "source"), ASSESS_SUBJECTIVE) != 0)
			continue;
		const char *code = json_text(x, "code");
		const json_t *v = json_object_get(scores, code);
		/* a form sends the number as text */
		long long n = json_is_integer(v) ? (long long)json_integer_value(v) : -1;
		if (json_is_string(v) && *json_string_value(v)) {
			char *end;
			n = strtoll(json_string_value(v), &end, 10);
			if (*end)
				n = -1;
		}
		if (n < 0 || n > ASSESS_SCORE_MAX) {
			char field[64];
			snprintf(field, sizeof field, "scores.%s", code);
			st = error_set(e, STATUS_INVALID, "scores", "%s is a whole number from 0 to 100",
			               field);
			goto done;
		}
		if ((st = store_assess_score_add(s, unit, who->town, json_int(x, "id"), (int)n,
		                                 comment, who->name, at,
		                                 e)) != STATUS_OK)
			goto done;
		nscored++;
	}
	/* an indicator named that the period does not score is a mistake */
	const char *key;
	json_object_foreach((json_t *)scores, key, x) {
		bool known = false;
		json_t *y;
		json_array_foreach(ind, i, y) known |= strcmp(json_text(y, "code"), key) == 0 &&
		                                       strcmp(json_text(y, "source"), ASSESS_SUBJECTIVE) == 0;
		if (!known) {
			st = error_set(e, STATUS_INVALID, "scores",
			               "%s is not an indicator the towns score in this period", key);
			goto done;
		}
	}
	if (nscored == 0) {
		st = error_set(e, STATUS_CONFLICT, "scores", "the period has no indicator towns score");
		goto done;
	}
	st = audit(s, who, "assess.score", id,
	           json_pack("{s:I, s:s, s:s, s:O}", "unit", (json_int_t)unit, "department",
	                     json_text(u, "department"), "town", who->town, "scores", scores),
	           e);
done:
	json_decref(p);
	json_decref(u);
	json_decref(ind);
	return app_finish(s, st, e);
}

enum status assess_opinion(struct store *s, const struct actor *who, int64_t id, int64_t unit,
                           const char *person, const char *opinion, const char *reason,
                           int64_t *oid, struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL, *u = NULL;
	int to;
	if ((st = step(s, who, id, "opinion", false, &p, &to, e)) != STATUS_OK ||
	    (st = unit_of(s, id, unit, &u, e)) != STATUS_OK)
		goto done;
	if (json_int(u, "agency") != 1) {
		st = error_set(e, STATUS_INVALID, "unit",
		               "任免建议 concern the heads of dispatched agencies: unit %lld is a "
		               "department",
		               (long long)unit);
		goto done;
	}
	if (!person || !*person)
		st = error_set(e, STATUS_INVALID, "person", "name the head concerned");
	else if (!assess_opinion_valid(opinion))
		st = error_set(e, STATUS_INVALID, "opinion", "the opinion is keep, commend, remove or other");
	else if (!reason || !*reason)
		st = error_set(e, STATUS_INVALID, "reason", "say why");
	if (st != STATUS_OK)
		goto done;
	char at[21];
	now_iso(at);
	if ((st = store_assess_opinion_add(s, unit, who->town, person, opinion, reason, who->name, at,
	                                   oid, e)) == STATUS_OK)
		st = audit(s, who, "assess.opinion", id,
		           json_pack("{s:I, s:s, s:s, s:s}", "unit", (json_int_t)unit, "town", who->town,
		                     "person", person, "opinion", opinion),
		           e);
done:
	json_decref(p);
	json_decref(u);
	return app_finish(s, st, e);
}

/* --- reading --- */

static bool sees_all(const struct actor *who)
{
	enum role r = app_role(who);
	return r == ROLE_OFFICE || r == ROLE_SUPERVISOR;
}

enum status assess_list(struct store *s, const struct actor *who, json_t **out, struct error *e)
{
	if (app_role(who) == ROLE_PUBLIC)
		return error_set(e, STATUS_FORBIDDEN, NULL, "log in to see assessments");
	return store_assess_periods(s, out, e);
}

enum status assess_view(struct store *s, const struct actor *who, int64_t id, json_t **out,
                        struct error *e)
{
	if (app_role(who) == ROLE_PUBLIC)
		return error_set(e, STATUS_FORBIDDEN, NULL, "log in to see assessments");
	json_t *ind = NULL, *units = NULL, *assigned = NULL;
	enum status st = store_assess_period_get(s, id, out, e);
	if (st == STATUS_OK)
		st = store_assess_indicators(s, id, &ind, e);
	if (st == STATUS_OK)
		st = store_assess_units(s, id, &units, e);
	if (st == STATUS_OK && sees_all(who))
		st = store_assess_assignments(s, id, &assigned, e);
	if (st != STATUS_OK) {
		json_decref(*out);
		json_decref(ind);
		json_decref(units);
		*out = NULL;
		return st;
	}
	/* a town sees which units it may score and which it has scored */
	if (app_role(who) == ROLE_TOWNSHIP) {
		size_t i;
		json_t *u;
		json_array_foreach(units, i, u) {
			bool worked = false, scored = false;
			if ((st = worked_with(s, *out, json_int(u, "id"), who->town, &worked, e)) !=
			            STATUS_OK ||
			    (st = store_assess_scored(s, json_int(u, "id"), who->town, &scored, e)) !=
			            STATUS_OK)
				break;
			json_object_set_new(u, "may_score", json_boolean(worked));
			json_object_set_new(u, "scored", json_boolean(scored));
		}
		json_t *mine = NULL;
		if (st == STATUS_OK && (st = store_assess_scores(s, id, who->town, &mine, e)) == STATUS_OK)
			json_object_set_new(*out, "my_scores", mine);
	}
	json_object_set_new(*out, "indicators", ind);
	json_object_set_new(*out, "units", units);
	if (assigned)
		json_object_set_new(*out, "assignments", assigned);
	if (st != STATUS_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return st;
}

json_t *assess_results_of(const json_t *indicators, json_t *units, const json_t *scores,
                          const double *objective, const bool *objective_has, int min_sample)
{
	size_t ni = json_array_size(indicators), nu = json_array_size(units);
	double *weights = xmalloc((ni + 1) * sizeof *weights);
	double *values = xmalloc((ni * nu + 1) * sizeof *values);
	bool *has = xmalloc((ni * nu + 1) * sizeof *has);
	struct assess_unit_result *r = xmalloc((nu + 1) * sizeof *r);
	size_t i, k;
	json_t *x, *u;
	json_array_foreach(indicators, i, x) weights[i] = (double)json_int(x, "weight");
	json_array_foreach(units, k, u) {
		int64_t uid = json_int(u, "id");
		/* distinct towns that scored the unit */
		int ntowns = 0;
		const char *last = "";
		size_t j;
		json_t *sc;
		json_array_foreach(scores, j, sc) {
			if (json_int(sc, "unit_id") != uid)
				continue;
			if (strcmp(json_text(sc, "town"), last) != 0)
				ntowns++;
			last = json_text(sc, "town");
		}
		json_array_foreach(indicators, i, x) {
			size_t cell = k * ni + i;
			if (strcmp(json_text(x, "source"), ASSESS_SUBJECTIVE) == 0) {
				double sum = 0;
				int n = 0;
				json_array_foreach(scores, j, sc) if (json_int(sc, "unit_id") == uid &&
				                                      strcmp(json_text(sc, "indicator"),
				                                             json_text(x, "code")) == 0)
				{
					sum += (double)json_int(sc, "score");
					n++;
				}
				has[cell] = n > 0;
				values[cell] = n ? round(100 * sum / n) / 100 : 0;
			} else {
				has[cell] = objective_has[cell];
				values[cell] = objective[cell];
			}
		}
		r[k] = (struct assess_unit_result){json_text(u, "department"), ntowns, &values[k * ni],
		                                   &has[k * ni], 0, false, 0};
	}
	assess_rank(weights, ni, r, nu, min_sample);
	json_t *ranked = json_array(), *insufficient = json_array();
	json_t **order = xcalloc(nu + 1, sizeof *order);
	json_array_foreach(units, k, u) {
		json_t *vals = json_object();
		json_array_foreach(indicators, i, x) {
			size_t cell = k * ni + i;
			json_object_set_new(vals, json_text(x, "code"),
			                    has[cell] ? json_real(values[cell]) : json_null());
		}
		json_t *o = json_deep_copy(u);
		json_object_set_new(o, "towns_scored", json_integer(r[k].ntowns));
		json_object_set_new(o, "values", vals);
		json_object_set_new(o, "insufficient_data", json_boolean(r[k].insufficient));
		json_object_set_new(o, "total", r[k].insufficient ? json_null() : json_real(r[k].total));
		json_object_set_new(o, "rank", r[k].insufficient ? json_null() : json_integer(r[k].rank));
		if (r[k].insufficient)
			json_array_append_new(insufficient, o);
		else
			order[r[k].rank - 1] = o;
	}
	for (k = 0; k < nu; k++)
		if (order[k])
			json_array_append_new(ranked, order[k]);
	json_array_extend(ranked, insufficient);
	json_decref(insufficient);
	free(order);
	free(weights);
	free(values);
	free(has);
	free(r);
	return ranked;
}

enum status assess_results(struct store *s, const struct actor *who, int64_t id, json_t **out,
                           struct error *e)
{
	enum role role = app_role(who);
	if (role == ROLE_PUBLIC)
		return error_set(e, STATUS_FORBIDDEN, NULL, "log in to see assessments");
	json_t *p, *ind = NULL, *units = NULL, *scores = NULL;
	enum status st = store_assess_period_get(s, id, &p, e);
	if (st != STATUS_OK)
		return st;
	/* hidden from the assessed and the towns until the period closes */
	if (!sees_all(who) && strcmp(json_text(p, "status"), "closed") != 0) {
		json_decref(p);
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "the results are shown when the period closes");
	}
	struct assess_ctx ctx = {s, "", "", NULL, NULL};
	period_span(p, ctx.from, ctx.to);
	double *obj = NULL;
	bool *has = NULL;
	if ((st = store_assess_indicators(s, id, &ind, e)) != STATUS_OK ||
	    (st = store_assess_units(s, id, &units, e)) != STATUS_OK ||
	    (st = store_assess_scores(s, id, NULL, &scores, e)) != STATUS_OK)
		goto done;
	size_t ni = json_array_size(ind), nu = json_array_size(units), i, k;
	obj = xcalloc(ni * nu + 1, sizeof *obj);
	has = xcalloc(ni * nu + 1, sizeof *has);
	json_t *x, *u;
	json_array_foreach(ind, i, x) {
		const struct indicator_source *src = source_of(json_text(x, "source"));
		if (!src || !src->value)
			continue;
		json_array_foreach(units, k, u)
			if ((st = src->value(&ctx, json_text(u, "department"), &obj[k * ni + i],
			                     &has[k * ni + i], e)) != STATUS_OK)
				goto done;
	}
	json_t *ranked = assess_results_of(ind, units, scores, obj, has,
	                                   (int)json_int(p, "min_sample"));
	*out = json_pack("{s:O, s:O, s:o}", "period", p, "indicators", ind, "results", ranked);
done:
	free(obj);
	free(has);
	json_decref(ctx.whistles);
	json_decref(ctx.notices);
	json_decref(p);
	json_decref(ind);
	json_decref(units);
	json_decref(scores);
	return st;
}

enum status assess_opinions(struct store *s, const struct actor *who, int64_t id, json_t **out,
                            struct error *e)
{
	enum role role = app_role(who);
	/* reported to the office (and the supervisor); a town sees its own;
	 * never the agencies' departments */
	if (role != ROLE_OFFICE && role != ROLE_SUPERVISOR && role != ROLE_TOWNSHIP)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "任免建议 are reported to the office, not to the departments");
	json_t *p;
	enum status st = store_assess_period_get(s, id, &p, e);
	if (st != STATUS_OK)
		return st;
	json_decref(p);
	return store_assess_opinions(s, id, role == ROLE_TOWNSHIP ? who->town : NULL, out, e);
}
