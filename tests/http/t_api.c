/* t_api.c - the JSON API: openapi.json itself, every GET route it lists
 * (with real codes for its {params}) and the shape of each answer, search,
 * and cursor pagination. */
#include "http_test.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *g_openapi;

/* Problems found in one answer, reported as one check. */
struct probs {
	char text[700];
	int n;
};

static void need(struct probs *p, bool cond, const char *fmt, ...) PRINTFLIKE(3, 4);
static void need(struct probs *p, bool cond, const char *fmt, ...)
{
	if (cond)
		return;
	if (p->n++ < 4) {
		size_t used = strlen(p->text);
		if (used)
			used += (size_t)snprintf(p->text + used, sizeof p->text - used, "; ");
		va_list ap;
		va_start(ap, fmt);
		if (used < sizeof p->text)
			vsnprintf(p->text + used, sizeof p->text - used, fmt, ap);
		va_end(ap);
	}
}

static void report(const struct probs *p, const char *name)
{
	t_check(p->n == 0, name, "%d problem%s: %s", p->n, p->n == 1 ? "" : "s", p->text);
}

/* The element of array a whose "code" is code, or NULL. */
static json_t *by_code(const json_t *a, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		const char *c = jstr(v, "code");
		if (c && strcmp(c, code) == 0)
			return v;
	}
	return NULL;
}

static long long jint(const json_t *v, const char *path)
{
	json_t *x = jget(v, path);
	return json_is_integer(x) ? (long long)json_integer_value(x) : -1;
}

/* A real code for each {param} of an API path template, chosen by the
 * collection the parameter follows; false when there is one we do not
 * know a code for. */
bool api_substitute(const char *tmpl, char *out, size_t outsz)
{
	static const struct {
		const char *collection, *code;
	} codes[] = {{"towns", TOWN},       {"tasks", TASK},   {"bases", BASIS},
	             {"departments", DEPT}, {"guides", GUIDE}, {"users", VICTIM},
	             {NULL, NULL}};
	size_t used = 0;
	const char *p = tmpl, *seg_start = tmpl, *prev_seg = "", *prev_end = tmpl;
	/* the last literal segment: the collection of /admissions/{id}/{action}'s {action} */
	const char *coll = "";
	size_t coll_len = 0;
	out[0] = '\0';
	while (*p) {
		if (*p == '/') {
			prev_seg = seg_start;
			prev_end = p;
			if (*seg_start != '{') {
				coll = seg_start;
				coll_len = (size_t)(p - seg_start);
			}
			seg_start = p + 1;
		}
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close)
				return false;
			const char *code = NULL;
			size_t plen = (size_t)(prev_end - prev_seg);
			for (int i = 0; codes[i].collection; i++)
				if (strlen(codes[i].collection) == plen &&
				    strncmp(prev_seg, codes[i].collection, plen) == 0)
					code = codes[i].code;
			if (!code)
				code = accountability_code(coll, coll_len, p + 1, (size_t)(close - p - 1));
			if (!code)
				code = procedure_code(coll, coll_len, p + 1, (size_t)(close - p - 1));
			if (!code)
				code = review_code(prev_seg, plen, p + 1, (size_t)(close - p - 1));
			if (!code)
				code = consult_code(prev_seg, plen);
			if (!code)
				code = whistle_code(coll, coll_len, p + 1, (size_t)(close - p - 1));
			if (!code)
				code = notice_code(coll, coll_len, p + 1, (size_t)(close - p - 1));
			if (!code)
				return false;
			used += (size_t)snprintf(out + used, outsz - used, "%s", code);
			p = close + 1;
			continue;
		}
		if (used + 1 < outsz) {
			out[used++] = *p;
			out[used] = '\0';
		}
		p++;
	}
	return used + 1 < outsz;
}

/* The query a GET route needs: its required query parameters, and q for
 * search (so that it finds something). */
static void route_query(const char *tmpl, const json_t *op, char *out, size_t outsz)
{
	out[0] = '\0';
	size_t used = 0;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(op, "parameters"), i, p) {
		const char *name = jstr(p, "name"), *in = jstr(p, "in"),
			   *type = jstr(p, "schema.type");
		bool search_q = strcmp(tmpl, "/api/v1/search") == 0 && name && strcmp(name, "q") == 0;
		if (!name || !in || strcmp(in, "query") != 0 ||
		    (!json_is_true(json_object_get(p, "required")) && !search_q))
			continue;
		char *value = esc(search_q                          ? "消防"
		                  : type && strcmp(type, "integer") == 0 ? "1"
		                  : type && strcmp(type, "boolean") == 0 ? "true"
		                                                         : "x");
		used += (size_t)snprintf(out + used, outsz - used, "%c%s=%s", used ? '&' : '?', name,
		                         value);
		free(value);
		if (used >= outsz)
			break;
	}
}

