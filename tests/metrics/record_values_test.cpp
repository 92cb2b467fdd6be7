#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "ringperf/metrics/record.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr mono_ns t0 = 5'000'000'000;

// A successful streamed request started at t0 whose content responses arrived at t0 + offsets.
request_record streamed(std::initializer_list<mono_ns> offsets_ns) {
    request_record r;
    r.streaming = true;
    r.t_start = t0;
    for (mono_ns o : offsets_ns)
        r.content_ns.push_back(t0 + o);
    r.first_output_index = r.content_ns.empty() ? -1 : 0;
    r.t_end = (r.content_ns.empty() ? t0 : r.content_ns.back()) + 1000;
    r.responses = static_cast<std::uint32_t>(r.content_ns.size());
    r.status = 200;
    return r;
}

TEST(RecordValues, StreamWithoutUsageEstimatesOslFromContentResponses) {
    request_record r = streamed({100, 150, 210, 300});
    r.responses = 6;  // a role-only first chunk and a trailing usage-less final chunk
    r.input_tokens = 42;
    const record_values v = compute_record_values(r);
    EXPECT_EQ(v.time_to_first_token_ns, 100);
    EXPECT_EQ(v.time_to_second_token_ns, 50);
    EXPECT_EQ(v.time_to_first_output_token_ns, 100);
    EXPECT_EQ(v.request_latency_ns, 300);  // last content response, not t_end
    ASSERT_TRUE(v.output_sequence_length);
    EXPECT_EQ(*v.output_sequence_length, 4);  // the role-only chunk carries no content
    EXPECT_TRUE(v.osl_estimated);
    EXPECT_EQ(v.input_sequence_length, 42);
    ASSERT_TRUE(v.inter_token_latency_ns);
    EXPECT_DOUBLE_EQ(*v.inter_token_latency_ns, 200.0 / 3.0);
    ASSERT_TRUE(v.output_token_throughput_per_user);
    EXPECT_DOUBLE_EQ(*v.output_token_throughput_per_user, 1e9 / (200.0 / 3.0));
    EXPECT_EQ(v.inter_chunk_latency_ns, (std::vector<std::int64_t>{50, 60, 90}));
}

TEST(RecordValues, UsageCountsTakePrecedence) {
    request_record r = streamed({1'000'000, 2'000'000, 11'000'000});
    r.usage.completion_tokens = 11;
    r.usage.prompt_tokens = 300;
    r.input_tokens = 290;
    const record_values v = compute_record_values(r);
    EXPECT_EQ(v.output_sequence_length, 11);
    EXPECT_FALSE(v.osl_estimated);
    EXPECT_EQ(v.input_sequence_length, 300);
    ASSERT_TRUE(v.inter_token_latency_ns);
    EXPECT_DOUBLE_EQ(*v.inter_token_latency_ns, 1'000'000.0);  // (11 ms - 1 ms) / 10
    EXPECT_DOUBLE_EQ(*v.output_token_throughput_per_user, 1000.0);
}

TEST(RecordValues, ReasoningFirstMakesTtfoLaterThanTtft) {
    request_record r = streamed({100, 200, 350, 400});
    r.first_output_index = 2;  // two reasoning chunks, then output
    const record_values v = compute_record_values(r);
    EXPECT_EQ(v.time_to_first_token_ns, 100);
    EXPECT_EQ(v.time_to_first_output_token_ns, 350);
}

TEST(RecordValues, NoOutputContentMeansNoTtfo) {
    request_record r = streamed({100, 200});
    r.first_output_index = -1;  // reasoning only
    EXPECT_FALSE(compute_record_values(r).time_to_first_output_token_ns);
}

TEST(RecordValues, OneContentResponseHasNoSecondTokenOrItl) {
    const record_values v = compute_record_values(streamed({700}));
    EXPECT_EQ(v.time_to_first_token_ns, 700);
    EXPECT_FALSE(v.time_to_second_token_ns);
    EXPECT_EQ(v.output_sequence_length, 1);
    EXPECT_FALSE(v.inter_token_latency_ns);
    EXPECT_FALSE(v.output_token_throughput_per_user);
    EXPECT_TRUE(v.inter_chunk_latency_ns.empty());
    EXPECT_EQ(v.request_latency_ns, 700);
}

TEST(RecordValues, AllTokensInOneChunkGiveZeroItlAndNoPerUserThroughput) {
    request_record r = streamed({700});
    r.usage.completion_tokens = 5;
    const record_values v = compute_record_values(r);
    ASSERT_TRUE(v.inter_token_latency_ns);
    EXPECT_EQ(*v.inter_token_latency_ns, 0.0);
    EXPECT_FALSE(v.output_token_throughput_per_user);
}

TEST(RecordValues, StreamWithoutContentUsesEndTimeForLatency) {
    request_record r = streamed({});
    r.t_end = t0 + 9000;
    const record_values v = compute_record_values(r);
    EXPECT_EQ(v.request_latency_ns, 9000);
    EXPECT_FALSE(v.time_to_first_token_ns);
    EXPECT_EQ(v.output_sequence_length, 0);
    EXPECT_TRUE(v.osl_estimated);
    EXPECT_FALSE(v.inter_token_latency_ns);
}

