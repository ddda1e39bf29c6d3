#include "list.h"

#include <stdlib.h>
#include <string.h>

const char *const list_status_key[] = {"draft", "confirmed", "published", "superseded"};
const char *const list_status_name[] = {"草稿", "已确认", "已发布", "已被取代"};

int list_status_from_key(const char *key)
{
	for (int i = 0; i <= LIST_SUPERSEDED; i++)
		if (strcmp(list_status_key[i], key) == 0)
			return i;
	return -1;
}

static int cmp_list_order(const void *a, const void *b)
{
	const struct task *x = a, *y = b;
	if (x->list_type != y->list_type)
		return (int)x->list_type - (int)y->list_type;
	if (x->category != y->category)
		return (int)x->category - (int)y->category;
	return strcmp(x->code, y->code);
}

void town_list_sort(struct town_list *l)
{
	if (l->cat.ntasks)
		qsort(l->cat.tasks, l->cat.ntasks, sizeof *l->cat.tasks, cmp_list_order);
}

void town_list_count(const struct town_list *l, size_t counts[LIST_TYPE_COUNT])
{
	memset(counts, 0, LIST_TYPE_COUNT * sizeof *counts);
	for (size_t i = 0; i < l->cat.ntasks; i++)
		counts[l->cat.tasks[i].list_type]++;
}

void town_list_free(struct town_list *l)
{
	catalog_free(&l->cat);
	memset(l, 0, sizeof *l);
}
