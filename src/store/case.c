/* case.c - 监管问责: cases, their evidence (files included), events and
 * answers, the settings, and the cases the system proposes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const case_names[] = {
	"id",         "department", "department_name", "agency",      "agency_name", "type",
	"title",      "summary",    "status",          "opened_by",   "opened_at",   "opened_day",
	"step_since", "due",        "finding",         "measure",     "concluded_by", "concluded_at",
	"closed_by",  "closed_at",  NULL};
#define CASE_SELECT                                                                            \
	"SELECT c.id, d.code, d.name, c.agency, CASE WHEN c.agency = 1 THEN d.dispatched_agency " \
	"ELSE '' END, c.type, c.title, c.summary, c.status, c.opened_by, c.opened_at, "           \
	"c.opened_day, c.step_since, c.due, c.finding, c.measure, c.concluded_by, "               \
	"c.concluded_at, c.closed_by, c.closed_at FROM supervision_case c "                        \
	"JOIN department d ON d.id = c.department_id "

enum status store_case_add(struct store *s, const struct case_new *c, int64_t *id,
                           struct error *e)
{
	static const char sql[] =
		"INSERT INTO supervision_case (department_id, agency, type, title, summary, status, "
		"opened_by, opened_at, opened_day, step_since, due) VALUES ("
		"(SELECT id FROM department WHERE code = ?), ?, ?, ?, ?, 'opened', ?, ?, ?, ?, ?) "
		"RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, c->department);
	bind_int(st, 2, c->agency);
	bind_text(st, 3, c->type);
	bind_text(st, 4, c->title);
	bind_text(st, 5, c->summary ? c->summary : "");
	bind_text(st, 6, c->by);
	bind_text(st, 7, c->at);
	bind_text(st, 8, c->day);
	bind_text(st, 9, c->day);
	bind_text(st, 10, c->due);
	return store_step_id(s, st, id, "write of a case", e);
}

enum status store_case_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = CASE_SELECT "WHERE c.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "case %lld does not exist", (long long)id);
	return store_row_json(s, st, case_names, out, missing, e);
}

enum status store_cases(struct store *s, const char *department, json_t **out, struct error *e)
{
	static const char sql[] =
		CASE_SELECT "WHERE (?1 = '' OR d.code = ?1) ORDER BY c.id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, department ? department : "");
	return store_rows_json(s, st, case_names, out, "read of cases", e);
}

enum status store_case_set(struct store *s, int64_t id, const char *status, const char *since,
                           const char *due, const char *finding, const char *measure,
                           const char *by, const char *at, struct error *e)
{
	static const char sql[] =
		"UPDATE supervision_case SET status = ?1, step_since = ?2, due = ?3, "
		"finding = CASE WHEN ?1 = 'concluded' THEN ?4 ELSE finding END, "
		"measure = CASE WHEN ?1 = 'concluded' THEN ?5 ELSE measure END, "
		"concluded_by = CASE WHEN ?1 = 'concluded' THEN ?6 ELSE concluded_by END, "
		"concluded_at = CASE WHEN ?1 = 'concluded' THEN ?7 ELSE concluded_at END, "
		"closed_by = CASE WHEN ?1 = 'closed' THEN ?6 ELSE closed_by END, "
		"closed_at = CASE WHEN ?1 = 'closed' THEN ?7 ELSE closed_at END WHERE id = ?8";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, status);
	bind_text(st, 2, since);
	bind_text(st, 3, due);
	bind_text(st, 4, finding ? finding : "");
	bind_text(st, 5, measure ? measure : "");
	bind_text(st, 6, by);
	bind_text(st, 7, at);
	bind_int(st, 8, id);
	return store_step_done(s, st, "write of a case", e);
}

enum status store_case_event_add(struct store *s, int64_t id, const char *action,
                                 const char *actor, const char *at, const char *note,
                                 struct error *e)
{
	static const char sql[] =
		"INSERT INTO case_event (case_id, action, actor, at, note) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	bind_text(st, 2, action);
	bind_text(st, 3, actor);
	bind_text(st, 4, at);
	bind_text(st, 5, note ? note : "");
	return store_step_done(s, st, "write of a case's event", e);
}

enum status store_case_events(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char *const names[] = {"action", "actor", "at", "note", NULL};
	static const char sql[] =
		"SELECT action, actor, at, note FROM case_event WHERE case_id = ? ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	return store_rows_json(s, st, names, out, "read of a case's events", e);
}

enum status store_case_evidence_add(struct store *s, int64_t id, const struct case_evidence *ev,
                                    const char *by, const char *at, int64_t *eid,
                                    struct error *e)
{
	static const char sql[] =
		"INSERT INTO case_evidence (case_id, kind, ref_id, note, file_name, content_type, size, "
		"sha256, data, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	bind_text(st, 2, ev->kind);
	if (ev->ref_id > 0)
		bind_int(st, 3, ev->ref_id);
	else
		sqlite3_bind_null(st, 3);
	bind_text(st, 4, ev->note ? ev->note : "");
	bind_text(st, 5, ev->file_name ? ev->file_name : "");
	bind_text(st, 6, ev->content_type ? ev->content_type : "");
	bind_int(st, 7, (int64_t)ev->size);
	bind_text(st, 8, ev->sha256 ? ev->sha256 : "");
	if (ev->data)
		sqlite3_bind_blob(st, 9, ev->data, (int)ev->size, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 9);
	bind_text(st, 10, by);
	bind_text(st, 11, at);
	return store_step_id(s, st, eid, "write of evidence", e);
}

enum status store_case_evidence_list(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char *const names[] = {"id",   "kind",     "ref_id",     "note",
	                                    "file_name", "content_type", "size", "sha256",
	                                    "added_by", "added_at", NULL};
	static const char sql[] =
		"SELECT id, kind, ref_id, note, file_name, content_type, size, sha256, added_by, "
		"added_at FROM case_evidence WHERE case_id = ? ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	return store_rows_json(s, st, names, out, "read of evidence", e);
}

enum status store_case_file(struct store *s, int64_t id, int64_t evidence, char **name,
                            char **type, struct buf *data, struct error *e)
{
	static const char sql[] = "SELECT file_name, content_type, data FROM case_evidence "
	                          "WHERE case_id = ? AND id = ? AND kind = 'file'";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	bind_int(st, 2, evidence);
	int rc = sqlite3_step(st);
	enum status out = STATUS_OK;
	if (rc == SQLITE_ROW) {
		*name = xstrdup(col_text(st, 0));
		*type = xstrdup(col_text(st, 1));
		const void *blob = sqlite3_column_blob(st, 2);
		int n = sqlite3_column_bytes(st, 2);
		if (blob && n > 0)
			buf_append(data, blob, (size_t)n);
	} else if (rc == SQLITE_DONE) {
		out = error_set(e, STATUS_NOT_FOUND, "evidence", "case %lld has no file %lld",
		                (long long)id, (long long)evidence);
	} else {
		out = store_fail(s, "read of a file", e);
	}
	sqlite3_reset(st);
	return out;
}

enum status store_case_settings(struct store *s, struct case_settings *out, struct error *e)
{
	static const char sql[] = "SELECT investigate_days, conclude_days, close_days, "
	                          "overdue_threshold, window_days FROM case_setting WHERE id = 1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc = sqlite3_step(st);
	*out = case_defaults;
	if (rc == SQLITE_ROW) {
		out->investigate_days = sqlite3_column_int(st, 0);
		out->conclude_days = sqlite3_column_int(st, 1);
		out->close_days = sqlite3_column_int(st, 2);
		out->overdue_threshold = sqlite3_column_int(st, 3);
		out->window_days = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STATUS_OK
	                                             : store_fail(s, "read of case settings", e);
}

enum status store_case_settings_set(struct store *s, const struct case_settings *v,
                                    const char *by, struct error *e)
{
	static const char sql[] =
		"INSERT INTO case_setting (id, investigate_days, conclude_days, close_days, "
		"overdue_threshold, window_days, updated_by, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (id) DO UPDATE SET investigate_days = excluded.investigate_days, "
		"conclude_days = excluded.conclude_days, close_days = excluded.close_days, "
		"overdue_threshold = excluded.overdue_threshold, window_days = excluded.window_days, "
		"updated_by = excluded.updated_by, updated_at = excluded.updated_at";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_int(st, 1, v->investigate_days);
	bind_int(st, 2, v->conclude_days);
	bind_int(st, 3, v->close_days);
	bind_int(st, 4, v->overdue_threshold);
	bind_int(st, 5, v->window_days);
	bind_text(st, 6, by);
	bind_text(st, 7, now);
	return store_step_done(s, st, "write of case settings", e);
}

/* --- proposals --- */

