/* test_consult.c - the consultation of review rounds through its use
 * cases: meetings and the proposals that came from them; questionnaires
 * made, answered and closed, with every refusal by role and scope; the
 * per-respondent limit at the limit and one past it, for towns and for
 * anonymous clients (across addresses with the cookie's key, and with a
 * forged one); the tallies and the free-text answers. */
#include "testutil.h"

#include <sodium.h>
#include <sqlite3.h>

#include "app/app.h"
#include "app/consult.h"
#include "store/consult.h"
#include "store/store.h"
#include "util/date.h"

#define TOWN1 "100000001" /* in the round */
#define TOWN2 "100000002" /* not in it */

static const struct actor office = {"office1", "office", "", ""};
static const struct actor cli = {"cli:root", "cli", "", ""};
static const struct actor town1 = {"t1", "township", TOWN1, ""};
static const struct actor town2 = {"t2", "township", TOWN2, ""};
static const struct actor department = {"dept1", "department", "", "D01"};
static const struct actor supervisor = {"sup1", "supervisor", "", ""};
static const struct actor anonymous = {CONSULT_ANONYMOUS, "public", "", ""};

struct fixture {
	char *path;
	struct store *s;
	int64_t round; /* open, for TOWN1 only */
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->path = temp_db();
	struct error e;
	assert_int_equal(store_open(f->path, STORE_CREATE, &f->s, &e), STATUS_OK);
	struct catalog c = {0};
	struct diag d = {0};
	read_csv(&c, "towns.csv", TOWNS_CSV, &d);
	read_csv(&c, "departments.csv", DEPARTMENTS_CSV, &d);
	read_csv(&c, "bases.csv", BASES_CSV, &d);
	read_csv(&c, "tasks.csv", TASKS_CSV, &d);
	assert_int_equal(d.n, 0);
	struct import_result res;
	assert_int_equal(catalog_import(f->s, &office, &c, "test", &res, &d, &e), STATUS_OK);
	catalog_free(&c);
	const char *towns[] = {TOWN1};
	int number;
	if (review_open(f->s, &office, "第一轮", towns, 1, 10, &f->round, &number, &e) != STATUS_OK)
		fail_msg("open: %s", e.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	temp_db_free(f->path);
	free(f);
	return 0;
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

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);
	if (!v)
		fail_msg("bad JSON in the test: %s: %s", text, jerr.text);
	return v;
}

/* A questionnaire from the text form of its questions. */
static int64_t make(struct fixture *f, const char *audience, int per_client, const char *text)
{
	struct error e;
	json_t *q;
	if (consult_parse_questions(text, &q, &e) != STATUS_OK)
		fail_msg("parse: %s", e.message);
	int64_t id;
	enum status st = consult_questionnaire_create(f->s, &office, f->round, "问卷", audience,
	                                              per_client, q, &id, &e);
	json_decref(q);
	if (st != STATUS_OK)
		fail_msg("create: %s", e.message);
	return id;
}

#define THREE_QUESTIONS                                                       \
	"单选：清单是否清楚？ | 清楚 | 基本清楚 | 不清楚\n"                    \
	"multiple: 哪些需要调整？ | 事项名称 | 履职方式 | 法律依据\n"          \
	"text: 其他意见\n"

/* The id of question pos (from 1). */
static int64_t question_id(struct fixture *f, int64_t questionnaire, int pos)
{
	json_t *q;
	struct error e;
	assert_int_equal(consult_questionnaire_get(f->s, questionnaire, &q, &e), STATUS_OK);
	int64_t id = json_integer_value(
		json_object_get(json_array_get(json_object_get(q, "questions"), (size_t)pos - 1), "id"));
	json_decref(q);
	return id;
}

/* {"ID1": a1, "ID2": a2, "ID3": a3} for the three questions; NULL leaves
 * one out. */
static json_t *answers3(struct fixture *f, int64_t qn, const char *a1, const char *a2,
                        const char *a3)
{
	json_t *o = json_object();
	const char *a[3] = {a1, a2, a3};
	for (int i = 0; i < 3; i++) {
		if (!a[i])
			continue;
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)question_id(f, qn, i + 1));
		json_object_set_new(o, key, parse(a[i]));
	}
	return o;
}

