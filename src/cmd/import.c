/* import.c - `dutylist import`: read the exchange format (a directory of
 * CSV files, or a workbook) into a database. */
#include <stdio.h>

#include "../io/catalog_csv.h"
#include "../io/catalog_xlsx.h"
#include "../util/fs.h"
#include "cmd.h"

static int run_import(int argc, char **argv)
{
	const char *db = NULL, *encoding = NULL, *pos[1];
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL}, {"encoding", &encoding, NULL}, {0}};
	int rc = cmd_start(&cmd_import, argc, argv, opts, pos, 1, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 1) {
		fprintf(stderr, "dutylist import: name the directory or workbook to import\n"
		                "usage: dutylist import %s\n", cmd_import.usage);
		return 2;
	}
	enum text_encoding enc = ENC_AUTO;
	if (encoding && !encoding_parse(encoding, &enc)) {
		fprintf(stderr, "dutylist import: --encoding takes auto, utf-8, gbk or gb18030\n");
		return 2;
	}
	bool dir = fs_is_dir(pos[0]);
	if (!dir && !fs_exists(pos[0])) {
		fprintf(stderr, "dutylist import: %s does not exist\n", pos[0]);
		return 2;
	}
	if (!dir && !catalog_xlsx_is_workbook(pos[0])) {
		fprintf(stderr, "dutylist import: %s is neither a directory of CSV files nor an XLSX "
		                "workbook\n", pos[0]);
		return 2;
	}
	if (!dir && encoding) {
		fprintf(stderr, "dutylist import: --encoding is for a directory of CSV files; a "
		                "workbook is always Unicode\n");
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
	enum status st = dir ? catalog_csv_read_dir(&in, pos[0], enc, &d, &e)
	                     : catalog_xlsx_read(&in, pos[0], &d, &e);
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
	.usage = "[--db PATH] [--encoding auto|utf-8|gbk|gb18030] DIR | WORKBOOK.xlsx",
	.summary = "Import a catalogue in the exchange format (towns, departments, bases, tasks, "
	           "guides, calendar).",
	.help = "  --db PATH        the database file (default $DUTYLIST_DB, then ./dutylist.db)\n"
	        "  --encoding ENC   the CSV files' encoding: auto (the default: UTF-8, or\n"
	        "                   GB18030 for a file that is not UTF-8), utf-8, gbk, gb18030\n\n"
	        "DIR holds any of towns.csv, departments.csv, bases.csv, tasks.csv,\n"
	        "guides.csv and calendar.csv (docs/exchange-format.md); a workbook holds\n"
	        "any of the sheets 乡镇, 部门, 职责依据, 任务事项, 办事指南 and 节假日 with\n"
	        "the same columns (what `dutylist export --format xlsx` writes).  Rows\n"
	        "are added or updated by code; nothing is removed.  The import is checked\n"
	        "whole first: any error refuses all of it, every error is printed as\n"
	        "FILE:LINE: column: reason (SHEET!ROW: column: reason for a workbook),\n"
	        "and nothing is written.  A town new to the database gets version 1 of\n"
	        "its list; existing lists change only through a procedure (review round,\n"
	        "admission, adjustment).\n",
	.run = run_import,
};
