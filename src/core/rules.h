/* rules.h - the rules a catalogue must keep (职责法定 and its references).
 *
 * The rules are checked on the whole catalogue as it would be after an
 * import: what the store holds with the imported rows laid over it.  A
 * broken rule is reported at the line of the imported row that breaks it,
 * or, when a stored row is broken by an imported one (a basis repealed
 * under a task), at the line of the imported row that caused it. */
#ifndef DUTYLIST_CORE_RULES_H
#define DUTYLIST_CORE_RULES_H

#include "catalog.h"

/* Sorted views of a catalogue by code, for lookups; they point into the
 * catalogue and are valid while it is not added to.  catalog_index_free
 * releases only the views. */
struct catalog_index {
	const struct town **towns;
	const struct department **departments;
	const struct basis **bases;
	const struct task **tasks;
	size_t ntowns, ndepartments, nbases, ntasks;
};

void catalog_index_build(struct catalog_index *ix, const struct catalog *c);
void catalog_index_free(struct catalog_index *ix);
const struct town *index_town(const struct catalog_index *ix, const char *code);
const struct department *index_department(const struct catalog_index *ix, const char *code);
const struct basis *index_basis(const struct catalog_index *ix, const char *code);
const struct task *index_task(const struct catalog_index *ix, const char *code);

/* Reports every code that appears twice in the same file of `c`. */
void catalog_check_duplicates(const struct catalog *c, struct diag *d);

/* Lays `over` on `base` by code: a row of `over` replaces the row with its
 * code in `base` (keeping the store ids), or is appended.  Strings are
 * shared, not copied: `over` must outlive `base`'s use. */
void catalog_overlay(struct catalog *base, const struct catalog *over);

/* Checks every rule across the catalogue; reports each broken one. */
void catalog_validate(const struct catalog *c, struct diag *d);

/* True when at least one basis the task cites is in force (现行有效). */
bool task_has_basis_in_force(const struct task *t, const struct catalog_index *ix);

#endif
