#!/bin/sh
# bench/http/run.sh - how fast `dutylist serve` answers a town's list page
# and its JSON list, beside nginx serving the very same bytes as static
# files.  Both are loaded with wrk (16 connections, loopback); the script
# prints requests/s, p50 and p99 for each, the ratio dutylist / nginx and
# whether the goal (ratio >= 0.5 and dutylist's p99 < 10 ms) is met.
# Figures, not pass/fail: the exit status is 0 unless a step fails.
# Figures and what they mean: docs/performance.md.
#
#   sh bench/http/run.sh                        (from the repository root; `make bench`)
#   DUTYLIST=/tmp/bench-http-dut sh bench/http/run.sh
#
# Environment: DUTYLIST (the binary, default ./dutylist), NGINX (default
# nginx, then /usr/sbin/nginx), WRK (default wrk), BENCH_DURATION (seconds
# per measured run, default 10), BENCH_WARMUP (seconds of unmeasured load
# before each run, default 2; 0 for none), BENCH_CONNECTIONS (default 16),
# BENCH_THREADS (wrk threads, default 2), BENCH_SERVER_THREADS (dutylist
# serve --threads; default: the server's own, one per core), BENCH_TOWN
# (default 231086101, 绥阳镇 of the demo catalogue), BENCH_KEEP=1 keeps the
# work directory (database, fetched bodies, nginx config and logs, wrk
# output).
#
# nginx and wrk come from Debian (BENCH_PKGS below).  They are not in
# scripts/deps.sh, since `make check` does not need them: when one is
# missing and we run as root, this script installs them with apt-get.
# nginx runs as our own child with its own prefix, config, pid file and
# logs in the work directory; /etc/nginx and the system service are left
# alone (where an init system runs, Debian's package starts that service
# on port 80 when it is installed; we neither start nor stop it).  Only
# loopback addresses are used.  Run time: about
# 4 x (BENCH_WARMUP + BENCH_DURATION) + 2 s, 50 s with the defaults.
set -eu

BENCH_PKGS="nginx-light wrk"

DUTYLIST=${DUTYLIST:-./dutylist}
NGINX=${NGINX:-}
WRK=${WRK:-wrk}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNECTIONS:-16}
WTHREADS=${BENCH_THREADS:-2}
STHREADS=${BENCH_SERVER_THREADS:-}
TOWN=${BENCH_TOWN:-231086101}
GOAL_RATIO=0.5
GOAL_P99_MS=10

die() { echo "bench/http: $*" >&2; exit 1; }

is_count() { case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac }
is_count "$DURATION" || die "BENCH_DURATION is '$DURATION': whole seconds"
[ "$DURATION" -ge 1 ] || die "BENCH_DURATION is 0: 1 s or more"
is_count "$WARMUP" || die "BENCH_WARMUP is '$WARMUP': whole seconds"
is_count "$CONNS" || die "BENCH_CONNECTIONS is '$CONNS'"
is_count "$WTHREADS" || die "BENCH_THREADS is '$WTHREADS'"
if [ "$WTHREADS" -lt 1 ] || [ "$WTHREADS" -gt "$CONNS" ]; then
	die "BENCH_THREADS is $WTHREADS: from 1 to BENCH_CONNECTIONS ($CONNS)"
fi
[ -z "$STHREADS" ] || is_count "$STHREADS" || die "BENCH_SERVER_THREADS is '$STHREADS'"
is_count "$TOWN" || die "BENCH_TOWN is '$TOWN': a town code"

[ -x "$DUTYLIST" ] || die "$DUTYLIST is not an executable; build it (make) or set DUTYLIST"
command -v curl >/dev/null 2>&1 || die "no curl (Debian package curl)"

find_nginx() {
	if [ -n "$NGINX" ]; then
		command -v "$NGINX" >/dev/null 2>&1 && return 0
		return 1
	fi
	if command -v nginx >/dev/null 2>&1; then
		NGINX=nginx
	elif [ -x /usr/sbin/nginx ]; then
		NGINX=/usr/sbin/nginx
	else
		return 1
	fi
}

# nginx and wrk: install them when missing (as root only; no sudo prompt
# in the middle of `make bench`).
if ! find_nginx || ! command -v "$WRK" >/dev/null 2>&1; then
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		die "nginx or wrk is missing: install them as root (apt-get install $BENCH_PKGS)"
	fi
	echo "bench/http: installing $BENCH_PKGS"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $BENCH_PKGS >/dev/null
	find_nginx || die "no nginx after installing $BENCH_PKGS"
	command -v "$WRK" >/dev/null 2>&1 || die "no $WRK after installing $BENCH_PKGS"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dutylist-bench-http.XXXXXX")
