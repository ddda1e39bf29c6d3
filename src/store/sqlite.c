/* sqlite.c - the SQLite connection: open, transactions, statement cache. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "../util/fs.h"

sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct error *e)
{
	for (int i = 0; i < s->ncache; i++) {
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].stmt);
			sqlite3_clear_bindings(s->cache[i].stmt);
			return s->cache[i].stmt;
		}
	}
	sqlite3_stmt *st;
	unsigned flags = s->ncache < STMT_CACHE ? SQLITE_PREPARE_PERSISTENT : 0;
	if (sqlite3_prepare_v3(s->db, sql, -1, flags, &st, NULL) != SQLITE_OK) {
		store_fail(s, "prepare", e);
		return NULL;
	}
	/* assert-like: every query of the program fits the cache */
	if (s->ncache == STMT_CACHE) {
		error_set(e, STATUS_STORE, NULL, "statement cache full; raise STMT_CACHE");
		sqlite3_finalize(st);
		return NULL;
	}
	s->cache[s->ncache].sql = sql;
	s->cache[s->ncache].stmt = st;
	s->ncache++;
	return st;
}

enum status store_fail(struct store *s, const char *what, struct error *e)
{
	return error_set(e, STATUS_STORE, NULL, "database %s failed: %s", what,
	                 sqlite3_errmsg(s->db));
}

enum status store_exec(struct store *s, const char *sql, struct error *e)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		enum status st = error_set(e, STATUS_STORE, NULL, "database failed: %s",
		                           msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return st;
	}
	return STATUS_OK;
}

enum status store_step_id(struct store *s, sqlite3_stmt *st, int64_t *id, const char *what,
                          struct error *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	enum status status = rc == SQLITE_ROW ? STATUS_OK : store_fail(s, what, e);
	sqlite3_reset(st);
	return status;
}

enum status store_step_done(struct store *s, sqlite3_stmt *st, const char *what,
                            struct error *e)
{
	int rc = sqlite3_step(st);
	enum status status = rc == SQLITE_DONE ? STATUS_OK : store_fail(s, what, e);
	sqlite3_reset(st);
	return status;
}

void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

void bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st, i, v);
}

const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

void store_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

enum status store_open(const char *path, enum store_mode mode, struct store **out,
                       struct error *e)
{
	*out = NULL;
	bool exists = fs_exists(path);
	if (mode == STORE_CREATE && exists)
		return error_set(e, STATUS_CONFLICT, "db",
		                 "%s already exists; it is never overwritten", path);
	if (mode == STORE_EXISTING && !exists)
		return error_set(e, STATUS_NOT_FOUND, "db",
		                 "%s does not exist; create it with 'dutylist init'", path);
	struct store *s = xcalloc(1, sizeof *s);
	int flags = SQLITE_OPEN_READWRITE | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		enum status st = error_set(e, STATUS_STORE, "db", "%s: %s", path,
		                           s->db ? sqlite3_errmsg(s->db) : "cannot open");
		store_close(s);
		return st;
	}
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_extended_result_codes(s->db, 1);
	/* WAL: readers never block the writer; NORMAL sync is durable across a
	 * process crash, which is what the server must survive.  Foreign keys
	 * are off by default in SQLite and must be asked for per connection. */
	enum status st = store_exec(s,
	                            "PRAGMA journal_mode=WAL;"
	                            "PRAGMA synchronous=NORMAL;"
	                            "PRAGMA foreign_keys=ON;",
	                            e);
	if (st == STATUS_OK) {
		/* A file that is not SQLite fails on the first read. */
		st = store_migrate(s, e);
	}
	if (st != STATUS_OK) {
		if (st == STATUS_STORE && strstr(e->message, "not a database"))
			error_set(e, STATUS_INVALID, "db", "%s is not a dutylist database", path);
		store_close(s);
		return e->status;
	}
	*out = s;
	return STATUS_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].stmt);
	catalog_index_free(&s->cache_index);
	catalog_free(&s->cache_catalog);
	sqlite3_close(s->db);
	free(s);
}

enum status store_begin(struct store *s, struct error *e)
{
	return store_exec(s, "BEGIN IMMEDIATE", e);
}

enum status store_commit(struct store *s, struct error *e)
{
	return store_exec(s, "COMMIT", e);
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

enum status store_rows_json(struct store *s, sqlite3_stmt *st, const char *const *names,
                             json_t **out, const char *what, struct error *e)
{
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_object();
		for (int i = 0; names[i]; i++) {
			json_t *v;
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER:
				v = json_integer(sqlite3_column_int64(st, i));
				break;
			case SQLITE_NULL:
				v = json_null();
				break;
			default:
				v = json_string(col_text(st, i));
			}
			json_object_set_new(row, names[i], v);
		}
		json_array_append_new(rows, row);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(rows);
		return store_fail(s, what, e);
	}
	*out = rows;
	return STATUS_OK;
}

enum status store_row_json(struct store *s, sqlite3_stmt *st, const char *const *names,
                            json_t **out, const char *missing, struct error *e)
{
	json_t *rows;
	enum status status = store_rows_json(s, st, names, &rows, "read", e);
	if (status != STATUS_OK)
		return status;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		*out = NULL;
		return error_set(e, STATUS_NOT_FOUND, NULL, "%s", missing);
	}
	*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return STATUS_OK;
}

