/* export.c - `dutylist export`: write the catalogue in the exchange format. */
#include <stdio.h>
#include <string.h>

#include "../io/catalog_csv.h"
#include "cmd.h"

static int run_export(int argc, char **argv)
{
	const char *db = NULL, *format = "csv", *pos[1];
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL}, {"format", &format, NULL}, {0}};
	int rc = cmd_start(&cmd_export, argc, argv, opts, pos, 1, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 1) {
		fprintf(stderr, "dutylist export: name the output directory\nusage: dutylist "
		                "export %s\n", cmd_export.usage);
		return 2;
	}
	if (strcmp(format, "csv") != 0) {
		fprintf(stderr, "dutylist export: format '%s' is not supported; this version "
		                "writes csv\n", format);
		return 2;
	}
	struct error e;
	struct store *s;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("export", &e);
	struct catalog c = {0};
	enum status st = store_catalog_load(s, &c, &e);
	if (st == STATUS_OK)
		st = catalog_csv_write_dir(&c, pos[0], &e);
	if (st == STATUS_OK)
		printf("exported %zu towns, %zu departments, %zu bases, %zu tasks, %zu guides, "
		       "%zu calendar days to %s\n",
		       c.ntowns, c.ndepartments, c.nbases, c.ntasks, c.nguides, c.ncalendar, pos[0]);
	catalog_free(&c);
	store_close(s);
	return st == STATUS_OK ? 0 : cmd_fail("export", &e);
}

const struct command cmd_export = {
	.name = "export",
	.usage = "[--db PATH] [--format csv] OUT_DIR",
	.summary = "Write the catalogue in the exchange format.",
	.help = "  --db PATH      the database file (default $DUTYLIST_DB, then ./dutylist.db)\n"
	        "  --format csv   the six CSV files of docs/exchange-format.md (the default)\n\n"
	        "OUT_DIR is created if missing; files in it are replaced whole.  Each\n"
	        "task is written as its current revision.  Importing the result into an\n"
	        "empty database gives the same catalogue and the same lists.\n",
	.run = run_export,
};
