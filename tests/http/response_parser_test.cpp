#include "ringperf/http/response_parser.h"

#include <gtest/gtest.h>

#include <string>

using ringperf::http::parse_error;
using ringperf::http::parse_status;
using ringperf::http::response_parser;

TEST(ResponseParser, LooksUpHeadersIgnoringCaseFirstMatchWins) {
    response_parser p;
    std::string_view in =
        "HTTP/1.1 200 OK\r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n";
    ASSERT_EQ(p.feed(in), parse_status::head_done);
    EXPECT_EQ(p.header_value("SET-COOKIE"), "a=1");
    EXPECT_EQ(p.headers().size(), 3u);
    EXPECT_EQ(p.content_length(), 0u);
    EXPECT_FALSE(p.chunked());
    EXPECT_FALSE(p.header_value("content-type"));
    EXPECT_EQ(p.reason(), "OK");
    EXPECT_EQ(p.status(), 200);
}

TEST(ResponseParser, RecognisesEventStreamsByMediaTypeOnly) {
    auto sse = [](std::string_view type) {
        response_parser p;
        std::string head = "HTTP/1.1 200 OK\r\nContent-Type: " + std::string(type) +
                           "\r\nContent-Length: 0\r\n\r\n";
        std::string_view in = head;
        EXPECT_EQ(p.feed(in), parse_status::head_done) << type;
        return p.is_event_stream();
    };
    EXPECT_TRUE(sse("text/event-stream"));
    EXPECT_TRUE(sse("TEXT/Event-Stream; charset=utf-8"));
    EXPECT_TRUE(sse("text/event-stream ;charset=utf-8"));
    EXPECT_FALSE(sse("text/event-streams"));
    EXPECT_FALSE(sse("application/json"));
    EXPECT_FALSE(sse("text/plain; x=text/event-stream"));
}

TEST(ResponseParser, BodyPiecesPointIntoTheInput) {
    response_parser p;
    std::string input = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloNEXT";
    std::string_view in = input;
    ASSERT_EQ(p.feed(in), parse_status::head_done);
    ASSERT_EQ(p.feed(in), parse_status::body);
    EXPECT_EQ(p.body(), "hello");
    EXPECT_EQ(p.body().data(), input.data() + input.find("hello"));
    ASSERT_EQ(p.feed(in), parse_status::complete);
    EXPECT_TRUE(p.body().empty());
    EXPECT_EQ(in, "NEXT");
    EXPECT_EQ(p.bytes_consumed(), input.size() - 4);
}

TEST(ResponseParser, DechunkedPiecesPointIntoTheInput) {
    response_parser p;
    std::string input = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n";
    std::string_view in = input;
    ASSERT_EQ(p.feed(in), parse_status::head_done);
    EXPECT_TRUE(p.chunked());
    EXPECT_FALSE(p.content_length());
    ASSERT_EQ(p.feed(in), parse_status::body);
    EXPECT_EQ(p.body().data(), input.data() + input.find("abc"));
    EXPECT_EQ(p.feed(in), parse_status::need_more);
    EXPECT_TRUE(in.empty());
}

TEST(ResponseParser, ReportsCompleteWithEmptyInputAfterTheLastPiece) {
    response_parser p;
    std::string_view in = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    ASSERT_EQ(p.feed(in), parse_status::head_done);
    ASSERT_EQ(p.feed(in), parse_status::body);
    ASSERT_TRUE(in.empty());
    EXPECT_EQ(p.feed(in), parse_status::complete);
    EXPECT_EQ(p.feed(in), parse_status::complete);
    EXPECT_TRUE(p.keep_alive());
}

TEST(ResponseParser, HeadersSurviveTheReceiveBufferAcrossReads) {
    response_parser p;
    std::string first = "HTTP/1.1 200 OK\r\nX-Request-Id: ab";
    std::string_view in = first;
    ASSERT_EQ(p.feed(in), parse_status::need_more);
    first.assign(first.size(), '#');
    std::string second = "c\r\nContent-Length: 1\r\n\r\nx";
    in = second;
    ASSERT_EQ(p.feed(in), parse_status::head_done);
    second.assign(second.size(), '#');
    EXPECT_EQ(p.header_value("x-request-id"), "abc");
    EXPECT_EQ(p.reason(), "OK");
}

TEST(ResponseParser, TracksStartAndConsumedBytesPerResponse) {
    response_parser p;
    EXPECT_FALSE(p.started());
    std::string_view in = "HTTP/1.1 100 Continue\r\n\r\n";
    ASSERT_EQ(p.feed(in), parse_status::need_more);
    EXPECT_TRUE(p.started());
    EXPECT_EQ(p.bytes_consumed(), 25u);
    EXPECT_EQ(p.status(), 0);
    p.reset();
    EXPECT_FALSE(p.started());
    EXPECT_EQ(p.bytes_consumed(), 0u);
}

TEST(ResponseParser, EofBeforeAnyByteIsTruncatedButNotStarted) {
    response_parser p;
    EXPECT_EQ(p.feed_eof(), parse_status::error);
    EXPECT_EQ(p.error(), parse_error::truncated);
    EXPECT_FALSE(p.started());
}

TEST(ResponseParser, CloseDelimitedBodyIsNotReusable) {
    response_parser p;
    std::string_view in = "HTTP/1.1 200 OK\r\n\r\nabc";
    ASSERT_EQ(p.feed(in), parse_status::head_done);
    EXPECT_FALSE(p.keep_alive());
    ASSERT_EQ(p.feed(in), parse_status::body);
    EXPECT_EQ(p.feed(in), parse_status::need_more);
    EXPECT_EQ(p.feed_eof(), parse_status::complete);
    EXPECT_EQ(p.feed(in), parse_status::complete);
}

TEST(ResponseParser, ErrorsAreStickyUntilReset) {
    response_parser p;
    std::string_view bad = "HTTP/1.1 2x0 OK\r\n\r\n";
    ASSERT_EQ(p.feed(bad), parse_status::error);
    EXPECT_EQ(p.error(), parse_error::bad_status_line);
    std::string_view good = "HTTP/1.1 204 No Content\r\n\r\n";
    EXPECT_EQ(p.feed(good), parse_status::error);
    EXPECT_EQ(p.feed_eof(), parse_status::error);
    EXPECT_EQ(good.size(), 27u);
    p.reset();
    EXPECT_EQ(p.feed(good), parse_status::head_done);
    EXPECT_EQ(p.error(), parse_error::none);
}

TEST(ResponseParser, HeadRequestFlagLastsOneResponse) {
    response_parser p;
    p.reset(true);
    std::string_view in =
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: "
        "3\r\n\r\nabc";
    ASSERT_EQ(p.feed(in), parse_status::head_done);
    EXPECT_EQ(p.content_length(), 3u);
    ASSERT_EQ(p.feed(in), parse_status::complete);
    p.reset();
    ASSERT_EQ(p.feed(in), parse_status::head_done);
    ASSERT_EQ(p.feed(in), parse_status::body);
    EXPECT_EQ(p.body(), "abc");
}
