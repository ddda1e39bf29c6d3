#!/bin/sh
# Installs the Debian packages that building and testing dutylist needs,
# when any is missing (the browser tests' npm packages come from `npm ci`
# in the Makefile). Safe to run again: it does nothing when all are there.
set -eu

PKGS="build-essential pkg-config clang sqlite3 time python3 curl
libsqlite3-dev libcsv-dev libjansson-dev libsodium-dev libutf8proc-dev
libmicrohttpd-dev libcurl4-openssl-dev libcmocka-dev
libxlsxwriter-dev libzip-dev libexpat1-dev python3-openpyxl
chromium"
# The browser tests run Playwright (npm playwright-core) on Node.js; a
# machine without Node gets Debian's.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
