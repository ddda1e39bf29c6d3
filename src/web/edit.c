/* edit.c - the office's writes to the catalogue: tasks, legal bases,
 * departments and towns, created and edited through the API, and tasks
 * through forms.  Each write goes through catalog_write, the same checks
 * and transaction as an import: a task still needs a basis in force, a
 * reference still has to resolve, and the audit log names the user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/catalog_csv.h"
#include "view.h"

/* What each kind of row is called, in the exchange format and the audit. */
struct kind {
	const char *file;   /* "tasks.csv" */
	const char *name;   /* "task" */
};
static const struct kind task_kind = {"tasks.csv", "task"};
static const struct kind basis_kind = {"bases.csv", "basis"};
static const struct kind department_kind = {"departments.csv", "department"};
static const struct kind town_kind = {"towns.csv", "town"};

/* Turns the problems of an edit into one error: the first problem's
 * column is the field; every problem is in the message. */
static enum status edit_error(const struct diag *d, struct error *e)
{
	struct buf msg = {0};
	char field[64] = "";
	for (size_t i = 0; i < d->n; i++) {
		const char *line = d->lines[i], *colon = strstr(line, ": ");
		if (i == 0 && colon && (size_t)(colon - line) < sizeof field)
			snprintf(field, sizeof field, "%.*s", (int)(colon - line), line);
		buf_printf(&msg, "%s%s", i ? "; " : "", line);
	}
	enum status st = error_set(e, STATUS_INVALID, field, "%s", buf_str(&msg));
	buf_free(&msg);
	return st;
}

/* Writes one row made of the request's fields (named as the exchange
 * format's columns; the path's code wins over the body's). */
static enum status write_row(struct request *req, const struct kind *k, enum edit_mode mode,
                             struct error *e)
{
	const char *const *cols = catalog_csv_columns(k->file);
	const char *fields[16] = {0};
	const char *code = req_text(req, "code");
	for (size_t i = 0; cols[i] && i < 16; i++) {
		if (strcmp(cols[i], "public_service") == 0)
			fields[i] = req_bool(req, cols[i]) ? "是" : "否";
		else
			fields[i] = req_text(req, cols[i]);
	}
	fields[0] = code;
	struct catalog in = {0};
	struct diag d = {0};
	catalog_csv_row(&in, k->file, fields, "", &d);
	enum status st;
	if (d.n) {
		st = edit_error(&d, e);
	} else {
		char action[48], object[96];
		snprintf(action, sizeof action, "%s.%s", k->name,
		         mode == EDIT_CREATE ? "create" : "update");
		snprintf(object, sizeof object, "%s:%s", k->name, code);
		struct actor who = {req->user->name, role_key[req->user->role]};
		struct import_result res;
		st = catalog_write(req->store, &who, &in, mode, action, object, "web", &res, &d, e);
		if (st == STATUS_INVALID && d.n)
			st = edit_error(&d, e);
	}
	diag_free(&d);
	catalog_free(&in);
	return st;
}

/* The row as it now stands, as the answer to a write. */
static enum status answer_row(struct request *req, struct response *res, const struct kind *k,
                              struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = store_catalog_cached(req->store, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	const char *code = req_text(req, "code");
	if (k == &task_kind)
		res->model = view_task(index_task(ix, code), ix);
	else if (k == &basis_kind)
		res->model = view_basis(index_basis(ix, code));
	else if (k == &department_kind)
		res->model = view_department(index_department(ix, code));
	else
		res->model = json_pack("{s:s}", "code", code);
	return STATUS_OK;
}

#define DEFINE_WRITE(NAME, KIND, MODE, STATUS)                                            \
	static enum status NAME(struct request *req, struct response *res, struct error *e) \
	{                                                                                   \
		enum status st = write_row(req, &KIND, MODE, e);                            \
		if (st != STATUS_OK)                                                        \
			return st;                                                          \
		res->status = STATUS;                                                       \
		return answer_row(req, res, &KIND, e);                                      \
	}

DEFINE_WRITE(task_create, task_kind, EDIT_CREATE, 201)
DEFINE_WRITE(task_update, task_kind, EDIT_UPDATE, 200)
DEFINE_WRITE(basis_create, basis_kind, EDIT_CREATE, 201)
DEFINE_WRITE(basis_update, basis_kind, EDIT_UPDATE, 200)
DEFINE_WRITE(department_create, department_kind, EDIT_CREATE, 201)
DEFINE_WRITE(department_update, department_kind, EDIT_UPDATE, 200)
DEFINE_WRITE(town_create, town_kind, EDIT_CREATE, 201)
DEFINE_WRITE(town_update, town_kind, EDIT_UPDATE, 200)

/* The task form's fields in exchange text: what the form shows. */
static json_t *task_form_values(const struct task *t)
{
	struct buf applies = {0}, bases = {0}, keywords = {0};
	applies_format(t->applies, t->napplies, &applies);
	for (size_t i = 0; i < t->nbases; i++)
		buf_printf(&bases, "%s%s%s%s", i ? ";" : "", t->bases[i].basis,
		           *t->bases[i].article ? ":" : "", t->bases[i].article);
	for (size_t i = 0; i < t->nkeywords; i++)
		buf_printf(&keywords, "%s%s", i ? ";" : "", t->keywords[i]);
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
	                      "code", t->code, "category", category_info[t->category].name,
	                      "duty", t->duty, "name", t->name, "list_type",
	                      list_type_info[t->list_type].name, "lead_department",
	                      t->lead_department, "township_part", t->township_part,
	                      "department_part", t->department_part, "public_service",
	                      t->public_service, "applies_to", buf_str(&applies), "bases",
	                      buf_str(&bases), "keywords", buf_str(&keywords));
	buf_free(&applies);
	buf_free(&bases);
	buf_free(&keywords);
	return v;
}

