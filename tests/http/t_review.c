/* t_review.c - review rounds (双向梳理、共同认定) over the API and their pages.
 *
 * review_fixture() runs before the other test files: the office opens a
 * round for 绥阳镇 (TOWN) and 三岔口镇 (OTHER_TOWN) and proposes the same
 * removal for both, and merging groups the two, so that the generic loops
 * over openapi.json (t_api.c, t_write.c) have a real round, proposal and
 * group for the {id} of /api/v1/review/... (review_code()).
 *
 * test_review() runs last, because it publishes a list: the whole
 * procedure with every refusal on the way (each leaving the database as it
 * was), 三岔口镇's version 2 as the public then sees it (list, ?version=,
 * ?at=, versions, diff), the statistics, the pages (roles, CSRF tokens,
 * inline SVG, escaping), and closing the round. */
#include "http_test.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The fixture's round, proposals and group, as path segments. */
static char g_round[24], g_p0[24], g_p0b[24], g_group[24];
static int g_start_items; /* both towns' list sizes when the round opened */

#define FIXTURE_TASK "ZL-12"  /* the fixture's removal, withdrawn in test_review */
#define REMOVED "ZL-10"       /* 地质灾害隐患点巡查监测: both towns propose to remove it */
#define ADDED "JJ-02"         /* on 231086101's list, not on 231086102's: the office adds it */
#define DEPT_ADD "ZL-08"      /* not on 231086102's list: the department proposes it */
#define REPEALED "B950"       /* a basis made repealed (已废止) for the test */
#define XSS_REASON "<script>alert('rv-xss')</script>本镇应承担"
#define XSS_DECISION "<img src=x onerror=alert(2)>不予采纳"

const char *review_code(const char *collection, size_t clen, const char *param, size_t plen)
{
	if (plen == 6 && strncmp(param, "action", 6) == 0)
		return "town_confirm";
	const char *v = clen == 6 && strncmp(collection, "rounds", 6) == 0       ? g_round
	                : clen == 9 && strncmp(collection, "proposals", 9) == 0 ? g_p0
	                : clen == 6 && strncmp(collection, "groups", 6) == 0    ? g_group
	                                                                         : NULL;
	return v && *v ? v : NULL;
}

/* ---- helpers ---- */

static struct resp *api(const char *method, const char *path, const char *body,
                        const char *bearer)
{
	return http(&(struct req){.method = method, .path = path, .body = body,
	                          .content_type = "application/json", .bearer = bearer});
}

/* The path with %s... filled in (a static buffer per call site is not
 * needed: callers keep the result only for one request). */
static const char *P(const char *fmt, ...) PRINTFLIKE(1, 2);
static const char *P(const char *fmt, ...)
{
	static char bufs[4][400];
	static int next;
	char *b = bufs[next++ % 4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof bufs[0], fmt, ap);
	va_end(ap);
	return b;
}

/* A JSON body from json_pack's format (the caller frees it). */
static char *body_of(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_t *v = json_vpack_ex(NULL, 0, fmt, ap);
	va_end(ap);
	char *text = v ? json_dumps(v, JSON_COMPACT) : NULL;
	json_decref(v);
	if (!text)
		abort();
	return text;
}

static struct resp *propose(const char *bearer, const char *town, const char *action,
                            const char *task, const char *reason)
{
	char *b = reason ? body_of("{s:s, s:s, s:s, s:s}", "town", town, "action", action, "task",
	                           task, "reason", reason)
	                 : body_of("{s:s, s:s, s:s}", "town", town, "action", action, "task", task);
	struct resp *r = api("POST", P("/api/v1/review/rounds/%s/proposals", g_round), b, bearer);
	free(b);
	return r;
}

static struct resp *decide(const char *kind, long long id, const char *decision,
                           const char *reason, const char *bearer)
{
	char *b = reason ? body_of("{s:s, s:s}", "decision", decision, "reason", reason)
	                 : body_of("{s:s}", "decision", decision);
	struct resp *r = api("POST", P("/api/v1/review/%s/%lld/decide", kind, id), b, bearer);
	free(b);
	return r;
}

static struct resp *town_act(const char *town, const char *action, const char *bearer)
{
	return api("POST", P("/api/v1/review/rounds/%s/towns/%s/%s", g_round, town, action), NULL,
	           bearer);
}

static long long jint(const json_t *v, const char *path)
{
	json_t *x = jget(v, path);
	return json_is_integer(x) ? (long long)json_integer_value(x) : -1;
}

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

/* The item of a list answer whose code is code, or NULL. */
static json_t *item(const json_t *list, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(list, "items"), i, v) if (jstr(v, "code") &&
	                                                            strcmp(jstr(v, "code"), code) == 0)
		return v;
	return NULL;
}

static json_t *by_code(const json_t *a, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) if (jstr(v, "code") && strcmp(jstr(v, "code"), code) == 0)
		return v;
	return NULL;
}

/* Every proposal of the round as the office sees it (a new reference). */
static json_t *proposals_of(const char *bearer)
{
	struct resp *r = GET_as(P("/api/v1/review/rounds/%s", g_round), bearer);
	json_t *all = json_array();
	size_t i, k;
	json_t *g, *p;
	json_array_foreach(json_object_get(r->json, "groups"), i, g)
		json_array_foreach(json_object_get(g, "proposals"), k, p) json_array_append(all, p);
	resp_free(r);
	return all;
}

static json_t *proposal(const json_t *all, const char *town, const char *task,
                        const char *author)
{
	size_t i;
	json_t *p;
	json_array_foreach(all, i, p) {
		if (strcmp(jstr(p, "town") ? jstr(p, "town") : "", town) == 0 &&
		    strcmp(jstr(p, "task_code") ? jstr(p, "task_code") : "", task) == 0 &&
		    (!author || strcmp(jstr(p, "author") ? jstr(p, "author") : "", author) == 0))
			return p;
	}
	return NULL;
}

/* The town's row of the round (a new reference), or NULL. */
static json_t *round_town(const char *town)
{
	struct resp *r = GET_as(P("/api/v1/review/rounds/%s", g_round), E.tok_office);
	json_t *found = NULL;
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(r->json, "towns"), i, t) if (jstr(t, "town") &&
	                                                               strcmp(jstr(t, "town"), town) == 0)
		found = json_incref(t);
	resp_free(r);
	return found;
}

/* What a refused write could have changed: the audit chain's length and
 * head, the review tables' rows, the list versions, the rounds and the
 * fixture's round as the office reads it. */
static char *state(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		abort();
	if (E.have_sqlite3) {
		char out[8192];
		static const char q[] =
			"SELECT 'audit', count(*), coalesce(max(id), 0) FROM audit;"
			"SELECT 'round', id, status FROM review_round ORDER BY id;"
			"SELECT 'round_town', round_id, town_id, status, refusals FROM round_town ORDER BY 2, 3;"
			"SELECT 'proposal', id, status, coalesce(group_id, 0), placed FROM proposal ORDER BY id;"
			"SELECT 'group', count(*) FROM proposal_group;"
			"SELECT 'list_version', id, status FROM list_version ORDER BY id;"
			"SELECT 'list_item', count(*) FROM list_item;"
			"SELECT 'task', count(*) FROM task; SELECT 'task_rev', count(*) FROM task_rev;";
		if (!sql(q, out, sizeof out))
			snprintf(out, sizeof out, "sqlite3 failed");
		fprintf(f, "== sqlite3\n%s\n", out);
	}
	static const char *const reads[] = {"/api/v1/review/rounds", "/api/v1/review/stats", NULL};
	for (int i = 0; reads[i]; i++) {
		struct resp *r = GET_as(reads[i], E.tok_office);
		fprintf(f, "== %s %ld\n%s\n", reads[i], r->status, r->body);
		resp_free(r);
	}
	struct resp *r = GET_as(P("/api/v1/review/rounds/%s", g_round), E.tok_office);
	fprintf(f, "== round %ld\n%s\n", r->status, r->body);
	resp_free(r);
	fclose(f);
	return text;
}

static void unchanged(const char *before, const char *what)
{
	char *after = state();
	size_t i = 0;
	while (before[i] && before[i] == after[i])
		i++;
	size_t start = i;
	while (start > 0 && before[start - 1] != '\n')
		start--;
	char name[300];
	snprintf(name, sizeof name, "%s: nothing changed (audit, review tables, versions, the round)",
	         what);
	t_check(strcmp(before, after) == 0, name, "before \"%.100s\", after \"%.100s\"",
	        before + start, after + start);
	free(after);
}

