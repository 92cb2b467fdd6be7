#!/usr/bin/env bash
# Installs the pinned hdr-histogram-js (the JavaScript port of HdrHistogram) into .cache/node/
# for tools/decode-hlog.mjs and the integration test that decodes a run's .hlog files with it.
# Needs node and npm (tools/fetch-tokenizers.sh installs them). Never fails: without npm or
# without the registry it says what is missing and the test that needs the module skips.
set -uo pipefail
cd "$(dirname "$0")/.."
version=3.0.1
if [ -f ".cache/node/node_modules/hdr-histogram-js/package.json" ] &&
   grep -q "\"version\": \"$version\"" .cache/node/node_modules/hdr-histogram-js/package.json; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "fetch-hdr-reference: npm is not installed; the .hlog decoding check with hdr-histogram-js will be skipped" >&2
  exit 0
fi
mkdir -p .cache/node
if ! timeout 120 npm install --silent --no-audit --no-fund --prefix .cache/node \
    "hdr-histogram-js@$version" >/dev/null 2>&1; then
  echo "fetch-hdr-reference: could not install hdr-histogram-js@$version from the npm registry; the .hlog decoding check will be skipped" >&2
fi
exit 0
