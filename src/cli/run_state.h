// A run's state file, <artifact dir>/hlog/state.json: everything `ringperf merge` needs to
// rebuild the run's metric_set exactly (metric_set::save_state) plus what the merged exports
// need from the run (export prefix, time window, configuration). Written next to the .hlog
// files because the two together are what a merge reads (docs/metrics.md).
//
//   {"format": "ringperf-run-state", "version": 1, "ringperf_version": "...",
//    "profile_export_prefix": "", "start_ns": ..., "end_ns": ..., "was_cancelled": false,
//    "duration_s": 12.5 | null, "hlog_interval_s": 1.0, "sources": ["dir", ...],
//    "input_config": {...}, "metrics": {metric_set::save_state()}}
//
// duration_s: the benchmark duration the set reports (max response end - min request start
// for a run; the sum of the runs' durations for a merge of repeated runs).
#pragma once

#include <string>
#include <vector>

#include "ringperf/base/clock.h"
#include "ringperf/base/result.h"
#include "ringperf/config/config.h"
#include "ringperf/export/summary_report.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::cli {

inline constexpr int run_state_version = 1;
inline constexpr const char* run_state_file = "hlog/state.json";

// Everything in the file but the metric set.
struct run_state_info {
    std::string ringperf_version;
    std::string profile_export_prefix;
    wall_ns start_ns = 0, end_ns = 0;
    bool was_cancelled = false;
    double hlog_interval_s = 1;
    std::vector<std::string> sources;  // the directories a merge came from; empty for a run
    std::string input_config_json;     // a JSON object, "{}" when unknown
};

struct run_state {
    run_state_info info;
    metrics::metric_set metrics;
};

// The info of a run of `plan` whose summary is `s`.
run_state_info run_state_info_for(const config::run_plan& plan, const exporter::run_summary& s);

std::string render_run_state(const run_state_info& info, const metrics::metric_set& set);
// Writes <dir>/hlog/state.json atomically; the error names the file.
result<void> write_run_state(const std::string& dir, const run_state_info& info,
                             const metrics::metric_set& set);
// Reads <dir>/hlog/state.json. Errors name the file: missing, not JSON, another format or
// version, or a metric set that does not load.
result<run_state> read_run_state(const std::string& dir);

}  // namespace ringperf::cli
