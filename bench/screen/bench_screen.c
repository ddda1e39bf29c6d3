/* bench_screen.c - the screening engine (防护屏障) at county size, beside
 * the plain way a user would match sentences to tasks.
 *
 * The requirement: "A generated corpus of notices (tens of MB) screened
 * against a catalogue of 5,000 tasks: print MB/s per core, and beside it
 * ... a plain baseline that a user would write (SQLite FTS5 trigram index
 * of the tasks, one BM25 query per sentence).  Goals: >= 20 MB/s per
 * core, >= 10x the baseline, building the matching index for 5,000 tasks
 * under 50 ms."
 *
 *   bench_screen --catalog DIR --corpus FILE [--runs N] [--baseline-seconds S]
 *                [--dump FILE] [--exhaustive]
 *
 * DIR holds the exchange files (bench/import/gen.py); FILE the notices,
 * separated by a line holding a form feed (bench/screen/gen_notices.py).
 * Each town's list is the tasks whose applies_to matches it (what
 * `dutylist screen` falls back to without a list in force).
 *
 *  1. the engine's index: screen_engine_new over all tasks, --runs times
 *     (default 7; the first also builds the process's word tables), the
 *     median and the fastest;
 *  2. the engine: screen_text on every notice, one thread; CPU time of
 *     the thread (per core) and wall time; findings by verdict;
 *  3. the baseline: an in-memory SQLite database with a
 *     fts5(name, duty, township_part, department_part, keywords,
 *     tokenize='trigram') table of the tasks (its build timed too), then
 *     for each sentence (screen_sentences, the same splitter) one query
 *     `... MATCH ? ORDER BY rank LIMIT 1` (rank is bm25) whose MATCH is
 *     the sentence's distinct trigrams of letters and digits, quoted,
 *     joined by OR.  It runs on the notices in order until
 *     --baseline-seconds (default 20) of CPU time have passed, and its
 *     MB/s is over what it read.
 *
 * Prints the figures and a table with the goals; key=value lines for
 * run.sh.  Exit status 0 unless a step fails. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "core/catalog.h"
#include "io/catalog_csv.h"
#include "io/encoding.h"
#include "screen/screen.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/fs.h"

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "bench_screen: %s\n", what);
	exit(1);
}

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static double cpu_s(void) { return clock_s(CLOCK_THREAD_CPUTIME_ID); }
static double wall_s(void) { return clock_s(CLOCK_MONOTONIC); }

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct notice {
	const char *text;
	size_t len;
};

/* The corpus split at "\f\n" lines. */
static struct notice *split_corpus(const char *data, size_t len, size_t *n)
{
	size_t cap = 1024, m = 0;
	struct notice *v = xmalloc(cap * sizeof *v);
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *q = memchr(p, '\f', (size_t)(end - p));
		const char *stop = q ? q : end;
		if (m == cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		v[m++] = (struct notice){p, (size_t)(stop - p)};
		p = q ? q + 1 : end;
		if (p < end && *p == '\n')
			p++;
	}
	*n = m;
	return v;
}

/* The MATCH expression of the baseline: the sentence's distinct trigrams
 * of letters and digits, quoted, joined by OR; "" when it has none. */
