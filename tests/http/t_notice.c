/* t_notice.c - notices to towns (防护屏障) over the API and the pages.
 *
 * notice_fixture() runs before the generic loops over openapi.json: the
 * department user dept1 (DEPT) submits a notice with a violation, so that
 * /notices/{id}, /notices/{id}/{action} and
 * /notices/findings/{finding}/admission have real ids (notice_code()).
 * The loops only see their writes refused, so it is still flagged when
 * test_notice() runs.
 *
 * test_notice() checks the findings and their offsets, refusals (403
 * another department and roles, 409 naming the allowed steps, 422 bad
 * input naming the field), a GBK upload as base64, the office's review,
 * issuing despite violations and its evidence list, the statistics, a
 * finding turned into an admission request, and the page's highlighting
 * with everything escaped. */
#include "http_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char g_notice[24], g_finding[24];

/* A .docx (made with Python's zipfile): 关于安全生产的通知 / 各镇要按照职责对辖区内
 * 生产经营单位安全生产状况进行监督检查。/ 各镇负责辖区内危险化学品经营许可证的初审和
 * 现场核查。, base64 */
#define DOCX_B64 \
	"UEsDBBQAAAAIAEJJel3HHBc8CgAAAAgAAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbLMJqSxILda3" \
	"AwBQSwMEFAAAAAgAQkl6XXpRcsg+AQAAvQEAABEAAAB3b3JkL2RvY3VtZW50LnhtbI2Ry07CUBCG" \
	"X4V0LwddGEO47HwCfQBsK5DQc5rTKrqjhqKYcvECiSCphAC6kGpEgzXqw8j0HN7C1muMMXHzTyYz" \
	"83+ZmVhyS8mFNmWqZQmOC/PhiBCSsUikLE7HhdWV5bklIZmI5aMSETcUGeshvx9r0XxcyOi6GkVI" \
	"EzOyktLCRJWxX1snVEnpfkrTKE+opFIiyprm2yk5tBCJLCIllcVCYLlGpO0gqoHQQPQEmDdTtwqj" \
	"Mpjn7NieukPWKs4KLWb3YyhoCJS+qfprtl6cNXb5wPCsMjOH3LD4uAfOPX9qguVCyfwwfKjxeh8q" \
	"jelj5Qdo/w5Kt/y5zbsWax+wTs/rFTy7/1LY+S96bPvELxxUrmcnF2A14XIAR8Y7l48mUHO4Y/h7" \
	"wV4HRl04tFj1Ck5d72zyJw59ngt9vyLxClBLAQIUAxQAAAAIAEJJel3HHBc8CgAAAAgAAAATAAAA" \
	"AAAAAAAAAACAAQAAAABbQ29udGVudF9UeXBlc10ueG1sUEsBAhQDFAAAAAgAQkl6XXpRcsg+AQAA" \
	"vQEAABEAAAAAAAAAAAAAAIABOwAAAHdvcmQvZG9jdW1lbnQueG1sUEsFBgAAAAACAAIAgAAAAKgB" \
	"AAAAAA=="

/* A notice as a department writes them: basic work, work a department
 * took back (ZL-06 工贸企业安全生产行政处罚) and work on no list. */
#define NOTICE_TEXT                                                                          \
	"东宁市应急管理局关于做好安全生产工作的通知\\n各镇人民政府：\\n"                        \
	"1. 各镇要按照职责对辖区内生产经营单位安全生产状况进行监督检查，督促企业整改隐患。\\n" \
	"2. 各镇要对辖区工贸企业违法行为立案调查，并依法作出罚款等行政处罚决定。\\n"           \
	"3. 各镇负责辖区内危险化学品经营许可证的初审和现场核查。\\n"                           \
	"市应急管理局\\n"
#define CLEAN_TEXT                                                                           \
	"东宁市应急管理局关于做好安全生产工作的通知\\n各镇人民政府：\\n"                        \
	"1. 各镇要按照职责对辖区内生产经营单位安全生产状况进行监督检查，督促企业整改隐患。\\n" \
	"市应急管理局\\n"

