/* test_accountability.c - 考核评价 and 监管问责: the use cases by role and
 * scope (the machines' table itself is tested in test_review.c); case
 * deadlines on the working-day calendar across a holiday and 调休
 * working days; the weighted ranking with its minimum sample on
 * constructed data; results and scores hidden until the period closes;
 * proposed cases refreshed without proposing the same evidence twice. */
#include "testutil.h"
#include "teststore.h"

#include "app/app.h"
#include "core/assess.h"
#include "core/case.h"
#include "core/machine.h"
#include "store/internal.h"
#include "store/store.h"
#include "util/date.h"

static const struct actor office = {"office1", "office", "", ""};
static const struct actor super = {"sup1", "supervisor", "", ""};
static const struct actor dept1 = {"dept1", "department", "", "D01"};
static const struct actor dept2 = {"dept2", "department", "", "D02"};
static const struct actor town1 = {"t1", "township", "100000001", ""};
static const struct actor town2 = {"t2", "township", "100000002", ""};

static long day(const char *text)
{
	long d;
	assert_true(date_parse(text, &d));
	return d;
}

static const char *fmt(long d)
{
	static char out[11];
	date_format(d, out);
	return out;
}

/* --- deadlines --- */

static void test_case_deadlines_on_the_calendar(void **state)
{
	(void)state;
	/* 2024 国庆: 9/29 (Sunday) worked, 10/1-10/7 off, 10/12 (Saturday) worked */
	struct calendar cal = {0};
	calendar_add(&cal, day("2024-09-29"), CAL_WORK);
	for (long d = day("2024-10-01"); d <= day("2024-10-07"); d++)
		calendar_add(&cal, d, CAL_REST);
	calendar_add(&cal, day("2024-10-12"), CAL_WORK);
	calendar_sort(&cal);
	struct case_settings set = case_defaults; /* 5, 30, 10 */
	/* opened Friday 9/27: Sunday 9/29 (调休) and Monday 9/30 count, the
	 * holiday does not: 10/8, 10/9, 10/10 */
	long opened = day("2024-09-27");
	assert_string_equal(fmt(case_due(&set, &cal, CASE_OPENED, opened, opened)), "2024-10-10");
	/* without the calendar it would be the Friday after */
	struct calendar none = {0};
	assert_string_equal(fmt(case_due(&set, &none, CASE_OPENED, opened, opened)), "2024-10-04");
	/* concluded on 10/8 with close_days 4: 10/9, 10/10, 10/11, and Saturday 10/12 (调休) */
	set.close_days = 4;
	assert_string_equal(fmt(case_due(&set, &cal, CASE_CONCLUDED, opened, day("2024-10-08"))),
	                    "2024-10-12");
	/* investigating counts from the opening, not from the step */
	set.conclude_days = 2;
	assert_string_equal(fmt(case_due(&set, &cal, CASE_INVESTIGATING, opened, day("2024-10-10"))),
	                    "2024-09-30");
	assert_int_equal(case_due(&set, &cal, CASE_CLOSED, opened, opened), -1);
	/* the due day itself is in time, the next is not; closed never is */
	long due = day("2024-10-10");
	assert_false(case_overdue(CASE_OPENED, due, due));
	assert_true(case_overdue(CASE_OPENED, due, due + 1));
	assert_false(case_overdue(CASE_CLOSED, due, due + 100));
	calendar_free(&cal);
}

/* --- ranking on constructed data --- */

