/* teststore.h - a new database holding the small test catalogue of
 * testutil.h, for the unit tests of the procedures.  Include after
 * testutil.h and cmocka. */
#ifndef DUTYLIST_TESTSTORE_H
#define DUTYLIST_TESTSTORE_H

#include "app/app.h"
#include "store/store.h"
#include "testutil.h"

/* Creates a database at a new temporary *path (the caller frees it with
 * temp_db_free) and imports the test catalogue into it as the office. */
static inline struct store *fresh_store(char **path)
{
	static const struct actor importer = {"office1", "office", "", ""};
	*path = temp_db();
	struct store *s;
	struct error e;
	assert_int_equal(store_open(*path, STORE_CREATE, &s, &e), STATUS_OK);
	struct catalog c = {0};
	struct diag d = {0};
	read_csv(&c, "towns.csv", TOWNS_CSV, &d);
	read_csv(&c, "departments.csv", DEPARTMENTS_CSV, &d);
	read_csv(&c, "bases.csv", BASES_CSV, &d);
	read_csv(&c, "tasks.csv", TASKS_CSV, &d);
	assert_int_equal(d.n, 0);
	struct import_result res;
	assert_int_equal(catalog_import(s, &importer, &c, "test", &res, &d, &e), STATUS_OK);
	catalog_free(&c);
	return s;
}

#endif
