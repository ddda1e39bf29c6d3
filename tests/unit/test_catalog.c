/* test_catalog.c - applies_to matching and the catalogue's rules
 * (职责法定, references, enumerations, duplicates). */
#include "testutil.h"

#include "core/rules.h"

static void load_valid(struct catalog *c, struct diag *d)
{
	assert_int_equal(read_csv(c, "towns.csv", TOWNS_CSV, d), 0);
	assert_int_equal(read_csv(c, "departments.csv", DEPARTMENTS_CSV, d), 0);
	assert_int_equal(read_csv(c, "bases.csv", BASES_CSV, d), 0);
	assert_int_equal(read_csv(c, "tasks.csv", TASKS_CSV, d), 0);
}

static const struct town *town(const struct catalog *c, const char *code)
{
	for (size_t i = 0; i < c->ntowns; i++)
		if (strcmp(c->towns[i].code, code) == 0)
			return &c->towns[i];
	fail_msg("no town %s", code);
	return NULL;
}

static const struct task *task(const struct catalog *c, const char *code)
{
	for (size_t i = 0; i < c->ntasks; i++)
		if (strcmp(c->tasks[i].code, code) == 0)
			return &c->tasks[i];
	fail_msg("no task %s", code);
	return NULL;
}

static void test_applies_parse(void **state)
{
	(void)state;
	struct arena a = {0};
	struct selector *sel;
	size_t n;
	struct error e;
	assert_int_equal(applies_parse(&a, "全部", &sel, &n, &e), STATUS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(sel[0].kind, SELECT_ALL);
	assert_int_equal(applies_parse(&a, "tag:林区; town:100000002", &sel, &n, &e), STATUS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(sel[0].kind, SELECT_TAG);
	assert_string_equal(sel[0].value, "林区");
	assert_int_equal(sel[1].kind, SELECT_TOWN);
	assert_string_equal(sel[1].value, "100000002");
	/* every malformed form is refused, naming the selector */
	assert_int_equal(applies_parse(&a, "", &sel, &n, &e), STATUS_INVALID);
	assert_int_equal(applies_parse(&a, "tag:", &sel, &n, &e), STATUS_INVALID);
	assert_int_equal(applies_parse(&a, "town:", &sel, &n, &e), STATUS_INVALID);
	assert_int_equal(applies_parse(&a, "林区", &sel, &n, &e), STATUS_INVALID);
	assert_non_null(strstr(e.message, "'林区'"));
	assert_int_equal(applies_parse(&a, "全部;tag:林区", &sel, &n, &e), STATUS_INVALID);
	assert_string_equal(e.field, "applies_to");
	/* a round trip through the exchange form */
	assert_int_equal(applies_parse(&a, "tag:木耳;town:1", &sel, &n, &e), STATUS_OK);
	struct buf b = {0};
	applies_format(sel, n, &b);
	assert_string_equal(buf_str(&b), "tag:木耳;town:1");
	buf_free(&b);
	arena_free(&a);
}

static void test_applies_to_towns(void **state)
{
	(void)state;
	struct catalog c = {0};
	struct diag d = {0};
	load_valid(&c, &d);
	const struct town *jia = town(&c, "100000001"), *yi = town(&c, "100000002");
	/* 全部 */
	assert_true(task_applies_to(task(&c, "ST-01"), jia));
	assert_true(task_applies_to(task(&c, "ST-01"), yi));
	/* tag:林区: only the forest town */
	assert_true(task_applies_to(task(&c, "ST-02"), jia));
	assert_false(task_applies_to(task(&c, "ST-02"), yi));
	/* tag:农业;town:100000001: either selector is enough */
	assert_true(task_applies_to(task(&c, "JJ-01"), jia));
	assert_true(task_applies_to(task(&c, "JJ-01"), yi));
	/* a tag is matched whole, not as a substring */
	struct town partial = *yi;
	const char *tags[] = {"农业区"};
	partial.tags = tags;
	partial.ntags = 1;
	assert_false(task_applies_to(task(&c, "JJ-01"), &partial));
	catalog_free(&c);
	diag_free(&d);
}

static void test_valid_catalogue_passes(void **state)
{
	(void)state;
	struct catalog c = {0};
	struct diag d = {0};
	load_valid(&c, &d);
	catalog_check_duplicates(&c, &d);
	catalog_validate(&c, &d);
	assert_int_equal(d.n, 0);
	catalog_free(&c);
	diag_free(&d);
}

static void test_basis_rule(void **state)
{
	(void)state;
	struct catalog c = {0};
	struct diag d = {0};
	load_valid(&c, &d);
	/* ST-02 cites B1 (in force) and B3 (repealed): one in force is enough */
	assert_int_equal(read_csv(&c, "tasks.csv",
	                          TASK_HEADER
	                          "ST-03,生态环境保护,森林防火,只靠废止文件,基本履职,,巡查,,否,"
	                          "全部,B3:第一条,\n"
	                          "ST-04,生态环境保护,森林防火,依据不存在,基本履职,,巡查,,否,"
	                          "全部,B9,\n"
	                          "ST-05,生态环境保护,森林防火,无依据,基本履职,,巡查,,否,全部,,\n",
	                          &d),
	                 1);
	assert_diag(&d, "tasks.csv:4: bases: required; a task rests on at least one basis (职责法定)");
	catalog_validate(&c, &d);
	assert_diag(&d, "tasks.csv:2: bases: B3 is repealed (已废止); a task needs a basis in "
	                "force (现行有效)");
	assert_diag(&d, "tasks.csv:3: bases: basis B9 does not exist");
	assert_int_equal(d.n, 3);
	catalog_free(&c);
	diag_free(&d);
}

/* A stored task (no source) whose only basis an import repeals: the error
 * is the import's, at the basis row. */
static void test_repeal_under_stored_task(void **state)
{
	(void)state;
	struct catalog stored = {0}, in = {0};
	struct diag d = {0};
	load_valid(&stored, &d);
	for (size_t i = 0; i < stored.ntasks; i++)
		stored.tasks[i].src = (struct source){NULL, 0};
	for (size_t i = 0; i < stored.nbases; i++)
		stored.bases[i].src = (struct source){NULL, 0};
	assert_int_equal(read_csv(&in, "bases.csv",
	                          "code,kind,title,doc_no,issuer,level,effective_date,status\n"
	                          "B2,行政法规,某条例,国务院令第1号,国务院,国家,2019-01-01,已废止\n",
	                          &d),
	                 0);
	catalog_overlay(&stored, &in);
	catalog_validate(&stored, &d);
	assert_diag(&d, "bases.csv:2: status: repealing B2 would leave task JJ-01 without a basis "
	                "in force; repeal it through an adjustment (运行调整), not an import");
	assert_int_equal(d.n, 1);
	catalog_free(&stored);
	catalog_free(&in);
	diag_free(&d);
}

static void test_references_and_parts(void **state)
{
	(void)state;
	struct catalog c = {0};
	struct diag d = {0};
	load_valid(&c, &d);
	assert_int_equal(
		read_csv(&c, "tasks.csv",
		         TASK_HEADER
		         "ZL-01,社会治理,治安,配合无牵头,配合履职,,配合,组织,否,全部,B1,\n"
		         "ZL-02,社会治理,治安,牵头不存在,上级部门收回,D99,,负责,否,全部,B1,\n"
		         "ZL-03,社会治理,治安,基本却有牵头,基本履职,D01,巡查,,否,全部,B1,\n"
		         "JJ-09,社会治理,治安,前缀不符,基本履职,,巡查,,否,全部,B1,\n"
		         "ZL-04,社会治理,治安,镇不存在,基本履职,,巡查,,否,town:999999999,B1,\n",
		         &d),
		0);
	catalog_validate(&c, &d);
	assert_diag(&d, "tasks.csv:2: lead_department: required for 配合履职: name the department "
	                "that leads");
	assert_diag(&d, "tasks.csv:3: lead_department: department D99 does not exist");
	assert_diag(&d, "tasks.csv:4: lead_department: must be empty for 基本履职 (the town leads)");
	assert_diag(&d, "tasks.csv:5: code: JJ-09 does not start with ZL, the prefix of category "
	                "社会治理");
	assert_diag(&d, "tasks.csv:6: applies_to: town 999999999 does not exist");
	assert_int_equal(d.n, 5);
	catalog_free(&c);
	diag_free(&d);
}

static void test_enumerations(void **state)
{
	(void)state;
	struct catalog c = {0};
	struct diag d = {0};
	read_csv(&c, "towns.csv",
	         "code,name,kind,population,area_km2,tags\n"
	         "10000001,短码,镇,1,1,\n"
	         "100000003,丙村,村,-5,abc,\n",
	         &d);
	assert_diag(&d, "towns.csv:2: code: '10000001' is not a 9-digit township code");
	assert_diag(&d, "towns.csv:3: kind: '村' is not one of 镇 / 乡 / 民族乡 / 街道");
	assert_diag(&d, "towns.csv:3: population: '-5' is not a whole number from 0 to 100000000");
	assert_diag(&d, "towns.csv:3: area_km2: 'abc' is not a number of square kilometres");
	assert_int_equal(c.ntowns, 0); /* rows with errors are left out */
	diag_free(&d);
	read_csv(&c, "bases.csv",
	         "code,kind,title,doc_no,issuer,level,effective_date,status\n"
	         "B1,法规,《标题》,,发文机关,乡,2023-02-29,有效\n",
	         &d);
	assert_diag(&d, "bases.csv:2: kind: '法规' is not one of 法律 / 行政法规 / 党内法规 / "
	                "地方性法规 / 部门规章 / 规范性文件");
	assert_diag(&d, "bases.csv:2: title: write the title without 《》");
	assert_diag(&d, "bases.csv:2: level: '乡' is not one of 国家 / 省 / 市 / 县");
	assert_diag(&d, "bases.csv:2: effective_date: '2023-02-29' is not a date YYYY-MM-DD");
	assert_diag(&d, "bases.csv:2: status: '有效' is not one of 现行有效 / 已废止");
	diag_free(&d);
	read_csv(&c, "tasks.csv",
	         TASK_HEADER "XX-01,党建,职责,名称,主办,,镇,,可能,全部,B1,\n", &d);
	assert_diag(&d, "tasks.csv:2: category: '党建' is not one of 基层党建 / 经济发展 / 社会治理 / "
	                "文化建设 / 生态环境保护 / 公共服务");
	assert_diag(&d, "tasks.csv:2: list_type: '主办' is not one of 基本履职 / 配合履职 / 上级部门收回");
	assert_diag(&d, "tasks.csv:2: public_service: '可能' is not one of 是 / 否");
	diag_free(&d);
	read_csv(&c, "calendar.csv", "date,kind,name\n2026-10-01,放,国庆节\n2026-02-30,休,x\n", &d);
	assert_diag(&d, "calendar.csv:2: kind: '放' is not one of 休 / 班");
	assert_diag(&d, "calendar.csv:3: date: '2026-02-30' is not a date YYYY-MM-DD");
	diag_free(&d);
	read_csv(&c, "guides.csv",
	         "task,title,conditions,materials,steps,time_limit_days,fee,place,phone\n"
	         "GF-01,指南,,材料,受理|窗口|x;审核,-1,,,\n",
	         &d);
	assert_diag(&d, "guides.csv:2: steps: step 1 '受理|窗口|x' is not name|who|working days");
	assert_diag(&d, "guides.csv:2: steps: step 2 '审核' is not name|who|working days");
	assert_diag(&d, "guides.csv:2: time_limit_days: '-1' is not a whole number from 0 to 3650");
	catalog_free(&c);
	diag_free(&d);
}

static void test_headers(void **state)
{
	(void)state;
	struct catalog c = {0};
	struct diag d = {0};
	read_csv(&c, "departments.csv", "code,name\nD01,x\n", &d);
	assert_diag(&d, "departments.csv:1: header: missing column 'dispatched_agency'");
	assert_diag(&d, "departments.csv:1: header: expected the columns code,name,dispatched_agency");
	diag_free(&d);
	read_csv(&c, "departments.csv", "code,name,dispatched_agency,extra\n", &d);
	assert_diag(&d, "departments.csv:1: header: unknown column 'extra'");
	diag_free(&d);
	read_csv(&c, "departments.csv", "", &d);
	assert_diag(&d, "departments.csv:1: header: expected the columns code,name,dispatched_agency");
	diag_free(&d);
	/* columns may come in any order */
	read_csv(&c, "departments.csv", "name,dispatched_agency,code\n市农业局,,D02\n", &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(c.ndepartments, 1);
	assert_string_equal(c.departments[0].code, "D02");
	/* a row with the wrong number of fields */
	read_csv(&c, "departments.csv", "code,name,dispatched_agency\nD03,a,b,c\n", &d);
	assert_diag(&d, "departments.csv:2: 4 fields, but the header has 3 (a field with a comma "
	                "must be quoted)");
	catalog_free(&c);
	diag_free(&d);
}

static void test_duplicates(void **state)
{
	(void)state;
	struct catalog c = {0};
	struct diag d = {0};
	read_csv(&c, "departments.csv", "code,name,dispatched_agency\nD01,a,\nD02,b,\nD01,c,\n",
	         &d);
	read_csv(&c, "calendar.csv", "date,kind,name\n2026-10-01,休,国庆\n2026-10-01,休,国庆\n", &d);
	catalog_check_duplicates(&c, &d);
	assert_diag(&d, "departments.csv:4: code: duplicate code D01 (first at line 2)");
	assert_diag(&d, "calendar.csv:3: date: duplicate date 2026-10-01 (first at line 2)");
	assert_int_equal(d.n, 2);
	catalog_free(&c);
	diag_free(&d);
}

static void test_guides_and_calendar_rules(void **state)
{
	(void)state;
	struct catalog c = {0};
	struct diag d = {0};
	load_valid(&c, &d);
	read_csv(&c, "guides.csv",
	         "task,title,conditions,materials,steps,time_limit_days,fee,place,phone\n"
	         "JJ-01,农技指南,,申请;身份证,申请|申请人|0;受理|窗口|1,5,不收费,便民中心,\n"
	         "ST-01,不是公共服务,,,申请|申请人|0,5,,,\n"
	         "GF-99,不存在,,,申请|申请人|0,5,,,\n",
	         &d);
	read_csv(&c, "calendar.csv", "date,kind,name\n2026-10-08,班,国庆\n2026-10-10,班,国庆\n", &d);
	assert_int_equal(d.n, 0);
	catalog_validate(&c, &d);
	assert_diag(&d, "guides.csv:3: task: task ST-01 is not a public-service item "
	                "(public_service 否); only those have service guides");
	assert_diag(&d, "guides.csv:4: task: task GF-99 does not exist");
	/* 2026-10-08 is a Thursday: 班 marks weekend days only; 10-10 is a Saturday */
	assert_diag(&d, "calendar.csv:2: kind: 2026-10-08 is a weekday; 班 marks a weekend day made a "
	                "working day");
	assert_int_equal(d.n, 3);
	catalog_free(&c);
	diag_free(&d);
}

static void test_task_same_content(void **state)
{
	(void)state;
	struct catalog a = {0}, b = {0};
	struct diag d = {0};
	load_valid(&a, &d);
	load_valid(&b, &d);
	assert_true(task_same_content(&a.tasks[0], &b.tasks[0]));
	b.tasks[0].bases[0].article = "第三条";
	assert_false(task_same_content(&a.tasks[0], &b.tasks[0]));
	assert_false(task_same_content(&a.tasks[1], &b.tasks[2]));
	catalog_free(&a);
	catalog_free(&b);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_applies_parse),
		cmocka_unit_test(test_applies_to_towns),
		cmocka_unit_test(test_valid_catalogue_passes),
		cmocka_unit_test(test_basis_rule),
		cmocka_unit_test(test_repeal_under_stored_task),
		cmocka_unit_test(test_references_and_parts),
		cmocka_unit_test(test_enumerations),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_guides_and_calendar_rules),
		cmocka_unit_test(test_task_same_content),
	};
	return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
