#!/bin/sh
# bench/review/run.sh - a county review round at full size (30 towns x
# 1,000 proposals, with near-duplicate wording), against the requirement:
# grouping completes in seconds on the 2-core machine, the dashboard page
# answers in under 100 ms, and publishing 30 town lists takes under a
# second.  Prints figures beside their baselines, not pass/fail: the exit
# status is 0 unless a step fails.  Figures and what they mean:
# docs/performance.md, "Review rounds (bench/review)".
#
#   sh bench/review/run.sh                      (from the repository root; `make bench`)
#   DUTYLIST=/tmp/bench-dut sh bench/review/run.sh
#
# Needs build/libdutylist.a (make build/libdutylist.a) and ./dutylist
# (make), a C compiler with the libraries `make` links, python3 (standard
# library only, for bench/import/gen.py) and curl.
#
# 1. bench/import/gen.py writes a county catalogue (30 towns, 1,500 tasks);
# 2. build/bench_review (built here from bench/review/bench_review.c, no
#    Makefile needed) imports it into a new database and drives a round
#    through the use cases: 30,000 proposals, review_merge, the baseline
#    (every pair of names compared with text_similarity), decisions,
#    confirmations, publishing the 30 lists, review_stats; it keeps a copy
#    of the database as it was right after merging (nothing decided);
# 3. for each of the two databases (copied again, so the benchmark's
#    files stay as they were): an office user and an API token, `dutylist
#    serve` on a loopback port the kernel picks, a login through the form
#    (its CSRF token and a cookie jar), then BENCH_RUNS (20) timed GETs
#    (curl's %{time_total}, after one unmeasured) of the round's page
#    /review/ID, the statistics page /review/stats, the API's
#    /api/v1/review/stats and, as the baseline, /healthz; the median is
#    what the table shows.
#
# Environment: DUTYLIST (default ./dutylist), CC (default cc), PYTHON
# (default python3), BENCH_SEED (default 1), BENCH_RUNS (default 20),
# BENCH_ARGS (more options for bench_review, e.g. "--baseline-full" to
# run the baseline at full size on two threads instead of on a sample,
# several minutes), BENCH_KEEP=1 keeps the work directory, BENCH_REUSE=DIR
# measures only the pages, on the databases a BENCH_KEEP=1 run left in DIR.
# Run time: 15-25 minutes, most of it the 30,000 proposals and the 3,066
# group decisions (BENCH_ARGS="--per-town 100 --removals 20": a small
# round in about a minute).
set -eu

DUTYLIST=${DUTYLIST:-./dutylist}
CC=${CC:-cc}
PYTHON=${PYTHON:-python3}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-20}
BENCH_ARGS=${BENCH_ARGS:-}
GOAL_PAGE_MS=100
here=$(dirname "$0")
bin=build/bench_review
LIBS="sqlite3 jansson libsodium libutf8proc libmicrohttpd xlsxwriter libzip expat"

die() { echo "bench/review: $*" >&2; exit 1; }

case $RUNS in '' | *[!0-9]*) die "BENCH_RUNS is '$RUNS': a count" ;; esac
[ "$RUNS" -ge 1 ] || die "BENCH_RUNS is 0"
[ -f "$here/bench_review.c" ] || die "run me from the repository root (sh bench/review/run.sh)"
[ -x "$DUTYLIST" ] || die "$DUTYLIST is not an executable; build it (make) or set DUTYLIST"
[ -f build/libdutylist.a ] || die "build/libdutylist.a is missing: make build/libdutylist.a"
command -v "$PYTHON" >/dev/null 2>&1 || die "no $PYTHON to generate the catalogue"
command -v curl >/dev/null 2>&1 || die "no curl (Debian package curl)"

# The program, built without the Makefile (again when it or the library
# is newer than it).
if [ ! -x "$bin" ] || [ "$here/bench_review.c" -nt "$bin" ] || [ build/libdutylist.a -nt "$bin" ]; then
	# shellcheck disable=SC2046,SC2086
	"$CC" -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 -Isrc -Ibuild -o "$bin" \
		bench/review/bench_review.c build/libdutylist.a $(pkg-config --libs $LIBS) -lcsv -lm ||
		die "could not build $bin"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dutylist-bench-review.XXXXXX")
