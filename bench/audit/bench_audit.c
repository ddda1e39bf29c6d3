/* bench_audit.c - what the hash-chained audit log costs: appending an
 * entry, as part of a write and in a batch, and verifying a long chain,
 * each beside a baseline measured in the same process on the same
 * database.  Prints figures, not pass/fail (exit 0 unless a step fails).
 * Figures and what they mean: docs/performance.md, "Audit (bench/audit)".
 *
 *   build/bench_audit [--entries N] [--batch N] [--writes N] [--rounds N]
 *                     [--reps N] [--seed N] [--db PATH] [--checkpoint N] [--keep]
 *
 * Steps, on a new database (store_open STORE_CREATE):
 *   1. fill: N - W entries through store_audit_append, B per transaction
 *      (as a busy server commits), with actors, actions, objects and JSON
 *      details like the ones src/app writes; timed per batch;
 *   2. writes: W small writes (store_calendar_put, one transaction each)
 *      with their audit entry (app_audit: the JSON detail dumped and
 *      store_audit_append), and W without it, in alternating rounds; the
 *      difference per write is what an entry costs a write; with the
 *      pages each write adds to the WAL and how often it blocked (in
 *      fdatasync when a commit runs the WAL's checkpoint).  The chain
 *      then has exactly N entries;
 *   3. verify, `reps` times each, median: a plain scan of the rows
 *      (SELECT count(*), sum(length(detail))), a read of every column of
 *      every row in id order as store_audit_verify reads them (no
 *      hashing), store_audit_verify alone (the chain), PRAGMA
 *      integrity_check alone, and store_verify (what `dutylist verify`
 *      runs: integrity, foreign keys, invariants, chain);
 *   4. peak RSS (getrusage).
 *
 * It uses store/internal.h for the connection (the baselines' SQL) and for
 * store_audit_verify, which the library exports to store_verify. */
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "store/internal.h"

static const char *prog = "bench_audit";

static void fail(const char *what, const struct error *e)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, e ? e->message : strerror(errno));
	exit(1);
}

/* Wall time, and this process's CPU time (user + system): the machine
 * is shared, and CPU time moves much less with its load than wall time. */
struct span {
	double wall, cpu;
};

