/* backup.c - `dutylist backup` and `dutylist restore`. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/fs.h"
#include "cmd.h"

/* Opens path and runs every check of `verify`; the problems go to d. */
static enum status check_db(const char *path, struct diag *d, struct error *e)
{
	struct store *s;
	enum status st = store_open(path, STORE_EXISTING, &s, e);
	if (st != STATUS_OK)
		return st;
	st = store_verify(s, d, e);
	store_close(s);
	if (st == STATUS_OK && d->n)
		st = error_set(e, STATUS_INVALID, NULL, "%s fails verify: %zu problem%s", path, d->n,
		               d->n == 1 ? "" : "s");
	return st;
}

static int run_backup(int argc, char **argv)
{
	const char *db = NULL, *pos[2];
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL}, {0}};
	int rc = cmd_start(&cmd_backup, argc, argv, opts, pos, 1, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 1) {
		fprintf(stderr, "usage: dutylist backup %s\n", cmd_backup.usage);
		return 2;
	}
	struct error e;
	struct store *s;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("backup", &e);
	enum status st = store_backup(s, pos[0], &e);
	store_close(s);
	struct diag d = {0};
	if (st == STATUS_OK)
		st = check_db(pos[0], &d, &e);
	diag_print(&d, stderr);
	diag_free(&d);
	if (st != STATUS_OK)
		return cmd_fail("backup", &e);
	printf("backed up %s to %s (verified)\n", cmd_db_path(db), pos[0]);
	return 0;
}

const struct command cmd_backup = {
	.name = "backup",
	.usage = "[--db PATH] OUT",
	.summary = "Write a consistent copy of the database, even while the server runs.",
	.help = "Uses SQLite's online backup API, so writers go on meanwhile; the copy\n"
	        "is one self-contained file, checked like 'dutylist verify' (audit chain\n"
	        "included).  OUT is never overwritten.\n",
	.run = run_backup,
};

static int run_restore(int argc, char **argv)
{
	const char *db = NULL, *pos[2];
	bool force = false;
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL}, {"force", NULL, &force}, {0}};
	int rc = cmd_start(&cmd_restore, argc, argv, opts, pos, 1, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 1) {
		fprintf(stderr, "usage: dutylist restore %s\n", cmd_restore.usage);
		return 2;
	}
	const char *path = cmd_db_path(db);
	struct error e;
	struct diag d = {0};
	/* the backup must be sound before it replaces anything */
	enum status st = check_db(pos[0], &d, &e);
	if (st == STATUS_OK && fs_exists(path) && !force)
		st = error_set(&e, STATUS_CONFLICT, "db",
		               "%s exists; add --force to replace it with the backup", path);
	struct store *s = NULL;
	if (st == STATUS_OK)
		st = store_open(path, fs_exists(path) ? STORE_EXISTING : STORE_CREATE, &s, &e);
	if (st == STATUS_OK)
		st = store_restore(s, pos[0], &e);
	store_close(s);
	if (st == STATUS_OK)
		st = check_db(path, &d, &e);
	diag_print(&d, stderr);
	diag_free(&d);
	if (st != STATUS_OK)
		return cmd_fail("restore", &e);
	printf("restored %s from %s (verified)\n", path, pos[0]);
	return 0;
}

const struct command cmd_restore = {
	.name = "restore",
	.usage = "BACKUP [--db PATH] [--force]",
	.summary = "Replace the database with a backup, after checking the backup.",
	.help = "The backup is verified first (integrity, invariants, audit chain); an\n"
	        "existing database is replaced only with --force; the result is\n"
	        "verified again.  Stop the server before restoring.\n",
	.run = run_restore,
};
