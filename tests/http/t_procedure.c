/* t_procedure.c - admission (准入), adjustment (运行调整), a basis's repeal
 * and amendment, and the audit log, over the API and their pages.
 *
 * procedure_fixture() runs before the generic loops over openapi.json
 * (t_api.c, t_write.c): a department (dept1, of D20) requests the admission
 * of ZL-95 for the border towns, and the office opens an adjustment of
 * 老黑山镇's list, so that /admissions/{id}, /admissions/{id}/{action} and
 * /adjustments/{id}/{action} have real ids (procedure_code()).  The loops
 * only ever see those refused, so the request is still submitted and the
 * adjustment still open when test_procedure() runs.
 *
 * test_procedure() runs last (after the review and consultation tests): it
 * takes the fixture's request through accept, return, resubmit, accept and
 * admit, and the fixture's adjustment to dismissal; a town requests an
 * adjustment that the office applies; the office repeals one basis and
 * amends another; and the audit log is read, filtered and compared with
 * `dutylist audit head`.  Every refusal on the way is checked to leave the
 * database as it was, and at the end every write this file made is looked
 * up in the audit log under its user's name.  Besides: a list change
 * published while the town's draft is in a review round must survive the
 * round's publication (大肚川镇, with a township user made here), and the
 * header must offer each role only the pages it may open. */
#include "http_test.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The fixture's request and adjustment, as path segments. */
static char g_adm[24], g_adj[24];

#define NEW_TASK "ZL-95"
#define NEW_NAME "协助做好边境地区森林防火和治安维护" /* alike ZL-14's name */
#define ALIKE "ZL-14"         /* 协助做好边境管控和边境地区治安维护 */
#define SELECTOR "tag:边境"   /* 东宁镇, 三岔口镇, 老黑山镇, 道河镇 */
#define FIX_TOWN "231086104"  /* 老黑山镇: the fixture's adjustment */
#define FIX_TASK "JJ-09"      /* the fixture's adjustment removes it (then dismissed) */
#define TOWN_TASK "ST-12"     /* 绥阳镇 (TOWN) asks to have it taken off its list */
#define SAME_NAME "ZL-08"     /* 落实森林防火责任和火源管控 */
#define SAME_NAME_TEXT "落实森林防火责任和火源管控"
#define REPEALED_ONLY "B076"  /* the demo's one repealed basis (已废止) */
#define REPEAL "B008"         /* 统计法: JJ-18 rests on it alone; JJ-19 also on B078 */
#define SOLE_TASK "JJ-18"
#define MARKED_TASK "JJ-19"
#define AMEND "B007"          /* 土地管理法, in force from 2020-01-01 */
#define AMEND_TITLE "中华人民共和国土地管理法"
#define ROUND_TOWN "231086103" /* 大肚川镇: a round of this file's own */
#define ROUND_TASK "WH-09"     /* adjusted off 大肚川镇's list while it is in review */
#define OTHER_DEPT_USER "dept27"

static const char *const SELECTED[] = {"231086100", "231086102", "231086104", "231086105", NULL};
static const char *const ALL_TOWNS[] = {"231086100", "231086101", "231086102",
                                        "231086103", "231086104", "231086105", NULL};

const char *procedure_code(const char *collection, size_t clen, const char *param, size_t plen)
{
	bool admissions = clen == 10 && strncmp(collection, "admissions", 10) == 0;
	bool adjustments = clen == 11 && strncmp(collection, "adjustments", 11) == 0;
	if (!admissions && !adjustments)
		return NULL;
	if (plen == 6 && strncmp(param, "action", 6) == 0)
		return admissions ? "accept" : "dismiss";
	const char *v = admissions ? g_adm : g_adj;
	return *v ? v : NULL;
}

/* ---- helpers ---- */

static struct resp *api(const char *method, const char *path, const char *body,
                        const char *bearer)
{
	return http(&(struct req){.method = method, .path = path, .body = body,
	                          .content_type = "application/json", .bearer = bearer});
}

static const char *P(const char *fmt, ...) PRINTFLIKE(1, 2);
static const char *P(const char *fmt, ...)
{
	static char bufs[6][600];
	static int next;
	char *b = bufs[next++ % 6];
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

static long long jint(const json_t *v, const char *path)
{
	json_t *x = jget(v, path);
	return json_is_integer(x) ? (long long)json_integer_value(x) : -1;
}

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

static bool same(const char *s, const char *want)
{
	return s && want && strcmp(s, want) == 0;
}

static const char *message(const struct resp *r)
{
	const char *m = jstr(r->json, "error.message");
	return m ? m : "";
}

static bool is_date(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static void today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A task row for a request: NEW_NAME's duty with the given name,
 * applies_to and bases; township_part may be changed (resubmission). */
static json_t *row(const char *name, const char *applies_to, const char *bases,
                   const char *township_part)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "category", "社会治理",
	                 "duty", "边境管理", "name", name, "list_type", "配合履职",
	                 "lead_department", DEPT, "township_part", township_part, "department_part",
	                 "负责边境地区森林防火和治安的监督指导", "applies_to", applies_to, "bases",
	                 bases);
}

#define PART "组织护边员开展森林防火巡查"
#define PART_CHANGED "组织护边员每周开展森林防火巡查并登记"

/* POST /api/v1/admissions {task, fields, resources} (resources NULL: left out);
 * takes the references to fields and resources. */
static struct resp *submit(const char *bearer, const char *task, json_t *fields,
                           json_t *resources)
{
	json_t *b = json_pack("{s:s, s:o}", "task", task, "fields", fields);
	if (resources)
		json_object_set_new(b, "resources", resources);
	char *text = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	struct resp *r = api("POST", "/api/v1/admissions", text, bearer);
	free(text);
	return r;
}

static struct resp *act(const char *kind, const char *id, const char *action, const char *body,
                        const char *bearer)
{
	return api("POST", P("/api/v1/%s/%s/%s", kind, id, action), body ? body : "{}", bearer);
}

/* ---- what a refusal must leave as it was ---- */

/* The audit chain's length and head, the procedures' rows, the list
 * versions, the catalogue's sizes and the bases; and, through the API, the
 * audit head and the requests and adjustments as the office reads them. */
static char *state(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		abort();
	if (E.have_sqlite3) {
		static char out[65536];
		static const char q[] =
			"SELECT 'audit', count(*), coalesce(max(id), 0) FROM audit;"
			"SELECT 'head', coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '');"
			"SELECT 'admission', id, status, task_code, deadline, decision_reason, decided_by, "
			"updated_at, length(payload), length(resources) FROM admission ORDER BY id;"
			"SELECT 'adjustment', id, status, coalesce(version_id, 0), decided_by FROM adjustment "
			"ORDER BY id;"
			"SELECT 'list_version', id, status FROM list_version ORDER BY id;"
			"SELECT 'list_item', count(*) FROM list_item;"
			"SELECT 'task', count(*) FROM task; SELECT 'task_rev', count(*) FROM task_rev;"
			"SELECT 'basis', code, status, effective_date, title FROM basis "
			"WHERE code IN ('" REPEAL "', '" AMEND "', '" REPEALED_ONLY "', 'B009');"
			"SELECT 'basis_version', count(*) FROM basis_version;"
			"SELECT 'round', id, status FROM review_round ORDER BY id;"
			"SELECT 'round_town', round_id, town_id, status FROM round_town ORDER BY 2, 3;";
		if (!sql(q, out, sizeof out))
			snprintf(out, sizeof out, "sqlite3 failed");
		fprintf(f, "== sqlite3\n%s\n", out);
	}
	static const char *const reads[] = {"/api/v1/audit?limit=1", "/api/v1/admissions",
	                                    "/api/v1/adjustments", NULL};
	for (int i = 0; reads[i]; i++) {
		struct resp *r = GET_as(reads[i], E.tok_office);
		fprintf(f, "== %s %ld\n%s\n", reads[i], r->status, r->body);
		resp_free(r);
	}
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
	char name[400];
	snprintf(name, sizeof name, "%s: nothing changed (audit head, requests, adjustments, "
	         "versions, bases)", what);
	t_check(strcmp(before, after) == 0, name, "before \"%.120s\", after \"%.120s\"",
	        before + start, after + start);
	free(after);
}

/* A refusal: the status and error code (field, when not NULL), and then
 * that nothing changed. */
static void refused(struct resp *r, long status, const char *code, const char *field,
                    const char *before, const char *what)
{
	char name[400];
	snprintf(name, sizeof name, "%s: %ld%s%s", what, status, field ? " naming " : "",
	         field ? field : "");
	expect_json_error(r, status, code, field, name);
	resp_free(r);
	unchanged(before, what);
}

