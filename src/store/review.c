/* review.c - review rounds, each town's draft in them, proposals and
 * their groups, and the list versions they make. */
#include "internal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

enum status store_round_create(struct store *s, const char *title, const char *by,
                               const char *deadline, int64_t *id, int *number, struct error *e)
{
	static const char sql[] =
		"INSERT INTO review_round (number, title, status, opened_by, opened_at, deadline) "
		"VALUES ((SELECT coalesce(max(number), 0) + 1 FROM review_round), ?, 'open', ?, ?, ?) "
		"RETURNING id, number";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, title);
	bind_text(st, 2, by);
	bind_text(st, 3, now);
	bind_text(st, 4, deadline);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*number = sqlite3_column_int(st, 1);
	}
	enum status status = rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "write of a round", e);
	sqlite3_reset(st);
	return status;
}

static const char *const round_names[] = {"id", "number", "title", "status", "opened_by",
                                          "opened_at", "deadline", "closed_at", NULL};
#define ROUND_COLUMNS "id, number, title, status, opened_by, opened_at, deadline, closed_at"

enum status store_round_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = "SELECT " ROUND_COLUMNS " FROM review_round WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "review round %lld does not exist", (long long)id);
	enum status status = store_row_json(s, st, round_names, out, missing, e);
	if (status == STATUS_NOT_FOUND)
		snprintf(e->field, sizeof e->field, "round");
	return status;
}

enum status store_rounds(struct store *s, json_t **out, struct error *e)
{
	static const char sql[] = "SELECT " ROUND_COLUMNS " FROM review_round ORDER BY number DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	return st ? store_rows_json(s, st, round_names, out, "read of rounds", e) : e->status;
}

enum status store_round_close(struct store *s, int64_t id, struct error *e)
{
	static const char sql[] =
		"UPDATE review_round SET status = 'closed', closed_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, now);
	bind_int(st, 2, id);
	return store_step_done(s, st, "write of a round", e);
}

enum status store_round_town_add(struct store *s, int64_t round_id, int64_t town_id,
                                 int64_t base_version_id, int64_t draft_version_id,
                                 int start_items, struct error *e)
{
	static const char sql[] =
		"INSERT INTO round_town (round_id, town_id, base_version_id, draft_version_id, "
		"start_items, status) VALUES (?, ?, ?, ?, ?, 'drafting')";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	bind_int(st, 2, town_id);
	if (base_version_id)
		bind_int(st, 3, base_version_id);
	else
		sqlite3_bind_null(st, 3);
	bind_int(st, 4, draft_version_id);
	bind_int(st, 5, start_items);
	return store_step_done(s, st, "write of a round's town", e);
}

static const char *const round_town_names[] = {
	"town_id", "town", "town_name", "base_version_id", "draft_version_id", "draft_version",
	"start_items", "status", "refusals", "last_refusal", "items", NULL};
#define ROUND_TOWN_SELECT                                                                    \
	"SELECT rt.town_id, tw.code, tw.name, rt.base_version_id, rt.draft_version_id, "      \
	"lv.version, rt.start_items, rt.status, rt.refusals, rt.last_refusal, "               \
	"(SELECT count(*) FROM list_item li WHERE li.version_id = rt.draft_version_id) "      \
	"FROM round_town rt JOIN town tw ON tw.id = rt.town_id "                              \
	"JOIN list_version lv ON lv.id = rt.draft_version_id "

enum status store_round_town(struct store *s, int64_t round_id, const char *town,
                             json_t **out, struct error *e)
{
	static const char sql[] = ROUND_TOWN_SELECT "WHERE rt.round_id = ? AND tw.code = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	bind_text(st, 2, town);
	char missing[96];
	snprintf(missing, sizeof missing, "town %s is not in review round %lld", town,
	         (long long)round_id);
	enum status status = store_row_json(s, st, round_town_names, out, missing, e);
	if (status == STATUS_NOT_FOUND)
		snprintf(e->field, sizeof e->field, "town");
	return status;
}

enum status store_round_towns(struct store *s, int64_t round_id, json_t **out, struct error *e)
{
	static const char sql[] = ROUND_TOWN_SELECT "WHERE rt.round_id = ? ORDER BY tw.code";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	return store_rows_json(s, st, round_town_names, out, "read of a round's towns", e);
}

