#!/bin/sh
# tests/cli/run.sh - the command-line suite of dutylist.
#
#   sh tests/cli/run.sh PATH_TO_DUTYLIST
#
# Runs the binary as a user would and checks exit statuses, the exact
# error lines and what ends up in the database.  Everything happens in a
# temporary directory; the only files read are the repository's own
# (data/demo/ and tests/data/, see tests/data/README.md).  Each test prints
# "ok - NAME" or "FAIL - NAME" followed by what differed; the last line is
# "N passed, M failed", and the exit status is 1 when any test failed.
#
# Needs POSIX sh and the Debian base tools (cmp, diff, grep, sed, awk).
# python3 checks the JSON shape when present (grep stands in otherwise);
# the sqlite3 CLI (installed by scripts/deps.sh) is used to compare whole
# databases and to corrupt them for `verify`; tests that need it are
# reported as skipped without it.
set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/cli/run.sh PATH_TO_DUTYLIST" >&2
	exit 2
fi
case $1 in
/*) BIN=$1 ;;
*) BIN=$(pwd)/$1 ;;
esac
if [ ! -x "$BIN" ] || [ -d "$BIN" ]; then
	echo "run.sh: $1 is not an executable file" >&2
	exit 2
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEMO=$ROOT/data/demo
DATA=$ROOT/tests/data
T=$(mktemp -d "${TMPDIR:-/tmp}/dutylist-cli.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 2' HUP INT PIPE TERM
# The tests name their databases; none may come from the environment.
unset DUTYLIST_DB

HAVE_SQLITE3=false
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=true
HAVE_PYTHON3=false
command -v python3 >/dev/null 2>&1 && python3 -c 'import json' 2>/dev/null && HAVE_PYTHON3=true

FILES="towns.csv departments.csv bases.csv tasks.csv guides.csv calendar.csv"
COMMANDS="init import export list verify"
DEMO_TOWNS="231086100 231086101 231086102 231086103 231086104 231086105"
OUT=$T/stdout
ERR=$T/stderr
RC=0

# ---------------------------------------------------------------------------
# Bookkeeping: begin NAME ... end.  Each check that finds a difference adds
# a line to WHY; end prints ok or FAIL with those lines.

PASSED=0
FAILED=0
NAME=""
WHY=""

begin() {
	NAME=$1
	WHY=""
}

# note TEXT: records a difference (TEXT may hold several lines).
note() {
	WHY="$WHY$(printf '%s\n' "$1" | sed 's/^/    /')
"
}

end() {
	if [ -z "$WHY" ]; then
		echo "ok - $NAME"
		PASSED=$((PASSED + 1))
	else
		echo "FAIL - $NAME"
		printf '%s' "$WHY"
		FAILED=$((FAILED + 1))
	fi
}

skip() {
	echo "skip - $1 ($2)"
}

# ---------------------------------------------------------------------------
# Running the binary: run ARGS... keeps stdout in $OUT, stderr in $ERR and
# the exit status in $RC.

run() {
	"$BIN" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# The start of a file, indented, for a failure message.
show() {
	if [ -s "$1" ]; then
		sed -n '1,12p' "$1"
	else
		echo "(empty)"
	fi
}

expect_exit() {
	if [ "$RC" -ne "$1" ]; then
		note "exit status $RC, expected $1; stderr:
$(show "$ERR")"
	fi
}

# expect_ok: exit 0 and nothing on stderr (which also catches sanitizer
# reports).
expect_ok() {
	expect_exit 0
	[ "$RC" -ne 0 ] || expect_no_stderr
}

expect_no_stderr() {
	[ -s "$ERR" ] && note "unexpected stderr:
$(show "$ERR")"
	return 0
}

expect_no_stdout() {
	[ -s "$OUT" ] && note "unexpected stdout:
$(show "$OUT")"
	return 0
}

# expect_same WHAT EXPECTED_FILE ACTUAL_FILE
expect_same() {
	if [ ! -f "$3" ]; then
		note "$1: $3 is missing"
	elif ! cmp -s "$2" "$3"; then
		note "$1 differs (- expected, + actual):
$(diff -u "$2" "$3" | sed '1,2d' | sed -n '1,30p')"
	fi
}

# expect_stderr_file FILE: stderr is exactly FILE.
expect_stderr_file() {
	expect_same stderr "$1" "$ERR"
}

# expect_stderr LINE...: stderr is exactly these lines.
expect_stderr() {
	printf '%s\n' "$@" >"$T/want"
	expect_same stderr "$T/want" "$ERR"
}

# expect_stdout LINE...: stdout is exactly these lines.
expect_stdout() {
	printf '%s\n' "$@" >"$T/want"
	expect_same stdout "$T/want" "$OUT"
}

# expect_line FILE LINE: FILE has LINE as one of its lines.
expect_line() {
	grep -qxF -- "$2" "$1" || note "no line '$2' in $(basename "$1"):
$(show "$1")"
}

# expect_text FILE TEXT: FILE holds TEXT somewhere (TEXT may span lines).
expect_text() {
	if $HAVE_PYTHON3; then
		python3 -c 'import sys; sys.exit(sys.argv[2] not in open(sys.argv[1], encoding="utf-8").read())' \
			"$1" "$2" || note "$(basename "$1") does not hold: $2"
	else
		# Without python3: each line of TEXT on some line of FILE.
		printf '%s\n' "$2" | while IFS= read -r l; do
			grep -qF -- "$l" "$1" || echo x
		done | grep -q x && note "$(basename "$1") does not hold: $2"
	fi
	return 0
}

# expect_same_dir WHAT EXPECTED_DIR ACTUAL_DIR: the six exchange files.
expect_same_dir() {
	for f in $FILES; do
		expect_same "$1 $f" "$2/$f" "$3/$f"
	done
}

expect_file_unchanged() { # FILE COPY
	cmp -s "$1" "$2" || note "$(basename "$1") was changed"
}

# ---------------------------------------------------------------------------
# Databases.

# new_db empty|demo PATH: a fresh database (a copy of one made once).
new_db() {
	if [ ! -f "$T/template-$1.db" ]; then
		if [ "$1" = empty ]; then
			"$BIN" init --db "$T/template-$1.db" --empty >/dev/null 2>&1
		else
			"$BIN" init --db "$T/template-$1.db" >/dev/null 2>&1
		fi
	fi
	rm -f "$2" "$2-wal" "$2-shm"
	cp "$T/template-$1.db" "$2"
	[ -f "$T/template-$1.db-wal" ] && cp "$T/template-$1.db-wal" "$2-wal"
	return 0
}

# snapshot DB DIR: what must not change when an import is refused: the
# export, the size of the audit log and (with sqlite3) the whole dump.
snapshot() {
	rm -rf "$2"
	mkdir -p "$2"
	"$BIN" export --db "$1" "$2/export" >/dev/null 2>"$2/export.err" ||
		note "export of $(basename "$1") failed: $(cat "$2/export.err")"
	if $HAVE_SQLITE3; then
		sqlite3 "$1" 'select count(*) from audit' >"$2/audit" 2>&1
		sqlite3 "$1" .dump >"$2/dump" 2>&1
	fi
}

# expect_unchanged DB SNAPSHOT_DIR
expect_unchanged() {
	snapshot "$1" "$T/after"
	expect_same_dir "export after the refusal:" "$2/export" "$T/after/export"
	if $HAVE_SQLITE3; then
		expect_same "audit entries" "$2/audit" "$T/after/audit"
		cmp -s "$2/dump" "$T/after/dump" || note "the database changed (sqlite3 .dump differs)"
	fi
}

# list_json DB TOWN FILE: a town's list as JSON, without the *_at lines
# (timestamps differ between databases).
list_json() {
	"$BIN" list --db "$1" --town "$2" --json 2>"$T/list.err" | grep -v '_at": ' >"$3"
}

# item_codes JSON_FILE: the codes of a list's items, space-separated, in
# list order.
item_codes() {
	if $HAVE_PYTHON3; then
		python3 -c 'import json, sys; print(" ".join(i["code"] for i in json.load(open(sys.argv[1]))["items"]))' "$1"
	else
		# jansson indents by 2: item keys sit at 6 spaces.
		sed -n 's/^      "code": "\(.*\)",$/\1/p' "$1" | tr '\n' ' ' | sed 's/ $//'
		echo
	fi
}

# town_codes DB: every town's code, from `list --json`.
town_codes() {
	"$BIN" list --db "$1" --json | sed -n 's/^      "code": "\([0-9]*\)",$/\1/p'
}

# ===========================================================================
# 1. init, help, usage errors

begin "init creates the demo database"
run init --db "$T/demo.db"
expect_ok
# The schema version grows with migrations: any number will do.
sed '1s/(schema version [0-9][0-9]*)/(schema version N)/' "$OUT" >"$T/init-out"
printf '%s\n' "created $T/demo.db (schema version N) with the demo catalogue of Dongning (东宁市)" \
	"  6 towns, 30 departments, 78 bases, 112 tasks (112 new, 0 changed, 0 unchanged), 4 guides, 108 calendar days" \
	"  6 town lists created (version 1, published)" >"$T/want"
expect_same stdout "$T/want" "$T/init-out"
[ -f "$T/demo.db" ] || note "no $T/demo.db"
run list --db "$T/demo.db"
expect_ok
[ "$(grep -c '^2310861' "$OUT")" -eq 6 ] || note "list shows $(grep -c '^2310861' "$OUT") towns, expected 6"
end

begin "init refuses to overwrite an existing database"
cp "$T/demo.db" "$T/demo.copy"
run init --db "$T/demo.db"
expect_exit 1
expect_no_stdout
expect_stderr "dutylist init: $T/demo.db already exists; it is never overwritten"
expect_file_unchanged "$T/demo.db" "$T/demo.copy"
run init --db "$T/demo.db" --empty
expect_exit 1
expect_stderr "dutylist init: $T/demo.db already exists; it is never overwritten"
expect_file_unchanged "$T/demo.db" "$T/demo.copy"
end

begin "init refuses to overwrite a file that is not a database"
printf 'notes, not a database\n' >"$T/notes.txt"
cp "$T/notes.txt" "$T/notes.copy"
run init --db "$T/notes.txt" --empty
expect_exit 1
expect_stderr "dutylist init: $T/notes.txt already exists; it is never overwritten"
expect_file_unchanged "$T/notes.txt" "$T/notes.copy"
end

begin "init --empty gives an empty database"
run init --db "$T/empty.db" --empty
expect_ok
sed '1s/(schema version [0-9][0-9]*)/(schema version N)/' "$OUT" >"$T/init-out"
printf '%s\n' "created $T/empty.db (schema version N), empty" >"$T/want"
expect_same stdout "$T/want" "$T/init-out"
run list --db "$T/empty.db" --json
expect_ok
printf '{\n  "towns": []\n}\n' >"$T/want-json"
expect_same "list --json" "$T/want-json" "$OUT"
run export --db "$T/empty.db" "$T/empty-export"
expect_ok
expect_stdout "exported 0 towns, 0 departments, 0 bases, 0 tasks, 0 guides, 0 calendar days to $T/empty-export"
for f in $FILES; do
	sed -n 1p "$DEMO/$f" >"$T/header"
	expect_same "$f (the header only)" "$T/header" "$T/empty-export/$f"
done
end

begin "the database defaults to \$DUTYLIST_DB, then ./dutylist.db"
mkdir -p "$T/cwd"
(cd "$T/cwd" && "$BIN" init --empty >"$OUT" 2>"$ERR")
RC=$?
expect_ok
[ -f "$T/cwd/dutylist.db" ] || note "init without --db made no ./dutylist.db"
(cd "$T/cwd" && DUTYLIST_DB="$T/env.db" "$BIN" init --empty >"$OUT" 2>"$ERR")
RC=$?
expect_ok
[ -f "$T/env.db" ] || note "init did not use \$DUTYLIST_DB"
(cd "$T/cwd" && DUTYLIST_DB="$T/env.db" "$BIN" init --db "$T/flag.db" --empty >"$OUT" 2>"$ERR")
RC=$?
expect_ok
[ -f "$T/flag.db" ] || note "--db did not win over \$DUTYLIST_DB"
(cd "$T/cwd" && DUTYLIST_DB="$T/demo.db" "$BIN" list --town 231086101 --json >"$OUT" 2>"$ERR")
RC=$?
expect_ok
expect_line "$OUT" '  "total": 109,'
end

begin "init where the file cannot be made is an error (exit 2), leaving nothing"
run init --db "$T/no/such/dir/x.db"
expect_exit 2
expect_stderr "dutylist init: $T/no/such/dir/x.db: unable to open database file"
[ -e "$T/no" ] && note "init left $T/no behind"
end

for cmd in $COMMANDS; do
	begin "$cmd --help"
	run "$cmd" --help
	expect_ok
	first=$(sed -n 1p "$OUT")
	case $first in
	"usage: dutylist $cmd "*) ;;
	*) note "first line '$first', expected 'usage: dutylist $cmd ...'" ;;
	esac
	grep -q -- '--db PATH' "$OUT" || note "--help does not explain --db"
	cp "$OUT" "$T/help-$cmd"
	run help "$cmd"
	expect_ok
	expect_same "'dutylist help $cmd'" "$T/help-$cmd" "$OUT"
	run "$cmd" -h
	expect_ok
	expect_same "'dutylist $cmd -h'" "$T/help-$cmd" "$OUT"
	end
done

begin "--help lists every command"
run --help
expect_ok
for cmd in $COMMANDS; do
	grep -q "^  $cmd " "$OUT" || note "--help does not list $cmd"
done
end

begin "no command is a usage error (exit 2)"
run
expect_exit 2
expect_no_stdout
grep -q '^usage: dutylist COMMAND' "$ERR" || note "no usage on stderr: $(show "$ERR")"
end

begin "an unknown command is a usage error (exit 2)"
run frobnicate --db "$T/demo.db"
expect_exit 2
expect_no_stdout
[ "$(sed -n 1p "$ERR")" = "dutylist: unknown command 'frobnicate'" ] ||
	note "first stderr line: $(sed -n 1p "$ERR")"
grep -q '^usage: dutylist COMMAND' "$ERR" || note "no usage on stderr"
end

for cmd in $COMMANDS; do
	begin "$cmd: an unknown option is a usage error (exit 2)"
	usage=$(sed -n 1p "$T/help-$cmd")
	run "$cmd" --db "$T/demo.db" --frobnicate
	expect_exit 2
	expect_no_stdout
	expect_stderr "dutylist $cmd: unknown option --frobnicate" "$usage"
	end
done

begin "other usage errors (exit 2)"
usage_list=$(sed -n 1p "$T/help-list")
run list --db "$T/demo.db" --json=yes
expect_exit 2
expect_stderr "dutylist list: --json takes no value" "$usage_list"
run list --db
expect_exit 2
expect_stderr "dutylist list: --db needs a value" "$usage_list"
run list --db "$T/demo.db" 231086101
expect_exit 2
expect_stderr "dutylist list: unexpected argument '231086101'" "$usage_list"
run list --db "$T/demo.db" --town 231086101 --version abc
expect_exit 2
expect_stderr "dutylist list: --version: 'abc' is not a version number"
run list --db "$T/demo.db" --town 231086101 --version 0
expect_exit 2
expect_stderr "dutylist list: --version: '0' is not a version number"
run init --db "$T/x.db" extra
expect_exit 2
expect_stderr "dutylist init: unexpected argument 'extra'" "$(sed -n 1p "$T/help-init")"
[ -e "$T/x.db" ] && note "a usage error still made $T/x.db"
run import --db "$T/demo.db"
expect_exit 2
expect_stderr "dutylist import: name the directory or workbook to import" "$(sed -n 1p "$T/help-import")"
run export --db "$T/demo.db"
expect_exit 2
expect_stderr "dutylist export: name the output (a directory for csv, a file for xlsx)" "$(sed -n 1p "$T/help-export")"
run export --db "$T/demo.db" --format xml "$T/xml"
expect_exit 2
expect_stderr "dutylist export: format 'xml' is not supported: use csv or xlsx"
[ -e "$T/xml" ] && note "a refused export still made $T/xml"
end

begin "a missing database is a clear error, and is not created"
mkdir -p "$T/somedir"
for cmd in list export import verify; do
	case $cmd in
	export | import) run "$cmd" --db "$T/none.db" "$T/somedir" ;;
	*) run "$cmd" --db "$T/none.db" ;;
	esac
	expect_exit 1
	expect_no_stdout
	expect_stderr "dutylist $cmd: $T/none.db does not exist; create it with 'dutylist init'"
	[ -e "$T/none.db" ] && note "$cmd created $T/none.db" && rm -f "$T/none.db"
done
end

begin "a file that is not a dutylist database is refused, unchanged"
run list --db "$T/notes.txt"
expect_exit 1
expect_stderr "dutylist list: $T/notes.txt is not a dutylist database"
expect_file_unchanged "$T/notes.txt" "$T/notes.copy"
end

begin "list of an unknown town or version is refused (exit 1)"
run list --db "$T/demo.db" --town 231099999
expect_exit 1
expect_no_stdout
expect_stderr "dutylist list: town 231099999 does not exist"
run list --db "$T/demo.db" --town 231086101 --version 2
expect_exit 1
expect_stderr "dutylist list: 绥阳镇 (231086101) has no list version 2"
end

# ===========================================================================
# 2. list

begin "list shows every town's list sizes"
run list --db "$T/demo.db"
expect_ok
# code, name, version, 基本, 配合, 收回, total
for want in "231086100 1 63 33 11 107" "231086101 1 66 32 11 109" "231086102 1 64 34 11 109" \
	"231086103 1 64 32 11 107" "231086104 1 66 33 11 110" "231086105 1 65 33 11 109"; do
	code=${want%% *}
	got=$(awk -v c="$code" '$1 == c { print $1, $3, $4, $5, $6, $7 }' "$OUT")
	[ "$got" = "$want" ] || note "town $code: '$got', expected '$want'"
done
end

# Exit 0 like every success (the table form, not only --json).
begin "list --town 231086101 (绥阳镇) lists 109 items in three parts"
run list --db "$T/demo.db" --town 231086101
expect_ok
case $(sed -n 1p "$OUT") in
"绥阳镇 (231086101) 职责任务清单  第 1 版 · 已发布 "*) ;;
*) note "title line: $(sed -n 1p "$OUT")" ;;
esac
expect_line "$OUT" "共 109 项: 基本履职 66 · 配合履职 32 · 上级部门收回 11"
expect_line "$OUT" "一、基本履职 (66 项)"
expect_line "$OUT" "二、配合履职 (32 项)"
expect_line "$OUT" "三、上级部门收回 (11 项)"
n=$(grep -c '^    [A-Z][A-Z]-[0-9][0-9] .*依据: B[0-9]' "$OUT")
[ "$n" -eq 109 ] || note "$n item lines, expected 109"
end

begin "list --town 231086101 --json has the documented shape and counts"
run list --db "$T/demo.db" --town 231086101 --json
expect_ok
cp "$OUT" "$T/suiyang.json"
if $HAVE_PYTHON3; then
	if ! python3 - "$T/suiyang.json" >"$T/json-check" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = []
def need(obj, where, **keys):
    if not isinstance(obj, dict):
        bad.append(f"{where} is not an object")
        return
    for k, t in keys.items():
        if k not in obj:
            bad.append(f"{where}: no key '{k}'")
        elif not isinstance(obj[k], t) or (t is int and isinstance(obj[k], bool)):
            bad.append(f"{where}.{k} is {type(obj[k]).__name__}, expected {t.__name__}")
need(d, "top", town=dict, version=int, status=str, items=list)
if bad:
    print("\n".join(bad)); sys.exit(1)
if d["town"] != {"code": "231086101", "name": "绥阳镇"}:
    bad.append(f"town is {d['town']}")
if d["version"] != 1 or d["status"] != "published":
    bad.append(f"version {d['version']} status {d['status']}, expected 1 published")
counts = {}
for n, it in enumerate(d["items"]):
    w = f"items[{n}]"
    need(it, w, code=str, category=str, duty=str, name=str, list_type=str,
         lead_department=str, township_part=str, department_part=str,
         public_service=bool, bases=list)
    if not isinstance(it, dict) or not isinstance(it.get("bases"), list):
        continue
    counts[it.get("list_type")] = counts.get(it.get("list_type"), 0) + 1
    if not it["bases"]:
        bad.append(f"{w} ({it.get('code')}) has no bases")
    for m, b in enumerate(it["bases"]):
        need(b, f"{w}.bases[{m}]", code=str, title=str, article=str)
    if (it.get("list_type") == "基本履职") != (it.get("lead_department") == ""):
        bad.append(f"{w} ({it.get('code')}): list_type {it.get('list_type')} with lead '{it.get('lead_department')}'")
want = {"基本履职": 66, "配合履职": 32, "上级部门收回": 11}
if counts != want:
    bad.append(f"items per part {counts}, expected {want}")
if len(d["items"]) != 109:
    bad.append(f"{len(d['items'])} items, expected 109")
codes = [it.get("code") for it in d["items"] if isinstance(it, dict)]
if len(set(codes)) != len(codes):
    bad.append("an item is listed twice")
print("\n".join(bad[:20]))
if len(bad) > 20:
    print(f"... {len(bad)} problems in all")
sys.exit(1 if bad else 0)
EOF
	then
		note "$(cat "$T/json-check")"
	fi
else
	# Without python3: the keys and the counts, line by line (jansson
	# writes one key per line).
	for k in '"town": {' '"version": 1,' '"status": "published",' '"items": [' \
		'"code": "231086101",' '"name": "绥阳镇"'; do
		grep -qF -- "$k" "$T/suiyang.json" || note "no '$k'"
	done
	for k in code category duty name list_type lead_department township_part \
		department_part public_service bases; do
		n=$(grep -c "^      \"$k\": " "$T/suiyang.json")
		[ "$n" -eq 109 ] || note "key $k on $n items, expected 109"
	done
	n=$(grep -cE '^      "public_service": (true|false),$' "$T/suiyang.json")
	[ "$n" -eq 109 ] || note "public_service is true or false on $n items, expected 109"
	for k in code title article; do
		n=$(grep -c "^          \"$k\": " "$T/suiyang.json")
		[ "$n" -ge 109 ] || note "key $k on $n bases, expected at least 109"
	done
	for want in "基本履职 66" "配合履职 32" "上级部门收回 11"; do
		n=$(grep -c "^      \"list_type\": \"${want% *}\"," "$T/suiyang.json")
		[ "$n" -eq "${want#* }" ] || note "$n items of ${want% *}, expected ${want#* }"
	done
fi
end

# ===========================================================================
# 3. CSV round trip

begin "export of the demo database is byte-identical to data/demo"
run export --db "$T/demo.db" --format csv "$T/rt1"
expect_ok
expect_stdout "exported 6 towns, 30 departments, 78 bases, 112 tasks, 4 guides, 108 calendar days to $T/rt1"
expect_same_dir "export" "$DEMO" "$T/rt1"
end

begin "the export imports into an empty database"
new_db empty "$T/rt.db"
run import --db "$T/rt.db" "$T/rt1"
expect_ok
expect_stdout "imported $T/rt1" \
	"  6 towns, 30 departments, 78 bases, 112 tasks (112 new, 0 changed, 0 unchanged), 4 guides, 108 calendar days" \
	"  6 town lists created (version 1, published)"
end

begin "exporting it again gives identical files"
run export --db "$T/rt.db" "$T/rt2"
expect_ok
expect_same_dir "second export" "$T/rt1" "$T/rt2"
end

begin "every town's list --json is the same in both databases"
towns=$(town_codes "$T/rt.db" | tr '\n' ' ' | sed 's/ $//')
[ "$towns" = "$DEMO_TOWNS" ] || note "towns of the copy: $towns"
for town in $DEMO_TOWNS; do
	list_json "$T/demo.db" "$town" "$T/a.json"
	list_json "$T/rt.db" "$town" "$T/b.json"
	[ -s "$T/a.json" ] || note "no list for $town"
	expect_same "town $town" "$T/a.json" "$T/b.json"
done
end

begin "importing the same catalogue again changes nothing"
run import --db "$T/rt.db" "$T/rt1"
expect_ok
expect_line "$OUT" "  6 towns, 30 departments, 78 bases, 112 tasks (0 new, 0 changed, 112 unchanged), 4 guides, 108 calendar days"
expect_line "$OUT" "  0 town lists created (version 1, published)"
run export --db "$T/rt.db" "$T/rt3"
expect_same_dir "export after the second import" "$T/rt1" "$T/rt3"
for town in $DEMO_TOWNS; do
	list_json "$T/demo.db" "$town" "$T/a.json"
	list_json "$T/rt.db" "$town" "$T/b.json"
	expect_same "town $town" "$T/a.json" "$T/b.json"
done
run verify --db "$T/rt.db"
expect_ok
end

# ===========================================================================
# 4. Another town profile: tests/data/profile (牧区, 渔业, town:CODE)

# expect_profile_lists DB: each town of the profile catalogue has exactly
# the tasks its tags and code select.
expect_profile_lists() {
	for want in \
		"231099001:DJ-91 JJ-91 GF-91" \
		"231099002:DJ-91 JJ-92 ST-91 GF-91 ZL-91 WH-91" \
		"231099003:DJ-91 JJ-91 JJ-92 GF-91 ZL-91" \
		"231099004:DJ-91 JJ-92 GF-91"; do
		town=${want%%:*}
		list_json "$1" "$town" "$T/p.json"
		got=$(item_codes "$T/p.json")
		[ "$got" = "${want#*:}" ] || note "town $town lists '$got', expected '${want#*:}'"
	done
}

begin "a catalogue with other town profiles imports into an empty database"
new_db empty "$T/profile.db"
run import --db "$T/profile.db" "$DATA/profile"
expect_ok
expect_stdout "imported $DATA/profile" \
	"  4 towns, 3 departments, 6 bases, 8 tasks (8 new, 0 changed, 0 unchanged), 1 guides, 3 calendar days" \
	"  4 town lists created (version 1, published)"
end

begin "each town gets exactly the tasks its profile selects (全部, tag:, town:)"
expect_profile_lists "$T/profile.db"
run list --db "$T/profile.db"
expect_ok
for want in "231099001 1 3 0 0 3" "231099002 1 4 1 1 6" "231099003 1 4 1 0 5" "231099004 1 3 0 0 3"; do
	code=${want%% *}
	got=$(awk -v c="$code" '$1 == c { print $1, $3, $4, $5, $6, $7 }' "$OUT")
	[ "$got" = "$want" ] || note "town $code: '$got', expected '$want'"
done
# JJ-93 (tag:林区) matches no town of the profile.
grep -q 'JJ-93' "$T/p.json" && note "JJ-93 (tag:林区) is on a list"
run verify --db "$T/profile.db"
expect_ok
end

begin "the profile catalogue exports back byte-identical"
run export --db "$T/profile.db" "$T/profile-export"
expect_ok
expect_same_dir "export" "$DATA/profile" "$T/profile-export"
end

begin "importing the profile into the demo database leaves the demo lists alone"
new_db demo "$T/demo-profile.db"
for town in $DEMO_TOWNS; do
	"$BIN" list --db "$T/demo-profile.db" --town "$town" --json >"$T/before-$town.json" 2>/dev/null
done
run import --db "$T/demo-profile.db" "$DATA/profile"
expect_ok
expect_line "$OUT" "  4 town lists created (version 1, published)"
for town in $DEMO_TOWNS; do
	"$BIN" list --db "$T/demo-profile.db" --town "$town" --json >"$T/after.json" 2>/dev/null
	expect_same "list of $town" "$T/before-$town.json" "$T/after.json"
done
# A new town's first list takes every task that applies, the demo's too:
# 草原乡 (牧区) gets the demo's 106 全部 tasks and DJ-91, JJ-91, GF-91, but
# none of the demo's tag: tasks (JJ-02 tag:木耳, ZL-08 tag:林区, ...).
list_json "$T/demo-profile.db" 231099001 "$T/p.json"
got=$(item_codes "$T/p.json")
n=$(echo "$got" | wc -w)
[ "$n" -eq 109 ] || note "草原乡 has $n items, expected 109"
for c in DJ-91 JJ-91 GF-91 DJ-01 GF-23; do
	case " $got " in *" $c "*) ;; *) note "草原乡 lacks $c" ;; esac
done
for c in JJ-92 ZL-91 JJ-02 ZL-08; do
	case " $got " in *" $c "*) note "草原乡 has $c" ;; esac
done
run verify --db "$T/demo-profile.db"
expect_ok
end

# ===========================================================================
# 5. Broken catalogues: tests/data/broken-*/.  Each is imported into an
# empty and into a demo database.  expected.txt is the exact stderr for
# both; expected-empty.txt or expected-demo.txt, when present, is the one
# for that database (a directory with neither is not run against it).

