/* town.c - towns and their lists (一镇一单): the home page, a town's
 * profile and its list in force or any version. */
#include <stdlib.h>
#include <string.h>

#include "../io/list_xlsx.h"
#include "render.h"
#include "view.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* GET /api/v1/towns, and the home page: every town with its list sizes. */
static enum status towns(struct request *req, struct response *res, struct error *e)
{
	json_t *all;
	enum status st = store_town_summaries(req->store, NULL, &all, e);
	if (st != STATUS_OK)
		return st;
	res->model = view_page(req, "towns", all);
	return STATUS_OK;
}

static enum status town(struct request *req, struct response *res, struct error *e)
{
	const char *code = req_text(req, "code");
	json_t *all;
	enum status st = store_town_summaries(req->store, code, &all, e);
	if (st != STATUS_OK)
		return st;
	if (json_array_size(all) == 0) {
		json_decref(all);
		return error_set(e, STATUS_NOT_FOUND, "code", "town %s does not exist", code);
	}
	res->model = json_incref(json_array_get(all, 0));
	json_decref(all);
	return STATUS_OK;
}

/* Adds to the list view what the page needs: items grouped by part and
 * category, filtered by the page's filters. */
static void group_for_page(json_t *view, const char *part_filter, const char *category,
                           const char *q)
{
	json_t *parts = json_array();
	for (int p = 0; p < LIST_TYPE_COUNT; p++) {
		if (part_filter && strcmp(part_filter, list_type_info[p].key) != 0)
			continue;
		json_t *cats = json_array();
		size_t shown = 0;
		for (int c = 0; c < CATEGORY_COUNT; c++) {
			if (category && strcmp(category, category_info[c].prefix) != 0)
				continue;
			json_t *items = json_array();
			size_t i;
			json_t *item;
			json_array_foreach(json_object_get(view, "items"), i, item) {
				if (strcmp(json_string_value(json_object_get(item, "list_type")),
				           list_type_info[p].name) != 0 ||
				    strcmp(json_string_value(json_object_get(item, "category")),
				           category_info[c].name) != 0)
					continue;
				if (q && *q && !strstr(json_string_value(json_object_get(item, "name")), q) &&
				    !strstr(json_string_value(json_object_get(item, "duty")), q))
					continue;
				json_array_append(items, item);
			}
			if (json_array_size(items) == 0) {
				json_decref(items);
				continue;
			}
			shown += json_array_size(items);
			json_array_append_new(cats, json_pack("{s:s, s:s, s:s, s:o, s:I}", "name",
			                                      category_info[c].name, "name_en",
			                                      category_info[c].name_en, "prefix",
			                                      category_info[c].prefix, "items", items,
			                                      "count", (json_int_t)json_array_size(items)));
		}
		json_array_append_new(parts, json_pack("{s:s, s:s, s:s, s:b, s:o, s:I}", "name",
		                                       list_type_info[p].name, "name_en",
		                                       list_type_info[p].name_en, "key",
		                                       list_type_info[p].key, "basic", p == LIST_BASIC,
		                                       "categories", cats, "count",
		                                       (json_int_t)shown));
	}
	json_object_set_new(view, "parts", parts);
	size_t shown = 0;
	size_t i;
	json_t *part;
	json_array_foreach(parts, i, part) shown += (size_t)json_integer_value(json_object_get(part, "count"));
	bool filtered = part_filter || category || (q && *q);
	json_object_set_new(view, "shown", json_integer((json_int_t)shown));
	json_object_set_new(view, "filtered", json_boolean(filtered));
	json_object_set_new(view, "nothing", json_boolean(filtered && shown == 0));
	json_t *filters = json_pack("{s:s, s:s, s:s}", "part", part_filter ? part_filter : "", "category",
	                            category ? category : "", "q", q ? q : "");
	json_t *cat_options = json_array();
	for (int c = 0; c < CATEGORY_COUNT; c++)
		json_array_append_new(cat_options,
		                      json_pack("{s:s, s:s, s:b}", "prefix", category_info[c].prefix,
		                                "name", category_info[c].name, "selected",
		                                category && strcmp(category, category_info[c].prefix) == 0));
	json_object_set_new(filters, "categories", cat_options);
	json_t *part_options = json_array();
	for (int p = 0; p < LIST_TYPE_COUNT; p++)
		json_array_append_new(part_options,
		                      json_pack("{s:s, s:s, s:b}", "key", list_type_info[p].key, "name",
		                                list_type_info[p].name, "selected",
		                                part_filter && strcmp(part_filter, list_type_info[p].key) == 0));
	json_object_set_new(filters, "parts", part_options);
	json_object_set_new(view, "filters", filters);
}

/* Loads the version of the town's list the request asks for (the one in
 * force, ?version=N or ?at=DATE), as the caller may see it: drafts are
 * for the office and the town concerned, not the public. */
static enum status load_list(struct request *req, struct town_list *out, struct error *e)
{
	struct town_list l;
	int version = (int)req_int(req, "version", 0);
	const char *at = req_text(req, "at");
	if (at && version)
		return error_set(e, STATUS_INVALID, "at", "ask for a version or a date, not both");
	if (at) {
		enum status vs = store_list_version_at(req->store, req_text(req, "code"), at, &version, e);
		if (vs != STATUS_OK)
			return vs;
	}
	enum status st = store_list_load(req->store, req_text(req, "code"), version, &l, e);
	if (st != STATUS_OK)
		return st;
	/* Drafts are for the office and the town concerned, not the public. */
	const struct user *u = req->user;
	bool may_see_draft = u && (u->role == ROLE_OFFICE || u->role == ROLE_ADMIN ||
	                           u->role == ROLE_SUPERVISOR ||
	                           (u->role == ROLE_TOWNSHIP &&
	                            strcmp(u->town, req_text(req, "code")) == 0));
	if ((l.status == LIST_DRAFT || l.status == LIST_CONFIRMED) && !may_see_draft) {
		town_list_free(&l);
		return error_set(e, STATUS_NOT_FOUND, "version", "%s has no list version %lld",
		                 req_text(req, "code"), req_int(req, "version", 0));
	}
	*out = l;
	return STATUS_OK;
}

