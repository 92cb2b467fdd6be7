// Usage objects as real servers send them (vLLM, OpenAI, Anthropic, DeepSeek).
#include <gtest/gtest.h>

#include "ringperf/api/response.h"

namespace {

using ringperf::api::endpoint_type;
using ringperf::api::response_interpreter;
using ringperf::metrics::usage_counts;

usage_counts usage_of_body(std::string_view body) {
    response_interpreter in(endpoint_type::chat);
    const auto r = in.full_body(body);
    EXPECT_TRUE(r.usage.has_value()) << body;
    return r.usage.value_or(usage_counts{});
}

TEST(UsageParsing, VllmFinalStreamChunkWithNullDetails) {
    response_interpreter in(endpoint_type::chat);
    const auto r = in.stream_event(
        "", R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",)"
            R"("choices":[],"usage":{"prompt_tokens":550,"total_tokens":650,)"
            R"("completion_tokens":100,"prompt_tokens_details":null}})");
    ASSERT_TRUE(r.usage.has_value());
    EXPECT_EQ(r.usage->prompt_tokens, 550);
    EXPECT_EQ(r.usage->completion_tokens, 100);
    EXPECT_EQ(r.usage->total_tokens, 650);
    EXPECT_EQ(r.usage->prompt_cache_read_tokens, -1);
    EXPECT_EQ(r.usage->reasoning_tokens, -1);
}

TEST(UsageParsing, OpenAiDetailsGiveCacheAudioReasoningAndPredictions) {
    const usage_counts u = usage_of_body(
        R"({"id":"chatcmpl-2","object":"chat.completion","choices":[{"index":0,)"
        R"("message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],)"
        R"("usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,)"
        R"("prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":7},)"
        R"("completion_tokens_details":{"reasoning_tokens":128,"audio_tokens":3,)"
        R"("accepted_prediction_tokens":11,"rejected_prediction_tokens":2}}})");
    EXPECT_EQ(u.prompt_tokens, 2006);
    EXPECT_EQ(u.completion_tokens, 300);
    EXPECT_EQ(u.total_tokens, 2306);
    EXPECT_EQ(u.prompt_cache_read_tokens, 1920);
    EXPECT_EQ(u.prompt_audio_tokens, 7);
    EXPECT_EQ(u.reasoning_tokens, 128);
    EXPECT_EQ(u.completion_audio_tokens, 3);
    EXPECT_EQ(u.accepted_prediction_tokens, 11);
    EXPECT_EQ(u.rejected_prediction_tokens, 2);
    EXPECT_EQ(u.prompt_cache_write_tokens, -1);
    EXPECT_EQ(u.prompt_cache_miss_tokens, -1);
}

TEST(UsageParsing, AnthropicNamesMapOntoPromptCompletionAndCache) {
    const usage_counts u =
        usage_of_body(R"({"choices":[{"message":{"content":"x"}}],"usage":{"input_tokens":25,)"
                      R"("cache_creation_input_tokens":1200,"cache_read_input_tokens":3000,)"
                      R"("output_tokens":90}})");
    EXPECT_EQ(u.prompt_tokens, 25);
    EXPECT_EQ(u.completion_tokens, 90);
    EXPECT_EQ(u.prompt_cache_read_tokens, 3000);
    EXPECT_EQ(u.prompt_cache_write_tokens, 1200);
}

TEST(UsageParsing, DeepSeekCacheHitAndMissTokens) {
    const usage_counts u = usage_of_body(
        R"({"object":"chat.completion","choices":[{"message":{"content":"x"}}],)"
        R"("usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,)"
        R"("prompt_tokens_details":{"cached_tokens":64},"prompt_cache_hit_tokens":64,)"
        R"("prompt_cache_miss_tokens":36}})");
    EXPECT_EQ(u.prompt_cache_read_tokens, 64);
    EXPECT_EQ(u.prompt_cache_miss_tokens, 36);
    const usage_counts only_hit =
        usage_of_body(R"({"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":10,)"
                      R"("prompt_cache_hit_tokens":4,"prompt_cache_miss_tokens":6}})");
    EXPECT_EQ(only_hit.prompt_cache_read_tokens, 4);
}

TEST(UsageParsing, OpenAiNamesWinOverAliases) {
    const usage_counts u =
        usage_of_body(R"({"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":10,)"
                      R"("input_tokens":99,"prompt_tokens_details":{"cached_tokens":5},)"
                      R"("cache_read_input_tokens":77}})");
    EXPECT_EQ(u.prompt_tokens, 10);
    EXPECT_EQ(u.prompt_cache_read_tokens, 5);
}

TEST(UsageParsing, UsageOnlyChunkIsIgnoredContentButKeepsItsUsage) {
    response_interpreter in(endpoint_type::chat);
    const auto r = in.stream_event(
        "", R"({"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":5,)"
            R"("completion_tokens":2,"completion_tokens_details":{"reasoning_tokens":1}}})");
    EXPECT_EQ(r.kind, ringperf::api::response_kind::ignored);
    ASSERT_TRUE(r.usage.has_value());
    EXPECT_EQ(r.usage->reasoning_tokens, 1);
}

}  // namespace
