/* bench_review.c - a county review round at full size, through the use
 * cases (app/app.h), beside the plain way to group near-duplicate names.
 *
 * The requirement: "A county round with 30 towns x 1,000 proposals
 * (30,000) including near-duplicate wording: grouping completes in
 * seconds on the 2-core machine, the dashboard page answers in under
 * 100 ms, and publishing 30 town lists takes under a second."  This
 * program measures the first and the third (and what the dashboard
 * computes, review_stats); bench/review/run.sh serves the database it
 * leaves and measures the pages.
 *
 *   bench_review --catalog DIR --db PATH [--snapshot PATH] [options]
 *
 * DIR holds the exchange files (bench/import/gen.py writes them); PATH
 * must not exist.  Steps, each timed:
 *
 *  1. a new database with that catalogue (catalog_import);
 *  2. review_open: one round for every town;
 *  3. every town makes --per-town proposals (default 1,000) through
 *     review_propose, in one shuffled stream: --removals of them
 *     (default 200) take a task off the town's draft, chosen with a
 *     bias to the tasks every town has, so many towns propose the same
 *     removals; the rest propose new tasks, each a "concept" (an object
 *     and an action, 基本履职 or 配合履职) worded by each town its own
 *     way: 开展/做好/组织... in front, 工作 behind, the verb first, or one
 *     character changed.  Concepts: some proposed by most towns, some by
 *     a few, some by one;
 *  4. review_merge (the grouping), and how its groups compare with the
 *     concepts the names were made from;
 *  5. the baseline, in this process: every pair of new-task names
 *     compared with text_similarity (O(n^2)) and joined by union-find,
 *     timed on a random sample of --sample names and extrapolated by the
 *     number of pairs (or at full size with --baseline-full, on
 *     --threads threads); its groups are compared with review_cluster's
 *     on the same names (the sample), and with review_merge's (full);
 *  6. (--snapshot: a copy of the database as it is now, merged and
 *     undecided, for the dashboard pages);
 *  7. review_decide of every group (agreed) and of every single proposal
 *     (a removal agreed, a new task only one town wants rejected);
 *  8. town_confirm (by each town's township user) and office_confirm;
 *  9. publishing the 30 lists: 30 review_town_act "publish";
 * 10. review_stats of the round and of all rounds (median of --runs).
 *
 * Prints the figures and a table with the goals; `key=value` lines for
 * run.sh.  Exit status 0 unless a step fails. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/app.h"
#include "core/review.h"
#include "io/catalog_csv.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"

/* ------------------------------------------------------------ vocabulary */

struct category_words {
	const char *prefix, *name;
	const char *const *objects; /* what a duty is about (from gen.py) */
	const char *const *duties;  /* the duty column */
};

static const struct category_words words[] = {
	{"DJ", "基层党建",
	 (const char *const[]){"村党组织", "党员", "流动党员", "入党积极分子", "村“两委”班子",
	                       "村党组织书记", "党费", "党建活动阵地", "村级后备干部",
	                       "驻村第一书记", "非公企业党组织", "社会组织党组织", "党员发展对象",
	                       "基层团组织", "村级妇联组织", "乡镇机关干部", "党员志愿服务队",
	                       "党务公开栏", "理论宣讲队伍", "统战对象", NULL},
	 (const char *const[]){"基层党组织建设", "党员教育管理", "村级组织建设", "全面从严治党",
	                       "宣传思想工作", "群团和统战工作", "“两新”组织党建", "干部队伍建设",
	                       "人才工作", "机构编制管理", "意识形态工作", "党风廉政建设", NULL}},
	{"JJ", "经济发展",
	 (const char *const[]){"特色产业", "黑木耳种植", "乡村旅游项目", "农村电子商务", "招商项目",
	                       "村集体经济项目", "村集体“三资”", "土地承包经营权", "高标准农田",
	                       "黑土地", "政策性农业保险", "惠农补贴面积", "农产品质量安全",
	                       "畜禽强制免疫", "防止返贫监测对象", "统计报表", "重要商品价格",
	                       "农药经营门店", "食品生产企业", "个体工商户", "农民专业合作社",
	                       "家庭农场", "农业机械", "种子经营", "边境互市贸易", "农田水利设施",
	                       "规模以上企业", NULL},
	 (const char *const[]){"乡村产业发展", "招商引资和项目服务", "农村集体经济", "农村土地管理",
	                       "农业生产", "巩固衔接", "统计调查", "农业执法", "价格管理", "市场监管",
	                       "财政和国有资产管理", "营商环境", "农村金融服务", "畜牧兽医",
	                       "农田水利", "口岸和边境贸易", NULL}},
	{"ZL", "社会治理",
	 (const char *const[]){"矛盾纠纷", "信访事项", "基层治理网格", "重点人员", "生产经营单位",
	                       "小微企业", "人员密集场所", "野外用火", "防汛重点部位",
	                       "地质灾害隐患点", "突发事件应急预案", "吸毒人员", "宗教活动场所",
	                       "边境巡查", "适龄青年兵役登记", "民兵队伍", "农村道路交通",
	                       "特种设备", "建设工程质量", "村民委员会", "社区矫正对象",
	                       "法律援助申请", "违法建设", "占道经营", "小餐饮和小作坊", "出租房屋",
	                       "燃气使用", "危险化学品", "烟花爆竹经营", "农村自建房", NULL},
	 (const char *const[]){"矛盾纠纷化解", "信访工作", "网格化管理", "平安建设", "安全生产",
	                       "消防安全", "森林防火", "防灾减灾", "应急管理", "禁毒", "宗教事务",
	                       "边境管理", "国防动员", "道路交通安全", "特种设备安全", "建设工程",
	                       "村民自治", "社区矫正", "法治建设", "城乡管理", "食品药品安全",
	                       "流动人口服务管理", NULL}},
	{"WH", "文化建设",
	 (const char *const[]){"综合文化站", "农家书屋", "文物保护单位", "不可移动文物",
	                       "非物质文化遗产项目", "新时代文明实践站", "村规民约", "群众性体育活动",
	                       "健身设施", "网吧和娱乐场所", "广播电视户户通", "旅游景区",
	                       "乡村旅游接待户", "志愿服务队伍", "民族团结创建", "文艺演出",
	                       "公共图书馆分馆", "地方志资料", NULL},
	 (const char *const[]){"公共文化服务", "文物保护", "非物质文化遗产", "精神文明建设",
	                       "全民健身", "文化市场管理", "广播电视", "旅游服务", "志愿服务",
	                       "民族团结进步", NULL}},
	{"ST", "生态环境保护",
	 (const char *const[]){"中央环保督察问题", "秸秆露天焚烧", "散煤燃烧", "农村生活污水",
	                       "畜禽养殖污染", "入河排污口", "河湖“四乱”", "林地", "林木采伐",
	                       "自然保护地", "农村生活垃圾", "农村厕所", "耕地“非农化”",
	                       "永久基本农田", "野生动物", "候鸟栖息地", "非法采砂", "矿山生态修复",
	                       "水土流失", "湿地", "地下水", "饮用水水源地", "农业面源污染",
	                       "废旧农膜", NULL},
	 (const char *const[]){"生态环境保护", "大气污染防治", "水污染防治", "土壤污染防治",
	                       "河湖长制", "林长制", "自然资源管理", "农村人居环境", "耕地保护",
	                       "野生动植物保护", "矿产资源管理", "水土保持", "湿地保护",
	                       "秸秆综合利用", NULL}},
	{"GF", "公共服务",
	 (const char *const[]){"最低生活保障", "特困人员供养", "临时救助", "高龄津贴",
	                       "居家养老服务", "残疾人两项补贴", "残疾人证", "就业困难人员",
	                       "城乡居民养老保险", "城乡居民医疗保险", "家庭医生签约服务",
	                       "基本公共卫生服务", "医疗救助", "学生资助", "控辍保学",
	                       "退役军人优待抚恤", "农村危房改造", "公租房", "惠民殡葬", "婚姻登记",
	                       "留守儿童", "困境儿童", "农村饮水安全", "农村公路养护",
	                       "便民服务中心", "孤儿基本生活保障", NULL},
	 (const char *const[]){"社会救助", "养老服务", "残疾人服务", "就业和社会保障", "医疗卫生",
	                       "医疗保障", "教育服务", "退役军人服务", "住房保障", "殡葬管理",
	                       "婚姻和收养", "未成年人保护", "妇女儿童权益", "便民服务", "农村供水",
	                       "农村公路", NULL}},
};
#define NCATEGORIES (sizeof words / sizeof *words)

