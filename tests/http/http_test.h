/* http_test.h - the HTTP suite's harness: results, the server under test,
 * child processes, cookies, requests and the assertions the test files
 * share.  harness.c implements it; each t_*.c file tests one area and
 * main.c runs them in order against one server. */
#ifndef DUTYLIST_HTTP_TEST_H
#define DUTYLIST_HTTP_TEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define PRINTFLIKE(f, a) __attribute__((format(printf, f, a)))

/* The demo catalogue's codes the tests use. */
#define TOWN "231086101"       /* 绥阳镇: 109 items, 66 + 32 + 11 */
#define OTHER_TOWN "231086102" /* 三岔口镇 */
#define TASK "ZL-07"           /* 开展消防安全宣传和隐患排查, rests on B010 */
#define BASIS "B010"           /* 中华人民共和国消防法 */
#define DEPT "D20"             /* 市应急管理局 */
#define OTHER_DEPT "D27"       /* 市消防救援大队 */
#define GUIDE "GF-01"          /* 最低生活保障申请办事指南 */
#define VICTIM "erin"          /* the user {name} stands for (disabled only by a bug) */

/* ---- results: "ok - name" / "FAIL - name: detail" ---- */

void t_ok(const char *name);
void t_fail(const char *name, const char *fmt, ...) PRINTFLIKE(2, 3);
/* ok when cond, else FAIL with the detail; returns cond. */
bool t_check(bool cond, const char *name, const char *fmt, ...) PRINTFLIKE(3, 4);
void t_note(const char *fmt, ...) PRINTFLIKE(1, 2); /* a "# ..." line */
int t_passed(void);
int t_failed(void);

/* ---- the environment: a temp dir, a database, users, the server ---- */

struct env {
	const char *bin;  /* the dutylist binary under test */
	char dir[64];     /* the temp dir */
	char db[128];     /* DIR/test.db */
	char log[128];    /* DIR/serve.log: the server's stdout and stderr */
	char base[64];    /* http://127.0.0.1:PORT */
	int port;
	pid_t server;     /* 0 when not running */
	bool have_sqlite3;
	/* API tokens, one per user the suite makes */
	char tok_office[65], tok_admin[65], tok_township[65], tok_township_other[65],
		tok_department[65], tok_supervisor[65];
};
extern struct env E;

/* The users (all with the same password; the auth tests make their own). */
#define PASSWORD "correct-horse-battery"

/* Runs argv (argv[0] looked up in PATH when it has no '/') with stdin_text
 * on its stdin (NULL: empty), collecting stdout and stderr into out.
 * Returns the exit status, or -1 when it could not run, died of a signal
 * or ran over timeout_s (then it is killed). */
int run_cmd(const char *const argv[], const char *stdin_text, char *out, size_t outsz,
            int timeout_s);
/* BIN ARGS... --db DB (args ends with NULL), with stdin_text on stdin;
 * returns the exit status as run_cmd.  A status other than 0 is recorded
 * for cli_summary (the first one's output is kept). */
int run_bin(const char *const args[], const char *stdin_text, char *out, size_t outsz);
void cli_summary(void); /* one check: every CLI command the suite ran exited 0 */
/* dutylist token create USER: the token, into tok.  When LeakSanitizer
 * kills the command before it flushes the token (recorded as a failure),
 * it runs again with detect_leaks=0 so that the suite can go on. */
bool bin_token(const char *user, char tok[65]);
/* sqlite3 -batch DB SQL, output into out; false when it failed. */
bool sql(const char *statement, char *out, size_t outsz);

/* Starts BIN serve and waits for /healthz (10 s).  *retry is set when it
 * exited at once (the port may have been taken meanwhile). */
bool server_start(bool *retry);
bool server_stop(double *secs); /* SIGTERM; true when it exited 0 within 5 s */
void server_log_tail(void);     /* prints the log's last lines as "# " notes */

/* ---- cookies ---- */

