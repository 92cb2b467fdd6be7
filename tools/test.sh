#!/usr/bin/env bash
# Builds ringperf with AddressSanitizer and UndefinedBehaviorSanitizer and runs every test.
# The last line is "N passed, N failed, N skipped", counted from meson's JUnit log.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/fetch-tokenizers.sh
bash tools/fetch-hdr-reference.sh

build=${RINGPERF_TEST_BUILD:-build-test}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dbuildtype=debug -Db_sanitize=address,undefined
fi
ninja -C "$build"

status=0
meson test -C "$build" --print-errorlogs --num-processes 2 || status=$?
python3 tools/junit_summary.py "$build/meson-logs/testlog.junit.xml" || status=1
exit $status
