/* test_screen.c - the screening engine: sentences and their byte offsets,
 * which sentences give towns work, action and object in the match, and
 * text that is not a notice (invalid UTF-8, NUL bytes, no punctuation). */
#include "testutil.h"

#include <time.h>

#include "screen/screen.h"

static struct task tasks[] = {
	{.code = "ST-02", .duty = "大气污染防治", .name = "开展秸秆露天禁烧巡查",
	 .list_type = LIST_BASIC, .township_part = "落实秸秆禁烧网格化监管，组织巡查、制止露天焚烧秸秆",
	 .department_part = ""},
	{.code = "ZL-07", .duty = "消防安全", .name = "开展消防安全宣传和隐患排查",
	 .list_type = LIST_BASIC, .township_part = "开展消防安全宣传，组织消防隐患排查",
	 .department_part = ""},
	{.code = "ZL-08", .duty = "森林防火", .name = "落实森林防火责任和火源管控",
	 .list_type = LIST_BASIC, .township_part = "落实森林防火责任制，组织巡山护林、火源管控和扑救先期处置",
	 .department_part = ""},
	{.code = "ST-10", .duty = "环境监管", .name = "环境违法行为行政处罚",
	 .list_type = LIST_RECLAIMED, .township_part = "", .department_part = "负责环境违法行为调查和行政处罚"},
	{.code = "GF-18", .duty = "农村基础设施", .name = "农村饮水工程管护和水质巡查",
	 .list_type = LIST_ASSIST, .township_part = "落实村级饮水工程管护责任，开展日常巡查",
	 .department_part = "负责饮水工程建设和水质检测"},
};
#define NTASKS (sizeof tasks / sizeof *tasks)

static const char *const forest[] = {"林区"};
static const struct task *all_tasks[NTASKS];
static const struct task *no_forest[NTASKS];
static struct screen_town towns[2];
static struct screen_catalog cat;
static struct screen_engine *en;

static int setup(void **state)
{
	(void)state;
	size_t n = 0;
	for (size_t i = 0; i < NTASKS; i++) {
		tasks[i].keywords = NULL;
		all_tasks[i] = &tasks[i];
		if (strcmp(tasks[i].code, "ZL-08") != 0)
			no_forest[n++] = &tasks[i];
	}
	towns[0] = (struct screen_town){.code = "231086101", .name = "绥阳镇", .tags = forest,
	                                .ntags = 1, .tasks = all_tasks, .ntasks = NTASKS};
	towns[1] = (struct screen_town){.code = "231086103", .name = "大肚川镇", .tasks = no_forest,
	                                .ntasks = n};
	cat = (struct screen_catalog){.tasks = all_tasks, .ntasks = NTASKS, .towns = towns, .ntowns = 2};
	en = screen_engine_new(&cat);
	return en ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	screen_engine_free(en);
	return 0;
}

static void assert_span(const char *text, struct screen_span sp, const char *want)
{
	assert_int_equal(sp.length, strlen(want));
	assert_memory_equal(text + sp.offset, want, sp.length);
}

static void test_sentences_keep_offsets(void **state)
{
	(void)state;
	const char *text = "  一、总体要求\n各镇要开展巡查，发现问题及时报告。\r\n市局负责处罚！最后一句";
	struct screen_span *s;
	size_t n = screen_sentences(text, strlen(text), &s);
	assert_int_equal(n, 4);
	assert_span(text, s[0], "一、总体要求");
	assert_int_equal(s[0].offset, 2);
	assert_span(text, s[1], "各镇要开展巡查，发现问题及时报告。");
	assert_span(text, s[2], "市局负责处罚！");
	assert_span(text, s[3], "最后一句");
	struct screen_span *c;
	size_t nc = screen_clauses(text, s[1], &c);
	assert_int_equal(nc, 2);
	assert_span(text, c[0], "各镇要开展巡查，");
	assert_span(text, c[1], "发现问题及时报告。");
	free(c);
	free(s);
	assert_int_equal(screen_sentences("", 0, &s), 0);
	free(s);
}

static void test_normalize_width(void **state)
{
	(void)state;
	char *n = screen_normalize("ＡＢ１２（一）", strlen("ＡＢ１２（一）"));
	assert_non_null(n);
	assert_string_equal(n, "AB12(一)");
	free(n);
	assert_null(screen_normalize("\xff\xfe", 2));
}