/* Answers as an anonymous client; returns the status, fills key. */
static enum status answer_as(struct fixture *f, int64_t qn, const char *client,
                             const char *cookie, json_t *answers, char key[65],
                             struct error *e)
{
	struct respondent r = {.client = client, .cookie = cookie};
	int64_t id;
	enum status st = consult_answer(f->s, &anonymous, qn, NULL, &r, answers, &id, e);
	json_decref(answers);
	if (key)
		snprintf(key, 65, "%s", r.key);
	if (st == STATUS_OK)
		assert_true(id > 0);
	return st;
}

static enum status answer_town(struct fixture *f, const struct actor *who, int64_t qn,
                               const char *town, json_t *answers, struct error *e)
{
	int64_t id;
	enum status st = consult_answer(f->s, who, qn, town, NULL, answers, &id, e);
	json_decref(answers);
	return st;
}

static void test_meetings(void **state)
{
	struct fixture *f = *state;
	struct error e;
	int64_t id;
	char today[11], tomorrow[11];
	date_format(date_today(), today);
	date_format(date_today() + 1, tomorrow);
	/* only the office records meetings */
	assert_int_equal(consult_meeting_add(f->s, &town1, f->round, today, "座谈会", "张三",
	                                     "发言", &id, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(consult_meeting_add(f->s, &department, f->round, today, "座谈会", "张三",
	                                     "发言", &id, &e),
	                 STATUS_FORBIDDEN);
	/* a record of a meeting held: today yes, tomorrow no; dates are dates */
	assert_int_equal(consult_meeting_add(f->s, &office, f->round, tomorrow, "座谈会", "张三",
	                                     "发言", &id, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "date");
	assert_int_equal(consult_meeting_add(f->s, &office, f->round, "2026-02-30", "座谈会",
	                                     "张三", "发言", &id, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "date");
	/* title, attendees and what was said are required */
	assert_int_equal(consult_meeting_add(f->s, &office, f->round, today, "", "张三", "发言",
	                                     &id, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "title");
	assert_int_equal(consult_meeting_add(f->s, &office, f->round, today, "座谈会", "", "发言",
	                                     &id, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "attendees");
	assert_int_equal(consult_meeting_add(f->s, &office, f->round, today, "座谈会", "张三", "",
	                                     &id, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "notes");
	/* a title at its limit, and one byte past it */
	char title[CONSULT_TITLE_MAX + 2];
	memset(title, 'x', sizeof title - 1);
	title[sizeof title - 1] = '\0';
	assert_int_equal(consult_meeting_add(f->s, &office, f->round, today, title, "张三", "发言",
	                                     &id, &e),
	                 STATUS_INVALID);
	title[CONSULT_TITLE_MAX] = '\0';
	assert_int_equal(consult_meeting_add(f->s, &office, f->round, today, title, "张三", "发言",
	                                     &id, &e),
	                 STATUS_OK);
	/* no such round */
	assert_int_equal(consult_meeting_add(f->s, &office, 999, today, "座谈会", "张三", "发言",
	                                     &id, &e),
	                 STATUS_NOT_FOUND);
	int64_t m;
	assert_int_equal(consult_meeting_add(f->s, &cli, f->round, "2026-01-05", "甲镇座谈会",
	                                     "张三、李四", "李四说：清单太长。", &m, &e),
	                 STATUS_OK);
	/* a proposal that came from it, by the town */
	struct diag d = {0};
	int64_t p;
	if (review_propose(f->s, &town1, f->round, TOWN1, "remove", "ST-01", NULL, "座谈会上提出",
	                   m, &p, &d, &e) != STATUS_OK)
		fail_msg("propose: %s", e.message);
	diag_free(&d);
	json_t *shown;
	assert_int_equal(consult_meeting_show(f->s, &office, m, &shown, &e), STATUS_OK);
	assert_string_equal(json_string_value(json_object_get(shown, "attendees")), "张三、李四");
	json_t *props = json_object_get(shown, "proposals");
	assert_true(json_is_array(props));
	assert_int_equal(json_array_size(props), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(props, 0), "id")), p);
	json_decref(shown);
	/* another town sees none of this town's proposals */
	assert_int_equal(consult_meeting_show(f->s, &town2, m, &shown, &e), STATUS_OK);
	assert_int_equal(json_array_size(json_object_get(shown, "proposals")), 0);
	json_decref(shown);
	assert_int_equal(consult_meeting_show(f->s, &office, 999, &shown, &e), STATUS_NOT_FOUND);
	assert_string_equal(e.field, "meeting");
	/* the list: newest first, with its proposals counted */
	json_t *list;
	assert_int_equal(store_meetings(f->s, f->round, &list, &e), STATUS_OK);
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "date")),
	                    "2026-01-05");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 1), "proposals")),
	                 1);
	json_decref(list);
	/* a closed round takes no more records */
	assert_int_equal(review_close(f->s, &office, f->round, &e), STATUS_OK);
	assert_int_equal(consult_meeting_add(f->s, &office, f->round, today, "座谈会", "张三",
	                                     "发言", &id, &e),
	                 STATUS_CONFLICT);
	assert_true(count_sql(f->path, "SELECT count(*) FROM audit WHERE action = "
	                               "'consult.meeting'") == 2);
}

