/* internal.h - what the use cases share among themselves. */
#ifndef DUTYLIST_APP_INTERNAL_H
#define DUTYLIST_APP_INTERNAL_H

#include "app.h"

#include "../core/user.h"

#define TASK_FILE "tasks.csv"

/* The role a use case sees: the command line ("cli") acts as the office. */
enum role app_role(const struct actor *who);
/* The end of a write: commit when st is OK, else (or when the commit
 * fails) roll back; returns the outcome. */
enum status app_finish(struct store *s, enum status st, struct error *e) MUST_USE;
#define TASK_FIELDS 12

/* The task as proposed: `base` (a row in exchange text, or NULL) with the
 * payload's fields laid over it, parsed and checked against the catalogue
 * as an import would be (职责法定 included).  On success the task is in
 * `out` (one task); problems go to d and the first is in e. */
enum status task_proposed(struct store *s, const char *const *base, const json_t *payload,
                          const char *code, struct catalog *out, struct diag *d,
                          struct error *e) MUST_USE;
/* The task's row on a version of a town's list, in exchange text (strings
 * in a), or *row NULL when it is not on it. */
enum status task_row_on_version(struct store *s, const char *town, int version,
                                const char *code, struct arena *a, const char ***row,
                                struct error *e) MUST_USE;
/* Applies add, remove, move or change of task `code` to a version of a
 * town's list: a new task enters the catalogue; a move or change is a
 * revision for this list alone. */
enum status list_change(struct store *s, int64_t version_id, const char *town, int version,
                        const char *action, const char *code, const json_t *payload,
                        struct error *e) MUST_USE;

/* admission_submit's checks and writes inside the caller's transaction,
 * for `department` (a notice's finding turned into a request, app/notice.c). */
enum status admission_submit_in(struct store *s, const struct actor *who,
                                const char *department, const char *code,
                                const json_t *payload, const json_t *resources, int64_t *id,
                                json_t **similar, struct diag *d, struct error *e) MUST_USE;

#endif
