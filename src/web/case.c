/* case.c - 监管问责 on the web: cases (the supervisor, the office, the
 * department concerned), their evidence and files, steps and answers; the
 * proposed cases and their refresh; the settings. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/case.h"
#include "../core/machine.h"
#include "../util/json.h"
#include "render.h"
#include "view.h"

static void labels(const struct request *req, json_t *c)
{
	view_label(req, c, "status", "ac_s");
	view_label(req, c, "type", "ac_t");
}

static void back_to(struct response *res, const char *what, long long id)
{
	char where[80];
	snprintf(where, sizeof where, "/%s/%lld?saved=1", what, id);
	res->redirect = xstrdup(where);
}

static enum status cases(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	json_t *all;
	enum status st = case_list(req->store, &who, req_text(req, "department"),
	                           req_bool(req, "overdue"), &all, e);
	if (st != STATUS_OK)
		return st;
	size_t i, overdue = 0;
	json_t *c;
	json_array_foreach(all, i, c) {
		overdue += json_is_true(json_object_get(c, "overdue"));
		if (!req->api)
			labels(req, c);
	}
	enum role r = req->user->role;
	res->model = json_pack("{s:o, s:I, s:b, s:b}", "cases", all, "overdue_count",
	                       (json_int_t)overdue, "may_open", r == ROLE_SUPERVISOR, "may_propose",
	                       r == ROLE_SUPERVISOR || r == ROLE_OFFICE);
	return STATUS_OK;
}

static struct case_evidence_in evidence_of(const struct request *req, const char *prefix)
{
	char k[40], r[40], n[40];
	snprintf(k, sizeof k, "%skind", prefix);
	snprintf(r, sizeof r, "%sref_id", prefix);
	snprintf(n, sizeof n, "%snote", prefix);
	return (struct case_evidence_in){req_text(req, k), req_int(req, r, 0), req_text(req, n),
	                                 NULL, NULL, NULL};
}

static enum status case_new(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	struct case_def c = {req_text(req, "department"), req_bool(req, "agency"),
	                     req_text(req, "type"), req_text(req, "title"), req_text(req, "summary")};
	struct case_evidence_in ev = evidence_of(req, "evidence_");
	int64_t id;
	enum status st = case_open(req->store, &who, &c, &ev, ev.kind ? 1 : 0, &id, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, "cases", id);
		return STATUS_OK;
	}
	res->status = 201;
	return case_view(req->store, &who, id, &res->model, e);
}

static json_t *actions(const struct request *req, const json_t *c)
{
	struct actor who = web_actor(req);
	struct machine_actor ma = {req->user->role, case_own(&who, c)};
	char allowed[256];
	machine_allowed(MACHINE_CASE, machine_state_from_key(MACHINE_CASE, json_text(c, "status")),
	                &ma, allowed, sizeof allowed);
	json_t *out = json_array();
	char *save = NULL;
	for (char *a = strtok_r(allowed, ", ", &save); a; a = strtok_r(NULL, ", ", &save)) {
		if (strcmp(a, "evidence") == 0)
			continue; /* its own form */
		char key[48];
		snprintf(key, sizeof key, "ac_do_%s", a);
		const json_t *m = json_object_get(render_messages(req->lang), key);
		json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:b}", "action", a, "label",
		                                     m ? json_string_value(m) : a, "conclude",
		                                     strcmp(a, "conclude") == 0, "answer",
		                                     strcmp(a, "answer") == 0));
	}
	return out;
}

static enum status case_show(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	enum status st = case_view(req->store, &who, req_int(req, "id", 0), &res->model, e);
	if (st != STATUS_OK || req->api)
		return st;
	labels(req, res->model);
	json_object_set_new(res->model, "actions", actions(req, res->model));
	int state = machine_state_from_key(MACHINE_CASE, json_text(res->model, "status"));
	json_object_set_new(res->model, "may_add_evidence",
	                    json_boolean(req->user->role == ROLE_SUPERVISOR &&
	                                 (state == CASE_OPENED || state == CASE_INVESTIGATING)));
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(res->model, "evidence"), i, x) {
		view_label(req, x, "kind", "ac_ev");
		json_object_set_new(x, "case_id", json_integer(json_int(res->model, "id")));
		json_object_set_new(x, "is_file", json_boolean(strcmp(json_text(x, "kind"), "file") == 0));
		json_object_set_new(x, "is_whistle",
		                    json_boolean(strcmp(json_text(x, "kind"), "whistle") == 0));
	}
	json_array_foreach(json_object_get(res->model, "events"), i, x)
		view_label(req, x, "action", "ac_ev");
	return STATUS_OK;
}

