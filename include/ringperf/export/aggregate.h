// Multi-run aggregation (`--num-profile-runs N`): N identical benchmarks, each writing its
// usual files into <artifact dir>/profile_runs/run_0001/ ..., then one summary over the runs
// with confidence intervals, in AIPerf's aggregate layout:
//   <artifact dir>/aggregate/profile_export_aiperf_aggregate.json
//   <artifact dir>/aggregate/profile_export_aiperf_aggregate.csv
//
// Keys. Every value of a run's summary becomes one key:
//   record metrics (with stats): "<tag>_<stat>" for stat in avg, min, max, p1, p5, p10, p25,
//     p50, p75, p90, p95, p99, std   (time_to_first_token_p99, request_latency_avg);
//   single-value metrics:        "<tag>_avg"   (request_throughput_avg, request_count_avg),
//     as AIPerf's JSON stores single values under "avg".
// A key is aggregated only when every successful run has a finite value for it; keys that
// some runs have and others lack (error_request_count appears only in runs with errors)
// are left out of "metrics" and named in metadata "omitted_metrics". The per-run epoch
// timestamps (min_request_timestamp, max_response_timestamp) are not aggregated: a mean of
// start times measures nothing.
//
// Statistics of a key over the n successful runs' values x_1..x_n (display units):
//   mean; std = sample standard deviation (n - 1; 0 when n = 1); min; max;
//   cv = std / |mean| (absent when mean == 0); se = std / sqrt(n);
//   t_critical = t_quantile(1 - alpha/2, n - 1) with alpha = 1 - confidence_level;
//   ci = mean -+ t_critical * se. With n = 1 there is no interval: t_critical, ci_low and
//   ci_high are absent (JSON null, empty CSV cell).
//
// Everything here is a pure function of its arguments (no I/O) except
// write_aggregate_files().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/export/summary_report.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::exporter {

// ---- Directory layout ----

// The label and directory name of run `index` (0-based): run_label(0) == "run_0001".
std::string run_label(std::size_t index);
// "<artifact_dir>/profile_runs/<run_label(index)>".
std::string profile_run_dir(std::string_view artifact_dir, std::size_t index);

struct aggregate_paths {
    std::string dir;   // <artifact_dir>/aggregate
    std::string json;  // <dir>/profile_export_aiperf_aggregate.json
    std::string csv;   // <dir>/profile_export_aiperf_aggregate.csv
};
// The names are fixed (not renamed by --profile-export-prefix), as AIPerf's are.
aggregate_paths make_aggregate_paths(std::string_view artifact_dir);

// ---- Aggregation ----

// The statistics a run's summary holds, in AIPerf's order.
enum class summary_stat : std::uint8_t {
    avg,
    min,
    max,
    p1,
    p5,
    p10,
    p25,
    p50,
    p75,
    p90,
    p95,
    p99,
    std
};
inline constexpr std::size_t summary_stat_count = 13;
// "avg", "min", ..., "p99", "std".
const char* summary_stat_name(summary_stat s);
// The value of `s` in `st`.
double summary_stat_value(const metrics::stats& st, summary_stat s);

struct failed_run {
    std::string label;  // run_label() of the run
    std::string error;  // why it produced no summary, as shown to the user
};

struct aggregate_input {
    // The summaries of the successful runs, in run order; every metric_result must point at a
    // live metric_info (see run_summary). Failed runs have no entry here.
    std::vector<std::vector<metrics::metric_result>> runs;
    std::vector<std::string> run_labels;  // one per entry of `runs`
    std::vector<failed_run> failed_runs;  // in run order
    double confidence_level = 0.95;       // --confidence-level, 0 < level < 1
    double cooldown_seconds = 0;          // --profile-run-cooldown-seconds, reported only
};

