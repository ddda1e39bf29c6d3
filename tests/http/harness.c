/* harness.c - see http_test.h. */
#include "http_test.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct env E;

/* ---- results ---- */

static int g_passed, g_failed;

void t_ok(const char *name)
{
	g_passed++;
	printf("ok - %s\n", name);
	fflush(stdout);
}

static void vfail(const char *name, const char *fmt, va_list ap)
{
	char detail[1024];
	vsnprintf(detail, sizeof detail, fmt, ap);
	/* one line per result: no newlines in the detail */
	for (char *p = detail; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	g_failed++;
	printf("FAIL - %s: %s\n", name, detail);
	fflush(stdout);
}

void t_fail(const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(name, fmt, ap);
	va_end(ap);
}

bool t_check(bool cond, const char *name, const char *fmt, ...)
{
	if (cond) {
		t_ok(name);
		return true;
	}
	va_list ap;
	va_start(ap, fmt);
	vfail(name, fmt, ap);
	va_end(ap);
	return false;
}

void t_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
}

int t_passed(void)
{
	return g_passed;
}

int t_failed(void)
{
	return g_failed;
}

/* ---- child processes ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Waits for pid until the deadline; returns its wait status, or -1 when it
 * is still running at the deadline. */
static int wait_until(pid_t pid, double deadline)
{
	for (;;) {
		int status;
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			return status;
		if (w < 0 && errno != EINTR)
			return -2;
		if (now_s() > deadline)
			return -1;
		sleep_ms(20);
	}
}

int run_cmd(const char *const argv[], const char *stdin_text, char *out, size_t outsz,
            int timeout_s)
{
	int in[2], outp[2];
	if (pipe(in) != 0)
		return -1;
	if (pipe(outp) != 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 2);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, outp[0]);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(outp[1]);
	if (rc != 0) {
		close(in[1]);
		close(outp[0]);
		snprintf(out, outsz, "cannot run %s: %s", argv[0], strerror(rc));
		return -1;
	}
	/* The inputs are a line or two: they fit in the pipe. */
	if (stdin_text) {
		ssize_t w = write(in[1], stdin_text, strlen(stdin_text));
		(void)w;
	}
	close(in[1]);
	double deadline = now_s() + timeout_s;
	size_t used = 0;
	out[0] = '\0';
	for (;;) {
		int left = (int)((deadline - now_s()) * 1000);
		if (left <= 0)
			break;
		struct pollfd p = {outp[0], POLLIN, 0};
		int n = poll(&p, 1, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		char chunk[4096];
		ssize_t got = read(outp[0], chunk, sizeof chunk);
		if (got <= 0)
			break;
		size_t keep = (size_t)got;
		if (used + keep >= outsz)
			keep = outsz - 1 - used;
		memcpy(out + used, chunk, keep);
		used += keep;
		out[used] = '\0';
	}
	close(outp[0]);
	int status = wait_until(pid, deadline);
	if (status == -1) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return -1;
	}
	return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int g_cli_runs, g_cli_failures;
static char g_cli_first[600];

int run_bin(const char *const args[], const char *stdin_text, char *out, size_t outsz)
{
	const char *argv[16] = {E.bin};
	int n = 1;
	for (int i = 0; args[i] && n < 13; i++)
		argv[n++] = args[i];
	argv[n++] = "--db";
	argv[n++] = E.db;
	argv[n] = NULL;
	int rc = run_cmd(argv, stdin_text, out, outsz, 60);
	g_cli_runs++;
	if (rc != 0 && g_cli_failures++ == 0) {
		/* a sanitizer's summary says most; else the first line */
		const char *why = strstr(out, "SUMMARY:");
		why = why ? why : out;
		snprintf(g_cli_first, sizeof g_cli_first, "dutylist %s %s: exit %d: %.*s", args[0],
		         args[1] ? args[1] : "", rc, (int)strcspn(why, "\n"), why);
	}
	return rc;
}

static bool find_token(const char *out, char tok[65])
{
	for (const char *p = out; *p; p++) {
		size_t hex = strspn(p, "0123456789abcdef");
		if (hex == 64 && (p == out || !strchr("0123456789abcdef", p[-1]))) {
			memcpy(tok, p, 64);
			tok[64] = '\0';
			return true;
		}
		if (hex)
			p += hex - 1;
	}
	return false;
}

