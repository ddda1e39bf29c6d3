/* t_input.c - hostile input: bad paths, big bodies, bad JSON, bad
 * parameters (400/422 naming the field), methods, and XSS: what a user
 * typed comes back escaped. */
#include "http_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The server must answer /healthz after each hostile request. */
static void still_alive(const char *after)
{
	char name[200];
	snprintf(name, sizeof name, "the server still answers /healthz after %s", after);
	t_check(healthy(), name, "it does not: it crashed or hangs");
}

static void bad_paths(void)
{
	static const struct {
		const char *path, *what;
	} bad[] = {
		{"/../etc/passwd", "/../etc/passwd"},
		{"/static/../web/templates/top.html", "a dot-dot under /static"},
		{"/towns/%2e%2e/", "/towns/%2e%2e/ (encoded dot-dot)"},
		{"/towns/%2E%2E", "/towns/%2E%2E"},
		{"/towns/./" TOWN, "a dot segment"},
		{"/towns/%FF", "invalid UTF-8 (%FF)"},
		{"/api/v1/towns/%C3%28", "invalid UTF-8 under /api/v1 (%C3%28)"},
		{"/api/v1/../../etc/passwd", "a dot-dot under /api/v1"},
		{"/%ED%A0%80", "a UTF-16 surrogate in UTF-8 (%ED%A0%80)"},
		{"/%C0%AF", "an overlong '/' (%C0%AF)"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[200];
		struct resp *r = GET(bad[i].path);
		snprintf(name, sizeof name, "GET %s: 400", bad[i].what);
		expect_status(r, 400, name);
		resp_free(r);
	}
	struct resp *r = GET("/api/v1/towns/%FF");
	expect_json_error(r, 400, "bad_request", "path",
	                  "an invalid path under /api/v1 answers a JSON 400 naming path");
	resp_free(r);
	still_alive("bad paths");

	/* a 5000-character path */
	char *longpath = malloc(5002);
	if (!longpath)
		abort();
	longpath[0] = '/';
	memset(longpath + 1, 'a', 5000);
	longpath[5001] = '\0';
	r = GET(longpath);
	expect_status_in(r, 400, 414, "GET a 5000-character path: 400 (or 414)");
	resp_free(r);
	memcpy(longpath, "/api/v1/", 8);
	r = GET(longpath);
	expect_status_in(r, 400, 414, "GET a 5000-character path under /api/v1: 400 (or 414)");
	resp_free(r);
	/* just under the router's limit, with many segments */
	for (int i = 0; i < 1000; i += 2)
		memcpy(longpath + i, "/a", 2);
	longpath[1000] = '\0';
	r = GET(longpath);
	expect_status_in(r, 400, 404, "GET a path of 500 segments: 400 or 404");
	resp_free(r);
	free(longpath);
	still_alive("long paths");

	r = GET("/towns/%00");
	expect_status_in(r, 400, 404, "GET /towns/%00 (a NUL): 400 or 404");
	resp_free(r);
	r = GET("/api/v1/tasks/ZL-07%00.json");
	expect_status_in(r, 400, 404, "GET /api/v1/tasks/ZL-07%00.json: 400 or 404, not the task");
	resp_free(r);
	still_alive("NUL bytes in paths");
}

static void bad_parameters(void)
{
	static const struct {
		const char *path, *field;
		long status;
	} bad[] = {
		{"/api/v1/tasks/ZL!07", "code", 422},
		{"/api/v1/tasks/" "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "code", 422}, /* 33 chars */
		{"/api/v1/towns/" TOWN "/list?version=abc", "version", 422},
		{"/api/v1/towns/" TOWN "/list?version=-1", "version", 422},
		{"/api/v1/tasks?category=%3Cb%3E", "category", 422},
		{"/api/v1/search?q=%FF", "q", 400},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[240];
		struct resp *r = GET(bad[i].path);
		snprintf(name, sizeof name, "GET %s: %ld naming %s", bad[i].path, bad[i].status,
		         bad[i].field);
		expect_json_error(r, bad[i].status, NULL, bad[i].field, name);
		resp_free(r);
	}
	/* q is at most 100 bytes */
	char url[400] = "/api/v1/search?q=";
	size_t n = strlen(url);
	memset(url + n, 'x', 101);
	url[n + 101] = '\0';
	struct resp *r = GET(url);
	expect_json_error(r, 422, "invalid", "q", "GET /api/v1/search with a 101-byte q: 422 naming q");
	resp_free(r);
	url[n + 100] = '\0';
	r = GET(url);
	expect_status(r, 200, "GET /api/v1/search with a 100-byte q: 200");
	resp_free(r);
	r = GET("/tasks/ZL!07");
	t_check(r->status == 422 && strstr(r->body, "<html"),
	        "GET /tasks/ZL!07 (a bad code on a page): 422 as a page", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	/* a query string of 20 000 bytes */
	char *big = malloc(20100);
	if (!big)
		abort();
	strcpy(big, "/search?q=");
	memset(big + 10, 'y', 20000);
	big[20010] = '\0';
	r = GET(big);
	expect_status_in(r, 422, 414, "GET /search with a 20 000-byte q: 422 (or 414)");
	resp_free(r);
	free(big);
	still_alive("long query strings");
}

static void bodies(void)
{
	/* 1.2 MiB: over the 1 MiB limit */
	size_t n = 1200 * 1024;
	char *big = malloc(n + 64);
	if (!big)
		abort();
	strcpy(big, "name=x&password=");
	memset(big + 16, 'a', n - 16);
	big[n] = '\0';
	struct resp *r = http(&(struct req){.method = "POST", .path = "/login", .body = big,
	                                    .content_type = "application/x-www-form-urlencoded"});
	expect_status_in(r, 400, 413, "POST /login with a 1.2 MiB form: 400 or 413");
	resp_free(r);
	still_alive("a 1.2 MiB form");
	memcpy(big, "{\"a\":\"", 6);
	strcpy(big + n - 2, "\"}");
	r = http(&(struct req){.method = "GET", .path = "/api/v1/towns", .body = big,
	                       .content_type = "application/json"});
	expect_status_in(r, 400, 413, "a 1.2 MiB JSON body to /api/v1/towns: 400 or 413");
	resp_free(r);
	r = http(&(struct req){.method = "POST", .path = "/login", .body = big,
	                       .content_type = "multipart/form-data; boundary=x"});
	expect_status_in(r, 400, 413, "POST /login with a 1.2 MiB multipart body: 400 or 413");
	resp_free(r);
	/* one form field of 200 KiB in many pieces */
	strcpy(big, "csrf=");
	memset(big + 5, 'c', 200 * 1024);
	big[5 + 200 * 1024] = '\0';
	r = http(&(struct req){.method = "POST", .path = "/login", .body = big,
	                       .content_type = "application/x-www-form-urlencoded"});
	expect_status(r, 403, "POST /login with a 200 KiB csrf field: 403 (not the token)");
	resp_free(r);
	free(big);
	still_alive("big bodies");

	/* a body that is not a JSON object: the router refuses it before any handler */
	static const char *const not_objects[] = {"[1]", "\"text\"", "42", "{", "{\"a\":1}x",
	                                          "{\"a\":1,\"a\":2}", NULL};
	for (int i = 0; not_objects[i]; i++) {
		char name[160];
		r = http(&(struct req){.method = "GET", .path = "/api/v1/towns",
		                       .body = not_objects[i], .content_type = "application/json"});
		snprintf(name, sizeof name, "an API body %s (not one JSON object): 400 naming body",
		         not_objects[i]);
		expect_json_error(r, 400, "bad_request", "body", name);
		resp_free(r);
	}
	still_alive("bad JSON bodies");
}

static void methods(void)
{
	static const struct {
		const char *method, *path;
	} bad[] = {
		{"DELETE", "/api/v1/towns"},       {"PATCH", "/api/v1/tasks"},
		{"DELETE", "/api/v1/tasks/" TASK}, {"PUT", "/api/v1/search"},
		{"POST", "/api/v1/openapi.json"},  {"POST", "/api/v1/towns/" TOWN "/list"},
		{"DELETE", "/towns/" TOWN},        {"PUT", "/login"},
		{"GET", "/logout"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[160];
		struct resp *r = http(&(struct req){.method = bad[i].method, .path = bad[i].path});
		snprintf(name, sizeof name, "%s %s (a method the path does not take): 400 or 405",
		         bad[i].method, bad[i].path);
		expect_status_in(r, 400, 405, name);
		resp_free(r);
	}
	struct resp *r = http(&(struct req){.method = "BREW", .path = "/"});
	t_check(r->status >= 400 && r->status < 500, "an unknown method BREW /: a 4xx", "%ld",
	        r->status);
	resp_free(r);
	still_alive("odd methods");
}

static void headers(void)
{
	/* a 100 KiB cookie header */
	size_t n = 100 * 1024;
	char *h = malloc(n + 32);
	if (!h)
		abort();
	strcpy(h, "Cookie: sid=");
	memset(h + 12, 'z', n);
	h[12 + n] = '\0';
	struct resp *r = http(&(struct req){.path = "/", .headers = {h}});
	t_check(r->status == 0 || r->status < 500, "a 100 KiB Cookie header: no 5xx",
	        "%ld", r->status);
	resp_free(r);
	free(h);
	r = http(&(struct req){.path = "/", .headers = {"Cookie: sid=" "\xff\xfe"}});
	expect_status(r, 200, "a session cookie that is not a session: the page as anonymous");
	resp_free(r);
	r = http(&(struct req){.path = "/", .headers = {"Accept-Language: "}});
	expect_status(r, 200, "an empty Accept-Language: 200");
	resp_free(r);
	still_alive("odd headers");
}

void test_input(void)
{
	bad_paths();
	bad_parameters();
	bodies();
	methods();
	headers();
}

/* ---- XSS ---- */

static const char *const payloads[] = {
	"<script>alert(1)</script>",
	"\"><img src=x onerror=alert(1)>",
	"'><svg onload=alert(1)>",
	NULL,
};

/* The dangerous raw text of a payload (what must never come back). */
static const char *raw_marker(const char *payload)
{
	return strstr(payload, "<script>") ? "<script>alert(1)"
	       : strstr(payload, "<img")   ? "<img src=x"
	                                   : "<svg onload";
}

/* GET prefix + the payload escaped. */
static void echo_check(const char *where, const char *prefix, const char *payload,
                       const char *escaped)
{
	char *q = esc(payload), url[600], name[300];
	snprintf(url, sizeof url, "%s%s", prefix, q);
	free(q);
	struct resp *r = GET(url);
	snprintf(name, sizeof name, "%s echoes %s only escaped (%ld)", where, payload, r->status);
	const char *raw = raw_marker(payload);
	bool ok = r->status && !strstr(r->body, raw) && (!escaped || strstr(r->body, escaped));
	t_check(ok, name, "%s", strstr(r->body, raw) ? "the raw payload is in the page"
	                                             : "the escaped text is missing");
	resp_free(r);
}

void test_xss(void)
{
	for (int i = 0; payloads[i]; i++) {
		const char *escaped = i == 0 ? "&lt;script&gt;alert(1)&lt;/script&gt;"
		                      : i == 1 ? "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
		                               : "&#39;&gt;&lt;svg onload=alert(1)&gt;";
		echo_check("/search?q=", "/search?q=", payloads[i], escaped);
		echo_check("the town page's filter q", "/towns/" TOWN "?q=", payloads[i], escaped);
		echo_check("/login?next=/...", "/login?next=/", payloads[i], NULL);
		echo_check("a 422 page (bad category)", "/tasks?category=", payloads[i], NULL);
		echo_check("the error page for /tasks/PAYLOAD", "/tasks/", payloads[i], NULL);
		echo_check("/search?q= in English", "/search?lang=en&q=", payloads[i], escaped);
	}
	/* the path itself on the 404 page: /<script>alert(1)</script> */
	struct resp *r = GET("/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
	t_check(r->status == 404 && !strstr(r->body, "<script>alert(1)"),
	        "a 404 page for /<script>alert(1)</script> does not echo it raw", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	/* the JSON API may carry it, but as JSON, never as HTML */
	char *q = esc(payloads[0]), url[300];
	snprintf(url, sizeof url, "/api/v1/search?q=%s", q);
	free(q);
	r = GET(url);
	t_check(r->status == 200 && jstr(r->json, "q") && strcmp(jstr(r->json, "q"), payloads[0]) == 0,
	        "the API returns q as JSON text (application/json, nosniff)", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
}