const char *notice_code(const char *collection, size_t clen, const char *param, size_t plen)
{
	if (clen == 8 && strncmp(collection, "findings", 8) == 0)
		return *g_finding ? g_finding : NULL;
	if (clen != 7 || strncmp(collection, "notices", 7) != 0)
		return NULL;
	if (plen == 6 && strncmp(param, "action", 6) == 0)
		return "request_review";
	return *g_notice ? g_notice : NULL;
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

/* The first finding with this verdict. */
static const json_t *finding(const json_t *n, const char *verdict)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(n, "findings"), i, f)
		if (same(jstr(f, "verdict"), verdict))
			return f;
	return NULL;
}

bool notice_fixture(void)
{
	struct resp *r = api("POST", "/api/v1/notices",
	                     "{\"title\": \"夹具：安全生产通知\", \"text\": \"" NOTICE_TEXT "\"}",
	                     E.tok_department);
	long long id = jint(r->json, "id");
	const json_t *out = finding(r->json, "out_of_list");
	bool ok = t_check(r->status == 201 && id > 0 && same(jstr(r->json, "status"), "flagged") &&
	                          same(jstr(r->json, "department"), DEPT) && out,
	                  "fixture: dept1 submits a notice with violations (POST /api/v1/notices): "
	                  "201, flagged, an out_of_list finding",
	                  "%ld %s", r->status, excerpt(r));
	if (id > 0)
		snprintf(g_notice, sizeof g_notice, "%lld", id);
	if (out)
		snprintf(g_finding, sizeof g_finding, "%lld", jint(out, "id"));
	resp_free(r);
	return ok;
}

static void step(const char *id, const char *action, const char *body, const char *token,
                 long want, const char *name)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/notices/%s/%s", id, action);
	struct resp *r = api("POST", path, body, token);
	t_check(r->status == want, name, "%ld %s", r->status, excerpt(r));
	resp_free(r);
}

static void check_findings(void)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/notices/%s", g_notice);
	struct resp *r = api("GET", path, NULL, E.tok_department);
	const char *body = jstr(r->json, "shown.body");
	bool offsets = body && json_array_size(jget(r->json, "findings")) >= 3;
	size_t i;
	json_t *f;
	json_array_foreach(jget(r->json, "findings"), i, f) {
		long long off = jint(f, "offset"), len = jint(f, "length");
		const char *sentence = jstr(f, "sentence");
		offsets = offsets && off >= 0 && len > 0 && (size_t)(off + len) <= strlen(body) &&
		          sentence && strlen(sentence) == (size_t)len &&
		          memcmp(body + off, sentence, (size_t)len) == 0;
	}
	t_check(r->status == 200 && offsets,
	        "notices: every finding's offset/length are its sentence's bytes in the text",
	        "%ld %s", r->status, excerpt(r));
	const json_t *rec = finding(r->json, "reclaimed"), *basic = finding(r->json, "basic");
	t_check(rec && same(jstr(rec, "task"), "ZL-06") && json_is_true(jget(rec, "violation")) &&
	                jstr(rec, "why") && strstr(jstr(rec, "why"), "上级部门收回"),
	        "notices: the reclaimed finding names ZL-06 and why it is a violation", "%s",
	        excerpt(r));
	t_check(basic && same(jstr(basic, "task"), "ZL-05") && jstr(basic, "bases") &&
	                strstr(jstr(basic, "bases"), "B009") && !json_is_true(jget(basic, "violation")),
	        "notices: the basic finding names ZL-05 with its bases", "%s", excerpt(r));
	resp_free(r);

	r = api("GET", path, NULL, E.tok_township);
	t_check(r->status == 404, "notices: a town does not see a notice before it is issued (404)",
	        "%ld", r->status);
	resp_free(r);
	r = api("GET", path, NULL, E.tok_supervisor);
	t_check(r->status == 200, "notices: a supervisor reads it", "%ld", r->status);
	resp_free(r);
	r = GET(path);
	t_check(r->status == 401, "notices: anonymous: 401", "%ld", r->status);
	resp_free(r);
	r = api("GET", "/api/v1/notices", NULL, E.tok_township);
	t_check(r->status == 200 && json_array_size(jget(r->json, "notices")) == 0,
	        "notices: a town's register holds nothing unissued", "%ld %s", r->status, excerpt(r));
	resp_free(r);
}

/* A .docx larger than the form decoder's 16 KiB pieces, stored (not
 * deflated) so that NUL bytes of its zip headers come before the later
 * pieces: the upload must arrive whole.  Made with python3 (skipped
 * without it). */
