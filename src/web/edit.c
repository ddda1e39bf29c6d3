/* edit.c - the office's writes to the catalogue: tasks, legal bases,
 * departments and towns, created and edited through the API, and tasks
 * through forms.  Each write goes through catalog_write, the same checks
 * and transaction as an import: a task still needs a basis in force, a
 * reference still has to resolve, and the audit log names the user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/catalog_csv.h"
#include "render.h"
#include "view.h"

/* A field of an edit form: its column, how it is entered, its label. */
enum field_type { F_TEXT, F_AREA, F_CHOICE, F_CATEGORY, F_LIST_TYPE, F_DEPARTMENT, F_BOOL };
struct field {
	const char *col;
	enum field_type type;
	const char *label; /* message key */
	const char *help;  /* message key, or NULL */
	const char *choices; /* F_CHOICE: "a|b|c" */
};

/* What each kind of row is called, in the exchange format, the audit and
 * the URLs, and its form. */
struct kind {
	const char *file; /* "tasks.csv" */
	const char *name; /* "task" */
	const char *dir;  /* "tasks": /tasks/{code} shows one */
	const struct field *fields;
};

static const struct field task_fields[] = {
	{"code", F_TEXT, "code", "code_help", NULL},
	{"category", F_CATEGORY, "category", NULL, NULL},
	{"duty", F_TEXT, "duty", NULL, NULL},
	{"name", F_TEXT, "task_name", NULL, NULL},
	{"list_type", F_LIST_TYPE, "list_type", NULL, NULL},
	{"lead_department", F_DEPARTMENT, "lead_department", NULL, NULL},
	{"township_part", F_AREA, "township_part", NULL, NULL},
	{"department_part", F_AREA, "department_part", NULL, NULL},
	{"public_service", F_BOOL, "public_service", NULL, NULL},
	{"applies_to", F_TEXT, "applies_to", "applies_to_help", NULL},
	{"bases", F_TEXT, "bases", "bases_help", NULL},
	{"keywords", F_TEXT, "keywords", NULL, NULL},
	{0},
};
static const struct field basis_fields[] = {
	{"code", F_TEXT, "code", NULL, NULL},
	{"kind", F_CHOICE, "basis_kind", NULL, "法律|行政法规|党内法规|地方性法规|部门规章|规范性文件"},
	{"title", F_TEXT, "basis_title", NULL, NULL},
	{"doc_no", F_TEXT, "doc_no", NULL, NULL},
	{"issuer", F_TEXT, "issuer", NULL, NULL},
	{"level", F_CHOICE, "level", NULL, "国家|省|市|县"},
	{"effective_date", F_TEXT, "effective_date", "date_help", NULL},
	{"status", F_CHOICE, "status", NULL, "现行有效|已废止"},
	{0},
};
static const struct field department_fields[] = {
	{"code", F_TEXT, "code", NULL, NULL},
	{"name", F_TEXT, "department", NULL, NULL},
	{"dispatched_agency", F_TEXT, "dispatched_agency", NULL, NULL},
	{0},
};
static const struct field town_fields[] = {
	{"code", F_TEXT, "code", "town_code_help", NULL},
	{"name", F_TEXT, "town", NULL, NULL},
	{"kind", F_CHOICE, "kind", NULL, "镇|乡|民族乡|街道"},
	{"population", F_TEXT, "population", NULL, NULL},
	{"area_km2", F_TEXT, "area", NULL, NULL},
	{"tags", F_TEXT, "tags", "tags_help", NULL},
	{0},
};

static const struct kind task_kind = {"tasks.csv", "task", "tasks", task_fields};
static const struct kind basis_kind = {"bases.csv", "basis", "bases", basis_fields};
static const struct kind department_kind = {"departments.csv", "department", "departments",
                                            department_fields};
static const struct kind town_kind = {"towns.csv", "town", "towns", town_fields};

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
		struct actor who = web_actor(req);
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

/* The row's fields in exchange text, or NULL when there is no such row;
 * the strings live in the arena. */
static const char **row_values(const struct catalog *c, const struct catalog_index *ix,
                               const struct kind *k, const char *code, struct arena *a)
{
	size_t i;
	if (k == &task_kind) {
		const struct task *t = index_task(ix, code);
		if (!t)
			return NULL;
		i = (size_t)(t - c->tasks);
	} else if (k == &basis_kind) {
		const struct basis *b = index_basis(ix, code);
		if (!b)
			return NULL;
		i = (size_t)(b - c->bases);
	} else if (k == &department_kind) {
		const struct department *d = index_department(ix, code);
		if (!d)
			return NULL;
		i = (size_t)(d - c->departments);
	} else {
		const struct town *t = index_town(ix, code);
		if (!t)
			return NULL;
		i = (size_t)(t - c->towns);
	}
	const char **f = arena_alloc(a, 16 * sizeof *f);
	catalog_csv_fields(c, k->file, i, a, f);
	return f;
}