/* The choices of the form's select boxes, with the current one marked. */
static json_t *task_form_model(json_t *values, const struct catalog_index *ix)
{
	const char *category = json_string_value(json_object_get(values, "category"));
	const char *type = json_string_value(json_object_get(values, "list_type"));
	const char *lead = json_string_value(json_object_get(values, "lead_department"));
	json_t *cats = json_array(), *types = json_array(), *depts = json_array();
	for (int i = 0; i < CATEGORY_COUNT; i++)
		json_array_append_new(cats, json_pack("{s:s, s:b}", "name", category_info[i].name,
		                                      "selected", category &&
		                                              strcmp(category, category_info[i].name) == 0));
	for (int i = 0; i < LIST_TYPE_COUNT; i++)
		json_array_append_new(types, json_pack("{s:s, s:b}", "name", list_type_info[i].name,
		                                       "selected", type &&
		                                               strcmp(type, list_type_info[i].name) == 0));
	for (size_t i = 0; i < ix->ndepartments; i++)
		json_array_append_new(depts, json_pack("{s:s, s:s, s:b}", "code",
		                                       ix->departments[i]->code, "name",
		                                       ix->departments[i]->name, "selected",
		                                       lead && strcmp(lead, ix->departments[i]->code) == 0));
	return json_pack("{s:o, s:o, s:o, s:o}", "task", values, "categories", cats, "list_types",
	                 types, "departments", depts);
}

static enum status task_edit_form(struct request *req, struct response *res, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = store_catalog_cached(req->store, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	const char *code = req_text(req, "code");
	const struct task *t = index_task(ix, code);
	if (!t)
		return error_set(e, STATUS_NOT_FOUND, "code", "task %s does not exist", code);
	res->model = task_form_model(task_form_values(t), ix);
	return STATUS_OK;
}

/* Saves the form; on a refusal shows it again with what was typed and why. */
static enum status task_edit_save(struct request *req, struct response *res, struct error *e)
{
	enum status st = write_row(req, &task_kind, EDIT_UPDATE, e);
	if (st == STATUS_INVALID) {
		const struct catalog *c;
		const struct catalog_index *ix;
		struct error e2;
		if (store_catalog_cached(req->store, &c, &ix, &e2) != STATUS_OK)
			return st;
		const char *const *cols = catalog_csv_columns(task_kind.file);
		json_t *values = json_object();
		for (size_t i = 0; cols[i]; i++) {
			const char *v = req_text(req, cols[i]);
			json_object_set_new(values, cols[i],
			                    strcmp(cols[i], "public_service") == 0
			                            ? json_boolean(req_bool(req, cols[i]))
			                            : json_string(v ? v : ""));
		}
		json_object_set_new(values, "code", json_string(req_text(req, "code")));
		res->model = task_form_model(values, ix);
		json_object_set_new(res->model, "error", json_string(e->message));
		json_object_set_new(res->model, "error_field", json_string(e->field));
		res->status = 422;
		res->template = "task_edit";
		return STATUS_OK;
	}
	if (st != STATUS_OK)
		return st;
	char where[96];
	snprintf(where, sizeof where, "/tasks/%s", req_text(req, "code"));
	res->redirect = xstrdup(where);
	return STATUS_OK;
}

#define MAY_EDIT (MAY(ROLE_OFFICE) | MAY(ROLE_ADMIN))

#define TASK_FIELDS(CODE_IN)                                                                   \
	{"code", CODE_IN, PARAM_CODE, true, 0, "task code, with its category's prefix (ZL-07)"},  \
	{"category", IN_BODY, PARAM_TEXT, true, 40, "one of the six categories (社会治理)"},       \
	{"duty", IN_BODY, PARAM_TEXT, true, 400, "the duty (职责) the task belongs to"},           \
	{"name", IN_BODY, PARAM_TEXT, true, 400, "the task item's standard name"},                 \
	{"list_type", IN_BODY, PARAM_TEXT, true, 40, "基本履职, 配合履职 or 上级部门收回"},        \
	{"lead_department", IN_BODY, PARAM_TEXT, false, 40,                                        \
	 "department code; required unless 基本履职"},                                            \
	{"township_part", IN_BODY, PARAM_TEXT, false, 2000, "what the town does"},                 \
	{"department_part", IN_BODY, PARAM_TEXT, false, 2000, "what the department does"},         \
	{"public_service", IN_BODY, PARAM_BOOL, false, 0, "a public-service item"},                \
	{"applies_to", IN_BODY, PARAM_TEXT, true, 1000, "全部, or tag:TAG / town:CODE joined by ;"}, \
	{"bases", IN_BODY, PARAM_TEXT, true, 1000, "BASIS or BASIS:条款, joined by ;"},           \
	{"keywords", IN_BODY, PARAM_TEXT, false, 1000, "other words for it, joined by ;"},        \
	{0}

static const struct param task_create_params[] = {TASK_FIELDS(IN_BODY)};
static const struct param task_update_params[] = {TASK_FIELDS(IN_PATH)};
static const struct param task_code_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "task code"},
	{0},
};

