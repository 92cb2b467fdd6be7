// metric_set's state, shared by summary.cpp (recording, merging, summaries) and
// metric_set_state.cpp (save and load). Private to the metrics module.
#pragma once

#include <array>
#include <optional>

#include "error_groups.h"
#include "ringperf/metrics/summary.h"
#include "url_breakdown.h"

namespace ringperf::metrics {

// Record metrics are the first ids of the catalogue, so their summaries are indexed by id.
constexpr std::size_t record_metric_count = static_cast<std::size_t>(metric_id::schedule_lag) + 1;

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
    void note_send(const request_record& r);
    url_breakdown::totals url_totals() const;
    std::optional<double> duration_sec() const;
    bool fill(metric_id id, metric_result& out) const;
};

}  // namespace ringperf::metrics