bool bin_token(const char *user, char tok[65])
{
	char out[8192];
	const char *create[] = {"token", "create", user, NULL};
	int rc = run_bin(create, NULL, out, sizeof out);
	if (find_token(out, tok))
		return true;
	if (!strstr(out, "LeakSanitizer")) {
		t_note("token create %s: exit %d, no token: %.300s", user, rc, out);
		return false;
	}
	const char *was = getenv("ASAN_OPTIONS");
	char *saved = was ? strdup(was) : NULL;
	char opts[512];
	snprintf(opts, sizeof opts, "%s%sdetect_leaks=0", was ? was : "", was && *was ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
	const char *argv[] = {E.bin, "token", "create", user, "--db", E.db, NULL};
	rc = run_cmd(argv, NULL, out, sizeof out, 60);
	if (saved)
		setenv("ASAN_OPTIONS", saved, 1);
	else
		unsetenv("ASAN_OPTIONS");
	free(saved);
	if (find_token(out, tok))
		return true;
	t_note("token create %s (detect_leaks=0): exit %d, no token: %.300s", user, rc, out);
	return false;
}

void cli_summary(void)
{
	char name[120];
	snprintf(name, sizeof name, "every CLI command the suite ran exited 0 (%d runs)", g_cli_runs);
	t_check(g_cli_failures == 0, name, "%d did not; first %s", g_cli_failures, g_cli_first);
}

bool sql(const char *statement, char *out, size_t outsz)
{
	const char *argv[] = {"sqlite3", "-batch", E.db, statement, NULL};
	return run_cmd(argv, NULL, out, outsz, 20) == 0;
}

bool healthy(void)
{
	struct resp *r = GET("/healthz");
	bool ok = r->status == 200 && strcmp(r->body, "ok\n") == 0;
	resp_free(r);
	return ok;
}

void server_log_tail(void)
{
	FILE *f = fopen(E.log, "r");
	if (!f)
		return;
	static char text[65536];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	/* the last 20 lines */
	int lines = 0;
	char *start = text + n;
	while (start > text && lines <= 20)
		if (*--start == '\n')
			lines++;
	for (char *line = strtok(start, "\n"); line; line = strtok(NULL, "\n"))
		t_note("serve: %s", line);
}

bool server_start(bool *retry)
{
	*retry = false;
	char listen[32];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", E.port);
	snprintf(E.base, sizeof E.base, "http://127.0.0.1:%d", E.port);
	const char *argv[] = {E.bin, "serve", "--db", E.db, "--listen", listen, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, E.log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	int rc = posix_spawn(&E.server, E.bin, &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		E.server = 0;
		t_note("cannot start %s: %s", E.bin, strerror(rc));
		return false;
	}
	double deadline = now_s() + 10;
	while (now_s() < deadline) {
		int status;
		if (waitpid(E.server, &status, WNOHANG) == E.server) {
			E.server = 0;
			t_note("the server exited before answering /healthz (status %d)", status);
			*retry = true;
			return false;
		}
		if (healthy())
			return true;
		sleep_ms(50);
	}
	t_note("the server did not answer /healthz within 10 s; killing it");
	kill(E.server, SIGKILL);
	waitpid(E.server, NULL, 0);
	E.server = 0;
	return false;
}

bool server_stop(double *secs)
{
	*secs = 0;
	if (!E.server)
		return false;
	double start = now_s();
	kill(E.server, SIGTERM);
	int status = wait_until(E.server, start + 5);
	*secs = now_s() - start;
	if (status == -1) {
		t_note("the server did not exit within 5 s of SIGTERM; killing it");
		kill(E.server, SIGKILL);
		waitpid(E.server, &status, 0);
		E.server = 0;
		return false;
	}
	E.server = 0;
	if (status < 0)
		return false;
	if (WIFSIGNALED(status)) {
		t_note("the server died of signal %d", WTERMSIG(status));
		return false;
	}
	if (WEXITSTATUS(status) != 0)
		t_note("the server exited with status %d", WEXITSTATUS(status));
	return WEXITSTATUS(status) == 0;
}

/* ---- cookies ---- */

const char *jar_get(const struct jar *j, const char *name)
{
	for (int i = 0; i < j->n; i++)
		if (strcmp(j->c[i].name, name) == 0)
			return j->c[i].value;
	return NULL;
}

void jar_set(struct jar *j, const char *name, const char *value)
{
	int i;
	for (i = 0; i < j->n; i++)
		if (strcmp(j->c[i].name, name) == 0)
			break;
	if (!*value) {
		if (i < j->n)
			j->c[i] = j->c[--j->n];
		return;
	}
	if (i == j->n) {
		if (j->n == JAR_MAX)
			return;
		j->n++;
	}
	snprintf(j->c[i].name, sizeof j->c[i].name, "%s", name);
	snprintf(j->c[i].value, sizeof j->c[i].value, "%s", value);
}

/* strcasestr is a GNU extension. */
static const char *find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* Applies one Set-Cookie header to the jar. */
static void jar_update(struct jar *j, const char *line)
{
	const char *eq = strchr(line, '=');
	if (!eq)
		return;
	char name[32], value[160];
	snprintf(name, sizeof name, "%.*s", (int)(eq - line), line);
	size_t vlen = strcspn(eq + 1, ";");
	snprintf(value, sizeof value, "%.*s", (int)vlen, eq + 1);
	const char *max_age = find_ci(line, "; Max-Age=");
	if (max_age && atol(max_age + strlen("; Max-Age=")) <= 0)
		value[0] = '\0'; /* an expired cookie is a removed one */
	jar_set(j, name, value);
}

/* ---- requests ---- */

/* What http() has seen, for security_summary. */
#define MAX_STATUSES 32
struct seen {
	long status;
	int count, bad;
	char first_bad[300];
};
static struct seen g_seen[MAX_STATUSES];
static int g_nseen;

static void check_security_headers(const struct resp *r)
{
	const char *csp = header(r, "Content-Security-Policy");
	const char *nosniff = header(r, "X-Content-Type-Options");
	const char *referrer = header(r, "Referrer-Policy");
	char problem[200] = "";
	if (!csp)
		snprintf(problem, sizeof problem, "no Content-Security-Policy");
	else if (!strstr(csp, "frame-ancestors 'none'"))
		snprintf(problem, sizeof problem, "CSP without frame-ancestors 'none'");
	else if (strstr(csp, "unsafe-inline"))
		snprintf(problem, sizeof problem, "CSP allows 'unsafe-inline'");
	else if (!nosniff || strcasecmp(nosniff, "nosniff") != 0)
		snprintf(problem, sizeof problem, "X-Content-Type-Options is %s",
		         nosniff ? nosniff : "missing");
	else if (!referrer || !*referrer)
		snprintf(problem, sizeof problem, "no Referrer-Policy");
	int i;
	for (i = 0; i < g_nseen; i++)
		if (g_seen[i].status == r->status)
			break;
	if (i == g_nseen) {
		if (g_nseen == MAX_STATUSES)
			return;
		g_seen[g_nseen++].status = r->status;
	}
	g_seen[i].count++;
	if (problem[0] && g_seen[i].bad++ == 0)
		snprintf(g_seen[i].first_bad, sizeof g_seen[i].first_bad, "%.120s: %.170s", r->what,
		         problem);
}

void security_summary(void)
{
	/* in status order */
	for (int a = 0; a < g_nseen; a++)
		for (int b = a + 1; b < g_nseen; b++)
			if (g_seen[b].status < g_seen[a].status) {
				struct seen t = g_seen[a];
				g_seen[a] = g_seen[b];
				g_seen[b] = t;
			}
	for (int i = 0; i < g_nseen; i++) {
		char name[120];
		/* libmicrohttpd answers a request whose headers overflow the
		 * connection's memory (431) itself, before any handler: a fixed
		 * plain-text body with no page to protect.  Noted, not failed. */
		if (g_seen[i].status == 431) {
			t_note("431 answers come from libmicrohttpd itself (%d seen, %d without our "
			       "headers)",
			       g_seen[i].count, g_seen[i].bad);
			continue;
		}
		snprintf(name, sizeof name, "security headers on every %ld response (%d seen)",
		         g_seen[i].status, g_seen[i].count);
		t_check(g_seen[i].bad == 0, name, "%d lacked one, first %s", g_seen[i].bad,
		        g_seen[i].first_bad);
	}
	static const long wanted[] = {200, 303, 400, 401, 403, 404, 422, 429};
	for (size_t w = 0; w < sizeof wanted / sizeof wanted[0]; w++) {
		bool seen = false;
		for (int i = 0; i < g_nseen; i++)
			seen = seen || g_seen[i].status == wanted[w];
		char name[96];
		snprintf(name, sizeof name, "the suite saw a %ld response (its headers were checked)",
		         wanted[w]);
		t_check(seen, name, "no request got a %ld", wanted[w]);
	}
}

struct prepared {
	CURL *curl;
	struct curl_slist *headers;
	struct resp *r;
	struct jar *jar;
	size_t cap;
	bool head;
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct prepared *p = ctx;
	struct resp *r = p->r;
	size_t len = size * n;
	if (r->len + len + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 8192;
		while (cap < r->len + len + 1)
			cap *= 2;
		char *grown = realloc(r->body, cap);
		if (!grown)
			return 0;
		r->body = grown;
		p->cap = cap;
	}
	memcpy(r->body + r->len, data, len);
	r->len += len;
	r->body[r->len] = '\0';
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct prepared *p = ctx;
	struct resp *r = p->r;
	size_t len = size * n;
	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* a new response (after a 100 Continue): forget the last one's */
		for (size_t i = 0; i < r->nh; i++) {
			free(r->h[i].name);
			free(r->h[i].value);
		}
		r->nh = 0;
		return len;
	}
	const char *colon = memchr(data, ':', len);
	if (!colon)
		return len;
	size_t nlen = (size_t)(colon - data);
	const char *v = colon + 1, *end = data + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	struct header *grown = realloc(r->h, (r->nh + 1) * sizeof *r->h);
	if (!grown)
		return 0;
	r->h = grown;
	r->h[r->nh].name = strndup(data, nlen);
	r->h[r->nh].value = strndup(v, (size_t)(end - v));
	r->nh++;
	return len;
}

struct prepared *http_prepare(const struct req *q, struct resp **out)
{
	struct prepared *p = calloc(1, sizeof *p);
	struct resp *r = calloc(1, sizeof *r);
	if (!p || !r)
		abort();
	p->r = r;
	p->jar = q->jar;
	*out = r;
	const char *method = q->method ? q->method : q->body ? "POST" : "GET";
	snprintf(r->what, sizeof r->what, "%s %.*s%s", method, 160, q->path,
	         strlen(q->path) > 160 ? "..." : "");
	p->curl = curl_easy_init();
	if (!p->curl)
		abort();
	CURL *c = p->curl;
	size_t ulen = strlen(E.base) + strlen(q->path) + 1;
	char *url = malloc(ulen);
	if (!url)
		abort();
	snprintf(url, ulen, "%s%s", E.base, q->path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	free(url); /* curl copies it */
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 20000L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, p);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, p);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->error);
	if (strcmp(method, "HEAD") == 0) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
		p->head = true;
	} else if (strcmp(method, "GET") != 0 || q->body) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	}
	if (!q->body && (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0)) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
		curl_easy_setopt(c, CURLOPT_COPYPOSTFIELDS, ""); /* Content-Length: 0 */
	}
	if (q->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)(q->body_len ? q->body_len : strlen(q->body)));
		curl_easy_setopt(c, CURLOPT_COPYPOSTFIELDS, q->body);
	}
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, "Expect:"); /* no 100 Continue round trip */
	char line[400];
	if (q->body) {
		snprintf(line, sizeof line, "Content-Type: %s",
		         q->content_type ? q->content_type : "application/json");
		h = curl_slist_append(h, line);
	}
	if (q->bearer) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", q->bearer);
		h = curl_slist_append(h, line);
	}
	for (size_t i = 0; i < sizeof q->headers / sizeof q->headers[0] && q->headers[i]; i++)
		h = curl_slist_append(h, q->headers[i]);
	if (q->jar && q->jar->n) {
		char cookies[JAR_MAX * 200] = "Cookie: ";
		for (int i = 0; i < q->jar->n; i++) {
			size_t used = strlen(cookies);
			snprintf(cookies + used, sizeof cookies - used, "%s%s=%s", i ? "; " : "",
			         q->jar->c[i].name, q->jar->c[i].value);
		}
		h = curl_slist_append(h, cookies);
	}
	p->headers = h;
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	return p;
}