#define BASIS_FIELDS(CODE_IN)                                                                  \
	{"code", CODE_IN, PARAM_CODE, true, 0, "basis code"},                                     \
	{"kind", IN_BODY, PARAM_TEXT, true, 40, "法律, 行政法规, 党内法规, 地方性法规, 部门规章 or 规范性文件"}, \
	{"title", IN_BODY, PARAM_TEXT, true, 400, "title without 《》"},                            \
	{"doc_no", IN_BODY, PARAM_TEXT, false, 100, "document number (文号)"},                     \
	{"issuer", IN_BODY, PARAM_TEXT, true, 200, "issuing body"},                                \
	{"level", IN_BODY, PARAM_TEXT, true, 10, "国家, 省, 市 or 县"},                            \
	{"effective_date", IN_BODY, PARAM_TEXT, true, 10, "YYYY-MM-DD"},                           \
	{"status", IN_BODY, PARAM_TEXT, true, 20, "现行有效 or 已废止"},                           \
	{0}

static const struct param basis_create_params[] = {BASIS_FIELDS(IN_BODY)};
static const struct param basis_update_params[] = {BASIS_FIELDS(IN_PATH)};

#define DEPARTMENT_FIELDS(CODE_IN)                                                             \
	{"code", CODE_IN, PARAM_CODE, true, 0, "department code"},                                \
	{"name", IN_BODY, PARAM_TEXT, true, 200, "name"},                                          \
	{"dispatched_agency", IN_BODY, PARAM_TEXT, false, 200, "its township-level agency"},       \
	{0}

static const struct param department_create_params[] = {DEPARTMENT_FIELDS(IN_BODY)};
static const struct param department_update_params[] = {DEPARTMENT_FIELDS(IN_PATH)};

#define TOWN_FIELDS(CODE_IN)                                                                   \
	{"code", CODE_IN, PARAM_CODE, true, 0, "9-digit township code"},                          \
	{"name", IN_BODY, PARAM_TEXT, true, 100, "name"},                                          \
	{"kind", IN_BODY, PARAM_TEXT, true, 20, "镇, 乡, 民族乡 or 街道"},                         \
	{"population", IN_BODY, PARAM_TEXT, true, 12, "resident population"},                      \
	{"area_km2", IN_BODY, PARAM_TEXT, true, 20, "area in km²"},                                \
	{"tags", IN_BODY, PARAM_TEXT, false, 400, "profile tags joined by ;"},                     \
	{0}

static const struct param town_create_params[] = {TOWN_FIELDS(IN_BODY)};
static const struct param town_update_params[] = {TOWN_FIELDS(IN_PATH)};

const struct route edit_routes[] = {
	{"POST", "/tasks", NULL, MAY_EDIT, NULL, task_create_params, NULL,
	 "Create a task item (it must rest on a basis in force)", task_create},
	{"PUT", "/tasks/{code}", NULL, MAY_EDIT, NULL, task_update_params, NULL,
	 "Replace a task item's text, parts and bases (a new revision)", task_update},
	{"GET", NULL, "/tasks/{code}/edit", MAY_EDIT, NULL, task_code_params, "task_edit",
	 "The office's form for a task item", task_edit_form},
	{"POST", NULL, "/tasks/{code}/edit", MAY_EDIT, NULL, task_update_params, "task_edit",
	 "Save the task form", task_edit_save},
	{"POST", "/bases", NULL, MAY_EDIT, NULL, basis_create_params, NULL, "Create a legal basis",
	 basis_create},
	{"PUT", "/bases/{code}", NULL, MAY_EDIT, NULL, basis_update_params, NULL,
	 "Replace a legal basis (a repeal must leave every task a basis in force)", basis_update},
	{"POST", "/departments", NULL, MAY_EDIT, NULL, department_create_params, NULL,
	 "Create a department", department_create},
	{"PUT", "/departments/{code}", NULL, MAY_EDIT, NULL, department_update_params, NULL,
	 "Replace a department", department_update},
	{"POST", "/towns", NULL, MAY_EDIT, NULL, town_create_params, NULL,
	 "Create a town (its list version 1 is derived from applies_to)", town_create},
	{"PUT", "/towns/{code}", NULL, MAY_EDIT, NULL, town_update_params, NULL,
	 "Replace a town's profile", town_update},
	{0},
};
