#!/usr/bin/env bash
# HTTP server benchmark (run by hand, not in CI): lokinetpol's HTTPServer (the release
# http-bench-server) against nginx, both pinned to core 0 with wrk on core 1.
#   keep-alive with 1 and 32 connections, and `Connection: close` with 32, 10 s per run, --latency;
#   idle RSS and start-to-listening time of the Swift server.
# Each scenario alternates the two servers ROUNDS times (default 2) and keeps each one's best run.
# Usage: bench/http-bench.sh [seconds per run (default 10)] [rounds (default 2)]
# Env: BENCH_SKIP_BUILD=1 to reuse .build/release; SERVER_ARGS (e.g. --bare) for the Swift server.
set -euo pipefail

DURATION="${1:-10}"
ROUNDS="${2:-2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SWIFT_PORT=18181
NGINX_PORT=18182
WORK="$(mktemp -d /tmp/http-bench.XXXXXX)"
chmod 755 "$WORK"  # nginx workers run as nobody
SERVER_PID=""
NGINX_PID=""

cleanup() {
    [[ -n "$SERVER_PID" ]] && kill -TERM "$SERVER_PID" 2>/dev/null || true
    [[ -n "$NGINX_PID" ]] && kill -QUIT "$NGINX_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk nginx taskset; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    (cd "$ROOT" && swift build -c release --product http-bench-server >/dev/null)
fi
BIN="$ROOT/.build/release/http-bench-server"

now_ns() { date +%s%N; }

# CPU ticks (user + system, all threads) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICKS_PER_SECOND="$(getconf CLK_TCK)"

# wrk_run PID URL CONNECTIONS [extra wrk args…] → prints "req/s p99_ms cpu_us_per_request"
# (the CPU time PID used during the run divided by the requests: a figure that other load on
# the machine disturbs far less than req/s)
wrk_run() {
    local pid="$1" url="$2" connections="$3"; shift 3
    local out before after
    before="$(cpu_ticks "$pid")"
    out="$(taskset -c 1 wrk -t1 -c"$connections" -d"${DURATION}s" --latency "$@" "$url")"
    after="$(cpu_ticks "$pid")"
    echo "$out" >>"$WORK/wrk.log"
    local rps p99
    rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f", v}' <<<"$out")"
    local errors
    errors="$(awk '/Socket errors|Non-2xx/ {print}' <<<"$out" | tr '\n' ' ')"
    [[ -n "$errors" ]] && echo "  ($url c=$connections $*: $errors)" >&2
    local requests cpu
    requests="$(awk '/requests in/ {print $1}' <<<"$out")"
    cpu="$(awk -v t=$((after - before)) -v r="$requests" -v hz="$TICKS_PER_SECOND" 'BEGIN { printf "%.2f", t * 1e6 / hz / r }')"
    echo "$rps $p99 $cpu"
}

# best "req/s p99 cpu" of two results (higher req/s wins)
best() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); print (x[1] + 0 >= y[1] + 0) ? a : b }'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- Swift server: start-up time and idle RSS ----------------------------------------------------
START="$(now_ns)"
taskset -c 0 "$BIN" --port "$SWIFT_PORT" ${SERVER_ARGS:-} >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
until grep -q '^listening' "$WORK/server.out" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.out"; exit 1; }
    sleep 0.001
done
LISTEN_MS="$(( ($(now_ns) - START) / 1000000 ))"
sleep 1
IDLE_RSS_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")"