static const char *const proposal_names[] = {
	"id",     "source", "department", "department_name", "type",       "summary",
	"status", "reason", "case_id",    "proposed_at",     "decided_by", "decided_at", NULL};
#define PROPOSAL_SELECT                                                                        \
	"SELECT p.id, p.source, d.code, d.name, p.type, p.summary, p.status, p.reason, p.case_id, " \
	"p.proposed_at, p.decided_by, p.decided_at FROM case_proposal p "                          \
	"JOIN department d ON d.id = p.department_id "

enum status store_case_proposal_add(struct store *s, const char *source, const char *department,
                                    const char *type, const char *summary, const char *at,
                                    int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO case_proposal (source, department_id, type, summary, status, proposed_at) "
		"VALUES (?, (SELECT id FROM department WHERE code = ?), ?, ?, 'proposed', ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, source);
	bind_text(st, 2, department);
	bind_text(st, 3, type);
	bind_text(st, 4, summary);
	bind_text(st, 5, at);
	return store_step_id(s, st, id, "write of a proposed case", e);
}

enum status store_case_proposal_evidence_add(struct store *s, int64_t id, const char *kind,
                                             int64_t ref, const char *note, struct error *e)
{
	static const char sql[] = "INSERT INTO case_proposal_evidence (proposal_id, kind, ref_id, "
	                          "note) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	bind_text(st, 2, kind);
	bind_int(st, 3, ref);
	bind_text(st, 4, note ? note : "");
	return store_step_done(s, st, "write of a proposed case's evidence", e);
}

