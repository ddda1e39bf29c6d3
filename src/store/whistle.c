/* whistle.c - 吹哨报到: whistles, their steps and the office's settings. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "internal.h"

static const char *const whistle_names[] = {
	"id", "town", "town_name", "department", "department_name", "task_code", "matter", "place",
	"urgency", "fit", "warning", "status", "raised_by", "raised_at", "assigned_at", "ack_due",
	"report_due",
	"resolve_due", "acked_by", "acked_at", "report", "reported_by", "reported_at", "satisfied",
	"comment", "evaluated_by", "evaluated_at", "matter_id", NULL};
#define WHISTLE_SELECT                                                                        \
	"SELECT w.id, tw.code, tw.name, d.code, d.name, w.task_code, w.matter, w.place, "     \
	"w.urgency, w.fit, w.warning, w.status, w.raised_by, w.raised_at, "                   \
	"w.assigned_at, w.ack_due, "                                                          \
	"w.report_due, w.resolve_due, w.acked_by, w.acked_at, w.report, w.reported_by, "      \
	"w.reported_at, w.satisfied, w.comment, w.evaluated_by, w.evaluated_at, w.matter_id " \
	"FROM whistle w "                                                                      \
	"JOIN town tw ON tw.id = w.town_id JOIN department d ON d.id = w.department_id "

enum status store_whistle_add(struct store *s, const struct whistle_new *w, int64_t *id,
                              struct error *e)
{
	static const char sql[] =
		"INSERT INTO whistle (town_id, department_id, task_code, matter, place, urgency, fit, "
		"warning, status, raised_by, raised_at, ack_due, report_due, resolve_due, matter_id, "
		"assigned_at) VALUES ("
		"(SELECT id FROM town WHERE code = ?1), (SELECT id FROM department WHERE code = ?2), "
		"?3, ?4, ?5, ?6, ?7, ?8, 'raised', ?9, ?10, ?11, ?12, ?13, ?14, ?10) RETURNING id";
	/* the first whistle of a matter names it: its own id */
	static const char own[] = "UPDATE whistle SET matter_id = id WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, w->town);
	bind_text(st, 2, w->department);
	bind_text(st, 3, w->task_code);
	bind_text(st, 4, w->matter);
	bind_text(st, 5, w->place);
	bind_text(st, 6, w->urgency);
	bind_text(st, 7, w->fit);
	bind_text(st, 8, w->warning);
	bind_text(st, 9, w->by);
	bind_text(st, 10, w->at);
	bind_text(st, 11, w->due.ack);
	bind_text(st, 12, w->due.report);
	bind_text(st, 13, w->due.resolve);
	bind_int(st, 14, w->matter_id);
	enum status rc = store_step_id(s, st, id, "write of a whistle", e);
	if (rc != STATUS_OK || w->matter_id > 0)
		return rc;
	if (!(st = store_stmt(s, own, e)))
		return e->status;
	bind_int(st, 1, *id);
	return store_step_done(s, st, "write of a whistle", e);
}

enum status store_whistle_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = WHISTLE_SELECT "WHERE w.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "whistle %lld does not exist", (long long)id);
	return store_row_json(s, st, whistle_names, out, missing, e);
}

enum status store_whistles(struct store *s, const char *town, const char *department,
                           const char *from, const char *to, json_t **out, struct error *e)
{
	struct whistle_filter f = {town, department, from, to, 0, false, NULL};
	return store_whistles_where(s, &f, out, e);
}

enum status store_whistles_where(struct store *s, const struct whistle_filter *f, json_t **out,
                                 struct error *e)
{
#define WHISTLE_WHERE                                                                         \
	"(?1 = '' OR tw.code = ?1) AND (?2 = '' OR d.code = ?2) "                             \
	"AND (?3 = '' OR w.raised_at >= ?3) AND (?4 = '' OR w.raised_at < ?4) "               \
	"AND (?5 = 0 OR w.matter_id = ?5) "                                                   \
	"AND (?6 = '' OR (w.status = 'raised' AND w.ack_due <> '' AND w.ack_due < ?6) "      \
	"  OR (w.status IN ('raised','acknowledged') AND w.report_due <> '' "                 \
	"      AND w.report_due < ?6) "                                                         \
	"  OR (w.status IN ('raised','acknowledged','reported') AND w.resolve_due <> '' "      \
	"      AND w.resolve_due < ?6)) "
	static const char sql[] = WHISTLE_SELECT "WHERE " WHISTLE_WHERE "ORDER BY w.id DESC";
	/* only those not yet evaluated, through the partial index whistle_open
	 * (the condition must be its own, word for word, for SQLite to use it) */
	static const char open[] = WHISTLE_SELECT
		"WHERE w.status IN ('raised','acknowledged','reported') AND " WHISTLE_WHERE
		"ORDER BY w.id DESC";
#undef WHISTLE_WHERE
	sqlite3_stmt *st = store_stmt(s, f->open_only ? open : sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, f->town ? f->town : "");
	bind_text(st, 2, f->department ? f->department : "");
	bind_text(st, 3, f->from ? f->from : "");
	bind_text(st, 4, f->to ? f->to : "");
	bind_int(st, 5, f->matter);
	bind_text(st, 6, f->overdue_at ? f->overdue_at : "");
	return store_rows_json(s, st, whistle_names, out, "read of whistles", e);
}