enum status store_round_town_set(struct store *s, int64_t round_id, int64_t town_id,
                                 const char *status, const char *refusal, struct error *e)
{
	static const char sql[] =
		"UPDATE round_town SET status = ?, refusals = refusals + (? IS NOT NULL), "
		"last_refusal = coalesce(?, last_refusal) WHERE round_id = ? AND town_id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, status);
	if (refusal) {
		bind_text(st, 2, refusal);
		bind_text(st, 3, refusal);
	} else {
		sqlite3_bind_null(st, 2);
		sqlite3_bind_null(st, 3);
	}
	bind_int(st, 4, round_id);
	bind_int(st, 5, town_id);
	return store_step_done(s, st, "write of a round's town", e);
}

enum status store_town_open_round(struct store *s, int64_t town_id, int *number,
                                  struct error *e)
{
	static const char sql[] =
		"SELECT r.number FROM round_town rt JOIN review_round r ON r.id = rt.round_id "
		"WHERE rt.town_id = ? AND r.status = 'open' AND rt.status <> 'published'";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, town_id);
	int rc = sqlite3_step(st);
	*number = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "read of rounds", e);
}

enum status store_town_draft(struct store *s, int64_t town_id, json_t **out, struct error *e)
{
	static const char *const names[] = {"round_id", "town", "draft_version_id",
	                                    "draft_version", "status", NULL};
	static const char sql[] =
		"SELECT rt.round_id, tw.code, rt.draft_version_id, lv.version, rt.status "
		"FROM round_town rt JOIN review_round r ON r.id = rt.round_id "
		"JOIN town tw ON tw.id = rt.town_id JOIN list_version lv ON lv.id = rt.draft_version_id "
		"WHERE rt.town_id = ? AND r.status = 'open' AND rt.status <> 'published'";
	*out = NULL;
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, town_id);
	json_t *rows;
	enum status status = store_rows_json(s, st, names, &rows, "read of rounds", e);
	if (status == STATUS_OK && json_array_size(rows))
		*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return status;
}

/* --- versions --- */

enum status store_list_newest_published(struct store *s, int64_t town_id, int64_t *version_id,
                                        struct error *e)
{
	static const char sql[] = "SELECT id FROM list_version WHERE town_id = ? AND status = "
	                          "'published' ORDER BY version DESC LIMIT 1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, town_id);
	int rc = sqlite3_step(st);
	*version_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STATUS_OK
	                                             : store_fail(s, "read of versions", e);
}

enum status store_list_copy(struct store *s, int64_t from, int64_t to, int *count,
                            struct error *e)
{
	static const char sql[] = "INSERT INTO list_item (version_id, rev_id) "
	                          "SELECT ?, rev_id FROM list_item WHERE version_id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, to);
	bind_int(st, 2, from);
	enum status status = store_step_done(s, st, "copy of a list", e);
	*count = status == STATUS_OK ? sqlite3_changes(s->db) : 0;
	return status;
}

enum status store_list_set_round(struct store *s, int64_t version_id, int64_t round_id,
                                 struct error *e)
{
	static const char sql[] = "UPDATE list_version SET round_id = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	bind_int(st, 2, version_id);
	return store_step_done(s, st, "write of a list version", e);
}

enum status store_list_item_rev(struct store *s, int64_t version_id, const char *task_code,
                                int64_t *rev_id, struct error *e)
{
	static const char sql[] = "SELECT li.rev_id FROM list_item li JOIN task_rev r ON "
	                          "r.id = li.rev_id JOIN task t ON t.id = r.task_id "
	                          "WHERE li.version_id = ? AND t.code = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, version_id);
	bind_text(st, 2, task_code);
	int rc = sqlite3_step(st);
	*rev_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STATUS_OK
	                                             : store_fail(s, "read of a list", e);
}

enum status store_list_drop(struct store *s, int64_t version_id, int64_t rev_id,
                            struct error *e)
{
	static const char sql[] = "DELETE FROM list_item WHERE version_id = ? AND rev_id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, version_id);
	bind_int(st, 2, rev_id);
	return store_step_done(s, st, "write of a list", e);
}

