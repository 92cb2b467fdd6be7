// --segment-per-token: one TCP segment per SSE event, counted by the receiving socket.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "ringperf/mock/server.h"
#include "tcp_segments.h"
#include "test_client.h"

namespace ringperf::mock {
namespace {

using testing::client;
using testing::data_segments_in;
using testing::post;
using testing::response;

constexpr int tokens = 200;
// The head with the role event, every token, the finish event, the usage event, and [DONE]
// with the terminal chunk.
constexpr std::uint32_t events = 1 + tokens + 3;

mock_options options(bool segment_per_token) {
    mock_options o;
    o.port = 0;
    o.workers = 1;
    o.max_connections = 16;
    o.ttft_ms = 5;
    o.itl_ms = 0;
    o.segment_per_token = segment_per_token;
    return o;
}

std::string stream_request(int n) {
    return post("/v1/chat/completions",
                R"({"messages":[{"role":"user","content":"one two three"}],"stream":true,)"
                R"("stream_options":{"include_usage":true},"ignore_eos":true,)"
                R"("max_completion_tokens":)" +
                    std::to_string(n) + "}");
}

// Sends one request and reads its answer only after `delay`. Meanwhile the events fill the
// client's receive window and wait in the server's socket queue, where the kernel merges
// consecutive sends unless each is marked MSG_EOR (without it: 36 to 54 segments for 204
// events here).
response fetch(std::uint16_t port, std::chrono::milliseconds delay, std::uint32_t& segments) {
    client c(port);
    EXPECT_TRUE(c.connected());
    EXPECT_TRUE(c.send(stream_request(tokens)));
    std::this_thread::sleep_for(delay);
    response r = c.read_response();
    const auto n = data_segments_in(c.fd());
    EXPECT_TRUE(n.has_value()) << "TCP_INFO has no tcpi_data_segs_in";
    segments = n.value_or(0);
    return r;
}

TEST(MockSegments, SendsEveryEventInItsOwnSegmentAtItlZero) {
    auto s = server::start(options(true));
    ASSERT_TRUE(s.ok()) << s.message();
    std::uint32_t segments = 0;
    const response r = fetch((*s)->port(), std::chrono::milliseconds(100), segments);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.chunks.size(), events);
    EXPECT_EQ(r.chunks.back().data, "data: [DONE]\n\n");
    EXPECT_EQ(segments, events);
}

TEST(MockSegments, SendsEventsDueTogetherInOneSendByDefault) {
    auto s = server::start(options(false));
    ASSERT_TRUE(s.ok()) << s.message();
    std::uint32_t segments = 0;
    const response r = fetch((*s)->port(), std::chrono::milliseconds(100), segments);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.chunks.size(), events);
    EXPECT_GE(segments, 2u);
    EXPECT_LT(segments, 10u);
}

}  // namespace
}  // namespace ringperf::mock