for dir in "$DATA"/broken-*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	for kind in empty demo; do
		want=$dir/expected-$kind.txt
		[ -f "$want" ] || want=$dir/expected.txt
		[ -f "$want" ] || continue
		begin "import refuses $name ($kind database), naming every error"
		new_db "$kind" "$T/broken.db"
		snapshot "$T/broken.db" "$T/before"
		run import --db "$T/broken.db" "$dir"
		expect_exit 1
		expect_no_stdout
		expect_stderr_file "$want"
		expect_unchanged "$T/broken.db" "$T/before"
		end
	done
done

# The reason must be printed, not "refused, 0 errors".
begin "import of a directory without exchange files is refused with a clear error"
mkdir -p "$T/nothing"
echo "not part of the exchange format" >"$T/nothing/readme.txt"
new_db demo "$T/nothing.db"
snapshot "$T/nothing.db" "$T/before"
run import --db "$T/nothing.db" "$T/nothing"
expect_exit 1
expect_no_stdout
expect_stderr "dutylist import: $T/nothing holds none of the exchange files (towns.csv, departments.csv, bases.csv, tasks.csv, guides.csv, calendar.csv)"
expect_unchanged "$T/nothing.db" "$T/before"
end

begin "import of a path that is neither a directory nor a workbook is an error (exit 2)"
run import --db "$T/nothing.db" "$T/notes.txt"
expect_exit 2
expect_no_stdout
expect_stderr "dutylist import: $T/notes.txt is neither a directory of CSV files nor an XLSX workbook"
run import --db "$T/nothing.db" "$T/no-such-dir"
expect_exit 2
expect_stderr "dutylist import: $T/no-such-dir does not exist"
end

