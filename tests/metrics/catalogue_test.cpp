#include "ringperf/metrics/catalogue.h"

#include <gtest/gtest.h>

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
    const std::vector<metric_id> expected{
        metric_id::time_to_first_token,
        metric_id::time_to_second_token,
        metric_id::time_to_first_output_token,
        metric_id::request_latency,
        metric_id::inter_token_latency,
        metric_id::output_token_throughput_per_user,
        metric_id::output_sequence_length,
        metric_id::input_sequence_length,
        metric_id::output_token_throughput,
        metric_id::request_throughput,
        metric_id::request_count,
        metric_id::inter_chunk_latency,
        metric_id::error_request_count,
        metric_id::min_request_timestamp,
        metric_id::max_response_timestamp,
        metric_id::benchmark_duration,
        metric_id::total_input_sequence_length,
        metric_id::total_output_sequence_length,
    };
    const auto order = catalogue_order();
    EXPECT_EQ(std::vector<metric_id>(order.begin(), order.end()), expected);
}

TEST(Catalogue, ConsoleRows) {
    EXPECT_TRUE(on_console(info(metric_id::time_to_first_token)));
    EXPECT_TRUE(on_console(info(metric_id::request_count)));
    EXPECT_FALSE(on_console(info(metric_id::inter_chunk_latency)));
    EXPECT_FALSE(on_console(info(metric_id::error_request_count)));
    EXPECT_FALSE(on_console(info(metric_id::benchmark_duration)));
}

}  // namespace
}  // namespace ringperf::metrics
