/* view.c - see view.h. */
#include "view.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "../util/json.h"
#include "render.h"

json_t *view_page(const struct request *req, const char *key, json_t *all)
{
	long long limit = req_int(req, "limit", PAGE_DEFAULT);
	assert(limit > 0); /* the router checked it */
	const char *cursor = req_text(req, "cursor");
	json_t *page = json_array();
	const char *next = NULL;
	size_t i;
	json_t *item;
	json_array_foreach(all, i, item) {
		const char *code = json_string_value(json_object_get(item, "code"));
		if (cursor && code && strcmp(code, cursor) <= 0)
			continue;
		if ((long long)json_array_size(page) == limit) {
			next = json_string_value(json_object_get(json_array_get(page, (size_t)limit - 1),
			                                         "code"));
			break;
		}
		json_array_append(page, item);
	}
	json_t *out = json_pack("{s:o, s:o}", key, page, "next_cursor",
	                        next ? json_string(next) : json_null());
	json_decref(all);
	return out;
}

void view_label(const struct request *req, json_t *o, const char *key, const char *prefix)
{
	char name[64], msg[96];
	snprintf(name, sizeof name, "%s_label", key);
	snprintf(msg, sizeof msg, "%s_%s", prefix, json_text(o, key));
	json_t *m = json_object_get(render_messages(req->lang), msg);
	json_object_set_new(o, name, m ? json_incref(m) : json_string(json_text(o, key)));
}

json_t *view_basis(const struct basis *b)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "code", b->code, "kind",
	                 b->kind, "title", b->title, "doc_no", b->doc_no, "issuer", b->issuer,
	                 "level", b->level, "effective_date", b->effective_date, "status",
	                 b->status, "in_force", strcmp(b->status, BASIS_IN_FORCE) == 0);
}

json_t *view_department(const struct department *d)
{
	return json_pack("{s:s, s:s, s:s}", "code", d->code, "name", d->name, "dispatched_agency",
	                 d->dispatched_agency);
}

json_t *view_task_brief(const struct task *t, const struct catalog_index *ix)
{
	const struct department *lead = index_department(ix, t->lead_department);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "code", t->code,
	                 "category", category_info[t->category].name, "duty", t->duty, "name",
	                 t->name, "list_type", list_type_info[t->list_type].name, "list_type_key",
	                 list_type_info[t->list_type].key, "lead_department", t->lead_department,
	                 "lead_department_name", lead ? lead->name : "", "public_service",
	                 t->public_service);
}

json_t *view_task(const struct task *t, const struct catalog_index *ix)
{
	json_t *v = view_task_brief(t, ix);
	json_object_set_new(v, "township_part", json_string(t->township_part));
	json_object_set_new(v, "department_part", json_string(t->department_part));
	struct buf applies = {0};
	applies_format(t->applies, t->napplies, &applies);
	json_object_set_new(v, "applies_to", json_string(buf_str(&applies)));
	buf_free(&applies);
	json_t *bases = json_array();
	for (size_t i = 0; i < t->nbases; i++) {
		const struct basis *b = index_basis(ix, t->bases[i].basis);
		json_t *bv = b ? view_basis(b) : json_pack("{s:s}", "code", t->bases[i].basis);
		json_object_set_new(bv, "article", json_string(t->bases[i].article));
		json_array_append_new(bases, bv);
	}
	json_object_set_new(v, "bases", bases);
	json_t *keywords = json_array();
	for (size_t i = 0; i < t->nkeywords; i++)
		json_array_append_new(keywords, json_string(t->keywords[i]));
	json_object_set_new(v, "keywords", keywords);
	return v;
}