#define JAR_MAX 8
struct jar {
	struct {
		char name[32];
		char value[160];
	} c[JAR_MAX];
	int n;
};
const char *jar_get(const struct jar *j, const char *name);
void jar_set(struct jar *j, const char *name, const char *value); /* "" removes */

/* ---- requests ---- */

struct header {
	char *name, *value;
};

struct resp {
	long status;     /* 0: no answer (see error) */
	char error[256]; /* curl's message when there was no answer */
	char what[200];  /* "GET /path", for messages */
	struct header *h;
	size_t nh;
	char *body; /* NUL-terminated; len excludes the NUL */
	size_t len;
	json_t *json; /* the body parsed, when it is JSON */
};

struct req {
	const char *method; /* NULL: GET (POST when there is a body) */
	const char *path;   /* sent as is: no normalisation, escape it yourself */
	const char *body;
	size_t body_len;          /* 0: strlen(body) */
	const char *content_type; /* for the body */
	const char *bearer;       /* Authorization: Bearer ... */
	const char *headers[6];   /* more "Name: value" lines */
	struct jar *jar;          /* cookies sent, and updated from Set-Cookie */
};

struct resp *http(const struct req *r); /* never NULL */
struct resp *GET(const char *path);     /* anonymous, no cookies */
struct resp *GET_as(const char *path, const char *bearer);
struct resp *GET_jar(const char *path, struct jar *jar);
void resp_free(struct resp *r);

/* The low-level halves of http(), for curl_multi (t_concurrency.c). */
struct prepared;
struct prepared *http_prepare(const struct req *r, struct resp **out);
void *http_handle(struct prepared *p); /* the CURL easy handle */
void http_finish(struct prepared *p, int curl_code);

/* The value of the first header `name` (case-insensitive), or NULL. */
const char *header(const struct resp *r, const char *name);
/* The Set-Cookie header that sets cookie `name`, or NULL. */
const char *set_cookie(const struct resp *r, const char *name);
/* Whether GET /healthz answers 200 "ok". */
bool healthy(void);
/* Percent-encodes s for a URL path segment or query value (malloc'd). */
char *esc(const char *s);
/* Finds the value="..." of the hidden input `name` in an HTML form
 * (after `after` in the body, when not NULL) into out; false if none. */
bool form_value(const struct resp *r, const char *after, const char *name, char *out,
                size_t outsz);

/* The statuses seen, and any response that lacked a security header. */
void security_summary(void);

/* ---- assertions on responses: each prints one ok/FAIL line ---- */

bool expect_status(const struct resp *r, long want, const char *name);
bool expect_status_in(const struct resp *r, long a, long b, const char *name);
bool expect_type(const struct resp *r, const char *prefix, const char *name);
/* {"error": {"code": code, "message": "...", "field": field}}; field NULL:
 * not checked. */
bool expect_json_error(const struct resp *r, long status, const char *code, const char *field,
                       const char *name);
bool expect_contains(const struct resp *r, const char *needle, const char *name);
bool expect_lacks(const struct resp *r, const char *needle, const char *name);

/* The string at a dotted path in a JSON value ("town.code"), or NULL. */
const char *jstr(const json_t *v, const char *path);
json_t *jget(const json_t *v, const char *path);
/* A short excerpt of the body for messages (static buffer). */
const char *excerpt(const struct resp *r);

/* ---- the test files ---- */

extern json_t *g_openapi; /* /api/v1/openapi.json, loaded by test_api */
/* Puts real codes for the {params} of an API path template (by the
 * collection each follows: towns, tasks, ...; rounds, proposals and groups
 * from review_fixture(); admissions and adjustments from procedure_fixture();
 * {action} a town's action, or the procedure's); false when it cannot. */
bool api_substitute(const char *tmpl, char *out, size_t outsz);

