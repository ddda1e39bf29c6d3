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

/* "G-ID": the group (0: none) and the id of the last proposal a page
 * showed; the next page starts after it. */
static enum status parse_cursor(const char *cursor, struct proposal_filter *f, struct error *e)
{
	long long g, id;
	char tail;
	if (sscanf(cursor, "%lld-%lld%c", &g, &id, &tail) != 2 || g < 0 || id < 0)
		return error_set(e, STATUS_INVALID, "cursor",
		                 "cursor: '%.40s' is not a next_cursor of this list", cursor);
	f->after_group = g;
	f->after_id = id;
	return STATUS_OK;
}

/* Labels and the caller's buttons on one proposal of the round's page. */
static void proposal_view(const struct request *req, json_t *p, bool open)
{
	bool pending = strcmp(json_text(p, "status"), "pending") == 0;
	json_object_set_new(p, "pending", json_boolean(pending));
	view_label(req, p, "status", "ps");
	view_label(req, p, "action", "pa");
	view_label(req, p, "origin", "po");
	json_object_set_new(p, "may_decide",
	                    json_boolean(open && pending && req->user->role == ROLE_OFFICE));
	json_object_set_new(p, "may_withdraw",
	                    json_boolean(open && pending &&
	                                 strcmp(json_text(p, "author"), req->user->name) == 0));
	json_error_t jerr;
	json_t *payload = json_loads(json_text(p, "payload"), 0, &jerr);
	const char *name = json_string_value(json_object_get(payload, "name"));
	json_object_set_new(p, "proposed_name", json_string(name ? name : ""));
	json_decref(payload);
}

/* The round's proposals a page at a time (limit, cursor), grouped as
 * merged, each group once with its summary; filtered by town, state or
 * group.  A town sees its own proposals; the county sees all.  The page
 * costs the same for a round of 300 proposals or of 30,000 (bench/review). */
