/* export.c - `dutylist export`: write the catalogue in the exchange format
 * (CSV files or one workbook), or one town's list as a workbook for
 * posting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/catalog_csv.h"
#include "../io/catalog_xlsx.h"
#include "../io/list_xlsx.h"
#include "cmd.h"

static int usage(const char *msg)
{
	fprintf(stderr, "dutylist export: %s\nusage: dutylist export %s\n", msg, cmd_export.usage);
	return 2;
}

/* One town's list, as the posting workbook. */
static int export_town(struct store *s, const char *town, const char *version, const char *out)
{
	struct error e;
	long v = 0;
	if (version) {
		char *end;
		v = strtol(version, &end, 10);
		if (!*version || *end || v < 1 || v > 1000000)
			return usage("--version takes a version number (1, 2, ...)");
	}
	struct town_list l;
	if (store_list_load(s, town, (int)v, &l, &e) != STATUS_OK)
		return cmd_fail("export", &e);
	enum status st = list_xlsx_write(&l, out, &e);
	if (st == STATUS_OK)
		printf("exported the list of %s %s, version %d (%zu items), to %s\n",
		       l.cat.towns[0].code, l.cat.towns[0].name, l.version, l.cat.ntasks, out);
	town_list_free(&l);
	return st == STATUS_OK ? 0 : cmd_fail("export", &e);
}

static int run_export(int argc, char **argv)
{
	const char *db = NULL, *format = NULL, *town = NULL, *version = NULL, *encoding = NULL,
	           *pos[1];
	bool bom = false;
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL},
	                                   {"format", &format, NULL},
	                                   {"town", &town, NULL},
	                                   {"version", &version, NULL},
	                                   {"encoding", &encoding, NULL},
	                                   {"bom", NULL, &bom},
	                                   {0}};
	int rc = cmd_start(&cmd_export, argc, argv, opts, pos, 1, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 1)
		return usage("name the output (a directory for csv, a file for xlsx)");
	if (!format)
		format = town ? "xlsx" : "csv";
	bool xlsx = strcmp(format, "xlsx") == 0;
	if (!xlsx && strcmp(format, "csv") != 0) {
		fprintf(stderr, "dutylist export: format '%s' is not supported: use csv or xlsx\n",
		        format);
		return 2;
	}
	if (town && !xlsx)
		return usage("--town writes a workbook: use --format xlsx");
	if (version && !town)
		return usage("--version goes with --town");
	enum text_encoding enc = ENC_UTF8;
	if (encoding && (!encoding_parse(encoding, &enc) || enc == ENC_AUTO))
		return usage("--encoding takes utf-8, gbk or gb18030");
	if (xlsx && (encoding || bom))
		return usage("--encoding and --bom are for csv; a workbook is always Unicode");
	if (bom && enc != ENC_UTF8)
		return usage("--bom goes with UTF-8 only");

	struct error e;
	struct store *s;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("export", &e);
	if (town) {
		rc = export_town(s, town, version, pos[0]);
		store_close(s);
		return rc;
	}
	struct catalog c = {0};
	struct diag d = {0};
	enum status st = store_catalog_load(s, &c, &e);
	if (st == STATUS_OK)
		st = xlsx ? catalog_xlsx_write(&c, pos[0], &e)
		          : catalog_csv_write_dir(&c, pos[0], enc, bom, &d, &e);
	diag_print(&d, stderr);
	if (st == STATUS_OK)
		printf("exported %zu towns, %zu departments, %zu bases, %zu tasks, %zu guides, "
		       "%zu calendar days to %s\n",
		       c.ntowns, c.ndepartments, c.nbases, c.ntasks, c.nguides, c.ncalendar, pos[0]);
	diag_free(&d);
	catalog_free(&c);
	store_close(s);
	return st == STATUS_OK ? 0 : cmd_fail("export", &e);
}

const struct command cmd_export = {
	.name = "export",
	.usage = "[--db PATH] [--format csv|xlsx] [--town CODE [--version N]] [--encoding ENC] "
	         "[--bom] OUT",
	.summary = "Write the catalogue in the exchange format, or a town's list as a workbook.",
	.help = "  --db PATH        the database file (default $DUTYLIST_DB, then ./dutylist.db)\n"
	        "  --format csv     the six CSV files of docs/exchange-format.md into the\n"
	        "                   directory OUT (the default)\n"
	        "  --format xlsx    one workbook OUT with a sheet per file (乡镇, 部门, 职责依据,\n"
	        "                   任务事项, 办事指南, 节假日); `dutylist import OUT` reads it back\n"
	        "  --encoding ENC   csv: utf-8 (the default), gbk or gb18030, for older Excel\n"
	        "  --bom            csv: start each UTF-8 file with a byte order mark, so that\n"
	        "                   Excel opens it as UTF-8\n"
	        "  --town CODE      the town's list in force as a workbook for posting: a sheet\n"
	        "                   per part, A4 landscape (docs/guide.md)\n"
	        "  --version N      with --town: that version instead of the one in force\n\n"
	        "OUT_DIR is created if missing; files in it are replaced whole.  Each\n"
	        "task is written as its current revision.  Importing the result into an\n"
	        "empty database gives the same catalogue and the same lists.  A character\n"
	        "that GBK cannot hold is an error naming file and line; nothing is written.\n",
	.run = run_export,
};