static void trigram_query(const char *s, size_t len, struct buf *q)
{
	buf_reset(q);
	size_t starts[3] = {0}, nrun = 0;
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	struct buf seen = {0}; /* "|tri|tri|..." to drop repeats */
	buf_putc(&seen, '|');
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) {
			nrun = 0;
			i++;
			continue;
		}
		utf8proc_category_t c = utf8proc_category(cp);
		bool word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
		            (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
		if (!word) {
			nrun = 0;
			i += (size_t)k;
			continue;
		}
		if (nrun == 3) {
			starts[0] = starts[1];
			starts[1] = starts[2];
			nrun = 2;
		}
		starts[nrun++] = i;
		i += (size_t)k;
		if (nrun == 3) {
			size_t tl = i - starts[0];
			char tri[16];
			memcpy(tri + 1, s + starts[0], tl);
			tri[0] = '|';
			tri[tl + 1] = '|';
			tri[tl + 2] = 0;
			if (strstr(seen.data, tri))
				continue;
			buf_append(&seen, tri + 1, tl + 1);
			if (q->len)
				buf_puts(q, " OR ");
			buf_putc(q, '"');
			buf_append(q, s + starts[0], tl);
			buf_putc(q, '"');
		}
	}
	buf_free(&seen);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_screen: %s: %s\n", sql, err ? err : "?");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *catalog_dir = NULL, *corpus = NULL, *dump_path = NULL;
	int runs = 7;
	double baseline_seconds = 20;
	bool exhaustive = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--catalog") == 0 && i + 1 < argc)
			catalog_dir = argv[++i];
		else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc)
			corpus = argv[++i];
		else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
			dump_path = argv[++i];
		else if (strcmp(argv[i], "--exhaustive") == 0)
			exhaustive = true;
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--baseline-seconds") == 0 && i + 1 < argc)
			baseline_seconds = atof(argv[++i]);
		else
			die("usage: bench_screen --catalog DIR --corpus FILE [--runs N] "
			    "[--baseline-seconds S] [--dump FILE] [--exhaustive]");
	}
	if (!catalog_dir || !corpus || runs < 1)
		die("usage: bench_screen --catalog DIR --corpus FILE [--runs N] "
		    "[--baseline-seconds S] [--dump FILE] [--exhaustive]");
	setvbuf(stdout, NULL, _IOLBF, 0);

	struct catalog cat = {0};
	struct diag d = {0};
	struct error e;
	if (catalog_csv_read_dir(&cat, catalog_dir, ENC_UTF8, &d, &e) != STATUS_OK)
		die(e.message);
	if (d.n)
		die(d.lines[0]);
	char *data;
	size_t len;
	if (fs_read(corpus, (size_t)1 << 31, &data, &len, &e) != STATUS_OK)
		die(e.message);
	size_t nnotices;
	struct notice *notices = split_corpus(data, len, &nnotices);

	/* the towns' lists */
	const struct task **all = xcalloc(cat.ntasks + 1, sizeof *all);
	for (size_t i = 0; i < cat.ntasks; i++)
		all[i] = &cat.tasks[i];
	struct screen_town *towns = xcalloc(cat.ntowns + 1, sizeof *towns);
	size_t items = 0;
	for (size_t i = 0; i < cat.ntowns; i++) {
		const struct town *t = &cat.towns[i];
		const struct task **own = xcalloc(cat.ntasks + 1, sizeof *own);
		size_t n = 0;
		for (size_t k = 0; k < cat.ntasks; k++)
			if (task_applies_to(&cat.tasks[k], t))
				own[n++] = &cat.tasks[k];
		items += n;
		towns[i] = (struct screen_town){.code = t->code, .name = t->name, .tags = t->tags,
		                                .ntags = t->ntags, .tasks = own, .ntasks = n};
	}
	struct screen_catalog sc = {.tasks = all, .ntasks = cat.ntasks, .towns = towns,
	                            .ntowns = cat.ntowns};
	printf("catalogue: %zu tasks, %zu towns, %zu list items; corpus: %.1f MB, %zu notices\n",
	       cat.ntasks, cat.ntowns, items, (double)len / (1 << 20), nnotices);

	/* 1. the index */
	double *build = xcalloc((size_t)runs, sizeof *build);
	double *build_wall = xcalloc((size_t)runs, sizeof *build_wall);
	struct screen_engine *en = NULL;
	for (int r = 0; r < runs; r++) {
		screen_engine_free(en);
		double t0 = cpu_s(), w0 = wall_s();
		en = screen_engine_new(&sc);
		build[r] = cpu_s() - t0;
		build_wall[r] = wall_s() - w0;
		if (!en)
			die("screen_engine_new failed");
	}
	double first_build = build[0];
	qsort(build, (size_t)runs, sizeof *build, cmp_double);
	qsort(build_wall, (size_t)runs, sizeof *build_wall, cmp_double);
	double build_median = build[runs / 2], build_min = build[0];
	printf("engine index: median %.1f ms CPU (%.1f ms wall), fastest %.1f ms, first (with the "
	       "word tables) %.1f ms, over %d builds\n",
	       build_median * 1e3, build_wall[runs / 2] * 1e3, build_min * 1e3, first_build * 1e3,
	       runs);

	/* 2. the engine (--dump FILE: every finding, one a line, to compare
	 * two versions of the engine; --exhaustive: every candidate scored,
	 * the reference the search must equal) */
	screen_engine_set_exhaustive(en, exhaustive);
	FILE *dump = dump_path ? fopen(dump_path, "w") : NULL;
	if (dump_path && !dump)
		die("cannot write the --dump file");
	size_t sentences = 0, assignments = 0, findings = 0, counts[4] = {0};
	double c0 = cpu_s(), w0 = wall_s();
	for (size_t i = 0; i < nnotices; i++) {
		struct screen_result r;
		if (!screen_text(en, NULL, notices[i].text, notices[i].len, &r))
			die("screen_text failed");
		sentences += r.sentences;
		assignments += r.assignments;
		findings += r.nfindings;
		for (int k = 0; k < 4; k++)
			counts[k] += r.counts[k];
		if (dump)
			for (size_t k = 0; k < r.nfindings; k++) {
				const struct screen_finding *f = &r.findings[k];
				fprintf(dump, "%zu %zu+%zu %zu+%zu %s %s %s %.2f %d", i, f->sentence.offset,
				        f->sentence.length, f->evidence.offset, f->evidence.length,
				        screen_verdict_key[f->verdict], f->task ? f->task->code : "-",
				        f->unlisted ? f->unlisted->code : "-", f->score, f->low_confidence);
				for (size_t t = 0; t < f->ntowns; t++)
					fprintf(dump, " %s", f->towns[t]);
				fputc('\n', dump);
			}
		screen_result_free(&r);
	}
	if (dump)
		fclose(dump);
	double engine_cpu = cpu_s() - c0, engine_wall = wall_s() - w0;
	double mb = (double)len / (1 << 20);
	double engine_mbs = mb / engine_cpu;
	printf("engine: %.1f MB in %.2f s CPU (%.2f s wall): %.1f MB/s per core; %zu sentences, "
	       "%zu assignments, %zu findings (basic %zu, assist %zu, reclaimed %zu, "
	       "out_of_list %zu)\n",
	       mb, engine_cpu, engine_wall, engine_mbs, sentences, assignments, findings, counts[0],
	       counts[1], counts[2], counts[3]);

	/* 3. the baseline */
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		die("sqlite3_open failed");
	double b0 = cpu_s();
	exec(db, "CREATE VIRTUAL TABLE tasks USING fts5(name, duty, township_part, "
	         "department_part, keywords, tokenize='trigram')");
	exec(db, "BEGIN");
	sqlite3_stmt *ins;
	if (sqlite3_prepare_v2(db, "INSERT INTO tasks(rowid, name, duty, township_part, "
	                           "department_part, keywords) VALUES (?, ?, ?, ?, ?, ?)",
	                       -1, &ins, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(db));
	for (size_t i = 0; i < cat.ntasks; i++) {
		const struct task *t = &cat.tasks[i];
		struct buf kw = {0};
		for (size_t k = 0; k < t->nkeywords; k++)
			buf_printf(&kw, "%s%s", k ? " " : "", t->keywords[k]);
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(ins, 2, t->name ? t->name : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, t->duty ? t->duty : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 4, t->township_part ? t->township_part : "", -1,
		                  SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 5, t->department_part ? t->department_part : "", -1,
		                  SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 6, buf_str(&kw), -1, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die(sqlite3_errmsg(db));
		sqlite3_reset(ins);
		buf_free(&kw);
	}
	sqlite3_finalize(ins);
	exec(db, "COMMIT");
	double fts_build = cpu_s() - b0;
	printf("baseline index (FTS5 trigram): %.1f ms CPU\n", fts_build * 1e3);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM tasks WHERE tasks MATCH ? ORDER BY rank "
	                           "LIMIT 1",
	                       -1, &q, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(db));
	struct buf expr = {0};
	size_t bbytes = 0, bsent = 0, bhits = 0, bnotices = 0;
	c0 = cpu_s();
	double bcpu = 0;
	for (size_t i = 0; i < nnotices && bcpu < baseline_seconds; i++) {
		struct screen_span *sp;
		size_t ns = screen_sentences(notices[i].text, notices[i].len, &sp);
		for (size_t k = 0; k < ns; k++) {
			trigram_query(notices[i].text + sp[k].offset, sp[k].length, &expr);
			bsent++;
			if (!expr.len)
				continue;
			sqlite3_bind_text(q, 1, expr.data, (int)expr.len, SQLITE_STATIC);
			int rc = sqlite3_step(q);
			if (rc == SQLITE_ROW)
				bhits++;
			else if (rc != SQLITE_DONE)
				die(sqlite3_errmsg(db));
			sqlite3_reset(q);
		}
		free(sp);
		bbytes += notices[i].len;
		bnotices++;
		bcpu = cpu_s() - c0;
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	buf_free(&expr);
	double bmb = (double)bbytes / (1 << 20);
	double base_mbs = bmb / bcpu;
	printf("baseline: %.2f MB (%zu notices, %zu sentences, %zu with a best task) in %.2f s "
	       "CPU: %.3f MB/s per core\n",
	       bmb, bnotices, bsent, bhits, bcpu, base_mbs);

	printf("\n| | figure | goal | |\n|---|---|---|---|\n");
	printf("| engine, MB/s per core | %.1f | >= 20 | %s |\n", engine_mbs,
	       engine_mbs >= 20 ? "met" : "missed");
	printf("| baseline (FTS5 trigram, BM25 per sentence), MB/s per core | %.3f | | |\n",
	       base_mbs);
	printf("| engine / baseline | %.0fx | >= 10x | %s |\n", engine_mbs / base_mbs,
	       engine_mbs >= 10 * base_mbs ? "met" : "missed");
	printf("| index build, 5,000 tasks (CPU, median of %d) | %.1f ms | < 50 ms | %s |\n", runs,
	       build_median * 1e3, build_median < 0.050 ? "met" : "missed");
	printf("| baseline index build (FTS5, CPU) | %.1f ms | | |\n", fts_build * 1e3);
	printf("engine_mbs=%.2f baseline_mbs=%.4f build_ms=%.2f fts_build_ms=%.2f\n", engine_mbs,
	       base_mbs, build_median * 1e3, fts_build * 1e3);

	screen_engine_free(en);
	for (size_t i = 0; i < cat.ntowns; i++)
		free((void *)towns[i].tasks);
	free(towns);
	free(all);
	free(build);
	free(build_wall);
	free(notices);
	free(data);
	catalog_free(&cat);
	diag_free(&d);
	return 0;
}
