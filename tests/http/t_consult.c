/* t_consult.c - the consultation of review rounds (征求意见) over the API
 * and its pages: meetings (座谈会) and the proposals that came from them,
 * questionnaires to the towns and to the public, answering them, closing
 * them, their results.
 *
 * consult_fixture() runs after review_fixture(): it records a meeting and
 * makes a public questionnaire in the fixture's round, so that the generic
 * loops over openapi.json have real ids for /review/meetings/{id} and
 * /questionnaires/{id} (consult_code()).  It makes no proposal, so the
 * round's figures stay the fixture's.
 *
 * test_consult() runs after test_review(), which closes the fixture's
 * round: it opens a round of its own for 绥阳镇 (TOWN) alone and checks the
 * public's anonymous answers limited per client (every request here comes
 * from 127.0.0.1, so the address's key counts whatever the cookie says), a
 * town answering for its own town only, closing, and the results page with
 * its SVG charts, every text escaped. */
#include "http_test.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char g_meeting[24], g_questionnaire[24];

const char *consult_code(const char *collection, size_t clen)
{
	const char *v = clen == 8 && strncmp(collection, "meetings", 8) == 0 ? g_meeting
	                : clen == 14 && strncmp(collection, "questionnaires", 14) == 0
	                        ? g_questionnaire
	                        : NULL;
	return v && *v ? v : NULL;
}

#define XSS_TITLE "<script>alert('cs-title')</script>问卷"
#define XSS_OPTION "<script>alert('cs-option')</script>"
#define XSS_ANSWER "<img src=x onerror=alert('cs-answer')>"
#define XSS_NOTES "<b onmouseover=alert('cs-notes')>发言</b>"

static struct resp *api(const char *method, const char *path, const char *body,
                        const char *bearer, struct jar *jar)
{
	return http(&(struct req){.method = method, .path = path, .body = body,
	                          .content_type = "application/json", .bearer = bearer,
	                          .jar = jar});
}

static const char *P(const char *fmt, ...) PRINTFLIKE(1, 2);
static const char *P(const char *fmt, ...)
{
	static char bufs[4][600];
	static int next;
	char *b = bufs[next++ % 4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof bufs[0], fmt, ap);
	va_end(ap);
	return b;
}

/* A JSON body from json_pack's format (the caller frees it). */
static char *body_of(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_t *v = json_vpack_ex(NULL, 0, fmt, ap);
	va_end(ap);
	char *text = v ? json_dumps(v, JSON_COMPACT) : NULL;
	json_decref(v);
	if (!text)
		abort();
	return text;
}

static long long jint(const json_t *v, const char *path)
{
	json_t *x = jget(v, path);
	return json_is_integer(x) ? (long long)json_integer_value(x) : -1;
}

static void today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Checks a response's status and frees it. */
static bool status_is(struct resp *r, long want, const char *name)
{
	bool ok = expect_status(r, want, name);
	resp_free(r);
	return ok;
}

static bool error_is(struct resp *r, long status, const char *code, const char *field,
                     const char *name)
{
	bool ok = expect_json_error(r, status, code, field, name);
	resp_free(r);
	return ok;
}

static struct resp *add_meeting(const char *round, const char *date, const char *bearer)
{
	char *b = body_of("{s:s, s:s, s:s, s:s}", "date", date, "title", "座谈会" XSS_TITLE,
	                  "attendees", "张三、李四", "notes", XSS_NOTES);
	struct resp *r = api("POST", P("/api/v1/review/rounds/%s/meetings", round), b, bearer, NULL);
	free(b);
	return r;
}

static struct resp *add_questionnaire(const char *round, const char *audience, int per_client,
                                      const char *bearer)
{
	char *b = body_of("{s:s, s:s, s:i, s:s}", "title", XSS_TITLE, "audience", audience,
	                  "per_client", per_client, "questions",
	                  "单选：清单是否清楚？ | 清楚 | 不清楚\n"
	                  "多选：哪些需要调整？ | 事项名称 | " XSS_OPTION " | 法律依据\n"
	                  "填空：其他意见");
	struct resp *r =
		api("POST", P("/api/v1/review/rounds/%s/questionnaires", round), b, bearer, NULL);
	free(b);
	return r;
}