static void upload_large_docx(struct jar *jar, const char *csrf)
{
	char path[160], out[512];
	snprintf(path, sizeof path, "%s/large.docx", E.dir);
	const char *argv[] = {
		"python3", "-c",
		"import sys, zipfile\n"
		"W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'\n"
		"p = ''.join('<w:p><w:r><w:t>第%d条 各镇要按照职责对辖区内生产经营单位安全生产状况进行"
		"监督检查。</w:t></w:r></w:p>' % i for i in range(300))\n"
		"with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:\n"
		"    z.writestr('[Content_Types].xml', '<Types/>')\n"
		"    z.writestr('word/document.xml', '<?xml version=\"1.0\" encoding=\"UTF-8\"?>'\n"
		"        '<w:document xmlns:w=\"%s\"><w:body>%s</w:body></w:document>' % (W, p))\n",
		path, NULL};
	if (run_cmd(argv, NULL, out, sizeof out, 30) != 0) {
		t_note("python3 could not make a .docx (%s): the large upload is not checked", out);
		return;
	}
	FILE *f = fopen(path, "rb");
	char *docx = malloc(200000);
	size_t n = f && docx ? fread(docx, 1, 200000, f) : 0;
	if (f)
		fclose(f);
	struct buf_s {
		char *p;
		size_t len;
	} b = {malloc(n + 2048), 0};
	if (!b.p || n < 20000) {
		t_fail("notices: a large .docx to upload", "%zu bytes", n);
		free(docx);
		free(b.p);
		return;
	}
	b.len = (size_t)sprintf(b.p,
	                        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
	                        "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
	                        "large docx\r\n--XyZ\r\nContent-Disposition: form-data; "
	                        "name=\"file\"; filename=\"large.docx\"\r\nContent-Type: "
	                        "application/octet-stream\r\n\r\n",
	                        csrf);
	memcpy(b.p + b.len, docx, n);
	b.len += n;
	b.len += (size_t)sprintf(b.p + b.len, "\r\n--XyZ--\r\n");
	struct resp *r = http(&(struct req){.method = "POST", .path = "/notices", .body = b.p,
	                                    .body_len = b.len,
	                                    .content_type = "multipart/form-data; boundary=XyZ",
	                                    .jar = jar});
	const char *loc = header(r, "Location");
	t_check(r->status == 303 && loc && strncmp(loc, "/notices/", 9) == 0,
	        "notices: a .docx larger than the form decoder's pieces uploads whole: 303", "%ld %s",
	        r->status, excerpt(r));
	char where[128] = "";
	if (loc)
		snprintf(where, sizeof where, "%s", loc);
	resp_free(r);
	if (*where) {
		r = GET_jar(where, jar);
		expect_contains(r, "第299条", "notices: the large .docx's last paragraph is read");
		resp_free(r);
	}
	free(docx);
	free(b.p);
}

