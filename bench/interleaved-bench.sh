#!/usr/bin/env bash
# GET …/policies (YAML, from the cache, token and access log on) at a few connections: two builds
# of lokinetpol and nginx serving the same bytes, interleaved in every round (A, B, nginx), so that
# a machine whose speed drifts from one second to the next (a shared VM) moves all three alike.
# Prints each round's req/s and ratio to nginx, then the median and range of both ratios
# (run by hand, release builds; not a CI gate; BENCHMARKS.md "Service").
#
#   A=old/lokinetpol B=.build/release/lokinetpol [ROUNDS=16] [SECONDS_PER_RUN=2] [CONNECTIONS=1] \
#     bench/interleaved-bench.sh
#
# Servers and nginx on core 0, wrk on core 1, as bench/service-bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=interleaved-bench
. bench/lib/common.sh
require_tools wrk nginx taskset curl python3
: "${A:?A=path of the first lokinetpol binary}" "${B:?B=path of the second}"
ROUNDS="${ROUNDS:-16}" SECONDS_PER_RUN="${SECONDS_PER_RUN:-2}" CONNECTIONS="${CONNECTIONS:-1}"
BIN="$A"
bench_workdir
bench_tokens
echo "# interleaved-bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

# Starts BINARY on a fresh database with one stack; sets PORT.
start() {
  local log="$work/server-$RANDOM.log"
  : >"$log"
  taskset -c 0 "$1" serve --listen 127.0.0.1:0 --db "$work/$2.db" "${SERVE_AUTH[@]}" 2>"$log" &
  pids+=($!)
  await_listening "$log" 600
  curl -sf -H "$AUTH_HEADER" -X PUT -H 'Content-Type: application/json' --data "$(envelope dev true openshift-logging)" \
    "http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/dev" >/dev/null
}
start "$A" a; policies_a="http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/dev/policies"
start "$B" b; policies_b="http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/dev/policies"

NGINX_PORT="${NGINX_PORT:-18393}"
mkdir -p "$work/www" "$work/nginx/logs"
curl -sf -H "$AUTH_HEADER" -H 'Accept: application/yaml' "$policies_a" >"$work/www/policies.yaml"
cat >"$work/nginx/nginx.conf" <<EOC
worker_processes 1; daemon off; pid $work/nginx/nginx.pid; error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http { access_log off; types { application/yaml yaml; } default_type application/yaml; sendfile on;
  open_file_cache max=16; keepalive_requests 1000000;
  server { listen 127.0.0.1:$NGINX_PORT; root $work/www; } }
EOC
taskset -c 0 nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
sleep 0.5

rate() { taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$@" | awk '/Requests\/sec/ { print $2 }'; }
: >"$work/rounds"
for _ in $(seq 1 "$ROUNDS"); do
  a="$(rate -H "$AUTH_HEADER" -H 'Accept: application/yaml' "$policies_a")"
  b="$(rate -H "$AUTH_HEADER" -H 'Accept: application/yaml' "$policies_b")"
  n="$(rate "http://127.0.0.1:$NGINX_PORT/policies.yaml")"
  echo "$a $b $n" >>"$work/rounds"
  awk -v a="$a" -v b="$b" -v n="$n" 'BEGIN { printf "A %8.0f (%5.1f %%)   B %8.0f (%5.1f %%)   nginx %8.0f req/s\n", a, 100*a/n, b, 100*b/n, n }'
done
python3 - "$work/rounds" <<'EOP'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
for name, column in (("A", 0), ("B", 1)):
    ratios = [100 * row[column] / row[2] for row in rows]
    print(f"{name} / nginx: median {statistics.median(ratios):.1f} % ({min(ratios):.1f}–{max(ratios):.1f} %), "
          f"at or above nginx in {sum(r >= 100 for r in ratios)} of {len(ratios)} rounds")
EOP
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