/* Hours from a to b, ISO times; -1 when either is not one. */
static double hours(const char *a, const char *b)
{
	time_t ta, tb;
	if (!a || !b || !iso_time_parse(a, &ta) || !iso_time_parse(b, &tb))
		return -1;
	return difftime(tb, ta) / 3600.0;
}

/* id -> code of a small table (towns, departments): codes[id], NULL
 * where there is none; the caller frees both. */
static enum status codes_by_id(struct store *s, const char *sql, char ***codes, int64_t *n,
                               struct error *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	*codes = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		if (id < 0 || id > 10000000 || !code)
			continue;
		if (id >= *n) {
			int64_t grown = id + 64;
			*codes = xrealloc(*codes, (size_t)grown * sizeof **codes);
			memset(*codes + *n, 0, (size_t)(grown - *n) * sizeof **codes);
			*n = grown;
		}
		(*codes)[id] = xstrdup(code);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "read of codes", e);
}

static void codes_free(char **codes, int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
}

enum status store_whistle_facts(struct store *s, const char *from, const char *to,
                                void (*fn)(void *ctx, const struct whistle_fact *f), void *ctx,
                                struct error *e)
{
	/* Only what the statistics count, in one pass over the table (no
	 * joins: the codes of the 30-odd towns and departments are read
	 * first); whether every step met its deadline is decided here (ISO
	 * times compare as text), the hours in C (julianday on 4 columns of
	 * 50,000 rows cost more than the rest of the page, bench/whistle). */
	static const char sql[] =
		"SELECT w.town_id, w.department_id, w.status, w.raised_at, "
		"CASE WHEN w.assigned_at <> '' THEN w.assigned_at ELSE w.raised_at END, w.acked_at, "
		"w.evaluated_at, "
		"(w.ack_due = '' OR (w.acked_at <> '' AND w.acked_at <= w.ack_due)) AND "
		"(w.report_due = '' OR (w.reported_at <> '' AND w.reported_at <= w.report_due)) AND "
		"(w.resolve_due = '' OR (w.evaluated_at <> '' AND w.evaluated_at <= w.resolve_due)), "
		"coalesce(w.satisfied, 0) > 0 FROM whistle w "
		"WHERE (?1 = '' OR w.raised_at >= ?1) AND (?2 = '' OR w.raised_at < ?2)";
	char **towns = NULL, **depts = NULL;
	int64_t ntowns = 0, ndepts = 0;
	enum status rc_st = codes_by_id(s, "SELECT id, code FROM town", &towns, &ntowns, e);
	if (rc_st == STATUS_OK)
		rc_st = codes_by_id(s, "SELECT id, code FROM department", &depts, &ndepts, e);
	sqlite3_stmt *st = rc_st == STATUS_OK ? store_stmt(s, sql, e) : NULL;
	if (!st) {
		codes_free(towns, ntowns);
		codes_free(depts, ndepts);
		return rc_st == STATUS_OK ? e->status : rc_st;
	}
	bind_text(st, 1, from ? from : "");
	bind_text(st, 2, to ? to : "");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t t = sqlite3_column_int64(st, 0), d = sqlite3_column_int64(st, 1);
		const char *status = (const char *)sqlite3_column_text(st, 2);
		const char *raised = (const char *)sqlite3_column_text(st, 3);
		const char *called = (const char *)sqlite3_column_text(st, 4);
		const char *acked = (const char *)sqlite3_column_text(st, 5);
		const char *evaluated = (const char *)sqlite3_column_text(st, 6);
		status = status ? status : "";
		struct whistle_fact f = {
			.town = t >= 0 && t < ntowns && towns[t] ? towns[t] : "",
			.department = d >= 0 && d < ndepts && depts[d] ? depts[d] : "",
			.status = status,
			.response_h = acked && *acked ? hours(called, acked) : -1,
			.resolution_h = strcmp(status, "resolved") == 0 && evaluated && *evaluated
			                        ? hours(raised, evaluated)
			                        : -1,
			.on_time = sqlite3_column_int(st, 7) != 0,
			.satisfied = sqlite3_column_int(st, 8) != 0,
		};
		fn(ctx, &f);
	}
	sqlite3_reset(st);
	codes_free(towns, ntowns);
	codes_free(depts, ndepts);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "read of whistles", e);
}