/* The id of question i (from 0) of a questionnaire's JSON. */
static long long qid(const json_t *q, size_t i)
{
	return (long long)json_integer_value(
		json_object_get(json_array_get(json_object_get(q, "questions"), i), "id"));
}

bool consult_fixture(void)
{
	struct resp *r = GET_as("/api/v1/review/rounds", E.tok_office);
	const char *round = NULL;
	char id[24] = "";
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(r->json, "rounds"), i, v) {
		if (jstr(v, "status") && strcmp(jstr(v, "status"), "open") == 0) {
			snprintf(id, sizeof id, "%lld", jint(v, "id"));
			round = id;
			break;
		}
	}
	resp_free(r);
	if (!round) {
		t_note("consult fixture: no open review round; meetings and questionnaires have no ids");
		return false;
	}
	char day[11];
	today(day);
	r = add_meeting(round, day, E.tok_office);
	bool ok = t_check(r->status == 201 && jint(r->json, "id") > 0,
	                  "consult fixture: the office records a meeting (201)", "%ld %s", r->status,
	                  excerpt(r));
	if (ok)
		snprintf(g_meeting, sizeof g_meeting, "%lld", jint(r->json, "id"));
	resp_free(r);
	r = add_questionnaire(round, "public", 1, E.tok_office);
	ok = t_check(r->status == 201 && jint(r->json, "id") > 0,
	             "consult fixture: the office makes a public questionnaire (201)", "%ld %s",
	             r->status, excerpt(r)) &&
	     ok;
	if (r->status == 201)
		snprintf(g_questionnaire, sizeof g_questionnaire, "%lld", jint(r->json, "id"));
	resp_free(r);
	return ok;
}

/* A round of the test's own for TOWN alone: opened, or, when TOWN is
 * still in an open round, that one (then *other_in says whether
 * OTHER_TOWN is in it too). */
static bool own_round(char round[24], bool *other_in)
{
	*other_in = false;
	char *b = body_of("{s:s, s:s, s:i}", "title", "征求意见", "towns", TOWN, "days", 10);
	struct resp *r = api("POST", "/api/v1/review/rounds", b, E.tok_office, NULL);
	free(b);
	if (r->status == 201) {
		snprintf(round, 24, "%lld", jint(r->json, "id"));
		resp_free(r);
		return true;
	}
	t_note("consult: opening a round for %s answered %ld (%s); using an open one", TOWN,
	       r->status, excerpt(r));
	resp_free(r);
	r = GET_as("/api/v1/review/rounds", E.tok_office);
	size_t i;
	json_t *v;
	bool found = false;
	json_array_foreach(json_object_get(r->json, "rounds"), i, v) {
		if (found || !jstr(v, "status") || strcmp(jstr(v, "status"), "open") != 0)
			continue;
		snprintf(round, 24, "%lld", jint(v, "id"));
		struct resp *one = GET_as(P("/api/v1/review/rounds/%s", round), E.tok_office);
		size_t k;
		json_t *t;
		bool has_town = false;
		json_array_foreach(json_object_get(one->json, "towns"), k, t) {
			has_town |= jstr(t, "town") && strcmp(jstr(t, "town"), TOWN) == 0;
			*other_in |= jstr(t, "town") && strcmp(jstr(t, "town"), OTHER_TOWN) == 0;
		}
		resp_free(one);
		found = has_town;
	}
	resp_free(r);
	return t_check(found, "consult: a review round with 绥阳镇 in it is open", "none is");
}

