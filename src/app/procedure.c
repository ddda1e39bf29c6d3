/* procedure.c - the use cases of admission (职责准入), adjustment (运行调整)
 * and the lifecycle of legal bases (amendment, repeal), which together keep
 * the lists following the law after they are confirmed.  Every write is
 * one transaction with its audit entry; every state moves through
 * core/machine.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/machine.h"
#include "../core/review.h"
#include "../core/rules.h"
#include "../util/buf.h"
#include "../util/date.h"
#include "../util/json.h"
#include "internal.h"

#define ADMISSION_DAYS 20  /* the office decides within 20 working days */
#define ADJUSTMENT_DAYS 10 /* an adjustment is applied or dismissed within 10 */
#define SIMILAR_SHOWN 0.5  /* existing tasks this alike are shown beside a request */

/* The day n working days from today, on the stored calendar. */
static enum status deadline_in(struct store *s, int n, char out[11], struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = store_catalog_cached(s, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	struct calendar cal = {0};
	for (size_t i = 0; i < c->ncalendar; i++) {
		long day;
		if (date_parse(c->calendar[i].date, &day))
			calendar_add(&cal, day,
			             strcmp(c->calendar[i].kind, "班") == 0 ? CAL_WORK : CAL_REST);
	}
	calendar_sort(&cal);
	date_format(calendar_add_workdays(&cal, date_today(), n), out);
	calendar_free(&cal);
	return STATUS_OK;
}

static char *dump(const json_t *v)
{
	json_t *empty = v ? NULL : json_object();
	char *text = json_dumps(v ? v : empty, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(empty);
	if (!text)
		die_nomem();
	return text;
}

/* A change published outside a review round must reach the town's draft
 * in an open round too, or publishing the round would undo it.  A draft
 * both sides confirmed no longer changes: then the change waits (409). */
static enum status follow_in_draft(struct store *s, int64_t town_id, const char *action,
                                   const char *code, const json_t *payload, struct error *e)
{
	json_t *d;
	enum status st = store_town_draft(s, town_id, &d, e);
	if (st != STATUS_OK || !d)
		return st;
	int from = machine_state_from_key(MACHINE_TOWN, json_text(d, "status")), to;
	struct machine_actor system = {ROLE_OFFICE, false};
	st = machine_step(MACHINE_TOWN, from, "change", &system, &to, e);
	if (st == STATUS_CONFLICT)
		error_set(e, STATUS_CONFLICT, "town",
		          "town %s is in a review round with a draft both sides confirmed; the office "
		          "publishes it or sends it back first",
		          json_text(d, "town"));
	if (st == STATUS_OK)
		st = store_round_town_set(s, (int64_t)json_integer_value(json_object_get(d, "round_id")),
		                          town_id, machine_state_key(MACHINE_TOWN, to), NULL, e);
	if (st == STATUS_OK)
		st = list_change(s, (int64_t)json_integer_value(json_object_get(d, "draft_version_id")),
		                 json_text(d, "town"),
		                 (int)json_integer_value(json_object_get(d, "draft_version")), action,
		                 code, payload, e);
	json_decref(d);
	return st;
}

/* --- admission --- */

/* 人随事转、费随事转: what comes with the task, or, said outright, nothing. */
static enum status check_resources(const json_t *r, struct error *e)
{
	if (!json_is_object(r))
		return error_set(e, STATUS_INVALID, "resources",
		                 "say what comes with the task: staff, funds, equipment, or none");
	bool any = *json_text(r, "staff") || *json_text(r, "funds") || *json_text(r, "equipment");
	bool none = json_is_true(json_object_get(r, "none"));
	if (any == none)
		return error_set(e, STATUS_INVALID, "resources",
		                 any ? "resources are given and also said to be none"
		                     : "name the staff, funds or equipment that come with the task, "
		                       "or say none (none: true) and why (note)");
	if (none && !*json_text(r, "note"))
		return error_set(e, STATUS_INVALID, "resources",
		                 "with no resources, say why in note");
	return STATUS_OK;
}

/* The existing tasks whose names are like the request's, best first: so
 * that the office sees a duty already on the lists, or one reclaimed by a
 * department, under other words. */
static json_t *similar_tasks(const struct catalog_index *ix, const char *name)
{
	json_t *out = json_array();
	for (size_t i = 0; i < ix->ntasks; i++) {
		const struct task *t = ix->tasks[i];
		double sim = text_similarity(name, t->name);
		if (sim >= SIMILAR_SHOWN)
			json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:f}", "code", t->code,
			                                     "name", t->name, "list_type",
			                                     list_type_info[t->list_type].name,
			                                     "similarity", sim));
	}
	return out;
}

