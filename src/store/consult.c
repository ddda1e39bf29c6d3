/* consult.c - see consult.h: meetings, questionnaires, responses and the
 * tallies counted from them. */
#include "consult.h"

#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Sets the field of a STATUS_NOT_FOUND that row_json returned. */
static enum status missing_field(enum status st, const char *field, struct error *e)
{
	if (st == STATUS_NOT_FOUND)
		snprintf(e->field, sizeof e->field, "%s", field);
	return st;
}

static void bind_now(sqlite3_stmt *st, int i, char now[32])
{
	store_now(now);
	bind_text(st, i, now);
}

/* --- meetings --- */

enum status store_meeting_add(struct store *s, int64_t round_id, const char *date,
                              const char *title, const char *attendees, const char *notes,
                              const char *by, int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO meeting (round_id, date, title, attendees, notes, created_by, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	bind_int(st, 1, round_id);
	bind_text(st, 2, date);
	bind_text(st, 3, title);
	bind_text(st, 4, attendees);
	bind_text(st, 5, notes);
	bind_text(st, 6, by);
	bind_now(st, 7, now);
	return store_step_id(s, st, id, "write of a meeting", e);
}

static const char *const meeting_names[] = {
	"id",        "round_id",  "round_number", "round_title", "round_status", "date",
	"title",     "attendees", "notes",        "created_by",  "created_at",   "proposals",
	NULL};
#define MEETING_SELECT                                                                      \
	"SELECT m.id, m.round_id, r.number, r.title, r.status, m.date, m.title, m.attendees, " \
	"m.notes, m.created_by, m.created_at, "                                                \
	"(SELECT count(*) FROM proposal p WHERE p.meeting_id = m.id) "                         \
	"FROM meeting m JOIN review_round r ON r.id = m.round_id "

enum status store_meeting_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = MEETING_SELECT "WHERE m.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "meeting %lld does not exist", (long long)id);
	return missing_field(store_row_json(s, st, meeting_names, out, missing, e), "meeting", e);
}

enum status store_meetings(struct store *s, int64_t round_id, json_t **out, struct error *e)
{
	static const char sql[] = MEETING_SELECT "WHERE m.round_id = ? ORDER BY m.date DESC, m.id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	return store_rows_json(s, st, meeting_names, out, "read of meetings", e);
}

enum status store_meeting_proposals(struct store *s, int64_t meeting_id, const char *town,
                                    json_t **out, struct error *e)
{
	static const char *const names[] = {
		"id",     "town",   "town_name", "origin",          "author",     "action",
		"task_code", "new_task", "payload", "reason", "status", "decision_reason",
		"decided_by", "created_at", NULL};
	static const char sql[] =
		"SELECT p.id, tw.code, tw.name, p.origin, p.author, p.action, p.task_code, p.new_task, "
		"p.payload, p.reason, p.status, p.decision_reason, p.decided_by, p.created_at "
		"FROM proposal p JOIN town tw ON tw.id = p.town_id "
		"WHERE p.meeting_id = ?1 AND (?2 = '' OR tw.code = ?2) ORDER BY p.id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, meeting_id);
	bind_text(st, 2, town ? town : "");
	return store_rows_json(s, st, names, out, "read of a meeting's proposals", e);
}

/* --- questionnaires --- */

enum status store_questionnaire_add(struct store *s, int64_t round_id, const char *title,
                                    const char *audience, int per_client, const char *salt,
                                    const char *by, int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO questionnaire (round_id, title, audience, status, per_client, salt, "
		"created_by, created_at) VALUES (?, ?, ?, 'open', ?, ?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	bind_int(st, 1, round_id);
	bind_text(st, 2, title);
	bind_text(st, 3, audience);
	bind_int(st, 4, per_client);
	bind_text(st, 5, salt);
	bind_text(st, 6, by);
	bind_now(st, 7, now);
	return store_step_id(s, st, id, "write of a questionnaire", e);
}

enum status store_question_add(struct store *s, int64_t questionnaire_id, int pos,
                               const char *kind, const char *text, const char *options,
                               int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO question (questionnaire_id, pos, kind, text, options) "
		"VALUES (?, ?, ?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, questionnaire_id);
	bind_int(st, 2, pos);
	bind_text(st, 3, kind);
	bind_text(st, 4, text);
	bind_text(st, 5, options);
	return store_step_id(s, st, id, "write of a question", e);
}

static const char *const questionnaire_names[] = {
	"id",         "round_id", "round_number", "round_title", "round_status",
	"title",      "audience", "status",       "per_client",  "created_by",
	"created_at", "closed_at", "responses",   NULL};
#define QUESTIONNAIRE_SELECT                                                                 \
	"SELECT qn.id, qn.round_id, r.number, r.title, r.status, qn.title, qn.audience, "       \
	"qn.status, qn.per_client, qn.created_by, qn.created_at, qn.closed_at, "               \
	"(SELECT count(*) FROM response rs WHERE rs.questionnaire_id = qn.id) "                 \
	"FROM questionnaire qn JOIN review_round r ON r.id = qn.round_id "

enum status store_questionnaire_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = QUESTIONNAIRE_SELECT "WHERE qn.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "questionnaire %lld does not exist", (long long)id);
	return missing_field(store_row_json(s, st, questionnaire_names, out, missing, e),
	                     "questionnaire", e);
}