void *http_handle(struct prepared *p)
{
	return p->curl;
}

void http_finish(struct prepared *p, int code)
{
	struct resp *r = p->r;
	if (code == CURLE_OK)
		curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, &r->status);
	else if (!r->error[0])
		snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror((CURLcode)code));
	if (!r->body) {
		r->body = calloc(1, 1);
		if (!r->body)
			abort();
	}
	if (r->status) {
		check_security_headers(r);
		const char *type = header(r, "Content-Type");
		if (type && strncasecmp(type, "application/json", 16) == 0 && r->len)
			r->json = json_loadb(r->body, r->len, 0, NULL);
		if (p->jar)
			for (size_t i = 0; i < r->nh; i++)
				if (strcasecmp(r->h[i].name, "Set-Cookie") == 0)
					jar_update(p->jar, r->h[i].value);
	}
	curl_slist_free_all(p->headers);
	curl_easy_cleanup(p->curl);
	free(p);
}

struct resp *http(const struct req *q)
{
	struct resp *r;
	struct prepared *p = http_prepare(q, &r);
	CURLcode code = curl_easy_perform(p->curl);
	http_finish(p, (int)code);
	return r;
}

struct resp *GET(const char *path)
{
	return http(&(struct req){.path = path});
}

struct resp *GET_as(const char *path, const char *bearer)
{
	return http(&(struct req){.path = path, .bearer = bearer});
}

