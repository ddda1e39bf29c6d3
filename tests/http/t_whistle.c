/* t_whistle.c - 吹哨报到 over the API.
 *
 * whistle_fixture() runs before the generic loops over openapi.json: the
 * township user town1 raises a whistle calling DEPT, so that
 * /whistles/{id} and /whistles/{id}/{action} have a real id
 * (whistle_code()).  The loops only see their writes refused, so the
 * whistle is still raised when test_whistle() runs.
 *
 * test_whistle() takes it through its steps with each role's token: the
 * other town and another department cannot see it, the department called
 * acknowledges and reports, the office sees it everywhere, the town
 * evaluates it; the statistics name the department as insufficient data. */
#include "http_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char g_whistle[24];

const char *whistle_code(const char *collection, size_t clen, const char *param, size_t plen)
{
	if (clen != 8 || strncmp(collection, "whistles", 8) != 0)
		return NULL;
	if (plen == 6 && strncmp(param, "action", 6) == 0)
		return "acknowledge";
	return *g_whistle ? g_whistle : NULL;
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

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool whistle_fixture(void)
{
	struct resp *r = api("POST", "/api/v1/whistles",
	                     "{\"department\": \"" DEPT "\", \"matter\": \"夹具：山火隐患\", "
	                     "\"place\": \"北山\", \"urgency\": \"normal\"}",
	                     E.tok_township);
	long long id = jint(r->json, "id");
	bool ok = t_check(r->status == 201 && id > 0 && same(jstr(r->json, "status"), "raised") &&
	                          same(jstr(r->json, "town"), TOWN),
	                  "fixture: town1 raises a whistle calling " DEPT
	                  " (POST /api/v1/whistles): 201, raised, its own town",
	                  "%ld %s", r->status, excerpt(r));
	if (id > 0)
		snprintf(g_whistle, sizeof g_whistle, "%lld", id);
	resp_free(r);
	return ok;
}

static void step(const char *action, const char *body, const char *token, long want,
                 const char *name)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/whistles/%s/%s", g_whistle, action);
	struct resp *r = api("POST", path, body, token);
	t_check(r->status == want, name, "%ld %s", r->status, excerpt(r));
	resp_free(r);
}

static size_t whistles_seen(void)
{
	struct resp *r = api("GET", "/api/v1/whistles", NULL, E.tok_office);
	size_t n = r->status == 200 ? json_array_size(jget(r->json, "whistles")) : (size_t)-1;
	resp_free(r);
	return n;
}

/* A town calls two departments for one matter: two whistles, one each,
 * tied by matter_id; a call naming an unknown department is refused
 * whole, the error naming its place; the HTML form's checkboxes do the
 * same. */
