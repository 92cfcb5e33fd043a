#!/usr/bin/env bash
# Service benchmarks (run by hand, release build; not a CI gate). Prints the figures that
# BENCHMARKS.md ("Service") records:
#   1. GET …/policies (YAML, from the policy cache) req/s vs nginx serving the same bytes;
#   2. PUT creating a new revision, 32 concurrent clients, revisions/s vs the raw durable SQLite
#      commit baseline (store-bench baseline: one 6 KB row per transaction, WAL, synchronous=FULL);
#   3. GET revisions/{n} (random n) and the first history page, p50/p99 and the server's CPU time per
#      request with 100,000 revisions;
#   4. idle RSS with the database open (at start, and again after the load).
# Authentication is on, as in production: the server reads a tokens file and every request
# carries a bearer token (`AUTH=0` measures without).
# The server is pinned to core 0 (one event loop) and wrk to core 1, as nginx is.
#
#   bench/service-bench.sh              # DURATION=10 ROUNDS=3 REVISIONS=100000 by default
#   DURATION=5 ROUNDS=1 REVISIONS=20000 bench/service-bench.sh
#   DURATION=5 ROUNDS=3 PARTS=1 bench/service-bench.sh   # only some parts (a comma or space list; all by default)
# Part 3 with ANCHOR_BINARY=path (an older build, e.g. the release): the anchor writes the history,
# the branch's binary reads a copy (migrated forward when it opens it), rounds alternate the two
# on the same data. HISTORY_DB=path keeps the filled history there and reuses it in later runs.
# Parts 1 and 2 alternate the two sides ROUNDS times and keep each side's best run, so both
# see the same background load (the machine's cores are shared).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=service-bench
. bench/lib/common.sh

DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-3}"
REVISIONS="${REVISIONS:-100000}"
PARTS=" ${PARTS:-1 2 3} "
PARTS="${PARTS//,/ }"
# True when part $1 is to run.
part() { [[ "$PARTS" == *" $1 "* ]]; }
SERVER_CORE="${SERVER_CORE:-0}"
CLIENT_CORE="${CLIENT_CORE:-1}"
WRK_PREFIX=(taskset -c "$CLIENT_CORE")

require_tools wrk nginx taskset curl
lokinetpol_binary  # LOKINETPOL_BINARY picks another build
if part 2; then swift build -c release --product store-bench >/dev/null; fi
STORE_BENCH=.build/release/store-bench
bench_workdir
if [ "${AUTH:-1}" = "1" ]; then bench_tokens; else bench_tokens off; fi

echo "# service-bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

# Starts the service on a fresh port; sets PORT and SERVER_PID.
start_server() {
  local db="$1"; shift
  local log="$work/server-$RANDOM.log"
  : >"$log"  # exists before the background shell opens it (the port poll reads it at once)
  taskset -c "$SERVER_CORE" "${SERVER_BIN:-$BIN}" serve --listen 127.0.0.1:0 --db "$db" "${SERVE_AUTH[@]}" "$@" 2>"$log" &
  SERVER_PID=$!
  pids+=("$SERVER_PID")
  await_listening "$log" 600  # up to 30 s: opening an older database migrates it first
}

# CPU time (user + system, all threads) a process used so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# run_wrk with the CPU time PID spent per request appended (µs): a figure that other load on
# the machine disturbs far less than req/s.
run_wrk_cpu() {
  local pid="$1"; shift
  local before line after
  before="$(cpu_ticks "$pid")"
  line="$(run_wrk "$@")"
  after="$(cpu_ticks "$pid")"
  awk -v l="$line" -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$(awk '/requests in/ { print $1 }' "$work/wrk.out")" \
    'BEGIN { printf "%s %.2f\n", l, (n > 0 ? t * 1e6 / hz / n : 0) }'
}

# ---- 1. GET policies (YAML) vs nginx: both up, rounds alternate, best run of each ----
if part 1; then
start_server "$work/get.db"
echo "idle RSS at start (db open): $(rss_kb "$SERVER_PID") kB"
curl -sf -H "$AUTH_HEADER" -X PUT -H 'Content-Type: application/json' --data "$(envelope dev true openshift-logging)" \
  "http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/dev" >/dev/null
policies="http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/dev/policies"
mkdir -p "$work/www"
curl -sf -H "$AUTH_HEADER" -H 'Accept: application/yaml' "$policies" >"$work/www/policies.yaml"
echo "policies YAML: $(wc -c <"$work/www/policies.yaml") bytes; $ROUNDS alternating rounds, best of each"