enum status store_whistle_set(struct store *s, int64_t id, const char *status,
                              const char *step, const char *by, const char *at,
                              const char *text, int satisfied, struct error *e)
{
	/* one statement per step: each fills its own columns */
	static const char ack[] =
		"UPDATE whistle SET status = ?1, acked_by = ?2, acked_at = ?3 WHERE id = ?4";
	static const char report[] = "UPDATE whistle SET status = ?1, reported_by = ?2, "
	                             "reported_at = ?3, report = ?5 WHERE id = ?4";
	static const char evaluate[] =
		"UPDATE whistle SET status = ?1, evaluated_by = ?2, evaluated_at = ?3, comment = ?5, "
		"satisfied = ?6 WHERE id = ?4";
	const char *sql = strcmp(step, "acknowledge") == 0 ? ack
	                  : strcmp(step, "report") == 0    ? report
	                                                   : evaluate;
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, status);
	bind_text(st, 2, by);
	bind_text(st, 3, at);
	bind_int(st, 4, id);
	if (sql != ack)
		bind_text(st, 5, text ? text : "");
	if (sql == evaluate)
		bind_int(st, 6, satisfied);
	return store_step_done(s, st, "write of a whistle", e);
}

enum status store_whistle_reassign(struct store *s, int64_t id, const char *department,
                                   const struct whistle_deadlines *due, const char *at,
                                   struct error *e)
{
	static const char sql[] =
		"UPDATE whistle SET status = 'raised', department_id = (SELECT id FROM department "
		"WHERE code = ?1), acked_by = '', acked_at = '', ack_due = ?2, report_due = ?3, "
		"resolve_due = ?4, assigned_at = ?6 WHERE id = ?5";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, department);
	bind_text(st, 2, due->ack);
	bind_text(st, 3, due->report);
	bind_text(st, 4, due->resolve);
	bind_int(st, 5, id);
	bind_text(st, 6, at);
	return store_step_done(s, st, "write of a whistle", e);
}

enum status store_whistle_event_add(struct store *s, int64_t id, const char *action,
                                    const char *actor, const char *at, const char *department,
                                    const char *note, struct error *e)
{
	static const char sql[] =
		"INSERT INTO whistle_event (whistle_id, action, actor, at, department_id, note) "
		"VALUES (?, ?, ?, ?, (SELECT id FROM department WHERE code = ?), ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	bind_text(st, 2, action);
	bind_text(st, 3, actor);
	bind_text(st, 4, at);
	bind_text(st, 5, department ? department : "");
	bind_text(st, 6, note ? note : "");
	return store_step_done(s, st, "write of a whistle's step", e);
}

enum status store_whistle_events(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char *const names[] = {"action", "actor", "at", "department",
	                                    "department_name", "note", NULL};
	static const char sql[] =
		"SELECT ev.action, ev.actor, ev.at, d.code, d.name, ev.note FROM whistle_event ev "
		"LEFT JOIN department d ON d.id = ev.department_id WHERE ev.whistle_id = ? "
		"ORDER BY ev.id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	return store_rows_json(s, st, names, out, "read of a whistle's steps", e);
}

enum status store_whistle_settings(struct store *s, struct whistle_settings *out,
                                   struct error *e)
{
	static const char sql[] =
		"SELECT urgent_ack_hours, urgent_onsite_hours, urgent_resolve_days, normal_ack_days, "
		"normal_report_days, normal_resolve_days, min_sample FROM whistle_setting WHERE id = 1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc = sqlite3_step(st);
	*out = whistle_defaults;
	if (rc == SQLITE_ROW) {
		out->urgent_ack_hours = sqlite3_column_int(st, 0);
		out->urgent_onsite_hours = sqlite3_column_int(st, 1);
		out->urgent_resolve_days = sqlite3_column_int(st, 2);
		out->normal_ack_days = sqlite3_column_int(st, 3);
		out->normal_report_days = sqlite3_column_int(st, 4);
		out->normal_resolve_days = sqlite3_column_int(st, 5);
		out->min_sample = sqlite3_column_int(st, 6);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STATUS_OK
	                                             : store_fail(s, "read of whistle settings", e);
}

enum status store_whistle_settings_set(struct store *s, const struct whistle_settings *v,
                                       const char *by, struct error *e)
{
	static const char sql[] =
		"INSERT INTO whistle_setting (id, urgent_ack_hours, urgent_onsite_hours, "
		"urgent_resolve_days, normal_ack_days, normal_report_days, normal_resolve_days, "
		"min_sample, updated_by, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (id) DO UPDATE SET urgent_ack_hours = excluded.urgent_ack_hours, "
		"urgent_onsite_hours = excluded.urgent_onsite_hours, "
		"urgent_resolve_days = excluded.urgent_resolve_days, "
		"normal_ack_days = excluded.normal_ack_days, "
		"normal_report_days = excluded.normal_report_days, "
		"normal_resolve_days = excluded.normal_resolve_days, min_sample = excluded.min_sample, "
		"updated_by = excluded.updated_by, updated_at = excluded.updated_at";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_int(st, 1, v->urgent_ack_hours);
	bind_int(st, 2, v->urgent_onsite_hours);
	bind_int(st, 3, v->urgent_resolve_days);
	bind_int(st, 4, v->normal_ack_days);
	bind_int(st, 5, v->normal_report_days);
	bind_int(st, 6, v->normal_resolve_days);
	bind_int(st, 7, v->min_sample);
	bind_text(st, 8, by);
	bind_text(st, 9, now);
	return store_step_done(s, st, "write of whistle settings", e);
}