/* The codes of the towns the request's applies_to selects. */
static json_t *selected_towns(const struct catalog *c, const struct task *t)
{
	json_t *out = json_array();
	for (size_t i = 0; i < c->ntowns; i++)
		if (task_applies_to(t, &c->towns[i]))
			json_array_append_new(out, json_string(c->towns[i].code));
	return out;
}

/* Checks a request's task and resources; on success *similar holds the
 * alike existing tasks and *towns the selected towns (caller owns). */
static enum status check_request(struct store *s, const char *code, const json_t *payload,
                                 const json_t *resources, json_t **similar, json_t **towns,
                                 struct diag *d, struct error *e)
{
	*similar = *towns = NULL;
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = store_catalog_cached(s, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	if (!code || !*code)
		return error_set(e, STATUS_INVALID, "task", "give the new task a code (ZL-120)");
	if (index_task(ix, code))
		return error_set(e, STATUS_CONFLICT, "task",
		                 "%s is already in the catalogue: a new task needs a new code", code);
	if ((st = check_resources(resources, e)) != STATUS_OK)
		return st;
	struct catalog t = {0};
	if ((st = task_proposed(s, NULL, payload, code, &t, d, e)) != STATUS_OK) {
		catalog_free(&t);
		return st;
	}
	/* the catalogue may have moved under task_proposed: read it again */
	if ((st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK) {
		catalog_free(&t);
		return st;
	}
	*towns = selected_towns(c, &t.tasks[0]);
	*similar = similar_tasks(ix, t.tasks[0].name);
	/* the same duty under the same name is already there: no new task */
	size_t i;
	json_t *sim;
	json_array_foreach(*similar, i, sim) {
		if (json_real_value(json_object_get(sim, "similarity")) >= 0.999) {
			st = error_set(e, STATUS_CONFLICT, "name", "the catalogue has this task already: %s %s (%s)",
			               json_text(sim, "code"), json_text(sim, "name"), json_text(sim, "list_type"));
			break;
		}
	}
	if (st == STATUS_OK && json_array_size(*towns) == 0)
		st = error_set(e, STATUS_INVALID, "applies_to", "the request selects no town");
	catalog_free(&t);
	if (st != STATUS_OK) {
		json_decref(*similar);
		json_decref(*towns);
		*similar = *towns = NULL;
	}
	return st;
}

enum status admission_submit_in(struct store *s, const struct actor *who,
                                const char *department, const char *code,
                                const json_t *payload, const json_t *resources, int64_t *id,
                                json_t **similar, struct diag *d, struct error *e)
{
	json_t *towns = NULL;
	enum status st = check_request(s, code, payload, resources, similar, &towns, d, e);
	if (st == STATUS_OK) {
		char *p = dump(payload), *r = dump(resources);
		st = store_admission_add(s, department, who->name, code, p, r, id, e);
		free(p);
		free(r);
	}
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "admission:%lld", (long long)*id);
		st = app_audit(s, who, "admission.submit", object,
		               json_pack("{s:s, s:s, s:O}", "task", code, "department", department,
		                         "towns", towns),
		               e);
	}
	json_decref(towns);
	if (st != STATUS_OK) {
		json_decref(*similar);
		*similar = NULL;
	}
	return st;
}