// One aggregated key. Values are in the metric's display unit (info->display_unit), except
// cv (a ratio) and t_critical (dimensionless).
struct aggregate_metric {
    std::string key;                             // "<tag>_<stat>"
    const metrics::metric_info* info = nullptr;  // the first successful run's
    summary_stat stat = summary_stat::avg;       // avg for single-value metrics
    bool has_stats = false;                      // from a record metric's stats
    double mean = 0, std = 0, min = 0, max = 0, se = 0;
    std::optional<double> cv;               // absent when mean == 0
    std::optional<double> t_critical;       // absent when n == 1
    std::optional<double> ci_low, ci_high;  // absent when n == 1

    // t_critical * se: the "±" of the interval; absent when n == 1.
    std::optional<double> half_width() const;
};

struct run_aggregate {
    std::size_t num_profile_runs = 0;     // successful + failed
    std::size_t num_successful_runs = 0;  // n, the number of values behind every key
    std::vector<failed_run> failed_runs;
    double confidence_level = 0.95;
    double cooldown_seconds = 0;
    std::vector<std::string> run_labels;       // the successful runs', in run order
    std::vector<aggregate_metric> metrics;     // sorted by key
    std::vector<std::string> omitted_metrics;  // keys not in every successful run, sorted
};

// Aggregates the successful runs. With no successful run the result has no metrics (the
// files still record which runs failed and why). Fails when confidence_level is not in
// (0, 1), when run_labels and runs differ in length, when a metric_result has no info, or
// when one run lists a tag twice; the message names the run and tag.
result<run_aggregate> aggregate_runs(const aggregate_input& in);

// ---- Rendering ----

inline constexpr const char* aggregate_schema_version = "1.0";

// profile_export_aiperf_aggregate.json, indented with two spaces:
//   {"schema_version": "1.0", "ringperf_version",
//    "metadata": {"aggregation_type": "confidence", "num_profile_runs",
//                 "num_successful_runs", "failed_runs": [{"label", "error"}],
//                 "confidence_level", "cooldown_seconds", "run_labels": [...],
//                 "omitted_metrics": [...]},
//    "metrics": {"<key>": {"mean", "std", "min", "max", "cv", "se", "ci_low", "ci_high",
//                          "t_critical", "unit"}, ...}}
// Floats at full precision (shortest round-trip, as Python writes them); absent values
// are null; metrics in key order.
std::string render_aggregate_json(const run_aggregate& a);

// profile_export_aiperf_aggregate.csv, as AIPerf writes it: the header
// "metric,mean,std,min,max,cv,se,ci_low,ci_high,t_critical,unit", one row per key in key
// order (mean, std, min, max, ci_low, ci_high with two decimals; cv, se and t_critical with
// four, which two would flatten to 0.01-sized steps; absent values empty); a blank line;
// then the metadata as "Name,value" rows: Aggregation Type, Total Runs, Successful Runs,
// Failed Runs (their labels), Confidence Level, Cooldown Seconds, Run Labels, Omitted
// Metrics; numbers and lists written as Python prints them (0.95, 0.0,
// ['run_0001', 'run_0002']). RFC 4180 quoting; lines end with "\r\n".
std::string render_aggregate_csv(const run_aggregate& a);

// The console table "ringperf | Aggregate over N runs (95% CI)": columns Metric, avg, p50,
// p99; one row per console metric (display_order >= 0, neither no_console nor error_only)
// present in the aggregate, in display order; cells "mean ± half-width" ("+/-" with the
// ascii charset; the mean alone when n == 1; N/A for a key not aggregated). Labels are
// "Header (display unit)". The title drops "(95% CI)" when n == 1. When runs failed, a
// line per failed run follows the table ("Note: run_0002 failed: <error>", the error cut
// to 120 characters). Ends with '\n'.
std::string render_aggregate_console(const run_aggregate& a, console_charset cs);

// Writes paths.json and paths.csv atomically, creating paths.dir. The error names the file.
result<void> write_aggregate_files(const run_aggregate& a, const aggregate_paths& paths);

}  // namespace ringperf::exporter
