#!/usr/bin/env bash
# Worst-case benchmark (issue 8): the most expensive requests we can construct at the 1 MiB body
# limit, for every endpoint that takes input or reads stored data, each measured in server CPU
# time against a typical PUT (examples/envelope.json) measured in the same run. Run by hand
# (release build; not a CI gate); figures in BENCHMARKS.md ("Hostile input").
#
#   bench/hostile-bench.sh                       # builds .build/release/lokinetpol
#   LOKINETPOL_BINARY=/path/to/lokinetpol bench/hostile-bench.sh
#   ONLY='diff|plan' bench/hostile-bench.sh      # only cases matching (setup PUTs always run)
#
# Inputs come from bench/hostile-inputs.py (one line per case, what each one is). The server runs
# on a fresh temporary SQLite database, pinned to core SERVER_CORE, under a MEMORY_MB address-space
# limit (an input that asks for tens of GB kills the server, not the machine); curl runs on
# CLIENT_CORE, one request at a time, each bounded by --max-time MAX_TIME. A request that times
# out, or kills the server, is reported as such (CPU = what it had used until then, a lower
# bound) and the server is restarted on the same database.
#
# CPU per request = the server's utime + stime (/proc/PID/stat, all threads) around the request,
# divided by the repetitions: a case runs REPS times, and more (up to MAX_REPS) until it has used
# MIN_CPU_MS, so that cheap cases are not lost in the 10 ms clock tick; the typical PUT runs
# TYPICAL_REPS times at the start and again at the end. "peak MB" is the server's peak RSS
# during the case (VmHWM, reset before each case). Exit status 1 when any request costs more than
# LIMIT times the typical PUT, times out, kills the server or answers a 5xx other than 503.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=hostile-bench
SETUP_STATUS=2  # 1 means "a case failed"
. bench/lib/common.sh

MAX_TIME="${MAX_TIME:-60}"
REPS="${REPS:-3}"
MAX_REPS="${MAX_REPS:-30}"
MIN_CPU_MS="${MIN_CPU_MS:-300}"
TYPICAL_REPS="${TYPICAL_REPS:-300}"
MEMORY_MB="${MEMORY_MB:-6144}"
LIMIT="${LIMIT:-100}"
ONLY="${ONLY:-}"
SERVER_CORE="${SERVER_CORE:-0}"
CLIENT_CORE="${CLIENT_CORE:-1}"

require_tools curl taskset python3 awk
lokinetpol_binary
bench_workdir
SERVER_PID=""
SAMPLER_PID=""
bench_cleanup_hook() {  # the server is restarted after a case that kills it: not in `pids`
  if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
}

TICK="$(getconf CLK_TCK)"
python3 bench/hostile-inputs.py "$work/inputs"

echo "# hostile-bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))"
echo "# binary: $BIN ($("$BIN" version 2>/dev/null | head -1)); this checkout at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg); server on core $SERVER_CORE (limit ${MEMORY_MB} MB), curl on core $CLIENT_CORE"
echo "# MAX_TIME=${MAX_TIME}s REPS=$REPS MAX_REPS=$MAX_REPS MIN_CPU_MS=$MIN_CPU_MS TYPICAL_REPS=$TYPICAL_REPS"

# Starts the service on the database; sets PORT and SERVER_PID.
start_server() {
  local log="$work/server.log"
  : >"$log"
  (ulimit -v $((MEMORY_MB * 1024)); exec taskset -c "$SERVER_CORE" "$BIN" serve --listen 127.0.0.1:0 --db "$work/hostile.db") 2>"$log" &
  SERVER_PID=$!
  await_listening "$log"
}

# utime + stime of the server in clock ticks (fields 14 and 15; the name in field 2 has no space).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo ""; }
peak_kb() { awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo ""; }

