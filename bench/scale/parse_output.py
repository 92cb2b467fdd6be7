"""Readers for what each measured tool leaves behind (bench/scale/run.sh).

Every reader returns a dict with at least "completed" (responses that count) and "errors";
it raises ValueError naming the file when the output lacks what it needs, so that a run
whose output cannot be read is reported as failed rather than as zero.
"""

import json
import re


def _stat(doc, key, default=None):
    v = doc.get(key)
    if v is None:
        if default is None:
            raise ValueError(f"profile_export_aiperf.json has no {key!r}")
        return default
    return v["avg"] if isinstance(v, dict) else v


def peak_open(jsonl_path):
    """Most requests open at once: max overlap of [request_start_ns, request_end_ns]."""
    edges = []
    with open(jsonl_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            meta = json.loads(line).get("metadata", {})
            start, end = meta.get("request_start_ns"), meta.get("request_end_ns")
            if start is None or end is None:
                continue
            edges.append((start, 1))
            edges.append((end, -1))
    # At equal times the end sorts first (-1 < 1): touching intervals do not overlap.
    edges.sort()
    open_now = peak = 0
    for _, step in edges:
        open_now += step
        peak = max(peak, open_now)
    return peak, len(edges) // 2


def ringperf(artifact_dir, want_peak=False):
    with open(f"{artifact_dir}/profile_export_aiperf.json", encoding="utf-8") as f:
        doc = json.load(f)
    out = {
        "completed": int(_stat(doc, "request_count")),
        "errors": int(_stat(doc, "error_request_count", 0)),
        "cancelled": bool(doc.get("was_cancelled", False)),
        "usage_completion_tokens": int(_stat(doc, "total_usage_completion_tokens", 0)),
    }
    if want_peak:
        out["peak_open"], out["records"] = peak_open(f"{artifact_dir}/profile_export.jsonl")
        out["plan"] = plan_lines(f"{artifact_dir}/logs/ringperf.log")
    return out


def plan_lines(log_path):
    """The log lines in which ringperf says how many workers and which source addresses
    it chose, without their time stamps."""
    keep = []
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if " workers on " in line or "source addresses" in line:
                keep.append(line.split(None, 2)[-1].strip())
    return keep


def wrk(stdout_path):
    text = open(stdout_path, encoding="utf-8", errors="replace").read()
    m = re.search(r"^\s*(\d+) requests in ([\d.]+)(\w+)", text, re.M)
    if not m:
        raise ValueError(f"{stdout_path}: no 'N requests in' line from wrk")
    responses = int(m.group(1))
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    socket_errors = sum(int(x) for x in sock.groups()) if sock else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    bad = int(non2xx.group(1)) if non2xx else 0
    return {
        "completed": responses - bad,
        "errors": socket_errors + bad,
        "socket_errors": sock.group(0) if sock else "none",
    }


def h2load(stdout_path):
    text = open(stdout_path, encoding="utf-8", errors="replace").read()
    m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, "
                  r"(\d+) failed, (\d+) errored, (\d+) timeout", text)
    if not m:
        raise ValueError(f"{stdout_path}: no 'requests: ...' summary line from h2load")
    total, ok = int(m.group(1)), int(m.group(4))
    # "failed" already includes "errored" and "timeout"; requests never done count too.
    return {"completed": ok, "errors": total - ok}


def gbench(json_path):
    """items_per_second of every repetition, per benchmark argument (read size)."""
    with open(json_path, encoding="utf-8") as f:
        doc = json.load(f)
    per_size = {}
    for b in doc.get("benchmarks", []):
        if b.get("run_type") != "iteration":
            continue
        if b.get("error_occurred"):
            raise ValueError(f"{json_path}: {b['name']}: {b.get('error_message')}")
        size = b["name"].split("/")[1]
        per_size.setdefault(size, []).append(b["items_per_second"])
    if not per_size:
        raise ValueError(f"{json_path}: no benchmark repetitions")
    return {"completed": sum(len(v) for v in per_size.values()), "errors": 0,
            "items_per_second": per_size}


def read_floor(stdout_path):
    """read_floor's one JSON line; it exits 1 on any failed answer, so errors are 0."""
    with open(stdout_path, encoding="utf-8", errors="replace") as f:
        lines = [line for line in f if line.startswith("{")]
    if not lines:
        raise ValueError(f"{stdout_path}: no JSON line from read_floor")
    doc = json.loads(lines[-1])
    return {"completed": doc["completed"], "errors": 0, "reads": doc["reads"]}


def parse(kind, path):
    """kind is ringperf, ringperf+peak, wrk, h2load, read_floor or gbench."""
    if kind == "ringperf":
        return ringperf(path)
    if kind == "ringperf+peak":
        return ringperf(path, want_peak=True)
    if kind == "wrk":
        return wrk(path)
    if kind == "h2load":
        return h2load(path)
    if kind == "read_floor":
        return read_floor(path)
    if kind == "gbench":
        return gbench(path)
    raise ValueError(f"unknown output kind {kind!r}")