# ===========================================================================
# 6. Accepted edge cases: tests/data/edge/ is the profile catalogue with a
# UTF-8 BOM, CRLF line ends, a header in another order, blank lines, quoted
# fields with commas, doubled quotes and embedded newlines, and no newline
# at the end of a file.  tests/data/edge-export/ is what export must give.

begin "import accepts BOM, CRLF, reordered columns, blank lines and quoted fields"
new_db empty "$T/edge.db"
run import --db "$T/edge.db" "$DATA/edge"
expect_ok
expect_line "$OUT" "  4 towns, 3 departments, 6 bases, 8 tasks (8 new, 0 changed, 0 unchanged), 1 guides, 3 calendar days"
expect_profile_lists "$T/edge.db"
end

begin "quoted values come back out of export intact"
run export --db "$T/edge.db" "$T/edge-out"
expect_ok
expect_same_dir "export" "$DATA/edge-export" "$T/edge-out"
expect_text "$T/edge-out/tasks.csv" ',"开展渔船和渔港安全巡查,建立台账",'
expect_text "$T/edge-out/tasks.csv" ',"组织开展""清河行动""湖泊岸线日常巡查",'
expect_text "$T/edge-out/tasks.csv" ',"负责禁渔期执法检查
和案件查处",'
expect_text "$T/edge-out/tasks.csv" ',"受理临时救助申请,
开展""入户""调查核实",'
expect_text "$T/edge-out/bases.csv" ',"县乡镇职责清单管理办法（示例, 2024年修订）",'
list_json "$T/edge.db" 231099002 "$T/e.json"
expect_text "$T/e.json" '"township_part": "组织开展\"清河行动\"湖泊岸线日常巡查",'
expect_text "$T/e.json" '"department_part": "负责禁渔期执法检查\n和案件查处",'
expect_text "$T/e.json" '"township_part": "受理临时救助申请,\n开展\"入户\"调查核实",'
end

