/* t_pages.c - the HTML pages: each answers, in Chinese by default, in
 * English by ?lang=en (remembered in a cookie) or Accept-Language, and a
 * missing page is a 404 page. */
#include "http_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *path, *marker, *what;
} pages[] = {
	{"/", "绥阳镇", "the towns"},
	{"/towns/" TOWN, "开展消防安全宣传和隐患排查", "a town's list"},
	{"/tasks", "DJ-01", "the tasks"},
	{"/tasks/" TASK, "中华人民共和国消防法", "a task with its basis"},
	{"/bases", BASIS, "the bases"},
	{"/bases/" BASIS, "开展消防安全宣传和隐患排查", "a basis with its tasks"},
	{"/departments", "市应急管理局", "the departments"},
	{"/departments/" DEPT, "工贸企业安全生产行政处罚", "a department with what it took back"},
	{"/guides/" GUIDE, "<svg", "a guide with its inline SVG flowchart"},
	{"/search?q=%E6%B6%88%E9%98%B2", "/tasks/" TASK, "search for 消防"},
	{"/login", "name=\"csrf\"", "the login form"},
};

#define NPAGES (sizeof pages / sizeof pages[0])

static bool lang_is(const struct resp *r, const char *lang)
{
	char want[40];
	snprintf(want, sizeof want, "<html lang=\"%s\">", lang);
	return strstr(r->body, want) != NULL;
}

/* The CSP allows no inline script or style: a page relying on them breaks. */
static const char *inline_code(const char *body)
{
	static const char *const bad[] = {"<script>", "<script ", "<style", " style=\"",
	                                  " onclick=", " onload=", "javascript:", NULL};
	for (int i = 0; bad[i]; i++)
		if (strstr(body, bad[i]))
			return bad[i];
	return NULL;
}