static void test_parse_questions(void **state)
{
	(void)state;
	struct error e;
	json_t *q;
	assert_int_equal(consult_parse_questions("# 说明\n\n单选：甲？｜是｜否\r\n"
	                                         "  多选 : 乙？ | a | b |c  \n填空：丙\n问答：丁",
	                                         &q, &e),
	                 STATUS_OK);
	assert_int_equal(json_array_size(q), 4);
	json_t *expect = parse("[{\"kind\":\"single\",\"text\":\"甲？\",\"options\":[\"是\",\"否\"]},"
	                       "{\"kind\":\"multiple\",\"text\":\"乙？\",\"options\":[\"a\",\"b\",\"c\"]},"
	                       "{\"kind\":\"text\",\"text\":\"丙\",\"options\":[]},"
	                       "{\"kind\":\"text\",\"text\":\"丁\",\"options\":[]}]");
	assert_true(json_equal(q, expect));
	json_decref(expect);
	json_decref(q);
	/* a line without a kind names its line */
	assert_int_equal(consult_parse_questions("single: a | b | c\n你好吗？", &q, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "questions");
	assert_non_null(strstr(e.message, "line 2"));
	assert_int_equal(consult_parse_questions("ranking: a | b", &q, &e), STATUS_INVALID);
	/* the JSON form */
	assert_int_equal(consult_parse_questions(" [{\"kind\":\"text\",\"text\":\"x\"}]", &q, &e),
	                 STATUS_OK);
	assert_int_equal(json_array_size(q), 1);
	json_decref(q);
	assert_int_equal(consult_parse_questions("[1,", &q, &e), STATUS_INVALID);
	assert_int_equal(consult_parse_questions("", &q, &e), STATUS_OK);
	assert_int_equal(json_array_size(q), 0);
	json_decref(q);
}

/* Creating: who may, and what a questionnaire must be. */
static void test_create_refusals(void **state)
{
	struct fixture *f = *state;
	struct error e;
	int64_t id;
	json_t *q = parse("[{\"kind\":\"single\",\"text\":\"甲？\",\"options\":[\"是\",\"否\"]}]");
	const struct actor *not_office[] = {&town1, &department, &supervisor, &anonymous};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(consult_questionnaire_create(f->s, not_office[i], f->round, "问卷",
		                                              "public", 1, q, &id, &e),
		                 STATUS_FORBIDDEN);
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "everyone", 1,
	                                              q, &id, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "audience");
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "", "public", 1, q,
	                                              &id, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "title");
	/* per_client: 1 to 100, at each limit and one past */
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "public", 0,
	                                              q, &id, &e),
	                 STATUS_INVALID);
	assert_string_equal(e.field, "per_client");
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "public",
	                                              CONSULT_PER_CLIENT_MAX + 1, q, &id, &e),
	                 STATUS_INVALID);
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "public",
	                                              CONSULT_PER_CLIENT_MAX, q, &id, &e),
	                 STATUS_OK);
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "towns", 1, q,
	                                              &id, &e),
	                 STATUS_OK);
	json_decref(q);
	static const char *const bad[] = {
		"[]",                                                              /* no questions */
		"[{\"kind\":\"single\",\"text\":\"甲？\",\"options\":[\"是\"]}]",      /* one option */
		"[{\"kind\":\"single\",\"text\":\"甲？\",\"options\":[\"是\",\"是\"]}]", /* twice */
		"[{\"kind\":\"multiple\",\"text\":\"甲？\",\"options\":[\"是\",\"\"]}]", /* empty */
		"[{\"kind\":\"text\",\"text\":\"甲？\",\"options\":[\"是\",\"否\"]}]", /* text + options */
		"[{\"kind\":\"single\",\"text\":\"\",\"options\":[\"是\",\"否\"]}]",   /* no text */
		"[{\"kind\":\"rank\",\"text\":\"甲？\"}]",                            /* no such kind */
		"[\"甲？\"]",                                                        /* not an object */
		"[{\"kind\":\"single\",\"text\":\"甲？\",\"options\":\"是,否\"}]",     /* not an array */
		NULL};
	for (int i = 0; bad[i]; i++) {
		q = parse(bad[i]);
		if (consult_questionnaire_create(f->s, &office, f->round, "问卷", "public", 1, q, &id,
		                                 &e) != STATUS_INVALID)
			fail_msg("accepted %s", bad[i]);
		assert_string_equal(e.field, "questions");
		json_decref(q);
	}
	/* options: 20 at most, 21 refused */
	struct buf b = {0};
	buf_puts(&b, "single: 甲？");
	for (int i = 0; i < CONSULT_OPTIONS_MAX; i++)
		buf_printf(&b, " | 选项%d", i);
	assert_int_equal(consult_parse_questions(buf_str(&b), &q, &e), STATUS_OK);
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "public", 1, q,
	                                              &id, &e),
	                 STATUS_OK);
	json_decref(q);
	buf_puts(&b, " | 再一个");
	assert_int_equal(consult_parse_questions(buf_str(&b), &q, &e), STATUS_OK);
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "public", 1, q,
	                                              &id, &e),
	                 STATUS_INVALID);
	json_decref(q);
	buf_free(&b);
	/* questions: 50 at most, 51 refused */
	json_t *many = json_array();
	for (int i = 0; i < CONSULT_QUESTIONS_MAX + 1; i++)
		json_array_append_new(many, json_pack("{s:s, s:s}", "kind", "text", "text", "问"));
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "public", 1,
	                                              many, &id, &e),
	                 STATUS_INVALID);
	json_array_remove(many, 0);
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "public", 1,
	                                              many, &id, &e),
	                 STATUS_OK);
	/* none in a round that does not exist or is closed */
	assert_int_equal(consult_questionnaire_create(f->s, &office, 999, "问卷", "public", 1, many,
	                                              &id, &e),
	                 STATUS_NOT_FOUND);
	assert_int_equal(review_close(f->s, &office, f->round, &e), STATUS_OK);
	assert_int_equal(consult_questionnaire_create(f->s, &office, f->round, "问卷", "public", 1,
	                                              many, &id, &e),
	                 STATUS_CONFLICT);
	assert_int_equal(id, 0);
	json_decref(many);
	/* four made; the refused ones wrote nothing */
	assert_true(count_sql(f->path, "SELECT count(*) FROM questionnaire") == 4);
	assert_true(count_sql(f->path, "SELECT count(*) FROM audit WHERE action = "
	                               "'consult.questionnaire'") == 4);
}

