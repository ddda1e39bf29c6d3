/* review.c - the review round use cases (双向梳理、共同认定): open a round,
 * propose, merge, decide, confirm jointly, publish, close; and the diff of
 * two list versions.  Every write is one transaction with its audit entry;
 * every move of a state goes through core/review.c's tables. */
#include "../core/review.h"
#include "../core/rules.h"
#include "../io/catalog_csv.h"
#include "../store/consult.h"
#include "../util/buf.h"
#include "../util/date.h"
#include "../util/json.h"
#include "app.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>



/* The round, which must be open. */
static enum status open_round(struct store *s, int64_t round_id, json_t **round, struct error *e)
{
	enum status st = store_round_get(s, round_id, round, e);
	if (st == STATUS_OK && strcmp(json_text(*round, "status"), "open") != 0) {
		json_decref(*round);
		*round = NULL;
		return error_set(e, STATUS_CONFLICT, "round",
		                 "review round %lld is closed; nothing in it changes any more",
		                 (long long)round_id);
	}
	return st;
}

static void calendar_of(const struct catalog *c, struct calendar *cal)
{
	for (size_t i = 0; i < c->ncalendar; i++) {
		long day;
		if (date_parse(c->calendar[i].date, &day))
			calendar_add(cal, day,
			             strcmp(c->calendar[i].kind, "班") == 0 ? CAL_WORK : CAL_REST);
	}
	calendar_sort(cal);
}

enum status review_open(struct store *s, const struct actor *who, const char *title,
                        const char *const *towns, size_t ntowns, int days, int64_t *round_id,
                        int *number, struct error *e)
{
	return review_open_from(s, who, title, towns, ntowns, days, false, round_id, number, e);
}

enum status review_open_from(struct store *s, const struct actor *who, const char *title,
                             const char *const *towns, size_t ntowns, int days,
                             bool from_catalogue, int64_t *round_id, int *number,
                             struct error *e)
{
	if (app_role(who) != ROLE_OFFICE)
		return error_set(e, STATUS_FORBIDDEN, NULL, "only the office opens review rounds");
	if (!title || !*title)
		return error_set(e, STATUS_INVALID, "title", "a round needs a title");
	if (days < 1 || days > 250)
		return error_set(e, STATUS_INVALID, "days",
		                 "the deadline is 1 to 250 working days away");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	struct catalog c = {0};
	struct calendar cal = {0};
	struct catalog_index ix = {0};
	st = store_catalog_load(s, &c, e);
	if (st != STATUS_OK)
		goto done;
	catalog_index_build(&ix, &c);
	calendar_of(&c, &cal);
	char deadline[11];
	date_format(calendar_add_workdays(&cal, date_today(), days), deadline);
	if ((st = store_round_create(s, title, who->name, deadline, round_id, number, e)) != STATUS_OK)
		goto done;
	size_t n = ntowns ? ntowns : c.ntowns;
	json_t *opened = json_array();
	for (size_t i = 0; i < n && st == STATUS_OK; i++) {
		const struct town *t = ntowns ? index_town(&ix, towns[i]) : &c.towns[i];
		if (!t) {
			st = error_set(e, STATUS_NOT_FOUND, "towns", "town %s does not exist", towns[i]);
			break;
		}
		int busy;
		if ((st = store_town_open_round(s, t->id, &busy, e)) != STATUS_OK)
			break;
		if (busy) {
			st = error_set(e, STATUS_CONFLICT, "towns",
			               "%s (%s) is still in review round %d; publish or close it first",
			               t->name, t->code, busy);
			break;
		}
		/* The draft starts from the list in force, or from what the
		 * town's profile selects in the catalogue (a first round over raw
		 * items, or a town that has no list yet). */
		int64_t base, draft;
		int version, items = 0;
		if ((st = store_list_newest_published(s, t->id, &base, e)) != STATUS_OK ||
		    (st = store_list_create(s, t->id, LIST_DRAFT, "review", &draft, &version, e)) !=
		            STATUS_OK ||
		    (st = store_list_set_round(s, draft, *round_id, e)) != STATUS_OK)
			break;
		if (base && !from_catalogue) {
			st = store_list_copy(s, base, draft, &items, e);
		} else {
			for (size_t j = 0; j < c.ntasks && st == STATUS_OK; j++)
				if (task_applies_to(&c.tasks[j], t)) {
					st = store_list_add(s, draft, c.tasks[j].rev_id, e);
					items++;
				}
		}
		if (st == STATUS_OK)
			st = store_round_town_add(s, *round_id, t->id, base, draft, items, e);
		json_array_append_new(opened, json_pack("{s:s, s:i, s:i}", "town", t->code,
		                                        "draft_version", version, "items", items));
	}
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "round:%d", *number);
		st = app_audit(s, who, "review.open", object,
		               json_pack("{s:s, s:s, s:i, s:s, s:o}", "title", title, "deadline",
		                         deadline, "days", days, "from",
		                         from_catalogue ? "catalogue" : "lists", "towns", opened),
		               e);
	} else {
		json_decref(opened);
	}