enum status admission_submit(struct store *s, const struct actor *who, const char *code,
                             const json_t *payload, const json_t *resources, int64_t *id,
                             json_t **similar, struct diag *d, struct error *e)
{
	*similar = NULL;
	enum role role = app_role(who);
	if (role != ROLE_DEPARTMENT)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "a department requests the admission of a new task");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	st = admission_submit_in(s, who, who->department, code, payload, resources, id, similar, d,
	                         e);
	st = app_finish(s, st, e);
	if (st != STATUS_OK) {
		json_decref(*similar);
		*similar = NULL;
	}
	return st;
}

/* Publishes a new version of each selected town's list with the task on
 * it: the list in force plus the task. */
static enum status admit_into_lists(struct store *s, const struct actor *who, const char *code,
                                    const json_t *payload, int64_t admission, size_t *lists,
                                    struct error *e)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	enum status st = store_catalog_cached(s, &c, &ix, e);
	if (st != STATUS_OK)
		return st;
	/* the catalogue first: then every list gets the same revision */
	struct catalog t = {0};
	struct diag d = {0};
	st = task_proposed(s, NULL, payload, code, &t, &d, e);
	if (st == STATUS_OK)
		st = store_task_revise(s, &t.tasks[0], true, e);
	if (st != STATUS_OK || (st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK)
		goto out;
	for (size_t i = 0; i < c->ntowns && st == STATUS_OK; i++) {
		const struct town *town = &c->towns[i];
		if (!task_applies_to(&t.tasks[0], town))
			continue;
		int64_t base, version_id;
		int version, items = 0;
		if ((st = store_list_newest_published(s, town->id, &base, e)) != STATUS_OK ||
		    (st = store_list_create(s, town->id, LIST_DRAFT, "admission", &version_id, &version,
		                            e)) != STATUS_OK)
			break;
		if (base && (st = store_list_copy(s, base, version_id, &items, e)) != STATUS_OK)
			break;
		if ((st = store_list_add(s, version_id, t.tasks[0].rev_id, e)) != STATUS_OK ||
		    (st = store_list_publish(s, town->id, version_id, e)) != STATUS_OK ||
		    (st = follow_in_draft(s, town->id, "add", code, payload, e)) != STATUS_OK)
			break;
		char object[48];
		snprintf(object, sizeof object, "town:%s", town->code);
		st = app_audit(s, who, "list.publish", object,
		               json_pack("{s:s, s:I, s:i, s:s, s:I}", "procedure", "admission",
		                         "admission", (json_int_t)admission, "version", version, "task",
		                         code, "items", (json_int_t)items + 1),
		               e);
		(*lists)++;
	}
out:
	catalog_free(&t);
	diag_free(&d);
	return st;
}

