/* main.c - the HTTP suite: build/tests/http PATH_TO_DUTYLIST
 *
 * Makes a temp dir with a demo database, users and API tokens, starts
 * `dutylist serve` on a free loopback port, runs every test file against
 * it, stops it with SIGTERM (it must exit 0 within 5 s), and removes the
 * temp dir.  Prints "ok - name" or "FAIL - name: detail" per check and
 * ends with "N passed, M failed"; exits 1 when anything failed. */
#include "http_test.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define WATCHDOG_SECONDS 300

/* A port nobody listens on now: bind 127.0.0.1:0, read it, close. */
static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	int port = -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *ent;
	char path[512];
	while ((ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static void cleanup(void)
{
	if (E.server > 0) {
		kill(E.server, SIGKILL);
		E.server = 0;
	}
	if (E.dir[0]) {
		remove_dir(E.dir);
		E.dir[0] = '\0';
	}
}

/* Appends the decimal n to buf at *len (async-signal-safe). */
static void put_int(char *buf, size_t *len, int n)
{
	char digits[16];
	int d = 0;
	do
		digits[d++] = (char)('0' + n % 10);
	while ((n /= 10) > 0 && d < 15);
	while (d)
		buf[(*len)++] = digits[--d];
}

/* The watchdog: the server hangs or the suite does; still end with the
 * summary line. */
static void on_alarm(int sig)
{
	(void)sig;
	if (E.server > 0)
		kill(E.server, SIGKILL);
	static const char msg[] = "FAIL - the suite finishes within the watchdog's time\n";
	char line[80];
	size_t n = 0;
	put_int(line, &n, t_passed());
	memcpy(line + n, " passed, ", 9);
	n += 9;
	put_int(line, &n, t_failed() + 1);
	memcpy(line + n, " failed\n", 8);
	n += 8;
	ssize_t w = write(1, msg, sizeof msg - 1);
	w = write(1, line, n);
	(void)w;
	_exit(2);
}

/* Adds a user (password on stdin) and, when tok is not NULL, makes an API
 * token.  A nonzero exit is recorded (cli_summary) but only stops the
 * suite when the user or token is missing. */
static bool make_user(const char *name, const char *role, const char *scope_opt,
                      const char *scope, char tok[65])
{
	char out[8192];
	const char *add[] = {"user", "add", name, "--role", role, "--password-stdin", NULL, NULL,
	                     NULL};
	if (scope_opt) {
		add[5] = scope_opt;
		add[6] = scope;
		add[7] = "--password-stdin";
	}
	int rc = run_bin(add, PASSWORD "\n", out, sizeof out);
	if (rc != 0 && !strstr(out, "added")) {
		t_note("user add %s: exit %d: %.300s", name, rc, out);
		return false;
	}
	if (!tok)
		return true;
	return bin_token(name, tok);
}

static bool setup(void)
{
	char out[8192];
	snprintf(E.dir, sizeof E.dir, "/tmp/dutylist-http-XXXXXX");
	if (!mkdtemp(E.dir)) {
		E.dir[0] = '\0';
		t_note("mkdtemp failed");
		return false;
	}
	snprintf(E.db, sizeof E.db, "%s/test.db", E.dir);
	snprintf(E.log, sizeof E.log, "%s/serve.log", E.dir);
	const char *init[] = {"init", NULL};
	int rc = run_bin(init, NULL, out, sizeof out);
	bool ok = t_check(rc == 0 || strstr(out, "6 town lists created"),
	                  "setup: dutylist init makes the demo database", "exit %d: %.300s", rc, out);
	ok = ok && make_user("off1", "office", NULL, NULL, E.tok_office) &&
	     make_user("adm1", "admin", NULL, NULL, E.tok_admin) &&
	     make_user("town1", "township", "--town", TOWN, E.tok_township) &&
	     make_user("town2", "township", "--town", OTHER_TOWN, E.tok_township_other) &&
	     make_user("dept1", "department", "--department", DEPT, E.tok_department) &&
	     make_user("sup1", "supervisor", NULL, NULL, E.tok_supervisor) &&
	     make_user("alice", "office", NULL, NULL, NULL) &&
	     make_user("bob", "office", NULL, NULL, NULL) &&
	     make_user("carol", "office", NULL, NULL, NULL) &&
	     make_user("dave", "office", NULL, NULL, NULL) &&
	     make_user(VICTIM, "office", NULL, NULL, NULL);
	if (!t_check(ok, "setup: users and API tokens made with the CLI", "see the notes above"))
		return false;
	const char *argv[] = {"sqlite3", "-version", NULL};
	E.have_sqlite3 = run_cmd(argv, NULL, out, sizeof out, 10) == 0;
	if (!E.have_sqlite3)
		t_note("sqlite3 is not installed: the draft and audit checks are skipped");
	else
		drafts_seed();
	return true;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH_TO_DUTYLIST\n", argv[0]);
		return 2;
	}
	E.bin = argv[1];
	if (access(E.bin, X_OK) != 0) {
		fprintf(stderr, "%s: %s is not an executable\n", argv[0], E.bin);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	alarm(WATCHDOG_SECONDS);
	atexit(cleanup);
	curl_global_init(CURL_GLOBAL_DEFAULT);

	bool started = false;
	if (setup()) {
		/* another process may take the port between the probe and the bind */
		bool retry = true;
		for (int attempt = 0; attempt < 3 && retry && !started; attempt++) {
			E.port = free_port();
			started = E.port > 0 && server_start(&retry);
		}
		t_check(started, "the server starts and answers /healthz within 10 s",
		        "it did not (log below)");
	}
	if (started) {
		t_note("serving %s on %s", E.db, E.base);
		review_fixture();
		consult_fixture();
		procedure_fixture();
		whistle_fixture();
		accountability_fixture();
		notice_fixture();
		test_api();
		test_pagination();
		test_pages();
		test_input();
		test_xss();
		test_auth();
		test_drafts();
		test_excel();
		test_writes();
		test_cache();
		test_concurrency();
		test_headers();
		test_review();
		test_consult();
		test_procedure();
		test_whistle();
		test_accountability();
		test_notice();
		t_check(healthy(), "the server still answers /healthz after every test",
		        "it does not");
		cli_summary();
		double secs;
		bool clean = server_stop(&secs);
		t_check(clean, "SIGTERM stops the server: exit status 0 within 5 s",
		        "it did not (%.1f s)", secs);
	}
	/* sanitizer reports land in the server's log */
	FILE *f = fopen(E.log, "r");
	if (f) {
		char line[1024];
		char found[1024] = "";
		while (fgets(line, sizeof line, f))
			if (!found[0] && (strstr(line, "ERROR: AddressSanitizer") ||
			                  strstr(line, "ERROR: LeakSanitizer") ||
			                  strstr(line, "runtime error:")))
				snprintf(found, sizeof found, "%s", line);
		fclose(f);
		t_check(!found[0], "the server's log has no sanitizer report", "%s", found);
	}
	if (t_failed())
		server_log_tail();
	printf("%d passed, %d failed\n", t_passed(), t_failed());
	cleanup();
	curl_global_cleanup();
	return t_failed() ? 1 : 0;
}
