/* test_store.c - the store and the import use case: migrations, the
 * all-or-nothing import, list versions over task revisions, the audit
 * chain and verify. */
#include "testutil.h"

#include <sqlite3.h>

#include "app/app.h"
#include "store/store.h"

static const struct actor tester = {"test", "cli", "", ""};

/* Runs SQL on the file directly, behind the store's back (as a person with
 * the sqlite3 shell would). */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

static long long raw_count(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static struct store *open_new(const char *path)
{
	struct store *s;
	struct error e;
	assert_int_equal(store_open(path, STORE_CREATE, &s, &e), STATUS_OK);
	return s;
}

static enum status import_text(struct store *s, const char *towns, const char *tasks,
                               struct diag *d)
{
	struct catalog c = {0};
	struct import_result res;
	struct error e;
	if (towns)
		read_csv(&c, "towns.csv", towns, d);
	read_csv(&c, "departments.csv", DEPARTMENTS_CSV, d);
	read_csv(&c, "bases.csv", BASES_CSV, d);
	if (tasks)
		read_csv(&c, "tasks.csv", tasks, d);
	enum status st = d->n ? STATUS_INVALID : catalog_import(s, &tester, &c, "test", &res, d, &e);
	catalog_free(&c);
	return st;
}

static void test_migrations(void **state)
{
	(void)state;
	char *path = temp_db();
	struct store *s = open_new(path);
	assert_int_equal(store_schema_version(s), store_schema_latest());
	store_close(s);
	struct error e;
	/* reopening applies nothing new */
	assert_int_equal(store_open(path, STORE_EXISTING, &s, &e), STATUS_OK);
	assert_int_equal(raw_count(path, "SELECT count(*) FROM schema_migration"),
	                 store_schema_latest());
	store_close(s);
	/* create refuses an existing file */
	assert_int_equal(store_open(path, STORE_CREATE, &s, &e), STATUS_CONFLICT);
	assert_string_equal(e.field, "db");
	/* a database from a newer program is refused, not guessed at */
	raw_sql(path, "INSERT INTO schema_migration VALUES (999, 'x')");
	assert_int_equal(store_open(path, STORE_EXISTING, &s, &e), STATUS_CONFLICT);
	assert_non_null(strstr(e.message, "schema version 999"));
	temp_db_free(path);
	/* a file that is not a database */
	path = temp_db();
	FILE *f = fopen(path, "w");
	fputs("not a database, just text that is long enough to be read as a header......", f);
	fclose(f);
	assert_int_equal(store_open(path, STORE_EXISTING, &s, &e), STATUS_INVALID);
	assert_non_null(strstr(e.message, "is not a dutylist database"));
	temp_db_free(path);
	/* a missing file, when one is expected */
	assert_int_equal(store_open("/nonexistent/x.db", STORE_EXISTING, &s, &e), STATUS_NOT_FOUND);
}

static void test_import_builds_lists(void **state)
{
	(void)state;
	char *path = temp_db();
	struct store *s = open_new(path);
	struct diag d = {0};
	assert_int_equal(import_text(s, TOWNS_CSV, TASKS_CSV, &d), STATUS_OK);
	struct town_list l;
	struct error e;
	/* 甲镇 (林区;边境) gets all three tasks; 乙乡 (农业) not the 林区 one */
	assert_int_equal(store_list_load(s, "100000001", 0, &l, &e), STATUS_OK);
	assert_int_equal(l.version, 1);
	assert_int_equal(l.status, LIST_PUBLISHED);
	assert_int_equal(l.cat.ntasks, 3);
	/* sorted by part: 基本 ST-01, 配合 JJ-01, 收回 ST-02 */
	assert_string_equal(l.cat.tasks[0].code, "ST-01");
	assert_string_equal(l.cat.tasks[1].code, "JJ-01");
	assert_string_equal(l.cat.tasks[2].code, "ST-02");
	assert_int_equal(l.cat.tasks[2].nbases, 2);
	assert_string_equal(l.cat.tasks[0].bases[0].article, "第二条");
	town_list_free(&l);
	assert_int_equal(store_list_load(s, "100000002", 0, &l, &e), STATUS_OK);
	assert_int_equal(l.cat.ntasks, 2);
	town_list_free(&l);
	assert_int_equal(store_list_load(s, "999999999", 0, &l, &e), STATUS_NOT_FOUND);
	assert_string_equal(e.message, "town 999999999 does not exist");
	assert_int_equal(store_list_load(s, "100000001", 2, &l, &e), STATUS_NOT_FOUND);
	assert_string_equal(e.message, "甲镇 (100000001) has no list version 2");
	/* one audit entry per list, one for the import */
	assert_int_equal(raw_count(path, "SELECT count(*) FROM audit"), 3);
	store_close(s);
	temp_db_free(path);
	diag_free(&d);
}

/* A refused import writes nothing at all: not the valid rows before the
 * bad one, not an audit entry. */
static void test_import_all_or_nothing(void **state)
{
	(void)state;
	char *path = temp_db();
	struct store *s = open_new(path);
	struct diag d = {0};
	assert_int_equal(import_text(s, TOWNS_CSV, TASKS_CSV, &d), STATUS_OK);
	long long audit = raw_count(path, "SELECT count(*) FROM audit");
	long long revs = raw_count(path, "SELECT count(*) FROM task_rev");
	const char *bad = TASK_HEADER
		"ST-01,生态环境保护,森林防火,改了名字,基本履职,,组织巡查,,否,全部,B1,\n"
		"ST-09,生态环境保护,森林防火,只有废止依据,基本履职,,巡查,,否,全部,B3,\n";
	struct catalog c = {0};
	struct import_result res;
	struct error e;
	read_csv(&c, "towns.csv",
	         "code,name,kind,population,area_km2,tags\n100000009,新镇,镇,1,1,\n", &d);
	read_csv(&c, "tasks.csv", bad, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(catalog_import(s, &tester, &c, "test", &res, &d, &e), STATUS_INVALID);
	assert_diag(&d, "tasks.csv:3: bases: B3 is repealed (已废止); a task needs a basis in force "
	                "(现行有效)");
	catalog_free(&c);
	assert_int_equal(raw_count(path, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(raw_count(path, "SELECT count(*) FROM task_rev"), revs);
	assert_int_equal(raw_count(path, "SELECT count(*) FROM town WHERE code = '100000009'"), 0);
	assert_int_equal(raw_count(path, "SELECT count(*) FROM task_rev WHERE name = '改了名字'"), 0);
	store_close(s);
	temp_db_free(path);
	diag_free(&d);
}

/* A published version points at revisions: changing a task in the
 * catalogue makes a new revision and leaves the published list as it was;
 * an unchanged re-import makes none. */
static void test_published_list_never_changes(void **state)
{
	(void)state;
	char *path = temp_db();
	struct store *s = open_new(path);
	struct diag d = {0};
	assert_int_equal(import_text(s, TOWNS_CSV, TASKS_CSV, &d), STATUS_OK);
	assert_int_equal(import_text(s, NULL, TASKS_CSV, &d), STATUS_OK);
	assert_int_equal(raw_count(path, "SELECT count(*) FROM task_rev"), 3);
	const char *changed = TASK_HEADER
		"ST-01,生态环境保护,森林防火,森林防火巡查（新）,基本履职,,组织巡查,,否,全部,B1:第二条,巡山\n";
	assert_int_equal(import_text(s, NULL, changed, &d), STATUS_OK);
	assert_int_equal(raw_count(path, "SELECT count(*) FROM task_rev"), 4);
	struct town_list l;
	struct error e;
	assert_int_equal(store_list_load(s, "100000001", 0, &l, &e), STATUS_OK);
	assert_string_equal(l.cat.tasks[0].name, "森林防火巡查");
	town_list_free(&l);
	/* the catalogue has the new text */
	struct catalog c = {0};
	assert_int_equal(store_catalog_load(s, &c, &e), STATUS_OK);
	assert_string_equal(c.tasks[0].name, "森林防火巡查（新）");
	catalog_free(&c);
	store_close(s);
	temp_db_free(path);
	diag_free(&d);
}

static void test_verify_and_audit_chain(void **state)
{
	(void)state;
	static const struct {
		const char *sql;
		const char *want;
	} tampers[] = {
		{"DELETE FROM audit WHERE id = 2", "audit chain broken at entry 3"},
		{"UPDATE audit SET actor = 'someone else' WHERE id = 2", "audit chain broken at entry 2"},
		{"UPDATE audit SET id = 10 WHERE id = 3", "audit chain broken at entry 10"},
		{"INSERT INTO audit SELECT 4, at, actor, role, action, object, procedure, detail, "
		 "prev_hash, hash FROM audit WHERE id = 3",
		 "audit chain broken at entry 4"},
		/* swap the contents of two entries, hashes and all */
		{"UPDATE audit SET id = -1 WHERE id = 1; UPDATE audit SET id = 1 WHERE id = 2; "
		 "UPDATE audit SET id = 2 WHERE id = -1",
		 "audit chain broken at entry 1"},
		{"UPDATE basis SET status = '已废止' WHERE code = 'B2'",
		 "task JJ-01: rests on no basis in force (现行有效)"},
		{"PRAGMA ignore_check_constraints = 1; UPDATE task_rev SET lead_department_id = NULL "
		 "WHERE list_type = '配合履职'",
		 "task JJ-01 (revision 3): 配合履职 names no lead department"},
	};
	for (size_t i = 0; i < sizeof tampers / sizeof *tampers; i++) {
		char *path = temp_db();
		struct store *s = open_new(path);
		struct diag d = {0};
		struct error e;
		assert_int_equal(import_text(s, TOWNS_CSV, TASKS_CSV, &d), STATUS_OK);
		assert_int_equal(store_verify(s, &d, &e), STATUS_OK);
		assert_int_equal(d.n, 0); /* clean */
		store_close(s);
		raw_sql(path, tampers[i].sql);
		struct error e2;
		assert_int_equal(store_open(path, STORE_EXISTING, &s, &e2), STATUS_OK);
		assert_int_equal(store_verify(s, &d, &e), STATUS_OK);
		int found = 0;
		for (size_t j = 0; j < d.n; j++)
			found |= strstr(d.lines[j], tampers[i].want) != NULL;
		if (!found) {
			for (size_t j = 0; j < d.n; j++)
				print_error("  have: %s\n", d.lines[j]);
			fail_msg("tamper %zu (%s): missing '%s'", i, tampers[i].sql, tampers[i].want);
		}
		store_close(s);
		temp_db_free(path);
		diag_free(&d);
	}
}

static void test_demo_database(void **state)
{
	(void)state;
	char *path = temp_db();
	struct import_result res;
	struct diag d = {0};
	struct error e;
	assert_int_equal(database_create(path, false, &tester, &res, &d, &e), STATUS_OK);
	assert_int_equal(res.towns, 6);
	assert_int_equal(res.tasks_new, 112);
	assert_int_equal(res.lists_created, 6);
	struct store *s;
	assert_int_equal(store_open(path, STORE_EXISTING, &s, &e), STATUS_OK);
	struct town_list l;
	assert_int_equal(store_list_load(s, "231086101", 0, &l, &e), STATUS_OK);
	assert_int_equal(l.cat.ntasks, 109); /* 绥阳镇 */
	size_t counts[LIST_TYPE_COUNT];
	town_list_count(&l, counts);
	assert_int_equal(counts[LIST_BASIC], 66);
	assert_int_equal(counts[LIST_ASSIST], 32);
	assert_int_equal(counts[LIST_RECLAIMED], 11);
	json_t *view = list_view(&l);
	assert_string_equal(json_string_value(json_object_get(view, "status")), "published");
	assert_int_equal(json_array_size(json_object_get(view, "items")), 109);
	json_decref(view);
	town_list_free(&l);
	assert_int_equal(store_verify(s, &d, &e), STATUS_OK);
	assert_int_equal(d.n, 0);
	store_close(s);
	/* database_create refuses an existing file and leaves it alone */
	assert_int_equal(database_create(path, true, &tester, &res, &d, &e), STATUS_CONFLICT);
	assert_true(access(path, F_OK) == 0);
	temp_db_free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrations),
		cmocka_unit_test(test_import_builds_lists),
		cmocka_unit_test(test_import_all_or_nothing),
		cmocka_unit_test(test_published_list_never_changes),
		cmocka_unit_test(test_verify_and_audit_chain),
		cmocka_unit_test(test_demo_database),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