static void test_ranking_and_minimum_sample(void **state)
{
	(void)state;
	double w[] = {60, 40};
	double va[] = {80, 50}, vb[] = {90, 100}, vc[] = {100, 100}, vd[] = {70, 0};
	bool both[] = {true, true}, first[] = {true, false};
	struct assess_unit_result u[] = {
		{"A", 3, va, both, 0, false, 0}, /* 0.6*80 + 0.4*50 = 68 */
		{"B", 3, vb, both, 0, false, 0}, /* 94 */
		{"C", 2, vc, both, 0, false, 0}, /* 100, but two towns: insufficient */
		{"D", 3, vd, first, 0, false, 0}, /* no objective value: 70 over the subjective alone */
	};
	assess_rank(w, 2, u, 4, 3);
	assert_true(u[0].total == 68.0 && u[0].rank == 3);
	assert_true(u[1].total == 94.0 && u[1].rank == 1);
	assert_true(u[2].insufficient && u[2].rank == 0 && u[2].total == 0);
	assert_true(u[3].total == 70.0 && u[3].rank == 2);
	/* at the limit: three towns with a minimum of three is enough, two is not */
	assess_rank(w, 2, u, 4, 2);
	assert_false(u[2].insufficient);
	assert_int_equal(u[2].rank, 1);
	/* ties go by key */
	double t1[] = {50, 50}, t2[] = {50, 50};
	struct assess_unit_result tie[] = {{"Z", 1, t1, both, 0, false, 0},
	                                   {"Y", 1, t2, both, 0, false, 0}};
	assess_rank(w, 2, tie, 2, 1);
	assert_int_equal(tie[1].rank, 1);
	assert_int_equal(tie[0].rank, 2);
	/* nothing to weigh: insufficient, whatever the towns */
	bool no[] = {false, false};
	struct assess_unit_result empty[] = {{"E", 9, va, no, 0, false, 0}};
	assess_rank(w, 2, empty, 1, 1);
	assert_true(empty[0].insufficient);
}

static void test_results_of_scores(void **state)
{
	(void)state;
	json_t *ind = json_loads("[{\"code\":\"Q1\",\"source\":\"town_score\",\"weight\":50},"
	                         "{\"code\":\"W1\",\"source\":\"whistle_on_time\",\"weight\":50}]",
	                         0, NULL);
	json_t *units = json_loads("[{\"id\":1,\"department\":\"D01\"},{\"id\":2,\"department\":\"D02\"}]",
	                           0, NULL);
	/* D01: two towns, 60 and 80 -> 70; D02: one town only */
	json_t *scores = json_loads(
		"[{\"unit_id\":1,\"town\":\"t1\",\"indicator\":\"Q1\",\"score\":60},"
		"{\"unit_id\":1,\"town\":\"t2\",\"indicator\":\"Q1\",\"score\":80},"
		"{\"unit_id\":2,\"town\":\"t1\",\"indicator\":\"Q1\",\"score\":100}]",
		0, NULL);
	double obj[] = {0, 90, 0, 100};
	bool has[] = {false, true, false, true};
	json_t *r = assess_results_of(ind, units, scores, obj, has, 2);
	json_t *a = json_array_get(r, 0), *b = json_array_get(r, 1);
	assert_int_equal(json_integer_value(json_object_get(a, "id")), 1);
	assert_int_equal(json_integer_value(json_object_get(a, "towns_scored")), 2);
	assert_true(json_real_value(json_object_get(json_object_get(a, "values"), "Q1")) == 70.0);
	assert_true(json_real_value(json_object_get(a, "total")) == 80.0);
	assert_int_equal(json_integer_value(json_object_get(a, "rank")), 1);
	assert_true(json_is_true(json_object_get(b, "insufficient_data")));
	assert_true(json_is_null(json_object_get(b, "rank")));
	assert_true(json_is_null(json_object_get(b, "total")));
	json_decref(r);
	json_decref(ind);
	json_decref(units);
	json_decref(scores);
}

/* --- the period through the use cases --- */

static int64_t raise_whistle(struct store *s, const struct actor *who, const char *dept)
{
	struct whistle_call w = {.department = dept, .matter = "河道垃圾", .place = "东村桥", .urgency = "normal"};
	struct error e;
	int64_t id;
	assert_int_equal(whistle_raise(s, who, &w, &id, &e), STATUS_OK);
	return id;
}

