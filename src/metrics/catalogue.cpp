#include "ringperf/metrics/catalogue.h"

#include <algorithm>
#include <array>

namespace ringperf::metrics {
namespace {

using namespace flag;
using enum metric_kind;
using enum metric_id;

constexpr std::uint32_t streaming_tokens = streaming_only | produces_tokens_only;
constexpr double ns_per_ms = 1e6;
constexpr double ns_per_sec = 1e9;

// Indexed by metric_id; the static_assert below keeps the two in step.
constexpr std::array<metric_info, metric_count> table{{
    {time_to_first_token, "time_to_first_token", "Time to First Token", "TTFT", "ns", "ms",
     ns_per_ms, 100, record, streaming_tokens},
    {time_to_second_token, "time_to_second_token", "Time to Second Token", "TTST", "ns", "ms",
     ns_per_ms, 200, record, streaming_tokens},
    {time_to_first_output_token, "time_to_first_output_token", "Time to First Output Token", "TTFO",
     "ns", "ms", ns_per_ms, 210, record, streaming_tokens | supports_reasoning},
    {request_latency, "request_latency", "Request Latency", "Req Latency", "ns", "ms", ns_per_ms,
     300, record, flag::none},
    {inter_token_latency, "inter_token_latency", "Inter Token Latency", "ITL", "ns", "ms",
     ns_per_ms, 400, record, streaming_tokens},
    {inter_chunk_latency, "inter_chunk_latency", "Inter Chunk Latency", "ICL", "ns", "ms",
     ns_per_ms, -1, record, streaming_tokens | no_console | list_valued},
    {output_token_throughput_per_user, "output_token_throughput_per_user",
     "Output Token Throughput Per User", "Output TPS Per User", "tokens/sec/user",
     "tokens/sec/user", 1, 500, record, streaming_tokens | larger_is_better},
    {output_sequence_length, "output_sequence_length", "Output Sequence Length", "OSL", "tokens",
     "tokens", 1, 600, record, produces_tokens_only | larger_is_better},
    {input_sequence_length, "input_sequence_length", "Input Sequence Length", "ISL", "tokens",
     "tokens", 1, 700, record, produces_tokens_only | larger_is_better},
    {output_token_count, "output_token_count", "Output Token Count", "Output Tokens", "tokens",
     "tokens", 1, -1, record, produces_tokens_only | larger_is_better | no_console},
    {reasoning_token_count, "reasoning_token_count", "Reasoning Token Count", "Reasoning Tokens",
     "tokens", "tokens", 1, -1, record,
     produces_tokens_only | larger_is_better | supports_reasoning | no_console},
    {time_to_first_token_from_intended, "time_to_first_token_from_intended",
     "Time to First Token from Intended", "TTFT (intended)", "ns", "ms", ns_per_ms, 110, record,
     streaming_tokens},
    {request_latency_from_intended, "request_latency_from_intended",
     "Request Latency from Intended", "Req Latency (intended)", "ns", "ms", ns_per_ms, 310, record,
     flag::none},
    {send_lag, "send_lag", "Send Lag", "Send Lag", "ns", "ms", ns_per_ms, 1200, record, flag::none},
    {schedule_lag, "schedule_lag", "Schedule Lag", "Sched Lag", "ns", "ms", ns_per_ms, -1, record,
     no_console},
    {output_token_throughput, "output_token_throughput", "Output Token Throughput", "Output TPS",
     "tokens/sec", "tokens/sec", 1, 800, derived, produces_tokens_only | larger_is_better},
    {request_throughput, "request_throughput", "Request Throughput", "Req Throughput",
     "requests/sec", "requests/sec", 1, 900, derived, larger_is_better},
    {request_count, "request_count", "Request Count", "Req Count", "requests", "requests", 1, 1100,
     aggregate, larger_is_better | no_individual_records},
    {error_request_count, "error_request_count", "Error Request Count", "Error Count", "requests",
     "requests", 1, -1, aggregate, error_only | no_individual_records},
    {min_request_timestamp, "min_request_timestamp", "Minimum Request Timestamp", "Min Req", "ns",
     "ns", 1, -1, aggregate, no_console | no_individual_records},
    {max_response_timestamp, "max_response_timestamp", "Maximum Response Timestamp", "Max Resp",
     "ns", "ns", 1, -1, aggregate, no_console | no_individual_records},
    {benchmark_duration, "benchmark_duration", "Benchmark Duration", "Duration", "ns", "sec",
     ns_per_sec, -1, derived, no_console | no_individual_records},
    {total_input_sequence_length, "total_isl", "Total Input Sequence Length", "Total ISL", "tokens",
     "tokens", 1, -1, derived, no_console | no_individual_records},
    {total_output_sequence_length, "total_osl", "Total Output Sequence Length", "Total OSL",
     "tokens", "tokens", 1, -1, derived, no_console | no_individual_records},
    {total_output_tokens, "total_output_tokens", "Total Output Tokens", "Total Output", "tokens",
     "tokens", 1, -1, derived, no_console | no_individual_records},
    {total_reasoning_tokens, "total_reasoning_tokens", "Total Reasoning Tokens", "Total Reasoning",
     "tokens", "tokens", 1, -1, derived, supports_reasoning | no_console | no_individual_records},
}};

constexpr bool table_in_id_order() {
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (static_cast<std::size_t>(table[i].id) != i) return false;
    }
    return true;
}
static_assert(table_in_id_order(), "catalogue rows must follow metric_id order");

std::array<metric_id, metric_count> make_order() {
    std::array<metric_id, metric_count> order{};
    for (std::size_t i = 0; i < metric_count; ++i)
        order[i] = table[i].id;
    // Stable, so equal orders (all the -1 rows) stay in id order.
    std::stable_sort(order.begin(), order.end(), [](metric_id a, metric_id b) {
        const int oa = table[static_cast<std::size_t>(a)].display_order;
        const int ob = table[static_cast<std::size_t>(b)].display_order;
        if ((oa < 0) != (ob < 0)) return ob < 0;
        return oa < ob;
    });
    return order;
}

}  // namespace

const metric_info& info(metric_id id) {
    return table[static_cast<std::size_t>(id)];
}

std::span<const metric_info> all_metrics() {
    return table;
}

std::span<const metric_id> catalogue_order() {
    static const std::array<metric_id, metric_count> order = make_order();
    return order;
}

bool on_console(const metric_info& m) {
    return m.display_order >= 0 && (m.flags & (flag::no_console | flag::error_only)) == 0;
}

}  // namespace ringperf::metrics
