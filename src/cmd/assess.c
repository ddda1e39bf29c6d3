/* assess.c - `dutylist assess`: 考核评价 from the command line.  The
 * command line acts as the office (defining, opening and closing a
 * period); --as USER acts as that user (a town scoring and giving its
 * 任免建议). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/user.h"
#include "../util/json.h"
#include "cmd.h"

/* "Q1=80,Q2=90" as {"Q1": 80, "Q2": 90}; NULL when malformed. */
static json_t *scores_of(const char *text)
{
	json_t *o = json_object();
	char *copy = xstrdup(text ? text : ""), *save = NULL;
	for (char *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(p, '='), *end;
		long v = eq ? strtol(eq + 1, &end, 10) : -1;
		if (!eq || eq == p || !eq[1] || *end) {
			json_decref(o);
			o = NULL;
			break;
		}
		*eq = '\0';
		json_object_set_new(o, p, json_integer(v));
	}
	free(copy);
	if (o && json_object_size(o) == 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static void print_results(const json_t *r)
{
	printf("%s (%s to %s), minimum sample %lld towns\n",
	       json_text(json_object_get(r, "period"), "name"),
	       json_text(json_object_get(r, "period"), "start_date"),
	       json_text(json_object_get(r, "period"), "end_date"),
	       (long long)json_int(json_object_get(r, "period"), "min_sample"));
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(r, "results"), i, u) {
		const json_t *rank = json_object_get(u, "rank");
		if (json_is_integer(rank))
			printf("  #%-3lld", (long long)json_integer_value(rank));
		else
			printf("  %-4s", "");
		printf(" %s %s%s%s  towns %lld", json_text(u, "department"), json_text(u, "department_name"),
		       json_int(u, "agency") == 1 ? " / " : "", json_text(u, "agency_name"),
		       (long long)json_int(u, "towns_scored"));
		if (json_is_true(json_object_get(u, "insufficient_data")))
			printf("  insufficient data\n");
		else
			printf("  total %.2f\n", json_number_value(json_object_get(u, "total")));
	}
}

static int run_assess(int argc, char **argv)
{
	const char *db = NULL, *as = NULL, *name = NULL, *start = NULL, *end = NULL, *min = NULL,
		   *code = NULL, *source = NULL, *weight = NULL, *department = NULL, *unit = NULL,
		   *town = NULL, *score = NULL, *comment = NULL, *person = NULL, *opinion = NULL,
		   *reason = NULL, *pos[3];
	bool json = false, agency = false;
	int npos;
	const struct option_spec opts[] = {
		{"db", &db, NULL},           {"as", &as, NULL},
		{"name", &name, NULL},       {"start", &start, NULL},
		{"end", &end, NULL},         {"min-sample", &min, NULL},
		{"code", &code, NULL},       {"source", &source, NULL},
		{"weight", &weight, NULL},   {"department", &department, NULL},
		{"unit", &unit, NULL},       {"town", &town, NULL},
		{"score", &score, NULL},     {"comment", &comment, NULL},
		{"person", &person, NULL},   {"opinion", &opinion, NULL},
		{"reason", &reason, NULL},   {"json", NULL, &json},
		{"agency", NULL, &agency},   {0}};
	int rc = cmd_start(&cmd_assess, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	const char *verb = npos ? pos[0] : "list";
	struct store *s;
	struct error e;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("assess", &e);
	struct actor who;
	struct user u;
	enum status st = cmd_actor_as(s, as, &who, &u, &e);
	int64_t id = npos == 2 ? cmd_id(pos[1]) : 0;
	bool needs_id = strcmp(verb, "list") != 0 && strcmp(verb, "create") != 0;
	int64_t unit_id = unit ? cmd_id(unit) : 0;
	struct assess_def d = {name, start, end, min ? atoi(min) : 3};
	json_t *out = NULL;
	if (st != STATUS_OK) {
	} else if (needs_id && !id) {
		st = error_set(&e, STATUS_USAGE, NULL, "name the period's id");
	} else if (strcmp(verb, "list") == 0) {
		if ((st = assess_list(s, &who, &out, &e)) == STATUS_OK && !json) {
			size_t i;
			json_t *p;
			json_array_foreach(out, i, p)
				printf("%4lld  %-7s %s to %s  %s\n", (long long)json_int(p, "id"),
				       json_text(p, "status"), json_text(p, "start_date"),
				       json_text(p, "end_date"), json_text(p, "name"));
			json_decref(out);
			out = NULL;
		}
	} else if (strcmp(verb, "show") == 0) {
		st = assess_view(s, &who, id, &out, &e);
		json = true;
	} else if (strcmp(verb, "create") == 0) {
		if ((st = assess_create(s, &who, &d, &id, &e)) == STATUS_OK)
			printf("assessment period %lld created (draft): %s, %s to %s\n", (long long)id, name,
			       start, end);
	} else if (strcmp(verb, "indicator") == 0) {
		if ((st = assess_indicator_set(s, &who, id, code, name, source, weight ? atoi(weight) : 0,
		                               &e)) == STATUS_OK)
			printf("period %lld: indicator %s (%s, weight %s)\n", (long long)id, code, source,
			       weight);
	} else if (strcmp(verb, "unit") == 0) {
		int64_t uid;
		if ((st = assess_unit_add(s, &who, id, department, agency, &uid, &e)) == STATUS_OK)
			printf("period %lld: unit %lld: %s%s\n", (long long)id, (long long)uid, department,
			       agency ? " (dispatched agency)" : "");
	} else if (strcmp(verb, "assign") == 0) {
		if ((st = assess_assign(s, &who, id, unit_id, town, &e)) == STATUS_OK)
			printf("period %lld: %s scores unit %lld\n", (long long)id, town, (long long)unit_id);
	} else if (strcmp(verb, "open") == 0 || strcmp(verb, "close") == 0) {
		if ((st = assess_act(s, &who, id, verb, &e)) == STATUS_OK)
			printf("period %lld: %s\n", (long long)id, strcmp(verb, "open") == 0 ? "open" : "closed");
	} else if (strcmp(verb, "score") == 0) {
		json_t *sc = scores_of(score);
		if (!sc)
			st = error_set(&e, STATUS_USAGE, NULL, "--score CODE=N[,CODE=N...]");
		else if ((st = assess_score(s, &who, id, unit_id, sc, comment, &e)) == STATUS_OK)
			printf("period %lld: unit %lld scored\n", (long long)id, (long long)unit_id);
		json_decref(sc);
	} else if (strcmp(verb, "opinion") == 0) {
		int64_t oid;
		if ((st = assess_opinion(s, &who, id, unit_id, person, opinion, reason, &oid, &e)) ==
		    STATUS_OK)
			printf("period %lld: opinion %lld on %s recorded\n", (long long)id, (long long)oid,
			       person);
	} else if (strcmp(verb, "opinions") == 0) {
		if ((st = assess_opinions(s, &who, id, &out, &e)) == STATUS_OK && !json) {
			size_t i;
			json_t *o;
			json_array_foreach(out, i, o)
				printf("%s %s  %s  %s: %s (%s)\n", json_text(o, "department"),
				       json_text(o, "agency_name"), json_text(o, "town_name"),
				       json_text(o, "person"), json_text(o, "opinion"), json_text(o, "reason"));
			json_decref(out);
			out = NULL;
		}
	} else if (strcmp(verb, "results") == 0) {
		if ((st = assess_results(s, &who, id, &out, &e)) == STATUS_OK && !json) {
			print_results(out);
			json_decref(out);
			out = NULL;
		}
	} else {
		st = error_set(&e, STATUS_USAGE, NULL, "unknown assess action '%s'", verb);
	}
	if (st == STATUS_OK && out)
		cmd_print_json(out);
	json_decref(out);
	store_close(s);
	if (st == STATUS_USAGE) {
		fprintf(stderr, "dutylist assess: %s\nusage: dutylist assess %s\n", e.message,
		        cmd_assess.usage);
		return 2;
	}
	return st == STATUS_OK ? 0 : cmd_fail("assess", &e);
}

const struct command cmd_assess = {
	.name = "assess",
	.usage = "list | show ID | create --name N --start D --end D [--min-sample N] | indicator ID "
	         "--code C --name N --source S --weight W | unit ID --department C [--agency] | "
	         "assign ID --unit U --town T | open ID | close ID | score ID --unit U --score "
	         "Q1=80[,Q2=90] [--comment C] --as USER | opinion ID --unit U --person P --opinion "
	         "keep|commend|remove|other --reason R --as USER | opinions ID | results ID [--json]"
	         "   [--db PATH]",
	.summary = "Towns assess departments and their agencies (考核评价).",
	.help = "The office (the command line) creates a period (draft), gives it indicators\n"
	        "(--source town_score: scored 0-100 by the towns; whistle_ack_on_time,\n"
	        "whistle_on_time, whistle_resolution, whistle_satisfaction: computed from the\n"
	        "whistles raised in the period) with weights, and the units assessed (a\n"
	        "department, or with --agency its dispatched agency 派出机构); 'assign' lets a\n"
	        "town score a unit it did not whistle.  'open' starts the scoring: each town\n"
	        "(--as) scores each unit it worked with once; 'close' ends it.  Scores and\n"
	        "results are hidden from the departments and other towns until then; units\n"
	        "scored by fewer towns than --min-sample are insufficient data, never ranked.\n"
	        "Towns give opinions on the heads of dispatched agencies (任免建议), which\n"
	        "'opinions' reports to the office.\n",
	.run = run_assess,
};
