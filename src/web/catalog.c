/* catalog.c - the catalogue for reading: tasks, legal bases, departments,
 * service guides and search. */
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "template.h"
#include "view.h"

static enum status cached(struct request *req, const struct catalog **c,
                          const struct catalog_index **ix, struct error *e)
{
	return store_catalog_cached(req->store, c, ix, e);
}

/* Rows sorted by code (the index's order) for paging. */
static enum status tasks(struct request *req, struct response *res, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = cached(req, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	const char *category = req_text(req, "category"), *part = req_text(req, "list_type");
	json_t *all = json_array();
	for (size_t i = 0; i < ix->ntasks; i++) {
		const struct task *t = ix->tasks[i];
		if (category && strcmp(category, category_info[t->category].prefix) != 0)
			continue;
		if (part && strcmp(part, list_type_info[t->list_type].key) != 0)
			continue;
		json_array_append_new(all, view_task_brief(t, ix));
	}
	res->model = view_page(req, "tasks", all);
	return STATUS_OK;
}

static const struct guide *find_guide(const struct catalog *c, const char *task)
{
	for (size_t i = 0; i < c->nguides; i++)
		if (strcmp(c->guides[i].task, task) == 0)
			return &c->guides[i];
	return NULL;
}

static enum status task(struct request *req, struct response *res, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = cached(req, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	const char *code = req_text(req, "code");
	const struct task *t = index_task(ix, code);
	if (!t)
		return error_set(e, STATUS_NOT_FOUND, "code", "task %s does not exist", code);
	json_t *v = view_task(t, ix);
	json_t *towns;
	if ((st = store_task_towns(req->store, code, &towns, e)) != STATUS_OK) {
		json_decref(v);
		return st;
	}
	json_object_set_new(v, "towns", towns);
	json_object_set_new(v, "has_guide", json_boolean(find_guide(c, code) != NULL));
	res->model = v;
	return STATUS_OK;
}

static enum status bases(struct request *req, struct response *res, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = cached(req, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	json_t *all = json_array();
	for (size_t i = 0; i < ix->nbases; i++)
		json_array_append_new(all, view_basis(ix->bases[i]));
	res->model = view_page(req, "bases", all);
	return STATUS_OK;
}

/* A basis and the tasks that rest on it, each saying whether it rests on
 * this basis alone (what a repeal would leave without a basis). */
static enum status basis(struct request *req, struct response *res, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = cached(req, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	const char *code = req_text(req, "code");
	const struct basis *b = index_basis(ix, code);
	if (!b)
		return error_set(e, STATUS_NOT_FOUND, "code", "basis %s does not exist", code);
	json_t *v = view_basis(b);
	json_t *resting = json_array();
	for (size_t i = 0; i < ix->ntasks; i++) {
		const struct task *t = ix->tasks[i];
		for (size_t j = 0; j < t->nbases; j++) {
			if (strcmp(t->bases[j].basis, code) != 0)
				continue;
			json_t *tv = view_task_brief(t, ix);
			json_object_set_new(tv, "article", json_string(t->bases[j].article));
			json_object_set_new(tv, "sole_basis", json_boolean(t->nbases == 1));
			json_array_append_new(resting, tv);
			break;
		}
	}
	json_object_set_new(v, "tasks", resting);
	res->model = v;
	return STATUS_OK;
}

static enum status departments(struct request *req, struct response *res, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = cached(req, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	json_t *all = json_array();
	for (size_t i = 0; i < ix->ndepartments; i++)
		json_array_append_new(all, view_department(ix->departments[i]));
	res->model = view_page(req, "departments", all);
	return STATUS_OK;
}

/* A department and the tasks it leads (配合履职) or took back (上级部门收回). */
static enum status department(struct request *req, struct response *res, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = cached(req, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	const char *code = req_text(req, "code");
	const struct department *d = index_department(ix, code);
	if (!d)
		return error_set(e, STATUS_NOT_FOUND, "code", "department %s does not exist", code);
	json_t *v = view_department(d);
	json_t *assist = json_array(), *reclaimed = json_array();
	for (size_t i = 0; i < ix->ntasks; i++) {
		const struct task *t = ix->tasks[i];
		if (strcmp(t->lead_department, code) != 0)
			continue;
		json_array_append_new(t->list_type == LIST_ASSIST ? assist : reclaimed,
		                      view_task_brief(t, ix));
	}
	json_object_set_new(v, "assist", assist);
	json_object_set_new(v, "reclaimed", reclaimed);
	res->model = v;
	return STATUS_OK;
}

/* The flowchart of a guide's steps as inline SVG: one box per step (what,
 * who, working days), arrows between, the total time limit at the end.
 * Every text goes through html_escape; the SVG is served raw. */
static void guide_svg(const struct guide *g, bool en, struct buf *out)
{
	const char *days = en ? " working days" : " 个工作日";
	const int w = 360, box = 64, gap = 28, top = 10;
	int h = top + (int)g->nsteps * (box + gap) + 40;
	buf_printf(out,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flow\" viewBox=\"0 0 %d %d\" "
	           "width=\"%d\" height=\"%d\" role=\"img\"><title>",
	           w, h, w, h);
	html_escape(out, g->title);
	buf_puts(out, "</title>");
	for (size_t i = 0; i < g->nsteps; i++) {
		int y = top + (int)i * (box + gap);
		buf_printf(out, "<rect x=\"20\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"8\"/>", y,
		           w - 40, box);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" class=\"step\">%zu. ", w / 2, y + 26, i + 1);
		html_escape(out, g->steps[i].name);
		buf_printf(out, "</text><text x=\"%d\" y=\"%d\" class=\"who\">", w / 2, y + 48);
		html_escape(out, g->steps[i].who);
		buf_printf(out, " · %d%s</text>", g->steps[i].days, days);
		if (i + 1 < g->nsteps)
			buf_printf(out,
			           "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
			           "<polygon points=\"%d,%d %d,%d %d,%d\"/>",
			           w / 2, y + box, w / 2, y + box + gap - 6, w / 2 - 6, y + box + gap - 8,
			           w / 2 + 6, y + box + gap - 8, w / 2, y + box + gap);
	}
	buf_printf(out, "<text x=\"%d\" y=\"%d\" class=\"limit\">%s%d%s</text></svg>", w / 2,
	           h - 12, en ? "Time limit: " : "承诺时限 ", g->time_limit_days, days);
}

static enum status guide(struct request *req, struct response *res, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = cached(req, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	const char *code = req_text(req, "task");
	const struct guide *g = find_guide(c, code);
	if (!g)
		return error_set(e, STATUS_NOT_FOUND, "task", "task %s has no service guide", code);
	const struct task *t = index_task(ix, code);
	json_t *materials = json_array(), *steps = json_array();
	for (size_t i = 0; i < g->nmaterials; i++)
		json_array_append_new(materials, json_string(g->materials[i]));
	int total = 0;
	for (size_t i = 0; i < g->nsteps; i++) {
		total += g->steps[i].days;
		json_array_append_new(steps, json_pack("{s:I, s:s, s:s, s:i}", "n", (json_int_t)i + 1,
		                                       "name", g->steps[i].name, "who",
		                                       g->steps[i].who, "days", g->steps[i].days));
	}
	res->model = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:i, s:i, s:s, s:s, s:s}", "task",
	                       code, "task_name", t ? t->name : "", "title", g->title, "conditions",
	                       g->conditions, "materials", materials, "steps", steps,
	                       "time_limit_days", g->time_limit_days, "steps_days", total, "fee",
	                       g->fee, "place", g->place, "phone", g->phone);
	if (!req->api) {
		struct buf svg = {0};
		guide_svg(g, strcmp(req->lang, "en") == 0, &svg);
		json_object_set_new(res->model, "flowchart_svg", json_string(buf_str(&svg)));
		buf_free(&svg);
	}
	return STATUS_OK;
}

static enum status search(struct request *req, struct response *res, struct error *e)
{
	const char *q = req_text(req, "q");
	json_t *hits;
	enum status st = store_search(req->store, q ? q : "", 50, &hits, e);
	if (st != STATUS_OK)
		return st;
	/* where each hit lives, and its kind in the page's language */
	const json_t *t = render_messages(req->lang);
	size_t i;
	json_t *hit;
	json_array_foreach(hits, i, hit) {
		const char *kind = json_string_value(json_object_get(hit, "kind"));
		const char *dir = strcmp(kind, "task") == 0    ? "tasks"
		                  : strcmp(kind, "basis") == 0 ? "bases"
		                                               : "departments";
		char href[96], key[32];
		snprintf(href, sizeof href, "/%s/%s", dir,
		         json_string_value(json_object_get(hit, "code")));
		snprintf(key, sizeof key, "kind_%s", kind);
		json_object_set_new(hit, "href", json_string(href));
		/* The snippet as pieces, the matched ones marked: the template
		 * escapes each, so no markup from the text gets through. */
		json_t *pieces = json_array();
		struct buf clean = {0};
		const char *p = json_string_value(json_object_get(hit, "snippet"));
		while (p && *p) {
			bool hit_piece = *p == '\x01';
			if (hit_piece)
				p++;
			size_t n = strcspn(p, "\x01\x02");
			if (n)
				json_array_append_new(pieces, json_pack("{s:s%, s:b}", "text", p, n, "hit",
				                                        hit_piece));
			buf_append(&clean, p, n);
			p += n;
			if (*p == '\x02')
				p++;
		}
		json_object_set_new(hit, "snippet_pieces", pieces);
		json_object_set_new(hit, "snippet", json_string(buf_str(&clean)));
		buf_free(&clean);
		json_object_set(hit, "kind_name", json_object_get(t, key));
	}
	res->model = json_pack("{s:s, s:o}", "q", q ? q : "", "results", hits);
	return STATUS_OK;
}

static const struct param task_list_params[] = {
	PAGING_PARAMS,
	{"category", IN_QUERY, PARAM_CODE, false, 0, "DJ, JJ, ZL, WH, ST or GF"},
	{"list_type", IN_QUERY, PARAM_CODE, false, 0, "basic, assist or reclaimed"},
	{0},
};
static const struct param page_params[] = {PAGING_PARAMS, {0}};
static const struct param code_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the code"},
	{0},
};
static const struct param guide_params[] = {
	{"task", IN_PATH, PARAM_CODE, true, 0, "the task's code"},
	{0},
};
static const struct param search_params[] = {
	{"q", IN_QUERY, PARAM_TEXT, false, 100, "words to find in tasks, bases and departments"},
	{0},
};

const struct route catalog_routes[] = {
	{"GET", "/tasks", "/tasks", MAY_ANYONE, NULL, task_list_params, "tasks",
	 "Task items of the catalogue", tasks},
	{"GET", "/tasks/{code}", "/tasks/{code}", MAY_ANYONE, NULL, code_params, "task",
	 "A task item with its bases, lead department and the towns that list it", task},
	{"GET", "/bases", "/bases", MAY_ANYONE, NULL, page_params, "bases", "Legal bases (职责依据)",
	 bases},
	{"GET", "/bases/{code}", "/bases/{code}", MAY_ANYONE, NULL, code_params, "basis",
	 "A legal basis and the tasks that rest on it", basis},
	{"GET", "/departments", "/departments", MAY_ANYONE, NULL, page_params, "departments",
	 "County departments", departments},
	{"GET", "/departments/{code}", "/departments/{code}", MAY_ANYONE, NULL, code_params,
	 "department", "A department and the tasks it leads or took back", department},
	{"GET", "/guides/{task}", "/guides/{task}", MAY_ANYONE, NULL, guide_params, "guide",
	 "The service guide (办事指南) of a public-service task, with its steps", guide},
	{"GET", "/search", "/search", MAY_ANYONE, NULL, search_params, "search",
	 "Search tasks, bases and departments (Chinese substrings)", search},
	{0},
};
