/* t_headers.c - the headers every response carries.  http() records the
 * security headers of every response the suite gets; this file fetches
 * what no other file does (static files, /healthz), looks at the policy
 * itself, and reports per status. */
#include "http_test.h"

#include <stdio.h>
#include <string.h>

void test_headers(void)
{
	struct resp *r = GET("/static/style.css");
	expect_status(r, 200, "GET /static/style.css: 200");
	expect_type(r, "text/css", "GET /static/style.css: Content-Type text/css");
	t_check(header(r, "Content-Security-Policy") && header(r, "X-Content-Type-Options"),
	        "a static file carries the security headers", "it does not");
	resp_free(r);
	r = GET("/healthz");
	t_check(r->status == 200 && strcmp(r->body, "ok\n") == 0, "GET /healthz: 200 ok", "%ld %s",
	        r->status, excerpt(r));
	t_check(header(r, "Content-Security-Policy") && header(r, "X-Content-Type-Options"),
	        "/healthz carries the security headers", "it does not");
	resp_free(r);

	r = GET("/towns/" TOWN);
	const char *csp = header(r, "Content-Security-Policy");
	static const char *const wanted[] = {"default-src 'self'", "object-src 'none'",
	                                     "frame-ancestors 'none'", "base-uri", NULL};
	for (int i = 0; wanted[i]; i++) {
		char name[120];
		snprintf(name, sizeof name, "the page's CSP has %s", wanted[i]);
		t_check(csp && strstr(csp, wanted[i]), name, "CSP: %s", csp ? csp : "(none)");
	}
	t_check(csp && !strstr(csp, "unsafe-inline") && !strstr(csp, "unsafe-eval") &&
	                !strstr(csp, " *"),
	        "the page's CSP allows no unsafe-inline, unsafe-eval or wildcard", "CSP: %s",
	        csp ? csp : "(none)");
	const char *ref = header(r, "Referrer-Policy");
	t_check(ref && (strcmp(ref, "same-origin") == 0 || strcmp(ref, "no-referrer") == 0 ||
	                strcmp(ref, "strict-origin") == 0 ||
	                strcmp(ref, "strict-origin-when-cross-origin") == 0),
	        "Referrer-Policy keeps paths from other sites", "Referrer-Policy: %s",
	        ref ? ref : "(none)");
	resp_free(r);

	r = GET("/api/v1/me");
	const char *cc = header(r, "Cache-Control");
	t_check(cc && strstr(cc, "no-store"), "an API error is Cache-Control: no-store",
	        "Cache-Control: %s", cc ? cc : "(none)");
	resp_free(r);
	r = GET_as("/api/v1/me", E.tok_office);
	cc = header(r, "Cache-Control");
	t_check(cc && strstr(cc, "private") && strstr(cc, "no-store"),
	        "an answer for a token's user is Cache-Control: private, no-store", "Cache-Control: %s",
	        cc ? cc : "(none)");
	resp_free(r);

	security_summary();
}
