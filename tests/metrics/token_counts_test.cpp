// Where ISL, OSL and the output / reasoning token counts come from, per token_source.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>

#include "ringperf/metrics/record.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr mono_ns t0 = 7'000'000'000;
constexpr mono_ns ms = 1'000'000;

request_record streamed(std::initializer_list<mono_ns> offsets_ns) {
    request_record r;
    r.streaming = true;
    r.t_start = t0;
    for (mono_ns o : offsets_ns)
        r.content_ns.push_back(t0 + o);
    r.first_output_index = 0;
    r.t_end = r.content_ns.back() + 1000;
    r.status = 200;
    return r;
}

TEST(TokenCounts, TokenizerCountsGiveOutputReasoningAndTheirSumAsOsl) {
    request_record r = streamed({10 * ms, 20 * ms, 30 * ms, 40 * ms});
    r.counted.output = 5;
    r.counted.reasoning = 7;
    r.input_tokens = 120;
    r.usage.prompt_tokens = 999;  // recorded, but the tokenizer's counts win
    r.usage.completion_tokens = 999;
    const record_values v = compute_record_values(r, token_source::tokenizer);
    EXPECT_EQ(v.output_token_count, 5);
    EXPECT_EQ(v.reasoning_token_count, 7);
    EXPECT_EQ(v.output_sequence_length, 12);
    EXPECT_EQ(v.input_sequence_length, 120);
    EXPECT_FALSE(v.osl_estimated);
    // ITL divides the decode time by OSL - 1 = 11 tokens.
    ASSERT_TRUE(v.inter_token_latency_ns);
    EXPECT_DOUBLE_EQ(*v.inter_token_latency_ns, 30.0 * ms / 11);
}

TEST(TokenCounts, TokenizerWithoutReasoningLeavesItAbsent) {
    request_record r = streamed({10 * ms, 20 * ms});
    r.counted.output = 3;
    const record_values v = compute_record_values(r, token_source::tokenizer);
    EXPECT_EQ(v.output_token_count, 3);
    EXPECT_FALSE(v.reasoning_token_count);
    EXPECT_EQ(v.output_sequence_length, 3);
    EXPECT_FALSE(v.input_sequence_length);  // input_tokens unknown
}

TEST(TokenCounts, TokenizerWithOnlyReasoningCountsItAsTheOsl) {
    request_record r = streamed({10 * ms});
    r.counted.reasoning = 4;
    const record_values v = compute_record_values(r, token_source::tokenizer);
    EXPECT_FALSE(v.output_token_count);
    EXPECT_EQ(v.reasoning_token_count, 4);
    EXPECT_EQ(v.output_sequence_length, 4);
}

TEST(TokenCounts, TokenizerWithNothingCountedHasNoOslAndNoEstimate) {
    request_record r = streamed({10 * ms, 20 * ms});
    const record_values v = compute_record_values(r, token_source::tokenizer);
    EXPECT_FALSE(v.output_sequence_length);
    EXPECT_FALSE(v.osl_estimated);
    EXPECT_FALSE(v.inter_token_latency_ns);
}

TEST(TokenCounts, NonStreamedResponseGetsItsCountsToo) {
    request_record r;
    r.t_start = t0;
    r.content_ns = {t0 + 50 * ms};
    r.t_end = t0 + 50 * ms;
    r.counted.output = 9;
    r.input_tokens = 30;
    const record_values v = compute_record_values(r, token_source::tokenizer);
    EXPECT_EQ(v.output_sequence_length, 9);
    EXPECT_EQ(v.input_sequence_length, 30);
    EXPECT_FALSE(v.inter_token_latency_ns);
}

TEST(TokenCounts, ServerCountsSplitCompletionTokensIntoOutputAndReasoning) {
    request_record r = streamed({10 * ms, 20 * ms});
    r.usage.prompt_tokens = 64;
    r.usage.completion_tokens = 50;
    r.usage.reasoning_tokens = 20;
    r.input_tokens = 60;
    r.counted.output = 1;  // never looked at with server counts
    const record_values v = compute_record_values(r, token_source::server);
    EXPECT_EQ(v.input_sequence_length, 64);
    EXPECT_EQ(v.reasoning_token_count, 20);
    EXPECT_EQ(v.output_token_count, 30);
    EXPECT_EQ(v.output_sequence_length, 50);  // completion_tokens: reasoning is not subtracted
}

TEST(TokenCounts, ServerCountsClampOutputWhenReasoningExceedsCompletion) {
    request_record r = streamed({10 * ms});
    r.usage.completion_tokens = 5;
    r.usage.reasoning_tokens = 8;
    const record_values v = compute_record_values(r, token_source::server);
    EXPECT_EQ(v.output_token_count, 0);
    EXPECT_EQ(v.reasoning_token_count, 8);
    EXPECT_EQ(v.output_sequence_length, 8);
}