serve_pid=
stop_server() {
	[ -n "$serve_pid" ] || return 0
	kill -TERM "$serve_pid" 2>/dev/null || :
	i=0
	while kill -0 "$serve_pid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$serve_pid" 2>/dev/null || :
	wait "$serve_pid" 2>/dev/null || :
	serve_pid=
}
cleanup() {
	stop_server
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench/review: work directory $work (kept)"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "bench/review: load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"

if [ -n "${BENCH_REUSE:-}" ]; then
	# the databases of an earlier run (BENCH_KEEP=1): only the pages
	for f in round.db merged.db bench.out; do
		[ -f "$BENCH_REUSE/$f" ] || die "BENCH_REUSE: no $BENCH_REUSE/$f"
	done
	src=$BENCH_REUSE
	echo "bench/review: the pages only, on the databases in $src"
else
	src=$work
	# 1. the catalogue
	"$PYTHON" "$here/../import/gen.py" --towns 30 --tasks 1500 --seed "$SEED" "$work/cat" \
		>"$work/gen.out" || die "gen.py failed"

	# 2. the round, through the use cases
	# shellcheck disable=SC2086
	{ "$bin" --catalog "$work/cat" --db "$work/round.db" --snapshot "$work/merged.db" \
		--seed "$SEED" $BENCH_ARGS || echo "failed=$?"; } | tee "$work/bench.out"
	! grep -q '^failed=' "$work/bench.out" || die "$bin failed"
fi
round=$(sed -n 's/^round_id=//p' "$src/bench.out")
[ -n "$round" ] || die "$bin printed no round_id"

# 3. the pages, on each database
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')

# serve DB NAME: a copy of DB with an office user, served; sets $base,
# $jar (a logged-in session) and $token (a bearer token).
serve() {
	copy=$work/serve-$2.db
	cp "$1" "$copy"
	[ -f "$1-wal" ] && cp "$1-wal" "$copy-wal"
	printf '%s\n' "$password" |
		"$DUTYLIST" user add bench-web --role office --password-stdin --db "$copy" \
			>"$work/$2.user.out" 2>&1 || {
		cat "$work/$2.user.out" >&2
		die "user add failed"
	}
	token=$("$DUTYLIST" token create bench-web --db "$copy" 2>"$work/$2.token.err" |
		grep -o '[0-9a-f]\{64\}' | head -n 1) || :
	[ -n "$token" ] || die "token create gave no token: $(cat "$work/$2.token.err")"
	: >"$work/$2.serve.out"
	"$DUTYLIST" serve --db "$copy" --listen 127.0.0.1:0 >>"$work/$2.serve.out" \
		2>"$work/$2.serve.err" &
	serve_pid=$!
	port=
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n 's|.* on http://127\.0\.0\.1:\([0-9]*\)/ .*|\1|p' "$work/$2.serve.out")
		[ -n "$port" ] && break
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$port" ]; then
		cat "$work/$2.serve.err" >&2
		die "dutylist serve did not start"
	fi
	base=http://127.0.0.1:$port
	# the login form: its CSRF token (and cookie), then the POST
	jar=$work/$2.jar
	curl -s --max-time 10 -c "$jar" -b "$jar" -o "$work/$2.login.html" "$base/login" ||
		die "GET /login failed"
	csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/$2.login.html" | head -n 1)
	[ -n "$csrf" ] || die "no CSRF token in the login form"
	code=$(curl -s --max-time 10 -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
		--data-urlencode "csrf=$csrf" --data-urlencode "name=bench-web" \
		--data-urlencode "password=$password" --data-urlencode "next=/" "$base/login") ||
		die "POST /login failed"
	case $code in 30[0-9]) ;; *) die "POST /login answered $code" ;; esac
	grep -q 'sid' "$jar" || die "no session cookie after logging in"
}

