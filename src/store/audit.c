/* audit.c - the append-only audit log, chained by SHA-256.
 *
 * Entry n's hash is SHA-256 over entry n-1's hash and entry n's own
 * fields (its id included), each written as "<length>:<bytes>\n" so that
 * no two different entries have the same canonical form.  Deleting,
 * editing, inserting or reordering rows breaks the chain at that entry;
 * rewriting the whole chain changes the newest hash, which is why that
 * hash is meant to be printed and kept elsewhere. */
#include "internal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

/* Feeds "<length>:<bytes>\n" to the hash: no formatting, no buffer, as
 * verifying a million entries hashes nine fields each. */
static void canonical_field(crypto_hash_sha256_state *h, const char *v, size_t n)
{
	char digits[24];
	size_t k = sizeof digits, rest = n;
	digits[--k] = ':';
	do {
		digits[--k] = (char)('0' + rest % 10);
		rest /= 10;
	} while (rest);
	crypto_hash_sha256_update(h, (const unsigned char *)digits + k, sizeof digits - k);
	crypto_hash_sha256_update(h, (const unsigned char *)v, n);
	crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
}

#define NFIELDS 9 /* prev, id, at, actor, role, action, object, procedure, detail */

/* hex = SHA-256(canonical(prev, id, at, actor, role, action, object,
 * procedure, detail)); f[i] and n[i] are the fields and their lengths, the
 * id as decimal text. */
static void entry_hash(const char *const f[NFIELDS], const size_t n[NFIELDS],
                       char hex[HASH_HEX])
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (int i = 0; i < NFIELDS; i++) {
		canonical_field(&h, f[i], n[i]);
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(hex, HASH_HEX, digest, sizeof digest);
}

/* The fields of an entry, with lengths, in canonical order. */
static void entry_fields(const char *prev, const char *idtext, const char *at, const char *actor,
                         const char *role, const char *action, const char *object,
                         const char *procedure, const char *detail, const char *f[NFIELDS],
                         size_t n[NFIELDS])
{
	const char *v[NFIELDS] = {prev, idtext, at, actor, role, action, object, procedure, detail};
	for (int i = 0; i < NFIELDS; i++) {
		f[i] = v[i];
		n[i] = strlen(v[i]);
	}
}

enum status store_audit_append(struct store *s, const struct audit_entry *a, struct error *e)
{
	static const char last_sql[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	static const char insert_sql[] =
		"INSERT INTO audit (id, at, actor, role, action, object, procedure, detail, "
		"prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(s, last_sql, e);
	if (!st)
		return e->status;
	int64_t id = 1;
	char prev[HASH_HEX] = GENESIS_HASH;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "read of the audit log", e);

	char at[32], hash[HASH_HEX];
	store_now(at);
	const char *procedure = a->procedure ? a->procedure : "";
	const char *detail = a->detail ? a->detail : "{}";
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	const char *f[NFIELDS];
	size_t n[NFIELDS];
	entry_fields(prev, idtext, at, a->actor, a->role, a->action, a->object, procedure, detail, f,
	             n);
	entry_hash(f, n, hash);
	if (!(st = store_stmt(s, insert_sql, e)))
		return e->status;
	bind_int(st, 1, id);
	bind_text(st, 2, at);
	bind_text(st, 3, a->actor);
	bind_text(st, 4, a->role);
	bind_text(st, 5, a->action);
	bind_text(st, 6, a->object);
	bind_text(st, 7, procedure);
	bind_text(st, 8, detail);
	bind_text(st, 9, prev);
	bind_text(st, 10, hash);
	return store_step_done(s, st, "write of the audit log", e);
}