static void test_period_by_role_and_scope(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	/* this year's period: the whistle below falls in it */
	char start[11], end[11];
	long today = date_today();
	date_format(today - 30, start);
	date_format(today + 30, end);
	struct assess_def d = {"年度考核", start, end, 1};
	int64_t id, u1, u1a, u2;
	assert_int_equal(assess_create(s, &town1, &d, &id, &e), STATUS_FORBIDDEN);
	struct assess_def bad = {"x", end, start, 1};
	assert_int_equal(assess_create(s, &office, &bad, &id, &e), STATUS_INVALID);
	assert_string_equal(e.field, "end");
	assert_int_equal(assess_create(s, &office, &d, &id, &e), STATUS_OK);
	assert_int_equal(assess_indicator_set(s, &town1, id, "Q1", "态度", "town_score", 70, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(assess_indicator_set(s, &office, id, "Q1", "态度", "town_score", 70, &e),
	                 STATUS_OK);
	assert_int_equal(assess_indicator_set(s, &office, id, "W1", "报到", "whistle_ack_on_time", 30,
	                                      &e),
	                 STATUS_OK);
	assert_int_equal(assess_indicator_set(s, &office, id, "W2", "x", "no_such_source", 30, &e),
	                 STATUS_INVALID);
	assert_int_equal(assess_act(s, &office, id, "open", &e), STATUS_CONFLICT); /* no unit */
	assert_int_equal(assess_unit_add(s, &office, id, "D01", false, &u1, &e), STATUS_OK);
	assert_int_equal(assess_unit_add(s, &office, id, "D01", true, &u1a, &e), STATUS_OK);
	assert_int_equal(assess_unit_add(s, &office, id, "D02", true, &u2, &e), STATUS_INVALID);
	assert_int_equal(assess_unit_add(s, &office, id, "D02", false, &u2, &e), STATUS_OK);
	/* town1 worked with D01 (a whistle in the period); town2 is assigned D02 */
	raise_whistle(s, &town1, "D01");
	assert_int_equal(assess_assign(s, &office, id, u2, "100000002", &e), STATUS_OK);
	json_t *sc = json_pack("{s:i}", "Q1", 85);
	assert_int_equal(assess_score(s, &town1, id, u1, sc, NULL, &e), STATUS_CONFLICT); /* draft */
	assert_int_equal(assess_act(s, &town1, id, "open", &e), STATUS_FORBIDDEN);
	assert_int_equal(assess_act(s, &office, id, "open", &e), STATUS_OK);
	assert_int_equal(assess_indicator_set(s, &office, id, "Q2", "x", "town_score", 5, &e),
	                 STATUS_CONFLICT);
	/* scope: a town scores only what it worked with */
	assert_int_equal(assess_score(s, &town2, id, u1, sc, NULL, &e), STATUS_FORBIDDEN);
	assert_int_equal(assess_score(s, &dept1, id, u1, sc, NULL, &e), STATUS_FORBIDDEN);
	assert_int_equal(assess_score(s, &office, id, u1, sc, NULL, &e), STATUS_FORBIDDEN);
	assert_int_equal(assess_score(s, &town1, id, u2, sc, NULL, &e), STATUS_FORBIDDEN);
	assert_int_equal(assess_score(s, &town1, id, u1, sc, "及时", &e), STATUS_OK);
	assert_int_equal(assess_score(s, &town1, id, u1, sc, NULL, &e), STATUS_CONFLICT);
	assert_int_equal(assess_score(s, &town2, id, u2, sc, NULL, &e), STATUS_OK);
	json_decref(sc);
	/* 任免建议: on agencies only, reported to the office, hidden from departments */
	int64_t oid;
	assert_int_equal(assess_opinion(s, &town1, id, u1, "张三", "keep", "称职", &oid, &e),
	                 STATUS_INVALID);
	assert_int_equal(assess_opinion(s, &town1, id, u1a, "张三", "sack", "x", &oid, &e),
	                 STATUS_INVALID);
	assert_int_equal(assess_opinion(s, &town1, id, u1a, "张三", "commend", "称职", &oid, &e),
	                 STATUS_OK);
	json_t *ops;
	assert_int_equal(assess_opinions(s, &dept1, id, &ops, &e), STATUS_FORBIDDEN);
	assert_int_equal(assess_opinions(s, &office, id, &ops, &e), STATUS_OK);
	assert_int_equal(json_array_size(ops), 1);
	json_decref(ops);
	assert_int_equal(assess_opinions(s, &town2, id, &ops, &e), STATUS_OK);
	assert_int_equal(json_array_size(ops), 0); /* another town's */
	json_decref(ops);
	/* hidden until closed */
	json_t *r;
	assert_int_equal(assess_results(s, &dept1, id, &r, &e), STATUS_FORBIDDEN);
	assert_int_equal(assess_results(s, &town1, id, &r, &e), STATUS_FORBIDDEN);
	assert_int_equal(assess_results(s, &super, id, &r, &e), STATUS_OK);
	json_decref(r);
	json_t *v;
	assert_int_equal(assess_view(s, &town2, id, &v, &e), STATUS_OK);
	assert_int_equal(json_array_size(json_object_get(v, "my_scores")), 1); /* its own only */
	json_decref(v);
	assert_int_equal(assess_act(s, &office, id, "close", &e), STATUS_OK);
	assert_int_equal(assess_act(s, &office, id, "close", &e), STATUS_CONFLICT);
	assert_int_equal(assess_results(s, &dept1, id, &r, &e), STATUS_OK);
	json_t *first = json_array_get(json_object_get(r, "results"), 0);
	/* D01: Q1 85 and its whistle's acknowledgement not yet due: no W1 value */
	assert_string_equal(json_string_value(json_object_get(first, "department")), "D01");
	assert_true(json_real_value(json_object_get(first, "total")) == 85.0);
	json_decref(r);
	store_close(s);
	temp_db_free(path);
}

/* --- cases --- */

static void test_case_by_role_and_scope(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	int64_t id, eid;
	struct case_def c = {"D01", true, "falsity", "虚报整改", NULL};
	struct case_evidence_in complaint = {"complaint", 0, "群众来信", NULL, NULL, NULL};
	assert_int_equal(case_open(s, &office, &c, NULL, 0, &id, &e), STATUS_FORBIDDEN);
	assert_int_equal(case_open(s, &dept1, &c, NULL, 0, &id, &e), STATUS_FORBIDDEN);
	struct case_def nope = {"D02", true, "falsity", "x", NULL};
	assert_int_equal(case_open(s, &super, &nope, NULL, 0, &id, &e), STATUS_INVALID);
	assert_string_equal(e.field, "agency");
	struct case_evidence_in ghost = {"whistle", 42, NULL, NULL, NULL, NULL};
	assert_int_equal(case_open(s, &super, &c, &ghost, 1, &id, &e), STATUS_INVALID);
	assert_string_equal(e.field, "ref_id");
	json_t *all;
	assert_int_equal(case_list(s, &super, NULL, false, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 0); /* the refused opening left nothing */
	json_decref(all);
	assert_int_equal(case_open(s, &super, &c, &complaint, 1, &id, &e), STATUS_OK);
	/* a file: capped, hashed */
	struct case_evidence_in file = {"file", 0, NULL, "a.txt", "text/plain", "aGVsbG8="};
	assert_int_equal(case_evidence_add(s, &dept1, id, &file, &eid, &e), STATUS_FORBIDDEN);
	struct case_evidence_in badtype = {"file", 0, NULL, "a.txt", "text", "aGVsbG8="};
	assert_int_equal(case_evidence_add(s, &super, id, &badtype, &eid, &e), STATUS_INVALID);
	assert_int_equal(case_evidence_add(s, &super, id, &file, &eid, &e), STATUS_OK);
	char *name, *type;
	struct buf data = {0};
	assert_int_equal(case_file(s, &dept2, id, eid, &name, &type, &data, &e), STATUS_NOT_FOUND);
	assert_int_equal(case_file(s, &dept1, id, eid, &name, &type, &data, &e), STATUS_OK);
	assert_int_equal(data.len, 5);
	assert_memory_equal(data.data, "hello", 5);
	free(name);
	free(type);
	buf_free(&data);
	/* visibility: the department concerned, the office, the supervisor */
	json_t *v;
	assert_int_equal(case_view(s, &dept2, id, &v, &e), STATUS_NOT_FOUND);
	assert_int_equal(case_view(s, &town1, id, &v, &e), STATUS_FORBIDDEN);
	assert_int_equal(case_view(s, &dept1, id, &v, &e), STATUS_OK);
	assert_string_equal(json_string_value(json_object_get(v, "agency_name")), "林业站");
	assert_int_equal(json_array_size(json_object_get(v, "evidence")), 2);
	json_decref(v);
	assert_int_equal(case_list(s, &dept2, NULL, false, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 0);
	json_decref(all);
	/* steps */
	assert_int_equal(case_act(s, &dept2, id, "answer", "x", NULL, &e), STATUS_NOT_FOUND);
	assert_int_equal(case_act(s, &dept1, id, "answer", "已说明情况", NULL, &e), STATUS_OK);
	/* overdue: flagged when today is past the step's due day, not on it */
	assert_int_equal(case_list(s, &super, NULL, true, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 0);
	json_decref(all);
	char sql[128], today[11];
	date_format(date_today(), today);
	snprintf(sql, sizeof sql, "UPDATE supervision_case SET due = '%s'", today);
	assert_int_equal(store_exec(s, sql, &e), STATUS_OK);
	assert_int_equal(case_list(s, &super, NULL, true, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 0);
	json_decref(all);
	date_format(date_today() - 1, today);
	snprintf(sql, sizeof sql, "UPDATE supervision_case SET due = '%s'", today);
	assert_int_equal(store_exec(s, sql, &e), STATUS_OK);
	assert_int_equal(case_list(s, &dept1, NULL, true, &all, &e), STATUS_OK);
	assert_int_equal(json_array_size(all), 1);
	assert_true(json_is_true(json_object_get(json_array_get(all, 0), "overdue")));
	json_decref(all);
	assert_int_equal(case_act(s, &dept1, id, "investigate", NULL, NULL, &e), STATUS_FORBIDDEN);
	assert_int_equal(case_act(s, &super, id, "conclude", "x", "y", &e), STATUS_CONFLICT);
	assert_int_equal(case_act(s, &super, id, "investigate", NULL, NULL, &e), STATUS_OK);
	assert_int_equal(case_act(s, &super, id, "conclude", "属实", NULL, &e), STATUS_INVALID);
	assert_string_equal(e.field, "measure");
	assert_int_equal(case_act(s, &super, id, "conclude", "属实", "通报批评", &e), STATUS_OK);
	assert_int_equal(case_evidence_add(s, &super, id, &complaint, &eid, &e), STATUS_CONFLICT);
	assert_int_equal(case_act(s, &super, id, "close", NULL, NULL, &e), STATUS_OK);
	assert_int_equal(case_act(s, &dept1, id, "answer", "x", NULL, &e), STATUS_CONFLICT);
	assert_int_equal(case_view(s, &office, id, &v, &e), STATUS_OK);
	assert_string_equal(json_string_value(json_object_get(v, "measure")), "通报批评");
	assert_true(json_is_false(json_object_get(v, "overdue")));
	json_decref(v);
	store_close(s);
	temp_db_free(path);
}

static void test_proposals_idempotent(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	int64_t w1 = raise_whistle(s, &town1, "D01"), w2 = raise_whistle(s, &town2, "D01");
	raise_whistle(s, &town1, "D02"); /* on time: not evidence */
	/* as if raised weeks ago: every deadline passed */
	assert_int_equal(store_exec(s,
	                            "UPDATE whistle SET ack_due = '2020-01-01T00:00:00Z', "
	                            "report_due = '2020-01-02T00:00:00Z' WHERE department_id = "
	                            "(SELECT id FROM department WHERE code = 'D01')",
	                            &e),
	                 STATUS_OK);
	int created;
	struct case_settings set = case_defaults;
	set.overdue_threshold = 3;
	assert_int_equal(case_settings_set(s, &dept1, &set, &e), STATUS_FORBIDDEN);
	assert_int_equal(case_settings_set(s, &super, &set, &e), STATUS_OK);
	assert_int_equal(case_proposals_refresh(s, &town1, NULL, NULL, &created, &e), STATUS_FORBIDDEN);
	assert_int_equal(case_proposals_refresh(s, &super, NULL, NULL, &created, &e), STATUS_OK);
	assert_int_equal(created, 0); /* two late whistles, threshold three */
	set.overdue_threshold = 2;
	assert_int_equal(case_settings_set(s, &office, &set, &e), STATUS_OK);
	assert_int_equal(case_proposals_refresh(s, &super, NULL, NULL, &created, &e), STATUS_OK);
	assert_int_equal(created, 1);
	assert_int_equal(case_proposals_refresh(s, &office, NULL, NULL, &created, &e), STATUS_OK);
	assert_int_equal(created, 0); /* the same evidence is proposed once */
	json_t *ps;
	assert_int_equal(case_proposal_list(s, &dept1, NULL, &ps, &e), STATUS_FORBIDDEN);
	assert_int_equal(case_proposal_list(s, &super, "proposed", &ps, &e), STATUS_OK);
	assert_int_equal(json_array_size(ps), 1);
	json_t *p = json_array_get(ps, 0);
	int64_t pid = json_integer_value(json_object_get(p, "id"));
	json_t *ev = json_object_get(p, "evidence");
	assert_int_equal(json_array_size(ev), 2);
	int64_t a = json_integer_value(json_object_get(json_array_get(ev, 0), "ref_id"));
	int64_t b = json_integer_value(json_object_get(json_array_get(ev, 1), "ref_id"));
	assert_true((a == w1 && b == w2) || (a == w2 && b == w1));
	json_decref(ps);
	int64_t cid;
	assert_int_equal(case_proposal_decide(s, &office, pid, "accept", NULL, &cid, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(case_proposal_decide(s, &super, pid, "dismiss", "", &cid, &e), STATUS_INVALID);
	assert_int_equal(case_proposal_decide(s, &super, pid, "accept", NULL, &cid, &e), STATUS_OK);
	assert_true(cid > 0);
	int64_t again;
	assert_int_equal(case_proposal_decide(s, &super, pid, "dismiss", "x", &again, &e),
	                 STATUS_CONFLICT);
	json_t *v;
	assert_int_equal(case_view(s, &dept1, cid, &v, &e), STATUS_OK);
	assert_string_equal(json_string_value(json_object_get(v, "type")), "slowness");
	assert_int_equal(json_array_size(json_object_get(v, "evidence")), 2);
	json_decref(v);
	store_close(s);
	temp_db_free(path);
}

static void test_safe_filename(void **state)
{
	(void)state;
	char out[16];
	case_safe_filename("a\"b\r\n.pdf", out, sizeof out);
	assert_string_equal(out, "a_b__.pdf");
	case_safe_filename(".hidden", out, sizeof out);
	assert_string_equal(out, "_hidden");
	case_safe_filename("证据.txt", out, sizeof out);
	assert_string_equal(out, "______.txt");
	case_safe_filename("", out, sizeof out);
	assert_string_equal(out, "file");
	case_safe_filename("abcdefghijklmnopqrstuvwxyz", out, sizeof out);
	assert_int_equal(strlen(out), sizeof out - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_deadlines_on_the_calendar),
		cmocka_unit_test(test_ranking_and_minimum_sample),
		cmocka_unit_test(test_results_of_scores),
		cmocka_unit_test(test_period_by_role_and_scope),
		cmocka_unit_test(test_case_by_role_and_scope),
		cmocka_unit_test(test_proposals_idempotent),
		cmocka_unit_test(test_safe_filename),
	};
	return cmocka_run_group_tests_name("accountability", tests, NULL, NULL);
}