/* Every item of a town's list carries these. */
static void check_list_item(struct probs *pr, const json_t *item)
{
	static const char *const keys[] = {"code", "category", "duty", "name", "list_type",
	                                   "lead_department", "township_part", "department_part",
	                                   NULL};
	const char *code = jstr(item, "code");
	for (int k = 0; keys[k]; k++)
		need(pr, json_is_string(json_object_get(item, keys[k])), "item %s: no string %s",
		     code ? code : "?", keys[k]);
	need(pr, json_is_boolean(json_object_get(item, "public_service")),
	     "item %s: public_service is not a boolean", code ? code : "?");
	json_t *bases = json_object_get(item, "bases");
	need(pr, json_is_array(bases) && json_array_size(bases) > 0,
	     "item %s: no bases (职责法定: every item rests on a basis)", code ? code : "?");
	size_t i;
	json_t *b;
	json_array_foreach(bases, i, b) {
		need(pr, jstr(b, "code") && jstr(b, "title") && jstr(b, "article"),
		     "item %s: a basis without code, title or article", code ? code : "?");
	}
}

static void shape_towns(const json_t *v, const char *name)
{
	struct probs pr = {0};
	json_t *towns = json_object_get(v, "towns");
	need(&pr, json_array_size(towns) == 6, "%zu towns, wanted the demo's 6",
	     json_array_size(towns));
	json_t *t = by_code(towns, TOWN);
	need(&pr, t != NULL, "no town %s", TOWN);
	need(&pr, t && jstr(t, "name") && strcmp(jstr(t, "name"), "绥阳镇") == 0, "%s is not 绥阳镇",
	     TOWN);
	need(&pr, jint(t, "counts.basic") == 66 && jint(t, "counts.assist") == 32 &&
	          jint(t, "counts.reclaimed") == 11 && jint(t, "total") == 109,
	     "%s counts %lld+%lld+%lld=%lld, wanted 66+32+11=109", TOWN, jint(t, "counts.basic"),
	     jint(t, "counts.assist"), jint(t, "counts.reclaimed"), jint(t, "total"));
	report(&pr, name);
	char n2[200];
	snprintf(n2, sizeof n2, "%.120s: has the key next_cursor (null on the last page)", name);
	json_t *next = json_object_get(v, "next_cursor");
	t_check(next && json_is_null(next), n2, "next_cursor is %s",
	        next ? "not null" : "missing: the last page omits it instead of null");
}

static void shape_town(const json_t *v, const char *name)
{
	struct probs pr = {0};
	need(&pr, jstr(v, "code") && strcmp(jstr(v, "code"), TOWN) == 0, "code is not %s", TOWN);
	need(&pr, jstr(v, "name") && strcmp(jstr(v, "name"), "绥阳镇") == 0, "name is not 绥阳镇");
	need(&pr, jint(v, "version") == 1, "version %lld, wanted 1", jint(v, "version"));
	need(&pr, jint(v, "counts.basic") == 66 && jint(v, "counts.assist") == 32 &&
	          jint(v, "counts.reclaimed") == 11 && jint(v, "total") == 109,
	     "counts %lld+%lld+%lld=%lld, wanted 66+32+11=109", jint(v, "counts.basic"),
	     jint(v, "counts.assist"), jint(v, "counts.reclaimed"), jint(v, "total"));
	report(&pr, name);
}

static void shape_town_list(const json_t *v, const char *name)
{
	struct probs pr = {0};
	need(&pr, jstr(v, "town.code") && strcmp(jstr(v, "town.code"), TOWN) == 0,
	     "town.code is not %s", TOWN);
	need(&pr, jstr(v, "town.name") && strcmp(jstr(v, "town.name"), "绥阳镇") == 0,
	     "town.name is not 绥阳镇");
	need(&pr, jint(v, "version") == 1, "version %lld, wanted 1", jint(v, "version"));
	need(&pr, jstr(v, "status") && strcmp(jstr(v, "status"), "published") == 0,
	     "status %s, wanted published", jstr(v, "status") ? jstr(v, "status") : "(none)");
	json_t *items = json_object_get(v, "items");
	need(&pr, json_array_size(items) == 109, "%zu items, wanted 109", json_array_size(items));
	size_t i;
	json_t *item;
	int basic = 0, assist = 0, reclaimed = 0;
	json_array_foreach(items, i, item) {
		check_list_item(&pr, item);
		const char *lt = jstr(item, "list_type");
		basic += lt && strcmp(lt, "基本履职") == 0;
		assist += lt && strcmp(lt, "配合履职") == 0;
		reclaimed += lt && strcmp(lt, "上级部门收回") == 0;
	}
	need(&pr, basic == 66 && assist == 32 && reclaimed == 11,
	     "parts 基本履职 %d, 配合履职 %d, 上级部门收回 %d; wanted 66, 32, 11", basic, assist,
	     reclaimed);
	need(&pr, by_code(items, TASK) != NULL, "%s is not in the list", TASK);
	report(&pr, name);
}