static enum status round_proposals(const struct request *req, long long id, bool open,
                                   json_t *model, struct error *e)
{
	struct proposal_filter f = {
		.town = req->user->role == ROLE_TOWNSHIP ? req->user->town : req_text(req, "town"),
		.status = req_text(req, "status"),
		.limit = (int)req_int(req, "limit", PAGE_DEFAULT),
	};
	long long group = req_int(req, "group", 0);
	const char *cursor = req_text(req, "cursor");
	enum status st = cursor ? parse_cursor(cursor, &f, e) : STATUS_OK;
	if (st == STATUS_OK && f.status && machine_state_from_key(MACHINE_PROPOSAL, f.status) < 0)
		st = error_set(e, STATUS_INVALID, "status",
		               "status: '%s' is not pending, agreed, rejected or withdrawn", f.status);
	/* the filter's choices, the chosen one marked */
	bool town_known = !f.town;
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(model, "towns"), i, t) {
		bool chosen = f.town && strcmp(json_text(t, "town"), f.town) == 0;
		town_known |= chosen;
		json_object_set_new(t, "chosen", json_boolean(chosen));
	}
	if (st == STATUS_OK && !town_known && req->user->role != ROLE_TOWNSHIP)
		st = error_set(e, STATUS_INVALID, "town", "town %s is not in this round", f.town);
	json_t *states = json_array();
	for (int k = 0; k < PROPOSAL_STATE_COUNT; k++) {
		const char *key = machine_state_key(MACHINE_PROPOSAL, k);
		json_t *o = json_pack("{s:s, s:b}", "status", key, "chosen",
		                      f.status && strcmp(f.status, key) == 0);
		view_label(req, o, "status", "ps");
		json_array_append_new(states, o);
	}
	json_object_set_new(model, "states", states);
	json_t *proposals = NULL;
	if (st == STATUS_OK && group) {
		/* one group whole: a group holds a proposal per town at most */
		json_t *all = NULL;
		int64_t round_of = 0;
		if ((st = store_group_round(req->store, group, &round_of, e)) == STATUS_OK &&
		    round_of != id)
			st = error_set(e, STATUS_NOT_FOUND, "group", "group %lld is not of round %lld",
			               group, id);
		if (st == STATUS_OK)
			st = store_group_proposals(req->store, group, &all, e);
		if (st == STATUS_OK) {
			proposals = json_array();
			json_t *p;
			json_array_foreach(all, i, p) {
				if ((!f.town || strcmp(json_text(p, "town"), f.town) == 0) &&
				    (!f.status || strcmp(json_text(p, "status"), f.status) == 0))
					json_array_append(proposals, p);
			}
			json_decref(all);
		}
		f.limit = 0; /* no next page */
	} else if (st == STATUS_OK) {
		f.limit++; /* one more than shown: is there a next page? */
		st = store_proposal_page(req->store, id, &f, &proposals, e);
		f.limit--;
	}
	if (st != STATUS_OK)
		return st;
	json_t *next = json_null();
	if (f.limit && json_array_size(proposals) > (size_t)f.limit) {
		json_array_remove(proposals, (size_t)f.limit);
		json_t *last = json_array_get(proposals, (size_t)f.limit - 1);
		char c[64];
		snprintf(c, sizeof c, "%lld-%lld", (long long)json_int(last, "group_id"),
		         (long long)json_int(last, "id"));
		next = json_string(c);
	}
	/* proposals in groups as merged: a group's members follow each other */
	bool office = req->user->role == ROLE_OFFICE;
	json_t *groups = json_array(), *current = NULL;
	json_int_t current_id = -1;
	json_t *p;
	json_array_foreach(proposals, i, p) {
		json_int_t gid = json_int(p, "group_id");
		proposal_view(req, p, open);
		if (!gid || gid != current_id) {
			current = json_pack("{s:I, s:b, s:o, s:b}", "group_id", gid, "grouped", gid != 0,
			                    "proposals", json_array(), "may_decide", 0);
			if (gid) {
				json_t *summary;
				if ((st = store_group_summary(req->store, gid, &summary, e)) != STATUS_OK) {
					json_decref(current);
					break;
				}
				json_object_update(current, summary);
				json_decref(summary);
				json_object_set_new(current, "may_decide",
				                    json_boolean(open && office &&
				                                 json_int(current, "pending_members") > 0));
			}
			json_array_append_new(groups, current);
			current_id = gid ? gid : -1;
		}
		json_array_append(json_object_get(current, "proposals"), p);
	}
	json_decref(proposals);
	if (st != STATUS_OK) {
		json_decref(groups);
		json_decref(next);
		return st;
	}
	json_object_set_new(model, "groups", groups);
	json_object_set_new(model, "next_cursor", next);
	json_object_set_new(model, "filter",
	                    json_pack("{s:s, s:s, s:I, s:I}", "town", f.town ? f.town : "",
	                              "status", f.status ? f.status : "", "group",
	                              (json_int_t)group, "limit", (json_int_t)req_int(req, "limit", PAGE_DEFAULT)));
	return STATUS_OK;
}

static enum status round_show(struct request *req, struct response *res, struct error *e)
{
	long long id = req_int(req, "id", 0);
	json_t *round, *towns, *stats;
	enum status st = store_round_get(req->store, id, &round, e);
	if (st != STATUS_OK)
		return st;
	if ((st = store_round_towns(req->store, id, &towns, e)) != STATUS_OK) {
		json_decref(round);
		return st;
	}
	if ((st = review_stats(req->store, id, &stats, e)) != STATUS_OK) {
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
	bool office = req->user->role == ROLE_OFFICE;
	json_t *model = json_pack("{s:o, s:o, s:o, s:b, s:b, s:b}", "round", round, "towns", towns,
	                          "stats", stats, "open", open, "may_propose",
	                          open && req->user->role != ROLE_SUPERVISOR, "office", office);
	json_object_set_new(model, "mine_only", json_boolean(req->user->role == ROLE_TOWNSHIP));
	if ((st = round_proposals(req, id, open, model, e)) != STATUS_OK) {
		json_decref(model);
		return st;
	}
	res->model = model;
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
static const struct param round_params[] = {
	{"id", IN_PATH, PARAM_INT, true, 0, "the round's id"},
	{"town", IN_QUERY, PARAM_CODE, false, 0, "only this town's proposals (a town sees its own)"},
	{"status", IN_QUERY, PARAM_CODE, false, 0, "only proposals in this state"},
	{"group", IN_QUERY, PARAM_INT, false, 0, "only this group's proposals"},
	PAGING_PARAMS,
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
	{"GET", "/review/rounds/{id}", "/review/{id}", MAY_REVIEW, NULL, round_params, "round",
	 "A round: its towns' drafts, its statistics and its proposals a page at a time, in "
	 "groups as merged (a town sees its own)", round_show},
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