enum status store_case_proposed(struct store *s, const char *kind, int64_t ref, bool *out,
                                struct error *e)
{
	static const char sql[] =
		"SELECT EXISTS (SELECT 1 FROM case_proposal_evidence WHERE kind = ? AND ref_id = ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, kind);
	bind_int(st, 2, ref);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of proposed evidence", e);
}

enum status store_case_proposal_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = PROPOSAL_SELECT "WHERE p.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "proposed case %lld does not exist", (long long)id);
	return store_row_json(s, st, proposal_names, out, missing, e);
}

enum status store_case_proposals(struct store *s, const char *status, json_t **out,
                                 struct error *e)
{
	static const char sql[] =
		PROPOSAL_SELECT "WHERE (?1 = '' OR p.status = ?1) ORDER BY p.id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, status ? status : "");
	return store_rows_json(s, st, proposal_names, out, "read of proposed cases", e);
}

enum status store_case_proposal_evidence(struct store *s, int64_t id, json_t **out,
                                         struct error *e)
{
	static const char *const names[] = {"kind", "ref_id", "note", NULL};
	static const char sql[] = "SELECT kind, ref_id, note FROM case_proposal_evidence "
	                          "WHERE proposal_id = ? ORDER BY kind, ref_id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	return store_rows_json(s, st, names, out, "read of a proposed case's evidence", e);
}

enum status store_case_proposal_set(struct store *s, int64_t id, const char *status,
                                    const char *reason, int64_t case_id, const char *by,
                                    const char *at, struct error *e)
{
	static const char sql[] =
		"UPDATE case_proposal SET status = ?, reason = ?, case_id = ?, decided_by = ?, "
		"decided_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, status);
	bind_text(st, 2, reason ? reason : "");
	if (case_id > 0)
		bind_int(st, 3, case_id);
	else
		sqlite3_bind_null(st, 3);
	bind_text(st, 4, by);
	bind_text(st, 5, at);
	bind_int(st, 6, id);
	return store_step_done(s, st, "write of a proposed case", e);
}
