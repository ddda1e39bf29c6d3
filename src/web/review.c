/* review.c - review rounds on the web: the rounds, a round with its towns'
 * drafts and its proposals, proposing, merging, deciding, confirming,
 * publishing; the statistics; a town's versions and their diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/review.h"
#include "../util/json.h"
#include "render.h"
#include "template.h"
#include "view.h"

#define MAY_REVIEW (MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP) | MAY(ROLE_DEPARTMENT) | MAY(ROLE_SUPERVISOR))
#define MAY_OFFICE MAY(ROLE_OFFICE)
#define MAY_PROPOSE (MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP) | MAY(ROLE_DEPARTMENT))

/* Where a form goes back to after a write. */
static void back_to_round(struct response *res, long long round)
{
	char where[64];
	snprintf(where, sizeof where, "/review/%lld?saved=1", round);
	res->redirect = xstrdup(where);
}

static enum status rounds(struct request *req, struct response *res, struct error *e)
{
	json_t *list;
	enum status st = store_rounds(req->store, &list, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *r;
		json_array_foreach(list, i, r) view_label(req, r, "status", "rs");
	}
	res->model = json_pack("{s:o}", "rounds", list);
	return STATUS_OK;
}

static enum status round_open(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	const char *towns = req_text(req, "towns");
	char *list = towns ? xstrdup(towns) : NULL;
	const char *codes[4096];
	size_t n = 0;
	char *save = NULL;
	for (char *tok = list ? strtok_r(list, ", ", &save) : NULL; tok && n < 4096;
	     tok = strtok_r(NULL, ", ", &save))
		codes[n++] = tok;
	int64_t id;
	int number;
	enum status st = review_open_from(req->store, &who, req_text(req, "title"), codes, n,
	                                  (int)req_int(req, "days", 10),
	                                  req_bool(req, "from_catalogue"), &id, &number, e);
	free(list);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to_round(res, id);
		return STATUS_OK;
	}
	res->status = 201;
	return store_round_get(req->store, id, &res->model, e);
}

/* The actions this caller may take on a town's draft, for the page. */
static json_t *town_actions(const struct request *req, json_t *town)
{
	int state = machine_state_from_key(MACHINE_TOWN, json_text(town, "status"));
	struct machine_actor ra = {req->user->role, strcmp(req->user->town, json_text(town, "town")) == 0};
	char allowed[256];
	machine_allowed(MACHINE_TOWN, state, &ra, allowed, sizeof allowed);
	json_t *actions = json_array();
	char *save = NULL;
	for (char *a = strtok_r(allowed, ", ", &save); a; a = strtok_r(NULL, ", ", &save)) {
		char key[48];
		snprintf(key, sizeof key, "act_%s", a);
		json_array_append_new(actions,
		                      json_pack("{s:s, s:O, s:b}", "action", a, "label",
		                                json_object_get(render_messages(req->lang), key),
		                                "needs_reason", strcmp(a, "refuse") == 0));
	}
	return actions;
}

