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
    {decode_duration, "decode_duration", "Decode Duration", "Decode", "ns", "ms", ns_per_ms, 350,
     record, streaming_tokens | no_console},
    {full_response_inter_token_latency, "full_response_inter_token_latency",
     "Full-Response Inter Token Latency", "Full-Response ITL", "ns", "ms", ns_per_ms, 410, record,
     streaming_tokens | no_console},
    {prefill_throughput_per_user, "prefill_throughput_per_user", "Prefill Throughput Per User",
     "Prefill TPS Per User", "tokens/sec/user", "tokens/sec/user", 1, -1, record,
     streaming_tokens | larger_is_better | no_console},
    {e2e_output_token_throughput, "e2e_output_token_throughput", "E2E Output Token Throughput",
     "E2E Output TPS", "tokens/sec/user", "tokens/sec/user", 1, -1, record,
     produces_tokens_only | larger_is_better | no_console},
    {usage_prompt_tokens, "usage_prompt_tokens", "Usage Prompt Tokens", "Usage Prompt", "tokens",
     "tokens", 1, -1, record, no_console},
    {usage_completion_tokens, "usage_completion_tokens", "Usage Completion Tokens",
     "Usage Completion", "tokens", "tokens", 1, -1, record, no_console},
    {usage_total_tokens, "usage_total_tokens", "Usage Total Tokens", "Usage Total", "tokens",
     "tokens", 1, -1, record, no_console},
    {usage_reasoning_tokens, "usage_reasoning_tokens", "Usage Reasoning Tokens", "Usage Reasoning",
     "tokens", "tokens", 1, -1, record, supports_reasoning | no_console},
    {usage_prompt_cache_read_tokens, "usage_prompt_cache_read_tokens",
     "Usage Prompt Cache Read Tokens", "Usage Cache Read", "tokens", "tokens", 1, -1, record,
     no_console},
    {usage_prompt_cache_write_tokens, "usage_prompt_cache_write_tokens",
     "Usage Prompt Cache Write Tokens", "Usage Cache Write", "tokens", "tokens", 1, -1, record,
     no_console},
    {usage_prompt_cache_miss_tokens, "usage_prompt_cache_miss_tokens",
     "Usage Prompt Cache Miss Tokens", "Usage Cache Miss", "tokens", "tokens", 1, -1, record,
     no_console},
    {usage_prompt_audio_tokens, "usage_prompt_audio_tokens", "Usage Prompt Audio Tokens",
     "Usage Prompt Audio", "tokens", "tokens", 1, -1, record, no_console},
    {usage_completion_audio_tokens, "usage_completion_audio_tokens",
     "Usage Completion Audio Tokens", "Usage Completion Audio", "tokens", "tokens", 1, -1, record,
     no_console},
    {usage_accepted_prediction_tokens, "usage_accepted_prediction_tokens",
     "Usage Accepted Prediction Tokens", "Usage Accepted Pred", "tokens", "tokens", 1, -1, record,
     no_console},
    {usage_rejected_prediction_tokens, "usage_rejected_prediction_tokens",
     "Usage Rejected Prediction Tokens", "Usage Rejected Pred", "tokens", "tokens", 1, -1, record,
     no_console},
    {usage_prompt_tokens_diff_pct, "usage_prompt_tokens_diff_pct", "Usage Prompt Tokens Difference",
     "Prompt Diff", "%", "%", 1, -1, record, usage_diff_only | no_console},
    {usage_completion_tokens_diff_pct, "usage_completion_tokens_diff_pct",
     "Usage Completion Tokens Difference", "Completion Diff", "%", "%", 1, -1, record,
     usage_diff_only | no_console},
    {usage_reasoning_tokens_diff_pct, "usage_reasoning_tokens_diff_pct",
     "Usage Reasoning Tokens Difference", "Reasoning Diff", "%", "%", 1, -1, record,
     usage_diff_only | no_console | supports_reasoning},
    {osl_mismatch_diff_pct, "osl_mismatch_diff_pct", "OSL Mismatch Difference", "OSL Mismatch", "%",
     "%", 1, -1, record, produces_tokens_only | no_console},
    {error_isl, "error_isl", "Error Input Sequence Length", "Error ISL", "tokens", "tokens", 1, -1,
     record, error_only | no_console},
    {network_adjusted_request_latency, "network_adjusted_request_latency",
     "Network-Adjusted Request Latency", "Net-Adj Req Latency", "ns", "ms", ns_per_ms, -1, record,
     no_console},
    {network_adjusted_time_to_first_token, "network_adjusted_time_to_first_token",
     "Network-Adjusted Time to First Token", "Net-Adj TTFT", "ns", "ms", ns_per_ms, -1, record,
     streaming_tokens | no_console},
    {network_adjusted_time_to_first_output_token, "network_adjusted_time_to_first_output_token",
     "Network-Adjusted Time to First Output Token", "Net-Adj TTFO", "ns", "ms", ns_per_ms, -1,
     record, streaming_tokens | supports_reasoning | no_console},
    {http_req_blocked, "http_req_blocked", "HTTP Request Blocked", "HTTP Blocked", "ns", "ms",
     ns_per_ms, -1, record, http_trace_only | no_console},
    {http_req_dns_lookup, "http_req_dns_lookup", "HTTP Request DNS Lookup", "HTTP DNS Lookup", "ns",
     "ms", ns_per_ms, -1, record, http_trace_only | no_console},
    {http_req_connecting, "http_req_connecting", "HTTP Request Connecting", "HTTP Connecting", "ns",
     "ms", ns_per_ms, -1, record, http_trace_only | no_console},
    {http_req_sending, "http_req_sending", "HTTP Request Sending", "HTTP Sending", "ns", "ms",
     ns_per_ms, -1, record, http_trace_only | no_console},
    {http_req_waiting, "http_req_waiting", "HTTP Request Waiting", "HTTP Waiting", "ns", "ms",
     ns_per_ms, -1, record, http_trace_only | no_console},
    {http_req_receiving, "http_req_receiving", "HTTP Request Receiving", "HTTP Receiving", "ns",
     "ms", ns_per_ms, -1, record, http_trace_only | no_console},
    {http_req_duration, "http_req_duration", "HTTP Request Duration", "HTTP Duration", "ns", "ms",
     ns_per_ms, -1, record, http_trace_only | no_console},
    {http_req_connection_overhead, "http_req_connection_overhead",
     "HTTP Request Connection Overhead", "HTTP Connection Overhead", "ns", "ms", ns_per_ms, -1,
     record, http_trace_only | no_console},
    {http_req_total, "http_req_total", "HTTP Request Total", "HTTP Total", "ns", "ms", ns_per_ms,
     -1, record, http_trace_only | no_console},
    {http_req_data_sent, "http_req_data_sent", "HTTP Request Data Sent", "HTTP Data Sent", "bytes",
     "bytes", 1, -1, record, http_trace_only | no_console},
    {http_req_data_received, "http_req_data_received", "HTTP Request Data Received",
     "HTTP Data Received", "bytes", "bytes", 1, -1, record, http_trace_only | no_console},
    {http_req_connection_reused, "http_req_connection_reused", "HTTP Request Connection Reused",
     "HTTP Connection Reused", "ratio", "ratio", 1, -1, record, http_trace_only | no_console},
    {http_req_chunks_sent, "http_req_chunks_sent", "HTTP Request Chunks Sent", "HTTP Chunks Sent",
     "count", "count", 1, -1, record, http_trace_only | no_console},
    {http_req_chunks_received, "http_req_chunks_received", "HTTP Request Chunks Received",
     "HTTP Chunks Received", "count", "count", 1, -1, record, http_trace_only | no_console},
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
    {total_token_throughput, "total_token_throughput", "Total Token Throughput", "Total TPS",
     "tokens/sec", "tokens/sec", 1, -1, derived,
     larger_is_better | no_console | no_individual_records},
    {good_request_count, "good_request_count", "Good Request Count", "Good Count", "requests",
     "requests", 1, -1, aggregate,
     flag::goodput | larger_is_better | no_console | no_individual_records},
    {goodput, "goodput", "Goodput", "Goodput", "requests/sec", "requests/sec", 1, 1000, derived,
     flag::goodput | larger_is_better | no_individual_records},
    {good_request_fraction, "good_request_fraction", "Good Request Fraction", "Good Fraction",
     "ratio", "ratio", 1, -1, derived,
     flag::goodput | larger_is_better | no_console | no_individual_records},
    {total_error_isl, "total_error_isl", "Total Error Input Sequence Length", "Total Error ISL",
     "tokens", "tokens", 1, -1, derived, error_only | no_console | no_individual_records},
    {total_usage_prompt_tokens, "total_usage_prompt_tokens", "Total Usage Prompt Tokens",
     "Total Usage Prompt", "tokens", "tokens", 1, -1, derived, no_console | no_individual_records},
    {total_usage_completion_tokens, "total_usage_completion_tokens",
     "Total Usage Completion Tokens", "Total Usage Completion", "tokens", "tokens", 1, -1, derived,
     no_console | no_individual_records},
    {total_usage_total_tokens, "total_usage_total_tokens", "Total Usage Total Tokens",
     "Total Usage Total", "tokens", "tokens", 1, -1, derived, no_console | no_individual_records},
    {total_usage_reasoning_tokens, "total_usage_reasoning_tokens", "Total Usage Reasoning Tokens",
     "Total Usage Reasoning", "tokens", "tokens", 1, -1, derived,
     supports_reasoning | no_console | no_individual_records},
    {total_usage_prompt_cache_read_tokens, "total_usage_prompt_cache_read_tokens",
     "Total Usage Prompt Cache Read Tokens", "Total Usage Cache Read", "tokens", "tokens", 1, -1,
     derived, no_console | no_individual_records},
    {total_usage_prompt_cache_write_tokens, "total_usage_prompt_cache_write_tokens",
     "Total Usage Prompt Cache Write Tokens", "Total Usage Cache Write", "tokens", "tokens", 1, -1,
     derived, no_console | no_individual_records},
    {total_usage_prompt_cache_miss_tokens, "total_usage_prompt_cache_miss_tokens",
     "Total Usage Prompt Cache Miss Tokens", "Total Usage Cache Miss", "tokens", "tokens", 1, -1,
     derived, no_console | no_individual_records},
    {total_usage_prompt_audio_tokens, "total_usage_prompt_audio_tokens",
     "Total Usage Prompt Audio Tokens", "Total Usage Prompt Audio", "tokens", "tokens", 1, -1,
     derived, no_console | no_individual_records},
    {total_usage_completion_audio_tokens, "total_usage_completion_audio_tokens",
     "Total Usage Completion Audio Tokens", "Total Usage Completion Audio", "tokens", "tokens", 1,
     -1, derived, no_console | no_individual_records},
    {total_usage_accepted_prediction_tokens, "total_usage_accepted_prediction_tokens",
     "Total Usage Accepted Prediction Tokens", "Total Usage Accepted Pred", "tokens", "tokens", 1,
     -1, derived, no_console | no_individual_records},
    {total_usage_rejected_prediction_tokens, "total_usage_rejected_prediction_tokens",
     "Total Usage Rejected Prediction Tokens", "Total Usage Rejected Pred", "tokens", "tokens", 1,
     -1, derived, no_console | no_individual_records},
    {overall_usage_prompt_cache_read_pct, "overall_usage_prompt_cache_read_pct",
     "Overall Usage Prompt Cache Read Percentage", "Cache Read %", "%", "%", 1, -1, derived,
     no_console | no_individual_records},
    {usage_discrepancy_count, "usage_discrepancy_count", "Usage Discrepancy Count",
     "Usage Discrepancies", "requests", "requests", 1, -1, aggregate,
     usage_diff_only | no_console | no_individual_records},
    {osl_mismatch_count, "osl_mismatch_count", "OSL Mismatch Count", "OSL Mismatches", "requests",
     "requests", 1, -1, aggregate, produces_tokens_only | no_console | no_individual_records},
    {network_rtt, "network_rtt", "Network RTT", "RTT", "ns", "ms", ns_per_ms, -1, derived,
     no_console | no_individual_records},
    {replay_sched_lag_p50, "replay_sched_lag_p50", "Replay Schedule Lag p50", "Replay Lag p50",
     "ns", "ms", ns_per_ms, -1, derived, no_console | no_individual_records},
    {replay_sched_lag_p90, "replay_sched_lag_p90", "Replay Schedule Lag p90", "Replay Lag p90",
     "ns", "ms", ns_per_ms, -1, derived, no_console | no_individual_records},
    {replay_sched_lag_p99, "replay_sched_lag_p99", "Replay Schedule Lag p99", "Replay Lag p99",
     "ns", "ms", ns_per_ms, -1, derived, no_console | no_individual_records},
    {replay_sched_degraded, "replay_sched_degraded", "Replay Schedule Degraded", "Replay Degraded",
     "boolean", "boolean", 1, -1, derived, no_console | no_individual_records},
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

const metric_info* find_metric(std::string_view tag) {
    for (const metric_info& m : table) {
        if (tag == m.tag) return &m;
    }
    return nullptr;
}

bool on_console(const metric_info& m) {
    return m.display_order >= 0 && (m.flags & (flag::no_console | flag::error_only)) == 0;
}

}  // namespace ringperf::metrics
