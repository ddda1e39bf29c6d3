/* fuzz_screen.c - libFuzzer target: screen_text (src/screen) on any bytes,
 * against a small catalogue with every kind of task (basic, assist with a
 * department part, reclaimed, keywords, an action class, a tagged town).
 * The first byte picks --town (none, or one of the towns); the rest is
 * the notice.  Besides crashes and sanitizer reports it checks what the
 * engine promises: every span lies inside the text, the counts add up
 * (one finding per assignment), scores lie in 0..1.
 * `make fuzz`; see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/screen.h"

static const char *kw_fire[] = {"森林防火", "火源管控"};
static const char *kw_straw[] = {"秸秆"};
static struct task tasks[] = {
	{.code = "ST-02", .duty = "大气污染防治", .name = "开展秸秆露天禁烧巡查",
	 .list_type = LIST_BASIC, .township_part = "落实秸秆禁烧网格化监管，组织巡查、制止露天焚烧秸秆",
	 .department_part = "", .keywords = kw_straw, .nkeywords = 1},
	{.code = "ZL-07", .duty = "消防安全", .name = "开展消防安全宣传和隐患排查",
	 .list_type = LIST_BASIC, .township_part = "开展消防安全宣传，组织消防隐患排查",
	 .department_part = ""},
	{.code = "ZL-08", .duty = "森林防火", .name = "落实森林防火责任和火源管控",
	 .list_type = LIST_BASIC, .township_part = "落实森林防火责任制，组织巡山护林、火源管控和扑救先期处置",
	 .department_part = "", .keywords = kw_fire, .nkeywords = 2},
	{.code = "ST-10", .duty = "环境监管", .name = "环境违法行为行政处罚",
	 .list_type = LIST_RECLAIMED, .township_part = "", .department_part = "负责环境违法行为调查和行政处罚"},
	{.code = "GF-18", .duty = "农村基础设施", .name = "农村饮水工程管护和水质巡查",
	 .list_type = LIST_ASSIST, .township_part = "落实村级饮水工程管护责任，开展日常巡查",
	 .department_part = "负责饮水工程建设和水质检测"},
	{.code = "JJ-14", .duty = "农业生产", .name = "农机购置补贴申请受理",
	 .list_type = LIST_ASSIST, .township_part = "受理农机购置补贴申请，初审并公示",
	 .department_part = "负责补贴政策制定、资金审核和发放"},
	{.code = "ZL-20", .duty = "安全生产", .name = "危险化学品经营许可",
	 .list_type = LIST_RECLAIMED, .township_part = "", .department_part = "负责危险化学品经营许可审批"},
};
#define NTASKS (sizeof tasks / sizeof *tasks)

static const char *forest[] = {"林区"};
static const struct task *all[NTASKS], *some[NTASKS];
static struct screen_town towns[3];
static struct screen_catalog cat;
static struct screen_engine *en;

static void setup(void)
{
	size_t n = 0;
	for (size_t i = 0; i < NTASKS; i++) {
		all[i] = &tasks[i];
		if (strcmp(tasks[i].code, "ZL-08") != 0)
			some[n++] = &tasks[i];
	}
	towns[0] = (struct screen_town){.code = "231086101", .name = "绥阳镇", .tags = forest,
	                                .ntags = 1, .tasks = all, .ntasks = NTASKS};
	towns[1] = (struct screen_town){.code = "231086103", .name = "大肚川镇", .tasks = some,
	                                .ntasks = n};
	towns[2] = (struct screen_town){.code = "231086104", .name = "三岔口镇", .tasks = all,
	                                .ntasks = 3};
	cat = (struct screen_catalog){.tasks = all, .ntasks = NTASKS, .towns = towns, .ntowns = 3};
	en = screen_engine_new(&cat);
	if (!en)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!en)
		setup();
	if (size == 0)
		return 0;
	const char *town = data[0] % 4 == 0 ? NULL : towns[data[0] % 4 - 1].code;
	/* a copy of exactly the rest: ASan sees any read past its end */
	size_t len = size - 1;
	char *text = malloc(len ? len : 1);
	if (!text)
		return 0;
	memcpy(text, data + 1, len);
	struct screen_result r;
	if (screen_text(en, town, text, len, &r)) {
		size_t sum = 0;
		for (int k = 0; k < 4; k++)
			sum += r.counts[k];
		/* one finding per assignment (a second piece of work in a sentence
		 * is an assignment of its own, so there may be more than sentences) */
		if (sum != r.nfindings || r.assignments != r.nfindings) {
			fprintf(stderr, "counts %zu, findings %zu, assignments %zu\n", sum, r.nfindings,
			        r.assignments);
			abort();
		}
		for (size_t i = 0; i < r.nfindings; i++) {
			const struct screen_finding *f = &r.findings[i];
			if (f->sentence.offset + f->sentence.length > len ||
			    f->evidence.offset + f->evidence.length > len || f->ntowns > 3 ||
			    f->score < 0 || f->score > 1)
				abort();
		}
		screen_result_free(&r);
	}
	free(text);
	return 0;
}