static enum status round_show(struct request *req, struct response *res, struct error *e)
{
	long long id = req_int(req, "id", 0);
	json_t *round, *towns, *proposals;
	enum status st = store_round_get(req->store, id, &round, e);
	if (st != STATUS_OK)
		return st;
	/* a town sees its own proposals; the county sees all */
	const char *only = req->user->role == ROLE_TOWNSHIP ? req->user->town : NULL;
	if ((st = store_round_towns(req->store, id, &towns, e)) != STATUS_OK) {
		json_decref(round);
		return st;
	}
	if ((st = store_proposals(req->store, id, only, 0, &proposals, e)) != STATUS_OK) {
		json_decref(round);
		json_decref(towns);
		return st;
	}
	bool open = strcmp(json_text(round, "status"), "open") == 0;
	size_t i;
	json_t *t;
	view_label(req, round, "status", "rs");
	json_array_foreach(towns, i, t) {
		view_label(req, t, "status", "ts");
		json_object_set_new(t, "actions", open ? town_actions(req, t) : json_array());
		json_object_set_new(t, "mine", json_boolean(req->user->role == ROLE_TOWNSHIP &&
		                                             strcmp(req->user->town, json_text(t, "town")) == 0));
	}
	/* proposals grouped as merged: groups first, then singles */
	json_t *groups = json_array(), *current = NULL;
	json_int_t current_id = -1;
	json_t *p;
	bool office = req->user->role == ROLE_OFFICE;
	json_array_foreach(proposals, i, p) {
		json_int_t gid = json_integer_value(json_object_get(p, "group_id"));
		bool pending = strcmp(json_text(p, "status"), "pending") == 0;
		json_object_set_new(p, "pending", json_boolean(pending));
		view_label(req, p, "status", "ps");
		view_label(req, p, "action", "pa");
		view_label(req, p, "origin", "po");
		json_object_set_new(p, "may_decide", json_boolean(open && pending && office));
		json_object_set_new(p, "may_withdraw",
		                    json_boolean(open && pending &&
		                                 strcmp(json_text(p, "author"), req->user->name) == 0));
		json_error_t jerr;
		json_t *payload = json_loads(json_text(p, "payload"), 0, &jerr);
		json_object_set_new(p, "proposed_name",
		                    json_string(json_string_value(json_object_get(payload, "name"))
		                                        ? json_string_value(json_object_get(payload, "name"))
		                                        : ""));
		json_decref(payload);
		if (!gid || gid != current_id) {
			current = json_pack("{s:I, s:b, s:o, s:b}", "group_id", gid, "grouped", gid != 0,
			                    "proposals", json_array(), "may_decide", 0);
			json_array_append_new(groups, current);
			current_id = gid ? gid : -1;
		}
		json_array_append(json_object_get(current, "proposals"), p);
		if (gid && open && pending && office)
			json_object_set_new(current, "may_decide", json_true());
	}
	json_decref(proposals);
	json_t *stats;
	if ((st = review_stats(req->store, id, &stats, e)) != STATUS_OK) {
		json_decref(round);
		json_decref(towns);
		json_decref(groups);
		return st;
	}
	res->model = json_pack("{s:o, s:o, s:o, s:o, s:b, s:b, s:b}", "round", round, "towns", towns,
	                       "groups", groups, "stats", stats, "open", open, "may_propose",
	                       open && req->user->role != ROLE_SUPERVISOR, "office", office);
	return STATUS_OK;
}

static enum status round_close(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	enum status st = review_close(req->store, &who, id, e);
	if (st == STATUS_OK) {
		if (req->api)
			st = store_round_get(req->store, id, &res->model, e);
		else
			back_to_round(res, id);
	}
	return st;
}

static enum status round_merge(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	size_t groups;
	enum status st = review_merge(req->store, &who, id, &groups, e);
	if (st != STATUS_OK)
		return st;
	if (req->api)
		res->model = json_pack("{s:I}", "groups_made", (json_int_t)groups);
	else
		back_to_round(res, id);
	return STATUS_OK;
}

static enum status propose(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	struct diag d = {0};
	int64_t pid;
	enum status st = review_propose(req->store, &who, id, req_text(req, "town"),
	                                req_text(req, "action"), req_text(req, "task"),
	                                req_object(req, "fields"), req_text(req, "reason"),
	                                req_int(req, "meeting", 0), &pid, &d, e);
	diag_free(&d);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		back_to_round(res, id);
		return STATUS_OK;
	}
	res->status = 201;
	return store_proposal_get(req->store, pid, &res->model, e);
}

static enum status decide(struct request *req, struct response *res, bool group,
                          struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	const char *decision = req_text(req, "decision");
	if (strcmp(decision, "agree") != 0 && strcmp(decision, "reject") != 0)
		return error_set(e, STATUS_INVALID, "decision", "'%s' is not agree or reject",
		                 decision);
	size_t decided;
	enum status st = review_decide(req->store, &who, group ? 0 : id, group ? id : 0,
	                               strcmp(decision, "agree") == 0, req_text(req, "reason"),
	                               &decided, e);
	if (st != STATUS_OK)
		return st;
	json_t *any;
	int64_t round_id = 0;
	if (group)
		st = store_group_round(req->store, id, &round_id, e);
	else if ((st = store_proposal_get(req->store, id, &any, e)) == STATUS_OK) {
		round_id = json_integer_value(json_object_get(any, "round_id"));
		json_decref(any);
	}
	if (st != STATUS_OK)
		return st;
	if (req->api)
		res->model = json_pack("{s:I, s:s}", "decided", (json_int_t)decided, "decision", decision);
	else
		back_to_round(res, round_id);
	return STATUS_OK;
}

