# shellcheck shell=bash disable=SC2154
# Sourced by run.sh: `ringperf mock` servers pinned to CPU 1, several at once if needed.
# Needs $bin, $tmp, $here and $results.

declare -A mock_pids=()

# start_mock NAME FLAGS...: starts a mock on a free port, waits until it listens and records
# its command in the results (section=mock).
start_mock() {
  local name=$1
  shift
  local port_file="$tmp/mock-$name.port"
  local cmd=(taskset -c 1 "$bin" mock --port 0 --port-file "$port_file" "$@")
  rm -f "$port_file"
  "${cmd[@]}" >"$tmp/mock-$name.log" 2>&1 &
  mock_pids[$name]=$!
  for _ in $(seq 200); do
    [ -s "$port_file" ] && break
    kill -0 "${mock_pids[$name]}" 2>/dev/null || break
    sleep 0.05
  done
  if [ ! -s "$port_file" ]; then
    cat "$tmp/mock-$name.log" >&2
    die "the mock server '$name' did not start: ${cmd[*]}"
  fi
  python3 "$here/measure.py" --results "$results" --record-only --tag section=mock \
    --tag name="$name" -- "${cmd[@]}"
}

mock_url() {
  echo "http://127.0.0.1:$(cat "$tmp/mock-$1.port")"
}

# Fails the script when a mock exited: every later run would fail for that reason alone.
check_mocks() {
  local name
  for name in "${!mock_pids[@]}"; do
    if ! kill -0 "${mock_pids[$name]}" 2>/dev/null; then
      tail -20 "$tmp/mock-$name.log" >&2
      die "the mock server '$name' exited during the runs"
    fi
  done
}

# Stops every mock, first recording its peak resident memory (VmHWM; taskset execs the mock,
# so the pid is the mock's own) in the results (section=mock-peak).
stop_mocks() {
  local name hwm
  for name in "${!mock_pids[@]}"; do
    hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/${mock_pids[$name]}/status" 2>/dev/null || true)
    if [ -n "$hwm" ]; then
      python3 "$here/measure.py" --results "$results" --record-only --tag section=mock-peak \
        --tag name="$name" --tag hwm_kb="$hwm"
    fi
    kill -INT "${mock_pids[$name]}" 2>/dev/null || true
    wait "${mock_pids[$name]}" 2>/dev/null || true
    unset "mock_pids[$name]"
  done
}
