#include "ringperf/api/request_body.h"

#include <gtest/gtest.h>

#include "ringperf/api/endpoint.h"

namespace {

using ringperf::api::body_streams;
using ringperf::api::build_body;
using ringperf::api::endpoint_options;
using ringperf::api::endpoint_type;
using ringperf::api::prompt_spec;

endpoint_options chat(bool streaming) {
    endpoint_options ep;
    ep.type = endpoint_type::chat;
    ep.streaming = streaming;
    return ep;
}

endpoint_options completions(bool streaming) {
    endpoint_options ep = chat(streaming);
    ep.type = endpoint_type::completions;
    return ep;
}

TEST(Endpoint, NamesAndDefaultPaths) {
    EXPECT_STREQ(ringperf::api::endpoint_type_name(endpoint_type::chat), "chat");
    EXPECT_STREQ(ringperf::api::endpoint_type_name(endpoint_type::completions), "completions");
    EXPECT_STREQ(ringperf::api::endpoint_default_path(endpoint_type::chat), "/v1/chat/completions");
    EXPECT_STREQ(ringperf::api::endpoint_default_path(endpoint_type::completions),
                 "/v1/completions");
}

TEST(RequestBody, ChatStreamingAsksForUsage) {
    EXPECT_EQ(
        build_body(chat(true), "Qwen/Qwen3-0.6B", prompt_spec{"hello there", 128}),
        R"({"messages":[{"role":"user","content":"hello there"}],"model":"Qwen/Qwen3-0.6B",)"
        R"("stream":true,"max_completion_tokens":128,"stream_options":{"include_usage":true}})");
}

TEST(RequestBody, ChatNotStreamingHasNoStreamOptions) {
    EXPECT_EQ(build_body(chat(false), "m", prompt_spec{"hi", 5}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":false,)"
              R"("max_completion_tokens":5})");
}

TEST(RequestBody, OmitsTheLengthFieldWithoutMaxTokens) {
    EXPECT_EQ(build_body(chat(false), "m", prompt_spec{"hi", std::nullopt}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":false})");
    EXPECT_EQ(
        build_body(completions(true), "m", prompt_spec{"hi", std::nullopt}),
        R"({"prompt":"hi","model":"m","stream":true,"stream_options":{"include_usage":true}})");
}

TEST(RequestBody, LegacyMaxTokensForChat) {
    endpoint_options ep = chat(false);
    ep.use_legacy_max_tokens = true;
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", 7}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":false,)"
              R"("max_tokens":7})");
}

TEST(RequestBody, CompletionsUseMaxTokens) {
    EXPECT_EQ(build_body(completions(false), "gpt2", prompt_spec{"the time", 16}),
              R"({"prompt":"the time","model":"gpt2","stream":false,"max_tokens":16})");
    EXPECT_EQ(build_body(completions(true), "gpt2", prompt_spec{"the time", 16}),
              R"({"prompt":"the time","model":"gpt2","stream":true,"max_tokens":16,)"
              R"("stream_options":{"include_usage":true}})");
}

TEST(RequestBody, EscapesPromptModelAndKeys) {
    endpoint_options ep = chat(false);
    ep.extra_inputs = {{"we\"ird\nkey", "1"}};
    EXPECT_EQ(build_body(ep, "org/\"m\"", prompt_spec{"a \"quote\" \\ and\ttab\n\x01 é", {}}),
              "{\"messages\":[{\"role\":\"user\",\"content\":\"a \\\"quote\\\" \\\\ and\\ttab\\n"
              "\\u0001 é\"}],\"model\":\"org/\\\"m\\\"\",\"stream\":false,\"we\\\"ird\\nkey\":1}");
}

TEST(RequestBody, ExtraInputsOverrideInPlaceAndAppendNewKeysInOrder) {
    endpoint_options ep = chat(false);
    ep.extra_inputs = {{"ignore_eos", "true"},
                       {"max_completion_tokens", "64"},
                       {"min_tokens", "32"},
                       {"ignore_eos", "false"}};
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", 128}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":false,)"
              R"("max_completion_tokens":64,"ignore_eos":false,"min_tokens":32})");
}