static void test_assignments(void **state)
{
	(void)state;
	bool which[2];
	static const char *const yes[] = {
		"各镇要开展秸秆禁烧巡查。",
		"（一）请各镇做好消防安全宣传。",
		"由各镇负责组织巡查。",
		"各镇负责辖区内消防隐患排查。",
		"请绥阳镇组织护林员巡山护林。",
		"为做好防火工作，各镇要组织巡查。",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!screen_is_assignment(en, yes[i], which))
			fail_msg("not found: %s", yes[i]);
	assert_true(screen_is_assignment(en, "请大肚川镇设立检查站。", which));
	assert_false(which[0]);
	assert_true(which[1]);
	static const char *const no[] = {
		"市生态环境局负责对露天焚烧秸秆行为依法进行处罚。",
		"各镇、市直有关部门要高度重视，加强组织领导，确保各项工作落到实处。",
		"严禁以任何形式将部门职责转嫁给镇村。",
		"各镇于11月30日前将排查报告报送市民政局。",
		"秸秆焚烧不仅污染空气，还极易引发火灾。",
		"市应急管理局将对各镇工作开展情况进行督导检查。",
	};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (screen_is_assignment(en, no[i], which))
			fail_msg("taken for an assignment: %s", no[i]);
}

static void test_action_and_object(void **state)
{
	(void)state;
	/* the same object, another action */
	assert_true(screen_task_score(en, "开展消防安全宣传", &tasks[1]) >= 0.5);
	assert_true(screen_task_score(en, "对养老机构开展消防安全验收", &tasks[1]) < 0.33);
	/* patrolling is not punishing, and punishing is not patrolling */
	assert_true(screen_task_score(en, "组织巡查，制止露天焚烧秸秆", &tasks[0]) >= 0.5);
	assert_true(screen_task_score(en, "对环境违法行为依法作出行政处罚", &tasks[3]) >= 0.5);
	assert_true(screen_task_score(en, "对环境违法行为开展巡查", &tasks[3]) < 0.33);
	assert_true(screen_task_score(en, "对露天焚烧秸秆行为作出行政处罚", &tasks[0]) < 0.33);
}

static const struct screen_finding *only(const struct screen_result *r)
{
	assert_int_equal(r->nfindings, 1);
	return &r->findings[0];
}

static void test_verdicts(void **state)
{
	(void)state;
	struct screen_result r;
	const char *t1 = "各镇要落实秸秆禁烧网格化监管，组织网格员开展巡查。";
	assert_true(screen_text(en, NULL, t1, strlen(t1), &r));
	assert_int_equal(only(&r)->verdict, SCREEN_BASIC);
	assert_string_equal(only(&r)->task->code, "ST-02");
	assert_int_equal(only(&r)->ntowns, 2);
	screen_result_free(&r);
	/* 一镇一单: the task is not on the named town's list */
	const char *t2 = "请大肚川镇落实森林防火责任制，加强火源管控，组织巡山护林。";
	assert_true(screen_text(en, NULL, t2, strlen(t2), &r));
	assert_int_equal(only(&r)->verdict, SCREEN_OUT_OF_LIST);
	assert_null(only(&r)->task);
	assert_string_equal(only(&r)->towns[0], "231086103");
	screen_result_free(&r);
	/* reclaimed, and nothing fits */
	const char *t3 = "标题\n各镇要对环境违法行为立案调查，依法作出行政处罚。各镇要做好拖拉机年度安全检验。";
	assert_true(screen_text(en, NULL, t3, strlen(t3), &r));
	assert_int_equal(r.nfindings, 2);
	assert_int_equal(r.findings[0].verdict, SCREEN_RECLAIMED);
	assert_int_equal(r.findings[1].verdict, SCREEN_OUT_OF_LIST);
	assert_int_equal(r.findings[0].sentence.offset, strlen("标题\n"));
	assert_int_equal(r.counts[SCREEN_RECLAIMED], 1);
	screen_result_free(&r);
	/* two pieces of work in one sentence */
	const char *t5 = "各镇要开展消防安全宣传，同时做好村级饮水工程的日常巡查。";
	assert_true(screen_text(en, NULL, t5, strlen(t5), &r));
	assert_int_equal(r.nfindings, 2);
	assert_string_equal(r.findings[0].task->code, "ZL-07");
	assert_string_equal(r.findings[1].task->code, "GF-18");
	assert_int_equal(r.findings[1].verdict, SCREEN_ASSIST);
	assert_span(t5, r.findings[1].evidence, "同时做好村级饮水工程的日常巡查。");
	screen_result_free(&r);
	/* more of the same work is no second finding */
	const char *t6 = "各镇要落实秸秆禁烧网格化监管，同时组织巡查，制止露天焚烧秸秆。";
	assert_true(screen_text(en, NULL, t6, strlen(t6), &r));
	assert_int_equal(only(&r)->verdict, SCREEN_BASIC);
	screen_result_free(&r);
	/* a subject carried over to the next sentence, and --town */
	const char *t4 = "各镇要高度重视。同时要做好村级饮水工程的日常巡查。";
	assert_true(screen_text(en, "231086101", t4, strlen(t4), &r));
	assert_int_equal(only(&r)->verdict, SCREEN_ASSIST);
	assert_true(only(&r)->low_confidence);
	assert_int_equal(only(&r)->ntowns, 1);
	screen_result_free(&r);
}