serve_pid=
nginx_pid=
children_of() { # PID: the processes whose parent is PID (nginx's workers)
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$1" '{ pid = $1; sub(/.*\) /, ""); if ($2 == p) print pid }'
}
cleanup() {
	for p in $serve_pid $nginx_pid; do
		kill -TERM "$p" 2>/dev/null || :
	done
	for p in $serve_pid $nginx_pid; do
		# At most 5 s for a clean stop, then KILL, with nginx's workers.
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		if kill -0 "$p" 2>/dev/null; then
			for c in $(children_of "$p"); do
				kill -KILL "$c" 2>/dev/null || :
			done
			kill -KILL "$p" 2>/dev/null || :
		fi
		wait "$p" 2>/dev/null || :
	done
	serve_pid=''
	nginx_pid=''
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench/http: work directory $work (kept)"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port number that nothing on the loopback answers on now.  nginx could
# still lose it to another program before it binds: the loop that starts
# nginx tries again.
pick_port() {
	n=0
	while [ $n -lt 100 ]; do
		n=$((n + 1))
		p=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		p=$((20000 + p % 40000))
		st=0
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" || st=$?
		[ "$st" -eq 7 ] && { echo "$p"; return; } # 7: could not connect
	done
	echo 0
}

# fetch URL FILE: GET URL into FILE (body) and FILE.headers; fails unless 200.
fetch() {
	code=$(curl -s --max-time 10 -D "$2.headers" -o "$2" -w '%{http_code}' "$1") ||
		die "GET $1 failed"
	[ "$code" = 200 ] || die "GET $1 answered $code"
	[ -s "$2" ] || die "GET $1 answered an empty body"
}

# 1. The database (the demo catalogue) and the server, on a port the
# kernel picks (--listen 127.0.0.1:0; serve prints the port).
db=$work/bench.db
"$DUTYLIST" init --db "$db" >"$work/init.out" 2>&1 || {
	cat "$work/init.out" >&2
	die "$DUTYLIST init failed"
}
set -- serve --db "$db" --listen 127.0.0.1:0
[ -n "$STHREADS" ] && set -- "$@" --threads "$STHREADS"
: >"$work/serve.out" # before the child opens it: the loop below reads it at once
"$DUTYLIST" "$@" >>"$work/serve.out" 2>"$work/serve.err" &
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
sthreads=$(sed -n 's|.* (\([0-9]*\) threads).*|\1|p' "$work/serve.out")
dut=http://127.0.0.1:$port

html_path=/towns/$TOWN
json_path=/api/v1/towns/$TOWN/list
mkdir -p "$work/www"
fetch "$dut$html_path" "$work/www/page"
fetch "$dut$json_path" "$work/www/list"

# 2. nginx, serving those bytes under the same paths with the same
# Content-Type and the same other headers as dutylist (security headers,
# Cache-Control, the CSRF cookie of the page; nginx adds its own ETag),
# so that both send about the same bytes.  A header value with " or $ would need quoting that nginx
# lacks: such a header is left out.
header_of() { # FILE NAME: the value of header NAME in FILE, without CR
	tr -d '\r' <"$1" | sed -n "s/^$2:[[:space:]]*//Ip" | head -n 1
}
add_headers() { # FILE: add_header lines for the headers worth copying
	tr -d '\r' <"$1" | sed -n '2,$p' | while IFS= read -r line; do
		[ -n "$line" ] || continue
		name=${line%%:*}
		value=$(printf '%s' "${line#*:}" | sed 's/^[[:space:]]*//')
		case $(printf '%s' "$name" | tr '[:upper:]' '[:lower:]') in
		date | content-length | content-type | connection | keep-alive | transfer-encoding | server) continue ;;
		etag | last-modified | accept-ranges) continue ;; # nginx sends its own
		esac
		case $value in *'"'* | *'$'* | *"\\"*) continue ;; esac
		printf '\t\t\tadd_header %s "%s" always;\n' "$name" "$value"
	done
}
html_type=$(header_of "$work/www/page.headers" Content-Type)
json_type=$(header_of "$work/www/list.headers" Content-Type)
[ -n "$html_type" ] || die "dutylist sent the page without a Content-Type"
[ -n "$json_type" ] || die "dutylist sent the JSON without a Content-Type"

