#!/bin/sh
# bench/import/run.sh - how long `dutylist import` takes on a county and on
# a province-sized catalogue, beside a baseline: the same CSV files loaded
# by hand with the sqlite3 CLI's `.import --csv` (plain tables, no checks,
# no list derivation).  Prints figures, not pass/fail: the exit status is 0
# unless a step fails.  Figures and what they mean: docs/performance.md.
#
#   sh bench/import/run.sh                      (from the repository root; `make bench`)
#   DUTYLIST=/tmp/bench-dut sh bench/import/run.sh
#
# Environment: DUTYLIST (the binary, default ./dutylist), SQLITE3 (the
# sqlite3 CLI, default sqlite3), PYTHON (default python3), BENCH_SEED
# (gen.py's --seed, default 1), BENCH_KEEP=1 keeps the work directory,
# BENCH_TIMER=bash times with bash's `time` as when GNU time is missing.
set -eu

DUTYLIST=${DUTYLIST:-./dutylist}
SQLITE3=${SQLITE3:-sqlite3}
PYTHON=${PYTHON:-python3}
SEED=${BENCH_SEED:-1}
TASKS=1500
LIST_RUNS=5
here=$(dirname "$0")

die() { echo "bench/import: $*" >&2; exit 1; }

[ -x "$DUTYLIST" ] || die "$DUTYLIST is not an executable; build it (make) or set DUTYLIST"
command -v "$SQLITE3" >/dev/null 2>&1 || die "no $SQLITE3 CLI for the baseline (apt-get install sqlite3)"
command -v "$PYTHON" >/dev/null 2>&1 || die "no $PYTHON to generate the data"

work=$(mktemp -d "${TMPDIR:-/tmp}/dutylist-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	echo "bench/import: work directory $work (kept)"
else
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
fi

# How to time a run: GNU time gives peak RSS; without it, bash's `time`
# gives the wall time only.  BENCH_TIMER=bash forces the latter.
timer=${BENCH_TIMER:-}
case $timer in
'' | bash | gnu) ;;
*) die "BENCH_TIMER is '$timer': use gnu or bash" ;;
esac
if [ -n "$timer" ]; then
	:
elif /usr/bin/time -f '%e %M' -o /dev/null true >/dev/null 2>&1; then
	timer=gnu
elif command -v bash >/dev/null 2>&1; then
	timer=bash
	echo "bench/import: GNU time (/usr/bin/time, Debian package 'time') is missing:" \
	     "wall times from bash's time, peak RSS unknown" >&2
else
	die "neither GNU time (/usr/bin/time) nor bash to time the runs"