enum status store_list_set_status(struct store *s, int64_t version_id, enum list_status status,
                                  struct error *e)
{
	static const char sql[] = "UPDATE list_version SET status = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, list_status_key[status]);
	bind_int(st, 2, version_id);
	return store_step_done(s, st, "write of a list version", e);
}

enum status store_list_publish(struct store *s, int64_t town_id, int64_t version_id,
                               struct error *e)
{
	static const char old_sql[] =
		"UPDATE list_version SET status = 'superseded', superseded_at = ? "
		"WHERE town_id = ? AND status = 'published'";
	static const char new_sql[] =
		"UPDATE list_version SET status = 'published', published_at = ? WHERE id = ?";
	char now[32];
	store_now(now);
	sqlite3_stmt *st = store_stmt(s, old_sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, now);
	bind_int(st, 2, town_id);
	enum status status = store_step_done(s, st, "write of a list version", e);
	if (status != STATUS_OK)
		return status;
	if (!(st = store_stmt(s, new_sql, e)))
		return e->status;
	bind_text(st, 1, now);
	bind_int(st, 2, version_id);
	return store_step_done(s, st, "write of a list version", e);
}

enum status store_list_version_at(struct store *s, const char *town, const char *date,
                                  int *version, struct error *e)
{
	/* In force at the end of that day: published by then, not superseded
	 * by then.  Times are ISO UTC text, so comparing text compares time. */
	static const char sql[] =
		"SELECT lv.version FROM list_version lv JOIN town tw ON tw.id = lv.town_id "
		"WHERE tw.code = ? AND lv.published_at IS NOT NULL AND substr(lv.published_at, 1, 10) <= ? "
		"AND (lv.superseded_at IS NULL OR substr(lv.superseded_at, 1, 10) > ?) "
		"ORDER BY lv.version DESC LIMIT 1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, town);
	bind_text(st, 2, date);
	bind_text(st, 3, date);
	int rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return error_set(e, STATUS_NOT_FOUND, "at", "town %s had no list in force on %s", town,
		                 date);
	return rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of versions", e);
}

enum status store_list_versions(struct store *s, const char *town, json_t **out,
                                struct error *e)
{
	static const char *const names[] = {"version", "status", "procedure", "created_at",
	                                     "published_at", "superseded_at", "round", "items",
	                                     NULL};
	static const char sql[] =
		"SELECT lv.version, lv.status, lv.procedure, lv.created_at, lv.published_at, "
		"lv.superseded_at, r.number, (SELECT count(*) FROM list_item li WHERE li.version_id "
		"= lv.id) FROM list_version lv JOIN town tw ON tw.id = lv.town_id "
		"LEFT JOIN review_round r ON r.id = lv.round_id WHERE tw.code = ? "
		"ORDER BY lv.version DESC";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, town);
	return store_rows_json(s, st, names, out, "read of versions", e);
}

/* --- proposals --- */

enum status store_proposal_add(struct store *s, int64_t round_id, int64_t town_id,
                               const char *origin, const char *author, const char *action,
                               const char *task_code, bool new_task, const char *payload,
                               const char *reason, int64_t meeting_id, int64_t *id,
                               struct error *e)
{
	static const char sql[] =
		"INSERT INTO proposal (round_id, town_id, origin, author, action, task_code, new_task, "
		"payload, reason, status, meeting_id, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_int(st, 1, round_id);
	bind_int(st, 2, town_id);
	bind_text(st, 3, origin);
	bind_text(st, 4, author);
	bind_text(st, 5, action);
	bind_text(st, 6, task_code);
	bind_int(st, 7, new_task);
	bind_text(st, 8, payload);
	bind_text(st, 9, reason);
	if (meeting_id)
		bind_int(st, 10, meeting_id);
	else
		sqlite3_bind_null(st, 10);
	bind_text(st, 11, now);
	return store_step_id(s, st, id, "write of a proposal", e);
}

static const char *const proposal_names[] = {
	"id", "round_id", "town", "town_name", "origin", "author", "action", "task_code",
	"new_task", "payload", "reason", "status", "group_id", "meeting_id", "decision_reason",
	"decided_by", "decided_at", "created_at", "placed", NULL};