ngx=$work/nginx
mkdir -p "$ngx/tmp"
user_line=
[ "$(id -u)" -eq 0 ] && user_line="user root;" # workers must read $work (mode 700)
write_nginx_conf() { # PORT
	cat >"$ngx/nginx.conf" <<EOF
# A minimal nginx for bench/http: static files, no logs, its own prefix.
daemon off;
master_process on;
worker_processes 2;
$user_line
pid $ngx/nginx.pid;
lock_file $ngx/nginx.lock;
error_log $ngx/error.log warn;
events {
	worker_connections 1024;
}
http {
	access_log off;
	server_tokens off;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	client_body_temp_path $ngx/tmp/body;
	proxy_temp_path $ngx/tmp/proxy;
	fastcgi_temp_path $ngx/tmp/fastcgi;
	uwsgi_temp_path $ngx/tmp/uwsgi;
	scgi_temp_path $ngx/tmp/scgi;
	server {
		listen 127.0.0.1:$1;
		location = $html_path {
			types { }
			default_type "$html_type";
			alias $work/www/page;
$(add_headers "$work/www/page.headers")
		}
		location = $json_path {
			types { }
			default_type "$json_type";
			alias $work/www/list;
$(add_headers "$work/www/list.headers")
		}
		location / {
			return 404;
		}
	}
}
EOF
}

nport=
tries=0
while [ -z "$nport" ] && [ $tries -lt 5 ]; do
	tries=$((tries + 1))
	p=$(pick_port)
	[ "$p" != 0 ] || die "found no free loopback port"
	write_nginx_conf "$p"
	"$NGINX" -p "$ngx/" -c "$ngx/nginx.conf" -e "$ngx/error.log" \
		>"$ngx/stdout" 2>"$ngx/stderr" &
	nginx_pid=$!
	i=0
	while [ $i -lt 50 ]; do
		if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/"; then
			nport=$p
			break
		fi
		kill -0 "$nginx_pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$nport" ]; then
		kill -TERM "$nginx_pid" 2>/dev/null || :
		wait "$nginx_pid" 2>/dev/null || :
		nginx_pid=
		grep -q 'in use' "$ngx/error.log" "$ngx/stderr" 2>/dev/null || {
			cat "$ngx/stderr" "$ngx/error.log" >&2 2>/dev/null || :
			die "nginx did not start (config: $ngx/nginx.conf)"
		}
	fi
done
[ -n "$nport" ] || die "nginx found no free port in 5 tries"
ngn=http://127.0.0.1:$nport

# nginx must send what dutylist sent, byte for byte.
fetch "$ngn$html_path" "$work/www/page.nginx"
fetch "$ngn$json_path" "$work/www/list.nginx"
cmp -s "$work/www/page" "$work/www/page.nginx" || die "nginx sends another page body"
cmp -s "$work/www/list" "$work/www/list.nginx" || die "nginx sends another JSON body"
[ "$(header_of "$work/www/page.nginx.headers" Content-Type)" = "$html_type" ] ||
	die "nginx sends the page as $(header_of "$work/www/page.nginx.headers" Content-Type)"
[ "$(header_of "$work/www/list.nginx.headers" Content-Type)" = "$json_type" ] ||
	die "nginx sends the JSON as $(header_of "$work/www/list.nginx.headers" Content-Type)"
hdr_bytes() { wc -c <"$1" | tr -d ' '; }