/* A refusal: the status and error code (field, when not NULL), and then
 * that nothing changed. */
static void refused(struct resp *r, long status, const char *code, const char *field,
                    const char *before, const char *what)
{
	char name[300];
	snprintf(name, sizeof name, "%s: %ld%s%s", what, status, field ? " naming " : "",
	         field ? field : "");
	expect_json_error(r, status, code, field, name);
	resp_free(r);
	unchanged(before, what);
}

static const char *message(const struct resp *r)
{
	const char *m = jstr(r->json, "error.message");
	return m ? m : "";
}

/* ---- the fixture ---- */

static int town_total(const char *code)
{
	struct resp *r = GET(P("/api/v1/towns/%s", code));
	int n = (int)jint(r->json, "total");
	resp_free(r);
	return n;
}

bool review_fixture(void)
{
	g_start_items = town_total(TOWN) + town_total(OTHER_TOWN);
	struct resp *r = api("POST", "/api/v1/review/rounds",
	                     "{\"title\":\"HTTP 测试轮\",\"towns\":\"" TOWN "," OTHER_TOWN "\"}",
	                     E.tok_office);
	long long id = jint(r->json, "id");
	bool ok = t_check(r->status == 201 && id > 0 && has(jstr(r->json, "status"), "open"),
	                  "fixture: the office opens a review round for " TOWN " and " OTHER_TOWN
	                  " (POST /api/v1/review/rounds): 201, open",
	                  "%ld %s", r->status, excerpt(r));
	resp_free(r);
	if (!ok)
		return false;
	snprintf(g_round, sizeof g_round, "%lld", id);
	static const char *const towns[] = {TOWN, OTHER_TOWN};
	char *ids[] = {g_p0, g_p0b};
	for (int i = 0; i < 2; i++) {
		r = propose(E.tok_office, towns[i], "remove", FIXTURE_TASK, "夹具：HTTP 测试");
		long long pid = jint(r->json, "id");
		char name[200];
		snprintf(name, sizeof name,
		         "fixture: the office proposes to remove " FIXTURE_TASK " from %s: 201",
		         towns[i]);
		ok = t_check(r->status == 201 && pid > 0, name, "%ld %s", r->status, excerpt(r)) && ok;
		if (pid > 0)
			snprintf(ids[i], 24, "%lld", pid);
		resp_free(r);
	}
	r = api("POST", P("/api/v1/review/rounds/%s/merge", g_round), NULL, E.tok_office);
	ok = t_check(r->status == 200 && jint(r->json, "groups_made") == 1,
	             "fixture: merging groups the two removals of " FIXTURE_TASK ": groups_made 1",
	             "%ld %s", r->status, excerpt(r)) && ok;
	resp_free(r);
	json_t *all = proposals_of(E.tok_office);
	json_t *p = proposal(all, TOWN, FIXTURE_TASK, NULL);
	long long gid = jint(p, "group_id");
	if (gid > 0)
		snprintf(g_group, sizeof g_group, "%lld", gid);
	ok = t_check(gid > 0 && jint(proposal(all, OTHER_TOWN, FIXTURE_TASK, NULL), "group_id") == gid,
	             "fixture: both removals are in one group", "group ids %lld and %lld", gid,
	             jint(proposal(all, OTHER_TOWN, FIXTURE_TASK, NULL), "group_id")) && ok;
	json_decref(all);
	t_note("review round %s, proposals %s and %s, group %s", g_round, g_p0, g_p0b, g_group);
	return ok;
}

/* ---- the procedure ---- */

