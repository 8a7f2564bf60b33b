# Helpers for the black-box tests: start a built server as a real process on
# a free port and stop it. Sourced, not run.

# start_server VAR_PREFIX BINARY ARGS...: starts BINARY with --listen=127.0.0.1:0,
# waits for its "serving" log line and sets ${VAR_PREFIX}_PID and _ADDR.
start_server() {
  local prefix=$1; shift
  local binary=$1; shift
  local log="$WORK/${prefix}.log"
  "$binary" --listen=127.0.0.1:0 "$@" 2>"$log" &
  local pid=$!
  local addr=""
  for _ in $(seq 1 100); do
    addr=$(grep -o '"msg":"serving".*"address":"[^"]*"' "$log" 2>/dev/null | sed 's/.*"address":"\([^"]*\)".*/\1/' || true)
    [ -n "$addr" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "server exited early:"; cat "$log"; return 1; }
    sleep 0.1
  done
  [ -n "$addr" ] || { echo "server did not start:"; cat "$log"; return 1; }
  eval "${prefix}_PID=$pid"
  eval "${prefix}_ADDR=$addr"
}

# stop_server PID: SIGTERM, and wait; fails if the process does not exit 0.
stop_server() {
  kill -TERM "$1"
  wait "$1"
}

fail() { echo "FAIL: $*"; exit 1; }
