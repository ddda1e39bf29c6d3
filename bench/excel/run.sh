#!/bin/sh
# bench/excel/run.sh - Excel in and out at province size: 2,000 towns and
# 1,500 tasks (bench/import/gen.py; the towns' lists hold ~680,000 items),
# each step beside its CSV baseline on the same data.  Prints figures, not
# pass/fail: the exit status is 0 unless a step fails or a round trip
# loses something.  Figures and what they mean: docs/performance.md,
# "Excel (bench/excel)".
#
#   1. the catalogue: `dutylist export --format xlsx` and `dutylist import`
#      of that workbook into an empty database (which derives the 2,000
#      towns' lists, ~680,000 list items), beside `export --format csv`
#      and `import` of the CSV directory; the two imported databases must
#      export the same CSV files.
#   2. the lists: every town's posting workbook written (io/list_xlsx.c,
#      ~680,000 item rows in 2,000 workbooks) and read back row by row
#      (io/xlsx.c), beside the same rows as 2,000 CSV files written and
#      read by io/csv.c; by build/bench_excel, in one process each.
#
#   sh bench/excel/run.sh                      (from the repository root; `make bench`)
#   BENCH_TOWNS=30 sh bench/excel/run.sh       (a county: quick)
#
# Needs build/libdutylist.a and ./dutylist (`make all build/libdutylist.a`),
# python3 for the generator and GNU time (/usr/bin/time) for peak RSS.
# Environment: DUTYLIST (default ./dutylist), CC (default cc), PYTHON
# (default python3), BENCH_TOWNS (default 2000), BENCH_TASKS (default
# 1500), BENCH_SEED (default 1), BENCH_KEEP=1 keeps the work directory.
set -eu

DUTYLIST=${DUTYLIST:-./dutylist}
CC=${CC:-cc}
PYTHON=${PYTHON:-python3}
TOWNS=${BENCH_TOWNS:-2000}
TASKS=${BENCH_TASKS:-1500}
SEED=${BENCH_SEED:-1}
here=$(dirname "$0")
bin=build/bench_excel

die() { echo "bench/excel: $*" >&2; exit 1; }

[ -f build/libdutylist.a ] ||
	die "build/libdutylist.a is missing: run 'make build/libdutylist.a' (from the repository root)"
[ -x "$DUTYLIST" ] || die "$DUTYLIST is not an executable; build it (make) or set DUTYLIST"
command -v pkg-config >/dev/null 2>&1 || die "no pkg-config (run 'make deps')"
/usr/bin/time -f '%e %M' -o /dev/null true >/dev/null 2>&1 ||
	die "GNU time (/usr/bin/time, Debian package 'time') is needed for peak RSS"

# shellcheck disable=SC2046 # pkg-config's words are flags
"$CC" -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 -Isrc -Ibuild -o "$bin" \
	"$here/bench_excel.c" build/libdutylist.a \
	$(pkg-config --libs sqlite3 jansson libsodium libutf8proc libmicrohttpd xlsxwriter libzip expat) \
	-lcsv -lm || die "cannot build $bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/dutylist-bench-excel.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	echo "bench/excel: work directory $work (kept)"