/* ---- the writes this file made, to be found in the audit log ---- */

#define MAX_WRITES 64
static struct {
	char actor[24], action[40], object[48];
} g_writes[MAX_WRITES];
static int g_nwrites;

static void wrote(const char *actor, const char *action, const char *object)
{
	if (g_nwrites == MAX_WRITES)
		return;
	snprintf(g_writes[g_nwrites].actor, sizeof g_writes[0].actor, "%s", actor);
	snprintf(g_writes[g_nwrites].action, sizeof g_writes[0].action, "%s", action);
	snprintf(g_writes[g_nwrites].object, sizeof g_writes[0].object, "%s", object);
	g_nwrites++;
}

/* ---- lists ---- */

/* The public's list in force of a town: its version, and whether it
 * holds task (the item, when found, into *item: a new reference). */
static int list_version(const char *town, const char *task, bool *holds, json_t **item)
{
	struct resp *r = GET(P("/api/v1/towns/%s/list", town));
	int version = (int)jint(r->json, "version");
	*holds = false;
	if (item)
		*item = NULL;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(r->json, "items"), i, v) {
		if (same(jstr(v, "code"), task)) {
			*holds = true;
			if (item)
				*item = json_incref(v);
		}
	}
	resp_free(r);
	return version;
}

/* The element of a's array `key` whose "id" is id, or NULL. */
static json_t *by_id(const json_t *v, const char *key, long long id)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(v, key), i, x) if (jint(x, "id") == id) return x;
	return NULL;
}

static json_t *by_code(const json_t *a, const char *code)
{
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) if (same(jstr(x, "code"), code)) return x;
	return NULL;
}

/* ---- the fixture ---- */

bool procedure_fixture(void)
{
	struct resp *r = submit(E.tok_department, NEW_TASK,
	                        row(NEW_NAME, SELECTOR, "B009:第九条", PART),
	                        json_pack("{s:s}", "funds", "每年1万元"));
	long long id = jint(r->json, "id");
	bool ok = t_check(r->status == 201 && id > 0 && same(jstr(r->json, "status"), "submitted"),
	                  "fixture: a department (dept1, D20) requests the admission of " NEW_TASK
	                  " (POST /api/v1/admissions): 201, submitted",
	                  "%ld %s", r->status, excerpt(r));
	if (id > 0) {
		snprintf(g_adm, sizeof g_adm, "%lld", id);
		wrote("dept1", "admission.submit", P("admission:%lld", id));
	}
	json_t *similar = json_object_get(r->json, "similar");
	json_t *alike = by_code(similar, ALIKE);
	char *shown = similar ? json_dumps(similar, JSON_COMPACT) : NULL;
	t_check(r->status == 201 && alike && jget(alike, "similarity") && !by_code(similar, "DJ-01"),
	        "fixture: the 201 answer lists the alike existing task " ALIKE
	        " (协助做好边境管控…) under similar, with its similarity, and not unrelated ones",
	        "similar is %.300s", shown ? shown : "missing");
	free(shown);
	resp_free(r);

	char *b = body_of("{s:s, s:s, s:s, s:s}", "town", FIX_TOWN, "action", "remove", "task",
	                  FIX_TASK, "reason", "夹具：HTTP 测试");
	r = api("POST", "/api/v1/adjustments", b, E.tok_office);
	free(b);
	id = jint(r->json, "id");
	ok = t_check(r->status == 201 && id > 0 && same(jstr(r->json, "status"), "open") &&
	                     same(jstr(r->json, "origin"), "office"),
	             "fixture: the office opens an adjustment of " FIX_TOWN
	             " (POST /api/v1/adjustments): 201, open, origin office",
	             "%ld %s", r->status, excerpt(r)) &&
	     ok;
	if (id > 0) {
		snprintf(g_adj, sizeof g_adj, "%lld", id);
		wrote("off1", "adjustment.open", P("adjustment:%lld", id));
	}
	resp_free(r);
	t_note("admission request %s, adjustment %s", g_adm, g_adj);
	return ok;
}

/* The shapes of the procedures' GET answers, for t_api.c's loop; false
 * when tmpl is not one of theirs. */
bool procedure_shape(const char *tmpl, const json_t *v, const char *name)
{
	char problem[300] = "";
#define NEED(cond, ...)                                                                     \
	do {                                                                                \
		if (!problem[0] && !(cond))                                                 \
			snprintf(problem, sizeof problem, __VA_ARGS__);                     \
	} while (0)
	if (strcmp(tmpl, "/api/v1/admissions") == 0) {
		json_t *a = by_id(v, "admissions", atoll(g_adm));
		NEED(json_is_array(json_object_get(v, "admissions")), "no array admissions");
		NEED(a, "the fixture's request %s is not listed", g_adm);
		NEED(same(jstr(a, "status"), "submitted") && same(jstr(a, "task_code"), NEW_TASK) &&
		             same(jstr(a, "department"), DEPT),
		     "the fixture's request is not {status submitted, task_code " NEW_TASK
		     ", department " DEPT "}");
	} else if (strcmp(tmpl, "/api/v1/admissions/{id}") == 0) {
		NEED(jint(v, "id") == atoll(g_adm), "id is not %s", g_adm);
		NEED(same(jstr(v, "status"), "submitted"), "status is not submitted");
		NEED(same(jstr(v, "payload.name"), NEW_NAME), "payload is not the row as an object");
		NEED(same(jstr(v, "resources.funds"), "每年1万元"), "resources is not an object");
		NEED(by_code(json_object_get(v, "similar"), ALIKE), "similar lacks " ALIKE);
		NEED(json_is_false(json_object_get(v, "overdue")), "overdue is not false");
	} else if (strcmp(tmpl, "/api/v1/adjustments") == 0) {
		json_t *a = by_id(v, "adjustments", atoll(g_adj));
		NEED(a, "the fixture's adjustment %s is not listed", g_adj);
		NEED(same(jstr(a, "town"), FIX_TOWN) && same(jstr(a, "task_code"), FIX_TASK) &&
		             same(jstr(a, "status"), "open") && is_date(jstr(a, "deadline")),
		     "the fixture's adjustment is not {town " FIX_TOWN ", task_code " FIX_TASK
		     ", open, a deadline}");
	} else if (strcmp(tmpl, "/api/v1/audit") == 0) {
		json_t *e0 = json_array_get(json_object_get(v, "entries"), 0);
		const char *hash = jstr(v, "head.hash");
		NEED(e0, "no entries");
		NEED(hash && strlen(hash) == 64, "head.hash is not 64 hex digits");
		NEED(jint(v, "head.id") == jint(e0, "id") && same(jstr(e0, "hash"), hash),
		     "head is not the newest entry");
		NEED(jstr(e0, "actor") && jstr(e0, "action") && jstr(e0, "object") && jstr(e0, "at"),
		     "an entry lacks actor, action, object or at");
	} else if (strcmp(tmpl, "/api/v1/bases/{code}/history") == 0) {
		NEED(same(jstr(v, "basis"), BASIS), "basis is not " BASIS);
		NEED(json_is_array(json_object_get(v, "versions")), "no array versions");
	} else {
		return false;
	}
#undef NEED
	t_check(!problem[0], name, "%s", problem);
	return true;
}

/* ---- admission ---- */

static char g_tok_other_dept[65], g_tok_round_town[65];

/* A user made with the CLI, and a token for them. */
static bool cli_user(const char *name, const char *role, const char *scope_opt,
                     const char *scope, char tok[65])
{
	char out[4096];
	const char *add[] = {"user", "add", name, "--role", role, scope_opt, scope,
	                     "--password-stdin", NULL};
	int rc = run_bin(add, PASSWORD "\n", out, sizeof out);
	if (rc != 0 && !strstr(out, "added")) {
		t_note("user add %s: exit %d: %.300s", name, rc, out);
		return false;
	}
	return bin_token(name, tok);
}

