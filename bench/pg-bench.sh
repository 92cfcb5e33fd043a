#!/usr/bin/env bash
# PostgreSQL and replicas benchmark (run by hand, release build; not a CI gate). Prints the
# figures BENCHMARKS.md ("PostgreSQL and replicas") records, all measured in the same run:
#   0. anchor: PostgreSQL's own durable single-row commit rate (pgbench, 32 clients, a custom
#      script inserting one ~6 KB row per transaction; fsync and synchronous_commit on);
#   1. PUT creating a new revision, 32 clients: SQLite (one process), PostgreSQL with 1 replica
#      (direct and behind nginx) and with 3 replicas behind nginx; revisions/s vs the anchor;
#   2. GET …/policies (YAML, 32 connections): SQLite (cache served without a read), PostgreSQL
#      1 replica (cache served after one indexed read confirms the current revision), 3 replicas
#      behind nginx. SQLite vs PostgreSQL 1 replica is what that confirming read costs.
# A throw-away PostgreSQL server is made with initdb/pg_ctl in a temporary directory (as the
# postgres user through runuser when run as root), with its default durability settings.
# Nothing is pinned to a core: the database, the replicas, nginx and wrk share the machine.
# Authentication is on, as in production (every request carries a bearer token).
#
#   bench/pg-bench.sh                  # DURATION=5 by default (the machine is shared)
#   DURATION=10 DB_POOL_SIZE=32 bench/pg-bench.sh   # --db-pool-size of every replica (default 8)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=pg-bench
. bench/lib/common.sh

DURATION="${DURATION:-5}"
DB_POOL_SIZE="${DB_POOL_SIZE:-8}"
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

require_tools wrk nginx curl
for tool in initdb pg_ctl psql pgbench createdb; do
  [ -x "$PGBIN/$tool" ] || command -v "$tool" >/dev/null || { echo "pg-bench: $tool is required (PGBIN=$PGBIN)" >&2; exit 1; }
done
pgtool() { if [ -x "$PGBIN/$1" ]; then echo "$PGBIN/$1"; else command -v "$1"; fi; }

lokinetpol_binary
bench_workdir
PGDATA_DIR="$work/pg/data"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bench_cleanup_hook() {
  if [ -d "$PGDATA_DIR" ]; then as_postgres "$(pgtool pg_ctl)" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null 2>&1 || true; fi
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---- PostgreSQL: a fresh cluster, default durability (fsync, synchronous_commit on) ----
mkdir -p "$work/pg"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$work/pg"; fi
PGPORT="$(free_port)"
as_postgres "$(pgtool initdb)" -D "$PGDATA_DIR" -A trust -U netpol -E UTF8 --no-locale >/dev/null
as_postgres "$(pgtool pg_ctl)" -D "$PGDATA_DIR" -l "$work/pg/server.log" -w -t 60 \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGDATA_DIR -c max_connections=200 -c shared_buffers=128MB" start >/dev/null
PGURL="postgresql://netpol@127.0.0.1:$PGPORT"
psql_admin() { "$(pgtool psql)" -qAt "$PGURL/postgres" -c "$1"; }

bench_tokens

echo "# pg-bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# PostgreSQL $("$(pgtool postgres)" --version | awk '{ print $3 }'); $DURATION s per run; --db-pool-size $DB_POOL_SIZE per replica"

# Starts one `serve` on database $1; appends its port to PORTS and its pid to SERVERS.
PORTS=()
SERVERS=()
start_server() {
  local db="$1"
  local log="$work/server-$RANDOM.log"
  : >"$log"
  "$BIN" serve --listen 127.0.0.1:0 --db "$db" --db-pool-size "$DB_POOL_SIZE" "${SERVE_AUTH[@]}" 2>"$log" &
  local pid=$!
  pids+=("$pid")
  SERVERS+=("$pid")
  await_listening "$log"
  PORTS+=("$PORT")
}

stop_servers() {
  for pid in "${SERVERS[@]}" ${NGINX_PID:-}; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVERS[@]}" ${NGINX_PID:-}; do wait "$pid" 2>/dev/null || true; done
  SERVERS=(); PORTS=(); NGINX_PID=""
}

# nginx balancing over PORTS (round robin, keep-alive upstream connections); sets LB_PORT.
start_balancer() {
  LB_PORT="$(free_port)"
  local conf="$work/nginx-$LB_PORT"
  mkdir -p "$conf/logs"
  {
    echo "worker_processes auto; daemon off; pid $conf/nginx.pid; error_log $conf/logs/error.log;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off; client_body_temp_path $conf; proxy_temp_path $conf;"
    echo "  upstream replicas {"
    for port in "${PORTS[@]}"; do echo "    server 127.0.0.1:$port;"; done
    echo "    keepalive 64; }"
    echo "  server { listen 127.0.0.1:$LB_PORT; location / { proxy_pass http://replicas;"
    echo "    proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header Host 127.0.0.1; } } }"
  } >"$conf/nginx.conf"
  nginx -p "$conf" -c "$conf/nginx.conf" &
  NGINX_PID=$!
  pids+=("$NGINX_PID")
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$LB_PORT/healthz" && return 0
    sleep 0.05
  done
  echo "pg-bench: nginx did not start" >&2; cat "$conf/logs/error.log" >&2; exit 1
}

