/* user.c - users, sessions, API tokens and failed logins. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "../core/user.h"

/* The columns read by read_user. */
#define USER_COLUMNS                                                            \
	"u.id, u.name, u.role, coalesce(t.code, ''), coalesce(d.code, ''), u.disabled"
#define USER_JOIN                                                               \
	"LEFT JOIN town t ON t.id = u.town_id LEFT JOIN department d ON d.id = u.department_id"

static void read_user(sqlite3_stmt *st, int col, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, col);
	snprintf(u->name, sizeof u->name, "%s", col_text(st, col + 1));
	int role = role_from_key(col_text(st, col + 2));
	u->role = role < 0 ? ROLE_PUBLIC : (enum role)role;
	snprintf(u->town, sizeof u->town, "%s", col_text(st, col + 3));
	snprintf(u->department, sizeof u->department, "%s", col_text(st, col + 4));
	u->disabled = sqlite3_column_int(st, col + 5) != 0;
}

enum status store_user_add(struct store *s, const char *name, const char *role,
                           const char *town, const char *department,
                           const char *password_hash, int64_t *id, struct error *e)
{
	static const char sql[] =
		"INSERT INTO user (name, role, town_id, department_id, password_hash, created_at) "
		"VALUES (?, ?, (SELECT id FROM town WHERE code = ?), "
		"(SELECT id FROM department WHERE code = ?), ?, ?) RETURNING id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, name);
	bind_text(st, 2, role);
	if (*town)
		bind_text(st, 3, town);
	else
		sqlite3_bind_null(st, 3);
	if (*department)
		bind_text(st, 4, department);
	else
		sqlite3_bind_null(st, 4);
	bind_text(st, 5, password_hash);
	bind_text(st, 6, now);
	return store_step_id(s, st, id, "write of a user", e);
}

enum status store_user_get(struct store *s, const char *name, struct user *u, char hash[128],
                           struct error *e)
{
	static const char sql[] = "SELECT " USER_COLUMNS ", u.password_hash FROM user u "
	                          USER_JOIN " WHERE u.name = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	enum status status = STATUS_OK;
	if (rc == SQLITE_ROW) {
		read_user(st, 0, u);
		snprintf(hash, 128, "%s", col_text(st, 6));
	} else if (rc == SQLITE_DONE) {
		status = error_set(e, STATUS_NOT_FOUND, "name", "there is no user %s", name);
	} else {
		status = store_fail(s, "read of a user", e);
	}
	sqlite3_reset(st);
	return status;
}

enum status store_user_list(struct store *s, json_t **out, struct error *e)
{
	static const char sql[] = "SELECT " USER_COLUMNS ", u.created_at FROM user u " USER_JOIN
	                          " ORDER BY u.name";
	*out = NULL;
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	json_t *users = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct user u;
		read_user(st, 0, &u);
		json_array_append_new(users, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "name",
		                                       u.name, "role", role_key[u.role], "town",
		                                       u.town, "department", u.department,
		                                       "disabled", u.disabled, "created_at",
		                                       col_text(st, 6)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(users);
		return store_fail(s, "read of users", e);
	}
	*out = users;
	return STATUS_OK;
}

enum status store_user_set_password(struct store *s, int64_t id, const char *hash,
                                    struct error *e)
{
	static const char sql[] = "UPDATE user SET password_hash = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, hash);
	bind_int(st, 2, id);
	return store_step_done(s, st, "write of a password", e);
}

enum status store_user_disable(struct store *s, int64_t id, struct error *e)
{
	static const char disable_sql[] = "UPDATE user SET disabled = 1 WHERE id = ?";
	static const char sessions_sql[] = "DELETE FROM session WHERE user_id = ?";
	static const char tokens_sql[] = "DELETE FROM api_token WHERE user_id = ?";
	const char *const sqls[] = {disable_sql, sessions_sql, tokens_sql};
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st = store_stmt(s, sqls[i], e);
		if (!st)
			return e->status;
		bind_int(st, 1, id);
		enum status status = store_step_done(s, st, "write of a user", e);
		if (status != STATUS_OK)
			return status;
	}
	return STATUS_OK;
}

enum status store_session_add(struct store *s, const char *token_hash, int64_t user_id,
                              const char *csrf, const char *expires_at, struct error *e)
{
	static const char sql[] = "INSERT INTO session (token_hash, user_id, csrf, created_at, "
	                          "expires_at) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, token_hash);
	bind_int(st, 2, user_id);
	bind_text(st, 3, csrf);
	bind_text(st, 4, now);
	bind_text(st, 5, expires_at);
	return store_step_done(s, st, "write of a session", e);
}

enum status store_session_get(struct store *s, const char *token_hash, const char *now,
                              struct user *u, char csrf[65], struct error *e)
{
	static const char sql[] = "SELECT " USER_COLUMNS ", se.csrf FROM session se "
	                          "JOIN user u ON u.id = se.user_id " USER_JOIN
	                          " WHERE se.token_hash = ? AND se.expires_at > ? AND u.disabled = 0";
	memset(u, 0, sizeof *u);
	csrf[0] = '\0';
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, token_hash);
	bind_text(st, 2, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_user(st, 0, u);
		snprintf(csrf, 65, "%s", col_text(st, 6));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STATUS_OK
	                                             : store_fail(s, "read of a session", e);
}

enum status store_session_delete(struct store *s, const char *token_hash, struct error *e)
{
	static const char sql[] = "DELETE FROM session WHERE token_hash = ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, token_hash);
	return store_step_done(s, st, "write of a session", e);
}

enum status store_token_add(struct store *s, const char *token_hash, int64_t user_id,
                            struct error *e)
{
	static const char sql[] =
		"INSERT INTO api_token (token_hash, user_id, created_at) VALUES (?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, token_hash);
	bind_int(st, 2, user_id);
	bind_text(st, 3, now);
	return store_step_done(s, st, "write of a token", e);
}

enum status store_token_get(struct store *s, const char *token_hash, struct user *u,
                            struct error *e)
{
	static const char sql[] = "SELECT " USER_COLUMNS " FROM api_token tk "
	                          "JOIN user u ON u.id = tk.user_id " USER_JOIN
	                          " WHERE tk.token_hash = ? AND u.disabled = 0";
	memset(u, 0, sizeof *u);
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, token_hash);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_user(st, 0, u);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STATUS_OK
	                                             : store_fail(s, "read of a token", e);
}

enum status store_login_failures(struct store *s, const char *name, const char *since,
                                 int *count, struct error *e)
{
	static const char sql[] = "SELECT count(*) FROM login_failure WHERE name = ? AND at > ?";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, name);
	bind_text(st, 2, since);
	int rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STATUS_OK : store_fail(s, "read of login failures", e);
}

enum status store_login_failure_add(struct store *s, const char *name, struct error *e)
{
	static const char sql[] = "INSERT INTO login_failure (name, at) VALUES (?, ?)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char now[32];
	store_now(now);
	bind_text(st, 1, name);
	bind_text(st, 2, now);
	return store_step_done(s, st, "write of a login failure", e);
}
