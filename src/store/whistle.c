/* whistle.c - 吹哨报到: whistles, their steps and the office's settings. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const whistle_names[] = {
	"id", "town", "town_name", "department", "department_name", "task_code", "matter", "place",
	"urgency", "fit", "warning", "status", "raised_by", "raised_at", "assigned_at", "ack_due",
	"report_due",
	"resolve_due", "acked_by", "acked_at", "report", "reported_by", "reported_at", "satisfied",
	"comment", "evaluated_by", "evaluated_at", NULL};
#define WHISTLE_SELECT                                                                        \
	"SELECT w.id, tw.code, tw.name, d.code, d.name, w.task_code, w.matter, w.place, "     \
	"w.urgency, w.fit, w.warning, w.status, w.raised_by, w.raised_at, "                   \
	"coalesce((SELECT max(ev.at) FROM whistle_event ev WHERE ev.whistle_id = w.id AND "   \
	"ev.action = 'reassign'), w.raised_at), w.ack_due, "                                  \
	"w.report_due, w.resolve_due, w.acked_by, w.acked_at, w.report, w.reported_by, "      \
	"w.reported_at, w.satisfied, w.comment, w.evaluated_by, w.evaluated_at FROM whistle w " \
	"JOIN town tw ON tw.id = w.town_id JOIN department d ON d.id = w.department_id "

enum status store_whistle_add(struct store *s, const struct whistle_new *w, int64_t *id,
                              struct error *e)
{
	static const char sql[] =
		"INSERT INTO whistle (town_id, department_id, task_code, matter, place, urgency, fit, "
		"warning, status, raised_by, raised_at, ack_due, report_due, resolve_due) VALUES ("
		"(SELECT id FROM town WHERE code = ?), (SELECT id FROM department WHERE code = ?), "
		"?, ?, ?, ?, ?, ?, 'raised', ?, ?, ?, ?, ?) RETURNING id";
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
	return store_step_id(s, st, id, "write of a whistle", e);
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
	static const char sql[] = WHISTLE_SELECT
		"WHERE (?1 = '' OR tw.code = ?1) AND (?2 = '' OR d.code = ?2) "
		"AND (?3 = '' OR w.raised_at >= ?3) AND (?4 = '' OR w.raised_at < ?4) "
		"ORDER BY w.id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, town ? town : "");
	bind_text(st, 2, department ? department : "");
	bind_text(st, 3, from ? from : "");
	bind_text(st, 4, to ? to : "");
	return store_rows_json(s, st, whistle_names, out, "read of whistles", e);
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
                                   const struct whistle_deadlines *due, struct error *e)
{
	static const char sql[] =
		"UPDATE whistle SET status = 'raised', department_id = (SELECT id FROM department "
		"WHERE code = ?), acked_by = '', acked_at = '', ack_due = ?, report_due = ?, "
		"resolve_due = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, department);
	bind_text(st, 2, due->ack);
	bind_text(st, 3, due->report);
	bind_text(st, 4, due->resolve);
	bind_int(st, 5, id);
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