/* What is done about the object.  No two share a first character or a
 * bigram, and none holds a filler word (开展, 工作 ...), so that two
 * concepts about one object stay apart (Dice < 0.75) while the wordings
 * of one concept come together. */
static const char *const actions[] = {
	"日常巡查", "隐患排查", "信息采集", "台账登记", "动态监测", "入户核访", "政策宣讲",
	"情况摸底", "审核上报", "矛盾调处", "问题整改", "安全检验", "资金监管", "档案整理",
	"数据报送", "考核评议", "业务培训", "应急处置", "联合执法", "督查督办", "跟踪回访",
	"风险评估", "分类管控", "集中整治", "定期研判", "线索移交", "现场核实", "准入审查",
	"名册维护", "补贴发放", "材料初审", "结果公布", "群众动员", "志愿帮扶", "宣传教育",
	"统计分析", "设施养护", "巡回抽检", "清理整顿", "协调联络", "备案登录", "初步调查",
	"常态巡防", "服务保障", "预警发布", "转移安置", "报告制度", "包保责任", "网格化布控",
	"公开公示", "证照查验", "源头防范", "普法讲座", "技术指导", "季度调度", "年度考评",
	"上门办理", "异常上告", "值班值守", "夜间防控", "调解疏导", "困难救助", "走访慰问",
	"销号管理", "建档立卡", "评比表彰", "示范创建", "专项行动", "秩序保持", "监督抽查",
};
#define NACTIONS (sizeof actions / sizeof *actions)

/* How towns word the same duty: filler in front and behind (text_similarity
 * drops it), and characters one may write for another. */
static const char *const fronts[] = {"", "", "", "开展", "做好", "组织", "负责", "加强", "落实",
                                     "组织开展", "认真做好"};
static const char *const backs[] = {"", "", "", "工作", "工作", "相关工作", "的工作"};
static const char *const swaps[] = {"查", "检", "管", "治", "护", "导", "核", "审", "控", "防"};

static const char *const town_parts[] = {
	"组织村级力量开展日常巡查，发现问题及时报告有关部门",
	"建立工作台账，定期向主管部门报送情况",
	"做好政策宣传和群众动员，协调解决群众反映的问题",
	"将相关工作纳入网格化管理，做到底数清、情况明",
};
static const char *const removal_reasons[] = {
	"该事项已由主管部门直接承担，乡镇无执法权限",
	"事项与本镇实际不符，辖区内无相关对象",
	"与其他事项重复，建议合并后删除",
	"上级文件已调整，不再由乡镇履职",
};
static const char *const add_reasons[] = {
	"乡镇实际承担该项工作，清单中未列明",
	"座谈会上村干部反映该项工作长期由镇里承担",
	"根据新修订的法规，乡镇应承担相应职责",
};

/* ----------------------------------------------------------------- utils */

static uint64_t rng_state;