#define PROPOSAL_SELECT                                                                    \
	"SELECT p.id, p.round_id, tw.code, tw.name, p.origin, p.author, p.action, p.task_code, " \
	"p.new_task, p.payload, p.reason, p.status, p.group_id, p.meeting_id, "             \
	"p.decision_reason, p.decided_by, p.decided_at, p.created_at, p.placed FROM proposal p " \
	"JOIN town tw ON tw.id = p.town_id "

enum status store_proposal_get(struct store *s, int64_t id, json_t **out, struct error *e)
{
	static const char sql[] = PROPOSAL_SELECT "WHERE p.id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, id);
	char missing[64];
	snprintf(missing, sizeof missing, "proposal %lld does not exist", (long long)id);
	enum status status = store_row_json(s, st, proposal_names, out, missing, e);
	if (status == STATUS_NOT_FOUND)
		snprintf(e->field, sizeof e->field, "proposal");
	return status;
}

enum status store_proposals(struct store *s, int64_t round_id, json_t **out,
                            struct error *e)
{
	static const char sql[] = PROPOSAL_SELECT
		"WHERE p.round_id = ? ORDER BY coalesce(p.group_id, 0), p.id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	return store_rows_json(s, st, proposal_names, out, "read of proposals", e);
}

enum status store_group_proposals(struct store *s, int64_t group_id, json_t **out,
                                  struct error *e)
{
	static const char sql[] = PROPOSAL_SELECT "WHERE p.group_id = ? ORDER BY p.id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, group_id);
	return store_rows_json(s, st, proposal_names, out, "read of proposals", e);
}

enum status store_proposal_page(struct store *s, int64_t round_id,
                                const struct proposal_filter *f, json_t **out,
                                struct error *e)
{
	/* Keyset paging on proposal_page: the search starts at the cursor,
	 * so a late page costs what the first does (OFFSET would walk every
	 * row before it).  Written as a range on the group, not as the row
	 * value (g, id) > (?, ?), which SQLite 3.40 does not search by. */
	static const char sql[] = PROPOSAL_SELECT
		"WHERE p.round_id = ?1 AND coalesce(p.group_id, 0) >= ?2 "
		"AND (coalesce(p.group_id, 0) > ?2 OR p.id > ?3) "
		"AND (?4 = '' OR tw.code = ?4) AND (?5 = '' OR p.status = ?5) "
		"ORDER BY coalesce(p.group_id, 0), p.id LIMIT ?6";
	assert(f->limit > 0);
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	bind_int(st, 2, f->after_group);
	bind_int(st, 3, f->after_id);
	bind_text(st, 4, f->town ? f->town : "");
	bind_text(st, 5, f->status ? f->status : "");
	bind_int(st, 6, f->limit);
	return store_rows_json(s, st, proposal_names, out, "read of proposals", e);
}

enum status store_group_summary(struct store *s, int64_t group_id, json_t **out,
                                struct error *e)
{
	static const char *const names[] = {"label", "members", "pending_members", "towns", NULL};
	static const char sql[] =
		"SELECT g.label, count(p.id), coalesce(sum(p.status = 'pending'), 0), "
		"count(DISTINCT p.town_id) FROM proposal_group g LEFT JOIN proposal p "
		"ON p.group_id = g.id WHERE g.id = ? GROUP BY g.id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, group_id);
	char missing[64];
	snprintf(missing, sizeof missing, "group %lld does not exist", (long long)group_id);
	return store_row_json(s, st, names, out, missing, e);
}

enum status store_proposal_decide(struct store *s, int64_t id, const char *status,
                                  const char *reason, const char *by, struct error *e)
{
	static const char sql[] = "UPDATE proposal SET status = ?, decision_reason = ?, "
	                          "decided_by = ?, decided_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, status);
	bind_text(st, 2, reason);
	bind_text(st, 3, by);
	bind_text(st, 4, now);
	bind_int(st, 5, id);
	return store_step_done(s, st, "write of a proposal", e);
}

static enum status store_proposal_group_write(struct store *s, const char *sql, int64_t id,
                                              int64_t group_id, struct error *e);

enum status store_proposal_set_group(struct store *s, int64_t id, int64_t group_id,
                                     struct error *e)
{
	static const char sql[] = "UPDATE proposal SET group_id = ? WHERE id = ?";
	return store_proposal_group_write(s, sql, id, group_id, e);
}