static enum status case_do(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	const char *action = req_text(req, "action");
	const char *text = req_text(req, "text");
	if (action && strcmp(action, "conclude") == 0 && req_text(req, "finding"))
		text = req_text(req, "finding");
	enum status st = case_act(req->store, &who, id, action, text, req_text(req, "measure"), e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, "cases", id);
		return STATUS_OK;
	}
	return case_view(req->store, &who, id, &res->model, e);
}

static enum status evidence_new(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	struct case_evidence_in ev = evidence_of(req, "");
	ev.file_name = req_text(req, "file_name");
	ev.content_type = req_text(req, "content_type");
	ev.content_base64 = req_text(req, "content_base64");
	/* A form uploads the file itself (multipart); the use case takes it in
	 * base64, as the API sends it. */
	size_t len;
	const char *upload = req_bytes(req, "upload", &len);
	char *b64 = NULL;
	if (upload) {
		size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
		b64 = xmalloc(n);
		sodium_bin2base64(b64, n, (const unsigned char *)upload, len,
		                  sodium_base64_VARIANT_ORIGINAL);
		ev.content_base64 = b64;
		if (!ev.file_name)
			ev.file_name = req_text(req, "upload_name");
		if (!ev.content_type)
			ev.content_type = req_text(req, "upload_type");
	}
	int64_t eid;
	enum status st = case_evidence_add(req->store, &who, id, &ev, &eid, e);
	free(b64);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, "cases", id);
		return STATUS_OK;
	}
	res->status = 201;
	return case_view(req->store, &who, id, &res->model, e);
}

/* A file of a case, as an attachment: its name made safe for the header,
 * its type as stored, never sniffed (X-Content-Type-Options: nosniff). */
static enum status file_get(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	char *name = NULL, *type = NULL;
	enum status st = case_file(req->store, &who, req_int(req, "id", 0),
	                           req_int(req, "evidence", 0), &name, &type, &res->body, e);
	if (st != STATUS_OK)
		return st;
	if (req->api) {
		/* JSON carries the bytes as base64, with what the page shows */
		size_t n = res->body.len;
		char *b64 = xmalloc(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL));
		sodium_bin2base64(b64, sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL),
		                  (const unsigned char *)buf_str(&res->body), n,
		                  sodium_base64_VARIANT_ORIGINAL);
		res->model = json_pack("{s:s, s:s, s:I, s:s}", "file_name", name, "content_type", type,
		                       "size", (json_int_t)n, "content_base64", b64);
		free(b64);
		free(name);
		free(type);
		buf_reset(&res->body);
		return STATUS_OK;
	}
	static _Thread_local char safe[96], ctype[104];
	case_safe_filename(name, safe, sizeof safe);
	snprintf(ctype, sizeof ctype, "%s", type);
	free(name);
	free(type);
	res->download = safe;
	res->content_type = ctype;
	return STATUS_OK;
}

/* --- proposals --- */

static enum status proposals(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	json_t *all;
	enum status st = case_proposal_list(req->store, &who, req_text(req, "status"), &all, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *p;
		json_array_foreach(all, i, p) {
			view_label(req, p, "status", "acp_s");
			view_label(req, p, "type", "ac_t");
			json_object_set_new(p, "open",
			                    json_boolean(strcmp(json_text(p, "status"), "proposed") == 0 &&
			                                 req->user->role == ROLE_SUPERVISOR));
		}
	}
	res->model = json_pack("{s:o}", "proposals", all);
	if (!req->api) {
		struct case_settings set;
		if ((st = store_case_settings(req->store, &set, e)) != STATUS_OK)
			return st;
		json_object_set_new(res->model, "settings", case_settings_json(&set));
	}
	return STATUS_OK;
}

static enum status refresh(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	int created;
	enum status st = case_proposals_refresh(req->store, &who, req_text(req, "from"),
	                                        req_text(req, "to"), &created, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		res->redirect = xstrdup("/cases/proposed?saved=1");
		return STATUS_OK;
	}
	res->model = json_pack("{s:i}", "created", created);
	return STATUS_OK;
}

static enum status proposal_show(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	return case_proposal_view(req->store, &who, req_int(req, "id", 0), &res->model, e);
}

