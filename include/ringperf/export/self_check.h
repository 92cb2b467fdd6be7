// The self-check and per-URL blocks of a run's reports: what the run knew about its load
// (filled by the caller from the run plan and the engine's worker reports), combined with
// the merged metric_set's send accounting into the figures, the verdict and the per-URL
// breakdown that the console, the CSV and the JSON show (docs/self-check.md).
//
// Pure functions of their arguments; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ringperf/metrics/self_check.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::exporter {

// What only the caller knows about the run. Plain data: fill every field.
struct self_check_input {
    // From the run plan: fixed_schedule when the fixed schedule is enabled, else
    // user_centric with --user-centric-rate, else request_rate with --request-rate, else
    // closed_loop.
    metrics::load_mode mode = metrics::load_mode::closed_loop;
    // The configured rate in requests/s: --request-rate (request_rate) or
    // --user-centric-rate (user_centric); nullopt for the closed loop and fixed schedules.
    std::optional<double> target_rate_per_s;
    // Sums over the engine's worker reports of the profiling phase.
    std::uint64_t skipped = 0;  // worker_report::skipped
    std::uint64_t queued = 0;   // worker_report::queued
    std::uint64_t dropped = 0;  // worker_report::dropped (reported, not judged)
    // The --url values in order: urls[i] names url_index i. May be empty (the per-URL
    // breakdown then shows indices only).
    std::vector<std::string> urls;
};

// Everything the reports show about the self-check.
struct self_check_report {
    metrics::self_check_figures figures;  // what the verdict judged
    metrics::self_check_verdict verdict;
    metrics::self_check_thresholds thresholds;
    // The send_lag metric (connection set-up included); absent when nothing was sent.
    std::optional<metrics::lag_figures> send_lag;
    std::uint64_t dropped = 0;
    // percent_error(achieved, target) and percent_error(achieved, scheduled).
    std::optional<double> rate_error_percent;
    std::optional<double> rate_error_vs_schedule_percent;
};

// One URL's line in the per-URL breakdown.
struct url_summary {
    std::uint32_t url_index = 0;
    std::string url;  // empty when the caller did not name it
    std::uint64_t request_count = 0;
    std::uint64_t error_count = 0;
    std::optional<metrics::stats> request_latency;      // ms
    std::optional<metrics::stats> time_to_first_token;  // ms
};

// The figures and verdict for `merged` (every worker's metric_set merged):
// - sent, achieved and scheduled rates from merged.sends();
// - schedule lag p50 / p99 (numpy-linear percentiles, as every summary) and exact max from
//   the schedule_lag summary; send lag likewise from send_lag;
// - everything else from `in`; verdict = judge_self_check(figures, thresholds).
self_check_report evaluate_self_check(
    const metrics::metric_set& merged, const self_check_input& in,
    const metrics::self_check_thresholds& thresholds = metrics::default_self_check_thresholds);

// merged.url_results() with each URL's name from `urls` (empty when out of range). Empty
// when the records came from a single url_index.
std::vector<url_summary> summarize_urls(const metrics::metric_set& merged,
                                        std::span<const std::string> urls);

}  // namespace ringperf::exporter
