/* test_notice.c - notices to towns (防护屏障) through the use cases: a
 * department submits, the engine's findings are kept per revision with
 * offsets into the text, scope by role (its own department, towns once
 * issued and addressed, the office), revising, the office's review,
 * issuing despite violations as evidence, a finding turned into an
 * admission request, and the statistics. */
#include "testutil.h"
#include "teststore.h"

#include <iconv.h>

#include "app/app.h"
#include "core/machine.h"
#include "store/store.h"
#include "util/date.h"

static const struct actor office = {"office1", "office", "", ""};
static const struct actor supervisor = {"sup1", "supervisor", "", ""};
static const struct actor dept1 = {"dept1", "department", "", "D01"};
static const struct actor dept2 = {"dept2", "department", "", "D02"};
static const struct actor town1 = {"t1", "township", "100000001", ""};
static const struct actor town2 = {"t2", "township", "100000002", ""};

/* basic work only (ST-01 森林防火巡查) */
#define CLEAN_TEXT "关于做好森林防火工作的通知\n各镇要组织开展森林防火巡查，巡山护林。\n"
/* the same, with a task a department took back (ST-02 林业行政处罚) */
#define FLAGGED_TEXT                                   \
	"关于做好森林防火工作的通知\n"                  \
	"各镇要组织开展森林防火巡查，巡山护林。\n"      \
	"各镇要依法实施林业行政处罚。\n"
/* work on no list */
#define OUT_TEXT                                                    \
	"关于做好安全生产工作的通知\n"                                 \
	"各镇要组织开展森林防火巡查，巡山护林。\n"                     \
	"各镇负责辖区内危险化学品经营许可证的审批和发放。\n"

static const char *text(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static long long num(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static int64_t submit(struct store *s, const struct actor *who, const char *body,
                      const char *const *towns, size_t ntowns, enum status want)
{
	struct notice_input in = {NULL, "通知", towns, ntowns, body, strlen(body), "text", NULL};
	struct error e;
	int64_t id = 0;
	enum status st = notice_submit(s, who, &in, &id, &e);
	if (st != want)
		fail_msg("submit: want %d, got %d: %s", want, st, e.message);
	return id;
}

static json_t *view(struct store *s, int64_t id)
{
	json_t *n;
	struct error e;
	enum status st = notice_view(s, &office, id, 0, &n, &e);
	if (st != STATUS_OK)
		fail_msg("view %lld: %s", (long long)id, e.message);
	return n;
}

static void dump_findings(const json_t *n)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(n, "findings"), i, f)
		print_error("  finding %s %s %s\n", text(f, "verdict"), text(f, "task"),
		            text(f, "evidence"));
}

/* The finding with this verdict, or NULL. */
static json_t *finding(const json_t *n, const char *verdict)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(n, "findings"), i, f)
		if (strcmp(text(f, "verdict"), verdict) == 0)
			return f;
	return NULL;
}

static enum status act(struct store *s, const struct actor *who, int64_t id, const char *action,
                       const char *note)
{
	struct error e;
	return notice_act(s, who, id, action, note, &e);
}