done:
	catalog_index_free(&ix);
	catalog_free(&c);
	calendar_free(&cal);
	return app_finish(s, st, e);
}

enum status review_propose(struct store *s, const struct actor *who, int64_t round_id,
                           const char *town, const char *action, const char *task_code,
                           json_t *payload, const char *reason, int64_t meeting_id,
                           int64_t *proposal_id, struct diag *d, struct error *e)
{
	enum role role = app_role(who);
	const char *origin = role == ROLE_TOWNSHIP     ? "township"
	                     : role == ROLE_DEPARTMENT ? "department"
	                     : role == ROLE_OFFICE     ? "office"
	                                               : NULL;
	if (!origin)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "only towns, departments and the office propose changes to lists");
	if (role == ROLE_TOWNSHIP && strcmp(who->town, town) != 0)
		return error_set(e, STATUS_FORBIDDEN, "town",
		                 "a town proposes only for its own list (%s)", who->town);
	int act = proposal_action_from_key(action ? action : "");
	if (act < 0)
		return error_set(e, STATUS_INVALID, "action",
		                 "'%s' is not one of add, remove, move, change", action ? action : "");
	if (!reason || !*reason)
		return error_set(e, STATUS_INVALID, "reason", "say why (理由)");
	if (!task_code || !*task_code)
		return error_set(e, STATUS_INVALID, "task", "name the task (its code)");
	if (payload && !json_is_object(payload))
		return error_set(e, STATUS_INVALID, "payload", "the proposed fields are an object");

	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *round = NULL, *rt = NULL;
	struct catalog proposed = {0};
	struct arena a = {0};
	bool new_task = false;
	if ((st = open_round(s, round_id, &round, e)) != STATUS_OK ||
	    (st = store_round_town(s, round_id, town, &rt, e)) != STATUS_OK)
		goto done;
	if (meeting_id) { /* a proposal that came from a meeting of this round */
		json_t *m;
		if ((st = store_meeting_get(s, meeting_id, &m, e)) != STATUS_OK)
			goto done;
		bool same = json_int(m, "round_id") == round_id;
		json_decref(m);
		if (!same) {
			st = error_set(e, STATUS_INVALID, "meeting",
			               "meeting %lld belongs to another round", (long long)meeting_id);
			goto done;
		}
	}
	int state = machine_state_from_key(MACHINE_TOWN, json_text(rt, "status"));
	if (state == TOWN_CONFIRMED || state == TOWN_PUBLISHED) {
		st = error_set(e, STATUS_CONFLICT, "town",
		               "the draft of %s is %s; the office must send it back before it changes",
		               town, json_text(rt, "status"));
		goto done;
	}
	int draft = (int)json_int(rt, "draft_version");
	const char **row;
	if ((st = task_row_on_version(s, town, draft, task_code, &a, &row, e)) != STATUS_OK)
		goto done;
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK)
		goto done;
	const struct task *known = index_task(ix, task_code);
	switch (act) {
	case PROPOSE_ADD:
		if (row) {
			st = error_set(e, STATUS_CONFLICT, "task", "%s is already on the draft of %s",
			               task_code, town);
		} else if (!known) {
			/* 职责法定 holds here too: a new task needs a basis in force. */
			new_task = true;
			st = task_proposed(s, NULL, payload, task_code, &proposed, d, e);
		}
		break;
	case PROPOSE_REMOVE:
		if (!row)
			st = error_set(e, STATUS_CONFLICT, "task", "%s is not on the draft of %s",
			               task_code, town);
		break;
	case PROPOSE_MOVE:
	case PROPOSE_CHANGE:
		if (!row) {
			st = error_set(e, STATUS_CONFLICT, "task", "%s is not on the draft of %s",
			               task_code, town);
			break;
		}
		if (act == PROPOSE_MOVE &&
		    (!json_is_string(json_object_get(payload, "list_type")) ||
		     strcmp(json_text(payload, "list_type"), row[4]) == 0)) {
			st = error_set(e, STATUS_INVALID, "list_type",
			               "name the part to move it to, other than %s", row[4]);
			break;
		}
		st = task_proposed(s, row, payload, task_code, &proposed, d, e);
		break;
	}
	if (st != STATUS_OK)
		goto done;
	json_t *empty = payload ? NULL : json_object();
	char *text = json_dumps(payload ? payload : empty, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(empty);
	st = store_proposal_add(s, round_id, json_int(rt, "town_id"), origin, who->name, action,
	                        task_code, new_task, text, reason, meeting_id, proposal_id, e);
	free(text);
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "proposal:%lld", (long long)*proposal_id);
		st = app_audit(s, who, "review.propose", object,
		               json_pack("{s:I, s:s, s:s, s:s, s:s}", "round", json_int(round, "number"),
		                         "town", town, "action", action, "task", task_code, "reason",
		                         reason),
		               e);
	}
