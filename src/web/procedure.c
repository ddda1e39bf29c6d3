/* procedure.c - admission (准入), adjustment (运行调整), a basis's repeal
 * and amendment, and the audit log, on the web. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/machine.h"
#include "../util/date.h"
#include "../util/json.h"
#include "render.h"
#include "view.h"

#define MAY_OFFICE MAY(ROLE_OFFICE)
#define MAY_AUDIT (MAY(ROLE_OFFICE) | MAY(ROLE_SUPERVISOR) | MAY(ROLE_ADMIN))

/* After a form: back to the request's page, saying it was saved. */
static void back_to_admission(struct response *res, long long id)
{
	char where[96];
	snprintf(where, sizeof where, "/admissions/%lld?saved=1", id);
	res->redirect = xstrdup(where);
}

/* The actions this caller may take from a state, for the page's buttons. */
static json_t *actions(const struct request *req, enum machine m, const char *state, bool own)
{
	struct machine_actor ma = {req->user->role, own};
	char allowed[256];
	machine_allowed(m, machine_state_from_key(m, state), &ma, allowed, sizeof allowed);
	json_t *out = json_array();
	char *save = NULL;
	for (char *a = strtok_r(allowed, ", ", &save); a; a = strtok_r(NULL, ", ", &save)) {
		char key[48];
		snprintf(key, sizeof key, "do_%s", a);
		json_array_append_new(out, json_pack("{s:s, s:O}", "action", a, "label",
		                                     json_object_get(render_messages(req->lang), key)));
	}
	return out;
}

/* --- admission --- */

static enum status admissions(struct request *req, struct response *res, struct error *e)
{
	const struct user *u = req->user;
	json_t *all;
	enum status st = store_admissions(req->store, u->role == ROLE_DEPARTMENT ? u->department : NULL,
	                                  req_text(req, "status"), &all, e);
	if (st != STATUS_OK)
		return st;
	char today[11];
	date_format(date_today(), today);
	size_t i;
	json_t *a;
	json_array_foreach(all, i, a) {
		json_object_del(a, "payload");
		json_object_del(a, "resources");
		view_label(req, a, "status", "as");
		const char *deadline = json_text(a, "deadline");
		json_object_set_new(a, "overdue",
		                    json_boolean(strcmp(json_text(a, "status"), "reviewing") == 0 &&
		                                 *deadline && strcmp(deadline, today) < 0));
	}
	res->model = json_pack("{s:o, s:b}", "admissions", all, "may_submit",
	                       u->role == ROLE_DEPARTMENT);
	return STATUS_OK;
}

static enum status admission_new(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	struct diag d = {0};
	int64_t id;
	json_t *similar;
	enum status st = admission_submit(req->store, &who, req_text(req, "task"),
	                                  req_object(req, "fields"), req_object(req, "resources"),
	                                  &id, &similar, &d, e);
	diag_free(&d);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		json_decref(similar);
		back_to_admission(res, id);
		return STATUS_OK;
	}
	res->status = 201;
	if ((st = admission_view(req->store, id, &res->model, e)) != STATUS_OK) {
		json_decref(similar);
		return st;
	}
	json_object_set_new(res->model, "similar", similar);
	return STATUS_OK;
}

static enum status admission_show(struct request *req, struct response *res, struct error *e)
{
	long long id = req_int(req, "id", 0);
	enum status st = admission_view(req->store, id, &res->model, e);
	if (st != STATUS_OK)
		return st;
	const struct user *u = req->user;
	bool own = u->role == ROLE_DEPARTMENT && strcmp(u->department, json_text(res->model, "department")) == 0;
	if (u->role == ROLE_DEPARTMENT && !own) {
		json_decref(res->model);
		res->model = NULL;
		return error_set(e, STATUS_NOT_FOUND, "id", "admission request %lld does not exist", id);
	}
	if (!req->api) {
		view_label(req, res->model, "status", "as");
		json_object_set_new(res->model, "actions",
		                    actions(req, MACHINE_ADMISSION, json_text(res->model, "status"), own));
	}
	return STATUS_OK;
}