static json_t *option(const char *value, const char *label, const char *current)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected",
	                 current && strcmp(current, value) == 0);
}

/* The form's model: each field with its label, its value and, for a
 * choice, its options with the current one selected.  values[i] are the
 * fields in the exchange file's column order (NULL: empty). */
static json_t *form_model(const struct request *req, const struct kind *k,
                          const struct catalog_index *ix, const char *const *values,
                          const char *code, bool creating)
{
	const json_t *t = render_messages(req->lang);
	const char *const *cols = catalog_csv_columns(k->file);
	json_t *fields = json_array();
	for (const struct field *f = k->fields; f->col; f++) {
		if (!creating && strcmp(f->col, "code") == 0)
			continue; /* a code never changes */
		size_t ci = 0;
		while (cols[ci] && strcmp(cols[ci], f->col) != 0)
			ci++;
		const char *value = values && cols[ci] && values[ci] ? values[ci] : "";
		json_t *field = json_pack("{s:s, s:O, s:s, s:b, s:b, s:b}", "name", f->col, "label",
		                          json_object_get(t, f->label), "value", value, "text",
		                          f->type == F_TEXT, "area", f->type == F_AREA, "select",
		                          f->type >= F_CHOICE);
		if (f->help)
			json_object_set(field, "help", json_object_get(t, f->help));
		json_t *options = json_array();
		switch (f->type) {
		case F_CHOICE: {
			struct arena a = {0};
			const char **choices;
			size_t n = split_list(&a, f->choices, '|', &choices);
			for (size_t i = 0; i < n; i++)
				json_array_append_new(options, option(choices[i], choices[i], value));
			arena_free(&a);
			break;
		}
		case F_CATEGORY:
			for (int i = 0; i < CATEGORY_COUNT; i++)
				json_array_append_new(options, option(category_info[i].name,
				                                      category_info[i].name, value));
			break;
		case F_LIST_TYPE:
			for (int i = 0; i < LIST_TYPE_COUNT; i++)
				json_array_append_new(options, option(list_type_info[i].name,
				                                      list_type_info[i].name, value));
			break;
		case F_DEPARTMENT:
			json_array_append_new(options, option("", "—", value));
			for (size_t i = 0; i < ix->ndepartments; i++)
				json_array_append_new(options, option(ix->departments[i]->code,
				                                      ix->departments[i]->name, value));
			break;
		case F_BOOL:
			json_array_append_new(options, option("否", json_string_value(json_object_get(t, "no")),
			                                      *value ? value : "否"));
			json_array_append_new(options, option("是", json_string_value(json_object_get(t, "yes")),
			                                      value));
			break;
		default:
			break;
		}
		json_object_set_new(field, "options", options);
		json_array_append_new(fields, field);
	}
	char action[128], back[128];
	if (creating) {
		snprintf(action, sizeof action, "/%s/new", k->dir);
		snprintf(back, sizeof back, "/%s", k->dir);
	} else {
		snprintf(action, sizeof action, "/%s/%s/edit", k->dir, code);
		snprintf(back, sizeof back, "/%s/%s", k->dir, code);
	}
	char title_key[32];
	snprintf(title_key, sizeof title_key, "%s_%s", creating ? "new" : "edit", k->name);
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:O, s:o}", "kind", k->name, "action", action,
	                 "back", back, "code", code ? code : "", "creating", creating,
	                 "page_title", json_object_get(t, title_key), "fields", fields);
}

