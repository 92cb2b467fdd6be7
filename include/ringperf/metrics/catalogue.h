// The metric catalogue: every metric's tag, display header, units and flags, following
// AIPerf's definitions (see docs/metrics.md). Tags are AIPerf's, so exports read the same;
// ringperf's own metrics (latency from the intended send time, send and schedule lag) use
// the same naming and units.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ringperf::metrics {

enum class metric_kind : std::uint8_t {
    record,     // one value per request -> a distribution
    aggregate,  // a single value accumulated over records (count, min, max)
    derived,    // a single value computed from other results
};

namespace flag {
inline constexpr std::uint32_t none = 0;
inline constexpr std::uint32_t streaming_only = 1u << 0;  // needs a streamed response
inline constexpr std::uint32_t produces_tokens_only = 1u << 1;
inline constexpr std::uint32_t larger_is_better = 1u << 2;
inline constexpr std::uint32_t no_console = 1u << 3;             // exports only
inline constexpr std::uint32_t error_only = 1u << 4;             // computed for failed requests
inline constexpr std::uint32_t no_individual_records = 1u << 5;  // not in profile_export.jsonl
inline constexpr std::uint32_t supports_reasoning = 1u << 6;
inline constexpr std::uint32_t list_valued = 1u << 7;  // several values per request (ICL)
// Only with --goodput; only with --export-http-trace; needs both server and client counts.
inline constexpr std::uint32_t goodput = 1u << 8;
inline constexpr std::uint32_t http_trace_only = 1u << 9;
inline constexpr std::uint32_t usage_diff_only = 1u << 10;
}  // namespace flag

// Record metrics come first (time_to_first_token .. last_record_metric): per-worker
// summaries are indexed by id.
enum class metric_id : std::uint8_t {
    time_to_first_token,
    time_to_second_token,
    time_to_first_output_token,
    request_latency,
    inter_token_latency,
    inter_chunk_latency,
    output_token_throughput_per_user,
    output_sequence_length,
    input_sequence_length,
    output_token_count,
    reasoning_token_count,
    time_to_first_token_from_intended,
    request_latency_from_intended,
    send_lag,
    schedule_lag,
    decode_duration,
    full_response_inter_token_latency,
    prefill_throughput_per_user,
    e2e_output_token_throughput,
    usage_prompt_tokens,
    usage_completion_tokens,
    usage_total_tokens,
    usage_reasoning_tokens,
    usage_prompt_cache_read_tokens,
    usage_prompt_cache_write_tokens,
    usage_prompt_cache_miss_tokens,
    usage_prompt_audio_tokens,
    usage_completion_audio_tokens,
    usage_accepted_prediction_tokens,
    usage_rejected_prediction_tokens,
    usage_prompt_tokens_diff_pct,
    usage_completion_tokens_diff_pct,
    usage_reasoning_tokens_diff_pct,
    osl_mismatch_diff_pct,
    error_isl,
    network_adjusted_request_latency,
    network_adjusted_time_to_first_token,
    network_adjusted_time_to_first_output_token,
    http_req_blocked,
    http_req_dns_lookup,
    http_req_connecting,
    http_req_sending,
    http_req_waiting,
    http_req_receiving,
    http_req_duration,
    http_req_connection_overhead,
    http_req_total,
    http_req_data_sent,
    http_req_data_received,
    http_req_connection_reused,
    http_req_chunks_sent,
    http_req_chunks_received,
    output_token_throughput,
    request_throughput,
    request_count,
    error_request_count,
    min_request_timestamp,
    max_response_timestamp,
    benchmark_duration,
    total_input_sequence_length,
    total_output_sequence_length,
    total_output_tokens,
    total_reasoning_tokens,
    total_token_throughput,
    good_request_count,
    goodput,
    good_request_fraction,
    total_error_isl,
    total_usage_prompt_tokens,
    total_usage_completion_tokens,
    total_usage_total_tokens,
    total_usage_reasoning_tokens,
    total_usage_prompt_cache_read_tokens,
    total_usage_prompt_cache_write_tokens,
    total_usage_prompt_cache_miss_tokens,
    total_usage_prompt_audio_tokens,
    total_usage_completion_audio_tokens,
    total_usage_accepted_prediction_tokens,
    total_usage_rejected_prediction_tokens,
    overall_usage_prompt_cache_read_pct,
    usage_discrepancy_count,
    osl_mismatch_count,
    network_rtt,
    replay_sched_lag_p50,
    replay_sched_lag_p90,
    replay_sched_lag_p99,
    replay_sched_degraded,
    count_  // number of metrics; not a metric
};

inline constexpr std::size_t metric_count = static_cast<std::size_t>(metric_id::count_);
inline constexpr metric_id last_record_metric = metric_id::http_req_chunks_received;
inline constexpr std::size_t record_metric_count = static_cast<std::size_t>(last_record_metric) + 1;
// True for the per-request metrics (those with a distribution).
constexpr bool is_record_metric(metric_id id) {
    return static_cast<std::size_t>(id) < record_metric_count;
}

struct metric_info {
    metric_id id;
    const char* tag;           // "time_to_first_token"
    const char* header;        // "Time to First Token"
    const char* short_header;  // "TTFT"
    const char* unit;          // base unit: "ns", "tokens", "requests", "tokens/sec", ...
    const char* display_unit;  // "ms", "sec", or the base unit
    double display_divisor;    // display value = base value / display_divisor
    int display_order;         // console row order (lower first); < 0 = not on the console
    metric_kind kind;
    std::uint32_t flags;
};

// The entry for `id` (id < metric_id::count_). The entries are static and immutable.
const metric_info& info(metric_id id);
// Every metric, indexed by metric_id.
std::span<const metric_info> all_metrics();
// Every metric in presentation order: console rows by display_order, then the
// export-only ones (display_order < 0) in metric_id order.
std::span<const metric_id> catalogue_order();
// True when the metric has a console row: display_order >= 0 and neither no_console nor
// error_only is set.
bool on_console(const metric_info& m);
// The metric with this tag, or nullptr.
const metric_info* find_metric(std::string_view tag);

}  // namespace ringperf::metrics