fi
# A clock in milliseconds when date has %N (GNU date): finer than GNU
# time's %e, which counts hundredths of a second.
case $(date +%N) in
*N*) clock=no ;;
*) clock=yes ;;
esac
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# measure NAME CMD...: runs CMD (its output to $work/NAME.out and .err)
# and sets $wall (seconds) and $rss (MB, or ? without GNU time).  A
# failing CMD ends the benchmark with its error output.
measure() {
	name=$1
	shift
	out=$work/$name.out err=$work/$name.err tf=$work/$name.time
	status=0
	[ "$clock" = yes ] && t0=$(now_ms)
	if [ "$timer" = gnu ]; then
		/usr/bin/time -f '%e %M' -o "$tf" "$@" >"$out" 2>"$err" || status=$?
	else
		OUT=$out ERR=$err TF=$tf TIMEFORMAT=%R \
			bash -c '{ time "$@" >"$OUT" 2>"$ERR"; } 2>"$TF"' _ "$@" || status=$?
	fi
	[ "$clock" = yes ] && t1=$(now_ms)
	if [ "$status" -ne 0 ]; then
		echo "bench/import: '$*' failed (exit $status):" >&2
		tail -n 20 "$err" >&2
		exit 1
	fi
	if [ "$timer" = gnu ]; then
		rss=$(tail -n 1 "$tf" | awk '{ printf "%.1f", $2 / 1024 }')
		wall=$(tail -n 1 "$tf" | cut -d' ' -f1)
	else
		rss='?'
		wall=$(tail -n 1 "$tf")
	fi
	if [ "$clock" = yes ]; then
		wall=$(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.3f", ms / 1000 }')
	fi
}

# The baseline: what a user would do by hand, one plain table per file.
baseline_sql() {
	for f in towns departments bases tasks guides calendar; do
		[ -f "$1/$f.csv" ] && echo ".import --csv $1/$f.csv $f"
	done
	echo "SELECT count(*) FROM tasks;"
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
echo "dutylist import benchmark: $DUTYLIST, sqlite3 CLI $("$SQLITE3" --version | cut -d" " -f1)," \
     "$(nproc 2>/dev/null || echo '?') CPUs (${cpu:-unknown CPU}), ${mem:-? RAM}, seed $SEED"
echo "wall times in seconds ($( [ "$clock" = yes ] && echo 'ms clock around each run' || echo "the timer's own")," \
     "peak RSS from $( [ "$timer" = gnu ] && echo 'GNU time %M' || echo 'nowhere (unknown)'));" \
     "list: median of $LIST_RUNS runs of 'list --town CODE --json'"
echo

results=$work/results
: >"$results"
for scenario in county:30 default:2000; do
	label=${scenario%%:*}
	towns=${scenario#*:}
	data=$work/$label
	echo "[$label] generating $towns towns x $TASKS tasks ..."
	summary=$("$PYTHON" "$here/gen.py" --towns "$towns" --tasks "$TASKS" --seed "$SEED" "$data")
	echo "[$label] $summary"
	town=$(echo "$summary" | sed -n 's/.*typical_town=\([0-9]*\).*/\1/p')
	town_items=$(echo "$summary" | sed -n 's/.*typical_list=\([0-9]*\).*/\1/p')
	items=$(echo "$summary" | sed -n 's/.*list_items=\([0-9]*\).*/\1/p')

	db=$work/$label.db
	measure "$label-init" "$DUTYLIST" init --db "$db" --empty
	init_s=$wall
	measure "$label-import" "$DUTYLIST" import --db "$db" "$data"
	import_s=$wall import_rss=$rss
	echo "[$label] $(sed -n 2,3p "$work/$label-import.out" | sed 's/^ *//' | tr '\n' ' ')"

	baseline_sql "$data" >"$work/$label-baseline.sql"
	bdb=$work/$label-baseline.db
	# shellcheck disable=SC2016 # expanded by the inner sh
	measure "$label-baseline" sh -c '"$1" "$2" <"$3"' _ "$SQLITE3" "$bdb" \
		"$work/$label-baseline.sql"
	base_s=$wall base_rss=$rss

	: >"$work/$label-list.times"
	i=0
	while [ $i -lt $LIST_RUNS ]; do
		measure "$label-list" "$DUTYLIST" list --db "$db" --town "$town" --json
		echo "$wall" >>"$work/$label-list.times"
		i=$((i + 1))
	done
	list_s=$(sort -n "$work/$label-list.times" | sed -n "$(((LIST_RUNS + 1) / 2))p")
	got=$(grep -c '"code": "[A-Z][A-Z]-' "$work/$label-list.out" || true)
	[ "$got" = "$town_items" ] || die "list --town $town shows $got items, gen.py expected $town_items"

	echo "$label $towns $items $init_s $import_s $import_rss $base_s $base_rss $list_s $town $town_items" \
		>>"$results"
	echo
done

# The table, with the targets beside the figures.
awk '
function verdict(label, t, rss,    why) {
	if (label == "county") {
		why = t < 1 ? "met" : sprintf("MISSED: %.2f s over", t - 1)
		return why
	}
	why = t < 30 ? "" : sprintf("time %.1f s over", t - 30)
	if (rss == "?")
		return why == "" ? "time met; RSS unknown" : "MISSED: " why "; RSS unknown"
	if (rss >= 200)
		why = why (why == "" ? "" : ", ") sprintf("RSS %.0f MB over", rss - 200)
	return why == "" ? "met" : "MISSED: " why
}
BEGIN {
	printf "%-8s %6s %7s %7s %8s %8s %8s %8s %7s %8s  %-26s %s\n", "scenario", "towns",
	       "items", "init s", "import s", "RSS MB", "sqlite3", "ratio", "list ms", "list of",
	       "target", "result"
}
{
	ratio = $7 <= 0 ? "-" : $5 / $7 < 10 ? sprintf("%.1fx", $5 / $7) : sprintf("%.0fx", $5 / $7)
	target = $1 == "county" ? "import < 1 s" : "import < 30 s, RSS < 200 MB"
	printf "%-8s %6d %7d %7.3f %8.3f %8s %8.3f %8s %7.0f %8s  %-26s %s\n", $1, $2, $3, $4,
	       $5, $6, $7, ratio, $9 * 1000, $11 " items", target, verdict($1, $5, $6)
}
END {
	print ""
	print "items: list items derived (sum of the towns'\'' list sizes); sqlite3: the same CSV files"
	print "loaded with the sqlite3 CLI'\''s .import --csv into plain tables (no checks, no lists);"
	print "ratio: import / sqlite3; list ms: one town'\''s list as JSON (median), its size beside it."
}' "$results"
