/* import.c - `dutylist import`: read the exchange format into a database. */
#include <stdio.h>

#include "../io/catalog_csv.h"
#include "cmd.h"

static int run_import(int argc, char **argv)
{
	const char *db = NULL, *pos[1];
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL}, {0}};
	int rc = cmd_start(&cmd_import, argc, argv, opts, pos, 1, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 1) {
		fprintf(stderr, "dutylist import: name the directory to import\nusage: dutylist "
		                "import %s\n", cmd_import.usage);
		return 2;
	}
	struct error e;
	struct store *s;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("import", &e);
	struct catalog in = {0};
	struct diag d = {0};
	struct import_result res;
	struct actor who = cmd_actor();
	enum status st = catalog_csv_read_dir(&in, pos[0], &d, &e);
	if (st == STATUS_OK && d.n)
		st = error_set(&e, STATUS_INVALID, NULL, "%zu errors", d.n);
	if (st == STATUS_OK)
		st = catalog_import(s, &who, &in, pos[0], &res, &d, &e);
	diag_print(&d, stderr);
	if (st == STATUS_INVALID && d.n == 0)
		cmd_fail("import", &e);
	else if (st == STATUS_INVALID)
		fprintf(stderr, "dutylist import: refused, %zu error%s; nothing was written\n", d.n,
		        d.n == 1 ? "" : "s");
	else if (st != STATUS_OK)
		cmd_fail("import", &e);
	else {
		printf("imported %s\n", pos[0]);
		print_import_result(&res);
	}
	diag_free(&d);
	catalog_free(&in);
	store_close(s);
	return status_exit_code(st);
}

const struct command cmd_import = {
	.name = "import",
	.usage = "[--db PATH] DIR",
	.summary = "Import a catalogue in the exchange format (towns, departments, bases, tasks, "
	           "guides, calendar).",
	.help = "  --db PATH   the database file (default $DUTYLIST_DB, then ./dutylist.db)\n\n"
	        "DIR holds any of towns.csv, departments.csv, bases.csv, tasks.csv,\n"
	        "guides.csv and calendar.csv (docs/exchange-format.md).  Rows are added\n"
	        "or updated by code; nothing is removed.  The import is checked whole\n"
	        "first: any error refuses all of it, every error is printed as\n"
	        "FILE:LINE: column: reason, and nothing is written.  A town new to the\n"
	        "database gets version 1 of its list; existing lists change only\n"
	        "through a procedure (review round, admission, adjustment).\n",
	.run = run_import,
};