begin "the edge catalogue survives a second round trip"
new_db empty "$T/edge2.db"
run import --db "$T/edge2.db" "$T/edge-out"
expect_ok
run export --db "$T/edge2.db" "$T/edge-out2"
expect_ok
expect_same_dir "export" "$DATA/edge-export" "$T/edge-out2"
end

# ===========================================================================
# 6b. Excel workbooks and the CSV encodings of Chinese offices.  Workbooks
# made by another writer come from tests/cli/make_xlsx.py, and the
# workbooks dutylist writes are read back by tests/cli/check_xlsx.py: both
# use Debian's python3-openpyxl (scripts/deps.sh), an independent reader.

PY_XLSX=/usr/bin/python3
HAVE_OPENPYXL=false
"$PY_XLSX" -c 'import openpyxl' 2>/dev/null && HAVE_OPENPYXL=true
XLSX_TOOLS=$ROOT/tests/cli

# check_xlsx MODE A B: the independent reader's verdict, as notes.
check_xlsx() {
	"$PY_XLSX" "$XLSX_TOOLS/check_xlsx.py" "$@" 2>"$T/check.err" ||
		note "check_xlsx.py $1 $(basename "$2"): $(show "$T/check.err")"
}

begin "export --format xlsx writes the catalogue as one workbook"
run export --db "$T/demo.db" --format xlsx "$T/cat.xlsx"
expect_ok
expect_stdout "exported 6 towns, 30 departments, 78 bases, 112 tasks, 4 guides, 108 calendar days to $T/cat.xlsx"
if $HAVE_OPENPYXL; then
	check_xlsx catalog "$T/cat.xlsx" "$DEMO"
else
	note "no python3-openpyxl at $PY_XLSX (scripts/deps.sh installs it)"
fi
end

begin "the workbook imports into an empty database: same catalogue, same lists"
new_db empty "$T/x.db"
run import --db "$T/x.db" "$T/cat.xlsx"
expect_ok
expect_stdout "imported $T/cat.xlsx" \
	"  6 towns, 30 departments, 78 bases, 112 tasks (112 new, 0 changed, 0 unchanged), 4 guides, 108 calendar days" \
	"  6 town lists created (version 1, published)"
run export --db "$T/x.db" "$T/x-csv"
expect_same_dir "CSV export after the workbook import" "$DEMO" "$T/x-csv"
for town in $DEMO_TOWNS; do
	list_json "$T/demo.db" "$town" "$T/a.json"
	list_json "$T/x.db" "$town" "$T/b.json"
	expect_same "town $town" "$T/a.json" "$T/b.json"
done
run verify --db "$T/x.db"
expect_ok
end

begin "workbook -> import -> export gives the same workbook"
run export --db "$T/x.db" --format xlsx "$T/cat2.xlsx"
expect_ok
$HAVE_OPENPYXL && check_xlsx same "$T/cat.xlsx" "$T/cat2.xlsx"
end

begin "awkward text (quotes, commas, newlines, spaces) survives a workbook round trip"
run export --db "$T/edge.db" --format xlsx "$T/edge.xlsx"
expect_ok
new_db empty "$T/edge-x.db"
run import --db "$T/edge-x.db" "$T/edge.xlsx"
expect_ok
run export --db "$T/edge-x.db" "$T/edge-x"
expect_same_dir "export" "$DATA/edge-export" "$T/edge-x"
end

if $HAVE_OPENPYXL; then
	begin "a workbook kept the Excel way imports as its CSV files do (numbers, dates, shared strings, a blank row)"
	"$PY_XLSX" "$XLSX_TOOLS/make_xlsx.py" typed "$DATA/profile" "$T/typed.xlsx" || note "make_xlsx.py typed failed"
	new_db empty "$T/typed.db"
	run import --db "$T/typed.db" "$T/typed.xlsx"
	expect_ok
	expect_line "$OUT" "  4 towns, 3 departments, 6 bases, 8 tasks (8 new, 0 changed, 0 unchanged), 1 guides, 3 calendar days"
	expect_profile_lists "$T/typed.db"
	new_db empty "$T/prof.db"
	"$BIN" import --db "$T/prof.db" "$DATA/profile" >/dev/null 2>&1
	"$BIN" export --db "$T/prof.db" "$T/prof-csv" >/dev/null 2>&1
	run export --db "$T/typed.db" "$T/typed-csv"
	expect_same_dir "export" "$T/prof-csv" "$T/typed-csv"
	end

	begin "import refuses a broken workbook, naming sheet, row and column of every error"
	"$PY_XLSX" "$XLSX_TOOLS/make_xlsx.py" broken "$DATA/profile" "$T/broken.xlsx" || note "make_xlsx.py broken failed"
	new_db empty "$T/bx.db"
	snapshot "$T/bx.db" "$T/before"
	run import --db "$T/bx.db" "$T/broken.xlsx"
	expect_exit 1
	expect_no_stdout
	expect_stderr "$T/broken.xlsx: sheet '说明' is not one of 乡镇, 部门, 职责依据, 任务事项, 办事指南, 节假日; rename or remove it" \
		"乡镇!2: population (D2): holds a formula; an import takes values: paste the values (选择性粘贴 → 数值) and save again" \
		"乡镇!3: a value in column H, right of the header's last column F; remove it or give the column a header" \
		"乡镇!4: kind: '村' is not one of 镇 / 乡 / 民族乡 / 街道" \
		"职责依据!3: effective_date (G3): a date with a time of day (41636.4); enter the date alone" \
		"任务事项!2: bases (K2): holds the error value #N/A" \
		"dutylist import: refused, 6 errors; nothing was written"
	expect_unchanged "$T/bx.db" "$T/before"
	end

	begin "import refuses what is not a workbook of the exchange format, clearly"
	for k in notzip badxml nosheet; do
		"$PY_XLSX" "$XLSX_TOOLS/make_xlsx.py" $k "$DATA/profile" "$T/$k.xlsx" || note "make_xlsx.py $k failed"
	done
	snapshot "$T/bx.db" "$T/before"
	run import --db "$T/bx.db" "$T/notzip.xlsx"
	expect_exit 2
	expect_stderr "dutylist import: $T/notzip.xlsx is neither a directory of CSV files nor an XLSX workbook"
	run import --db "$T/bx.db" "$T/badxml.xlsx"
	expect_exit 1
	expect_stderr "dutylist import: $T/badxml.xlsx: xl/workbook.xml is not well-formed XML (line 1: unclosed token)"
	run import --db "$T/bx.db" "$T/nosheet.xlsx"
	expect_exit 1
	expect_stderr "$T/nosheet.xlsx: sheet 'Sheet1' is not one of 乡镇, 部门, 职责依据, 任务事项, 办事指南, 节假日; rename or remove it" \
		"dutylist import: refused, 1 error; nothing was written"
	run import --db "$T/bx.db" --encoding gbk "$T/cat.xlsx"
	expect_exit 2
	expect_stderr "dutylist import: --encoding is for a directory of CSV files; a workbook is always Unicode"
	expect_unchanged "$T/bx.db" "$T/before"
	end
else
	skip "workbooks made by openpyxl" "no python3-openpyxl at $PY_XLSX"
fi

