#!/usr/bin/env python3
"""Measurement fidelity: joins a client's raw export with the mock server's ground truth.

    compare.py GROUND_TRUTH.csv PROFILE_EXPORT_RAW.jsonl [--json OUT.json]

GROUND_TRUTH.csv is `ringperf mock --ground-truth` output (x_request_id, token_index,
mono_ns, wall_ns: per token, CLOCK_MONOTONIC right before the submit carrying it).
PROFILE_EXPORT_RAW.jsonl is `ringperf profile --export-level raw` output: per request its
X-Request-ID and every SSE message with perf_ns (CLOCK_MONOTONIC when its bytes arrived).

The mock sends one SSE message per token (a role-only message first, then finish, usage
and [DONE] messages, none of which carries a token), so the i-th message whose delta has
non-empty content (chat) or text (completions) holds token i. Several tokens sent in one
write arrive in one read and share a perf_ns; the ground truth stamps them with one time too.

Errors, in microseconds, client time - server time:
  ttft:   first content message's perf_ns - token 0's send time, one per request;
  tokens: perf_ns of the message holding token i - token i's send time, every token.
Prints median, p90, p99, p99.9 and max of |error| and of the signed error. Only the standard
library is used.
"""
import argparse
import csv
import json
import math
import sys


def percentile(sorted_values, p):
    """numpy.percentile with linear interpolation on an already sorted list."""
    if not sorted_values:
        return math.nan
    rank = p / 100.0 * (len(sorted_values) - 1)
    lo = math.floor(rank)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (rank - lo)


def read_truth(path):
    truth = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            truth.setdefault(row["x_request_id"], {})[int(row["token_index"])] = int(row["mono_ns"])
    return truth


def carries_token(text):
    if not text or text == "[DONE]":
        return False
    try:
        doc = json.loads(text)
    except ValueError:
        return False
    for choice in doc.get("choices") or []:
        delta = choice.get("delta")
        if isinstance(delta, dict) and delta.get("content"):
            return True
        if choice.get("text"):
            return True
    return False


def join(truth, raw_path, counts):
    ttft, tokens = [], []
    with open(raw_path) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("error") is not None:
                counts["failed"] += 1
                continue
            sent = truth.get(rec["metadata"]["x_request_id"])
            if sent is None:
                counts["unmatched"] += 1
                continue
            counts["requests"] += 1
            index = 0
            for msg in rec["responses"]:
                if not carries_token(msg["text"]):
                    continue
                if index not in sent:
                    counts["extra_messages"] += 1
                    index += 1
                    continue
                err_us = (msg["perf_ns"] - sent[index]) / 1000.0
                tokens.append(err_us)
                if index == 0:
                    ttft.append(err_us)
                index += 1
            if index < len(sent):
                counts["missing_tokens"] += len(sent) - index
    return ttft, tokens


def summary(values):
    s = sorted(values)
    a = sorted(abs(v) for v in values)
    pts = [("median", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9)]
    out = {"count": len(values)}
    out["abs"] = {name: percentile(a, p) for name, p in pts}
    out["abs"]["max"] = a[-1] if a else math.nan
    out["signed"] = {name: percentile(s, p) for name, p in pts}
    out["signed"]["min"] = s[0] if s else math.nan
    out["signed"]["max"] = s[-1] if s else math.nan
    return out


def print_table(name, stats):
    a, s = stats["abs"], stats["signed"]
    print(f"{name:7s} n={stats['count']}")
    print(f"  |error| us: median {a['median']:.1f}  p90 {a['p90']:.1f}  p99 {a['p99']:.1f}  "
          f"p99.9 {a['p99.9']:.1f}  max {a['max']:.1f}")
    print(f"  signed  us: min {s['min']:.1f}  median {s['median']:.1f}  p90 {s['p90']:.1f}  "
          f"p99 {s['p99']:.1f}  p99.9 {s['p99.9']:.1f}  max {s['max']:.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ground_truth")
    ap.add_argument("raw_jsonl")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    counts = {"requests": 0, "failed": 0, "unmatched": 0, "missing_tokens": 0,
              "extra_messages": 0}
    ttft, tokens = join(read_truth(args.ground_truth), args.raw_jsonl, counts)
    if not tokens:
        print("no token could be joined: " + json.dumps(counts), file=sys.stderr)
        return 1
    result = {"counts": counts, "ttft": summary(ttft), "tokens": summary(tokens)}
    print("joined: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print_table("ttft", result["ttft"])
    print_table("tokens", result["tokens"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
