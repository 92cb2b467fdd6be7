// Per-request metric values, per-worker accumulation and the end-of-run summary.
//
// Thread-safety: a metric_set belongs to one worker thread; sets are merged after the
// workers have stopped (or from snapshots), never shared while recording.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/metrics/catalogue.h"
#include "ringperf/metrics/record.h"

namespace ringperf::metrics {

// A request's record metrics in base units (ns, tokens, tokens/sec/user). Absent =
// not applicable (e.g. TTFT of a non-streamed request, TTST with one content response).
struct record_values {
    std::optional<std::int64_t> time_to_first_token_ns;
    std::optional<std::int64_t> time_to_second_token_ns;
    std::optional<std::int64_t> time_to_first_output_token_ns;
    std::optional<std::int64_t> request_latency_ns;
    std::optional<double> inter_token_latency_ns;
    std::optional<double> output_token_throughput_per_user;
    std::optional<std::int64_t> output_sequence_length;
    std::optional<std::int64_t> input_sequence_length;
    // True when OSL came from counting content responses because the server sent no usage.
    bool osl_estimated = false;
    // Gaps between consecutive content responses (ns); empty when fewer than two.
    std::vector<std::int64_t> inter_chunk_latency_ns;
};

// AIPerf's formulas (docs/metrics.md); only for successful requests.
record_values compute_record_values(const request_record& r);

// Summary statistics of one record metric, in the metric's *display* unit.
struct stats {
    double avg = 0, min = 0, max = 0;
    double p1 = 0, p5 = 0, p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0, p95 = 0, p99 = 0;
    double std = 0;  // population standard deviation (numpy default, as AIPerf)
    std::uint64_t count = 0;
    double sum = 0;
};

// One line of the summary: a record metric with stats, or a single value.
struct metric_result {
    const metric_info* info = nullptr;
    bool has_stats = false;
    stats s;           // when has_stats
    double value = 0;  // display unit, when !has_stats (e.g. request_throughput)
};

// Failed requests grouped by what AIPerf's error_summary shows.
struct error_summary_entry {
    std::int32_t code = 0;
    std::string type;
    std::string message;
    error_kind kind = error_kind::none;
    std::uint64_t count = 0;
};

class metric_set {
public:
    metric_set();
    ~metric_set();
    metric_set(metric_set&&) noexcept;
    metric_set& operator=(metric_set&&) noexcept;

    // Adds a finished profiling-phase request (warmup records are not added). Successful
    // requests feed the record metrics; failed ones feed the error counts.
    void add(const request_record& r, const record_values& v, const wall_clock_map& clock);
    // Adds everything `other` holds (histograms, counters, error groups).
    void merge(const metric_set& other);

    std::uint64_t request_count() const;  // successful requests
    std::uint64_t error_count() const;
    std::uint64_t osl_estimated_count() const;

    // The summary: record metrics with stats (only those with at least one value) and the
    // derived values, in catalogue order.
    std::vector<metric_result> summarize() const;
    std::vector<error_summary_entry> error_summary() const;

private:
    struct impl;
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::metrics