TEST(TokenCounts, ServerCountsWithoutUsageLeaveEveryTokenMetricAbsent) {
    request_record r = streamed({10 * ms, 20 * ms, 30 * ms});
    r.input_tokens = 60;
    r.counted.output = 3;
    const record_values v = compute_record_values(r, token_source::server);
    EXPECT_FALSE(v.input_sequence_length);
    EXPECT_FALSE(v.output_sequence_length);
    EXPECT_FALSE(v.output_token_count);
    EXPECT_FALSE(v.reasoning_token_count);
    EXPECT_FALSE(v.osl_estimated);
    EXPECT_FALSE(v.inter_token_latency_ns);
    EXPECT_TRUE(v.time_to_first_token_ns);  // timing metrics do not depend on counts
}

TEST(TokenCounts, ServerCountsWithOnlyPromptTokensGiveIslAlone) {
    request_record r = streamed({10 * ms});
    r.usage.prompt_tokens = 12;
    const record_values v = compute_record_values(r, token_source::server);
    EXPECT_EQ(v.input_sequence_length, 12);
    EXPECT_FALSE(v.output_sequence_length);
}

TEST(TokenCounts, EstimateWithoutUsageCountsContentResponses) {
    request_record r = streamed({10 * ms, 20 * ms, 30 * ms});
    r.input_tokens = 60;
    r.counted.output = 99;  // no tokenizer in this mode: ignored
    const record_values v = compute_record_values(r, token_source::estimate);
    EXPECT_EQ(v.output_sequence_length, 3);
    EXPECT_TRUE(v.osl_estimated);
    EXPECT_FALSE(v.output_token_count);
    EXPECT_EQ(v.input_sequence_length, 60);
}

TEST(TokenCounts, EstimateTakesUsageWhenSentAndPromptTokensEvenAlone) {
    request_record r = streamed({10 * ms, 20 * ms});
    r.usage.completion_tokens = 40;
    r.usage.reasoning_tokens = 10;
    r.input_tokens = 60;
    record_values v = compute_record_values(r, token_source::estimate);
    EXPECT_EQ(v.output_sequence_length, 40);
    EXPECT_EQ(v.output_token_count, 30);
    EXPECT_EQ(v.reasoning_token_count, 10);
    EXPECT_EQ(v.input_sequence_length, 60);  // no prompt_tokens: the client's count

    request_record p = streamed({10 * ms, 20 * ms});
    p.usage.prompt_tokens = 70;
    p.input_tokens = 60;
    v = compute_record_values(p, token_source::estimate);
    EXPECT_EQ(v.input_sequence_length, 70);
    EXPECT_TRUE(v.osl_estimated);
}

TEST(TokenCounts, FailedRequestsHaveNoCounts) {
    request_record r = streamed({10 * ms});
    r.counted.output = 4;
    r.error = error_kind::read;
    const record_values v = compute_record_values(r, token_source::tokenizer);
    EXPECT_FALSE(v.output_sequence_length);
    EXPECT_FALSE(v.output_token_count);
}

TEST(TokenCounts, MetricSetTotalsTheSplitAndMergesIt) {
    const wall_clock_map clock{};
    metric_set a, b;
    request_record r = streamed({10 * ms, 20 * ms});
    r.counted.output = 6;
    r.counted.reasoning = 4;
    a.add(r, compute_record_values(r, token_source::tokenizer), clock);
    request_record s = streamed({10 * ms, 20 * ms});
    s.counted.output = 2;
    b.add(s, compute_record_values(s, token_source::tokenizer), clock);
    a.merge(b);
    double output = -1, reasoning = -1, osl = -1;
    std::uint64_t reasoning_records = 0;
    for (const metric_result& m : a.summarize()) {
        if (m.info->id == metric_id::total_output_tokens) output = m.value;
        if (m.info->id == metric_id::total_reasoning_tokens) reasoning = m.value;
        if (m.info->id == metric_id::total_output_sequence_length) osl = m.value;
        if (m.info->id == metric_id::reasoning_token_count) reasoning_records = m.s.count;
    }
    EXPECT_DOUBLE_EQ(output, 8);
    EXPECT_DOUBLE_EQ(reasoning, 4);
    EXPECT_DOUBLE_EQ(osl, 12);
    EXPECT_EQ(reasoning_records, 1u);
}

TEST(TokenCounts, ClearKeepsTextCapacityAndForgetsCounts) {
    request_record r;
    r.output_text.assign(1000, 'x');
    r.reasoning_text.assign(500, 'y');
    r.counted = {3, 4};
    const char* out_data = r.output_text.data();
    r.clear();
    EXPECT_TRUE(r.output_text.empty());
    EXPECT_TRUE(r.reasoning_text.empty());
    EXPECT_GE(r.output_text.capacity(), 1000u);
    EXPECT_GE(r.reasoning_text.capacity(), 500u);
    EXPECT_EQ(r.output_text.data(), out_data);
    EXPECT_EQ(r.counted.output, -1);
    EXPECT_EQ(r.counted.reasoning, -1);
}

}  // namespace
}  // namespace ringperf::metrics