# --- nginx, alongside (idle while the other one is measured) -------------------------------------
mkdir -p "$WORK/nginx/www"
head -c 6000 < <(yes abcdefghijklmnopqrstuvwxyz | tr -d '\n') >"$WORK/nginx/www/body.txt"
sed -e "s|__PREFIX__|$WORK/nginx|g" -e "s|__PORT__|$NGINX_PORT|g" "$ROOT/bench/nginx.conf" >"$WORK/nginx/nginx.conf"
taskset -c 0 nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
NGINX_PID=$!
for _ in $(seq 500); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/" && break; sleep 0.01; done
[[ "$(curl -s "http://127.0.0.1:$NGINX_PORT/" | wc -c)" == 6000 ]] || { echo "nginx body is not 6000 bytes" >&2; exit 1; }
[[ "$(curl -s "http://127.0.0.1:$SWIFT_PORT/" | wc -c)" == 6000 ]] || { echo "Swift body is not 6000 bytes" >&2; exit 1; }
NGINX_WORKER="$(pgrep -P "$NGINX_PID" | head -1)"

# --- runs: each scenario alternates Swift and nginx ROUNDS times, best of each is kept -----------
# (other processes share the machine: alternating keeps both under the same background load)
S_URL="http://127.0.0.1:$SWIFT_PORT/"
N_URL="http://127.0.0.1:$NGINX_PORT/"
taskset -c 1 wrk -t1 -c32 -d1s "$S_URL" >/dev/null  # warm-up
taskset -c 1 wrk -t1 -c32 -d1s "$N_URL" >/dev/null
scenario() {
    local s="0 0 0" n="0 0 0"
    for _ in $(seq "$ROUNDS"); do
        s="$(best "$s" "$(wrk_run "$SERVER_PID" "$S_URL" "$@")")"
        n="$(best "$n" "$(wrk_run "$NGINX_WORKER" "$N_URL" "$@")")"
    done
    echo "$s $n"
}
read -r -a KA32 <<<"$(scenario 32)"
read -r -a KA1 <<<"$(scenario 1)"
read -r -a CLOSE32 <<<"$(scenario 32 -H 'Connection: close')"
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    wait "$SERVER_PID"; STATUS=$?
    echo "the Swift server died during the runs (exit status $STATUS):" >&2
    cat "$WORK/server.out" >&2
    exit 1
fi
LOADED_RSS_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
kill -QUIT "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""

# --- report -----------------------------------------------------------------------------------
# Hummingbird 2 on this machine (brief): 26,400 (32 conns) / 9,300 (1 conn) / 5,700 (close).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
row() {  # NAME HB2_REFERENCE swift_rps swift_p99 swift_cpu nginx_rps nginx_p99 nginx_cpu
    printf '%-24s %11s %8s %7s %11s %8s %7s %8s %9s %7s\n' "$1" "$3" "$4" "$5" "$6" "$7" "$8" \
        "$(ratio "$3" "$6")" "$(ratio "$8" "$5")" "$(ratio "$3" "$2")"
}
printf '\n%-24s %11s %8s %7s %11s %8s %7s %8s %9s %7s\n' "best of $ROUNDS × ${DURATION}s" \
    "lokinetpol" "p99 ms" "CPU µs" "nginx" "p99 ms" "CPU µs" "req/s ×" "CPU eff ×" "vs HB2"
row "keep-alive, 32 conns" 26400 "${KA32[@]}"
row "keep-alive, 1 conn" 9300 "${KA1[@]}"
row "Connection: close, 32" 5700 "${CLOSE32[@]}"
echo "(req/s × = lokinetpol / nginx req/s; CPU eff × = nginx / lokinetpol CPU µs per request;"
echo " vs HB2 = lokinetpol req/s / Hummingbird 2's figure on this machine)"
echo
echo "start to listening: ${LISTEN_MS} ms (exec → 'listening' line, polled every 1 ms)"
echo "idle RSS: $(( IDLE_RSS_KB / 1024 )).$(( (IDLE_RSS_KB % 1024) * 10 / 1024 )) MB (${IDLE_RSS_KB} kB); after the runs: ${LOADED_RSS_KB} kB"
echo "targets: keep-alive ≥ 0.90× nginx and ≥ 2× HB2; close ≥ 0.80× nginx; p99 < 2 ms at 32; idle RSS ≤ 15 MB; listen < 100 ms"
