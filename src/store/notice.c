/* notice.c - notices to towns (防护屏障): a department's notice, its
 * revisions with what screening found in each, its steps, and the counts
 * the register, the statistics and accountability read. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const notice_names[] = {
	"id", "department", "department_name", "title", "towns", "status", "revision",
	"violations", "despite", "created_by", "created_at", "updated_at", "reviewed_by",
	"reviewed_at", "review_note", "issued_by", "issued_at", NULL};
#define NOTICE_SELECT                                                                     \
	"SELECT n.id, d.code, d.name, n.title, n.towns, n.status, n.revision, n.violations, " \
	"n.despite, n.created_by, n.created_at, n.updated_at, n.reviewed_by, n.reviewed_at, " \
	"n.review_note, n.issued_by, n.issued_at FROM notice n "                              \
	"JOIN department d ON d.id = n.department_id "

enum status store_notice_add(struct store *s, const char *department, const char *title,
                             const char *towns, const char *status, int violations,
                             const char *by, const char *at, int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO notice (department_id, title, towns, status, revision, violations, "
		"created_by, created_at, updated_at) VALUES ((SELECT id FROM department WHERE code = "
		"?), ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, department);
	bind_text(st, 2, title);
	bind_text(st, 3, towns);
	bind_text(st, 4, status);
	bind_int(st, 5, violations);
	bind_text(st, 6, by);
	bind_text(st, 7, at);
	bind_text(st, 8, at);
	return store_step_id(s, st, id, "write of a notice", e);
}

enum status store_notice_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = NOTICE_SELECT "WHERE n.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "notice %lld does not exist", (long long)id);
	return store_row_json(s, st, notice_names, out, missing, e);
}

enum status store_notices(struct store *s, const char *department, const char *status,
                          json_t **out, struct error *e)
{
	static const char sql[] = NOTICE_SELECT
		"WHERE (?1 = '' OR d.code = ?1) AND (?2 = '' OR n.status = ?2) ORDER BY n.id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, department ? department : "");
	bind_text(st, 2, status ? status : "");
	return store_rows_json(s, st, notice_names, out, "read of notices", e);
}

enum status store_notice_revised(struct store *s, int64_t id, const char *title,
                                 const char *towns, int revision, int violations,
                                 const char *status, const char *at, struct error *e)
{
	static const char sql[] = "UPDATE notice SET title = ?, towns = ?, revision = ?, "
	                          "violations = ?, status = ?, updated_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, title);
	bind_text(st, 2, towns);
	bind_int(st, 3, revision);
	bind_int(st, 4, violations);
	bind_text(st, 5, status);
	bind_text(st, 6, at);
	bind_int(st, 7, id);
	return store_step_done(s, st, "write of a notice", e);
}

enum status store_notice_step(struct store *s, int64_t id, const char *status, const char *step,
                              const char *by, const char *at, const char *note, bool despite,
                              struct error *e)
{
	/* one statement per kind of step: each fills its own columns */
	static const char plain[] = "UPDATE notice SET status = ?1, updated_at = ?3 WHERE id = ?5";
	static const char review[] =
		"UPDATE notice SET status = ?1, reviewed_by = ?2, reviewed_at = ?3, review_note = ?4, "
		"updated_at = ?3 WHERE id = ?5";
	static const char issue[] =
		"UPDATE notice SET status = ?1, issued_by = ?2, issued_at = ?3, despite = ?6, "
		"updated_at = ?3 WHERE id = ?5";
	const char *sql = strcmp(step, "review") == 0  ? review
	                  : strcmp(step, "issue") == 0 ? issue
	                                               : plain;
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, status);
	if (sql != plain) {
		bind_text(st, 2, by);
		bind_text(st, 4, note ? note : "");
	}
	bind_text(st, 3, at);
	bind_int(st, 5, id);
	if (sql == issue)
		bind_int(st, 6, despite ? 1 : 0);
	return store_step_done(s, st, "write of a notice", e);
}