begin "export --town writes a town's list as a posting workbook, for every demo town"
for town in $DEMO_TOWNS; do
	run export --db "$T/demo.db" --town "$town" --format xlsx "$T/list-$town.xlsx"
	expect_ok
	grep -q "^exported the list of $town .*, version 1 (.* items), to $T/list-$town.xlsx\$" "$OUT" ||
		note "stdout: $(show "$OUT")"
	"$BIN" list --db "$T/demo.db" --town "$town" --json >"$T/list-$town.json"
	$HAVE_OPENPYXL && check_xlsx list "$T/list-$town.xlsx" "$T/list-$town.json"
done
end

begin "export --town: usage and unknown towns"
run export --db "$T/demo.db" --town 231086100 --format csv "$T/l.xlsx"
expect_exit 2
grep -q "^dutylist export: --town writes a workbook: use --format xlsx\$" "$ERR" || note "stderr: $(show "$ERR")"
run export --db "$T/demo.db" --town 999999999 "$T/l.xlsx"
expect_exit 1
[ -e "$T/l.xlsx" ] && note "a workbook was written for an unknown town"
run export --db "$T/demo.db" --format xlsx --bom "$T/l.xlsx"
expect_exit 2
grep -q "^dutylist export: --encoding and --bom are for csv; a workbook is always Unicode\$" "$ERR" || note "stderr: $(show "$ERR")"
end

# GBK: the profile catalogue as older Excel on a Chinese Windows saves it.
mkdir -p "$T/gbk"
for f in $FILES; do
	iconv -f UTF-8 -t GBK "$DATA/profile/$f" >"$T/gbk/$f" || note "iconv of $f failed"
done

begin "import reads CSV files in GBK, detected without --encoding"
new_db empty "$T/gbk.db"
run import --db "$T/gbk.db" "$T/gbk"
expect_ok
expect_line "$OUT" "  4 towns, 3 departments, 6 bases, 8 tasks (8 new, 0 changed, 0 unchanged), 1 guides, 3 calendar days"
run export --db "$T/gbk.db" "$T/gbk-csv"
expect_same_dir "export" "$T/prof-csv" "$T/gbk-csv"
new_db empty "$T/gbk2.db"
run import --db "$T/gbk2.db" --encoding gbk "$T/gbk"
expect_ok
end

begin "import of GBK files said to be UTF-8 names the file and line of each bad byte"
new_db empty "$T/gbk3.db"
run import --db "$T/gbk3.db" --encoding utf-8 "$T/gbk"
expect_exit 1
expect_line "$ERR" "towns.csv:2: invalid UTF-8 (byte 0xB2); save the file as UTF-8"
end

begin "a byte that is not GBK text is named by file and line; nothing is written"
cp -r "$T/gbk" "$T/gbk-bad"
printf 'ZL-99,\377\377\n' >>"$T/gbk-bad/tasks.csv"
new_db empty "$T/gbk4.db"
snapshot "$T/gbk4.db" "$T/before"
run import --db "$T/gbk4.db" "$T/gbk-bad"
expect_exit 1
expect_stderr "tasks.csv:10: byte 0xFF is neither UTF-8 nor GB18030 text; save the file as UTF-8, or name its encoding with --encoding" \
	"dutylist import: refused, 1 error; nothing was written"
expect_unchanged "$T/gbk4.db" "$T/before"
end

begin "export --bom starts each file with a UTF-8 byte order mark, and imports back"
run export --db "$T/prof.db" --bom "$T/bom"
expect_ok
for f in $FILES; do
	[ "$(head -c 3 "$T/bom/$f" | od -An -tx1 | tr -d ' ')" = efbbbf ] || note "$f has no BOM"
	tail -c +4 "$T/bom/$f" >"$T/nobom"
	expect_same "$f after its BOM" "$T/prof-csv/$f" "$T/nobom"
done
new_db empty "$T/bom.db"
run import --db "$T/bom.db" "$T/bom"
expect_ok
end

begin "export --encoding gbk writes GBK that iconv reads back to the UTF-8 export"
run export --db "$T/prof.db" --encoding gbk "$T/gbk-out"
expect_ok
for f in $FILES; do
	iconv -f GBK -t UTF-8 "$T/gbk-out/$f" >"$T/utf8" || note "$f is not GBK"
	expect_same "$f" "$T/prof-csv/$f" "$T/utf8"
done
end

begin "export --encoding gbk refuses a character GBK lacks, naming file and line; gb18030 holds it"
cp -r "$DATA/profile" "$T/ext-b"
sed -i 's/湖滨镇/湖滨𠀀镇/' "$T/ext-b/towns.csv"
new_db empty "$T/ext.db"
"$BIN" import --db "$T/ext.db" "$T/ext-b" >/dev/null 2>&1
run export --db "$T/ext.db" --encoding gbk "$T/ext-gbk"
expect_exit 1
expect_stderr "towns.csv:3: '𠀀' has no GBK encoding; export with --encoding gb18030 or utf-8" \
	"dutylist export: 1 characters cannot be written in GBK"
[ -e "$T/ext-gbk" ] && note "files were written"
run export --db "$T/ext.db" --encoding gb18030 "$T/ext-gb"
expect_ok
new_db empty "$T/ext2.db"
run import --db "$T/ext2.db" --encoding gb18030 "$T/ext-gb"
expect_ok
list_json "$T/ext2.db" 231099002 "$T/e.json"
expect_text "$T/e.json" '"name": "湖滨𠀀镇"'
end

# ===========================================================================
# 7. verify

begin "verify of a clean database exits 0"
for db in demo.db empty.db profile.db; do
	run verify --db "$T/$db"
	expect_ok
	expect_stdout "$T/$db: ok (integrity, foreign keys, basis rule, lead departments, audit chain)"
done
end

if $HAVE_SQLITE3; then
	begin "verify finds a deleted audit entry (exit 1, naming it)"
	new_db demo "$T/v1.db"
	sqlite3 "$T/v1.db" 'delete from audit where id = 3'
	run verify --db "$T/v1.db"
	expect_exit 1
	expect_no_stderr
	expect_stdout "audit chain broken at entry 4: entries before it are missing" \
		"$T/v1.db: 1 problem found"
	end

	begin "verify finds an edited audit entry (exit 1, naming it)"
	new_db demo "$T/v2.db"
	sqlite3 "$T/v2.db" "update audit set detail = '{}' where id = 7"
	run verify --db "$T/v2.db"
	expect_exit 1
	expect_stdout "audit chain broken at entry 7: its content does not match its hash (it was edited)" \
		"$T/v2.db: 1 problem found"
	end

	begin "verify finds a listed task left without a basis in force (exit 1, naming it)"
	new_db demo "$T/v3.db"
	# DJ-04 rests on B044 alone.
	sqlite3 "$T/v3.db" "update basis set status = '已废止' where code = 'B044'"
	run verify --db "$T/v3.db"
	expect_exit 1
	expect_no_stderr
	: >"$T/want-verify"
	for town in $DEMO_TOWNS; do
		echo "town $town list version 1: task DJ-04 rests on no basis in force (现行有效)" >>"$T/want-verify"
	done
	echo "task DJ-04: rests on no basis in force (现行有效)" >>"$T/want-verify"
	echo "$T/v3.db: 7 problems found" >>"$T/want-verify"
	expect_same stdout "$T/want-verify" "$OUT"
	end
else
	skip "verify finds a deleted audit entry" "no sqlite3 CLI"
	skip "verify finds an edited audit entry" "no sqlite3 CLI"
	skip "verify finds a listed task left without a basis in force" "no sqlite3 CLI"
fi


# ===========================================================================
# Backup and restore, and surviving a crash.

begin "backup writes a verified copy and never overwrites; restore checks first"
new_db demo "$T/bk.db"
run backup --db "$T/bk.db" "$T/bk-copy.db"
expect_ok
expect_stdout "backed up $T/bk.db to $T/bk-copy.db (verified)"
run backup --db "$T/bk.db" "$T/bk-copy.db"
expect_exit 1
expect_stderr "dutylist backup: $T/bk-copy.db exists; a backup never overwrites"
run restore "$T/bk-copy.db" --db "$T/bk.db"
expect_exit 1
expect_stderr "dutylist restore: $T/bk.db exists; add --force to replace it with the backup"
run restore "$T/bk-copy.db" --db "$T/bk-new.db"
expect_ok
run list --db "$T/bk-new.db" --town 231086101 --json
grep -q '"total": 109' "$OUT" || note "the restored database lacks 绥阳镇's 109 items"
end

if $HAVE_SQLITE3; then
	begin "restore refuses a backup that fails verify, and leaves the database alone"
	cp "$T/bk-copy.db" "$T/bk-bad.db"
	sqlite3 "$T/bk-bad.db" "update audit set actor = 'someone' where id = 3"
	snapshot "$T/bk.db" "$T/bk-snap"
	run restore "$T/bk-bad.db" --db "$T/bk.db" --force
	expect_exit 1
	grep -q "audit chain broken at entry 3" "$ERR" || note "the broken chain is not named: $(show "$ERR")"
	expect_unchanged "$T/bk.db" "$T/bk-snap"
	end
fi

