/* notice.c - `dutylist notice`: notices to towns, screened before they
 * are issued (防护屏障), from the command line.  The command line acts for
 * the operator (the notice's department for the department's steps, the
 * office for clear and return); --as USER acts as that user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/notice_text.h"
#include "../core/user.h"
#include "../util/buf.h"
#include "../util/fs.h"
#include "cmd.h"

#define MAX_TOWNS 64

static const char *jt(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static long long ji(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* Every --town given (repeated, or comma-separated): cmd_options keeps
 * only the last one, so they are gathered from argv here.  The strings
 * are copies in *buf (the caller frees it). */
static size_t gather_towns(int argc, char **argv, const char *towns[MAX_TOWNS], char **buf)
{
	size_t total = 1;
	for (int i = 1; i < argc; i++)
		total += strlen(argv[i]) + 1;
	*buf = xmalloc(total);
	char *w = *buf;
	size_t n = 0;
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		if (strcmp(argv[i], "--town") == 0 && i + 1 < argc)
			v = argv[++i];
		else if (strncmp(argv[i], "--town=", 7) == 0)
			v = argv[i] + 7;
		if (!v)
			continue;
		for (const char *p = v; *p;) {
			size_t k = strcspn(p, ",");
			if (k && n < MAX_TOWNS) {
				memcpy(w, p, k);
				w[k] = '\0';
				towns[n++] = w;
				w += k + 1;
			}
			p += k;
			if (*p == ',')
				p++;
		}
	}
	return n;
}

static void print_row(const json_t *n)
{
	printf("%4lld  %-12s %-10s %s  r%lld  violations %lld%s  %s\n", ji(n, "id"), jt(n, "status"),
	       jt(n, "department"), jt(n, "verdict"), ji(n, "revision"), ji(n, "violations"),
	       json_is_true(json_object_get(n, "despite")) ? "  ISSUED DESPITE VIOLATIONS" : "",
	       jt(n, "title"));
}

static void print_notice(const json_t *n)
{
	const json_t *shown = json_object_get(n, "shown");
	printf("notice %lld: %s\n  %s (%s), %s, revision %lld of %lld\n", ji(n, "id"), jt(n, "title"),
	       jt(n, "department_name"), jt(n, "department"), jt(n, "status"), ji(shown, "number"),
	       ji(n, "revision"));
	printf("  towns:");
	size_t i;
	json_t *x;
	if (json_is_true(json_object_get(n, "all_towns")))
		printf(" all");
	json_array_foreach(json_object_get(n, "towns"), i, x)
		printf(" %s", jt(x, "name"));
	printf("\n  %lld sentences, %lld assignments: basic %lld, assist %lld, reclaimed %lld, "
	       "out_of_list %lld\n",
	       ji(shown, "sentences"), ji(shown, "assignments"), ji(shown, "basic"),
	       ji(shown, "assist"), ji(shown, "reclaimed"), ji(shown, "out_of_list"));
	if (json_is_true(json_object_get(n, "despite")))
		printf("  ISSUED DESPITE VIOLATIONS by %s at %s\n", jt(n, "issued_by"),
		       jt(n, "issued_at"));
	json_array_foreach(json_object_get(n, "findings"), i, x) {
		bool violation = json_is_true(json_object_get(x, "violation"));
		printf("  %s finding %lld  %-11s %-6s %.2f%s  byte %lld+%lld", violation ? "!" : " ",
		       ji(x, "id"), jt(x, "verdict"), *jt(x, "task") ? jt(x, "task") : "-",
		       json_real_value(json_object_get(x, "score")),
		       json_is_true(json_object_get(x, "low_confidence")) ? "? (check)" : "",
		       ji(x, "offset"), ji(x, "length"));
		if (*jt(x, "task"))
			printf("  %s %s", jt(x, "verdict_name"), jt(x, "task_name"));
		if (*jt(x, "unlisted"))
			printf("  (%s %s: not on this list)", jt(x, "unlisted"), jt(x, "unlisted_name"));
		if (json_is_integer(json_object_get(x, "admission")))
			printf("  → admission %lld (%s)", ji(x, "admission"), jt(x, "admission_status"));
		printf("\n      「%s」\n", jt(x, "evidence"));
		if (*jt(x, "bases"))
			printf("      bases: %s\n", jt(x, "bases"));
		if (*jt(x, "why"))
			printf("      why: %s\n", jt(x, "why"));
	}
	printf("  steps:\n");
	json_array_foreach(json_object_get(n, "events"), i, x)
		printf("    %s  %-15s %s (r%lld)%s%s\n", jt(x, "at"), jt(x, "action"), jt(x, "actor"),
		       ji(x, "revision"), *jt(x, "note") ? ": " : "", jt(x, "note"));
}