static void test_submit_screens_and_keeps_findings(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	const char *t1[] = {"100000001"};
	int64_t id = submit(s, &dept1, FLAGGED_TEXT, t1, 1, STATUS_OK);
	json_t *n = view(s, id);
	if (strcmp(text(n, "status"), "flagged") != 0)
		dump_findings(n);
	assert_string_equal(text(n, "status"), "flagged");
	assert_string_equal(text(n, "verdict"), "violations");
	assert_true(num(n, "violations") >= 1);
	assert_int_equal(num(n, "revision"), 1);
	/* each finding's offset and length are its sentence's bytes in the text */
	const char *body = text(json_object_get(n, "shown"), "body");
	assert_string_equal(body, FLAGGED_TEXT);
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(n, "findings"), i, f) {
		size_t off = (size_t)num(f, "offset"), len = (size_t)num(f, "length");
		assert_true(off + len <= strlen(body));
		assert_memory_equal(body + off, text(f, "sentence"), len);
		assert_int_equal(strlen(text(f, "sentence")), len);
	}
	json_t *basic = finding(n, "basic"), *reclaimed = finding(n, "reclaimed");
	assert_non_null(basic);
	assert_string_equal(text(basic, "task"), "ST-01");
	assert_string_equal(text(basic, "list_type"), "基本履职");
	assert_non_null(strstr(text(basic, "bases"), "B1 中华人民共和国森林法 第二条"));
	assert_false(json_is_true(json_object_get(basic, "violation")));
	if (!reclaimed)
		dump_findings(n);
	assert_non_null(reclaimed);
	assert_string_equal(text(reclaimed, "task"), "ST-02");
	assert_string_equal(text(reclaimed, "lead_department"), "D01");
	assert_true(json_is_true(json_object_get(reclaimed, "violation")));
	assert_non_null(strstr(text(reclaimed, "why"), "上级部门收回"));
	/* the towns it was addressed to */
	assert_int_equal(json_array_size(json_object_get(n, "towns")), 1);
	assert_false(json_is_true(json_object_get(n, "all_towns")));
	json_decref(n);
	/* clean text: clean */
	n = view(s, submit(s, &dept1, CLEAN_TEXT, NULL, 0, STATUS_OK));
	assert_string_equal(text(n, "status"), "clean");
	assert_int_equal(num(n, "violations"), 0);
	assert_true(json_is_true(json_object_get(n, "all_towns")));
	json_decref(n);
	/* the audit has both */
	json_t *rows;
	struct error e;
	assert_int_equal(store_audit_find(s, "notice:", NULL, "notice.create", 0, 100, &rows, &e),
	                 STATUS_OK);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	store_close(s);
	temp_db_free(path);
}