void test_api(void);          /* t_api.c: every GET route in openapi.json */
void test_pagination(void);   /* t_api.c */
void test_pages(void);        /* t_pages.c: HTML pages and languages */
void test_auth(void);         /* t_auth.c: login, logout, throttling, tokens */
void test_input(void);        /* t_input.c: paths, bodies, parameters */
void test_xss(void);          /* t_input.c */
void test_drafts(void);       /* t_drafts.c */
void test_excel(void);        /* t_excel.c: a list as a workbook and as a print view */
void test_writes(void);       /* t_write.c: every non-GET API route */
void test_cache(void);        /* t_cache.c: ETags, 304, per-visitor tokens, freshness */
void test_concurrency(void);  /* t_concurrency.c */
void test_headers(void);      /* t_headers.c: security headers, caching */
void test_review(void);       /* t_review.c: review rounds, late: it publishes a list */

/* t_review.c: opens a review round (with proposals and a group) before the
 * other test files run, so that /api/v1/review/... paths have real ids. */
bool review_fixture(void);
/* The fixture's value for a {param} that follows `collection` (rounds,
 * proposals, groups) or is named action; NULL when there is none. */
const char *review_code(const char *collection, size_t clen, const char *param, size_t plen);

void test_consult(void); /* t_consult.c: meetings, questionnaires, answers, results; after
                          * test_review, in a round of its own */
/* t_consult.c: a meeting and a public questionnaire in the fixture's round,
 * made after review_fixture(), so that /review/meetings/{id} and
 * /questionnaires/{id} have real ids: consult_code() gives them for the
 * collection a {param} follows (meetings, questionnaires), else NULL. */
bool consult_fixture(void);
const char *consult_code(const char *collection, size_t clen);

/* t_accountability.c: an assessment period (draft), a case with a file
 * and a proposed case, made before the generic loops, so that
 * /assessments/{id}, /cases/{id}, /cases/{id}/files/{evidence} and
 * /cases/proposed/{id} have real ids: accountability_code() gives them for
 * a {param} whose collection is assessments, cases, files or proposed
 * (and {action}: investigate, accept), else NULL. */
bool accountability_fixture(void);
const char *accountability_code(const char *collection, size_t clen, const char *param,
                                size_t plen);
void test_accountability(void);

void test_procedure(void); /* t_procedure.c: admission, adjustment, a basis's repeal and
                            * amendment, the audit log; last */
/* t_procedure.c: a department's admission request and an adjustment the
 * office opened, made before the generic loops run, so that
 * /admissions/{id}, /admissions/{id}/{action} and /adjustments/{id}/{action}
 * have real ids: procedure_code() gives them for a {param} whose collection
 * (the last literal segment before it) is admissions or adjustments, and
 * the {action} (accept, dismiss), else NULL. */
bool procedure_fixture(void);
const char *procedure_code(const char *collection, size_t clen, const char *param, size_t plen);
/* The shape of a procedure route's GET answer, as one check named name;
 * false when tmpl is not one of the procedures' (t_api.c's loop). */
bool procedure_shape(const char *tmpl, const json_t *v, const char *name);

/* t_whistle.c: a whistle town1 raises calling DEPT, before the generic
 * loops, so that /whistles/{id} and /whistles/{id}/{action} have a real id
 * (whistle_code(): the id, or acknowledge for {action}); test_whistle()
 * then takes it through its steps by role. */
bool whistle_fixture(void);
const char *whistle_code(const char *collection, size_t clen, const char *param, size_t plen);
void test_whistle(void);

/* t_notice.c: a notice dept1 submits with violations, before the generic
 * loops, so that /notices/{id}, /notices/{id}/{action} and
 * /notices/findings/{finding}/admission have real ids (notice_code(): the
 * id, request_review for {action}, the out_of_list finding); test_notice()
 * then takes it through its steps, with refusals, and checks the page. */
bool notice_fixture(void);
const char *notice_code(const char *collection, size_t clen, const char *param, size_t plen);
void test_notice(void);

bool drafts_seed(void);
/* t_auth.c: GET /login, then POST the form with its token (next may be
 * NULL); the jar gets the session cookie. */
struct resp *web_login(struct jar *jar, const char *name, const char *password,
                       const char *next); /* t_drafts.c: before the server starts */

void check_write_refusals(const char *method, const char *path, const char *body);

#endif
