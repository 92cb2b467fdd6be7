#!/usr/bin/env bash
# Installs the Debian 12 packages ringperf needs to build and test, non-interactively,
# only when one of them is missing (so a warm machine pays nothing).
set -euo pipefail

packages=(
  g++ meson ninja-build pkg-config python3
  ca-certificates liburing-dev libwolfssl-dev libtomlplusplus-dev libsimdjson-dev
  libgtest-dev libbenchmark-dev zlib1g-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
