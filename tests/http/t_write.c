/* t_write.c - every non-GET route in openapi.json refuses whoever may not
 * write, refuses a bad field by name, and leaves the database as it was.
 *
 * The office's write API (POST /api/v1/tasks, PUT /api/v1/tasks/{code},
 * ...) is being written; this file finds its routes in openapi.json, so
 * each new one is checked without a change here.  With none yet the loop
 * runs zero times and says so. */
#include "http_test.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct jar g_office_session; /* an office user's web session */

/* Appends s to a growing string. */
static void append(char **text, size_t *len, const char *s, size_t n)
{
	char *grown = realloc(*text, *len + n + 1);
	if (!grown)
		abort();
	*text = grown;
	memcpy(*text + *len, s, n);
	*len += n;
	(*text)[*len] = '\0';
}

/* What a write could change, as text: the listings, the towns' lists, a
 * task, and (with sqlite3) the row counts and the audit chain's head. */
static char *snapshot(void)
{
	static const char *const reads[] = {
		"/api/v1/tasks?limit=1000", "/api/v1/bases?limit=1000", "/api/v1/departments?limit=1000",
		"/api/v1/towns?limit=1000", "/api/v1/tasks/" TASK, "/api/v1/bases/" BASIS,
		"/api/v1/departments/" DEPT,
		"/api/v1/towns/231086100/list", "/api/v1/towns/231086101/list",
		"/api/v1/towns/231086102/list", "/api/v1/towns/231086103/list",
		"/api/v1/towns/231086104/list", "/api/v1/towns/231086105/list", NULL};
	char *text = NULL;
	size_t len = 0;
	for (int i = 0; reads[i]; i++) {
		struct resp *r = GET_as(reads[i], E.tok_office);
		char line[200];
		int n = snprintf(line, sizeof line, "\n== %s %ld\n", reads[i], r->status);
		append(&text, &len, line, (size_t)n);
		append(&text, &len, r->body, r->len);
		resp_free(r);
	}
	if (E.have_sqlite3) {
		char out[4096];
		static const char counts[] =
			"SELECT 'audit', count(*), coalesce(max(id), 0) FROM audit;"
			"SELECT 'head', coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '');"
			"SELECT 'task', count(*) FROM task; SELECT 'task_rev', count(*) FROM task_rev;"
			"SELECT 'basis', count(*) FROM basis; SELECT 'department', count(*) FROM department;"
			"SELECT 'town', count(*) FROM town; SELECT 'list_version', count(*) FROM list_version;"
			"SELECT 'list_item', count(*) FROM list_item;";
		if (!sql(counts, out, sizeof out))
			snprintf(out, sizeof out, "sqlite3 failed");
		append(&text, &len, "\n== sqlite3\n", 12);
		append(&text, &len, out, strlen(out));
	}
	return text;
}

/* The first line where two snapshots differ, for the message. */
static void first_difference(const char *a, const char *b, char *out, size_t outsz)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	size_t start = i;
	while (start > 0 && a[start - 1] != '\n')
		start--;
	/* the section header above it */
	const char *section = a;
	for (const char *p = a; p < a + start; p++)
		if (p[0] == '\n' && p[1] == '=' && p[2] == '=')
			section = p + 1;
	snprintf(out, outsz, "in %.*s: before \"%.60s\", after \"%.60s\"",
	         (int)strcspn(section, "\n"), section, a + i, b + i);
}

static void unchanged(const char *before, const char *after_what)
{
	char *after = snapshot();
	char name[300], diff[400] = "";
	snprintf(name, sizeof name, "%s: the database is unchanged", after_what);
	bool same = strcmp(before, after) == 0;
	if (!same)
		first_difference(before, after, diff, sizeof diff);
	t_check(same, name, "%s", diff);
	free(after);
}

static bool role_may(const json_t *op, const char *role)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(op, "x-roles"), i, r) {
		if (json_string_value(r) && strcmp(json_string_value(r), role) == 0)
			return true;
	}
	return false;
}

