/* internal.h - what the files of the SQLite backend share. */
#ifndef DUTYLIST_STORE_INTERNAL_H
#define DUTYLIST_STORE_INTERNAL_H

#include <sqlite3.h>

#include "../core/rules.h"
#include "store.h"

#define STMT_CACHE 256

struct store {
	sqlite3 *db;
	/* Prepared statements keyed by the address of their static SQL text:
	 * each query in src/store/ is a static string, prepared once. */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE];
	int ncache;
	/* store_catalog_cached: the catalogue as of cache_version */
	bool cache_valid;
	long long cache_version;
	struct catalog cache_catalog;
	struct catalog_index cache_index;
};

/* Returns the prepared, reset statement for sql, or NULL with *e set. */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct error *e);
/* Sets *e from the connection's last error and returns STATUS_STORE. */
enum status store_fail(struct store *s, const char *what, struct error *e);
/* Runs sql that returns no rows. */
enum status store_exec(struct store *s, const char *sql, struct error *e) MUST_USE;

/* Binding helpers: text is bound as static (the caller keeps it alive
 * until the statement is stepped). */
void bind_text(sqlite3_stmt *st, int i, const char *v);
void bind_int(sqlite3_stmt *st, int i, int64_t v);
/* A column as text, "" for NULL. */
const char *col_text(sqlite3_stmt *st, int i);

/* The time now as ISO 8601 UTC: "2026-11-26T06:00:00Z". */
void store_now(char out[32]);

/* Steps an INSERT ... RETURNING id and reads the id into *id. */
enum status store_step_id(struct store *s, sqlite3_stmt *st, int64_t *id, const char *what,
                          struct error *e) MUST_USE;
/* Steps a statement that returns no rows. */
enum status store_step_done(struct store *s, sqlite3_stmt *st, const char *what,
                            struct error *e) MUST_USE;

/* The columns of a task revision, as store_read_task reads them, for a
 * query over "task t JOIN task_rev r ... " TASK_JOIN. */
#define TASK_COLUMNS                                                                  \
	"t.id, t.code, r.id, r.category, r.duty, r.name, r.list_type, "               \
	"coalesce(d.code, ''), r.township_part, r.department_part, r.public_service, " \
	"r.applies_to, r.keywords"
#define TASK_JOIN "LEFT JOIN department d ON d.id = r.lead_department_id"

/* Row readers: each fills an entity from a row that starts with its
 * *_COLUMNS (unqualified, or qualified by the alias given). */
#define TOWN_COLUMNS "id, code, name, kind, population, area_km2, tags"
#define DEPARTMENT_COLUMNS "id, code, name, dispatched_agency"
#define DEPARTMENT_COLUMNS_D "d.id, d.code, d.name, d.dispatched_agency"
#define BASIS_COLUMNS "id, code, kind, title, doc_no, issuer, level, effective_date, status"
#define BASIS_COLUMNS_B \
	"b.id, b.code, b.kind, b.title, b.doc_no, b.issuer, b.level, b.effective_date, b.status"
void store_read_town(sqlite3_stmt *st, struct catalog *c, struct town *t);
void store_read_department(sqlite3_stmt *st, struct catalog *c, struct department *d);
void store_read_basis(sqlite3_stmt *st, struct catalog *c, struct basis *b);

/* Fills t from a row that starts with TASK_COLUMNS; strings go to c's
 * arena.  Citations are attached after, by store_read_citations. */
void store_read_task(sqlite3_stmt *st, struct catalog *c, struct task *t);
/* Attaches citations to c's tasks, from the rows of st: (rev_id, basis
 * code, article), ordered as c's tasks and then by position. */
enum status store_read_citations(struct store *s, sqlite3_stmt *st, struct catalog *c,
                                 struct error *e) MUST_USE;

/* Steps st to the end, each row a JSON object whose keys are `names`
 * (NULL-terminated) in column order: integers as integers, NULL as null,
 * the rest as text.  The caller owns *out. */
enum status store_rows_json(struct store *s, sqlite3_stmt *st, const char *const *names,
                            json_t **out, const char *what, struct error *e) MUST_USE;
/* The first row of store_rows_json, or STATUS_NOT_FOUND with `missing`. */
enum status store_row_json(struct store *s, sqlite3_stmt *st, const char *const *names,
                           json_t **out, const char *missing, struct error *e) MUST_USE;

enum status store_migrate(struct store *s, struct error *e) MUST_USE;
enum status store_audit_verify(struct store *s, struct diag *d, struct error *e) MUST_USE;

#endif
