/* case.c - `dutylist case`: 监管问责 from the command line.  A supervisor
 * (--as) opens and moves cases and decides proposed ones; the department
 * concerned (--as) answers; the command line itself acts as the office
 * (it lists, refreshes proposals and sets the settings). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/case.h"
#include "../core/user.h"
#include "../util/fs.h"
#include "../util/json.h"
#include "cmd.h"

static void print_row(const json_t *c)
{
	printf("%4lld  %-13s %-12s %s%s%s  %s  due %s%s\n", (long long)json_int(c, "id"),
	       json_text(c, "status"), json_text(c, "type"), json_text(c, "department"),
	       json_int(c, "agency") == 1 ? "/" : "", json_text(c, "agency_name"), json_text(c, "title"),
	       *json_text(c, "due") ? json_text(c, "due") : "-",
	       json_is_true(json_object_get(c, "overdue")) ? "  OVERDUE" : "");
}

/* The evidence the options name, at most one; *b64 (owned) holds a file. */
static enum status evidence_opt(const char *whistle, const char *notice, const char *adjustment,
                                const char *complaint, const char *file, const char *type,
                                const char *note, struct case_evidence_in *ev, char **b64,
                                bool *any, struct error *e)
{
	*any = true;
	*b64 = NULL;
	*ev = (struct case_evidence_in){NULL, 0, note, NULL, NULL, NULL};
	if (whistle)
		ev->kind = "whistle", ev->ref_id = cmd_id(whistle);
	else if (notice)
		ev->kind = "notice", ev->ref_id = cmd_id(notice);
	else if (adjustment)
		ev->kind = "adjustment", ev->ref_id = cmd_id(adjustment);
	else if (complaint)
		ev->kind = "complaint", ev->note = complaint;
	else if (file) {
		char *data;
		size_t len;
		enum status st = fs_read(file, CASE_FILE_MAX, &data, &len, e);
		if (st != STATUS_OK)
			return st;
		size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
		*b64 = xmalloc(n);
		sodium_bin2base64(*b64, n, (const unsigned char *)data, len,
		                  sodium_base64_VARIANT_ORIGINAL);
		free(data);
		const char *slash = strrchr(file, '/');
		ev->kind = "file";
		ev->file_name = slash ? slash + 1 : file;
		ev->content_type = type ? type : "application/octet-stream";
		ev->content_base64 = *b64;
	} else
		*any = false;
	return STATUS_OK;
}

