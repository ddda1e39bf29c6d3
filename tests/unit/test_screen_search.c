/* test_screen_search.c - the screening engine's search against the
 * reference: on a generated county catalogue (1,500 tasks made of a few
 * dozen objects, verbs and stock phrases, 30 towns with lists of their
 * own) and generated notices, the findings of the search (lists walked
 * rarest first and stopped by bounds, tasks that score alike stood for
 * by one, scores kept between tasks, long lists ranked in task order)
 * must equal, field by field, those of screen_engine_set_exhaustive,
 * which scores every candidate task exactly.  The catalogue is made so
 * that every such path is taken: stock phrases in more than a tenth of
 * the tasks (generic bigrams, long lists), words of the two action
 * classes in names and parts (class lists), keywords shared by many
 * tasks, 配合履职 tasks with a department part, named towns, 同时
 * clauses and work on no list. */
#include "testutil.h"

#include "screen/screen.h"

#define NTASKS 1500
#define NTOWNS 30
#define NNOTICES 60

static const char *const verbs[] = {"开展", "组织实施", "协调推动", "推进", "审核上报",
                                    "摸底调查", "宣传普及", "监督检查", "登记管理", "统筹推进"};
static const char *const objects[] = {
	"临时救助", "特困人员供养", "农村公路养护", "森林防火", "秸秆禁烧", "村党组织",
	"流动党员", "社区矫正对象", "高龄津贴", "残疾人两项补贴", "农业机械", "畜禽强制免疫",
	"地下水隐患", "土地承包经营权", "野外用火", "人员密集场所", "婚姻登记", "健身设施",
	"党员志愿服务队", "民兵队伍", "水土流失", "农村自建房", "小微企业", "黑木耳种植",
	"村民委员会", "基层团组织", "适龄青年兵役登记", "民族团结创建", "农业面源污染",
	"危险化学品", "城乡居民医疗保险", "特种设备", "食品小作坊", "河道采砂", "林下经济",
	"退役军人", "留守儿童", "防汛重点部位", "地质灾害隐患点", "文物保护单位"};
static const char *const suffixes[] = {"日常巡查", "宣传教育", "隐患排查", "台账管理",
                                       "行政处罚", "许可审查", "业务培训", "资质认定",
                                       "行政检查", "排查整治", "服务", "组织动员"};
/* the town's part is made of two or three of these: each is in a good
 * share of the tasks, so its bigrams are generic */
static const char *const stock[] = {
	"每季度研究一次工作推进情况，年底进行总结",
	"在村务公开栏和便民服务中心公示办理结果",
	"组织村级力量开展日常巡查和信息采集",
	"做好政策宣传和群众动员，引导群众依法参与",
	"发现问题及时劝阻、制止并报告有关部门",
	"按要求收集、整理、审核并上报相关信息和材料",
	"对辖区情况进行摸底排查，建立工作台账",
	"提供必要的工作条件，配合部门开展联合检查"};
static const char *const dept_stock[] = {
	"负责行政执法和监督检查，依法查处违法行为",
	"负责政策制定和业务指导，统筹制定年度工作方案并组织考核",
	"负责专业监测、评估和数据审核",
	"负责行政许可和竣工验收，对乡镇报送的问题线索及时核查处置"};
static const char *const town_chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土山川江";
#define NV (sizeof verbs / sizeof *verbs)
#define NO (sizeof objects / sizeof *objects)
#define NS (sizeof suffixes / sizeof *suffixes)
#define NST (sizeof stock / sizeof *stock)
#define ND (sizeof dept_stock / sizeof *dept_stock)

static uint64_t seed = 20261126;
static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((seed >> 33) % n);
}

static struct task tasks[NTASKS];
static char *strs[NTASKS][6];
static const char *kws[NTASKS][2];
static const struct task *all[NTASKS];
static const struct task *lists[NTOWNS][NTASKS];
static struct screen_town towns[NTOWNS];
static char town_names[NTOWNS][16], town_codes[NTOWNS][12];
static const char *const border[] = {"边境"};
static struct screen_catalog cat;

