#include "ringperf/mock/completion.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace ringperf::mock {
namespace {

completion_request decode_ok(api_kind kind, std::string_view body) {
    request_decoder d;
    completion_request r;
    std::string msg;
    EXPECT_TRUE(d.decode(kind, body, r, msg)) << msg;
    return r;
}

std::string decode_error(api_kind kind, std::string_view body) {
    request_decoder d;
    completion_request r;
    std::string msg;
    EXPECT_FALSE(d.decode(kind, body, r, msg));
    return msg;
}

TEST(RequestDecoder, CountsWordsOfEveryMessageStringOrTextPart) {
    const auto r = decode_ok(api_kind::chat, R"({"model":"m","messages":[
        {"role":"system","content":"be  brief\n"},
        {"role":"user","content":[{"type":"text","text":"hello\tworld"},
                                  {"type":"image_url","image_url":{"url":"x y z"}}]},
        {"role":"assistant","content":null}],
        "stream":true,"stream_options":{"include_usage":true},
        "max_completion_tokens":12,"max_tokens":99,"min_tokens":3,"ignore_eos":true})");
    EXPECT_EQ(r.model, "m");
    EXPECT_EQ(r.words, "be brief hello world");
    EXPECT_EQ(r.prompt_tokens, 4u);
    EXPECT_TRUE(r.stream);
    EXPECT_TRUE(r.include_usage);
    EXPECT_EQ(r.max_tokens, 12u);  // max_completion_tokens wins over max_tokens
    EXPECT_EQ(r.min_tokens, 3u);
    EXPECT_TRUE(r.ignore_eos);
}

TEST(RequestDecoder, ReadsCompletionPromptsAsStringOrList) {
    auto r = decode_ok(api_kind::completions, R"({"prompt":"a b c","max_tokens":5})");
    EXPECT_EQ(r.prompt_tokens, 3u);
    EXPECT_EQ(r.max_tokens, 5u);
    EXPECT_EQ(r.model, "mock-model");
    EXPECT_FALSE(r.stream);
    r = decode_ok(api_kind::completions, R"({"prompt":["a b","c \u00e9"]})");
    EXPECT_EQ(r.words, "a b c \xc3\xa9");
    EXPECT_FALSE(r.max_tokens.has_value());
}

TEST(RequestDecoder, RejectsBadJsonAndWrongTypes) {
    EXPECT_EQ(decode_error(api_kind::chat, R"({"messages":[)"), "request body is not valid JSON");
    EXPECT_EQ(decode_error(api_kind::chat, "[1]"), "request body must be a JSON object");
    EXPECT_EQ(decode_error(api_kind::chat, R"({"model":"m"})"), "'messages' is required");
    EXPECT_EQ(decode_error(api_kind::completions, R"({"messages":[]})"), "'prompt' is required");
    EXPECT_NE(decode_error(api_kind::chat, R"({"messages":[],"max_tokens":-1})").find("max_tokens"),
              std::string::npos);
    EXPECT_NE(decode_error(api_kind::chat, R"({"messages":[],"stream":"yes"})").find("stream"),
              std::string::npos);
    EXPECT_NE(decode_error(api_kind::chat, R"({"messages":[{"content":5}]})").find("content"),
              std::string::npos);
    EXPECT_NE(decode_error(api_kind::completions, R"({"prompt":[1,2]})").find("prompt"),
              std::string::npos);
}

TEST(RequestDecoder, ReusesOneDecoderAcrossRequests) {
    request_decoder d;
    completion_request r;
    std::string msg;
    ASSERT_TRUE(d.decode(api_kind::chat,
                         R"({"messages":[{"content":"one two"}],"stream":true,"max_tokens":4})", r,
                         msg));
    ASSERT_TRUE(d.decode(api_kind::chat, R"({"messages":[{"content":"three"}]})", r, msg));
    EXPECT_EQ(r.words, "three");
    EXPECT_FALSE(r.stream);
    EXPECT_FALSE(r.max_tokens.has_value());
}

TEST(OutputPlan, NaturalLengthIsDeterministicWithinBounds) {
    for (std::uint32_t p : {0u, 10u, 100u, 1000u, 10000u}) {
        for (std::uint64_t h = 1; h < 50; ++h) {
            const std::uint32_t n = natural_length(p, h * 7919, 42);
            EXPECT_EQ(n, natural_length(p, h * 7919, 42));
            EXPECT_GE(n, std::min(4096.0, std::max(16.0, std::floor(0.8 * p))));
            EXPECT_LE(n, std::min(4096.0, std::max(16.0, std::ceil(1.2 * p))));
        }
    }
    EXPECT_NE(natural_length(1000, 1, 1), natural_length(1000, 1, 2));
}

TEST(OutputPlan, HonoursMaxMinAndIgnoreEos) {
    completion_request r;
    r.prompt_tokens = 100;
    r.content_hash = 5;
    const std::uint64_t natural = natural_length(100, 5, 0);
    EXPECT_EQ(plan_output(r, 0).tokens, natural);
    EXPECT_FALSE(plan_output(r, 0).length);

    r.max_tokens = 10;
    EXPECT_EQ(plan_output(r, 0).tokens, 10u);
    EXPECT_TRUE(plan_output(r, 0).length);

    r.max_tokens = 1000;
    EXPECT_EQ(plan_output(r, 0).tokens, natural);
    EXPECT_FALSE(plan_output(r, 0).length);
    r.min_tokens = 500;
    EXPECT_EQ(plan_output(r, 0).tokens, 500u);
    EXPECT_FALSE(plan_output(r, 0).length);
    r.min_tokens = 5000;  // capped at max
    EXPECT_EQ(plan_output(r, 0).tokens, 1000u);
    EXPECT_TRUE(plan_output(r, 0).length);

    r.min_tokens = 0;
    r.ignore_eos = true;
    EXPECT_EQ(plan_output(r, 0).tokens, 1000u);
    EXPECT_TRUE(plan_output(r, 0).length);
}

TEST(NextWord, CyclesThroughTheWordsAndFallsBackToToken) {
    std::size_t cursor = 0;
    const std::string words = "a bb c";
    std::string out;
    for (int i = 0; i < 7; ++i) {
        out += next_word(words, cursor);
        out += '|';
    }
    EXPECT_EQ(out, "a|bb|c|a|bb|c|a|");
    cursor = 0;
    EXPECT_EQ(next_word("", cursor), "token");
}

}  // namespace
}  // namespace ringperf::mock
