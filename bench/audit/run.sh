#!/bin/sh
# bench/audit/run.sh - what the hash-chained audit log costs: appending an
# entry (in a batch, and as part of a write beside the same write without
# it) and verifying a chain of a million entries (beside a plain scan of
# the same rows), by build/bench_audit; then the user-facing command,
# `dutylist verify --db`, timed on the database it leaves.  Prints
# figures, not pass/fail: the exit status is 0 unless a step fails.
# Figures and what they mean: docs/performance.md, "Audit (bench/audit)".
#
#   sh bench/audit/run.sh                      (from the repository root; `make bench`)
#   BENCH_ENTRIES=100000 sh bench/audit/run.sh
#
# Needs build/libdutylist.a (`make build/libdutylist.a`) and ./dutylist.
# Environment: DUTYLIST (the binary, default ./dutylist), CC (default cc),
# BENCH_ENTRIES (entries in the chain, default 1000000), BENCH_WRITES
# (writes with an entry, and as many without, default 20000), BENCH_REPS
# (runs of each verify measurement, default 3), BENCH_VERIFY_RUNS (runs
# of `dutylist verify`, default 3), BENCH_SEED (default 1),
# BENCH_CHECKPOINT (PRAGMA wal_autocheckpoint for the program's connection;
# default the store's, SQLite's 1000), BENCH_KEEP=1 keeps the work
# directory (the database, every command's output).
set -eu

DUTYLIST=${DUTYLIST:-./dutylist}
CC=${CC:-cc}
ENTRIES=${BENCH_ENTRIES:-1000000}
WRITES=${BENCH_WRITES:-20000}
REPS=${BENCH_REPS:-3}
VERIFY_RUNS=${BENCH_VERIFY_RUNS:-3}
SEED=${BENCH_SEED:-1}
CHECKPOINT=${BENCH_CHECKPOINT:+--checkpoint $BENCH_CHECKPOINT}
here=$(dirname "$0")
bin=build/bench_audit

die() { echo "bench/audit: $*" >&2; exit 1; }

[ -f build/libdutylist.a ] ||
	die "build/libdutylist.a is missing: run 'make build/libdutylist.a' (from the repository root)"
[ -x "$DUTYLIST" ] || die "$DUTYLIST is not an executable; build it (make) or set DUTYLIST"
command -v pkg-config >/dev/null 2>&1 || die "no pkg-config (run 'make deps')"

# shellcheck disable=SC2046 # pkg-config's words are flags
"$CC" -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 -Isrc -Ibuild -o "$bin" \
	"$here/bench_audit.c" build/libdutylist.a \
	$(pkg-config --libs sqlite3 jansson libsodium libutf8proc libmicrohttpd) -lcsv -lm ||
	die "could not build $bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/dutylist-bench-audit.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	echo "bench/audit: work directory $work (kept)"
else
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
fi

case $(date +%N) in
*N*) die "date has no %N (GNU date): no millisecond clock" ;;
esac
now_ms() { echo $(($(date +%s%N) / 1000000)); }
gnu_time=no
/usr/bin/time -f '%M' -o /dev/null true >/dev/null 2>&1 && gnu_time=yes

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }
echo "dutylist audit benchmark: $bin and $DUTYLIST, $(nproc 2>/dev/null || echo '?') CPUs" \
     "(${cpu:-unknown CPU}), ${mem:-? RAM}, load average $(load)"
echo

db=$work/audit.db
# shellcheck disable=SC2086 # CHECKPOINT is empty or two words
"$bin" --entries "$ENTRIES" --writes "$WRITES" --reps "$REPS" --seed "$SEED" $CHECKPOINT \
	--db "$db" --keep |
	tee "$work/bench.out"
grep -q "^kept " "$work/bench.out" || die "$bin failed (its output is above)"
echo

# The user-facing command on the same database: a new process, so it
# opens the file and reads every page again (from the OS cache: the
# file was just written).
: >"$work/verify.times"
i=0
while [ $i -lt "$VERIFY_RUNS" ]; do
	i=$((i + 1))
	status=0
	t0=$(now_ms)
	if [ "$gnu_time" = yes ]; then
		/usr/bin/time -f '%U %S %M' -o "$work/verify.time" "$DUTYLIST" verify --db "$db" \
			>"$work/verify.out" 2>"$work/verify.err" || status=$?
	else
		"$DUTYLIST" verify --db "$db" >"$work/verify.out" 2>"$work/verify.err" || status=$?
	fi
	t1=$(now_ms)
	if [ "$status" -ne 0 ]; then
		echo "bench/audit: '$DUTYLIST verify --db $db' failed (exit $status):" >&2
		tail -n 20 "$work/verify.out" "$work/verify.err" >&2
		exit 1
	fi
	# wall s, CPU s (user + system), peak RSS MB
	if [ "$gnu_time" = yes ]; then
		line=$(tail -n 1 "$work/verify.time" |
			awk -v ms=$((t1 - t0)) '{ printf "%.3f %.2f %.1f", ms / 1000, $1 + $2, $3 / 1024 }')
	else
		line=$(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.3f ? ?", ms / 1000 }')
	fi
	echo "$line" >>"$work/verify.times"
	# shellcheck disable=SC2086 # three words: wall, CPU, RSS
	set -- $line
	echo "[dutylist verify $i] $1 / $2 s, peak RSS $3 MB: $(tail -n 1 "$work/verify.out")"
done
mid=$(((VERIFY_RUNS + 1) / 2))
cpu_med=$(cut -d' ' -f2 "$work/verify.times" | sort -n | sed -n "${mid}p")
sort -n "$work/verify.times" | awk -v mid="$mid" -v cpu="$cpu_med" -v entries="$ENTRIES" \
	-v load="$(load)" '
{ wall[NR] = $1; rss = $3 > rss ? $3 : rss }
END {
	verdict = wall[mid] < 5 ? "met" : cpu != "?" && cpu < 5 ? "MISSED on the wall clock, met in CPU" : \
		sprintf("MISSED: %.2f s over", wall[mid] - 5)
	printf "\n%-32s %-17s %-40s %-19s %-8s %s\n", "dutylist verify --db (CLI)",
	       sprintf("%.2f / %s s", wall[mid], cpu),
	       sprintf("median of %d runs, wall %.2f to %.2f s", NR, wall[1], wall[NR]), "-",
	       "< 5 s", verdict
	printf "%-32s %s MB\n", "peak RSS of dutylist verify", rss
	printf "\n(%d entries in the chain; load average now %s)\n", entries, load
}'
