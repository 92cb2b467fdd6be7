// The metric catalogue: every metric's tag, display header, units and flags, following
// AIPerf's definitions (see docs/metrics.md). Tags are AIPerf's, so exports read the same;
// ringperf's own metrics (latency from the intended send time, send and schedule lag) use
// the same naming and units.
#pragma once

#include <cstdint>
#include <span>

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
}  // namespace flag

// Record metrics come first (time_to_first_token .. schedule_lag): per-worker summaries are
// indexed by id.
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
    count_  // number of metrics; not a metric
};

inline constexpr std::size_t metric_count = static_cast<std::size_t>(metric_id::count_);

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

}  // namespace ringperf::metrics
