/* backup.c - copies of the database with SQLite's online backup API:
 * consistent while the server runs and writes (WAL lets readers and the
 * backup go on beside the writer). */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../util/fs.h"

/* Copies all of `from` into `to`, a few hundred pages at a time so that
 * writers of `from` are never blocked for long. */
static enum status copy_db(sqlite3 *from, sqlite3 *to, const char *what, struct error *e)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return error_set(e, STATUS_STORE, NULL, "%s failed: %s", what, sqlite3_errmsg(to));
	int rc;
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		if (rc != SQLITE_OK)
			sqlite3_sleep(20);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return error_set(e, STATUS_STORE, NULL, "%s failed: %s", what, sqlite3_errstr(rc));
	return STATUS_OK;
}

enum status store_backup(struct store *s, const char *out, struct error *e)
{
	if (fs_exists(out))
		return error_set(e, STATUS_CONFLICT, "out", "%s exists; a backup never overwrites", out);
	sqlite3 *dst;
	if (sqlite3_open_v2(out, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		enum status st = error_set(e, STATUS_IO, "out", "%s: %s", out, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return st;
	}
	enum status st = copy_db(s->db, dst, "backup", e);
	/* one self-contained file: no -wal beside it */
	if (st == STATUS_OK && sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) !=
	                               SQLITE_OK)
		st = error_set(e, STATUS_STORE, NULL, "backup failed: %s", sqlite3_errmsg(dst));
	sqlite3_close(dst);
	if (st != STATUS_OK)
		unlink(out);
	return st;
}

enum status store_restore(struct store *s, const char *from, struct error *e)
{
	sqlite3 *src;
	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		enum status st = error_set(e, STATUS_IO, "backup", "%s: %s", from, sqlite3_errmsg(src));
		sqlite3_close(src);
		return st;
	}
	enum status st = copy_db(src, s->db, "restore", e);
	sqlite3_close(src);
	return st;
}
