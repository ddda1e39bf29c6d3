#!/bin/sh
# bench/whistle/run.sh - a year of a county's 吹哨报到 (30 towns, 30-odd
# departments, 50,000 whistles with their steps), against the
# requirement: the statistics pages answer in under 200 ms, `dutylist
# whistle list --overdue` in under 100 ms.  Prints figures beside their
# baselines, not pass/fail: the exit status is 0 unless a step fails.
# Figures and what they mean: docs/performance.md, "吹哨报到 (bench/whistle)".
#
#   sh bench/whistle/run.sh                      (from the repository root; `make bench`)
#
# Needs build/libdutylist.a and ./dutylist (make), a C compiler with the
# libraries `make` links, python3 (standard library only, for
# bench/import/gen.py) and curl.
#
# 1. bench/import/gen.py writes a county catalogue (30 towns);
# 2. build/bench_whistle (built here from bench/whistle/bench_whistle.c)
#    imports it into a new database, writes the year's whistles with
#    their events in one transaction, and times the use cases in process
#    beside their baselines (see its header);
# 3. the command: BENCH_RUNS (20) runs of `dutylist whistle list
#    --overdue` (wall time of the process, after one unmeasured), beside
#    what a user would write without the option: `dutylist whistle list |
#    grep OVERDUE`;
# 4. the pages: an office user and an API token, `dutylist serve` on a
#    loopback port the kernel picks, a login through the form, then
#    BENCH_RUNS timed GETs (curl's %{time_total}, after one unmeasured) of
#    /whistles/stats (the year, and the last quarter), the API's
#    /api/v1/whistles/stats, the overdue list page and API, and, as the
#    baseline, /healthz; the median is what the table shows.
#
# Environment: DUTYLIST (default ./dutylist), CC (default cc), PYTHON
# (default python3), BENCH_SEED (default 1), BENCH_RUNS (default 20),
# BENCH_WHISTLES (default 50000), BENCH_KEEP=1 keeps the work directory.
# Run time: about a minute.
set -eu

DUTYLIST=${DUTYLIST:-./dutylist}
CC=${CC:-cc}
PYTHON=${PYTHON:-python3}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-20}
WHISTLES=${BENCH_WHISTLES:-50000}
GOAL_STATS_MS=200
GOAL_OVERDUE_MS=100
here=$(dirname "$0")
bin=build/bench_whistle
LIBS="sqlite3 jansson libsodium libutf8proc libmicrohttpd xlsxwriter libzip expat"

die() { echo "bench/whistle: $*" >&2; exit 1; }

case $RUNS in '' | *[!0-9]*) die "BENCH_RUNS is '$RUNS': a count" ;; esac
[ "$RUNS" -ge 1 ] || die "BENCH_RUNS is 0"
[ -f "$here/bench_whistle.c" ] || die "run me from the repository root (sh bench/whistle/run.sh)"
[ -x "$DUTYLIST" ] || die "$DUTYLIST is not an executable; build it (make) or set DUTYLIST"
[ -f build/libdutylist.a ] || die "build/libdutylist.a is missing: make build/libdutylist.a"
command -v "$PYTHON" >/dev/null 2>&1 || die "no $PYTHON to generate the catalogue"
command -v curl >/dev/null 2>&1 || die "no curl (Debian package curl)"

if [ ! -x "$bin" ] || [ "$here/bench_whistle.c" -nt "$bin" ] || [ build/libdutylist.a -nt "$bin" ]; then
	# shellcheck disable=SC2046,SC2086
	"$CC" -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 -Isrc -Ibuild -o "$bin" \
		bench/whistle/bench_whistle.c build/libdutylist.a $(pkg-config --libs $LIBS) -lcsv -lm ||
		die "could not build $bin"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dutylist-bench-whistle.XXXXXX")
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
		echo "bench/whistle: work directory $work (kept)"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "bench/whistle: load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"

# 1, 2. the catalogue, the year's whistles, the use cases in process
"$PYTHON" "$here/../import/gen.py" --towns 30 --tasks 1500 --seed "$SEED" "$work/cat" \
	>"$work/gen.out" || die "gen.py failed"
"$bin" --catalog "$work/cat" --db "$work/whistle.db" --whistles "$WHISTLES" --seed "$SEED" \
	--runs "$RUNS" >"$work/bench.out" || { cat "$work/bench.out"; die "$bin failed"; }
grep -v '^[a-z_]*=' "$work/bench.out"
value() { sed -n "s/^$1=//p" "$work/bench.out"; }