# A stream of writes through the server, killed with SIGKILL in the middle:
# every write the server acknowledged must be there afterwards, and the
# database must verify.
if command -v curl >/dev/null 2>&1; then
	begin "after SIGKILL during writes, every acknowledged write is there and verify passes"
	new_db demo "$T/crash.db"
	printf '%s\n' "crash-test-password" | "$BIN" user add crasher --role office \
		--password-stdin --db "$T/crash.db" >/dev/null 2>&1
	TOKEN=$("$BIN" token create crasher --db "$T/crash.db" 2>/dev/null)
	# port 0: the kernel picks a free one, which the server prints
	"$BIN" serve --db "$T/crash.db" --listen "127.0.0.1:0" >"$T/crash.log" 2>&1 &
	SERVER=$!
	tries=0
	PORT=
	until [ -n "$PORT" ] && curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz"; do
		tries=$((tries + 1))
		[ $tries -gt 200 ] && break
		sleep 0.1
		PORT=$(sed -n 's|.* on http://127\.0\.0\.1:\([0-9]*\)/ .*|\1|p' "$T/crash.log")
	done
	[ -n "$PORT" ] || note "the server did not say its port: $(cat "$T/crash.log")"
	: >"$T/acked"
	: >"$T/writes"
	(
		i=0
		while [ $i -lt 3000 ]; do
			i=$((i + 1))
			echo "tried D$(( (i % 30) + 1 )) 压力测试部门$i" >>"$T/writes"
			code=$(curl -s -o /dev/null -w '%{http_code}' -m 30 -X PUT \
				-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
				-d "{\"name\":\"压力测试部门$i\",\"dispatched_agency\":\"\"}" \
				"http://127.0.0.1:$PORT/api/v1/departments/D$(( (i % 30) + 1 ))" 2>/dev/null)
			[ "$code" = 200 ] && echo "D$(( (i % 30) + 1 )) 压力测试部门$i" >>"$T/acked" &&
				echo "acked D$(( (i % 30) + 1 )) 压力测试部门$i" >>"$T/writes"
		done
	) &
	WRITER=$!
	# kill in the middle of the stream: after some writes were
	# acknowledged (a slow sanitizer build may take a while to start)
	tries=0
	while [ ! -s "$T/acked" ] && [ $tries -lt 600 ]; do
		tries=$((tries + 1))
		sleep 0.1
	done
	sleep 0.5
	kill -9 $SERVER 2>/dev/null
	wait $SERVER 2>/dev/null
	wait $WRITER 2>/dev/null
	acked=$(wc -l <"$T/acked")
	echo "    ($acked writes acknowledged before the kill)"
	[ "$acked" -gt 0 ] || note "no write was acknowledged before the kill"
	# the last acknowledged name of each department must be what it holds
	"$BIN" export --db "$T/crash.db" "$T/crash-export" >/dev/null 2>"$T/crash-export.err" ||
		note "export after the crash failed: $(cat "$T/crash-export.err")"
	# What each department may hold: its last acknowledged write, or a
	# write sent after it that was committed but not answered (the one in
	# flight at the kill, or one whose answer came too late for curl).
	awk '$1 == "acked" {ok[$2] = "|" $3 "|"; late[$2] = ""}
	     $1 == "tried" && ($2 in ok) {late[$2] = late[$2] $3 "|"}
	     END {for (d in ok) print d "," ok[d] late[d]}' "$T/writes" | sort >"$T/want-last"
	grep '压力测试部门' "$T/crash-export/departments.csv" | cut -d, -f1,2 | sort >"$T/have-last"
	join -t, "$T/want-last" "$T/have-last" >"$T/joined"
	awk -F, 'index($2, "|" $3 "|") == 0' "$T/joined" >"$T/lost"
	[ -s "$T/lost" ] && note "acknowledged writes lost: $(head -3 "$T/lost")"
	[ "$(wc -l <"$T/joined")" -eq "$(wc -l <"$T/want-last")" ] ||
		note "departments written and acknowledged are missing"
	run verify --db "$T/crash.db"
	expect_exit 0
	end
else
	skip "after SIGKILL during writes" "no curl"
fi

# ---------------------------------------------------------------------------
# 吹哨报到 from the command line: a town raises, the department called
# reports in and back, the town evaluates; who may do what; reassignment.

W=$T/whistle.db
"$BIN" init --db "$W" >/dev/null 2>&1
"$BIN" user add zhang --role township --town 231086101 --db "$W" >/dev/null 2>&1
"$BIN" user add li --role department --department D15 --db "$W" >/dev/null 2>&1
"$BIN" user add wang --role department --department D01 --db "$W" >/dev/null 2>&1

begin "whistle: raised by a town, acknowledged and reported by the department called, evaluated"
run whistle raise --db "$W" --department D15 --task JJ-11 --matter 河道垃圾 --place 东村桥 --as zhang
expect_ok
grep -q '^whistle 1 raised: D15 called, acknowledge by ' "$OUT" || note "no raise line: $(show "$OUT")"
grep -q '^  fit: JJ-11 is on the town.s list, led by D15$' "$OUT" || note "no fit: $(show "$OUT")"
run whistle ack 1 --db "$W" --as wang
expect_exit 1
grep -q 'only the department called or the town that raised it may acknowledge' "$ERR" ||
	note "another department acknowledged: $(show "$ERR")"
run whistle ack 1 --db "$W" --as li
expect_ok
run whistle report 1 --db "$W" --report 已清理 --as li
expect_ok
run whistle evaluate 1 --db "$W" --comment 及时 --as zhang
expect_exit 2
run whistle evaluate 1 --db "$W" --resolved --comment 及时 --as zhang
expect_ok
run whistle show 1 --db "$W"
grep -q '"status": "resolved"' "$OUT" || note "not resolved: $(show "$OUT")"
run verify --db "$W"
expect_exit 0
end

begin "whistle: a town's own duty is warned, a department sees its own, the office reassigns"
run whistle raise --db "$W" --department D15 --task DJ-01 --urgency urgent --matter 党建 --place 镇政府 --as zhang
expect_ok
grep -q '^  warning: DJ-01 .*a town may not pass its own duty up$' "$OUT" || note "no warning: $(show "$OUT")"
run whistle raise --db "$W" --department D15 --matter x --place y --as li
expect_exit 1
run whistle list --db "$W" --as wang
expect_ok
expect_no_stdout
run whistle reassign 2 --db "$W" --department D01 --reason 牵头部门
expect_ok
run whistle list --db "$W" --as wang
[ "$(wc -l <"$OUT")" -eq 1 ] || note "the department called does not see it: $(show "$OUT")"
run whistle list --db "$W" --overdue
expect_ok
expect_no_stdout
run whistle stats --db "$W" --json
expect_ok
grep -q '"insufficient_data": true' "$OUT" || note "no insufficient data: $(show "$OUT")"
end

begin "whistle: one matter calls several departments, one whistle each; an unknown one refuses all"
run whistle list --db "$W" --json
n_before=$(grep -c '"matter_id"' "$OUT")
run whistle raise --db "$W" --department D15,D99 --task JJ-11 --matter 两部门 --place 西河 --as zhang
expect_exit 1
grep -q 'no department D99' "$ERR" || note "no error naming D99: $(show "$ERR")"
run whistle list --db "$W" --json
[ "$(grep -c '"matter_id"' "$OUT")" -eq "$n_before" ] || note "a refused call made whistles: $(show "$OUT")"
run whistle raise --db "$W" --department D15,D01 --task JJ-11 --matter 两部门 --place 西河 --as zhang
expect_ok
grep -q '^matter 3: 2 departments called$' "$OUT" || note "no matter line: $(show "$OUT")"
grep -q '^whistle 3 raised: D15 called, acknowledge by ' "$OUT" || note "no D15 line: $(show "$OUT")"
grep -q '^  fit: JJ-11 is on the town.s list, led by D15$' "$OUT" || note "no fit for D15: $(show "$OUT")"
grep -q '^whistle 4 raised: D01 called, acknowledge by ' "$OUT" || note "no D01 line: $(show "$OUT")"
grep -q '^  warning: JJ-11 .* is led by D15, not by the department called$' "$OUT" ||
	note "no warning for D01: $(show "$OUT")"
run whistle show 4 --db "$W" --json
grep -q '"matter_id": 3' "$OUT" || note "whistle 4 not of matter 3: $(show "$OUT")"
run whistle list --db "$W" --by-matter
expect_ok
grep -q '^matter 3  231086101  两部门 @ 西河  (2 called, 2 open, 0 overdue)$' "$OUT" ||
	note "no matter 3 in the grouped list: $(show "$OUT")"
run whistle ack 4 --db "$W" --as li
expect_exit 1
run whistle ack 3 --db "$W" --as li
expect_ok
run whistle reassign 4 --db "$W" --department D15 --reason 同一部门
expect_exit 1
grep -q 'the matter calls D15 already (whistle 3)' "$ERR" || note "reassigned onto a sibling: $(show "$ERR")"
run whistle list --db "$W" --as wang
[ "$(wc -l <"$OUT")" -eq 2 ] || note "D01 does not see its two whistles: $(show "$OUT")"
end

# ---------------------------------------------------------------------------
# 考核评价 and 监管问责 from the command line: the office defines and opens a
# period, a town scores a unit it worked with once, results stay hidden from
# the department until the close; a supervisor opens, moves and closes a
# case, the department answers; late whistles are proposed once.

A=$T/assess.db
"$BIN" init --db "$A" >/dev/null 2>&1
"$BIN" user add zhao --role township --town 231086101 --db "$A" >/dev/null 2>&1
"$BIN" user add qian --role township --town 231086102 --db "$A" >/dev/null 2>&1
"$BIN" user add sun --role department --department D28 --db "$A" >/dev/null 2>&1
"$BIN" user add zhou --role supervisor --db "$A" >/dev/null 2>&1
Y=$(date +%Y)

begin "assess: a period defined, opened, scored once by a town that worked with the unit, closed"
run assess create --db "$A" --name 年度考核 --start "$Y-01-01" --end "$Y-12-31" --min-sample 1
expect_ok
grep -q '^assessment period 1 created (draft)' "$OUT" || note "no create line: $(show "$OUT")"
run assess indicator 1 --db "$A" --code Q1 --name 服务态度 --source town_score --weight 70
expect_ok
run assess indicator 1 --db "$A" --code W1 --name 按时报到 --source whistle_ack_on_time --weight 30
expect_ok
run assess indicator 1 --db "$A" --code X --name x --source nowhere --weight 5
expect_exit 1
run assess unit 1 --db "$A" --department D28 --agency
expect_ok
grep -q '^period 1: unit 1: D28 (dispatched agency)$' "$OUT" || note "no unit line: $(show "$OUT")"
run assess unit 1 --db "$A" --department D01 --agency
expect_exit 1
run whistle raise --db "$A" --department D28 --matter 治安隐患 --place 集市 --as zhao
expect_ok
run assess score 1 --db "$A" --unit 1 --score Q1=88 --as zhao
expect_exit 1
grep -q 'draft' "$ERR" || note "scored a draft: $(show "$ERR")"
run assess open 1 --db "$A"
expect_ok
run assess score 1 --db "$A" --unit 1 --score Q1=88 --as qian
expect_exit 1
run assess score 1 --db "$A" --unit 1 --score Q1=bad --as zhao
expect_exit 2
run assess score 1 --db "$A" --unit 1 --score Q1=88 --comment 配合及时 --as zhao
expect_ok
run assess score 1 --db "$A" --unit 1 --score Q1=90 --as zhao
expect_exit 1
run assess opinion 1 --db "$A" --unit 1 --person 李所长 --opinion commend --reason 配合及时 --as zhao
expect_ok
run assess results 1 --db "$A" --as sun
expect_exit 1
run assess opinions 1 --db "$A" --as sun
expect_exit 1
run assess opinions 1 --db "$A"
grep -q '李所长: commend' "$OUT" || note "no opinion for the office: $(show "$OUT")"
run assess close 1 --db "$A"
expect_ok
run assess results 1 --db "$A" --as sun
expect_ok
grep -q '#1 .*D28 市公安局 / 派出所  towns 1  total 88.00' "$OUT" || note "no ranked result: $(show "$OUT")"
run verify --db "$A"
expect_exit 0
end

