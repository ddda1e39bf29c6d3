/* test_procedures.c - admission (准入), adjustment (运行调整) and the
 * lifecycle of bases (amend, repeal → adjustments), through the use
 * cases, with their refusals. */
#include "testutil.h"
#include "teststore.h"

#include <sqlite3.h>

#include "app/app.h"
#include "store/store.h"

static const struct actor office = {"office1", "office", "", ""};
static const struct actor dept = {"dept1", "department", "", "D01"};
static const struct actor other_dept = {"dept2", "department", "", "D02"};
static const struct actor town1 = {"t1", "township", "100000001", ""};
static const struct actor town2 = {"t2", "township", "100000002", ""};

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, 0, &jerr);
	assert_non_null(v);
	return v;
}

static size_t list_size(struct store *s, const char *town, int *version)
{
	struct town_list l;
	struct error e;
	assert_int_equal(store_list_load(s, town, 0, &l, &e), STATUS_OK);
	size_t n = l.cat.ntasks;
	if (version)
		*version = l.version;
	town_list_free(&l);
	return n;
}

#define NEW_TASK                                                                           \
	"{\"category\":\"生态环境保护\",\"duty\":\"林业\",\"name\":\"林下经济项目申报初审\","     \
	"\"list_type\":\"配合履职\",\"lead_department\":\"D01\",\"township_part\":\"收集申报材料\"," \
	"\"department_part\":\"审核立项\",\"applies_to\":\"tag:林区\",\"bases\":\"B1:第五条\"}"

