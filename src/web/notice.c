/* notice.c - notices to towns (防护屏障) on the web: the register of
 * screened notices, submitting one (pasted or uploaded), a notice's page
 * with each finding highlighted in its text, its steps, an out-of-list
 * finding turned into an admission request, and the statistics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/machine.h"
#include "../util/json.h"
#include "render.h"
#include "view.h"

#define MAY_SEE (MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP) | MAY(ROLE_DEPARTMENT) | MAY(ROLE_SUPERVISOR))
#define MAX_TOWNS 64

static void labels(const struct request *req, json_t *n)
{
	view_label(req, n, "status", "nt_s");
	view_label(req, n, "verdict", "nt_v");
}

static json_t *all_towns(struct request *req, const json_t *picked, struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	if (store_catalog_cached(req->store, &c, &ix, e) != STATUS_OK)
		return NULL;
	json_t *out = json_array();
	for (size_t i = 0; i < c->ntowns; i++) {
		bool on = false;
		size_t k;
		json_t *p;
		json_array_foreach(picked, k, p) on |= strcmp(json_text(p, "code"), c->towns[i].code) == 0;
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "code", c->towns[i].code, "name",
		                                     c->towns[i].name, "checked", on));
	}
	return out;
}

/* The addressed towns of a request: `towns` (comma- or space-separated
 * codes; the API) and the form's checkboxes pick.CODE.  Pointers into the
 * request and buf; *given says whether any field named them. */
static size_t request_towns(const struct request *req, const char *out[MAX_TOWNS], char *buf,
                            size_t bufsz, bool *given)
{
	size_t n = 0, used = 0;
	const char *list = req_text(req, "towns");
	*given = list != NULL;
	if (list) {
		for (const char *p = list; *p && n < MAX_TOWNS;) {
			p += strspn(p, ", ");
			size_t k = strcspn(p, ", ");
			if (k && used + k + 1 <= bufsz) {
				memcpy(buf + used, p, k);
				buf[used + k] = '\0';
				out[n++] = buf + used;
				used += k + 1;
			}
			p += k;
		}
	}
	json_t *pick = req_object(req, "pick");
	const char *key;
	json_t *v;
	json_object_foreach(pick, key, v) {
		*given = true;
		if (n < MAX_TOWNS)
			out[n++] = key;
	}
	return n;
}

static enum status notices(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	json_t *all;
	enum status st =
		notice_list(req->store, &who, req_text(req, "department"), req_text(req, "status"), &all, e);
	if (st != STATUS_OK)
		return st;
	size_t i, flagged = 0, despite = 0;
	json_t *n;
	json_array_foreach(all, i, n) {
		flagged += json_integer_value(json_object_get(n, "violations")) > 0;
		despite += json_is_true(json_object_get(n, "despite"));
		if (!req->api)
			labels(req, n);
	}
	res->model = json_pack("{s:o, s:I, s:I}", "notices", all, "with_violations",
	                       (json_int_t)flagged, "issued_despite", (json_int_t)despite);
	if (!req->api && req->user->role != ROLE_DEPARTMENT && req->user->role != ROLE_TOWNSHIP) {
		/* the office's and supervisors' filters */
		const struct catalog *c;
		const struct catalog_index *ix;
		if ((st = store_catalog_cached(req->store, &c, &ix, e)) != STATUS_OK)
			return st;
		json_t *depts = json_array();
		const char *picked = req_text(req, "department");
		for (size_t k = 0; k < c->ndepartments; k++)
			json_array_append_new(depts, json_pack("{s:s, s:s, s:b}", "code",
			                                       c->departments[k].code, "name",
			                                       c->departments[k].name, "selected",
			                                       picked && strcmp(picked, c->departments[k].code) == 0));
		json_t *states = json_array();
		const char *status = req_text(req, "status");
		for (int k = NOTICE_CLEAN; k < NOTICE_STATE_COUNT; k++) {
			json_t *o = json_pack("{s:s, s:b}", "status", machine_state_key(MACHINE_NOTICE, k),
			                      "selected",
			                      status && strcmp(status, machine_state_key(MACHINE_NOTICE, k)) == 0);
			view_label(req, o, "status", "nt_s");
			json_array_append_new(states, o);
		}
		json_object_set_new(res->model, "filters",
		                    json_pack("{s:o, s:o}", "departments", depts, "states", states));
	}
	if (!req->api && req->user->role == ROLE_DEPARTMENT) {
		json_t *towns = all_towns(req, NULL, e);
		if (!towns)
			return e->status;
		json_object_set_new(res->model, "may_submit", json_true());
		json_object_set_new(res->model, "towns", towns);
	}
	return STATUS_OK;
}

