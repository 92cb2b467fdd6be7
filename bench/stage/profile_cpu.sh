#!/usr/bin/env bash
# Client CPU of `ringperf profile` on small non-streamed chat requests over keep-alive (the
# comparison with wrk in docs/performance.md, "Token counting stage"): `ringperf mock --ttft 0
# --itl 0` pinned to CPU 1, the client pinned to CPU 0, one worker, 100 connections,
# --tokenizer builtin, max_tokens 1. Per run it prints the whole process's user+sys CPU per
# request (/usr/bin/time), the counting stage's (counting threads and their spools' writer
# threads, from the run's debug log) and, from runs of 100 requests, the CPU of start-up and
# end of run. Medians at the end.
#
#   bench/stage/profile_cpu.sh [binary] [runs] [requests]
#       (defaults build-rel/src/cli/ringperf, 5, 300000)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build-rel/src/cli/ringperf}
runs=${2:-5}
requests=${3:-300000}
tmp=$(mktemp -d)
taskset -c 1 "$bin" mock --port 0 --port-file "$tmp/port" --workers 1 --ttft 0 --itl 0 \
    >/dev/null 2>&1 &
mock=$!
trap 'kill "$mock" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
url="http://127.0.0.1:$(cat "$tmp/port")"

# One profile run of $1 requests; prints "<user+sys s> <counting-stage ms> <requests>".
profile() {
    rm -rf "$tmp/art"
    /usr/bin/time -f "%U %S" -o "$tmp/time" taskset -c 0 "$bin" profile --url "$url" --model m \
        --tokenizer builtin --ui-type none --workers 1 --concurrency 100 --request-count "$1" \
        --isl 16 --osl 1 --extra-inputs ignore_eos:true --artifact-dir "$tmp/art" \
        --log-level debug >"$tmp/log" 2>&1
    local stage n
    stage=$(grep -o "[0-9]* ms of CPU" "$tmp/log" | head -1 | cut -d' ' -f1)
    n=$(python3 -c "import json,sys; print(int(json.load(open(sys.argv[1]))['request_count']['avg']))" \
        "$tmp/art/profile_export_aiperf.json")
    read -r user sys <"$tmp/time"
    echo "$(python3 -c "print($user + $sys)") $stage $n"
}

: >"$tmp/rows"
for i in $(seq "$runs"); do
    read -r cpu stage n < <(profile "$requests")
    read -r small _ _ < <(profile 100)
    python3 - "$cpu" "$stage" "$n" "$small" <<'PY' | tee -a "$tmp/rows"
import sys
cpu, stage, n, small = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"{cpu / n * 1e6:.2f} {stage / n * 1e3:.2f} {small:.3f}")
PY
done
python3 - "$tmp/rows" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
cols = list(zip(*rows))
print(f"median of {len(rows)}: process {statistics.median(cols[0]):.2f} us/request, "
      f"counting stage {statistics.median(cols[1]):.2f} us/request, "
      f"100-request run {statistics.median(cols[2]):.3f} s of CPU")
PY
