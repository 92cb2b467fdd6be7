// Hand-made metric definitions for the export tests, independent of the metrics library:
// the same tags, headers, units and orders as AIPerf's metrics.
#pragma once

#include <array>
#include <cstdlib>
#include <string>

#include "ringperf/metrics/catalogue.h"
#include "ringperf/metrics/summary.h"

namespace test_catalogue {

using ringperf::metrics::metric_id;
using ringperf::metrics::metric_info;
using ringperf::metrics::metric_kind;
namespace flag = ringperf::metrics::flag;

inline constexpr std::uint32_t st = flag::streaming_only | flag::produces_tokens_only;
inline constexpr std::uint32_t hidden = flag::no_console | flag::no_individual_records;

inline constexpr metric_info hand_made[] = {
    {metric_id::time_to_first_token, "time_to_first_token", "Time to First Token", "TTFT", "ns",
     "ms", 1e6, 100, metric_kind::record, st},
    {metric_id::time_to_second_token, "time_to_second_token", "Time to Second Token", "TTST", "ns",
     "ms", 1e6, 200, metric_kind::record, st},
    {metric_id::time_to_first_output_token, "time_to_first_output_token",
     "Time to First Output Token", "TTFO", "ns", "ms", 1e6, 210, metric_kind::record,
     st | flag::supports_reasoning},
    {metric_id::request_latency, "request_latency", "Request Latency", "Req Latency", "ns", "ms",
     1e6, 300, metric_kind::record, flag::none},
    {metric_id::inter_token_latency, "inter_token_latency", "Inter Token Latency", "ITL", "ns",
     "ms", 1e6, 400, metric_kind::record, st},
    {metric_id::inter_chunk_latency, "inter_chunk_latency", "Inter Chunk Latency", "ICL", "ns",
     "ms", 1e6, -1, metric_kind::record, st | flag::no_console | flag::list_valued},
    {metric_id::output_token_throughput_per_user, "output_token_throughput_per_user",
     "Output Token Throughput Per User", "Output TPS Per User", "tokens/sec/user",
     "tokens/sec/user", 1, 500, metric_kind::record, st | flag::larger_is_better},
    {metric_id::output_sequence_length, "output_sequence_length", "Output Sequence Length", "OSL",
     "tokens", "tokens", 1, 600, metric_kind::record, flag::produces_tokens_only},
    {metric_id::input_sequence_length, "input_sequence_length", "Input Sequence Length", "ISL",
     "tokens", "tokens", 1, 700, metric_kind::record, flag::produces_tokens_only},
    {metric_id::output_token_count, "output_token_count", "Output Token Count", "Output Tokens",
     "tokens", "tokens", 1, -1, metric_kind::record, flag::produces_tokens_only | flag::no_console},
    {metric_id::reasoning_token_count, "reasoning_token_count", "Reasoning Token Count",
     "Reasoning Tokens", "tokens", "tokens", 1, -1, metric_kind::record,
     flag::produces_tokens_only | flag::supports_reasoning | flag::no_console},
    {metric_id::time_to_first_token_from_intended, "time_to_first_token_from_intended",
     "Time to First Token from Intended", "TTFT (intended)", "ns", "ms", 1e6, 110,
     metric_kind::record, st},
    {metric_id::request_latency_from_intended, "request_latency_from_intended",
     "Request Latency from Intended", "Req Latency (intended)", "ns", "ms", 1e6, 310,
     metric_kind::record, flag::none},
    {metric_id::send_lag, "send_lag", "Send Lag", "Send Lag", "ns", "ms", 1e6, 1200,
     metric_kind::record, flag::none},
    {metric_id::schedule_lag, "schedule_lag", "Schedule Lag", "Sched Lag", "ns", "ms", 1e6, -1,
     metric_kind::record, flag::no_console},
    {metric_id::output_token_throughput, "output_token_throughput", "Output Token Throughput",
     "Output TPS", "tokens/sec", "tokens/sec", 1, 800, metric_kind::derived,
     flag::produces_tokens_only},
    {metric_id::request_throughput, "request_throughput", "Request Throughput", "Req Throughput",
     "requests/sec", "requests/sec", 1, 900, metric_kind::derived, flag::larger_is_better},
    {metric_id::request_count, "request_count", "Request Count", "Req Count", "requests",
     "requests", 1, 1100, metric_kind::aggregate, flag::no_individual_records},
    {metric_id::error_request_count, "error_request_count", "Error Request Count", "Error Count",
     "requests", "requests", 1, -1, metric_kind::aggregate,
     flag::error_only | flag::no_individual_records},
    {metric_id::min_request_timestamp, "min_request_timestamp", "Minimum Request Timestamp",
     "Min Req", "ns", "ns", 1, -1, metric_kind::aggregate, hidden},
    {metric_id::max_response_timestamp, "max_response_timestamp", "Maximum Response Timestamp",
     "Max Resp", "ns", "ns", 1, -1, metric_kind::aggregate, hidden},
    {metric_id::benchmark_duration, "benchmark_duration", "Benchmark Duration", "Duration", "ns",
     "sec", 1e9, -1, metric_kind::derived, hidden},
    {metric_id::total_input_sequence_length, "total_isl", "Total Input Sequence Length",
     "Total ISL", "tokens", "tokens", 1, -1, metric_kind::derived, hidden},
    {metric_id::total_output_sequence_length, "total_osl", "Total Output Sequence Length",
     "Total OSL", "tokens", "tokens", 1, -1, metric_kind::derived, hidden},
    {metric_id::total_output_tokens, "total_output_tokens", "Total Output Tokens", "Total Output",
     "tokens", "tokens", 1, -1, metric_kind::derived, hidden},
    {metric_id::total_reasoning_tokens, "total_reasoning_tokens", "Total Reasoning Tokens",
     "Total Reasoning", "tokens", "tokens", 1, -1, metric_kind::derived, hidden},
};

// Indexed by metric_id: the hand-made rows above, and the library's own rows for the
// catalogue's further metrics (their tags and units are what the tests check).
inline std::array<metric_info, ringperf::metrics::metric_count> build_infos() {
    std::array<metric_info, ringperf::metrics::metric_count> out{};
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = ringperf::metrics::info(static_cast<metric_id>(i));
    for (const metric_info& m : hand_made)
        out[static_cast<std::size_t>(m.id)] = m;
    return out;
}

inline const std::array<metric_info, ringperf::metrics::metric_count> infos = build_infos();

inline const metric_info* info_of(metric_id id) {
    return &infos[static_cast<std::size_t>(id)];
}

// A distribution whose stats are base, base+1, ... so every column is distinguishable.
inline ringperf::metrics::metric_result with_stats(metric_id id, double base,
                                                   std::uint64_t count = 10) {
    ringperf::metrics::metric_result r;
    r.info = info_of(id);
    r.has_stats = true;
    auto& s = r.s;
    double v = base;
    for (double* f : {&s.avg, &s.min, &s.max, &s.p1, &s.p5, &s.p10, &s.p25, &s.p50, &s.p75, &s.p90,
                      &s.p95, &s.p99, &s.std}) {
        *f = v;
        v += 1;
    }
    s.count = count;
    s.sum = base * static_cast<double>(count);
    return r;
}

inline ringperf::metrics::metric_result single(metric_id id, double value) {
    ringperf::metrics::metric_result r;
    r.info = info_of(id);
    r.value = value;
    return r;
}

inline std::string test_data(const std::string& rel) {
    const char* d = std::getenv("RINGPERF_TEST_DATA");
    return std::string(d ? d : "tests/data") + "/" + rel;
}

}  // namespace test_catalogue