/* GET /api/v1/towns/{code}/list and the town's page: the list in force,
 * or ?version=N.  Also the print view (/towns/{code}/print), the same
 * model in a page made for paper. */
static enum status town_list(struct request *req, struct response *res, struct error *e)
{
	struct town_list l;
	enum status st = load_list(req, &l, e);
	if (st != STATUS_OK)
		return st;
	res->model = list_view(&l);
	if (!req->api) {
		/* what a reader wants: the status in words, the time to the minute */
		char key[32], when[20] = "";
		snprintf(key, sizeof key, "st_%s", list_status_key[l.status]);
		json_object_set(res->model, "status_label",
		                json_object_get(render_messages(req->lang), key));
		if (l.published_at[0])
			snprintf(when, sizeof when, "%.10s %.5s", l.published_at, l.published_at + 11);
		json_object_set_new(res->model, "published_when", json_string(when));
	}
	town_list_free(&l);
	if (!req->api)
		group_for_page(res->model, req_text(req, "part"), req_text(req, "category"),
		               req_text(req, "q"));
	return STATUS_OK;
}

/* Numbers the items of each part 1, 2, ... (序号 of the printed list). */
static void number_items(json_t *view)
{
	size_t i, j, k;
	json_t *part, *cat, *item;
	json_array_foreach(json_object_get(view, "parts"), i, part) {
		json_int_t n = 0;
		json_array_foreach(json_object_get(part, "categories"), j, cat) {
			json_t *items = json_object_get(cat, "items");
			json_array_foreach(items, k, item) {
				json_object_set_new(item, "n", json_integer(++n));
				/* the category cell spans its rows, as in the workbook */
				if (k == 0)
					json_object_set_new(item, "cat_rows",
					                    json_integer((json_int_t)json_array_size(items)));
			}
		}
	}
}

/* GET /towns/{code}/print: the list on paper, for public posting (公示):
 * A4 landscape, the town, version and date in the table head that the
 * browser repeats on every page, page numbers in the page margin. */
static enum status town_print(struct request *req, struct response *res, struct error *e)
{
	enum status st = town_list(req, res, e);
	if (st == STATUS_OK)
		number_items(res->model);
	return st;
}

/* GET /api/v1/towns/{code}/list.xlsx and /towns/{code}/list.xlsx: the
 * list as a workbook for posting (io/list_xlsx.h), the same version and
 * the same visibility as the list itself. */
static enum status town_list_xlsx(struct request *req, struct response *res, struct error *e)
{
	struct town_list l;
	enum status st = load_list(req, &l, e);
	if (st != STATUS_OK)
		return st;
	char *data;
	size_t len;
	st = list_xlsx_bytes(&l, &data, &len, e);
	if (st == STATUS_OK) {
		buf_append(&res->body, data, len);
		free(data);
		res->content_type = XLSX_TYPE;
		/* ASCII only: a Chinese name would need RFC 5987 encoding */
		static _Thread_local char name[64];
		snprintf(name, sizeof name, "list-%s-v%d.xlsx", l.cat.towns[0].code, l.version);
		res->download = name;
	}
	town_list_free(&l);
	return st;
}

static const struct param page_params[] = {PAGING_PARAMS, {0}};
static const struct param code_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the town's 9-digit code"},
	{0},
};
static const struct param list_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the town's 9-digit code"},
	{"version", IN_QUERY, PARAM_COUNT, false, 1000000, "a version instead of the one in force"},
	{"at", IN_QUERY, PARAM_DATE, false, 0, "the version in force on that date (YYYY-MM-DD)"},
	{"part", IN_QUERY, PARAM_CODE, false, 0, "page filter: basic, assist or reclaimed"},
	{"category", IN_QUERY, PARAM_CODE, false, 0, "page filter: DJ, JJ, ZL, WH, ST or GF"},
	{"q", IN_QUERY, PARAM_TEXT, false, 100, "page filter: words in the name or duty"},
	{0},
};

static const struct param xlsx_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the town's 9-digit code"},
	{"version", IN_QUERY, PARAM_COUNT, false, 1000000, "a version instead of the one in force"},
	{"at", IN_QUERY, PARAM_DATE, false, 0, "the version in force on that date (YYYY-MM-DD)"},
	{0},
};

const struct route town_routes[] = {
	{"GET", "/towns", "/", MAY_ANYONE, NULL, page_params, "home",
	 "Towns with the sizes of their lists in force", towns},
	{"GET", "/towns/{code}", NULL, MAY_ANYONE, NULL, code_params, NULL,
	 "A town's profile and list sizes", town},
	{"GET", "/towns/{code}/list", "/towns/{code}", MAY_ANYONE, NULL, list_params, "town",
	 "A town's list (一镇一单): the version in force, or ?version=N", town_list},
	{"GET", "/towns/{code}/list.xlsx", "/towns/{code}/list.xlsx", MAY_ANYONE, NULL,
	 xlsx_params, NULL,
	 "A town's list as a workbook for posting (XLSX: a sheet per part, A4 landscape)",
	 town_list_xlsx},
	{"GET", NULL, "/towns/{code}/print", MAY_ANYONE, NULL, list_params, "town_print",
	 "A town's list as a page for printing (A4, head and page numbers on every page)",
	 town_print},
	{0},
};
