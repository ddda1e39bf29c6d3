/* catalog_import.c - the import use case (see app.h). */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "../core/rules.h"
#include "../util/buf.h"

/* Marks which imported tasks say something new, compared with the store:
 * an unchanged task keeps its revision. */
static bool *tasks_changed(const struct catalog *stored, const struct catalog *in,
                           struct import_result *res)
{
	struct catalog_index ix;
	catalog_index_build(&ix, stored);
	bool *changed = xcalloc(in->ntasks ? in->ntasks : 1, sizeof *changed);
	for (size_t i = 0; i < in->ntasks; i++) {
		const struct task *old = index_task(&ix, in->tasks[i].code);
		changed[i] = !old || !task_same_content(old, &in->tasks[i]);
		if (!old)
			res->tasks_new++;
		else if (changed[i])
			res->tasks_changed++;
		else
			res->tasks_unchanged++;
	}
	catalog_index_free(&ix);
	return changed;
}

/* Version 1 of the list of each town that has none, from applies_to. */
static enum status create_first_lists(struct store *s, const struct actor *who,
                                      const struct catalog *c, struct import_result *res,
                                      struct error *e)
{
	enum status st = STATUS_OK;
	for (size_t i = 0; i < c->ntowns && st == STATUS_OK; i++) {
		const struct town *t = &c->towns[i];
		bool has;
		if ((st = store_list_exists(s, t->id, &has, e)) != STATUS_OK || has)
			continue;
		int64_t version_id;
		int version;
		st = store_list_create(s, t->id, LIST_PUBLISHED, "import", &version_id, &version, e);
		size_t items = 0;
		for (size_t j = 0; j < c->ntasks && st == STATUS_OK; j++) {
			if (!task_applies_to(&c->tasks[j], t))
				continue;
			st = store_list_add(s, version_id, c->tasks[j].rev_id, e);
			items++;
		}
		if (st != STATUS_OK)
			break;
		char object[64];
		snprintf(object, sizeof object, "town:%s", t->code);
		st = app_audit(s, who, "list.create", object,
		           json_pack("{s:i, s:s, s:I}", "version", version, "status", "published",
		                     "items", (json_int_t)items),
		           e);
		res->lists_created++;
	}
	return st;
}

/* Writes the imported rows (those with a source file) of the merged
 * catalogue, which then holds every row's store id. */
static enum status write_rows(struct store *s, struct catalog *m, const bool *changed,
                              const struct catalog *in, struct error *e)
{
	enum status st = STATUS_OK;
	for (size_t i = 0; i < m->ntowns && st == STATUS_OK; i++)
		if (m->towns[i].src.file)
			st = store_town_put(s, &m->towns[i], e);
	for (size_t i = 0; i < m->ndepartments && st == STATUS_OK; i++)
		if (m->departments[i].src.file)
			st = store_department_put(s, &m->departments[i], e);
	for (size_t i = 0; i < m->nbases && st == STATUS_OK; i++)
		if (m->bases[i].src.file)
			st = store_basis_put(s, &m->bases[i], e);
	/* The imported tasks are in m with their codes; find each one's
	 * change flag by its position in the import. */
	struct catalog_index ix;
	catalog_index_build(&ix, in);
	for (size_t i = 0; i < m->ntasks && st == STATUS_OK; i++) {
		struct task *t = &m->tasks[i];
		if (!t->src.file)
			continue;
		const struct task *orig = index_task(&ix, t->code);
		if (orig && changed[orig - in->tasks])
			st = store_task_put(s, t, e);
	}
	catalog_index_free(&ix);
	for (size_t i = 0; i < m->nguides && st == STATUS_OK; i++)
		if (m->guides[i].src.file)
			st = store_guide_put(s, &m->guides[i], e);
	for (size_t i = 0; i < m->ncalendar && st == STATUS_OK; i++)
		if (m->calendar[i].src.file)
			st = store_calendar_put(s, &m->calendar[i], e);
	return st;
}