/* The path with the caller's own town or department swapped for another,
 * so that a role the route admits is refused by scope; false when the path
 * names no town or department. */
static bool other_scope(const char *path, const char *collection, const char *own,
                        const char *other, char *out, size_t outsz)
{
	char needle[64];
	snprintf(needle, sizeof needle, "/%s/%s", collection, own);
	const char *at = strstr(path, needle);
	if (!at)
		return false;
	snprintf(out, outsz, "%.*s/%s/%s%s", (int)(at - path), path, collection, other,
	         at + strlen(needle));
	return true;
}

static struct resp *send_write(const char *method, const char *path, const char *body,
                               const char *bearer, struct jar *jar)
{
	return http(&(struct req){.method = method, .path = path, .body = body,
	                          .content_type = "application/json", .bearer = bearer,
	                          .jar = jar});
}

/* The body with its field naming the caller's scope ("town" for towns,
 * "department" for departments) set to another's code (malloc'd), or NULL
 * when the body has no such field. */
static char *other_body_scope(const char *body, const char *collection, const char *other,
                              char *field, size_t fieldsz)
{
	json_t *b = body ? json_loads(body, 0, NULL) : NULL;
	snprintf(field, fieldsz, "%.*s", (int)strlen(collection) - 1, collection);
	char *text = NULL;
	if (json_is_object(b) && json_object_get(b, field)) {
		json_object_set_new(b, field, json_string(other));
		text = json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
	json_decref(b);
	return text;
}

/* One role that must be refused with 403: a role x-roles does not admit,
 * or one it admits, for another's town or department than its own (the
 * route's scope: a path segment /towns/{town}, or the body's town). */
static void refuse_role(const char *method, const char *tmpl, const char *path,
                        const char *body, const json_t *op, const char *role,
                        const char *token, const char *collection, const char *own,
                        const char *other, const char *before)
{
	char name[300], scoped[300], field[32] = "";
	const char *target = path, *how = "";
	char *scoped_body = NULL;
	if (role_may(op, role)) {
		if (collection && other_scope(path, collection, own, other, scoped, sizeof scoped)) {
			target = scoped; /* admitted for its own, refused for another */
			how = " (another's scope)";
		} else if (collection && (scoped_body = other_body_scope(body, collection, other, field,
		                                                          sizeof field)) != NULL) {
			body = scoped_body;
			how = " (another's scope in the body)";
		} else {
			t_note("%s %s: x-roles admits %s and neither the path nor the body names its %s; "
			       "403 not checked",
			       method, tmpl, role, collection ? field : "scope");
			return;
		}
	}
	struct resp *r = send_write(method, target, body, token, NULL);
	snprintf(name, sizeof name, "%s %s with a %s token%s: 403", method, tmpl, role, how);
	expect_json_error(r, 403, "forbidden", scoped_body ? field : NULL, name);
	resp_free(r);
	free(scoped_body);
	snprintf(name, sizeof name, "%s %s refused to %s", method, tmpl, role);
	unchanged(before, name);
}

/* Every way a write must be refused, each leaving the database as it was:
 * anonymous 401, a session cookie 401 (the API takes tokens only),
 * township/department/supervisor tokens 403, a body that is not an
 * object 400, and a bad field 400/422 naming it.  `path` is the template
 * from openapi.json; `body` a valid-looking JSON object for it. */
void check_write_refusals(const char *method, const char *path, const char *body)
{
	char real[300], name[300], lower[16];
	size_t m;
	for (m = 0; method[m] && m + 1 < sizeof lower; m++)
		lower[m] = (char)tolower((unsigned char)method[m]);
	lower[m] = '\0';
	const json_t *op = jget(json_object_get(json_object_get(g_openapi, "paths"), path), lower);
	snprintf(name, sizeof name, "%s %s: a code is known for its parameters", method, path);
	if (!t_check(api_substitute(path, real, sizeof real), name, "no code for %s", path))
		return;
	char *before = snapshot();

	struct resp *r = send_write(method, real, body, NULL, NULL);
	snprintf(name, sizeof name, "%s %s anonymous: 401", method, path);
	expect_json_error(r, 401, "unauthenticated", NULL, name);
	resp_free(r);
	snprintf(name, sizeof name, "%s %s refused to anonymous", method, path);
	unchanged(before, name);

	if (jar_get(&g_office_session, "sid")) {
		r = send_write(method, real, body, NULL, &g_office_session);
		snprintf(name, sizeof name, "%s %s with an office session cookie, no token: 401",
		         method, path);
		expect_json_error(r, 401, "unauthenticated", NULL, name);
		resp_free(r);
		snprintf(name, sizeof name, "%s %s refused to a session cookie", method, path);
		unchanged(before, name);
	}

	refuse_role(method, path, real, body, op, "township", E.tok_township, "towns", TOWN,
	            OTHER_TOWN, before);
	refuse_role(method, path, real, body, op, "department", E.tok_department, "departments",
	            DEPT, OTHER_DEPT, before);
	refuse_role(method, path, real, body, op, "supervisor", E.tok_supervisor, NULL, NULL, NULL,
	            before);

	/* a caller who may write (the first role x-roles admits), with a bad body */
	const struct {
		const char *role, *token;
	} writers[] = {{"office", E.tok_office},         {"admin", E.tok_admin},
	               {"department", E.tok_department}, {"township", E.tok_township},
	               {"supervisor", E.tok_supervisor}};
	const char *writer = E.tok_office;
	if (json_object_get(op, "x-roles"))
		for (size_t w = sizeof writers / sizeof writers[0]; w-- > 0;)
			if (role_may(op, writers[w].role))
				writer = writers[w].token;
	r = send_write(method, real, "[1]", writer, NULL);
	snprintf(name, sizeof name, "%s %s with a body that is not an object: 400 naming body",
	         method, path);
	expect_json_error(r, 400, NULL, "body", name);
	resp_free(r);
	snprintf(name, sizeof name, "%s %s refused a non-object body", method, path);
	unchanged(before, name);

	json_t *good = body ? json_loads(body, 0, NULL) : NULL;
	void *first = json_is_object(good) ? json_object_iter(good) : NULL;
	const char *field = first ? json_object_iter_key(first) : NULL;
	if (field) {
		json_t *bad = json_deep_copy(good);
		json_object_set_new(bad, field, json_pack("[i]", 1)); /* the wrong JSON type */
		char *text = json_dumps(bad, JSON_COMPACT | JSON_PRESERVE_ORDER);
		r = send_write(method, real, text, writer, NULL);
		snprintf(name, sizeof name, "%s %s with %s of the wrong type: 400/422 naming %s",
		         method, path, field, field);
		const char *got = jstr(r->json, "error.field");
		/* a list field may name the element at fault: field[0] */
		size_t flen = strlen(field);
		bool names = got && (strcmp(got, field) == 0 ||
		                     (strncmp(got, field, flen) == 0 && strcmp(got + flen, "[0]") == 0));
		t_check((r->status == 400 || r->status == 422) && names, name,
		        "%ld, error.field %s: %s", r->status, got ? got : "(none)", excerpt(r));
		resp_free(r);
		snprintf(name, sizeof name, "%s %s refused a bad %s", method, path, field);
		unchanged(before, name);
		free(text);
		json_decref(bad);
	} else {
		t_note("%s %s: no body fields declared; the bad-field check does not apply", method,
		       path);
	}
	json_decref(good);
	free(before);
}

/* A valid-looking body for an operation, from its requestBody schema. */
static char *body_for(const json_t *op)
{
	/* by hand: jget would split the media type's name at its dot */
	json_t *content = jget(op, "requestBody.content");
	json_t *schema = json_object_get(json_object_get(content, "application/json"), "schema");
	json_t *props = json_object_get(schema, "properties");
	json_t *body = json_object();
	const char *name;
	json_t *p;
	json_object_foreach(props, name, p) {
		const char *type = jstr(p, "type"), *format = jstr(p, "format");
		json_t *v;
		if (type && strcmp(type, "integer") == 0) {
			json_t *min = json_object_get(p, "minimum");
			v = json_integer(json_is_integer(min) && json_integer_value(min) > 1
			                         ? json_integer_value(min)
			                         : 1);
		} else if (type && strcmp(type, "boolean") == 0) {
			v = json_true();
		} else if (type && strcmp(type, "object") == 0) {
			v = json_object();
		} else if (type && strcmp(type, "array") == 0) {
			v = json_pack("[s]", "HTTPTEST-1");
		} else if (format && strcmp(format, "date") == 0) {
			v = json_string("2026-01-01");
		} else if (json_object_get(p, "pattern")) {
			v = json_string("HTTPTEST-1");
		} else {
			v = json_string("http test");
		}
		json_object_set_new(body, name, v);
	}
	char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(body);
	return text;
}

/* ---- the HTML forms that write (not in openapi.json) ---- */

/* Each with a body that would be a valid write, so that a refusal that
 * let it through would show in the snapshot. */
static const struct {
	const char *path, *body;
	bool admin_only;
} forms[] = {
	{"/tasks/new", "code=ZL-98&category=%E7%A4%BE%E4%BC%9A%E6%B2%BB%E7%90%86&duty=x&name=x"
	               "&list_type=%E5%9F%BA%E6%9C%AC%E5%B1%A5%E8%81%8C&applies_to=%E5%85%A8%E9%83%A8"
	               "&bases=" BASIS, false},
	{"/tasks/" TASK "/edit", "category=%E7%A4%BE%E4%BC%9A%E6%B2%BB%E7%90%86&duty=x&name=x"
	                         "&list_type=%E5%9F%BA%E6%9C%AC%E5%B1%A5%E8%81%8C"
	                         "&applies_to=%E5%85%A8%E9%83%A8&bases=" BASIS, false},
	{"/bases/new", "code=B995&kind=%E6%B3%95%E5%BE%8B&title=x&issuer=x&level=%E5%9B%BD%E5%AE%B6"
	               "&effective_date=2020-01-01&status=%E7%8E%B0%E8%A1%8C%E6%9C%89%E6%95%88", false},
	{"/bases/" BASIS "/edit", "kind=%E6%B3%95%E5%BE%8B&title=x&issuer=x&level=%E5%9B%BD%E5%AE%B6"
	                          "&effective_date=2021-04-29&status=%E7%8E%B0%E8%A1%8C%E6%9C%89%E6%95%88",
	 false},
	{"/departments/new", "code=D95&name=x", false},
	{"/departments/" DEPT "/edit", "name=x", false},
	{"/towns/new", "code=231086199&name=x&kind=%E9%95%87&population=1&area_km2=1", false},
	{"/towns/" TOWN "/edit", "name=x&kind=%E9%95%87&population=1&area_km2=1", false},
	{"/users", "name=csrfuser&role=office", true},
	{"/users/" VICTIM "/disable", "", true},
};

static struct jar g_township_session, g_admin_session;

static struct resp *post_form(const char *path, struct jar *jar, const char *csrf,
                              const char *fields)
{
	char body[1200];
	snprintf(body, sizeof body, "%s%s%s%s", csrf ? "csrf=" : "", csrf ? csrf : "",
	         csrf && *fields ? "&" : "", fields);
	return http(&(struct req){.method = "POST", .path = path, .body = body, .jar = jar,
	                          .content_type = "application/x-www-form-urlencoded"});
}

/* The session's csrf token, from any page's logout form. */
static bool session_csrf(struct jar *jar, char *out, size_t outsz)
{
	struct resp *r = GET_jar("/", jar);
	bool ok = form_value(r, "action=\"/logout\"", "csrf", out, outsz);
	resp_free(r);
	return ok;
}

static void check_form_refusals(void)
{
	char town_csrf[80] = "";
	bool township = session_csrf(&g_township_session, town_csrf, sizeof town_csrf);
	t_check(township, "a township user (town1) is logged in for the form checks", "no session");
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		const char *path = forms[i].path;
		char name[200];
		char *before = snapshot();

		/* anonymous, with a proper anonymous form token */
		struct jar anon = {0};
		resp_free(GET_jar("/login", &anon));
		struct resp *r = post_form(path, &anon, jar_get(&anon, "csrf"), forms[i].body);
		snprintf(name, sizeof name, "form POST %s anonymous: 401", path);
		expect_status(r, 401, name);
		resp_free(r);
		snprintf(name, sizeof name, "form POST %s refused to anonymous", path);
		unchanged(before, name);

		if (township) {
			r = post_form(path, &g_township_session, town_csrf, forms[i].body);
			snprintf(name, sizeof name, "form POST %s by a township user (with its token): 403",
			         path);
			expect_status(r, 403, name);
			resp_free(r);
			snprintf(name, sizeof name, "form POST %s refused to a township user", path);
			unchanged(before, name);
		}

		/* one who may, without the token: CSRF */
		struct jar *writer = forms[i].admin_only ? &g_admin_session : &g_office_session;
		r = post_form(path, writer, NULL, forms[i].body);
		snprintf(name, sizeof name, "form POST %s by %s without the csrf token: 403", path,
		         forms[i].admin_only ? "an admin" : "the office");
		expect_status(r, 403, name);
		resp_free(r);
		r = post_form(path, writer, jar_get(writer, "sid"), forms[i].body);
		snprintf(name, sizeof name, "form POST %s with the session id as the token: 403", path);
		expect_status(r, 403, name);
		resp_free(r);
		snprintf(name, sizeof name, "form POST %s refused without the token", path);
		unchanged(before, name);
		free(before);
	}
}

