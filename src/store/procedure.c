/* procedure.c - admission requests (准入), adjustments (运行调整) and the
 * lifecycle of legal bases (amendment, repeal). */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* --- admission --- */

static const char *const admission_names[] = {
	"id", "department", "department_name", "requested_by", "task_code", "payload",
	"resources", "status", "deadline", "decision_reason", "decided_by", "decided_at",
	"created_at", "updated_at", NULL};
#define ADMISSION_SELECT                                                                   \
	"SELECT a.id, d.code, d.name, a.requested_by, a.task_code, a.payload, a.resources, " \
	"a.status, a.deadline, a.decision_reason, a.decided_by, a.decided_at, a.created_at, " \
	"a.updated_at FROM admission a JOIN department d ON d.id = a.department_id "

enum status store_admission_add(struct store *s, const char *department, const char *by,
                                const char *task_code, const char *payload,
                                const char *resources, int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO admission (department_id, requested_by, task_code, payload, resources, "
		"status, created_at, updated_at) VALUES ((SELECT id FROM department WHERE code = ?), "
		"?, ?, ?, ?, 'submitted', ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, department);
	bind_text(st, 2, by);
	bind_text(st, 3, task_code);
	bind_text(st, 4, payload);
	bind_text(st, 5, resources);
	bind_text(st, 6, now);
	bind_text(st, 7, now);
	return store_step_id(s, st, id, "write of an admission request", e);
}

enum status store_admission_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = ADMISSION_SELECT "WHERE a.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "admission request %lld does not exist", (long long)id);
	return store_row_json(s, st, admission_names, out, missing, e);
}

enum status store_admissions(struct store *s, const char *department, const char *status,
                             json_t **out, struct error *e)
{
	static const char sql[] = ADMISSION_SELECT
		"WHERE (?1 = '' OR d.code = ?1) AND (?2 = '' OR a.status = ?2) ORDER BY a.id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, department ? department : "");
	bind_text(st, 2, status ? status : "");
	return store_rows_json(s, st, admission_names, out, "read of admission requests", e);
}

enum status store_admission_set(struct store *s, int64_t id, const char *status,
                                const char *deadline, const char *reason, const char *by,
                                struct error *e)
{
	static const char sql[] =
		"UPDATE admission SET status = ?, deadline = coalesce(?, deadline), "
		"decision_reason = coalesce(?, decision_reason), decided_by = ?, decided_at = ?, "
		"updated_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, status);
	if (deadline)
		bind_text(st, 2, deadline);
	else
		sqlite3_bind_null(st, 2);
	if (reason)
		bind_text(st, 3, reason);
	else
		sqlite3_bind_null(st, 3);
	bind_text(st, 4, by);
	bind_text(st, 5, now);
	bind_text(st, 6, now);
	bind_int(st, 7, id);
	return store_step_done(s, st, "write of an admission request", e);
}

enum status store_admission_revise(struct store *s, int64_t id, const char *task_code,
                                   const char *payload, const char *resources,
                                   struct error *e)
{
	static const char sql[] = "UPDATE admission SET task_code = ?, payload = ?, resources = ?, "
	                          "updated_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, task_code);
	bind_text(st, 2, payload);
	bind_text(st, 3, resources);
	bind_text(st, 4, now);
	bind_int(st, 5, id);
	return store_step_done(s, st, "write of an admission request", e);
}

/* --- adjustment --- */

static const char *const adjustment_names[] = {
	"id", "town", "town_name", "action", "task_code", "payload", "reason", "origin",
	"opened_by", "basis", "status", "deadline", "version", "decision_reason", "decided_by",
	"decided_at", "created_at", NULL};
#define ADJUSTMENT_SELECT                                                                   \
	"SELECT a.id, tw.code, tw.name, a.action, a.task_code, a.payload, a.reason, a.origin, " \
	"a.opened_by, b.code, a.status, a.deadline, lv.version, a.decision_reason, "          \
	"a.decided_by, a.decided_at, a.created_at FROM adjustment a "                         \
	"JOIN town tw ON tw.id = a.town_id LEFT JOIN basis b ON b.id = a.basis_id "          \
	"LEFT JOIN list_version lv ON lv.id = a.version_id "

