#include "ringperf/http/request_parser.h"

#include <gtest/gtest.h>

#include <string>

using ringperf::http::parse_error;
using ringperf::http::parse_status;
using ringperf::http::request_parser;

TEST(RequestParser, ParsesGetWithoutBody) {
    request_parser p;
    std::string_view in = "GET /v1/models HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n";
    ASSERT_EQ(p.feed(in), parse_status::complete);
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(p.method(), "GET");
    EXPECT_EQ(p.target(), "/v1/models");
    EXPECT_EQ(p.http_minor(), 1);
    ASSERT_EQ(p.headers().size(), 2u);
    EXPECT_EQ(p.headers()[1].name, "Accept");
    EXPECT_EQ(p.header_value("host"), "a");
    EXPECT_FALSE(p.header_value("content-length"));
    EXPECT_EQ(p.body(), "");
    EXPECT_TRUE(p.keep_alive());
}

TEST(RequestParser, CopiesHeadSoTheInputBufferMayBeReused) {
    request_parser p;
    std::string buf = "POST /x HTTP/1.1\r\nContent-Type: application/json\r\n";
    std::string_view in = buf;
    ASSERT_EQ(p.feed(in), parse_status::need_more);
    buf.assign(buf.size(), 'Z');
    std::string rest = "Content-Length: 2\r\n\r\n{}";
    in = rest;
    ASSERT_EQ(p.feed(in), parse_status::complete);
    rest.assign(rest.size(), 'Y');
    EXPECT_EQ(p.method(), "POST");
    EXPECT_EQ(p.header_value("content-type"), "application/json");
    EXPECT_EQ(p.body(), "{}");
}

TEST(RequestParser, DechunksAChunkedBody) {
    request_parser p;
    std::string_view in =
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
        "GET";
    ASSERT_EQ(p.feed(in), parse_status::complete);
    EXPECT_EQ(p.body(), "abcde");
    EXPECT_EQ(in, "GET");
}

TEST(RequestParser, LeavesPipelinedRequestInInput) {
    request_parser p;
    std::string_view in = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.0\r\n\r\n";
    ASSERT_EQ(p.feed(in), parse_status::complete);
    EXPECT_EQ(p.target(), "/a");
    EXPECT_EQ(p.feed(in), parse_status::complete);  // stays complete until reset
    p.reset();
    ASSERT_EQ(p.feed(in), parse_status::complete);
    EXPECT_EQ(p.target(), "/b");
    EXPECT_EQ(p.http_minor(), 0);
    EXPECT_FALSE(p.keep_alive());
    EXPECT_TRUE(in.empty());
}

TEST(RequestParser, RejectsOversizeHeadAndBody) {
    request_parser p(64, 4);
    std::string head = "GET / HTTP/1.1\r\nX-Long: " + std::string(64, 'a') + "\r\n\r\n";
    std::string_view in = head;
    EXPECT_EQ(p.feed(in), parse_status::error);
    EXPECT_EQ(p.error(), parse_error::header_too_large);
    p.reset();
    in = "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
    EXPECT_EQ(p.feed(in), parse_status::error);
    EXPECT_EQ(p.error(), parse_error::body_too_large);
    p.reset();
    in = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    EXPECT_EQ(p.feed(in), parse_status::error);
    EXPECT_EQ(p.error(), parse_error::body_too_large);
}
