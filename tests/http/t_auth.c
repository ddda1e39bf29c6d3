/* t_auth.c - logging in and out (double-submit CSRF token, session cookie,
 * throttling, where `next` may lead), and the API's bearer tokens. */
#include "http_test.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_hex64(const char *s)
{
	return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* A urlencoded form: pairs of name, value, ending with NULL (malloc'd). */
static char *form(const char *name, ...)
{
	size_t cap = 256, used = 0;
	char *out = malloc(cap);
	if (!out)
		abort();
	out[0] = '\0';
	va_list ap;
	va_start(ap, name);
	for (const char *k = name; k; k = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);
		if (!v)
			continue;
		char *ev = esc(v);
		size_t need = used + strlen(k) + strlen(ev) + 3;
		if (need > cap) {
			cap = need * 2;
			char *grown = realloc(out, cap);
			if (!grown)
				abort();
			out = grown;
		}
		used += (size_t)snprintf(out + used, cap - used, "%s%s=%s", used ? "&" : "", k, ev);
		free(ev);
	}
	va_end(ap);
	return out;
}

static struct resp *post_form(const char *path, struct jar *jar, const char *body)
{
	return http(&(struct req){.method = "POST", .path = path, .body = body, .jar = jar,
	                          .content_type = "application/x-www-form-urlencoded"});
}

/* GET /login for the form token, then POST it with name and password. */
struct resp *web_login(struct jar *jar, const char *name, const char *password,
                       const char *next)
{
	struct resp *page = GET_jar("/login", jar);
	char csrf[80] = "";
	form_value(page, NULL, "csrf", csrf, sizeof csrf);
	resp_free(page);
	char *body = form("csrf", csrf, "name", name, "password", password, "next", next, NULL);
	struct resp *r = post_form("/login", jar, body);
	free(body);
	return r;
}

/* Whether a Location stays on this site once a browser has stripped tabs
 * and newlines from it (the URL standard removes them) and read '\' as '/'. */
static bool on_site(const char *location)
{
	if (!location)
		return false;
	char clean[600];
	size_t n = 0;
	for (const char *p = location; *p && n + 1 < sizeof clean; p++)
		if (*p != '\t' && *p != '\r' && *p != '\n')
			clean[n++] = *p == '\\' ? '/' : *p;
	clean[n] = '\0';
	return clean[0] == '/' && clean[1] != '/';
}

static void csrf_on_login(void)
{
	struct jar jar = {0};
	struct resp *r = GET_jar("/login", &jar);
	const char *cookie = set_cookie(r, "csrf");
	t_check(cookie && strstr(cookie, "HttpOnly") && strstr(cookie, "SameSite=Strict"),
	        "GET /login sets a csrf cookie (HttpOnly, SameSite=Strict)", "Set-Cookie: %s",
	        cookie ? cookie : "(none)");
	char token[80] = "";
	form_value(r, NULL, "csrf", token, sizeof token);
	t_check(is_hex64(token) && jar_get(&jar, "csrf") && strcmp(token, jar_get(&jar, "csrf")) == 0,
	        "the login form carries the csrf cookie's token (double submit)",
	        "form %s, cookie %s", token, jar_get(&jar, "csrf") ? jar_get(&jar, "csrf") : "(none)");
	resp_free(r);
	r = GET_jar("/login", &jar);
	char again[80] = "";
	form_value(r, NULL, "csrf", again, sizeof again);
	t_check(strcmp(again, token) == 0 && !set_cookie(r, "csrf"),
	        "a second GET /login keeps the same token", "it changed");
	resp_free(r);

	char *body = form("name", "alice", "password", PASSWORD, NULL);
	r = post_form("/login", &jar, body);
	expect_status(r, 403, "POST /login without the form's csrf token: 403");
	t_check(!set_cookie(r, "sid"), "POST /login without the form token: no session", "a sid was set");
	resp_free(r);
	free(body);

	body = form("csrf", token, "name", "alice", "password", PASSWORD, NULL);
	r = post_form("/login", NULL, body);
	expect_status(r, 403, "POST /login with the token but without the csrf cookie: 403");
	resp_free(r);
	free(body);

	char wrong[65];
	memset(wrong, 'a', 64);
	wrong[64] = '\0';
	body = form("csrf", wrong, "name", "alice", "password", PASSWORD, NULL);
	r = post_form("/login", &jar, body);
	expect_status(r, 403, "POST /login with a token that is not the cookie's: 403");
	resp_free(r);
	free(body);

	/* the same token in cookie and form, but not one the server made: double
	 * submit accepts it (the attacker cannot set the cookie cross-site) */
	struct jar forged = {0};
	jar_set(&forged, "csrf", wrong);
	body = form("csrf", wrong, "name", "alice", "password", "not-the-password", NULL);
	r = post_form("/login", &forged, body);
	t_check(r->status == 401, "a matching cookie and form token of the right form pass the check",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	free(body);

	body = form("csrf", token, "name", "alice", "password", PASSWORD, NULL);
	r = http(&(struct req){.method = "POST", .path = "/login", .body = body, .jar = &jar,
	                       .content_type = "application/json"});
	expect_status(r, 403, "POST /login with a JSON body instead of a form: 403 (no form token)");
	resp_free(r);
	free(body);
}

static void login_logout(void)
{
	struct jar jar = {0};
	struct resp *r = web_login(&jar, "alice", "wrong-password-1", NULL);
	expect_status(r, 401, "POST /login with a wrong password: 401");
	expect_type(r, "text/html", "the wrong-password 401 is an HTML page");
	t_check(strstr(r->body, "class=\"error\"") && strstr(r->body, "value=\"alice\""),
	        "the wrong-password page shows the error and keeps the name", "%s", excerpt(r));
	t_check(!set_cookie(r, "sid"), "a wrong password sets no session", "it set one");
	char wrong_message[300] = "";
	const char *m = strstr(r->body, "class=\"error\"");
	if (m)
		snprintf(wrong_message, sizeof wrong_message, "%.*s", (int)strcspn(m, "<"), m);
	resp_free(r);
	r = web_login(&jar, "nobody-at-all", "wrong-password-1", NULL);
	m = strstr(r->body, "class=\"error\"");
	t_check(r->status == 401 && m && strncmp(m, wrong_message, strlen(wrong_message)) == 0,
	        "an unknown name gets the same 401 and message as a wrong password",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);

	r = web_login(&jar, "alice", PASSWORD, NULL);
	expect_status(r, 303, "POST /login with the right password: 303");
	const char *sid = set_cookie(r, "sid");
	t_check(sid && is_hex64(jar_get(&jar, "sid")) && strstr(sid, "HttpOnly") &&
	                strstr(sid, "SameSite=Lax") && strstr(sid, "Path=/"),
	        "login sets sid=...; Path=/; HttpOnly; SameSite=Lax", "Set-Cookie: %s",
	        sid ? sid : "(none)");
	t_check(header(r, "Location") && strcmp(header(r, "Location"), "/") == 0,
	        "login without next redirects to /", "Location: %s",
	        header(r, "Location") ? header(r, "Location") : "(none)");
	resp_free(r);
	char session[80];
	snprintf(session, sizeof session, "%s", jar_get(&jar, "sid") ? jar_get(&jar, "sid") : "");

	static const char *const logged_in_pages[] = {"/", "/towns/" TOWN, "/tasks/" TASK,
	                                              "/guides/" GUIDE, "/search?q=x", "/login",
	                                              NULL};
	for (int i = 0; logged_in_pages[i]; i++) {
		char name[160];
		r = GET_jar(logged_in_pages[i], &jar);
		snprintf(name, sizeof name, "logged in, GET %s shows the user", logged_in_pages[i]);
		t_check(r->status == 200 && strstr(r->body, "<b>alice</b>") &&
		                strstr(r->body, "action=\"/logout\""),
		        name, "%ld %s", r->status, excerpt(r));
		snprintf(name, sizeof name, "logged in, GET %s: Cache-Control: private, no-store",
		         logged_in_pages[i]);
		const char *cc = header(r, "Cache-Control");
		t_check(cc && strstr(cc, "private") && strstr(cc, "no-store"), name,
		        "Cache-Control: %s", cc ? cc : "(none)");
		resp_free(r);
	}
	r = GET_jar("/tasks/NOPE-99", &jar);
	const char *cc = header(r, "Cache-Control");
	t_check(r->status == 404 && cc && strstr(cc, "no-store"),
	        "logged in, a 404 page is not stored either", "%ld, Cache-Control: %s", r->status,
	        cc ? cc : "(none)");
	resp_free(r);

	/* the API takes bearer tokens only, not the session cookie */
	r = GET_jar("/api/v1/me", &jar);
	expect_status(r, 401, "GET /api/v1/me with the session cookie (no token): 401");
	resp_free(r);

	r = GET_jar("/", &jar);
	char csrf[80] = "";
	form_value(r, "action=\"/logout\"", "csrf", csrf, sizeof csrf);
	resp_free(r);
	t_check(is_hex64(csrf) && strcmp(csrf, jar_get(&jar, "csrf") ? jar_get(&jar, "csrf") : "") != 0,
	        "the logout form carries the session's own csrf token", "token %s", csrf);

	char *body = form("csrf", jar_get(&jar, "csrf") ? jar_get(&jar, "csrf") : "x", NULL);
	r = post_form("/logout", &jar, body);
	expect_status(r, 403, "POST /logout with the anonymous token, not the session's: 403");
	resp_free(r);
	free(body);
	r = post_form("/logout", &jar, "");
	expect_status(r, 403, "POST /logout without a token: 403");
	resp_free(r);
	r = GET_jar("/", &jar);
	t_check(strstr(r->body, "<b>alice</b>") != NULL, "after the refused logouts the session still works",
	        "it does not");
	resp_free(r);

	body = form("csrf", csrf, NULL);
	r = post_form("/logout", &jar, body);
	free(body);
	expect_status(r, 303, "POST /logout with the session's token: 303");
	t_check(header(r, "Location") && strcmp(header(r, "Location"), "/") == 0,
	        "logout redirects to /", "Location %s", header(r, "Location") ? header(r, "Location") : "");
	const char *gone = set_cookie(r, "sid");
	t_check(gone && strncmp(gone, "sid=;", 5) == 0 && strstr(gone, "Max-Age=0"),
	        "logout clears the sid cookie (Max-Age=0)", "Set-Cookie: %s", gone ? gone : "(none)");
	resp_free(r);
	/* the old session cookie, replayed */
	struct jar old = {0};
	jar_set(&old, "sid", session);
	r = GET_jar("/", &old);
	t_check(r->status == 200 && !strstr(r->body, "<b>alice</b>") &&
	                strstr(r->body, "href=\"/login?next="),
	        "after logout the old session cookie is anonymous", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	body = form("csrf", csrf, NULL);
	r = post_form("/logout", &old, body);
	free(body);
	expect_status(r, 401, "POST /logout with the dead session: 401");
	resp_free(r);
}

static void throttling(void)
{
	struct jar jar = {0};
	bool all401 = true;
	long last = 0;
	for (int i = 0; i < 5; i++) {
		struct resp *r = web_login(&jar, "bob", "wrong-password-x", NULL);
		all401 = all401 && r->status == 401;
		last = r->status;
		resp_free(r);
	}
	t_check(all401, "5 wrong passwords for bob: 401 each", "one was %ld", last);
	struct resp *r = web_login(&jar, "bob", PASSWORD, NULL);
	expect_status(r, 429, "the 6th try for bob, with the right password: 429");
	t_check(!set_cookie(r, "sid"), "the throttled login sets no session", "a sid was set: throttling let it in");
	t_check(strstr(r->body, "class=\"error\"") != NULL, "the 429 page says why",
	        "%s", excerpt(r));
	resp_free(r);
	r = web_login(&jar, "carol", PASSWORD, NULL);
	expect_status(r, 303, "another name (carol) still logs in: the throttle is per name");
	resp_free(r);
}

static void next_targets(void)
{
	static const struct {
		const char *next, *what;
		const char *want; /* the exact Location, or NULL: only "on this site" */
	} cases[] = {
		{"/tasks/" TASK, "a path on this site", "/tasks/" TASK},
		{"//evil.example", "//evil.example", "/"},
		{"//evil.example/x", "//evil.example/x", "/"},
		{"/\\evil.example", "/\\evil.example", "/"},
		{"https://evil.example/", "https://evil.example/", "/"},
		{"javascript:alert(1)", "javascript:alert(1)", "/"},
		{"/\t/evil.example", "/<TAB>/evil.example (browsers drop the tab)", NULL},
		{"/\n/evil.example", "/<LF>/evil.example", NULL},
		{"/a\r\nSet-Cookie: evil=1", "a next with CR LF (header injection)", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct jar jar = {0};
		struct resp *r = web_login(&jar, "dave", PASSWORD, cases[i].next);
		const char *loc = header(r, "Location");
		char name[200];
		snprintf(name, sizeof name, "login with next=%s: 303 to %s", cases[i].what,
		         cases[i].want ? cases[i].want : "a path on this site");
		bool ok = r->status == 303 && on_site(loc) &&
		          (!cases[i].want || strcmp(loc, cases[i].want) == 0) && !set_cookie(r, "evil");
		char shown[200] = "(none)";
		if (loc) {
			size_t n = 0;
			for (const char *p = loc; *p && n + 5 < sizeof shown; p++)
				n += (size_t)(*p == '\t' ? snprintf(shown + n, sizeof shown - n, "<TAB>")
				                         : snprintf(shown + n, sizeof shown - n, "%c", *p));
		}
		t_check(ok, name, "%ld, Location: %s%s", r->status, shown,
		        set_cookie(r, "evil") ? ", and it set the cookie evil" : "");
		resp_free(r);
	}
}

static void xss_in_login_name(void)
{
	static const char *const names[] = {"<script>alert(1)</script>",
	                                    "\"><img src=x onerror=alert(1)>", NULL};
	static const char *const escaped[] = {"&lt;script&gt;alert(1)&lt;/script&gt;",
	                                      "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"};
	for (int i = 0; names[i]; i++) {
		struct jar jar = {0};
		struct resp *r = web_login(&jar, names[i], "wrong-password-1", NULL);
		char name[200];
		snprintf(name, sizeof name, "a login as %s: 401 page with the name only escaped",
		         names[i]);
		bool raw = strstr(r->body, i == 0 ? "<script>alert" : "<img src=x") != NULL;
		t_check(r->status == 401 && !raw && strstr(r->body, escaped[i]), name, "%ld, %s",
		        r->status, raw ? "the raw payload is in the page" : excerpt(r));
		resp_free(r);
	}
	struct jar jar = {0};
	struct resp *r = web_login(&jar, "abcdefghijklmnopqrstuvwxyz0123456", "wrong-password-1", NULL);
	t_check(r->status == 422 && strstr(r->body, "name"),
	        "a login name over 32 bytes: 422 naming name", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = web_login(&jar, "alice", NULL, NULL);
	t_check(r->status == 422, "a login without a password field: 422", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
}

static void api_tokens(void)
{
	struct resp *r = GET("/api/v1/me");
	expect_json_error(r, 401, "unauthenticated", NULL, "GET /api/v1/me without a token: 401");
	const char *www = header(r, "WWW-Authenticate");
	t_check(www && strncmp(www, "Bearer", 6) == 0, "the 401 without a token has WWW-Authenticate: Bearer",
	        "WWW-Authenticate: %s", www ? www : "(none)");
	resp_free(r);
	char bad[65];
	memcpy(bad, E.tok_office, 65);
	bad[0] = bad[0] == 'a' ? 'b' : 'a';
	r = GET_as("/api/v1/me", bad);
	expect_json_error(r, 401, "unauthenticated", NULL, "GET /api/v1/me with a wrong token: 401");
	t_check(header(r, "WWW-Authenticate") != NULL, "the 401 for a wrong token has WWW-Authenticate", "none");
	resp_free(r);
	static const char *const odd[] = {"Authorization: Basic b2ZmMTpwYXNz",
	                                  "Authorization: Bearer", "Authorization: Bearer ",
	                                  "Authorization: bearer x", NULL};
	for (int i = 0; odd[i]; i++) {
		char name[120];
		r = http(&(struct req){.path = "/api/v1/me", .headers = {odd[i]}});
		snprintf(name, sizeof name, "GET /api/v1/me with \"%s\": 401", odd[i]);
		expect_status(r, 401, name);
		resp_free(r);
	}
	char url[160];
	snprintf(url, sizeof url, "/api/v1/me?token=%s", E.tok_office);
	r = GET(url);
	expect_status(r, 401, "a token in the query string is not accepted: 401");
	resp_free(r);
	r = GET_as("/api/v1/me", E.tok_township);
	t_check(r->status == 200 && jstr(r->json, "role") && strcmp(jstr(r->json, "role"), "township") == 0 &&
	                jstr(r->json, "town") && strcmp(jstr(r->json, "town"), TOWN) == 0,
	        "GET /api/v1/me with a township token: role township, its town", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/me", E.tok_department);
	t_check(r->status == 200 && jstr(r->json, "department") &&
	                strcmp(jstr(r->json, "department"), DEPT) == 0,
	        "GET /api/v1/me with a department token: its department", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	/* a token on a page is ignored: pages go by the session cookie */
	r = GET_as("/", E.tok_office);
	t_check(r->status == 200 && !strstr(r->body, "<b>off1</b>"),
	        "a bearer token does not log a page in", "%ld", r->status);
	resp_free(r);
}

/* Disabling a user ends their sessions and tokens at once. */
static void disabled_user(void)
{
	struct jar jar = {0};
	struct resp *r = web_login(&jar, "carol", PASSWORD, NULL);
	resp_free(r);
	char out[4096] = "", token[65] = "";
	bin_token("carol", token);
	r = GET_as("/api/v1/me", token);
	bool before = r->status == 200;
	resp_free(r);
	const char *disable[] = {"user", "disable", "carol", NULL};
	run_bin(disable, NULL, out, sizeof out); /* its exit status: cli_summary */
	if (!t_check(before, "carol has a working API token (made with the CLI)",
	             "GET /api/v1/me with it: not 200"))
		return;
	r = GET_as("/api/v1/me", token);
	expect_status(r, 401, "a disabled user's token: 401");
	resp_free(r);
	r = GET_jar("/", &jar);
	t_check(!strstr(r->body, "<b>carol</b>"), "a disabled user's session is anonymous",
	        "the page still shows carol");
	resp_free(r);
	r = web_login(&jar, "carol", PASSWORD, NULL);
	expect_status(r, 401, "a disabled user cannot log in: 401");
	resp_free(r);
}

void test_auth(void)
{
	csrf_on_login();
	login_logout();
	throttling();
	next_targets();
	xss_in_login_name();
	api_tokens();
	disabled_user();
}
