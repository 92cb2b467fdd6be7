#!/usr/bin/env bash
# Measurement fidelity: how far are the client's timestamps from the server's send times?
# Runs `ringperf mock --ground-truth` (every token's send time, CLOCK_MONOTONIC) and
# `ringperf profile --export-level raw` (every SSE message's arrival time, same clock) on
# loopback, then joins the two per request and token (compare.py) and prints the error
# distribution of TTFT and of every token arrival (docs/performance.md, "Measurement
# fidelity").
#
#   bench/fidelity/run.sh [ringperf binary]     (default build-rel/src/cli/ringperf)
#
# Builds nothing: configure and build a release first, e.g.
#   meson setup build-rel -Dbuildtype=release -Dtests=false && ninja -C build-rel src/cli/ringperf
# Environment (defaults in brackets):
#   STREAMS   concurrent streams, one scenario each ["1000 10000"]
#   For each scenario the token timing scales with the streams so that the event rate stays
#   near 50,000 per second: ITL = STREAMS / 50 ms (+- half of it as jitter), TTFT = 2 * ITL
#   (+- its 80 %), OSL 32 tokens, three requests per stream started at the rate that keeps
#   STREAMS in flight (capped at STREAMS); override with ITL_MS, TTFT_MS, OSL,
#   REQUESTS_PER_STREAM.
#   CLIENT_FLAGS  more `ringperf profile` flags, e.g. --busy-poll
#   MOCK_PRIO, CLIENT_PRIO  a prefix for each command, e.g. "chrt -f 10" (SCHED_FIFO, so that
#             other work on the machine does not preempt them) ["" and ""]
#   CLIENT_CPUS  the client's CPUs ["0,1"]
#   KEEP      a directory to keep every run's files in (default: a temporary one, removed)
# With two or more cores the mock (one worker) is pinned to CPU 1; the client's one engine
# worker pins itself to the first of CLIENT_CPUS, and its counting thread runs wherever there
# is room, so the worker and the mock each have a core. The mock stamps a token before the
# submit that sends it, so its own scheduling delays do not count as client error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
bin=${1:-build-rel/src/cli/ringperf}
streams_list=${STREAMS:-"1000 10000"}
if [ ! -x "$bin" ]; then
  echo "fidelity: no ringperf binary at $bin; build a release first (see the header)" >&2
  exit 1
fi
command -v python3 >/dev/null || { echo "fidelity: python3 is needed" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

mock_cpu=() client_cpu=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  mock_cpu=(taskset -c 1) client_cpu=(taskset -c "${CLIENT_CPUS:-0,1}")
fi
# MOCK_PRIO / CLIENT_PRIO prefix the commands, e.g. "chrt -f 10" (SCHED_FIFO: other work
# on the machine, such as builds, no longer preempts them) or "nice -n -20".
read -r -a mock_prio <<<"${MOCK_PRIO:-}"
read -r -a client_prio <<<"${CLIENT_PRIO:-}"
mock_cpu=("${mock_prio[@]}" "${mock_cpu[@]}") client_cpu=("${client_prio[@]}" "${client_cpu[@]}")

if [ -n "${KEEP:-}" ]; then
  tmp=$KEEP
  mkdir -p "$tmp"
else
  tmp=$(mktemp -d)
fi
mock=
cleanup() {
  if [ -n "$mock" ]; then kill "$mock" 2>/dev/null || true; wait "$mock" 2>/dev/null || true; fi
  [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

for streams in $streams_list; do
  itl=${ITL_MS:-$(python3 -c "print($streams / 50)")}
  ttft=${TTFT_MS:-$(python3 -c "print(2 * $itl)")}
  itl_jitter=$(python3 -c "print($itl / 2)")
  ttft_jitter=$(python3 -c "print($ttft * 0.8)")
  osl=${OSL:-32}
  requests=$((streams * ${REQUESTS_PER_STREAM:-3}))
  # Requests start at the rate that keeps `streams` of them in flight (Little's law), capped
  # at `streams`: a steady state, not waves of simultaneous starts.
  rate=$(python3 -c "print(round($streams * 1000 / ($ttft + ($osl - 1) * $itl), 1))")
  dir="$tmp/streams-$streams"
  mkdir -p "$dir"
  rm -f "$dir/port"
  mock_cmd=("$bin" mock --port 0 --port-file "$dir/port" --workers 1 --ttft "$ttft"
            --ttft-jitter "$ttft_jitter" --itl "$itl" --itl-jitter "$itl_jitter"
            --random-seed 7 --ground-truth "$dir/ground_truth.csv")
  "${mock_cpu[@]}" "${mock_cmd[@]}" >"$dir/mock.out" 2>&1 &
  mock=$!
  for _ in $(seq 200); do [ -s "$dir/port" ] && break; sleep 0.05; done
  if [ ! -s "$dir/port" ]; then
    echo "fidelity: the mock server did not start:" >&2
    cat "$dir/mock.out" >&2
    exit 1
  fi
  url="http://127.0.0.1:$(cat "$dir/port")"
  profile_cmd=("$bin" profile --url "$url" --model mock-model --ui-type none --workers 1
               --streaming --request-rate "$rate" --concurrency "$streams"
               --request-count "$requests" --isl 16
               --osl "$osl" --extra-inputs ignore_eos:true --random-seed 42
               --export-level raw --artifact-dir "$dir/art" ${CLIENT_FLAGS:-})
  echo "== $streams streams: TTFT $ttft ms +- $ttft_jitter, ITL $itl ms +- $itl_jitter," \
       "OSL $osl, $requests requests at $rate/s"
  echo "mock:    ${mock_cpu[*]} ${mock_cmd[*]}"
  echo "profile: ${client_cpu[*]} ${profile_cmd[*]}"
  start=$(date +%s.%N)
  if ! "${client_cpu[@]}" "${profile_cmd[@]}" >"$dir/profile.out" 2>&1; then
    echo "fidelity: the profile run failed:" >&2
    tail -20 "$dir/profile.out" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  kill "$mock"
  wait "$mock" 2>/dev/null || true
  mock=
  python3 -c "print(f'run: {$end - $start:.1f} s wall')"
  python3 "$here/compare.py" "$dir/ground_truth.csv" "$dir/art/profile_export_raw.jsonl" \
    --json "$dir/fidelity.json"
done