static double clock_s(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct span now(void)
{
	return (struct span){clock_s(CLOCK_MONOTONIC), clock_s(CLOCK_PROCESS_CPUTIME_ID)};
}

static struct span since(struct span t0)
{
	struct span t = now();
	return (struct span){t.wall - t0.wall, t.cpu - t0.cpu};
}

static void add(struct span *to, struct span d)
{
	to->wall += d.wall;
	to->cpu += d.cpu;
}

static double peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0; /* KB on Linux */
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The medians of the wall and of the CPU times, each on its own; with
 * the smallest and largest wall time when lo and hi are not NULL. */
static struct span median_span(const struct span *v, size_t n, double *lo, double *hi)
{
	double *w = calloc(n, sizeof *w), *c = calloc(n, sizeof *c);
	if (!w || !c)
		abort();
	for (size_t i = 0; i < n; i++)
		w[i] = v[i].wall, c[i] = v[i].cpu;
	struct span m = {median(w, n), median(c, n)};
	if (lo)
		*lo = w[0];
	if (hi)
		*hi = w[n - 1];
	free(w);
	free(c);
	return m;
}

/* --- realistic entries --------------------------------------------------- */

static uint64_t rng_state = 1;

static uint64_t rnd(void)
{
	/* xorshift64*: deterministic for a seed, good enough to pick names */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static size_t pick(size_t n)
{
	return (size_t)(rnd() % n);
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const struct {
	const char *name, *role;
} actors[] = {
	{"cli:root", "cli"},      {"bianban.zhang", "office"}, {"bianban.liu", "office"},
	{"suiyang.wang", "township"}, {"dongning.li", "township"}, {"sanchakou.zhao", "township"},
	{"daodu.chen", "township"}, {"huanghe.sun", "township"}, {"mz.zhou", "department"},
	{"sfj.wu", "department"},  {"nyj.zheng", "department"}, {"jjjc.feng", "supervisor"},
	{"admin", "admin"},
};

static const char *const categories[] = {"DJ", "JJ", "MZ", "PA", "ZH", "GF", "SH", "WH", "NY"};
static const char *const departments[] = {"MZJ", "SFJ", "NYNCJ", "ZRZYJ", "SCJGJ", "YJGLJ",
                                          "WJJ", "JYJ", "RSJ", "ZJJ"};
/* admission actions (core/machine.c) and the state each leads to */
static const char *const steps[][2] = {{"accept", "reviewing"}, {"return", "returned"},
                                       {"admit", "admitted"},   {"refuse", "refused"},
                                       {"resubmit", "submitted"}, {"withdraw", "withdrawn"}};
static const char *const reasons[] = {
	"",
	"该事项属于乡镇法定职责，建议保留",
	"依据已废止，需重新确认履职依据后再行调整",
	"乡镇不具备执法主体资格，应由县级部门承担，乡镇配合做好信息报送和现场协助",
	"与配合履职清单第12项重复，建议合并",
	"乡镇无相应专业力量和技术手段，建议调整为上级部门收回事项",
	"按照《黑龙江省乡镇权责清单编制指引》要求，补充履职方式和责任边界",
	"事项名称表述不规范",
	"经县委编办会同司法局审核，同意纳入基本履职事项清单，并同步更新办事指南",
};

static void town_code(char out[16])
{
	snprintf(out, 16, "2310861%02zu", 1 + pick(30));
}

static void task_code(char out[16])
{
	snprintf(out, 16, "%s-%04zu", categories[pick(COUNT(categories))], 1 + pick(300));
}

/* One entry like the ones src/app writes; detail is a JSON text (compact,
 * sorted keys, as app_audit dumps it) that the caller frees. */
struct entry_text {
	char object[64];
	char action[32];
	char procedure[32];
	char *detail;
	struct audit_entry a;
};

/* who is the actor's index; *role may be changed from the actor's. */
static json_t *make_detail(char action[32], char object[64], size_t who, const char **role)
{
	char town[16], task[16];
	town_code(town);
	task_code(task);
	const char *reason = reasons[pick(COUNT(reasons))];
	unsigned r = (unsigned)pick(100);
	if (r < 30) {
		snprintf(action, 32, "review.propose");
		snprintf(object, 64, "proposal:%zu", 1 + pick(200000));
		return json_pack("{s:I, s:s, s:s, s:s, s:s}", "round", (json_int_t)(1 + pick(4)),
		                 "town", town, "action", pick(2) ? "remove" : "modify", "task", task,
		                 "reason", reason);
	}
	if (r < 50) {
		snprintf(action, 32, pick(4) ? "review.agree" : "review.reject");
		snprintf(object, 64, "proposal:%zu", 1 + pick(200000));
		return json_pack("{s:I, s:s, s:s, s:s}", "round", (json_int_t)(1 + pick(4)), "town",
		                 town, "task", task, "reason", reason);
	}
	if (r < 60) {
		snprintf(action, 32, "admission.submit");
		snprintf(object, 64, "admission:%zu", 1 + pick(20000));
		json_t *towns = json_array();
		for (size_t i = 0, n = 1 + pick(5); i < n; i++) {
			town_code(town);
			json_array_append_new(towns, json_string(town));
		}
		return json_pack("{s:s, s:s, s:o}", "task", task, "department",
		                 departments[pick(COUNT(departments))], "towns", towns);
	}
	if (r < 68) {
		size_t k = pick(COUNT(steps));
		snprintf(action, 32, "admission.%s", steps[k][0]);
		snprintf(object, 64, "admission:%zu", 1 + pick(20000));
		return json_pack("{s:s, s:s, s:s, s:I}", "task", task, "state", steps[k][1], "reason",
		                 reason, "lists", (json_int_t)pick(30));
	}
	if (r < 75) {
		snprintf(action, 32, "adjustment.open");
		snprintf(object, 64, "adjustment:%zu", 1 + pick(50000));
		return json_pack("{s:s, s:s, s:s, s:s}", "town", town, "task", task, "basis",
		                 "FL-0042", "reason", reason);
	}
	if (r < 80) {
		snprintf(action, 32, "list.publish");
		snprintf(object, 64, "town:%s", town);
		return json_pack("{s:I, s:I, s:I, s:I}", "round", (json_int_t)(1 + pick(4)), "version",
		                 (json_int_t)(2 + pick(8)), "items", (json_int_t)(250 + pick(200)),
		                 "changes", (json_int_t)pick(25));
	}
	if (r < 95) {
		/* a login is the user's own entry; a failed one is "public" */
		bool ok = pick(20) != 0;
		snprintf(action, 32, ok ? "user.login" : "user.login_failed");
		snprintf(object, 64, "user:%s", actors[who].name);
		if (!ok)
			*role = "public";
		char client[48];
		snprintf(client, sizeof client, "10.%zu.%zu.%zu", pick(256), pick(256), 1 + pick(254));
		return json_pack("{s:s}", "client", client);
	}
	snprintf(action, 32, "basis.amend");
	snprintf(object, 64, "basis:FL-%04zu", 1 + pick(300));
	return json_pack("{s:s, s:s, s:s}", "title", "黑龙江省村民委员会选举办法（2023年修订）",
	                 "effective_date", "2023-10-01", "note", reason);
}

static void make_entry(struct entry_text *t)
{
	size_t who = pick(COUNT(actors));
	const char *role = actors[who].role;
	json_t *detail = make_detail(t->action, t->object, who, &role);
	t->detail = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	if (!t->detail) {
		errno = ENOMEM;
		fail("json_dumps", NULL);
	}
	snprintf(t->procedure, sizeof t->procedure, "%.*s", (int)strcspn(t->action, "."),
	         t->action);
	t->a = (struct audit_entry){actors[who].name, role, t->action, t->object, t->procedure,
	                            t->detail};
}

/* --- 1. fill -------------------------------------------------------------- */

struct fill_result {
	long entries, batches;
	struct span append; /* begin + appends + commit, summed over batches */
	struct span make;   /* building the entries (not counted above) */
	struct span last;   /* append for the last tenth of the batches */
	long last_entries;
	size_t detail_bytes, row_bytes;
};

static void fill(struct store *s, long n, long batch, struct fill_result *r)
{
	struct entry_text *batch_entries = calloc((size_t)batch, sizeof *batch_entries);
	if (!batch_entries)
		fail("calloc", NULL);
	memset(r, 0, sizeof *r);
	long nbatches = (n + batch - 1) / batch, last_from = nbatches - (nbatches + 9) / 10;
	struct error e;
	for (long b = 0, done = 0; done < n; b++) {
		long k = n - done < batch ? n - done : batch;
		struct span t0 = now();
		for (long i = 0; i < k; i++) {
			make_entry(&batch_entries[i]);
			const struct audit_entry *a = &batch_entries[i].a;
			size_t dl = strlen(a->detail);
			r->detail_bytes += dl;
			/* at, two hashes, the id as text, and the other fields */
			r->row_bytes += dl + 20 + 128 + strlen(a->actor) + strlen(a->role) +
			                strlen(a->action) + strlen(a->object) + strlen(a->procedure);
		}
		struct span made = since(t0), t1 = now();
		if (store_begin(s, &e) != STATUS_OK)
			fail("begin", &e);
		for (long i = 0; i < k; i++)
			if (store_audit_append(s, &batch_entries[i].a, &e) != STATUS_OK)
				fail("store_audit_append", &e);
		if (store_commit(s, &e) != STATUS_OK)
			fail("commit", &e);
		struct span appended = since(t1);
		for (long i = 0; i < k; i++)
			free(batch_entries[i].detail);
		add(&r->make, made);
		add(&r->append, appended);
		if (b >= last_from) {
			add(&r->last, appended);
			r->last_entries += k;
		}
		done += k;
		r->entries = done;
		r->batches = b + 1;
		if (isatty(STDERR_FILENO) && (b % 50 == 0 || done == n))
			fprintf(stderr, "\r%s: %ld / %ld entries", prog, done, n);
	}
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	free(batch_entries);
}

/* --- 2. writes with and without their audit entry ------------------------- */

static const char *const holidays[] = {"元旦", "春节", "清明节", "劳动节", "端午节",
                                       "中秋节", "国庆节", "调休上班"};
static long write_counter;

/* n writes, one transaction each: a calendar day (one of 1000, so after
 * the warm-up every write updates an existing row), with its audit entry
 * through app_audit when `audited`.  Returns the time taken, and sets
 * *pages (unless NULL) to the pages each write wrote to the WAL and *waits
 * to the times per 1000 writes the process blocked (voluntary context
 * switches: fdatasync at the WAL's checkpoints, nearly all). */
static struct span writes(struct store *s, long n, bool audited, double *pages,
                          double *waits)
{
	struct error e;
	char date[16];
	int cur, hi;
	sqlite3_db_status(s->db, SQLITE_DBSTATUS_CACHE_WRITE, &cur, &hi, 1);
	struct rusage ru0, ru1;
	getrusage(RUSAGE_SELF, &ru0);
	struct span t0 = now();
	for (long i = 0; i < n; i++) {
		long d = write_counter++ % 1000;
		snprintf(date, sizeof date, "%04ld-%02ld-%02ld", 2024 + d / 336, 1 + d / 28 % 12,
		         1 + d % 28);
		struct calendar_entry day = {.date = date,
		                             .kind = write_counter % 3 ? "休" : "班",
		                             .name = holidays[write_counter % COUNT(holidays)]};
		if (store_begin(s, &e) != STATUS_OK)
			fail("begin", &e);
		if (store_calendar_put(s, &day, &e) != STATUS_OK)
			fail("store_calendar_put", &e);
		if (audited) {
			struct actor who = {"bianban.zhang", "office", "", ""};
			char object[32];
			snprintf(object, sizeof object, "calendar:%s", date);
			if (app_audit(s, &who, "calendar.put", object,
			              json_pack("{s:s, s:s, s:s}", "date", date, "kind", day.kind, "name",
			                        day.name),
			              &e) != STATUS_OK)
				fail("app_audit", &e);
		}
		if (store_commit(s, &e) != STATUS_OK)
			fail("commit", &e);
	}
	struct span t = since(t0);
	getrusage(RUSAGE_SELF, &ru1);
	sqlite3_db_status(s->db, SQLITE_DBSTATUS_CACHE_WRITE, &cur, &hi, 1);
	if (pages)
		*pages = (double)cur / (double)n;
	if (waits)
		*waits = (double)(ru1.ru_nvcsw - ru0.ru_nvcsw) * 1000.0 / (double)n;
	return t;
}

/* --- 3. verify and its baselines ----------------------------------------- */

/* The plain scan: reading the rows without hashing. */
static struct span scan(struct store *s, long long *count, long long *bytes)
{
	sqlite3_stmt *st;
	struct span t0 = now();
	if (sqlite3_prepare_v2(s->db, "SELECT count(*), sum(length(detail)) FROM audit", -1, &st,
	                       NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		fprintf(stderr, "%s: scan: %s\n", prog, sqlite3_errmsg(s->db));
		exit(1);
	}
	*count = sqlite3_column_int64(st, 0);
	*bytes = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	return since(t0);
}

/* store_audit_verify's query, every column of every row fetched as text,
 * no hashing: what the chain costs before SHA-256 and the canonical form. */
static struct span read_rows(struct store *s, long long *total)
{
	sqlite3_stmt *st;
	struct span t0 = now();
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT id, at, actor, role, action, object, procedure, detail, "
	                       "prev_hash, hash FROM audit ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: read: %s\n", prog, sqlite3_errmsg(s->db));
		exit(1);
	}
	long long sum = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sum += sqlite3_column_int64(st, 0);
		for (int i = 1; i < 10; i++)
			sum += (long long)strlen(col_text(st, i));
	}
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "%s: read: %s\n", prog, sqlite3_errmsg(s->db));
		exit(1);
	}
	sqlite3_finalize(st);
	*total = sum;
	return since(t0);
}

