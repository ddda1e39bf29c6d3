/* whistle.c - `dutylist whistle`: 乡镇吹哨、部门报到 from the command line.
 * The command line acts as the office; --as USER acts as that user (a
 * town raising and evaluating, a department acknowledging and
 * reporting). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/user.h"
#include "../util/buf.h"
#include "cmd.h"

static const char *jt(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static void print_row(const json_t *w)
{
	const json_t *late = json_object_get(w, "overdue");
	printf("%4lld  %-17s %-6s %s %-6s %-8s %s @ %s%s%s%s\n",
	       (long long)json_integer_value(json_object_get(w, "id")), jt(w, "status"),
	       jt(w, "urgency"), jt(w, "town"), jt(w, "department"),
	       *jt(w, "task_code") ? jt(w, "task_code") : "-", jt(w, "matter"), jt(w, "place"),
	       json_is_string(late) ? "  OVERDUE: " : "", json_is_string(late) ? jt(w, "overdue") : "",
	       *jt(w, "warning") ? "  (warning)" : "");
}

/* A raised whistle's lines: the department it calls, its deadlines, and
 * its fit or warning against the list. */
static void print_called(const json_t *w)
{
	printf("whistle %lld raised: %s called, acknowledge by %s, report by %s%s%s\n",
	       (long long)json_integer_value(json_object_get(w, "id")), jt(w, "department"),
	       jt(w, "ack_due"), jt(w, "report_due"), *jt(w, "resolve_due") ? ", resolve by " : "",
	       jt(w, "resolve_due"));
	if (strcmp(jt(w, "fit"), "fit") == 0)
		printf("  fit: %s is on the town's list, led by %s\n", jt(w, "task_code"),
		       jt(w, "department"));
	if (*jt(w, "warning"))
		printf("  warning: %s\n", jt(w, "warning"));
}

static void print_hours(const char *what, const json_t *r)
{
	const json_t *h = json_object_get(r, what);
	const json_t *med = json_object_get(h, "median"), *p90 = json_object_get(h, "p90");
	if (json_is_number(med))
		printf("  %s %.1fh/%.1fh", strcmp(what, "response_hours") == 0 ? "response" : "resolution",
		       json_number_value(med), json_number_value(p90));
	else
		printf("  %s -", strcmp(what, "response_hours") == 0 ? "response" : "resolution");
}

static void print_rate(const char *label, const json_t *v)
{
	if (json_is_number(v))
		printf("  %s %.0f%%", label, 100 * json_number_value(v));
	else
		printf("  %s -", label);
}

static void print_stats(const json_t *st)
{
	const char *parts[] = {"departments", "towns"};
	printf("(hours: median/90th percentile; departments with fewer than %lld whistles are "
	       "not ranked)\n",
	       (long long)json_integer_value(json_object_get(st, "min_sample")));
	for (int p = 0; p < 2; p++) {
		printf("%s:\n", parts[p]);
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(st, parts[p]), i, r) {
			const json_t *rank = json_object_get(r, "rank");
			if (p == 0 && json_is_integer(rank))
				printf("  #%-3lld", (long long)json_integer_value(rank));
			else
				printf("  %-4s", "");
			printf(" %s %s  whistles %lld", jt(r, "code"), jt(r, "name"),
			       (long long)json_integer_value(json_object_get(r, "whistles")));
			if (p == 1 && json_is_number(json_object_get(r, "per_10k")))
				printf(" (%.2f per 10,000)", json_number_value(json_object_get(r, "per_10k")));
			if (p == 0 && json_is_true(json_object_get(r, "insufficient_data"))) {
				printf("  insufficient data\n");
				continue;
			}
			print_hours("response_hours", r);
			print_hours("resolution_hours", r);
			print_rate("on time", json_object_get(r, "on_time_rate"));
			printf("  resolved %lld, unresolved %lld",
			       (long long)json_integer_value(json_object_get(r, "resolved")),
			       (long long)json_integer_value(json_object_get(r, "closed_unresolved")));
			print_rate("satisfied", json_object_get(r, "satisfaction"));
			putchar('\n');
		}
	}
}

static enum status settings(struct store *s, const struct actor *who, const char *const *vals,
                            bool json, struct error *e)
{
	struct whistle_settings v;
	enum status st = store_whistle_settings(s, &v, e);
	if (st != STATUS_OK)
		return st;
	int *fields[] = {&v.urgent_ack_hours,   &v.urgent_onsite_hours, &v.urgent_resolve_days,
	                 &v.normal_ack_days,    &v.normal_report_days,  &v.normal_resolve_days,
	                 &v.min_sample};
	bool change = false;
	for (int i = 0; i < 7; i++)
		if (vals[i]) {
			char *end;
			long n = strtol(vals[i], &end, 10);
			if (!*vals[i] || *end || n < 0 || n > 10000)
				return error_set(e, STATUS_USAGE, NULL, "'%s' is not a whole number", vals[i]);
			*fields[i] = (int)n;
			change = true;
		}
	if (change && (st = whistle_settings_set(s, who, &v, e)) != STATUS_OK)
		return st;
	json_t *o = whistle_settings_json(&v);
	if (json) {
		cmd_print_json(o);
	} else {
		const char *key;
		json_t *x;
		json_object_foreach(o, key, x)
			printf("%-20s %lld\n", key, (long long)json_integer_value(x));
	}
	json_decref(o);
	return STATUS_OK;
}