NGINX_PORT="${NGINX_PORT:-18391}"
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/yaml yaml; }
  default_type application/yaml;
  sendfile on;
  open_file_cache max=16;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
  }
}
EOF
taskset -c "$SERVER_CORE" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
NGINX_PID=$!
pids+=("$NGINX_PID")
sleep 0.5
NGINX_WORKER="$(pgrep -P "$NGINX_PID" | head -1)"
# The lower of two CPU figures (field 4), 0 meaning none yet.
least_cpu() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == 0 || (b > 0 && b < a)) print b; else print a }'; }
svc32="0 - -"; svc1="0 - -"; ngx32="0 - -"; ngx1="0 - -"
cpu_svc32=0; cpu_svc1=0; cpu_ngx32=0; cpu_ngx1=0
for _ in $(seq 1 "$ROUNDS"); do
  read -r a b c d < <(run_wrk_cpu "$SERVER_PID" 32 -H 'Accept: application/yaml' "$policies")
  svc32="$(best "$svc32" "$a $b $c")"; cpu_svc32="$(least_cpu "$cpu_svc32" "$d")"
  read -r a b c d < <(run_wrk_cpu "$NGINX_WORKER" 32 "http://127.0.0.1:$NGINX_PORT/policies.yaml")
  ngx32="$(best "$ngx32" "$a $b $c")"; cpu_ngx32="$(least_cpu "$cpu_ngx32" "$d")"
  read -r a b c d < <(run_wrk_cpu "$SERVER_PID" 1 -H 'Accept: application/yaml' "$policies")
  svc1="$(best "$svc1" "$a $b $c")"; cpu_svc1="$(least_cpu "$cpu_svc1" "$d")"
  read -r a b c d < <(run_wrk_cpu "$NGINX_WORKER" 1 "http://127.0.0.1:$NGINX_PORT/policies.yaml")
  ngx1="$(best "$ngx1" "$a $b $c")"; cpu_ngx1="$(least_cpu "$cpu_ngx1" "$d")"
done
kill "$NGINX_PID" "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
echo
echo "GET policies (YAML)      lokinetpol req/s (p50 p99)         nginx req/s (p50 p99)         ratio"
for pair in "32 connections|$svc32|$ngx32" " 1 connection |$svc1|$ngx1"; do
  IFS='|' read -r label ours theirs <<<"$pair"
  awk -v l="$label" -v a="$ours" -v b="$theirs" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "  %s        %10.0f (%s %s)   %10.0f (%s %s)   %5.1f %%\n", l, x[1], x[2], x[3], y[1], y[2], y[3], 100 * x[1] / y[1] }'
done
echo "CPU per request (server process, all threads; lowest run)   lokinetpol    nginx worker   nginx/lokinetpol"
for triple in "32 connections|$cpu_svc32|$cpu_ngx32" " 1 connection |$cpu_svc1|$cpu_ngx1"; do
  IFS='|' read -r label ours theirs <<<"$triple"
  awk -v l="$label" -v a="$ours" -v b="$theirs" \
    'BEGIN { printf "  %s                                  %7.2f µs     %7.2f µs      %5.1f %%\n", l, a, b, (a > 0 ? 100 * b / a : 0) }'
done
fi

# ---- 2. PUT creating a revision each time, 32 clients, vs the raw SQLite commit baseline ----
# Rounds alternate the baseline and the service (each on a fresh database), best of each.
if part 2; then
echo
put_script "$work/put.lua"
baseline=0
put_best=0
put_line=""
for round in $(seq 1 "$ROUNDS"); do
  rate="$(taskset -c "$SERVER_CORE" "$STORE_BENCH" baseline "$work/baseline-$round" "$DURATION" \
    | sed -n 's/.*= \([0-9]*\) commits\/s.*/\1/p')"
  rm -rf "$work/baseline-$round"
  if [ "${rate:-0}" -gt "$baseline" ]; then baseline="$rate"; fi
  start_server "$work/put-$round.db"
  created_before="$(curl -sf -H "$AUTH_HEADER" "http://127.0.0.1:$PORT/metrics" | awk '/^lokinetpol_revisions_created_total/ { print $2 }')"
  read -r puts putp50 putp99 < <(run_wrk 32 -s "$work/put.lua" "http://127.0.0.1:$PORT")
  created_after="$(curl -sf -H "$AUTH_HEADER" "http://127.0.0.1:$PORT/metrics" | awk '/^lokinetpol_revisions_created_total/ { print $2 }')"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  rm -f "$work/put-$round.db"*
  per_second="$(awk -v n="$((created_after - created_before))" -v d="$DURATION" 'BEGIN { printf "%.0f", n / d }')"
  echo "  round $round: baseline $rate commits/s; PUT $puts req/s, $per_second revisions/s (p50 $putp50, p99 $putp99)"
  if [ "$per_second" -gt "$put_best" ]; then
    put_best="$per_second"
    put_line="$puts req/s, $per_second revisions/s (p50 $putp50, p99 $putp99)"
  fi