begin "case: opened by a supervisor, answered by the department, concluded and closed; proposals once"
run case open --db "$A" --department D28 --type inaction --title 推诿 --complaint 群众来信
expect_exit 1
run case open --db "$A" --department D28 --type lazy --title 推诿 --as zhou
expect_exit 1
run case open --db "$A" --department D28 --type inaction --title 推诿 --complaint 群众来信 --as zhou
expect_ok
grep -q '^case 1 opened against D28: 推诿$' "$OUT" || note "no open line: $(show "$OUT")"
printf 'evidence' >"$T/ev.txt"
run case evidence 1 --db "$A" --file "$T/ev.txt" --content-type text/plain --as zhou
expect_ok
run case list --db "$A" --as sun
[ "$(wc -l <"$OUT")" -eq 1 ] || note "the department does not see its case: $(show "$OUT")"
run case list --db "$A" --as zhao
expect_exit 1
run case answer 1 --db "$A" --text 已安排专人 --as sun
expect_ok
run case conclude 1 --db "$A" --finding 属实 --measure 约谈 --as zhou
expect_exit 1
run case investigate 1 --db "$A" --as zhou
expect_ok
run case conclude 1 --db "$A" --finding 属实 --as zhou
expect_exit 1
run case conclude 1 --db "$A" --finding 属实 --measure 约谈 --as zhou
expect_ok
run case close 1 --db "$A" --as zhou
expect_ok
run case show 1 --db "$A"
grep -q '"status": "closed"' "$OUT" || note "not closed: $(show "$OUT")"
grep -q '"sha256": "' "$OUT" || note "no file hash: $(show "$OUT")"
run case settings --db "$A" --threshold 1
expect_ok
run case refresh --db "$A"
expect_ok
grep -q '^0 cases proposed$' "$OUT" || note "proposed an on-time whistle: $(show "$OUT")"
sqlite3 "$A" "UPDATE whistle SET ack_due = '2000-01-01T00:00:00Z', report_due = '2000-01-02T00:00:00Z'" 2>/dev/null ||
	note "sqlite3 could not make the whistle late"
run case refresh --db "$A"
grep -q '^1 cases proposed$' "$OUT" || note "no proposal: $(show "$OUT")"
run case refresh --db "$A"
grep -q '^0 cases proposed$' "$OUT" || note "proposed twice: $(show "$OUT")"
run case accept 1 --db "$A" --as zhou
expect_ok
grep -q '^proposal 1 accepted: case 2 opened$' "$OUT" || note "no case from the proposal: $(show "$OUT")"
run case show 2 --db "$A" --as sun
grep -q '"kind": "whistle"' "$OUT" || note "no whistle linked: $(show "$OUT")"
run verify --db "$A"
expect_exit 0
end

# ---------------------------------------------------------------------------
# 防护屏障 from the command line: a department submits a notice, it is
# screened; revise, the office's review, issuing despite violations, a
# finding turned into an admission request, the statistics.

N=$T/notice.db
"$BIN" init --db "$N" >/dev/null 2>&1
"$BIN" user add ying --role department --department D20 --db "$N" >/dev/null 2>&1
"$BIN" user add nong --role department --department D15 --db "$N" >/dev/null 2>&1
"$BIN" user add suiyang --role township --town 231086101 --db "$N" >/dev/null 2>&1
cat >"$T/n1.txt" <<'TXT'
东宁市应急管理局关于做好安全生产工作的通知
各镇人民政府：
1. 各镇要按照职责对辖区内生产经营单位安全生产状况进行监督检查，督促企业整改隐患。
2. 各镇要对辖区工贸企业违法行为立案调查，并依法作出罚款等行政处罚决定。
3. 各镇负责辖区内危险化学品经营许可证的初审和现场核查。
市应急管理局
TXT
cat >"$T/n1-clean.txt" <<'TXT'
东宁市应急管理局关于做好安全生产工作的通知
各镇人民政府：
1. 各镇要按照职责对辖区内生产经营单位安全生产状况进行监督检查，督促企业整改隐患。
市应急管理局
TXT

begin "notice: submitted, screened: violations flagged (exit 1), each with its task or why"
run notice submit --db "$N" --department D20 --title 安全生产 --town 231086101 --town 231086102 "$T/n1.txt"
expect_exit 1
grep -q '^notice 1: 安全生产$' "$OUT" || note "no title line: $(show "$OUT")"
grep -q 'flagged, revision 1 of 1' "$OUT" || note "not flagged: $(show "$OUT")"
grep -q 'towns: 绥阳镇 三岔口镇' "$OUT" || note "not the towns given: $(show "$OUT")"
grep -q '^  ! finding [0-9]*  reclaimed   ZL-06' "$OUT" || note "no reclaimed ZL-06: $(show "$OUT")"
grep -q '^    finding [0-9]*  basic       ZL-05' "$OUT" || note "no basic ZL-05: $(show "$OUT")"
grep -q 'why: on no list' "$OUT" || note "no out-of-list reason: $(show "$OUT")"
grep -q 'bases: B009 中华人民共和国安全生产法' "$OUT" || note "no bases: $(show "$OUT")"
run notice show 1 --db "$N" --json
expect_ok
if $HAVE_PYTHON3; then
	python3 - "$OUT" "$T/n1.txt" <<'PY' || note "offsets do not point at the sentences"
import json, sys
n = json.load(open(sys.argv[1]))
body = open(sys.argv[2], 'rb').read()
assert n["shown"]["body"].encode() == body
assert len(n["findings"]) >= 3
for f in n["findings"]:
    assert body[f["offset"]:f["offset"] + f["length"]].decode() == f["sentence"], f
PY
fi
run notice list --db "$N"
expect_ok
grep -q '^   1  flagged      D20        violations  r1' "$OUT" || note "not in the register: $(show "$OUT")"
end

begin "notice: GBK and .docx files are read; broken and missing ones refused"
if command -v iconv >/dev/null 2>&1; then
	iconv -f UTF-8 -t GB18030 "$T/n1-clean.txt" >"$T/n1-gbk.txt"
	run notice submit --db "$N" --department D20 --title GBK "$T/n1-gbk.txt"
	expect_exit 0
	grep -q 'clean, revision 1 of 1' "$OUT" || note "the GBK notice is not clean: $(show "$OUT")"
fi
printf 'PK\003\004zip' >"$T/n.docx"
run notice submit --db "$N" --department D20 --title docx "$T/n.docx"
expect_exit 1
grep -q 'docx' "$ERR" || note "no word of .docx: $(show "$ERR")"
grep -q "^dutylist notice: $T/n.docx: " "$ERR" || note "the file is not named: $(show "$ERR")"
: >"$T/n-empty.txt"
run notice submit --db "$N" --department D20 --title empty "$T/n-empty.txt"
expect_exit 1
grep -q "$T/n-empty.txt: the file is empty" "$ERR" || note "an empty file: $(show "$ERR")"
if $HAVE_PYTHON3; then
	python3 - "$T/n1.docx" "$T/n1.txt" <<'PY'
import sys, zipfile
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
body = ''.join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % line
               for line in open(sys.argv[2]).read().splitlines())
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?>'
               '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, body))
PY
	run notice submit --db "$N" --department D20 --title 安全生产docx "$T/n1.docx" --json
	expect_exit 1
	grep -q '"encoding": "docx"' "$OUT" || note "not read as a .docx: $(show "$OUT")"
	grep -q '"task": "ZL-06"' "$OUT" || note "the .docx's reclaimed ZL-06 is not found: $(show "$OUT")"
fi
run notice submit --db "$N" --department D20 --title none "$T/missing.txt"
expect_exit 2
run notice submit --db "$N" --department D20 --title x
expect_exit 2
run notice frobnicate 1 --db "$N"
expect_exit 2
end

begin "notice: another department may not act; revised clean, issued"
run notice issue 1 --db "$N" --as nong
expect_exit 1
grep -q 'a department may issue only its own notice' "$ERR" || note "another department issued: $(show "$ERR")"
run notice show 1 --db "$N" --as nong
expect_exit 1
run notice show 1 --db "$N" --as suiyang
expect_exit 1
run notice revise 1 "$T/n1-clean.txt" --db "$N" --note 删去违规事项 --as ying
expect_exit 0
grep -q 'clean, revision 2 of 2' "$OUT" || note "not clean at revision 2: $(show "$OUT")"
run notice show 1 --db "$N" --revision 1
grep -q 'revision 1 of 2' "$OUT" || note "revision 1 is not kept: $(show "$OUT")"
run notice issue 1 --db "$N" --as ying
expect_ok
grep -q '^notice 1: issued$' "$OUT" || note "not issued: $(show "$OUT")"
run notice show 1 --db "$N" --as suiyang
expect_ok
end