/* The public: anonymous, at most per_client responses a client. */
static void test_public_limit(void **state)
{
	struct fixture *f = *state;
	struct error e;
	int64_t qn = make(f, "public", 2, THREE_QUESTIONS);
	char key[65], key2[65];
	/* at the limit: two answers from one address */
	assert_int_equal(answer_as(f, qn, "10.0.0.1", NULL, answers3(f, qn, "0", "[0, 2]", "\"好\""),
	                           key, &e),
	                 STATUS_OK);
	assert_int_equal(strlen(key), 64);
	assert_int_equal(answer_as(f, qn, "10.0.0.1", key, answers3(f, qn, "\"1\"", NULL, NULL),
	                           key2, &e),
	                 STATUS_OK);
	assert_string_equal(key, key2);
	/* one past it: refused, with the cookie or without it */
	assert_int_equal(answer_as(f, qn, "10.0.0.1", key, answers3(f, qn, "1", NULL, NULL), NULL,
	                           &e),
	                 STATUS_CONFLICT);
	assert_string_equal(e.field, "respondent");
	assert_int_equal(answer_as(f, qn, "10.0.0.1", NULL, answers3(f, qn, "1", NULL, NULL), NULL,
	                           &e),
	                 STATUS_CONFLICT);
	/* a forged cookie gives no more answers */
	assert_int_equal(answer_as(f, qn, "10.0.0.1",
	                           "0000000000000000000000000000000000000000000000000000000000000000",
	                           answers3(f, qn, "1", NULL, NULL), NULL, &e),
	                 STATUS_CONFLICT);
	/* another client may */
	assert_int_equal(answer_as(f, qn, "10.0.0.2", NULL, answers3(f, qn, "2", NULL, NULL), key2,
	                           &e),
	                 STATUS_OK);
	assert_string_not_equal(key, key2);
	/* the first client from a new address, with its cookie: still at its
	 * limit, because the cookie's key is known */
	assert_int_equal(answer_as(f, qn, "10.0.0.3", key, answers3(f, qn, "2", NULL, NULL), NULL,
	                           &e),
	                 STATUS_CONFLICT);
	/* the responses store the keys, never the addresses */
	assert_true(count_sql(f->path, "SELECT count(*) FROM response") == 3);
	assert_true(count_sql(f->path, "SELECT count(*) FROM response WHERE respondent LIKE '10.%' "
	                               "OR length(respondent) <> 64") == 0);
	/* another questionnaire knows the same address by another key */
	int64_t other = make(f, "public", 1, "text: 意见");
	char key3[65];
	json_t *a = json_object();
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)question_id(f, other, 1));
	json_object_set_new(a, id, json_string("x"));
	assert_int_equal(answer_as(f, other, "10.0.0.1", NULL, a, key3, &e), STATUS_OK);
	assert_string_not_equal(key, key3);
	/* anonymous answers are audited without who or where */
	assert_true(count_sql(f->path, "SELECT count(*) FROM audit WHERE action = 'consult.answer' "
	                               "AND actor = '" CONSULT_ANONYMOUS "'") == 4);
	assert_true(count_sql(f->path, "SELECT count(*) FROM audit WHERE detail LIKE '%10.0.0%'") ==
	            0);
}