# While a request runs, samples the server's CPU and peak RSS into files, so that a request that
# kills the server still has figures (up to the last sample).
start_sampler() {
  (
    while kill -0 "$SERVER_PID" 2>/dev/null; do
      t="$(cpu_ticks)"; [ -n "$t" ] && echo "$t" >"$work/sample.cpu"
      m="$(peak_kb)"; [ -n "$m" ] && echo "$m" >"$work/sample.rss"
      sleep 0.2
    done
  ) &
  SAMPLER_PID=$!
}
stop_sampler() { kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""; }

restart_server() {
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  start_server
}

# One request. Sets R_STATUS (HTTP code, "timeout" or "died"), R_IN, R_OUT (bytes), R_TICKS.
request() {
  local method="$1" path="$2" ctype="$3" accept="$4" body="$5"
  local args=(-s -o "$work/response" --max-time "$MAX_TIME" -X "$method" -H 'Expect:'
    -w '%{http_code} %{size_upload} %{size_download}')
  [ "$ctype" != "-" ] && args+=(-H "Content-Type: $ctype")
  [ "$accept" != "-" ] && args+=(-H "Accept: $accept")
  [ "$body" != "-" ] && args+=(--data-binary "@$body")
  local before after out code=0
  before="$(cpu_ticks)"
  echo "$before" >"$work/sample.cpu"
  out="$(taskset -c "$CLIENT_CORE" curl "${args[@]}" "http://127.0.0.1:$PORT$path")" || code=$?
  after="$(cpu_ticks)"
  read -r R_STATUS R_IN R_OUT <<<"$out"
  R_IN="${R_IN:-0}"; R_OUT="${R_OUT:-0}"
  if [ -z "$after" ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
    R_STATUS="died"
    after="$(cat "$work/sample.cpu")"
  elif [ "$code" -eq 28 ]; then
    R_STATUS="timeout"
  elif [ "$code" -ne 0 ] && [ "$R_STATUS" = "000" ]; then
    R_STATUS="curl-$code"  # no answer at all (an answer followed by a reset keeps its status)
  fi
  R_TICKS=$((after - before))
}

failed=0
TYPICAL_TICKS=0
TYPICAL_COUNT=0
printf '%s\n' "case|status|bytes in|bytes out|CPU ms|peak MB|reps|what" >"$work/table"

# Runs one case line of cases.tsv and appends its row to the table.
run_case() {
  local name="$1" mode="$2" method="$3" path="$4" ctype="$5" accept="$6" body="$7" what="$8"
  local reps=0 ticks=0 statuses="" rss status
  echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || true
  : >"$work/sample.rss"
  start_sampler
  local want_reps="$REPS"
  [ "$mode" = "typical" ] && want_reps="$TYPICAL_REPS"
  [ "$mode" = "setup" ] && want_reps=1
  while :; do
    reps=$((reps + 1))
    request "$method" "${path//\{rep\}/$reps}" "$ctype" "$accept" "$body"
    ticks=$((ticks + R_TICKS))
    case " $statuses " in *" $R_STATUS "*) ;; *) statuses="${statuses:+$statuses,}$R_STATUS" ;; esac
    case "$R_STATUS" in timeout | died | curl-*) break ;; esac
    [ "$reps" -ge "$want_reps" ] || continue
    [ "$mode" = "setup" ] && break
    [ "$mode" = "typical" ] && break
    [ $((ticks * 1000 / TICK)) -lt "$MIN_CPU_MS" ] && [ "$reps" -lt "$MAX_REPS" ] && continue
    break
  done
  rss="$(peak_kb)"
  [ -z "$rss" ] && rss="$(cat "$work/sample.rss" 2>/dev/null)"
  stop_sampler
  case "$statuses" in *timeout* | *died* | *curl-*)
    status="$statuses"; restart_server ;;
  *) status="$statuses" ;;
  esac
  local ms
  ms="$(awk -v t="$ticks" -v n="$reps" -v k="$TICK" 'BEGIN { printf "%.2f", 1000 * t / k / n }')"
  if [ "$mode" = "typical" ]; then
    TYPICAL_TICKS=$((TYPICAL_TICKS + ticks))
    TYPICAL_COUNT=$((TYPICAL_COUNT + reps))
  fi
  printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "$name" "$status" "$R_IN" "$R_OUT" "$ms" \
    "$(awk -v k="${rss:-0}" 'BEGIN { printf "%.0f", k / 1024 }')" "$reps" "$what" >>"$work/table"
  printf '  %-32s %-14s %6.0f ms x %d\n' "$name" "$status" "$ms" "$reps" >&2
}

