/* assess.c - 考核评价: periods, indicators, assessed units, assignments,
 * the towns' scores and their 任免建议 opinions. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const period_names[] = {"id",        "name",       "start_date", "end_date",
                                           "status",    "min_sample", "created_by", "created_at",
                                           "opened_at", "closed_at",  NULL};
#define PERIOD_SELECT                                                                         \
	"SELECT id, name, start_date, end_date, status, min_sample, created_by, created_at, " \
	"opened_at, closed_at FROM assess_period "

enum status store_assess_period_add(struct store *s, const char *name, const char *start,
                                    const char *end, int min_sample, const char *by,
                                    const char *at, int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO assess_period (name, start_date, end_date, status, min_sample, "
		"created_by, created_at) VALUES (?, ?, ?, 'draft', ?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, name);
	bind_text(st, 2, start);
	bind_text(st, 3, end);
	bind_int(st, 4, min_sample);
	bind_text(st, 5, by);
	bind_text(st, 6, at);
	return store_step_id(s, st, id, "write of an assessment period", e);
}

enum status store_assess_period_update(struct store *s, int64_t id, const char *name,
                                       const char *start, const char *end, int min_sample,
                                       struct error *e)
{
	static const char sql[] = "UPDATE assess_period SET name = ?, start_date = ?, end_date = ?, "
	                          "min_sample = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, name);
	bind_text(st, 2, start);
	bind_text(st, 3, end);
	bind_int(st, 4, min_sample);
	bind_int(st, 5, id);
	return store_step_done(s, st, "write of an assessment period", e);
}

enum status store_assess_period_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = PERIOD_SELECT "WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "assessment period %lld does not exist", (long long)id);
	return store_row_json(s, st, period_names, out, missing, e);
}

enum status store_assess_periods(struct store *s, json_t **out, struct error *e)
{
	static const char sql[] = PERIOD_SELECT "ORDER BY id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	return store_rows_json(s, st, period_names, out, "read of assessment periods", e);
}

enum status store_assess_period_status(struct store *s, int64_t id, const char *status,
                                       const char *at, struct error *e)
{
	static const char sql[] =
		"UPDATE assess_period SET status = ?1, "
		"opened_at = CASE WHEN ?1 = 'open' THEN ?2 ELSE opened_at END, "
		"closed_at = CASE WHEN ?1 = 'closed' THEN ?2 ELSE closed_at END WHERE id = ?3";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, status);
	bind_text(st, 2, at);
	bind_int(st, 3, id);
	return store_step_done(s, st, "write of an assessment period", e);
}

enum status store_assess_indicator_put(struct store *s, int64_t period, const char *code,
                                       const char *name, const char *source, int weight,
                                       struct error *e)
{
	static const char sql[] =
		"INSERT INTO assess_indicator (period_id, code, name, source, weight) "
		"VALUES (?, ?, ?, ?, ?) ON CONFLICT (period_id, code) DO UPDATE SET "
		"name = excluded.name, source = excluded.source, weight = excluded.weight";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, period);
	bind_text(st, 2, code);
	bind_text(st, 3, name);
	bind_text(st, 4, source);
	bind_int(st, 5, weight);
	return store_step_done(s, st, "write of an indicator", e);
}

enum status store_assess_indicator_delete(struct store *s, int64_t period, const char *code,
                                          bool *gone, struct error *e)
{
	static const char sql[] =
		"DELETE FROM assess_indicator WHERE period_id = ? AND code = ? RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, period);
	bind_text(st, 2, code);
	int rc = sqlite3_step(st);
	*gone = rc == SQLITE_ROW;
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "delete of an indicator", e);
}

enum status store_assess_indicators(struct store *s, int64_t period, json_t **out,
                                    struct error *e)
{
	static const char *const names[] = {"id", "code", "name", "source", "weight", NULL};
	static const char sql[] = "SELECT id, code, name, source, weight FROM assess_indicator "
	                          "WHERE period_id = ? ORDER BY code";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, period);
	return store_rows_json(s, st, names, out, "read of indicators", e);
}

enum status store_assess_unit_add(struct store *s, int64_t period, const char *department,
                                  bool agency, int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO assess_unit (period_id, department_id, agency) VALUES "
		"(?, (SELECT id FROM department WHERE code = ?), ?) "
		"ON CONFLICT (period_id, department_id, agency) DO UPDATE SET agency = excluded.agency "
		"RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, period);
	bind_text(st, 2, department);
	bind_int(st, 3, agency);
	return store_step_id(s, st, id, "write of an assessed unit", e);
}

enum status store_assess_units(struct store *s, int64_t period, json_t **out, struct error *e)
{
	static const char *const names[] = {"id", "department", "department_name", "agency",
	                                    "agency_name", NULL};
	static const char sql[] =
		"SELECT u.id, d.code, d.name, u.agency, CASE WHEN u.agency = 1 THEN "
		"d.dispatched_agency ELSE '' END FROM assess_unit u "
		"JOIN department d ON d.id = u.department_id WHERE u.period_id = ? "
		"ORDER BY d.code, u.agency";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, period);
	return store_rows_json(s, st, names, out, "read of assessed units", e);
}

enum status store_assess_assign(struct store *s, int64_t unit, const char *town, struct error *e)
{
	static const char sql[] =
		"INSERT INTO assess_assignment (unit_id, town_id) VALUES "
		"(?, (SELECT id FROM town WHERE code = ?)) ON CONFLICT DO NOTHING";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, unit);
	bind_text(st, 2, town);
	return store_step_done(s, st, "write of an assignment", e);
}

enum status store_assess_assignments(struct store *s, int64_t period, json_t **out,
                                     struct error *e)
{
	static const char *const names[] = {"unit_id", "town", "town_name", NULL};
	static const char sql[] =
		"SELECT a.unit_id, t.code, t.name FROM assess_assignment a "
		"JOIN assess_unit u ON u.id = a.unit_id JOIN town t ON t.id = a.town_id "
		"WHERE u.period_id = ? ORDER BY a.unit_id, t.code";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, period);
	return store_rows_json(s, st, names, out, "read of assignments", e);
}

enum status store_assess_worked(struct store *s, int64_t unit, const char *town, const char *from,
                                const char *to, bool *out, struct error *e)
{
	/* a whistle of the town calling the unit's department raised in the
	 * period, or an assignment by the office */
	static const char sql[] =
		"SELECT EXISTS (SELECT 1 FROM assess_assignment a JOIN town t ON t.id = a.town_id "
		"  WHERE a.unit_id = ?1 AND t.code = ?2) "
		"OR EXISTS (SELECT 1 FROM whistle w JOIN town t ON t.id = w.town_id "
		"  JOIN assess_unit u ON u.id = ?1 AND u.department_id = w.department_id "
		"  WHERE t.code = ?2 AND w.raised_at >= ?3 AND w.raised_at < ?4)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, unit);
	bind_text(st, 2, town);
	bind_text(st, 3, from);
	bind_text(st, 4, to);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of a town's work", e);
}