static struct span integrity(struct store *s)
{
	sqlite3_stmt *st;
	struct span t0 = now();
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW || strcmp(col_text(st, 0), "ok") != 0) {
		fprintf(stderr, "%s: integrity_check: %s\n", prog, sqlite3_errmsg(s->db));
		exit(1);
	}
	sqlite3_finalize(st);
	return since(t0);
}

static struct span verify(struct store *s, bool chain_only)
{
	struct diag d = {0};
	struct error e;
	struct span t0 = now();
	enum status st = chain_only ? store_audit_verify(s, &d, &e) : store_verify(s, &d, &e);
	struct span t = since(t0);
	if (st != STATUS_OK)
		fail(chain_only ? "store_audit_verify" : "store_verify", &e);
	if (d.n) {
		diag_print(&d, stderr);
		fprintf(stderr, "%s: the database does not verify\n", prog);
		exit(1);
	}
	diag_free(&d);
	return t;
}

static int autocheckpoint(struct store *s)
{
	sqlite3_stmt *st;
	int n = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA wal_autocheckpoint", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* ------------------------------------------------------------------------- */

static long number(const char *flag, const char *v, long min)
{
	char *end;
	errno = 0;
	long n = v ? strtol(v, &end, 10) : 0;
	if (!v || errno || *end || n < min) {
		fprintf(stderr, "%s: %s needs a whole number >= %ld\n", prog, flag, min);
		exit(2);
	}
	return n;
}

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: %s [--entries N] [--batch N] [--writes N] [--rounds N] [--reps N]\n"
	        "       [--seed N] [--db PATH] [--checkpoint N] [--keep]\n"
	        "  --entries N     entries in the chain verified (default 1000000)\n"
	        "  --batch N       appends per transaction while filling (default 1000)\n"
	        "  --writes N      writes with an audit entry, and as many without (default 20000)\n"
	        "  --rounds N      alternating rounds the writes are split into (default 10)\n"
	        "  --reps N        runs of each verify measurement, median taken (default 3)\n"
	        "  --seed N        for the generated entries (default 1)\n"
	        "  --db PATH       the database to create (must not exist; default a temporary one)\n"
	        "  --checkpoint N  PRAGMA wal_autocheckpoint=N first (default: the store's, 1000)\n"
	        "  --keep          leave the database for `dutylist verify --db PATH`\n",
	        prog);
}