TEST(RequestBody, ExtraInputsCanReplaceTheModelAndAddNestedValues) {
    endpoint_options ep = completions(false);
    ep.extra_inputs = {
        {"model", "\"other\""},
        {"chat_template_kwargs", R"({"enable_thinking": false, "x": [1, {"y": null}]})"},
        {"stop", R"(["\n\n", "END"])"}};
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"p", {}}),
              R"({"prompt":"p","model":"other","stream":false,)"
              R"("chat_template_kwargs":{"enable_thinking": false, "x": [1, {"y": null}]},)"
              R"("stop":["\n\n", "END"]})");
}

TEST(RequestBody, UserStreamOptionsAreMergedWithIncludeUsage) {
    endpoint_options ep = chat(true);
    ep.extra_inputs = {{"stream_options", R"( { "continuous_usage_stats": true } )"},
                       {"top_p", "0.9"}};
    EXPECT_EQ(
        build_body(ep, "m", prompt_spec{"hi", {}}),
        R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":true,)"
        R"("stream_options":{"continuous_usage_stats": true,"include_usage":true},"top_p":0.9})");
}

TEST(RequestBody, UserIncludeUsageIsKept) {
    endpoint_options ep = chat(true);
    ep.extra_inputs = {{"stream_options", R"({"include_usage": false, "a": {"b": 1}})"}};
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", {}}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":true,)"
              R"("stream_options":{"include_usage": false, "a": {"b": 1}}})");
}

TEST(RequestBody, EmptyOrNullUserStreamOptionsBecomeOurs) {
    endpoint_options ep = chat(true);
    ep.extra_inputs = {{"stream_options", "{ }"}};
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", {}}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":true,)"
              R"("stream_options":{"include_usage":true}})");
    ep.extra_inputs = {{"stream_options", "null"}};
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", {}}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":true,)"
              R"("stream_options":{"include_usage":true}})");
}

TEST(RequestBody, NonObjectUserStreamOptionsAreLeftAlone) {
    endpoint_options ep = chat(true);
    ep.extra_inputs = {{"stream_options", "[1]"}};
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", {}}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":true,)"
              R"("stream_options":[1]})");
}

TEST(RequestBody, UserStreamOptionsWithoutStreamingPassThrough) {
    endpoint_options ep = chat(false);
    ep.extra_inputs = {{"stream_options", R"({"x":1})"}};
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", {}}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":false,)"
              R"("stream_options":{"x":1}})");
}

TEST(RequestBody, AnExtraStreamDecidesWhetherUsageIsRequested) {
    endpoint_options ep = chat(true);
    ep.extra_inputs = {{"stream", "false"}};
    EXPECT_FALSE(body_streams(ep));
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", {}}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":false})");
    ep = chat(false);
    ep.extra_inputs = {{"stream", " true "}};
    EXPECT_TRUE(body_streams(ep));
    EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", {}}),
              R"({"messages":[{"role":"user","content":"hi"}],"model":"m","stream":true,)"
              R"("stream_options":{"include_usage":true}})");
}

TEST(RequestBody, AppendBodyReusesTheCallersBuffer) {
    std::string out = "prefix|";
    ringperf::api::append_body(out, completions(false), "m", prompt_spec{"x", {}});
    EXPECT_EQ(out, R"(prefix|{"prompt":"x","model":"m","stream":false})");
}

}  // namespace

TEST(RequestBody, ChatHistoryGoesBeforeThePromptAfterTheSystemMessage) {
    endpoint_options ep;
    const ringperf::api::message history[] = {{"user", "hi"}, {"assistant", "hello \"you\""}};
    prompt_spec p;
    p.text = "and now?";
    p.system = "be brief";
    p.history = history;
    EXPECT_EQ(
        build_body(ep, "m", p),
        R"({"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"},)"
        R"({"role":"assistant","content":"hello \"you\""},{"role":"user","content":"and now?"}],)"
        R"("model":"m","stream":false})");
}