enum status admission_act(struct store *s, const struct actor *who, int64_t id,
                          const char *action, const char *reason, const char *code,
                          const json_t *payload, const json_t *resources, size_t *lists,
                          struct error *e)
{
	*lists = 0;
	bool needs_reason = action && (strcmp(action, "return") == 0 || strcmp(action, "refuse") == 0 ||
	                               strcmp(action, "admit") == 0);
	if (needs_reason && (!reason || !*reason))
		return error_set(e, STATUS_INVALID, "reason", "say why (理由), for the department");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *a = NULL, *similar = NULL, *towns = NULL;
	struct diag d = {0};
	if ((st = store_admission_get(s, id, &a, e)) != STATUS_OK)
		goto done;
	int from = machine_state_from_key(MACHINE_ADMISSION, json_text(a, "status")), to;
	struct machine_actor ma = {app_role(who),
	                           strcmp(who->department, json_text(a, "department")) == 0};
	if ((st = machine_step(MACHINE_ADMISSION, from, action ? action : "", &ma, &to, e)) !=
	    STATUS_OK)
		goto done;
	char deadline[11];
	const char *new_deadline = NULL;
	if (to == ADMISSION_REVIEWING) {
		if ((st = deadline_in(s, ADMISSION_DAYS, deadline, e)) != STATUS_OK)
			goto done;
		new_deadline = deadline;
	}
	if (to == ADMISSION_SUBMITTED && strcmp(action, "resubmit") == 0 && payload) {
		/* the department's changes, checked as on the first submission */
		const char *c = code && *code ? code : json_text(a, "task_code");
		json_error_t jerr;
		json_t *old_res = json_loads(json_text(a, "resources"), 0, &jerr);
		const json_t *res = resources ? resources : old_res;
		st = check_request(s, c, payload, res, &similar, &towns, &d, e);
		if (st == STATUS_OK) {
			char *p = dump(payload), *r = dump(res);
			st = store_admission_revise(s, id, c, p, r, e);
			free(p);
			free(r);
		}
		json_decref(old_res);
		if (st != STATUS_OK)
			goto done;
	}
	if (to == ADMISSION_ADMITTED) {
		/* checked again: the catalogue may have changed since it came in */
		json_error_t jerr;
		json_t *p = json_loads(json_text(a, "payload"), 0, &jerr);
		json_t *r = json_loads(json_text(a, "resources"), 0, &jerr);
		st = check_request(s, json_text(a, "task_code"), p, r, &similar, &towns, &d, e);
		if (st == STATUS_OK)
			st = admit_into_lists(s, who, json_text(a, "task_code"), p, id, lists, e);
		json_decref(p);
		json_decref(r);
		if (st != STATUS_OK)
			goto done;
	}
	st = store_admission_set(s, id, machine_state_key(MACHINE_ADMISSION, to), new_deadline,
	                         reason && *reason ? reason : NULL, who->name, e);
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "admission:%lld", (long long)id);
		char what[48];
		snprintf(what, sizeof what, "admission.%s", action);
		st = app_audit(s, who, what, object,
		               json_pack("{s:s, s:s, s:s, s:I}", "task", json_text(a, "task_code"), "state",
		                         machine_state_key(MACHINE_ADMISSION, to), "reason",
		                         reason ? reason : "", "lists", (json_int_t)*lists),
		               e);
	}
done:
	json_decref(a);
	json_decref(similar);
	json_decref(towns);
	diag_free(&d);
	return app_finish(s, st, e);
}

enum status admission_view(struct store *s, int64_t id, json_t **out, struct error *e)
{
	enum status st = store_admission_get(s, id, out, e);
	if (st != STATUS_OK)
		return st;
	json_error_t jerr;
	json_t *p = json_loads(json_text(*out, "payload"), 0, &jerr);
	json_t *r = json_loads(json_text(*out, "resources"), 0, &jerr);
	json_object_set_new(*out, "payload", p ? p : json_object());
	json_object_set_new(*out, "resources", r ? r : json_object());
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK)
		return st;
	json_object_set_new(*out, "similar", similar_tasks(ix, json_text(p, "name")));
	/* the notices' findings it was made from (防护屏障), if any */
	json_t *from;
	if ((st = store_notice_of_admission(s, id, &from, e)) != STATUS_OK)
		return st;
	json_object_set_new(*out, "from_notices", from);
	/* overdue: under review past the deadline */
	char today[11];
	date_format(date_today(), today);
	const char *deadline = json_text(*out, "deadline");
	json_object_set_new(*out, "overdue",
	                    json_boolean(strcmp(json_text(*out, "status"), "reviewing") == 0 &&
	                                 *deadline && strcmp(deadline, today) < 0));
	return STATUS_OK;
}

/* --- adjustment --- */