/* A client that moves: the cookie's key follows it. */
static void test_cookie_across_addresses(void **state)
{
	struct fixture *f = *state;
	struct error e;
	int64_t qn = make(f, "public", 2, THREE_QUESTIONS);
	char key[65], again[65];
	assert_int_equal(answer_as(f, qn, "10.1.0.1", NULL, answers3(f, qn, "0", NULL, NULL), key,
	                           &e),
	                 STATUS_OK);
	/* from another address with the cookie: recorded under the cookie's key */
	assert_int_equal(answer_as(f, qn, "10.1.0.2", key, answers3(f, qn, "0", NULL, NULL), again,
	                           &e),
	                 STATUS_OK);
	assert_string_equal(key, again);
	/* now at the limit wherever it answers from with that cookie */
	assert_int_equal(answer_as(f, qn, "10.1.0.9", key, answers3(f, qn, "0", NULL, NULL), NULL,
	                           &e),
	                 STATUS_CONFLICT);
	/* an unknown key in the cookie is not taken: the address's key is */
	assert_int_equal(answer_as(f, qn, "10.1.0.3",
	                           "1111111111111111111111111111111111111111111111111111111111111111",
	                           answers3(f, qn, "0", NULL, NULL), again, &e),
	                 STATUS_OK);
	assert_string_not_equal(again,
	                        "1111111111111111111111111111111111111111111111111111111111111111");
}

