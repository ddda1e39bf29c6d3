/* view.h - helpers the handlers share to build view models. */
#ifndef DUTYLIST_WEB_VIEW_H
#define DUTYLIST_WEB_VIEW_H

#include "../core/rules.h"
#include "web.h"

#define PAGE_DEFAULT 100
#define PAGE_MAX 1000

/* The paging parameters every list route declares. */
#define PAGING_PARAMS                                                                      \
	{"limit", IN_QUERY, PARAM_COUNT, false, PAGE_MAX, "items per page (default 100)"},  \
	{"cursor", IN_QUERY, PARAM_CODE, false, 0, "the next_cursor of the previous page"}

/* Takes the reference to `all` (objects sorted by "code") and returns an
 * object {key: the page, "next_cursor": code or null}, the page being the
 * items after the request's cursor, at most its limit. */
json_t *view_page(const struct request *req, const char *key, json_t *all);

/* Sets o["KEY_label"] to the message "PREFIX_VALUE" of the page's language
 * (KEY's value itself when there is no such message): states and kinds
 * shown in words. */
void view_label(const struct request *req, json_t *o, const char *key, const char *prefix);

/* The JSON of catalogue rows. */
json_t *view_task_brief(const struct task *t, const struct catalog_index *ix);
json_t *view_task(const struct task *t, const struct catalog_index *ix);
json_t *view_basis(const struct basis *b);
json_t *view_department(const struct department *d);

#endif
