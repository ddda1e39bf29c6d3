/* procedure.c - `dutylist basis`, `dutylist admission`, `dutylist
 * adjustment` and `dutylist audit`: the procedures that keep the lists
 * following the law, and the audit log that proves them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/user.h"
#include "../util/buf.h"
#include "cmd.h"

static int finish_cmd(const struct command *c, struct store *s, enum status st,
                      const struct error *e)
{
	if (s)
		store_close(s);
	if (st == STATUS_USAGE) {
		fprintf(stderr, "dutylist %s: %s\nusage: dutylist %s %s\n", c->name, e->message,
		        c->name, c->usage);
		return 2;
	}
	return st == STATUS_OK ? 0 : cmd_fail(c->name, e);
}

/* --- basis --- */

static int run_basis(int argc, char **argv)
{
	const char *db = NULL, *date = NULL, *reason = NULL, *title = NULL, *doc_no = NULL,
		   *effective = NULL, *pos[3];
	bool json = false;
	int npos;
	const struct option_spec opts[] = {
		{"db", &db, NULL},       {"date", &date, NULL},   {"reason", &reason, NULL},
		{"title", &title, NULL}, {"doc-no", &doc_no, NULL}, {"effective-date", &effective, NULL},
		{"json", NULL, &json},   {0}};
	int rc = cmd_start(&cmd_basis, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	struct error e;
	if (npos != 2)
		return finish_cmd(&cmd_basis, NULL,
		                  error_set(&e, STATUS_USAGE, NULL, "name the action and the basis"), &e);
	struct store *s;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("basis", &e);
	struct actor who = cmd_actor();
	enum status st;
	if (strcmp(pos[0], "repeal") == 0) {
		size_t opened, marked;
		st = basis_repeal(s, &who, pos[1], date, reason, &opened, &marked, &e);
		if (st == STATUS_OK)
			printf("repealed %s as of %s: %zu adjustment%s opened for the lists of tasks "
			       "resting on it alone; %zu task%s keep%s it beside another basis in force\n",
			       pos[1], date, opened, opened == 1 ? "" : "s", marked, marked == 1 ? "" : "s",
			       marked == 1 ? "s" : "");
	} else if (strcmp(pos[0], "amend") == 0) {
		st = basis_amend(s, &who, pos[1], title, doc_no, effective, reason, &e);
		if (st == STATUS_OK)
			printf("amended %s: the new version is in force from %s\n", pos[1], effective);
	} else if (strcmp(pos[0], "history") == 0) {
		json_t *h;
		if ((st = store_basis_versions(s, pos[1], &h, &e)) == STATUS_OK) {
			if (json) {
				cmd_print_json(h);
			} else {
				size_t i;
				json_t *v;
				json_array_foreach(h, i, v)
					printf("%s  %s  %s %s  (%s, %s)\n",
					       json_string_value(json_object_get(v, "recorded_at")),
					       json_string_value(json_object_get(v, "effective_date")),
					       json_string_value(json_object_get(v, "title")),
					       json_string_value(json_object_get(v, "doc_no")),
					       json_string_value(json_object_get(v, "status")),
					       json_string_value(json_object_get(v, "note")));
			}
			json_decref(h);
		}
	} else {
		st = error_set(&e, STATUS_USAGE, NULL, "unknown basis action '%s'", pos[0]);
	}
	return finish_cmd(&cmd_basis, s, st, &e);
}

const struct command cmd_basis = {
	.name = "basis",
	.usage = "repeal CODE --date D [--reason R] | amend CODE --effective-date D [--title T] "
	         "[--doc-no N] [--reason R] | history CODE [--json]   [--db PATH]",
	.summary = "A legal basis's lifecycle: repeal (opens adjustments), amend, history.",
	.help = "Repealing a basis (已废止) opens, in the same transaction, an adjustment\n"
	        "(运行调整) on every list that holds a task resting on that basis alone;\n"
	        "tasks with another basis in force keep the citation, shown repealed.\n"
	        "Amending records the version in force and replaces it from its\n"
	        "effective date.\n",
	.run = run_basis,
};

/* --- admission --- */

static int run_admission(int argc, char **argv)
{
	const char *db = NULL, *task = NULL, *fields = NULL, *resources = NULL, *reason = NULL,
		   *as = NULL, *department = NULL, *status = NULL, *pos[3];
	bool json = false;
	int npos;
	const struct option_spec opts[] = {
		{"db", &db, NULL},         {"task", &task, NULL},     {"fields", &fields, NULL},
		{"resources", &resources, NULL}, {"reason", &reason, NULL}, {"as", &as, NULL},
		{"department", &department, NULL}, {"status", &status, NULL}, {"json", NULL, &json},
		{0}};
	int rc = cmd_start(&cmd_admission, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	const char *verb = npos ? pos[0] : "list";
	struct store *s;
	struct error e;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("admission", &e);
	struct actor who;
	struct user u;
	enum status st = cmd_actor_as(s, as, &who, &u, &e);
	json_t *payload = NULL, *res = NULL;
	if (st == STATUS_OK && fields && !(payload = cmd_parse_object(fields, "fields", &e)))
		st = e.status;
	if (st == STATUS_OK && resources && !(res = cmd_parse_object(resources, "resources", &e)))
		st = e.status;
	if (st != STATUS_OK) {
	} else if (strcmp(verb, "list") == 0) {
		json_t *all;
		if ((st = store_admissions(s, department, status, &all, &e)) == STATUS_OK) {
			if (json)
				cmd_print_json(all);
			else {
				size_t i;
				json_t *a;
				json_array_foreach(all, i, a)
					printf("%4lld  %-10s %-8s %-10s deadline %-10s by %s\n",
					       (long long)json_integer_value(json_object_get(a, "id")),
					       json_string_value(json_object_get(a, "status")),
					       json_string_value(json_object_get(a, "task_code")),
					       json_string_value(json_object_get(a, "department_name")),
					       json_string_value(json_object_get(a, "deadline")),
					       json_string_value(json_object_get(a, "requested_by")));
			}
			json_decref(all);
		}
	} else if (strcmp(verb, "submit") == 0) {
		struct diag d = {0};
		int64_t id;
		json_t *similar;
		st = admission_submit(s, &who, task, payload, res, &id, &similar, &d, &e);
		if (st == STATUS_OK) {
			printf("admission request %lld submitted for %s\n", (long long)id, task);
			size_t i;
			json_t *t;
			json_array_foreach(similar, i, t)
				printf("  alike: %s %s (%s, %.0f%%)\n",
				       json_string_value(json_object_get(t, "code")),
				       json_string_value(json_object_get(t, "name")),
				       json_string_value(json_object_get(t, "list_type")),
				       100 * json_real_value(json_object_get(t, "similarity")));
			json_decref(similar);
		}
		diag_free(&d);
	} else if (strcmp(verb, "show") == 0 && npos == 2) {
		json_t *v;
		if ((st = admission_view(s, cmd_id(pos[1]), &v, &e)) == STATUS_OK) {
			cmd_print_json(v);
			json_decref(v);
		}
	} else if (npos == 2) {
		size_t lists;
		st = admission_act(s, &who, cmd_id(pos[1]), verb, reason, task, payload, res, &lists, &e);
		if (st == STATUS_OK)
			printf("admission request %s: %s%s\n", pos[1], verb,
			       lists ? " (new list versions published)" : "");
	} else {
		st = error_set(&e, STATUS_USAGE, NULL, "name the request's id");
	}
	json_decref(payload);
	json_decref(res);
	return finish_cmd(&cmd_admission, s, st, &e);
}

const struct command cmd_admission = {
	.name = "admission",
	.usage = "list [--department D] [--status S] [--json] | show ID | submit --task CODE "
	         "--fields JSON --resources JSON --as USER | accept|return|admit|refuse ID "
	         "[--reason R] | resubmit|withdraw ID [--fields JSON] --as USER   [--db PATH]",
	.summary = "Admission of new tasks (职责准入): request, review, admit or refuse.",
	.help = "A department user (--as) submits a new task: --fields is its row in the\n"
	        "exchange columns (applies_to selects the towns), --resources what comes\n"
	        "with it ({\"staff\": ..., \"funds\": ..., \"equipment\": ...} or\n"
	        "{\"none\": true, \"note\": \"why\"}).  The office accepts it for review\n"
	        "(a deadline in working days), returns it for changes, admits it (the\n"
	        "task enters the catalogue and each selected town gets a new version of\n"
	        "its list) or refuses it, with a reason.\n",
	.run = run_admission,
};

/* --- adjustment --- */

static int run_adjustment(int argc, char **argv)
{
	const char *db = NULL, *town = NULL, *action = NULL, *task = NULL, *fields = NULL,
		   *reason = NULL, *as = NULL, *status = NULL, *pos[3];
	bool json = false;
	int npos;
	const struct option_spec opts[] = {
		{"db", &db, NULL},     {"town", &town, NULL},     {"action", &action, NULL},
		{"task", &task, NULL}, {"fields", &fields, NULL}, {"reason", &reason, NULL},
		{"as", &as, NULL},     {"status", &status, NULL}, {"json", NULL, &json},
		{0}};
	int rc = cmd_start(&cmd_adjustment, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	const char *verb = npos ? pos[0] : "list";
	struct store *s;
	struct error e;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("adjustment", &e);
	struct actor who;
	struct user u;
	enum status st = cmd_actor_as(s, as, &who, &u, &e);
	json_t *payload = NULL;
	if (st == STATUS_OK && fields && !(payload = cmd_parse_object(fields, "fields", &e)))
		st = e.status;
	if (st != STATUS_OK) {
	} else if (strcmp(verb, "list") == 0) {
		json_t *all;
		if ((st = store_adjustments(s, town, status, &all, &e)) == STATUS_OK) {
			if (json)
				cmd_print_json(all);
			else {
				size_t i;
				json_t *a;
				json_array_foreach(all, i, a)
					printf("%4lld  %-9s %s %-7s %-8s %-10s by %s: %s\n",
					       (long long)json_integer_value(json_object_get(a, "id")),
					       json_string_value(json_object_get(a, "status")),
					       json_string_value(json_object_get(a, "town")),
					       json_string_value(json_object_get(a, "action")),
					       json_string_value(json_object_get(a, "task_code")),
					       json_string_value(json_object_get(a, "origin")),
					       json_string_value(json_object_get(a, "opened_by")),
					       json_string_value(json_object_get(a, "reason")));
			}
			json_decref(all);
		}
	} else if (strcmp(verb, "open") == 0) {
		struct diag d = {0};
		int64_t id;
		st = adjustment_open(s, &who, town, action, task, payload, reason, &id, &d, &e);
		if (st == STATUS_OK)
			printf("adjustment %lld opened: %s %s on the list of %s\n", (long long)id, action,
			       task, town);
		diag_free(&d);
	} else if (npos == 2 && (strcmp(verb, "apply") == 0 || strcmp(verb, "dismiss") == 0)) {
		int version;
		st = adjustment_act(s, &who, cmd_id(pos[1]), verb, reason, &version, &e);
		if (st == STATUS_OK)
			printf("adjustment %s: %s%s", pos[1], verb, version ? "" : "\n");
		if (st == STATUS_OK && version)
			printf(" (list version %d published)\n", version);
	} else {
		st = error_set(&e, STATUS_USAGE, NULL, "unknown adjustment action '%s'", verb);
	}
	json_decref(payload);
	return finish_cmd(&cmd_adjustment, s, st, &e);
}

const struct command cmd_adjustment = {
	.name = "adjustment",
	.usage = "list [--town C] [--status open|applied|dismissed] [--json] | open --town C "
	         "--action add|remove|move|change --task CODE [--fields JSON] --reason R [--as USER] "
	         "| apply|dismiss ID --reason R   [--db PATH]",
	.summary = "Adjustments of a town's list in force (运行调整).",
	.help = "The office opens an adjustment, or a town or department requests one\n"
	        "(--as); the office applies it (a new version of the town's list is\n"
	        "published) or dismisses it, with a reason.  Repealing a basis opens\n"
	        "adjustments by itself ('dutylist basis repeal').\n",
	.run = run_adjustment,
};

/* --- audit --- */

static enum status export_line(void *ctx, json_t *entry)
{
	(void)ctx;
	json_error_t jerr;
	json_t *detail = json_loads(json_string_value(json_object_get(entry, "detail")), 0, &jerr);
	if (detail)
		json_object_set_new(entry, "detail", detail);
	char *text = json_dumps(entry, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	if (!text)
		die_nomem();
	puts(text);
	free(text);
	return STATUS_OK;
}

static int run_audit(int argc, char **argv)
{
	const char *db = NULL, *object = NULL, *actor = NULL, *action = NULL, *limit = "50",
		   *pos[2];
	int npos;
	const struct option_spec opts[] = {{"db", &db, NULL},         {"object", &object, NULL},
	                                   {"actor", &actor, NULL},   {"action", &action, NULL},
	                                   {"limit", &limit, NULL},   {0}};
	int rc = cmd_start(&cmd_audit, argc, argv, opts, pos, 1, &npos);
	if (rc >= 0)
		return rc;
	const char *verb = npos ? pos[0] : "log";
	struct store *s;
	struct error e;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("audit", &e);
	enum status st;
	if (strcmp(verb, "head") == 0) {
		int64_t id;
		char hash[65];
		if ((st = store_audit_head(s, &id, hash, &e)) == STATUS_OK)
			printf("%lld %s\n", (long long)id, hash);
	} else if (strcmp(verb, "export") == 0) {
		st = store_audit_each(s, 0, export_line, NULL, &e);
	} else if (strcmp(verb, "log") == 0) {
		json_t *rows;
		if ((st = store_audit_find(s, object, actor, action, 0, atoi(limit) > 0 ? atoi(limit) : 50,
		                           &rows, &e)) == STATUS_OK) {
			size_t i;
			json_t *r;
			json_array_foreach(rows, i, r)
				printf("%6lld %s %-16s %-22s %-24s %s\n",
				       (long long)json_integer_value(json_object_get(r, "id")),
				       json_string_value(json_object_get(r, "at")),
				       json_string_value(json_object_get(r, "actor")),
				       json_string_value(json_object_get(r, "action")),
				       json_string_value(json_object_get(r, "object")),
				       json_string_value(json_object_get(r, "detail")));
			json_decref(rows);
		}
	} else {
		st = error_set(&e, STATUS_USAGE, NULL, "unknown audit action '%s'", verb);
	}
	return finish_cmd(&cmd_audit, s, st, &e);
}

const struct command cmd_audit = {
	.name = "audit",
	.usage = "head | export | log [--object O] [--actor A] [--action X] [--limit N]   "
	         "[--db PATH]",
	.summary = "The audit log: its head hash, an export as JSON lines, or a filtered view.",
	.help = "Every write appends an entry chained to the one before by SHA-256;\n"
	        "'dutylist verify' recomputes the chain.  'audit head' prints the newest\n"
	        "entry's id and hash: print or publish it, so that even a chain rewritten\n"
	        "whole is caught.  'audit export' writes every entry as one JSON line.\n"
	        "--object takes an exact object (town:231086101) or a prefix ending in\n"
	        "':' (basis:); --action an action or its area (review).\n",
	.run = run_audit,
};
