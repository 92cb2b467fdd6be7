#!/usr/bin/env bash
# Connections and CPU per request: ringperf against wrk and h2load, all driving
# `ringperf mock` on loopback (docs/performance.md, "Scale: connections and CPU per request").
#
#   bench/scale/run.sh [build-dir]       (default build-rel; configured as a release build
#                                         with benchmarks when it does not exist yet)
#
# On a clean Debian 12 checkout, as root: installs what is missing (the build packages via
# tools/install-deps.sh; wrk, nghttp2-client for h2load), builds ringperf and receive_bench,
# runs every measurement, prints the tables and writes them into docs/performance.md between
# the lines <!-- scale-table:begin --> and <!-- scale-table:end -->. The client runs on CPU 0
# (taskset -c 0), the mock on CPU 1. CPU figures are wait4() user+sys of the client process.
#
# Environment (defaults in brackets); anything below the defaults marks the table as a
# small-scale test run:
#   SCALE_CONNECTIONS  (a) streaming requests held open at once [100000]
#   REPEAT_A           (a) runs [1]; each is followed by the 100-connection baseline run
#   REPEAT             (b), (c) and receive_bench repetitions, interleaved by tool [5]
#   B_CONNECTIONS      (b) connection counts ["100 15000"]
#   B_REQUESTS         (b) requests per ringperf and h2load run [500000]
#   B_DURATION         (b) seconds per wrk run [15]
#   C_REQUESTS         (c) streamed requests per run, 64 events each [50000]
#   RUN_TIMEOUT        seconds before a run is stopped and reported as failed [900]
#   SECTIONS           which measurements to run ["a b c"]
#   WRITE_DOC          0 = print the tables only, leave docs/performance.md alone [1]
#   KEEP               keep every run's files in this directory (default: a temporary one)
# Exits 1 when any run failed; the tables then say which.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
build=${1:-build-rel}

connections=${SCALE_CONNECTIONS:-100000}
repeat_a=${REPEAT_A:-1}
repeat=${REPEAT:-5}
b_connections=${B_CONNECTIONS:-"100 15000"}
b_requests=${B_REQUESTS:-500000}
b_duration=${B_DURATION:-15}
c_requests=${C_REQUESTS:-50000}
run_timeout=${RUN_TIMEOUT:-900}
sections=${SECTIONS:-"a b c"}
settings="SCALE_CONNECTIONS=$connections REPEAT_A=$repeat_a REPEAT=$repeat"
settings+=" B_CONNECTIONS='$b_connections' B_REQUESTS=$b_requests B_DURATION=$b_duration"
settings+=" C_REQUESTS=$c_requests SECTIONS='$sections'"
loadavg=$(cut -d' ' -f1-3 /proc/loadavg)

die() {
  echo "scale: $*" >&2
  exit 1
}

[ "$(nproc)" -ge 2 ] || die "needs two cores or more (client on CPU 0, mock on CPU 1)"
source "$here/setup.sh"
install_tools
build_release "$build"
bin="$build/src/cli/ringperf"
# wrk and h2load hold one descriptor per connection; Debian's default soft limit is 1024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
started=$SECONDS

if [ -n "${KEEP:-}" ]; then
  tmp=$(mkdir -p "$KEEP" && cd "$KEEP" && pwd)
else
  tmp=$(mktemp -d)
fi
results="$tmp/results.jsonl"
: >"$results"
source "$here/mock.sh"
trap 'stop_mocks; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

failures=0
# measure DIR PARSE-KIND [--tag K=V ...] -- COMMAND...: one measured run (measure.py).
measure() {
  local dir=$1 kind=$2
  shift 2
  local parse_path="$dir/art"
  case $kind in wrk | h2load | read_floor) parse_path="$dir/stdout" ;; gbench) parse_path="$dir/bench.json" ;; esac
  python3 "$here/measure.py" --results "$results" --dir "$dir" --timeout "$run_timeout" \
    --parse "$kind:$parse_path" "$@" || failures=$((failures + 1))
  check_mocks
  # The per-request export of a long run is large and no longer needed.
  [ -n "${KEEP:-}" ] || rm -f "$dir/art/profile_export.jsonl"
}

profile=(taskset -c 0 "$bin" profile --model m --tokenizer builtin --ui-type none)
source "$here/sections.sh"
for section in $sections; do
  case $section in
    a | b | c) "section_$section" ;;
    *) die "SECTIONS: no section '$section' (a, b, c)" ;;
  esac
done

label=""
if [ "$connections" -lt 100000 ] || [ "$repeat" -lt 5 ] || [ "$b_requests" -lt 500000 ] ||
   [ "$b_connections" != "100 15000" ] || [ "$c_requests" -lt 50000 ] ||
   [ "$sections" != "a b c" ]; then
  label="Small-scale test run of the script (settings below), not figures of record: a full run replaces this block."
fi
python3 "$here/report.py" table "$results" --tmp "$tmp" --meta label="$label" \
  --meta loadavg="$loadavg" --meta settings="$settings" \
  --meta minutes="$(((SECONDS - started + 30) / 60))" --meta nofile="$(ulimit -n)" \
  --meta ringperf="$("$bin" --version | head -1 | cut -d' ' -f2)" \
  --meta commit="$(git describe --always --dirty 2>/dev/null || echo unknown)" \
  --meta buildtype="$(build_type "$build")" \
  --meta wrk="$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)" \
  --meta h2load="$(h2load --version | head -1)" >"$tmp/table.md"
cat "$tmp/table.md"
if [ "${WRITE_DOC:-1}" != 0 ]; then
  python3 "$here/report.py" splice docs/performance.md "$tmp/table.md"
  echo "scale: tables written into docs/performance.md" >&2
fi
[ "$failures" -eq 0 ] || die "$failures run(s) failed (marked in the tables)"