static enum status decide_one(struct request *req, struct response *res, struct error *e)
{
	return decide(req, res, false, e);
}

static enum status decide_group(struct request *req, struct response *res, struct error *e)
{
	return decide(req, res, true, e);
}

static enum status withdraw(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	json_t *p;
	enum status st = store_proposal_get(req->store, id, &p, e);
	if (st != STATUS_OK)
		return st;
	long long round_id = json_integer_value(json_object_get(p, "round_id"));
	json_decref(p);
	if ((st = review_withdraw(req->store, &who, id, e)) != STATUS_OK)
		return st;
	if (req->api)
		return store_proposal_get(req->store, id, &res->model, e);
	back_to_round(res, round_id);
	return STATUS_OK;
}

static enum status place(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	enum status st = review_place(req->store, &who, id, req_int(req, "group", 0),
	                              req_bool(req, "new_group"), e);
	if (st != STATUS_OK)
		return st;
	return store_proposal_get(req->store, id, &res->model, e);
}

static enum status town_act(struct request *req, struct response *res, struct error *e)
{
	struct actor who = web_actor(req);
	long long id = req_int(req, "id", 0);
	json_t *state;
	enum status st = review_town_act(req->store, &who, id, req_text(req, "town"),
	                                 req_text(req, "action"), req_text(req, "reason"), &state, e);
	if (st != STATUS_OK)
		return st;
	if (req->api) {
		res->model = state;
	} else {
		json_decref(state);
		back_to_round(res, id);
	}
	return STATUS_OK;
}

/* Bars of an SVG chart: one per row of `rows`, the value of `key`. */
static void bars_svg(json_t *rows, const char *label_key, const char *const *keys,
                     const char *const *classes, size_t nkeys, struct buf *out)
{
	long long max = 1;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		for (size_t k = 0; k < nkeys; k++)
			if (json_integer_value(json_object_get(r, keys[k])) > max)
				max = json_integer_value(json_object_get(r, keys[k]));
	const int row_h = 16 * (int)nkeys + 10, width = 520, left = 110;
	int h = (int)json_array_size(rows) * row_h + 10;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" "
	                "width=\"%d\" height=\"%d\" role=\"img\">",
	           width, h, width, h);
	json_array_foreach(rows, i, r) {
		int y = 5 + (int)i * row_h;
		buf_printf(out, "<text x=\"%d\" y=\"%d\" class=\"label\">", left - 6, y + 14);
		html_escape(out, json_string_value(json_object_get(r, label_key))
		                         ? json_string_value(json_object_get(r, label_key))
		                         : "");
		buf_puts(out, "</text>");
		for (size_t k = 0; k < nkeys; k++) {
			long long v = json_integer_value(json_object_get(r, keys[k]));
			int w = (int)((width - left - 50) * v / max);
			buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" class=\"%s\"/>"
			                "<text x=\"%d\" y=\"%d\" class=\"value\">%lld</text>",
			           left, y + (int)k * 16, w, classes[k], left + w + 4, y + (int)k * 16 + 12, v);
		}
	}
	buf_puts(out, "</svg>");
}

static enum status stats(struct request *req, struct response *res, struct error *e)
{
	long long id = req_int(req, "id", 0);
	json_t *s;
	enum status st = review_stats(req->store, id, &s, e);
	if (st != STATUS_OK)
		return st;
	if (!req->api) {
		static const char *const keys[] = {"agreed", "rejected"};
		static const char *const classes[] = {"agreed", "rejected"};
		struct buf svg = {0};
		bars_svg(json_object_get(s, "by_town"), "town_name", keys, classes, 2, &svg);
		json_object_set_new(s, "town_chart", json_string(buf_str(&svg)));
		buf_reset(&svg);
		if (json_object_get(s, "by_round")) {
			json_t *rows = json_object_get(s, "by_round");
			size_t i;
			json_t *r;
			json_array_foreach(rows, i, r) {
				char label[32];
				snprintf(label, sizeof label, "#%lld",
				         (long long)json_integer_value(json_object_get(r, "number")));
				json_object_set_new(r, "label", json_string(label));
			}
			static const char *const rkeys[] = {"added", "removed"};
			static const char *const rclasses[] = {"added", "removed"};
			bars_svg(rows, "label", rkeys, rclasses, 2, &svg);
			json_object_set_new(s, "round_chart", json_string(buf_str(&svg)));
		}
		buf_free(&svg);
	}
	res->model = s;
	return STATUS_OK;
}

