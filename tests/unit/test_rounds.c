/* test_rounds.c - review rounds through the use cases: refusals of every
 * kind, then a replay of the Dongning pilot's scale (seven rounds, 528
 * items in the first, 212 proposals from towns, 15 additions and 126
 * removals agreed, 417 items confirmed), with every version readable by
 * number and by date. */
#include "testutil.h"

#include <sqlite3.h>

#include "app/app.h"
#include "store/store.h"

#define NTOWNS 6
#define NBASE 88 /* tasks on every town's list: 6 x 88 = 528 */

static const struct actor office = {"office1", "office", "", ""};
static const struct actor department = {"dept1", "department", "", "D01"};

static char town_code[NTOWNS][24];
static struct actor towns[NTOWNS];
static char town_names[NTOWNS][16];

/* A catalogue of six towns and 88 tasks for all, plus tasks no town has
 * yet (tag:未用). */
static void make_catalogue(struct store *s)
{
	struct buf t = {0}, k = {0};
	buf_puts(&t, "code,name,kind,population,area_km2,tags\n");
	for (int i = 0; i < NTOWNS; i++) {
		snprintf(town_code[i], sizeof town_code[i], "2310861%02d", i);
		snprintf(town_names[i], sizeof town_names[i], "t%d", i);
		towns[i] = (struct actor){town_names[i], "township", town_code[i], ""};
		buf_printf(&t, "%s,第%d镇,镇,%d,100,农业\n", town_code[i], i, 1000 + i);
	}
	buf_puts(&k, TASK_HEADER);
	for (int i = 1; i <= NBASE; i++)
		buf_printf(&k, "ZL-%03d,社会治理,职责%d,任务事项%d,基本履职,,镇的部分%d,,否,全部,B1,\n", i,
		           i % 7, i, i);
	for (int i = 1; i <= 5; i++)
		buf_printf(&k, "JJ-%03d,经济发展,备用,备用事项%d,基本履职,,镇的部分,,否,tag:未用,B2,\n", i, i);
	struct catalog c = {0};
	struct diag d = {0};
	read_csv(&c, "towns.csv", t.data, &d);
	read_csv(&c, "departments.csv", DEPARTMENTS_CSV, &d);
	read_csv(&c, "bases.csv", BASES_CSV, &d);
	read_csv(&c, "tasks.csv", k.data, &d);
	assert_int_equal(d.n, 0);
	struct import_result res;
	struct error e;
	assert_int_equal(catalog_import(s, &office, &c, "test", &res, &d, &e), STATUS_OK);
	catalog_free(&c);
	buf_free(&t);
	buf_free(&k);
}

static struct store *fresh(char **path)
{
	*path = temp_db();
	struct store *s;
	struct error e;
	assert_int_equal(store_open(*path, STORE_CREATE, &s, &e), STATUS_OK);
	make_catalogue(s);
	return s;
}

static int64_t open_round(struct store *s, const char *title)
{
	int64_t id;
	int number;
	struct error e;
	if (review_open(s, &office, title, NULL, 0, 10, &id, &number, &e) != STATUS_OK)
		fail_msg("open: %s", e.message);
	return id;
}

static int64_t propose(struct store *s, const struct actor *who, int64_t round, int town,
                       const char *action, const char *task, const char *payload)
{
	int64_t id = 0;
	struct error e;
	struct diag d = {0};
	json_error_t jerr;
	json_t *p = payload ? json_loads(payload, 0, &jerr) : NULL;
	enum status st = review_propose(s, who, round, town_code[town], action, task, p, "理由",
	                                0, &id, &d, &e);
	json_decref(p);
	diag_free(&d);
	if (st != STATUS_OK)
		fail_msg("propose %s %s for %s: %s", action, task, town_code[town], e.message);
	return id;
}