static void submit_refusals(void)
{
	char *before = state();
	json_t *res = json_pack("{s:s}", "staff", "1 名专职护边员");
	refused(submit(NULL, "ZL-94", row("边境地区界碑巡护", SELECTOR, "B009", PART), json_incref(res)),
	        401, "unauthenticated", NULL, before, "requesting an admission anonymously");
	refused(submit(E.tok_office, "ZL-94", row("边境地区界碑巡护", SELECTOR, "B009", PART),
	               json_incref(res)),
	        403, "forbidden", NULL, before, "the office requesting an admission");
	refused(submit(E.tok_township, "ZL-94", row("边境地区界碑巡护", SELECTOR, "B009", PART),
	               json_incref(res)),
	        403, "forbidden", NULL, before, "a township user requesting an admission");
	refused(submit(E.tok_supervisor, "ZL-94", row("边境地区界碑巡护", SELECTOR, "B009", PART),
	               json_incref(res)),
	        403, "forbidden", NULL, before, "a supervisor requesting an admission");

	/* 人随事转、费随事转 */
	refused(submit(E.tok_department, "ZL-94", row("边境地区界碑巡护", SELECTOR, "B009", PART), NULL),
	        422, "invalid", "resources", before, "a request without resources");
	refused(submit(E.tok_department, "ZL-94", row("边境地区界碑巡护", SELECTOR, "B009", PART),
	               json_object()),
	        422, "invalid", "resources", before, "a request with resources {} (nothing named)");
	refused(submit(E.tok_department, "ZL-94", row("边境地区界碑巡护", SELECTOR, "B009", PART),
	               json_pack("{s:s, s:b}", "funds", "每年2万元", "none", 1)),
	        422, "invalid", "resources", before,
	        "a request whose resources name funds and also say none");
	refused(submit(E.tok_department, "ZL-94", row("边境地区界碑巡护", SELECTOR, "B009", PART),
	               json_pack("{s:b}", "none", 1)),
	        422, "invalid", "resources", before, "a request saying none without a note why");

	/* the catalogue: a code in use, a name in use, a basis repealed, no town */
	struct resp *r = submit(E.tok_department, TASK, row("边境地区界碑巡护", SELECTOR, "B009", PART),
	                        json_incref(res));
	t_check(has(message(r), TASK), "a request under an existing code: the message names " TASK,
	        "%s", message(r));
	refused(r, 409, "conflict", "task", before, "a request under the code " TASK ", in use");
	r = submit(E.tok_department, "ZL-94", row(SAME_NAME_TEXT, SELECTOR, "B009", PART),
	           json_incref(res));
	t_check(has(message(r), SAME_NAME) && has(message(r), SAME_NAME_TEXT),
	        "a request named as an existing task: the message names it (" SAME_NAME " "
	        SAME_NAME_TEXT ")",
	        "%s", message(r));
	refused(r, 409, "conflict", "name", before,
	        "a request for a task the catalogue has under the same name");
	r = submit(E.tok_department, "ZL-94",
	           row("边境地区界碑巡护", SELECTOR, REPEALED_ONLY ":第十条", PART), json_incref(res));
	t_check(has(message(r), REPEALED_ONLY) && has(message(r), "bases"),
	        "a request resting on a repealed basis only: the message names bases and "
	        REPEALED_ONLY,
	        "%s", message(r));
	refused(r, 422, "invalid", NULL, before,
	        "a request resting on a repealed basis (" REPEALED_ONLY ") only");
	refused(submit(E.tok_department, "ZL-94", row("边境地区界碑巡护", "tag:沙漠", "B009", PART),
	               json_incref(res)),
	        422, "invalid", "applies_to", before, "a request whose applies_to selects no town");
	json_decref(res);
	free(before);
}

