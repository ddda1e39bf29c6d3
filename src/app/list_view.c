/* list_view.c - the JSON view of a town's list (see app.h). */
#include "app.h"

#include "../core/rules.h"
#include "../util/buf.h"

static json_t *bases_view(const struct task *t, const struct catalog_index *ix)
{
	json_t *bases = json_array();
	for (size_t i = 0; i < t->nbases; i++) {
		const struct basis *b = index_basis(ix, t->bases[i].basis);
		json_array_append_new(bases, json_pack("{s:s, s:s, s:s, s:s}", "code",
		                                       t->bases[i].basis, "title",
		                                       b ? b->title : "", "article",
		                                       t->bases[i].article, "status",
		                                       b ? b->status : ""));
	}
	return bases;
}

json_t *list_view(const struct town_list *l)
{
	const struct catalog *c = &l->cat;
	const struct town *town = &c->towns[0];
	struct catalog_index ix;
	catalog_index_build(&ix, c);
	json_t *items = json_array();
	for (size_t i = 0; i < c->ntasks; i++) {
		const struct task *t = &c->tasks[i];
		const struct department *lead = index_department(&ix, t->lead_department);
		json_t *item = json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "code", t->code,
			"category", category_info[t->category].name, "duty", t->duty, "name", t->name,
			"list_type", list_type_info[t->list_type].name, "lead_department",
			t->lead_department, "lead_department_name", lead ? lead->name : "",
			"township_part", t->township_part, "department_part", t->department_part,
			"public_service", t->public_service);
		json_object_set_new(item, "bases", bases_view(t, &ix));
		json_array_append_new(items, item);
	}
	catalog_index_free(&ix);
	size_t counts[LIST_TYPE_COUNT];
	town_list_count(l, counts);
	json_t *by_part = json_object();
	for (int p = 0; p < LIST_TYPE_COUNT; p++)
		json_object_set_new(by_part, list_type_info[p].name, json_integer((json_int_t)counts[p]));
	return json_pack("{s:{s:s, s:s}, s:i, s:s, s:s, s:s*, s:I, s:o, s:o}", "town", "code",
	                 town->code, "name", town->name, "version", l->version, "status",
	                 list_status_key[l->status], "created_at", l->created_at, "published_at",
	                 *l->published_at ? l->published_at : NULL, "total",
	                 (json_int_t)c->ntasks, "counts", by_part, "items", items);
}
