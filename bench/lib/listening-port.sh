# Sourced by bench/lib/common.sh and .ci/checks/lib/live-server.sh (from the checkout): waiting
# for a just-started `lokinetpol serve --listen 127.0.0.1:0` to log the port it listens on.

# listening_port LOG POLLS [PID]: sets PORT to the port of the JSON `listening` line in LOG,
# polling every 50 ms, at most POLLS times. Returns 1 with PORT empty when the polls run out or
# when the server PID (if given) has exited; the caller says which and shows LOG.
listening_port() {
  PORT=""
  local _poll
  for _poll in $(seq 1 "$2"); do
    PORT="$(sed -n 's/.*"message":"listening".*"port":"\([0-9]*\)".*/\1/p' "$1" | head -1)"
    [ -n "$PORT" ] && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then return 1; fi
    sleep 0.05
  done
  return 1
}