static void test_submit_refusals(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	/* only a department, for itself */
	submit(s, &office, CLEAN_TEXT, NULL, 0, STATUS_FORBIDDEN);
	submit(s, &town1, CLEAN_TEXT, NULL, 0, STATUS_FORBIDDEN);
	submit(s, &supervisor, CLEAN_TEXT, NULL, 0, STATUS_FORBIDDEN);
	struct notice_input other = {"D02", "通知", NULL, 0, CLEAN_TEXT, strlen(CLEAN_TEXT), "text",
	                             NULL};
	int64_t id;
	assert_int_equal(notice_submit(s, &dept1, &other, &id, &e), STATUS_FORBIDDEN);
	assert_string_equal(e.field, "department");
	/* bad input names its field */
	struct notice_input bad = {NULL, "", NULL, 0, CLEAN_TEXT, strlen(CLEAN_TEXT), "text", NULL};
	assert_int_equal(notice_submit(s, &dept1, &bad, &id, &e), STATUS_INVALID);
	assert_string_equal(e.field, "title");
	bad.title = "通知";
	bad.data = "  \n\t";
	bad.len = 4;
	assert_int_equal(notice_submit(s, &dept1, &bad, &id, &e), STATUS_INVALID);
	assert_string_equal(e.field, "text");
	static const char binary[] = "PK\x03\x04rest";
	bad.data = binary;
	bad.len = sizeof binary - 1;
	bad.data_field = "file";
	assert_int_equal(notice_submit(s, &dept1, &bad, &id, &e), STATUS_INVALID);
	assert_string_equal(e.field, "file");
	static const char nul[] = "各镇要\0巡查";
	bad.data = nul;
	bad.len = sizeof nul - 1;
	assert_int_equal(notice_submit(s, &dept1, &bad, &id, &e), STATUS_INVALID);
	assert_non_null(strstr(e.message, "NUL"));
	const char *nowhere[] = {"999999999"};
	submit(s, &dept1, CLEAN_TEXT, nowhere, 1, STATUS_INVALID);
	/* nothing was written */
	json_t *all;
	assert_int_equal(notice_list(s, &office, NULL, NULL, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 0);
	json_decref(all);
	store_close(s);
	temp_db_free(path);
}

static void test_gbk_upload(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char in[] = FLAGGED_TEXT, out[1024];
	char *ip = in, *op = out;
	size_t il = strlen(in), ol = sizeof out;
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	struct notice_input gbk = {NULL, "通知", NULL, 0, out, (size_t)(op - out), "file", NULL};
	struct error e;
	int64_t id;
	assert_int_equal(notice_submit(s, &dept1, &gbk, &id, &e), STATUS_OK);
	json_t *n = view(s, id);
	/* stored as UTF-8, the same text and findings as the UTF-8 file */
	assert_string_equal(text(json_object_get(n, "shown"), "encoding"), "gb18030");
	assert_string_equal(text(json_object_get(n, "shown"), "body"), FLAGGED_TEXT);
	assert_string_equal(text(n, "status"), "flagged");
	json_decref(n);
	store_close(s);
	temp_db_free(path);
}

static void test_scope(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	const char *t1[] = {"100000001"};
	int64_t id = submit(s, &dept1, CLEAN_TEXT, t1, 1, STATUS_OK);
	json_t *n;
	/* another department: refused; towns: not before it is issued */
	assert_int_equal(notice_view(s, &dept2, id, 0, &n, &e), STATUS_FORBIDDEN);
	assert_int_equal(notice_view(s, &town1, id, 0, &n, &e), STATUS_NOT_FOUND);
	assert_int_equal(notice_view(s, &supervisor, id, 0, &n, &e), STATUS_OK);
	json_decref(n);
	json_t *all;
	assert_int_equal(notice_list(s, &dept2, NULL, NULL, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 0);
	json_decref(all);
	/* a department may not act on another's notice, a town or the office
	 * not on a department's step */
	assert_int_equal(act(s, &dept2, id, "issue", NULL), STATUS_FORBIDDEN);
	assert_int_equal(act(s, &town1, id, "issue", NULL), STATUS_FORBIDDEN);
	assert_int_equal(act(s, &office, id, "issue", NULL), STATUS_FORBIDDEN);
	assert_int_equal(act(s, &supervisor, id, "withdraw", NULL), STATUS_FORBIDDEN);
	assert_int_equal(act(s, &dept1, id, "clear", "x"), STATUS_CONFLICT);
	assert_int_equal(act(s, &dept1, id, "fly", NULL), STATUS_CONFLICT);
	assert_int_equal(act(s, &dept1, id, "issue", NULL), STATUS_OK);
	/* issued: the town addressed reads it, the other does not */
	assert_int_equal(notice_view(s, &town1, id, 0, &n, &e), STATUS_OK);
	json_decref(n);
	assert_int_equal(notice_view(s, &town2, id, 0, &n, &e), STATUS_NOT_FOUND);
	assert_int_equal(notice_list(s, &town1, NULL, NULL, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 1);
	json_decref(all);
	assert_int_equal(notice_list(s, &town2, NULL, NULL, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 0);
	json_decref(all);
	/* final: nothing more */
	assert_int_equal(act(s, &dept1, id, "withdraw", NULL), STATUS_CONFLICT);
	store_close(s);
	temp_db_free(path);
}

static void test_revise_keeps_each_revision(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	int64_t id = submit(s, &dept1, FLAGGED_TEXT, NULL, 0, STATUS_OK);
	struct notice_input rev = {NULL, NULL, NULL, 0, CLEAN_TEXT, strlen(CLEAN_TEXT), "text",
	                           "删去行政处罚"};
	assert_int_equal(notice_revise(s, &dept2, id, &rev, &e), STATUS_FORBIDDEN);
	assert_int_equal(notice_revise(s, &dept1, id, &rev, &e), STATUS_OK);
	json_t *n = view(s, id);
	assert_string_equal(text(n, "status"), "clean");
	assert_int_equal(num(n, "revision"), 2);
	assert_int_equal(json_array_size(json_object_get(n, "revisions")), 2);
	assert_string_equal(text(n, "title"), "通知"); /* kept */
	assert_null(finding(n, "reclaimed"));
	json_decref(n);
	/* the first revision is still there, with its findings */
	assert_int_equal(notice_view(s, &office, id, 1, &n, &e), STATUS_OK);
	assert_string_equal(text(json_object_get(n, "shown"), "body"), FLAGGED_TEXT);
	assert_non_null(finding(n, "reclaimed"));
	assert_false(json_is_true(json_object_get(json_object_get(n, "shown"), "current")));
	json_decref(n);
	/* revising back to the violation flags it again */
	rev.data = FLAGGED_TEXT;
	rev.len = strlen(FLAGGED_TEXT);
	assert_int_equal(notice_revise(s, &dept1, id, &rev, &e), STATUS_OK);
	n = view(s, id);
	assert_string_equal(text(n, "status"), "flagged");
	assert_int_equal(num(n, "revision"), 3);
	json_decref(n);
	/* a revision needs its text */
	rev.data = NULL;
	rev.len = 0;
	assert_int_equal(notice_revise(s, &dept1, id, &rev, &e), STATUS_INVALID);
	assert_string_equal(e.field, "text");
	store_close(s);
	temp_db_free(path);
}

static void test_review_and_issue(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	/* the office reviews: clear needs a reason; cleared is issued cleanly */
	int64_t a = submit(s, &dept1, FLAGGED_TEXT, NULL, 0, STATUS_OK);
	assert_int_equal(act(s, &office, a, "clear", "x"), STATUS_CONFLICT); /* not asked */
	assert_int_equal(act(s, &dept1, a, "request_review", "处罚由执法队实施"), STATUS_OK);
	assert_int_equal(act(s, &dept1, a, "issue", "x"), STATUS_CONFLICT);
	assert_int_equal(act(s, &dept2, a, "withdraw", NULL), STATUS_FORBIDDEN);
	assert_int_equal(act(s, &office, a, "clear", NULL), STATUS_INVALID);
	assert_int_equal(act(s, &office, a, "clear", "同意，属联合执法"), STATUS_OK);
	json_t *n = view(s, a);
	assert_string_equal(text(n, "status"), "cleared");
	assert_string_equal(text(n, "review_note"), "同意，属联合执法");
	assert_string_equal(text(n, "reviewed_by"), "office1");
	json_decref(n);
	assert_int_equal(act(s, &dept1, a, "issue", NULL), STATUS_OK);
	n = view(s, a);
	assert_string_equal(text(n, "status"), "issued");
	assert_false(json_is_true(json_object_get(n, "despite")));
	assert_int_equal(json_array_size(json_object_get(n, "events")), 4);
	json_decref(n);

	/* returned, then issued anyway: evidence, with its reason */
	int64_t b = submit(s, &dept1, FLAGGED_TEXT, NULL, 0, STATUS_OK);
	assert_int_equal(act(s, &dept1, b, "request_review", NULL), STATUS_OK);
	assert_int_equal(act(s, &office, b, "return", NULL), STATUS_INVALID);
	assert_int_equal(act(s, &office, b, "return", "不得下达处罚事项"), STATUS_OK);
	assert_int_equal(act(s, &dept1, b, "issue", NULL), STATUS_INVALID);
	assert_int_equal(act(s, &dept1, b, "issue", ""), STATUS_INVALID);
	assert_int_equal(act(s, &dept1, b, "issue", "工作紧急"), STATUS_OK);
	n = view(s, b);
	assert_string_equal(text(n, "status"), "issued");
	assert_true(json_is_true(json_object_get(n, "despite")));
	json_decref(n);
	/* a clean notice issued is no evidence */
	int64_t c = submit(s, &dept2, CLEAN_TEXT, NULL, 0, STATUS_OK);
	assert_int_equal(act(s, &dept2, c, "issue", NULL), STATUS_OK);

	/* the evidence: notice b alone, of D01, in its period */
	json_t *rows;
	assert_int_equal(notice_issued_despite(s, "D01", NULL, NULL, &rows, &e), STATUS_OK);
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(num(json_array_get(rows, 0), "id"), b);
	json_decref(rows);
	assert_int_equal(notice_issued_despite(s, "D02", NULL, NULL, &rows, &e), STATUS_OK);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	assert_int_equal(notice_issued_despite(s, NULL, "2999-01-01", NULL, &rows, &e), STATUS_OK);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	assert_int_equal(notice_issued_despite(s, NULL, "not a date", NULL, &rows, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "from");
	/* its audit entry says so */
	assert_int_equal(store_audit_find(s, "notice:", NULL, "notice.issue", 0, 100, &rows, &e),
	                 STATUS_OK);
	assert_int_equal(json_array_size(rows), 3);
	size_t i;
	json_t *r;
	int despite = 0;
	json_array_foreach(rows, i, r) despite += strstr(text(r, "detail"), "\"despite_violations\":true") != NULL;
	assert_int_equal(despite, 1);
	json_decref(rows);

	/* the statistics: D01 two notices, both with violations, one despite */
	json_t *stats;
	assert_int_equal(notice_stats(s, NULL, NULL, &stats, &e), STATUS_OK);
	json_t *d01 = NULL, *d02 = NULL;
	json_array_foreach(json_object_get(stats, "departments"), i, r) {
		if (strcmp(text(r, "code"), "D01") == 0)
			d01 = r;
		if (strcmp(text(r, "code"), "D02") == 0)
			d02 = r;
	}
	assert_non_null(d01);
	assert_non_null(d02);
	assert_int_equal(num(d01, "notices"), 2);
	assert_int_equal(num(d01, "with_violations"), 2);
	assert_int_equal(num(d01, "issued"), 2);
	assert_int_equal(num(d01, "issued_despite"), 1);
	assert_true(num(d01, "violation_findings") >= 2);
	assert_int_equal(num(d02, "notices"), 1);
	assert_int_equal(num(d02, "with_violations"), 0);
	assert_int_equal(num(json_object_get(stats, "total"), "notices"), 3);
	json_decref(stats);
	assert_int_equal(notice_stats(s, "2999-01-01", NULL, &stats, &e), STATUS_OK);
	assert_int_equal(num(json_object_get(stats, "total"), "notices"), 0);
	json_decref(stats);

	/* accountability (监管问责) proposes a case from the evidence, once */
	int created = -1;
	assert_int_equal(case_proposals_refresh(s, &office, NULL, NULL, &created, &e), STATUS_OK);
	assert_int_equal(created, 1);
	json_t *props;
	assert_int_equal(case_proposal_list(s, &supervisor, NULL, &props, &e), STATUS_OK);
	json_t *prop = NULL;
	json_array_foreach(props, i, r) if (strcmp(text(r, "source"), "notice_violations") == 0) prop = r;
	assert_non_null(prop);
	assert_string_equal(text(prop, "department"), "D01");
	assert_string_equal(text(prop, "type"), "outside_list");
	json_decref(props);
	assert_int_equal(case_proposals_refresh(s, &office, NULL, NULL, &created, &e), STATUS_OK);
	assert_int_equal(created, 0);

	/* assessment (考核评价): the share of notices without violations */
	char start[11], end[11];
	date_format(date_today() - 30, start);
	date_format(date_today() + 30, end);
	struct assess_def def = {"年度考核", start, end, 1};
	int64_t period, u1, u2;
	assert_int_equal(assess_create(s, &office, &def, &period, &e), STATUS_OK);
	assert_int_equal(assess_indicator_set(s, &office, period, "N1", "文件审查",
	                                      "notice_violations", 100, &e),
	                 STATUS_OK);
	assert_int_equal(assess_unit_add(s, &office, period, "D01", false, &u1, &e), STATUS_OK);
	assert_int_equal(assess_unit_add(s, &office, period, "D02", false, &u2, &e), STATUS_OK);
	json_t *res;
	assert_int_equal(assess_results(s, &office, period, &res, &e), STATUS_OK);
	double v1 = -1, v2 = -1;
	json_array_foreach(json_object_get(res, "results"), i, r) {
		double v = json_real_value(json_object_get(json_object_get(r, "values"), "N1"));
		if (strcmp(text(r, "department"), "D01") == 0)
			v1 = v;
		if (strcmp(text(r, "department"), "D02") == 0)
			v2 = v;
	}
	assert_true(v1 == 0.0);   /* both of D01's had violations */
	assert_true(v2 == 100.0); /* D02's one was clean */
	json_decref(res);
	store_close(s);
	temp_db_free(path);
}

static void test_admission_from_finding(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	struct diag d = {0};
	int64_t id = submit(s, &dept1, OUT_TEXT, NULL, 0, STATUS_OK);
	json_t *n = view(s, id);
	json_t *out = finding(n, "out_of_list"), *basic = finding(n, "basic");
	if (!out)
		dump_findings(n);
	assert_non_null(out);
	assert_non_null(basic);
	int64_t fid = num(out, "id"), bid = num(basic, "id");
	json_t *fields = json_pack("{s:s, s:s, s:s, s:s}", "category", "社会治理", "duty", "安全生产",
	                           "department_part", "审批发证", "bases", "B2:第三条");
	json_t *res = json_pack("{s:b, s:s}", "none", 1, "note", "现有人员承担");
	int64_t admission;
	json_t *similar;
	/* only its department, only an out-of-list finding */
	assert_int_equal(notice_admission(s, &dept2, fid, "ZL-90", fields, res, &admission, &similar,
	                                  &d, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(notice_admission(s, &office, fid, "ZL-90", fields, res, &admission, &similar,
	                                  &d, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(notice_admission(s, &dept1, bid, "ZL-90", fields, res, &admission, &similar,
	                                  &d, &e),
	                 STATUS_CONFLICT);
	/* what admission checks, it still checks: a basis in force */
	json_t *repealed = json_deep_copy(fields);
	json_object_set_new(repealed, "bases", json_string("B3"));
	assert_int_equal(notice_admission(s, &dept1, fid, "ZL-90", repealed, res, &admission,
	                                  &similar, &d, &e),
	                 STATUS_INVALID);
	json_decref(repealed);
	diag_free(&d);
	assert_int_equal(notice_admission(s, &dept1, fid, "ZL-90", fields, res, &admission, &similar,
	                                  &d, &e),
	                 STATUS_OK);
	json_decref(similar);
	/* the request: the department's, the task starting from the finding */
	json_t *a;
	assert_int_equal(admission_view(s, admission, &a, &e), STATUS_OK);
	assert_string_equal(text(a, "department"), "D01");
	assert_string_equal(text(a, "status"), "submitted");
	json_t *payload = json_object_get(a, "payload");
	assert_non_null(strstr(text(out, "evidence"), text(payload, "name")));
	assert_string_equal(text(payload, "township_part"), text(out, "sentence"));
	assert_string_equal(text(payload, "lead_department"), "D01");
	assert_string_equal(text(payload, "category"), "社会治理");
	json_decref(a);
	/* linked back: the finding names it; a second request is refused */
	json_decref(n);
	n = view(s, id);
	assert_int_equal(num(finding(n, "out_of_list"), "admission"), admission);
	assert_string_equal(text(finding(n, "out_of_list"), "admission_status"), "submitted");
	assert_int_equal(notice_admission(s, &dept1, fid, "ZL-91", fields, res, &admission, &similar,
	                                  &d, &e),
	                 STATUS_CONFLICT);
	json_decref(n);
	json_t *links;
	assert_int_equal(store_notice_of_admission(s, admission, &links, &e), STATUS_OK);
	assert_int_equal(json_array_size(links), 1);
	assert_int_equal(num(json_array_get(links, 0), "notice"), id);
	json_decref(links);
	/* a finding of an older revision is not the notice's any more */
	struct notice_input rev = {NULL, NULL, NULL, 0, OUT_TEXT, strlen(OUT_TEXT), "text", NULL};
	assert_int_equal(notice_revise(s, &dept1, id, &rev, &e), STATUS_OK);
	n = view(s, id);
	int64_t newer = num(finding(n, "out_of_list"), "id");
	json_decref(n);
	assert_int_equal(notice_admission(s, &dept1, fid, "ZL-92", fields, res, &admission, &similar,
	                                  &d, &e),
	                 STATUS_CONFLICT);
	assert_int_equal(notice_admission(s, &dept1, newer, "ZL-92", fields, res, &admission,
	                                  &similar, &d, &e),
	                 STATUS_OK);
	json_decref(similar);
	diag_free(&d);
	json_decref(fields);
	json_decref(res);
	store_close(s);
	temp_db_free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_submit_screens_and_keeps_findings),
		cmocka_unit_test(test_submit_refusals),
		cmocka_unit_test(test_gbk_upload),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_revise_keeps_each_revision),
		cmocka_unit_test(test_review_and_issue),
		cmocka_unit_test(test_admission_from_finding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