done:
	json_decref(round);
	json_decref(rt);
	catalog_free(&proposed);
	arena_free(&a);
	return app_finish(s, st, e);
}

/* Makes an agreed proposal true on its town's draft. */
static enum status apply(struct store *s, const json_t *p, const json_t *rt,
                         const char *group_task, struct error *e)
{
	json_error_t jerr;
	json_t *payload = json_loads(json_text(p, "payload"), 0, &jerr);
	enum status st = list_change(s, json_int(rt, "draft_version_id"), json_text(rt, "town"),
	                             (int)json_int(rt, "draft_version"), json_text(p, "action"),
	                             group_task ? group_task : json_text(p, "task_code"), payload, e);
	json_decref(payload);
	return st;
}

/* One town's draft takes a step of its machine, and what the step means
 * for its list version is written with it. */
static enum status town_step(struct store *s, const struct actor *who, int64_t round_id,
                             const json_t *rt, const char *action, const char *refusal,
                             struct error *e)
{
	int from = machine_state_from_key(MACHINE_TOWN, json_text(rt, "status")), to;
	struct machine_actor ra = {app_role(who), strcmp(who->town, json_text(rt, "town")) == 0};
	enum status st = machine_step(MACHINE_TOWN, from, action, &ra, &to, e);
	if (st != STATUS_OK)
		return st;
	int64_t draft = json_int(rt, "draft_version_id");
	st = store_round_town_set(s, round_id, json_int(rt, "town_id"), machine_state_key(MACHINE_TOWN, to),
	                          strcmp(action, "refuse") == 0 ? refusal : NULL, e);
	if (st == STATUS_OK && to == TOWN_CONFIRMED)
		st = store_list_set_status(s, draft, LIST_CONFIRMED, e);
	else if (st == STATUS_OK && from == TOWN_CONFIRMED && to == TOWN_DRAFTING)
		st = store_list_set_status(s, draft, LIST_DRAFT, e);
	else if (st == STATUS_OK && to == TOWN_PUBLISHED)
		st = store_list_publish(s, json_int(rt, "town_id"), draft, e);
	return st;
}