static int run_whistle(int argc, char **argv)
{
	const char *db = NULL, *town = NULL, *department = NULL, *task = NULL, *matter = NULL,
		   *place = NULL, *urgency = "normal", *report = NULL, *comment = NULL, *reason = NULL,
		   *as = NULL, *from = NULL, *to = NULL, *pos[3];
	const char *vals[7] = {0};
	bool json = false, overdue = false, by_matter = false, resolved = false, unresolved = false, satisfied = false,
	     unsatisfied = false;
	int npos;
	const struct option_spec opts[] = {
		{"db", &db, NULL},
		{"town", &town, NULL},
		{"department", &department, NULL},
		{"task", &task, NULL},
		{"matter", &matter, NULL},
		{"place", &place, NULL},
		{"urgency", &urgency, NULL},
		{"report", &report, NULL},
		{"comment", &comment, NULL},
		{"reason", &reason, NULL},
		{"as", &as, NULL},
		{"from", &from, NULL},
		{"to", &to, NULL},
		{"json", NULL, &json},
		{"overdue", NULL, &overdue},
		{"by-matter", NULL, &by_matter},
		{"resolved", NULL, &resolved},
		{"unresolved", NULL, &unresolved},
		{"satisfied", NULL, &satisfied},
		{"unsatisfied", NULL, &unsatisfied},
		{"urgent-ack-hours", &vals[0], NULL},
		{"urgent-onsite-hours", &vals[1], NULL},
		{"urgent-resolve-days", &vals[2], NULL},
		{"normal-ack-days", &vals[3], NULL},
		{"normal-report-days", &vals[4], NULL},
		{"normal-resolve-days", &vals[5], NULL},
		{"min-sample", &vals[6], NULL},
		{0}};
	int rc = cmd_start(&cmd_whistle, argc, argv, opts, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	const char *verb = npos ? pos[0] : "list";
	struct store *s;
	struct error e;
	if (store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		return cmd_fail("whistle", &e);
	struct actor who;
	struct user u;
	enum status st = cmd_actor_as(s, as, &who, &u, &e);
	int64_t id = npos == 2 ? cmd_id(pos[1]) : 0;
	bool needs_id = strcmp(verb, "ack") == 0 || strcmp(verb, "report") == 0 ||
	                strcmp(verb, "evaluate") == 0 || strcmp(verb, "reassign") == 0 ||
	                strcmp(verb, "show") == 0;
	if (st != STATUS_OK) {
	} else if (needs_id && !id) {
		st = error_set(&e, STATUS_USAGE, NULL, "name the whistle's id");
	} else if (strcmp(verb, "list") == 0) {
		json_t *all;
		if ((st = whistle_list(s, &who, town, department, overdue, &all, &e)) == STATUS_OK) {
			if (by_matter) {
				json_t *m = whistle_matters(all);
				json_decref(all);
				all = m;
			}
			if (json) {
				cmd_print_json(all);
			} else if (by_matter) {
				size_t i, k;
				json_t *m, *w;
				json_array_foreach(all, i, m) {
					printf("matter %lld  %s  %s @ %s  (%zu called, %lld open, %lld overdue)\n",
					       (long long)json_integer_value(json_object_get(m, "matter_id")),
					       jt(m, "town"), jt(m, "matter"), jt(m, "place"),
					       json_array_size(json_object_get(m, "whistles")),
					       (long long)json_integer_value(json_object_get(m, "open")),
					       (long long)json_integer_value(json_object_get(m, "overdue")));
					json_array_foreach(json_object_get(m, "whistles"), k, w) {
						printf("  ");
						print_row(w);
					}
				}
			} else {
				size_t i;
				json_t *w;
				json_array_foreach(all, i, w)
					print_row(w);
			}
			json_decref(all);
		}
	} else if (strcmp(verb, "show") == 0) {
		json_t *w;
		if ((st = whistle_view(s, &who, id, &w, &e)) == STATUS_OK) {
			cmd_print_json(w);
			json_decref(w);
		}
	} else if (strcmp(verb, "raise") == 0) {
		/* --department A,B: one whistle per department, one matter */
		char *list = xstrdup(department ? department : "");
		const char *codes[64];
		size_t n = 0, given = 0;
		char *save = NULL;
		for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (given++ < sizeof codes / sizeof *codes)
				codes[n++] = tok;
		struct whistle_call c = {town, department, task, matter, place, urgency, codes, n};
		if (!strchr(department ? department : "", ','))
			c.ndepartments = 0; /* one department: as named (errors name --department) */
		if (given > n)
			st = error_set(&e, STATUS_USAGE, NULL, "--department: at most %zu departments", n);
		else if ((st = whistle_raise(s, &who, &c, &id, &e)) == STATUS_OK) {
			json_t *w;
			if ((st = whistle_view(s, &who, id, &w, &e)) == STATUS_OK) {
				if (json_array_size(json_object_get(w, "siblings")))
					printf("matter %lld: %zu departments called\n", (long long)id,
					       json_array_size(json_object_get(w, "siblings")) + 1);
				print_called(w);
				size_t i;
				json_t *x;
				json_array_foreach(json_object_get(w, "siblings"), i, x) {
					json_t *one;
					int64_t sid = json_integer_value(json_object_get(x, "id"));
					if ((st = whistle_view(s, &who, sid, &one, &e)) != STATUS_OK)
						break;
					print_called(one);
					json_decref(one);
				}
				json_decref(w);
			}
		}
		free(list);
	} else if (strcmp(verb, "ack") == 0) {
		if ((st = whistle_act(s, &who, id, "acknowledge", NULL, -1, NULL, &e)) == STATUS_OK)
			printf("whistle %lld: acknowledged (报到)\n", (long long)id);
	} else if (strcmp(verb, "report") == 0) {
		if ((st = whistle_act(s, &who, id, "report", report, -1, NULL, &e)) == STATUS_OK)
			printf("whistle %lld: reported\n", (long long)id);
	} else if (strcmp(verb, "evaluate") == 0) {
		if (resolved == unresolved)
			st = error_set(&e, STATUS_USAGE, NULL, "say --resolved or --unresolved");
		else if (satisfied && unsatisfied)
			st = error_set(&e, STATUS_USAGE, NULL, "--satisfied or --unsatisfied, not both");
		else if ((st = whistle_act(s, &who, id, resolved ? "resolve" : "close_unresolved",
		                           comment, satisfied ? 1 : unsatisfied ? 0 : -1, NULL, &e)) ==
		         STATUS_OK)
			printf("whistle %lld: %s\n", (long long)id,
			       resolved ? "resolved" : "closed unresolved");
	} else if (strcmp(verb, "reassign") == 0) {
		if ((st = whistle_act(s, &who, id, "reassign", reason, -1, department, &e)) == STATUS_OK)
			printf("whistle %lld: reassigned to %s\n", (long long)id, department);
	} else if (strcmp(verb, "stats") == 0) {
		json_t *out;
		if ((st = whistle_stats(s, from, to, &out, &e)) == STATUS_OK) {
			if (json)
				cmd_print_json(out);
			else
				print_stats(out);
			json_decref(out);
		}
	} else if (strcmp(verb, "settings") == 0) {
		st = settings(s, &who, vals, json, &e);
	} else {
		st = error_set(&e, STATUS_USAGE, NULL, "unknown whistle action '%s'", verb);
	}
	store_close(s);
	if (st == STATUS_USAGE) {
		fprintf(stderr, "dutylist whistle: %s\nusage: dutylist whistle %s\n", e.message,
		        cmd_whistle.usage);
		return 2;
	}
	return st == STATUS_OK ? 0 : cmd_fail("whistle", &e);
}

const struct command cmd_whistle = {
	.name = "whistle",
	.usage = "list [--overdue] [--town C] [--department C] [--by-matter] [--json] | show ID | "
	         "raise --department C[,C...] --matter M --place P [--urgency urgent|normal] [--task CODE] "
	         "--as USER | ack ID --as USER | report ID --report R --as USER | evaluate ID "
	         "--resolved|--unresolved [--satisfied|--unsatisfied] --comment C --as USER | "
	         "reassign ID --department C --reason R | stats [--from D] [--to D] [--json] | "
	         "settings [--normal-ack-days N ...]   [--db PATH]",
	.summary = "Towns call departments in (乡镇吹哨、部门报到).",
	.help = "A town user (--as) raises a whistle: the matter, the place, the urgency,\n"
	        "the department(s) called and, optionally, the list task it concerns\n"
	        "(checked against the town's list in force for each department: its own\n"
	        "基本履职 is warned, a 配合履职 or 上级部门收回 task led by the department\n"
	        "called is a fit).  --department D01,D02 calls several departments for\n"
	        "one matter: one whistle each, with its own steps, deadlines and\n"
	        "evaluation, tied by the matter's number (the first whistle's id); an\n"
	        "unknown department refuses them all.  Each department called\n"
	        "acknowledges (报到) and reports what it did; the town evaluates it\n"
	        "resolved or not, with a comment.  The office (the command line) reassigns\n"
	        "a whistle to another department and sees every whistle; --overdue shows\n"
	        "those with a step past its deadline (escalated to the office);\n"
	        "--by-matter groups the list by matter.\n"
	        "Deadlines: urgent ones in hours (acknowledge 1, on site 24), normal ones\n"
	        "in working days on the calendar (acknowledge 1, report 3, resolve 5);\n"
	        "'settings' shows them and the statistics' minimum sample, and changes\n"
	        "them with --urgent-ack-hours, --urgent-onsite-hours, --urgent-resolve-days\n"
	        "(0: none), --normal-ack-days, --normal-report-days, --normal-resolve-days,\n"
	        "--min-sample.  'stats' gives each department's and town's figures for the\n"
	        "whistles raised from --from to --to.\n",
	.run = run_whistle,
};