static void shape_page(const json_t *v, const char *key, const char *must_have, size_t want,
                       const char *name)
{
	struct probs pr = {0};
	json_t *a = json_object_get(v, key);
	need(&pr, json_is_array(a), "no array %s", key);
	if (want)
		need(&pr, json_array_size(a) == want, "%zu %s, wanted %zu", json_array_size(a), key,
		     want);
	need(&pr, !must_have || by_code(a, must_have), "%s is not among the %s", must_have, key);
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) need(&pr, jstr(x, "code") != NULL, "an element has no code");
	report(&pr, name);
}

static void shape_task(const json_t *v, const char *name)
{
	struct probs pr = {0};
	need(&pr, jstr(v, "code") && strcmp(jstr(v, "code"), TASK) == 0, "code is not %s", TASK);
	need(&pr, jstr(v, "name") && strcmp(jstr(v, "name"), "开展消防安全宣传和隐患排查") == 0,
	     "name is not 开展消防安全宣传和隐患排查");
	json_t *bases = json_object_get(v, "bases");
	need(&pr, by_code(bases, BASIS) != NULL, "bases lack %s", BASIS);
	json_t *b = by_code(bases, BASIS);
	need(&pr, b && jstr(b, "title") && jstr(b, "article"), "the basis has no title or article");
	json_t *towns = json_object_get(v, "towns");
	need(&pr, json_array_size(towns) == 6 && by_code(towns, TOWN),
	     "towns: %zu, wanted the 6 that list it", json_array_size(towns));
	report(&pr, name);
}

static void shape_basis(const json_t *v, const char *name)
{
	struct probs pr = {0};
	need(&pr, jstr(v, "code") && strcmp(jstr(v, "code"), BASIS) == 0, "code is not %s", BASIS);
	need(&pr, jstr(v, "title") && strcmp(jstr(v, "title"), "中华人民共和国消防法") == 0,
	     "title is not 中华人民共和国消防法");
	need(&pr, json_is_true(json_object_get(v, "in_force")), "not in force");
	need(&pr, by_code(json_object_get(v, "tasks"), TASK) != NULL, "tasks lack %s", TASK);
	report(&pr, name);
}

static void shape_department(const json_t *v, const char *name)
{
	struct probs pr = {0};
	need(&pr, jstr(v, "code") && strcmp(jstr(v, "code"), DEPT) == 0, "code is not %s", DEPT);
	need(&pr, jstr(v, "name") && strcmp(jstr(v, "name"), "市应急管理局") == 0,
	     "name is not 市应急管理局");
	need(&pr, json_is_array(json_object_get(v, "assist")), "no array assist");
	need(&pr, json_is_array(json_object_get(v, "reclaimed")), "no array reclaimed");
	need(&pr, by_code(json_object_get(v, "reclaimed"), "ZL-06") != NULL,
	     "reclaimed lacks ZL-06 (工贸企业安全生产行政处罚)");
	report(&pr, name);
}

static void shape_guide(const json_t *v, const char *name)
{
	struct probs pr = {0};
	need(&pr, jstr(v, "task") && strcmp(jstr(v, "task"), GUIDE) == 0, "task is not %s", GUIDE);
	need(&pr, jstr(v, "title") != NULL, "no title");
	json_t *steps = json_object_get(v, "steps");
	need(&pr, json_array_size(steps) > 0, "no steps");
	size_t i;
	json_t *s;
	json_array_foreach(steps, i, s) need(&pr, jstr(s, "name") && jstr(s, "who") &&
	                                               json_is_integer(json_object_get(s, "days")),
	                                     "step %zu lacks name, who or days", i + 1);
	need(&pr, json_array_size(json_object_get(v, "materials")) > 0, "no materials");
	report(&pr, name);
}

static void shape_users(const json_t *v, const char *name)
{
	struct probs pr = {0};
	json_t *users = json_object_get(v, "users");
	need(&pr, json_array_size(users) >= 6, "%zu users, wanted the suite's", json_array_size(users));
	bool off1 = false;
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) {
		off1 = off1 || (jstr(u, "name") && strcmp(jstr(u, "name"), "off1") == 0);
		need(&pr, jstr(u, "name") && jstr(u, "role"), "a user without name or role");
		const char *key;
		json_t *x;
		json_object_foreach(u, key, x) need(&pr, !strstr(key, "hash") && !strstr(key, "password") &&
		                                                 !strstr(key, "token"),
		                                    "the listing shows %s", key);
	}
	need(&pr, off1, "off1 is not listed");
	report(&pr, name);
}

/* ---- review rounds: the fixture's round (t_review.c) ---- */