static void print_stats(const json_t *st)
{
	printf("%-6s %-20s %8s %16s %7s %15s %19s\n", "code", "department", "notices",
	       "with violations", "issued", "issued despite", "violation findings");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(st, "departments"), i, r)
		printf("%-6s %-20s %8lld %16lld %7lld %15lld %19lld\n", jt(r, "code"), jt(r, "name"),
		       ji(r, "notices"), ji(r, "with_violations"), ji(r, "issued"),
		       ji(r, "issued_despite"), ji(r, "violation_findings"));
	const json_t *t = json_object_get(st, "total");
	printf("%-6s %-20s %8lld %16lld %7lld %15lld %19lld\n", "", "total", ji(t, "notices"),
	       ji(t, "with_violations"), ji(t, "issued"), ji(t, "issued_despite"),
	       ji(t, "violation_findings"));
}

static enum status read_file(const char *path, char **data, size_t *len, struct error *e)
{
	struct error fe;
	if (fs_read(path, NOTICE_TEXT_MAX, data, len, &fe) != STATUS_OK)
		return error_set(e, STATUS_IO, "file", "%s", fe.message); /* names the path */
	return STATUS_OK;
}

static int run_notice(int argc, char **argv)
{
	const char *db = NULL, *department = NULL, *title = NULL, *town_opt = NULL, *note = NULL,
		   *status = NULL, *revision = NULL, *as = NULL, *from = NULL, *to = NULL,
		   *task = NULL, *fields = NULL, *resources = NULL, *pos[3];
	bool json = false;
	int npos;
	const struct option_spec opts[] = {
		{"db", &db, NULL},         {"department", &department, NULL},
		{"title", &title, NULL},   {"town", &town_opt, NULL},
		{"note", &note, NULL},     {"status", &status, NULL},
		{"revision", &revision, NULL}, {"as", &as, NULL},
		{"from", &from, NULL},     {"to", &to, NULL},
		{"task", &task, NULL},     {"fields", &fields, NULL},
		{"resources", &resources, NULL}, {"json", NULL, &json},
		{0}};
	int rc = cmd_start(&cmd_notice, argc, argv, opts, pos, 3, &npos);
	if (rc >= 0)
		return rc;
	const char *verb = npos ? pos[0] : "list";
	const char *towns[MAX_TOWNS];
	char *town_buf = NULL;
	size_t ntowns = gather_towns(argc, argv, towns, &town_buf);
	struct store *s = NULL;
	struct error e;
	enum status st = STATUS_OK;
	char *data = NULL;
	size_t len = 0;
	json_t *payload = NULL, *res = NULL;
	struct actor who;
	struct user u;
	bool has_id = strcmp(verb, "submit") != 0 && strcmp(verb, "list") != 0 &&
	              strcmp(verb, "stats") != 0 && strcmp(verb, "despite") != 0;
	int64_t id = npos >= 2 ? cmd_id(pos[1]) : 0;
	if (has_id && !id)
		st = error_set(&e, STATUS_USAGE, NULL, "name the %s's id",
		               strcmp(verb, "admission") == 0 ? "finding" : "notice");
	else if (strcmp(verb, "submit") == 0 && npos != 2)
		st = error_set(&e, STATUS_USAGE, NULL, "name the notice's FILE");
	else if (strcmp(verb, "revise") == 0 && npos != 3)
		st = error_set(&e, STATUS_USAGE, NULL, "name the notice's id and the revised FILE");
	if (st == STATUS_OK && (strcmp(verb, "submit") == 0 || strcmp(verb, "revise") == 0))
		st = read_file(pos[npos - 1], &data, &len, &e);
	if (st == STATUS_OK && fields && !(payload = cmd_parse_object(fields, "fields", &e)))
		st = e.status;
	if (st == STATUS_OK && resources && !(res = cmd_parse_object(resources, "resources", &e)))
		st = e.status;
	if (st == STATUS_OK && store_open(cmd_db_path(db), STORE_EXISTING, &s, &e) != STATUS_OK)
		st = e.status;
	if (st == STATUS_OK)
		st = cmd_actor_as(s, as, &who, &u, &e);
	(void)town_opt;
	struct notice_input in = {department, title, towns, ntowns, data, len, "file", note};
	if (st != STATUS_OK) {
	} else if (strcmp(verb, "list") == 0) {
		json_t *all;
		if ((st = notice_list(s, &who, department, status, &all, &e)) == STATUS_OK) {
			if (json)
				cmd_print_json(all);
			else {
				size_t i;
				json_t *n;
				json_array_foreach(all, i, n)
					print_row(n);
			}
			json_decref(all);
		}
	} else if (strcmp(verb, "show") == 0) {
		json_t *n;
		int r = revision ? atoi(revision) : 0;
		if ((st = notice_view(s, &who, id, r, &n, &e)) == STATUS_OK) {
			if (json)
				cmd_print_json(n);
			else
				print_notice(n);
			json_decref(n);
		}
	} else if (strcmp(verb, "submit") == 0 || strcmp(verb, "revise") == 0) {
		bool submit = strcmp(verb, "submit") == 0;
		if (!submit && !ntowns)
			in.towns = NULL; /* keep the addressed towns */
		st = submit ? notice_submit(s, &who, &in, &id, &e) : notice_revise(s, &who, id, &in, &e);
		if (st == STATUS_INVALID && strcmp(e.field, "file") == 0) {
			/* a file that is no notice (binary, empty, ...): refused,
			 * naming the file */
			char why[sizeof e.message];
			snprintf(why, sizeof why, "%s", e.message);
			st = error_set(&e, STATUS_INVALID, "file", "%s: %s", pos[npos - 1], why);
		}
		json_t *n;
		if (st == STATUS_OK && (st = notice_view(s, &who, id, 0, &n, &e)) == STATUS_OK) {
			if (json)
				cmd_print_json(n);
			else
				print_notice(n);
			/* as `screen`: 1 when violations stand */
			if (ji(n, "violations") > 0)
				rc = 1;
			json_decref(n);
		}
	} else if (strcmp(verb, "request-review") == 0 || strcmp(verb, "clear") == 0 ||
	           strcmp(verb, "return") == 0 || strcmp(verb, "issue") == 0 ||
	           strcmp(verb, "withdraw") == 0) {
		const char *action = strcmp(verb, "request-review") == 0 ? "request_review" : verb;
		json_t *n;
		if ((st = notice_act(s, &who, id, action, note, &e)) == STATUS_OK &&
		    (st = notice_view(s, &who, id, 0, &n, &e)) == STATUS_OK) {
			printf("notice %lld: %s%s\n", (long long)id, jt(n, "status"),
			       json_is_true(json_object_get(n, "despite"))
			               ? " (despite violations: recorded for accountability)"
			               : "");
			json_decref(n);
		}
	} else if (strcmp(verb, "admission") == 0) {
		struct diag d = {0};
		int64_t admission;
		json_t *similar = NULL;
		if ((st = notice_admission(s, &who, id, task, payload, res, &admission, &similar, &d,
		                           &e)) == STATUS_OK) {
			printf("finding %lld: admission request %lld submitted for %s\n", (long long)id,
			       (long long)admission, task);
			size_t i;
			json_t *t;
			json_array_foreach(similar, i, t)
				printf("  alike: %s %s (%s)\n", jt(t, "code"), jt(t, "name"),
				       jt(t, "list_type"));
		}
		diag_print(&d, stderr);
		json_decref(similar);
		diag_free(&d);
	} else if (strcmp(verb, "stats") == 0) {
		json_t *out;
		if ((st = notice_stats(s, from, to, &out, &e)) == STATUS_OK) {
			if (json)
				cmd_print_json(out);
			else
				print_stats(out);
			json_decref(out);
		}
	} else if (strcmp(verb, "despite") == 0) {
		json_t *out;
		if ((st = notice_issued_despite(s, department, from, to, &out, &e)) == STATUS_OK) {
			if (json)
				cmd_print_json(out);
			else {
				size_t i;
				json_t *n;
				json_array_foreach(out, i, n)
					printf("%4lld  %s  %-10s violations %lld  by %s  %s\n", ji(n, "id"),
					       jt(n, "issued_at"), jt(n, "department"), ji(n, "violations"),
					       jt(n, "issued_by"), jt(n, "title"));
			}
			json_decref(out);
		}
	} else {
		st = error_set(&e, STATUS_USAGE, NULL, "unknown notice action '%s'", verb);
	}
	if (s)
		store_close(s);
	free(data);
	free(town_buf);
	json_decref(payload);
	json_decref(res);
	if (st == STATUS_USAGE) {
		fprintf(stderr, "dutylist notice: %s\nusage: dutylist notice %s\n", e.message,
		        cmd_notice.usage);
		return 2;
	}
	if (st != STATUS_OK)
		return cmd_fail("notice", &e);
	return rc < 0 ? 0 : rc;
}