static void opening(void)
{
	char *before = state();
	static const char body[] = "{\"title\":\"又一轮\",\"towns\":\"231086103\"}";
	refused(api("POST", "/api/v1/review/rounds", body, NULL), 401, "unauthenticated", NULL,
	        before, "opening a round anonymously");
	refused(api("POST", "/api/v1/review/rounds", body, E.tok_township), 403, "forbidden", NULL,
	        before, "opening a round as a township user");
	refused(api("POST", "/api/v1/review/rounds", body, E.tok_department), 403, "forbidden", NULL,
	        before, "opening a round as a department user");
	refused(api("POST", "/api/v1/review/rounds", body, E.tok_supervisor), 403, "forbidden", NULL,
	        before, "opening a round as a supervisor");
	refused(api("POST", "/api/v1/review/rounds", "{\"towns\":\"231086103\"}", E.tok_office), 422,
	        "invalid", "title", before, "opening a round without a title");
	refused(api("POST", "/api/v1/review/rounds", "{\"title\":\"x\",\"towns\":\"999999999\"}",
	            E.tok_office),
	        404, "not_found", "towns", before, "opening a round for a town that does not exist");
	/* 231086103 comes first: its draft is made before 231086101 is found busy */
	struct resp *r = api("POST", "/api/v1/review/rounds",
	                     "{\"title\":\"又一轮\",\"towns\":\"231086103," TOWN "\"}", E.tok_office);
	t_check(has(message(r), TOWN) && has(message(r), "round"),
	        "a town in two open rounds: the message names the town and its round", "%s",
	        message(r));
	refused(r, 409, "conflict", "towns", before,
	        "opening a round with " TOWN " while it is in the open round");
	r = GET("/api/v1/towns/231086103/versions");
	t_check(r->status == 200 && json_array_size(json_object_get(r->json, "versions")) == 1,
	        "the refused round left 231086103 without a draft (versions: only 1)", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	free(before);
}

static void proposing(struct jar *town1)
{
	char *before = state();
	/* refusals first */
	refused(propose(E.tok_township_other, TOWN, "remove", REMOVED, "不是本镇"), 403, "forbidden",
	        "town", before, "a township user proposing for another town");
	refused(propose(E.tok_supervisor, OTHER_TOWN, "remove", REMOVED, "监督"), 403, "forbidden",
	        NULL, before, "a supervisor proposing");
	refused(propose(NULL, OTHER_TOWN, "remove", REMOVED, "匿名"), 401, "unauthenticated", NULL,
	        before, "proposing anonymously");
	refused(propose(E.tok_township_other, OTHER_TOWN, "remove", REMOVED, NULL), 422, "invalid",
	        "reason", before, "a proposal without a reason");
	refused(propose(E.tok_township_other, OTHER_TOWN, "remove", REMOVED, ""), 422, "invalid",
	        "reason", before, "a proposal with an empty reason");
	refused(propose(E.tok_office, OTHER_TOWN, "add", TASK, "重复"), 409, "conflict", "task",
	        before, "adding " TASK ", already on the draft of " OTHER_TOWN);
	refused(propose(E.tok_office, OTHER_TOWN, "remove", DEPT_ADD, "不在清单"), 409, "conflict",
	        "task", before, "removing " DEPT_ADD ", which is not on the draft of " OTHER_TOWN);
	refused(propose(E.tok_office, OTHER_TOWN, "drop", REMOVED, "未知"), 422, "invalid", "action",
	        before, "a proposal with the unknown action drop");
	refused(propose(E.tok_office, "231086103", "remove", REMOVED, "不在本轮"), 404, "not_found",
	        NULL, before, "a proposal for a town that is not in the round");
	free(before);

	/* 职责法定: a new task resting only on a repealed basis */
	struct resp *r = api("POST", "/api/v1/bases",
	                     "{\"code\":\"" REPEALED "\",\"kind\":\"法律\",\"title\":\"已废止的测试法\","
	                     "\"doc_no\":\"\",\"issuer\":\"测试机关\",\"level\":\"国家\","
	                     "\"effective_date\":\"2000-01-01\",\"status\":\"已废止\"}",
	                     E.tok_office);
	t_check(r->status == 201 && json_is_false(jget(r->json, "in_force")),
	        "POST /api/v1/bases " REPEALED " with status 已废止: 201, not in force", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	before = state();
	char *b = body_of("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s}}", "town",
	                  OTHER_TOWN, "action", "add", "task", "ZL-91", "reason", "新增一项",
	                  "fields", "category", "社会治理", "duty", "测试", "name", "一项新的任务",
	                  "list_type", "基本履职", "township_part", "组织实施", "applies_to", "全部",
	                  "bases", REPEALED);
	r = api("POST", P("/api/v1/review/rounds/%s/proposals", g_round), b, E.tok_office);
	free(b);
	t_check(r->status == 422 && has(message(r), REPEALED),
	        "a new task resting only on the repealed " REPEALED ": 422 naming " REPEALED,
	        "%ld %s", r->status, excerpt(r));
	const char *field = jstr(r->json, "error.field");
	t_check(field && (strcmp(field, "fields") == 0 || strcmp(field, "bases") == 0),
	        "that 422 names a field of the request (fields, or bases within it)",
	        "error.field is \"%s\": the request has no such field (the task's fields are sent "
	        "as \"fields\")",
	        field ? field : "(none)");
	resp_free(r);
	unchanged(before, "the refused new task on a repealed basis");
	free(before);

	/* the proposals of the procedure */
	r = propose(E.tok_township_other, OTHER_TOWN, "remove", REMOVED, "本镇辖区内无地质灾害隐患点");
	t_check(r->status == 201 && has(jstr(r->json, "origin"), "township") &&
	                has(jstr(r->json, "status"), "pending") && has(jstr(r->json, "author"), "town2"),
	        "a township user (town2) proposes to remove " REMOVED " from its own town: 201, "
	        "pending, origin township",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);

	/* town1 through the round's page, with and without the form's token */
	char csrf[80] = "";
	struct resp *page = GET_jar(P("/review/%s", g_round), town1);
	t_check(page->status == 200 &&
	                form_value(page, P("action=\"/review/%s/proposals\"", g_round), "csrf", csrf,
	                           sizeof csrf),
	        "the round's page (town1) has the propose form with the session's token", "%ld %s",
	        page->status, excerpt(page));
	resp_free(page);
	char *reason = esc("本镇辖区内无地质灾害隐患点，应删除");
	char form[600];
	snprintf(form, sizeof form, "town=" TOWN "&action=remove&task=" REMOVED "&fields=&reason=%s",
	         reason);
	free(reason);
	before = state();
	r = http(&(struct req){.method = "POST", .path = P("/review/%s/proposals", g_round),
	                       .body = form, .content_type = "application/x-www-form-urlencoded",
	                       .jar = town1});
	expect_status(r, 403, "the propose form without the csrf token: 403");
	resp_free(r);
	unchanged(before, "the propose form without the csrf token");
	free(before);
	char with[700];
	snprintf(with, sizeof with, "csrf=%s&%s", csrf, form);
	r = http(&(struct req){.method = "POST", .path = P("/review/%s/proposals", g_round),
	                       .body = with, .content_type = "application/x-www-form-urlencoded",
	                       .jar = town1});
	const char *loc = header(r, "Location");
	t_check(r->status == 303 && loc && strcmp(loc, P("/review/%s?saved=1", g_round)) == 0,
	        "town1 proposes to remove " REMOVED " from its own town with the form: 303 back to "
	        "the round",
	        "%ld, Location %s: %s", r->status, loc ? loc : "(none)", excerpt(r));
	resp_free(r);

	r = propose(E.tok_department, OTHER_TOWN, "add", DEPT_ADD, XSS_REASON);
	t_check(r->status == 201 && has(jstr(r->json, "origin"), "department"),
	        "a department user proposes to add " DEPT_ADD " to " OTHER_TOWN ": 201, origin "
	        "department",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = propose(E.tok_office, OTHER_TOWN, "add", ADDED, "本镇亦有黑木耳产业");
	t_check(r->status == 201 && has(jstr(r->json, "origin"), "office"),
	        "the office proposes to add " ADDED " to " OTHER_TOWN ": 201", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);

	/* a town sees its own proposals; the county sees all */
	json_t *mine = proposals_of(E.tok_township);
	size_t i;
	json_t *p;
	bool only_own = json_array_size(mine) > 0;
	json_array_foreach(mine, i, p) only_own = only_own && has(jstr(p, "town"), TOWN);
	t_check(only_own && proposal(mine, TOWN, REMOVED, "town1"),
	        "town1 reading the round sees its own town's proposals only", "%zu proposals",
	        json_array_size(mine));
	json_decref(mine);
	json_t *all = proposals_of(E.tok_office);
	t_check(json_array_size(all) == 6, "the office reading the round sees all 6 proposals",
	        "%zu", json_array_size(all));
	json_decref(all);
}

static void withdrawing(void)
{
	char *before = state();
	refused(api("POST", P("/api/v1/review/proposals/%s/withdraw", g_p0), NULL, E.tok_township),
	        403, "forbidden", NULL, before, "town1 withdrawing the office's proposal");
	refused(api("POST", P("/api/v1/review/proposals/%s/withdraw", g_p0), NULL, E.tok_supervisor),
	        403, "forbidden", NULL, before, "a supervisor withdrawing a proposal");
	refused(api("POST", "/api/v1/review/proposals/999999/withdraw", NULL, E.tok_office), 404,
	        "not_found", NULL, before, "withdrawing a proposal that does not exist");
	free(before);
	struct resp *r = api("POST", P("/api/v1/review/proposals/%s/withdraw", g_p0), NULL,
	                     E.tok_office);
	t_check(r->status == 200 && has(jstr(r->json, "status"), "withdrawn"),
	        "the office withdraws its own proposal: 200, withdrawn", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	json_t *all = proposals_of(E.tok_office);
	json_t *rest = proposal(all, OTHER_TOWN, FIXTURE_TASK, NULL);
	t_check(rest && json_is_null(json_object_get(rest, "group_id")),
	        "a group left with one proposal is dissolved: the other is in no group", "%s",
	        rest ? "it still has a group" : "it is missing");
	json_decref(all);
	before = state();
	r = decide("groups", atoll(g_group), "agree", "已无此组", E.tok_office);
	refused(r, 404, "not_found", "group", before, "deciding the dissolved group");
	r = api("POST", P("/api/v1/review/proposals/%s/withdraw", g_p0), NULL, E.tok_office);
	t_check(has(message(r), "allowed"),
	        "withdrawing it again: the message names the allowed actions", "%s", message(r));
	refused(r, 409, "conflict", NULL, before, "withdrawing a withdrawn proposal");
	free(before);
	r = api("POST", P("/api/v1/review/proposals/%s/withdraw", g_p0b), NULL, E.tok_office);
	expect_status(r, 200, "the office withdraws the fixture's other proposal: 200");
	resp_free(r);
}

/* Grouping by hand: a proposal put in a new group of its own, and back. */
static void placing(void)
{
	json_t *all = proposals_of(E.tok_office);
	long long id = jint(proposal(all, OTHER_TOWN, DEPT_ADD, NULL), "id");
	json_decref(all);
	char *before = state();
	refused(api("POST", P("/api/v1/review/proposals/%lld/group", id), "{\"new_group\":true}",
	            E.tok_township_other),
	        403, "forbidden", NULL, before, "a township user grouping proposals");
	refused(api("POST", P("/api/v1/review/proposals/%lld/group", id), "{\"group\":999999}",
	            E.tok_office),
	        404, "not_found", "group", before, "placing a proposal in a group that does not exist");
	free(before);
	struct resp *r = api("POST", P("/api/v1/review/proposals/%lld/group", id),
	                     "{\"new_group\":true}", E.tok_office);
	t_check(r->status == 200 && jint(r->json, "group_id") > 0,
	        "POST .../proposals/{id}/group {\"new_group\":true}: 200, the proposal is in a new "
	        "group",
	        "%ld, group_id %s: %s", r->status,
	        json_is_null(jget(r->json, "group_id")) ? "null (the new group is dropped at once)"
	                                                : "?",
	        excerpt(r));
	resp_free(r);
	r = api("POST", P("/api/v1/review/proposals/%lld/group", id), "{\"group\":0}", E.tok_office);
	t_check(r->status == 200 && json_is_null(jget(r->json, "group_id")) &&
	                jint(r->json, "placed") == 1,
	        "POST .../group {\"group\":0}: in no group, placed by hand", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
}

static long long g_merged_group;

static void merging(void)
{
	char *before = state();
	refused(api("POST", P("/api/v1/review/rounds/%s/merge", g_round), NULL, E.tok_township), 403,
	        "forbidden", NULL, before, "a township user merging");
	refused(api("POST", P("/api/v1/review/rounds/%s/merge", g_round), NULL, E.tok_department),
	        403, "forbidden", NULL, before, "a department user merging");
	refused(api("POST", "/api/v1/review/rounds/999999/merge", NULL, E.tok_office), 404,
	        "not_found", NULL, before, "merging a round that does not exist");
	free(before);
	struct resp *r = api("POST", P("/api/v1/review/rounds/%s/merge", g_round), NULL, E.tok_office);
	t_check(r->status == 200 && jint(r->json, "groups_made") >= 1,
	        "the office merges the round: 200, groups_made >= 1", "%ld %s", r->status, excerpt(r));
	t_check(jint(r->json, "groups_made") == 1,
	        "merging makes exactly one group (the two removals of " REMOVED ")", "%lld",
	        jint(r->json, "groups_made"));
	resp_free(r);
	json_t *all = proposals_of(E.tok_office);
	long long a = jint(proposal(all, TOWN, REMOVED, NULL), "group_id"),
		  b = jint(proposal(all, OTHER_TOWN, REMOVED, NULL), "group_id");
	t_check(a > 0 && a == b,
	        "GET the round: town1's and town2's removals of " REMOVED " share a group_id",
	        "group ids %lld and %lld", a, b);
	g_merged_group = a;
	t_check(json_is_null(jget(proposal(all, OTHER_TOWN, DEPT_ADD, NULL), "group_id")) &&
	                json_is_null(jget(proposal(all, OTHER_TOWN, ADDED, NULL), "group_id")),
	        "the two different additions stay ungrouped", "one of them has a group");
	json_decref(all);
}

/* The ids of one page's proposals, in order, appended to ids (a string
 * "id,id,..."); returns the page's next_cursor (a copy) or NULL. */
static char *page_ids(const char *query, const char *bearer, char *ids, size_t idsz,
                      long *status)
{
	struct resp *r = GET_as(P("/api/v1/review/rounds/%s?%s", g_round, query), bearer);
	*status = r->status;
	size_t i, k;
	json_t *g, *p;
	json_array_foreach(json_object_get(r->json, "groups"), i, g)
		json_array_foreach(json_object_get(g, "proposals"), k, p) {
		size_t used = strlen(ids);
		snprintf(ids + used, idsz - used, "%lld,", (long long)json_integer_value(json_object_get(p, "id")));
	}
	const char *next = jstr(r->json, "next_cursor");
	char *out = next ? strdup(next) : NULL;
	resp_free(r);
	return out;
}

/* The round's proposals a page at a time: walking next_cursor with one
 * proposal a page gives every proposal once, in the order of the whole
 * list; the filters narrow it; bad filters are refused naming the field. */
static void paging(void)
{
	char whole[2000] = "", walked[2000] = "";
	long status;
	char *next = page_ids("limit=1000", E.tok_office, whole, sizeof whole, &status);
	t_check(status == 200 && !next && whole[0],
	        "GET the round with limit=1000: every proposal, no next_cursor", "%ld, next %s",
	        status, next ? next : "null");
	free(next);
	int pages = 0;
	char query[128] = "limit=1";
	while ((next = page_ids(query, E.tok_office, walked, sizeof walked, &status)) && pages < 100) {
		pages++;
		snprintf(query, sizeof query, "limit=1&cursor=%s", next);
		free(next);
	}
	free(next);
	int n = 0;
	for (const char *c = whole; *c; c++)
		n += *c == ',';
	t_check(strcmp(whole, walked) == 0 && pages + 1 == n,
	        "walking next_cursor one proposal a page: every proposal once, in order",
	        "whole %s, walked %s in %d pages", whole, walked, pages + 1);

	char town_ids[2000] = "", all_pending[2000] = "";
	struct resp *r;
	next = page_ids("town=" OTHER_TOWN, E.tok_office, town_ids, sizeof town_ids, &status);
	free(next);
	json_t *all = proposals_of(E.tok_office);
	int others = 0;
	size_t i;
	json_t *p;
	json_array_foreach(all, i, p) others += strcmp(jstr(p, "town"), OTHER_TOWN) == 0;
	int got = 0;
	for (const char *c = town_ids; *c; c++)
		got += *c == ',';
	t_check(status == 200 && got == others && others > 0,
	        "?town=" OTHER_TOWN ": that town's proposals only", "%ld: %d of %d", status, got,
	        others);
	r = GET_as(P("/api/v1/review/rounds/%s?town=" OTHER_TOWN, g_round), E.tok_township);
	int own = 0, foreign = 0;
	size_t k;
	json_t *g;
	json_array_foreach(json_object_get(r->json, "groups"), i, g)
		json_array_foreach(json_object_get(g, "proposals"), k, p) {
		if (strcmp(jstr(p, "town"), TOWN) == 0)
			own++;
		else
			foreign++;
	}
	t_check(r->status == 200 && own > 0 && foreign == 0,
	        "a township user asking ?town=" OTHER_TOWN " still sees its own only",
	        "%ld: %d own, %d of other towns", r->status, own, foreign);
	resp_free(r);
	next = page_ids("status=pending", E.tok_office, all_pending, sizeof all_pending, &status);
	free(next);
	int pending = 0, listed = 0;
	json_array_foreach(all, i, p) pending += strcmp(jstr(p, "status"), "pending") == 0;
	for (const char *c = all_pending; *c; c++)
		listed += *c == ',';
	t_check(status == 200 && listed == pending, "?status=pending: the pending ones only",
	        "%ld: %d of %d", status, listed, pending);
	json_decref(all);

	r = GET_as(P("/api/v1/review/rounds/%s?group=%lld", g_round, g_merged_group), E.tok_office);
	g = json_array_get(json_object_get(r->json, "groups"), 0);
	t_check(r->status == 200 && json_array_size(json_object_get(r->json, "groups")) == 1 &&
	                jint(g, "members") == 2 && jint(g, "towns") == 2 &&
	                json_array_size(json_object_get(g, "proposals")) == 2,
	        "?group=G: the merged group alone, with members 2 from towns 2",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);

	char *before = state();
	static const struct {
		const char *query, *field, *what;
	} bad[] = {
		{"cursor=abc", "cursor", "a cursor that is no next_cursor"},
		{"cursor=1-2-3", "cursor", "a cursor with a third part"},
		{"status=done", "status", "a state proposals do not have"},
		{"town=999999999", "town", "a town not in the round"},
		{"limit=0", "limit", "a limit of 0"},
		{"limit=1001", "limit", "a limit over 1000"},
	};
	for (k = 0; k < sizeof bad / sizeof *bad; k++)
		refused(GET_as(P("/api/v1/review/rounds/%s?%s", g_round, bad[k].query), E.tok_office),
		        422, "invalid", bad[k].field, before, bad[k].what);
	refused(GET_as(P("/api/v1/review/rounds/%s?group=999999", g_round), E.tok_office), 404,
	        "not_found", "group", before, "a group that does not exist");
	free(before);
}

/* Every <form method="post"> of the page carries the session's token. */
static void forms_carry_token(const struct resp *r, const char *csrf, int at_least,
                              const char *name)
{
	char want[120];
	snprintf(want, sizeof want, "name=\"csrf\" value=\"%s\"", csrf);
	int forms = 0, bad = 0;
	char first[120] = "";
	for (const char *f = strstr(r->body, "<form"); f; f = strstr(f + 5, "<form")) {
		const char *end = strstr(f, "</form>");
		const char *tag_end = strchr(f, '>');
		if (!end || !tag_end)
			break;
		bool post = false;
		for (const char *q = f; q < tag_end; q++)
			post = post || strncmp(q, "method=\"post\"", 13) == 0;
		if (!post)
			continue;
		forms++;
		const char *tok = strstr(f, want);
		if (!tok || tok > end) {
			if (!bad++)
				snprintf(first, sizeof first, "%.*s", (int)(tag_end - f + 1 < 100 ? tag_end - f + 1 : 100), f);
		}
	}
	t_check(forms >= at_least && bad == 0, name, "%d post forms (wanted >= %d), %d without the "
	        "session's token, first: %s", forms, at_least, bad, first);
}

static bool csrf_of(struct jar *jar, char *out, size_t outsz)
{
	struct resp *r = GET_jar("/", jar);
	bool ok = form_value(r, "action=\"/logout\"", "csrf", out, outsz);
	resp_free(r);
	return ok;
}

static void round_page(struct jar *office, struct jar *town1, struct jar *dept,
                       struct jar *sup)
{
	char csrf[80] = "";
	csrf_of(office, csrf, sizeof csrf);
	struct resp *r = GET_jar(P("/review/%s", g_round), office);
	expect_status(r, 200, "GET /review/{id} (office): 200");
	expect_type(r, "text/html", "GET /review/{id}: text/html");
	forms_carry_token(r, csrf, 8, "GET /review/{id} (office): every post form carries the "
	                              "session's csrf token");
	static const char *const actions[] = {"merge", "close", "proposals", NULL};
	for (int i = 0; actions[i]; i++) {
		char name[160];
		snprintf(name, sizeof name, "the office's round page has the %s form", actions[i]);
		expect_contains(r, P("action=\"/review/%s/%s\"", g_round, actions[i]), name);
	}
	expect_contains(r, P("action=\"/review/groups/%lld/decide\"", g_merged_group),
	                "the office's round page has the merged group's decide form");
	expect_contains(r, P("action=\"/review/%s/towns/" OTHER_TOWN "/office_confirm\"", g_round),
	                "the office's round page offers office_confirm for " OTHER_TOWN);
	expect_lacks(r, "town_confirm\"", "the office's round page offers no town_confirm");
	expect_lacks(r, "<script>alert('rv-xss')", "the department's reason is not raw markup");
	expect_contains(r, "&lt;script&gt;alert(", "the department's reason is shown escaped");
	resp_free(r);

	csrf_of(town1, csrf, sizeof csrf);
	r = GET_jar(P("/review/%s", g_round), town1);
	expect_status(r, 200, "GET /review/{id} (town1): 200");
	forms_carry_token(r, csrf, 2, "GET /review/{id} (town1): every post form carries the "
	                              "session's csrf token");
	expect_contains(r, P("action=\"/review/%s/towns/" TOWN "/town_confirm\"", g_round),
	                "town1's round page offers town_confirm for its own town");
	expect_lacks(r, P("action=\"/review/%s/towns/" OTHER_TOWN "/", g_round),
	             "town1's round page offers nothing for another town");
	expect_lacks(r, P("action=\"/review/%s/merge\"", g_round), "town1's round page has no merge form");
	expect_lacks(r, "/decide\"", "town1's round page has no decide form");
	expect_lacks(r, "rv-xss", "town1's round page does not show another town's proposal");
	resp_free(r);

	csrf_of(dept, csrf, sizeof csrf);
	r = GET_jar(P("/review/%s", g_round), dept);
	expect_status(r, 200, "GET /review/{id} (department): 200");
	forms_carry_token(r, csrf, 2, "GET /review/{id} (department): every post form carries the "
	                              "session's csrf token");
	expect_lacks(r, "<script>alert('rv-xss')", "the department's own reason is escaped on its page");
	resp_free(r);

	r = GET_jar(P("/review/%s", g_round), sup);
	expect_status(r, 200, "GET /review/{id} (supervisor): 200");
	expect_lacks(r, P("action=\"/review/%s/proposals\"", g_round),
	             "the supervisor's round page has no propose form");
	resp_free(r);
}

static struct resp *post_form(const char *path, struct jar *jar, const char *csrf,
                              const char *fields)
{
	char body[600];
	snprintf(body, sizeof body, "%s%s%s%s", csrf ? "csrf=" : "", csrf ? csrf : "",
	         csrf && *fields ? "&" : "", fields);
	return http(&(struct req){.method = "POST", .path = path, .body = body, .jar = jar,
	                          .content_type = "application/x-www-form-urlencoded"});
}

/* The office's forms refuse the anonymous, a township user (with its
 * session's token) and the office without the token; town1's confirm
 * form refuses another town. */
static void form_refusals(struct jar *town1)
{
	json_t *all = proposals_of(E.tok_office);
	long long single = jint(proposal(all, OTHER_TOWN, ADDED, NULL), "id");
	json_decref(all);
	struct {
		char path[120];
		const char *fields;
	} forms[] = {
		{"/review", "title=x&towns=231086103"},
		{"", ""},
		{"", ""},
		{"", "decision=agree&reason=x"},
		{"", "decision=agree&reason=x"},
	};
	snprintf(forms[1].path, sizeof forms[1].path, "/review/%s/merge", g_round);
	snprintf(forms[2].path, sizeof forms[2].path, "/review/%s/close", g_round);
	snprintf(forms[3].path, sizeof forms[3].path, "/review/groups/%lld/decide", g_merged_group);
	snprintf(forms[4].path, sizeof forms[4].path, "/review/proposals/%lld/decide", single);
	char town_csrf[80] = "";
	csrf_of(town1, town_csrf, sizeof town_csrf);
	struct jar office = {0};
	struct resp *l = web_login(&office, "off1", PASSWORD, NULL);
	resp_free(l);
	char *before = state();
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		char name[200];
		struct jar anon = {0};
		resp_free(GET_jar("/login", &anon));
		struct resp *r = post_form(forms[i].path, &anon, jar_get(&anon, "csrf"), forms[i].fields);
		snprintf(name, sizeof name, "form POST %.100s anonymous: 401", forms[i].path);
		expect_status(r, 401, name);
		resp_free(r);
		r = post_form(forms[i].path, town1, town_csrf, forms[i].fields);
		snprintf(name, sizeof name, "form POST %.100s by a township user (with its token): 403",
		         forms[i].path);
		expect_status(r, 403, name);
		resp_free(r);
		r = post_form(forms[i].path, &office, NULL, forms[i].fields);
		snprintf(name, sizeof name, "form POST %.100s by the office without the csrf token: 403",
		         forms[i].path);
		expect_status(r, 403, name);
		resp_free(r);
		snprintf(name, sizeof name, "the refused forms POST %.100s", forms[i].path);
		unchanged(before, name);
	}
	struct resp *r = post_form(P("/review/%s/towns/" OTHER_TOWN "/town_confirm", g_round), town1,
	                           town_csrf, "");
	expect_status(r, 403, "town1's form confirming " OTHER_TOWN "'s draft (with its token): 403");
	resp_free(r);
	unchanged(before, "town1's refused confirm form for another town");
	free(before);
}

static void deciding(void)
{
	json_t *all = proposals_of(E.tok_office);
	long long dept_p = jint(proposal(all, OTHER_TOWN, DEPT_ADD, NULL), "id"),
		  add_p = jint(proposal(all, OTHER_TOWN, ADDED, NULL), "id"),
		  member = jint(proposal(all, TOWN, REMOVED, NULL), "id");
	json_decref(all);
	long long g = g_merged_group;
	char *before = state();
	refused(decide("groups", g, "agree", "同意", E.tok_township), 403, "forbidden", NULL, before,
	        "a township user deciding a group");
	refused(decide("groups", g, "agree", "同意", E.tok_department), 403, "forbidden", NULL,
	        before, "a department user deciding a group");
	refused(decide("proposals", dept_p, "agree", "同意", E.tok_supervisor), 403, "forbidden",
	        NULL, before, "a supervisor deciding a proposal");
	refused(decide("groups", g, "agree", NULL, E.tok_office), 422, "invalid", "reason", before,
	        "deciding a group without a reason");
	refused(decide("groups", g, "maybe", "也许", E.tok_office), 422, "invalid", "decision",
	        before, "deciding a group with the decision maybe");
	free(before);

	struct resp *r = decide("groups", g, "agree", "两镇均无地质灾害隐患点，同意删除", E.tok_office);
	t_check(r->status == 200 && jint(r->json, "decided") == 2 &&
	                has(jstr(r->json, "decision"), "agree"),
	        "the office agrees the merged group with a reason: 200, decided 2", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	all = proposals_of(E.tok_office);
	t_check(has(jstr(proposal(all, TOWN, REMOVED, NULL), "status"), "agreed") &&
	                has(jstr(proposal(all, OTHER_TOWN, REMOVED, NULL), "status"), "agreed") &&
	                has(jstr(proposal(all, TOWN, REMOVED, NULL), "decision_reason"), "同意删除"),
	        "both proposals of the group are agreed, with the reason", "not so");
	json_decref(all);

	r = decide("proposals", dept_p, "reject", XSS_DECISION, E.tok_office);
	t_check(r->status == 200 && jint(r->json, "decided") == 1,
	        "the office rejects the department's single proposal: 200, decided 1", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	r = decide("proposals", add_p, "agree", "同意列入", E.tok_office);
	t_check(r->status == 200 && jint(r->json, "decided") == 1,
	        "the office agrees its addition of " ADDED ": 200, decided 1", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);

	before = state();
	r = decide("proposals", dept_p, "agree", "改变主意", E.tok_office);
	t_check(has(message(r), "allowed:") && has(message(r), "rejected"),
	        "deciding a rejected proposal again: the message says it is rejected and names the "
	        "allowed actions",
	        "%s", message(r));
	refused(r, 409, "conflict", NULL, before, "deciding a rejected proposal again");
	r = decide("proposals", member, "reject", "改变主意", E.tok_office);
	t_check(has(message(r), "allowed:"),
	        "deciding an agreed member of the group on its own: the message names the allowed "
	        "actions",
	        "%s", message(r));
	refused(r, 409, "conflict", NULL, before, "deciding an agreed proposal again");
	refused(decide("groups", g, "reject", "再议", E.tok_office), 409, "conflict", NULL, before,
	        "deciding the decided group again");
	refused(decide("proposals", 999999, "agree", "无", E.tok_office), 404, "not_found", NULL,
	        before, "deciding a proposal that does not exist");
	free(before);

	/* the drafts as the office reads them */
	json_t *rt = round_town(OTHER_TOWN);
	long long v = jint(rt, "draft_version");
	json_decref(rt);
	r = GET_as(P("/api/v1/towns/" OTHER_TOWN "/list?version=%lld", v), E.tok_office);
	t_check(r->status == 200 && !item(r->json, REMOVED) && item(r->json, ADDED) &&
	                !item(r->json, DEPT_ADD) && has(jstr(r->json, "status"), "draft"),
	        "the draft of " OTHER_TOWN " lacks " REMOVED ", has " ADDED ", not " DEPT_ADD,
	        "%ld, %s %s %s", r->status, item(r->json, REMOVED) ? "has " REMOVED : "",
	        item(r->json, ADDED) ? "" : "lacks " ADDED, item(r->json, DEPT_ADD) ? "has " DEPT_ADD : "");
	resp_free(r);
}

/* Each action the message's "allowed: ..." names must be one the route
 * takes. */
static bool allowed_are_actions(const char *msg, char *bad, size_t badsz)
{
	static const char *const actions[] = {"town_confirm", "office_confirm", "refuse",
	                                      "send_back", "publish", NULL};
	const char *at = strstr(msg, "allowed: ");
	bad[0] = '\0';
	if (!at)
		return false;
	char list[256];
	snprintf(list, sizeof list, "%s", at + 9);
	char *save = NULL;
	for (char *a = strtok_r(list, ", ", &save); a; a = strtok_r(NULL, ", ", &save)) {
		bool known = false;
		for (int i = 0; actions[i]; i++)
			known = known || strcmp(a, actions[i]) == 0;
		if (!known && strlen(bad) + strlen(a) + 2 < badsz) {
			strcat(bad, *bad ? ", " : "");
			strcat(bad, a);
		}
	}
	return !bad[0];
}

static void confirming(void)
{
	char *before = state();
	refused(town_act(OTHER_TOWN, "town_confirm", E.tok_township), 403, "forbidden", "town",
	        before, "town1 confirming " OTHER_TOWN "'s draft");
	refused(town_act(OTHER_TOWN, "town_confirm", E.tok_department), 403, "forbidden", NULL,
	        before, "a department user confirming a draft");
	struct resp *r = town_act(OTHER_TOWN, "publish", E.tok_office);
	t_check(has(message(r), "allowed:") && has(message(r), "town_confirm") &&
	                has(message(r), "office_confirm"),
	        "publishing an unconfirmed draft: the message names the allowed actions "
	        "(town_confirm, office_confirm)",
	        "%s", message(r));
	char bad[200];
	t_check(allowed_are_actions(message(r), bad, sizeof bad),
	        "those allowed actions are all actions POST .../towns/{town}/{action} takes",
	        "the message \"%s\" names %s, which the route refuses as an unknown action",
	        message(r), bad);
	refused(r, 409, "conflict", NULL, before, "publishing an unconfirmed draft");
	refused(town_act(OTHER_TOWN, "office_confirm", E.tok_township_other), 403, "forbidden",
	        NULL, before, "town2 taking the office's office_confirm");
	refused(town_act(OTHER_TOWN, "town_confirm", E.tok_office), 403, "forbidden", NULL, before,
	        "the office taking the town's town_confirm");
	refused(town_act(OTHER_TOWN, "bogus", E.tok_office), 422, "invalid", "action", before,
	        "the unknown town action bogus");
	refused(town_act(OTHER_TOWN, "refuse", E.tok_township_other), 422, "invalid", "reason",
	        before, "town2 refusing without a reason");
	refused(town_act("231086103", "office_confirm", E.tok_office), 404, "not_found", NULL,
	        before, "confirming a town that is not in the round");
	free(before);

	r = town_act(OTHER_TOWN, "town_confirm", E.tok_township_other);
	t_check(r->status == 200 && has(jstr(r->json, "status"), "town_confirmed"),
	        "town2 confirms its draft (town_confirm): 200, town_confirmed", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	before = state();
	r = town_act(OTHER_TOWN, "publish", E.tok_office);
	refused(r, 409, "conflict", NULL, before, "publishing a draft only the town confirmed");
	free(before);
	r = town_act(OTHER_TOWN, "office_confirm", E.tok_office);
	t_check(r->status == 200 && has(jstr(r->json, "status"), "confirmed") &&
	                !has(jstr(r->json, "status"), "_"),
	        "the office confirms it too (office_confirm): 200, confirmed", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	before = state();
	refused(propose(E.tok_office, OTHER_TOWN, "remove", TASK, "确认后"), 409, "conflict", "town",
	        before, "a proposal on a confirmed draft");
	free(before);
	r = town_act(OTHER_TOWN, "publish", E.tok_office);
	t_check(r->status == 200 && has(jstr(r->json, "status"), "published") &&
	                jint(r->json, "draft_version") == 2,
	        "the office publishes it: 200, published, version 2", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	before = state();
	r = town_act(OTHER_TOWN, "publish", E.tok_office);
	t_check(has(message(r), "allowed:"), "publishing it again: the message names the allowed "
	        "actions", "%s", message(r));
	refused(r, 409, "conflict", NULL, before, "publishing a published list again");
	free(before);

	/* 231086101: confirmed by the town, sent back by the office, refused */
	r = town_act(TOWN, "town_confirm", E.tok_township);
	t_check(r->status == 200 && has(jstr(r->json, "status"), "town_confirmed"),
	        "town1 confirms its draft: 200, town_confirmed", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	before = state();
	refused(town_act(TOWN, "send_back", E.tok_township), 403, "forbidden", NULL, before,
	        "town1 taking the office's send_back");
	free(before);
	r = town_act(TOWN, "send_back", E.tok_office);
	t_check(r->status == 200 && has(jstr(r->json, "status"), "drafting"),
	        "the office sends it back: 200, drafting", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = api("POST", P("/api/v1/review/rounds/%s/towns/" TOWN "/refuse", g_round),
	        "{\"reason\":\"<i>清单与实际不符</i>\"}", E.tok_township);
	t_check(r->status == 200 && has(jstr(r->json, "status"), "drafting") &&
	                jint(r->json, "refusals") == 1 &&
	                has(jstr(r->json, "last_refusal"), "清单与实际不符"),
	        "town1 refuses the draft with a reason: 200, drafting, refusals 1, the reason kept",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
}

static void today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void public_view(void)
{
	struct resp *r = GET("/api/v1/towns/" OTHER_TOWN "/list");
	t_check(r->status == 200 && jint(r->json, "version") == 2 &&
	                has(jstr(r->json, "status"), "published") && !item(r->json, REMOVED) &&
	                item(r->json, ADDED),
	        "the public list of " OTHER_TOWN " is version 2: without " REMOVED ", with " ADDED,
	        "%ld, version %lld, %s, %s", r->status, jint(r->json, "version"),
	        item(r->json, REMOVED) ? "has " REMOVED : "", item(r->json, ADDED) ? "" : "lacks " ADDED);
	resp_free(r);
	r = GET("/api/v1/towns/" OTHER_TOWN "/list?version=1");
	t_check(r->status == 200 && jint(r->json, "version") == 1 &&
	                has(jstr(r->json, "status"), "superseded") && item(r->json, REMOVED) &&
	                !item(r->json, ADDED),
	        "?version=1 still shows the old list (superseded, with " REMOVED ")", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	char day[11];
	today(day);
	r = GET(P("/api/v1/towns/" OTHER_TOWN "/list?at=%s", day));
	t_check(r->status == 200 && jint(r->json, "version") == 2,
	        "?at=today shows version 2", "%ld, version %lld: %s", r->status,
	        jint(r->json, "version"), excerpt(r));
	resp_free(r);
	r = GET(P("/api/v1/towns/" OTHER_TOWN "/list?at=%s&version=1", day));
	expect_json_error(r, 422, "invalid", "at", "?at= with ?version=: 422 naming at");
	resp_free(r);
	r = GET("/api/v1/towns/" OTHER_TOWN "/list?at=1990-01-01");
	expect_json_error(r, 404, "not_found", "at", "?at= a day before any list: 404 naming at");
	resp_free(r);
	r = GET("/api/v1/towns/" OTHER_TOWN);
	t_check(r->status == 200 && jint(r->json, "version") == 2,
	        "the town's profile shows version 2", "%ld %s", r->status, excerpt(r));
	resp_free(r);

	r = GET("/api/v1/towns/" OTHER_TOWN "/versions");
	json_t *vs = json_object_get(r->json, "versions");
	t_check(r->status == 200 && json_array_size(vs) == 2 &&
	                jint(json_array_get(vs, 0), "version") == 2 &&
	                has(jstr(json_array_get(vs, 0), "status"), "published") &&
	                jint(json_array_get(vs, 0), "round") == 1 &&
	                jint(json_array_get(vs, 1), "version") == 1 &&
	                has(jstr(json_array_get(vs, 1), "status"), "superseded"),
	        "GET /api/v1/towns/" OTHER_TOWN "/versions (public): 2 (published, round 1) and 1 "
	        "(superseded)",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET("/api/v1/towns/" OTHER_TOWN "/diff?from=1&to=2");
	t_check(r->status == 200 && by_code(json_object_get(r->json, "removed"), REMOVED) &&
	                json_array_size(json_object_get(r->json, "removed")) == 1 &&
	                by_code(json_object_get(r->json, "added"), ADDED) &&
	                json_array_size(json_object_get(r->json, "added")) == 1 &&
	                json_array_size(json_object_get(r->json, "changed")) == 0,
	        "GET /api/v1/towns/" OTHER_TOWN "/diff?from=1&to=2 (public): removed " REMOVED
	        ", added " ADDED ", nothing else",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET("/api/v1/towns/" OTHER_TOWN "/diff?from=1&to=3");
	expect_json_error(r, 404, "not_found", "to", "a diff to a version that does not exist: 404 naming to");
	resp_free(r);

	/* the other town's draft is not public */
	json_t *rt = round_town(TOWN);
	long long v = jint(rt, "draft_version");
	t_check(rt && has(jstr(rt, "status"), "drafting") && v > 1,
	        "the other town's draft is still drafting", "%s", rt ? jstr(rt, "status") : "missing");
	json_decref(rt);
	r = GET(P("/api/v1/towns/" TOWN "/list?version=%lld", v));
	t_check(r->status == 404 && !json_object_get(r->json, "items"),
	        "the public does not see " TOWN "'s draft (?version=N: 404)", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET_as(P("/api/v1/towns/" TOWN "/list?version=%lld", v), E.tok_office);
	t_check(r->status == 200 && has(jstr(r->json, "status"), "draft") && !item(r->json, REMOVED),
	        "the office sees " TOWN "'s draft, without " REMOVED, "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_as(P("/api/v1/towns/" TOWN "/list?version=%lld", v), E.tok_township_other);
	expect_status(r, 404, "another town's township user does not see " TOWN "'s draft: 404");
	resp_free(r);
	r = GET(P("/api/v1/towns/" TOWN "/diff?from=1&to=%lld", v));
	expect_status(r, 404, "the public cannot diff against " TOWN "'s draft: 404");
	resp_free(r);
	r = GET_as(P("/api/v1/towns/" TOWN "/diff?from=1&to=%lld", v), E.tok_office);
	t_check(r->status == 200 && by_code(json_object_get(r->json, "removed"), REMOVED),
	        "the office's diff of " TOWN " to its draft names " REMOVED, "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET("/api/v1/towns/" TOWN "/versions");
	bool draft_listed = false;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r->json, "versions"), i, x)
		draft_listed = draft_listed || !has(jstr(x, "status"), "published");
	t_check(r->status == 200 && !draft_listed, "the public's versions of " TOWN " list no draft",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET("/api/v1/towns/" TOWN "/list");
	t_check(r->status == 200 && jint(r->json, "version") == 1 && item(r->json, REMOVED),
	        "the list in force of " TOWN " is still version 1, with " REMOVED, "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
}

static void statistics(void)
{
	/* what was done: 1 round; 6 proposals (2 by towns, 1 by the department,
	 * 3 by the office, 2 of them withdrawn); a group of 2 agreed (2
	 * removals), 1 addition agreed, 1 rejected; 三岔口镇's version 2 of
	 * 109 - 1 + 1 items confirmed and published */
	static const struct {
		const char *key;
		long long want;
	} want[] = {{"rounds", 1},         {"first_round", -1}, {"added", 1},  {"removed", 2},
	            {"town_proposals", 2}, {"merged", 2},       {"agreed", 3}, {"rejected", 1},
	            {"confirmed", 109},    {"proposals", 6}};
	for (int k = 0; k < 2; k++) {
		const char *path = k ? P("/api/v1/review/rounds/%s/stats", g_round)
		                     : "/api/v1/review/stats";
		struct resp *r = GET_as(path, E.tok_township);
		char name[200], problems[600] = "";
		bool all_int = true;
		for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
			json_t *v = json_object_get(r->json, want[i].key);
			long long w = want[i].want < 0 ? g_start_items : want[i].want;
			if (!json_is_integer(v) || json_integer_value(v) != w) {
				all_int = all_int && json_is_integer(v);
				size_t used = strlen(problems);
				snprintf(problems + used, sizeof problems - used, "%s %s (wanted %lld); ",
				         want[i].key, json_is_integer(v) ? "differs" : "is not an integer", w);
			}
		}
		snprintf(name, sizeof name, "GET %s (township token): 200, every count an integer "
		         "matching what was done", k ? "/api/v1/review/rounds/{id}/stats" : path);
		t_check(r->status == 200 && !problems[0], name, "%ld: %s %s", r->status, problems,
		        excerpt(r));
		size_t i;
		json_t *row, *mine = NULL;
		json_array_foreach(json_object_get(r->json, "by_town"), i, row) if (has(jstr(row, "town"),
		                                                                        OTHER_TOWN))
			mine = row;
		snprintf(name, sizeof name, "%s: by_town for " OTHER_TOWN ": 4 proposals, 1 from the "
		         "town, 2 agreed, 1 rejected, +1 -1", k ? "the round's statistics" : "the statistics");
		t_check(mine && jint(mine, "proposals") == 4 && jint(mine, "from_town") == 1 &&
		                jint(mine, "agreed") == 2 && jint(mine, "rejected") == 1 &&
		                jint(mine, "added") == 1 && jint(mine, "removed") == 1,
		        name, "%s: proposals %lld, from_town %lld, agreed %lld, rejected %lld, added %lld, "
		        "removed %lld", mine ? "" : "no row", jint(mine, "proposals"),
		        jint(mine, "from_town"), jint(mine, "agreed"), jint(mine, "rejected"),
		        jint(mine, "added"), jint(mine, "removed"));
		resp_free(r);
	}
	struct resp *r = GET("/api/v1/review/stats");
	expect_json_error(r, 401, "unauthenticated", NULL, "GET /api/v1/review/stats anonymously: 401");
	resp_free(r);
}

/* Pages: who may open them, the CSRF tokens of their forms, the charts. */
static void pages(struct jar *office, struct jar *town1, struct jar *dept, struct jar *sup)
{
	const char *review_pages[] = {"/review", P("/review/%s", g_round), "/review/stats",
	                              P("/review/%s/stats", g_round), NULL};
	char paths[4][120];
	for (int i = 0; i < 4; i++)
		snprintf(paths[i], sizeof paths[i], "%s", review_pages[i]);
	struct {
		struct jar *jar;
		const char *who;
	} users[] = {{office, "office"}, {town1, "township"}, {dept, "department"}, {sup, "supervisor"}};
	for (int i = 0; i < 4; i++) {
		char name[200];
		struct resp *r = GET(paths[i]);
		snprintf(name, sizeof name, "GET %.100s anonymously: 401", paths[i]);
		expect_status(r, 401, name);
		resp_free(r);
		for (size_t u = 0; u < sizeof users / sizeof users[0]; u++) {
			r = GET_jar(paths[i], users[u].jar);
			snprintf(name, sizeof name, "GET %.100s (%s): 200, text/html", paths[i], users[u].who);
			t_check(r->status == 200 && header(r, "Content-Type") &&
			                strncmp(header(r, "Content-Type"), "text/html", 9) == 0,
			        name, "%ld %s", r->status, excerpt(r));
			snprintf(name, sizeof name, "GET %.100s (%s): no inline script or style", paths[i],
			         users[u].who);
			t_check(!has(r->body, "<script") && !has(r->body, " style=\""),
			        name, "the page has inline code");
			resp_free(r);
		}
	}
	char csrf[80] = "";
	csrf_of(office, csrf, sizeof csrf);
	struct resp *r = GET_jar("/review", office);
	expect_contains(r, P("href=\"/review/%s\"", g_round), "GET /review (office) links the round");
	expect_contains(r, "action=\"/review\"", "GET /review (office) has the open-round form");
	forms_carry_token(r, csrf, 2, "GET /review (office): every post form carries the session's "
	                              "csrf token");
	resp_free(r);
	r = GET_jar("/review", town1);
	expect_lacks(r, "action=\"/review\"", "GET /review (township) has no open-round form");
	resp_free(r);

	for (int k = 0; k < 2; k++) {
		const char *path = k ? P("/review/%s/stats", g_round) : "/review/stats";
		r = GET_jar(path, office);
		const char *svg = strstr(r->body, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"");
		int charts = 0;
		for (const char *s = svg; s; s = strstr(s + 4, "<svg "))
			charts++;
		char name[200];
		snprintf(name, sizeof name, "GET %s: the charts are inline SVG (%d), with bars, not "
		         "images", path, k ? 1 : 2);
		t_check(r->status == 200 && svg && charts == (k ? 1 : 2) && has(svg, "</svg>") &&
		                has(svg, "<rect") && !has(r->body, "<img") && !has(r->body, "<object") &&
		                !has(r->body, "<iframe"),
		        name, "%ld, %d <svg> elements", r->status, charts);
		snprintf(name, sizeof name, "GET %s: the town chart names 三岔口镇", path);
		t_check(svg && has(svg, "三岔口镇"), name, "it does not");
		snprintf(name, sizeof name, "GET %s: shows the counts (+1, −2)", path);
		t_check(has(r->body, "<dd>+1</dd>") && has(r->body, "<dd>−2</dd>"), name, "%s",
		        excerpt(r));
		resp_free(r);
	}

	/* the round page after the decisions: the reasons, escaped */
	r = GET_jar(P("/review/%s", g_round), office);
	expect_lacks(r, "<img src=x", "the round page: the markup of a decision's reason is not raw");
	expect_contains(r, "&lt;img src=x onerror=alert(2)&gt;", "the round page: a decision's reason "
	                "is shown escaped");
	expect_lacks(r, "/decide\"", "the round page offers no decision once all are decided");
	expect_contains(r, "&lt;i&gt;清单与实际不符&lt;/i&gt;",
	                "the round page shows town1's refusal, escaped");
	resp_free(r);

	/* versions and the diff are public */
	r = GET("/towns/" OTHER_TOWN "/versions");
	expect_status(r, 200, "GET /towns/" OTHER_TOWN "/versions anonymously: 200");
	expect_contains(r, "href=\"/towns/" OTHER_TOWN "/diff?from=1&amp;to=2\"",
	                "the versions page links the diff of 1 and 2");
	expect_contains(r, "href=\"/towns/" OTHER_TOWN "?version=1\"", "the versions page links version 1");
	resp_free(r);
	r = GET("/towns/" TOWN "/versions");
	expect_status(r, 200, "GET /towns/" TOWN "/versions anonymously: 200");
	expect_lacks(r, "?version=2\"", "the public versions page of " TOWN " lists no draft");
	resp_free(r);
	r = GET("/towns/" OTHER_TOWN "/diff?from=1&to=2");
	expect_status(r, 200, "GET /towns/" OTHER_TOWN "/diff?from=1&to=2 anonymously: 200");
	const char *removed = strstr(r->body, "class=\"diff removed\"");
	const char *added = strstr(r->body, "class=\"diff added\"");
	t_check(removed && has(removed, "href=\"/tasks/" REMOVED "\"") &&
	                strstr(removed, "</ul>") > strstr(removed, "/tasks/" REMOVED),
	        "the diff page lists " REMOVED " under removed", "%s", excerpt(r));
	t_check(added && has(added, "href=\"/tasks/" ADDED "\"") &&
	                strstr(added, "</ul>") > strstr(added, "/tasks/" ADDED),
	        "the diff page lists " ADDED " under added", "%s", excerpt(r));
	resp_free(r);
	r = GET("/towns/" OTHER_TOWN "?version=2");
	t_check(r->status == 200 && !has(r->body, "/tasks/" REMOVED "\"") &&
	                has(r->body, "/tasks/" ADDED "\""),
	        "GET /towns/" OTHER_TOWN "?version=2 (public): without " REMOVED ", with " ADDED,
	        "%ld", r->status);
	resp_free(r);
}

static void closing(void)
{
	char *before = state();
	refused(api("POST", P("/api/v1/review/rounds/%s/close", g_round), NULL, E.tok_township), 403,
	        "forbidden", NULL, before, "a township user closing the round");
	free(before);
	struct resp *r = api("POST", P("/api/v1/review/rounds/%s/close", g_round), NULL, E.tok_office);
	t_check(r->status == 200 && has(jstr(r->json, "status"), "closed") &&
	                jstr(r->json, "closed_at"),
	        "the office closes the round: 200, closed", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	json_t *all = proposals_of(E.tok_office);
	long long any = jint(json_array_get(all, 0), "id");
	json_decref(all);
	before = state();
	refused(propose(E.tok_township, TOWN, "remove", TASK, "关闭后"), 409, "conflict", NULL, before,
	        "proposing in a closed round");
	refused(api("POST", P("/api/v1/review/rounds/%s/merge", g_round), NULL, E.tok_office), 409,
	        "conflict", NULL, before, "merging a closed round");
	refused(decide("proposals", any, "agree", "关闭后", E.tok_office), 409, "conflict", NULL,
	        before, "deciding in a closed round");
	refused(api("POST", P("/api/v1/review/proposals/%lld/withdraw", any), NULL, E.tok_office),
	        409, "conflict", NULL, before, "withdrawing in a closed round");
	refused(town_act(TOWN, "office_confirm", E.tok_office), 409, "conflict", NULL, before,
	        "confirming a draft of a closed round");
	refused(town_act(TOWN, "town_confirm", E.tok_township), 409, "conflict", NULL, before,
	        "a town confirming in a closed round");
	r = api("POST", P("/api/v1/review/rounds/%s/close", g_round), NULL, E.tok_office);
	t_check(has(message(r), "allowed"), "closing it again: the message names the allowed actions",
	        "%s", message(r));
	refused(r, 409, "conflict", NULL, before, "closing a closed round again");
	free(before);

	/* the towns are free again */
	r = api("POST", "/api/v1/review/rounds",
	        "{\"title\":\"<b>第二轮</b>\",\"towns\":\"" TOWN "\",\"days\":5}", E.tok_office);
	t_check(r->status == 201 && jint(r->json, "number") == 2,
	        "after closing, " TOWN " may be in a new round: 201, number 2", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	struct jar office = {0};
	resp_free(web_login(&office, "off1", PASSWORD, NULL));
	r = GET_jar("/review", &office);
	t_check(r->status == 200 && !has(r->body, "<b>第二轮") && has(r->body, "&lt;b&gt;第二轮"),
	        "GET /review shows a round's title with markup escaped", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
}

/* openapi.json's x-roles say who may call; who may call should not be
 * refused every time. */
static void roles_documented(void)
{
	static const char *const routes[] = {"/api/v1/review/rounds/{id}/proposals",
	                                     "/api/v1/review/proposals/{id}/withdraw", NULL};
	char found[200] = "";
	for (int i = 0; routes[i]; i++) {
		json_t *roles = jget(json_object_get(json_object_get(g_openapi, "paths"), routes[i]),
		                     "post.x-roles");
		size_t k;
		json_t *role;
		json_array_foreach(roles, k, role) if (strcmp(json_string_value(role), "supervisor") == 0)
		{
			size_t used = strlen(found);
			snprintf(found + used, sizeof found - used, "%sPOST %s", used ? ", " : "", routes[i]);
		}
	}
	t_check(!found[0],
	        "openapi.json: x-roles of the review writes list no role that is always refused",
	        "x-roles of %s list supervisor, whom the use case refuses every time (403)", found);
}

void test_review(void)
{
	if (!g_round[0]) {
		t_fail("review rounds", "the fixture's round was not opened (see above)");
		return;
	}
	static struct jar office, town1, dept, sup;
	static const struct {
		struct jar *jar;
		const char *user;
	} logins[] = {{&office, "off1"}, {&town1, "town1"}, {&dept, "dept1"}, {&sup, "sup1"}};
	for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++) {
		struct resp *r = web_login(logins[i].jar, logins[i].user, PASSWORD, NULL);
		if (r->status != 303)
			t_note("could not log in as %s (%ld)", logins[i].user, r->status);
		resp_free(r);
	}
	roles_documented();
	opening();
	proposing(&town1);
	withdrawing();
	placing();
	merging();
	paging();
	round_page(&office, &town1, &dept, &sup);
	form_refusals(&town1);
	deciding();
	confirming();
	public_view();
	statistics();
	pages(&office, &town1, &dept, &sup);
	closing();
}
