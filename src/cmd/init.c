/* init.c - `dutylist init`: create a database. */
#include <stdio.h>

#include "cmd.h"

void print_import_result(const struct import_result *r)
{
	printf("  %zu towns, %zu departments, %zu bases, %zu tasks (%zu new, %zu changed, "
	       "%zu unchanged), %zu guides, %zu calendar days\n",
	       r->towns, r->departments, r->bases, r->tasks_new + r->tasks_changed + r->tasks_unchanged,
	       r->tasks_new, r->tasks_changed, r->tasks_unchanged, r->guides, r->days);
	printf("  %zu town lists created (version 1, published)\n", r->lists_created);
}

static int run_init(int argc, char **argv)
{
	const char *db = NULL, *pos[1];
	bool empty = false;
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL}, {"empty", NULL, &empty}, {0}};
	int rc = cmd_start(&cmd_init, argc, argv, opts, pos, 0, &npos);
	if (rc >= 0)
		return rc;
	const char *path = cmd_db_path(db);
	struct actor who = cmd_actor();
	struct import_result res;
	struct diag d = {0};
	struct error e;
	if (database_create(path, empty, &who, &res, &d, &e) != STATUS_OK) {
		diag_print(&d, stderr);
		diag_free(&d);
		return cmd_fail("init", &e);
	}
	diag_free(&d);
	printf("created %s (schema version %d)%s\n", path, store_schema_latest(),
	       empty ? ", empty" : " with the demo catalogue of Dongning (东宁市)");
	if (!empty)
		print_import_result(&res);
	return 0;
}

const struct command cmd_init = {
	.name = "init",
	.usage = "[--db PATH] [--empty]",
	.summary = "Create a new database holding the demo catalogue, or an empty one.",
	.help = "  --db PATH   the database file (default $DUTYLIST_DB, then ./dutylist.db)\n"
	        "  --empty     only the schema, no catalogue\n\n"
	        "The demo catalogue is the six towns of Dongning (东宁市) with their\n"
	        "departments, legal bases, task items, service guides and the holiday\n"
	        "calendar; each town gets version 1 of its list, published.\n"
	        "An existing file is never overwritten.\n",
	.run = run_init,
};