done
echo "baseline (best): $baseline commits/s (WAL, synchronous=FULL, one 6 KB row per transaction)"
echo "PUT (new revision each), 32 clients (best): $put_line"
awk -v a="$put_best" -v b="$baseline" 'BEGIN { if (b > 0) printf "  vs raw SQLite commit baseline: %.1f %%\n", 100 * a / b }'
fi

# ---- 3. Reads with a long history ----
if part 3; then
echo
ANCHOR="${ANCHOR_BINARY:-}"
SERVER_BIN="${ANCHOR:-$BIN}"
cat >"$work/fill.lua" <<EOF
-- One stack; four inputs with pairwise different policies, picked at random: most PUTs create a revision.
local bodies = {
  [[$(envelope history false openshift-logging)]], [[$(envelope history true openshift-logging)]],
  [[$(envelope history false openshift-network)]], [[$(envelope history true openshift-network)]] }
local last = 0
request = function()
  local pick = math.random(1, 3)
  last = (last + pick) % 4
  return wrk.format("PUT", "/v1/namespaces/bench/lokistacks/history", { ["Content-Type"] = "application/json", ["$AUTH_NAME"] = "$AUTH_VALUE" }, bodies[last + 1])
end
EOF
latest() {
  curl -sf -H "$AUTH_HEADER" "http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/history/revisions?limit=1" \
    | sed -E 's/.*"number":([0-9]+).*/\1/'
}
if [ -n "${HISTORY_DB:-}" ] && [ -f "$HISTORY_DB" ]; then cp "$HISTORY_DB" "$work/history.db"; fi
start_server "$work/history.db"
count="$(latest || echo 0)"
fill_start=$(date +%s)
while [ "${count:-0}" -lt "$REVISIONS" ]; do
  taskset -c "$CLIENT_CORE" wrk -t1 -c4 -d5s -H "$AUTH_HEADER" -s "$work/fill.lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1
  count="$(latest)"
done
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
echo "history: $count revisions (written by ${ANCHOR:-$BIN}, $(( $(date +%s) - fill_start )) s)"
if [ -n "${HISTORY_DB:-}" ] && [ ! -f "$HISTORY_DB" ]; then cp "$work/history.db" "$HISTORY_DB"; fi
cat >"$work/revision.lua" <<EOF
local latest = $count
request = function()
  return wrk.format("GET", "/v1/namespaces/bench/lokistacks/history/revisions/" .. math.random(1, latest))
end
EOF
sides=("$BIN")
if [ -n "$ANCHOR" ]; then
  sides=("$ANCHOR" "$BIN")
  cp "$work/history.db" "$work/history-branch.db"
fi
for round in $(seq 1 "$ROUNDS"); do
  for side in "${sides[@]}"; do
    SERVER_BIN="$side"
    db="$work/history.db"
    label="$(basename "$side")"
    if [ -n "$ANCHOR" ]; then
      label="anchor"
      if [ "$side" = "$BIN" ]; then db="$work/history-branch.db"; label="branch"; fi
    fi
    start_server "$db"
    for connections in 1 8; do
      read -r rev rev50 rev99 revcpu < <(run_wrk_cpu "$SERVER_PID" "$connections" -s "$work/revision.lua" "http://127.0.0.1:$PORT")
      read -r page page50 page99 pagecpu < <(run_wrk_cpu "$SERVER_PID" "$connections" "http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/history/revisions")
      echo "round $round $label: GET revisions/{n} (random n), $connections connection(s): $rev req/s, p50 $rev50, p99 $rev99, CPU $revcpu µs/request"
      echo "round $round $label: GET revisions (first page of 50), $connections connection(s): $page req/s, p50 $page50, p99 $page99, CPU $pagecpu µs/request"
    done
    if [ "$round" = "$ROUNDS" ] && [ "$side" = "$BIN" ]; then
      sleep 2
      echo "idle RSS after the load (db open, $count revisions): $(rss_kb "$SERVER_PID") kB"
    fi
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  done
done
fi
