#!/bin/sh
# Runs every test suite in order, stops at the first that fails, and ends
# with one line summing them all: "check: N passed, M failed".
# Usage: tests/check.sh 'name:command' ...
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0
for suite in "$@"; do
	name=${suite%%:*}
	cmd=${suite#*:}
	echo "== $name: $cmd"
	sh -c "$cmd" >"$log" 2>&1
	status=$?
	cat "$log"
	line=$(grep -E '^([a-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(printf '%s\n' "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$status" -ne 0 ]; then
		[ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
		echo "== $name failed (exit $status)"
		echo "check: $passed passed, $failed failed"
		exit 1
	fi
done
echo "check: $passed passed, $failed failed"