# With ONLY, a setup case runs when a selected case reads its stack (the same name prefix).
needed=" "
if [ -n "$ONLY" ]; then
  while IFS=$'\t' read -r name mode _; do
    if [ "$mode" != "setup" ] && [[ "$name" =~ $ONLY ]]; then needed+="${name%%.*} "; fi
  done <"$work/inputs/cases.tsv"
fi
selected() { # name mode
  [ -z "$ONLY" ] || [ "$2" = "typical" ] && return 0
  if [ "$2" = "setup" ]; then [[ "$needed" == *" ${1%%.*} "* ]]; else [[ "$1" =~ $ONLY ]]; fi
}

start_server
while IFS=$'\t' read -r name mode method path ctype accept body what; do
  selected "$name" "$mode" || continue
  run_case "$name" "$mode" "$method" "$path" "$ctype" "$accept" "$body" "$what"
done <"$work/inputs/cases.tsv"

[ "$TYPICAL_COUNT" -gt 0 ] || { echo "hostile-bench: no typical PUT measured" >&2; exit 2; }
[ "$TYPICAL_TICKS" -ge 20 ] || echo "hostile-bench: warning: the typical PUTs used only $TYPICAL_TICKS clock ticks; raise TYPICAL_REPS" >&2
anchor_ms="$(awk -v t="$TYPICAL_TICKS" -v n="$TYPICAL_COUNT" -v k="$TICK" 'BEGIN { printf "%.4f", 1000 * t / k / n }')"

echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# typical PUT (examples/envelope.json, new stack, 201): $anchor_ms ms CPU per request ($TYPICAL_COUNT requests); limit $LIMIT x = $(awk -v a="$anchor_ms" -v l="$LIMIT" 'BEGIN { printf "%.0f", a * l }') ms"
echo
echo "| case | status | bytes in | bytes out | CPU ms | × typical PUT | peak MB | reps | input |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
while IFS='|' read -r name status bin bout ms rss reps what; do
  [ "$name" = "case" ] && continue
  ratio="$(awk -v m="$ms" -v a="$anchor_ms" 'BEGIN { printf "%.1f", m / a }')"
  mark=""
  bad=0
  if awk -v r="$ratio" -v l="$LIMIT" 'BEGIN { exit !(r > l) }'; then bad=1; fi
  case "$status" in *timeout*) bad=1; ms="> $ms"; ratio="> $ratio" ;; esac
  case "$status" in *died* | *curl-*) bad=1; ms="≥ $ms" ; ratio="≥ $ratio" ;; esac
  if [[ "$status" =~ (^|,)5[0-9][0-9] ]] && ! [[ "$status" =~ (^|,)503(,|$) ]]; then bad=1; fi
  if [ "$bad" -eq 1 ]; then failed=$((failed + 1)); mark=" ❌"; fi
  printf '| %s | %s | %s | %s | %s | %s%s | %s | %s | %s |\n' "$name" "$status" "$bin" "$bout" "$ms" "$ratio" "$mark" "$rss" "$reps" "$what"
done <"$work/table"
echo
if [ "$failed" -gt 0 ]; then
  echo "hostile-bench: $failed case(s) over ${LIMIT}× a typical PUT, timed out, killed the server or answered 5xx"
  exit 1
fi
echo "hostile-bench: every case within ${LIMIT}× a typical PUT"
