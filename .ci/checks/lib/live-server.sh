# Sourced by the checks that run the live binary (python-client, schemathesis, sslyze).
# Defines `work` (a temporary directory, removed at exit with the server stopped), `binary` and
# `start_server ARGS...`, which starts `lokinetpol serve --listen 127.0.0.1:0 --db
# $work/lokinetpol.db ARGS...` with its log in $work/server.log and sets `server_pid` and `port`
# (read from the JSON `listening` log line). The caller names itself in `check`.

. bench/lib/listening-port.sh

# The binary: $LOKINETPOL_BINARY, else a built release or debug one, else a debug build.
binary="${LOKINETPOL_BINARY:-}"
if [ -z "$binary" ]; then
  for candidate in .build/release/lokinetpol .build/debug/lokinetpol; do
    if [ -x "$candidate" ]; then binary="$candidate"; break; fi
  done
fi
if [ -z "$binary" ]; then
  swift build --product lokinetpol
  binary=.build/debug/lokinetpol
fi

work="$(mktemp -d)"
server_pid=""
port=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

start_server() {
  # The log exists before the port poll reads it (the background shell opens it later).
  : >"$work/server.log"
  "$binary" serve --listen 127.0.0.1:0 --db "$work/lokinetpol.db" "$@" 2>>"$work/server.log" &
  server_pid=$!
  if listening_port "$work/server.log" 600 "$server_pid"; then
    port="$PORT"
    return 0
  fi
  if kill -0 "$server_pid" 2>/dev/null; then
    echo "$check: the server did not start listening within 30 s" >&2
  else
    echo "$check: the server exited:" >&2
  fi
  cat "$work/server.log" >&2
  exit 1
}
