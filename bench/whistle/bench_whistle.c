/* bench_whistle.c - a year of a county's 吹哨报到 traffic, and what the
 * statistics and the overdue list cost on it, beside the plain way.
 *
 * The requirement: "A year of a county's traffic (30 towns, 30
 * departments, 50,000 whistles with their events): statistics pages
 * answer in under 200 ms; `whistle list --overdue` in under 100 ms."
 * This program makes the database and measures the use cases in
 * process; bench/whistle/run.sh times the command and the served pages.
 *
 *   bench_whistle --catalog DIR --db PATH [--whistles N] [--seed S] [--runs R]
 *
 * DIR holds the exchange files (bench/import/gen.py writes them); PATH
 * must not exist.  Steps:
 *
 *  1. a new database with that catalogue (catalog_import);
 *  2. --whistles (default 50,000) whistles raised over the year before
 *     now, written by direct SQL in one transaction with their steps
 *     (whistle_event): towns whistle in proportion to their size and a
 *     temper of their own, departments are called by a skewed share
 *     (a few take most), one matter in eight calls two or three
 *     departments (one whistle each, one matter_id), one in seven is
 *     urgent, 4% are reassigned, each department has a speed of its own
 *     (so some are late more often), 2% stall at a step and stay open
 *     (overdue), the last days' are still in progress, and most of the
 *     evaluated are resolved and satisfied.  Deadlines come from the
 *     default settings and the catalogue's calendar (core/whistle.h), as
 *     the use cases compute them;
 *  3. whistle_stats (the statistics page's figures, per department and
 *     per town), of the year and of one quarter, and whistle_list
 *     --overdue as the office, each the median of --runs (default 20);
 *  4. the baselines, the same answers the plain way: every whistle read
 *     whole (store_whistles, as JSON), annotated and counted in C
 *     (whistle_stats_of) or filtered (whistle_list without --overdue,
 *     then the overdue ones kept); and the query the statistics read
 *     before migration 8, with its per-whistle lookup of the last
 *     reassignment, alone.
 *
 * Each step shows its wall time and this process's CPU time (median of
 * the runs): on the shared 2-core machine the first grows with the load
 * of other work, the second much less.
 *
 * Prints the figures and `key=value` lines for run.sh.  Exit status 0
 * unless a step fails. */
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/whistle.h"
#include "io/catalog_csv.h"
#include "store/store.h"
#include "util/diag.h"

static const struct actor office = {"bench-office", "office", "", ""};

static uint64_t rng_state = 1;

static uint64_t rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static double unit(void)
{
	return (double)(rng() >> 11) / (double)(1ULL << 53);
}

/* A log-normal delay with this median (hours); sigma spreads it. */
static double lognormal(double median, double sigma)
{
	double u1 = unit(), u2 = unit();
	double z = sqrt(-2 * log(u1 > 1e-12 ? u1 : 1e-12)) * cos(2 * M_PI * u2);
	return median * exp(sigma * z);
}