/* Towns: for their own town, when it is in the round, once each here. */
static void test_towns(void **state)
{
	struct fixture *f = *state;
	struct error e;
	int64_t qn = make(f, "towns", 1, THREE_QUESTIONS);
	/* the public may not; staff other than towns may not */
	struct respondent r = {.client = "10.0.0.1"};
	int64_t id;
	json_t *a = answers3(f, qn, "0", NULL, NULL);
	assert_int_equal(consult_answer(f->s, &anonymous, qn, NULL, &r, a, &id, &e),
	                 STATUS_UNAUTHENTICATED);
	assert_int_equal(consult_answer(f->s, &office, qn, NULL, NULL, a, &id, &e), STATUS_FORBIDDEN);
	assert_int_equal(consult_answer(f->s, &department, qn, NULL, NULL, a, &id, &e),
	                 STATUS_FORBIDDEN);
	assert_int_equal(consult_answer(f->s, &supervisor, qn, NULL, NULL, a, &id, &e),
	                 STATUS_FORBIDDEN);
	json_decref(a);
	/* a town answers for itself only */
	assert_int_equal(answer_town(f, &town1, qn, TOWN2, answers3(f, qn, "0", NULL, NULL), &e),
	                 STATUS_FORBIDDEN);
	assert_string_equal(e.field, "town");
	/* a town that is not in the round is not asked */
	assert_int_equal(answer_town(f, &town2, qn, NULL, answers3(f, qn, "0", NULL, NULL), &e),
	                 STATUS_FORBIDDEN);
	assert_string_equal(e.field, "town");
	/* at the limit (1), then one past it */
	assert_int_equal(answer_town(f, &town1, qn, TOWN1,
	                             answers3(f, qn, "2", "[1]", "\"人手不够\""), &e),
	                 STATUS_OK);
	assert_int_equal(answer_town(f, &town1, qn, NULL, answers3(f, qn, "0", NULL, NULL), &e),
	                 STATUS_CONFLICT);
	assert_string_equal(e.field, "respondent");
	assert_non_null(strstr(e.message, TOWN1));
	/* a town's answer is in its name */
	json_t *res;
	assert_int_equal(consult_results(f->s, qn, &res, &e), STATUS_OK);
	json_t *text = json_array_get(json_object_get(res, "questions"), 2);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(text, "answers"), 0),
	                                          "town")),
		TOWN1);
	json_decref(res);
	assert_true(count_sql(f->path, "SELECT count(*) FROM audit WHERE action = 'consult.answer' "
	                               "AND actor = 't1' AND detail LIKE '%" TOWN1 "%'") == 1);
}

/* Closing: the office only, once; closed questionnaires and those of a
 * closed round take no answers. */
static void test_closed(void **state)
{
	struct fixture *f = *state;
	struct error e;
	int64_t qn = make(f, "public", 5, THREE_QUESTIONS);
	assert_int_equal(consult_questionnaire_close(f->s, &town1, qn, &e), STATUS_FORBIDDEN);
	assert_int_equal(consult_questionnaire_close(f->s, &anonymous, qn, &e), STATUS_FORBIDDEN);
	assert_int_equal(consult_questionnaire_close(f->s, &office, 999, &e), STATUS_NOT_FOUND);
	assert_int_equal(answer_as(f, qn, "10.0.0.1", NULL, answers3(f, qn, "0", NULL, NULL), NULL,
	                           &e),
	                 STATUS_OK);
	assert_int_equal(consult_questionnaire_close(f->s, &office, qn, &e), STATUS_OK);
	assert_int_equal(consult_questionnaire_close(f->s, &office, qn, &e), STATUS_CONFLICT);
	assert_int_equal(answer_as(f, qn, "10.0.0.2", NULL, answers3(f, qn, "0", NULL, NULL), NULL,
	                           &e),
	                 STATUS_CONFLICT);
	assert_string_equal(e.field, "questionnaire");
	json_t *q;
	assert_int_equal(consult_questionnaire_get(f->s, qn, &q, &e), STATUS_OK);
	assert_false(json_is_true(json_object_get(q, "open")));
	assert_string_equal(json_string_value(json_object_get(q, "status")), "closed");
	assert_false(json_is_null(json_object_get(q, "closed_at")));
	json_decref(q);
	/* an open questionnaire of a closed round takes none either */
	int64_t towns_q = make(f, "towns", 1, THREE_QUESTIONS);
	assert_int_equal(review_close(f->s, &office, f->round, &e), STATUS_OK);
	assert_int_equal(answer_town(f, &town1, towns_q, NULL, answers3(f, towns_q, "0", NULL, NULL),
	                             &e),
	                 STATUS_CONFLICT);
	assert_string_equal(e.field, "round");
	assert_int_equal(consult_questionnaire_get(f->s, towns_q, &q, &e), STATUS_OK);
	assert_false(json_is_true(json_object_get(q, "open")));
	json_decref(q);
	assert_true(count_sql(f->path, "SELECT count(*) FROM response") == 1);
}

