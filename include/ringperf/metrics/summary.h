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
#include "ringperf/metrics/summary_recorder.h"

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

// AIPerf's formulas (docs/metrics.md); only for successful requests (all absent otherwise):
// - TTFT = content_ns[0] - t_start; TTST = content_ns[1] - content_ns[0]; TTFO =
//   content_ns[first_output_index] - t_start (streamed requests only);
// - request latency = content_ns.back() - t_start, or t_end - t_start without content;
// - OSL = usage.completion_tokens, else (streamed) the number of content responses
//   (osl_estimated); ISL = usage.prompt_tokens, else input_tokens;
// - ITL = (latency - TTFT) / (OSL - 1) for OSL >= 2 (streamed); tokens/sec/user = 1e9 / ITL
//   for ITL > 0; ICL = the gaps between content responses (streamed).
// Allocates only for inter_chunk_latency_ns.
record_values compute_record_values(const request_record& r);

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
    // `v` must be compute_record_values(r). Failed requests are grouped by (error_code,
    // error_type, error_message, error); past 64 distinct groups, new messages fold into one
    // group per (code, type, kind) with the message "(other messages)", and past 16 of those
    // into a single catch-all (code 0, type "(other)", message "(other errors)"), so memory
    // stays bounded.
    void add(const request_record& r, const record_values& v, const wall_clock_map& clock);
    // Adds everything `other` holds (histograms, counters, error groups).
    void merge(const metric_set& other);

    std::uint64_t request_count() const;  // successful requests
    std::uint64_t error_count() const;
    std::uint64_t osl_estimated_count() const;
    // Values that fell outside their metric's histogram range (clamped into it, see
    // summary::record), over all record metrics.
    std::uint64_t out_of_range_count() const;
    // Epoch ns of the earliest request start and the latest response end over all profiling
    // records (successful or not); absent before the first record.
    std::optional<wall_ns> min_request_timestamp_ns() const;
    std::optional<wall_ns> max_response_timestamp_ns() const;
    // The distribution of a record metric, or nullptr when it has no value yet (or `id` is
    // not a record metric). Valid until this set is changed, moved or destroyed.
    const summary* find_summary(metric_id id) const;

    // The summary: record metrics with stats (only those with at least one value) and the
    // derived values, in catalogue_order(). request_count is always present;
    // error_request_count only when > 0; the timestamps and benchmark_duration once there is
    // a record; total ISL / OSL when some request had one; the throughputs when the duration
    // is > 0 (output_token_throughput also needs an OSL).
    std::vector<metric_result> summarize() const;
    // Error groups, most frequent first (ties by code, type, message, kind).
    std::vector<error_summary_entry> error_summary() const;

  private:
    struct impl;
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::metrics