/* Refuses a create of a code that exists, or an update of one that does
 * not: an edit names exactly one row. */
static enum status check_edit_mode(const struct catalog *stored, const struct catalog *in,
                                   enum edit_mode mode, struct error *e)
{
	if (mode == EDIT_UPSERT)
		return STATUS_OK;
	struct catalog_index ix;
	catalog_index_build(&ix, stored);
	const char *kind = NULL, *code = NULL;
	bool exists = false;
	if (in->ntasks) {
		kind = "task";
		code = in->tasks[0].code;
		exists = index_task(&ix, code) != NULL;
	} else if (in->nbases) {
		kind = "basis";
		code = in->bases[0].code;
		exists = index_basis(&ix, code) != NULL;
	} else if (in->ndepartments) {
		kind = "department";
		code = in->departments[0].code;
		exists = index_department(&ix, code) != NULL;
	} else if (in->ntowns) {
		kind = "town";
		code = in->towns[0].code;
		exists = index_town(&ix, code) != NULL;
	}
	catalog_index_free(&ix);
	if (!kind)
		return error_set(e, STATUS_INVALID, NULL, "nothing to write");
	if (mode == EDIT_CREATE && exists)
		return error_set(e, STATUS_CONFLICT, "code", "%s %s already exists", kind, code);
	if (mode == EDIT_UPDATE && !exists)
		return error_set(e, STATUS_NOT_FOUND, "code", "%s %s does not exist", kind, code);
	return STATUS_OK;
}

enum status catalog_write(struct store *s, const struct actor *who, struct catalog *in,
                          enum edit_mode mode, const char *action, const char *object,
                          const char *source, struct import_result *res, struct diag *d,
                          struct error *e)
{
	memset(res, 0, sizeof *res);
	catalog_check_duplicates(in, d);
	if (d->n)
		return error_set(e, STATUS_INVALID, NULL, "%zu errors", d->n);

	struct catalog merged = {0};
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	/* Read inside the write transaction: nobody changes the catalogue
	 * between the check and the write. */
	if ((st = store_catalog_load(s, &merged, e)) != STATUS_OK) {
		store_rollback(s);
		catalog_free(&merged);
		return st;
	}
	bool *changed = NULL;
	if ((st = check_edit_mode(&merged, in, mode, e)) != STATUS_OK)
		goto done;
	changed = tasks_changed(&merged, in, res);
	catalog_overlay(&merged, in);
	catalog_validate(&merged, d);
	if (d->n) {
		st = error_set(e, STATUS_INVALID, NULL, "%zu errors", d->n);
		goto done;
	}
	res->towns = in->ntowns;
	res->departments = in->ndepartments;
	res->bases = in->nbases;
	res->guides = in->nguides;
	res->days = in->ncalendar;
	st = write_rows(s, &merged, changed, in, e);
	if (st == STATUS_OK)
		st = create_first_lists(s, who, &merged, res, e);
	if (st == STATUS_OK)
		st = app_audit(s, who, action, object,
		               json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "source",
		                         source, "towns", (json_int_t)res->towns, "departments",
		                         (json_int_t)res->departments, "bases", (json_int_t)res->bases,
		                         "tasks_new", (json_int_t)res->tasks_new, "tasks_changed",
		                         (json_int_t)res->tasks_changed, "tasks_unchanged",
		                         (json_int_t)res->tasks_unchanged, "guides",
		                         (json_int_t)res->guides, "calendar_days",
		                         (json_int_t)res->days, "lists_created",
		                         (json_int_t)res->lists_created),
		               e);
	if (st == STATUS_OK)
		st = store_commit(s, e);
done:
	if (st != STATUS_OK)
		store_rollback(s);
	free(changed);
	catalog_free(&merged);
	return st;
}

enum status catalog_import(struct store *s, const struct actor *who, struct catalog *in,
                           const char *source, struct import_result *res, struct diag *d,
                           struct error *e)
{
	return catalog_write(s, who, in, EDIT_UPSERT, "catalog.import", "catalog", source, res, d,
	                     e);
}
