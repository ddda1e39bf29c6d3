/* verify.c - `dutylist verify`: check a database. */
#include <stdio.h>

#include "cmd.h"

static int run_verify(int argc, char **argv)
{
	const char *db = NULL, *pos[1];
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL}, {0}};
	int rc = cmd_start(&cmd_verify, argc, argv, opts, pos, 0, &npos);
	if (rc >= 0)
		return rc;
	struct error e;
	struct store *s;
	const char *path = cmd_db_path(db);
	if (store_open(path, STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("verify", &e);
	struct diag d = {0};
	enum status st = store_verify(s, &d, &e);
	store_close(s);
	if (st != STATUS_OK) {
		diag_free(&d);
		return cmd_fail("verify", &e);
	}
	diag_print(&d, stdout);
	if (d.n)
		printf("%s: %zu problem%s found\n", path, d.n, d.n == 1 ? "" : "s");
	else
		printf("%s: ok (integrity, foreign keys, basis rule, lead departments, audit chain)\n",
		       path);
	rc = d.n ? 1 : 0;
	diag_free(&d);
	return rc;
}

const struct command cmd_verify = {
	.name = "verify",
	.usage = "[--db PATH]",
	.summary = "Check a database: SQLite integrity, foreign keys, the domain invariants and "
	           "the audit chain.",
	.help = "  --db PATH   the database file (default $DUTYLIST_DB, then ./dutylist.db)\n\n"
	        "Invariants: every task on a published list and in the catalogue rests\n"
	        "on a basis in force (现行有效); every 配合履职 and 上级部门收回 task\n"
	        "names a lead department; every task has a current revision; a town\n"
	        "has at most one published list.  Prints each violation; exit 1 if any.\n",
	.run = run_verify,
};
