/* t_excel.c - a town's list as a workbook (GET .../list.xlsx, API and
 * page) and as a print view (/towns/{code}/print): content, headers, and
 * the same draft rules as the list itself.  The workbook is read by an
 * independent reader, tests/cli/check_xlsx.py on Debian's python3-openpyxl,
 * against the list's JSON. */
#include "http_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static void save(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len)
		t_fail("saving a download", "cannot write %s", path);
	if (f)
		fclose(f);
}

/* The workbook at url: a download of a zip, checked by openpyxl against
 * the list's JSON at json_url. */
static void check_workbook(const char *url, const char *json_url, const char *bearer,
                           const char *file)
{
	char name[300];
	struct resp *r = GET_as(url, bearer);
	snprintf(name, sizeof name, "GET %s: 200", url);
	expect_status(r, 200, name);
	snprintf(name, sizeof name, "GET %s: Content-Type %s", url, XLSX_TYPE);
	expect_type(r, XLSX_TYPE, name);
	const char *disp = header(r, "Content-Disposition");
	snprintf(name, sizeof name, "GET %s: an attachment named %s", url, file);
	char want[120];
	snprintf(want, sizeof want, "attachment; filename=\"%s\"", file);
	t_check(disp && strcmp(disp, want) == 0, name, "Content-Disposition: %s",
	        disp ? disp : "(none)");
	snprintf(name, sizeof name, "GET %s: the body is a zip (an XLSX workbook)", url);
	bool zip = t_check(r->len > 1000 && memcmp(r->body, "PK\3\4", 4) == 0, name,
	                   "%zu bytes", r->len);
	char xlsx[200], json[200];
	snprintf(xlsx, sizeof xlsx, "%s/%s", E.dir, file);
	snprintf(json, sizeof json, "%s/%s.json", E.dir, file);
	if (zip)
		save(xlsx, r->body, r->len);
	resp_free(r);
	r = GET_as(json_url, bearer);
	if (r->status == 200)
		save(json, r->body, r->len);
	resp_free(r);
	if (!zip)
		return;
	if (access("/usr/bin/python3", X_OK) != 0 || access("tests/cli/check_xlsx.py", R_OK) != 0) {
		t_note("skip: openpyxl check of %s (no /usr/bin/python3 or tests/cli/check_xlsx.py)", url);
		return;
	}
	const char *argv[] = {"/usr/bin/python3", "tests/cli/check_xlsx.py", "list", xlsx, json, NULL};
	char out[4096];
	int rc = run_cmd(argv, NULL, out, sizeof out, 60);
	snprintf(name, sizeof name, "GET %s: openpyxl reads the list's items, merges and print setup",
	         url);
	t_check(rc == 0, name, "check_xlsx.py exit %d: %.600s", rc, out);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void print_view(void)
{
	struct resp *r = GET("/towns/" TOWN "/print");
	expect_status(r, 200, "GET /towns/" TOWN "/print: 200");
	expect_type(r, "text/html", "GET /towns/" TOWN "/print: HTML");
	const char *b = r->body ? r->body : "";
	t_check(count(b, "<td class=\"n\">") == 109, "the print view has a row for each of the 109 items",
	        "%zu rows", count(b, "<td class=\"n\">"));
	t_check(count(b, "<thead>") == 3, "the print view has a table (with its head) per part",
	        "%zu heads", count(b, "<thead>"));
	t_check(strstr(b, "<tr class=\"print-running\"><th colspan=\"9\">绥阳镇 职责任务清单 · 版本 1 · ") != NULL,
	        "the table head, repeated on every page, names the town and version",
	        "no running head in %.300s", b);
	t_check(strstr(b, "<th class=\"n\">序号</th><th>类别</th><th>职责</th><th>任务事项</th><th>履职方式</th>"
	                  "<th>牵头部门</th><th>乡镇职责</th><th>部门职责</th><th>依据</th>") != NULL,
	        "the print view has the posting columns 序号 | 类别 | ... | 依据", "not found");
	t_check(strstr(b, "rowspan=\"") != NULL, "a category cell spans its rows", "no rowspan");
	t_check(strstr(b, "<header class=\"site\">") == NULL, "the print view has no site navigation",
	        "it has");
	resp_free(r);

	r = GET("/static/style.css");
	const char *css = r->body ? r->body : "";
	t_check(strstr(css, "table.print-list thead { display: table-header-group; }") != NULL,
	        "the print view's table head repeats on every page (display: table-header-group)",
	        "not in style.css");
	t_check(strstr(css, "@page { size: A4 landscape;") && strstr(css, "counter(page)"),
	        "printing is A4 landscape with page numbers (@page, counter(page))",
	        "not in style.css");
	resp_free(r);

	r = GET("/towns/" TOWN);
	const char *page = r->body ? r->body : "";
	t_check(strstr(page, "href=\"/towns/" TOWN "/print?version=1\"") &&
	                strstr(page, "href=\"/towns/" TOWN "/list.xlsx?version=1\""),
	        "the town's list page links to its print view and its workbook", "no links");
	resp_free(r);

	r = GET("/towns/" TOWN "/print?lang=en");
	t_check(r->status == 200 && r->body && strstr(r->body, "<th class=\"n\">No.</th>"),
	        "the print view speaks English on request", "%ld", r->status);
	resp_free(r);
}

void test_excel(void)
{
	check_workbook("/api/v1/towns/" TOWN "/list.xlsx", "/api/v1/towns/" TOWN "/list", NULL,
	               "list-" TOWN "-v1.xlsx");
	check_workbook("/towns/" TOWN "/list.xlsx?version=1", "/api/v1/towns/" TOWN "/list?version=1",
	               NULL, "list-" TOWN "-v1.xlsx");
	struct resp *r = GET("/api/v1/towns/999999999/list.xlsx");
	expect_json_error(r, 404, "not_found", NULL, "the workbook of an unknown town: 404 JSON");
	resp_free(r);
	r = GET("/api/v1/towns/" TOWN "/list.xlsx?version=abc");
	expect_json_error(r, 422, "invalid", "version",
	                  "list.xlsx?version=abc: 422 naming version, before the handler runs");
	resp_free(r);

	/* drafts (t_drafts.c seeds version 2) only for those who may see them */
	r = GET_as("/api/v1/towns/" TOWN "/list?version=2", E.tok_office);
	bool have_draft = r->status == 200;
	resp_free(r);
	if (have_draft) {
		r = GET("/api/v1/towns/" TOWN "/list.xlsx?version=2");
		expect_status(r, 404, "the workbook of a draft: 404 for the public");
		resp_free(r);
		r = GET_as("/api/v1/towns/" TOWN "/list.xlsx?version=2", E.tok_township_other);
		expect_status(r, 404, "the workbook of a draft: 404 for another town's user");
		resp_free(r);
		r = GET("/towns/" TOWN "/print?version=2");
		expect_status(r, 404, "the print view of a draft: 404 for the public");
		resp_free(r);
		check_workbook("/api/v1/towns/" TOWN "/list.xlsx?version=2",
		               "/api/v1/towns/" TOWN "/list?version=2", E.tok_office,
		               "list-" TOWN "-v2.xlsx");
	} else {
		t_note("skip: workbooks of drafts (no draft was seeded)");
	}
	print_view();
}
