/* whistle.c - 乡镇吹哨、部门报到 on the web: the whistles a caller may
 * see, raising one (a town), its steps (the department called, the town,
 * the office), the statistics and the office's settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/machine.h"
#include "../util/json.h"
#include "render.h"
#include "view.h"

static void labels(const struct request *req, json_t *w)
{
	view_label(req, w, "status", "wh_s");
	view_label(req, w, "urgency", "wh_u");
	view_label(req, w, "fit", "wh_fit");
	if (json_is_string(json_object_get(w, "overdue")))
		view_label(req, w, "overdue", "wh_late");
}

/* The steps this caller may take, with what each form asks for. */
static json_t *actions(const struct request *req, const json_t *w)
{
	struct actor who = web_actor(req);
	struct machine_actor ma = {req->user->role, whistle_own(&who, w)};
	char allowed[256];
	machine_allowed(MACHINE_WHISTLE, machine_state_from_key(MACHINE_WHISTLE, json_text(w, "status")),
	                &ma, allowed, sizeof allowed);
	json_t *out = json_array();
	char *save = NULL;
	for (char *a = strtok_r(allowed, ", ", &save); a; a = strtok_r(NULL, ", ", &save)) {
		char key[48];
		snprintf(key, sizeof key, "wh_do_%s", a);
		const json_t *m = json_object_get(render_messages(req->lang), key);
		bool evaluate = strcmp(a, "resolve") == 0 || strcmp(a, "close_unresolved") == 0;
		json_array_append_new(
			out, json_pack("{s:s, s:s, s:b, s:b, s:b}", "action", a, "label",
		                       m ? json_string_value(m) : a, "needs_text",
		                       strcmp(a, "acknowledge") != 0, "reassign",
		                       strcmp(a, "reassign") == 0, "evaluate", evaluate));
	}
	return out;
}

static enum status whistles(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	json_t *all;
	const char *group = req_text(req, "group");
	if (group && strcmp(group, "matter") != 0)
		return error_set(e, STATUS_INVALID, "group", "group is matter");
	struct whistle_query q = {req_text(req, "town"), req_text(req, "department"),
	                          req_int(req, "matter", 0), req_bool(req, "overdue")};
	enum status st = whistle_query(req->store, &who, &q, &all, e);
	if (st != STATUS_OK)
		return st;
	size_t i, overdue = 0;
	json_t *w;
	json_array_foreach(all, i, w) {
		overdue += json_is_string(json_object_get(w, "overdue"));
		if (!req->api)
			labels(req, w);
	}
	const struct user *u = req->user;
	json_t *matters = group ? whistle_matters(all) : NULL;
	res->model = json_pack("{s:o, s:I, s:b, s:b, s:b, s:I}", "whistles", all, "overdue_count",
	                       (json_int_t)overdue, "overdue_only", req_bool(req, "overdue"),
	                       "may_raise", u->role == ROLE_TOWNSHIP, "office",
	                       u->role == ROLE_OFFICE, "matter", (json_int_t)q.matter);
	if (matters)
		json_object_set_new(res->model, "matters", matters);
	if (!req->api && u->role == ROLE_TOWNSHIP) {
		/* the departments a town may call, as checkboxes */
		const struct catalog *c;
		const struct catalog_index *ix;
		if ((st = store_catalog_cached(req->store, &c, &ix, e)) != STATUS_OK)
			return st;
		json_t *depts = json_array();
		for (size_t k = 0; k < c->ndepartments; k++)
			json_array_append_new(depts, json_pack("{s:s, s:s}", "code", c->departments[k].code,
			                                       "name", c->departments[k].name));
		json_object_set_new(res->model, "departments", depts);
	}
	if (!req->api && u->role == ROLE_OFFICE) {
		struct whistle_settings set;
		if ((st = store_whistle_settings(req->store, &set, e)) != STATUS_OK)
			return st;
		json_object_set_new(res->model, "settings", whistle_settings_json(&set));
	}
	return STATUS_OK;
}

static void back_to(struct response *res, long long id)
{
	char where[64];
	snprintf(where, sizeof where, "/whistles/%lld?saved=1", id);
	res->redirect = xstrdup(where);
}