static void back_to(struct response *res, long long id)
{
	char where[64];
	snprintf(where, sizeof where, "/notices/%lld?saved=1", id);
	res->redirect = xstrdup(where);
}

/* The text of a submission: the uploaded file when there is one, else
 * the pasted text. */
static void request_text(const struct request *req, struct notice_input *in)
{
	size_t len;
	const char *file = req_bytes(req, "file", &len);
	if (file) {
		in->data = file;
		in->len = len;
		in->data_field = "file";
	} else {
		in->data = req_text(req, "text");
		in->len = in->data ? strlen(in->data) : 0;
		in->data_field = "text";
	}
}

static enum status view(struct request *req, long long id, int revision, struct response *res,
                        struct error *e);

static enum status notice_new(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	const char *towns[MAX_TOWNS];
	char buf[1024];
	bool given;
	size_t n = request_towns(req, towns, buf, sizeof buf, &given);
	struct notice_input in = {req_text(req, "department"), req_text(req, "title"), towns, n,
	                          NULL, 0, NULL, req_text(req, "note")};
	request_text(req, &in);
	int64_t id;
	enum status st = notice_submit(req->store, &who, &in, &id, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id);
		return STATUS_OK;
	}
	res->status = 201;
	return view(req, id, 0, res, e);
}

static enum status notice_revise_do(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	const char *towns[MAX_TOWNS];
	char buf[1024];
	bool given;
	size_t n = request_towns(req, towns, buf, sizeof buf, &given);
	struct notice_input in = {NULL, req_text(req, "title"), given ? towns : NULL, n, NULL, 0, NULL,
	                          req_text(req, "note")};
	request_text(req, &in);
	long long id = req_int(req, "id", 0);
	enum status st = notice_revise(req->store, &who, id, &in, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id);
		return STATUS_OK;
	}
	return view(req, id, 0, res, e);
}

static enum status notice_do(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	enum status st = notice_act(req->store, &who, id, req_text(req, "action"), req_text(req, "note"),
	                            e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to(res, id);
		return STATUS_OK;
	}
	return view(req, id, 0, res, e);
}

/* The text cut into runs: plain text, and each finding's sentence marked
 * with its findings (several findings may share a sentence).  Offsets
 * are bytes of the revision's UTF-8 text; the template escapes each run. */
static json_t *segments(const char *body, const json_t *findings)
{
	json_t *out = json_array();
	size_t len = strlen(body), at = 0, i = 0, nf = json_array_size(findings);
	while (i < nf) {
		const json_t *f = json_array_get(findings, i);
		size_t off = (size_t)json_int(f, "offset"), flen = (size_t)json_int(f, "length");
		if (off < at || off + flen > len) { /* overlapping or out of range: not marked */
			i++;
			continue;
		}
		if (off > at)
			json_array_append_new(out, json_pack("{s:s%, s:b}", "text", body + at, off - at,
			                                     "mark", 0));
		json_t *refs = json_array();
		bool violation = false, check = false;
		for (; i < nf; i++) {
			const json_t *g = json_array_get(findings, i);
			if ((size_t)json_int(g, "offset") != off)
				break;
			violation |= json_is_true(json_object_get(g, "violation"));
			check |= json_is_true(json_object_get(g, "low_confidence"));
			json_array_append_new(refs, json_pack("{s:I}", "seq", (json_int_t)json_int(g, "seq")));
		}
		json_array_append_new(out, json_pack("{s:s%, s:b, s:s, s:b, s:o}", "text", body + off, flen,
		                                     "mark", 1, "cls", violation ? "violation" : "fits",
		                                     "check", check, "refs", refs));
		at = off + flen;
	}
	if (at < len)
		json_array_append_new(out, json_pack("{s:s, s:b}", "text", body + at, "mark", 0));
	return out;
}

