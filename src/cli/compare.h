// `ringperf compare BASELINE CANDIDATE`: the summary figures of two runs side by side, each
// metric judged by its direction (docs/compare.md).
//
// A run's figures come from its profile_export_aiperf.json: ringperf's, AIPerf's current
// GenAI-Perf-shaped file (one {"unit", "avg", "p99", ...} object per metric tag at the top
// level) or AIPerf's older {"records": {tag: {...}}} file.
//
// Pure functions except read_profile (reads one file).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/export/summary_report.h"

namespace ringperf::cli {

// tag -> stat -> value (display units, as the file holds them); single-value metrics have
// "avg". Units by tag.
struct profile_figures {
    std::map<std::string, std::map<std::string, double>> stats;
    std::map<std::string, std::string> units;
};

// Parses a profile_export_aiperf.json text. `what` names the file in errors.
result<profile_figures> parse_profile_json(std::string_view json, const std::string& what);
// Reads <dir>/profile_export_aiperf.json (or `dir` itself when it is a file). Errors name the
// directory and the file.
result<profile_figures> read_profile(const std::string& dir);

struct compared_metric {
    std::string tag;
    std::string stat;  // "avg" for single-value metrics
};

struct compare_options {
    std::vector<compared_metric> metrics;  // empty: default_compared_metrics()
    double threshold_percent = 5;
    // Per-metric thresholds, by "tag:stat" or by "tag" (every stat of it).
    std::map<std::string, double> thresholds;
};

// TTFT p50/p99, ITL p50/p99, request latency p50/p99, output token throughput, request
// throughput, error request count.
std::vector<compared_metric> default_compared_metrics();

enum class compare_verdict { unchanged, improved, regressed, missing };
const char* compare_verdict_name(compare_verdict v);  // "unchanged", "improved", ...

struct compare_row {
    compared_metric metric;
    std::string unit;
    std::optional<double> baseline, candidate;
    std::optional<double> delta;          // candidate - baseline
    std::optional<double> delta_percent;  // delta / |baseline| * 100; +-inf from a 0 baseline
    double threshold_percent = 0;
    bool larger_is_better = false;
    compare_verdict verdict = compare_verdict::missing;
};

// One row per metric. The direction is the catalogue's larger_is_better (tags it does not
// know count as smaller-is-better). A change worse than the threshold in the metric's
// direction is a regression, a change better than it an improvement; anything within it
// (inclusive) is unchanged. A metric absent from either file is missing (never a
// regression), except error_request_count, which a file without it holds as 0 when it has a
// request_count (ringperf and AIPerf leave it out when no request failed).
std::vector<compare_row> compare_profiles(const profile_figures& baseline,
                                          const profile_figures& candidate,
                                          const compare_options& o);
bool any_regressed(const std::vector<compare_row>& rows);

// "ringperf | Compare" table: Metric, Stat, Baseline, Candidate, Delta, Delta %, Verdict
// (REGRESSED / improved / unchanged / missing), then "N regressed, M improved, K unchanged".
std::string render_compare_table(const std::vector<compare_row>& rows,
                                 exporter::console_charset cs);
// {"baseline": dir, "candidate": dir, "threshold_percent": x, "regressed": bool,
//  "rows": [{"metric", "stat", "unit", "baseline", "candidate", "delta", "delta_percent",
//            "threshold_percent", "larger_is_better", "verdict"}, ...]} (absent or infinite
// numbers are null).
std::string render_compare_json(const std::vector<compare_row>& rows, const std::string& baseline,
                                const std::string& candidate, double threshold_percent);

// Parses "--threshold" values: "5", "5%" (the default) or "tag[:stat]=10%" (an override).
// Errors name the text.
result<void> parse_threshold(std::string_view text, compare_options& o);
// Parses a "--metric tag[:stat]" value (stat default avg).
result<compared_metric> parse_compared_metric(std::string_view text);

}  // namespace ringperf::cli
