#include "ringperf/mock/wire.h"

#include <gtest/gtest.h>

namespace ringperf::mock {
namespace {

TEST(Wire, FramesEachEventAsOneChunk) {
    std::string prefix;
    make_json_prefix(prefix, {api_kind::chat, "chatcmpl-1", 7, "m\"x"}, true);
    EXPECT_EQ(prefix,
              R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":7,"model":"m\"x")");
    stream_writer w;
    std::string out;
    w.token_event(out, api_kind::chat, prefix, " a\"b");
    const std::string json =
        prefix + R"(,"choices":[{"index":0,"delta":{"content":" a\"b"},"logprobs":null,)"
                 R"("finish_reason":null}]})";
    const std::string event = "data: " + json + "\n\n";
    char hex[16];
    std::snprintf(hex, sizeof hex, "%zx", event.size());
    EXPECT_EQ(out, std::string(hex) + "\r\n" + event + "\r\n");
}

TEST(Wire, WritesFinishUsageAndDoneEvents) {
    std::string prefix;
    make_json_prefix(prefix, {api_kind::completions, "cmpl-2", 1, "m"}, true);
    stream_writer w;
    std::string out;
    w.finish_event(out, api_kind::completions, prefix, false);
    EXPECT_NE(
        out.find(R"("choices":[{"index":0,"text":"","logprobs":null,"finish_reason":"stop"}]})"),
        std::string::npos);
    out.clear();
    w.usage_event(out, prefix, 3, 4);
    EXPECT_NE(
        out.find(
            R"("choices":[],"usage":{"prompt_tokens":3,"total_tokens":7,"completion_tokens":4}})"),
        std::string::npos);
    out.clear();
    w.done_event(out);
    EXPECT_EQ(out, "e\r\ndata: [DONE]\n\n\r\n");
    out.clear();
    append_last_chunk(out);
    EXPECT_EQ(out, "0\r\n\r\n");
}

TEST(Wire, ErrorResponsesAreOpenAiShapedWithContentLength) {
    std::string out;
    append_error_response(out, 405, "nope", true, "POST");
    const std::string body =
        R"({"error":{"message":"nope","type":"invalid_request_error","param":null,"code":405}})";
    EXPECT_EQ(out,
              "HTTP/1.1 405 Method Not Allowed\r\nserver: ringperf-mock\r\n"
              "content-type: application/json\r\ncontent-length: " +
                  std::to_string(body.size()) + "\r\nallow: POST\r\nconnection: close\r\n\r\n" +
                  body);
}

TEST(Wire, StreamHeadIsChunkedEventStream) {
    std::string out;
    append_stream_head(out, false);
    EXPECT_EQ(out,
              "HTTP/1.1 200 OK\r\nserver: ringperf-mock\r\ncontent-type: text/event-stream\r\n"
              "transfer-encoding: chunked\r\n\r\n");
}

TEST(Wire, WholeAnswerCarriesMessageAndUsage) {
    std::string prefix;
    make_json_prefix(prefix, {api_kind::chat, "chatcmpl-3", 9, "m"}, false);
    std::string out;
    std::string scratch;
    append_full_answer(out, scratch, api_kind::chat, prefix, " hi there", true, 2, 2, false);
    const std::string body =
        R"({"id":"chatcmpl-3","object":"chat.completion","created":9,"model":"m","choices":[)"
        R"({"index":0,"message":{"role":"assistant","content":" hi there"},"logprobs":null,)"
        R"("finish_reason":"length"}],"usage":{"prompt_tokens":2,"total_tokens":4,)"
        R"("completion_tokens":2}})";
    EXPECT_EQ(out.substr(out.find("\r\n\r\n") + 4), body);
    EXPECT_NE(out.find("content-length: " + std::to_string(body.size()) + "\r\n"),
              std::string::npos);
}

}  // namespace
}  // namespace ringperf::mock