# 3. wrk, one URL at a time: a warm-up, then the measured run.
to_ms() { # a wrk latency (123.45us, 1.23ms, 1.02s, 1.5m) in ms
	echo "$1" | awk '{
		v = $1 + 0; u = $1; sub(/^[0-9.]+/, "", u)
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000
		else if (u == "m") v *= 60000; else if (u == "h") v *= 3600000
		else if (u != "ms") v = -1
		printf "%.2f", v
	}'
}
results=$work/results
: >"$results"
# CPU time (clock ticks, user + system) of process $1 and its children
# (nginx's workers), from /proc; field 2 may hold spaces, so cut up to ")".
ticks=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_ticks() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$1" '
		{ pid = $1; sub(/.*\) /, ""); if (pid == p || $2 == p) s += $12 + $13 }
		END { print s + 0 }'
}
load() { # LABEL SERVER URL PID
	out=$work/wrk-$1-$2.out
	bound=$((DURATION + WARMUP + 30))
	if [ "$WARMUP" -gt 0 ]; then
		timeout --foreground -k 5 "$bound" "$WRK" -t"$WTHREADS" -c"$CONNS" -d"${WARMUP}s" "$3" \
			>"$work/wrk-$1-$2.warmup" 2>&1 || die "wrk (warm-up) on $3 failed"
	fi
	c0=$(cpu_ticks "$4")
	timeout --foreground -k 5 "$bound" "$WRK" -t"$WTHREADS" -c"$CONNS" -d"${DURATION}s" --latency "$3" \
		>"$out" 2>&1 || { cat "$out" >&2; die "wrk on $3 failed"; }
	c1=$(cpu_ticks "$4")
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(awk '$1 == "50%" { print $2 }' "$out")
	p99=$(awk '$1 == "99%" { print $2 }' "$out")
	if [ -z "$rps" ] || [ -z "$p50" ] || [ -z "$p99" ]; then
		cat "$out" >&2
		die "cannot read wrk's output"
	fi
	reqs=$(awk '/requests in/ { print $1 }' "$out")
	bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
	errs=$(awk '/Socket errors:/ { sub(/.*Socket errors: */, ""); print }' "$out")
	[ -z "$bad" ] || echo "bench/http: $2 $1: $bad responses were not 2xx/3xx" >&2
	[ -z "$errs" ] || echo "bench/http: $2 $1: socket errors: $errs" >&2
	# The server's CPU per request, in microseconds: less swayed by other
	# work on the machine than requests/s.
	us=$(awk -v t=$((c1 - c0)) -v hz="$ticks" -v n="${reqs:-0}" \
		'BEGIN { if (n > 0) printf "%.0f", t * 1000000 / hz / n; else print "?" }')
	echo "$1 $2 $rps $(to_ms "$p50") $(to_ms "$p99") ${reqs:-?} ${bad:-0} $us" >>"$results"
	echo "  $2 $1: $rps req/s, p50 $p50, p99 $p99, server CPU $us us/request" \
	     "(${reqs:-?} requests${bad:+, $bad not 2xx/3xx})"
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
ngx_version=$("$NGINX" -v 2>&1 | sed 's|.*nginx/||')
wrk_version=$("$WRK" -v 2>&1 | head -n 1 | awk '{ print $2 }')
echo "dutylist HTTP benchmark: $DUTYLIST (serve, ${sthreads:-?} threads) vs nginx $ngx_version" \
     "(2 workers, static files); wrk $wrk_version"
echo "$(nproc 2>/dev/null || echo '?') CPUs (${cpu:-unknown CPU}), shared by wrk and the server under load;" \
     "loopback; $CONNS connections, $WTHREADS wrk threads, ${WARMUP} s warm-up + ${DURATION} s per run"
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }
echo "load average before: $(loadavg) (other work on the machine skews every figure; see docs/performance.md)"
echo "html: GET $html_path ($(hdr_bytes "$work/www/page") bytes)," \
     "json: GET $json_path ($(hdr_bytes "$work/www/list") bytes); nginx sends the same bytes"
echo
load html dutylist "$dut$html_path" "$serve_pid"
load html nginx "$ngn$html_path" "$nginx_pid"
load json dutylist "$dut$json_path" "$serve_pid"
load json nginx "$ngn$json_path" "$nginx_pid"
echo "load average after: $(loadavg)"
kill -0 "$serve_pid" 2>/dev/null || die "dutylist serve died during the benchmark"
kill -0 "$nginx_pid" 2>/dev/null || die "nginx died during the benchmark"
echo

# 4. The table: per URL, both servers, the ratio and the goal.
awk -v goal_ratio="$GOAL_RATIO" -v goal_p99="$GOAL_P99_MS" '
{ rps[$1, $2] = $3; p50[$1, $2] = $4; p99[$1, $2] = $5; cpu[$1, $2] = $8; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
END {
	printf "%-5s %-9s %10s %8s %8s %9s %7s  %s\n", "page", "server", "req/s", "p50 ms", "p99 ms",
	       "CPU us/rq", "ratio", "goal: >= " goal_ratio "x nginx, p99 < " goal_p99 " ms"
	for (i = 1; i <= n; i++) {
		u = order[i]
		d = rps[u, "dutylist"]; g = rps[u, "nginx"]
		ratio = g > 0 ? d / g : 0
		why = ""
		if (ratio < goal_ratio) why = sprintf("ratio %.2fx < %sx", ratio, goal_ratio)
		if (p99[u, "dutylist"] >= goal_p99)
			why = why (why == "" ? "" : ", ") sprintf("p99 %.1f ms >= %s ms", p99[u, "dutylist"], goal_p99)
		printf "%-5s %-9s %10.0f %8.2f %8.2f %9s %6.2fx  %s\n", u, "dutylist", d, p50[u, "dutylist"],
		       p99[u, "dutylist"], cpu[u, "dutylist"], ratio, why == "" ? "met" : "MISSED: " why
		printf "%-5s %-9s %10.0f %8.2f %8.2f %9s\n", u, "nginx", g, p50[u, "nginx"], p99[u, "nginx"],
		       cpu[u, "nginx"]
	}
	print ""
	print "ratio: dutylist req/s / nginx req/s on the same bytes; p50, p99: wrk --latency;"
	print "CPU us/rq: the server'\''s CPU time (user + system, all threads or workers) per request."
	print "wrk, the server under test and the (idle) other server share the CPUs."
}' "$results"