enum status review_decide(struct store *s, const struct actor *who, int64_t proposal_id,
                          int64_t group_id, bool agree, const char *reason, size_t *decided,
                          struct error *e)
{
	*decided = 0;
	if (!reason || !*reason)
		return error_set(e, STATUS_INVALID, "reason", "say why (理由), for the towns to read");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *members = NULL, *round = NULL, *one = NULL;
	int64_t round_id = 0;
	if (group_id) {
		if ((st = store_group_round(s, group_id, &round_id, e)) == STATUS_OK)
			st = store_group_proposals(s, group_id, &members, e);
	} else if ((st = store_proposal_get(s, proposal_id, &one, e)) == STATUS_OK) {
		round_id = json_int(one, "round_id");
		members = json_pack("[O]", one);
	}
	if (st == STATUS_OK)
		st = open_round(s, round_id, &round, e);
	/* A group's new task is made once, from its first proposal, and every
	 * town of the group gets that one task. */
	const char *group_task = NULL;
	size_t i;
	json_t *p;
	struct machine_actor ra = {app_role(who), false};
	json_array_foreach(members, i, p) {
		if (st != STATUS_OK)
			break;
		int from = machine_state_from_key(MACHINE_PROPOSAL, json_text(p, "status")), to;
		if (group_id && from != PROPOSAL_PENDING)
			continue; /* decided or withdrawn on its own before */
		ra.own = strcmp(json_text(p, "author"), who->name) == 0;
		if ((st = machine_step(MACHINE_PROPOSAL, from, agree ? "agree" : "reject", &ra, &to, e)) !=
		    STATUS_OK)
			break;
		st = store_proposal_decide(s, json_int(p, "id"), machine_state_key(MACHINE_PROPOSAL, to),
		                           reason, who->name, e);
		if (st == STATUS_OK && agree) {
			json_t *rt;
			if ((st = store_round_town(s, round_id, json_text(p, "town"), &rt, e)) != STATUS_OK)
				break;
			st = town_step(s, who, round_id, rt, "change", NULL, e);
			if (st == STATUS_CONFLICT)
				error_set(e, STATUS_CONFLICT, "town",
				          "the draft of %s is %s: the office must send it back before a "
				          "decision changes it",
				          json_text(rt, "town"), json_text(rt, "status"));
			if (st == STATUS_OK)
				st = apply(s, p, rt, group_task, e);
			if (st == STATUS_OK && !group_task && json_int(p, "new_task") != 0)
				group_task = json_text(p, "task_code");
			json_decref(rt);
		}
		if (st == STATUS_OK) {
			char object[48];
			snprintf(object, sizeof object, "proposal:%lld", (long long)json_int(p, "id"));
			st = app_audit(s, who, agree ? "review.agree" : "review.reject", object,
			               json_pack("{s:I, s:s, s:s, s:s}", "round", json_int(round, "number"),
			                         "town", json_text(p, "town"), "task", json_text(p, "task_code"),
			                         "reason", reason),
			               e);
			(*decided)++;
		}
	}
	if (st == STATUS_OK && group_id && *decided == 0)
		st = error_set(e, STATUS_CONFLICT, "group",
		               "every proposal of group %lld is decided already", (long long)group_id);
	json_decref(members);
	json_decref(round);
	json_decref(one);
	return app_finish(s, st, e);
}

enum status review_withdraw(struct store *s, const struct actor *who, int64_t proposal_id,
                            struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL, *round = NULL;
	if ((st = store_proposal_get(s, proposal_id, &p, e)) == STATUS_OK)
		st = open_round(s, json_int(p, "round_id"), &round, e);
	if (st == STATUS_OK) {
		int from = machine_state_from_key(MACHINE_PROPOSAL, json_text(p, "status")), to;
		struct machine_actor ra = {app_role(who), strcmp(json_text(p, "author"), who->name) == 0};
		st = machine_step(MACHINE_PROPOSAL, from, "withdraw", &ra, &to, e);
		if (st == STATUS_OK)
			st = store_proposal_decide(s, proposal_id, machine_state_key(MACHINE_PROPOSAL, to),
			                           "", who->name, e);
		if (st == STATUS_OK)
			st = store_proposal_set_group(s, proposal_id, 0, e);
		if (st == STATUS_OK)
			st = store_groups_tidy(s, json_int(p, "round_id"), e);
	}
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "proposal:%lld", (long long)proposal_id);
		st = app_audit(s, who, "review.withdraw", object, NULL, e);
	}
	json_decref(p);
	json_decref(round);
	return app_finish(s, st, e);
}