enum status store_audit_verify(struct store *s, struct diag *d, struct error *e)
{
	static const char sql[] = "SELECT id, at, actor, role, action, object, procedure, "
	                          "detail, prev_hash, hash FROM audit ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	char prev[HASH_HEX] = GENESIS_HASH, hash[HASH_HEX];
	int64_t expect = 1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *stored_prev = col_text(st, 8), *stored = col_text(st, 9);
		/* the fields as stored, with their lengths from SQLite */
		const char *f[NFIELDS];
		size_t n[NFIELDS];
		f[0] = prev;
		n[0] = HASH_HEX - 1;
		f[1] = col_text(st, 0); /* the id as text, as it was hashed */
		n[1] = (size_t)sqlite3_column_bytes(st, 0);
		for (int i = 1; i <= 7; i++) {
			f[i + 1] = col_text(st, i);
			n[i + 1] = (size_t)sqlite3_column_bytes(st, i);
		}
		entry_hash(f, n, hash);
		const char *why = NULL;
		if (id != expect)
			why = id > expect ? "entries before it are missing" : "its id is out of order";
		else if (strcmp(stored_prev, prev) != 0)
			why = "it does not follow the entry before it (an entry was removed, inserted "
			      "or moved)";
		else if (strcmp(stored, hash) != 0)
			why = "its content does not match its hash (it was edited)";
		if (why) {
			diag_add(d, NULL, 0, NULL, "audit chain broken at entry %lld: %s",
			         (long long)id, why);
			break;
		}
		memcpy(prev, hash, sizeof prev);
		expect = id + 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STATUS_OK
	                                             : store_fail(s, "read of the audit log", e);
}

enum status store_audit_head(struct store *s, int64_t *id, char hash[65], struct error *e)
{
	static const char sql[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	int rc = sqlite3_step(st);
	*id = 0;
	snprintf(hash, 65, "%s", GENESIS_HASH);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", col_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STATUS_OK
	                                             : store_fail(s, "read of the audit log", e);
}

enum status store_audit_each(struct store *s, int64_t after,
                             enum status (*fn)(void *ctx, json_t *entry), void *ctx,
                             struct error *e)
{
	static const char *const names[] = {"id", "at", "actor", "role", "action", "object",
	                                    "procedure", "detail", "prev_hash", "hash", NULL};
	static const char sql[] = "SELECT id, at, actor, role, action, object, procedure, detail, "
	                          "prev_hash, hash FROM audit WHERE id > ? ORDER BY id LIMIT 1000";
	/* in pages of 1000, so a long log never sits in memory whole */
	for (;;) {
		sqlite3_stmt *st = store_stmt(s, sql, e);
		if (!st)
			return e->status;
		bind_int(st, 1, after);
		json_t *rows;
		enum status status = store_rows_json(s, st, names, &rows, "read of the audit log", e);
		if (status != STATUS_OK)
			return status;
		size_t n = json_array_size(rows), i;
		json_t *row;
		json_array_foreach(rows, i, row) {
			if (status == STATUS_OK)
				status = fn(ctx, row);
			after = json_integer_value(json_object_get(row, "id"));
		}
		json_decref(rows);
		if (status != STATUS_OK || n < 1000)
			return status;
	}
}

enum status store_audit_find(struct store *s, const char *object, const char *actor,
                             const char *action, int64_t before, int limit, json_t **out,
                             struct error *e)
{
	static const char *const names[] = {"id", "at", "actor", "role", "action", "object",
	                                    "procedure", "detail", "hash", NULL};
	/* object matches exactly or as a prefix ("town:" for every town) */
	static const char sql[] =
		"SELECT id, at, actor, role, action, object, procedure, detail, hash FROM audit "
		"WHERE (?1 = '' OR object = ?1 OR (substr(?1, -1) = ':' AND substr(object, 1, "
		"length(?1)) = ?1)) AND (?2 = '' OR actor = ?2) AND (?3 = '' OR action = ?3 OR "
		"substr(action, 1, length(?3) + 1) = ?3 || '.') AND (?4 = 0 OR id < ?4) "
		"ORDER BY id DESC LIMIT ?5";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return e->status;
	bind_text(st, 1, object ? object : "");
	bind_text(st, 2, actor ? actor : "");
	bind_text(st, 3, action ? action : "");
	bind_int(st, 4, before);
	bind_int(st, 5, limit);
	return store_rows_json(s, st, names, out, "read of the audit log", e);
}