static void admission_flow(void)
{
	const char *adm = g_adm;
	char *before = state();

	/* who may see it, and who may not act on it */
	struct resp *r = GET_as(P("/api/v1/admissions/%s", adm), E.tok_office);
	t_check(r->status == 200 && same(jstr(r->json, "status"), "submitted") &&
	                same(jstr(r->json, "requested_by"), "dept1") &&
	                by_code(json_object_get(r->json, "similar"), ALIKE),
	        "after the generic loops the fixture's request is still submitted, by dept1, "
	        "with " ALIKE " beside it",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_as(P("/api/v1/admissions/%s", adm), E.tok_supervisor);
	expect_status(r, 200, "a supervisor reads the request: 200");
	resp_free(r);
	r = GET_as(P("/api/v1/admissions/%s", adm), E.tok_department);
	expect_status(r, 200, "its department (dept1) reads the request: 200");
	resp_free(r);
	r = GET_as(P("/api/v1/admissions/%s", adm), g_tok_other_dept);
	expect_json_error(r, 404, "not_found", NULL,
	                  "another department (" OTHER_DEPT ") reading the request: 404");
	resp_free(r);
	r = GET_as("/api/v1/admissions", g_tok_other_dept);
	t_check(r->status == 200 && json_is_array(json_object_get(r->json, "admissions")) &&
	                !by_id(r->json, "admissions", atoll(adm)),
	        "another department's listing (GET /api/v1/admissions) lacks the request",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_as(P("/api/v1/admissions/%s", adm), E.tok_township);
	expect_json_error(r, 403, "forbidden", NULL, "a township user reading the request: 403");
	resp_free(r);
	r = GET(P("/api/v1/admissions/%s", adm));
	expect_json_error(r, 401, "unauthenticated", NULL, "reading the request anonymously: 401");
	resp_free(r);
	refused(act("admissions", adm, "withdraw", NULL, g_tok_other_dept), 403, "forbidden", NULL,
	        before, "another department withdrawing the request");
	refused(act("admissions", adm, "accept", NULL, E.tok_supervisor), 403, "forbidden", NULL,
	        before, "a supervisor accepting the request");
	refused(act("admissions", adm, "accept", NULL, E.tok_department), 403, "forbidden", NULL,
	        before, "the department accepting its own request");
	r = act("admissions", adm, "admit", "{\"reason\":\"先行准入\"}", E.tok_office);
	t_check(has(message(r), "allowed:") && has(message(r), "accept"),
	        "admitting before accepting: the message names the allowed actions (accept, ...)",
	        "%s", message(r));
	refused(r, 409, "conflict", NULL, before, "admitting a request not yet accepted");
	refused(act("admissions", "999999", "accept", NULL, E.tok_office), 404, "not_found", NULL,
	        before, "accepting a request that does not exist");
	free(before);

	/* accept: a deadline */
	r = act("admissions", adm, "accept", NULL, E.tok_office);
	char day[11];
	today(day);
	const char *deadline = jstr(r->json, "deadline");
	t_check(r->status == 200 && same(jstr(r->json, "status"), "reviewing") && is_date(deadline) &&
	                strcmp(deadline, day) > 0,
	        "the office accepts it: 200, reviewing, with a deadline (a date after today)",
	        "%ld, deadline %s: %s", r->status, deadline ? deadline : "(none)", excerpt(r));
	resp_free(r);
	wrote("off1", "admission.accept", P("admission:%s", adm));

	/* return, resubmit */
	before = state();
	refused(act("admissions", adm, "return", NULL, E.tok_office), 422, "invalid", "reason", before,
	        "returning it without a reason");
	refused(act("admissions", adm, "resubmit", NULL, E.tok_department), 409, "conflict", NULL,
	        before, "resubmitting a request under review");
	free(before);
	r = act("admissions", adm, "return", "{\"reason\":\"请写明乡镇每周巡查的频次\"}", E.tok_office);
	t_check(r->status == 200 && same(jstr(r->json, "status"), "returned") &&
	                has(jstr(r->json, "decision_reason"), "频次"),
	        "the office returns it with a reason: 200, returned, the reason kept",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	wrote("off1", "admission.return", P("admission:%s", adm));

	json_t *changed = row(NEW_NAME, SELECTOR, "B009:第九条", PART_CHANGED);
	char *resubmit = body_of("{s:O}", "fields", changed);
	json_t *nowhere = row(NEW_NAME, "tag:沙漠", "B009:第九条", PART_CHANGED);
	char *resubmit_nowhere = body_of("{s:O}", "fields", nowhere);
	json_decref(nowhere);
	before = state();
	refused(act("admissions", adm, "resubmit", resubmit, E.tok_office), 403, "forbidden", NULL,
	        before, "the office resubmitting the department's request");
	refused(act("admissions", adm, "resubmit", resubmit, g_tok_other_dept), 403, "forbidden", NULL,
	        before, "another department resubmitting the request");
	refused(act("admissions", adm, "resubmit", resubmit_nowhere, E.tok_department), 422, "invalid",
	        "applies_to", before, "resubmitting it changed to select no town");
	refused(act("admissions", adm, "admit", "{\"reason\":\"x\"}", E.tok_office), 409, "conflict",
	        NULL, before, "admitting a returned request");
	free(before);
	free(resubmit_nowhere);
	r = act("admissions", adm, "resubmit", resubmit, E.tok_department);
	t_check(r->status == 200 && same(jstr(r->json, "status"), "submitted") &&
	                same(jstr(r->json, "payload.township_part"), PART_CHANGED),
	        "the department resubmits it with township_part changed: 200, submitted, the change "
	        "kept",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	free(resubmit);
	json_decref(changed);
	wrote("dept1", "admission.resubmit", P("admission:%s", adm));

	r = act("admissions", adm, "accept", NULL, E.tok_office);
	expect_status(r, 200, "the office accepts it again: 200");
	resp_free(r);
	wrote("off1", "admission.accept", P("admission:%s", adm));

	/* admit: the catalogue and the selected towns' lists */
	before = state();
	refused(act("admissions", adm, "admit", NULL, E.tok_office), 422, "invalid", "reason", before,
	        "admitting it without a reason");
	free(before);
	int versions[6];
	for (int i = 0; ALL_TOWNS[i]; i++) {
		bool holds;
		versions[i] = list_version(ALL_TOWNS[i], NEW_TASK, &holds, NULL);
	}
	r = act("admissions", adm, "admit", "{\"reason\":\"职责法定、人财物随之下沉，予以准入\"}",
	        E.tok_office);
	t_check(r->status == 200 && same(jstr(r->json, "status"), "admitted") &&
	                jint(r->json, "lists_published") == 4 &&
	                same(jstr(r->json, "decided_by"), "off1"),
	        "the office admits it with a reason: 200, admitted, 4 lists published (the border "
	        "towns), decided by off1",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	wrote("off1", "admission.admit", P("admission:%s", adm));
	for (int i = 0; ALL_TOWNS[i]; i++) {
		bool selected = false;
		for (int k = 0; SELECTED[k]; k++)
			selected = selected || strcmp(SELECTED[k], ALL_TOWNS[i]) == 0;
		bool holds;
		json_t *item;
		int v = list_version(ALL_TOWNS[i], NEW_TASK, &holds, &item);
		char name[300];
		if (selected) {
			wrote("off1", "list.publish", P("town:%s", ALL_TOWNS[i]));
			snprintf(name, sizeof name,
			         "GET /api/v1/towns/%s/list (public, selected by " SELECTOR "): a new version "
			         "with " NEW_TASK " as resubmitted",
			         ALL_TOWNS[i]);
			t_check(v > versions[i] && holds && same(jstr(item, "list_type"), "配合履职") &&
			                same(jstr(item, "township_part"), PART_CHANGED),
			        name, "version %d (before %d), %s, township_part %s", v, versions[i],
			        holds ? "holds it" : "lacks it",
			        jstr(item, "township_part") ? jstr(item, "township_part") : "-");
			bool old_holds = false;
			struct resp *o =
				GET(P("/api/v1/towns/%s/list?version=%d", ALL_TOWNS[i], versions[i]));
			old_holds = has(o->body, "\"" NEW_TASK "\"");
			snprintf(name, sizeof name, "%s's version %d, before the admission, stays without "
			         NEW_TASK, ALL_TOWNS[i], versions[i]);
			t_check(o->status == 200 && !old_holds, name, "%ld, %s", o->status,
			        old_holds ? "it holds it" : excerpt(o));
			resp_free(o);
		} else {
			snprintf(name, sizeof name,
			         "GET /api/v1/towns/%s/list (public, not selected): the same version, "
			         "without " NEW_TASK,
			         ALL_TOWNS[i]);
			t_check(v == versions[i] && !holds, name, "version %d (before %d), %s", v,
			        versions[i], holds ? "holds it" : "lacks it");
		}
		json_decref(item);
	}
	r = GET("/api/v1/tasks/" NEW_TASK);
	t_check(r->status == 200 && same(jstr(r->json, "name"), NEW_NAME) &&
	                json_array_size(json_object_get(r->json, "towns")) == 4,
	        "GET /api/v1/tasks/" NEW_TASK ": in the catalogue, listed by the 4 border towns",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);

	before = state();
	r = act("admissions", adm, "refuse", "{\"reason\":\"不予准入\"}", E.tok_office);
	t_check(has(message(r), "nothing"), "refusing an admitted request: the message says nothing "
	        "is allowed (final)", "%s", message(r));
	refused(r, 409, "conflict", NULL, before, "refusing an admitted request");
	refused(act("admissions", adm, "withdraw", NULL, E.tok_department), 409, "conflict", NULL,
	        before, "the department withdrawing an admitted request");
	r = submit(E.tok_department, "ZL-93", row(NEW_NAME, SELECTOR, "B009", PART),
	           json_pack("{s:s}", "funds", "每年1万元"));
	t_check(has(message(r), NEW_TASK), "a second request under the admitted task's name: the "
	        "message names " NEW_TASK, "%s", message(r));
	refused(r, 409, "conflict", "name", before,
	        "a second request under the admitted task's name");
	free(before);
}

/* A request the department withdraws; its name carries markup, which its
 * page must show escaped. */
#define XSS_NAME "<script>alert('adm-xss')</script>边境口岸通关秩序协助维护"
static char g_withdrawn[24];

static void withdrawing(struct jar *office)
{
	struct resp *r = submit(E.tok_department, "ZL-92", row(XSS_NAME, "tag:口岸", "B009", PART),
	                        json_pack("{s:b, s:s}", "none", 1, "note", "由现有护边员承担，不增加编制和经费"));
	long long id = jint(r->json, "id");
	t_check(r->status == 201 && id > 0 && same(jstr(r->json, "resources.note"),
	                                           "由现有护边员承担，不增加编制和经费"),
	        "a request saying none with a note why: 201", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	if (id <= 0)
		return;
	snprintf(g_withdrawn, sizeof g_withdrawn, "%lld", id);
	wrote("dept1", "admission.submit", P("admission:%lld", id));
	r = GET_jar(P("/admissions/%lld", id), office);
	t_check(r->status == 200 && !has(r->body, "<script>alert('adm-xss')") &&
	                has(r->body, "&lt;script&gt;alert("),
	        "GET /admissions/{id} (office) shows a request's name with markup escaped", "%ld %s",
	        r->status, has(r->body, "<script>alert('adm-xss')") ? "the raw markup is in the page"
	                                                           : excerpt(r));
	resp_free(r);
	r = act("admissions", g_withdrawn, "withdraw", NULL, E.tok_department);
	t_check(r->status == 200 && same(jstr(r->json, "status"), "withdrawn"),
	        "the department withdraws its own request: 200, withdrawn", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	wrote("dept1", "admission.withdraw", P("admission:%lld", id));
	char *before = state();
	refused(act("admissions", g_withdrawn, "accept", NULL, E.tok_office), 409, "conflict", NULL,
	        before, "accepting a withdrawn request");
	free(before);
}

/* ---- adjustment ---- */

static char g_town_adj[24]; /* the adjustment town1 requests */

static struct resp *open_adjustment(const char *bearer, const char *town, const char *action,
                                    const char *task, const char *reason)
{
	char *b = body_of("{s:s, s:s, s:s, s:s}", "town", town, "action", action, "task", task,
	                  "reason", reason);
	struct resp *r = api("POST", "/api/v1/adjustments", b, bearer);
	free(b);
	return r;
}

static void adjustment_flow(void)
{
	/* the fixture's: dismissed */
	char *before = state();
	refused(act("adjustments", g_adj, "dismiss", "{\"reason\":\"x\"}", E.tok_township), 403,
	        "forbidden", NULL, before, "a township user dismissing an adjustment");
	refused(act("adjustments", g_adj, "dismiss", "{\"reason\":\"x\"}", E.tok_department), 403,
	        "forbidden", NULL, before, "a department dismissing an adjustment");
	refused(act("adjustments", g_adj, "dismiss", "{}", E.tok_office), 422, "invalid", "reason",
	        before, "dismissing an adjustment without a reason");
	refused(act("adjustments", "999999", "dismiss", "{\"reason\":\"x\"}", E.tok_office), 404,
	        "not_found", NULL, before, "dismissing an adjustment that does not exist");
	free(before);
	struct resp *r = act("adjustments", g_adj, "dismiss", "{\"reason\":\"夹具，不予调整\"}",
	                     E.tok_office);
	t_check(r->status == 200 && same(jstr(r->json, "status"), "dismissed") &&
	                jint(r->json, "version") <= 0,
	        "the office dismisses the fixture's adjustment: 200, dismissed, no version",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	wrote("off1", "adjustment.dismiss", P("adjustment:%s", g_adj));
	before = state();
	refused(act("adjustments", g_adj, "dismiss", "{\"reason\":\"再次\"}", E.tok_office), 409,
	        "conflict", NULL, before, "dismissing a dismissed adjustment");
	refused(act("adjustments", g_adj, "apply", "{\"reason\":\"再次\"}", E.tok_office), 409,
	        "conflict", NULL, before, "applying a dismissed adjustment");

	/* a town asks: its own list only, and no new task */
	refused(open_adjustment(NULL, TOWN, "remove", TOWN_TASK, "x"), 401, "unauthenticated", NULL,
	        before, "requesting an adjustment anonymously");
	refused(open_adjustment(E.tok_supervisor, TOWN, "remove", TOWN_TASK, "x"), 403, "forbidden",
	        NULL, before, "a supervisor requesting an adjustment");
	refused(open_adjustment(E.tok_township, OTHER_TOWN, "remove", TOWN_TASK, "本镇代为申请"), 403,
	        "forbidden", NULL, before, "a town requesting an adjustment of another town's list");
	r = open_adjustment(E.tok_township, TOWN, "add", "ZL-89", "增加一项新任务");
	t_check(has(message(r), "admission") || has(message(r), "准入"),
	        "a town asking to add a task not in the catalogue: the message points to admission "
	        "(准入)",
	        "%s", message(r));
	refused(r, 409, "conflict", "task", before,
	        "a town asking to add a task not in the catalogue (ZL-89)");
	refused(open_adjustment(E.tok_township, TOWN, "remove", "ZZ-01", "x"), 409, "conflict", "task",
	        before, "a town asking to remove a task its list does not hold");
	refused(open_adjustment(E.tok_township, TOWN, "rename", TOWN_TASK, "x"), 422, "invalid",
	        "action", before, "an adjustment with an unknown action");
	free(before);

	bool holds;
	int version = list_version(TOWN, TOWN_TASK, &holds, NULL);
	t_check(holds, "绥阳镇's list in force holds " TOWN_TASK " before the adjustment",
	        "version %d lacks it", version);
	r = open_adjustment(E.tok_township, TOWN, "remove", TOWN_TASK, "本镇无此项业务，已由部门直接承担");
	long long id = jint(r->json, "id");
	t_check(r->status == 201 && id > 0 && same(jstr(r->json, "origin"), "township") &&
	                same(jstr(r->json, "opened_by"), "town1") &&
	                same(jstr(r->json, "status"), "open"),
	        "a town (town1) requests an adjustment of its own list: 201, open, origin township",
	        "%ld %s", r->status, excerpt(r));
	/* the fields: an admission's answer gives its payload as an object; an
	 * adjustment's (like a review proposal's) as the JSON text of one */
	json_t *payload = json_object_get(r->json, "payload");
	json_t *decoded = json_is_string(payload)
	                          ? json_loads(json_string_value(payload), 0, NULL)
	                          : json_incref(payload);
	t_check(json_is_object(decoded) && json_object_size(decoded) == 0,
	        "the removal's payload is an empty object (or the JSON text of one)", "payload %s",
	        json_is_string(payload) ? json_string_value(payload) : "is neither");
	if (json_is_string(payload))
		t_note("an adjustment's payload comes back as JSON text in a string (%s), unlike an "
		       "admission's (an object)",
		       json_string_value(payload));
	json_decref(decoded);
	resp_free(r);
	char adj[24];
	snprintf(adj, sizeof adj, "%lld", id);
	snprintf(g_town_adj, sizeof g_town_adj, "%lld", id);
	wrote("town1", "adjustment.open", P("adjustment:%lld", id));

	r = GET_as("/api/v1/adjustments", E.tok_township_other);
	t_check(r->status == 200 && !by_id(r->json, "adjustments", id) &&
	                same(jstr(r->json, "town"), OTHER_TOWN),
	        "another town's user lists only its own town's adjustments (not 绥阳镇's)",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/adjustments?status=open", E.tok_township);
	t_check(r->status == 200 && by_id(r->json, "adjustments", id),
	        "the town lists its open request", "%ld %s", r->status, excerpt(r));
	resp_free(r);

	before = state();
	refused(act("adjustments", adj, "apply", "{\"reason\":\"自行实施\"}", E.tok_township), 403,
	        "forbidden", NULL, before, "the town applying its own request");
	refused(act("adjustments", adj, "apply", "{}", E.tok_office), 422, "invalid", "reason", before,
	        "applying an adjustment without a reason");
	free(before);
	r = act("adjustments", adj, "apply", "{\"reason\":\"经核实，同意调整\"}", E.tok_office);
	int applied = (int)jint(r->json, "version");
	t_check(r->status == 200 && same(jstr(r->json, "status"), "applied") && applied > version,
	        "the office applies it: 200, applied, with the new version's number",
	        "%ld (version before %d) %s", r->status, version, excerpt(r));
	resp_free(r);
	wrote("off1", "adjustment.apply", P("adjustment:%s", adj));
	wrote("off1", "list.publish", "town:" TOWN);
	int now = list_version(TOWN, TOWN_TASK, &holds, NULL);
	t_check(now == applied && !holds,
	        "GET /api/v1/towns/" TOWN "/list (public): the applied version, without " TOWN_TASK,
	        "version %d (applied %d), %s", now, applied, holds ? "holds it" : "lacks it");
	r = GET(P("/api/v1/towns/%s/list?version=%d", TOWN, version));
	t_check(r->status == 200 && has(r->body, "\"" TOWN_TASK "\""),
	        "the version before the adjustment still holds " TOWN_TASK, "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	before = state();
	r = act("adjustments", adj, "dismiss", "{\"reason\":\"撤回\"}", E.tok_office);
	t_check(has(message(r), "nothing"), "dismissing an applied adjustment: the message says it "
	        "is final", "%s", message(r));
	refused(r, 409, "conflict", NULL, before, "dismissing an applied adjustment");
	free(before);
}

/* A change published while the town's draft is in a review round must not
 * be lost when the round publishes its draft (made before the change):
 * either the change is refused while the town is in review, or the list
 * the round publishes keeps it. */
static void adjustment_during_review(void)
{
	if (!g_tok_round_town[0]) {
		t_fail("a change published during a review round survives it",
		       "no township user for " ROUND_TOWN " (see the notes)");
		return;
	}
	struct resp *r = api("POST", "/api/v1/review/rounds",
	                     "{\"title\":\"运行调整期间的审核\",\"towns\":\"" ROUND_TOWN "\",\"days\":5}",
	                     E.tok_office);
	long long round = jint(r->json, "id");
	bool ok = t_check(r->status == 201 && round > 0,
	                  "the office opens a review round for " ROUND_TOWN ": 201", "%ld %s",
	                  r->status, excerpt(r));
	resp_free(r);
	if (!ok)
		return;
	wrote("off1", "review.open", P("round:%lld", round));
	bool holds;
	int start = list_version(ROUND_TOWN, ROUND_TASK, &holds, NULL);
	r = open_adjustment(E.tok_office, ROUND_TOWN, "remove", ROUND_TASK, "该项已由部门承担");
	long long id = jint(r->json, "id");
	ok = t_check(r->status == 201 && id > 0,
	             "the office opens an adjustment of " ROUND_TOWN " (in review): 201", "%ld %s",
	             r->status, excerpt(r));
	resp_free(r);
	if (!ok)
		return;
	wrote("off1", "adjustment.open", P("adjustment:%lld", id));
	char adj[24];
	snprintf(adj, sizeof adj, "%lld", id);
	r = act("adjustments", adj, "apply", "{\"reason\":\"同意\"}", E.tok_office);
	int applied = (int)jint(r->json, "version");
	const char *name = "a change published while the town's draft is in a review round is not "
	                   "lost when the round publishes";
	if (r->status == 409) {
		t_ok(name); /* refused while the town is in review: nothing to lose */
		t_note("applying an adjustment of a town in review: 409 %s", message(r));
		resp_free(r);
		return;
	}
	t_check(r->status == 200 && applied > start, "the office applies it: 200, a new version",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	wrote("off1", "adjustment.apply", P("adjustment:%s", adj));
	wrote("off1", "list.publish", "town:" ROUND_TOWN);
	static const struct {
		const char *action;
		bool town;
	} steps[] = {{"office_confirm", false}, {"town_confirm", true}, {"publish", false}};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		r = api("POST", P("/api/v1/review/rounds/%lld/towns/%s/%s", round, ROUND_TOWN,
		                  steps[i].action),
		        NULL, steps[i].town ? g_tok_round_town : E.tok_office);
		char n[200];
		snprintf(n, sizeof n, "the round's draft of " ROUND_TOWN ": %s, 200", steps[i].action);
		ok = expect_status(r, 200, n);
		resp_free(r);
		if (!ok)
			return;
		wrote(steps[i].town ? "town3" : "off1",
		      strcmp(steps[i].action, "publish") == 0 ? "list.publish" : "review.confirm",
		      "town:" ROUND_TOWN);
	}
	int now = list_version(ROUND_TOWN, ROUND_TASK, &holds, NULL);
	t_check(!holds, name,
	        "adjustment %s removed %s in version %d; the round then published its draft (made "
	        "from version %d before the adjustment) as version %d, superseding it: %s is back on "
	        "the list in force",
	        adj, ROUND_TASK, applied, start, now, ROUND_TASK);
}

/* ---- bases ---- */

static void bases(void)
{
	static const char body[] = "{\"date\":\"2026-12-01\",\"reason\":\"新法施行，原法废止\"}";
	char *before = state();
	refused(api("POST", "/api/v1/bases/" REPEAL "/repeal", body, NULL), 401, "unauthenticated",
	        NULL, before, "repealing a basis anonymously");
	refused(api("POST", "/api/v1/bases/" REPEAL "/repeal", body, E.tok_township), 403,
	        "forbidden", NULL, before, "a township user repealing a basis");
	refused(api("POST", "/api/v1/bases/" REPEAL "/repeal", body, E.tok_supervisor), 403,
	        "forbidden", NULL, before, "a supervisor repealing a basis");
	refused(api("POST", "/api/v1/bases/" REPEAL "/repeal", "{\"date\":\"2026-02-30\"}",
	            E.tok_office),
	        422, "invalid", "date", before, "repealing with a date that does not exist");
	refused(api("POST", "/api/v1/bases/" REPEAL "/repeal", "{}", E.tok_office), 422, "invalid",
	        "date", before, "repealing without a date");
	refused(api("POST", "/api/v1/bases/B999/repeal", body, E.tok_office), 404, "not_found", NULL,
	        before, "repealing a basis that does not exist");
	refused(api("POST", "/api/v1/bases/" REPEALED_ONLY "/repeal", body, E.tok_office), 409,
	        "conflict", NULL, before, "repealing " REPEALED_ONLY ", repealed already");
	free(before);

	/* the lists that hold the task resting on it alone */
	struct resp *r = GET("/api/v1/tasks/" SOLE_TASK);
	json_t *towns = json_incref(json_object_get(r->json, "towns"));
	resp_free(r);
	size_t holding = json_array_size(towns);
	t_check(holding > 0, SOLE_TASK " (resting on " REPEAL " alone) is on some towns' lists",
	        "on none");

	r = api("POST", "/api/v1/bases/" REPEAL "/repeal", body, E.tok_office);
	t_check(r->status == 200 && jint(r->json, "adjustments_opened") == (long long)holding &&
	                jint(r->json, "citations_marked") == 1,
	        "the office repeals " REPEAL ": 200, an adjustment opened for each list holding "
	        SOLE_TASK ", and " MARKED_TASK "'s citation (it has B078 too) marked",
	        "%ld (%zu lists hold " SOLE_TASK ") %s", r->status, holding, excerpt(r));
	resp_free(r);
	wrote("off1", "basis.repeal", "basis:" REPEAL);

	r = GET_as("/api/v1/adjustments?status=open", E.tok_office);
	size_t found = 0, i;
	json_t *a, *t;
	char missing[200] = "";
	json_array_foreach(json_object_get(r->json, "adjustments"), i, a) {
		if (same(jstr(a, "task_code"), SOLE_TASK) && same(jstr(a, "origin"), "system") &&
		    same(jstr(a, "basis"), REPEAL) && same(jstr(a, "action"), "remove") &&
		    same(jstr(a, "status"), "open") && has(jstr(a, "reason"), "废止")) {
			found++;
			wrote("off1", "adjustment.open", P("adjustment:%lld", jint(a, "id")));
		}
	}
	json_array_foreach(towns, i, t) {
		bool opened = false;
		size_t k;
		json_array_foreach(json_object_get(r->json, "adjustments"), k, a) {
			opened = opened || (same(jstr(a, "task_code"), SOLE_TASK) &&
			                    same(jstr(a, "town"), jstr(t, "code")));
		}
		if (!opened) {
			size_t used = strlen(missing);
			snprintf(missing + used, sizeof missing - used, " %s", jstr(t, "code"));
		}
	}
	t_check(r->status == 200 && found == holding && !missing[0],
	        "GET /api/v1/adjustments?status=open lists them: one per list holding " SOLE_TASK
	        ", origin system, naming " REPEAL " and why",
	        "%ld: %zu found of %zu; towns without one:%s", r->status, found, holding, missing);
	/* the office applies one: that town's list loses the task */
	long long first = -1;
	char first_town[16] = "";
	json_array_foreach(json_object_get(r->json, "adjustments"), i, a) {
		if (first < 0 && same(jstr(a, "origin"), "system") && same(jstr(a, "basis"), REPEAL) &&
		    same(jstr(a, "town"), "231086100")) {
			first = jint(a, "id");
			snprintf(first_town, sizeof first_town, "%s", jstr(a, "town"));
		}
	}
	resp_free(r);
	json_decref(towns);
	if (first > 0) {
		r = act("adjustments", P("%lld", first), "apply", "{\"reason\":\"依据已废止\"}",
		        E.tok_office);
		expect_status(r, 200, "the office applies the system's adjustment for 231086100: 200");
		resp_free(r);
		wrote("off1", "adjustment.apply", P("adjustment:%lld", first));
		wrote("off1", "list.publish", P("town:%s", first_town));
		bool holds;
		list_version(first_town, SOLE_TASK, &holds, NULL);
		t_check(!holds, "231086100's list in force no longer holds " SOLE_TASK, "it does");
	}

	r = GET("/api/v1/bases/" REPEAL);
	t_check(r->status == 200 && same(jstr(r->json, "status"), "已废止") &&
	                json_is_false(json_object_get(r->json, "in_force")),
	        "GET /api/v1/bases/" REPEAL " (public): status 已废止, not in force", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	json_t *item;
	bool holds;
	list_version("231086102", MARKED_TASK, &holds, &item);
	json_t *cite = by_code(json_object_get(item, "bases"), REPEAL);
	t_check(holds && cite && same(jstr(cite, "status"), "已废止") &&
	                by_code(json_object_get(item, "bases"), "B078"),
	        MARKED_TASK " stays on the lists, its " REPEAL " citation marked 已废止 beside B078",
	        "%s", holds ? "the citation is not marked" : "not on 231086102's list");
	json_decref(item);
	r = GET("/api/v1/bases/" REPEAL "/history");
	json_t *v0 = json_array_get(json_object_get(r->json, "versions"), 0);
	t_check(r->status == 200 && json_array_size(json_object_get(r->json, "versions")) == 1 &&
	                same(jstr(v0, "status"), "现行有效") && same(jstr(v0, "recorded_by"), "off1"),
	        "GET /api/v1/bases/" REPEAL "/history: the version in force before the repeal",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);

	before = state();
	r = api("POST", "/api/v1/bases/" REPEAL "/repeal", body, E.tok_office);
	t_check(has(message(r), "repealed"), "repealing it again: the message says it is repealed",
	        "%s", message(r));
	refused(r, 409, "conflict", NULL, before, "repealing " REPEAL " again");
	refused(api("POST", "/api/v1/bases/" REPEAL "/amend", "{\"effective_date\":\"2027-01-01\"}",
	            E.tok_office),
	        409, "conflict", NULL, before, "amending a repealed basis");

	/* amendment */
	refused(api("POST", "/api/v1/bases/" AMEND "/amend", "{\"effective_date\":\"2019-06-01\"}",
	            E.tok_office),
	        422, "invalid", "effective_date", before,
	        "amending " AMEND " with a date before its version in force (2020-01-01)");
	refused(api("POST", "/api/v1/bases/" AMEND "/amend", "{\"effective_date\":\"2020-01-01\"}",
	            E.tok_office),
	        422, "invalid", "effective_date", before,
	        "amending " AMEND " with the date of its version in force");
	refused(api("POST", "/api/v1/bases/" AMEND "/amend", "{\"effective_date\":\"2027-01-01\"}",
	            E.tok_township),
	        403, "forbidden", NULL, before, "a township user amending a basis");
	refused(api("POST", "/api/v1/bases/" AMEND "/amend", "{\"effective_date\":\"2027-01-01\"}",
	            NULL),
	        401, "unauthenticated", NULL, before, "amending a basis anonymously");
	refused(api("POST", "/api/v1/bases/B999/amend", "{\"effective_date\":\"2027-01-01\"}",
	            E.tok_office),
	        404, "not_found", NULL, before, "amending a basis that does not exist");
	free(before);
	r = api("POST", "/api/v1/bases/" AMEND "/amend",
	        "{\"effective_date\":\"2026-09-01\",\"doc_no\":\"主席令第三十二号\","
	        "\"note\":\"第三次修正\"}",
	        E.tok_office);
	expect_status(r, 200, "the office amends " AMEND " (effective 2026-09-01): 200");
	resp_free(r);
	wrote("off1", "basis.amend", "basis:" AMEND);
	r = GET("/api/v1/bases/" AMEND);
	t_check(r->status == 200 && same(jstr(r->json, "effective_date"), "2026-09-01") &&
	                same(jstr(r->json, "doc_no"), "主席令第三十二号") &&
	                same(jstr(r->json, "title"), AMEND_TITLE) &&
	                json_is_true(json_object_get(r->json, "in_force")),
	        "GET /api/v1/bases/" AMEND ": the amended version, in force, its title kept",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET("/api/v1/bases/" AMEND "/history");
	v0 = json_array_get(json_object_get(r->json, "versions"), 0);
	t_check(r->status == 200 && json_array_size(json_object_get(r->json, "versions")) == 1 &&
	                same(jstr(v0, "effective_date"), "2020-01-01") &&
	                same(jstr(v0, "doc_no"), "") && same(jstr(v0, "title"), AMEND_TITLE) &&
	                same(jstr(v0, "note"), "第三次修正"),
	        "GET /api/v1/bases/" AMEND "/history: the old version (2020-01-01), with the note",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
}

/* ---- audit ---- */

/* Every entry of an audit answer passes keep(entry, arg); how many there
 * are into *n. */
static bool all_entries(const json_t *v, bool (*keep)(const json_t *, const char *),
                        const char *arg, size_t *n)
{
	json_t *entries = json_object_get(v, "entries");
	*n = json_array_size(entries);
	size_t i;
	json_t *e;
	json_array_foreach(entries, i, e) if (!keep(e, arg)) return false;
	return json_is_array(entries);
}

static bool object_is(const json_t *e, const char *arg)
{
	return same(jstr(e, "object"), arg);
}
static bool object_starts(const json_t *e, const char *arg)
{
	return jstr(e, "object") && strncmp(jstr(e, "object"), arg, strlen(arg)) == 0;
}
static bool actor_is(const json_t *e, const char *arg)
{
	return same(jstr(e, "actor"), arg);
}
static bool action_in(const json_t *e, const char *arg)
{
	const char *a = jstr(e, "action");
	size_t n = strlen(arg);
	return a && strncmp(a, arg, n) == 0 && (a[n] == '.' || a[n] == '\0');
}

static bool listed(const json_t *v, const char *action, const char *object)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(v, "entries"), i, e) if (same(jstr(e, "action"), action) &&
	                                                            same(jstr(e, "object"), object))
		return true;
	return false;
}

static void audit(void)
{
	struct resp *r = GET("/api/v1/audit");
	expect_json_error(r, 401, "unauthenticated", NULL, "GET /api/v1/audit anonymously: 401");
	resp_free(r);
	r = GET_as("/api/v1/audit", E.tok_township);
	expect_json_error(r, 403, "forbidden", NULL, "GET /api/v1/audit as a township user: 403");
	resp_free(r);
	r = GET_as("/api/v1/audit", E.tok_department);
	expect_json_error(r, 403, "forbidden", NULL, "GET /api/v1/audit as a department user: 403");
	resp_free(r);
	r = GET_as("/api/v1/audit", E.tok_supervisor);
	expect_status(r, 200, "GET /api/v1/audit as the supervisor (纪检监察): 200");
	resp_free(r);

	r = GET_as("/api/v1/audit", E.tok_office);
	bool ok = expect_status(r, 200, "GET /api/v1/audit as the office: 200");
	const char *hash = jstr(r->json, "head.hash");
	long long head_id = jint(r->json, "head.id");
	char out[4096] = "";
	const char *args[] = {"audit", "head", NULL};
	int rc = run_bin(args, NULL, out, sizeof out);
	char cli_hash[65] = "";
	long long cli_id = -1;
	if (rc == 0)
		sscanf(out, "%lld %64s", &cli_id, cli_hash);
	if (ok)
		t_check(rc == 0 && hash && strcmp(hash, cli_hash) == 0 && head_id == cli_id,
		        "the API's audit head (id and hash) is what `dutylist audit head` prints",
		        "API #%lld %s, CLI (exit %d) %.200s", head_id, hash ? hash : "(none)", rc, out);
	json_t *e0 = json_array_get(json_object_get(r->json, "entries"), 0);
	t_check(jint(e0, "id") == head_id && same(jstr(e0, "hash"), hash),
	        "the newest entry listed is the head", "entry #%lld", jint(e0, "id"));
	resp_free(r);

	/* filters */
	size_t n = 0;
	r = GET_as("/api/v1/audit?object=task:" TASK, E.tok_office);
	t_check(r->status == 200 && all_entries(r->json, object_is, "task:" TASK, &n) && n > 0,
	        "?object=task:" TASK ": only that task's entries (its edits by the office)",
	        "%ld, %zu entries or one of another object: %s", r->status, n, excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/audit?object=basis:", E.tok_office);
	t_check(r->status == 200 && all_entries(r->json, object_starts, "basis:", &n) &&
	                listed(r->json, "basis.repeal", "basis:" REPEAL) &&
	                listed(r->json, "basis.amend", "basis:" AMEND),
	        "?object=basis: (a prefix): only bases' entries, the repeal and the amendment among "
	        "them",
	        "%ld, %zu entries: %s", r->status, n, excerpt(r));
	resp_free(r);
	r = GET_as(P("/api/v1/audit?object=admission:%s", g_adm), E.tok_supervisor);
	t_check(r->status == 200 && all_entries(r->json, object_is, P("admission:%s", g_adm), &n) &&
	                n == 6,
	        "?object=admission:{id}: the request's 6 steps (submit, accept, return, resubmit, "
	        "accept, admit)",
	        "%ld, %zu entries: %s", r->status, n, excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/audit?object=admission", E.tok_office);
	t_check(r->status == 200 && json_array_size(json_object_get(r->json, "entries")) == 0,
	        "?object=admission (no colon): an exact object, so none", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/audit?actor=town1", E.tok_office);
	t_check(r->status == 200 && all_entries(r->json, actor_is, "town1", &n) &&
	                listed(r->json, "adjustment.open", P("adjustment:%s", g_town_adj)),
	        "?actor=town1: only town1's entries, its adjustment request among them",
	        "%ld, %zu: %s", r->status, n, excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/audit?action=admission&limit=1000", E.tok_office);
	t_check(r->status == 200 && all_entries(r->json, action_in, "admission", &n) &&
	                listed(r->json, "admission.submit", P("admission:%s", g_adm)) &&
	                listed(r->json, "admission.admit", P("admission:%s", g_adm)) &&
	                listed(r->json, "admission.withdraw", P("admission:%s", g_withdrawn)),
	        "?action=admission (an area): only admission.* entries, each step among them",
	        "%ld, %zu: %s", r->status, n, excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/audit?action=admission.admit", E.tok_office);
	t_check(r->status == 200 && all_entries(r->json, action_in, "admission.admit", &n) && n == 1,
	        "?action=admission.admit: the one admission", "%ld, %zu: %s", r->status, n,
	        excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/audit?action=admiss", E.tok_office);
	t_check(r->status == 200 && json_array_size(json_object_get(r->json, "entries")) == 0,
	        "?action=admiss (not an area): none", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/audit?actor=off1&action=basis&object=basis:" AMEND, E.tok_office);
	t_check(r->status == 200 && json_array_size(json_object_get(r->json, "entries")) == 1 &&
	                listed(r->json, "basis.amend", "basis:" AMEND),
	        "the filters combine: off1's basis entries on " AMEND ": the amendment", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);

	/* pages: limit and before */
	r = GET_as("/api/v1/audit?limit=2", E.tok_office);
	json_t *entries = json_object_get(r->json, "entries");
	long long next = jint(r->json, "next_before");
	t_check(r->status == 200 && json_array_size(entries) == 2 &&
	                next == jint(json_array_get(entries, 1), "id"),
	        "?limit=2: two entries, next_before the last one's id", "%ld %s", r->status,
	        excerpt(r));
	long long second = jint(json_array_get(entries, 1), "id");
	resp_free(r);
	r = GET_as(P("/api/v1/audit?limit=2&before=%lld", next), E.tok_office);
	entries = json_object_get(r->json, "entries");
	t_check(r->status == 200 && json_array_size(entries) == 2 &&
	                jint(json_array_get(entries, 0), "id") < second &&
	                jint(json_array_get(entries, 0), "id") > jint(json_array_get(entries, 1), "id"),
	        "?before=next_before: the next two, older, newest first", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/audit?limit=0", E.tok_office);
	expect_json_error(r, 422, "invalid", "limit", "?limit=0: 422 naming limit");
	resp_free(r);
	r = GET_as("/api/v1/audit?before=abc", E.tok_office);
	expect_json_error(r, 422, "invalid", "before", "?before=abc: 422 naming before");
	resp_free(r);
}

/* Every write this file made is in the audit log, under its user's name. */
static void writes_audited(void)
{
	char problems[600] = "";
	int bad = 0;
	for (int i = 0; i < g_nwrites; i++) {
		/* how often this file made it */
		int want = 0;
		for (int k = 0; k < g_nwrites; k++)
			want += strcmp(g_writes[k].actor, g_writes[i].actor) == 0 &&
			        strcmp(g_writes[k].action, g_writes[i].action) == 0 &&
			        strcmp(g_writes[k].object, g_writes[i].object) == 0;
		char *o = esc(g_writes[i].object), *a = esc(g_writes[i].actor);
		struct resp *r = GET_as(P("/api/v1/audit?object=%s&actor=%s&action=%s&limit=1000", o, a,
		                          g_writes[i].action),
		                        E.tok_supervisor);
		free(o);
		free(a);
		int got = (int)json_array_size(json_object_get(r->json, "entries"));
		if (r->status != 200 || got < want) {
			if (bad++ < 4) {
				size_t used = strlen(problems);
				snprintf(problems + used, sizeof problems - used, "%s%s %s %s: %d of %d",
				         used ? "; " : "", g_writes[i].actor, g_writes[i].action,
				         g_writes[i].object, got, want);
			}
		}
		resp_free(r);
	}
	char name[200];
	snprintf(name, sizeof name,
	         "every write this file made (%d) is in the audit log, naming its user", g_nwrites);
	t_check(bad == 0 && g_nwrites > 20, name, "%d missing: %s", bad, problems);
	char out[4096];
	const char *args[] = {"verify", NULL};
	int rc = run_bin(args, NULL, out, sizeof out);
	t_check(rc == 0 && strstr(out, "audit chain"),
	        "`dutylist verify` afterwards: ok, the audit chain included", "exit %d: %.300s", rc,
	        out);
}

/* ---- pages ---- */

/* Every link of the header's <nav> on the home page, as the user of jar
 * sees it, leads to a page that user may open. */
static void header_links(struct jar *jar, const char *who)
{
	struct resp *home = GET_jar("/", jar);
	const char *nav = strstr(home->body, "<nav>");
	const char *end = nav ? strstr(nav, "</nav>") : NULL;
	char refused_links[300] = "";
	int links = 0;
	for (const char *p = nav; p && end && (p = strstr(p, "href=\"/")) && p < end; p++) {
		char path[100];
		size_t n = strcspn(p + 6, "\"");
		if (n >= sizeof path)
			continue;
		memcpy(path, p + 6, n);
		path[n] = '\0';
		links++;
		struct resp *r = GET_jar(path, jar);
		if (r->status >= 400) {
			size_t used = strlen(refused_links);
			snprintf(refused_links + used, sizeof refused_links - used, "%s%s answers %ld",
			         used ? ", " : "", path, r->status);
		}
		resp_free(r);
	}
	resp_free(home);
	char name[200];
	snprintf(name, sizeof name, "the header offers %s only pages it may open (%d links)", who,
	         links);
	t_check(links > 0 && !refused_links[0], name, "%s", links ? refused_links : "no <nav> links");
}

static void pages(struct jar *office, struct jar *dept, struct jar *other_dept, struct jar *town,
                  struct jar *sup)
{
	struct resp *r = GET_jar(P("/admissions/%s", g_adm), office);
	t_check(r->status == 200 && has(r->body, "href=\"/tasks/" ALIKE "\"") &&
	                has(r->body, P("action=\"/admissions/%s/accept\"", g_adm)) &&
	                has(r->body, P("action=\"/admissions/%s/refuse\"", g_adm)) &&
	                !has(r->body, P("action=\"/admissions/%s/withdraw\"", g_adm)),
	        "GET /admissions/{id} (office): the alike task " ALIKE " beside it, accept and refuse "
	        "offered, withdraw not",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_jar(P("/admissions/%s", g_adm), dept);
	t_check(r->status == 200 && has(r->body, P("action=\"/admissions/%s/withdraw\"", g_adm)) &&
	                !has(r->body, P("action=\"/admissions/%s/accept\"", g_adm)),
	        "GET /admissions/{id} (its department): withdraw offered, accept not", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	r = GET_jar(P("/admissions/%s", g_adm), other_dept);
	expect_status(r, 404, "GET /admissions/{id} (another department): 404");
	resp_free(r);
	r = GET_jar("/admissions", dept);
	t_check(r->status == 200 && has(r->body, "action=\"/admissions\"") &&
	                has(r->body, "name=\"fields\"") && has(r->body, "name=\"resources\"") &&
	                has(r->body, P("href=\"/admissions/%s\"", g_adm)),
	        "GET /admissions (department): its request listed, and the form to submit one",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_jar("/admissions", office);
	t_check(r->status == 200 && !has(r->body, "name=\"fields\"") &&
	                has(r->body, P("href=\"/admissions/%s\"", g_adm)),
	        "GET /admissions (office): the request listed, no submit form", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET_jar("/admissions", town);
	expect_status(r, 403, "GET /admissions (township user): 403");
	resp_free(r);
	r = GET("/admissions");
	expect_status(r, 401, "GET /admissions (anonymous): 401");
	resp_free(r);
	r = GET_jar("/adjustments", office);
	t_check(r->status == 200 && has(r->body, P("action=\"/adjustments/%s/dismiss\"", g_adj)) &&
	                has(r->body, "action=\"/adjustments\""),
	        "GET /adjustments (office): the open adjustment with its apply/dismiss forms, and the "
	        "form to open one",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_jar("/adjustments", town);
	t_check(r->status == 200 && !has(r->body, "/dismiss\"") &&
	                has(r->body, "value=\"" TOWN "\""),
	        "GET /adjustments (township user): no apply/dismiss forms, the request form set to "
	        "its town",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_jar("/audit", sup);
	t_check(r->status == 200 && has(r->body, "<code>") && has(r->body, "admission.submit"),
	        "GET /audit (supervisor): the log with its head hash", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET_jar("/audit", town);
	expect_status(r, 403, "GET /audit (township user): 403");
	resp_free(r);
	r = GET("/audit");
	expect_status(r, 401, "GET /audit (anonymous): 401");
	resp_free(r);
	header_links(office, "the office");
	header_links(dept, "a department user");
	header_links(town, "a township user");
	header_links(sup, "the supervisor");
	r = GET_jar("/bases/" AMEND, office);
	t_check(r->status == 200 && has(r->body, "action=\"/bases/" AMEND "/repeal\"") &&
	                has(r->body, "action=\"/bases/" AMEND "/amend\""),
	        "GET /bases/" AMEND " (office): the repeal and amend forms", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET("/bases/" AMEND);
	t_check(r->status == 200 && !has(r->body, "/repeal\""),
	        "GET /bases/" AMEND " (public): no repeal form", "%ld %s", r->status, excerpt(r));
	resp_free(r);
}

void test_procedure(void)
{
	if (!g_adm[0] || !g_adj[0]) {
		t_fail("admission and adjustment", "the fixture's request or adjustment was not made "
		       "(see above)");
		return;
	}
	bool users = cli_user(OTHER_DEPT_USER, "department", "--department", OTHER_DEPT,
	                      g_tok_other_dept) &&
	             cli_user("town3", "township", "--town", ROUND_TOWN, g_tok_round_town);
	t_check(users, "users for another department (" OTHER_DEPT ") and for " ROUND_TOWN
	        " made with the CLI", "see the notes above");
	static struct jar office, dept, other_dept, town, sup;
	static const struct {
		struct jar *jar;
		const char *user;
	} logins[] = {{&office, "off1"}, {&dept, "dept1"}, {&other_dept, OTHER_DEPT_USER},
	              {&town, "town1"}, {&sup, "sup1"}};
	for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++) {
		struct resp *r = web_login(logins[i].jar, logins[i].user, PASSWORD, NULL);
		if (r->status != 303)
			t_note("could not log in as %s (%ld)", logins[i].user, r->status);
		resp_free(r);
	}
	pages(&office, &dept, &other_dept, &town, &sup);
	submit_refusals();
	admission_flow();
	withdrawing(&office);
	adjustment_flow();
	adjustment_during_review();
	bases();
	audit();
	writes_audited();
}