static enum status show_form(struct request *req, struct response *res, const struct kind *k,
                             bool creating, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = store_catalog_cached(req->store, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	const char *code = creating ? NULL : req_text(req, "code");
	struct arena a = {0};
	const char **values = NULL;
	if (!creating && !(values = row_values(c, ix, k, code, &a))) {
		arena_free(&a);
		return error_set(e, STATUS_NOT_FOUND, "code", "%s %s does not exist", k->name, code);
	}
	res->model = form_model(req, k, ix, values, code, creating);
	arena_free(&a);
	res->template = "row_edit";
	return STATUS_OK;
}

/* Saves a form; a refusal shows the form again with what was typed and
 * why, a success goes to the row's page. */
static enum status save_form(struct request *req, struct response *res, const struct kind *k,
                             bool creating, struct error *e)
{
	enum status st = write_row(req, k, creating ? EDIT_CREATE : EDIT_UPDATE, e);
	if (st == STATUS_INVALID || st == STATUS_CONFLICT) {
		const struct catalog *c;
		const struct catalog_index *ix;
		struct error e2;
		if (store_catalog_cached(req->store, &c, &ix, &e2) != STATUS_OK)
			return st;
		const char *const *cols = catalog_csv_columns(k->file);
		const char *values[16] = {0};
		for (size_t i = 0; cols[i] && i < 16; i++)
			values[i] = req_text(req, cols[i]);
		res->model = form_model(req, k, ix, values, req_text(req, "code"), creating);
		json_object_set_new(res->model, "error", json_string(e->message));
		size_t i;
		json_t *field;
		json_array_foreach(json_object_get(res->model, "fields"), i, field) {
			const char *name = json_string_value(json_object_get(field, "name"));
			json_object_set_new(field, "invalid", json_boolean(strcmp(name, e->field) == 0));
		}
		res->status = http_status_of(st);
		res->template = "row_edit";
		return STATUS_OK;
	}
	if (st != STATUS_OK)
		return st;
	char where[128];
	snprintf(where, sizeof where, "/%s/%s?saved=1", k->dir, req_text(req, "code"));
	res->redirect = xstrdup(where);
	return STATUS_OK;
}

#define DEFINE_FORMS(KIND)                                                                   \
	static enum status KIND##_new_form(struct request *req, struct response *res,         \
	                                   struct error *e)                                   \
	{                                                                                     \
		return show_form(req, res, &KIND##_kind, true, e);                            \
	}                                                                                     \
	static enum status KIND##_edit_form(struct request *req, struct response *res,        \
	                                    struct error *e)                                  \
	{                                                                                     \
		return show_form(req, res, &KIND##_kind, false, e);                           \
	}                                                                                     \
	static enum status KIND##_new_save(struct request *req, struct response *res,         \
	                                   struct error *e)                                   \
	{                                                                                     \
		return save_form(req, res, &KIND##_kind, true, e);                            \
	}                                                                                     \
	static enum status KIND##_edit_save(struct request *req, struct response *res,        \
	                                    struct error *e)                                  \
	{                                                                                     \
		return save_form(req, res, &KIND##_kind, false, e);                           \
	}

DEFINE_FORMS(task)
DEFINE_FORMS(basis)
DEFINE_FORMS(department)
DEFINE_FORMS(town)

#define MAY_EDIT (MAY(ROLE_OFFICE) | MAY(ROLE_ADMIN))

#define TASK_FIELDS(CODE_IN, REQ)                                                                   \
	{"code", CODE_IN, PARAM_CODE, REQ, 0, "task code, with its category's prefix (ZL-07)"},  \
	{"category", IN_BODY, PARAM_TEXT, REQ, 40, "one of the six categories (社会治理)"},       \
	{"duty", IN_BODY, PARAM_TEXT, REQ, 400, "the duty (职责) the task belongs to"},           \
	{"name", IN_BODY, PARAM_TEXT, REQ, 400, "the task item's standard name"},                 \
	{"list_type", IN_BODY, PARAM_TEXT, REQ, 40, "基本履职, 配合履职 or 上级部门收回"},        \
	{"lead_department", IN_BODY, PARAM_TEXT, false, 40,                                        \
	 "department code; required unless 基本履职"},                                            \
	{"township_part", IN_BODY, PARAM_TEXT, false, 2000, "what the town does"},                 \
	{"department_part", IN_BODY, PARAM_TEXT, false, 2000, "what the department does"},         \
	{"public_service", IN_BODY, PARAM_BOOL, false, 0, "a public-service item"},                \
	{"applies_to", IN_BODY, PARAM_TEXT, REQ, 1000, "全部, or tag:TAG / town:CODE joined by ;"}, \
	{"bases", IN_BODY, PARAM_TEXT, REQ, 1000, "BASIS or BASIS:条款, joined by ;"},           \
	{"keywords", IN_BODY, PARAM_TEXT, false, 1000, "other words for it, joined by ;"},        \
	{0}

static const struct param task_create_params[] = {TASK_FIELDS(IN_BODY, true)};
/* Forms leave "required" to the row's own checks, so that a missing field
 * shows the form again with the rest of what was typed. */
static const struct param task_create_form[] = {TASK_FIELDS(IN_BODY, false)};
static const struct param task_update_params[] = {TASK_FIELDS(IN_PATH, true)};
static const struct param task_update_form[] = {TASK_FIELDS(IN_PATH, false)};
static const struct param code_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the code"},
	{0},
};