enum status store_proposal_place(struct store *s, int64_t id, int64_t group_id,
                                 struct error *e)
{
	static const char sql[] = "UPDATE proposal SET group_id = ?, placed = 1 WHERE id = ?";
	return store_proposal_group_write(s, sql, id, group_id, e);
}

enum status store_groups_reset(struct store *s, int64_t round_id, struct error *e)
{
	/* what merging made, it may remake; what the office placed, it keeps */
	static const char sql[] =
		"UPDATE proposal SET group_id = NULL WHERE round_id = ? AND status = 'pending' "
		"AND placed = 0 AND group_id IN (SELECT id FROM proposal_group WHERE manual = 0)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	enum status status = store_step_done(s, st, "write of groups", e);
	return status == STATUS_OK ? store_groups_tidy(s, round_id, e) : status;
}

static enum status store_proposal_group_write(struct store *s, const char *sql, int64_t id,
                                              int64_t group_id, struct error *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	if (group_id)
		bind_int(st, 1, group_id);
	else
		sqlite3_bind_null(st, 1);
	bind_int(st, 2, id);
	return store_step_done(s, st, "write of a proposal", e);
}

enum status store_group_create(struct store *s, int64_t round_id, const char *label,
                               bool manual, int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO proposal_group (round_id, label, manual) VALUES (?, ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	bind_text(st, 2, label);
	bind_int(st, 3, manual);
	return store_step_id(s, st, id, "write of a group", e);
}

enum status store_group_round(struct store *s, int64_t group_id, int64_t *round_id,
                              struct error *e)
{
	static const char sql[] = "SELECT round_id FROM proposal_group WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, group_id);
	int rc = sqlite3_step(st);
	*round_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return error_set(e, STATUS_NOT_FOUND, "group", "group %lld does not exist",
		                 (long long)group_id);
	return rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of a group", e);
}

/* Groups merging made that have fewer than two proposals left say
 * nothing: drop them.  A group the office made by hand stays while it has
 * a proposal: it is where the next one goes. */
enum status store_groups_tidy(struct store *s, int64_t round_id, struct error *e)
{
	static const char unlink_sql[] =
		"UPDATE proposal SET group_id = NULL WHERE round_id = ? AND group_id IN "
		"(SELECT p.group_id FROM proposal p JOIN proposal_group g ON g.id = p.group_id "
		"WHERE p.round_id = ? AND g.manual = 0 GROUP BY p.group_id HAVING count(*) < 2)";
	static const char drop_sql[] =
		"DELETE FROM proposal_group WHERE round_id = ? AND id NOT IN "
		"(SELECT group_id FROM proposal WHERE group_id IS NOT NULL)";
	sqlite3_stmt *st = store_stmt(s, unlink_sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, round_id);
	bind_int(st, 2, round_id);
	enum status status = store_step_done(s, st, "write of groups", e);
	if (status != STATUS_OK || !(st = store_stmt(s, drop_sql, e)))
		return status != STATUS_OK ? status : e->status;
	bind_int(st, 1, round_id);
	return store_step_done(s, st, "write of groups", e);
}

/* --- statistics, computed from what was recorded --- */

/* The counts that are not sums of the per-town rows: rounds, the items
 * the first round started from, the proposals in groups of two or more,
 * and the items confirmed.  A round's statement and all rounds' are kept
 * apart: "(?1 = 0 OR round_id = ?1)" would keep SQLite from searching by
 * round (bench/review: 54 ms against 6 ms for the merged count). */
enum status store_review_counts(struct store *s, int64_t round_id, json_t **out,
                                struct error *e)
{
	static const char *const names[] = {"rounds", "first_round", "merged", "confirmed", NULL};
	/* confirmed: the items of each town's newest list version made by a
	 * round (of that round) that both sides confirmed. */
#define CONFIRMED(ROUND)                                                                     	"(SELECT coalesce(sum((SELECT count(*) FROM list_item li WHERE li.version_id = lv.id)), 0) " 	"  FROM list_version lv WHERE lv.round_id " ROUND " AND "                               	"  lv.status IN ('confirmed','published','superseded') "                                 	"  AND lv.version = (SELECT max(v2.version) FROM list_version v2 WHERE v2.town_id = "      	"  lv.town_id AND v2.round_id " ROUND " AND "                                              	"  v2.status IN ('confirmed','published','superseded')))"
	static const char round_sql[] =
		"SELECT "
		"(SELECT count(*) FROM review_round WHERE id = ?1), "
		"(SELECT coalesce(sum(start_items), 0) FROM round_town WHERE round_id = ?1), "
		"(SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM proposal "
		"  WHERE round_id = ?1 AND group_id IS NOT NULL GROUP BY group_id HAVING n > 1)), "
		CONFIRMED("= ?1");
	static const char all_sql[] =
		"SELECT "
		"(SELECT count(*) FROM review_round), "
		"(SELECT coalesce(sum(rt.start_items), 0) FROM round_town rt JOIN review_round r ON "
		"  r.id = rt.round_id WHERE r.number = 1), "
		"(SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM proposal "
		"  WHERE group_id IS NOT NULL GROUP BY group_id HAVING n > 1)), "
		CONFIRMED("IS NOT NULL");
#undef CONFIRMED
	sqlite3_stmt *st = store_stmt(s, round_id ? round_sql : all_sql, e);
	if (!st)
		return e->status;
	if (round_id)
		bind_int(st, 1, round_id);
	return store_row_json(s, st, names, out, "no statistics", e);
}

/* One pass over the proposals, grouped by town, on the covering index
 * proposal_stats: a round's towns, or every town for all rounds. */
enum status store_review_by_town(struct store *s, int64_t round_id, json_t **out,
                                 struct error *e)
{
	static const char *const names[] = {"town", "town_name", "proposals", "from_town",
	                                    "agreed", "rejected", "added", "removed", NULL};
#define BY_TOWN_COLUMNS                                                                      	"SELECT tw.code, tw.name, coalesce(c.n, 0), coalesce(c.from_town, 0), "              	"coalesce(c.agreed, 0), coalesce(c.rejected, 0), coalesce(c.added, 0), "             	"coalesce(c.removed, 0) "
#define BY_TOWN_COUNTS                                                                       	"(SELECT town_id, count(*) AS n, sum(origin = 'township') AS from_town, "            	"sum(status = 'agreed') AS agreed, sum(status = 'rejected') AS rejected, "           	"sum(status = 'agreed' AND action = 'add') AS added, "                               	"sum(status = 'agreed' AND action = 'remove') AS removed FROM proposal "
	static const char round_sql[] =
		BY_TOWN_COLUMNS "FROM round_town rt JOIN town tw ON tw.id = rt.town_id LEFT JOIN "
		BY_TOWN_COUNTS "WHERE round_id = ?1 GROUP BY town_id) c ON c.town_id = rt.town_id "
		"WHERE rt.round_id = ?1 ORDER BY tw.code";
	static const char all_sql[] =
		BY_TOWN_COLUMNS "FROM town tw LEFT JOIN " BY_TOWN_COUNTS
		"GROUP BY town_id) c ON c.town_id = tw.id ORDER BY tw.code";
#undef BY_TOWN_COLUMNS
#undef BY_TOWN_COUNTS
	sqlite3_stmt *st = store_stmt(s, round_id ? round_sql : all_sql, e);
	if (!st)
		return e->status;
	if (round_id)
		bind_int(st, 1, round_id);
	return store_rows_json(s, st, names, out, "read of statistics", e);
}

enum status store_review_by_round(struct store *s, json_t **out, struct error *e)
{
	static const char *const names[] = {"number", "title", "status", "proposals", "agreed",
	                                    "rejected", "added", "removed", NULL};
	static const char sql[] =
		"SELECT r.number, r.title, r.status, count(p.id), "
		"coalesce(sum(p.status = 'agreed'), 0), coalesce(sum(p.status = 'rejected'), 0), "
		"coalesce(sum(p.status = 'agreed' AND p.action = 'add'), 0), "
		"coalesce(sum(p.status = 'agreed' AND p.action = 'remove'), 0) "
		"FROM review_round r LEFT JOIN proposal p ON p.round_id = r.id "
		"GROUP BY r.id ORDER BY r.number";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	return st ? store_rows_json(s, st, names, out, "read of statistics", e) : e->status;
}