static enum status admission_do(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	size_t lists;
	enum status st = admission_act(req->store, &who, id, req_text(req, "action"),
	                               req_text(req, "reason"), req_text(req, "task"),
	                               req_object(req, "fields"), req_object(req, "resources"), &lists,
	                               e);
	if (st != STATUS_OK)
		return st;
	if (req->api) {
		st = admission_view(req->store, id, &res->model, e);
		if (st == STATUS_OK)
			json_object_set_new(res->model, "lists_published", json_integer((json_int_t)lists));
		return st;
	}
	back_to_admission(res, id);
	return STATUS_OK;
}

/* --- adjustment --- */

static enum status adjustments(struct request *req, struct response *res, struct error *e)
{
	const struct user *u = req->user;
	const char *town = u->role == ROLE_TOWNSHIP ? u->town : req_text(req, "town");
	json_t *all;
	enum status st = store_adjustments(req->store, town, req_text(req, "status"), &all, e);
	if (st != STATUS_OK)
		return st;
	size_t i;
	json_t *a;
	json_array_foreach(all, i, a) {
		view_label(req, a, "status", "js");
		view_label(req, a, "action", "pa");
		view_label(req, a, "origin", "jo");
		if (!req->api)
			json_object_set_new(a, "actions", actions(req, MACHINE_ADJUSTMENT,
			                                          json_text(a, "status"), false));
	}
	res->model = json_pack("{s:o, s:s, s:b}", "adjustments", all, "town", town ? town : "",
	                       "may_open", u->role != ROLE_SUPERVISOR && u->role != ROLE_ADMIN);
	return STATUS_OK;
}

static enum status adjustment_new(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	struct diag d = {0};
	int64_t id;
	enum status st = adjustment_open(req->store, &who, req_text(req, "town"),
	                                 req_text(req, "action"), req_text(req, "task"),
	                                 req_object(req, "fields"), req_text(req, "reason"), &id, &d,
	                                 e);
	diag_free(&d);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		res->redirect = xstrdup("/adjustments?saved=1");
		return STATUS_OK;
	}
	res->status = 201;
	return store_adjustment_get(req->store, id, &res->model, e);
}

static enum status adjustment_do(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	int version;
	enum status st = adjustment_act(req->store, &who, id, req_text(req, "action"),
	                                req_text(req, "reason"), &version, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		res->redirect = xstrdup("/adjustments?saved=1");
		return STATUS_OK;
	}
	return store_adjustment_get(req->store, id, &res->model, e);
}

/* --- bases --- */

static enum status repeal(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	const char *code = req_text(req, "code");
	size_t opened, marked;
	enum status st = basis_repeal(req->store, &who, code, req_text(req, "date"),
	                              req_text(req, "reason"), &opened, &marked, e);
	if (st != STATUS_OK)
		return st;
	if (req->api) {
		res->model = json_pack("{s:s, s:I, s:I}", "basis", code, "adjustments_opened",
		                       (json_int_t)opened, "citations_marked", (json_int_t)marked);
	} else {
		char where[96];
		snprintf(where, sizeof where, "/bases/%s?saved=1", code);
		res->redirect = xstrdup(where);
	}
	return STATUS_OK;
}

static enum status amend(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	const char *code = req_text(req, "code");
	enum status st = basis_amend(req->store, &who, code, req_text(req, "title"),
	                             req_text(req, "doc_no"), req_text(req, "effective_date"),
	                             req_text(req, "note"), e);
	if (st != STATUS_OK)
		return st;
	char where[96];
	snprintf(where, sizeof where, "/bases/%s?saved=1", code);
	if (req->api)
		res->model = json_pack("{s:s, s:s}", "basis", code, "effective_date",
		                       req_text(req, "effective_date"));
	else
		res->redirect = xstrdup(where);
	return STATUS_OK;
}