enum status store_notice_revision_add(struct store *s, int64_t notice_id,
                                      const struct notice_revision_new *r, int64_t *id,
                                      struct error *e)
{
	static const char sql[] =
		"INSERT INTO notice_revision (notice_id, number, title, body, encoding, created_by, "
		"created_at, sentences, assignments, basic, assist, reclaimed, out_of_list) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, notice_id);
	bind_int(st, 2, r->number);
	bind_text(st, 3, r->title);
	sqlite3_bind_text(st, 4, r->body, (int)r->body_len, SQLITE_STATIC);
	bind_text(st, 5, r->encoding);
	bind_text(st, 6, r->by);
	bind_text(st, 7, r->at);
	bind_int(st, 8, (int64_t)r->sentences);
	bind_int(st, 9, (int64_t)r->assignments);
	for (int k = 0; k < 4; k++)
		bind_int(st, 10 + k, (int64_t)r->counts[k]);
	return store_step_id(s, st, id, "write of a notice's revision", e);
}

static const char *const revision_names[] = {
	"id", "number", "title", "body", "encoding", "created_by", "created_at", "sentences",
	"assignments", "basic", "assist", "reclaimed", "out_of_list", NULL};

enum status store_notice_revisions(struct store *s, int64_t notice_id, json_t **out,
                                   struct error *e)
{
	/* the register of revisions: everything but the text */
	static const char sql[] =
		"SELECT id, number, title, '', encoding, created_by, created_at, sentences, "
		"assignments, basic, assist, reclaimed, out_of_list FROM notice_revision WHERE "
		"notice_id = ? ORDER BY number";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, notice_id);
	return store_rows_json(s, st, revision_names, out, "read of a notice's revisions", e);
}

enum status store_notice_revision_get(struct store *s, int64_t notice_id, int number,
                                      json_t **out, struct error *e)
{
	static const char sql[] =
		"SELECT id, number, title, body, encoding, created_by, created_at, sentences, "
		"assignments, basic, assist, reclaimed, out_of_list FROM notice_revision WHERE "
		"notice_id = ? AND number = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, notice_id);
	bind_int(st, 2, number);
	char missing[80];
	snprintf(missing, sizeof missing, "notice %lld has no revision %d", (long long)notice_id,
	         number);
	return store_row_json(s, st, revision_names, out, missing, e);
}

enum status store_notice_finding_add(struct store *s, int64_t revision_id,
                                     const struct notice_finding_new *f, struct error *e)
{
	static const char sql[] =
		"INSERT INTO notice_finding (revision_id, seq, at_byte, len_bytes, sentence, evidence, "
		"towns, verdict, task_code, task_name, list_type, lead_department, bases, "
		"unlisted_code, unlisted_name, score, low_confidence) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, revision_id);
	bind_int(st, 2, f->seq);
	bind_int(st, 3, (int64_t)f->offset);
	bind_int(st, 4, (int64_t)f->length);
	sqlite3_bind_text(st, 5, f->sentence, (int)f->sentence_len, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, f->evidence, (int)f->evidence_len, SQLITE_STATIC);
	bind_text(st, 7, f->towns);
	bind_text(st, 8, f->verdict);
	bind_text(st, 9, f->task_code);
	bind_text(st, 10, f->task_name);
	bind_text(st, 11, f->list_type);
	bind_text(st, 12, f->lead_department);
	bind_text(st, 13, f->bases);
	bind_text(st, 14, f->unlisted_code);
	bind_text(st, 15, f->unlisted_name);
	sqlite3_bind_double(st, 16, f->score);
	bind_int(st, 17, f->low_confidence ? 1 : 0);
	return store_step_done(s, st, "write of a notice's finding", e);
}

static const char *const finding_names[] = {
	"id", "seq", "offset", "length", "sentence", "evidence", "towns", "verdict", "task",
	"task_name", "list_type", "lead_department", "bases", "unlisted", "unlisted_name",
	"score_milli", "low_confidence", "admission", "admission_status", "notice", "revision",
	NULL};
#define FINDING_SELECT                                                                      \
	"SELECT f.id, f.seq, f.at_byte, f.len_bytes, f.sentence, f.evidence, f.towns, "    \
	"f.verdict, f.task_code, f.task_name, f.list_type, f.lead_department, f.bases, "    \
	"f.unlisted_code, f.unlisted_name, CAST(round(f.score * 1000) AS INTEGER), "        \
	"f.low_confidence, f.admission_id, a.status, r.notice_id, r.number "                \
	"FROM notice_finding f JOIN notice_revision r ON r.id = f.revision_id "              \
	"LEFT JOIN admission a ON a.id = f.admission_id "