void test_notice(void)
{
	if (!*g_notice || !*g_finding) {
		t_fail("notices: the fixture made a notice", "it did not");
		return;
	}
	check_findings();

	/* another department: 403 on reading and on every step */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/notices/%s", g_notice);
	char tok[65];
	char out[4096];
	const char *add[] = {"user", "add", "dept27n", "--role", "department", "--department",
	                     OTHER_DEPT, "--password-stdin", NULL};
	bool other = run_bin(add, PASSWORD "\n", out, sizeof out) == 0 && bin_token("dept27n", tok);
	if (t_check(other, "notices: another department's user is made", "%s", out)) {
		struct resp *r = api("GET", path, NULL, tok);
		expect_json_error(r, 403, "forbidden", NULL,
		                  "notices: another department reads the notice: 403");
		resp_free(r);
		step(g_notice, "issue", "{\"note\": \"x\"}", tok, 403,
		     "notices: another department issues it: 403");
		snprintf(path, sizeof path, "/api/v1/notices/%s/revise", g_notice);
		r = api("POST", path, "{\"text\": \"" CLEAN_TEXT "\"}", tok);
		expect_json_error(r, 403, "forbidden", NULL,
		                  "notices: another department revises it: 403");
		resp_free(r);
		snprintf(path, sizeof path, "/api/v1/notices/findings/%s/admission", g_finding);
		r = api("POST", path, "{\"task\": \"ZL-190\"}", tok);
		expect_json_error(r, 403, "forbidden", NULL,
		                  "notices: another department requests admission from its finding: 403");
		resp_free(r);
	}

	/* 409 names the allowed steps; 422 names the field */
	snprintf(path, sizeof path, "/api/v1/notices/%s/clear", g_notice);
	struct resp *r = api("POST", path, "{\"note\": \"x\"}", E.tok_office);
	t_check(r->status == 409 && jstr(r->json, "error.message") &&
	                strstr(jstr(r->json, "error.message"),
	                       "allowed: revise, request_review, issue, withdraw"),
	        "notices: clearing a flagged notice: 409 naming the allowed steps", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	step(g_notice, "issue", "{}", E.tok_department, 422,
	     "notices: issuing with violations without a reason: 422");
	r = api("POST", "/api/v1/notices", "{\"title\": \"\", \"text\": \"x\"}", E.tok_department);
	expect_json_error(r, 422, "invalid", "title", "notices: an empty title: 422 naming title");
	resp_free(r);
	r = api("POST", "/api/v1/notices", "{\"title\": \"t\"}", E.tok_department);
	expect_json_error(r, 422, "invalid", "text", "notices: no text: 422 naming text");
	resp_free(r);
	r = api("POST", "/api/v1/notices", "{\"title\": \"t\", \"text\": \"x\", \"towns\": \"999\"}",
	        E.tok_department);
	expect_json_error(r, 422, "invalid", "towns", "notices: an unknown town: 422 naming towns");
	resp_free(r);
	r = api("POST", "/api/v1/notices", "{\"title\": \"t\", \"file\": \"not base64!\"}",
	        E.tok_department);
	expect_json_error(r, 422, "invalid", "file", "notices: a file that is not base64: 422");
	resp_free(r);
	/* "UEsDBA==" is PK\3\4: a zip (.docx) */
	r = api("POST", "/api/v1/notices", "{\"title\": \"t\", \"file\": \"UEsDBAAA\"}",
	        E.tok_department);
	expect_json_error(r, 422, "invalid", "file",
	                  "notices: a broken .docx (a zip's signature only): 422 naming file");
	resp_free(r);
	r = api("POST", "/api/v1/notices", "{\"title\": \"docx\", \"file\": \"" DOCX_B64 "\"}",
	        E.tok_department);
	t_check(r->status == 201 && same(jstr(r->json, "shown.encoding"), "docx") &&
	                same(jstr(r->json, "status"), "flagged") && finding(r->json, "basic") &&
	                finding(r->json, "out_of_list"),
	        "notices: a .docx upload is read (libzip + expat) and screened", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = api("POST", "/api/v1/notices", "{\"title\": \"t\", \"text\": \"x\"}", E.tok_office);
	expect_json_error(r, 403, "forbidden", NULL, "notices: the office submits a notice: 403");
	resp_free(r);

	/* a GBK file, base64: 各镇要按照职责对辖区内生产经营单位安全生产状况进行监督检查。 */
	r = api("POST", "/api/v1/notices",
	        "{\"title\": \"GBK\", \"file\": \"uPfV8tKqsLTV1daw1PC21M+9x/jE2sn6svq+rdOqtaXOu7CyyKvJ+rL617S/9r340NC84La9vOyy6aGj\", "
	        "\"towns\": \"" TOWN "\"}",
	        E.tok_department);
	t_check(r->status == 201 && same(jstr(r->json, "shown.encoding"), "gb18030") &&
	                jstr(r->json, "shown.body") &&
	                strstr(jstr(r->json, "shown.body"), "安全生产状况") &&
	                same(jstr(r->json, "status"), "clean"),
	        "notices: a GBK file (base64) is read as GB18030, screened clean", "%ld %s",
	        r->status, excerpt(r));
	long long gbk = jint(r->json, "id");
	resp_free(r);
	char gid[24];
	snprintf(gid, sizeof gid, "%lld", gbk);
	step(gid, "issue", "{}", E.tok_department, 200, "notices: a clean notice is issued: 200");
	snprintf(path, sizeof path, "/api/v1/notices/%s", gid);
	r = api("GET", path, NULL, E.tok_township);
	t_check(r->status == 200, "notices: the town addressed reads it once issued", "%ld",
	        r->status);
	resp_free(r);
	r = api("GET", path, NULL, E.tok_township_other);
	t_check(r->status == 404, "notices: a town not addressed does not (404)", "%ld", r->status);
	resp_free(r);

	/* the finding becomes an admission request in one step */
	snprintf(path, sizeof path, "/api/v1/notices/findings/%s/admission", g_finding);
	r = api("POST", path,
	        "{\"task\": \"ZL-190\", \"fields\": {\"category\": \"社会治理\", \"duty\": "
	        "\"安全生产\", \"department_part\": \"审批发证\", \"bases\": \"B009:第九条\"}, "
	        "\"resources\": {\"none\": true, \"note\": \"现有人员\"}}",
	        E.tok_department);
	long long adm = jint(r->json, "admission");
	t_check(r->status == 201 && adm > 0, "notices: the out_of_list finding becomes admission "
	                                     "request (201)",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = api("POST", path, "{\"task\": \"ZL-191\"}", E.tok_department);
	expect_json_error(r, 409, "conflict", "finding",
	                  "notices: the same finding a second time: 409");
	resp_free(r);
	snprintf(path, sizeof path, "/api/v1/admissions/%lld", adm);
	r = api("GET", path, NULL, E.tok_office);
	t_check(r->status == 200 && same(jstr(r->json, "department"), DEPT) &&
	                jint(json_array_get(jget(r->json, "from_notices"), 0), "notice") ==
	                        atoll(g_notice) &&
	                jstr(r->json, "payload.township_part") &&
	                strstr(jstr(r->json, "payload.township_part"), "危险化学品"),
	        "notices: the admission request is the department's, its task from the finding, "
	        "linked back to the notice",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	snprintf(path, sizeof path, "/api/v1/notices/%s", g_notice);
	r = api("GET", path, NULL, E.tok_department);
	const json_t *out_f = finding(r->json, "out_of_list");
	t_check(out_f && jint(out_f, "admission") == adm,
	        "notices: the finding links to its admission request", "%s", excerpt(r));
	resp_free(r);

	/* the office's review: request, return, then issued despite: evidence */
	step(g_notice, "request_review", "{\"note\": \"处罚由执法队实施\"}", E.tok_department, 200,
	     "notices: the department asks the office to review: 200");
	step(g_notice, "return", "{}", E.tok_office, 422, "notices: returning without a reason: 422");
	step(g_notice, "return", "{\"note\": \"不得下达处罚事项\"}", E.tok_department, 403,
	     "notices: the department cannot return its own notice: 403");
	step(g_notice, "return", "{\"note\": \"不得下达处罚事项\"}", E.tok_office, 200,
	     "notices: the office returns it: 200");
	step(g_notice, "issue", "{\"note\": \"工作紧急\"}", E.tok_department, 200,
	     "notices: the department issues it despite the violations: 200");
	r = api("GET", "/api/v1/notices/despite?department=" DEPT, NULL, E.tok_supervisor);
	bool listed = false;
	size_t i;
	json_t *n;
	json_array_foreach(jget(r->json, "notices"), i, n) listed |= same(jstr(n, "title"), "夹具：安全生产通知");
	t_check(r->status == 200 && listed,
	        "notices: a supervisor finds it among the notices issued despite violations", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	/* accountability proposes a case of it (清单外派活) */
	r = api("POST", "/api/v1/cases/proposed/refresh", "{}", E.tok_supervisor);
	t_check(r->status == 200, "notices: the supervisor refreshes the proposed cases: 200",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = api("GET", "/api/v1/cases/proposed", NULL, E.tok_supervisor);
	bool proposed = false;
	json_array_foreach(jget(r->json, "proposals"), i, n) proposed |=
		same(jstr(n, "source"), "notice_violations") && same(jstr(n, "department"), DEPT) &&
		same(jstr(n, "type"), "outside_list");
	t_check(r->status == 200 && proposed,
	        "notices: a case of 清单外派活 is proposed for " DEPT " from the notice",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = api("GET", "/api/v1/notices/despite", NULL, E.tok_department);
	t_check(r->status == 403, "notices: a department does not read the evidence list (403)", "%ld",
	        r->status);
	resp_free(r);
	r = api("GET", "/api/v1/notices/stats", NULL, E.tok_office);
	const json_t *d = NULL;
	json_array_foreach(jget(r->json, "departments"), i, n) if (same(jstr(n, "code"), DEPT)) d = n;
	t_check(r->status == 200 && d && jint(d, "notices") >= 2 && jint(d, "issued_despite") >= 1 &&
	                jint(d, "with_violations") >= 1 && jint(d, "violation_findings") >= 2,
	        "notices: the statistics count " DEPT "'s notices, violations and the one issued "
	        "despite them",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = api("GET", "/api/v1/notices/stats?from=2026-13-01", NULL, E.tok_office);
	expect_json_error(r, 422, "invalid", "from", "notices: statistics from a bad date: 422");
	resp_free(r);
	step(g_notice, "withdraw", "{}", E.tok_department, 409,
	     "notices: an issued notice is final: 409");

	/* the page: findings marked in the text, every value escaped */
	r = api("POST", "/api/v1/notices",
	        "{\"title\": \"<script>alert(1)</script>\", \"text\": \"各镇要<b>负责</b>辖区内危险"
	        "化学品经营许可证的初审和现场核查。\"}",
	        E.tok_department);
	long long xss = jint(r->json, "id");
	t_check(r->status == 201 && same(jstr(r->json, "status"), "flagged"),
	        "notices: a notice with markup in its text is screened", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	struct jar jar = {0};
	resp_free(web_login(&jar, "dept1", PASSWORD, NULL));
	snprintf(path, sizeof path, "/notices/%lld", xss);
	r = GET_jar(path, &jar);
	expect_status(r, 200, "notices: the notice's page answers 200");
	expect_contains(r, "<mark class=\"violation", "notices: the page marks the violation");
	expect_contains(r, "&lt;b&gt;负责&lt;/b&gt;", "notices: the text's markup is escaped");
	expect_lacks(r, "<script>alert(1)", "notices: the title's markup is escaped");
	expect_contains(r, "action=\"/notices/findings/",
	                "notices: the page offers the admission request for the out_of_list finding");
	resp_free(r);
	r = GET_jar("/notices", &jar);
	expect_contains(r, "enctype=\"multipart/form-data\"", "notices: the register offers the "
	                                                      "upload form to a department");
	resp_free(r);
	r = GET_jar("/notices/stats", &jar);
	expect_status(r, 200, "notices: the statistics page answers 200");
	resp_free(r);

	/* a multipart upload from the page's form, GBK bytes as they are */
	char csrf[80] = "";
	r = GET_jar("/notices", &jar);
	bool have = form_value(r, "action=\"/notices\"", "csrf", csrf, sizeof csrf);
	resp_free(r);
	if (t_check(have, "notices: the submit form carries its csrf token", "none found")) {
		static const char gbk_bytes[] = "\xb8\xf7\xd5\xf2\xd2\xaa\xd7\xe9\xd6\xaf\xbf\xaa\xd5\xb9"
		                          "\xc9\xad\xc1\xd6\xb7\xc0\xbb\xf0\xd1\xb2\xb2\xe9\xa1\xa3";
		char body[2048];
		int n0 = snprintf(body, sizeof body,
		                  "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
		                  "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
		                  "multipart\r\n--XyZ\r\nContent-Disposition: form-data; "
		                  "name=\"pick." TOWN "\"\r\n\r\non\r\n--XyZ\r\nContent-Disposition: "
		                  "form-data; name=\"file\"; filename=\"n.txt\"\r\nContent-Type: "
		                  "text/plain\r\n\r\n",
		                  csrf);
		memcpy(body + n0, gbk_bytes, sizeof gbk_bytes - 1);
		size_t len = (size_t)n0 + sizeof gbk_bytes - 1;
		len += (size_t)snprintf(body + len, sizeof body - len, "\r\n--XyZ--\r\n");
		r = http(&(struct req){.method = "POST", .path = "/notices", .body = body,
		                       .body_len = len,
		                       .content_type = "multipart/form-data; boundary=XyZ",
		                       .jar = &jar});
		const char *loc = header(r, "Location");
		t_check(r->status == 303 && loc && strncmp(loc, "/notices/", 9) == 0,
		        "notices: the page's multipart form uploads a GBK file: 303 to the notice",
		        "%ld %s", r->status, excerpt(r));
		char where[128] = "";
		if (loc)
			snprintf(where, sizeof where, "%s", loc);
		resp_free(r);
		if (*where) {
			r = GET_jar(where, &jar);
			expect_contains(r, "森林防火巡查", "notices: the uploaded GBK text shows as UTF-8");
			expect_contains(r, "绥阳镇", "notices: addressed to the town ticked");
			resp_free(r);
		}
		upload_large_docx(&jar, csrf);
	}
}