static void test_not_text(void **state)
{
	(void)state;
	struct screen_result r;
	const char bad[] = "各镇要\xff\xfe开展\x80秸秆禁烧巡查\0。各镇\0要\xc3";
	assert_true(screen_text(en, NULL, bad, sizeof bad - 1, &r));
	for (size_t i = 0; i < r.nfindings; i++)
		assert_true(r.findings[i].sentence.offset + r.findings[i].sentence.length <= sizeof bad);
	screen_result_free(&r);
	/* 1 MB with no punctuation: one sentence, bounded time */
	size_t unit = strlen("开展秸秆禁烧巡查"), n = (1u << 20) / unit;
	char *big = malloc(strlen("各镇要") + n * unit + 1);
	assert_non_null(big);
	strcpy(big, "各镇要");
	char *p = big + strlen(big);
	for (size_t i = 0; i < n; i++, p += unit)
		memcpy(p, "开展秸秆禁烧巡查", unit);
	*p = 0;
	clock_t start = clock();
	assert_true(screen_text(en, NULL, big, strlen(big), &r));
	double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
	assert_int_equal(r.sentences, 1);
	assert_true(r.nfindings <= 1);
	if (r.nfindings)
		assert_true(r.findings[0].evidence.length <= 4096);
	assert_true(secs < 5.0);
	screen_result_free(&r);
	free(big);
}

/* The marks the splitter looks for byte by byte: full-width and ASCII
 * ends, the closing quotes kept with their sentence, the spaces trimmed
 * (U+3000, U+FEFF, U+00A0 and ASCII), a mark cut off by the end of the
 * text (no mark), and a NUL byte (text like any other). */
static void test_marks_and_spaces(void **state)
{
	(void)state;
	const char *text = "\xe3\x80\x80\xef\xbb\xbf甲镇要巡查！“乙”。」丙？\xc2\xa0丁｡戊!己?"
	                   "庚（辛）\xe3\x80\x80\n壬\xef\xbc";
	struct screen_span *s;
	size_t n = screen_sentences(text, strlen(text), &s);
	assert_int_equal(n, 8);
	assert_span(text, s[0], "甲镇要巡查！");
	assert_span(text, s[1], "“乙”。」");
	assert_span(text, s[2], "丙？");
	assert_span(text, s[3], "丁｡");
	assert_span(text, s[4], "戊!");
	assert_span(text, s[5], "己?");
	assert_span(text, s[6], "庚（辛）");
	assert_span(text, s[7], "壬\xef\xbc");
	free(s);
	const char *cl = "一，二；三：四,五;六:七\xe3\x80\x80，，八";
	struct screen_span all = {0, strlen(cl)}, *c;
	n = screen_clauses(cl, all, &c);
	assert_int_equal(n, 9);
	assert_span(cl, c[0], "一，");
	assert_span(cl, c[3], "四,");
	assert_span(cl, c[6], "七\xe3\x80\x80，");
	assert_span(cl, c[7], "，");
	assert_span(cl, c[8], "八");
	free(c);
	const char nul[] = "甲\0乙。丙";
	n = screen_sentences(nul, sizeof nul - 1, &s);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].length, strlen("甲") + 1 + strlen("乙。"));
	free(s);
}