/* A town's versions: the public sees those that were published. */
static enum status versions(struct request *req, struct response *res, struct error *e)
{
	const char *town = req_text(req, "code");
	json_t *all;
	enum status st = store_list_versions(req->store, town, &all, e);
	if (st != STATUS_OK)
		return st;
	const struct user *u = req->user;
	bool drafts = u && (u->role == ROLE_OFFICE || u->role == ROLE_SUPERVISOR ||
	                    u->role == ROLE_ADMIN ||
	                    (u->role == ROLE_TOWNSHIP && strcmp(u->town, town) == 0));
	json_t *shown = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(all, i, v) {
		const char *status = json_text(v, "status");
		if (!req->api) {
			char key[32];
			snprintf(key, sizeof key, "st_%s", status);
			json_object_set(v, "status_label", json_object_get(render_messages(req->lang), key));
		}
		if (drafts || strcmp(status, "published") == 0 || strcmp(status, "superseded") == 0)
			json_array_append(shown, v);
	}
	json_decref(all);
	/* each with the one before it, for a diff link */
	size_t n = json_array_size(shown);
	for (i = 0; i + 1 < n; i++)
		json_object_set(json_array_get(shown, i), "previous",
		                json_object_get(json_array_get(shown, i + 1), "version"));
	res->model = json_pack("{s:s, s:o}", "town", town, "versions", shown);
	return STATUS_OK;
}

static enum status diff(struct request *req, struct response *res, struct error *e)
{
	const char *town = req_text(req, "code");
	long long from = req_int(req, "from", 0), to = req_int(req, "to", 0);
	/* both versions must be visible to the caller */
	json_t *vs;
	enum status st = versions(req, res, e);
	if (st != STATUS_OK)
		return st;
	vs = json_object_get(res->model, "versions");
	bool seen_from = false, seen_to = false;
	size_t i;
	json_t *v;
	json_array_foreach(vs, i, v) {
		seen_from |= json_integer_value(json_object_get(v, "version")) == from;
		seen_to |= json_integer_value(json_object_get(v, "version")) == to;
	}
	json_decref(res->model);
	res->model = NULL;
	if (!seen_from || !seen_to)
		return error_set(e, STATUS_NOT_FOUND, seen_from ? "to" : "from",
		                 "%s has no list version %lld", town, seen_from ? to : from);
	return list_diff(req->store, town, (int)from, (int)to, &res->model, e);
}

static const struct param id_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the round's id"},
	{0},
};
static const struct param stats_params[] = {{0}};
static const struct param open_params[] = {
	{"title", IN_BODY, PARAM_TEXT, true, 200, "the round's title (第一轮)"},
	{"towns", IN_BODY, PARAM_TEXT, false, 40000, "town codes, comma-separated; none: all"},
	{"days", IN_BODY, PARAM_COUNT, false, 250, "the deadline in working days (default 10)"},
	{"from_catalogue", IN_BODY, PARAM_BOOL, false, 0,
	 "start the drafts from the catalogue's items the towns' profiles select, not the lists"},
	{0},
};
static const struct param propose_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the round's id"},
	{"town", IN_BODY, PARAM_CODE, true, 0, "the town whose list it concerns"},
	{"action", IN_BODY, PARAM_CODE, true, 0, "add, remove, move or change"},
	{"task", IN_BODY, PARAM_CODE, true, 0, "the task's code (a new one for a new task)"},
	{"reason", IN_BODY, PARAM_TEXT, true, 2000, "why (理由)"},
	{"fields", IN_BODY, PARAM_OBJECT, false, 0,
	 "proposed task fields (exchange columns): a new task's row, a move's list_type, ..."},
	{"meeting", IN_BODY, PARAM_INT, false, 0, "the meeting (座谈会) it came from"},
	{0},
};
static const struct param decide_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the proposal's or group's id"},
	{"decision", IN_BODY, PARAM_CODE, true, 0, "agree or reject"},
	{"reason", IN_BODY, PARAM_TEXT, true, 2000, "why, for the towns to read"},
	{0},
};
static const struct param proposal_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the proposal's id"},
	{0},
};
static const struct param place_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the proposal's id"},
	{"group", IN_BODY, PARAM_INT, false, 0, "the group to put it in; 0 or none: no group"},
	{"new_group", IN_BODY, PARAM_BOOL, false, 0, "put it in a new group of its own"},
	{0},
};
static const struct param town_act_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the round's id"},
	{"town", IN_PATH, PARAM_CODE, true, 0, "the town"},
	{"action", IN_PATH, PARAM_CODE, true, 0,
	 "town_confirm, office_confirm, refuse, send_back or publish"},
	{"reason", IN_BODY, PARAM_TEXT, false, 2000, "why (required to refuse)"},
	{0},
};
static const struct param town_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the town's code"},
	{0},
};
static const struct param diff_params[] = {
	{"code", IN_PATH, PARAM_CODE, true, 0, "the town's code"},
	{"from", IN_QUERY, PARAM_COUNT, true, 1000000, "the older version"},
	{"to", IN_QUERY, PARAM_COUNT, true, 1000000, "the newer version"},
	{0},
};