enum status store_notice_findings(struct store *s, int64_t revision_id, json_t **out,
                                  struct error *e)
{
	static const char sql[] = FINDING_SELECT "WHERE f.revision_id = ? ORDER BY f.seq";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, revision_id);
	return store_rows_json(s, st, finding_names, out, "read of a notice's findings", e);
}

enum status store_notice_finding_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = FINDING_SELECT "WHERE f.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "finding %lld does not exist", (long long)id);
	return store_row_json(s, st, finding_names, out, missing, e);
}

enum status store_notice_finding_link(struct store *s, int64_t id, int64_t admission_id,
                                      struct error *e)
{
	static const char sql[] = "UPDATE notice_finding SET admission_id = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, admission_id);
	bind_int(st, 2, id);
	return store_step_done(s, st, "write of a notice's finding", e);
}

enum status store_notice_of_admission(struct store *s, int64_t admission_id, json_t **out,
                                      struct error *e)
{
	static const char *const names[] = {"notice", "revision", "finding", "title", NULL};
	static const char sql[] =
		"SELECT r.notice_id, r.number, f.id, n.title FROM notice_finding f "
		"JOIN notice_revision r ON r.id = f.revision_id JOIN notice n ON n.id = r.notice_id "
		"WHERE f.admission_id = ? ORDER BY f.id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, admission_id);
	return store_rows_json(s, st, names, out, "read of an admission's notices", e);
}

enum status store_notice_event_add(struct store *s, int64_t id, const char *action,
                                   const char *actor, const char *at, int revision,
                                   const char *note, struct error *e)
{
	static const char sql[] = "INSERT INTO notice_event (notice_id, action, actor, at, "
	                          "revision, note) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	bind_text(st, 2, action);
	bind_text(st, 3, actor);
	bind_text(st, 4, at);
	bind_int(st, 5, revision);
	bind_text(st, 6, note ? note : "");
	return store_step_done(s, st, "write of a notice's step", e);
}

enum status store_notice_events(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char *const names[] = {"action", "actor", "at", "revision", "note", NULL};
	static const char sql[] = "SELECT action, actor, at, revision, note FROM notice_event "
	                          "WHERE notice_id = ? ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	return store_rows_json(s, st, names, out, "read of a notice's steps", e);
}

enum status store_notice_counts(struct store *s, const char *from, const char *to,
                                json_t **out, struct error *e)
{
	static const char *const names[] = {"code",           "name",   "notices",
	                                    "with_violations", "issued", "issued_despite",
	                                    "violation_findings", NULL};
	/* every department, with or without notices; counted, never stored.
	 * violation_findings: reclaimed and out-of-list findings of each
	 * notice as first submitted (what the department wrote, before any
	 * revision the screening prompted). */
	static const char sql[] =
		"SELECT d.code, d.name, count(n.id), "
		"coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM notice_revision r WHERE r.notice_id = "
		"n.id AND r.reclaimed + r.out_of_list > 0) THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN n.status = 'issued' THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(n.despite), 0), "
		"coalesce(sum((SELECT r.reclaimed + r.out_of_list FROM notice_revision r WHERE "
		"r.notice_id = n.id AND r.number = 1)), 0) "
		"FROM department d LEFT JOIN notice n ON n.department_id = d.id "
		"AND (?1 = '' OR n.created_at >= ?1) AND (?2 = '' OR n.created_at < ?2) "
		"GROUP BY d.id ORDER BY d.code";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, from ? from : "");
	bind_text(st, 2, to ? to : "");
	return store_rows_json(s, st, names, out, "read of notice statistics", e);
}

enum status store_notices_despite(struct store *s, const char *department, const char *from,
                                  const char *to, json_t **out, struct error *e)
{
	static const char sql[] = NOTICE_SELECT
		"WHERE n.despite = 1 AND (?1 = '' OR d.code = ?1) AND (?2 = '' OR n.issued_at >= ?2) "
		"AND (?3 = '' OR n.issued_at < ?3) ORDER BY n.issued_at, n.id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, department ? department : "");
	bind_text(st, 2, from ? from : "");
	bind_text(st, 3, to ? to : "");
	return store_rows_json(s, st, notice_names, out, "read of notices issued despite violations",
	                       e);
}