# Revisions created so far, summed over the running servers.
created() {
  local total=0 n
  for port in "${PORTS[@]}"; do
    n="$(curl -sf -H "$AUTH_HEADER" "http://127.0.0.1:$port/metrics" | awk '/^lokinetpol_revisions_created_total/ { print $2 }')"
    total=$((total + ${n:-0}))
  done
  echo "$total"
}

put_script "$work/put.lua"

# ---- 0. anchor: PostgreSQL's durable single-row commit rate ----
"$(pgtool createdb)" -h 127.0.0.1 -p "$PGPORT" -U netpol commits
"$(pgtool psql)" -qAt "$PGURL/commits" -c "CREATE TABLE commits (id bigserial PRIMARY KEY, body text NOT NULL)"
# ~6 KB of text that does not compress away (md5 chains), one row per transaction.
echo "INSERT INTO commits (body) SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 190);" >"$work/commit.sql"
"$(pgtool pgbench)" -n -h 127.0.0.1 -p "$PGPORT" -U netpol -c 32 -j 2 -T "$DURATION" -f "$work/commit.sql" commits >"$work/pgbench.out" 2>&1
anchor="$(awk '/^tps = / { printf "%.0f", $3; exit }' "$work/pgbench.out")"
echo
echo "anchor: PostgreSQL single-row durable commits, 32 clients (pgbench): $anchor commits/s"

# ---- 1. PUT creating a revision each time, 32 clients ----
# put_run LABEL TARGET_URL: runs wrk against TARGET_URL with the servers already started.
put_run() {
  local label="$1" url="$2" before after rps p50 p99 per_second
  before="$(created)"
  read -r rps p50 p99 < <(run_wrk 32 -s "$work/put.lua" "$url")
  after="$(created)"
  per_second="$(awk -v n="$((after - before))" -v d="$DURATION" 'BEGIN { printf "%.0f", n / d }')"
  printf "  %-38s %6s req/s %6s revisions/s  (p50 %s, p99 %s)  %5.1f %% of the anchor\n" \
    "$label" "$rps" "$per_second" "$p50" "$p99" "$(awk -v a="$per_second" -v b="$anchor" 'BEGIN { print (b > 0 ? 100 * a / b : 0) }')"
}
echo
echo "PUT (new revision each), 32 clients:"
start_server "$work/put.db"
put_run "SQLite, 1 process" "http://127.0.0.1:${PORTS[0]}"
stop_servers
"$(pgtool createdb)" -h 127.0.0.1 -p "$PGPORT" -U netpol put1
start_server "$PGURL/put1"
put_run "PostgreSQL, 1 replica" "http://127.0.0.1:${PORTS[0]}"
stop_servers
"$(pgtool createdb)" -h 127.0.0.1 -p "$PGPORT" -U netpol put1lb
start_server "$PGURL/put1lb"
start_balancer
put_run "PostgreSQL, 1 replica behind nginx" "http://127.0.0.1:$LB_PORT"
stop_servers
"$(pgtool createdb)" -h 127.0.0.1 -p "$PGPORT" -U netpol put3
for _ in 1 2 3; do start_server "$PGURL/put3"; done
start_balancer
put_run "PostgreSQL, 3 replicas behind nginx" "http://127.0.0.1:$LB_PORT"
stop_servers

# ---- 2. GET policies (YAML), 32 connections ----
get_run() {
  local label="$1" base="$2" rps p50 p99
  curl -sf -H "$AUTH_HEADER" -X PUT -H 'Content-Type: application/json' --data "$(envelope dev true openshift-logging)" \
    "$base/v1/namespaces/bench/lokistacks/dev" >/dev/null
  read -r rps p50 p99 < <(run_wrk 32 -H 'Accept: application/yaml' "$base/v1/namespaces/bench/lokistacks/dev/policies")
  printf "  %-38s %6s req/s  (p50 %s, p99 %s)\n" "$label" "$rps" "$p50" "$p99"
  echo "$rps" >"$work/get-$3"
}
echo
echo "GET policies (YAML, from the cache), 32 connections:"
start_server "$work/get.db"
get_run "SQLite, 1 process (no read)" "http://127.0.0.1:${PORTS[0]}" sqlite
stop_servers
"$(pgtool createdb)" -h 127.0.0.1 -p "$PGPORT" -U netpol get
start_server "$PGURL/get"
get_run "PostgreSQL, 1 replica (1 indexed read)" "http://127.0.0.1:${PORTS[0]}" pg1
stop_servers
for _ in 1 2 3; do start_server "$PGURL/get"; done
start_balancer
get_run "PostgreSQL, 3 replicas behind nginx" "http://127.0.0.1:$LB_PORT" pg3
stop_servers
awk -v s="$(cat "$work/get-sqlite")" -v p="$(cat "$work/get-pg1")" 'BEGIN {
  if (s > 0 && p > 0) printf "  the confirming read: 1 PostgreSQL replica serves %.1f %% of SQLite'"'"'s rate (%.0f µs more per request at 32 connections)\n", 100 * p / s, 1e6 * 32 / p - 1e6 * 32 / s }'
echo
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
