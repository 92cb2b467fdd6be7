// Runs an invocation_plan (invocation.h): its benchmarks in order with the cooldowns
// between them, the aggregate of each repeated point (export/aggregate.h) and the sweep
// summary (sweep_summary.h).
//
// Stopping: the first benchmark that does not end with exit_ok (fatal error, no successful
// request, set-up error, Ctrl-C) ends the invocation. Its own files are written by the
// benchmark; the orchestrator then writes what completed: the point's aggregate over its
// successful runs (the stopped run and the runs never started listed in failed_runs) and the
// sweep summary (later values "not_run"). The exit code is that benchmark's. A stop request
// seen during a cooldown or between benchmarks ends the invocation the same way with
// exit_interrupted. Failing to write an aggregate or the sweep summary gives exit_fatal when
// the benchmarks succeeded.
#pragma once

#include <cstdio>
#include <functional>

#include "invocation.h"
#include "ringperf/config/config.h"
#include "single_run.h"

namespace ringperf::cli {

// What the orchestrator calls out to; tests replace every member.
struct orchestrator_hooks {
    // Runs one benchmark (run_once in the real command).
    std::function<run_outcome(const planned_run&)> run;
    // True once the user asked to stop (SIGINT/SIGTERM).
    std::function<bool()> stop_requested;
    // Waits `seconds`, returning early when a stop is requested.
    std::function<void(double seconds)> cooldown;
    // Receives the aggregate and sweep tables (stdout in the real command).
    std::FILE* console = stdout;
};

// Runs every benchmark of `inv` and returns the process exit code (exit_codes.h).
int execute(const invocation_plan& inv, const orchestrator_hooks& hooks);

// `ringperf profile` after parsing: expands the plan (exit_usage on error), runs the
// pre-flight once (exit_unreachable), installs the stop signals, then execute()s with
// run_once, the signals and a cooldown that wakes up on them.
int orchestrate(const config::run_plan& plan);

}  // namespace ringperf::cli