/* ---- writes that succeed: the control for every refusal above ---- */

static struct resp *api(const char *method, const char *path, const char *body,
                        const char *bearer)
{
	return send_write(method, path, body, bearer, NULL);
}

static void last_audit(const char *want, const char *name)
{
	if (!E.have_sqlite3)
		return;
	char out[512] = "";
	sql("SELECT actor || ' ' || action || ' ' || object FROM audit ORDER BY id DESC LIMIT 1;",
	    out, sizeof out);
	out[strcspn(out, "\n")] = '\0';
	t_check(strcmp(out, want) == 0, name, "the last audit row is \"%s\", wanted \"%s\"", out,
	        want);
}

static void api_writes(void)
{
	struct resp *r = api("POST", "/api/v1/departments",
	                     "{\"code\":\"D90\",\"name\":\"市测试局\",\"dispatched_agency\":\"\"}",
	                     E.tok_office);
	t_check(r->status == 201 && jstr(r->json, "code") && strcmp(jstr(r->json, "code"), "D90") == 0,
	        "POST /api/v1/departments by the office: 201 with the new department",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	last_audit("off1 department.create department:D90", "the API create of D90 is audited as off1's department.create");
	int seen = 0;
	for (int i = 0; i < 10; i++) { /* fresh connections, spread over the server's threads */
		r = GET("/api/v1/departments/D90");
		seen += r->status == 200;
		resp_free(r);
	}
	t_check(seen == 10, "every thread's connection reads D90 at once", "%d of 10", seen);

	char *before = snapshot();
	r = api("POST", "/api/v1/departments", "{\"code\":\"D90\",\"name\":\"又一个\"}", E.tok_office);
	expect_json_error(r, 409, "conflict", "code", "creating D90 again: 409 naming code");
	resp_free(r);
	unchanged(before, "a refused duplicate create");
	r = api("PUT", "/api/v1/departments/D98", "{\"name\":\"没有\"}", E.tok_office);
	expect_json_error(r, 404, "not_found", NULL, "PUT a department that does not exist: 404");
	resp_free(r);
	unchanged(before, "a refused update of nothing");
	/* 职责法定: ZL-07 rests on B010 alone, so B010 cannot be repealed */
	r = api("PUT", "/api/v1/bases/" BASIS,
	        "{\"kind\":\"法律\",\"title\":\"中华人民共和国消防法\",\"doc_no\":\"\","
	        "\"issuer\":\"全国人民代表大会常务委员会\",\"level\":\"国家\","
	        "\"effective_date\":\"2021-04-29\",\"status\":\"已废止\"}",
	        E.tok_office);
	t_check(r->status == 422 && jstr(r->json, "error.field"),
	        "repealing B010, the sole basis of ZL-07: 422 naming a field", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	unchanged(before, "a refused repeal");
	r = api("POST", "/api/v1/tasks",
	        "{\"code\":\"ZL-97\",\"category\":\"社会治理\",\"duty\":\"x\",\"name\":\"x\","
	        "\"list_type\":\"基本履职\",\"township_part\":\"x\",\"applies_to\":\"全部\","
	        "\"bases\":\"B999\"}",
	        E.tok_office);
	t_check(r->status == 422 && jstr(r->json, "error.field") &&
	                strcmp(jstr(r->json, "error.field"), "bases") == 0,
	        "a task on a basis that does not exist: 422 naming bases", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	unchanged(before, "a refused task");
	free(before);

	/* rule 2: a published version never changes when the catalogue does */
	r = api("POST", "/api/v1/tasks",
	        "{\"code\":\"ZL-96\",\"category\":\"社会治理\",\"duty\":\"消防安全\","
	        "\"name\":\"新增的任务\",\"list_type\":\"基本履职\",\"township_part\":\"x\","
	        "\"applies_to\":\"全部\",\"bases\":\"" BASIS "\"}",
	        E.tok_office);
	expect_status(r, 201, "POST /api/v1/tasks (ZL-96, for every town): 201");
	resp_free(r);
	r = api("PUT", "/api/v1/tasks/" TASK,
	        "{\"category\":\"社会治理\",\"duty\":\"消防安全\",\"name\":\"改过的名称\","
	        "\"list_type\":\"基本履职\",\"township_part\":\"x\",\"applies_to\":\"全部\","
	        "\"bases\":\"" BASIS ":第三十二条\"}",
	        E.tok_office);
	t_check(r->status == 200 && jstr(r->json, "name") && strcmp(jstr(r->json, "name"), "改过的名称") == 0,
	        "PUT /api/v1/tasks/ZL-07 renames it: 200", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET("/api/v1/towns/" TOWN "/list");
	json_t *items = json_object_get(r->json, "items");
	const char *old_name = NULL;
	size_t k;
	json_t *it;
	json_array_foreach(items, k, it) if (jstr(it, "code") && strcmp(jstr(it, "code"), TASK) == 0)
		old_name = jstr(it, "name");
	t_check(r->status == 200 && json_array_size(items) == 109 && old_name &&
	                strcmp(old_name, "开展消防安全宣传和隐患排查") == 0,
	        "the published list of 绥阳镇 is unchanged: 109 items, ZL-07 under its old name",
	        "%ld, %zu items, ZL-07 named %s", r->status, json_array_size(items),
	        old_name ? old_name : "(absent)");
	resp_free(r);

	/* stored text comes back escaped on every page that shows it */
	r = api("PUT", "/api/v1/departments/D90",
	        "{\"name\":\"<script>alert(1)</script>局\",\"dispatched_agency\":\"\\\"><img src=x onerror=alert(1)>\"}",
	        E.tok_office);
	expect_status(r, 200, "PUT /api/v1/departments/D90 with markup in its name: 200");
	resp_free(r);
	static const char *const shows[] = {"/departments/D90", "/departments",
	                                    "/search?q=alert", NULL};
	for (int i = 0; shows[i]; i++) {
		char name[160];
		r = GET(shows[i]);
		snprintf(name, sizeof name, "GET %s shows the stored markup only escaped", shows[i]);
		t_check(r->status == 200 && !strstr(r->body, "<script>alert") &&
		                !strstr(r->body, "<img src=x") &&
		                strstr(r->body, "&lt;script&gt;alert(1)&lt;/script&gt;"),
		        name, "%ld: %s", r->status,
		        strstr(r->body, "<script>alert") || strstr(r->body, "<img src=x")
		                ? "the raw markup is in the page"
		                : "the escaped name is missing");
		resp_free(r);
	}
}

static void form_writes(void)
{
	struct resp *r = GET_jar("/departments/new", &g_office_session);
	char csrf[80] = "";
	t_check(r->status == 200 && form_value(r, "action=\"/departments/new\"", "csrf", csrf,
	                                       sizeof csrf),
	        "GET /departments/new (office): the form with the session's token", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	char *before = snapshot();
	r = post_form("/departments/new", &g_office_session, csrf,
	              "code=" DEPT "&name=%E9%87%8D%E5%A4%8D%E7%9A%84");
	t_check(r->status == 409 && strstr(r->body, "class=\"error\"") &&
	                strstr(r->body, "action=\"/departments/new\"") &&
	                strstr(r->body, "value=\"重复的\""),
	        "the form with a code in use: 409, the form again with the error and what was typed",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	unchanged(before, "a refused form (code in use)");
	r = post_form("/departments/new", &g_office_session, csrf, "code=D91&name=");
	t_check(r->status == 422 && strstr(r->body, "class=\"error\"") &&
	                strstr(r->body, "action=\"/departments/new\"") &&
	                strstr(r->body, "value=\"D91\""),
	        "the form with the name left empty: 422, the form again with the error and the "
	        "typed code",
	        "%ld, %s", r->status,
	        strstr(r->body, "action=\"/departments/new\"")
	                ? excerpt(r)
	                : "the generic error page instead of the form: what was typed is lost");
	resp_free(r);
	unchanged(before, "a refused form (empty name)");
	free(before);
	r = post_form("/departments/new", &g_office_session, csrf,
	              "code=D91&name=%E5%B8%82%E8%A1%A8%E5%8D%95%E5%B1%80");
	const char *loc = header(r, "Location");
	t_check(r->status == 303 && loc && strcmp(loc, "/departments/D91?saved=1") == 0,
	        "the form with its token: 303 to /departments/D91 (saying it was saved)",
	        "%ld, Location %s", r->status,
	        loc ? loc : "(none)");
	resp_free(r);
	r = GET("/api/v1/departments/D91");
	t_check(r->status == 200 && jstr(r->json, "name") && strcmp(jstr(r->json, "name"), "市表单局") == 0,
	        "D91, made by the form, exists", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	last_audit("off1 department.create department:D91", "the form's create of D91 is audited as off1's");
}

static void user_writes(void)
{
	struct resp *r = api("POST", "/api/v1/users", "{\"name\":\"frank\",\"role\":\"office\"}",
	                     E.tok_admin);
	char password_buf[200] = "";
	const char *password = NULL;
	if (jstr(r->json, "password")) {
		snprintf(password_buf, sizeof password_buf, "%s", jstr(r->json, "password"));
		password = password_buf;
	}
	t_check(r->status == 201 && password && strlen(password) >= 10,
	        "POST /api/v1/users by the admin: 201 with a one-time password", "%ld %s",
	        r->status, excerpt(r));
	if (password) {
		struct jar jar = {0};
		struct resp *l = web_login(&jar, "frank", password, NULL);
		expect_status(l, 303, "frank logs in with the one-time password");
		resp_free(l);
	}
	resp_free(r);
	r = api("POST", "/api/v1/users/frank/disable", NULL, E.tok_admin);
	t_check(r->status == 200 && json_is_true(jget(r->json, "disabled")),
	        "POST /api/v1/users/frank/disable by the admin: 200, disabled", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	last_audit("adm1 user.disable user:frank", "the disable is audited as adm1's user.disable");
	if (password) {
		struct jar jar = {0};
		struct resp *l = web_login(&jar, "frank", password, NULL);
		expect_status(l, 401, "disabled frank can no longer log in");
		resp_free(l);
	}
	r = api("POST", "/api/v1/users", "{\"name\":\"gina\",\"role\":\"nobody\"}", E.tok_admin);
	expect_json_error(r, 422, "invalid", "role", "a user with an unknown role: 422 naming role");
	resp_free(r);
	r = api("POST", "/api/v1/users/adm1/disable", NULL, E.tok_admin);
	expect_json_error(r, 409, "conflict", "name", "an admin disabling themself: 409");
	resp_free(r);

	/* a name the path cannot carry: refuse it, or be able to disable it */
	static const char *const names[] = {"..", ".", NULL};
	for (int i = 0; names[i]; i++) {
		char body[80], path[80], name[160];
		snprintf(body, sizeof body, "{\"name\":\"%s\",\"role\":\"office\"}", names[i]);
		r = api("POST", "/api/v1/users", body, E.tok_admin);
		long created = r->status;
		resp_free(r);
		snprintf(name, sizeof name,
		         "a user named \"%s\" is refused (422), or can be disabled like any other",
		         names[i]);
		if (created != 201) {
			t_check(created == 422, name, "creating it answered %ld", created);
			continue;
		}
		snprintf(path, sizeof path, "/api/v1/users/%s/disable", names[i]);
		r = api("POST", path, NULL, E.tok_admin);
		struct resp *w = NULL;
		if (r->status != 200) {
			char web[80];
			snprintf(web, sizeof web, "/users/%s/disable", names[i]);
			char csrf[80] = "";
			session_csrf(&g_admin_session, csrf, sizeof csrf);
			w = post_form(web, &g_admin_session, csrf, "");
		}
		t_check(r->status == 200 || (w && w->status == 303), name,
		        "it was created (201), but POST %s answers %ld and the page's form %ld: "
		        "only the CLI can disable it",
		        path, r->status, w ? w->status : 0);
		resp_free(w);
		resp_free(r);
	}
}

void test_writes(void)
{
	if (!g_openapi) {
		t_fail("write routes", "openapi.json was not loaded");
		return;
	}
	static const struct {
		struct jar *jar;
		const char *user;
	} sessions[] = {{&g_office_session, "off1"},
	                {&g_township_session, "town1"},
	                {&g_admin_session, "adm1"}};
	for (size_t i = 0; i < sizeof sessions / sizeof sessions[0]; i++) {
		struct resp *r = web_login(sessions[i].jar, sessions[i].user, PASSWORD, NULL);
		if (r->status != 303)
			t_note("could not log in as %s (%ld)", sessions[i].user, r->status);
		resp_free(r);
	}
	int writes = 0;
	const char *path;
	json_t *item;
	json_object_foreach(json_object_get(g_openapi, "paths"), path, item) {
		const char *method;
		json_t *op;
		json_object_foreach(item, method, op) {
			if (strcmp(method, "get") == 0 || strcmp(method, "head") == 0 ||
			    strcmp(method, "parameters") == 0 || !json_is_object(op))
				continue;
			char upper[16];
			size_t i;
			for (i = 0; method[i] && i + 1 < sizeof upper; i++)
				upper[i] = (char)toupper((unsigned char)method[i]);
			upper[i] = '\0';
			if (!json_object_get(op, "security")) {
				/* anyone may: answering a public questionnaire (t_consult.c) */
				t_note("%s %s admits anonymous callers; its own file tests it", upper, path);
				continue;
			}
			char *body = body_for(op);
			check_write_refusals(upper, path, body);
			free(body);
			writes++;
		}
	}
	if (writes == 0)
		t_note("no write routes yet");
	else
		t_note("%d write routes in openapi.json checked", writes);
	check_form_refusals();
	/* last: these change the catalogue */
	api_writes();
	form_writes();
	user_writes();
}