begin "notice: the office's review; issued despite violations is evidence"
run notice submit --db "$N" --department D20 --title 第二份 "$T/n1.txt" --as ying
expect_exit 1
ID2=$(sed -n 's/^notice \([0-9]*\): .*/\1/p' "$OUT")
run notice clear "${ID2:-0}" --db "$N" --note 同意
expect_exit 1
grep -q 'cannot clear a notice that is flagged; allowed: revise, request_review, issue, withdraw' "$ERR" ||
	note "no allowed steps: $(show "$ERR")"
run notice request-review "${ID2:-0}" --db "$N" --note 请审核 --as ying
expect_ok
run notice return "${ID2:-0}" --db "$N"
expect_exit 1
run notice return "${ID2:-0}" --db "$N" --note 不得下达处罚事项
expect_ok
run notice issue "${ID2:-0}" --db "$N" --as ying
expect_exit 1
grep -q 'say why the notice is issued despite its violations' "$ERR" || note "issued without a reason: $(show "$ERR")"
run notice issue "${ID2:-0}" --db "$N" --note 工作紧急 --as ying
expect_ok
grep -q 'despite violations: recorded for accountability' "$OUT" || note "not recorded: $(show "$OUT")"
run notice despite --db "$N" --department D20
expect_ok
grep -q "^ *${ID2:-0}  .* D20 .* by ying  第二份$" "$OUT" || note "not in the evidence: $(show "$OUT")"
run notice despite --db "$N" --department D15
expect_ok
expect_no_stdout
run notice stats --db "$N" --json
expect_ok
if $HAVE_PYTHON3; then
	python3 - "$OUT" <<'PY' || note "the statistics are not as expected: $(show "$OUT")"
import json, sys
s = json.load(open(sys.argv[1]))
d = {r["code"]: r for r in s["departments"]}["D20"]
assert d["notices"] >= 3 and d["with_violations"] >= 2 and d["issued"] == 2, d
assert d["issued_despite"] == 1 and d["violation_findings"] >= 4, d
PY
fi
run verify --db "$N"
expect_exit 0
end

begin "notice: an out-of-list finding becomes an admission request in one step"
run notice submit --db "$N" --department D20 --title 第三份 "$T/n1.txt"
ID3=$(sed -n 's/^notice \([0-9]*\): .*/\1/p' "$OUT")
F=$(sed -n 's/^  ! finding \([0-9]*\)  out_of_list .*/\1/p' "$OUT" | head -1)
[ -n "$F" ] || note "no out_of_list finding: $(show "$OUT")"
run notice admission "${F:-0}" --db "$N" --task ZL-190 --fields '{"category":"社会治理","duty":"安全生产","department_part":"审批发证","bases":"B009:第九条"}' --resources '{"none":true,"note":"现有人员"}' --as nong
expect_exit 1
run notice admission "${F:-0}" --db "$N" --task ZL-190 --fields '{"category":"社会治理","duty":"安全生产","department_part":"审批发证","bases":"B009:第九条"}' --resources '{"none":true,"note":"现有人员"}' --as ying
expect_ok
grep -q "^finding ${F:-0}: admission request [0-9]* submitted for ZL-190$" "$OUT" || note "no request: $(show "$OUT")"
run admission list --db "$N"
grep -q 'ZL-190' "$OUT" || note "the request is not listed: $(show "$OUT")"
run notice show "${ID3:-0}" --db "$N"
grep -q '→ admission [0-9]* (submitted)' "$OUT" || note "the finding is not linked: $(show "$OUT")"
end

if $HAVE_SQLITE3; then
	begin "notice: verify finds a notice whose record was changed behind the procedures' back"
	cp "$N" "$T/notice-bad.db"
	sqlite3 "$T/notice-bad.db" "UPDATE notice SET despite = 1 WHERE id = 2; UPDATE notice SET violations = 0 WHERE id = ${ID2:-0};"
	run verify --db "$T/notice-bad.db"
	expect_exit 1
	grep -q 'notice 2: marked issued despite violations but clean' "$OUT" "$ERR" ||
		note "the despite mark is not caught: $(show "$OUT") $(show "$ERR")"
	grep -q "notice ${ID2:-0}: violations 0 but its revision has" "$OUT" "$ERR" ||
		note "the violations are not caught: $(show "$OUT") $(show "$ERR")"
	end
else
	skip "notice: verify finds a changed notice" "no sqlite3"
fi

# ---------------------------------------------------------------------------
# screen (防护屏障): the encodings and formats a notice comes in, and files
# that are not notices.

S=$T/screen.db
"$BIN" init --db "$S" >/dev/null 2>&1
printf '%s\n' 东宁市农业农村局关于秸秆禁烧的通知 各镇人民政府： \
	各镇要落实秸秆禁烧网格化监管，组织网格员开展巡查。 >"$T/notice.txt"

begin "screen: a GBK notice is detected, offsets are bytes of the GBK file"
iconv -f UTF-8 -t GBK "$T/notice.txt" >"$T/notice-gbk.txt"
run screen --db "$S" --json "$T/notice-gbk.txt"
expect_ok
grep -q '"task": "ST-02"' "$OUT" || note "no ST-02: $(show "$OUT")"
grep -q '"sentence": "各镇要落实秸秆禁烧网格化监管，组织网格员开展巡查。"' "$OUT" ||
	note "the sentence is not given in UTF-8: $(show "$OUT")"
# 17 + 7 two-byte characters and two LFs before it, 25 characters in it
grep -q '"offset": 50,' "$OUT" || note "offset is not 50: $(show "$OUT")"
grep -q '"length": 50,' "$OUT" || note "length is not 50: $(show "$OUT")"
dd if="$T/notice-gbk.txt" bs=1 skip=50 count=50 2>/dev/null | iconv -f GBK -t UTF-8 >"$T/slice"
expect_line "$T/slice" 各镇要落实秸秆禁烧网格化监管，组织网格员开展巡查。
end

if $HAVE_PYTHON3; then
	begin "screen: a .docx notice (paragraphs and a table), offsets into its text"
	python3 - "$T/notice.docx" <<'PY'
import sys, zipfile
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
def p(t): return '<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % t
body = (p('东宁市农业农村局关于秸秆禁烧的通知') + p('各镇人民政府：')
        + p('各镇要落实秸秆禁烧网格化监管，组织网格员开展巡查。')
        + '<w:tbl><w:tr><w:tc>' + p('附表') + '</w:tc><w:tc>'
        + p('请各镇做好拖拉机年度安全检验。') + '</w:tc></w:tr></w:tbl>')
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?>'
               '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, body))
PY
	run screen --db "$S" --json "$T/notice.docx"
	expect_exit 1
	expect_no_stderr
	grep -q '"offset": 74,' "$OUT" || note "offset is not 74 (the extracted text's): $(show "$OUT")"
	grep -q '"task": "ST-02"' "$OUT" || note "no ST-02: $(show "$OUT")"
	grep -q '"sentence": "请各镇做好拖拉机年度安全检验。"' "$OUT" ||
		note "the table's cell is not screened: $(show "$OUT")"
	grep -q '"out_of_list": 1' "$OUT" || note "no out_of_list: $(show "$OUT")"
	head -c 200 "$T/notice.docx" >"$T/cut.docx"
	run screen --db "$S" "$T/cut.docx"
	expect_exit 2
	grep -q "^dutylist screen: $T/cut.docx: not a .docx" "$ERR" || note "cut .docx: $(show "$ERR")"
	end
else
	skip "screen: a .docx notice" "no python3"
fi

begin "screen: a binary file and an empty file are errors naming them; the others are screened"
head -c 4096 "$BIN" >"$T/binary"
: >"$T/empty.txt"
run screen --db "$S" "$T/binary" "$T/notice.txt" "$T/empty.txt"
expect_exit 2
expect_stderr "dutylist screen: $T/binary: a binary file (NUL bytes), not a notice" \
	"dutylist screen: $T/empty.txt: the file is empty"
grep -q '^    basic       ST-02 ' "$OUT" || note "the good file was not screened: $(show "$OUT")"
printf '\200\377\376abc' >"$T/garbage.txt"
run screen --db "$S" "$T/garbage.txt"
expect_exit 2
expect_stderr "dutylist screen: $T/garbage.txt: not text (neither UTF-8 nor GBK/GB18030)"
printf '\344\270\200\377\000\000abc' >"$T/nul-invalid.txt"
run screen --db "$S" "$T/nul-invalid.txt"
expect_exit 2
expect_stderr "dutylist screen: $T/nul-invalid.txt: a binary file (NUL bytes), not a notice"
end

begin "screen: a megabyte without punctuation is one sentence, screened in bounded time"
{
	printf '各镇要'
	i=0
	while [ $i -lt 4400 ]; do
		printf '开展秸秆禁烧巡查开展秸秆禁烧巡查开展秸秆禁烧巡查开展秸秆禁烧巡查开展秸秆禁烧巡查开展秸秆禁烧巡查开展秸秆禁烧巡查开展秸秆禁烧巡查开展秸秆禁烧巡查开展秸秆禁烧巡查'
		i=$((i + 1))
	done
} >"$T/long.txt"
[ "$(wc -c <"$T/long.txt")" -gt 1000000 ] || note "long.txt is only $(wc -c <"$T/long.txt") bytes"
start=$(date +%s)
run screen --db "$S" --json "$T/long.txt"
took=$(($(date +%s) - start))
[ "$RC" -le 1 ] || note "exit $RC: $(show "$ERR")"
grep -q '"sentences": 1,' "$OUT" || note "not one sentence: $(show "$OUT")"
[ "$took" -le 20 ] || note "took $took s"
end

if $HAVE_PYTHON3; then
	begin "screen: a .docx nested 100,000 elements deep is refused, naming the file"
	python3 - "$T/deep.docx" <<'PY'
import sys, zipfile
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
body = '<w:sdt>' * 100000 + '<w:p><w:r><w:t>深</w:t></w:r></w:p>' + '</w:sdt>' * 100000
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('word/document.xml', '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, body))
PY
	run screen --db "$S" "$T/deep.docx"
	expect_exit 2
	expect_stderr "dutylist screen: $T/deep.docx: not a usable .docx: word/document.xml: elements nested deeper than 1024 levels"
	end
fi

# ===========================================================================

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
