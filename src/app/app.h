/* app.h - the use cases: one function per action a user can take.
 *
 * Each runs as one transaction: it checks the core's rules, writes
 * through the store, and appends its audit entry, or writes nothing at
 * all.  The CLI and the web both call these, so they cannot disagree. */
#ifndef DUTYLIST_APP_H
#define DUTYLIST_APP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../core/catalog.h"
#include "../core/list.h"
#include "../store/store.h"
#include "../util/diag.h"
#include "../util/err.h"

/* Who acts: every write names its actor. */
struct actor {
	const char *name; /* "cli:root", a user name */
	const char *role; /* "cli", "office", "township", ... */
};

struct import_result {
	size_t towns, departments, bases, guides, days;
	size_t tasks_new, tasks_changed, tasks_unchanged;
	size_t lists_created; /* version 1 for towns that had no list */
};

/* Imports a parsed catalogue (rows carry their file and line): every row
 * is checked against the rules on the catalogue as it would be after the
 * import, and then all of it is written in one transaction, or, when any
 * rule is broken, nothing is written, every problem goes to d, and the
 * result is STATUS_INVALID.  Rows are upserted by code; nothing is
 * removed.  Each town that has no list yet gets version 1, published,
 * derived from applies_to; existing lists change only by procedure. */
enum status catalog_import(struct store *s, const struct actor *who, struct catalog *in,
                           const char *source, struct import_result *res, struct diag *d,
                           struct error *e) MUST_USE;

/* Creates the database file at path (refusing an existing file) with the
 * current schema and, unless empty, the demo catalogue embedded in the
 * binary, imported as by catalog_import.  On failure no file is left. */
enum status database_create(const char *path, bool empty, const struct actor *who,
                            struct import_result *res, struct diag *d,
                            struct error *e) MUST_USE;

/* The JSON view of a town's list: the object `list --json` prints and the
 * API serves.  The caller owns the returned reference. */
json_t *list_view(const struct town_list *l);

#endif
