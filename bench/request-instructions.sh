#!/usr/bin/env bash
# Instructions and reference-count operations per request on the GET …/policies path (YAML, from
# the policy cache, authentication, access log and metrics on) or, with HISTORY_DB, on
# GET …/revisions/{n} (random n, read from SQLite), counted by valgrind's callgrind:
# a figure that, unlike req/s, does not move with the machine's load or speed, for comparing two
# builds of the request path (run by hand; not a CI gate).
#
#   bench/request-instructions.sh [BINARY …]        # default: the release build
#   SECONDS_PER_BINARY=5 bench/request-instructions.sh old/lokinetpol .build/release/lokinetpol
#   KEEP_DUMP=/tmp/cg.out bench/request-instructions.sh    # keeps the dump (FILE.N for the Nth
#     binary) for bench/lib/callgrind-inclusive.py DUMP REQUESTS 40: per-function costs
#   HISTORY_DB=/tmp/history.db bench/request-instructions.sh   # GET revisions/{n} instead, on a copy
#     of the history `HISTORY_DB=/tmp/history.db PARTS=3 bench/service-bench.sh` fills and keeps
#
# For each binary (a copy without debug information: valgrind 3.19 cannot read the toolchain's):
# `serve` under callgrind on a fresh SQLite database with a tokens file, one PUT, a 2 s warm-up of
# wrk with one connection, counters zeroed, SECONDS_PER_BINARY (default 4) of wrk with one
# connection, counters dumped. Prints per request: instructions, the same without memcpy/memmove
# (valgrind counts `rep movsb` once per byte: copying the 9 KB body reads as ~9,000 instructions),
# swift_retain and swift_release calls (atomic operations: they cost far more than their
# instruction count), and allocations.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=request-instructions
. bench/lib/common.sh
require_tools valgrind callgrind_control wrk curl strip
if [ "$#" -eq 0 ]; then lokinetpol_binary; set -- "$BIN"; fi
bench_workdir
SECONDS_PER_BINARY="${SECONDS_PER_BINARY:-4}"

for binary in "$@"; do
  copy="$work/lokinetpol-$RANDOM"
  cp "$binary" "$copy"
  strip --strip-debug "$copy"
  BIN="$copy"
  bench_tokens
  rm -f "$work"/callgrind.out*
  : >"$work/server.log"
  db="$work/db-$RANDOM"
  if [ -n "${HISTORY_DB:-}" ]; then cp "$HISTORY_DB" "$db"; fi
  valgrind --tool=callgrind --compress-strings=no --compress-pos=no --callgrind-out-file="$work/callgrind.out" \
    "$copy" serve --listen 127.0.0.1:0 --db "$db" "${SERVE_AUTH[@]}" 2>"$work/server.log" &
  server=$!
  pids+=("$server")
  await_listening "$work/server.log" 1200  # a long history opens in seconds under valgrind
  if [ -n "${HISTORY_DB:-}" ]; then
    latest="$(curl -sf -H "$AUTH_HEADER" "http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/history/revisions?limit=1" \
      | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["number"])')"
    cat >"$work/request.lua" <<EOF
request = function()
  return wrk.format("GET", "/v1/namespaces/bench/lokistacks/history/revisions/" .. math.random(1, $latest), { ["$AUTH_NAME"] = "$AUTH_VALUE" })
end
EOF
    load=(-s "$work/request.lua" "http://127.0.0.1:$PORT/")
  else
    curl -sf -H "$AUTH_HEADER" -X PUT -H 'Content-Type: application/json' --data "$(envelope dev true openshift-logging)" \
      "http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/dev" >/dev/null
    load=(-H "$AUTH_HEADER" -H 'Accept: application/yaml' "http://127.0.0.1:$PORT/v1/namespaces/bench/lokistacks/dev/policies")
  fi
  wrk -t1 -c1 -d2s "${load[@]}" >/dev/null
  callgrind_control -z "$server" >/dev/null 2>&1
  wrk -t1 -c1 -d"${SECONDS_PER_BINARY}s" "${load[@]}" >"$work/wrk.out"
  callgrind_control -d "$server" >/dev/null 2>&1
  kill "$server"; wait "$server" 2>/dev/null || true
  requests="$(awk '/requests in/ { print $1 }' "$work/wrk.out")"
  echo "$binary: $(python3 bench/lib/callgrind-per-request.py "$work/callgrind.out.1" "$requests") ($requests requests)"
  if [ -n "${KEEP_DUMP:-}" ]; then kept=$((${kept:-0} + 1)); cp "$work/callgrind.out.1" "$KEEP_DUMP.$kept"; fi
done
