# Shell functions shared by the service benchmarks (bench/service-bench.sh, bench/pg-bench.sh,
# bench/hostile-bench.sh). Sourced, never run: the script sets BENCH (its name, for messages) and
# may set SETUP_STATUS (the exit status of a failed set-up, default 1), cds to the checkout, then
#   . bench/lib/common.sh
# A script that has more to stop than the processes in `pids` defines bench_cleanup_hook.

. bench/lib/listening-port.sh

# Prints "BENCH: message" on stderr and exits with SETUP_STATUS.
bench_fail() {
  echo "$BENCH: $*" >&2
  exit "${SETUP_STATUS:-1}"
}

# require_tools TOOL…: fails naming the first tool that is not on PATH.
require_tools() {
  local tool
  for tool in "$@"; do command -v "$tool" >/dev/null || bench_fail "$tool is required"; done
}

# Sets BIN: LOKINETPOL_BINARY (another build, e.g. the container's static one:
# `swift build -c release --static-swift-stdlib --product lokinetpol --scratch-path .build-static`),
# else the release build, built first.
lokinetpol_binary() {
  if [ -z "${LOKINETPOL_BINARY:-}" ]; then swift build -c release --product lokinetpol >/dev/null; fi
  BIN="${LOKINETPOL_BINARY:-.build/release/lokinetpol}"
  [ -x "$BIN" ] || bench_fail "$BIN is not executable"
}

# Makes the temporary directory `work` (readable by nginx workers and the postgres user, which
# are not root) and `pids`; on exit, runs bench_cleanup_hook if defined, stops every process in
# `pids` and removes `work`.
bench_workdir() {
  work="$(mktemp -d)"
  chmod 755 "$work"
  pids=()
  trap bench_cleanup EXIT
}
bench_cleanup() {
  if declare -F bench_cleanup_hook >/dev/null; then bench_cleanup_hook; fi
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# Sets the bearer token every request carries (a tokens file with one token for namespace
# `bench`, read and write): AUTH_HEADER (a whole header line for curl/wrk -H), AUTH_NAME and
# AUTH_VALUE (its two halves, for wrk's Lua scripts) and SERVE_AUTH (the arguments of `serve`).
# With `bench_tokens off`: no tokens file, and AUTH_HEADER is a harmless `X-Bench: no-auth`.
bench_tokens() {
  AUTH_HEADER="X-Bench: no-auth"
  SERVE_AUTH=()
  if [ "${1:-on}" != "off" ]; then
    "$BIN" token new bench --scopes read write --namespaces bench >"$work/token.txt"
    { echo "tokens:"; tail -n +3 "$work/token.txt"; } >"$work/tokens.yaml"
    AUTH_HEADER="Authorization: Bearer $(head -1 "$work/token.txt")"
    SERVE_AUTH=(--tokens "$work/tokens.yaml")
  fi
  AUTH_NAME="${AUTH_HEADER%%: *}"
  AUTH_VALUE="${AUTH_HEADER#*: }"
}

# await_listening LOG [POLLS]: sets PORT to the port a just-started `serve` logs as listening on in
# LOG (polls every 50 ms, 200 times by default: 10 s; fails showing the log otherwise).
await_listening() {
  listening_port "$1" "${2:-200}" && return 0
  cat "$1" >&2
  bench_fail "the server did not start"
}

# rss_kb PID: the resident set of PID in kB.
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

# run_wrk CONNECTIONS WRK-ARGS…: one wrk run (one thread: the PUT script's counter is per thread,
# DURATION seconds, every request with AUTH_HEADER), prefixed by the command in WRK_PREFIX if set
# (e.g. `WRK_PREFIX=(taskset -c 1)`); prints "req/s p50 p99" and complains about non-2xx answers.
run_wrk() {
  local connections="$1"; shift
  "${WRK_PREFIX[@]}" wrk -t1 -c"$connections" -d"${DURATION}s" --latency -H "$AUTH_HEADER" "$@" >"$work/wrk.out" 2>&1
  local rps p50 p99
  rps="$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/wrk.out")"
  p50="$(awk '$1 == "50%" { print $2 }' "$work/wrk.out")"
  p99="$(awk '$1 == "99%" { print $2 }' "$work/wrk.out")"
  if grep -q "Non-2xx" "$work/wrk.out"; then
    echo "$BENCH: non-2xx answers:" >&2
    cat "$work/wrk.out" >&2
  fi
  echo "$rps $p50 $p99"
}

# best A B: the better of two "req/s p50 p99" lines (by req/s).
best() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); print ((x[1] + 0 >= y[1] + 0) ? a : b) }'; }

# envelope NAME RULER MODE: a stack input for namespace `bench` (RULER true/false, MODE the
# tenants mode); inputs with different RULER or MODE render different policies.
envelope() {
  printf '{"lokistack":{"apiVersion":"loki.grafana.com/v1","kind":"LokiStack","metadata":{"name":"%s","namespace":"bench"},"spec":{"size":"1x.small","networkPolicies":{"disabled":false},"rules":{"enabled":%s},"storage":{"secret":{"name":"s3","type":"s3"}},"tenants":{"mode":"%s"}}},"rulerConfig":{"spec":{"alertmanager":{"endpoints":["https://am.example.com:9094"]}}},"objectStorage":{"endpoint":"https://s3.example.com"},"cluster":{"platform":"openshift","openshiftVersion":"4.20"}}' "$1" "$2" "$3"
}

# put_script FILE: writes wrk's Lua script of the PUT benchmarks: 64 stacks, requests
# round-robin over them; each stack alternates between two bodies whose policies differ, so
# (with 32 requests in flight) every PUT creates a revision.
put_script() {
  cat >"$1" <<EOF
local counter = 0
local bodies = { [[$(envelope STACK false openshift-logging)]], [[$(envelope STACK true openshift-network)]] }
request = function()
  local stack = counter % 64
  local body = bodies[(math.floor(counter / 64) % 2) + 1]:gsub("STACK", "s" .. stack)
  counter = counter + 1
  return wrk.format("PUT", "/v1/namespaces/bench/lokistacks/s" .. stack, { ["Content-Type"] = "application/json", ["$AUTH_NAME"] = "$AUTH_VALUE" }, body)
end
EOF
}