# measure NAME PATH [bearer]: one unmeasured GET, then $RUNS timed ones;
# prints a table row (median, min, max in ms, the body's size) and
# remembers the median in $med.
measure() {
	out=$work/$1.times
	set -- "$1" "$2" "${3:-}"
	auth=
	[ "$3" = bearer ] && auth="Authorization: Bearer $token"
	n=0
	: >"$out"
	while [ $n -le "$RUNS" ]; do
		if [ -n "$auth" ]; then
			line=$(curl -s --max-time 60 -o "$work/body" -H "$auth" \
				-w '%{time_total} %{http_code} %{size_download}' "$base$2") || die "GET $2 failed"
		else
			line=$(curl -s --max-time 60 -o "$work/body" -b "$jar" \
				-w '%{time_total} %{http_code} %{size_download}' "$base$2") || die "GET $2 failed"
		fi
		set -- "$1" "$2" "$3" $line
		[ "$5" = 200 ] || die "GET $2 answered $5"
		[ $n -gt 0 ] && echo "$4 $6" >>"$out"
		set -- "$1" "$2" "$3"
		n=$((n + 1))
	done
	med=$(sort -n "$out" | awk '{ t[NR] = $1 * 1000 } END {
		if (NR % 2) printf "%.1f", t[(NR + 1) / 2]; else printf "%.1f", (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
	row=$(sort -n "$out" | awk '{ t[NR] = $1 * 1000; b = $2 } END { printf "%8.1f %8.1f %10d", t[1], t[NR], b }')
}

results=$work/results
: >"$results"
: >"$work/medians"
for state in merged published; do
	if [ $state = merged ]; then db=$src/merged.db; else db=$src/round.db; fi
	serve "$db" "$state"
	for page in "/review/$round" /review/stats "/api/v1/review/stats bearer" /healthz; do
		# shellcheck disable=SC2086
		set -- $page
		measure "$state$(echo "$1" | tr '/' '_')" "$@"
		goal="< $GOAL_PAGE_MS ms"
		verdict=$(awk -v m="$med" -v g="$GOAL_PAGE_MS" 'BEGIN { print (m < g) ? "met" : "MISSED" }')
		if [ "$1" = /healthz ]; then
			goal="(baseline)"
			verdict=
		fi
		printf '%-10s %-24s %8s %s  %-11s %s\n' "$state" "$1" "$med" "$row" "$goal" "$verdict" >>"$results"
		echo "$state $1 $med" >>"$work/medians"
	done
	stop_server
done

echo
echo "dashboard pages: dutylist serve on the round's database (median of $RUNS GETs by curl, ms)"
printf '%-10s %-24s %8s %8s %8s %10s  %-11s %s\n' database page median min max bytes goal result
cat "$results"

# The requirement, each part beside its baseline.
value() { sed -n "s/^$1=//p" "$src/bench.out"; }
page_ms=$(awk '$2 ~ /^\/review\/[0-9]+$/ && $3 > m { m = $3 } END { print m }' "$work/medians")
stats_ms=$(awk '$2 == "/review/stats" && $3 > m { m = $3 } END { print m }' "$work/medians")
health_ms=$(awk '$2 == "/healthz" && $3 > m { m = $3 } END { print m }' "$work/medians")
echo
echo "the requirement ($(value towns) towns x $(value per_town) proposals; the goals are for 30 x 1000)"
awk -v merge="$(value merge_s)" -v base="$(value baseline_s)" -v how="$(value baseline_how)" \
	-v pub="$(value publish_s)" -v page="$page_ms" -v stats="$stats_ms" -v health="$health_ms" \
	-v goal="$GOAL_PAGE_MS" 'BEGIN {
	f = "%-34s %12s  %-34s %s\n"
	printf f, "goal", "measured", "baseline", "result"
	printf f, "grouping in seconds (< 10 s)", sprintf("%.1f s", merge),
		sprintf("%.0f s (every pair; %s)", base, how), merge < 10 ? "met" : "MISSED"
	printf f, "dashboard page < " goal " ms", sprintf("%.0f ms", page),
		sprintf("%.1f ms (/healthz)", health), page < goal ? "met" : "MISSED"
	printf f, "statistics page < " goal " ms", sprintf("%.0f ms", stats),
		sprintf("%.1f ms (/healthz)", health), stats < goal ? "met" : "MISSED"
	printf f, "publishing 30 lists < 1 s", sprintf("%.3f s", pub), "-", pub < 1 ? "met" : "MISSED"
}'
echo "bench/review: load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