TEST(RecordValues, NonStreamedRequestHasLatencyButNoStreamingMetrics) {
    request_record r;
    r.streaming = false;
    r.t_start = t0;
    r.content_ns = {t0 + 40'000'000};
    r.first_output_index = 0;
    r.t_end = t0 + 40'000'100;
    r.usage.completion_tokens = 64;
    const record_values v = compute_record_values(r);
    EXPECT_EQ(v.request_latency_ns, 40'000'000);
    EXPECT_FALSE(v.time_to_first_token_ns);
    EXPECT_FALSE(v.time_to_second_token_ns);
    EXPECT_FALSE(v.time_to_first_output_token_ns);
    EXPECT_FALSE(v.inter_token_latency_ns);
    EXPECT_FALSE(v.output_token_throughput_per_user);
    EXPECT_TRUE(v.inter_chunk_latency_ns.empty());
    EXPECT_EQ(v.output_sequence_length, 64);
    EXPECT_FALSE(v.input_sequence_length);
}

TEST(RecordValues, NonStreamedRequestWithoutUsageHasNoOsl) {
    request_record r;
    r.t_start = t0;
    r.content_ns = {t0 + 500};
    r.t_end = t0 + 600;
    const record_values v = compute_record_values(r);
    EXPECT_FALSE(v.output_sequence_length);
    EXPECT_FALSE(v.osl_estimated);
    EXPECT_EQ(v.request_latency_ns, 500);
}

TEST(RecordValues, FailedRequestHasNoValues) {
    request_record r = streamed({100, 200});
    r.error = error_kind::http_status;
    r.error_code = 500;
    r.usage.completion_tokens = 3;
    const record_values v = compute_record_values(r);
    EXPECT_FALSE(v.request_latency_ns);
    EXPECT_FALSE(v.time_to_first_token_ns);
    EXPECT_FALSE(v.output_sequence_length);
    EXPECT_FALSE(v.input_sequence_length);
    EXPECT_TRUE(v.inter_chunk_latency_ns.empty());
}

TEST(RequestRecord, ClearResetsFieldsAndKeepsCapacity) {
    request_record r = streamed({1, 2, 3, 4, 5, 6, 7, 8});
    r.error = error_kind::read;
    r.error_message = std::string(200, 'x');
    r.usage.completion_tokens = 9;
    r.x_request_id[0] = 'a';
    const std::size_t capacity = r.content_ns.capacity();
    const std::size_t message_capacity = r.error_message.capacity();
    r.clear();
    EXPECT_TRUE(r.content_ns.empty());
    EXPECT_EQ(r.content_ns.capacity(), capacity);
    EXPECT_TRUE(r.error_message.empty());
    EXPECT_EQ(r.error_message.capacity(), message_capacity);
    EXPECT_TRUE(r.ok());
    EXPECT_FALSE(r.streaming);
    EXPECT_EQ(r.t_start, 0);
    EXPECT_EQ(r.first_output_index, -1);
    EXPECT_EQ(r.usage.completion_tokens, -1);
    EXPECT_EQ(r.x_request_id[0], '\0');
    EXPECT_EQ(r.phase, benchmark_phase::profiling);
}

TEST(RequestRecord, ErrorKindsHaveStableNames) {
    EXPECT_STREQ(error_kind_name(error_kind::none), "none");
    EXPECT_STREQ(error_kind_name(error_kind::connect), "connect");
    EXPECT_STREQ(error_kind_name(error_kind::tls), "tls");
    EXPECT_STREQ(error_kind_name(error_kind::write), "write");
    EXPECT_STREQ(error_kind_name(error_kind::read), "read");
    EXPECT_STREQ(error_kind_name(error_kind::http_status), "http_status");
    EXPECT_STREQ(error_kind_name(error_kind::protocol), "protocol");
    EXPECT_STREQ(error_kind_name(error_kind::stream_error), "stream_error");
    EXPECT_STREQ(error_kind_name(error_kind::response_invalid), "response_invalid");
    EXPECT_STREQ(error_kind_name(error_kind::timeout_connect), "timeout_connect");
    EXPECT_STREQ(error_kind_name(error_kind::timeout_first_byte), "timeout_first_byte");
    EXPECT_STREQ(error_kind_name(error_kind::timeout_idle), "timeout_idle");
    EXPECT_STREQ(error_kind_name(error_kind::timeout_total), "timeout_total");
    EXPECT_STREQ(error_kind_name(error_kind::cancelled), "cancelled");
    EXPECT_STREQ(benchmark_phase_name(benchmark_phase::warmup), "warmup");
    EXPECT_STREQ(benchmark_phase_name(benchmark_phase::profiling), "profiling");
}

}  // namespace
}  // namespace ringperf::metrics