# 3. the command, on a copy (the pages get their own)
cli_db=$work/cli.db
cp "$work/whistle.db" "$cli_db"
now_ns() { date +%s%N; }
# time_cmd NAME COMMAND: one unmeasured run of the shell command, then
# $RUNS timed ones (the wall time; with /usr/bin/time also the CPU time,
# user + system, of the processes); sets $med, $cpu and $row (median,
# min, max in ms).
timer=
[ -x /usr/bin/time ] && timer=/usr/bin/time
time_cmd() {
	name=$1
	out=$work/$name.times
	: >"$out"
	: >"$out.cpu"
	n=0
	while [ $n -le "$RUNS" ]; do
		t0=$(now_ns)
		if [ -n "$timer" ]; then
			$timer -f '%U %S' -o "$work/$name.cpu1" sh -c "$2" >"$work/$name.stdout" \
				2>"$work/$name.stderr" || die "$2 failed: $(head -c 300 "$work/$name.stderr")"
		else
			sh -c "$2" >"$work/$name.stdout" 2>"$work/$name.stderr" ||
				die "$2 failed: $(head -c 300 "$work/$name.stderr")"
		fi
		t1=$(now_ns)
		if [ $n -gt 0 ]; then
			echo "$(((t1 - t0) / 1000))" >>"$out"
			[ -n "$timer" ] && awk '{ print ($1 + $2) * 1000 }' "$work/$name.cpu1" >>"$out.cpu"
		fi
		n=$((n + 1))
	done
	med=$(sort -n "$out" | awk '{ t[NR] = $1 / 1000 } END {
		if (NR % 2) printf "%.1f", t[(NR + 1) / 2]; else printf "%.1f", (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
	cpu=$(sort -n "$out.cpu" | awk '{ t[NR] = $1 } END { if (!NR) print "-";
		else if (NR % 2) printf "%.0f", t[(NR + 1) / 2]; else printf "%.0f", (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
	row=$(sort -n "$out" | awk '{ t[NR] = $1 / 1000 } END { printf "%8.1f %8.1f", t[1], t[NR] }')
}
echo
echo "the command: wall time of the process (median of $RUNS runs, ms; cpu: user + system, 10 ms steps)"
printf '%-52s %8s %8s %8s %8s %8s\n' command median min max cpu lines
time_cmd overdue "\"$DUTYLIST\" whistle list --overdue --db \"$cli_db\""
cli_ms=$med
printf '%-52s %8s %s %8s %8s\n' "dutylist whistle list --overdue" "$med" "$row" "$cpu" \
	"$(wc -l <"$work/overdue.stdout")"
time_cmd overdue_plain "\"$DUTYLIST\" whistle list --db \"$cli_db\" | grep OVERDUE"
cli_plain_ms=$med
printf '%-52s %8s %s %8s %8s\n' "  baseline: dutylist whistle list | grep OVERDUE" "$med" "$row" \
	"$cpu" "$(wc -l <"$work/overdue_plain.stdout")"
time_cmd settings "\"$DUTYLIST\" whistle settings --db \"$cli_db\""
cli_start_ms=$med
printf '%-52s %8s %s %8s\n' "  the process and the database: whistle settings" "$med" "$row" "$cpu"
[ "$(wc -l <"$work/overdue.stdout")" -eq "$(wc -l <"$work/overdue_plain.stdout")" ] ||
	die "--overdue and the grep disagree on how many whistles are overdue"

# 4. the pages
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
copy=$work/serve.db
cp "$work/whistle.db" "$copy"
printf '%s\n' "$password" |
	"$DUTYLIST" user add bench-web --role office --password-stdin --db "$copy" \
		>"$work/user.out" 2>&1 || {
	cat "$work/user.out" >&2
	die "user add failed"
}
token=$("$DUTYLIST" token create bench-web --db "$copy" 2>"$work/token.err" |
	grep -o '[0-9a-f]\{64\}' | head -n 1) || :
[ -n "$token" ] || die "token create gave no token: $(cat "$work/token.err")"
: >"$work/serve.out"
"$DUTYLIST" serve --db "$copy" --listen 127.0.0.1:0 >>"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
port=
i=0
while [ $i -lt 100 ]; do
	port=$(sed -n 's|.* on http://127\.0\.0\.1:\([0-9]*\)/ .*|\1|p' "$work/serve.out")
	[ -n "$port" ] && break
	kill -0 "$serve_pid" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$port" ]; then
	cat "$work/serve.err" >&2
	die "dutylist serve did not start"
fi
base=http://127.0.0.1:$port
jar=$work/jar
curl -s --max-time 10 -c "$jar" -b "$jar" -o "$work/login.html" "$base/login" ||
	die "GET /login failed"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/login.html" | head -n 1)
[ -n "$csrf" ] || die "no CSRF token in the login form"
code=$(curl -s --max-time 10 -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
	--data-urlencode "csrf=$csrf" --data-urlencode "name=bench-web" \
	--data-urlencode "password=$password" --data-urlencode "next=/" "$base/login") ||
	die "POST /login failed"
case $code in 30[0-9]) ;; *) die "POST /login answered $code" ;; esac

# measure PATH [bearer]: one unmeasured GET, then $RUNS timed ones; sets
# $med and $row (median, min, max in ms, the body's size).
measure() {
	out=$work/page.times
	auth=
	[ "${2:-}" = bearer ] && auth="Authorization: Bearer $token"
	n=0
	: >"$out"
	while [ $n -le "$RUNS" ]; do
		if [ -n "$auth" ]; then
			line=$(curl -s --max-time 60 -o "$work/body" -H "$auth" \
				-w '%{time_total} %{http_code} %{size_download}' "$base$1") || die "GET $1 failed"
		else
			line=$(curl -s --max-time 60 -o "$work/body" -b "$jar" \
				-w '%{time_total} %{http_code} %{size_download}' "$base$1") || die "GET $1 failed"
		fi
		# shellcheck disable=SC2086
		set -- "$1" "${2:-}" $line
		[ "$4" = 200 ] || die "GET $1 answered $4"
		[ $n -gt 0 ] && echo "$3 $5" >>"$out"
		set -- "$1" "$2"
		n=$((n + 1))
	done
	med=$(sort -n "$out" | awk '{ t[NR] = $1 * 1000 } END {
		if (NR % 2) printf "%.1f", t[(NR + 1) / 2]; else printf "%.1f", (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
	row=$(sort -n "$out" | awk '{ t[NR] = $1 * 1000; b = $2 } END { printf "%8.1f %8.1f %10d", t[1], t[NR], b }')
}
quarter_from=$(date -d '91 days ago' +%Y-%m-%d)
quarter_to=$(date +%Y-%m-%d)
echo
echo "the pages: dutylist serve (median of $RUNS GETs by curl, ms)"
printf '%-46s %8s %8s %8s %10s  %-10s %s\n' page median min max bytes goal result
stats_max=0
overdue_page_max=0
for page in /whistles/stats "/api/v1/whistles/stats bearer" \
	"/whistles/stats?from=$quarter_from&to=$quarter_to" \
	"/whistles?overdue=1" "/api/v1/whistles?overdue=1 bearer" /healthz; do
	# shellcheck disable=SC2086
	set -- $page
	measure "$@"
	case $1 in
	*stats*) goal=$GOAL_STATS_MS ;;
	*overdue*) goal=$GOAL_OVERDUE_MS ;;
	*) goal= ;;
	esac
	if [ -n "$goal" ]; then
		verdict=$(awk -v m="$med" -v g="$goal" 'BEGIN { print (m < g) ? "met" : "MISSED" }')
		printf '%-46s %8s %s  %-10s %s\n' "$1" "$med" "$row" "< $goal ms" "$verdict"
	else
		health_ms=$med
		printf '%-46s %8s %s  %-10s\n' "$1" "$med" "$row" "(baseline)"
	fi
	case $1 in
	*stats*) stats_max=$(awk -v a="$stats_max" -v b="$med" 'BEGIN { print (b > a) ? b : a }') ;;
	*overdue*) overdue_page_max=$(awk -v a="$overdue_page_max" -v b="$med" 'BEGIN { print (b > a) ? b : a }') ;;
	esac