enum status adjustment_open(struct store *s, const struct actor *who, const char *town,
                            const char *action, const char *code, const json_t *payload,
                            const char *reason, int64_t *id, struct diag *d, struct error *e)
{
	enum role role = app_role(who);
	const char *origin = role == ROLE_TOWNSHIP     ? "township"
	                     : role == ROLE_DEPARTMENT ? "department"
	                     : role == ROLE_OFFICE     ? "office"
	                                               : NULL;
	if (!origin)
		return error_set(e, STATUS_FORBIDDEN, NULL,
		                 "the office opens adjustments; towns and departments request them");
	if (role == ROLE_TOWNSHIP && strcmp(who->town, town ? town : "") != 0)
		return error_set(e, STATUS_FORBIDDEN, "town",
		                 "a town requests adjustments of its own list only (%s)", who->town);
	if (proposal_action_from_key(action ? action : "") < 0)
		return error_set(e, STATUS_INVALID, "action",
		                 "'%s' is not one of add, remove, move, change", action ? action : "");
	if (!reason || !*reason)
		return error_set(e, STATUS_INVALID, "reason", "say why (理由)");
	if (!code || !*code)
		return error_set(e, STATUS_INVALID, "task", "name the task (its code)");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	struct town_list l;
	struct arena a = {0};
	struct catalog t = {0};
	bool loaded = false;
	if ((st = store_list_load(s, town, 0, &l, e)) != STATUS_OK)
		goto done;
	loaded = true;
	const char **row;
	if ((st = task_row_on_version(s, town, l.version, code, &a, &row, e)) != STATUS_OK)
		goto done;
	const struct catalog *c;
	const struct catalog_index *ix;
	if ((st = store_catalog_cached(s, &c, &ix, e)) != STATUS_OK)
		goto done;
	if (strcmp(action, "add") == 0) {
		if (row)
			st = error_set(e, STATUS_CONFLICT, "task", "%s is already on the list of %s", code,
			               town);
		else if (!index_task(ix, code))
			st = error_set(e, STATUS_CONFLICT, "task",
			               "%s is not in the catalogue: a new task comes through admission "
			               "(准入)",
			               code);
	} else if (!row) {
		st = error_set(e, STATUS_CONFLICT, "task", "%s is not on the list of %s", code, town);
	} else if (strcmp(action, "remove") != 0) {
		st = task_proposed(s, row, payload, code, &t, d, e);
	}
	char deadline[11];
	if (st == STATUS_OK)
		st = deadline_in(s, ADJUSTMENT_DAYS, deadline, e);
	if (st == STATUS_OK) {
		char *p = dump(payload);
		st = store_adjustment_add(s, l.cat.towns[0].id, action, code, p, reason, origin,
		                          who->name, 0, deadline, id, e);
		free(p);
	}
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "adjustment:%lld", (long long)*id);
		st = app_audit(s, who, "adjustment.open", object,
		               json_pack("{s:s, s:s, s:s, s:s}", "town", town, "action", action, "task",
		                         code, "reason", reason),
		               e);
	}
done:
	if (loaded)
		town_list_free(&l);
	arena_free(&a);
	catalog_free(&t);
	return app_finish(s, st, e);
}