int main(int argc, char **argv)
{
	long entries = 1000000, batch = 1000, nwrites = 20000, rounds = 10, reps = 3, seed = 1;
	long checkpoint = -1; /* PRAGMA wal_autocheckpoint; -1: the store's (SQLite's 1000) */
	const char *db = NULL;
	bool keep = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--entries") == 0)
			entries = number(a, v, 1), i++;
		else if (strcmp(a, "--batch") == 0)
			batch = number(a, v, 1), i++;
		else if (strcmp(a, "--writes") == 0)
			nwrites = number(a, v, 1), i++;
		else if (strcmp(a, "--rounds") == 0)
			rounds = number(a, v, 1), i++;
		else if (strcmp(a, "--reps") == 0)
			reps = number(a, v, 1), i++;
		else if (strcmp(a, "--seed") == 0)
			seed = number(a, v, 1), i++;
		else if (strcmp(a, "--db") == 0 && v)
			db = v, i++;
		else if (strcmp(a, "--checkpoint") == 0)
			checkpoint = number(a, v, 0), i++;
		else if (strcmp(a, "--keep") == 0)
			keep = true;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (nwrites >= entries) {
		fprintf(stderr, "%s: --writes must be below --entries\n", prog);
		return 2;
	}
	if (rounds > nwrites)
		rounds = nwrites;
	if (sodium_init() < 0) {
		fprintf(stderr, "%s: libsodium failed to start\n", prog);
		return 1;
	}
	rng_state = 0x9E3779B97F4A7C15ULL ^ (uint64_t)seed;

	char dir[PATH_MAX] = "", path[PATH_MAX];
	if (db) {
		snprintf(path, sizeof path, "%s", db);
	} else {
		const char *tmp = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/dutylist-bench-audit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir))
			fail(dir, NULL);
		snprintf(path, sizeof path, "%s/audit.db", dir);
	}
	struct error e;
	struct store *s;
	if (store_open(path, STORE_CREATE, &s, &e) != STATUS_OK)
		fail("store_open", &e);
	if (checkpoint >= 0) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint=%ld", checkpoint);
		if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			fail("wal_autocheckpoint", NULL);
	}

	printf("dutylist audit benchmark: %ld entries (%ld by batches of %ld, %ld by single "
	       "writes), %ld + %ld writes in %ld rounds, verify median of %ld, seed %ld\n",
	       entries, entries - nwrites, batch, nwrites, nwrites, nwrites, rounds, reps, seed);
	printf("database %s (SQLite %s, WAL, synchronous=NORMAL, wal_autocheckpoint %d); times "
	       "as wall / CPU (user + system)\n",
	       path, sqlite3_libversion(), autocheckpoint(s));
	fflush(stdout);

	/* 1. fill */
	struct fill_result f;
	fill(s, entries - nwrites, batch, &f);
	double rss_fill = peak_rss_mb();
	double fe = (double)f.entries, le = (double)f.last_entries;
	printf("[fill] %ld entries in %ld transactions: %.2f / %.2f s appending, %.2f / %.2f us "
	       "per entry (last tenth %.2f / %.2f us); %.2f / %.2f s building the entries; mean "
	       "detail %.0f bytes, row ~%.0f bytes\n",
	       f.entries, f.batches, f.append.wall, f.append.cpu, f.append.wall * 1e6 / fe,
	       f.append.cpu * 1e6 / fe, f.last.wall * 1e6 / le, f.last.cpu * 1e6 / le, f.make.wall,
	       f.make.cpu, (double)f.detail_bytes / fe, (double)f.row_bytes / fe);
	fflush(stdout);

	/* 2. writes: a warm-up (every calendar day exists after it), then
	 * rounds alternating which goes first; per write, in us */
	(void)writes(s, 1000, false, NULL, NULL);
	long per_round = nwrites / rounds;
	struct span *with = calloc((size_t)rounds, sizeof *with),
	            *without = calloc((size_t)rounds, sizeof *without),
	            *diff = calloc((size_t)rounds, sizeof *diff);
	if (!with || !without || !diff)
		fail("calloc", NULL);
	long done_with = 0;
	double pages_with = 0, pages_without = 0, waits_with = 0, waits_without = 0;
	for (long r = 0; r < rounds; r++) {
		long n = r == rounds - 1 ? nwrites - done_with : per_round;
		struct span tw, to;
		double pw, po, ww, wo;
		if (r % 2) {
			tw = writes(s, n, true, &pw, &ww);
			to = writes(s, n, false, &po, &wo);
		} else {
			to = writes(s, n, false, &po, &wo);
			tw = writes(s, n, true, &pw, &ww);
		}
		pages_with += pw / (double)rounds;
		pages_without += po / (double)rounds;
		waits_with += ww / (double)rounds;
		waits_without += wo / (double)rounds;
		with[r] = (struct span){tw.wall * 1e6 / (double)n, tw.cpu * 1e6 / (double)n};
		without[r] = (struct span){to.wall * 1e6 / (double)n, to.cpu * 1e6 / (double)n};
		diff[r] = (struct span){with[r].wall - without[r].wall, with[r].cpu - without[r].cpu};
		done_with += n;
		printf("[writes %ld] %ld with their entry %.1f / %.1f us each, %ld without %.1f / %.1f "
		       "us\n",
		       r + 1, n, with[r].wall, with[r].cpu, n, without[r].wall, without[r].cpu);
	}
	double d_lo, d_hi;
	struct span w_med = median_span(with, (size_t)rounds, NULL, NULL),
	            wo_med = median_span(without, (size_t)rounds, NULL, NULL),
	            d_med = median_span(diff, (size_t)rounds, &d_lo, &d_hi);
	printf("[writes] per write: with its entry %.1f / %.1f us, without %.1f / %.1f us "
	       "(medians of %ld rounds); the entry's share %.1f / %.1f us (wall %.1f to %.1f); "
	       "pages written to the WAL per write %.2f with, %.2f without; blocked %.0f and %.0f "
	       "times per 1000 writes\n",
	       w_med.wall, w_med.cpu, wo_med.wall, wo_med.cpu, rounds, d_med.wall, d_med.cpu, d_lo,
	       d_hi, pages_with, pages_without, waits_with, waits_without);
	double rss_writes = peak_rss_mb();
	fflush(stdout);

	/* 3. verify, on exactly `entries` entries */
	int64_t head_id;
	char head_hash[65];
	if (store_audit_head(s, &head_id, head_hash, &e) != STATUS_OK)
		fail("store_audit_head", &e);
	struct span *t_scan = calloc((size_t)reps, sizeof *t_scan),
	            *t_read = calloc((size_t)reps, sizeof *t_read),
	            *t_chain = calloc((size_t)reps, sizeof *t_chain),
	            *t_integ = calloc((size_t)reps, sizeof *t_integ),
	            *t_full = calloc((size_t)reps, sizeof *t_full);
	if (!t_scan || !t_read || !t_chain || !t_integ || !t_full)
		fail("calloc", NULL);
	long long count = 0, bytes = 0, read_sum = 0;
	for (long r = 0; r < reps; r++) {
		t_scan[r] = scan(s, &count, &bytes);
		t_read[r] = read_rows(s, &read_sum);
		t_chain[r] = verify(s, true);
		t_integ[r] = integrity(s);
		t_full[r] = verify(s, false);
		printf("[verify %ld] scan %.3f / %.3f s, read %.3f / %.3f s, chain %.3f / %.3f s, "
		       "integrity_check %.3f / %.3f s, store_verify %.3f / %.3f s\n",
		       r + 1, t_scan[r].wall, t_scan[r].cpu, t_read[r].wall, t_read[r].cpu,
		       t_chain[r].wall, t_chain[r].cpu, t_integ[r].wall, t_integ[r].cpu,
		       t_full[r].wall, t_full[r].cpu);
		fflush(stdout);
	}
	if (count != entries || head_id != entries) {
		fprintf(stderr, "%s: the chain has %lld entries (head %lld), %ld expected\n", prog,
		        count, (long long)head_id, entries);
		return 1;
	}
	struct span scan_m = median_span(t_scan, (size_t)reps, NULL, NULL),
	            read_m = median_span(t_read, (size_t)reps, NULL, NULL),
	            chain_m = median_span(t_chain, (size_t)reps, NULL, NULL),
	            integ_m = median_span(t_integ, (size_t)reps, NULL, NULL),
	            full_m = median_span(t_full, (size_t)reps, NULL, NULL);
	double rss = peak_rss_mb();
	store_close(s);

	long long db_bytes = 0;
	FILE *fp = fopen(path, "rb");
	if (fp) {
		fseek(fp, 0, SEEK_END);
		db_bytes = ftell(fp);
		fclose(fp);
	}
	printf("[chain] %lld entries, head %lld %.16s..., details %.1f MB, database %.1f MB\n", count,
	       (long long)head_id, head_hash, (double)bytes / 1e6, (double)db_bytes / 1e6);
	printf("[rss] peak %.1f MB (after fill %.1f, after writes %.1f)\n\n", rss, rss_fill,
	       rss_writes);

	/* 4. the table: wall / CPU; the goals are wall times, and a goal
	 * missed on the wall clock but met in CPU time says so */
	printf("%-32s %-17s %-40s %-19s %-8s %s\n", "measure (wall / CPU)", "figure",
	       "baseline", "over baseline", "goal", "result");
	char fig[64], base[64], over[64];