/* The steps this caller may take, with what each form asks for. */
static json_t *actions(const struct request *req, const json_t *n)
{
	struct actor who = web_actor(req);
	struct machine_actor ma = {req->user->role, notice_own(&who, n)};
	char allowed[256];
	int state = machine_state_from_key(MACHINE_NOTICE, json_text(n, "status"));
	machine_allowed(MACHINE_NOTICE, state, &ma, allowed, sizeof allowed);
	json_t *out = json_array();
	char *save = NULL;
	for (char *a = strtok_r(allowed, ", ", &save); a; a = strtok_r(NULL, ", ", &save)) {
		if (strcmp(a, "revise") == 0)
			continue; /* a form of its own, with the text */
		bool despite = strcmp(a, "issue") == 0 &&
		               (state == NOTICE_FLAGGED || state == NOTICE_RETURNED);
		char key[48];
		snprintf(key, sizeof key, despite ? "nt_do_issue_despite" : "nt_do_%s", a);
		const json_t *m = json_object_get(render_messages(req->lang), key);
		bool needs_note = despite || strcmp(a, "clear") == 0 || strcmp(a, "return") == 0;
		json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:b}", "action", a, "label",
		                                     m ? json_string_value(m) : a, "needs_note",
		                                     needs_note, "despite", despite));
	}
	return out;
}

static json_t *categories(void)
{
	json_t *out = json_array();
	for (int i = 0; i < CATEGORY_COUNT; i++)
		json_array_append_new(out, json_string(category_info[i].name));
	return out;
}

static enum status view(struct request *req, long long id, int revision, struct response *res,
                        struct error *e)
{
	struct actor who = web_actor(req);
	enum status st = notice_view(req->store, &who, id, revision, &res->model, e);
	if (st != STATUS_OK || req->api)
		return st;
	json_t *n = res->model;
	labels(req, n);
	json_t *shown = json_object_get(n, "shown");
	json_t *findings = json_object_get(n, "findings");
	json_object_set_new(n, "segments", segments(json_text(shown, "body"), findings));
	json_object_set_new(n, "actions", actions(req, n));
	int state = machine_state_from_key(MACHINE_NOTICE, json_text(n, "status"));
	bool own = notice_own(&who, n) && req->user->role == ROLE_DEPARTMENT;
	bool open = state != NOTICE_ISSUED && state != NOTICE_WITHDRAWN;
	bool current = json_is_true(json_object_get(shown, "current"));
	bool may_revise = own && open && state != NOTICE_UNDER_REVIEW;
	json_object_set_new(n, "may_revise", json_boolean(may_revise));
	if (may_revise) {
		json_t *towns = all_towns(req, json_object_get(n, "towns"), e);
		if (!towns)
			return e->status;
		json_object_set_new(n, "all_town_choices", towns);
	}
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		view_label(req, f, "verdict", "nt_v");
		/* why it is a violation, in the page's language */
		const char *verdict = json_text(f, "verdict");
		const char *why = strcmp(verdict, "reclaimed") == 0 ? "nt_why_reclaimed"
		                  : strcmp(verdict, "out_of_list") != 0 ? NULL
		                  : *json_text(f, "unlisted")          ? "nt_why_unlisted"
		                                                       : "nt_why_out_of_list";
		const json_t *m = why ? json_object_get(render_messages(req->lang), why) : NULL;
		if (m)
			json_object_set(f, "why", (json_t *)m);
		bool ask = own && open && current &&
		           strcmp(json_text(f, "verdict"), "out_of_list") == 0 &&
		           !json_is_integer(json_object_get(f, "admission"));
		if (ask) {
			json_t *pre = notice_admission_prefill(f, json_text(n, "department"));
			json_object_set_new(pre, "categories", categories());
			json_object_set_new(f, "prefill", pre);
		}
	}
	json_array_foreach(json_object_get(n, "events"), i, f)
		view_label(req, f, "action", "nt_ev");
	json_array_foreach(json_object_get(n, "revisions"), i, f)
		json_object_set_new(f, "shown",
		                    json_boolean(json_int(f, "number") == json_int(shown, "number")));
	return STATUS_OK;
}

static enum status notice_show(struct request *req, struct response *res, struct error *e)
{
	return view(req, req_int(req, "id", 0), (int)req_int(req, "revision", 0), res, e);
}

