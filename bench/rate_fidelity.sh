#!/usr/bin/env bash
# Rate fidelity: does `ringperf profile --request-rate R` send at R, on time? Runs the
# bundled mock server on loopback and a seeded Poisson schedule at each rate, then prints
# the target rate, the achieved send rate, its error, and the send- and schedule-lag
# percentiles, read from the run's JSON export (docs/performance.md, docs/self-check.md).
#
#   bench/rate_fidelity.sh [ringperf binary]     (default build-rel/src/cli/ringperf)
#
# Builds nothing: configure and build a release first, e.g.
#   meson setup build-rel -Dbuildtype=release -Dtests=false && ninja -C build-rel src/cli/ringperf
# Environment: RATES (default "1000 10000 50000"), DURATION in seconds (default 5), SEED
# (default 42). With two or more cores the mock is pinned to CPU 1 and the client to CPU 0,
# one worker each, so the two do not compete for a core.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build-rel/src/cli/ringperf}
rates=${RATES:-"1000 10000 50000"}
duration=${DURATION:-5}
seed=${SEED:-42}
if [ ! -x "$bin" ]; then
  echo "rate_fidelity: no ringperf binary at $bin; build a release first (see the header)" >&2
  exit 1
fi
command -v python3 >/dev/null || { echo "rate_fidelity: python3 is needed" >&2; exit 1; }

mock_cpu=() client_cpu=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  mock_cpu=(taskset -c 1) client_cpu=(taskset -c 0)
fi

tmp=$(mktemp -d)
mock=
cleanup() {
  if [ -n "$mock" ]; then kill "$mock" 2>/dev/null || true; wait "$mock" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A short, fixed response: 4 tokens, first after 2 ms, then 0.5 ms apart.
"${mock_cpu[@]}" "$bin" mock --port 0 --port-file "$tmp/port" --workers 1 --ttft 2 --itl 0.5 \
  >"$tmp/mock.out" 2>&1 &
mock=$!
for _ in $(seq 200); do [ -s "$tmp/port" ] && break; sleep 0.05; done
if [ ! -s "$tmp/port" ]; then
  echo "rate_fidelity: the mock server did not start:" >&2
  cat "$tmp/mock.out" >&2
  exit 1
fi
url="http://127.0.0.1:$(cat "$tmp/port")"

echo "ringperf rate fidelity: $bin, poisson, seed $seed, ${duration} s per rate, mock at $url"
printf '%9s %12s %12s %8s %9s %9s %9s %11s %11s %12s %12s  %s\n' \
  "target/s" "scheduled/s" "achieved/s" "error %" "vs sched" "sent" "skipped" \
  "send p50 us" "send p99 us" "sched p99 us" "sched max ms" "verdict"

for rate in $rates; do
  art="$tmp/rate-$rate"
  if ! "${client_cpu[@]}" "$bin" profile --url "$url" --model mock-model --ui-type none \
      --workers 1 --request-rate "$rate" --arrival-pattern poisson --random-seed "$seed" \
      --benchmark-duration "$duration" --isl 16 --osl 4 --extra-inputs ignore_eos:true \
      --artifact-dir "$art" >"$tmp/profile-$rate.out" 2>&1; then
    echo "rate_fidelity: the run at $rate req/s failed:" >&2
    tail -20 "$tmp/profile-$rate.out" >&2
    exit 1
  fi
  python3 - "$art" "$rate" <<'PY'
import json, sys

art, target = sys.argv[1], float(sys.argv[2])
doc = json.load(open(art + "/profile_export_aiperf.json"))
sc = doc.get("self_check")

def stat(tag, key):
    block = doc.get(tag)
    return None if block is None else block.get(key)

if sc is not None:
    scheduled, achieved = sc["scheduled_rate"], sc["achieved_rate"]
    sent, skipped, verdict = sc["requests_sent"], sc["skipped"], sc["verdict"]
else:
    # Without the summary's self_check block, from the per-request lines: sends are
    # approximated by the starts (each precedes its first write by about 1 us on an open
    # connection) and intended times by start - schedule lag (exact for a request that
    # opened a connection, within that 1 us otherwise).
    starts, intended = [], []
    with open(art + "/profile_export.jsonl") as f:
        for line in f:
            rec = json.loads(line)
            md = rec["metadata"]
            if md["benchmark_phase"] != "profiling" or md["request_start_ns"] is None:
                continue
            starts.append(md["request_start_ns"])
            lag = rec["metrics"].get("schedule_lag")
            if lag is not None:
                intended.append(md["request_start_ns"] - lag["value"] * 1e6)

    def rate(ts):
        return (len(ts) - 1) * 1e9 / (max(ts) - min(ts)) if len(ts) > 1 else None

    sent, achieved, scheduled = len(starts), rate(starts), rate(intended)
    skipped = int(doc.get("run_info", {}).get("skipped_requests", 0))
    verdict = "(no self_check block)"

def us(v):
    return "n/a" if v is None else f"{v * 1000:.1f}"

def num(v, fmt):
    return "n/a" if v is None else format(v, fmt)

error = None if achieved is None else (achieved - target) / target * 100
vs_schedule = None if achieved is None or not scheduled else (achieved - scheduled) / scheduled * 100
print(f"{target:9.0f} {num(scheduled, '12.1f'):>12} {num(achieved, '12.1f'):>12} "
      f"{num(error, '+8.3f'):>8} {num(vs_schedule, '+9.3f'):>9} {sent:9d} {skipped:9d} "
      f"{us(stat('send_lag', 'p50')):>11} {us(stat('send_lag', 'p99')):>11} "
      f"{us(stat('schedule_lag', 'p99')):>12} {num(stat('schedule_lag', 'max'), '12.3f'):>12}  "
      f"{verdict}")
PY
  rm -rf "$art"
done