static enum status proposal_do(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	int64_t case_id;
	enum status st = case_proposal_decide(req->store, &who, id, req_text(req, "action"),
	                                      req_text(req, "reason"), &case_id, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		if (case_id)
			back_to(res, "cases", case_id);
		else
			res->redirect = xstrdup("/cases/proposed?saved=1");
		return STATUS_OK;
	}
	st = case_proposal_view(req->store, &who, id, &res->model, e);
	if (st == STATUS_OK && case_id)
		res->status = 201;
	return st;
}

/* --- settings --- */

static enum status settings_get(struct request *req, struct response *res, struct error *e)
{
	struct case_settings set;
	enum status st = store_case_settings(req->store, &set, e);
	if (st == STATUS_OK)
		res->model = case_settings_json(&set);
	return st;
}

static enum status settings_set(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	struct case_settings set;
	enum status st = store_case_settings(req->store, &set, e);
	if (st != STATUS_OK)
		return st;
	struct {
		const char *name;
		int *field;
	} fields[] = {{"investigate_days", &set.investigate_days},
	              {"conclude_days", &set.conclude_days},
	              {"close_days", &set.close_days},
	              {"overdue_threshold", &set.overdue_threshold},
	              {"window_days", &set.window_days}};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (req_text(req, fields[i].name))
			*fields[i].field = (int)req_int(req, fields[i].name, *fields[i].field);
	if ((st = case_settings_set(req->store, &who, &set, e)) != STATUS_OK)
		return st;
	if (!req->api) {
		res->redirect = xstrdup("/cases/proposed?saved=1");
		return STATUS_OK;
	}
	res->model = case_settings_json(&set);
	return STATUS_OK;
}

static const struct param list_params[] = {
	{"department", IN_QUERY, PARAM_CODE, false, 0, "only against this department"},
	{"overdue", IN_QUERY, PARAM_BOOL, false, 0, "only those past a step's deadline"},
	{0},
};
static const struct param open_params[] = {
	{"department", IN_BODY, PARAM_CODE, true, 0, "the department concerned"},
	{"agency", IN_BODY, PARAM_BOOL, false, 0, "against its dispatched agency (派出机构)"},
	{"type", IN_BODY, PARAM_CODE, true, 0,
	 "inaction 不作为, misconduct 乱作为, slowness 慢作为, falsity 假作为, outside_list 清单外派活"},
	{"title", IN_BODY, PARAM_TEXT, true, 400, "what the case is about"},
	{"summary", IN_BODY, PARAM_TEXT, false, 4000, "the facts so far"},
	{"evidence_kind", IN_BODY, PARAM_CODE, false, 0,
	 "a first piece of evidence: whistle, notice, adjustment or complaint"},
	{"evidence_ref_id", IN_BODY, PARAM_COUNT, false, 0, "its id (whistle, notice, adjustment)"},
	{"evidence_note", IN_BODY, PARAM_TEXT, false, 4000, "its note (a complaint: its text)"},
	{0},
};
static const struct param id_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the case's id"},
	{0},
};
static const struct param do_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the case's id"},
	{"action", IN_PATH, PARAM_CODE, true, 0, "investigate, conclude, close or answer"},
	{"text", IN_BODY, PARAM_TEXT, false, 4000, "answer: the department's answer"},
	{"finding", IN_BODY, PARAM_TEXT, false, 4000, "conclude: the finding"},
	{"measure", IN_BODY, PARAM_TEXT, false, 2000, "conclude: the measure taken (问责措施)"},
	{0},
};
static const struct param evidence_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the case's id"},
	{"kind", IN_BODY, PARAM_CODE, true, 0, "whistle, notice, adjustment, complaint or file"},
	{"ref_id", IN_BODY, PARAM_COUNT, false, 0, "whistle, notice, adjustment: its id"},
	{"note", IN_BODY, PARAM_TEXT, false, 4000, "a note (a complaint: its text)"},
	{"file_name", IN_BODY, PARAM_TEXT, false, 200, "file: its name"},
	{"content_type", IN_BODY, PARAM_TEXT, false, 100, "file: its type, e.g. application/pdf"},
	{"content_base64", IN_BODY, PARAM_TEXT, false, 700000,
	 "file: its bytes in base64 (at most 512 KiB decoded)"},
	{"upload", IN_BODY, PARAM_FILE, false, 512 * 1024,
	 "file, from a form: the uploaded file (multipart; its name and type come with it)"},
	{"upload_name", IN_BODY, PARAM_TEXT, false, 200, "file, from a form: the upload's name"},
	{"upload_type", IN_BODY, PARAM_TEXT, false, 100, "file, from a form: the upload's type"},
	{0},
};
static const struct param file_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the case's id"},
	{"evidence", IN_PATH, PARAM_INT, true, 0, "the file's evidence id"},
	{0},
};
static const struct param proposals_params[] = {
	{"status", IN_QUERY, PARAM_CODE, false, 0, "proposed, accepted or dismissed"},
	{0},
};
static const struct param refresh_params[] = {
	{"from", IN_BODY, PARAM_DATE, false, 0, "evidence from this day (default: the window)"},
	{"to", IN_BODY, PARAM_DATE, false, 0, "up to this day (default: today)"},
	{0},
};
static const struct param proposal_do_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the proposed case's id"},
	{"action", IN_PATH, PARAM_CODE, true, 0, "accept or dismiss"},
	{"reason", IN_BODY, PARAM_TEXT, false, 2000, "dismiss: why (required); accept: a summary"},
	{0},
};
static const struct param proposal_id_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the proposed case's id"},
	{0},
};
static const struct param settings_params[] = {
	{"investigate_days", IN_BODY, PARAM_COUNT, false, 365,
	 "investigation begins within, working days of opening"},
	{"conclude_days", IN_BODY, PARAM_COUNT, false, 365,
	 "the conclusion within, working days of opening"},
	{"close_days", IN_BODY, PARAM_COUNT, false, 365, "closed within, working days of the conclusion"},
	{"overdue_threshold", IN_BODY, PARAM_COUNT, false, 10000,
	 "late whistles of a department that make a proposed case"},
	{"window_days", IN_BODY, PARAM_COUNT, false, 3660,
	 "the days back from today a refresh counts by default"},
	{0},
};

