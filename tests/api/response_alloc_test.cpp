// The interpreter runs once per streamed event, so after warming up it must not allocate.
// allocation_counter.cpp replaces the global allocation functions to count calls.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <string>

#include "../support/allocation_counter.h"
#include "ringperf/api/response.h"

namespace {

using ringperf::api::endpoint_type;
using ringperf::api::response_interpreter;
using ringperf::api::response_kind;

TEST(ResponseInterpreterAllocation, StreamingEventsDoNotAllocateOnceWarm) {
    const std::string role =
        R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})";
    const std::string content =
        R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" the \"time\" caf\u00e9"},"logprobs":null,"finish_reason":null}]})";
    const std::string reasoning =
        R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"reasoning_content":"hmm"},"logprobs":null,"finish_reason":null}]})";
    const std::string tool =
        R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"x","tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\"a\":1}"}}]},"finish_reason":null}]})";
    const std::string usage =
        R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":12,"total_tokens":16,"completion_tokens":4,"completion_tokens_details":{"reasoning_tokens":1}}})";

    response_interpreter ri(endpoint_type::chat);
    auto one_stream = [&] {
        int content_events = 0;
        content_events += ri.stream_event("", role).kind == response_kind::content;
        for (int i = 0; i < 50; ++i) {
            content_events += ri.stream_event("", reasoning).kind == response_kind::content;
            content_events += ri.stream_event("", content).kind == response_kind::content;
            content_events += ri.stream_event("", tool).kind == response_kind::content;
        }
        content_events += ri.stream_event("", usage).usage.has_value();
        content_events += ri.stream_event("", "[DONE]").kind == response_kind::done;
        return content_events;
    };
    ASSERT_EQ(one_stream(), 152);
    const auto before = ringperf::test_support::allocation_count();
    const int counted = one_stream();
    const auto after = ringperf::test_support::allocation_count();
    EXPECT_EQ(counted, 152);
    EXPECT_EQ(after - before, 0u);
}

}  // namespace
