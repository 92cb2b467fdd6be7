#!/usr/bin/env python3
"""Effect of each io_uring feature on ringperf's client CPU, one feature turned off at a time.

Against `ringperf mock --workers 1 --ttft 0 --itl 0` pinned to CPU 1, `ringperf profile
--workers 1` pinned to CPU 0 runs two workloads with every --io-uring-disable setting,
interleaved, REPEAT times each:
  requests: non-streamed chat, max_tokens 1, 100 connections (CPU us per request);
  events:   streamed chat, 64 tokens at ITL 0, 1,000 connections (CPU us per content event).
CPU is getrusage user+sys of the profile process, start-up included (a run of the same
command with 100 requests is measured too and its CPU subtracted, so the figures are per
unit of steady state). Prints a Markdown table of medians and spreads.

    bench/features/run.py [build-dir]     (default build-rel, release; REPEAT=5)
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = sys.argv[1] if len(sys.argv) > 1 else "build-rel"
REPEAT = int(os.environ.get("REPEAT", "5"))
BIN = os.path.join(ROOT, BUILD, "src/cli/ringperf")

SETTINGS = [
    ("all features", []),
    ("no defer_taskrun (coop_taskrun)", ["defer_taskrun"]),
    ("no single_issuer, defer or coop (plain ring)", ["single_issuer", "coop_taskrun"]),
    ("no multishot_recv", ["multishot_recv"]),
    ("no buf_ring (classic provided buffers)", ["buf_ring"]),
    ("no direct_descriptors", ["direct_descriptors"]),
    ("no batching (one SQE per enter)", ["batching"]),
]

WORKLOADS = {
    "requests": (["--concurrency", "100", "--request-count", "150000", "--isl", "16",
                  "--osl", "1"], 1),
    "events": (["--streaming", "--concurrency", "1000", "--request-count", "6000", "--isl",
                "16", "--osl", "64"], 64),
}


def build():
    if not os.path.exists(os.path.join(ROOT, BUILD, "build.ninja")):
        subprocess.run(["meson", "setup", os.path.join(ROOT, BUILD), "-Dbuildtype=release",
                        "-Dtests=false"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", os.path.join(ROOT, BUILD), "src/cli/ringperf"], check=True,
                   stdout=subprocess.DEVNULL)


def cpu_of(argv):
    """Runs argv to completion; returns the user+sys seconds of that child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def profile(url, tmp, args, disable, count=None):
    art = tempfile.mkdtemp(dir=tmp)
    argv = ["taskset", "-c", "0", BIN, "profile", "--url", url, "--model", "m", "--tokenizer",
            "builtin", "--ui-type", "none", "--workers", "1", "--artifact-dir", art,
            "--extra-inputs", "ignore_eos:true"] + args
    if count is not None:
        i = argv.index("--request-count")
        argv[i + 1] = str(count)
    if disable:
        argv += ["--io-uring-disable", ",".join(disable)]
    cpu = cpu_of(argv)
    doc = json.load(open(os.path.join(art, "profile_export_aiperf.json")))
    done = doc["request_count"]["avg"]
    errors = doc.get("error_request_count", {}).get("avg", 0)
    if errors:
        raise SystemExit(f"{disable}: {errors} failed requests")
    subprocess.run(["rm", "-rf", art], check=True)
    return cpu, done


def main():
    build()
    tmp = tempfile.mkdtemp()
    port_file = os.path.join(tmp, "port")
    mock = subprocess.Popen(["taskset", "-c", "1", BIN, "mock", "--port", "0", "--port-file",
                             port_file, "--workers", "1", "--ttft", "0", "--itl", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        url = "http://127.0.0.1:" + open(port_file).read().strip()
        results = {}
        for name, (args, per) in WORKLOADS.items():
            base = {}
            for label, disable in SETTINGS:
                base[label] = statistics.median(
                    profile(url, tmp, args, disable, count=100)[0] for _ in range(3))
            for _ in range(REPEAT):
                for label, disable in SETTINGS:
                    cpu, done = profile(url, tmp, args, disable)
                    units = (done - 100) * per
                    results.setdefault((name, label), []).append((cpu - base[label]) / units * 1e6)
        print_table(results)
    finally:
        mock.terminate()
        mock.wait()


def print_table(results):
    print(f"REPEAT={REPEAT}, {time.strftime('%Y-%m-%d')}, kernel {os.uname().release}\n")
    print("| setting | µs CPU per request (100 conns) | vs all | µs CPU per event (1,000 "
          "streams) | vs all |")
    print("|---|---|---|---|---|")
    base = {w: statistics.median(results[(w, SETTINGS[0][0])]) for w in WORKLOADS}
    for label, _ in SETTINGS:
        cells = []
        for w in WORKLOADS:
            vals = results[(w, label)]
            med = statistics.median(vals)
            cells.append(f"{med:.2f} ({min(vals):.2f}–{max(vals):.2f})")
            cells.append(f"{(med / base[w] - 1) * 100:+.0f} %")
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