static void meetings(const char *round, struct jar *office)
{
	char day[11], mid[24];
	today(day);
	error_is(add_meeting(round, day, E.tok_township), 403, "forbidden", NULL,
	         "a township user may not record a meeting: 403");
	error_is(add_meeting(round, day, NULL), 401, "unauthenticated", NULL,
	         "anonymous may not record a meeting: 401");
	error_is(add_meeting(round, "2999-01-01", E.tok_office), 422, "invalid", "date",
	         "a meeting dated after today is refused: 422 naming date");
	struct resp *r = add_meeting(round, day, E.tok_office);
	if (!t_check(r->status == 201 && jint(r->json, "id") > 0 && jstr(r->json, "notes") &&
	                     strcmp(jstr(r->json, "notes"), XSS_NOTES) == 0,
	             "the office records a meeting: 201, notes kept as written", "%ld %s",
	             r->status, excerpt(r))) {
		resp_free(r);
		return;
	}
	snprintf(mid, sizeof mid, "%lld", jint(r->json, "id"));
	resp_free(r);
	r = GET_as(P("/api/v1/review/rounds/%s/meetings", round), E.tok_township);
	t_check(r->status == 200 && json_array_size(jget(r->json, "meetings")) == 1 &&
	                jint(json_array_get(jget(r->json, "meetings"), 0), "id") == atoll(mid),
	        "a town lists the round's meetings", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	/* a proposal from the meeting, by the town */
	char *b = body_of("{s:s, s:s, s:s, s:s, s:s}", "town", TOWN, "action", "remove", "task",
	                  TASK, "reason", "座谈会上提出", "meeting", mid);
	r = api("POST", P("/api/v1/review/rounds/%s/proposals", round), b, E.tok_township, NULL);
	free(b);
	long long pid = jint(r->json, "id");
	t_check(r->status == 201 && pid > 0 && jint(r->json, "meeting_id") == atoll(mid),
	        "the town proposes from the meeting: 201, meeting_id set", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET_as(P("/api/v1/review/meetings/%s", mid), E.tok_office);
	json_t *props = jget(r->json, "proposals");
	t_check(r->status == 200 && json_array_size(props) == 1 &&
	                jint(json_array_get(props, 0), "id") == pid,
	        "the meeting shows the proposal that came from it", "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_as(P("/api/v1/review/meetings/%s", mid), E.tok_township_other);
	t_check(r->status == 200 && json_array_size(jget(r->json, "proposals")) == 0,
	        "another town's user sees the meeting without 绥阳镇's proposals", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
	r = GET("/api/v1/review/meetings/999999");
	error_is(r, 401, "unauthenticated", NULL, "anonymous may not read meetings: 401");
	r = GET_as("/api/v1/review/meetings/999999", E.tok_office);
	error_is(r, 404, "not_found", "meeting", "a meeting that does not exist: 404");
	/* the pages */
	r = GET_jar(P("/review/meetings/%s", mid), office);
	expect_status(r, 200, "the meeting's page: 200");
	expect_contains(r, "&lt;b onmouseover=alert(&#39;cs-notes&#39;)&gt;",
	                "the meeting's page escapes what was said");
	expect_lacks(r, "<b onmouseover", "the meeting's page never shows what was said raw");
	expect_lacks(r, "<script>alert('cs-title')", "the meeting's page never shows its title raw");
	expect_contains(r, P("name=\"meeting\" value=\"%s\"", mid),
	                "the meeting's page proposes from the meeting");
	resp_free(r);
	r = GET_jar(P("/review/%s/meetings", round), office);
	expect_status(r, 200, "the round's meetings page: 200");
	expect_contains(r, P("href=\"/review/meetings/%s\"", mid), "the meetings page links it");
	expect_lacks(r, "<script>alert('cs-title')", "the meetings page escapes titles");
	resp_free(r);
	r = GET_jar(P("/review/%s", round), office);
	expect_contains(r, P("href=\"/review/%s/meetings\"", round),
	                "the round's page links to its meetings");
	expect_contains(r, P("href=\"/review/%s/questionnaires\"", round),
	                "the round's page links to its questionnaires");
	resp_free(r);
}

static struct resp *answer_api(const char *qn, const char *answers, const char *bearer,
                               struct jar *jar)
{
	char *b = body_of("{s:o}", "answers", json_loads(answers, 0, NULL));
	struct resp *r = api("POST", P("/api/v1/questionnaires/%s/answers", qn), b, bearer, jar);
	free(b);
	return r;
}

/* The public: anonymous answers, at most per_client per client. */
static void public_answers(const char *round, char qn_out[24], struct jar *office)
{
	error_is(add_questionnaire(round, "public", 2, E.tok_township), 403, "forbidden", NULL,
	         "a township user may not make a questionnaire: 403");
	struct resp *r = add_questionnaire(round, "public", 2, E.tok_office);
	if (!t_check(r->status == 201 && json_array_size(jget(r->json, "questions")) == 3,
	             "the office makes a public questionnaire of 3 questions: 201", "%ld %s",
	             r->status, excerpt(r))) {
		resp_free(r);
		return;
	}
	char qn[24];
	snprintf(qn, sizeof qn, "%lld", jint(r->json, "id"));
	snprintf(qn_out, 24, "%s", qn);
	long long q1 = qid(r->json, 0), q2 = qid(r->json, 1), q3 = qid(r->json, 2);
	resp_free(r);

	r = GET(P("/api/v1/questionnaires/%s", qn));
	t_check(r->status == 200 && json_array_size(jget(r->json, "questions")) == 3 &&
	                !strstr(r->body, "salt"),
	        "anyone reads a public questionnaire, without its salt", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	r = GET(P("/questionnaires/%s", qn));
	expect_status(r, 200, "the public questionnaire's page: 200 to anonymous");
	expect_contains(r, P("name=\"answers.%lld\" value=\"0\"", q1), "the page offers the choices");
	expect_contains(r, P("name=\"answers.%lld.1\"", q2), "a multiple choice as checkboxes");
	expect_contains(r, "&lt;script&gt;alert(&#39;cs-option&#39;)&lt;/script&gt;",
	                "an option's text is escaped");
	expect_lacks(r, "<script>alert(", "the page shows no title or option raw");
	resp_free(r);
	r = GET("/questionnaires");
	expect_contains(r, P("href=\"/questionnaires/%s\"", qn),
	                "the open questionnaires page lists it for the public");
	expect_lacks(r, "<script>alert(", "the open questionnaires page escapes titles");
	resp_free(r);

	char bad[96], good[200];
	snprintf(bad, sizeof bad, "{\"%lld\": 2}", q1);
	error_is(answer_api(qn, bad, NULL, NULL), 422, "invalid", "answers",
	         "an option past the last is refused: 422 naming answers");
	snprintf(good, sizeof good, "{\"%lld\": 0, \"%lld\": [0, 1], \"%lld\": \"%s\"}", q1, q2, q3,
	         "<img src=x onerror=alert(\\u0027cs-answer\\u0027)>");
	struct jar jar = {0};
	char cookie[32];
	snprintf(cookie, sizeof cookie, "qr%s", qn);
	r = answer_api(qn, good, NULL, &jar);
	const char *key = jar_get(&jar, cookie);
	t_check(r->status == 201 && jint(r->json, "response") > 0 && key && strlen(key) == 64,
	        "anonymous answers: 201, and a cookie keeps its respondent key (64 hex)", "%ld %s",
	        r->status, excerpt(r));
	const char *sc = set_cookie(r, cookie);
	t_check(sc && strstr(sc, "HttpOnly") && strstr(sc, "SameSite=Lax"),
	        "the respondent cookie is HttpOnly and SameSite=Lax", "%s", sc ? sc : "(none)");
	resp_free(r);
	snprintf(good, sizeof good, "{\"%lld\": \"1\", \"%lld\": [1]}", q1, q2);
	status_is(answer_api(qn, good, NULL, &jar), 201,
	          "a second anonymous answer from the client: 201 (at per_client 2)");
	error_is(answer_api(qn, good, NULL, &jar), 409, "conflict", "respondent",
	         "a third from the client: 409 naming respondent");
	error_is(answer_api(qn, good, NULL, NULL), 409, "conflict", "respondent",
	         "a third without the cookie: 409 still (the address counts)");
	struct jar forged = {0};
	jar_set(&forged, cookie, "0000000000000000000000000000000000000000000000000000000000000000");
	error_is(answer_api(qn, good, NULL, &forged), 409, "conflict", "respondent",
	         "a third with a forged cookie: 409 still");
	/* a logged-in user answers the public's questionnaire as the public */
	error_is(answer_api(qn, good, E.tok_office, NULL), 409, "conflict", "respondent",
	         "an office token answers a public questionnaire as the client it is: 409 here");

	/* results: staff only, counted */
	error_is(GET(P("/api/v1/review/questionnaires/%s/results", qn)), 401, "unauthenticated",
	         NULL, "anonymous may not read results: 401");
	r = GET_as(P("/api/v1/review/questionnaires/%s/results", qn), E.tok_township);
	json_t *qs = jget(r->json, "questions");
	json_t *opts1 = jget(json_array_get(qs, 0), "options");
	json_t *opts2 = jget(json_array_get(qs, 1), "options");
	json_t *texts = jget(json_array_get(qs, 2), "answers");
	t_check(r->status == 200 && jint(r->json, "responses") == 2 &&
	                jint(json_array_get(opts1, 0), "count") == 1 &&
	                jint(json_array_get(opts1, 1), "count") == 1 &&
	                jint(json_array_get(opts2, 0), "count") == 1 &&
	                jint(json_array_get(opts2, 1), "count") == 2 &&
	                jint(json_array_get(opts2, 1), "percent") == 100 &&
	                json_array_size(texts) == 1 &&
	                strcmp(jstr(json_array_get(texts, 0), "value"), XSS_ANSWER) == 0 &&
	                strcmp(jstr(json_array_get(texts, 0), "town"), "") == 0,
	        "results: 2 responses tallied per option, the free text as written, anonymous",
	        "%ld %s", r->status, excerpt(r));
	resp_free(r);
	r = GET_jar(P("/review/questionnaires/%s/results", qn), office);
	expect_status(r, 200, "the results page: 200");
	expect_contains(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"",
	                "the results page draws SVG charts");
	size_t svgs = 0;
	for (const char *p = r->body; (p = strstr(p, "<svg ")) != NULL; p++)
		svgs++;
	t_check(svgs == 2, "one chart per choice question (2)", "%zu", svgs);
	expect_contains(r, "&lt;img src=x onerror=alert(&#39;cs-answer&#39;)&gt;",
	                "a free-text answer is escaped");
	expect_lacks(r, "<img src=x", "no free-text answer is shown raw");
	expect_contains(r, "&lt;script&gt;alert(&#39;cs-option&#39;)&lt;/script&gt;",
	                "an option's text in the chart is escaped");
	expect_lacks(r, "<script>alert(", "no title or option is shown raw on the results page");
	resp_free(r);
}

/* The same through the page's form, as a browser sends it. */
static void public_form(const char *round)
{
	struct resp *r = add_questionnaire(round, "public", 1, E.tok_office);
	char qn[24];
	snprintf(qn, sizeof qn, "%lld", jint(r->json, "id"));
	long long q1 = qid(r->json, 0), q2 = qid(r->json, 1), q3 = qid(r->json, 2);
	bool made = r->status == 201;
	resp_free(r);
	if (!t_check(made, "a second public questionnaire (per_client 1): 201", "not made"))
		return;
	struct jar jar = {0};
	r = GET_jar(P("/questionnaires/%s", qn), &jar);
	char csrf[80] = "";
	bool have = form_value(r, "/answers\"", "csrf", csrf, sizeof csrf);
	resp_free(r);
	if (!t_check(have, "the answer form carries a CSRF token", "none"))
		return;
	char *text = esc("意见" XSS_ANSWER);
	char body[1000];
	snprintf(body, sizeof body, "answers.%lld=0&answers.%lld.0=1&answers.%lld.2=1&answers.%lld=%s",
	         q1, q2, q2, q3, text);
	free(text);
	r = http(&(struct req){.method = "POST", .path = P("/questionnaires/%s/answers", qn),
	                       .body = body, .jar = &jar,
	                       .content_type = "application/x-www-form-urlencoded"});
	t_check(r->status == 403, "the answer form without its CSRF token: 403", "%ld", r->status);
	resp_free(r);
	char with[1100];
	snprintf(with, sizeof with, "csrf=%s&%s", csrf, body);
	r = http(&(struct req){.method = "POST", .path = P("/questionnaires/%s/answers", qn),
	                       .body = with, .jar = &jar,
	                       .content_type = "application/x-www-form-urlencoded"});
	const char *loc = header(r, "Location");
	t_check(r->status == 303 && loc && strstr(loc, "answered=1"),
	        "the answer form: 303 to the questionnaire with thanks", "%ld %s", r->status,
	        loc ? loc : excerpt(r));
	resp_free(r);
	r = GET_jar(P("/questionnaires/%s?answered=1", qn), &jar);
	expect_contains(r, "class=\"notice\" role=\"status\"", "the page thanks the respondent");
	resp_free(r);
	r = http(&(struct req){.method = "POST", .path = P("/questionnaires/%s/answers", qn),
	                       .body = with, .jar = &jar,
	                       .content_type = "application/x-www-form-urlencoded"});
	expect_status(r, 409, "the form again from the same client: 409 (per_client 1)");
	resp_free(r);
	r = GET_as(P("/api/v1/review/questionnaires/%s/results", qn), E.tok_office);
	json_t *opts2 = jget(json_array_get(jget(r->json, "questions"), 1), "options");
	json_t *texts = jget(json_array_get(jget(r->json, "questions"), 2), "answers");
	t_check(r->status == 200 && jint(r->json, "responses") == 1 &&
	                jint(json_array_get(opts2, 0), "count") == 1 &&
	                jint(json_array_get(opts2, 1), "count") == 0 &&
	                jint(json_array_get(opts2, 2), "count") == 1 &&
	                json_array_size(texts) == 1 &&
	                strcmp(jstr(json_array_get(texts, 0), "value"), "意见" XSS_ANSWER) == 0,
	        "the form's multiple choice and text arrived as chosen and written", "%ld %s",
	        r->status, excerpt(r));
	resp_free(r);
}

/* Towns: for their own town, once each (per_client 1). */
static void town_answers(const char *round, bool other_in)
{
	struct resp *r = add_questionnaire(round, "towns", 1, E.tok_office);
	char qn[24];
	snprintf(qn, sizeof qn, "%lld", jint(r->json, "id"));
	long long q1 = qid(r->json, 0), q3 = qid(r->json, 2);
	bool made = r->status == 201;
	resp_free(r);
	if (!t_check(made, "the office makes a questionnaire to towns: 201", "not made"))
		return;
	error_is(GET(P("/api/v1/questionnaires/%s", qn)), 401, "unauthenticated", NULL,
	         "anonymous may not read a questionnaire to towns: 401");
	r = GET("/api/v1/questionnaires");
	t_check(r->status == 200 && !strstr(r->body, P("\"id\":%s,", qn)),
	        "the public's list of open questionnaires leaves out the one to towns", "%s",
	        excerpt(r));
	resp_free(r);
	char answers[200];
	snprintf(answers, sizeof answers, "{\"%lld\": 0, \"%lld\": \"本镇意见\"}", q1, q3);
	error_is(answer_api(qn, answers, NULL, NULL), 401, "unauthenticated", NULL,
	         "anonymous may not answer a questionnaire to towns: 401");
	error_is(answer_api(qn, answers, E.tok_office, NULL), 403, "forbidden", NULL,
	         "the office may not answer a questionnaire to towns: 403");
	error_is(answer_api(qn, answers, E.tok_department, NULL), 403, "forbidden", NULL,
	         "a department may not answer a questionnaire to towns: 403");
	if (!other_in)
		error_is(answer_api(qn, answers, E.tok_township_other, NULL), 403, "forbidden", "town",
		         "a town not in the round may not answer: 403 naming town");
	char *b = body_of("{s:o, s:s}", "answers", json_loads(answers, 0, NULL), "town", OTHER_TOWN);
	error_is(api("POST", P("/api/v1/questionnaires/%s/answers", qn), b, E.tok_township, NULL),
	         403, "forbidden", "town", "a town answering for another town: 403 naming town");
	free(b);
	b = body_of("{s:o, s:s}", "answers", json_loads(answers, 0, NULL), "town", TOWN);
	r = api("POST", P("/api/v1/questionnaires/%s/answers", qn), b, E.tok_township, NULL);
	free(b);
	t_check(r->status == 201 && !set_cookie(r, P("qr%s", qn)),
	        "a town answers for itself: 201, no respondent cookie", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	error_is(answer_api(qn, answers, E.tok_township, NULL), 409, "conflict", "respondent",
	         "the town again: 409 (per_client 1)");
	r = GET_as(P("/api/v1/review/questionnaires/%s/results", qn), E.tok_office);
	json_t *texts = jget(json_array_get(jget(r->json, "questions"), 2), "answers");
	t_check(r->status == 200 && json_array_size(texts) == 1 &&
	                strcmp(jstr(json_array_get(texts, 0), "town"), TOWN) == 0,
	        "a town's answer is in its name", "%ld %s", r->status, excerpt(r));
	resp_free(r);

	/* closing */
	error_is(api("POST", P("/api/v1/review/questionnaires/%s/close", qn), NULL, E.tok_township,
	             NULL),
	         403, "forbidden", NULL, "a town may not close a questionnaire: 403");
	r = api("POST", P("/api/v1/review/questionnaires/%s/close", qn), NULL, E.tok_office, NULL);
	t_check(r->status == 200 && jstr(r->json, "status") &&
	                strcmp(jstr(r->json, "status"), "closed") == 0 &&
	                json_is_false(jget(r->json, "open")),
	        "the office closes the questionnaire: 200, closed", "%ld %s", r->status,
	        excerpt(r));
	resp_free(r);
	error_is(api("POST", P("/api/v1/review/questionnaires/%s/close", qn), NULL, E.tok_office,
	             NULL),
	         409, "conflict", "questionnaire", "closing it again: 409");
	error_is(answer_api(qn, answers, E.tok_township, NULL), 409, "conflict", "questionnaire",
	         "a closed questionnaire takes no answer: 409");
}

void test_consult(void)
{
	char round[24], qn[24] = "";
	bool other_in;
	if (!own_round(round, &other_in))
		return;
	struct jar office = {0};
	struct resp *r = web_login(&office, "off1", PASSWORD, NULL);
	if (r->status != 303)
		t_note("consult: could not log in as off1 (%ld)", r->status);
	resp_free(r);
	meetings(round, &office);
	public_answers(round, qn, &office);
	public_form(round);
	town_answers(round, other_in);
	/* a closed public questionnaire says so, and takes no answer */
	if (qn[0]) {
		status_is(api("POST", P("/api/v1/review/questionnaires/%s/close", qn), NULL,
		              E.tok_office, NULL),
		          200, "the office closes the public questionnaire");
		r = GET(P("/questionnaires/%s", qn));
		expect_lacks(r, "/answers\" method=\"post\"", "a closed questionnaire offers no form");
		resp_free(r);
		error_is(answer_api(qn, "{\"1\": 0}", NULL, NULL), 409, "conflict", "questionnaire",
		         "a closed public questionnaire takes no answer: 409");
	}
}