static int run_case(int argc, char **argv)
{
	const char *db = NULL, *as = NULL, *department = NULL, *type = NULL, *title = NULL,
		   *summary = NULL, *whistle = NULL, *notice = NULL, *adjustment = NULL,
		   *complaint = NULL, *file = NULL, *ctype = NULL, *note = NULL, *finding = NULL,
		   *measure = NULL, *text = NULL, *reason = NULL, *from = NULL, *to = NULL,
		   *status = NULL, *pos[3];
	const char *vals[5] = {0};
	bool json = false, agency = false, overdue = false;
	int npos;
	const struct option_spec opts[] = {
		{"db", &db, NULL},
		{"as", &as, NULL},
		{"department", &department, NULL},
		{"type", &type, NULL},
		{"title", &title, NULL},
		{"summary", &summary, NULL},
		{"whistle", &whistle, NULL},
		{"notice", &notice, NULL},
		{"adjustment", &adjustment, NULL},
		{"complaint", &complaint, NULL},
		{"file", &file, NULL},
		{"content-type", &ctype, NULL},
		{"note", &note, NULL},
		{"finding", &finding, NULL},
		{"measure", &measure, NULL},
		{"text", &text, NULL},
		{"reason", &reason, NULL},
		{"from", &from, NULL},
		{"to", &to, NULL},
		{"status", &status, NULL},
		{"investigate-days", &vals[0], NULL},
		{"conclude-days", &vals[1], NULL},
		{"close-days", &vals[2], NULL},
		{"threshold", &vals[3], NULL},
		{"window-days", &vals[4], NULL},
		{"json", NULL, &json},
		{"agency", NULL, &agency},
		{"overdue", NULL, &overdue},
		{0}};
	int rc = cmd_start(&cmd_case, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	const char *verb = npos ? pos[0] : "list";
	struct store *s;
	struct error e;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("case", &e);
	struct actor who;
	struct user u;
	enum status st = cmd_actor_as(s, as, &who, &u, &e);
	int64_t id = npos == 2 ? cmd_id(pos[1]) : 0;
	bool needs_id = strcmp(verb, "list") != 0 && strcmp(verb, "open") != 0 &&
	                strcmp(verb, "proposals") != 0 && strcmp(verb, "refresh") != 0 &&
	                strcmp(verb, "settings") != 0;
	json_t *out = NULL;
	char *b64 = NULL;
	struct case_evidence_in ev;
	bool any = false;
	if (st != STATUS_OK) {
	} else if (needs_id && !id) {
		st = error_set(&e, STATUS_USAGE, NULL, "name the id");
	} else if (strcmp(verb, "list") == 0) {
		if ((st = case_list(s, &who, department, overdue, &out, &e)) == STATUS_OK && !json) {
			size_t i;
			json_t *c;
			json_array_foreach(out, i, c) print_row(c);
			json_decref(out);
			out = NULL;
		}
	} else if (strcmp(verb, "show") == 0) {
		st = case_view(s, &who, id, &out, &e);
	} else if (strcmp(verb, "open") == 0) {
		struct case_def c = {department, agency, type, title, summary};
		if ((st = evidence_opt(whistle, notice, adjustment, complaint, file, ctype, note, &ev,
		                       &b64, &any, &e)) == STATUS_OK &&
		    (st = case_open(s, &who, &c, &ev, any ? 1 : 0, &id, &e)) == STATUS_OK)
			printf("case %lld opened against %s%s: %s\n", (long long)id, department,
			       agency ? " (dispatched agency)" : "", title);
	} else if (strcmp(verb, "evidence") == 0) {
		int64_t eid;
		if ((st = evidence_opt(whistle, notice, adjustment, complaint, file, ctype, note, &ev,
		                       &b64, &any, &e)) == STATUS_OK) {
			if (!any)
				st = error_set(&e, STATUS_USAGE, NULL,
				               "--whistle, --notice, --adjustment, --complaint or --file");
			else if ((st = case_evidence_add(s, &who, id, &ev, &eid, &e)) == STATUS_OK)
				printf("case %lld: evidence %lld (%s)\n", (long long)id, (long long)eid, ev.kind);
		}
	} else if (strcmp(verb, "investigate") == 0 || strcmp(verb, "conclude") == 0 ||
	           strcmp(verb, "close") == 0 || strcmp(verb, "answer") == 0) {
		const char *t = strcmp(verb, "conclude") == 0 ? finding : text;
		if ((st = case_act(s, &who, id, verb, t, measure, &e)) == STATUS_OK)
			printf("case %lld: %s\n", (long long)id, verb);
	} else if (strcmp(verb, "proposals") == 0) {
		if ((st = case_proposal_list(s, &who, status, &out, &e)) == STATUS_OK && !json) {
			size_t i;
			json_t *p;
			json_array_foreach(out, i, p)
				printf("%4lld  %-9s %s  %s  (%zu pieces of evidence)\n",
				       (long long)json_int(p, "id"), json_text(p, "status"),
				       json_text(p, "source"), json_text(p, "summary"),
				       json_array_size(json_object_get(p, "evidence")));
			json_decref(out);
			out = NULL;
		}
	} else if (strcmp(verb, "refresh") == 0) {
		int created;
		if ((st = case_proposals_refresh(s, &who, from, to, &created, &e)) == STATUS_OK)
			printf("%d cases proposed\n", created);
	} else if (strcmp(verb, "accept") == 0 || strcmp(verb, "dismiss") == 0) {
		int64_t cid;
		if ((st = case_proposal_decide(s, &who, id, verb, reason, &cid, &e)) == STATUS_OK) {
			if (cid)
				printf("proposal %lld accepted: case %lld opened\n", (long long)id,
				       (long long)cid);
			else
				printf("proposal %lld dismissed\n", (long long)id);
		}
	} else if (strcmp(verb, "settings") == 0) {
		struct case_settings v;
		if ((st = store_case_settings(s, &v, &e)) == STATUS_OK) {
			int *fields[] = {&v.investigate_days, &v.conclude_days, &v.close_days,
			                 &v.overdue_threshold, &v.window_days};
			bool change = false;
			for (int i = 0; i < 5 && st == STATUS_OK; i++)
				if (vals[i]) {
					char *end;
					long n = strtol(vals[i], &end, 10);
					if (!*vals[i] || *end || n < 0 || n > 10000)
						st = error_set(&e, STATUS_USAGE, NULL, "'%s' is not a whole number",
						               vals[i]);
					*fields[i] = (int)n;
					change = true;
				}
			if (st == STATUS_OK && change)
				st = case_settings_set(s, &who, &v, &e);
			if (st == STATUS_OK)
				out = case_settings_json(&v);
		}
	} else {
		st = error_set(&e, STATUS_USAGE, NULL, "unknown case action '%s'", verb);
	}
	if (st == STATUS_OK && out)
		cmd_print_json(out);
	json_decref(out);
	free(b64);
	store_close(s);
	if (st == STATUS_USAGE) {
		fprintf(stderr, "dutylist case: %s\nusage: dutylist case %s\n", e.message, cmd_case.usage);
		return 2;
	}
	return st == STATUS_OK ? 0 : cmd_fail("case", &e);
}

const struct command cmd_case = {
	.name = "case",
	.usage = "list [--overdue] [--department C] [--json] | show ID | open --department C "
	         "[--agency] --type T --title T [--summary S] [EVIDENCE] --as USER | evidence ID "
	         "EVIDENCE --as USER | investigate ID --as USER | conclude ID --finding F --measure M "
	         "--as USER | close ID --as USER | answer ID --text T --as USER | proposals "
	         "[--status S] [--json] | refresh [--from D] [--to D] | accept ID --as USER | "
	         "dismiss ID --reason R --as USER | settings [--threshold N ...]   [--db PATH]",
	.summary = "Supervision and accountability cases (监管问责).",
	.help = "A supervisor (--as) opens a case against a department (--agency: its\n"
	        "dispatched agency) of a --type: inaction (不作为), misconduct (乱作为),\n"
	        "slowness (慢作为), falsity (假作为) or outside_list (清单外派活), and links\n"
	        "EVIDENCE: --whistle ID, --notice ID, --adjustment ID, --complaint TEXT or\n"
	        "--file PATH [--content-type T] (at most 512 KiB, stored with its sha256),\n"
	        "with an optional --note.  The case is investigated, concluded (--finding and\n"
	        "--measure) and closed, each step within its deadline in working days on the\n"
	        "calendar; 'list --overdue' shows those past it.  The department concerned\n"
	        "(--as) sees its own cases and answers them.  'refresh' proposes cases from\n"
	        "evidence (a department's late whistles reaching --threshold in the window),\n"
	        "never the same evidence twice; a supervisor accepts (a case opens with the\n"
	        "evidence) or dismisses (--reason) each.  'settings' shows and changes\n"
	        "--investigate-days, --conclude-days, --close-days, --threshold, --window-days.\n",
	.run = run_case,
};