static enum status history(struct request *req, struct response *res, struct error *e)
{
	json_t *versions;
	enum status st = store_basis_versions(req->store, req_text(req, "code"), &versions, e);
	if (st != STATUS_OK)
		return st;
	res->model = json_pack("{s:s, s:o}", "basis", req_text(req, "code"), "versions", versions);
	return STATUS_OK;
}

/* --- audit --- */

static enum status audit_log(struct request *req, struct response *res, struct error *e)
{
	long long limit = req_int(req, "limit", 100);
	json_t *rows;
	enum status st = store_audit_find(req->store, req_text(req, "object"), req_text(req, "actor"),
	                                  req_text(req, "action"), req_int(req, "before", 0),
	                                  (int)limit, &rows, e);
	if (st != STATUS_OK)
		return st;
	int64_t head_id;
	char head[65];
	if ((st = store_audit_head(req->store, &head_id, head, e)) != STATUS_OK) {
		json_decref(rows);
		return st;
	}
	/* the next page: entries before the last shown */
	json_t *last = json_array_get(rows, json_array_size(rows) - 1);
	json_int_t next = (long long)json_array_size(rows) == limit && last
	                          ? json_integer_value(json_object_get(last, "id"))
	                          : 0;
	res->model = json_pack("{s:o, s:{s:I, s:s}, s:{s:s, s:s, s:s}, s:I}", "entries", rows,
	                       "head", "id", (json_int_t)head_id, "hash", head, "filters", "object",
	                       req_text(req, "object") ? req_text(req, "object") : "", "actor",
	                       req_text(req, "actor") ? req_text(req, "actor") : "", "action",
	                       req_text(req, "action") ? req_text(req, "action") : "", "next_before",
	                       next);
	return STATUS_OK;
}

static const struct param list_params[] = {
	{"status", IN_QUERY, PARAM_CODE, false, 0, "only requests in this state"},
	{0},
};
static const struct param submit_params[] = {
	{"task", IN_BODY, PARAM_CODE, true, 0, "the new task's code (category prefix)"},
	{"fields", IN_BODY, PARAM_OBJECT, true, 0,
	 "the task's row (exchange columns); applies_to selects the towns"},
	{"resources", IN_BODY, PARAM_OBJECT, true, 0,
	 "what comes with it: {staff, funds, equipment} or {none: true, note}"},
	{0},
};
static const struct param id_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the id"},
	{0},
};
static const struct param admission_do_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the request's id"},
	{"action", IN_PATH, PARAM_CODE, true, 0,
	 "accept, return, resubmit, admit, refuse or withdraw"},
	{"reason", IN_BODY, PARAM_TEXT, false, 2000, "why (for return, admit, refuse)"},
	{"task", IN_BODY, PARAM_CODE, false, 0, "resubmit: a changed code"},
	{"fields", IN_BODY, PARAM_OBJECT, false, 0, "resubmit: the changed row"},
	{"resources", IN_BODY, PARAM_OBJECT, false, 0, "resubmit: the changed resources"},
	{0},
};
static const struct param adjustments_params[] = {
	{"town", IN_QUERY, PARAM_CODE, false, 0, "only this town's"},
	{"status", IN_QUERY, PARAM_CODE, false, 0, "open, applied or dismissed"},
	{0},
};
static const struct param adjustment_new_params[] = {
	{"town", IN_BODY, PARAM_CODE, true, 0, "the town whose list it changes"},
	{"action", IN_BODY, PARAM_CODE, true, 0, "add, remove, move or change"},
	{"task", IN_BODY, PARAM_CODE, true, 0, "the task's code"},
	{"reason", IN_BODY, PARAM_TEXT, true, 2000, "why (理由)"},
	{"fields", IN_BODY, PARAM_OBJECT, false, 0, "move or change: the changed fields"},
	{0},
};
static const struct param adjustment_do_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the adjustment's id"},
	{"action", IN_PATH, PARAM_CODE, true, 0, "apply or dismiss"},
	{"reason", IN_BODY, PARAM_TEXT, true, 2000, "why (理由)"},
	{0},
};
static const struct param repeal_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the basis"},
	{"date", IN_BODY, PARAM_DATE, true, 0, "the date it was repealed"},
	{"reason", IN_BODY, PARAM_TEXT, false, 2000, "what repealed it"},
	{0},
};
static const struct param amend_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the basis"},
	{"effective_date", IN_BODY, PARAM_DATE, true, 0, "the amended version's effective date"},
	{"title", IN_BODY, PARAM_TEXT, false, 400, "the amended title, if it changed"},
	{"doc_no", IN_BODY, PARAM_TEXT, false, 100, "the amended document number"},
	{"note", IN_BODY, PARAM_TEXT, false, 2000, "what changed"},
	{0},
};
static const struct param code_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the basis"},
	{0},
};
static const struct param audit_params[] = {
	{"object", IN_QUERY, PARAM_TEXT, false, 100, "task:ZL-07, town:231086101, or a prefix (basis:)"},
	{"actor", IN_QUERY, PARAM_TEXT, false, 100, "who acted"},
	{"action", IN_QUERY, PARAM_TEXT, false, 60, "an action (review.agree) or its area (review)"},
	{"before", IN_QUERY, PARAM_INT, false, 0, "entries before this id (the next page)"},
	{"limit", IN_QUERY, PARAM_COUNT, false, 1000, "entries per page (default 100)"},
	{0},
};

