/* change.c - what the use cases share: the actor's role, the end of a
 * write, and changes to one version of a town's list, shared by review
 * rounds and adjustments: a proposed task checked as an import row would
 * be, a task's row on a version, and applying an add, remove, move or
 * change to a version. */
#include "internal.h"

#include <string.h>

#include "../core/rules.h"
#include "../io/catalog_csv.h"

/* The task as proposed: `base` (a row in exchange text, or NULL) with the
 * payload's fields laid over it, parsed and checked against the catalogue
 * as an import would be.  On success the task is in `out` (one task). */
enum role app_role(const struct actor *who)
{
	if (strcmp(who->role, "cli") == 0)
		return ROLE_OFFICE;
	int r = role_from_key(who->role);
	return r < 0 ? ROLE_PUBLIC : (enum role)r;
}

enum status app_finish(struct store *s, enum status st, struct error *e)
{
	if (st == STATUS_OK)
		st = store_commit(s, e);
	if (st != STATUS_OK)
		store_rollback(s);
	return st;
}

enum status task_proposed(struct store *s, const char *const *base, const json_t *payload,
                                 const char *code, struct catalog *out, struct diag *d,
                                 struct error *e)
{
	const char *const *cols = catalog_csv_columns(TASK_FILE);
	const char *fields[TASK_FIELDS] = {0};
	for (size_t i = 0; i < TASK_FIELDS; i++) {
		json_t *v = json_object_get(payload, cols[i]);
		if (json_is_string(v))
			fields[i] = json_string_value(v);
		else if (json_is_boolean(v))
			fields[i] = json_is_true(v) ? "是" : "否";
		else if (base)
			fields[i] = base[i];
		else if (strcmp(cols[i], "public_service") == 0)
			fields[i] = "否"; /* not said: not a public-service item */
	}
	fields[0] = code;
	catalog_csv_row(out, TASK_FILE, fields, "", d);
	if (d->n)
		return error_set(e, STATUS_INVALID, "fields", "%s", d->lines[0]);
	struct catalog merged = {0};
	enum status st = store_catalog_load(s, &merged, e);
	if (st == STATUS_OK) {
		catalog_overlay(&merged, out);
		catalog_validate(&merged, d);
		if (d->n)
			st = error_set(e, STATUS_INVALID, "fields", "%s", d->lines[0]);
	}
	catalog_free(&merged);
	return st;
}

/* The task's row on a version of a town's list, in exchange text (the
 * strings live in `a`), or NULL when it is not on it. */
enum status task_row_on_version(struct store *s, const char *town, int version,
                                  const char *code, struct arena *a, const char ***row,
                                  struct error *e)
{
	struct town_list l;
	*row = NULL;
	enum status st = store_list_load(s, town, version, &l, e);
	if (st != STATUS_OK)
		return st;
	for (size_t i = 0; i < l.cat.ntasks; i++) {
		if (strcmp(l.cat.tasks[i].code, code) != 0)
			continue;
		const char **f = arena_alloc(a, TASK_FIELDS * sizeof *f);
		catalog_csv_fields(&l.cat, TASK_FILE, i, a, f);
		for (size_t j = 0; j < TASK_FIELDS; j++)
			f[j] = arena_strdup(a, f[j]);
		*row = f;
		break;
	}
	town_list_free(&l);
	return STATUS_OK;
}

enum status list_change(struct store *s, int64_t version_id, const char *town, int version,
                        const char *action, const char *code, const json_t *payload,
                        struct error *e)
{
	int64_t rev = 0;
	enum status st = store_list_item_rev(s, version_id, code, &rev, e);
	if (st != STATUS_OK)
		return st;
	if (strcmp(action, "remove") == 0)
		return rev ? store_list_drop(s, version_id, rev, e) : STATUS_OK;
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK)
		return st;
	const struct task *known = index_task(ix, code);
	int64_t known_rev = known ? known->rev_id : 0;
	struct catalog t = {0};
	struct diag d = {0};
	struct arena a = {0};
	if (strcmp(action, "add") == 0) {
		if (rev) /* already there (another proposal of a group) */
			goto out;
		if (!known) { /* a task new to the catalogue enters it */
			st = task_proposed(s, NULL, payload, code, &t, &d, e);
			if (st == STATUS_OK)
				st = store_task_revise(s, &t.tasks[0], true, e);
			if (st == STATUS_OK)
				st = store_list_add(s, version_id, t.tasks[0].rev_id, e);
		} else {
			st = store_list_add(s, version_id, known_rev, e);
		}
		goto out;
	}
	/* move or change: a revision of the task for this town's list */
	const char **row;
	st = task_row_on_version(s, town, version, code, &a, &row, e);
	if (st == STATUS_OK && !row)
		st = error_set(e, STATUS_CONFLICT, "task", "%s is no longer on the list of %s", code,
		               town);
	if (st == STATUS_OK)
		st = task_proposed(s, row, payload, code, &t, &d, e);
	if (st == STATUS_OK)
		st = store_task_revise(s, &t.tasks[0], false, e);
	if (st == STATUS_OK)
		st = store_list_drop(s, version_id, rev, e);
	if (st == STATUS_OK)
		st = store_list_add(s, version_id, t.tasks[0].rev_id, e);
out:
	catalog_free(&t);
	diag_free(&d);
	arena_free(&a);
	return st;
}