static void shape_rounds(const json_t *v, const char *name)
{
	struct probs pr = {0};
	json_t *rounds = json_object_get(v, "rounds");
	need(&pr, json_array_size(rounds) == 1, "%zu rounds, wanted the fixture's 1",
	     json_array_size(rounds));
	json_t *r = json_array_get(rounds, 0);
	need(&pr, jint(r, "id") > 0 && jint(r, "number") == 1, "the round has no id or number 1");
	need(&pr, jstr(r, "status") && strcmp(jstr(r, "status"), "open") == 0, "the round is not open");
	need(&pr, jstr(r, "title") && jstr(r, "deadline") && jstr(r, "opened_by"),
	     "the round lacks title, deadline or opened_by");
	report(&pr, name);
}

static void shape_round(const json_t *v, const char *name)
{
	struct probs pr = {0};
	need(&pr, jint(v, "round.id") > 0 && jstr(v, "round.status") &&
	          strcmp(jstr(v, "round.status"), "open") == 0,
	     "round.id or round.status (open) missing");
	json_t *towns = json_object_get(v, "towns");
	need(&pr, json_array_size(towns) == 2, "%zu towns, wanted 2", json_array_size(towns));
	size_t i;
	json_t *t;
	json_array_foreach(towns, i, t) {
		const char *code = jstr(t, "town");
		need(&pr, code && (strcmp(code, TOWN) == 0 || strcmp(code, OTHER_TOWN) == 0),
		     "town %s is not one of the round's", code ? code : "?");
		need(&pr, jstr(t, "status") && strcmp(jstr(t, "status"), "drafting") == 0,
		     "town %s is not drafting", code ? code : "?");
		need(&pr, jint(t, "draft_version") > 1 && jint(t, "items") > 0,
		     "town %s: no draft_version or items", code ? code : "?");
	}
	need(&pr, json_is_array(json_object_get(v, "groups")), "no array groups");
	need(&pr, json_is_object(json_object_get(v, "stats")), "no object stats");
	report(&pr, name);
}

static void shape_review_stats(const json_t *v, const char *name)
{
	static const char *const keys[] = {"rounds",         "first_round", "added",
	                                   "removed",        "town_proposals", "merged",
	                                   "agreed",         "rejected",    "confirmed", NULL};
	struct probs pr = {0};
	for (int k = 0; keys[k]; k++)
		need(&pr, json_is_integer(json_object_get(v, keys[k])), "%s is not an integer", keys[k]);
	need(&pr, jint(v, "rounds") == 1, "rounds is %lld, wanted 1", jint(v, "rounds"));
	need(&pr, json_is_array(json_object_get(v, "by_town")), "no array by_town");
	report(&pr, name);
}

static void shape_versions(const json_t *v, const char *name)
{
	struct probs pr = {0};
	need(&pr, jstr(v, "town") && strcmp(jstr(v, "town"), TOWN) == 0, "town is not %s", TOWN);
	json_t *vs = json_object_get(v, "versions");
	need(&pr, json_array_size(vs) == 1, "%zu versions shown to the public, wanted 1 (drafts "
	     "hidden)", json_array_size(vs));
	json_t *one = json_array_get(vs, 0);
	need(&pr, jint(one, "version") == 1 && jstr(one, "status") &&
	          strcmp(jstr(one, "status"), "published") == 0 && jint(one, "items") == 109,
	     "not version 1, published, 109 items");
	report(&pr, name);
}

static void shape_diff(const json_t *v, const char *name)
{
	struct probs pr = {0};
	need(&pr, jstr(v, "town.code") && strcmp(jstr(v, "town.code"), TOWN) == 0,
	     "town.code is not %s", TOWN);
	need(&pr, jint(v, "from.version") == 1 && jint(v, "to.version") == 1,
	     "from and to are not version 1");
	static const char *const keys[] = {"added", "removed", "changed", NULL};
	for (int k = 0; keys[k]; k++)
		need(&pr, json_is_array(json_object_get(v, keys[k])) &&
		          json_array_size(json_object_get(v, keys[k])) == 0,
		     "%s is not an empty array (a version against itself)", keys[k]);
	report(&pr, name);
}

/* Whether search results include kind/code. */
static bool found(const json_t *v, const char *kind, const char *code)
{
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(v, "results"), i, h) {
		const char *k = jstr(h, "kind"), *c = jstr(h, "code");
		if (k && c && strcmp(k, kind) == 0 && strcmp(c, code) == 0)
			return true;
	}
	return false;
}

