#include "ringperf/metrics/catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace ringperf::metrics {
namespace {

TEST(Catalogue, EveryMetricIsIndexedByItsId) {
    ASSERT_EQ(all_metrics().size(), metric_count);
    for (std::size_t i = 0; i < metric_count; ++i) {
        const auto id = static_cast<metric_id>(i);
        EXPECT_EQ(info(id).id, id);
        EXPECT_EQ(&info(id), &all_metrics()[i]);
    }
}

TEST(Catalogue, TagsAreUniqueAndAiperfs) {
    std::set<std::string> tags;
    for (const metric_info& m : all_metrics())
        tags.insert(m.tag);
    EXPECT_EQ(tags.size(), metric_count);
    EXPECT_STREQ(info(metric_id::total_input_sequence_length).tag, "total_isl");
    EXPECT_STREQ(info(metric_id::total_output_sequence_length).tag, "total_osl");
    EXPECT_STREQ(info(metric_id::time_to_first_output_token).header, "Time to First Output Token");
    EXPECT_STREQ(info(metric_id::output_token_throughput_per_user).short_header,
                 "Output TPS Per User");
}

TEST(Catalogue, UnitsAndDivisors) {
    const metric_info& ttft = info(metric_id::time_to_first_token);
    EXPECT_STREQ(ttft.unit, "ns");
    EXPECT_STREQ(ttft.display_unit, "ms");
    EXPECT_EQ(ttft.display_divisor, 1e6);
    const metric_info& duration = info(metric_id::benchmark_duration);
    EXPECT_STREQ(duration.display_unit, "sec");
    EXPECT_EQ(duration.display_divisor, 1e9);
    EXPECT_STREQ(info(metric_id::output_token_throughput_per_user).unit, "tokens/sec/user");
    EXPECT_STREQ(info(metric_id::request_throughput).display_unit, "requests/sec");
    EXPECT_STREQ(info(metric_id::min_request_timestamp).display_unit, "ns");
    EXPECT_EQ(info(metric_id::input_sequence_length).display_divisor, 1);
}

TEST(Catalogue, KindsAndFlags) {
    EXPECT_EQ(info(metric_id::inter_chunk_latency).kind, metric_kind::record);
    EXPECT_EQ(info(metric_id::request_count).kind, metric_kind::aggregate);
    EXPECT_EQ(info(metric_id::output_token_throughput).kind, metric_kind::derived);
    EXPECT_EQ(info(metric_id::time_to_first_output_token).flags,
              flag::streaming_only | flag::produces_tokens_only | flag::supports_reasoning);
    EXPECT_EQ(info(metric_id::inter_chunk_latency).flags, flag::streaming_only |
                                                              flag::produces_tokens_only |
                                                              flag::no_console | flag::list_valued);
    EXPECT_EQ(info(metric_id::request_latency).flags, flag::none);
    EXPECT_EQ(info(metric_id::error_request_count).flags,
              flag::error_only | flag::no_individual_records);
}

TEST(Catalogue, OrderPutsConsoleRowsFirstThenTheRestInIdOrder) {
    std::vector<metric_id> expected{
        metric_id::time_to_first_token,
        metric_id::time_to_first_token_from_intended,
        metric_id::time_to_second_token,
        metric_id::time_to_first_output_token,
        metric_id::request_latency,
        metric_id::request_latency_from_intended,
        metric_id::decode_duration,
        metric_id::inter_token_latency,
        metric_id::full_response_inter_token_latency,
        metric_id::output_token_throughput_per_user,
        metric_id::output_sequence_length,
        metric_id::input_sequence_length,
        metric_id::output_token_throughput,
        metric_id::request_throughput,
        metric_id::goodput,
        metric_id::request_count,
        metric_id::send_lag,
        metric_id::inter_chunk_latency,
        metric_id::output_token_count,
        metric_id::reasoning_token_count,
        metric_id::schedule_lag,
    };
    // Then every other metric in id order.
    for (std::size_t i = 0; i < metric_count; ++i) {
        const auto id = static_cast<metric_id>(i);
        if (std::find(expected.begin(), expected.end(), id) == expected.end())
            expected.push_back(id);
    }
    const auto order = catalogue_order();
    EXPECT_EQ(std::vector<metric_id>(order.begin(), order.end()), expected);
    EXPECT_EQ(expected[std::size(expected) - 1], metric_id::replay_sched_degraded);
}

TEST(Catalogue, ExportOnlyRowsStartWithTheOriginalRunMetrics) {
    const auto order = catalogue_order();
    const std::vector<metric_id> expected{
        metric_id::error_request_count,         metric_id::min_request_timestamp,
        metric_id::max_response_timestamp,      metric_id::benchmark_duration,
        metric_id::total_input_sequence_length, metric_id::total_output_sequence_length,
        metric_id::total_output_tokens,         metric_id::total_reasoning_tokens,
    };
    const auto first = std::find(order.begin(), order.end(), metric_id::error_request_count);
    ASSERT_NE(first, order.end());
    EXPECT_EQ(std::vector<metric_id>(first, first + static_cast<std::ptrdiff_t>(expected.size())),
              expected);
}

TEST(Catalogue, IntendedStartAndLagMetricsAreMillisecondRecordMetrics) {
    for (metric_id id :
         {metric_id::time_to_first_token_from_intended, metric_id::request_latency_from_intended,
          metric_id::send_lag, metric_id::schedule_lag}) {
        const metric_info& m = info(id);
        SCOPED_TRACE(m.tag);
        EXPECT_EQ(m.kind, metric_kind::record);
        EXPECT_STREQ(m.unit, "ns");
        EXPECT_STREQ(m.display_unit, "ms");
        EXPECT_EQ(m.display_divisor, 1e6);
        EXPECT_EQ(m.flags & flag::no_individual_records, 0u);  // every JSONL line has them
    }
    EXPECT_STREQ(info(metric_id::time_to_first_token_from_intended).tag,
                 "time_to_first_token_from_intended");
    EXPECT_STREQ(info(metric_id::request_latency_from_intended).tag,
                 "request_latency_from_intended");
    EXPECT_STREQ(info(metric_id::send_lag).tag, "send_lag");
    EXPECT_STREQ(info(metric_id::schedule_lag).tag, "schedule_lag");
    // TTFT from intended needs a stream, as TTFT does; the others apply to every request.
    EXPECT_EQ(info(metric_id::time_to_first_token_from_intended).flags,
              info(metric_id::time_to_first_token).flags);
    EXPECT_EQ(info(metric_id::request_latency_from_intended).flags, flag::none);
    EXPECT_EQ(info(metric_id::send_lag).flags, flag::none);
    EXPECT_EQ(info(metric_id::schedule_lag).flags, flag::no_console);
}

TEST(Catalogue, TokenCountsAreExportOnlyAsInAiperf) {
    const metric_info& out = info(metric_id::output_token_count);
    const metric_info& reasoning = info(metric_id::reasoning_token_count);
    EXPECT_STREQ(out.tag, "output_token_count");
    EXPECT_STREQ(reasoning.tag, "reasoning_token_count");
    EXPECT_STREQ(info(metric_id::total_output_tokens).tag, "total_output_tokens");
    EXPECT_STREQ(info(metric_id::total_reasoning_tokens).tag, "total_reasoning_tokens");
    for (const metric_info* m : {&out, &reasoning}) {
        EXPECT_EQ(m->kind, metric_kind::record);
        EXPECT_STREQ(m->display_unit, "tokens");
        EXPECT_FALSE(on_console(*m));
        EXPECT_EQ(m->flags & flag::no_individual_records, 0u);  // in every JSONL line
    }
    EXPECT_NE(reasoning.flags & flag::supports_reasoning, 0u);
    EXPECT_EQ(info(metric_id::total_reasoning_tokens).kind, metric_kind::derived);
    EXPECT_NE(info(metric_id::total_reasoning_tokens).flags & flag::no_individual_records, 0u);
}

TEST(Catalogue, ConsoleRows) {
    EXPECT_TRUE(on_console(info(metric_id::time_to_first_token)));
    EXPECT_TRUE(on_console(info(metric_id::request_count)));
    EXPECT_FALSE(on_console(info(metric_id::inter_chunk_latency)));
    EXPECT_FALSE(on_console(info(metric_id::error_request_count)));
    EXPECT_FALSE(on_console(info(metric_id::benchmark_duration)));
    EXPECT_TRUE(on_console(info(metric_id::time_to_first_token_from_intended)));
    EXPECT_TRUE(on_console(info(metric_id::request_latency_from_intended)));
    EXPECT_TRUE(on_console(info(metric_id::send_lag)));
    EXPECT_FALSE(on_console(info(metric_id::schedule_lag)));  // in the self-check line instead
}

}  // namespace
}  // namespace ringperf::metrics