enum status review_town_act(struct store *s, const struct actor *who, int64_t round_id,
                            const char *town, const char *action, const char *reason,
                            json_t **state, struct error *e)
{
	*state = NULL;
	static const char *const allowed[] = {"town_confirm", "office_confirm", "refuse",
	                                      "send_back", "publish", NULL};
	bool known = false;
	for (size_t i = 0; allowed[i]; i++)
		known |= action && strcmp(action, allowed[i]) == 0;
	if (!known)
		return error_set(e, STATUS_INVALID, "action",
		                 "'%s' is not one of town_confirm, office_confirm, refuse, send_back, "
		                 "publish",
		                 action ? action : "");
	if (strcmp(action, "refuse") == 0 && (!reason || !*reason))
		return error_set(e, STATUS_INVALID, "reason", "a town that refuses says why");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *round = NULL, *rt = NULL;
	if ((st = open_round(s, round_id, &round, e)) == STATUS_OK &&
	    (st = store_round_town(s, round_id, town, &rt, e)) == STATUS_OK)
		st = town_step(s, who, round_id, rt, action, reason, e);
	json_decref(rt);
	rt = NULL;
	if (st == STATUS_OK)
		st = store_round_town(s, round_id, town, &rt, e);
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "town:%s", town);
		st = app_audit(s, who, strcmp(action, "publish") == 0 ? "list.publish" : "review.confirm",
		               object,
		               json_pack("{s:I, s:s, s:s, s:s, s:I}", "round", json_int(round, "number"),
		                         "action", action, "state", json_text(rt, "status"), "reason",
		                         reason ? reason : "", "version", json_int(rt, "draft_version")),
		               e);
	}
	json_decref(round);
	st = app_finish(s, st, e);
	if (st == STATUS_OK)
		*state = rt;
	else
		json_decref(rt);
	return st;
}

enum status review_close(struct store *s, const struct actor *who, int64_t round_id,
                         struct error *e)
{
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *round = NULL;
	if ((st = store_round_get(s, round_id, &round, e)) == STATUS_OK) {
		int from = machine_state_from_key(MACHINE_ROUND, json_text(round, "status")), to;
		struct machine_actor ra = {app_role(who), false};
		st = machine_step(MACHINE_ROUND, from, "close", &ra, &to, e);
	}
	if (st == STATUS_OK)
		st = store_round_close(s, round_id, e);
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "round:%lld", (long long)json_int(round, "number"));
		st = app_audit(s, who, "review.close", object, NULL, e);
	}
	json_decref(round);
	return app_finish(s, st, e);
}

/* The name a proposal is about: the new task's proposed name, or the
 * code of the existing task. */
static const char *proposal_name(const json_t *p, json_t **payload)
{
	json_error_t jerr;
	*payload = json_loads(json_text(p, "payload"), 0, &jerr);
	const char *name = json_string_value(json_object_get(*payload, "name"));
	return name ? name : json_text(p, "task_code");
}

struct keyed_index {
	const char *key;
	size_t i;
};

