# shellcheck shell=bash disable=SC2154
# Sourced by run.sh: the three measurements. Each starts its own mock(s) and stops them.
# Uses run.sh's settings ($connections, $repeat, ...), $profile, $tmp and measure().

# (a) `connections` streaming requests held open at once, and the same command at 100
# connections for the baseline RSS.
section_a() {
  echo "== (a) $connections streaming requests held open ($repeat_a run(s) + baseline)" >&2
  # The mock chooses its workers for this many connections itself, and a worker whose
  # connections are full passes new ones to the others' listeners.
  start_mock a --max-connections "$connections" --ttft 1000 --itl 10000
  local rep
  for rep in $(seq "$repeat_a"); do
    a_run scale "$connections" "$rep"
    a_run base 100 "$rep"
  done
  stop_mocks
}

a_run() {  # role, connections, rep
  measure "$tmp/a-$1-$3" ringperf+peak --tag section=a --tag role="$1" --tag conns="$2" \
    --tag rep="$3" -- "${profile[@]}" --url "$(mock_url a)" --concurrency "$2" \
    --request-count "$2" --streaming --isl 16 --osl 6 --extra-inputs ignore_eos:true \
    --artifact-dir "$tmp/a-$1-$3/art"
}

# (b) small non-streamed answers over keep-alive: ringperf, wrk, h2load and ringperf's
# start-up run, interleaved, at each of b_connections.
section_b() {
  echo "== (b) non-streamed chat over keep-alive: ringperf, wrk, h2load x $repeat" >&2
  start_mock b --workers 1 --ttft 0 --itl 0
  capture_body "$(mock_url b)"
  local conns rep
  for conns in $b_connections; do
    for rep in $(seq "$repeat"); do
      b_round "$(mock_url b)" "$conns" "$rep"
    done
  done
  stop_mocks
}

# Writes $tmp/body.json: the body ringperf sends (its first request, from inputs.json), for
# wrk and h2load to send too.
capture_body() {
  "${profile[@]}" --url "$1" --workers 1 --concurrency 1 --request-count 1 --isl 16 \
    --osl 1 --extra-inputs ignore_eos:true --artifact-dir "$tmp/body-run" \
    >"$tmp/body-run.log" 2>&1 ||
    { cat "$tmp/body-run.log" >&2; die "the run that captures the request body failed"; }
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.stdout.write(json.dumps(d["data"][0]["payloads"][0], separators=(",", ":")))' \
    "$tmp/body-run/inputs.json" >"$tmp/body.json"
}

b_round() {  # url, connections, rep
  local url=$1 conns=$2 d="$tmp/b-$2-$3"
  local agent tags=(--tag section=b --tag conns="$2" --tag rep="$3")
  agent="ringperf/$("$bin" --version | head -1 | cut -d' ' -f2)"
  measure "$d-ringperf" ringperf "${tags[@]}" --tag tool=ringperf -- "${profile[@]}" \
    --url "$url" --workers 1 --concurrency "$conns" --request-count "$b_requests" \
    --isl 16 --osl 1 --extra-inputs ignore_eos:true --artifact-dir "$d-ringperf/art"
  SCALE_BODY="$tmp/body.json" SCALE_AGENT="$agent" measure "$d-wrk" wrk "${tags[@]}" \
    --tag tool=wrk --tag env="SCALE_BODY=$tmp/body.json SCALE_AGENT=$agent" -- \
    taskset -c 0 wrk -t1 -c"$conns" -d"${b_duration}s" --timeout 30s \
    -s bench/scale/post.lua "$url/v1/chat/completions"
  measure "$d-h2load" h2load "${tags[@]}" --tag tool=h2load -- taskset -c 0 h2load --h1 \
    -t1 -c"$conns" -n"$b_requests" -d "$tmp/body.json" -H "content-type: application/json" \
    -H "user-agent: $agent" -H "x-request-id: 00000000-0000-4000-8000-000000000000" \
    -H "x-correlation-id: 00000000-0000-4000-8000-000000000001" "$url/v1/chat/completions"
  measure "$d-startup" ringperf "${tags[@]}" --tag tool=ringperf-startup -- \
    "${profile[@]}" --url "$url" --workers 1 --concurrency "$conns" \
    --request-count "$conns" --isl 16 --osl 1 --extra-inputs ignore_eos:true \
    --artifact-dir "$d-startup/art"
}

# (c) streamed answers at ITL 0, as the mock writes them and with each event in its own TCP
# segment (--segment-per-token): ringperf, its start-up run and read_floor (the kernel's
# share: a client that only reads); then receive_bench on CPU 1.
section_c() {
  echo "== (c) streamed chat at ITL 0, 100 connections x $repeat; receive_bench" >&2
  local segs=(0 1) rep seg
  start_mock c0 --workers 1 --ttft 0 --itl 0
  start_mock c1 --workers 1 --ttft 0 --itl 0 --segment-per-token
  for rep in $(seq "$repeat"); do
    for seg in "${segs[@]}"; do
      c_run ringperf "$c_requests" "$seg" "$rep"
      c_run ringperf-startup 100 "$seg" "$rep"
      c_floor "$seg" "$rep"
    done
  done
  stop_mocks
  mkdir -p "$tmp/receive"
  measure "$tmp/receive" gbench --tag section=c --tag tool=receive_bench -- taskset -c 1 \
    "$build/bench/receive/receive_bench" --benchmark_repetitions="$repeat" \
    --benchmark_out="$tmp/receive/bench.json" --benchmark_out_format=json
}

c_run() {  # tool, requests, seg, rep
  local d="$tmp/c-$1-$3-$4"
  measure "$d" ringperf --tag section=c --tag tool="$1" --tag seg="$3" --tag osl=64 \
    --tag rep="$4" -- "${profile[@]}" --url "$(mock_url "c$3")" --workers 1 --streaming \
    --concurrency 100 --request-count "$2" --isl 16 --osl 64 --extra-inputs ignore_eos:true \
    --artifact-dir "$d/art"
}

c_floor() {  # seg, rep
  local d="$tmp/c-floor-$1-$2"
  measure "$d" read_floor --tag section=c --tag tool=read_floor --tag seg="$1" --tag osl=64 \
    --tag rep="$2" -- taskset -c 0 "$build/bench/scale/read_floor" \
    "$(cat "$tmp/mock-c$1.port")" 100 "$c_requests" 64
}
