#!/bin/sh
# bench/screen/run.sh - the screening engine (防护屏障) at county size:
# a generated corpus of notices (BENCH_MB, default 32 MB) screened against
# a catalogue of 5,000 tasks and 30 towns, in MB/s per core, beside the
# plain baseline (SQLite FTS5 trigram index of the tasks, one BM25 query
# per sentence) in the same program, and the time to build the engine's
# index of the 5,000 tasks.  Goals: >= 20 MB/s per core, >= 10x the
# baseline, the index in under 50 ms.  Prints figures, not pass/fail: the
# exit status is 0 unless a step fails.  Figures and what they mean:
# docs/performance.md, "Screening (bench/screen)".
#
#   sh bench/screen/run.sh                 (from the repository root; `make bench`)
#   BENCH_MB=4 sh bench/screen/run.sh      (a smaller corpus)
#
# Needs build/libdutylist.a (`make build/libdutylist.a`), a C compiler
# with the libraries `make` links, and python3 (standard library only).
# Environment: CC (default cc), PYTHON (default python3), BENCH_MB
# (default 32), BENCH_SEED (default 1), BENCH_RUNS (index builds, default
# 7), BENCH_BASELINE_SECONDS (CPU seconds the baseline runs for, default
# 20), BENCH_KEEP=1 keeps the work directory (catalogue, corpus, output).
#
# 1. bench/import/gen.py writes the catalogue (--towns 30 --tasks 5000);
# 2. bench/screen/gen_notices.py writes the corpus from its task names and
#    the patterns of the development set (tests/screening/dev);
# 3. build/bench_screen (built here from bench/screen/bench_screen.c)
#    reads both, builds the index BENCH_RUNS times, screens the corpus on
#    one thread, then runs the baseline; see the program's comment.
set -eu

CC=${CC:-cc}
PYTHON=${PYTHON:-python3}
MB=${BENCH_MB:-32}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-7}
BASE_S=${BENCH_BASELINE_SECONDS:-20}
here=$(dirname "$0")
bin=build/bench_screen
LIBS="sqlite3 jansson libsodium libutf8proc libmicrohttpd xlsxwriter libzip expat"

die() { echo "bench/screen: $*" >&2; exit 1; }

[ -f "$here/bench_screen.c" ] || die "run me from the repository root (sh bench/screen/run.sh)"
[ -f build/libdutylist.a ] || die "build/libdutylist.a is missing: make build/libdutylist.a"
command -v "$PYTHON" >/dev/null 2>&1 || die "no $PYTHON to generate the catalogue and notices"

if [ ! -x "$bin" ] || [ "$here/bench_screen.c" -nt "$bin" ] || [ build/libdutylist.a -nt "$bin" ]; then
	# shellcheck disable=SC2046,SC2086
	"$CC" -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 -Isrc -Ibuild -o "$bin" \
		"$here/bench_screen.c" build/libdutylist.a $(pkg-config --libs $LIBS) -lcsv -lm ||
		die "could not build $bin"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dutylist-bench-screen.XXXXXX")
cleanup() {
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench/screen: work directory $work (kept)"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "bench/screen: load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
"$PYTHON" "$here/../import/gen.py" --towns 30 --tasks 5000 --seed "$SEED" "$work/cat" \
	>"$work/gen.out" || die "gen.py failed"
"$PYTHON" "$here/gen_notices.py" --mb "$MB" --seed "$SEED" "$work/cat" "$work/corpus.txt" \
	>"$work/notices.out" || die "gen_notices.py failed"
echo "bench/screen: $(cat "$work/notices.out")"
"$bin" --catalog "$work/cat" --corpus "$work/corpus.txt" --runs "$RUNS" \
	--baseline-seconds "$BASE_S" | tee "$work/bench.out"
echo "bench/screen: load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