static void test_admission(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	struct diag d = {0};
	int64_t id;
	json_t *similar, *task = parse(NEW_TASK);
	json_t *res = parse("{\"staff\":\"1 人\",\"funds\":\"每年 2 万元\"}");
	json_t *none = parse("{\"none\":true}");
	/* only departments ask */
	assert_int_equal(admission_submit(s, &office, "ST-10", task, res, &id, &similar, &d, &e),
	                 STATUS_FORBIDDEN);
	/* resources: none must say why */
	assert_int_equal(admission_submit(s, &dept, "ST-10", task, none, &id, &similar, &d, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "resources");
	/* a code already in the catalogue */
	assert_int_equal(admission_submit(s, &dept, "ST-01", task, res, &id, &similar, &d, &e),
	                 STATUS_CONFLICT);
	/* the same task under the same name: a disguised duplicate */
	json_t *dup = parse("{\"category\":\"生态环境保护\",\"duty\":\"x\",\"name\":\"森林防火巡查\","
	                    "\"list_type\":\"基本履职\",\"township_part\":\"巡查\","
	                    "\"applies_to\":\"全部\",\"bases\":\"B1\"}");
	assert_int_equal(admission_submit(s, &dept, "ST-11", dup, res, &id, &similar, &d, &e),
	                 STATUS_CONFLICT);
	assert_non_null(strstr(e.message, "ST-01"));
	json_decref(dup);
	/* a repealed basis only (职责法定) */
	json_t *repealed = parse("{\"category\":\"生态环境保护\",\"duty\":\"x\",\"name\":\"别的事项\","
	                         "\"list_type\":\"基本履职\",\"township_part\":\"p\","
	                         "\"applies_to\":\"全部\",\"bases\":\"B3\"}");
	assert_int_equal(admission_submit(s, &dept, "ST-12", repealed, res, &id, &similar, &d, &e),
	                 STATUS_INVALID);
	json_decref(repealed);
	diag_free(&d);
	/* towns that do not exist; a selection of none */
	json_t *nowhere = parse("{\"category\":\"生态环境保护\",\"duty\":\"x\",\"name\":\"某事项\","
	                        "\"list_type\":\"基本履职\",\"township_part\":\"p\","
	                        "\"applies_to\":\"tag:海岛\",\"bases\":\"B1\"}");
	assert_int_equal(admission_submit(s, &dept, "ST-13", nowhere, res, &id, &similar, &d, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "applies_to");
	json_decref(nowhere);
	/* a good one: similar tasks come back */
	assert_int_equal(admission_submit(s, &dept, "ST-10", task, res, &id, &similar, &d, &e),
	                 STATUS_OK);
	json_decref(similar);
	size_t lists;
	/* another department can't withdraw it; a town can't accept it */
	assert_int_equal(admission_act(s, &other_dept, id, "withdraw", "", NULL, NULL, NULL, &lists, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(admission_act(s, &town1, id, "accept", "", NULL, NULL, NULL, &lists, &e),
	                 STATUS_FORBIDDEN);
	/* admitting before review: 409 naming what is allowed */
	assert_int_equal(admission_act(s, &office, id, "admit", "好", NULL, NULL, NULL, &lists, &e),
	                 STATUS_CONFLICT);
	assert_non_null(strstr(e.message, "allowed: accept, return, refuse"));
	assert_int_equal(admission_act(s, &office, id, "accept", "", NULL, NULL, NULL, &lists, &e),
	                 STATUS_OK);
	json_t *view;
	assert_int_equal(admission_view(s, id, &view, &e), STATUS_OK);
	assert_int_equal(strlen(json_string_value(json_object_get(view, "deadline"))), 10);
	assert_false(json_is_true(json_object_get(view, "overdue")));
	json_decref(view);
	/* returned for changes, resubmitted with another name, admitted */
	assert_int_equal(admission_act(s, &office, id, "return", "", NULL, NULL, NULL, &lists, &e),
	                 STATUS_INVALID); /* a reason is needed */
	assert_int_equal(admission_act(s, &office, id, "return", "写清部门职责", NULL, NULL, NULL,
	                               &lists, &e),
	                 STATUS_OK);
	json_object_set_new(task, "department_part", json_string("审核立项并拨付资金"));
	assert_int_equal(admission_act(s, &dept, id, "resubmit", "", NULL, task, NULL, &lists, &e),
	                 STATUS_OK);
	assert_int_equal(admission_act(s, &office, id, "accept", "", NULL, NULL, NULL, &lists, &e),
	                 STATUS_OK);
	size_t before1 = list_size(s, "100000001", NULL), before2 = list_size(s, "100000002", NULL);
	assert_int_equal(admission_act(s, &office, id, "admit", "符合准入条件", NULL, NULL, NULL,
	                               &lists, &e),
	                 STATUS_OK);
	assert_int_equal(lists, 1); /* tag:林区: only 甲镇 */
	int version;
	assert_int_equal(list_size(s, "100000001", &version), before1 + 1);
	assert_int_equal(version, 2);
	assert_int_equal(list_size(s, "100000002", &version), before2);
	assert_int_equal(version, 1);
	/* final */
	assert_int_equal(admission_act(s, &office, id, "refuse", "晚了", NULL, NULL, NULL, &lists, &e),
	                 STATUS_CONFLICT);
	/* overdue: under review past its deadline */
	json_t *task2 = parse("{\"category\":\"生态环境保护\",\"duty\":\"x\",\"name\":\"湿地巡护\","
	                      "\"list_type\":\"基本履职\",\"township_part\":\"巡护\","
	                      "\"applies_to\":\"全部\",\"bases\":\"B2\"}");
	int64_t id2;
	assert_int_equal(admission_submit(s, &dept, "ST-20", task2, res, &id2, &similar, &d, &e),
	                 STATUS_OK);
	json_decref(similar);
	assert_int_equal(admission_act(s, &office, id2, "accept", "", NULL, NULL, NULL, &lists, &e),
	                 STATUS_OK);
	store_close(s);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE admission SET deadline = '2020-01-01' WHERE task_code = 'ST-20'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, STORE_EXISTING, &s, &e), STATUS_OK);
	assert_int_equal(admission_view(s, id2, &view, &e), STATUS_OK);
	assert_true(json_is_true(json_object_get(view, "overdue")));
	json_decref(view);
	assert_int_equal(admission_act(s, &office, id2, "refuse", "已由部门自行承担", NULL, NULL, NULL,
	                               &lists, &e),
	                 STATUS_OK);
	struct diag vd = {0};
	assert_int_equal(store_verify(s, &vd, &e), STATUS_OK);
	assert_int_equal(vd.n, 0);
	json_decref(task2);
	json_decref(task);
	json_decref(res);
	json_decref(none);
	diag_free(&d);
	store_close(s);
	temp_db_free(path);
}

static void test_adjustment(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	struct diag d = {0};
	int64_t id;
	/* a town asks for its own list only */
	assert_int_equal(adjustment_open(s, &town2, "100000001", "remove", "ST-01", NULL, "不再承担", &id,
	                                 &d, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(adjustment_open(s, &town1, "100000001", "remove", "ST-01", NULL, "", &id,
	                                 &d, &e),
	                 STATUS_INVALID);
	assert_int_equal(adjustment_open(s, &town1, "100000001", "add", "ST-01", NULL, "理由", &id,
	                                 &d, &e),
	                 STATUS_CONFLICT); /* already on it */
	assert_int_equal(adjustment_open(s, &town1, "100000001", "add", "ST-77", NULL, "理由", &id,
	                                 &d, &e),
	                 STATUS_CONFLICT); /* a new task comes through admission */
	assert_non_null(strstr(e.message, "admission"));
	assert_int_equal(adjustment_open(s, &town1, "100000001", "remove", "ST-01", NULL,
	                                 "已由部门承担", &id, &d, &e),
	                 STATUS_OK);
	int version;
	/* only the office applies or dismisses */
	assert_int_equal(adjustment_act(s, &town1, id, "apply", "好", &version, &e), STATUS_FORBIDDEN);
	size_t before = list_size(s, "100000001", NULL);
	assert_int_equal(adjustment_act(s, &office, id, "apply", "同意", &version, &e), STATUS_OK);
	assert_int_equal(version, 2);
	assert_int_equal(list_size(s, "100000001", NULL), before - 1);
	assert_int_equal(adjustment_act(s, &office, id, "dismiss", "晚了", &version, &e),
	                 STATUS_CONFLICT);
	/* a move for one town: the catalogue keeps its part */
	json_t *move = parse("{\"list_type\":\"配合履职\",\"lead_department\":\"D02\","
	                     "\"department_part\":\"部门牵头\"}");
	assert_int_equal(adjustment_open(s, &office, "100000002", "move", "ST-01", move, "交部门牵头",
	                                 &id, &d, &e),
	                 STATUS_OK);
	json_decref(move);
	assert_int_equal(adjustment_act(s, &office, id, "apply", "同意", &version, &e), STATUS_OK);
	struct town_list l;
	assert_int_equal(store_list_load(s, "100000002", 0, &l, &e), STATUS_OK);
	size_t counts[LIST_TYPE_COUNT];
	town_list_count(&l, counts);
	assert_int_equal(counts[LIST_ASSIST], 2);
	town_list_free(&l);
	diag_free(&d);
	store_close(s);
	temp_db_free(path);
}

static void test_repeal_and_amend(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	size_t opened, marked;
	/* B2 is the only basis of JJ-01 (on both towns' lists); B1 is one of
	 * ST-02's two (B3 already repealed), and ST-01's only one */
	assert_int_equal(basis_repeal(s, &town1, "B2", "2026-12-01", "x", &opened, &marked, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(basis_repeal(s, &office, "B2", "2026-13-01", "x", &opened, &marked, &e),
	                 STATUS_INVALID);
	assert_int_equal(basis_repeal(s, &office, "B3", "2026-12-01", "x", &opened, &marked, &e),
	                 STATUS_CONFLICT);
	assert_int_equal(basis_repeal(s, &office, "B2", "2026-12-01", "被新条例取代", &opened, &marked,
	                              &e),
	                 STATUS_OK);
	assert_int_equal(opened, 2);
	assert_int_equal(marked, 0);
	json_t *adj;
	assert_int_equal(store_adjustments(s, NULL, "open", &adj, &e), STATUS_OK);
	assert_int_equal(json_array_size(adj), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(adj, 0), "origin")),
	                    "system");
	assert_string_equal(json_string_value(json_object_get(json_array_get(adj, 0), "basis")), "B2");
	/* the database is sound while the adjustments are open */
	struct diag d = {0};
	assert_int_equal(store_verify(s, &d, &e), STATUS_OK);
	assert_int_equal(d.n, 0);
	/* applying them takes the task off the lists */
	size_t i;
	json_t *a;
	json_array_foreach(adj, i, a) {
		int version;
		assert_int_equal(adjustment_act(s, &office, json_integer_value(json_object_get(a, "id")),
		                                "apply", "依据废止", &version, &e),
		                 STATUS_OK);
	}
	json_decref(adj);
	assert_int_equal(store_verify(s, &d, &e), STATUS_OK);
	assert_int_equal(d.n, 0);
	/* amend: a later effective date, the old version kept */
	assert_int_equal(basis_amend(s, &office, "B1", "中华人民共和国森林法", "", "2019-01-01", "",
	                             &e),
	                 STATUS_INVALID);
	assert_int_equal(basis_amend(s, &office, "B1", "中华人民共和国森林法（2025年修订）", "",
	                             "2025-06-01", "第二次修订", &e),
	                 STATUS_OK);
	json_t *history;
	assert_int_equal(store_basis_versions(s, "B1", &history, &e), STATUS_OK);
	assert_int_equal(json_array_size(history), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(history, 0), "title")),
	                    "中华人民共和国森林法");
	json_decref(history);
	/* repealing B1 now: ST-01 rests on it alone (an adjustment on each of
	 * the two lists), ST-02 too (B3 is repealed) */
	assert_int_equal(basis_repeal(s, &office, "B1", "2026-12-02", "废止", &opened, &marked, &e),
	                 STATUS_OK);
	assert_int_equal(opened, 3); /* ST-01 on two lists, ST-02 on one */
	diag_free(&d);
	store_close(s);
	temp_db_free(path);
}

/* A change published outside a round reaches the town's draft in an open
 * round, so publishing the round does not undo it; a draft both sides
 * confirmed does not change (409). */
static void test_changes_follow_open_rounds(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh_store(&path);
	struct error e;
	struct diag d = {0};
	const char *one[] = {"100000001"};
	int64_t round, id;
	int number, version;
	assert_int_equal(review_open(s, &office, "第一轮", one, 1, 5, &round, &number, &e), STATUS_OK);
	assert_int_equal(adjustment_open(s, &office, "100000001", "remove", "ST-01", NULL, "理由", &id,
	                                 &d, &e),
	                 STATUS_OK);
	assert_int_equal(adjustment_act(s, &office, id, "apply", "同意", &version, &e), STATUS_OK);
	json_t *st;
	assert_int_equal(review_town_act(s, &office, round, "100000001", "office_confirm", "", &st, &e),
	                 STATUS_OK);
	json_decref(st);
	assert_int_equal(review_town_act(s, &town1, round, "100000001", "town_confirm", "", &st, &e),
	                 STATUS_OK);
	json_decref(st);
	/* now the draft is confirmed: another adjustment must wait */
	assert_int_equal(adjustment_open(s, &office, "100000001", "remove", "JJ-01", NULL, "理由", &id,
	                                 &d, &e),
	                 STATUS_OK);
	assert_int_equal(adjustment_act(s, &office, id, "apply", "同意", &version, &e), STATUS_CONFLICT);
	assert_non_null(strstr(e.message, "both sides confirmed"));
	assert_int_equal(review_town_act(s, &office, round, "100000001", "publish", "", &st, &e),
	                 STATUS_OK);
	json_decref(st);
	/* the published round's list still lacks ST-01 */
	struct town_list l;
	assert_int_equal(store_list_load(s, "100000001", 0, &l, &e), STATUS_OK);
	for (size_t i = 0; i < l.cat.ntasks; i++)
		assert_string_not_equal(l.cat.tasks[i].code, "ST-01");
	town_list_free(&l);
	diag_free(&d);
	store_close(s);
	temp_db_free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admission),
		cmocka_unit_test(test_adjustment),
		cmocka_unit_test(test_repeal_and_amend),
		cmocka_unit_test(test_changes_follow_open_rounds),
	};
	return cmocka_run_group_tests_name("procedures", tests, NULL, NULL);
}
