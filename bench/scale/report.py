"""Turns the results of bench/scale/run.sh into Markdown, and puts it into a document.

    report.py table RESULTS.jsonl --tmp DIR [--meta KEY=VALUE ...] > FRAGMENT.md
    report.py splice DOC.md FRAGMENT.md

`table` reads the JSON lines measure.py wrote (one per run) and prints the tables: medians
with the min–max spread, every figure computed from the runs. A group of runs in which some
failed says so in its "runs" cell; a group in which all failed says "all runs failed"
instead of a number. `splice` replaces what lies between the lines
`<!-- scale-table:begin -->` and `<!-- scale-table:end -->` of DOC.md and nothing else.
"""

import argparse
import json
import os
import re
import shlex
import statistics
import sys

BEGIN = "<!-- scale-table:begin -->"
END = "<!-- scale-table:end -->"


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def select(recs, **tags):
    return [r for r in recs if all(str(r.get(k)) == str(v) for k, v in tags.items())]


def ok_runs(group):
    return [r for r in group if not r.get("failed") and "cpu_s" in r]


def runs_cell(group):
    bad = [r["failed"] for r in group if r.get("failed")]
    if not bad:
        return str(len(group))
    return f"{len(group) - len(bad)} of {len(group)} (failed: {'; '.join(sorted(set(bad)))})"


def spread(values, fmt="{:.2f}"):
    """'median (min–max)', or the one value, or the failure note."""
    if not values:
        return "all runs failed"
    med = fmt.format(statistics.median(values))
    if len(values) == 1:
        return med
    return f"{med} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def median_or_none(values):
    return statistics.median(values) if values else None


def per_unit_us(runs, field, units):
    return [r[field] / units(r) * 1e6 for r in runs if units(r) > 0]


def mib(kb):
    return kb / 1024


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return len(os.sched_getaffinity(0)), os.uname().release, cpu


def show_cmd(cmd, tmp):
    text = shlex.join(cmd)
    if tmp:
        text = text.replace(tmp.rstrip("/"), "<tmp>")
    return re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:<port>", text)


def header(recs, meta):
    started = sorted(r["started"] for r in recs if r.get("started"))
    nproc, kernel, cpu = machine()
    out = []
    if meta.get("label"):
        out.append(f"**{meta['label']}**\n")
    period = f"{started[0]} to {started[-1]} (run starts, UTC)" if started else "no runs"
    out.append(f"Written by `bench/scale/run.sh`; runs from {period}.")
    out.append(f"Machine: nproc {nproc}, kernel {kernel}, CPU {cpu}; load average "
               f"{meta.get('loadavg', '?')} when the script started; RLIMIT_NOFILE "
               f"{meta.get('nofile', '?')}. The measurements took {meta.get('minutes', '?')} "
               f"min.")
    out.append(f"Software: ringperf {meta.get('ringperf', '?')} (commit {meta.get('commit', '?')}, "
               f"{meta.get('buildtype', '?')} build), {meta.get('wrk', 'wrk ?')}, "
               f"{meta.get('h2load', 'h2load ?')}. Settings: {meta.get('settings', '?')}.")
    return out