static void act(struct store *s, const struct actor *who, int64_t round, int town,
                const char *action)
{
	struct error e;
	json_t *state;
	if (review_town_act(s, who, round, town_code[town], action, "理由", &state, &e) != STATUS_OK)
		fail_msg("%s for %s: %s", action, town_code[town], e.message);
	json_decref(state);
}

/* Every refusal the rules promise, each leaving the database as it was. */
static void test_refusals(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh(&path);
	struct error e;
	struct diag d = {0};
	int64_t id;
	int number;
	/* only the office opens rounds */
	assert_int_equal(review_open(s, &towns[0], "x", NULL, 0, 5, &id, &number, &e),
	                 STATUS_FORBIDDEN);
	int64_t round = open_round(s, "第一轮");
	/* a town is in one open round at a time */
	assert_int_equal(review_open(s, &office, "again", NULL, 0, 5, &id, &number, &e),
	                 STATUS_CONFLICT);
	/* a town proposes for its own list only */
	assert_int_equal(review_propose(s, &towns[0], round, town_code[1], "remove", "ZL-001", NULL,
	                                "理由", 0, &id, &d, &e),
	                 STATUS_FORBIDDEN);
	/* a reason is required; the action must be one of four */
	assert_int_equal(review_propose(s, &towns[0], round, town_code[0], "remove", "ZL-001", NULL,
	                                "", 0, &id, &d, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "reason");
	assert_int_equal(review_propose(s, &towns[0], round, town_code[0], "delete", "ZL-001", NULL,
	                                "理由", 0, &id, &d, &e),
	                 STATUS_INVALID);
	/* adding what is there, removing what is not */
	assert_int_equal(review_propose(s, &towns[0], round, town_code[0], "add", "ZL-001", NULL,
	                                "理由", 0, &id, &d, &e),
	                 STATUS_CONFLICT);
	assert_int_equal(review_propose(s, &towns[0], round, town_code[0], "remove", "JJ-001", NULL,
	                                "理由", 0, &id, &d, &e),
	                 STATUS_CONFLICT);
	/* 职责法定: a new task on a repealed basis only is refused */
	json_error_t jerr;
	json_t *bad = json_loads("{\"category\":\"社会治理\",\"duty\":\"d\",\"name\":\"新事项\","
	                         "\"list_type\":\"基本履职\",\"township_part\":\"p\","
	                         "\"applies_to\":\"全部\",\"bases\":\"B3\"}",
	                         0, &jerr);
	assert_int_equal(review_propose(s, &towns[0], round, town_code[0], "add", "ZL-900", bad,
	                                "理由", 0, &id, &d, &e),
	                 STATUS_INVALID);
	assert_non_null(strstr(e.message, "B3 is repealed"));
	json_decref(bad);
	diag_free(&d);
	/* a move names a part other than the present one */
	assert_int_equal(review_propose(s, &towns[0], round, town_code[0], "move", "ZL-001", NULL,
	                                "理由", 0, &id, &d, &e),
	                 STATUS_INVALID);
	diag_free(&d);
	int64_t p1 = propose(s, &towns[0], round, 0, "remove", "ZL-001", NULL);
	/* only the office decides; a department may propose but not decide */
	size_t decided;
	assert_int_equal(review_decide(s, &department, p1, 0, true, "同意", &decided, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(review_decide(s, &towns[0], p1, 0, true, "同意", &decided, &e),
	                 STATUS_FORBIDDEN);
	/* withdrawing is the author's */
	assert_int_equal(review_withdraw(s, &towns[1], p1, &e), STATUS_FORBIDDEN);
	/* publishing an unconfirmed draft: 409 naming what is allowed */
	json_t *st;
	assert_int_equal(review_town_act(s, &office, round, town_code[0], "publish", "", &st, &e),
	                 STATUS_CONFLICT);
	assert_non_null(strstr(e.message, "allowed: town_confirm, office_confirm, refuse"));
	/* a town confirming another town's draft */
	assert_int_equal(review_town_act(s, &towns[1], round, town_code[0], "town_confirm", "", &st,
	                                 &e),
	                 STATUS_FORBIDDEN);
	/* a refusal needs a reason, and the round goes on */
	assert_int_equal(review_town_act(s, &towns[0], round, town_code[0], "refuse", "", &st, &e),
	                 STATUS_INVALID);
	act(s, &towns[0], round, 0, "refuse");
	/* once both confirmed, decisions no longer change the draft */
	act(s, &towns[0], round, 0, "town_confirm");
	act(s, &office, round, 0, "office_confirm");
	assert_int_equal(review_decide(s, &office, p1, 0, true, "同意", &decided, &e),
	                 STATUS_CONFLICT);
	assert_non_null(strstr(e.message, "send it back"));
	act(s, &office, round, 0, "send_back");
	assert_int_equal(review_decide(s, &office, p1, 0, true, "同意", &decided, &e), STATUS_OK);
	/* deciding twice */
	assert_int_equal(review_decide(s, &office, p1, 0, false, "不同意", &decided, &e),
	                 STATUS_CONFLICT);
	/* a closed round takes nothing */
	assert_int_equal(review_close(s, &towns[0], round, &e), STATUS_FORBIDDEN);
	assert_int_equal(review_close(s, &office, round, &e), STATUS_OK);
	assert_int_equal(review_close(s, &office, round, &e), STATUS_CONFLICT);
	assert_int_equal(review_propose(s, &towns[0], round, town_code[0], "remove", "ZL-002", NULL,
	                                "理由", 0, &id, &d, &e),
	                 STATUS_CONFLICT);
	assert_int_equal(review_town_act(s, &towns[0], round, town_code[0], "town_confirm", "", &st,
	                                 &e),
	                 STATUS_CONFLICT);
	/* the published list never changed: still 88 items, version 1 */
	struct town_list l;
	assert_int_equal(store_list_load(s, town_code[0], 0, &l, &e), STATUS_OK);
	assert_int_equal(l.version, 1);
	assert_int_equal(l.cat.ntasks, NBASE);
	town_list_free(&l);
	diag_free(&d);
	store_close(s);
	temp_db_free(path);
}

/* Near-identical new tasks from three towns merge into one group, decided
 * once, which gives the three towns one new task. */
static void test_merge_and_move(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh(&path);
	struct error e;
	int64_t round = open_round(s, "合并");
	static const char *const names[] = {"开展秸秆禁烧巡查", "秸秆禁烧巡查", "秸秆禁烧巡查工作"};
	for (int i = 0; i < 3; i++) {
		char payload[512];
		snprintf(payload, sizeof payload,
		         "{\"category\":\"生态环境保护\",\"duty\":\"秸秆禁烧\",\"name\":\"%s\","
		         "\"list_type\":\"基本履职\",\"township_part\":\"巡查\",\"applies_to\":\"全部\","
		         "\"bases\":\"B1:第十条\"}",
		         names[i]);
		char code[32];
		snprintf(code, sizeof code, "ST-9%d", i);
		propose(s, &towns[i], round, i, "add", code, payload);
	}
	/* and two towns want the same task gone; one wants another moved */
	propose(s, &towns[3], round, 3, "remove", "ZL-005", NULL);
	propose(s, &towns[4], round, 4, "remove", "ZL-005", NULL);
	int64_t moved = propose(s, &department, round, 5, "move", "ZL-006",
	                        "{\"list_type\":\"配合履职\",\"lead_department\":\"D01\","
	                        "\"department_part\":\"部门牵头\"}");
	size_t groups;
	assert_int_equal(review_merge(s, &office, round, &groups, &e), STATUS_OK);
	assert_int_equal(groups, 2);
	json_t *all;
	assert_int_equal(store_proposals(s, round, &all, &e), STATUS_OK);
	json_int_t new_group = 0;
	size_t k;
	json_t *p;
	json_array_foreach(all, k, p)
		if (strcmp(json_string_value(json_object_get(p, "task_code")), "ST-90") == 0)
			new_group = json_integer_value(json_object_get(p, "group_id"));
	assert_true(new_group > 0);
	size_t decided;
	assert_int_equal(review_decide(s, &office, 0, new_group, true, "同意", &decided, &e),
	                 STATUS_OK);
	assert_int_equal(decided, 3);
	assert_int_equal(review_decide(s, &office, moved, 0, true, "同意", &decided, &e), STATUS_OK);
	json_decref(all);
	/* one task entered the catalogue, on the three drafts */
	struct catalog c = {0};
	assert_int_equal(store_catalog_load(s, &c, &e), STATUS_OK);
	size_t new_tasks = 0;
	for (size_t i = 0; i < c.ntasks; i++)
		new_tasks += strncmp(c.tasks[i].code, "ST-9", 4) == 0;
	assert_int_equal(new_tasks, 1);
	/* the move made a revision for town 5 only: the catalogue keeps 基本履职 */
	for (size_t i = 0; i < c.ntasks; i++)
		if (strcmp(c.tasks[i].code, "ZL-006") == 0)
			assert_int_equal(c.tasks[i].list_type, LIST_BASIC);
	catalog_free(&c);
	for (int i = 0; i < NTOWNS; i++) {
		act(s, &towns[i], round, i, "town_confirm");
		act(s, &office, round, i, "office_confirm");
		act(s, &office, round, i, "publish");
	}
	struct town_list l;
	assert_int_equal(store_list_load(s, town_code[0], 0, &l, &e), STATUS_OK);
	assert_int_equal(l.version, 2);
	assert_int_equal(l.cat.ntasks, NBASE + 1);
	town_list_free(&l);
	assert_int_equal(store_list_load(s, town_code[5], 0, &l, &e), STATUS_OK);
	size_t counts[LIST_TYPE_COUNT];
	town_list_count(&l, counts);
	assert_int_equal(counts[LIST_ASSIST], 1);
	town_list_free(&l);
	/* the diff of town 5: ZL-006 changed in list_type, lead_department,
	 * department_part */
	json_t *diff;
	assert_int_equal(list_diff(s, town_code[5], 1, 2, &diff, &e), STATUS_OK);
	json_t *changed = json_object_get(diff, "changed");
	assert_int_equal(json_array_size(changed), 1);
	assert_int_equal(json_array_size(json_object_get(json_array_get(changed, 0), "fields")), 3);
	assert_int_equal(json_array_size(json_object_get(diff, "added")), 0);
	json_decref(diff);
	assert_int_equal(list_diff(s, town_code[0], 1, 2, &diff, &e), STATUS_OK);
	assert_int_equal(json_array_size(json_object_get(diff, "added")), 1);
	json_decref(diff);
	store_close(s);
	temp_db_free(path);
}

static long long count_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* The pilot: 7 rounds; round 1 starts from 6 x 88 = 528 items; towns make
 * 212 proposals: 126 removals (3 tasks a round, proposed by all six towns
 * and merged), 15 additions (a new task a round for rounds 1-5, proposed
 * by three towns in other words and merged), 71 others rejected. */
static void test_pilot_replay(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh(&path);
	struct error e;
	int next_remove = 1, rejected_made = 0;
	for (int r = 1; r <= 7; r++) {
		char title[32];
		snprintf(title, sizeof title, "第%d轮", r);
		int64_t round = open_round(s, title);
		for (int k = 0; k < 3; k++, next_remove++) {
			char code[32];
			snprintf(code, sizeof code, "ZL-%03d", next_remove);
			for (int t = 0; t < NTOWNS; t++)
				propose(s, &towns[t], round, t, "remove", code, NULL);
		}
		if (r <= 5) {
			static const char *const before[] = {"做好", "", ""}, *const after[] = {"", "", "工作"};
			for (int t = 0; t < 3; t++) {
				char name[96], payload[512], code[32], what[64];
				snprintf(what, sizeof what, "新增事项第%d轮巡查", r);
				snprintf(name, sizeof name, "%s%s%s", before[t], what, after[t]);
				snprintf(payload, sizeof payload,
				         "{\"category\":\"社会治理\",\"duty\":\"新增\",\"name\":\"%s\","
				         "\"list_type\":\"基本履职\",\"township_part\":\"巡查\","
				         "\"applies_to\":\"全部\",\"bases\":\"B1\"}",
				         name);
				snprintf(code, sizeof code, "ZL-%d%02d", r, t);
				propose(s, &towns[t], round, t, "add", code, payload);
			}
		}
		/* the rejected: change proposals on tasks near the end */
		int want = r < 7 ? 10 : 11;
		for (int k = 0; k < want; k++, rejected_made++) {
			char code[32];
			snprintf(code, sizeof code, "ZL-%03d", 80 + (rejected_made % 8));
			propose(s, &towns[rejected_made % NTOWNS], round, rejected_made % NTOWNS, "change",
			        code, "{\"township_part\":\"改写的镇的部分\"}");
		}
		size_t groups;
		assert_int_equal(review_merge(s, &office, round, &groups, &e), STATUS_OK);
		/* decide: groups and singles, agreeing removals and additions */
		json_t *all;
		assert_int_equal(store_proposals(s, round, &all, &e), STATUS_OK);
		size_t i;
		json_t *p;
		json_array_foreach(all, i, p) {
			if (strcmp(json_string_value(json_object_get(p, "status")), "pending") != 0)
				continue;
			bool agree = strcmp(json_string_value(json_object_get(p, "action")), "change") != 0;
			json_int_t group = json_integer_value(json_object_get(p, "group_id"));
			size_t decided;
			enum status st = review_decide(s, &office, group ? 0 : json_integer_value(json_object_get(p, "id")),
			                               group, agree, agree ? "同意" : "不同意", &decided, &e);
			if (st != STATUS_OK)
				fail_msg("round %d decide: %s", r, e.message);
			json_decref(all);
			assert_int_equal(store_proposals(s, round, &all, &e), STATUS_OK);
			i = (size_t)-1; /* start over: statuses changed */
		}
		json_decref(all);
		for (int t = 0; t < NTOWNS; t++) {
			if (t % 2) { /* either side may confirm first */
				act(s, &towns[t], round, t, "town_confirm");
				act(s, &office, round, t, "office_confirm");
			} else {
				act(s, &office, round, t, "office_confirm");
				act(s, &towns[t], round, t, "town_confirm");
			}
			act(s, &office, round, t, "publish");
		}
		assert_int_equal(review_close(s, &office, round, &e), STATUS_OK);
	}
	json_t *stats;
	assert_int_equal(review_stats(s, 0, &stats, &e), STATUS_OK);
	assert_int_equal(json_integer_value(json_object_get(stats, "rounds")), 7);
	assert_int_equal(json_integer_value(json_object_get(stats, "first_round")), 528);
	assert_int_equal(json_integer_value(json_object_get(stats, "added")), 15);
	assert_int_equal(json_integer_value(json_object_get(stats, "removed")), 126);
	assert_int_equal(json_integer_value(json_object_get(stats, "town_proposals")), 212);
	assert_int_equal(json_integer_value(json_object_get(stats, "rejected")), 71);
	assert_int_equal(json_integer_value(json_object_get(stats, "agreed")), 141);
	assert_int_equal(json_integer_value(json_object_get(stats, "confirmed")), 417);
	assert_true(json_integer_value(json_object_get(stats, "merged")) >= 126 + 15);
	assert_int_equal(json_array_size(json_object_get(stats, "by_round")), 7);
	json_decref(stats);
	/* every version readable by number: 8 versions a town, sizes as made */
	for (int t = 0; t < NTOWNS; t++) {
		int expect = NBASE;
		for (int v = 1; v <= 8; v++) {
			struct town_list l;
			assert_int_equal(store_list_load(s, town_code[t], v, &l, &e), STATUS_OK);
			assert_int_equal((int)l.cat.ntasks, expect);
			assert_int_equal(l.status, v == 8 ? LIST_PUBLISHED : LIST_SUPERSEDED);
			town_list_free(&l);
			if (v < 8)
				expect += -3 + (v <= 5 && t < 3 ? 1 : 0);
		}
	}
	store_close(s);
	/* and by date: spread the versions over days, as if published then */
	char sql[512];
	for (int v = 1; v <= 8; v++) {
		snprintf(sql, sizeof sql,
		         "UPDATE list_version SET published_at = '2026-0%d-10T08:00:00Z', "
		         "superseded_at = CASE WHEN version < 8 THEN '2026-0%d-10T08:00:00Z' END "
		         "WHERE version = %d",
		         v, v + 1, v);
		sqlite3 *db;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	assert_int_equal(store_open(path, STORE_EXISTING, &s, &e), STATUS_OK);
	int version;
	assert_int_equal(store_list_version_at(s, town_code[0], "2026-01-09", &version, &e),
	                 STATUS_NOT_FOUND);
	for (int v = 1; v <= 8; v++) {
		char day[32];
		snprintf(day, sizeof day, "2026-0%d-10", v);
		assert_int_equal(store_list_version_at(s, town_code[0], day, &version, &e), STATUS_OK);
		assert_int_equal(version, v);
		snprintf(day, sizeof day, "2026-0%d-28", v);
		assert_int_equal(store_list_version_at(s, town_code[0], day, &version, &e), STATUS_OK);
		assert_int_equal(version, v);
	}
	/* every write was audited and the chain holds */
	struct diag d = {0};
	assert_int_equal(store_verify(s, &d, &e), STATUS_OK);
	assert_int_equal(d.n, 0);
	store_close(s);
	assert_true(count_sql(path, "SELECT count(*) FROM audit WHERE action = 'list.publish'") ==
	            7 * NTOWNS);
	temp_db_free(path);
}

/* A first round may start from the catalogue's raw items rather than
 * the lists in force: a task imported after the lists were made is on
 * the drafts then, and not otherwise. */
static void test_open_from_catalogue(void **state)
{
	(void)state;
	char *path;
	struct store *s = fresh(&path);
	struct catalog c = {0};
	struct diag d = {0};
	struct import_result res;
	struct error e;
	read_csv(&c, "tasks.csv",
	         TASK_HEADER "ZL-099,社会治理,新,导入的新事项,基本履职,,镇的部分,,否,全部,B1,\n", &d);
	assert_int_equal(catalog_import(s, &office, &c, "test", &res, &d, &e), STATUS_OK);
	catalog_free(&c);
	const char *one[] = {town_code[0]}, *two[] = {town_code[1]};
	int64_t id;
	int number;
	json_t *rt;
	assert_int_equal(review_open_from(s, &office, "按清单", one, 1, 5, false, &id, &number, &e),
	                 STATUS_OK);
	assert_int_equal(store_round_town(s, id, town_code[0], &rt, &e), STATUS_OK);
	assert_int_equal(json_integer_value(json_object_get(rt, "start_items")), NBASE);
	json_decref(rt);
	assert_int_equal(review_open_from(s, &office, "按目录", two, 1, 5, true, &id, &number, &e),
	                 STATUS_OK);
	assert_int_equal(store_round_town(s, id, town_code[1], &rt, &e), STATUS_OK);
	assert_int_equal(json_integer_value(json_object_get(rt, "start_items")), NBASE + 1);
	json_decref(rt);
	diag_free(&d);
	store_close(s);
	temp_db_free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_merge_and_move),
		cmocka_unit_test(test_pilot_replay),
		cmocka_unit_test(test_open_from_catalogue),
	};
	return cmocka_run_group_tests_name("rounds", tests, NULL, NULL);
}