static size_t pick(const double *cum, size_t n)
{
	double x = unit() * cum[n - 1];
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cum[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This process's CPU time: on a machine shared with other work the wall
 * time of a step grows with the load, its CPU time much less. */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_whistle: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void check(enum status st, const struct error *e, const char *what)
{
	if (st != STATUS_OK)
		die("%s: %s", what, e->message);
}

static void usage(void)
{
	fputs("usage: bench_whistle --catalog DIR --db PATH [--whistles N] [--seed S] [--runs R]\n",
	      stderr);
	exit(2);
}

static void sql_ok(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		die("%s: %s", what, sqlite3_errmsg(db));
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	sql_ok(db, sqlite3_prepare_v2(db, sql, -1, &st, NULL), sql);
	return st;
}

static void text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void at_text(sqlite3_stmt *st, int i, time_t t)
{
	char s[21];
	iso_time_format(t, s);
	text(st, i, s);
}

struct counts {
	long whistles, matters, multi, urgent, reassigned, resolved, unresolved, open, stalled,
		late, events;
};

static void event(sqlite3 *db, sqlite3_stmt *ev, int64_t id, const char *action,
                  const char *actor, time_t at, int64_t dept, const char *note, struct counts *n)
{
	sqlite3_bind_int64(ev, 1, id);
	text(ev, 2, action);
	text(ev, 3, actor);
	at_text(ev, 4, at);
	if (dept > 0)
		sqlite3_bind_int64(ev, 5, dept);
	else
		sqlite3_bind_null(ev, 5);
	text(ev, 6, note);
	sql_ok(db, sqlite3_step(ev), "insert an event");
	sqlite3_reset(ev);
	n->events++;
}

static bool before(const char *due, time_t t)
{
	time_t d;
	return !*due || (iso_time_parse(due, &d) && t <= d);
}

/* Step 2: the year's whistles, in one transaction. */
static void generate(const char *path, const struct catalog *c, time_t now, long total,
                     struct counts *n)
{
	sqlite3 *db;
	sqlite3 *db0 = NULL;
	int rc = sqlite3_open(path, &db0);
	db = db0;
	sql_ok(db, rc, "open the database");
	sqlite3_busy_timeout(db, 5000);
	size_t nt = c->ntowns, nd = c->ndepartments;
	int64_t *town_id = calloc(nt, sizeof *town_id), *dept_id = calloc(nd, sizeof *dept_id);
	double *town_cum = calloc(nt, sizeof *town_cum), *dept_cum = calloc(nd, sizeof *dept_cum);
	double *speed = calloc(nd, sizeof *speed);
	if (!town_id || !dept_id || !town_cum || !dept_cum || !speed)
		die("out of memory");
	sqlite3_stmt *q = prep(db, "SELECT id FROM town WHERE code = ?");
	for (size_t i = 0; i < nt; i++) {
		text(q, 1, c->towns[i].code);
		sql_ok(db, sqlite3_step(q), "town id");
		town_id[i] = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		/* size and a temper of its own: some towns whistle far more */
		double w = (double)(c->towns[i].population > 0 ? c->towns[i].population : 10000) *
		           (0.3 + 1.7 * unit());
		town_cum[i] = (i ? town_cum[i - 1] : 0) + w;
	}
	sqlite3_finalize(q);
	q = prep(db, "SELECT id FROM department WHERE code = ?");
	for (size_t i = 0; i < nd; i++) {
		text(q, 1, c->departments[i].code);
		sql_ok(db, sqlite3_step(q), "department id");
		dept_id[i] = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		/* a skewed share: the k-th most called about 1/k^0.9 as often */
		size_t rank = 1 + (size_t)(rng() % nd);
		dept_cum[i] = (i ? dept_cum[i - 1] : 0) + 1.0 / pow((double)rank, 0.9);
		speed[i] = 0.5 + 1.5 * unit(); /* 0.5: twice as quick as usual, 2: half as quick */
	}
	sqlite3_finalize(q);
	struct calendar cal = {0};
	for (size_t i = 0; i < c->ncalendar; i++) {
		long day;
		if (date_parse(c->calendar[i].date, &day))
			calendar_add(&cal, day, strcmp(c->calendar[i].kind, "班") == 0 ? CAL_WORK : CAL_REST);
	}
	calendar_sort(&cal);

	sql_ok(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), "begin");
	sqlite3_stmt *ins = prep(
		db, "INSERT INTO whistle (town_id, department_id, task_code, matter, place, urgency, "
		    "fit, warning, status, raised_by, raised_at, ack_due, report_due, resolve_due, "
		    "acked_by, acked_at, report, reported_by, reported_at, satisfied, comment, "
		    "evaluated_by, evaluated_at, matter_id, assigned_at) VALUES (?1, ?2, ?3, ?4, ?5, "
		    "?6, ?7, '', ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
		    "?22, coalesce(?23, (SELECT coalesce(max(id), 0) + 1 FROM whistle)), ?24)");
	sqlite3_stmt *ev = prep(db, "INSERT INTO whistle_event (whistle_id, action, actor, at, "
	                            "department_id, note) VALUES (?, ?, ?, ?, ?, ?)");
	static const char *const matters[] = {"河道垃圾堆积", "违章建筑", "山林火灾隐患",
	                                      "占道经营", "非法采砂", "污水直排", "危房排查",
	                                      "道路塌陷", "食品安全投诉", "秸秆焚烧"};
	const struct whistle_settings set = whistle_defaults;
	time_t year = 365 * 86400;
	memset(n, 0, sizeof *n);
	while (n->whistles < total) {
		size_t t = pick(town_cum, nt);
		time_t raised = now - (time_t)(unit() * (double)year);
		bool urgent = unit() < 0.15;
		int called = unit() < 0.125 ? 2 + (int)(rng() % 2) : 1;
		if (called > (int)nd)
			called = (int)nd;
		size_t depts[3];
		for (int k = 0; k < called; k++) {
			bool again;
			do {
				depts[k] = pick(dept_cum, nd);
				again = false;
				for (int j = 0; j < k; j++)
					again = again || depts[j] == depts[k];
			} while (again);
		}
		const char *task = unit() < 0.3 ? c->tasks[rng() % c->ntasks].code : "";
		const char *what = matters[rng() % (sizeof matters / sizeof *matters)];
		char by[48];
		snprintf(by, sizeof by, "town-%s", c->towns[t].code);
		int64_t matter = 0;
		n->matters++;
		n->multi += called > 1;
		for (int k = 0; k < called && n->whistles < total; k++) {
			size_t d = depts[k];
			int64_t dept = dept_id[d], first_dept = dept;
			time_t assigned = raised;
			bool moved = unit() < 0.04;
			if (moved) {
				/* the office calls another department some hours in */
				size_t to = (d + 1 + (size_t)(rng() % (nd - 1))) % nd;
				assigned = raised + (time_t)(3600 * (1 + 20 * unit()));
				d = to;
				dept = dept_id[d];
			}
			struct whistle_deadlines due;
			whistle_deadlines_at(&set, &cal, urgent, assigned, &due);
			/* when each step happens, if it has by now */
			double slow = speed[d];
			int stall = unit() < 0.02 ? 1 + (int)(rng() % 3) : 0; /* stops before step 1-3 */
			double ack_h = urgent ? lognormal(0.5 * slow, 0.8) : lognormal(5 * slow, 1.0);
			double rep_h = urgent ? lognormal(8 * slow, 0.6) : lognormal(30 * slow, 0.7);
			double eval_h = lognormal(20, 0.8);
			time_t acked = assigned + (time_t)(ack_h * 3600);
			time_t reported = acked + (time_t)(rep_h * 3600);
			time_t evaluated = reported + (time_t)(eval_h * 3600);
			int steps = 0; /* 1 acknowledged, 2 reported, 3 evaluated */
			if (acked <= now && stall != 1)
				steps = 1;
			if (steps == 1 && reported <= now && stall != 2)
				steps = 2;
			if (steps == 2 && evaluated <= now && stall != 3)
				steps = 3;
			bool resolved = unit() < 0.93 - 0.08 * (slow - 0.5);
			bool satisfied = resolved ? unit() < 0.9 : unit() < 0.1;
			const char *status = steps == 0   ? "raised"
			                     : steps == 1 ? "acknowledged"
			                     : steps == 2 ? "reported"
			                     : resolved   ? "resolved"
			                                  : "closed_unresolved";
			char dept_user[48];
			snprintf(dept_user, sizeof dept_user, "dept-%s", c->departments[d].code);
			sqlite3_bind_int64(ins, 1, town_id[t]);
			sqlite3_bind_int64(ins, 2, dept);
			text(ins, 3, task);
			text(ins, 4, what);
			text(ins, 5, "某村");
			text(ins, 6, urgent ? "urgent" : "normal");
			text(ins, 7, *task ? (unit() < 0.7 ? "fit" : "other_lead") : "none");
			text(ins, 8, status);
			text(ins, 9, by);
			at_text(ins, 10, raised);
			text(ins, 11, due.ack);
			text(ins, 12, due.report);
			text(ins, 13, due.resolve);
			text(ins, 14, steps >= 1 ? dept_user : "");
			if (steps >= 1)
				at_text(ins, 15, acked);
			else
				text(ins, 15, "");
			text(ins, 16, steps >= 2 ? "已到场处置" : "");
			text(ins, 17, steps >= 2 ? dept_user : "");
			if (steps >= 2)
				at_text(ins, 18, reported);
			else
				text(ins, 18, "");
			if (steps == 3)
				sqlite3_bind_int(ins, 19, satisfied);
			else
				sqlite3_bind_null(ins, 19);
			text(ins, 20, steps == 3 ? (satisfied ? "满意" : "不满意") : "");
			text(ins, 21, steps == 3 ? by : "");
			if (steps == 3)
				at_text(ins, 22, evaluated);
			else
				text(ins, 22, "");
			if (matter)
				sqlite3_bind_int64(ins, 23, matter);
			else
				sqlite3_bind_null(ins, 23);
			at_text(ins, 24, assigned);
			sql_ok(db, sqlite3_step(ins), "insert a whistle");
			sqlite3_reset(ins);
			sqlite3_clear_bindings(ins);
			int64_t id = sqlite3_last_insert_rowid(db);
			if (!matter)
				matter = id;
			event(db, ev, id, "raise", by, raised, first_dept, "", n);
			if (moved)
				event(db, ev, id, "reassign", "bench-office", assigned, dept, "牵头部门", n);
			if (steps >= 1)
				event(db, ev, id, "acknowledge", dept_user, acked, dept, "", n);
			if (steps >= 2)
				event(db, ev, id, "report", dept_user, reported, dept, "已到场处置", n);
			if (steps == 3)
				event(db, ev, id, resolved ? "resolve" : "close_unresolved", by, evaluated, dept,
				      satisfied ? "满意" : "不满意", n);
			n->whistles++;
			n->urgent += urgent;
			n->reassigned += moved;
			n->resolved += steps == 3 && resolved;
			n->unresolved += steps == 3 && !resolved;
			n->open += steps < 3;
			n->stalled += stall && steps < 3 && steps == stall - 1;
			n->late += steps >= 1 && !before(due.ack, acked);
		}
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(ev);
	sql_ok(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
	sql_ok(db, sqlite3_exec(db, "ANALYZE", NULL, NULL, NULL), "analyze");
	sqlite3_close(db);
	calendar_free(&cal);
	free(town_id);
	free(dept_id);
	free(town_cum);
	free(dept_cum);
	free(speed);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* What is timed: fills *out with a count to show. */
typedef void (*step_fn)(struct store *s, long *out);

static const char *g_from, *g_to;

static void stats_step(struct store *s, long *out)
{
	json_t *o;
	struct error e;
	check(whistle_stats(s, g_from, g_to, &o, &e), &e, "whistle_stats");
	*out = (long)json_integer_value(json_object_get(o, "whistles"));
	json_decref(o);
}

static void overdue_step(struct store *s, long *out)
{
	json_t *o;
	struct error e;
	check(whistle_list(s, &office, NULL, NULL, true, &o, &e), &e, "whistle_list --overdue");
	*out = (long)json_array_size(o);
	json_decref(o);
}

/* Baseline: every whistle whole, annotated, counted in C. */
static void stats_plain(struct store *s, long *out)
{
	const struct catalog *c;
	const struct catalog_index *ix;
	struct error e;
	struct whistle_settings set;
	check(store_whistle_settings(s, &set, &e), &e, "settings");
	check(store_catalog_cached(s, &c, &ix, &e), &e, "catalogue");
	json_t *towns = json_array(), *depts = json_array(), *all;
	for (size_t i = 0; i < c->ntowns; i++)
		json_array_append_new(towns, json_pack("{s:s, s:s, s:I}", "code", c->towns[i].code,
		                                       "name", c->towns[i].name, "population",
		                                       (json_int_t)c->towns[i].population));
	for (size_t i = 0; i < c->ndepartments; i++)
		json_array_append_new(depts, json_pack("{s:s, s:s}", "code", c->departments[i].code,
		                                       "name", c->departments[i].name));
	check(store_whistles(s, NULL, NULL, g_from, g_to, &all, &e), &e, "store_whistles");
	time_t now = time(NULL);
	size_t i;
	json_t *w;
	json_array_foreach(all, i, w) whistle_annotate(w, now);
	json_t *o = whistle_stats_of(all, towns, depts, set.min_sample);
	*out = (long)json_integer_value(json_object_get(o, "whistles"));
	json_decref(o);
	json_decref(all);
	json_decref(towns);
	json_decref(depts);
}

/* Baseline: every whistle the office sees, then the overdue ones kept. */
static void overdue_plain(struct store *s, long *out)
{
	json_t *o;
	struct error e;
	check(whistle_list(s, &office, NULL, NULL, false, &o, &e), &e, "whistle_list");
	long n = 0;
	size_t i;
	json_t *w;
	json_array_foreach(o, i, w) n += json_is_string(json_object_get(w, "overdue"));
	*out = n;
	json_decref(o);
}

static const char *g_db;

/* Baseline: the statistics' query before migration 8 (the last
 * reassignment looked up per whistle), stepped through, nothing more. */
static void old_query(struct store *s, long *out)
{
	(void)s;
	static sqlite3 *db;
	static sqlite3_stmt *st;
	if (!db) {
		int rc = sqlite3_open_v2(g_db, &db, SQLITE_OPEN_READONLY, NULL);
		sql_ok(db, rc, "open");
		st = prep(db, "SELECT w.id, tw.code, tw.name, d.code, d.name, w.task_code, w.matter, "
		              "w.place, w.urgency, w.fit, w.warning, w.status, w.raised_by, w.raised_at, "
		              "coalesce((SELECT max(ev.at) FROM whistle_event ev WHERE ev.whistle_id = "
		              "w.id AND ev.action = 'reassign'), w.raised_at), w.ack_due, w.report_due, "
		              "w.resolve_due, w.acked_by, w.acked_at, w.report, w.reported_by, "
		              "w.reported_at, w.satisfied, w.comment, w.evaluated_by, w.evaluated_at "
		              "FROM whistle w JOIN town tw ON tw.id = w.town_id JOIN department d ON "
		              "d.id = w.department_id ORDER BY w.id DESC");
	}
	long n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_reset(st);
	*out = n;
}

static double timed(struct store *s, step_fn fn, int runs, long *count, double *lo, double *hi,
                    double *cpu)
{
	double *t = calloc((size_t)runs, sizeof *t), *c = calloc((size_t)runs, sizeof *c);
	if (!t || !c)
		die("out of memory");
	fn(s, count); /* once unmeasured: caches warm, as a served page's are */
	for (int i = 0; i < runs; i++) {
		double t0 = now_s(), c0 = cpu_s();
		fn(s, count);
		t[i] = (now_s() - t0) * 1000;
		c[i] = (cpu_s() - c0) * 1000;
	}
	double m = median(t, runs);
	*lo = t[0];
	*hi = t[runs - 1];
	*cpu = median(c, runs);
	free(t);
	free(c);
	return m;
}

int main(int argc, char **argv)
{
	const char *catalog_dir = NULL, *db = NULL;
	long total = 50000;
	int runs = 20;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			usage();
		i++;
		if (strcmp(a, "--catalog") == 0)
			catalog_dir = v;
		else if (strcmp(a, "--db") == 0)
			db = v;
		else if (strcmp(a, "--whistles") == 0)
			total = strtol(v, NULL, 10);
		else if (strcmp(a, "--runs") == 0)
			runs = atoi(v);
		else if (strcmp(a, "--seed") == 0)
			rng_state = strtoull(v, NULL, 10) * 0x9E3779B97F4A7C15ULL + 1;
		else
			usage();
	}
	if (!catalog_dir || !db || total < 1 || runs < 1 || runs > 1000)
		usage();
	g_db = db;
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct error e = {0};
	struct diag d = {0};

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
	store_close(s);
	printf("catalogue: %zu towns, %zu departments, %zu tasks, %zu calendar days (%.2f s)\n",
	       c.ntowns, c.ndepartments, c.ntasks, c.ncalendar, now_s() - t0);

	/* 2. the year's whistles */
	t0 = now_s();
	struct counts n;
	generate(db, &c, time(NULL), total, &n);
	double t_gen = now_s() - t0;
	printf("generated in %.2f s (one transaction): %ld whistles in %ld matters (%ld calling "
	       "several departments), %ld events; %ld urgent, %ld reassigned, %ld acknowledged "
	       "late; %ld resolved, %ld closed unresolved, %ld open (%ld stalled at a step)\n",
	       t_gen, n.whistles, n.matters, n.multi, n.events, n.urgent, n.reassigned, n.late,
	       n.resolved, n.unresolved, n.open, n.stalled);
	catalog_free(&c);

	/* 3, 4. the use cases and their baselines */
	check(store_open(db, STORE_EXISTING, &s, &e), &e, "open the database");
	struct {
		const char *key, *what;
		step_fn fn;
		const char *from, *to;
	} steps[] = {
		{"stats", "whistle_stats, the year (per department and per town)", stats_step, NULL,
		 NULL},
		{"stats_plain", "  baseline: every whistle as JSON, counted in C", stats_plain, NULL,
		 NULL},
		{"stats_old_query", "  baseline: the old query alone (per-row reassignment lookup)",
		 old_query, NULL, NULL},
		{"stats_quarter", "whistle_stats, the last quarter", stats_step, "quarter", NULL},
		{"stats_quarter_plain", "  baseline: every whistle as JSON, counted in C", stats_plain,
		 "quarter", NULL},
		{"overdue", "whistle_list --overdue (the office)", overdue_step, NULL, NULL},
		{"overdue_plain", "  baseline: every whistle listed, the overdue kept", overdue_plain,
		 NULL, NULL},
	};
	char q_from[11], q_to[11];
	long today = date_today();
	date_format(today - 91, q_from);
	date_format(today, q_to);
	printf("\n%-58s %9s %9s %9s %9s %8s\n", "in process (ms; median of runs)", "median", "min",
	       "max", "cpu", "count");
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		if (steps[i].from) {
			/* whistle_stats takes days; whistle_stats_of's store read ISO times */
			bool plain = steps[i].fn == stats_plain;
			static char lo_iso[21], hi_iso[21];
			long day;
			date_parse(q_from, &day);
			iso_time_format((time_t)day * 86400, lo_iso);
			date_parse(q_to, &day);
			iso_time_format((time_t)(day + 1) * 86400, hi_iso);
			g_from = plain ? lo_iso : q_from;
			g_to = plain ? hi_iso : q_to;
		} else {
			g_from = g_to = NULL;
		}
		long count = 0;
		double lo, hi, cpu;
		double m = timed(s, steps[i].fn, runs, &count, &lo, &hi, &cpu);
		printf("%-58s %9.1f %9.1f %9.1f %9.1f %8ld\n", steps[i].what, m, lo, hi, cpu, count);
		printf("%s_ms=%.1f\n%s_cpu_ms=%.1f\n%s_count=%ld\n", steps[i].key, m, steps[i].key, cpu,
		       steps[i].key, count);
	}
	store_close(s);
	printf("whistles=%ld\nevents=%ld\nopen=%ld\ngenerate_s=%.2f\n", n.whistles, n.events, n.open,
	       t_gen);
	return 0;
}