static void check_shape(const char *tmpl, const json_t *v, const char *name)
{
	char n[240];
	snprintf(n, sizeof n, "%.180s: the answer has the documented shape", name);
	if (strcmp(tmpl, "/api/v1/towns") == 0)
		shape_towns(v, n);
	else if (strcmp(tmpl, "/api/v1/towns/{code}") == 0)
		shape_town(v, n);
	else if (strcmp(tmpl, "/api/v1/towns/{code}/list") == 0)
		shape_town_list(v, n);
	else if (strcmp(tmpl, "/api/v1/tasks") == 0)
		shape_page(v, "tasks", "DJ-01", 100, n);
	else if (strcmp(tmpl, "/api/v1/tasks/{code}") == 0)
		shape_task(v, n);
	else if (strcmp(tmpl, "/api/v1/bases") == 0)
		shape_page(v, "bases", BASIS, 0, n);
	else if (strcmp(tmpl, "/api/v1/bases/{code}") == 0)
		shape_basis(v, n);
	else if (strcmp(tmpl, "/api/v1/departments") == 0)
		shape_page(v, "departments", DEPT, 0, n);
	else if (strcmp(tmpl, "/api/v1/departments/{code}") == 0)
		shape_department(v, n);
	else if (strcmp(tmpl, "/api/v1/guides/{task}") == 0)
		shape_guide(v, n);
	else if (strcmp(tmpl, "/api/v1/search") == 0)
		t_check(found(v, "task", TASK), n, "q=消防 does not find task %s", TASK);
	else if (strcmp(tmpl, "/api/v1/me") == 0)
		t_check(jstr(v, "name") && strcmp(jstr(v, "name"), "off1") == 0 && jstr(v, "role") &&
		                strcmp(jstr(v, "role"), "office") == 0,
		        n, "not {name: off1, role: office}");
	else if (strcmp(tmpl, "/api/v1/users") == 0)
		shape_users(v, n);
	else if (strcmp(tmpl, "/api/v1/review/rounds") == 0)
		shape_rounds(v, n);
	else if (strcmp(tmpl, "/api/v1/review/rounds/{id}") == 0)
		shape_round(v, n);
	else if (strcmp(tmpl, "/api/v1/review/stats") == 0 ||
	         strcmp(tmpl, "/api/v1/review/rounds/{id}/stats") == 0)
		shape_review_stats(v, n);
	else if (strcmp(tmpl, "/api/v1/towns/{code}/versions") == 0)
		shape_versions(v, n);
	else if (strcmp(tmpl, "/api/v1/towns/{code}/diff") == 0)
		shape_diff(v, n);
	else if (strcmp(tmpl, "/api/v1/openapi.json") == 0)
		t_check(json_is_object(json_object_get(v, "paths")), n, "no paths");
	else if (!procedure_shape(tmpl, v, n))
		t_note("%s: a route this suite does not know; only status and JSON checked", tmpl);
}

/* The API paths the router's tables declare (src/web/{meta,town,catalog,auth,review,procedure}.c). */
static const char *const known_paths[] = {
	"/api/v1/openapi.json", "/api/v1/towns",       "/api/v1/towns/{code}",
	"/api/v1/towns/{code}/list", "/api/v1/towns/{code}/list.xlsx", "/api/v1/tasks",
	"/api/v1/tasks/{code}",
	"/api/v1/bases",        "/api/v1/bases/{code}", "/api/v1/departments",
	"/api/v1/departments/{code}", "/api/v1/guides/{task}", "/api/v1/search",
	"/api/v1/me",           "/api/v1/users",        "/api/v1/users/{name}/disable",
	"/api/v1/review/rounds", "/api/v1/review/rounds/{id}", "/api/v1/review/rounds/{id}/close",
	"/api/v1/review/rounds/{id}/merge", "/api/v1/review/rounds/{id}/proposals",
	"/api/v1/review/proposals/{id}/decide", "/api/v1/review/groups/{id}/decide",
	"/api/v1/review/proposals/{id}/withdraw", "/api/v1/review/proposals/{id}/group",
	"/api/v1/review/rounds/{id}/towns/{town}/{action}", "/api/v1/review/stats",
	"/api/v1/review/rounds/{id}/stats", "/api/v1/towns/{code}/versions",
	"/api/v1/towns/{code}/diff", "/api/v1/admissions", "/api/v1/admissions/{id}",
	"/api/v1/admissions/{id}/{action}", "/api/v1/adjustments", "/api/v1/adjustments/{id}/{action}",
	"/api/v1/bases/{code}/repeal", "/api/v1/bases/{code}/amend", "/api/v1/bases/{code}/history",
	"/api/v1/audit", NULL};

