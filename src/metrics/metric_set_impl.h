// metric_set's state, shared by summary.cpp (recording, merging, summaries) and
// metric_set_state.cpp (save and load). Private to the metrics module.
#pragma once

#include <array>
#include <optional>

#include "error_groups.h"
#include "ringperf/metrics/summary.h"
#include "url_breakdown.h"

namespace ringperf::metrics {

// The usage_* record metrics, usage_prompt_tokens .. usage_rejected_prediction_tokens.
constexpr std::size_t usage_metric_count =
    static_cast<std::size_t>(metric_id::usage_rejected_prediction_tokens) -
    static_cast<std::size_t>(metric_id::usage_prompt_tokens) + 1;

struct metric_set::impl {
    std::array<std::optional<summary>, record_metric_count> summaries;
    std::uint64_t ok_count = 0;
    std::uint64_t error_count = 0;
    std::uint64_t osl_estimated_count = 0;
    std::int64_t total_isl = 0;
    std::int64_t total_osl = 0;
    std::int64_t total_output = 0;
    std::int64_t total_reasoning = 0;
    bool has_isl = false;
    bool has_osl = false;
    bool has_output = false;
    bool has_reasoning = false;
    std::optional<wall_ns> min_request_ns;
    std::optional<wall_ns> max_response_ns;
    // The catalogue's further counters (docs/metrics.md): goodput, usage totals, error ISL,
    // usage discrepancies and OSL mismatches.
    metric_options options;
    bool configured = false;  // built with options (merge() adopts them otherwise)
    std::uint64_t good_count = 0;
    std::array<std::int64_t, usage_metric_count> usage_totals{};
    std::array<bool, usage_metric_count> has_usage{};
    std::int64_t total_error_isl = 0;
    bool has_error_isl = false;
    std::uint64_t usage_discrepancy_count = 0;
    bool has_usage_diff = false;
    std::uint64_t osl_mismatch_count = 0;
    bool has_osl_request = false;
    error_groups errors;
    send_accounting sends;
    url_breakdown urls;
    // Set by set_benchmark_duration(): the duration to report instead of the span.
    std::optional<double> duration_override_s;

    // Histograms are created on a metric's first value: a non-streamed run never pays for
    // the streaming metrics' counters.
    summary& at(metric_id id) {
        std::optional<summary>& s = summaries[static_cast<std::size_t>(id)];
        if (!s) s.emplace(summary::create(layout_for(id)).value());
        return *s;
    }
    template <typename T>
    void record(metric_id id, const std::optional<T>& value) {
        if (value) at(id).record(static_cast<double>(*value));
    }
    void note_start(wall_ns t) {
        if (!min_request_ns || t < *min_request_ns) min_request_ns = t;
    }
    void note_end(wall_ns t) {
        if (!max_response_ns || t > *max_response_ns) max_response_ns = t;
    }
    void add_success(const record_values& v);
    void add_extras(const record_values& v);
    void merge_extras(const impl& o);
    bool fill_extra(metric_id id, metric_result& out) const;
    std::optional<double> replay_lag_ms(double p) const;
    void note_send(const request_record& r);
    url_breakdown::totals url_totals() const;
    std::optional<double> duration_sec() const;
    bool fill(metric_id id, metric_result& out) const;
};

}  // namespace ringperf::metrics