static enum status whistle_new(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	const char *urgency = req_text(req, "urgency");
	/* departments: one whistle each (the router checked each is a code) */
	json_t *list = req_codes(req, "departments");
	size_t n = json_array_size(list);
	const char **codes = xmalloc((n + 1) * sizeof *codes);
	for (size_t i = 0; i < n; i++)
		codes[i] = json_string_value(json_array_get(list, i));
	struct whistle_call c = {NULL, req_text(req, "department"), req_text(req, "task"),
	                         req_text(req, "matter"), req_text(req, "place"),
	                         urgency ? urgency : "normal", codes, n};
	if (n && c.department && *c.department) {
		free(codes);
		return error_set(e, STATUS_INVALID, "department",
		                 "name the departments called in departments, not both");
	}
	int64_t id;
	enum status st = whistle_raise(req->store, &who, &c, &id, e);
	free(codes);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id);
		return STATUS_OK;
	}
	res->status = 201;
	return whistle_view(req->store, &who, id, &res->model, e);
}

static enum status whistle_show(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	enum status st = whistle_view(req->store, &who, req_int(req, "id", 0), &res->model, e);
	if (st != STATUS_OK || req->api)
		return st;
	labels(req, res->model);
	json_object_set_new(res->model, "actions", actions(req, res->model));
	size_t i;
	json_t *ev;
	json_array_foreach(json_object_get(res->model, "events"), i, ev)
		view_label(req, ev, "action", "wh_ev");
	json_array_foreach(json_object_get(res->model, "siblings"), i, ev)
		labels(req, ev);
	json_object_set_new(res->model, "has_siblings",
	                    json_boolean(json_array_size(json_object_get(res->model, "siblings"))));
	return STATUS_OK;
}

static enum status whistle_do(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	int satisfied = req_text(req, "satisfied") ? req_bool(req, "satisfied") : -1;
	enum status st = whistle_act(req->store, &who, id, req_text(req, "action"),
	                             req_text(req, "text"), satisfied, req_text(req, "to_department"), e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id);
		return STATUS_OK;
	}
	return whistle_view(req->store, &who, id, &res->model, e);
}

/* A rate as "87%" for the page, "" when there is none. */
static void percent(json_t *o, const char *key)
{
	char name[48], text[16] = "";
	const json_t *v = json_object_get(o, key);
	if (json_is_number(v))
		snprintf(text, sizeof text, "%.0f%%", 100 * json_number_value(v));
	snprintf(name, sizeof name, "%s_pct", key);
	json_object_set_new(o, name, json_string(text));
}

static enum status stats(struct request *req, struct response *res, struct error *e)
{
	enum status st =
		whistle_stats(req->store, req_text(req, "from"), req_text(req, "to"), &res->model, e);
	if (st != STATUS_OK || req->api)
		return st;
	const char *parts[] = {"departments", "towns"};
	for (int p = 0; p < 2; p++) {
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(res->model, parts[p]), i, r) {
			percent(r, "on_time_rate");
			percent(r, "satisfaction");
		}
	}
	return STATUS_OK;
}

static enum status settings_get(struct request *req, struct response *res, struct error *e)
{
	struct whistle_settings set;
	enum status st = store_whistle_settings(req->store, &set, e);
	if (st == STATUS_OK)
		res->model = whistle_settings_json(&set);
	return st;
}

static enum status settings_set(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	struct whistle_settings set;
	enum status st = store_whistle_settings(req->store, &set, e);
	if (st != STATUS_OK)
		return st;
	struct {
		const char *name;
		int *field;
	} fields[] = {{"urgent_ack_hours", &set.urgent_ack_hours},
	              {"urgent_onsite_hours", &set.urgent_onsite_hours},
	              {"urgent_resolve_days", &set.urgent_resolve_days},
	              {"normal_ack_days", &set.normal_ack_days},
	              {"normal_report_days", &set.normal_report_days},
	              {"normal_resolve_days", &set.normal_resolve_days},
	              {"min_sample", &set.min_sample}};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (req_text(req, fields[i].name))
			*fields[i].field = (int)req_int(req, fields[i].name, *fields[i].field);
	if ((st = whistle_settings_set(req->store, &who, &set, e)) != STATUS_OK)
		return st;
	if (!req->api) {
		res->redirect = xstrdup("/whistles?saved=1");
		return STATUS_OK;
	}
	res->model = whistle_settings_json(&set);
	return STATUS_OK;
}