static int cmp_keyed_index(const void *a, const void *b)
{
	const struct keyed_index *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* root[i]: the first of the keys that belong with key i.  Exact keys
 * (marked by a leading \x01) belong with their equals, found by sorting;
 * the names of new tasks with names that say the same thing. */
static void group_keys(const char **keys, size_t n, size_t *root)
{
	struct keyed_index *order = xcalloc(n, sizeof *order);
	size_t *names = xcalloc(n, sizeof *names);
	const char **name_keys = xcalloc(n, sizeof *name_keys);
	size_t nexact = 0, nnames = 0;
	for (size_t i = 0; i < n; i++) {
		root[i] = i;
		if (keys[i][0] == '\x01')
			order[nexact++] = (struct keyed_index){keys[i], i};
		else
			names[nnames++] = i;
	}
	qsort(order, nexact, sizeof *order, cmp_keyed_index);
	for (size_t k = 1; k < nexact; k++)
		if (strcmp(order[k].key, order[k - 1].key) == 0)
			root[order[k].i] = root[order[k - 1].i];
	for (size_t k = 0; k < nnames; k++)
		name_keys[k] = keys[names[k]];
	size_t *name_root = xcalloc(nnames ? nnames : 1, sizeof *name_root);
	review_cluster(name_keys, nnames, SIMILAR_ENOUGH, name_root);
	for (size_t k = 0; k < nnames; k++)
		root[names[k]] = names[name_root[k]];
	free(name_root);
	free(name_keys);
	free(names);
	free(order);
}

enum status review_merge(struct store *s, const struct actor *who, int64_t round_id,
                         size_t *groups_made, struct error *e)
{
	*groups_made = 0;
	if (app_role(who) != ROLE_OFFICE)
		return error_set(e, STATUS_FORBIDDEN, NULL, "only the office merges proposals");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *round = NULL, *all = NULL;
	if ((st = open_round(s, round_id, &round, e)) == STATUS_OK &&
	    (st = store_groups_reset(s, round_id, e)) == STATUS_OK)
		st = store_proposals(s, round_id, &all, e);
	/* Candidates: pending, not placed by hand, not in a manual group. */
	size_t n = 0, total = json_array_size(all);
	const json_t **cand = xcalloc(total ? total : 1, sizeof *cand);
	const char **keys = xcalloc(total ? total : 1, sizeof *keys);
	json_t **payloads = xcalloc(total ? total : 1, sizeof *payloads);
	struct buf *keybufs = xcalloc(total ? total : 1, sizeof *keybufs);
	size_t i;
	json_t *p;
	json_array_foreach(all, i, p) {
		if (strcmp(json_text(p, "status"), "pending") != 0 || json_int(p, "placed") ||
		    !json_is_null(json_object_get(p, "group_id")))
			continue;
		/* The same task: the same action on the same code.  A new task:
		 * its name, compared by meaning below. */
		if (json_int(p, "new_task") != 0)
			buf_printf(&keybufs[n], "%s", proposal_name(p, &payloads[n]));
		else
			buf_printf(&keybufs[n], "\x01%s|%s", json_text(p, "action"), json_text(p, "task_code"));
		keys[n] = buf_str(&keybufs[n]);
		cand[n++] = p;
	}
	size_t *root = xcalloc(n ? n : 1, sizeof *root);
	if (st == STATUS_OK && n)
		group_keys(keys, n, root);
	int64_t *group_of = xcalloc(n ? n : 1, sizeof *group_of);
	for (size_t k = 0; st == STATUS_OK && k < n; k++) {
		size_t r = root[k];
		if (r == k)
			continue;
		if (!group_of[r]) {
			char label[200];
			snprintf(label, sizeof label, "%s %s",
			         proposal_action_key[proposal_action_from_key(json_text(cand[r], "action"))],
			         keys[r][0] == '\x01' ? json_text(cand[r], "task_code") : keys[r]);
			st = store_group_create(s, round_id, label, false, &group_of[r], e);
			if (st == STATUS_OK)
				st = store_proposal_set_group(s, json_int(cand[r], "id"), group_of[r], e);
			(*groups_made)++;
		}
		if (st == STATUS_OK)
			st = store_proposal_set_group(s, json_int(cand[k], "id"), group_of[r], e);
	}
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "round:%lld", (long long)json_int(round, "number"));
		st = app_audit(s, who, "review.merge", object,
		               json_pack("{s:I, s:I}", "candidates", (json_int_t)n, "groups",
		                         (json_int_t)*groups_made),
		               e);
	}
	for (size_t k = 0; k < n; k++) {
		buf_free(&keybufs[k]);
		json_decref(payloads[k]);
	}
	free(keybufs);
	free(payloads);
	free(keys);
	free(cand);
	free(root);
	free(group_of);
	json_decref(all);
	json_decref(round);
	return app_finish(s, st, e);
}

enum status review_place(struct store *s, const struct actor *who, int64_t proposal_id,
                         int64_t group_id, bool new_group, struct error *e)
{
	if (app_role(who) != ROLE_OFFICE)
		return error_set(e, STATUS_FORBIDDEN, NULL, "only the office groups proposals");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *p = NULL, *round = NULL;
	int64_t round_id = 0;
	if ((st = store_proposal_get(s, proposal_id, &p, e)) == STATUS_OK)
		st = open_round(s, round_id = json_int(p, "round_id"), &round, e);
	if (st == STATUS_OK && strcmp(json_text(p, "status"), "pending") != 0)
		st = error_set(e, STATUS_CONFLICT, "proposal", "proposal %lld is %s already",
		               (long long)proposal_id, json_text(p, "status"));
	if (st == STATUS_OK && group_id) {
		int64_t group_round;
		st = store_group_round(s, group_id, &group_round, e);
		if (st == STATUS_OK && group_round != round_id)
			st = error_set(e, STATUS_INVALID, "group", "group %lld is of another round",
			               (long long)group_id);
	}
	if (st == STATUS_OK && new_group)
		st = store_group_create(s, round_id, json_text(p, "task_code"), true, &group_id, e);
	if (st == STATUS_OK)
		st = store_proposal_place(s, proposal_id, group_id, e);
	if (st == STATUS_OK)
		st = store_groups_tidy(s, round_id, e);
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "proposal:%lld", (long long)proposal_id);
		st = app_audit(s, who, "review.place", object,
		               json_pack("{s:I}", "group", (json_int_t)group_id), e);
	}
	json_decref(p);
	json_decref(round);
	return app_finish(s, st, e);
}

