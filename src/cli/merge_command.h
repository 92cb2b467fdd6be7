// `ringperf merge DIR... -o OUT [--as shards|runs]`: combines the results of several runs
// from their state files (run_state.h) and .hlog files into one set of exports, as if one
// run had produced them (docs/metrics.md, "Merging runs").
#pragma once

#include <string>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/export/summary_report.h"

namespace ringperf::cli {

enum class merge_mode {
    // Parts of one run that ran at the same time (several machines or processes): the
    // benchmark duration is max response end - min request start over all of them.
    shards,
    // Repeated runs one after another: the duration is the sum of the runs' durations.
    runs,
};

struct merge_request {
    std::vector<std::string> dirs;  // artifact directories of the runs (or of earlier merges)
    std::string out;                // output directory, created when missing
    merge_mode mode = merge_mode::shards;
    std::string cli_command;  // for the exports' cli_command
};

struct merge_outcome {
    exporter::run_summary summary;
    exporter::export_paths paths;
};

// Loads every dir's hlog/state.json, merges the metric sets, and writes into `out`: the
// summary JSON and CSV (the writers a run uses), hlog/<metric>.hlog merged per interval
// (aligned by absolute time), hlog/state.json of the merge (so merges compose), and the dirs'
// per-request JSONL files concatenated. Errors name the directory and file: a missing or
// unreadable state file, an unsupported state version, different export prefixes.
result<merge_outcome> merge_runs(const merge_request& req);

// The command line: parses `args` and prints the console report; returns the exit code.
int run_merge(const std::vector<std::string>& args);

}  // namespace ringperf::cli