static void check_openapi_document(void)
{
	struct resp *r = GET("/api/v1/openapi.json");
	expect_status(r, 200, "openapi.json: answers 200");
	expect_type(r, "application/json", "openapi.json: Content-Type application/json");
	g_openapi = json_incref(r->json);
	json_t *d = r->json;
	const char *version = jstr(d, "openapi");
	t_check(version && strncmp(version, "3.", 2) == 0, "openapi.json: \"openapi\" is 3.x",
	        "openapi is %s", version ? version : "missing");
	t_check(jstr(d, "info.title") && jstr(d, "info.version"),
	        "openapi.json: info has title and version", "it does not");
	json_t *paths = json_object_get(d, "paths");
	t_check(json_object_size(paths) > 0, "openapi.json: paths is a non-empty object",
	        "it is not");
	struct probs pr = {0};
	for (int i = 0; known_paths[i]; i++)
		need(&pr, json_object_get(paths, known_paths[i]) != NULL, "lacks %s", known_paths[i]);
	report(&pr, "openapi.json lists every API path the router serves");

	/* valid-looking operations: responses, and every {param} declared in path */
	struct probs ops = {0};
	bool uses_security = false;
	const char *path;
	json_t *item;
	json_object_foreach(paths, path, item) {
		need(&ops, strncmp(path, "/api/v1/", 8) == 0, "%s is not under /api/v1/", path);
		const char *method;
		json_t *op;
		json_object_foreach(item, method, op) {
			need(&ops, json_is_object(json_object_get(op, "responses")) &&
			               json_object_get(json_object_get(op, "responses"), "200"),
			     "%s %s: no responses.200", method, path);
			need(&ops, jstr(op, "summary") != NULL, "%s %s: no summary", method, path);
			uses_security = uses_security || json_object_get(op, "security");
			for (const char *b = strchr(path, '{'); b; b = strchr(b + 1, '{')) {
				size_t n = strcspn(b + 1, "}");
				bool declared = false;
				size_t i;
				json_t *p;
				json_array_foreach(json_object_get(op, "parameters"), i, p) {
					const char *name = jstr(p, "name"), *in = jstr(p, "in");
					declared = declared || (name && in && strlen(name) == n &&
					                        strncmp(name, b + 1, n) == 0 &&
					                        strcmp(in, "path") == 0 &&
					                        json_is_true(json_object_get(p, "required")));
				}
				need(&ops, declared, "%s %s: {%.*s} is not a required path parameter", method,
				     path, (int)n, b + 1);
			}
		}
	}
	need(&ops, !uses_security || jget(d, "components.securitySchemes.bearer"),
	     "operations use security but components.securitySchemes.bearer is missing");
	need(&ops, jget(d, "paths./api/v1/me") != NULL, "no /api/v1/me");
	report(&ops, "openapi.json: every operation has a summary, responses and its path parameters");
	json_t *me = json_object_get(json_object_get(paths, "/api/v1/me"), "get");
	t_check(me && json_object_get(me, "security"),
	        "openapi.json: /api/v1/me says it needs a bearer token (security)", "it does not");
	resp_free(r);
}