/* Answers are checked against their questions; a refused one writes
 * nothing and does not count against the limit. */
static void test_answer_validation(void **state)
{
	struct fixture *f = *state;
	struct error e;
	int64_t qn = make(f, "public", 1, THREE_QUESTIONS);
	int64_t other = make(f, "public", 1, "text: 别的问卷");
	static const struct {
		const char *a1, *a2, *a3;
	} bad[] = {
		{"3", NULL, NULL},          /* option past the last (0..2) */
		{"-1", NULL, NULL},         /* negative */
		{"[0, 1]", NULL, NULL},     /* two for a single choice */
		{"\"x\"", NULL, NULL},      /* not an index */
		{"true", NULL, NULL},       /* not an index */
		{NULL, "[0, 0]", NULL},     /* chosen twice */
		{NULL, "[3]", NULL},        /* past the last */
		{NULL, NULL, "5"},          /* free text is text */
		{NULL, NULL, NULL},         /* nothing */
		{"null", "[]", "\"  \""},   /* nothing said */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (answer_as(f, qn, "10.0.0.1", NULL, answers3(f, qn, bad[i].a1, bad[i].a2, bad[i].a3),
		              NULL, &e) != STATUS_INVALID)
			fail_msg("case %zu was accepted", i);
		assert_string_equal(e.field, "answers");
	}
	/* a question of another questionnaire, and keys that are no ids */
	json_t *a = json_object();
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)question_id(f, other, 1));
	json_object_set_new(a, id, json_string("x"));
	assert_int_equal(answer_as(f, qn, "10.0.0.1", NULL, a, NULL, &e), STATUS_INVALID);
	assert_int_equal(answer_as(f, qn, "10.0.0.1", NULL, parse("{\"abc\": 1}"), NULL, &e),
	                 STATUS_INVALID);
	assert_int_equal(answer_as(f, qn, "10.0.0.1", NULL, parse("[1]"), NULL, &e), STATUS_INVALID);
	/* free text at its limit, and one byte past it */
	char *long_text = xmalloc(CONSULT_ANSWER_MAX + 4);
	long_text[0] = '"';
	memset(long_text + 1, 'a', CONSULT_ANSWER_MAX + 1);
	long_text[CONSULT_ANSWER_MAX + 2] = '"';
	long_text[CONSULT_ANSWER_MAX + 3] = '\0';
	assert_int_equal(answer_as(f, qn, "10.0.0.1", NULL, answers3(f, qn, NULL, NULL, long_text),
	                           NULL, &e),
	                 STATUS_INVALID);
	long_text[CONSULT_ANSWER_MAX + 1] = '"';
	long_text[CONSULT_ANSWER_MAX + 2] = '\0';
	assert_true(count_sql(f->path, "SELECT count(*) FROM response") == 0);
	assert_int_equal(answer_as(f, qn, "10.0.0.1", NULL, answers3(f, qn, NULL, NULL, long_text),
	                           NULL, &e),
	                 STATUS_OK);
	free(long_text);
	/* indexes as digits, as a form sends them, and a lone index for a
	 * multiple choice */
	assert_int_equal(answer_as(f, qn, "10.0.0.2", NULL, answers3(f, qn, "\"2\"", "\"1\"", NULL),
	                           NULL, &e),
	                 STATUS_OK);
	assert_true(count_sql(f->path, "SELECT count(*) FROM response") == 2);
	assert_true(count_sql(f->path, "SELECT count(*) FROM answer") == 3);
}

