/* list.h - one version of one town's duty list (一镇一单).
 *
 * A version is a set of task revisions: what each task said when the
 * version was made, so that a published version never changes when the
 * catalogue does. */
#ifndef DUTYLIST_CORE_LIST_H
#define DUTYLIST_CORE_LIST_H

#include "catalog.h"

enum list_status { LIST_DRAFT, LIST_CONFIRMED, LIST_PUBLISHED, LIST_SUPERSEDED };
extern const char *const list_status_key[];  /* "draft", ... as stored */
extern const char *const list_status_name[]; /* 草稿, 已确认, 已发布, 已废止 */
int list_status_from_key(const char *key);   /* -1 when unknown */

struct town_list {
	/* The town, the version's task revisions (in list order after
	 * town_list_sort) and the bases and departments they cite. */
	struct catalog cat;
	int64_t version_id;
	int version;
	enum list_status status;
	char created_at[32];
	char published_at[32]; /* "" until published */
};

/* Orders the tasks by part (基本, 配合, 收回), then category, then code. */
void town_list_sort(struct town_list *l);
/* The number of tasks in each part. */
void town_list_count(const struct town_list *l, size_t counts[LIST_TYPE_COUNT]);
void town_list_free(struct town_list *l);

#endif