#define BASIS_FIELDS(CODE_IN, REQ)                                                                  \
	{"code", CODE_IN, PARAM_CODE, REQ, 0, "basis code"},                                     \
	{"kind", IN_BODY, PARAM_TEXT, REQ, 40, "法律, 行政法规, 党内法规, 地方性法规, 部门规章 or 规范性文件"}, \
	{"title", IN_BODY, PARAM_TEXT, REQ, 400, "title without 《》"},                            \
	{"doc_no", IN_BODY, PARAM_TEXT, false, 100, "document number (文号)"},                     \
	{"issuer", IN_BODY, PARAM_TEXT, REQ, 200, "issuing body"},                                \
	{"level", IN_BODY, PARAM_TEXT, REQ, 10, "国家, 省, 市 or 县"},                            \
	{"effective_date", IN_BODY, PARAM_TEXT, REQ, 10, "YYYY-MM-DD"},                           \
	{"status", IN_BODY, PARAM_TEXT, REQ, 20, "现行有效 or 已废止"},                           \
	{0}

static const struct param basis_create_params[] = {BASIS_FIELDS(IN_BODY, true)};
static const struct param basis_create_form[] = {BASIS_FIELDS(IN_BODY, false)};
static const struct param basis_update_params[] = {BASIS_FIELDS(IN_PATH, true)};
static const struct param basis_update_form[] = {BASIS_FIELDS(IN_PATH, false)};

#define DEPARTMENT_FIELDS(CODE_IN, REQ)                                                             \
	{"code", CODE_IN, PARAM_CODE, REQ, 0, "department code"},                                \
	{"name", IN_BODY, PARAM_TEXT, REQ, 200, "name"},                                          \
	{"dispatched_agency", IN_BODY, PARAM_TEXT, false, 200, "its township-level agency"},       \
	{0}

static const struct param department_create_params[] = {DEPARTMENT_FIELDS(IN_BODY, true)};
static const struct param department_create_form[] = {DEPARTMENT_FIELDS(IN_BODY, false)};
static const struct param department_update_params[] = {DEPARTMENT_FIELDS(IN_PATH, true)};
static const struct param department_update_form[] = {DEPARTMENT_FIELDS(IN_PATH, false)};

#define TOWN_FIELDS(CODE_IN, REQ)                                                                   \
	{"code", CODE_IN, PARAM_CODE, REQ, 0, "9-digit township code"},                          \
	{"name", IN_BODY, PARAM_TEXT, REQ, 100, "name"},                                          \
	{"kind", IN_BODY, PARAM_TEXT, REQ, 20, "镇, 乡, 民族乡 or 街道"},                         \
	{"population", IN_BODY, PARAM_TEXT, REQ, 12, "resident population"},                      \
	{"area_km2", IN_BODY, PARAM_TEXT, REQ, 20, "area in km²"},                                \
	{"tags", IN_BODY, PARAM_TEXT, false, 400, "profile tags joined by ;"},                     \
	{0}

static const struct param town_create_params[] = {TOWN_FIELDS(IN_BODY, true)};
static const struct param town_create_form[] = {TOWN_FIELDS(IN_BODY, false)};
static const struct param town_update_params[] = {TOWN_FIELDS(IN_PATH, true)};
static const struct param town_update_form[] = {TOWN_FIELDS(IN_PATH, false)};

const struct route edit_routes[] = {
	{"POST", "/tasks", NULL, MAY_EDIT, NULL, task_create_params, NULL,
	 "Create a task item (it must rest on a basis in force)", task_create},
	{"PUT", "/tasks/{code}", NULL, MAY_EDIT, NULL, task_update_params, NULL,
	 "Replace a task item's text, parts and bases (a new revision)", task_update},
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
#define FORM_ROUTES(KIND, DIR)                                                                \
	{"GET", NULL, "/" DIR "/new", MAY_EDIT, NULL, NULL, "row_edit", "A form for a new row",   \
	 KIND##_new_form},                                                                        \
	{"POST", NULL, "/" DIR "/new", MAY_EDIT, NULL, KIND##_create_form, "row_edit",            \
	 "Save the form for a new row", KIND##_new_save},                                        \
	{"GET", NULL, "/" DIR "/{code}/edit", MAY_EDIT, NULL, code_params, "row_edit",            \
	 "The form for a row", KIND##_edit_form},                                                 \
	{"POST", NULL, "/" DIR "/{code}/edit", MAY_EDIT, NULL, KIND##_update_form, "row_edit",    \
	 "Save the form for a row", KIND##_edit_save}
	FORM_ROUTES(task, "tasks"),
	FORM_ROUTES(basis, "bases"),
	FORM_ROUTES(department, "departments"),
	FORM_ROUTES(town, "towns"),
#undef FORM_ROUTES
	{0},
};
