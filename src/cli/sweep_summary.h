// The sweep summary: one row per swept value with the key metrics and where its files are,
// written as <sweep dir>/sweep_summary.json and sweep_summary.csv and shown as a compact
// console table. The schema is documented in docs/sweeps.md.
//
// Everything here is a pure function of its arguments except write_sweep_summary().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "invocation.h"
#include "ringperf/base/result.h"
#include "ringperf/export/aggregate.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::cli {

// The key metrics of a row, in column order. A row's value of a "mean" key is the mean over
// the point's successful runs of that run's value (the run's avg, p50 or p99); the two count
// keys are totals over those runs (a run without errors counts 0).
struct sweep_metric {
    const char* key;  // "time_to_first_token_p99"
    metrics::metric_id id;
    exporter::summary_stat stat;  // avg for single-value metrics and for the totals
    bool total;                   // a count summed over the runs
};
inline constexpr std::size_t sweep_metric_count = 13;
extern const std::array<sweep_metric, sweep_metric_count> sweep_metrics;

using sweep_values = std::array<std::optional<double>, sweep_metric_count>;

// The key metrics over `runs` (each a run's summary; infos must be set). A mean key is absent
// when no run has a finite value for it; with no runs every key is absent.
sweep_values compute_sweep_values(const std::vector<std::vector<metrics::metric_result>>& runs);

enum class point_status {
    completed,    // every run completed and succeeded
    failed,       // a run failed (fatal error, no successful request, set-up error)
    interrupted,  // SIGINT/SIGTERM during one of its runs or before it started
    not_run,      // the invocation stopped before this value
};
// "completed", "failed", "interrupted", "not_run".
const char* point_status_name(point_status s);

struct sweep_row {
    std::size_t index = 0;
    double value = 0;
    std::string label;         // the value's stimulus label
    std::string artifact_dir;  // relative to the sweep directory
    std::optional<std::uint64_t> seed;
    point_status status = point_status::not_run;
    int exit_code = 0;                // the point's: its first failed run's code, or 0
    std::size_t runs = 0;             // runs planned for the value
    std::size_t successful_runs = 0;  // runs the metrics come from
    sweep_values metrics;
};

struct sweep_summary {
    sweep_parameter parameter = sweep_parameter::concurrency;
    std::size_t num_profile_runs = 1;
    int exit_code = 0;            // the invocation's
    std::vector<sweep_row> rows;  // every planned value, in sweep order

    bool completed() const;  // every row completed
};

inline constexpr const char* sweep_schema_version = "1.0";

// sweep_summary.json, compact, ending with '\n':
//   {"schema_version", "ringperf_version", "parameter", "num_values", "num_profile_runs",
//    "completed", "exit_code", "units": {<key>: <display unit>, ...},
//    "points": [{"index", "value", "label", "status", "exit_code", "seed", "runs",
//                "successful_runs", "artifact_dir", "metrics": {<key>: number|null, ...}}]}
// Concurrency values, counts and seeds are integers; rates and metric means are written as
// Python's repr(float) ("5.0"); absent values and an unset seed are null.
std::string render_sweep_json(const sweep_summary& s);

// sweep_summary.csv: the header
// "index,<parameter>,label,status,exit_code,seed,runs,successful_runs,<keys...>,artifact_dir"
// and one row per point; means with two decimals, counts as integers, absent values empty.
// RFC 4180 quoting; lines end with "\r\n".
std::string render_sweep_csv(const sweep_summary& s);

// A compact plain-text table for the end of the console output: the title
// "ringperf | Sweep over <parameter> (<n> values[, mean of N runs each])", then one line per
// point: value, status, request/s, output tokens/s, TTFT p50 and p99, ITL p50 and p99,
// request latency p99 (ms), errors; columns right-aligned and separated by two spaces;
// absent values "-". Ends with '\n'.
std::string render_sweep_console(const sweep_summary& s);

struct sweep_paths {
    std::string json;  // <dir>/sweep_summary.json
    std::string csv;   // <dir>/sweep_summary.csv
};
sweep_paths make_sweep_paths(const std::string& sweep_dir);

// Writes both files atomically, creating the directory. The error names the file.
result<void> write_sweep_summary(const sweep_summary& s, const sweep_paths& paths);

}  // namespace ringperf::cli