#define VERDICT(wall, cpu, goal)                                                        \
	((wall) < (goal) ? "met" : (cpu) < (goal) ? "MISSED on the wall clock, met in CPU" \
	                                          : "MISSED")
	snprintf(fig, sizeof fig, "%.1f / %.1f us", f.append.wall * 1e6 / fe,
	         f.append.cpu * 1e6 / fe);
	printf("%-32s %-17s %-40s %-19s %-8s %s\n", "append, in a batch (per entry)", fig, "-", "-",
	       "-", "-");
	snprintf(fig, sizeof fig, "%.1f / %.1f us", w_med.wall, w_med.cpu);
	snprintf(base, sizeof base, "same write alone %.1f / %.1f us", wo_med.wall, wo_med.cpu);
	snprintf(over, sizeof over, "%+.1f / %+.1f us", d_med.wall, d_med.cpu);
	printf("%-32s %-17s %-40s %-19s %-8s %s\n", "write + its entry (per write)", fig, base, over,
	       "< 50 us", VERDICT(d_med.wall, d_med.cpu, 50));
	snprintf(fig, sizeof fig, "%.2f / %.2f s", chain_m.wall, chain_m.cpu);
	snprintf(base, sizeof base, "read rows %.2f / %.2f s (scan %.2f / %.2f)", read_m.wall,
	         read_m.cpu, scan_m.wall, scan_m.cpu);
	snprintf(over, sizeof over, "%+.2f / %+.2f s", chain_m.wall - read_m.wall,
	         chain_m.cpu - read_m.cpu);
	printf("%-32s %-17s %-40s %-19s %-8s %s\n", "verify: the audit chain alone", fig, base, over,
	       "< 5 s", VERDICT(chain_m.wall, chain_m.cpu, 5));
	snprintf(fig, sizeof fig, "%.2f / %.2f s", full_m.wall, full_m.cpu);
	snprintf(base, sizeof base, "integrity_check %.2f / %.2f s", integ_m.wall, integ_m.cpu);
	snprintf(over, sizeof over, "%+.2f / %+.2f s", full_m.wall - integ_m.wall,
	         full_m.cpu - integ_m.cpu);
	printf("%-32s %-17s %-40s %-19s %-8s %s\n", "verify: store_verify (all)", fig, base, over,
	       "< 5 s", VERDICT(full_m.wall, full_m.cpu, 5));
	snprintf(fig, sizeof fig, "%.1f MB", rss);
	printf("%-32s %-17s %-40s %-19s %-8s %s\n", "peak RSS", fig, "-", "-", "-", "-");
	printf("\nwrite: store_calendar_put in its own transaction; with its entry it also runs\n"
	       "app_audit (the JSON detail dumped, store_audit_append); over baseline: the median of\n"
	       "the rounds' differences.  read rows: the chain's query with every column fetched,\n"
	       "no hashing; scan: SELECT count(*), sum(length(detail)) FROM audit.  chain:\n"
	       "store_audit_verify; store_verify: integrity_check, foreign keys, invariants and\n"
	       "the chain, as `dutylist verify` runs them.  Medians of %ld runs.\n",
	       reps);

	if (keep) {
		printf("\nkept %s\n", path);
	} else {
		static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
		for (size_t i = 0; i < COUNT(suffix); i++) {
			char p[PATH_MAX + 16];
			snprintf(p, sizeof p, "%s%s", path, suffix[i]);
			unlink(p);
		}
		if (*dir)
			rmdir(dir);
	}
	free(with);
	free(without);
	free(diff);
	free(t_scan);
	free(t_read);
	free(t_chain);
	free(t_integ);
	free(t_full);
	return 0;
}
