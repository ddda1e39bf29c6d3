/* t_accountability.c - 考核评价 and 监管问责 over the API.
 *
 * accountability_fixture() runs before the generic loops: the office
 * defines an assessment period (left in draft), the supervisor opens a
 * case against DEPT with a complaint and a file, and a proposed case comes
 * from a late whistle (town1 calls OTHER_DEPT; its deadlines are moved
 * into the past with sqlite3, as if it had been raised weeks ago, and the
 * threshold is set to 1).  The loops only see their writes refused.
 *
 * test_accountability() then checks who sees what and every refusal
 * (401/403/404/409/422, the database unchanged), the once-only score, the
 * hidden results before the period closes, the minimum sample, the
 * proposal's idempotent refresh and its acceptance, and the file. */
#include "http_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char g_period[24], g_case[24], g_file[24], g_proposal[24];

const char *accountability_code(const char *collection, size_t clen, const char *param,
                                size_t plen)
{
#define IS(s) (clen == sizeof s - 1 && strncmp(collection, s, clen) == 0)
	bool action = plen == 6 && strncmp(param, "action", 6) == 0;
	if (IS("assessments"))
		return *g_period ? g_period : NULL;
	if (IS("cases"))
		return action ? "investigate" : *g_case ? g_case : NULL;
	if (IS("files"))
		return *g_file ? g_file : NULL;
	if (IS("proposed"))
		return action ? "accept" : *g_proposal ? g_proposal : NULL;
	return NULL;
#undef IS
}

static struct resp *api(const char *method, const char *path, const char *body,
                        const char *bearer)
{
	return http(&(struct req){.method = method, .path = path, .body = body,
	                          .content_type = "application/json", .bearer = bearer});
}

static long long jint(const json_t *v, const char *path)
{
	json_t *x = jget(v, path);
	return json_is_integer(x) ? (long long)json_integer_value(x) : -1;
}

/* POST/GET path (printf-style) with a token; want the status. */
static long call(const char *method, const char *path, const char *body, const char *token,
                 long want, const char *name, json_t **out)
{
	struct resp *r = api(method, path, body, token);
	t_check(r->status == want, name, "%ld %s", r->status, excerpt(r));
	long got = r->status;
	if (out)
		*out = json_incref(r->json);
	resp_free(r);
	return got;
}