#define MAY_ADMISSIONS (MAY(ROLE_OFFICE) | MAY(ROLE_DEPARTMENT) | MAY(ROLE_SUPERVISOR))
#define MAY_ADJUSTMENTS                                                                     \
	(MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP) | MAY(ROLE_DEPARTMENT) | MAY(ROLE_SUPERVISOR))

const struct route procedure_routes[] = {
	{"GET", "/admissions", "/admissions", MAY_ADMISSIONS, NULL, list_params, "admissions",
	 "Admission requests (准入); a department sees its own", admissions},
	{"POST", "/admissions", "/admissions", MAY(ROLE_DEPARTMENT), NULL, submit_params, NULL,
	 "A department requests the admission of a new task", admission_new},
	{"GET", "/admissions/{id}", "/admissions/{id}", MAY_ADMISSIONS, NULL, id_params, "admission",
	 "A request with the alike existing tasks beside it", admission_show},
	{"POST", "/admissions/{id}/{action}", "/admissions/{id}/{action}",
	 MAY(ROLE_OFFICE) | MAY(ROLE_DEPARTMENT), NULL, admission_do_params, NULL,
	 "accept, return, resubmit, admit, refuse or withdraw a request", admission_do},
	{"GET", "/adjustments", "/adjustments", MAY_ADJUSTMENTS, NULL, adjustments_params,
	 "adjustments", "Adjustments of lists in force (运行调整); a town sees its own", adjustments},
	{"POST", "/adjustments", "/adjustments", MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP) |
	 MAY(ROLE_DEPARTMENT), NULL, adjustment_new_params, NULL,
	 "Open (office) or request (town, department) an adjustment", adjustment_new},
	{"POST", "/adjustments/{id}/{action}", "/adjustments/{id}/{action}", MAY_OFFICE, NULL,
	 adjustment_do_params, NULL, "Apply (publishes a new version) or dismiss an adjustment",
	 adjustment_do},
	{"POST", "/bases/{code}/repeal", "/bases/{code}/repeal", MAY_OFFICE, NULL, repeal_params,
	 NULL, "Repeal a basis: opens an adjustment for each task resting on it alone", repeal},
	{"POST", "/bases/{code}/amend", "/bases/{code}/amend", MAY_OFFICE, NULL, amend_params, NULL,
	 "Amend a basis: a new version from its effective date", amend},
	{"GET", "/bases/{code}/history", NULL, MAY_ANYONE, NULL, code_params, NULL,
	 "The versions a basis had before its amendments and repeal", history},
	{"GET", "/audit", "/audit", MAY_AUDIT, NULL, audit_params, "audit",
	 "The audit log, newest first, with filters, and its head hash", audit_log},
	{0},
};