enum status adjustment_act(struct store *s, const struct actor *who, int64_t id,
                           const char *action, const char *reason, int *version,
                           struct error *e)
{
	*version = 0;
	if (!reason || !*reason)
		return error_set(e, STATUS_INVALID, "reason", "say why (理由)");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	json_t *adj = NULL, *payload = NULL;
	if ((st = store_adjustment_get(s, id, &adj, e)) != STATUS_OK)
		goto done;
	int from = machine_state_from_key(MACHINE_ADJUSTMENT, json_text(adj, "status")), to;
	struct machine_actor ma = {app_role(who), false};
	if ((st = machine_step(MACHINE_ADJUSTMENT, from, action ? action : "", &ma, &to, e)) !=
	    STATUS_OK)
		goto done;
	int64_t version_id = 0;
	if (to == ADJUSTMENT_APPLIED) {
		/* a new version: the list in force, changed, published */
		const char *town = json_text(adj, "town");
		struct town_list l;
		if ((st = store_list_load(s, town, 0, &l, e)) != STATUS_OK)
			goto done;
		int64_t town_id = l.cat.towns[0].id, base = l.version_id;
		town_list_free(&l);
		int items;
		json_error_t jerr;
		payload = json_loads(json_text(adj, "payload"), 0, &jerr);
		if ((st = store_list_create(s, town_id, LIST_DRAFT, "adjustment", &version_id, version,
		                            e)) != STATUS_OK ||
		    (st = store_list_copy(s, base, version_id, &items, e)) != STATUS_OK ||
		    (st = list_change(s, version_id, town, *version, json_text(adj, "action"),
		                      json_text(adj, "task_code"), payload, e)) != STATUS_OK ||
		    (st = store_list_publish(s, town_id, version_id, e)) != STATUS_OK ||
		    (st = follow_in_draft(s, town_id, json_text(adj, "action"), json_text(adj, "task_code"),
		                          payload, e)) != STATUS_OK)
			goto done;
		char object[48];
		snprintf(object, sizeof object, "town:%s", town);
		st = app_audit(s, who, "list.publish", object,
		               json_pack("{s:s, s:I, s:i}", "procedure", "adjustment", "adjustment",
		                         (json_int_t)id, "version", *version),
		               e);
	}
	if (st == STATUS_OK)
		st = store_adjustment_set(s, id, machine_state_key(MACHINE_ADJUSTMENT, to), reason,
		                          who->name, version_id, e);
	if (st == STATUS_OK) {
		char object[48], what[40];
		snprintf(object, sizeof object, "adjustment:%lld", (long long)id);
		snprintf(what, sizeof what, "adjustment.%s", action);
		st = app_audit(s, who, what, object,
		               json_pack("{s:s, s:i}", "reason", reason, "version", *version), e);
	}
done:
	json_decref(adj);
	json_decref(payload);
	return app_finish(s, st, e);
}

/* --- bases --- */

enum status basis_repeal(struct store *s, const struct actor *who, const char *code,
                         const char *date, const char *reason, size_t *opened, size_t *marked,
                         struct error *e)
{
	*opened = *marked = 0;
	if (app_role(who) != ROLE_OFFICE)
		return error_set(e, STATUS_FORBIDDEN, NULL, "the office repeals bases");
	long day;
	if (!date || !date_parse(date, &day))
		return error_set(e, STATUS_INVALID, "date", "'%s' is not a date YYYY-MM-DD",
		                 date ? date : "");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	struct catalog c = {0};
	struct catalog_index ix = {0};
	char deadline[11];
	if ((st = store_catalog_load(s, &c, e)) != STATUS_OK)
		goto done;
	catalog_index_build(&ix, &c);
	const struct basis *b = index_basis(&ix, code);
	if (!b) {
		st = error_set(e, STATUS_NOT_FOUND, "code", "basis %s does not exist", code);
		goto done;
	}
	if (strcmp(b->status, BASIS_IN_FORCE) != 0) {
		st = error_set(e, STATUS_CONFLICT, "code", "basis %s is repealed already", code);
		goto done;
	}
	if ((st = store_basis_version_add(s, b, reason ? reason : "", who->name, e)) != STATUS_OK ||
	    (st = store_basis_repeal(s, b->id, date, e)) != STATUS_OK ||
	    (st = deadline_in(s, ADJUSTMENT_DAYS, deadline, e)) != STATUS_OK)
		goto done;
	/* Each task resting on it alone gets an adjustment on every list that
	 * holds it; a task with another basis in force keeps its citation,
	 * which now shows the repeal. */
	struct buf why = {0};
	buf_printf(&why, "依据《%s》于 %s 废止", b->title, date);
	for (size_t i = 0; i < c.ntasks && st == STATUS_OK; i++) {
		const struct task *t = &c.tasks[i];
		bool cites = false, other = false;
		for (size_t k = 0; k < t->nbases; k++) {
			const struct basis *tb = index_basis(&ix, t->bases[k].basis);
			if (strcmp(t->bases[k].basis, code) == 0)
				cites = true;
			else if (tb && strcmp(tb->status, BASIS_IN_FORCE) == 0)
				other = true;
		}
		if (!cites)
			continue;
		if (other) {
			(*marked)++;
			continue;
		}
		json_t *towns;
		if ((st = store_towns_listing(s, t->code, &towns, e)) != STATUS_OK)
			break;
		size_t k;
		json_t *town;
		json_array_foreach(towns, k, town) {
			int64_t adj;
			st = store_adjustment_add(s, json_integer_value(json_object_get(town, "town_id")),
			                          "remove", t->code, "{}", buf_str(&why), "system",
			                          who->name, b->id, deadline, &adj, e);
			if (st != STATUS_OK)
				break;
			char object[48];
			snprintf(object, sizeof object, "adjustment:%lld", (long long)adj);
			st = app_audit(s, who, "adjustment.open", object,
			               json_pack("{s:s, s:s, s:s, s:s}", "town", json_text(town, "town"),
			                         "action", "remove", "task", t->code, "basis", code),
			               e);
			if (st != STATUS_OK)
				break;
			(*opened)++;
		}
		json_decref(towns);
	}
	buf_free(&why);
	if (st == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "basis:%s", code);
		st = app_audit(s, who, "basis.repeal", object,
		               json_pack("{s:s, s:s, s:I, s:I}", "date", date, "reason",
		                         reason ? reason : "", "adjustments", (json_int_t)*opened,
		                         "citations_marked", (json_int_t)*marked),
		               e);
	}