const struct route review_routes[] = {
	{"GET", "/review/rounds", "/review", MAY_REVIEW, NULL, NULL, "review",
	 "Review rounds (双向梳理、共同认定)", rounds},
	{"POST", "/review/rounds", "/review", MAY_OFFICE, NULL, open_params, "review",
	 "Open a review round for some or all towns", round_open},
	{"GET", "/review/rounds/{id}", "/review/{id}", MAY_REVIEW, NULL, id_params, "round",
	 "A round: its towns' drafts and its proposals (a town sees its own)", round_show},
	{"POST", "/review/rounds/{id}/close", "/review/{id}/close", MAY_OFFICE, NULL, id_params,
	 NULL, "Close a round", round_close},
	{"POST", "/review/rounds/{id}/merge", "/review/{id}/merge", MAY_OFFICE, NULL, id_params,
	 NULL, "Group the pending proposals about the same task or alike new tasks", round_merge},
	{"POST", "/review/rounds/{id}/proposals", "/review/{id}/proposals", MAY_PROPOSE, NULL,
	 propose_params, NULL, "Propose to add, remove, move or change a task on a town's draft",
	 propose},
	{"POST", "/review/proposals/{id}/decide", "/review/proposals/{id}/decide", MAY_OFFICE, NULL,
	 decide_params, NULL, "Agree or reject a proposal", decide_one},
	{"POST", "/review/groups/{id}/decide", "/review/groups/{id}/decide", MAY_OFFICE, NULL,
	 decide_params, NULL, "Agree or reject every pending proposal of a group", decide_group},
	{"POST", "/review/proposals/{id}/withdraw", "/review/proposals/{id}/withdraw", MAY_PROPOSE,
	 NULL, proposal_params, NULL, "Withdraw one's own pending proposal", withdraw},
	{"POST", "/review/proposals/{id}/group", NULL, MAY_OFFICE, NULL, place_params, NULL,
	 "Correct the grouping by hand", place},
	{"POST", "/review/rounds/{id}/towns/{town}/{action}", "/review/{id}/towns/{town}/{action}",
	 MAY(ROLE_OFFICE) | MAY(ROLE_TOWNSHIP), "town", town_act_params, NULL,
	 "Confirm (town_confirm, office_confirm), refuse, send back or publish a town's draft",
	 town_act},
	{"GET", "/review/stats", "/review/stats", MAY_REVIEW, NULL, stats_params, "review_stats",
	 "Statistics of all rounds, counted from the records", stats},
	{"GET", "/review/rounds/{id}/stats", "/review/{id}/stats", MAY_REVIEW, NULL, id_params,
	 "review_stats", "Statistics of one round, per town", stats},
	{"GET", "/towns/{code}/versions", "/towns/{code}/versions", MAY_ANYONE, NULL, town_params,
	 "versions", "A town's list versions (the public sees published ones)", versions},
	{"GET", "/towns/{code}/diff", "/towns/{code}/diff", MAY_ANYONE, NULL, diff_params, "diff",
	 "What changed between two versions of a town's list", diff},
	{0},
};
