# shellcheck shell=bash
# Sourced by run.sh: the tools it needs and the release build it measures.

# Installs, when missing, the build packages (tools/install-deps.sh) and the two other
# clients: wrk, and h2load from nghttp2-client.
install_tools() {
  bash tools/install-deps.sh
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v h2load >/dev/null || need+=(nghttp2-client)
  command -v taskset >/dev/null || need+=(util-linux)
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "scale: installing ${need[*]}" >&2
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${need[@]}"
}

# Prints the build type and whether benchmarks are on, e.g. "release true".
build_options() {
  meson introspect --buildoptions "$1" | python3 -c 'import json, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
print(opts["buildtype"], str(opts["benchmarks"]).lower())'
}

build_type() {
  build_options "$1" | cut -d' ' -f1
}

# Configures DIR as a release build when it has no build yet, refuses another build type,
# turns the micro-benchmarks on if they are off, and builds ringperf and receive_bench.
build_release() {
  local dir=$1
  [ -f "$dir/build.ninja" ] || meson setup "$dir" -Dbuildtype=release -Dtests=false
  local opts type benchmarks
  opts=$(build_options "$dir")
  read -r type benchmarks <<<"$opts"
  [ "$type" = release ] ||
    die "$dir is a $type build; give a release build directory (or a new name to create one)"
  [ "$benchmarks" = true ] || meson configure "$dir" -Dbenchmarks=true
  ninja -C "$dir" src/cli/ringperf bench/receive/receive_bench bench/scale/read_floor
}