enum status store_adjustment_add(struct store *s, int64_t town_id, const char *action,
                                 const char *task_code, const char *payload,
                                 const char *reason, const char *origin, const char *by,
                                 int64_t basis_id, const char *deadline, int64_t *id,
                                 struct error *e)
{
	static const char sql[] =
		"INSERT INTO adjustment (town_id, action, task_code, payload, reason, origin, "
		"opened_by, basis_id, status, deadline, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_int(st, 1, town_id);
	bind_text(st, 2, action);
	bind_text(st, 3, task_code);
	bind_text(st, 4, payload);
	bind_text(st, 5, reason);
	bind_text(st, 6, origin);
	bind_text(st, 7, by);
	if (basis_id)
		bind_int(st, 8, basis_id);
	else
		sqlite3_bind_null(st, 8);
	bind_text(st, 9, deadline);
	bind_text(st, 10, now);
	return store_step_id(s, st, id, "write of an adjustment", e);
}

enum status store_adjustment_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = ADJUSTMENT_SELECT "WHERE a.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "adjustment %lld does not exist", (long long)id);
	return store_row_json(s, st, adjustment_names, out, missing, e);
}

enum status store_adjustments(struct store *s, const char *town, const char *status,
                              json_t **out, struct error *e)
{
	static const char sql[] = ADJUSTMENT_SELECT
		"WHERE (?1 = '' OR tw.code = ?1) AND (?2 = '' OR a.status = ?2) ORDER BY a.id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, town ? town : "");
	bind_text(st, 2, status ? status : "");
	return store_rows_json(s, st, adjustment_names, out, "read of adjustments", e);
}

enum status store_adjustment_open_for(struct store *s, int64_t town_id, const char *task_code,
                                      bool *open, struct error *e)
{
	static const char sql[] = "SELECT count(*) FROM adjustment WHERE town_id = ? AND "
	                          "task_code = ? AND status = 'open'";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, town_id);
	bind_text(st, 2, task_code);
	int rc = sqlite3_step(st);
	*open = rc == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of adjustments", e);
}

enum status store_adjustment_set(struct store *s, int64_t id, const char *status,
                                 const char *reason, const char *by, int64_t version_id,
                                 struct error *e)
{
	static const char sql[] =
		"UPDATE adjustment SET status = ?, decision_reason = ?, decided_by = ?, decided_at = ?, "
		"version_id = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, status);
	bind_text(st, 2, reason);
	bind_text(st, 3, by);
	bind_text(st, 4, now);
	if (version_id)
		bind_int(st, 5, version_id);
	else
		sqlite3_bind_null(st, 5);
	bind_int(st, 6, id);
	return store_step_done(s, st, "write of an adjustment", e);
}

/* The towns whose list in force holds the task: [{town_id, town}]. */
enum status store_towns_listing(struct store *s, const char *task_code, json_t **out,
                                struct error *e)
{
	static const char *const names[] = {"town_id", "town", NULL};
	static const char sql[] =
		"SELECT DISTINCT lv.town_id, tw.code FROM list_version lv JOIN town tw ON tw.id = "
		"lv.town_id JOIN list_item li ON li.version_id = lv.id JOIN task_rev r ON r.id = "
		"li.rev_id JOIN task t ON t.id = r.task_id WHERE t.code = ? AND lv.status = "
		"'published' ORDER BY tw.code";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, task_code);
	return store_rows_json(s, st, names, out, "read of lists", e);
}

/* --- bases --- */

enum status store_basis_version_add(struct store *s, const struct basis *b, const char *note,
                                    const char *by, struct error *e)
{
	static const char sql[] =
		"INSERT INTO basis_version (basis_id, title, doc_no, effective_date, status, note, "
		"recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_int(st, 1, b->id);
	bind_text(st, 2, b->title);
	bind_text(st, 3, b->doc_no);
	bind_text(st, 4, b->effective_date);
	bind_text(st, 5, b->status);
	bind_text(st, 6, note);
	bind_text(st, 7, by);
	bind_text(st, 8, now);
	return store_step_done(s, st, "write of a basis version", e);
}

enum status store_basis_versions(struct store *s, const char *code, json_t **out,
                                 struct error *e)
{
	static const char *const names[] = {"title", "doc_no", "effective_date", "status", "note",
	                                    "recorded_by", "recorded_at", NULL};
	static const char sql[] =
		"SELECT v.title, v.doc_no, v.effective_date, v.status, v.note, v.recorded_by, "
		"v.recorded_at FROM basis_version v JOIN basis b ON b.id = v.basis_id WHERE b.code = ? "
		"ORDER BY v.id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, code);
	return store_rows_json(s, st, names, out, "read of basis versions", e);
}

enum status store_basis_repeal(struct store *s, int64_t basis_id, const char *date,
                               struct error *e)
{
	static const char sql[] =
		"UPDATE basis SET status = '已废止', repealed_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, date);
	bind_int(st, 2, basis_id);
	return store_step_done(s, st, "write of a basis", e);
}