struct resp *GET_jar(const char *path, struct jar *jar)
{
	return http(&(struct req){.path = path, .jar = jar});
}

void resp_free(struct resp *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nh; i++) {
		free(r->h[i].name);
		free(r->h[i].value);
	}
	free(r->h);
	free(r->body);
	json_decref(r->json);
	free(r);
}

const char *header(const struct resp *r, const char *name)
{
	for (size_t i = 0; i < r->nh; i++)
		if (strcasecmp(r->h[i].name, name) == 0)
			return r->h[i].value;
	return NULL;
}

const char *set_cookie(const struct resp *r, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < r->nh; i++)
		if (strcasecmp(r->h[i].name, "Set-Cookie") == 0 &&
		    strncmp(r->h[i].value, name, n) == 0 && r->h[i].value[n] == '=')
			return r->h[i].value;
	return NULL;
}

char *esc(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = malloc(3 * n + 1), *o = out;
	if (!out)
		abort();
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

bool form_value(const struct resp *r, const char *after, const char *name, char *out,
                size_t outsz)
{
	const char *from = after ? strstr(r->body, after) : r->body;
	if (!from)
		return false;
	char needle[80];
	snprintf(needle, sizeof needle, "name=\"%s\" value=\"", name);
	const char *p = strstr(from, needle);
	if (!p)
		return false;
	p += strlen(needle);
	size_t n = strcspn(p, "\"");
	if (n >= outsz)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

/* ---- assertions ---- */

const char *excerpt(const struct resp *r)
{
	static char text[240];
	if (!r->status) {
		snprintf(text, sizeof text, "no answer: %.200s", r->error);
		return text;
	}
	/* from the error message of an HTML error page, when there is one */
	const char *from = strstr(r->body, "class=\"error\"");
	from = from ? from : r->body;
	size_t n = strlen(from);
	snprintf(text, sizeof text, "%.200s%s", from, n > 200 ? "..." : "");
	for (char *p = text; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return text;
}

bool expect_status(const struct resp *r, long want, const char *name)
{
	return t_check(r->status == want, name, "%s: status %ld, wanted %ld; %s", r->what, r->status,
	               want, excerpt(r));
}

bool expect_status_in(const struct resp *r, long a, long b, const char *name)
{
	return t_check(r->status == a || r->status == b, name, "%s: status %ld, wanted %ld or %ld; %s",
	               r->what, r->status, a, b, excerpt(r));
}

bool expect_type(const struct resp *r, const char *prefix, const char *name)
{
	const char *type = header(r, "Content-Type");
	return t_check(type && strncasecmp(type, prefix, strlen(prefix)) == 0, name,
	               "%s: Content-Type %s, wanted %s", r->what, type ? type : "(none)", prefix);
}

bool expect_json_error(const struct resp *r, long status, const char *code, const char *field,
                       const char *name)
{
	const json_t *err = jget(r->json, "error");
	const char *got_code = jstr(err, "code"), *message = jstr(err, "message"),
		   *got_field = jstr(err, "field");
	if (r->status != status)
		t_fail(name, "%s: status %ld, wanted %ld; %s", r->what, r->status, status, excerpt(r));
	else if (!err || !got_code || !message)
		t_fail(name, "%s: not {\"error\":{\"code\",\"message\"}}: %s", r->what, excerpt(r));
	else if (code && strcmp(got_code, code) != 0)
		t_fail(name, "%s: error.code %s, wanted %s", r->what, got_code, code);
	else if (field && (!got_field || strcmp(got_field, field) != 0))
		t_fail(name, "%s: error.field %s, wanted %s (%s)", r->what,
		       got_field ? got_field : "(none)", field, message);
	else {
		t_ok(name);
		return true;
	}
	return false;
}

bool expect_contains(const struct resp *r, const char *needle, const char *name)
{
	return t_check(r->body && strstr(r->body, needle), name, "%s (%ld): no \"%s\" in the body",
	               r->what, r->status, needle);
}

bool expect_lacks(const struct resp *r, const char *needle, const char *name)
{
	const char *at = r->body ? strstr(r->body, needle) : NULL;
	return t_check(!at, name, "%s (%ld): the body has \"%s\" at byte %td", r->what, r->status,
	               needle, at ? at - r->body : 0);
}

json_t *jget(const json_t *v, const char *path)
{
	char part[64];
	while (v && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof part)
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		v = json_is_object(v) ? json_object_get(v, part) : NULL;
		path += n + (path[n] == '.');
	}
	return (json_t *)v;
}

const char *jstr(const json_t *v, const char *path)
{
	return json_string_value(jget(v, path));
}