enum status store_questionnaires(struct store *s, int64_t round_id, const char *audience,
                                 const char *status, json_t **out, struct error *e)
{
	static const char sql[] = QUESTIONNAIRE_SELECT
		"WHERE (?1 = 0 OR qn.round_id = ?1) AND (?2 = '' OR qn.audience = ?2) "
		"AND (?3 = '' OR qn.status = ?3) ORDER BY qn.id DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	bind_text(st, 2, audience ? audience : "");
	bind_text(st, 3, status ? status : "");
	return store_rows_json(s, st, questionnaire_names, out, "read of questionnaires", e);
}

enum status store_questionnaire_salt(struct store *s, int64_t id, char salt[65],
                                     struct error *e)
{
	static const char sql[] = "SELECT salt FROM questionnaire WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	salt[0] = '\0';
	if (rc == SQLITE_ROW)
		snprintf(salt, 65, "%s", col_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return error_set(e, STATUS_NOT_FOUND, "questionnaire",
		                 "questionnaire %lld does not exist", (long long)id);
	return rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of a questionnaire", e);
}

enum status store_questionnaire_close(struct store *s, int64_t id, struct error *e)
{
	static const char sql[] =
		"UPDATE questionnaire SET status = 'closed', closed_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	bind_now(st, 1, now);
	bind_int(st, 2, id);
	return store_step_done(s, st, "write of a questionnaire", e);
}

enum status store_questions(struct store *s, int64_t questionnaire_id, json_t **out,
                            struct error *e)
{
	static const char *const names[] = {"id", "pos", "kind", "text", "options", "answered",
	                                    NULL};
	static const char sql[] =
		"SELECT q.id, q.pos, q.kind, q.text, q.options, "
		"(SELECT count(DISTINCT a.response_id) FROM answer a WHERE a.question_id = q.id) "
		"FROM question q WHERE q.questionnaire_id = ? ORDER BY q.pos";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, questionnaire_id);
	enum status status = store_rows_json(s, st, names, out, "read of questions", e);
	if (status != STATUS_OK)
		return status;
	/* options are kept as JSON text: give them back as the array */
	size_t i;
	json_t *q;
	json_array_foreach(*out, i, q) {
		json_error_t jerr;
		json_t *options =
			json_loads(json_string_value(json_object_get(q, "options")), 0, &jerr);
		json_object_set_new(q, "options", json_is_array(options) ? options : json_array());
		if (!json_is_array(options))
			json_decref(options);
	}
	return STATUS_OK;
}

enum status store_responses_count(struct store *s, int64_t questionnaire_id, const char *key,
                                  const char *other, int *count, struct error *e)
{
	static const char sql[] = "SELECT count(*) FROM response WHERE questionnaire_id = ? "
	                          "AND (respondent = ? OR respondent = ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, questionnaire_id);
	bind_text(st, 2, key);
	bind_text(st, 3, other && *other ? other : key);
	int rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of responses", e);
}

enum status store_response_add(struct store *s, int64_t questionnaire_id,
                               const char *respondent, int64_t *id, struct error *e)
{
	static const char sql[] = "INSERT INTO response (questionnaire_id, respondent, created_at) "
	                          "VALUES (?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	bind_int(st, 1, questionnaire_id);
	bind_text(st, 2, respondent);
	bind_now(st, 3, now);
	return store_step_id(s, st, id, "write of a response", e);
}

enum status store_answer_add(struct store *s, int64_t response_id, int64_t question_id,
                             const char *value, struct error *e)
{
	static const char sql[] =
		"INSERT INTO answer (response_id, question_id, value) VALUES (?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, response_id);
	bind_int(st, 2, question_id);
	bind_text(st, 3, value);
	return store_step_done(s, st, "write of an answer", e);
}

enum status store_tally(struct store *s, int64_t questionnaire_id, json_t **out,
                        struct error *e)
{
	static const char *const names[] = {"question_id", "option", "count", NULL};
	static const char sql[] =
		"SELECT a.question_id, CAST(a.value AS INTEGER), count(*) FROM answer a "
		"JOIN question q ON q.id = a.question_id "
		"WHERE q.questionnaire_id = ? AND q.kind <> 'text' "
		"GROUP BY a.question_id, a.value ORDER BY q.pos, CAST(a.value AS INTEGER)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, questionnaire_id);
	return store_rows_json(s, st, names, out, "read of a tally", e);
}

enum status store_text_answers(struct store *s, int64_t questionnaire_id, json_t **out,
                               struct error *e)
{
	static const char *const names[] = {"question_id", "value", "town", "created_at", NULL};
	static const char sql[] =
		"SELECT a.question_id, a.value, "
		"CASE WHEN substr(rs.respondent, 1, 5) = 'town:' THEN substr(rs.respondent, 6) "
		"ELSE '' END, rs.created_at FROM answer a "
		"JOIN question q ON q.id = a.question_id JOIN response rs ON rs.id = a.response_id "
		"WHERE q.questionnaire_id = ? AND q.kind = 'text' ORDER BY q.pos, rs.id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, questionnaire_id);
	return store_rows_json(s, st, names, out, "read of answers", e);
}