void test_api(void)
{
	check_openapi_document();
	if (!g_openapi)
		return;
	const char *path;
	json_t *item;
	int routes = 0;
	json_object_foreach(json_object_get(g_openapi, "paths"), path, item) {
		json_t *op = json_object_get(item, "get");
		if (!op)
			continue;
		char real[300], query[200], url[600], name[400];
		if (!api_substitute(path, real, sizeof real)) {
			snprintf(name, sizeof name, "GET %s: a code is known for its parameters", path);
			t_fail(name, "this suite has no real code for a parameter of %s", path);
			continue;
		}
		routes++;
		route_query(path, op, query, sizeof query);
		snprintf(url, sizeof url, "%s%s", real, query);
		/* a route that declares security gets the token of a role it admits */
		const char *bearer = NULL, *as = "";
		if (json_object_get(op, "security")) {
			bool office = false, admin = false;
			size_t k;
			json_t *role;
			json_array_foreach(json_object_get(op, "x-roles"), k, role) {
				office = office || strcmp(json_string_value(role), "office") == 0;
				admin = admin || strcmp(json_string_value(role), "admin") == 0;
			}
			bearer = office ? E.tok_office : admin ? E.tok_admin : E.tok_township;
			as = office ? " (office token)" : admin ? " (admin token)" : " (township token)";
		}
		struct resp *r = GET_as(url, bearer);
		snprintf(name, sizeof name, "GET %s%s", path, as);
		char n[480];
		snprintf(n, sizeof n, "%s: 200", name);
		bool ok = expect_status(r, 200, n);
		if (strcmp(path, "/api/v1/towns/{code}/list.xlsx") == 0) {
			/* a workbook (t_excel.c reads it through), not JSON */
			snprintf(n, sizeof n, "%s: Content-Type of an XLSX workbook", name);
			expect_type(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", n);
			snprintf(n, sizeof n, "%s: the body is a zip", name);
			t_check(r->len > 100 && memcmp(r->body, "PK\3\4", 4) == 0, n, "%zu bytes", r->len);
			resp_free(r);
			continue;
		}
		if (strcmp(path, "/api/v1/admin/backup") == 0) {
			/* the one download: a SQLite file, not JSON */
			snprintf(n, sizeof n, "%s: Content-Type application/vnd.sqlite3", name);
			expect_type(r, "application/vnd.sqlite3", n);
			snprintf(n, sizeof n, "%s: the body is a SQLite database", name);
			t_check(r->len > 100 && memcmp(r->body, "SQLite format 3", 16) == 0, n,
			        "%zu bytes, not a SQLite file", r->len);
			resp_free(r);
			continue;
		}
		snprintf(n, sizeof n, "%s: Content-Type application/json", name);
		expect_type(r, "application/json", n);
		snprintf(n, sizeof n, "%s: the body is a JSON object", name);
		ok = t_check(json_is_object(r->json), n, "%s", excerpt(r)) && ok;
		if (ok)
			check_shape(path, r->json, name);
		resp_free(r);
	}
	t_note("%d GET routes in openapi.json", routes);

	/* search: a 2-character query scans, 3 or more use the trigram index */
	static const struct {
		const char *q, *kind, *code, *why;
	} searches[] = {
		{"消防", "task", TASK, "2 characters"},
		{"应急", "department", DEPT, "2 characters"},
		{"消防安全", "task", TASK, "4 characters (trigram index)"},
		{"中华人民共和国消防法", "basis", BASIS, "a basis' title"},
	};
	for (size_t i = 0; i < sizeof searches / sizeof searches[0]; i++) {
		char *q = esc(searches[i].q), url[300], name[200];
		snprintf(url, sizeof url, "/api/v1/search?q=%s", q);
		free(q);
		struct resp *r = GET(url);
		snprintf(name, sizeof name, "search q=%s (%s) finds %s %s", searches[i].q,
		         searches[i].why, searches[i].kind, searches[i].code);
		t_check(r->status == 200 && found(r->json, searches[i].kind, searches[i].code), name,
		        "%ld: %s", r->status, excerpt(r));
		resp_free(r);
	}
	struct resp *r = GET("/api/v1/search?q=");
	t_check(r->status == 200 && json_array_size(json_object_get(r->json, "results")) == 0,
	        "search with an empty q answers 200 with no results", "%ld: %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET("/api/v1/search?q=%E7%81%AB"); /* 火: one character */
	expect_status(r, 200, "search with a 1-character query answers 200");
	resp_free(r);
	r = GET("/api/v1/search?q=%22%20OR%20*%20NEAR(");
	expect_status(r, 200, "search with FTS5 syntax in q answers 200 (the query is quoted)");
	resp_free(r);

	/* not found, as JSON */
	static const char *const missing[] = {"/api/v1/nope", "/api/v1/tasks/NOPE-99",
	                                      "/api/v1/towns/999999999",
	                                      "/api/v1/towns/999999999/list",
	                                      "/api/v1/bases/B999", "/api/v1/guides/ZL-07", NULL};
	for (int i = 0; missing[i]; i++) {
		char name[160];
		r = GET(missing[i]);
		snprintf(name, sizeof name, "GET %s: 404 JSON error not_found", missing[i]);
		expect_json_error(r, 404, "not_found", NULL, name);
		snprintf(name, sizeof name, "GET %s: Content-Type application/json", missing[i]);
		expect_type(r, "application/json", name);
		resp_free(r);
	}
	r = GET("/api/v1/towns/" TOWN "/list?version=99");
	expect_json_error(r, 404, "not_found", "version", "a list version that does not exist: 404 naming version");
	resp_free(r);
	r = http(&(struct req){.method = "HEAD", .path = "/api/v1/towns"});
	t_check(r->status == 200 && r->len == 0, "HEAD /api/v1/towns: 200 without a body",
	        "%ld, %zu bytes", r->status, r->len);
	resp_free(r);
}

/* Follows next_cursor from ?limit=N, returning the codes seen in order
 * (a JSON array) and the number of pages. */
static json_t *walk(const char *collection, const char *key, int limit, int *pages,
                    char *problem, size_t psz)
{
	json_t *codes = json_array();
	char cursor[64] = "";
	*pages = 0;
	problem[0] = '\0';
	for (int guard = 0; guard < 500; guard++) {
		char url[200];
		snprintf(url, sizeof url, "/api/v1/%s?limit=%d%s%s", collection, limit,
		         cursor[0] ? "&cursor=" : "", cursor);
		struct resp *r = GET(url);
		json_t *page = json_object_get(r->json, key);
		if (r->status != 200 || !json_is_array(page)) {
			snprintf(problem, psz, "%s: %ld %s", url, r->status, excerpt(r));
			resp_free(r);
			break;
		}
		(*pages)++;
		if (json_array_size(page) > (size_t)limit)
			snprintf(problem, psz, "%s: %zu items on a page of %d", url,
			         json_array_size(page), limit);
		size_t i;
		json_t *x;
		json_array_foreach(page, i, x) json_array_append_new(codes, json_string(jstr(x, "code")
		                                                                     ? jstr(x, "code")
		                                                                     : "?"));
		const char *next = jstr(r->json, "next_cursor");
		if (next && json_array_size(page) == 0)
			snprintf(problem, psz, "%s: an empty page with a next_cursor", url);
		if (!next || problem[0]) {
			resp_free(r);
			break;
		}
		snprintf(cursor, sizeof cursor, "%s", next);
		resp_free(r);
	}
	return codes;
}

void test_pagination(void)
{
	struct resp *r = GET("/api/v1/tasks?limit=10");
	json_t *page = json_object_get(r->json, "tasks");
	t_check(r->status == 200 && json_array_size(page) == 10 && jstr(r->json, "next_cursor"),
	        "GET /api/v1/tasks?limit=10: 10 tasks and a next_cursor", "%ld: %zu tasks, next %s",
	        r->status, json_array_size(page), jstr(r->json, "next_cursor") ? "set" : "missing");
	t_check(jstr(r->json, "next_cursor") && jstr(json_array_get(page, 9), "code") &&
	                strcmp(jstr(r->json, "next_cursor"), jstr(json_array_get(page, 9), "code")) == 0,
	        "next_cursor is the last code of the page", "it is %s",
	        jstr(r->json, "next_cursor") ? jstr(r->json, "next_cursor") : "(none)");
	resp_free(r);

	r = GET("/api/v1/tasks?limit=1000");
	json_t *all = json_object_get(r->json, "tasks");
	size_t total = json_array_size(all);
	t_check(r->status == 200 && total == 112, "GET /api/v1/tasks?limit=1000: all 112 tasks",
	        "%ld: %zu", r->status, total);

	static const int limits[] = {10, 1, 7, 111, 112};
	for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
		int pages;
		char problem[300], name[160];
		json_t *codes = walk("tasks", "tasks", limits[l], &pages, problem, sizeof problem);
		snprintf(name, sizeof name,
		         "following next_cursor with limit=%d visits all %zu tasks exactly once, in order",
		         limits[l], total);
		bool same = json_array_size(codes) == total;
		for (size_t i = 0; same && i < total; i++)
			same = strcmp(json_string_value(json_array_get(codes, i)),
			              jstr(json_array_get(all, i), "code")) == 0;
		size_t want_pages = (total + (size_t)limits[l] - 1) / (size_t)limits[l];
		if (problem[0])
			t_fail(name, "%s", problem);
		else
			t_check(same && (size_t)pages == want_pages, name,
			        "%zu codes over %d pages (wanted %zu pages); same as the full listing: %s",
			        json_array_size(codes), pages, want_pages, same ? "yes" : "no");
		json_decref(codes);
	}
	resp_free(r);

	int pages;
	char problem[300];
	json_t *codes = walk("towns", "towns", 4, &pages, problem, sizeof problem);
	t_check(!problem[0] && json_array_size(codes) == 6 && pages == 2,
	        "following next_cursor over /api/v1/towns?limit=4: 6 towns on 2 pages",
	        "%zu towns on %d pages %s", json_array_size(codes), pages, problem);
	json_decref(codes);

	r = GET("/api/v1/tasks?cursor=ZZZZ");
	t_check(r->status == 200 && json_array_size(json_object_get(r->json, "tasks")) == 0 &&
	                !jstr(r->json, "next_cursor"),
	        "a cursor past the end: an empty page, no next_cursor", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);

	static const struct {
		const char *query, *why;
	} bad[] = {
		{"limit=0", "zero"},
		{"limit=abc", "not a number"},
		{"limit=-1", "negative"},
		{"limit=1001", "above the maximum 1000"},
		{"limit=99999999999999999999", "overflows"},
		{"limit=10x", "trailing letters"},
		{"limit=", "empty"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char url[120], name[160];
		snprintf(url, sizeof url, "/api/v1/tasks?%s", bad[i].query);
		r = GET(url);
		snprintf(name, sizeof name, "GET /api/v1/tasks?%s (%s): 422 naming limit",
		         bad[i].query, bad[i].why);
		if (strcmp(bad[i].query, "limit=") == 0) {
			/* an empty value is documented as an absent one (router.c) */
			snprintf(name, sizeof name, "GET /api/v1/tasks?limit= (empty): taken as absent, 200");
			expect_status(r, 200, name);
		} else {
			expect_json_error(r, 422, "invalid", "limit", name);
		}
		resp_free(r);
	}
	r = GET("/api/v1/tasks?cursor=a%2Fb");
	expect_json_error(r, 422, "invalid", "cursor", "GET /api/v1/tasks?cursor=a/b: 422 naming cursor");
	resp_free(r);
	r = GET("/api/v1/towns?limit=0");
	expect_json_error(r, 422, "invalid", "limit", "GET /api/v1/towns?limit=0: 422 naming limit");
	resp_free(r);
}