done:
	catalog_index_free(&ix);
	catalog_free(&c);
	return app_finish(s, st, e);
}

enum status basis_amend(struct store *s, const struct actor *who, const char *code,
                        const char *title, const char *doc_no, const char *effective_date,
                        const char *note, struct error *e)
{
	if (app_role(who) != ROLE_OFFICE)
		return error_set(e, STATUS_FORBIDDEN, NULL, "the office amends bases");
	long day;
	if (!effective_date || !date_parse(effective_date, &day))
		return error_set(e, STATUS_INVALID, "effective_date",
		                 "the amended version's effective date, YYYY-MM-DD");
	enum status st = store_begin(s, e);
	if (st != STATUS_OK)
		return st;
	struct catalog c = {0};
	struct catalog_index ix = {0};
	if ((st = store_catalog_load(s, &c, e)) != STATUS_OK)
		goto done;
	catalog_index_build(&ix, &c);
	const struct basis *b = index_basis(&ix, code);
	if (!b) {
		st = error_set(e, STATUS_NOT_FOUND, "code", "basis %s does not exist", code);
		goto done;
	}
	if (strcmp(b->status, BASIS_IN_FORCE) != 0) {
		st = error_set(e, STATUS_CONFLICT, "code", "basis %s is repealed; amend one in force",
		               code);
		goto done;
	}
	if (strcmp(effective_date, b->effective_date) <= 0) {
		st = error_set(e, STATUS_INVALID, "effective_date",
		               "an amendment takes effect after %s, the version in force",
		               b->effective_date);
		goto done;
	}
	if ((st = store_basis_version_add(s, b, note ? note : "", who->name, e)) != STATUS_OK)
		goto done;
	struct basis amended = *b;
	amended.src = (struct source){"", 0};
	if (title && *title)
		amended.title = title;
	if (doc_no && *doc_no)
		amended.doc_no = doc_no;
	amended.effective_date = effective_date;
	if ((st = store_basis_put(s, &amended, e)) == STATUS_OK) {
		char object[48];
		snprintf(object, sizeof object, "basis:%s", code);
		st = app_audit(s, who, "basis.amend", object,
		               json_pack("{s:s, s:s, s:s}", "effective_date", effective_date, "title",
		                         amended.title, "note", note ? note : ""),
		               e);
	}
done:
	catalog_index_free(&ix);
	catalog_free(&c);
	return app_finish(s, st, e);
}