static long long count(const char *table)
{
	char q[128], out[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM %s", table);
	if (!sql(q, out, sizeof out))
		return -1;
	return atoll(out);
}

bool accountability_fixture(void)
{
	json_t *v = NULL;
	bool ok = true;
	call("POST", "/api/v1/assessments",
	     "{\"name\": \"夹具考核\", \"start\": \"2026-01-01\", \"end\": \"2026-12-31\", "
	     "\"min_sample\": 1}",
	     E.tok_office, 201, "fixture: the office defines an assessment period: 201", &v);
	if (jint(v, "id") > 0)
		snprintf(g_period, sizeof g_period, "%lld", jint(v, "id"));
	json_decref(v);
	ok = ok && *g_period;

	call("POST", "/api/v1/cases",
	     "{\"department\": \"" DEPT "\", \"type\": \"inaction\", \"title\": \"夹具：推诿\", "
	     "\"evidence_kind\": \"complaint\", \"evidence_note\": \"群众投诉：无人处理\"}",
	     E.tok_supervisor, 201, "fixture: the supervisor opens a case against " DEPT ": 201", &v);
	if (jint(v, "id") > 0)
		snprintf(g_case, sizeof g_case, "%lld", jint(v, "id"));
	json_decref(v);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/cases/%s/evidence", g_case);
	/* "hello" */
	call("POST", path,
	     "{\"kind\": \"file\", \"file_name\": \"证据 \\\"1\\\".txt\", \"content_type\": "
	     "\"text/plain\", \"content_base64\": \"aGVsbG8=\"}",
	     E.tok_supervisor, 201, "fixture: the supervisor adds a file: 201", &v);
	json_t *ev = jget(v, "evidence");
	size_t i;
	json_t *x;
	json_array_foreach(ev, i, x) if (jstr(x, "kind") && strcmp(jstr(x, "kind"), "file") == 0)
		snprintf(g_file, sizeof g_file, "%lld", jint(x, "id"));
	json_decref(v);
	ok = ok && *g_case && *g_file;

	if (!E.have_sqlite3) {
		t_note("sqlite3 is missing: no proposed case (its whistle is made late with sqlite3)");
		return ok;
	}
	call("POST", "/api/v1/whistles",
	     "{\"department\": \"" OTHER_DEPT "\", \"matter\": \"夹具：超期未报到\", \"place\": \"西村\"}",
	     E.tok_township, 201, "fixture: town1 calls " OTHER_DEPT ": 201", &v);
	long long wid = jint(v, "id");
	json_decref(v);
	char q[256], out[64];
	snprintf(q, sizeof q,
	         "UPDATE whistle SET ack_due = '2026-01-05T15:59:59Z', report_due = "
	         "'2026-01-07T15:59:59Z', resolve_due = '2026-01-09T15:59:59Z' WHERE id = %lld",
	         wid);
	t_check(sql(q, out, sizeof out), "fixture: the whistle's deadlines moved into the past",
	        "sqlite3 failed");
	call("POST", "/api/v1/cases/settings", "{\"overdue_threshold\": 1}", E.tok_supervisor, 200,
	     "fixture: the supervisor sets the threshold to 1: 200", NULL);
	call("POST", "/api/v1/cases/proposed/refresh", "{}", E.tok_supervisor, 200,
	     "fixture: refreshing proposes a case: 200", &v);
	t_check(jint(v, "created") == 1, "fixture: one case proposed (the late whistle of " OTHER_DEPT ")",
	        "created %lld", jint(v, "created"));
	json_decref(v);
	call("GET", "/api/v1/cases/proposed?status=proposed", NULL, E.tok_supervisor, 200,
	     "fixture: the proposed cases are listed: 200", &v);
	json_t *p = json_array_get(jget(v, "proposals"), 0);
	if (p && jint(p, "id") > 0)
		snprintf(g_proposal, sizeof g_proposal, "%lld", jint(p, "id"));
	t_check(p && jstr(p, "department") && strcmp(jstr(p, "department"), OTHER_DEPT) == 0 &&
	                jint(json_array_get(jget(p, "evidence"), 0), "ref_id") == wid,
	        "fixture: the proposal names " OTHER_DEPT " and links the late whistle", "%s",
	        p ? json_dumps(p, JSON_COMPACT) : "none");
	json_decref(v);
	return ok && *g_proposal;
}

static void assessment(void)
{
	char base[64], path[128];
	snprintf(base, sizeof base, "/api/v1/assessments/%s", g_period);
	json_t *v = NULL;
	long long scores = count("assess_score");

	/* the definition: only the office, only in draft */
	snprintf(path, sizeof path, "%s/indicators", base);
	call("POST", path, "{\"code\": \"Q1\", \"name\": \"服务态度\", \"source\": \"nowhere\", \"weight\": 50}",
	     E.tok_office, 422, "assessment: an indicator of an unknown source: 422", NULL);
	call("POST", path, "{\"code\": \"Q1\", \"name\": \"服务态度\", \"source\": \"town_score\", \"weight\": 60}",
	     E.tok_office, 200, "assessment: a subjective indicator: 200", NULL);
	call("POST", path,
	     "{\"code\": \"W1\", \"name\": \"按时报到\", \"source\": \"whistle_ack_on_time\", \"weight\": 40}",
	     E.tok_office, 200, "assessment: an objective indicator (whistles): 200", NULL);
	snprintf(path, sizeof path, "%s/open", base);
	call("POST", path, NULL, E.tok_office, 409, "assessment: a period without units does not open: 409",
	     NULL);
	snprintf(path, sizeof path, "%s/units", base);
	call("POST", path, "{\"department\": \"D01\", \"agency\": true}", E.tok_office, 422,
	     "assessment: D01 has no dispatched agency: 422 naming agency", NULL);
	call("POST", path, "{\"department\": \"" OTHER_DEPT "\"}", E.tok_office, 201,
	     "assessment: the office adds " OTHER_DEPT ": 201", NULL);
	call("POST", path, "{\"department\": \"" DEPT "\"}", E.tok_office, 201,
	     "assessment: the office adds " DEPT ": 201", &v);
	long long unit_dept = -1, unit_other = -1;
	size_t i;
	json_t *x;
	json_array_foreach(jget(v, "units"), i, x) {
		if (strcmp(jstr(x, "department"), DEPT) == 0)
			unit_dept = jint(x, "id");
		if (strcmp(jstr(x, "department"), OTHER_DEPT) == 0)
			unit_other = jint(x, "id");
	}
	json_decref(v);
	char body[256];
	snprintf(path, sizeof path, "%s/scores", base);
	snprintf(body, sizeof body, "{\"unit\": %lld, \"scores\": {\"Q1\": 80}}", unit_other);
	call("POST", path, body, E.tok_township, 409, "assessment: no score while the period is draft: 409",
	     NULL);
	snprintf(path, sizeof path, "%s/open", base);
	call("POST", path, NULL, E.tok_township, 403, "assessment: a town cannot open a period: 403", NULL);
	call("POST", path, NULL, E.tok_office, 200, "assessment: the office opens it: 200", NULL);
	call("POST", path, NULL, E.tok_office, 409, "assessment: opening it twice: 409", NULL);
	snprintf(path, sizeof path, "%s/indicators", base);
	call("POST", path, "{\"code\": \"Q2\", \"name\": \"x\", \"source\": \"town_score\", \"weight\": 5}",
	     E.tok_office, 409, "assessment: an open period's indicators no longer change: 409", NULL);

	/* scoring: town1 whistled OTHER_DEPT in the period (the fixture), not DEPT
	 * (the whistle fixture calls DEPT from town1 too: so town2 tries) */
	snprintf(path, sizeof path, "%s/scores", base);
	snprintf(body, sizeof body, "{\"unit\": %lld, \"scores\": {\"Q1\": 80}}", unit_other);
	call("POST", path, body, E.tok_township_other, 403,
	     "assessment: a town that did not work with the unit cannot score it: 403", NULL);
	call("POST", path, body, E.tok_department, 403, "assessment: a department cannot score: 403", NULL);
	snprintf(body, sizeof body, "{\"unit\": %lld, \"scores\": {\"Q1\": 101}}", unit_other);
	call("POST", path, body, E.tok_township, 422, "assessment: a score above 100: 422", NULL);
	snprintf(body, sizeof body, "{\"unit\": %lld, \"scores\": {\"Q9\": 50, \"Q1\": 50}}", unit_other);
	call("POST", path, body, E.tok_township, 422, "assessment: an indicator the period lacks: 422", NULL);
	t_check(count("assess_score") == scores, "assessment: refused scores wrote nothing",
	        "%lld scores, %lld before", count("assess_score"), scores);
	snprintf(body, sizeof body, "{\"unit\": %lld, \"scores\": {\"Q1\": 90}}", unit_other);
	call("POST", path, body, E.tok_township, 201, "assessment: town1 scores " OTHER_DEPT ": 201", NULL);
	call("POST", path, body, E.tok_township, 409, "assessment: a second score of the same unit: 409",
	     NULL);
	t_check(count("assess_score") == scores + 1, "assessment: one score row for one indicator",
	        "%lld", count("assess_score"));

	/* hidden until the period closes */
	snprintf(path, sizeof path, "%s/results", base);
	call("GET", path, NULL, E.tok_department, 403,
	     "assessment: the assessed department does not see results before the close: 403", NULL);
	call("GET", path, NULL, E.tok_township_other, 403,
	     "assessment: another town does not see results before the close: 403", NULL);
	call("GET", path, NULL, NULL, 401, "assessment: anonymous: 401", NULL);
	snprintf(path, sizeof path, "%s/opinions", base);
	call("GET", path, NULL, E.tok_department, 403, "assessment: 任免建议 are hidden from departments: 403",
	     NULL);
	snprintf(path, sizeof path, "%s", base);
	call("GET", path, NULL, E.tok_township_other, 200, "assessment: another town sees the period", &v);
	t_check(json_array_size(jget(v, "my_scores")) == 0,
	        "assessment: another town does not see town1's scores", "%s",
	        json_dumps(jget(v, "my_scores"), JSON_COMPACT));
	json_decref(v);

	snprintf(path, sizeof path, "%s/close", base);
	call("POST", path, NULL, E.tok_office, 200, "assessment: the office closes it: 200", NULL);
	snprintf(path, sizeof path, "%s/results", base);
	call("GET", path, NULL, E.tok_department, 200, "assessment: once closed, the department sees results",
	     &v);
	json_t *first = json_array_get(jget(v, "results"), 0), *last = NULL;
	json_array_foreach(jget(v, "results"), i, x) if (jint(x, "id") == unit_dept) last = x;
	t_check(first && jint(first, "id") == unit_other && jint(first, "rank") == 1 &&
	                jint(first, "towns_scored") == 1,
	        "assessment: " OTHER_DEPT " (scored by one town, minimum 1) ranks first", "%s",
	        excerpt(&(struct resp){.body = json_dumps(v, JSON_COMPACT)}));
	t_check(last && json_is_true(json_object_get(last, "insufficient_data")) &&
	                json_is_null(json_object_get(last, "rank")),
	        "assessment: " DEPT ", scored by no town, is insufficient data and not ranked", "%s",
	        last ? json_dumps(last, JSON_COMPACT) : "missing");
	json_decref(v);
}

static void cases(void)
{
	char path[128];
	json_t *v = NULL;
	snprintf(path, sizeof path, "/api/v1/cases/%s", g_case);
	call("GET", path, NULL, E.tok_department, 200, "case: the department concerned sees its case", NULL);
	call("GET", path, NULL, E.tok_township, 403, "case: a town does not: 403", NULL);
	call("GET", path, NULL, NULL, 401, "case: anonymous: 401", NULL);
	call("GET", "/api/v1/cases", NULL, E.tok_township, 403, "case: a town has no case list: 403", NULL);
	long long events = count("case_event");
	snprintf(path, sizeof path, "/api/v1/cases/%s/conclude", g_case);
	call("POST", path, "{\"finding\": \"x\", \"measure\": \"y\"}", E.tok_supervisor, 409,
	     "case: concluding an opened case: 409", NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%s/investigate", g_case);
	call("POST", path, NULL, E.tok_office, 403, "case: the office cannot investigate: 403", NULL);
	call("POST", path, NULL, E.tok_department, 403, "case: the department cannot investigate: 403",
	     NULL);
	t_check(count("case_event") == events, "case: refused steps wrote nothing", "%lld events",
	        count("case_event"));
	call("POST", path, NULL, E.tok_supervisor, 200, "case: the supervisor investigates: 200", &v);
	t_check(jstr(v, "due") && strlen(jstr(v, "due")) == 10 &&
	                json_is_false(json_object_get(v, "overdue")),
	        "case: investigating has a due day and is not overdue", "%s", jstr(v, "due"));
	json_decref(v);
	snprintf(path, sizeof path, "/api/v1/cases/%s/answer", g_case);
	call("POST", path, "{}", E.tok_department, 422, "case: an answer says something: 422", NULL);
	call("POST", path, "{\"text\": \"已安排专人处理\"}", E.tok_department, 200,
	     "case: the department answers its own case: 200", NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%s/conclude", g_case);
	call("POST", path, "{\"finding\": \"属实\"}", E.tok_supervisor, 422,
	     "case: a conclusion without a measure: 422", NULL);
	call("POST", path, "{\"finding\": \"属实\", \"measure\": \"约谈\"}", E.tok_supervisor, 200,
	     "case: the supervisor concludes with finding and measure: 200", NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%s/close", g_case);
	call("POST", path, NULL, E.tok_supervisor, 200, "case: and closes it: 200", NULL);
	call("POST", path, NULL, E.tok_supervisor, 409, "case: a closed case is final: 409", NULL);

	/* the file, as base64 in JSON */
	snprintf(path, sizeof path, "/api/v1/cases/%s/files/%s", g_case, g_file);
	call("GET", path, NULL, E.tok_department, 200, "case: the department reads the file", &v);
	t_check(jstr(v, "content_base64") && strcmp(jstr(v, "content_base64"), "aGVsbG8=") == 0 &&
	                jint(v, "size") == 5,
	        "case: the file comes back as it went in", "%s", jstr(v, "content_base64"));
	json_decref(v);
	snprintf(path, sizeof path, "/api/v1/cases/%s", g_case);
	call("GET", path, NULL, E.tok_office, 200, "case: the office sees it with its evidence", &v);
	const char *sha = NULL;
	size_t i;
	json_t *x;
	json_array_foreach(jget(v, "evidence"), i, x) if (strcmp(jstr(x, "kind"), "file") == 0) sha =
		jstr(x, "sha256");
	t_check(sha && strcmp(sha, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824") == 0,
	        "case: the file's sha256 is recorded", "%s", sha ? sha : "none");
	json_decref(v);
	snprintf(path, sizeof path, "/api/v1/cases/%s/evidence", g_case);
	call("POST", path,
	     "{\"kind\": \"file\", \"file_name\": \"a.txt\", \"content_type\": \"text/plain\", "
	     "\"content_base64\": \"not base64!\"}",
	     E.tok_supervisor, 409, "case: no evidence after the conclusion: 409", NULL);

	/* a case against another department is not the department's */
	call("POST", "/api/v1/cases",
	     "{\"department\": \"" OTHER_DEPT "\", \"type\": \"outside_list\", \"title\": \"清单外派活\"}",
	     E.tok_supervisor, 201, "case: the supervisor opens a case against " OTHER_DEPT, &v);
	long long other = jint(v, "id");
	json_decref(v);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", other);
	call("GET", path, NULL, E.tok_department, 404, "case: another department's case: 404", NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/evidence", other);
	call("POST", path,
	     "{\"kind\": \"file\", \"file_name\": \"a.txt\", \"content_type\": \"text/plain\", "
	     "\"content_base64\": \"not base64!\"}",
	     E.tok_supervisor, 422, "case: a file that is not base64: 422", NULL);
	call("POST", path, "{\"kind\": \"whistle\", \"ref_id\": 999999}", E.tok_supervisor, 422,
	     "case: a whistle that does not exist: 422", NULL);
	call("POST", "/api/v1/cases", "{\"department\": \"" DEPT "\", \"type\": \"lazy\", \"title\": \"x\"}",
	     E.tok_supervisor, 422, "case: an unknown type: 422", NULL);
	call("POST", "/api/v1/cases", "{\"department\": \"" DEPT "\", \"type\": \"inaction\", \"title\": \"x\"}",
	     E.tok_office, 403, "case: the office does not open cases: 403", NULL);

	/* proposals */
	if (!*g_proposal)
		return;
	call("POST", "/api/v1/cases/proposed/refresh", "{}", E.tok_supervisor, 200,
	     "case: refreshing again", &v);
	t_check(jint(v, "created") == 0, "case: the same evidence is not proposed twice",
	        "created %lld", jint(v, "created"));
	json_decref(v);
	snprintf(path, sizeof path, "/api/v1/cases/proposed/%s/dismiss", g_proposal);
	call("POST", path, "{}", E.tok_supervisor, 422, "case: dismissing needs a reason: 422", NULL);
	snprintf(path, sizeof path, "/api/v1/cases/proposed/%s/accept", g_proposal);
	call("POST", path, "{}", E.tok_office, 403, "case: the office does not accept proposals: 403", NULL);
	call("POST", path, "{}", E.tok_supervisor, 201, "case: the supervisor accepts: a case opens (201)",
	     &v);
	long long opened = jint(v, "case_id");
	json_decref(v);
	call("POST", path, "{}", E.tok_supervisor, 409, "case: accepting twice: 409", NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", opened);
	call("GET", path, NULL, E.tok_supervisor, 200, "case: the opened case", &v);
	json_t *ev = json_array_get(jget(v, "evidence"), 0);
	t_check(opened > 0 && jstr(v, "type") && strcmp(jstr(v, "type"), "slowness") == 0 && ev &&
	                strcmp(jstr(ev, "kind"), "whistle") == 0,
	        "case: the case from the proposal is 慢作为 with the whistle linked", "%s",
	        jstr(v, "title"));
	json_decref(v);
}

/* The supervisor's form uploads a file as evidence (multipart, bytes as
 * they are, NUL included); its name and type come with the upload, and
 * it downloads as it went in. */
static void upload_form(void)
{
	json_t *v = NULL;
	call("POST", "/api/v1/cases",
	     "{\"department\": \"" DEPT "\", \"type\": \"falsity\", \"title\": \"上传证据\"}",
	     E.tok_supervisor, 201, "case: the supervisor opens a case for the upload form", &v);
	char kase[24];
	snprintf(kase, sizeof kase, "%lld", jint(v, "id"));
	json_decref(v);
	struct jar sup = {0};
	resp_free(web_login(&sup, "sup1", PASSWORD, NULL));
	char path[128], action[128], csrf[80] = "";
	snprintf(path, sizeof path, "/cases/%s", kase);
	snprintf(action, sizeof action, "action=\"/cases/%s/evidence\"", kase);
	struct resp *r = GET_jar(path, &sup);
	bool have = form_value(r, action, "csrf", csrf, sizeof csrf);
	t_check(have && strstr(r->body, "enctype=\"multipart/form-data\"") &&
	                strstr(r->body, "name=\"upload\" type=\"file\""),
	        "case page: the evidence form uploads files (multipart, a file input, csrf)",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	if (!have)
		return;
	static const char bytes[] = "%PDF-1.4\n\0\x01\xff binary\n";
	char body[2048];
	int n0 = snprintf(body, sizeof body,
	                  "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
	                  "--XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nfile\r\n"
	                  "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
	                  "scan\r\n--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; "
	                  "filename=\"minutes.pdf\"\r\nContent-Type: application/pdf\r\n\r\n",
	                  csrf);
	memcpy(body + n0, bytes, sizeof bytes - 1);
	size_t len = (size_t)n0 + sizeof bytes - 1;
	len += (size_t)snprintf(body + len, sizeof body - len, "\r\n--XyZ--\r\n");
	snprintf(path, sizeof path, "/cases/%s/evidence", kase);
	r = http(&(struct req){.method = "POST", .path = path, .body = body, .body_len = len,
	                       .content_type = "multipart/form-data; boundary=XyZ", .jar = &sup});
	t_check(r->status == 303, "case page: the form's upload is taken: 303 back to the case",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	snprintf(path, sizeof path, "/api/v1/cases/%s", kase);
	r = GET_as(path, E.tok_supervisor);
	long long id = 0;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r->json, "evidence"), i, x) {
		const char *name = jstr(x, "file_name");
		if (name && strcmp(name, "minutes.pdf") == 0)
			id = (long long)json_integer_value(json_object_get(x, "id"));
	}
	t_check(id > 0, "the uploaded file is evidence under the upload's name", "%s", excerpt(r));
	resp_free(r);
	if (!id)
		return;
	snprintf(path, sizeof path, "/cases/%s/files/%lld", kase, id);
	r = GET_jar(path, &sup);
	const char *ct = header(r, "Content-Type");
	t_check(r->status == 200 && r->len == sizeof bytes - 1 &&
	                memcmp(r->body, bytes, sizeof bytes - 1) == 0 && ct &&
	                strncmp(ct, "application/pdf", 15) == 0,
	        "the uploaded file downloads byte for byte (NUL included), its type kept",
	        "%ld, %zu bytes, %s", r->status, r->len, ct ? ct : "(no type)");
	resp_free(r);
}

/* The pages: the results' SVG chart, and a file downloaded under a safe name. */
static void pages(void)
{
	struct jar office = {0}, dept = {0};
	resp_free(web_login(&office, "off1", PASSWORD, NULL));
	resp_free(web_login(&dept, "dept1", PASSWORD, NULL));
	char path[128];
	snprintf(path, sizeof path, "/assessments/%s/results", g_period);
	struct resp *r = GET_jar(path, &office);
	t_check(r->status == 200 && r->body && strstr(r->body, "<svg") &&
	                strstr(r->body, "class=\"chart\"") && strstr(r->body, "市消防救援大队") &&
	                strstr(r->body, "<rect"),
	        "assessment page: the results draw a bar per ranked unit (SVG)", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	snprintf(path, sizeof path, "/cases/%s/files/%s", g_case, g_file);
	r = GET_jar(path, &dept);
	const char *cd = header(r, "Content-Disposition"), *ct = header(r, "Content-Type");
	t_check(r->status == 200 && r->len == 5 && memcmp(r->body, "hello", 5) == 0 && cd &&
	                strstr(cd, "attachment; filename=\"") && !strchr(strchr(cd, '"') + 1, ' ') &&
	                strstr(cd, "1_.txt\"") && ct && strncmp(ct, "text/plain", 10) == 0,
	        "case page: the file downloads as an attachment, its name made safe, its type kept",
	        "%ld %s / %s", r->status, cd ? cd : "(no disposition)", ct ? ct : "(no type)");
	resp_free(r);
	r = GET_jar(path, &office);
	expect_status(r, 200, "case page: the office downloads the file too");
	resp_free(r);
	upload_form();
}

void test_accountability(void)
{
	if (!*g_period || !*g_case) {
		t_fail("accountability: the fixture made a period and a case", "it did not");
		return;
	}
	assessment();
	cases();
	pages();
}
