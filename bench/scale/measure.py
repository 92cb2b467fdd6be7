"""Runs one measured command and appends one JSON line about it to a results file.

    measure.py --results FILE --dir RUNDIR [--timeout S] [--parse KIND:PATH]
               [--tag KEY=VALUE ...] -- COMMAND...
    measure.py --results FILE --record-only [--tag KEY=VALUE ...] [-- COMMAND...]

--record-only writes the tags and the command (e.g. a server's) without running anything.

The command's stdout and stderr go to RUNDIR/stdout and RUNDIR/stderr. Its own resource
usage comes from wait4() on it alone (user and system CPU seconds, peak RSS), so only that
process is counted (taskset execs the tool, so the tool is the child). After it exits, the
output named by --parse (parse_output.py) supplies the counts. The line records the exit
status; a run that exits non-zero, times out or leaves unreadable output is marked
"failed" with the reason, and this script then exits 1 (after writing the line).
"""

import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import time

import parse_output


def run(cmd, rundir, timeout_s):
    out = open(os.path.join(rundir, "stdout"), "wb")
    err = open(os.path.join(rundir, "stderr"), "wb")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err)
    alarms = [0]

    def on_alarm(_sig, _frame):
        # SIGINT first (ringperf then writes what it has so far); SIGKILL 30 s later.
        alarms[0] += 1
        os.kill(proc.pid, signal.SIGINT if alarms[0] == 1 else signal.SIGKILL)
        signal.alarm(30)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(max(1, int(timeout_s)))
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    signal.alarm(0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.close()
    err.close()
    return {
        "rc": proc.returncode,
        "timed_out": alarms[0] > 0,
        "user_s": ru.ru_utime,
        "sys_s": ru.ru_stime,
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "maxrss_kb": ru.ru_maxrss,
        "wall_s": wall,
    }


def append(path, rec):
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(rec) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--dir")
    ap.add_argument("--record-only", action="store_true")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--parse")
    ap.add_argument("--tag", action="append", default=[])
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    rec = dict(kv.split("=", 1) for kv in a.tag)
    rec["cmd"] = cmd
    if a.record_only:
        append(a.results, rec)
        return 0
    if not cmd or not a.dir:
        ap.error("a measured run needs --dir and a command after --")
    os.makedirs(a.dir, exist_ok=True)
    rec["dir"] = a.dir
    rec["started"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    rec.update(run(cmd, a.dir, a.timeout))
    failure = None
    if rec["timed_out"]:
        failure = f"timed out after {a.timeout:.0f} s"
    elif rec["rc"] != 0:
        failure = f"exit status {rec['rc']}"
    if a.parse:
        kind, path = a.parse.split(":", 1)
        try:
            rec.update(parse_output.parse(kind, path))
        except (OSError, ValueError, KeyError) as e:
            failure = failure or f"unreadable output: {e}"
        if not failure and rec.get("completed") == 0:
            failure = "no request completed"
    rec["failed"] = failure
    append(a.results, rec)
    tags = " ".join(a.tag)
    if failure:
        tail = open(os.path.join(a.dir, "stderr"), errors="replace").read()[-2000:]
        print(f"FAILED {tags}: {failure}\n  command: {' '.join(cmd)}\n{tail}", file=sys.stderr)
        return 1
    print(f"  {tags}: {rec['cpu_s']:.2f} s CPU ({rec['user_s']:.2f} user), "
          f"{rec['wall_s']:.1f} s wall, {rec.get('completed', '-')} done, "
          f"{rec.get('errors', '-')} errors, peak RSS {rec['maxrss_kb'] / 1024:.0f} MiB",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