def section_a(recs):
    scale = select(recs, section="a", role="scale")
    base = select(recs, section="a", role="base")
    if not scale and not base:
        return []
    base_rss = median_or_none([r["maxrss_kb"] for r in ok_runs(base)])
    out = ["", "**(a) Streaming chat requests held open at once** (TTFT 1 s, ITL 10 s, 6 "
           "output tokens: each request stays open ~51 s)", "",
           "| connections | runs | completed | errors | peak open at once | client CPU "
           "(user+sys) s | CPU µs per request | client peak RSS MiB | peak RSS per "
           "connection KiB | (peak RSS − RSS at 100) per connection KiB | wall s |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for group in (scale, base):
        if not group:
            continue
        runs = ok_runs(group)
        conns = int(group[0]["conns"])
        row = [f"{conns:,}" + (" (baseline)" if group is base else ""), runs_cell(group),
               spread([r["completed"] for r in runs], "{:,.0f}"),
               spread([r["errors"] for r in runs], "{:,.0f}"),
               spread([r["peak_open"] for r in runs], "{:,.0f}"),
               spread([r["cpu_s"] for r in runs]),
               spread(per_unit_us(runs, "cpu_s", lambda r: r["completed"]), "{:.1f}"),
               spread([mib(r["maxrss_kb"]) for r in runs], "{:.1f}")]
        if group is base:
            row += ["—", "—"]
        else:
            row.append(spread([r["maxrss_kb"] / conns for r in runs], "{:.2f}"))
            row.append("no baseline run" if base_rss is None else
                       spread([(r["maxrss_kb"] - base_rss) / conns for r in runs], "{:.2f}"))
        row.append(spread([r["wall_s"] for r in runs], "{:.1f}"))
        out.append("| " + " | ".join(row) + " |")
    peak = select(recs, section="mock-peak", name="a")
    if peak and scale:
        conns = int(scale[0]["conns"])
        hwm = int(peak[0]["hwm_kb"])
        out += ["", f"The mock (all its workers, one process) peaked at {mib(hwm):.1f} MiB "
                f"resident (VmHWM) over these runs: {hwm / conns:.2f} KiB per connection "
                f"of the {conns:,}."]
    plans = ok_runs(scale)
    if plans and plans[0].get("plan"):
        out += ["", "ringperf's own choices for the first of these runs (from its log):", ""]
        out += [f"- {line}" for line in plans[0]["plan"]]
    return out


def section_b(recs):
    b = select(recs, section="b")
    if not b:
        return []
    out = ["", "**(b) Small non-streamed chat responses over keep-alive** (mock TTFT 0, ITL 0; "
           "client CPU per completed response)", "",
           "| connections | client | runs | completed per run | errors (all runs) | CPU µs per "
           "request | of which user µs | ÷ wrk (medians) | peak RSS MiB | wall s |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    notes = []
    for conns in sorted({int(r["conns"]) for r in b}):
        meds = {}
        rows = []
        for tool in ("ringperf", "wrk", "h2load"):
            group = select(b, conns=conns, tool=tool)
            if not group:
                continue
            runs = ok_runs(group)
            cpu = per_unit_us(runs, "cpu_s", lambda r: r["completed"])
            meds[tool] = median_or_none(cpu)
            rows.append((tool, group, runs, cpu))
        for tool, group, runs, cpu in rows:
            ratio = "—"
            if meds.get(tool) is not None and meds.get("wrk"):
                ratio = f"{meds[tool] / meds['wrk']:.2f}"
            out.append("| " + " | ".join([
                f"{conns:,}", tool, runs_cell(group),
                spread([r["completed"] for r in runs], "{:,.0f}"),
                f"{sum(r['errors'] for r in runs):,}",
                spread(cpu), spread(per_unit_us(runs, "user_s", lambda r: r["completed"])),
                ratio, spread([mib(r["maxrss_kb"]) for r in runs], "{:.1f}"),
                spread([r["wall_s"] for r in runs], "{:.1f}")]) + " |")
        notes += startup_note(select(b, conns=conns, tool="ringperf-startup"),
                              select(b, conns=conns, tool="ringperf"), f"{conns:,} connections",
                              lambda r: r["completed"], "request")
    return out + [""] + notes


def startup_note(startup, full, what, units, unit_name):
    """The start-up runs (the same command with one request per connection) and the full
    runs' CPU per unit net of the median start-up: (CPU - start-up CPU) / (units - its
    units)."""
    if not startup:
        return []
    runs = ok_runs(startup)
    count = int(statistics.median(r["completed"] for r in runs)) if runs else 0
    line = (f"- {what}: ringperf start-up (the same command with --request-count {count:,}, "
            f"runs: {runs_cell(startup)}): "
            f"{spread([r['cpu_s'] * 1000 for r in runs], '{:.0f}')} ms CPU")
    full = ok_runs(full)
    if runs and full:
        s_cpu = statistics.median(r["cpu_s"] for r in runs)
        s_units = statistics.median(units(r) for r in runs)
        net = [(r["cpu_s"] - s_cpu) / (units(r) - s_units) * 1e6 for r in full
               if units(r) > s_units]
        line += f"; ringperf's CPU per {unit_name} net of it: {spread(net)} µs"
    return [line + "."]


def events(r):
    """SSE content events of a streamed run: the server's completion tokens (the mock sends
    one SSE message per token), else requests x the requested output length."""
    return r.get("usage_completion_tokens") or r["completed"] * int(r["osl"])


def section_c(recs):
    c = select(recs, section="c", tool="ringperf")
    out = []
    notes = []
    if c:
        out += ["", "**(c) Streamed chat at ITL 0, 100 connections** (client CPU per SSE "
                "content event; events = the server-reported completion tokens, one SSE "
                "message each; read_floor is a client that only reads, the kernel's share)",
                "",
                "| mock | client | runs | requests per run | events per run | CPU µs per event "
                "| of which user µs | reads per event |", "|---|---|---|---|---|---|---|---|"]
        for seg in sorted({r.get("seg", "0") for r in c}):
            mock = "--segment-per-token" if seg == "1" else "default"
            for tool in ("ringperf", "read_floor"):
                group = select(recs, section="c", tool=tool, seg=seg)
                if not group:
                    continue
                runs = ok_runs(group)
                reads = "—"
                if tool == "read_floor":
                    reads = spread([r["reads"] / events(r) for r in runs], "{:.2f}")
                out.append("| " + " | ".join([
                    mock, tool, runs_cell(group),
                    spread([r["completed"] for r in runs], "{:,.0f}"),
                    spread([events(r) for r in runs], "{:,.0f}"),
                    spread(per_unit_us(runs, "cpu_s", events)),
                    spread(per_unit_us(runs, "user_s", events)), reads]) + " |")
            what = "--segment-per-token" if seg == "1" else "default mock"
            notes += startup_note(select(recs, section="c", tool="ringperf-startup", seg=seg),
                                  select(c, seg=seg), what, events, "event")
    if notes:
        out += [""] + notes
    rb = select(recs, section="c", tool="receive_bench")
    if rb:
        out += ["", "**receive_bench** (HTTP chunked → SSE → delta extraction on one pinned "
                "core; one value per Google Benchmark repetition)", "",
                "| read size | runs | events/s per core | ns per event |", "|---|---|---|---|"]
        runs = ok_runs(rb)
        sizes = sorted({int(s) for r in runs for s in r["items_per_second"]})
        for size in sizes:
            vals = [v for r in runs for v in r["items_per_second"].get(str(size), [])]
            label = f"{size // 1024} KiB" if size >= 1024 else f"{size} B"
            out.append(f"| {label} | {len(vals)} | {spread([v / 1e6 for v in vals])} M | "
                       f"{spread([1e9 / v for v in vals], '{:.0f}')} |")
        if not runs:
            out.append(f"| all | {runs_cell(rb)} | all runs failed | — |")
    return out


def commands(recs, tmp):
    seen, out = set(), []
    for r in recs:
        if not r.get("cmd"):
            continue
        key = (r.get("section"), r.get("tool"), r.get("role"), r.get("conns"), r.get("seg"))
        if key in seen:
            continue
        seen.add(key)
        env = (r["env"].replace(tmp.rstrip("/"), "<tmp>") + " ") if r.get("env") else ""
        out.append(env + show_cmd(r["cmd"], tmp))
    return ["", "Commands, first run of each kind (ports and temporary paths as "
            "placeholders; wrk's request counts use the duration instead):", "", "```sh"] + \
        out + ["```"]


def table(a):
    recs = load(a.results)
    meta = dict(kv.split("=", 1) for kv in a.meta)
    lines = header(recs, meta) + section_a(recs) + section_b(recs) + section_c(recs)
    lines += commands(recs, a.tmp)
    failed = [r for r in recs if r.get("failed")]
    if failed:
        lines += ["", f"**{len(failed)} run(s) failed**; see the cells marked above."]
    print("\n".join(lines))


def splice(a):
    with open(a.doc, encoding="utf-8") as f:
        doc = f.read().split("\n")
    with open(a.fragment, encoding="utf-8") as f:
        fragment = f.read().rstrip("\n").split("\n")
    if doc.count(BEGIN) != 1 or doc.count(END) != 1 or doc.index(BEGIN) > doc.index(END):
        sys.exit(f"report.py: {a.doc} needs exactly one line {BEGIN} followed by one line "
                 f"{END}")
    i, j = doc.index(BEGIN), doc.index(END)
    out = doc[:i + 1] + [""] + fragment + [""] + doc[j:]
    tmp = a.doc + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    os.replace(tmp, a.doc)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    t = sub.add_parser("table")
    t.add_argument("results")
    t.add_argument("--tmp", default="")
    t.add_argument("--meta", action="append", default=[])
    s = sub.add_parser("splice")
    s.add_argument("doc")
    s.add_argument("fragment")
    a = ap.parse_args()
    table(a) if a.what == "table" else splice(a)


if __name__ == "__main__":
    main()
