#!/usr/bin/env bash
# Builds a release ringperf, starts the bundled mock server on a free loopback port and
# runs a streaming chat benchmark against it (concurrency 16, 300 requests). Extra
# arguments are passed to `ringperf profile` and override the defaults below.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh

build=${RINGPERF_RELEASE_BUILD:-build-release}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dbuildtype=release -Dtests=false -Dbenchmarks=false
fi
ninja -C "$build" src/cli/ringperf
bin="$build/src/cli/ringperf"

tmp=$(mktemp -d)
"$bin" mock --host 127.0.0.1 --port 0 --port-file "$tmp/port" --ttft 20 --itl 5 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "the mock server did not start" >&2; exit 1; }
port=$(cat "$tmp/port")

"$bin" profile \
  --url "http://127.0.0.1:$port" \
  --model mock-model \
  --endpoint-type chat --streaming \
  --concurrency 16 --request-count 300 \
  --isl 128 --osl 64 --extra-inputs ignore_eos:true \
  --artifact-dir artifacts/demo \
  "$@"
