#!/bin/sh
# run.sh BIN - scores `BIN screen` on the development set (tests/screening/dev)
# against a fresh demo database; passes when strict F1 >= 0.90.
# The last line is "N passed, M failed".
set -u
BIN=${1:?usage: tests/screening/run.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
if ! "$BIN" init --db "$TMP/demo.db" >"$TMP/init.log" 2>&1; then
	cat "$TMP/init.log"
	echo "screening: cannot make the demo database"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ -d "$HERE/extra" ]; then
	echo "extra notices (figures only, not gated):"
	python3 "$HERE/evaluate.py" --bin "$BIN" --db "$TMP/demo.db" --verbose "$HERE/extra" || true
	echo "development set:"
fi
if python3 "$HERE/evaluate.py" --bin "$BIN" --db "$TMP/demo.db" --verbose --min-f1 0.90 "$HERE/dev"; then
	echo "1 passed, 0 failed"
else
	echo "screening: strict F1 below 0.90 (or the evaluation failed)"
	echo "0 passed, 1 failed"
	exit 1
fi