else
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
fi

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# measure NAME CMD...: runs CMD (output to $work/NAME.out, .err); sets
# $wall (seconds, from a millisecond clock), $cpu (user + system seconds:
# the machine's other load aside) and $rss (MB, GNU time's %M).
measure() {
	name=$1
	shift
	t0=$(now_ms)
	status=0
	/usr/bin/time -f '%e %M %U %S' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" ||
		status=$?
	t1=$(now_ms)
	if [ "$status" -ne 0 ]; then
		echo "bench/excel: '$*' failed (exit $status):" >&2
		tail -n 20 "$work/$name.err" >&2
		exit 1
	fi
	wall=$(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.2f", ms / 1000 }')
	rss=$(tail -n 1 "$work/$name.time" | awk '{ printf "%.1f", $2 / 1024 }')
	cpu=$(tail -n 1 "$work/$name.time" | awk '{ printf "%.2f", $3 + $4 }')
}

results=$work/results
: >"$results"
# row NAME WHAT: one line of the table from the last measure
row() { echo "$1|$2|$wall|$cpu|$rss" >>"$results"; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "dutylist Excel benchmark: $DUTYLIST, $(nproc 2>/dev/null || echo '?') CPUs (${cpu:-unknown CPU}), seed $SEED"
echo "[data] generating $TOWNS towns x $TASKS tasks ..."
summary=$("$PYTHON" bench/import/gen.py --towns "$TOWNS" --tasks "$TASKS" --seed "$SEED" "$work/data")
echo "[data] $summary"
items=$(echo "$summary" | sed -n 's/.*list_items=\([0-9]*\).*/\1/p')

# 1. The catalogue.
"$DUTYLIST" init --db "$work/csv.db" --empty >/dev/null
measure import-csv "$DUTYLIST" import --db "$work/csv.db" "$work/data"
row "catalogue import" "CSV directory (baseline)"
import_csv=$wall import_csv_rss=$rss
measure export-csv "$DUTYLIST" export --db "$work/csv.db" --format csv "$work/out-csv"
row "catalogue export" "CSV directory (baseline)"
measure export-xlsx "$DUTYLIST" export --db "$work/csv.db" --format xlsx "$work/catalogue.xlsx"
row "catalogue export" "workbook"
export_xlsx=$wall export_xlsx_rss=$rss
"$DUTYLIST" init --db "$work/xlsx.db" --empty >/dev/null
measure import-xlsx "$DUTYLIST" import --db "$work/xlsx.db" "$work/catalogue.xlsx"
row "catalogue import" "workbook"
import_xlsx=$wall import_xlsx_rss=$rss
"$DUTYLIST" export --db "$work/xlsx.db" --format csv "$work/out-xlsx" >/dev/null
diff -r "$work/out-csv" "$work/out-xlsx" >/dev/null ||
	die "the workbook's import exports other CSV files than the CSV import"
echo "[catalogue] $(sed -n 2,3p "$work/import-xlsx.out" | sed 's/^ *//' | tr '\n' ' ')"
echo "[catalogue] workbook $(du -k "$work/catalogue.xlsx" | cut -f1) KB; CSV files $(du -sk "$work/out-csv" | cut -f1) KB; the two imports export the same CSV files"

# 2. The lists.
mkdir -p "$work/lists-xlsx" "$work/lists-csv"
measure lists-write-csv "$bin" write csv "$work/csv.db" "$work/lists-csv"
row "lists write" "$(cat "$work/lists-write-csv.out") as CSV (baseline)"
measure lists-write-xlsx "$bin" write xlsx "$work/csv.db" "$work/lists-xlsx"
row "lists write" "$(cat "$work/lists-write-xlsx.out") as workbooks"
write_xlsx=$wall write_xlsx_rss=$rss
measure lists-read-csv "$bin" read csv "$work/lists-csv"
row "lists read" "$(cat "$work/lists-read-csv.out") CSV (baseline)"
measure lists-read-xlsx "$bin" read xlsx "$work/lists-xlsx"
row "lists read" "$(cat "$work/lists-read-xlsx.out") workbooks"
read_xlsx=$wall read_xlsx_rss=$rss
got=$(sed -n 's/.*rows=\([0-9]*\).*/\1/p' "$work/lists-read-xlsx.out")
[ "$got" = "$items" ] || die "the workbooks hold $got item rows, gen.py derived $items"
echo "[lists] workbooks $(du -sk "$work/lists-xlsx" | cut -f1) KB, CSV $(du -sk "$work/lists-csv" | cut -f1) KB; every one of the $items items read back"
echo

awk -F'|' '
BEGIN { printf "%-17s %-56s %7s %7s %7s\n", "step", "what", "wall s", "CPU s", "RSS MB" }
{ printf "%-17s %-56s %7.2f %7.2f %7.1f\n", $1, $2, $3, $4, $5 }' "$results"
echo
verdict() { # NAME WALL RSS
	awk -v n="$1" -v t="$2" -v r="$3" 'BEGIN {
		w = ""
		if (t >= 60) w = sprintf("%.1f s over", t - 60)
		if (r >= 300) w = w (w == "" ? "" : ", ") sprintf("RSS %.0f MB over", r - 300)
		printf "  %-34s %7.2f s %7.1f MB  %s\n", n, t, r, w == "" ? "met" : "MISSED: " w }'
}
echo "targets: each under 60 s and 300 MB"
verdict "catalogue export as a workbook" "$export_xlsx" "$export_xlsx_rss"
verdict "catalogue import of the workbook" "$import_xlsx" "$import_xlsx_rss"
verdict "lists written as workbooks" "$write_xlsx" "$write_xlsx_rss"
verdict "lists read back from workbooks" "$read_xlsx" "$read_xlsx_rss"
echo "(the CSV import of the same catalogue: $import_csv s, $import_csv_rss MB)"