static void test_tallies(void **state)
{
	struct fixture *f = *state;
	struct error e;
	int64_t qn = make(f, "public", 1, THREE_QUESTIONS);
	static const struct {
		const char *client, *a1, *a2, *a3;
	} given[] = {
		{"10.2.0.1", "0", "[0, 1]", "\"名称太长\""},
		{"10.2.0.2", "0", "[1]", NULL},
		{"10.2.0.3", "1", "[0, 1, 2]", "\"<script>alert(1)</script>\""},
		{"10.2.0.4", "0", NULL, NULL},
	};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(answer_as(f, qn, given[i].client, NULL,
		                           answers3(f, qn, given[i].a1, given[i].a2, given[i].a3), NULL,
		                           &e),
		                 STATUS_OK);
	json_t *r;
	assert_int_equal(consult_results(f->s, qn, &r, &e), STATUS_OK);
	assert_int_equal(json_integer_value(json_object_get(r, "responses")), 4);
	json_t *qs = json_object_get(r, "questions");
	json_t *expect = parse(
		"[{\"index\":0,\"text\":\"清楚\",\"count\":3,\"percent\":75},"
		"{\"index\":1,\"text\":\"基本清楚\",\"count\":1,\"percent\":25},"
		"{\"index\":2,\"text\":\"不清楚\",\"count\":0,\"percent\":0}]");
	assert_true(json_equal(json_object_get(json_array_get(qs, 0), "options"), expect));
	json_decref(expect);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(qs, 0), "answered")), 4);
	/* a multiple choice: shares of those that answered it (3) */
	expect = parse("[{\"index\":0,\"text\":\"事项名称\",\"count\":2,\"percent\":67},"
	               "{\"index\":1,\"text\":\"履职方式\",\"count\":3,\"percent\":100},"
	               "{\"index\":2,\"text\":\"法律依据\",\"count\":1,\"percent\":33}]");
	assert_true(json_equal(json_object_get(json_array_get(qs, 1), "options"), expect));
	json_decref(expect);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(qs, 1), "answered")), 3);
	/* free text: in the order given, anonymous, kept as written */
	json_t *texts = json_object_get(json_array_get(qs, 2), "answers");
	assert_int_equal(json_array_size(texts), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(texts, 0), "value")),
	                    "名称太长");
	assert_string_equal(json_string_value(json_object_get(json_array_get(texts, 1), "value")),
	                    "<script>alert(1)</script>");
	assert_string_equal(json_string_value(json_object_get(json_array_get(texts, 1), "town")), "");
	json_decref(r);
	/* the salt never leaves the store in a row */
	json_t *q;
	assert_int_equal(consult_questionnaire_get(f->s, qn, &q, &e), STATUS_OK);
	assert_null(json_object_get(q, "salt"));
	json_decref(q);
	/* no results of what does not exist */
	assert_int_equal(consult_results(f->s, 999, &r, &e), STATUS_NOT_FOUND);
	assert_string_equal(e.field, "questionnaire");
	/* the database holds together and the audit chain with it */
	struct diag d = {0};
	assert_int_equal(store_verify(f->s, &d, &e), STATUS_OK);
	for (size_t i = 0; i < d.n; i++)
		print_error("  %s\n", d.lines[i]);
	assert_int_equal(d.n, 0);
	diag_free(&d);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_meetings, setup, teardown),
		cmocka_unit_test(test_parse_questions),
		cmocka_unit_test_setup_teardown(test_create_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_public_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_across_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_towns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tallies, setup, teardown),
	};
	return cmocka_run_group_tests_name("consult", tests, NULL, NULL);
}