static char *join3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

static void make_catalogue(void)
{
	static const enum list_type types[] = {LIST_BASIC, LIST_ASSIST, LIST_RECLAIMED};
	for (size_t t = 0; t < NTASKS; t++) {
		struct task *k = &tasks[t];
		const char *obj = objects[rnd(NO)];
		char code[16];
		snprintf(code, sizeof code, "T-%04zu", t);
		strs[t][0] = strdup(code);
		strs[t][1] = join3(verbs[rnd(NV)], obj, suffixes[rnd(NS)]);
		strs[t][2] = join3(obj, "", "工作");
		unsigned a = rnd(NST), b = (a + 1 + rnd(NST - 1)) % NST;
		strs[t][3] = join3(stock[a], "，", stock[b]);
		strs[t][4] = join3(dept_stock[rnd(ND)], "", "");
		strs[t][5] = NULL;
		k->code = strs[t][0];
		k->name = strs[t][1];
		k->duty = strs[t][2];
		k->list_type = types[t % 3];
		k->township_part = k->list_type == LIST_RECLAIMED ? "" : strs[t][3];
		k->department_part = k->list_type == LIST_BASIC ? "" : strs[t][4];
		/* keywords: the object (shared by the tasks on it), now and then
		 * also a stock phrase's words */
		kws[t][0] = obj;
		kws[t][1] = "公示办理结果";
		k->keywords = kws[t];
		k->nkeywords = rnd(4) == 0 ? 2 : 1;
		all[t] = k;
	}
	for (size_t i = 0; i < NTOWNS; i++) {
		/* a town name: one character of town_chars (three bytes) + 河镇 */
		memcpy(town_names[i], town_chars + 3 * i, 3);
		strcpy(town_names[i] + 3, "河镇");
		snprintf(town_codes[i], sizeof town_codes[i], "2310%05zu", i);
		size_t n = 0;
		unsigned share = 2 + rnd(3); /* a half, a third or a quarter of the tasks */
		for (size_t t = 0; t < NTASKS; t++)
			if (rnd(share) == 0)
				lists[i][n++] = &tasks[t];
		towns[i] = (struct screen_town){.code = town_codes[i], .name = town_names[i],
		                                .tags = i % 5 == 0 ? border : NULL,
		                                .ntags = i % 5 == 0, .tasks = lists[i], .ntasks = n};
	}
	cat = (struct screen_catalog){.tasks = all, .ntasks = NTASKS, .towns = towns,
	                              .ntowns = NTOWNS};
}

/* A notice of about 25 sentences in the patterns of the development set. */
static char *make_notice(void)
{
	size_t cap = 16384, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	s[0] = 0;
#define ADD(...) (n += (size_t)snprintf(s + n, cap - n, __VA_ARGS__), assert_true(n < cap))
	if (rnd(2))
		ADD("各镇人民政府，市直有关部门：\n");
	else
		ADD("%s人民政府、%s人民政府：\n", town_names[rnd(NTOWNS)], town_names[rnd(NTOWNS)]);
	ADD("为切实做好有关工作，根据有关法律法规和上级部署，现将有关事项通知如下。\n");
	static const char *const subjects[] = {"各镇要", "请各镇", "各镇负责", "由各镇负责",
	                                       "各乡镇要", "各边境镇要"};
	static const char *const leads[] = {"", "", "切实", "认真", "扎实"};
	for (int k = 0; k < 25; k++) {
		const struct task *t = &tasks[rnd(NTASKS)];
		const struct task *u = &tasks[rnd(NTASKS)];
		switch (rnd(10)) {
		case 0: /* named towns */
			ADD("%d. 请%s、%s%s%s。\n", k, town_names[rnd(NTOWNS)], town_names[rnd(NTOWNS)],
			    leads[rnd(5)], t->name);
			break;
		case 1: /* a stock phrase alone */
			ADD("%s%s%s。\n", subjects[rnd(6)], leads[rnd(5)], stock[rnd(NST)]);
			break;
		case 2: /* a second piece of work */
			ADD("%s%s，同时做好%s。\n", subjects[rnd(6)], t->name, u->name);
			break;
		case 3: /* the department's side of the work, or no list's work, with
		         * action words no task has (吊销, 罚款: half credit) */
			if (rnd(2))
				ADD("%s%s。\n", subjects[rnd(6)], dept_stock[rnd(ND)]);
			else if (rnd(2))
				ADD("各镇要做好辖区内拖拉机、联合收割机的年度安全检验和驾驶人考核工作。\n");
			else
				ADD("%s对%s中的违法行为吊销执照并处罚款。\n", subjects[rnd(6)], objects[rnd(NO)]);
			break;
		case 4: /* carried over */
			ADD("%s%s。同时要%s。\n", subjects[rnd(6)], t->name, u->township_part[0]
			                                                         ? u->township_part
			                                                         : u->name);
			break;
		case 5: /* a department's own work, a report back */
			ADD("市农业农村局负责%s。各镇于5月%d日前将工作开展情况报送市农业农村局。\n",
			    t->name, 1 + rnd(28));
			break;
		default:
			ADD("%s%s%s，%s。\n", subjects[rnd(6)], leads[rnd(5)], t->name,
			    t->township_part[0] ? t->township_part : stock[rnd(NST)]);
		}
	}
#undef ADD
	return s;
}