#define SUPERVISOR_ONLY MAY(ROLE_SUPERVISOR)
#define OVERSIGHT (MAY(ROLE_SUPERVISOR) | MAY(ROLE_OFFICE))
#define MAY_SEE_CASE (OVERSIGHT | MAY(ROLE_DEPARTMENT))

const struct route case_routes[] = {
	{"GET", "/cases", "/cases", MAY_SEE_CASE, NULL, list_params, "cases",
	 "Accountability cases (监管问责): the supervisor and the office all, a department its own",
	 cases},
	{"POST", "/cases", "/cases", SUPERVISOR_ONLY, NULL, open_params, NULL,
	 "The supervisor opens a case against a department or its agency", case_new},
	{"GET", "/cases/proposed", "/cases/proposed", OVERSIGHT, NULL, proposals_params,
	 "case_proposals", "Cases the system proposes from evidence", proposals},
	{"POST", "/cases/proposed/refresh", "/cases/proposed/refresh", OVERSIGHT, NULL,
	 refresh_params, NULL, "Proposes cases from new evidence (the same evidence once)", refresh},
	{"GET", "/cases/proposed/{id}", NULL, OVERSIGHT, NULL, proposal_id_params, NULL,
	 "A proposed case with its evidence", proposal_show},
	{"POST", "/cases/proposed/{id}/{action}", "/cases/proposed/{id}/{action}", SUPERVISOR_ONLY,
	 NULL, proposal_do_params, NULL,
	 "The supervisor accepts (a case opens, evidence linked) or dismisses a proposed case",
	 proposal_do},
	{"GET", "/cases/settings", NULL, OVERSIGHT, NULL, NULL, NULL,
	 "The cases' deadlines and the proposals' threshold", settings_get},
	{"POST", "/cases/settings", "/cases/settings", OVERSIGHT, NULL, settings_params, NULL,
	 "The office or the supervisor sets the deadlines and the threshold", settings_set},
	{"GET", "/cases/{id}", "/cases/{id}", MAY_SEE_CASE, NULL, id_params, "case",
	 "A case with its evidence, steps and answers", case_show},
	{"POST", "/cases/{id}/evidence", "/cases/{id}/evidence", SUPERVISOR_ONLY, NULL,
	 evidence_params, NULL, "The supervisor links evidence (a file: base64, at most 512 KiB)",
	 evidence_new},
	{"GET", "/cases/{id}/files/{evidence}", "/cases/{id}/files/{evidence}", MAY_SEE_CASE, NULL,
	 file_params, NULL, "A file of a case (the API: base64 in JSON; the page: a download)",
	 file_get},
	{"POST", "/cases/{id}/{action}", "/cases/{id}/{action}", MAY_SEE_CASE, NULL, do_params, NULL,
	 "investigate, conclude or close (the supervisor); answer (the department concerned)",
	 case_do},
	{0},
};