enum status review_stats(struct store *s, int64_t round_id, json_t **out, struct error *e)
{
	json_t *counts = NULL, *by_town = NULL, *by_round = NULL;
	enum status st = store_review_counts(s, round_id, &counts, e);
	if (st == STATUS_OK)
		st = store_review_by_town(s, round_id, &by_town, e);
	if (st == STATUS_OK && !round_id)
		st = store_review_by_round(s, &by_round, e);
	if (st != STATUS_OK) {
		json_decref(counts);
		json_decref(by_town);
		return st;
	}
	/* the round's (or all rounds') totals are the sums of the towns' rows */
	static const char *const sums[][2] = {
		{"proposals", "proposals"}, {"town_proposals", "from_town"}, {"agreed", "agreed"},
		{"rejected", "rejected"},   {"added", "added"},              {"removed", "removed"},
	};
	for (size_t k = 0; k < sizeof sums / sizeof *sums; k++) {
		json_int_t total = 0;
		size_t i;
		json_t *row;
		json_array_foreach(by_town, i, row) total += json_int(row, sums[k][1]);
		json_object_set_new(counts, sums[k][0], json_integer(total));
	}
	json_object_set_new(counts, "by_town", by_town);
	if (by_round)
		json_object_set_new(counts, "by_round", by_round);
	*out = counts;
	return STATUS_OK;
}

/* Items of a version by code, for the diff. */
static const struct task *find_task(const struct catalog *c, const char *code)
{
	for (size_t i = 0; i < c->ntasks; i++)
		if (strcmp(c->tasks[i].code, code) == 0)
			return &c->tasks[i];
	return NULL;
}

static json_t *item_brief(const struct task *t)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "code", t->code, "name", t->name, "category",
	                 category_info[t->category].name, "list_type",
	                 list_type_info[t->list_type].name);
}

enum status list_diff(struct store *s, const char *town, int from, int to, json_t **out,
                      struct error *e)
{
	struct town_list a, b;
	enum status st = store_list_load(s, town, from, &a, e);
	if (st != STATUS_OK)
		return st;
	if ((st = store_list_load(s, town, to, &b, e)) != STATUS_OK) {
		town_list_free(&a);
		return st;
	}
	const char *const *cols = catalog_csv_columns(TASK_FILE);
	json_t *added = json_array(), *removed = json_array(), *changed = json_array();
	for (size_t i = 0; i < b.cat.ntasks; i++)
		if (!find_task(&a.cat, b.cat.tasks[i].code))
			json_array_append_new(added, item_brief(&b.cat.tasks[i]));
	for (size_t i = 0; i < a.cat.ntasks; i++) {
		const struct task *old = &a.cat.tasks[i];
		const struct task *now = find_task(&b.cat, old->code);
		if (!now) {
			json_array_append_new(removed, item_brief(old));
			continue;
		}
		if (old->rev_id == now->rev_id)
			continue;
		/* another revision: name the fields that differ, as text */
		struct arena scratch = {0};
		const char *fa[TASK_FIELDS], *fb[TASK_FIELDS];
		catalog_csv_fields(&a.cat, TASK_FILE, i, &scratch, fa);
		catalog_csv_fields(&b.cat, TASK_FILE, (size_t)(now - b.cat.tasks), &scratch, fb);
		json_t *fields = json_array();
		for (size_t k = 0; k < TASK_FIELDS; k++)
			if (strcmp(fa[k], fb[k]) != 0)
				json_array_append_new(fields, json_pack("{s:s, s:s, s:s}", "field", cols[k],
				                                        "from", fa[k], "to", fb[k]));
		arena_free(&scratch);
		if (json_array_size(fields)) {
			json_t *item = item_brief(now);
			json_object_set_new(item, "fields", fields);
			json_array_append_new(changed, item);
		} else {
			json_decref(fields);
		}
	}
	*out = json_pack("{s:{s:s, s:s}, s:{s:i, s:s, s:I}, s:{s:i, s:s, s:I}, s:o, s:o, s:o}",
	                 "town", "code", a.cat.towns[0].code, "name", a.cat.towns[0].name, "from",
	                 "version", a.version, "status", list_status_key[a.status], "items",
	                 (json_int_t)a.cat.ntasks, "to", "version", b.version, "status",
	                 list_status_key[b.status], "items", (json_int_t)b.cat.ntasks, "added",
	                 added, "removed", removed, "changed", changed);
	town_list_free(&a);
	town_list_free(&b);
	return STATUS_OK;
}