static const struct param list_params[] = {
	{"town", IN_QUERY, PARAM_CODE, false, 0, "only this town's (the office)"},
	{"department", IN_QUERY, PARAM_CODE, false, 0, "only those calling this department"},
	{"overdue", IN_QUERY, PARAM_BOOL, false, 0, "only those with a step past its deadline"},
	{"matter", IN_QUERY, PARAM_COUNT, false, 0, "only this matter's whistles (its matter_id)"},
	{"group", IN_QUERY, PARAM_CODE, false, 0,
	 "matter: also the whistles grouped by matter (matters)"},
	{0},
};
static const struct param raise_params[] = {
	{"departments", IN_BODY, PARAM_CODES, false, 0,
	 "the departments called: one whistle each, one matter (or department)"},
	{"department", IN_BODY, PARAM_CODE, false, 0, "the one department called (or departments)"},
	{"matter", IN_BODY, PARAM_TEXT, true, 2000, "what the matter is"},
	{"place", IN_BODY, PARAM_TEXT, true, 400, "where"},
	{"urgency", IN_BODY, PARAM_CODE, false, 0, "urgent or normal (the default)"},
	{"task", IN_BODY, PARAM_CODE, false, 0, "the list task it concerns"},
	{0},
};
static const struct param id_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the whistle's id"},
	{0},
};
static const struct param do_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the whistle's id"},
	{"action", IN_PATH, PARAM_CODE, true, 0,
	 "acknowledge, report, resolve, close_unresolved or reassign"},
	{"text", IN_BODY, PARAM_TEXT, false, 4000,
	 "report: what was done; resolve, close_unresolved: the comment; reassign: why"},
	{"satisfied", IN_BODY, PARAM_BOOL, false, 0, "resolve, close_unresolved: satisfied or not "
	                                              "(default: as the outcome)"},
	{"to_department", IN_BODY, PARAM_CODE, false, 0, "reassign: the department called instead"},
	{0},
};
static const struct param stats_params[] = {
	{"from", IN_QUERY, PARAM_DATE, false, 0, "whistles raised from this day"},
	{"to", IN_QUERY, PARAM_DATE, false, 0, "up to and including this day"},
	{0},
};
static const struct param settings_params[] = {
	{"urgent_ack_hours", IN_BODY, PARAM_COUNT, false, 1000, "urgent: acknowledge within, hours"},
	{"urgent_onsite_hours", IN_BODY, PARAM_COUNT, false, 1000, "urgent: on site within, hours"},
	{"urgent_resolve_days", IN_BODY, PARAM_INT, false, 365,
	 "urgent: resolve within, working days (0: none)"},
	{"normal_ack_days", IN_BODY, PARAM_COUNT, false, 365, "acknowledge within, working days"},
	{"normal_report_days", IN_BODY, PARAM_COUNT, false, 365, "report within, working days"},
	{"normal_resolve_days", IN_BODY, PARAM_INT, false, 365,
	 "resolve within, working days (0: none)"},
	{"min_sample", IN_BODY, PARAM_COUNT, false, 10000,
	 "fewer whistles than this: insufficient data, not ranked"},
	{0},
};

#define MAY_SEE (MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP) | MAY(ROLE_DEPARTMENT) | MAY(ROLE_SUPERVISOR))
#define MAY_ACT (MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP) | MAY(ROLE_DEPARTMENT))

const struct route whistle_routes[] = {
	{"GET", "/whistles", "/whistles", MAY_SEE, NULL, list_params, "whistles",
	 "Whistles (吹哨报到): a town sees its own, a department those calling it, the office all",
	 whistles},
	{"POST", "/whistles", "/whistles", MAY(ROLE_TOWNSHIP), NULL, raise_params, NULL,
	 "A town calls a department in (吹哨)", whistle_new},
	{"GET", "/whistles/stats", "/whistles/stats", MAY_SEE, NULL, stats_params, "whistle_stats",
	 "Response and resolution per department and town; small samples are not ranked", stats},
	{"GET", "/whistles/settings", NULL, MAY_SEE, NULL, NULL, NULL,
	 "The deadlines and the statistics' minimum sample", settings_get},
	{"POST", "/whistles/settings", "/whistles/settings", MAY(ROLE_OFFICE), NULL, settings_params,
	 NULL, "The office sets the deadlines and the minimum sample", settings_set},
	{"GET", "/whistles/{id}", "/whistles/{id}", MAY_SEE, NULL, id_params, "whistle",
	 "A whistle with its steps and deadlines", whistle_show},
	{"POST", "/whistles/{id}/{action}", "/whistles/{id}/{action}", MAY_ACT, NULL, do_params,
	 NULL, "acknowledge, report, resolve, close_unresolved or reassign a whistle", whistle_do},
	{0},
};