static enum status finding_admission(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	json_t *fields = req_object(req, "fields");
	json_t *resources = req_object(req, "resources");
	json_t *res_copy = resources ? json_deep_copy(resources) : NULL;
	/* a form's checkbox says none as "on" */
	const json_t *none = res_copy ? json_object_get(res_copy, "none") : NULL;
	if (json_is_string(none)) {
		const char *v = json_string_value(none);
		bool yes = strcmp(v, "on") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
		json_object_set_new(res_copy, "none", json_boolean(yes));
	}
	int64_t admission;
	json_t *similar = NULL;
	struct diag d = {0};
	enum status st = notice_admission(req->store, &who, req_int(req, "finding", 0),
	                                  req_text(req, "task"), fields, res_copy, &admission,
	                                  &similar, &d, e);
	diag_free(&d);
	json_decref(res_copy);
	if (st != STATUS_OK) {
		json_decref(similar);
		return st;
	}
	if (!req->api) {
		json_decref(similar);
		char where[64];
		snprintf(where, sizeof where, "/admissions/%lld?saved=1", (long long)admission);
		res->redirect = xstrdup(where);
		return STATUS_OK;
	}
	res->status = 201;
	res->model = json_pack("{s:I, s:I, s:o}", "admission", (json_int_t)admission, "finding",
	                       (json_int_t)req_int(req, "finding", 0), "similar",
	                       similar ? similar : json_array());
	return STATUS_OK;
}

static enum status stats(struct request *req, struct response *res, struct error *e)
{
	enum status st = notice_stats(req->store, req_text(req, "from"), req_text(req, "to"),
	                              &res->model, e);
	if (st != STATUS_OK || req->api)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(res->model, "departments"), i, r) {
		const json_t *v = json_object_get(r, "violation_rate");
		char pct[16] = "";
		if (json_is_number(v))
			snprintf(pct, sizeof pct, "%.0f%%", 100 * json_number_value(v));
		json_object_set_new(r, "violation_rate_pct", json_string(pct));
	}
	enum role role = req->user->role;
	if (role == ROLE_OFFICE || role == ROLE_SUPERVISOR) {
		json_t *despite;
		if ((st = notice_issued_despite(req->store, NULL, req_text(req, "from"),
		                                req_text(req, "to"), &despite, e)) != STATUS_OK)
			return st;
		json_object_set_new(res->model, "despite", despite);
		json_object_set_new(res->model, "may_see_despite", json_true());
	}
	return STATUS_OK;
}

static enum status despite(struct request *req, struct response *res, struct error *e)
{
	json_t *rows;
	enum status st = notice_issued_despite(req->store, req_text(req, "department"),
	                                       req_text(req, "from"), req_text(req, "to"), &rows, e);
	if (st == STATUS_OK)
		res->model = json_pack("{s:o}", "notices", rows);
	return st;
}