static uint64_t rnd(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t below(size_t n) { return (size_t)(rnd() % n); }
static double uniform(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_review: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void check(enum status st, const struct error *e, const char *what)
{
	if (st != STATUS_OK)
		die("%s: %s", what, e->message);
}

static void shuffle(size_t *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = below(i), t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The code points of UTF-8 text, as separate strings (for changing one). */
static size_t utf8_chars(const char *s, const char **at, size_t *len, size_t max)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && n < max;) {
		size_t l = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		at[n] = (const char *)p;
		len[n++] = l;
		p += l;
	}
	return n;
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	if (!in) {
		if (errno == ENOENT)
			return;
		die("%s: %s", from, strerror(errno));
	}
	FILE *out = fopen(to, "wb");
	if (!out)
		die("%s: %s", to, strerror(errno));
	char buf[1 << 16];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			die("%s: %s", to, strerror(errno));
	fclose(in);
	if (fclose(out) != 0)
		die("%s: %s", to, strerror(errno));
}

/* ------------------------------------------------------------ union-find */

static size_t uf_find(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static void uf_unite(size_t *parent, size_t a, size_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/* Labels: each item gets the smallest index of its group. */
static void uf_labels(size_t *parent, size_t n)
{
	for (size_t i = 0; i < n; i++)
		parent[i] = uf_find(parent, i);
}

static size_t count_groups(const size_t *label, size_t n, size_t *in_groups)
{
	/* groups of two or more, and how many items are in them */
	size_t *size = calloc(n ? n : 1, sizeof *size), groups = 0;
	*in_groups = 0;
	for (size_t i = 0; i < n; i++)
		size[label[i]]++;
	for (size_t i = 0; i < n; i++)
		if (size[i] >= 2) {
			groups++;
			*in_groups += size[i];
		}
	free(size);
	return groups;
}

static size_t disagreements(const size_t *a, const size_t *b, size_t n)
{
	size_t d = 0;
	for (size_t i = 0; i < n; i++)
		d += a[i] != b[i];
	return d;
}

/* The plain way: every pair, text_similarity, union-find.  Threads take
 * rows i = k, k + T, ... and collect the similar pairs; they are joined
 * afterwards. */
struct pairs_job {
	const char *const *names;
	size_t n, first, step;
	size_t *pairs, npairs, cap;
	unsigned long long compared;
};

static void *pairs_run(void *arg)
{
	struct pairs_job *j = arg;
	for (size_t i = j->first; i < j->n; i += j->step)
		for (size_t k = i + 1; k < j->n; k++) {
			j->compared++;
			if (text_similarity(j->names[i], j->names[k]) >= SIMILAR_ENOUGH) {
				if (j->npairs + 2 > j->cap) {
					j->cap = j->cap ? 2 * j->cap : 1024;
					j->pairs = realloc(j->pairs, j->cap * sizeof *j->pairs);
					if (!j->pairs)
						abort();
				}
				j->pairs[j->npairs++] = i;
				j->pairs[j->npairs++] = k;
			}
		}
	return NULL;
}

static double plain_groups(const char *const *names, size_t n, int threads, size_t *label)
{
	double t0 = now_s();
	struct pairs_job job[16];
	pthread_t tid[16];
	if (threads < 1)
		threads = 1;
	if (threads > 16)
		threads = 16;
	for (int k = 0; k < threads; k++) {
		job[k] = (struct pairs_job){names, n, (size_t)k, (size_t)threads, NULL, 0, 0, 0};
		if (threads > 1 && pthread_create(&tid[k], NULL, pairs_run, &job[k]) != 0)
			die("pthread_create failed");
	}
	if (threads == 1)
		pairs_run(&job[0]);
	for (size_t i = 0; i < n; i++)
		label[i] = i;
	for (int k = 0; k < threads; k++) {
		if (threads > 1)
			pthread_join(tid[k], NULL);
		for (size_t p = 0; p < job[k].npairs; p += 2)
			uf_unite(label, job[k].pairs[p], job[k].pairs[p + 1]);
		free(job[k].pairs);
	}
	uf_labels(label, n);
	return now_s() - t0;
}

/* --------------------------------------------------------------- the run */

enum kind { REMOVE, ADD };

struct proposal {
	size_t town;
	enum kind kind;
	long concept; /* ADD: which duty it words; REMOVE: -1 */
	char code[32];
	char *name;    /* ADD: the town's wording */
	json_t *payload;
	const char *reason;
	int64_t id;
};

struct concept {
	size_t category, object, action;
	char core[160];
	bool assist;   /* 配合履职 with a lead department */
};

static const struct actor office = {"bench-office", "office", "", ""};

static void usage(void)
{
	fputs("usage: bench_review --catalog DIR --db PATH [--snapshot PATH] [--per-town N]\n"
	      "       [--removals N] [--sample N] [--baseline-full] [--threads N] [--runs N]\n"
	      "       [--seed N]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *catalog_dir = NULL, *db = NULL, *snapshot = NULL;
	size_t per_town = 1000, removals = 200, sample = 3000, runs = 20;
	int threads = 2;
	bool baseline_full = false;
	rng_state = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--baseline-full") == 0) {
			baseline_full = true;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (strcmp(a, "--catalog") == 0)
			catalog_dir = v;
		else if (strcmp(a, "--db") == 0)
			db = v;
		else if (strcmp(a, "--snapshot") == 0)
			snapshot = v;
		else if (strcmp(a, "--per-town") == 0)
			per_town = strtoul(v, NULL, 10);
		else if (strcmp(a, "--removals") == 0)
			removals = strtoul(v, NULL, 10);
		else if (strcmp(a, "--sample") == 0)
			sample = strtoul(v, NULL, 10);
		else if (strcmp(a, "--threads") == 0)
			threads = atoi(v);
		else if (strcmp(a, "--runs") == 0)
			runs = strtoul(v, NULL, 10);
		else if (strcmp(a, "--seed") == 0)
			rng_state = strtoull(v, NULL, 10);
		else
			usage();
	}
	if (!catalog_dir || !db || removals > per_town || runs < 1 || runs > 1000)
		usage();
	struct error e = {0};
	struct diag d = {0};
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* 1. the database and its catalogue */
	double t0 = now_s();
	struct catalog in = {0};
	check(catalog_csv_read_dir(&in, catalog_dir, ENC_UTF8, &d, &e), &e, "read the catalogue");
	if (d.n)
		die("the catalogue has problems, the first: %s", d.lines[0]);
	struct store *s;
	check(store_open(db, STORE_CREATE, &s, &e), &e, "create the database");
	struct import_result res;
	if (catalog_import(s, &office, &in, catalog_dir, &res, &d, &e) != STATUS_OK)
		die("import: %s", d.n ? d.lines[0] : e.message);
	catalog_free(&in);
	struct catalog c = {0};
	check(store_catalog_load(s, &c, &e), &e, "load the catalogue");
	double t_import = now_s() - t0;
	size_t ntowns = c.ntowns;
	printf("catalogue: %zu towns, %zu tasks, %zu bases, %zu departments (import %.2f s)\n",
	       c.ntowns, c.ntasks, c.nbases, c.ndepartments, t_import);
	const char **in_force = calloc(c.nbases, sizeof *in_force);
	size_t nforce = 0;
	for (size_t i = 0; i < c.nbases; i++)
		if (strcmp(c.bases[i].status, BASIS_IN_FORCE) == 0)
			in_force[nforce++] = c.bases[i].code;
	if (!nforce || !c.ndepartments || !ntowns)
		die("the catalogue needs towns, departments and a basis in force");

	/* 2. the round */
	int64_t round;
	int number;
	t0 = now_s();
	check(review_open(s, &office, "2026年度县级职责清单审核（第一轮）", NULL, 0, 15, &round,
	                  &number, &e),
	      &e, "review_open");
	double t_open = now_s() - t0;
	printf("review_open: round %d (id %lld) for %zu towns in %.3f s\n", number, (long long)round,
	       ntowns, t_open);

	/* Town actors and their drafts (the list in force: version 1). */
	struct actor *towns = calloc(ntowns, sizeof *towns);
	char (*user)[48] = calloc(ntowns, sizeof *user);
	size_t start_items = 0;
	struct proposal *props = calloc(ntowns * per_town, sizeof *props);
	size_t nprops = 0;
	size_t new_per_town = per_town - removals;
	/* Concepts: "common" ones most towns propose, "regional" ones a few
	 * towns do, and each town's own. */
	size_t common_picks = new_per_town * 5 / 16, regional_picks = new_per_town * 9 / 16;
	size_t own_picks = new_per_town - common_picks - regional_picks;
	size_t ncommon = common_picks * 6 / 5, nregional = regional_picks * 16 / 3;
	size_t nconcepts = ncommon + nregional + own_picks * ntowns;
	size_t nobjects = 0;
	for (size_t k = 0; k < NCATEGORIES; k++)
		for (const char *const *o = words[k].objects; *o; o++)
			nobjects++;
	size_t ncombos = nobjects * NACTIONS;
	if (nconcepts > ncombos)
		die("%zu concepts wanted, %zu possible: fewer proposals per town", nconcepts, ncombos);
	size_t *combo = malloc(ncombos * sizeof *combo);
	for (size_t i = 0; i < ncombos; i++)
		combo[i] = i;
	shuffle(combo, ncombos);
	struct concept *concepts = calloc(nconcepts, sizeof *concepts);
	for (size_t i = 0; i < nconcepts; i++) {
		size_t obj = combo[i] / NACTIONS, act = combo[i] % NACTIONS, k = 0;
		while (1) {
			size_t m = 0;
			while (words[k].objects[m])
				m++;
			if (obj < m)
				break;
			obj -= m;
			k++;
		}
		concepts[i] = (struct concept){k, obj, act, "", uniform() < 0.25};
		snprintf(concepts[i].core, sizeof concepts[i].core, "%s%s", words[k].objects[obj],
		         actions[act]);
	}
	free(combo);

	size_t *order = malloc((nregional > c.ntasks ? nregional : c.ntasks) * sizeof *order);
	size_t code_seq = 0;
	for (size_t t = 0; t < ntowns; t++) {
		const struct town *tw = &c.towns[t];
		snprintf(user[t], sizeof user[t], "town-%s", tw->code);
		towns[t] = (struct actor){user[t], "township", tw->code, ""};
		/* its draft: what the list in force holds */
		struct town_list l;
		check(store_list_load(s, tw->code, 0, &l, &e), &e, "load a town's list");
		if (l.cat.ntasks < removals)
			die("town %s has %zu items, fewer than %zu removals", tw->code, l.cat.ntasks,
			    removals);
		start_items += l.cat.ntasks;
		/* removals: weighted sampling without replacement, the tasks of
		 * every town (全部) six times as likely (Efraimidis-Spirakis keys) */
		double *key = malloc(l.cat.ntasks * sizeof *key);
		size_t *idx = malloc(l.cat.ntasks * sizeof *idx);
		for (size_t i = 0; i < l.cat.ntasks; i++) {
			const struct task *k = &l.cat.tasks[i];
			bool all = k->napplies == 1 && k->applies[0].kind == SELECT_ALL;
			key[i] = -log(1.0 - uniform()) / (all ? 6.0 : 1.0);
			idx[i] = i;
		}
		for (size_t i = 0; i < removals; i++) { /* partial selection sort */
			size_t best = i;
			for (size_t j = i + 1; j < l.cat.ntasks; j++)
				if (key[idx[j]] < key[idx[best]])
					best = j;
			size_t tmp = idx[i];
			idx[i] = idx[best];
			idx[best] = tmp;
			struct proposal *p = &props[nprops++];
			*p = (struct proposal){t, REMOVE, -1, "", NULL, NULL,
			                       removal_reasons[below(4)], 0};
			snprintf(p->code, sizeof p->code, "%s", l.cat.tasks[idx[i]].code);
		}
		free(key);
		free(idx);
		town_list_free(&l);
		/* new tasks: which concepts this town words */
		size_t picks[4096], np = 0;
		if (new_per_town > sizeof picks / sizeof *picks)
			die("--per-town too large");
		for (size_t i = 0; i < ncommon; i++)
			order[i] = i;
		shuffle(order, ncommon);
		for (size_t i = 0; i < common_picks; i++)
			picks[np++] = order[i];
		for (size_t i = 0; i < nregional; i++)
			order[i] = ncommon + i;
		shuffle(order, nregional);
		for (size_t i = 0; i < regional_picks; i++)
			picks[np++] = order[i];
		for (size_t i = 0; i < own_picks; i++)
			picks[np++] = ncommon + nregional + t * own_picks + i;
		for (size_t i = 0; i < np; i++) {
			const struct concept *k = &concepts[picks[i]];
			const struct category_words *w = &words[k->category];
			/* the town's wording */
			struct buf name = {0};
			double r = uniform();
			if (r < 0.15) { /* the verb first: 排查整治农村自建房 */
				buf_printf(&name, "%s%s", actions[k->action], w->objects[k->object]);
			} else if (r < 0.35) { /* one character written for another */
				const char *at[160];
				size_t len[160];
				size_t m = utf8_chars(k->core, at, len, 160);
				size_t pos = 1 + below(m - 2);
				const char *with = swaps[below(sizeof swaps / sizeof *swaps)];
				if (strncmp(at[pos], with, len[pos]) == 0)
					with = "理";
				buf_printf(&name, "%s%.*s%s%s", fronts[below(sizeof fronts / sizeof *fronts)],
				           (int)(at[pos] - k->core), k->core, with, at[pos] + len[pos]);
			} else {
				buf_printf(&name, "%s%s%s", fronts[below(sizeof fronts / sizeof *fronts)],
				           k->core, backs[below(sizeof backs / sizeof *backs)]);
			}
			struct proposal *p = &props[nprops++];
			*p = (struct proposal){t, ADD, (long)picks[i], "", (char *)buf_str(&name), NULL,
			                       add_reasons[below(3)], 0};
			snprintf(p->code, sizeof p->code, "%s-X%05zu", w->prefix, ++code_seq);
			size_t nduties = 0;
			while (w->duties[nduties])
				nduties++;
			json_t *pl = json_pack(
				"{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "category", w->name, "duty",
				w->duties[below(nduties)], "name", p->name, "list_type",
				k->assist ? "配合履职" : "基本履职", "township_part",
				town_parts[below(4)], "applies_to", "全部", "bases", in_force[below(nforce)]);
			if (k->assist) {
				json_object_set_new(pl, "lead_department",
				                    json_string(c.departments[below(c.ndepartments)].code));
				json_object_set_new(pl, "department_part",
				                    json_string("负责业务指导和监督检查，依法查处违法行为"));
			}
			p->payload = pl;
		}
	}
	free(order);

	/* 3. the proposals, in one shuffled stream */
	size_t *stream = malloc(nprops * sizeof *stream);
	for (size_t i = 0; i < nprops; i++)
		stream[i] = i;
	shuffle(stream, nprops);
	double t_kind[2] = {0, 0};
	size_t n_kind[2] = {0, 0};
	printf("proposing: %zu proposals (%zu towns x %zu: %zu removals, %zu new tasks each)...\n",
	       nprops, ntowns, per_town, removals, new_per_town);
	double tp0 = now_s(), last = tp0;
	for (size_t i = 0; i < nprops; i++) {
		struct proposal *p = &props[stream[i]];
		double a = now_s();
		struct diag pd = {0};
		enum status st = review_propose(s, &towns[p->town], round, towns[p->town].town,
		                                p->kind == ADD ? "add" : "remove", p->code, p->payload,
		                                p->reason, 0, &p->id, &pd, &e);
		if (st != STATUS_OK)
			die("propose %s %s for %s: %s", p->kind == ADD ? "add" : "remove", p->code,
			    towns[p->town].town, pd.n ? pd.lines[0] : e.message);
		diag_free(&pd);
		double b = now_s();
		t_kind[p->kind] += b - a;
		n_kind[p->kind]++;
		if (b - last >= 15) {
			fprintf(stderr, "  %zu of %zu proposals, %.0f/s\n", i + 1, nprops,
			        (double)(i + 1) / (b - tp0));
			last = b;
		}
	}
	double t_propose = now_s() - tp0;
	free(stream);
	printf("review_propose: %zu in %.1f s: %.0f proposals/s (%.2f ms each; removal %.2f ms, "
	       "new task %.2f ms)\n",
	       nprops, t_propose, (double)nprops / t_propose, 1000 * t_propose / (double)nprops,
	       1000 * t_kind[REMOVE] / (double)(n_kind[REMOVE] ? n_kind[REMOVE] : 1),
	       1000 * t_kind[ADD] / (double)(n_kind[ADD] ? n_kind[ADD] : 1));

	/* 4. grouping */
	size_t groups_made;
	t0 = now_s();
	check(review_merge(s, &office, round, &groups_made, &e), &e, "review_merge");
	double t_merge = now_s() - t0;
	json_t *all;
	check(store_proposals(s, round, &all, &e), &e, "read the proposals");
	int64_t id0 = INT64_MAX, id1 = 0;
	for (size_t i = 0; i < nprops; i++) {
		if (props[i].id < id0)
			id0 = props[i].id;
		if (props[i].id > id1)
			id1 = props[i].id;
	}
	if (id1 - id0 + 1 != (int64_t)nprops || json_array_size(all) != nprops)
		die("expected %zu proposals with consecutive ids", nprops);
	int64_t *group_of = calloc(nprops, sizeof *group_of); /* by id - id0 */
	size_t j;
	json_t *row;
	json_array_foreach(all, j, row) {
		int64_t id = (int64_t)json_integer_value(json_object_get(row, "id"));
		group_of[id - id0] = (int64_t)json_integer_value(json_object_get(row, "group_id"));
	}
	json_decref(all);
	/* the new-task proposals in id order: what review_merge clusters */
	size_t nnew = n_kind[ADD];
	size_t *new_idx = malloc(nnew * sizeof *new_idx), k = 0;
	{
		size_t *by_id = malloc(nprops * sizeof *by_id);
		for (size_t i = 0; i < nprops; i++)
			by_id[props[i].id - id0] = i;
		for (size_t i = 0; i < nprops; i++)
			if (props[by_id[i]].kind == ADD)
				new_idx[k++] = by_id[i];
		free(by_id);
	}
	const char **names = malloc(nnew * sizeof *names);
	size_t *merge_label = malloc(nnew * sizeof *merge_label);
	{
		/* review_merge's groups as labels: the first member's index */
		int64_t max_group = 0;
		for (size_t i = 0; i < nprops; i++)
			if (group_of[i] > max_group)
				max_group = group_of[i];
		size_t *first = malloc((size_t)(max_group + 1) * sizeof *first);
		for (int64_t g = 0; g <= max_group; g++)
			first[g] = SIZE_MAX;
		for (size_t i = 0; i < nnew; i++) {
			names[i] = props[new_idx[i]].name;
			int64_t g = group_of[props[new_idx[i]].id - id0];
			if (!g) {
				merge_label[i] = i;
			} else {
				if (first[g] == SIZE_MAX)
					first[g] = i;
				merge_label[i] = first[g];
			}
		}
		free(first);
	}
	size_t new_grouped, new_groups = count_groups(merge_label, nnew, &new_grouped);
	/* removal groups: by code; expected: codes proposed by 2+ towns */
	size_t removal_groups = groups_made - new_groups;
	size_t removal_expected = 0, removal_grouped_props = 0;
	{
		char (*sorted)[32] = malloc((n_kind[REMOVE] + 1) * sizeof *sorted);
		size_t m = 0;
		for (size_t i = 0; i < nprops; i++)
			if (props[i].kind == REMOVE) {
				memcpy(sorted[m++], props[i].code, 32);
				removal_grouped_props += group_of[props[i].id - id0] != 0;
			}
		qsort(sorted, m, sizeof *sorted, cmp_code);
		for (size_t i = 0; i < m;) {
			size_t e2 = i;
			while (e2 < m && strcmp(sorted[e2], sorted[i]) == 0)
				e2++;
			removal_expected += e2 - i >= 2;
			i = e2;
		}
		free(sorted);
	}
	/* the concepts the names came from: shared ones should be one group */
	size_t concept_shared = 0, concept_whole = 0, mixed_groups = 0;
	{
		size_t *count = calloc(nconcepts, sizeof *count);
		size_t *lab = malloc(nconcepts * sizeof *lab);
		bool *split = calloc(nconcepts, sizeof *split);
		for (size_t i = 0; i < nconcepts; i++)
			lab[i] = SIZE_MAX;
		for (size_t i = 0; i < nnew; i++) {
			size_t cc = (size_t)props[new_idx[i]].concept;
			count[cc]++;
			if (lab[cc] == SIZE_MAX)
				lab[cc] = merge_label[i];
			else if (lab[cc] != merge_label[i])
				split[cc] = true;
		}
		/* a group holding names of two concepts */
		size_t *concept_of_label = malloc(nnew * sizeof *concept_of_label);
		bool *mixed = calloc(nnew, sizeof *mixed);
		for (size_t i = 0; i < nnew; i++)
			concept_of_label[i] = SIZE_MAX;
		for (size_t i = 0; i < nnew; i++) {
			size_t l = merge_label[i], cc = (size_t)props[new_idx[i]].concept;
			if (concept_of_label[l] == SIZE_MAX)
				concept_of_label[l] = cc;
			else if (concept_of_label[l] != cc && !mixed[l]) {
				mixed[l] = true;
				mixed_groups++;
			}
		}
		for (size_t i = 0; i < nconcepts; i++)
			if (count[i] >= 2) {
				concept_shared++;
				bool clean = !split[i] && lab[i] != SIZE_MAX && !mixed[lab[i]];
				concept_whole += clean;
			}
		free(count);
		free(lab);
		free(split);
		free(concept_of_label);
		free(mixed);
	}
	printf("review_merge: %.2f s for %zu proposals: %zu groups (%zu of removals: %zu proposals; "
	       "%zu of new tasks: %zu of the %zu new-task proposals)\n",
	       t_merge, nprops, groups_made, removal_groups, removal_grouped_props, new_groups,
	       new_grouped, nnew);
	printf("  expected: %zu removal groups (codes proposed by 2+ towns); %zu concepts worded by "
	       "2+ towns, of which %zu came out as exactly one group of their own; %zu groups mix "
	       "two or more concepts\n",
	       removal_expected, concept_shared, concept_whole, mixed_groups);

	/* 5. the baseline: every pair of names */
	size_t m = sample < nnew ? sample : nnew;
	const char **sample_names = malloc((m ? m : 1) * sizeof *sample_names);
	size_t *pick = malloc(nnew * sizeof *pick);
	for (size_t i = 0; i < nnew; i++)
		pick[i] = i;
	shuffle(pick, nnew);
	qsort(pick, m, sizeof *pick, cmp_size);
	for (size_t i = 0; i < m; i++)
		sample_names[i] = names[pick[i]];
	size_t *plain_label = malloc((m ? m : 1) * sizeof *plain_label);
	size_t *cluster_label = malloc((nnew ? nnew : 1) * sizeof *cluster_label);
	double t_plain = plain_groups(sample_names, m, 1, plain_label);
	t0 = now_s();
	review_cluster(sample_names, m, SIMILAR_ENOUGH, cluster_label);
	double t_cluster_sample = now_s() - t0;
	size_t sample_plain_in, sample_plain_groups = count_groups(plain_label, m, &sample_plain_in);
	size_t sample_cluster_in,
		sample_cluster_groups = count_groups(cluster_label, m, &sample_cluster_in);
	size_t sample_diff = disagreements(plain_label, cluster_label, m);
	double pairs_m = (double)m * (double)(m - 1) / 2, pairs_n = (double)nnew * (double)(nnew - 1) / 2;
	double t_plain_full_est = pairs_m > 0 ? t_plain * pairs_n / pairs_m : 0;
	t0 = now_s();
	review_cluster(names, nnew, SIMILAR_ENOUGH, cluster_label);
	double t_cluster_full = now_s() - t0;
	size_t full_cluster_diff = disagreements(cluster_label, merge_label, nnew);
	printf("baseline (every pair, text_similarity, union-find), on a random sample of %zu of the "
	       "%zu new-task names: %.2f s for %.0f pairs (%.2f us a pair); review_cluster on the "
	       "same names: %.3f s\n",
	       m, nnew, t_plain, pairs_m, pairs_m > 0 ? 1e6 * t_plain / pairs_m : 0, t_cluster_sample);
	printf("  sample: baseline %zu groups (%zu names), review_cluster %zu groups (%zu names); "
	       "names grouped differently: %zu\n",
	       sample_plain_groups, sample_plain_in, sample_cluster_groups, sample_cluster_in,
	       sample_diff);
	printf("  baseline at full size, extrapolated by pairs (x%.0f): %.0f s (single thread)\n",
	       pairs_m > 0 ? pairs_n / pairs_m : 0, t_plain_full_est);
	printf("  review_cluster alone on all %zu names: %.3f s; its groups vs review_merge's: %zu "
	       "names differ\n",
	       nnew, t_cluster_full, full_cluster_diff);
	double t_plain_full = -1;
	size_t full_diff = 0, full_plain_groups = 0, full_plain_in = 0;
	if (baseline_full) {
		size_t *full_label = malloc(nnew * sizeof *full_label);
		printf("  baseline at full size, %d threads (this takes a while)...\n", threads);
		t_plain_full = plain_groups(names, nnew, threads, full_label);
		full_plain_groups = count_groups(full_label, nnew, &full_plain_in);
		full_diff = disagreements(full_label, merge_label, nnew);
		printf("  baseline at full size: %.1f s on %d threads for %.0f pairs: %zu groups (%zu "
		       "names); names grouped differently from review_merge: %zu\n",
		       t_plain_full, threads, pairs_n, full_plain_groups, full_plain_in, full_diff);
		free(full_label);
	}

	/* 6. a copy for the dashboard pages: merged, nothing decided */
	if (snapshot) {
		store_close(s);
		char from[4096], to[4096];
		copy_file(db, snapshot);
		snprintf(from, sizeof from, "%s-wal", db);
		snprintf(to, sizeof to, "%s-wal", snapshot);
		copy_file(from, to);
		check(store_open(db, STORE_EXISTING, &s, &e), &e, "reopen the database");
	}

	/* 7. decisions: every group agreed, then each single proposal */
	json_t *groups_json;
	check(store_proposals(s, round, &groups_json, &e), &e, "read the proposals");
	int64_t *gids = malloc(groups_made * sizeof *gids);
	size_t ngids = 0;
	int64_t *singles = malloc(nprops * sizeof *singles);
	bool *single_is_add = malloc(nprops * sizeof *single_is_add);
	size_t nsingles = 0;
	json_array_foreach(groups_json, j, row) {
		int64_t g = (int64_t)json_integer_value(json_object_get(row, "group_id"));
		if (g) {
			if (!ngids || gids[ngids - 1] != g) {
				if (ngids == groups_made)
					die("more groups than review_merge made");
				gids[ngids++] = g;
			}
		} else {
			singles[nsingles] = (int64_t)json_integer_value(json_object_get(row, "id"));
			single_is_add[nsingles++] = json_integer_value(json_object_get(row, "new_task")) != 0;
		}
	}
	json_decref(groups_json);
	size_t decided_total = 0, decided;
	t0 = now_s();
	for (size_t i = 0; i < ngids; i++) {
		check(review_decide(s, &office, 0, gids[i], true, "同意：多镇提出，合并认定", &decided,
		                    &e),
		      &e, "decide a group");
		decided_total += decided;
	}
	double t_decide_groups = now_s() - t0;
	size_t decided_groups = decided_total;
	t0 = now_s();
	for (size_t i = 0; i < nsingles; i++) {
		bool agree = !single_is_add[i];
		check(review_decide(s, &office, singles[i], 0, agree,
		                    agree ? "同意" : "仅一镇提出，暂不列入全县目录", &decided, &e),
		      &e, "decide a proposal");
		decided_total += decided;
	}
	double t_decide_singles = now_s() - t0;
	printf("review_decide: %zu groups (%zu proposals, agreed) in %.1f s (%.1f ms a group); "
	       "%zu single proposals in %.1f s (%.1f ms each)\n",
	       ngids, decided_groups, t_decide_groups,
	       1000 * t_decide_groups / (double)(ngids ? ngids : 1), nsingles, t_decide_singles,
	       1000 * t_decide_singles / (double)(nsingles ? nsingles : 1));

	/* 8. both sides confirm every draft */
	json_t *state;
	t0 = now_s();
	for (size_t t = 0; t < ntowns; t++) {
		check(review_town_act(s, &towns[t], round, towns[t].town, "town_confirm", "", &state, &e),
		      &e, "town_confirm");
		json_decref(state);
		check(review_town_act(s, &office, round, towns[t].town, "office_confirm", "", &state,
		                      &e),
		      &e, "office_confirm");
		json_decref(state);
	}
	double t_confirm = now_s() - t0;

	/* 9. publishing the 30 lists */
	double *t_pub = malloc(ntowns * sizeof *t_pub);
	t0 = now_s();
	for (size_t t = 0; t < ntowns; t++) {
		double a = now_s();
		check(review_town_act(s, &office, round, towns[t].town, "publish", "", &state, &e), &e,
		      "publish");
		json_decref(state);
		t_pub[t] = now_s() - a;
	}
	double t_publish = now_s() - t0;
	double pub_max = 0;
	for (size_t t = 0; t < ntowns; t++)
		if (t_pub[t] > pub_max)
			pub_max = t_pub[t];
	size_t end_items = 0;
	for (size_t t = 0; t < ntowns; t++) {
		struct town_list l;
		check(store_list_load(s, towns[t].town, 0, &l, &e), &e, "load a published list");
		if (l.version != 2 || l.status != LIST_PUBLISHED)
			die("town %s: version %d in force after publishing", towns[t].town, l.version);
		end_items += l.cat.ntasks;
		town_list_free(&l);
	}
	printf("confirm: %zu town_confirm + %zu office_confirm in %.2f s\n", ntowns, ntowns,
	       t_confirm);
	printf("publish: %zu lists in %.3f s (slowest %.1f ms, median %.1f ms); items %zu before, "
	       "%zu in force after\n",
	       ntowns, t_publish, 1000 * pub_max, 1000 * median(t_pub, ntowns), start_items,
	       end_items);

	/* 10. what the dashboard computes */
	double *t_stats = malloc(runs * sizeof *t_stats), *t_stats_all = malloc(runs * sizeof *t_stats_all);
	json_t *stats = NULL;
	for (size_t r = 0; r < runs; r++) {
		json_decref(stats);
		double a = now_s();
		check(review_stats(s, round, &stats, &e), &e, "review_stats");
		t_stats[r] = now_s() - a;
	}
	json_t *stats_all = NULL;
	for (size_t r = 0; r < runs; r++) {
		json_decref(stats_all);
		double a = now_s();
		check(review_stats(s, 0, &stats_all, &e), &e, "review_stats");
		t_stats_all[r] = now_s() - a;
	}
	double stats_ms = 1000 * median(t_stats, runs), stats_all_ms = 1000 * median(t_stats_all, runs);
	printf("review_stats: round %.1f ms, all rounds %.1f ms (median of %zu): proposals %lld, "
	       "merged %lld, agreed %lld (added %lld, removed %lld), rejected %lld, confirmed %lld\n",
	       stats_ms, stats_all_ms, runs,
	       (long long)json_integer_value(json_object_get(stats, "proposals")),
	       (long long)json_integer_value(json_object_get(stats, "merged")),
	       (long long)json_integer_value(json_object_get(stats, "agreed")),
	       (long long)json_integer_value(json_object_get(stats, "added")),
	       (long long)json_integer_value(json_object_get(stats, "removed")),
	       (long long)json_integer_value(json_object_get(stats, "rejected")),
	       (long long)json_integer_value(json_object_get(stats, "confirmed")));
	json_decref(stats);
	json_decref(stats_all);
	store_close(s);

	/* the table */
	printf("\n%-44s %12s  %-22s %s\n", "step", "measured", "goal", "result");
	char what[64];
	snprintf(what, sizeof what, "review_propose (%zu towns x %zu)", ntowns, per_town);
	printf("%-44s %10.0f/s  %-22s %s\n", what, (double)nprops / t_propose, "-", "");
	printf("%-44s %10.2f s  %-22s %s\n", "review_merge (grouping)", t_merge, "seconds (< 10 s)",
	       t_merge < 10 ? "met" : "MISSED");
	printf("%-44s %10.0f s  %-22s %s\n",
	       baseline_full ? "baseline: every pair (measured, threads)"
	                     : "baseline: every pair (extrapolated, 1 thread)",
	       baseline_full ? t_plain_full : t_plain_full_est, "", "");
	printf("%-44s %10.2f s  %-22s %s\n", "publish 30 town lists", t_publish, "< 1 s",
	       t_publish < 1 ? "met" : "MISSED");
	printf("%-44s %9.1f ms  %-22s %s\n", "review_stats (the dashboard's figures)", stats_ms,
	       "part of < 100 ms", stats_ms < 100 ? "met" : "MISSED");
	printf("\ntowns=%zu\nper_town=%zu\n", ntowns, per_town);
	printf("round_id=%lld\nmerge_s=%.3f\npublish_s=%.3f\nstats_ms=%.1f\nproposals_per_s=%.0f\n"
	       "baseline_s=%.0f\nbaseline_how=%s\n",
	       (long long)round, t_merge, t_publish, stats_ms, (double)nprops / t_propose,
	       baseline_full ? t_plain_full : t_plain_full_est,
	       baseline_full ? "measured" : "extrapolated");

	for (size_t i = 0; i < nprops; i++) {
		free(props[i].name);
		json_decref(props[i].payload);
	}
	free(props);
	free(concepts);
	free(towns);
	free(user);
	free(in_force);
	free(group_of);
	free(new_idx);
	free(names);
	free(merge_label);
	free(sample_names);
	free(pick);
	free(plain_label);
	free(cluster_label);
	free(gids);
	free(singles);
	free(single_is_add);
	free(t_pub);
	free(t_stats);
	free(t_stats_all);
	catalog_free(&c);
	diag_free(&d);
	return 0;
}