TEST(RequestBody, CompletionsJoinHistoryIntoThePrompt) {
    endpoint_options ep;
    ep.type = endpoint_type::completions;
    const ringperf::api::message history[] = {{"user", "a"}, {"assistant", "b"}};
    prompt_spec p;
    p.text = "c";
    p.system = "ignored by completions";
    p.history = history;
    EXPECT_EQ(build_body(ep, "m", p), R"({"prompt":"a\n\nb\n\nc","model":"m","stream":false})");
}

TEST(RequestBody, PerRowExtraFieldsWinOverExtraInputs) {
    endpoint_options ep;
    ep.extra_inputs = {{"temperature", "0.5"}, {"top_p", "0.9"}};
    const std::pair<std::string, std::string> extra[] = {{"temperature", "0"}, {"seed", "3"}};
    prompt_spec p;
    p.text = "x";
    p.extra = extra;
    EXPECT_EQ(build_body(ep, "m", p),
              R"({"messages":[{"role":"user","content":"x"}],"model":"m","stream":false,)"
              R"("temperature":0,"top_p":0.9,"seed":3})");
}

// --use-server-token-count reads ISL and OSL from `usage`, which a streamed response only
// carries when asked for: both streaming endpoints ask, whatever the flag, and a
// non-streamed response has usage without asking.
TEST(RequestBody, ServerTokenCountsFindUsageRequestedOnEveryStreamingEndpoint) {
    for (endpoint_options ep : {chat(true), completions(true)}) {
        ep.use_server_token_count = true;
        const std::string body = build_body(ep, "m", prompt_spec{"hi", 8});
        EXPECT_NE(body.find(R"("stream_options":{"include_usage":true})"), std::string::npos)
            << body;
    }
    for (endpoint_options ep : {chat(false), completions(false)}) {
        ep.use_server_token_count = true;
        EXPECT_EQ(build_body(ep, "m", prompt_spec{"hi", 8}).find("stream_options"),
                  std::string::npos);
    }
}

TEST(RequestBody, ChatSendsSeveralTextsAsPartsOfOneMessage) {
    endpoint_options ep;
    const std::string parts[] = {"first", "second \"two\""};
    prompt_spec p;
    p.text = "first\nsecond \"two\"";
    p.parts = parts;
    p.max_tokens = 9;
    EXPECT_EQ(build_body(ep, "m", p),
              R"({"messages":[{"role":"user","content":[{"type":"text","text":"first"},)"
              R"({"type":"text","text":"second \"two\""}]}],"model":"m","stream":false,)"
              R"("max_completion_tokens":9})");
}

TEST(RequestBody, CompletionsSendSeveralTextsAsAListOfPrompts) {
    endpoint_options ep;
    ep.type = endpoint_type::completions;
    const std::string parts[] = {"a", "b", "c"};
    prompt_spec p;
    p.text = "a\nb\nc";
    p.parts = parts;
    EXPECT_EQ(build_body(ep, "m", p), R"({"prompt":["a","b","c"],"model":"m","stream":false})");
}

TEST(RequestBody, UserContextFollowsTheSystemMessage) {
    endpoint_options ep;
    const ringperf::api::message history[] = {{"user", "q1"}, {"assistant", "a1"}};
    prompt_spec p;
    p.text = "q2";
    p.system = "sys";
    p.context = "ctx";
    p.history = history;
    EXPECT_EQ(build_body(ep, "m", p),
              R"({"messages":[{"role":"system","content":"sys"},{"role":"user","content":"ctx"},)"
              R"({"role":"user","content":"q1"},{"role":"assistant","content":"a1"},)"
              R"({"role":"user","content":"q2"}],"model":"m","stream":false})");
    ep.type = endpoint_type::completions;
    EXPECT_EQ(build_body(ep, "m", p),
              R"({"prompt":"ctx\n\nq1\n\na1\n\nq2","model":"m","stream":false})");
    const std::string parts[] = {"x", "y"};
    p.parts = parts;
    p.history = {};
    EXPECT_EQ(build_body(ep, "m", p),
              R"({"prompt":["ctx\n\nx","ctx\n\ny"],"model":"m","stream":false})");
}