static void several_departments(void)
{
	size_t before = whistles_seen();
	struct resp *r = api("POST", "/api/v1/whistles",
	                     "{\"departments\": [\"" DEPT "\", \"NOPE-9\"], \"matter\": \"两部门\", "
	                     "\"place\": \"南河\"}",
	                     E.tok_township);
	t_check(r->status == 422 && same(jstr(r->json, "error.field"), "departments[1]"),
	        "whistles: an unknown department among several: 422 naming departments[1]", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	r = api("POST", "/api/v1/whistles",
	        "{\"departments\": [\"" DEPT "\", \"no code!\"], \"matter\": \"两部门\", "
	        "\"place\": \"南河\"}",
	        E.tok_township);
	t_check(r->status == 422 && same(jstr(r->json, "error.field"), "departments[1]"),
	        "whistles: a malformed code among several: 422 naming departments[1]", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	r = api("POST", "/api/v1/whistles",
	        "{\"departments\": [\"" DEPT "\", 7], \"matter\": \"两部门\", \"place\": \"南河\"}",
	        E.tok_township);
	t_check(r->status == 422, "whistles: a number among the departments: 422", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	t_check(whistles_seen() == before, "whistles: the refused calls made no whistle",
	        "%zu whistles, %zu before", whistles_seen(), before);

	r = api("POST", "/api/v1/whistles",
	        "{\"departments\": [\"" DEPT "\", \"" OTHER_DEPT "\"], \"matter\": \"两部门：河堤隐患\", "
	        "\"place\": \"南河\", \"urgency\": \"urgent\"}",
	        E.tok_township);
	long long first = jint(r->json, "id"), matter = jint(r->json, "matter_id");
	json_t *sib = json_array_get(jget(r->json, "siblings"), 0);
	long long second = jint(sib, "id");
	t_check(r->status == 201 && first > 0 && matter == first &&
	                json_array_size(jget(r->json, "siblings")) == 1 &&
	                same(jstr(sib, "department"), OTHER_DEPT) && same(jstr(sib, "status"), "raised"),
	        "whistles: two departments called: 201, the first whistle with the other as sibling",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	t_check(whistles_seen() == before + 2, "whistles: two departments called make two whistles",
	        "%zu whistles, %zu before", whistles_seen(), before);

	/* the department called second sees its own, with the first beside it */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/whistles/%lld", second);
	r = api("GET", path, NULL, E.tok_department);
	t_check(r->status == 404, "whistles: " DEPT " does not open " OTHER_DEPT "'s whistle (404)",
	        "%ld", r->status);
	resp_free(r);
	r = api("GET", path, NULL, E.tok_office);
	t_check(r->status == 200 && jint(r->json, "matter_id") == matter &&
	                same(jstr(r->json, "department"), OTHER_DEPT) &&
	                jint(json_array_get(jget(r->json, "siblings"), 0), "id") == first,
	        "whistles: the second whistle shares the matter, the first its sibling", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);

	/* the list by matter */
	snprintf(path, sizeof path, "/api/v1/whistles?matter=%lld&group=matter", matter);
	r = api("GET", path, NULL, E.tok_office);
	json_t *m = json_array_get(jget(r->json, "matters"), 0);
	t_check(r->status == 200 && json_array_size(jget(r->json, "whistles")) == 2 &&
	                json_array_size(jget(r->json, "matters")) == 1 &&
	                json_array_size(json_object_get(m, "whistles")) == 2 && jint(m, "open") == 2,
	        "whistles: ?matter=&group=matter: the matter's two whistles, grouped", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	r = api("GET", "/api/v1/whistles?group=town", NULL, E.tok_office);
	t_check(r->status == 422 && same(jstr(r->json, "error.field"), "group"),
	        "whistles: group is only matter: 422", "%ld %s", r->status, excerpt(r));
	resp_free(r);

	/* the HTML form: one checkbox per department */
	struct jar town = {0};
	resp_free(web_login(&town, "town1", PASSWORD, NULL));
	r = GET_jar("/whistles", &town);
	char csrf[80] = "";
	form_value(r, "action=\"/whistles\"", "csrf", csrf, sizeof csrf);
	t_check(r->status == 200 && strstr(r->body, "name=\"departments." DEPT "\"") &&
	                strstr(r->body, "name=\"departments." OTHER_DEPT "\"") && *csrf,
	        "whistles: the town's form offers each department as a checkbox", "%ld", r->status);
	resp_free(r);
	char body[300];
	snprintf(body, sizeof body,
	         "csrf=%s&matter=%%E8%%A1%%A8%%E5%%8D%%95&place=x&departments." DEPT
	         "=1&departments." OTHER_DEPT "=1",
	         csrf);
	r = http(&(struct req){.method = "POST", .path = "/whistles", .body = body, .jar = &town,
	                       .content_type = "application/x-www-form-urlencoded"});
	const char *where = header(r, "Location");
	t_check(r->status == 303 && where && strncmp(where, "/whistles/", 10) == 0,
	        "whistles: the form with two checkboxes raises (303 to the whistle)", "%ld %s",
	        r->status, where ? where : "(no Location)");
	char page[96];
	snprintf(page, sizeof page, "%.*s", where ? (int)strcspn(where, "?") : 0, where ? where : "");
	resp_free(r);
	t_check(whistles_seen() == before + 4, "whistles: the form's two checkboxes made two whistles",
	        "%zu whistles, %zu before", whistles_seen(), before);
	r = GET_jar(page, &town);
	t_check(r->status == 200 && strstr(r->body, "/whistles?matter=") &&
	                strstr(r->body, OTHER_DEPT ")"),
	        "whistles: the whistle's page lists the matter's other department", "%ld", r->status);
	resp_free(r);
	snprintf(body, sizeof body, "csrf=%s&matter=x&place=x", csrf);
	r = http(&(struct req){.method = "POST", .path = "/whistles", .body = body, .jar = &town,
	                       .content_type = "application/x-www-form-urlencoded"});
	t_check(r->status == 422 && whistles_seen() == before + 4,
	        "whistles: the form with no department ticked: 422, nothing made", "%ld", r->status);
	resp_free(r);
	snprintf(body, sizeof body, "csrf=%s&matter=x&place=x&departments.NOPE-9=1", csrf);
	r = http(&(struct req){.method = "POST", .path = "/whistles", .body = body, .jar = &town,
	                       .content_type = "application/x-www-form-urlencoded"});
	t_check(r->status == 422 && whistles_seen() == before + 4,
	        "whistles: the form with an unknown department: 422, nothing made", "%ld", r->status);
	resp_free(r);
}

void test_whistle(void)
{
	if (!*g_whistle) {
		t_fail("whistles: the fixture made a whistle", "it did not");
		return;
	}
	char path[96];
	snprintf(path, sizeof path, "/api/v1/whistles/%s", g_whistle);
	struct resp *r = api("GET", path, NULL, E.tok_township_other);
	t_check(r->status == 404, "whistles: another town does not see the whistle (404)", "%ld",
	        r->status);
	resp_free(r);
	r = api("GET", "/api/v1/whistles", NULL, E.tok_township_other);
	t_check(r->status == 200 && json_array_size(jget(r->json, "whistles")) == 0,
	        "whistles: another town's list is empty", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = api("GET", path, NULL, E.tok_department);
	t_check(r->status == 200 && same(jstr(r->json, "department"), DEPT),
	        "whistles: the department called sees it", "%ld %s", r->status, excerpt(r));
	resp_free(r);

	step("report", "{\"text\": \"x\"}", E.tok_department, 409,
	     "whistles: reporting before acknowledging: 409");
	step("acknowledge", "{}", E.tok_township, 403, "whistles: the town cannot acknowledge: 403");
	step("acknowledge", "{}", E.tok_supervisor, 403, "whistles: a supervisor cannot act: 403");
	step("acknowledge", "{}", E.tok_department, 200,
	     "whistles: the department called acknowledges (报到): 200");
	step("report", "{}", E.tok_department, 422, "whistles: a report says what was done: 422");
	step("report", "{\"text\": \"已到场清理隐患\"}", E.tok_department, 200,
	     "whistles: the department reports: 200");
	step("resolve", "{\"text\": \"好\"}", E.tok_department, 403,
	     "whistles: the department cannot evaluate: 403");
	step("resolve", "{\"text\": \"处理及时\", \"satisfied\": true}", E.tok_township, 200,
	     "whistles: the town evaluates it resolved: 200");
	step("reassign", "{\"text\": \"x\", \"to_department\": \"" OTHER_DEPT "\"}", E.tok_office,
	     409, "whistles: a resolved whistle is not reassigned: 409");

	r = api("GET", path, NULL, E.tok_office);
	t_check(r->status == 200 && same(jstr(r->json, "status"), "resolved") &&
	                json_array_size(jget(r->json, "events")) == 4 &&
	                json_is_true(jget(r->json, "on_time")),
	        "whistles: the office sees it resolved, on time, with its four steps", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);

	r = api("GET", "/api/v1/whistles/stats", NULL, E.tok_office);
	json_t *d = NULL;
	size_t i;
	json_t *x;
	json_array_foreach(jget(r->json, "departments"), i, x) if (same(jstr(x, "code"), DEPT)) d = x;
	t_check(r->status == 200 && d && jint(d, "whistles") >= 1 &&
	                json_is_true(json_object_get(d, "insufficient_data")) &&
	                json_is_null(json_object_get(d, "rank")),
	        "whistles: the statistics show " DEPT " as insufficient data, not ranked", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	several_departments();
}
