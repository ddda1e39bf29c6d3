/* list.c - versions of towns' lists and their items. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

enum status store_list_exists(struct store *s, int64_t town_id, bool *has, struct error *e)
{
	static const char sql[] = "SELECT count(*) FROM list_version WHERE town_id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, town_id);
	int rc = sqlite3_step(st);
	*has = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
	enum status status = rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of lists", e);
	sqlite3_reset(st);
	return status;
}

enum status store_list_create(struct store *s, int64_t town_id, enum list_status status,
                              const char *procedure, int64_t *version_id, int *version,
                              struct error *e)
{
	static const char sql[] =
		"INSERT INTO list_version (town_id, version, status, procedure, created_at, "
		"published_at) VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM list_version "
		"WHERE town_id = ?), ?, ?, ?, ?) RETURNING id, version";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_int(st, 1, town_id);
	bind_int(st, 2, town_id);
	bind_text(st, 3, list_status_key[status]);
	bind_text(st, 4, procedure);
	bind_text(st, 5, now);
	if (status == LIST_PUBLISHED)
		bind_text(st, 6, now);
	else
		sqlite3_bind_null(st, 6);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version_id = sqlite3_column_int64(st, 0);
		*version = sqlite3_column_int(st, 1);
	}
	enum status result = rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "write of a list", e);
	sqlite3_reset(st);
	return result;
}

enum status store_list_add(struct store *s, int64_t version_id, int64_t rev_id,
                           struct error *e)
{
	static const char sql[] = "INSERT INTO list_item (version_id, rev_id) VALUES (?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, version_id);
	bind_int(st, 2, rev_id);
	return store_step_done(s, st, "write of a list item", e);
}

static enum status load_town(struct store *s, const char *code, struct town_list *l,
                             struct error *e)
{
	static const char sql[] = "SELECT " TOWN_COLUMNS " FROM town WHERE code = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_read_town(st, &l->cat, catalog_add_town(&l->cat));
	enum status status = rc == SQLITE_ROW ? STATUS_OK
	                     : rc == SQLITE_DONE
	                             ? error_set(e, STATUS_NOT_FOUND, "town",
	                                         "town %s does not exist", code)
	                             : store_fail(s, "read of a town", e);
	sqlite3_reset(st);
	return status;
}

static enum status load_version(struct store *s, int version, struct town_list *l,
                                struct error *e)
{
	static const char sql[] =
		"SELECT id, version, status, created_at, coalesce(published_at, '') "
		"FROM list_version WHERE town_id = ? AND (version = ? OR (? = 0 AND status = "
		"'published')) ORDER BY version DESC LIMIT 1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	const struct town *t = &l->cat.towns[0];
	bind_int(st, 1, t->id);
	bind_int(st, 2, version);
	bind_int(st, 3, version);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		l->version_id = sqlite3_column_int64(st, 0);
		l->version = sqlite3_column_int(st, 1);
		int status = list_status_from_key(col_text(st, 2));
		l->status = status < 0 ? LIST_DRAFT : (enum list_status)status;
		snprintf(l->created_at, sizeof l->created_at, "%s", col_text(st, 3));
		snprintf(l->published_at, sizeof l->published_at, "%s", col_text(st, 4));
	}
	enum status status;
	if (rc == SQLITE_ROW)
		status = STATUS_OK;
	else if (rc != SQLITE_DONE)
		status = store_fail(s, "read of a list", e);
	else if (version > 0)
		status = error_set(e, STATUS_NOT_FOUND, "version",
		                   "%s (%s) has no list version %d", t->name, t->code, version);
	else
		status = error_set(e, STATUS_NOT_FOUND, "version",
		                   "%s (%s) has no published list yet", t->name, t->code);
	sqlite3_reset(st);
	return status;
}

static enum status load_items(struct store *s, struct town_list *l, struct error *e)
{
	static const char task_sql[] =
		"SELECT " TASK_COLUMNS " FROM list_item li JOIN task_rev r ON r.id = li.rev_id "
		"JOIN task t ON t.id = r.task_id " TASK_JOIN " WHERE li.version_id = ? "
		"ORDER BY li.rev_id"; /* the primary key's order: no sort */
	static const char cite_sql[] =
		"SELECT tb.rev_id, b.code, tb.article FROM list_item li "
		"JOIN task_basis tb ON tb.rev_id = li.rev_id JOIN basis b ON b.id = tb.basis_id "
		"WHERE li.version_id = ? ORDER BY tb.rev_id, tb.pos";
	static const char basis_sql[] =
		"SELECT " BASIS_COLUMNS_B " FROM basis b WHERE b.id IN (SELECT tb.basis_id "
		"FROM list_item li JOIN task_basis tb ON tb.rev_id = li.rev_id "
		"WHERE li.version_id = ?) ORDER BY b.id";
	static const char department_sql[] =
		"SELECT " DEPARTMENT_COLUMNS_D " FROM department d WHERE d.id IN (SELECT "
		"r.lead_department_id FROM list_item li JOIN task_rev r ON r.id = li.rev_id "
		"WHERE li.version_id = ?) ORDER BY d.id";
	struct catalog *c = &l->cat;
	sqlite3_stmt *st = store_stmt(s, task_sql, e);
	if (!st)
		return e->status;
	bind_int(st, 1, l->version_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_read_task(st, c, catalog_add_task(c));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "read of list items", e);

	if (!(st = store_stmt(s, cite_sql, e)))
		return e->status;
	bind_int(st, 1, l->version_id);
	enum status status = store_read_citations(s, st, c, e);
	if (status != STATUS_OK)
		return status;

	if (!(st = store_stmt(s, basis_sql, e)))
		return e->status;
	bind_int(st, 1, l->version_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_read_basis(st, c, catalog_add_basis(c));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "read of bases", e);

	if (!(st = store_stmt(s, department_sql, e)))
		return e->status;
	bind_int(st, 1, l->version_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_read_department(st, c, catalog_add_department(c));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STATUS_OK : store_fail(s, "read of departments", e);
}

enum status store_list_load(struct store *s, const char *town_code, int version,
                            struct town_list *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	enum status st = load_town(s, town_code, out, e);
	if (st == STATUS_OK)
		st = load_version(s, version, out, e);
	if (st == STATUS_OK)
		st = load_items(s, out, e);
	if (st == STATUS_OK)
		town_list_sort(out);
	else
		town_list_free(out);
	return st;
}