static const struct param list_params[] = {
	{"department", IN_QUERY, PARAM_CODE, false, 0, "only this department's (the office)"},
	{"status", IN_QUERY, PARAM_CODE, false, 0,
	 "clean, flagged, under_review, returned, cleared, issued or withdrawn"},
	{0},
};
static const struct param submit_params[] = {
	{"title", IN_BODY, PARAM_TEXT, true, 200, "the notice's title"},
	{"text", IN_BODY, PARAM_TEXT, false, 1024 * 1024, "the notice's text (or file)"},
	{"file", IN_BODY, PARAM_FILE, false, 1024 * 1024,
	 "the notice as a file: text (UTF-8, GBK/GB18030) or .docx (base64 in JSON)"},
	{"towns", IN_BODY, PARAM_TEXT, false, 2000,
	 "the addressed towns' codes, comma-separated; none: all towns"},
	{"pick", IN_BODY, PARAM_OBJECT, false, 0, "forms: the addressed towns' checkboxes pick.CODE"},
	{"department", IN_BODY, PARAM_CODE, false, 0, "the department (a department user's own)"},
	{"note", IN_BODY, PARAM_TEXT, false, 2000, "a note for the history"},
	{0},
};
static const struct param id_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the notice's id"},
	{"revision", IN_QUERY, PARAM_COUNT, false, 100000, "show this revision (default: current)"},
	{0},
};
static const struct param revise_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the notice's id"},
	{"text", IN_BODY, PARAM_TEXT, false, 1024 * 1024, "the revised text (or file)"},
	{"file", IN_BODY, PARAM_FILE, false, 1024 * 1024,
	 "the revised notice as a file, text or .docx (base64 in JSON)"},
	{"title", IN_BODY, PARAM_TEXT, false, 200, "a new title (default: kept)"},
	{"towns", IN_BODY, PARAM_TEXT, false, 2000,
	 "the addressed towns, comma-separated (absent: kept)"},
	{"pick", IN_BODY, PARAM_OBJECT, false, 0, "forms: the addressed towns' checkboxes pick.CODE"},
	{"note", IN_BODY, PARAM_TEXT, false, 2000, "what changed"},
	{0},
};
static const struct param do_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the notice's id"},
	{"action", IN_PATH, PARAM_CODE, true, 0,
	 "request_review, clear, return, issue or withdraw"},
	{"note", IN_BODY, PARAM_TEXT, false, 2000,
	 "why: required to clear or return, and to issue a notice with violations"},
	{0},
};
static const struct param admission_params[] = {
	{"finding", IN_PATH, PARAM_INT, true, 0, "the finding's id (out_of_list)"},
	{"task", IN_BODY, PARAM_CODE, true, 0, "the new task's code (ZL-120)"},
	{"fields", IN_BODY, PARAM_OBJECT, false, 0,
	 "the task's exchange columns, over what the finding suggests (category, bases, ...)"},
	{"resources", IN_BODY, PARAM_OBJECT, false, 0,
	 "what comes with it: {staff, funds, equipment} or {none: true, note}"},
	{0},
};
static const struct param stats_params[] = {
	{"from", IN_QUERY, PARAM_DATE, false, 0, "notices created from this day"},
	{"to", IN_QUERY, PARAM_DATE, false, 0, "up to and including this day"},
	{0},
};
static const struct param despite_params[] = {
	{"department", IN_QUERY, PARAM_CODE, false, 0, "only this department's"},
	{"from", IN_QUERY, PARAM_DATE, false, 0, "issued from this day"},
	{"to", IN_QUERY, PARAM_DATE, false, 0, "up to and including this day"},
	{0},
};

const struct route notice_routes[] = {
	{"GET", "/notices", "/notices", MAY_SEE, NULL, list_params, "notices",
	 "Screened notices (防护屏障) with their verdicts: a department sees its own, a town those "
	 "issued to it, the office and supervisors all",
	 notices},
	{"POST", "/notices", "/notices", MAY(ROLE_DEPARTMENT), NULL, submit_params, NULL,
	 "A department submits a notice to towns; it is screened against their lists", notice_new},
	{"GET", "/notices/stats", "/notices/stats", MAY_SEE, NULL, stats_params, "notice_stats",
	 "Per department: notices, with violations, issued, issued despite violations, violation "
	 "findings",
	 stats},
	{"GET", "/notices/despite", NULL, MAY(ROLE_OFFICE) | MAY(ROLE_SUPERVISOR), NULL,
	 despite_params, NULL,
	 "Notices issued despite violations (evidence for accountability, 监管问责)", despite},
	{"POST", "/notices/findings/{finding}/admission", "/notices/findings/{finding}/admission",
	 MAY(ROLE_DEPARTMENT), NULL, admission_params, NULL,
	 "Turns an out-of-list finding into an admission request (准入) in one step",
	 finding_admission},
	{"GET", "/notices/{id}", "/notices/{id}", MAY_SEE, NULL, id_params, "notice",
	 "A notice: its text with the findings, its revisions and steps", notice_show},
	{"POST", "/notices/{id}/revise", "/notices/{id}/revise", MAY(ROLE_DEPARTMENT), NULL,
	 revise_params, NULL, "The department revises its notice: screened again", notice_revise_do},
	{"POST", "/notices/{id}/{action}", "/notices/{id}/{action}",
	 MAY(ROLE_OFFICE) | MAY(ROLE_DEPARTMENT), NULL, do_params, NULL,
	 "request_review, clear, return, issue or withdraw a notice", notice_do},
	{0},
};