const struct command cmd_notice = {
	.name = "notice",
	.usage = "submit --department C --title T [--town C...] FILE | revise ID FILE [--title T] "
	         "[--town C...] [--note N] | list [--department C] [--status S] [--json] | show ID "
	         "[--revision N] [--json] | request-review|clear|return|issue|withdraw ID [--note N] "
	         "| admission FINDING --task CODE --fields JSON --resources JSON | stats [--from D] "
	         "[--to D] [--json] | despite [--department C] [--from D] [--to D] [--json]   "
	         "[--as USER] [--db PATH]",
	.summary = "Notices to towns, screened before they are issued (防护屏障).",
	.help = "A department submits the notice it means to send to towns (a text file,\n"
	        "UTF-8 or GBK/GB18030, or a Word .docx) and the towns it is addressed to\n"
	        "(--town, repeated\n"
	        "or comma-separated; none: all towns).  It is screened against those\n"
	        "towns' lists in force: each sentence that gives towns work is basic\n"
	        "(基本履职), assist (配合履职), reclaimed (上级部门收回: a violation) or\n"
	        "out_of_list (on no list: admission first, a violation).  A notice with\n"
	        "violations is flagged: the department revises it (screened again; every\n"
	        "revision is kept), turns an out_of_list finding into an admission request\n"
	        "(admission FINDING: the task starts from the finding, --fields adds or\n"
	        "overrides exchange columns such as category and bases, --resources what\n"
	        "comes with it), asks the office to review it (request-review), or issues\n"
	        "it anyway (with --note: recorded as issued despite violations, evidence\n"
	        "for accountability).  The office clears or returns a notice under review\n"
	        "(--note says why).  'stats' counts per department; 'despite' lists the\n"
	        "notices issued despite violations.  The command line acts for the\n"
	        "department named on the notice (and as the office for clear and return);\n"
	        "--as USER acts as that user.\n"
	        "Exit status: submit and revise 1 when violations stand; other actions 1\n"
	        "when refused; 2 on bad usage or an unreadable file.\n",
	.run = run_notice,
};
