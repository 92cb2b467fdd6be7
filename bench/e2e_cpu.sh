#!/usr/bin/env bash
# Client CPU cost of ringperf end to end, against the bundled mock server on loopback:
# user+sys CPU seconds of the `ringperf profile` process divided by requests (or SSE
# events). CPU time per unit is the stable measure on shared VMs; wall-clock rates are not.
# The mock and the client are pinned to different cores.
#
#   bench/e2e_cpu.sh [build-dir]        (default build-rel, configured as a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-rel}
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release -Dtests=false >/dev/null
ninja -C "$build" src/cli/ringperf >/dev/null
bin="$build/src/cli/ringperf"
tmp=$(mktemp -d)
trap 'kill "$mock" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT

taskset -c 1 "$bin" mock --port 0 --port-file "$tmp/port" --workers 1 --ttft 0 --itl 0 >/dev/null &
mock=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
url="http://127.0.0.1:$(cat "$tmp/port")"

# Runs one profile and prints "<cpu seconds> <requests>".
measure() {
  python3 - "$@" <<'PY'
import json, resource, subprocess, sys
args = sys.argv[1:]
subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
art = args[args.index("--artifact-dir") + 1]
doc = json.load(open(art + "/profile_export_aiperf.json"))
print(f"{ru.ru_utime + ru.ru_stime:.4f} {ru.ru_utime:.4f} {doc['request_count']['avg']:.0f}")
PY
}

run() {  # label, units-per-request, profile flags...
  local label=$1 per=$2; shift 2
  for i in 1 2 3 4 5; do
    read -r cpu user n < <(measure taskset -c 0 "$bin" profile --url "$url" --model m --ui-type none \
        --workers 1 --tokenizer builtin --artifact-dir "$tmp/a$i" "$@")
    python3 -c "import sys; c,u,n,p=map(float,sys.argv[1:]); print(f'$label run $i: {c/(n*p)*1e6:.2f} us CPU per unit ({u/(n*p)*1e6:.2f} us user), {n:.0f} requests')" "$cpu" "$user" "$n" "$per"
  done
}

echo "non-streamed chat, 100 connections, max_tokens 1 (CPU per request):"
run request 1 --concurrency 100 --request-count 50000 --isl 16 --osl 1 --extra-inputs ignore_eos:true
echo "streamed chat, 100 connections, 64 tokens at ITL 0 (CPU per SSE content event):"
run event 64 --streaming --concurrency 100 --request-count 5000 --isl 16 --osl 64 --extra-inputs ignore_eos:true