done
stop_server

echo
echo "the requirement ($(value whistles) whistles, $(value events) events, $(value open) open)"
awk -v stats="$stats_max" -v stats_in="$(value stats_ms)" -v plain="$(value stats_plain_ms)" \
	-v cli="$cli_ms" -v cli_plain="$cli_plain_ms" -v start="$cli_start_ms" \
	-v over_in="$(value overdue_ms)" -v over_plain="$(value overdue_plain_ms)" \
	-v page="$overdue_page_max" -v health="$health_ms" -v stats_cpu="$(value stats_cpu_ms)" \
	-v gs="$GOAL_STATS_MS" -v go="$GOAL_OVERDUE_MS" 'BEGIN {
	f = "%-38s %10s  %-44s %s\n"
	printf f, "goal", "measured", "baseline", "result"
	printf f, "statistics pages < " gs " ms", sprintf("%.0f ms", stats),
		sprintf("%.0f ms in process as JSON (now %.0f, cpu %.0f)", plain, stats_in, stats_cpu),
		stats < gs ? "met" : "MISSED"
	printf f, "whistle list --overdue < " go " ms", sprintf("%.0f ms", cli),
		sprintf("%.0f ms (list | grep); process %.0f ms", cli_plain, start), cli < go ? "met" : "MISSED"
	printf f, "  the overdue list in process", sprintf("%.0f ms", over_in),
		sprintf("%.0f ms (every whistle, then filtered)", over_plain), over_in < go ? "met" : "MISSED"
	printf f, "  the overdue list page/API", sprintf("%.0f ms", page),
		sprintf("%.1f ms (/healthz)", health), page < go ? "met" : "MISSED"
}'
echo "bench/whistle: load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