static void default_language(void)
{
	for (size_t i = 0; i < NPAGES; i++) {
		char name[200];
		struct resp *r = GET(pages[i].path);
		snprintf(name, sizeof name, "GET %s (%s): 200", pages[i].path, pages[i].what);
		expect_status(r, 200, name);
		snprintf(name, sizeof name, "GET %s: Content-Type text/html", pages[i].path);
		expect_type(r, "text/html", name);
		snprintf(name, sizeof name, "GET %s: <html lang=\"zh-CN\"> by default", pages[i].path);
		t_check(lang_is(r, "zh-CN"), name, "%s", excerpt(r));
		snprintf(name, sizeof name, "GET %s: shows %s", pages[i].path, pages[i].marker);
		expect_contains(r, pages[i].marker, name);
		snprintf(name, sizeof name, "GET %s: no inline script or style (the CSP forbids them)",
		         pages[i].path);
		const char *bad = inline_code(r->body);
		t_check(!bad, name, "the page has %s", bad ? bad : "");
		resp_free(r);
	}
	struct resp *r = GET("/guides/" GUIDE);
	t_check(strstr(r->body, "<svg xmlns=\"http://www.w3.org/2000/svg\"") &&
	                strstr(r->body, "</svg>"),
	        "the guide page embeds a whole <svg>...</svg>", "it does not");
	resp_free(r);
	r = GET("/towns/" TOWN);
	t_check(strstr(r->body, "part-basic") && strstr(r->body, "part-assist") &&
	                strstr(r->body, "part-reclaimed"),
	        "the town page shows its three parts", "a part-* section is missing");
	resp_free(r);
	r = GET("/towns/" TOWN "?part=assist");
	t_check(r->status == 200 && strstr(r->body, "part-assist") &&
	                !strstr(r->body, "<section class=\"part part-basic"),
	        "the town page's part filter (?part=assist) shows only 配合履职", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = http(&(struct req){.method = "HEAD", .path = "/"});
	t_check(r->status == 200 && r->len == 0, "HEAD /: 200 without a body", "%ld, %zu bytes",
	        r->status, r->len);
	resp_free(r);
}

static void english(void)
{
	struct jar jar = {0};
	struct resp *r = GET_jar("/?lang=en", &jar);
	t_check(r->status == 200 && lang_is(r, "en"), "GET /?lang=en: <html lang=\"en\">", "%ld %s",
	        r->status, excerpt(r));
	expect_contains(r, "Township Duty Lists", "GET /?lang=en: the page is in English");
	const char *c = set_cookie(r, "lang");
	t_check(c && strncmp(c, "lang=en;", 8) == 0, "GET /?lang=en: Set-Cookie lang=en",
	        "Set-Cookie lang: %s", c ? c : "(none)");
	resp_free(r);
	for (size_t i = 0; i < NPAGES; i++) {
		char name[200];
		r = GET_jar(pages[i].path, &jar);
		snprintf(name, sizeof name, "GET %s with the lang=en cookie: <html lang=\"en\">",
		         pages[i].path);
		t_check(r->status == 200 && lang_is(r, "en"), name, "%ld %s", r->status, excerpt(r));
		resp_free(r);
	}
	r = GET_jar("/tasks?lang=zh-CN", &jar);
	c = set_cookie(r, "lang");
	t_check(lang_is(r, "zh-CN") && c && strncmp(c, "lang=zh-CN;", 11) == 0,
	        "GET /tasks?lang=zh-CN switches back and sets lang=zh-CN", "cookie %s",
	        c ? c : "(none)");
	resp_free(r);
	r = GET_jar("/bases", &jar);
	t_check(lang_is(r, "zh-CN"), "the switch back sticks for the next request", "%s",
	        excerpt(r));
	resp_free(r);

	r = http(&(struct req){.path = "/", .headers = {"Accept-Language: en-US,en;q=0.9"}});
	t_check(lang_is(r, "en"), "Accept-Language: en-US gives the English page", "%s", excerpt(r));
	t_check(!set_cookie(r, "lang"), "Accept-Language alone sets no lang cookie", "it did");
	resp_free(r);
	r = http(&(struct req){.path = "/", .headers = {"Accept-Language: zh-CN,zh;q=0.9,en;q=0.8"}});
	t_check(lang_is(r, "zh-CN"), "Accept-Language: zh-CN gives the Chinese page", "%s",
	        excerpt(r));
	resp_free(r);
	r = GET("/?lang=fr");
	t_check(r->status == 200 && lang_is(r, "zh-CN") && !set_cookie(r, "lang"),
	        "?lang=fr (unknown) is ignored: Chinese, no cookie", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = http(&(struct req){.path = "/", .headers = {"Cookie: lang=xx\"><script>"}});
	t_check(r->status == 200 && lang_is(r, "zh-CN"), "a bad lang cookie is ignored",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
}

static void not_found(void)
{
	static const char *const missing[] = {"/no-such-page", "/tasks/NOPE-99", "/bases/B999",
	                                      "/towns/999999999", "/guides/ZL-07",
	                                      "/static/nope.css", NULL};
	for (int i = 0; missing[i]; i++) {
		char name[160];
		struct resp *r = GET(missing[i]);
		snprintf(name, sizeof name, "GET %s: 404", missing[i]);
		expect_status(r, 404, name);
		snprintf(name, sizeof name, "GET %s: a 404 page in HTML", missing[i]);
		t_check(r->status == 404 && header(r, "Content-Type") &&
		                strncmp(header(r, "Content-Type"), "text/html", 9) == 0 &&
		                lang_is(r, "zh-CN") && strstr(r->body, "404"),
		        name, "%s: %s", header(r, "Content-Type") ? header(r, "Content-Type") : "",
		        excerpt(r));
		resp_free(r);
	}
	struct resp *r = GET("/no-such-page?lang=en");
	t_check(r->status == 404 && lang_is(r, "en"), "the 404 page speaks English with ?lang=en",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET("/api/v1");
	t_check(r->status == 404, "GET /api/v1 (no trailing slash): 404", "%ld", r->status);
	resp_free(r);
}

void test_pages(void)
{
	default_language();
	english();
	not_found();
}