enum status store_assess_scored(struct store *s, int64_t unit, const char *town, bool *out,
                                struct error *e)
{
	static const char sql[] =
		"SELECT EXISTS (SELECT 1 FROM assess_score sc JOIN town t ON t.id = sc.town_id "
		"WHERE sc.unit_id = ? AND t.code = ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, unit);
	bind_text(st, 2, town);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of scores", e);
}

enum status store_assess_score_add(struct store *s, int64_t unit, const char *town,
                                   int64_t indicator, int score, const char *comment,
                                   const char *by, const char *at, struct error *e)
{
	static const char sql[] =
		"INSERT INTO assess_score (unit_id, town_id, indicator_id, score, comment, scored_by, "
		"scored_at) VALUES (?, (SELECT id FROM town WHERE code = ?), ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, unit);
	bind_text(st, 2, town);
	bind_int(st, 3, indicator);
	bind_int(st, 4, score);
	bind_text(st, 5, comment ? comment : "");
	bind_text(st, 6, by);
	bind_text(st, 7, at);
	return store_step_done(s, st, "write of a score", e);
}

enum status store_assess_scores(struct store *s, int64_t period, const char *town, json_t **out,
                                struct error *e)
{
	static const char *const names[] = {"unit_id", "town", "town_name", "indicator", "score",
	                                    "comment", "scored_by", "scored_at", NULL};
	static const char sql[] =
		"SELECT sc.unit_id, t.code, t.name, i.code, sc.score, sc.comment, sc.scored_by, "
		"sc.scored_at FROM assess_score sc JOIN assess_unit u ON u.id = sc.unit_id "
		"JOIN town t ON t.id = sc.town_id JOIN assess_indicator i ON i.id = sc.indicator_id "
		"WHERE u.period_id = ?1 AND (?2 = '' OR t.code = ?2) ORDER BY sc.unit_id, t.code, i.code";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, period);
	bind_text(st, 2, town ? town : "");
	return store_rows_json(s, st, names, out, "read of scores", e);
}

enum status store_assess_opinion_add(struct store *s, int64_t unit, const char *town,
                                     const char *person, const char *opinion,
                                     const char *reason, const char *by, const char *at,
                                     int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO assess_opinion (unit_id, town_id, person, opinion, reason, given_by, "
		"given_at) VALUES (?, (SELECT id FROM town WHERE code = ?), ?, ?, ?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, unit);
	bind_text(st, 2, town);
	bind_text(st, 3, person);
	bind_text(st, 4, opinion);
	bind_text(st, 5, reason);
	bind_text(st, 6, by);
	bind_text(st, 7, at);
	return store_step_id(s, st, id, "write of an opinion", e);
}

enum status store_assess_opinions(struct store *s, int64_t period, const char *town,
                                  json_t **out, struct error *e)
{
	static const char *const names[] = {"id",     "unit_id", "department", "agency_name",
	                                    "town",   "town_name", "person",   "opinion",
	                                    "reason", "given_by", "given_at",  NULL};
	static const char sql[] =
		"SELECT o.id, o.unit_id, d.code, d.dispatched_agency, t.code, t.name, o.person, "
		"o.opinion, o.reason, o.given_by, o.given_at FROM assess_opinion o "
		"JOIN assess_unit u ON u.id = o.unit_id JOIN department d ON d.id = u.department_id "
		"JOIN town t ON t.id = o.town_id WHERE u.period_id = ?1 AND (?2 = '' OR t.code = ?2) "
		"ORDER BY o.id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, period);
	bind_text(st, 2, town ? town : "");
	return store_rows_json(s, st, names, out, "read of opinions", e);
}
