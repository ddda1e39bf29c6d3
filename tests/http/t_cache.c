/* t_cache.c - anonymous reads are answered from a per-thread cache: they
 * must carry a strong ETag, answer 304 to it, never serve one visitor's
 * form token to another, and show a write at once. */
#include <stdio.h>
#include <string.h>

#include "http_test.h"

void test_cache(void)
{
	/* the same bytes and the same ETag, twice, from whichever thread */
	struct resp *a = GET("/api/v1/towns/" TOWN "/list");
	struct resp *b = GET("/api/v1/towns/" TOWN "/list");
	const char *etag = header(a, "ETag");
	t_check(etag && etag[0] == '"', "an anonymous read carries a strong ETag", "%s",
	        etag ? etag : "(none)");
	t_check(a->len == b->len && memcmp(a->body, b->body, a->len) == 0 && etag &&
	                header(b, "ETag") && strcmp(etag, header(b, "ETag")) == 0,
	        "a repeated read gives the same bytes and ETag", "%zu vs %zu bytes", a->len, b->len);
	char inm[200];
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag ? etag : "\"x\"");
	struct req r = {.path = "/api/v1/towns/" TOWN "/list", .headers = {inm}};
	struct resp *c = http(&r);
	/* the first answer may have come from either thread; try both */
	if (c->status == 200) {
		resp_free(c);
		c = http(&r);
	}
	t_check(c->status == 304 && c->len == 0, "If-None-Match with that ETag: 304, no body",
	        "%ld, %zu bytes", c->status, c->len);
	resp_free(c);

	/* pages with a form token are never shared: two visitors, two tokens */
	struct jar j1 = {0}, j2 = {0};
	struct resp *l1 = GET_jar("/login", &j1), *l2 = GET_jar("/login", &j2);
	char t1[80] = "", t2[80] = "";
	form_value(l1, "<form", "csrf", t1, sizeof t1);
	form_value(l2, "<form", "csrf", t2, sizeof t2);
	t_check(t1[0] && t2[0] && strcmp(t1, t2) != 0 && strcmp(t1, jar_get(&j1, "csrf")) == 0 &&
	                strcmp(t2, jar_get(&j2, "csrf")) == 0,
	        "two visitors of /login get their own form tokens", "%s / %s", t1, t2);
	resp_free(l1);
	resp_free(l2);

	/* a write shows at once: rename a department, read it anonymously */
	struct resp *before = GET("/api/v1/departments/" OTHER_DEPT);
	struct req put = {.method = "PUT",
	                  .path = "/api/v1/departments/" OTHER_DEPT,
	                  .body = "{\"name\":\"市消防救援大队（缓存测试）\",\"dispatched_agency\":\"\"}",
	                  .content_type = "application/json",
	                  .bearer = E.tok_office};
	struct resp *w = http(&put);
	expect_status(w, 200, "PUT a department as the office (for the cache test)");
	int fresh = 0;
	for (int i = 0; i < 4; i++) { /* every thread must see it */
		struct resp *after = GET("/api/v1/departments/" OTHER_DEPT);
		fresh += strstr(after->body, "缓存测试") != NULL;
		resp_free(after);
	}
	t_check(fresh == 4, "after a write every anonymous read shows it", "%d of 4", fresh);
	struct req back = put;
	back.body = "{\"name\":\"市消防救援大队\",\"dispatched_agency\":\"\"}";
	resp_free(http(&back));
	resp_free(before);
	resp_free(w);
	resp_free(a);
	resp_free(b);
}