/* The word lists where their words start, and where they do not. */
static void test_word_lists(void **state)
{
	(void)state;
	bool which[2];
	/* named towns joined by 、 and 和; a town by its tag */
	assert_true(screen_is_assignment(en, "请绥阳镇、大肚川镇组织巡查。", which));
	assert_true(which[0] && which[1]);
	assert_true(screen_is_assignment(en, "绥阳镇和大肚川镇要组织巡查。", which));
	assert_true(which[0] && which[1]);
	assert_true(screen_is_assignment(en, "各林区镇要组织巡山护林。", which));
	assert_true(which[0] && !which[1]);
	/* a department before its verb; a verb too far in to tell */
	assert_false(screen_is_assignment(en, "市应急管理局负责组织各镇开展巡查。", which));
	assert_false(screen_is_assignment(en, "各镇要严禁焚烧秸秆。", which) &&
	             !screen_is_assignment(en, "各镇要组织巡查。", which));
	/* reporting back: where to, or when (上报 … 前 … 于) */
	assert_false(screen_is_assignment(en, "各镇要将巡查情况抄送市局。", which));
	assert_false(screen_is_assignment(en, "各镇要于月底前上报巡查情况。", which));
	assert_true(screen_is_assignment(en, "各镇要上报巡查情况并组织巡查。", which));
	/* an exhortation anywhere in the clause */
	assert_false(screen_is_assignment(en, "各镇要把巡查工作摆上议事日程。", which));
	assert_true(screen_is_assignment(en, "各镇要把巡查工作列入日程。", which));
}

/* The addressee line names the towns the notice is for; a NUL in it ends
 * the line as a C string does. */
static void test_addressee(void **state)
{
	(void)state;
	struct screen_result r;
	const char t1[] = "关于秸秆禁烧的通知\n大肚川镇人民政府：\n各镇要落实秸秆禁烧网格化监管，组织巡查。";
	assert_true(screen_text(en, NULL, t1, sizeof t1 - 1, &r));
	assert_int_equal(only(&r)->ntowns, 1);
	assert_string_equal(only(&r)->towns[0], "231086103");
	screen_result_free(&r);
	const char t2[] = "大肚川镇人民政府：\0\0\0\n各镇要落实秸秆禁烧网格化监管，组织巡查。";
	assert_true(screen_text(en, NULL, t2, sizeof t2 - 1, &r));
	assert_int_equal(only(&r)->ntowns, 1);
	screen_result_free(&r);
	/* no colon: no addressee line */
	const char t3[] = "致大肚川镇人民政府\n各镇要落实秸秆禁烧网格化监管，组织巡查。";
	assert_true(screen_text(en, NULL, t3, sizeof t3 - 1, &r));
	assert_int_equal(only(&r)->ntowns, 2);
	screen_result_free(&r);
}

/* A sentence of `n` bytes made of `unit` repeated after `head`. */
static char *repeat(const char *head, const char *unit, size_t n)
{
	size_t hl = strlen(head), ul = strlen(unit);
	char *s = malloc(hl + n + ul + 1);
	assert_non_null(s);
	memcpy(s, head, hl);
	size_t len = hl;
	while (len < hl + n) {
		memcpy(s + len, unit, ul);
		len += ul;
	}
	s[len] = 0;
	return s;
}

/* Inputs the fuzzer (tests/fuzz) and a reading of the code pointed at:
 * a megabyte of clauses without a full stop, of one preposition, of
 * enumerations, of town names, of unmatched brackets; each in bounded
 * time (linear: the clause count and each clause's length are capped). */
static void test_long_inputs(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"各镇要", "开展秸秆禁烧巡查，"}, {"各镇要", "对"},     {"各镇要", "（一）"},
		{"请", "绥阳镇、"},               {"各镇要", "（"},     {"", "，"},
		{"各镇要", "\xe3\x80\x80"},     {"各镇要", "a\xff"},
	};
	clock_t start = clock();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *big = repeat(cases[i][0], cases[i][1], 1u << 20);
		size_t len = strlen(big);
		struct screen_result r;
		assert_true(screen_text(en, NULL, big, len, &r));
		for (size_t k = 0; k < r.nfindings; k++) {
			assert_true(r.findings[k].sentence.offset + r.findings[k].sentence.length <= len);
			assert_true(r.findings[k].evidence.length <= 4096);
		}
		screen_result_free(&r);
		free(big);
	}
	double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
	if (secs > 10.0)
		fail_msg("8 MB of long sentences took %.1f s", secs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sentences_keep_offsets),
		cmocka_unit_test(test_normalize_width),
		cmocka_unit_test(test_assignments),
		cmocka_unit_test(test_action_and_object),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_not_text),
		cmocka_unit_test(test_long_inputs),
		cmocka_unit_test(test_marks_and_spaces),
		cmocka_unit_test(test_word_lists),
		cmocka_unit_test(test_addressee),
	};
	return cmocka_run_group_tests_name("screen", tests, setup, teardown);
}