static void assert_same(const struct screen_result *a, const struct screen_result *b,
                        const char *text)
{
	assert_int_equal(a->nfindings, b->nfindings);
	assert_int_equal(a->assignments, b->assignments);
	for (size_t i = 0; i < a->nfindings; i++) {
		const struct screen_finding *f = &a->findings[i], *g = &b->findings[i];
		if (f->task != g->task || f->unlisted != g->unlisted || f->verdict != g->verdict ||
		    f->score != g->score || f->low_confidence != g->low_confidence ||
		    f->evidence.offset != g->evidence.offset || f->ntowns != g->ntowns)
			fail_msg("finding %zu differs: %s %s %.2f / %s %s %.2f in: %.*s", i,
			         f->task ? f->task->code : "-", f->unlisted ? f->unlisted->code : "-",
			         f->score, g->task ? g->task->code : "-",
			         g->unlisted ? g->unlisted->code : "-", g->score,
			         (int)f->sentence.length, text + f->sentence.offset);
		for (size_t k = 0; k < f->ntowns; k++)
			assert_string_equal(f->towns[k], g->towns[k]);
	}
}

static void test_search_equals_exhaustive(void **state)
{
	(void)state;
	make_catalogue();
	struct screen_engine *fast = screen_engine_new(&cat), *ref = screen_engine_new(&cat);
	assert_non_null(fast);
	assert_non_null(ref);
	screen_engine_set_exhaustive(ref, true);
	size_t findings = 0, counts[4] = {0}, low = 0;
	for (int i = 0; i < NNOTICES; i++) {
		char *text = make_notice();
		/* every town, then one (the lists differ by town) */
		const char *only = i % 4 == 3 ? town_codes[rnd(NTOWNS)] : NULL;
		struct screen_result a, b;
		assert_true(screen_text(fast, only, text, strlen(text), &a));
		assert_true(screen_text(ref, only, text, strlen(text), &b));
		assert_same(&a, &b, text);
		findings += a.nfindings;
		for (size_t v = 0; v < 4; v++)
			counts[v] += a.counts[v];
		for (size_t k = 0; k < a.nfindings; k++)
			low += a.findings[k].low_confidence;
		screen_result_free(&a);
		screen_result_free(&b);
		free(text);
	}
	/* the notices exercised every verdict, with sure and unsure fits */
	assert_true(findings > 800);
	for (size_t v = 0; v < 4; v++)
		assert_true(counts[v] > 20);
	assert_true(low > 20 && low < findings);
	screen_engine_free(fast);
	screen_engine_free(ref);
	for (size_t t = 0; t < NTASKS; t++)
		for (size_t k = 0; k < 5; k++)
			free(strs[t][k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_equals_exhaustive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
