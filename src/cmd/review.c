/* review.c - `dutylist review` and `dutylist diff`: review rounds from the
 * command line, through the same use cases as the web. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/user.h"
#include "../util/buf.h"
#include "cmd.h"

static bool parse_id(const char *text, int64_t *id)
{
	char *end;
	long long v = text ? strtoll(text, &end, 10) : 0;
	if (!text || !*text || *end || v < 1)
		return false;
	*id = v;
	return true;
}

static void print_round(struct store *s, json_t *round, struct error *e)
{
	printf("round %lld (id %lld): %s · %s · deadline %s · opened by %s\n",
	       (long long)json_integer_value(json_object_get(round, "number")),
	       (long long)json_integer_value(json_object_get(round, "id")),
	       json_string_value(json_object_get(round, "title")),
	       json_string_value(json_object_get(round, "status")),
	       json_string_value(json_object_get(round, "deadline")),
	       json_string_value(json_object_get(round, "opened_by")));
	json_t *towns;
	if (store_round_towns(s, json_integer_value(json_object_get(round, "id")), &towns, e) !=
	    STATUS_OK)
		return;
	size_t i;
	json_t *t;
	json_array_foreach(towns, i, t)
		printf("  %s %-10s draft v%lld  %3lld items (started %lld)  %s%s\n",
		       json_string_value(json_object_get(t, "town")),
		       json_string_value(json_object_get(t, "town_name")),
		       (long long)json_integer_value(json_object_get(t, "draft_version")),
		       (long long)json_integer_value(json_object_get(t, "items")),
		       (long long)json_integer_value(json_object_get(t, "start_items")),
		       json_string_value(json_object_get(t, "status")),
		       json_integer_value(json_object_get(t, "refusals")) ? " (refused before)" : "");
	json_decref(towns);
}

static int run_review(int argc, char **argv)
{
	const char *db = NULL, *title = NULL, *towns = NULL, *days_text = "10", *town = NULL,
		   *action = NULL, *task = NULL, *fields = NULL, *reason = NULL, *as = NULL,
		   *proposal = NULL, *group = NULL, *side = NULL, *from = NULL, *pos[3];
	bool json = false, agree = false, reject = false;
	int npos;
	const struct option_spec opts[] = {
		{"db", &db, NULL},         {"title", &title, NULL},   {"towns", &towns, NULL},
		{"days", &days_text, NULL}, {"town", &town, NULL},     {"action", &action, NULL},
		{"task", &task, NULL},     {"fields", &fields, NULL}, {"reason", &reason, NULL},
		{"as", &as, NULL},         {"proposal", &proposal, NULL}, {"group", &group, NULL},
		{"side", &side, NULL},     {"from", &from, NULL},     {"json", NULL, &json},     {"agree", NULL, &agree},
		{"reject", NULL, &reject}, {0}};
	int rc = cmd_start(&cmd_review, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	const char *verb = npos ? pos[0] : "status";
	int64_t round = 0;
	if (npos > 1 && !parse_id(pos[1], &round)) {
		fprintf(stderr, "dutylist review: '%s' is not a round id\n", pos[1]);
		return 2;
	}
	struct store *s;
	struct error e;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("review", &e);
	struct actor who;
	struct user u;
	enum status st = cmd_actor_as(s, as, &who, &u, &e);
	bool needs_round = strcmp(verb, "status") != 0 && strcmp(verb, "open") != 0 &&
	                   strcmp(verb, "stats") != 0 && strcmp(verb, "decide") != 0;
	if (st == STATUS_OK && needs_round && !round)
		st = error_set(&e, STATUS_USAGE, NULL, "review %s needs the round's id", verb);
	if (st != STATUS_OK)
		goto out;

	if (strcmp(verb, "status") == 0) {
		json_t *rounds;
		if ((st = store_rounds(s, &rounds, &e)) == STATUS_OK) {
			size_t i;
			json_t *r;
			if (json)
				cmd_print_json(rounds);
			else if (!json_array_size(rounds))
				printf("no review rounds yet; open one with 'dutylist review open --title T'\n");
			else
				json_array_foreach(rounds, i, r) if (!round || json_integer_value(
				                                                   json_object_get(r, "id")) == round)
					print_round(s, r, &e);
			json_decref(rounds);
		}
	} else if (strcmp(verb, "open") == 0) {
		char *list = towns ? xstrdup(towns) : NULL;
		const char *codes[4096];
		size_t n = 0;
		for (char *tok = list ? strtok(list, ",") : NULL; tok && n < 4096; tok = strtok(NULL, ","))
			codes[n++] = tok;
		int64_t id;
		int number;
		if (from && strcmp(from, "catalogue") != 0 && strcmp(from, "lists") != 0)
			st = error_set(&e, STATUS_USAGE, "from", "--from is lists or catalogue");
		else
			st = review_open_from(s, &who, title, codes, n, atoi(days_text),
			                      from && strcmp(from, "catalogue") == 0, &id, &number, &e);
		if (st == STATUS_OK)
			printf("opened review round %d (id %lld) for %s\n", number, (long long)id,
			       n ? towns : "every town");
		free(list);
	} else if (strcmp(verb, "propose") == 0) {
		json_error_t jerr;
		json_t *payload = fields ? json_loads(fields, 0, &jerr) : NULL;
		if (fields && !payload) {
			st = error_set(&e, STATUS_USAGE, "fields", "--fields is not JSON: %s", jerr.text);
		} else {
			struct diag d = {0};
			int64_t id;
			st = review_propose(s, &who, round, town, action, task, payload, reason, 0, &id,
			                    &d, &e);
			if (st == STATUS_OK)
				printf("proposal %lld: %s %s for %s\n", (long long)id, action, task, town);
			diag_free(&d);
		}
		json_decref(payload);
	} else if (strcmp(verb, "merge") == 0) {
		size_t groups;
		if ((st = review_merge(s, &who, round, &groups, &e)) == STATUS_OK)
			printf("%zu groups of proposals made\n", groups);
	} else if (strcmp(verb, "decide") == 0) {
		int64_t pid = 0, gid = 0;
		if (agree == reject || !(parse_id(proposal, &pid) || parse_id(group, &gid))) {
			st = error_set(&e, STATUS_USAGE, NULL,
			               "decide needs --proposal ID or --group ID, and --agree or --reject");
		} else {
			size_t decided;
			st = review_decide(s, &who, pid, gid, agree, reason, &decided, &e);
			if (st == STATUS_OK)
				printf("%s %zu proposal%s\n", agree ? "agreed" : "rejected", decided,
				       decided == 1 ? "" : "s");
		}
	} else if (strcmp(verb, "confirm") == 0 || strcmp(verb, "refuse") == 0 ||
	           strcmp(verb, "send-back") == 0 || strcmp(verb, "publish") == 0) {
		const char *act = strcmp(verb, "refuse") == 0      ? "refuse"
		                  : strcmp(verb, "send-back") == 0 ? "send_back"
		                  : strcmp(verb, "publish") == 0   ? "publish"
		                  : side && strcmp(side, "town") == 0 ? "town_confirm"
		                                                      : "office_confirm";
		json_t *state;
		if (!town)
			st = error_set(&e, STATUS_USAGE, "town", "name the town with --town CODE");
		else if ((st = review_town_act(s, &who, round, town, act, reason, &state, &e)) ==
		         STATUS_OK) {
			printf("%s: draft v%lld is %s\n", town,
			       (long long)json_integer_value(json_object_get(state, "draft_version")),
			       json_string_value(json_object_get(state, "status")));
			json_decref(state);
		}
	} else if (strcmp(verb, "close") == 0) {
		if ((st = review_close(s, &who, round, &e)) == STATUS_OK)
			printf("closed review round id %lld\n", (long long)round);
	} else if (strcmp(verb, "stats") == 0) {
		json_t *stats;
		if ((st = review_stats(s, round, &stats, &e)) == STATUS_OK) {
			if (json) {
				cmd_print_json(stats);
			} else {
				static const char *const keys[] = {"rounds", "first_round", "added", "removed",
				                                   "town_proposals", "merged", "agreed",
				                                   "rejected", "confirmed", NULL};
				for (size_t i = 0; keys[i]; i++)
					printf("%-15s %lld\n", keys[i],
					       (long long)json_integer_value(json_object_get(stats, keys[i])));
			}
			json_decref(stats);
		}
	} else {
		st = error_set(&e, STATUS_USAGE, NULL, "unknown review command '%s'", verb);
	}
out:
	store_close(s);
	if (st == STATUS_USAGE) {
		fprintf(stderr, "dutylist review: %s\nusage: dutylist review %s\n", e.message,
		        cmd_review.usage);
		return 2;
	}
	return st == STATUS_OK ? 0 : cmd_fail("review", &e);
}

const struct command cmd_review = {
	.name = "review",
	.usage = "status [ROUND] | open --title T [--towns A,B] [--days N] [--from lists|catalogue] | "
	         "propose ROUND --town C --action add|remove|move|change --task CODE "
	         "[--fields JSON] --reason R | merge ROUND | decide --proposal ID|--group ID "
	         "--agree|--reject --reason R | confirm ROUND --town C --side town|office | "
	         "refuse ROUND --town C --reason R | send-back ROUND --town C | publish ROUND "
	         "--town C | close ROUND | stats [ROUND]   [--as USER] [--json] [--db PATH]",
	.summary = "Review rounds (双向梳理、共同认定): open, propose, merge, decide, confirm, "
	           "publish.",
	.help = "ROUND is the round's id (see 'review status').  Without --as the command\n"
	        "line acts as the office; --as USER acts as that user, with the user's\n"
	        "role and town or department (a town confirms or refuses its own draft\n"
	        "only: --as a township user).  --fields gives a proposal's fields as a\n"
	        "JSON object of the exchange format's task columns (a new task's whole\n"
	        "row; for a move at least list_type).  The draft becomes the town's list\n"
	        "when the town and the office have both confirmed it and the office\n"
	        "publishes it.\n",
	.run = run_review,
};

static int run_diff(int argc, char **argv)
{
	const char *db = NULL, *town = NULL, *pos[3];
	bool json = false;
	int npos;
	const struct option_spec opts[] = {
		{"db", &db, NULL}, {"town", &town, NULL}, {"json", NULL, &json}, {0}};
	int rc = cmd_start(&cmd_diff, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	int64_t a, b;
	if (!town || npos != 2 || !parse_id(pos[0], &a) || !parse_id(pos[1], &b)) {
		fprintf(stderr, "usage: dutylist diff %s\n", cmd_diff.usage);
		return 2;
	}
	struct store *s;
	struct error e;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("diff", &e);
	json_t *d;
	enum status st = list_diff(s, town, (int)a, (int)b, &d, &e);
	store_close(s);
	if (st != STATUS_OK)
		return cmd_fail("diff", &e);
	if (json) {
		cmd_print_json(d);
	} else {
		printf("%s (%s): version %lld → %lld\n",
		       json_string_value(json_object_get(json_object_get(d, "town"), "name")), town,
		       (long long)a, (long long)b);
		size_t i;
		json_t *item;
		json_array_foreach(json_object_get(d, "added"), i, item)
			printf("+ %-8s %s\n", json_string_value(json_object_get(item, "code")),
			       json_string_value(json_object_get(item, "name")));
		json_array_foreach(json_object_get(d, "removed"), i, item)
			printf("- %-8s %s\n", json_string_value(json_object_get(item, "code")),
			       json_string_value(json_object_get(item, "name")));
		json_array_foreach(json_object_get(d, "changed"), i, item) {
			printf("~ %-8s %s\n", json_string_value(json_object_get(item, "code")),
			       json_string_value(json_object_get(item, "name")));
			size_t k;
			json_t *f;
			json_array_foreach(json_object_get(item, "fields"), k, f)
				printf("      %s: %s → %s\n", json_string_value(json_object_get(f, "field")),
				       json_string_value(json_object_get(f, "from")),
				       json_string_value(json_object_get(f, "to")));
		}
	}
	json_decref(d);
	return 0;
}

const struct command cmd_diff = {
	.name = "diff",
	.usage = "--town CODE A B [--json] [--db PATH]",
	.summary = "What changed between two versions of a town's list.",
	.help = "Prints the items added (+), removed (-) and changed (~, with each field\n"
	        "that differs) from version A to version B.\n",
	.run = run_diff,
};
