#include "ringperf/http/url.h"

#include <gtest/gtest.h>

using ringperf::http::parse_url;

TEST(Url, AssumesHttpWhenNoSchemeIsGiven) {
    auto u = parse_url("localhost:8000");
    ASSERT_TRUE(u.ok()) << u.message();
    EXPECT_FALSE(u->tls);
    EXPECT_EQ(u->host, "localhost");
    EXPECT_EQ(u->port, 8000);
    EXPECT_EQ(u->path, "");
    EXPECT_EQ(u->join("/v1/chat/completions"), "/v1/chat/completions");
}

TEST(Url, KeepsABasePathAndDropsTrailingSlashes) {
    auto u = parse_url("https://api.example.com/openai/");
    ASSERT_TRUE(u.ok()) << u.message();
    EXPECT_TRUE(u->tls);
    EXPECT_EQ(u->port, 443);
    EXPECT_EQ(u->authority, "api.example.com");
    EXPECT_EQ(u->join("/v1/completions"), "/openai/v1/completions");
    EXPECT_EQ(u->to_string(), "https://api.example.com/openai");
}

TEST(Url, ParsesIpv6Literals) {
    auto u = parse_url("http://[::1]:9000");
    ASSERT_TRUE(u.ok()) << u.message();
    EXPECT_EQ(u->host, "::1");
    EXPECT_EQ(u->port, 9000);
    EXPECT_EQ(u->authority, "[::1]:9000");
}

TEST(Url, RejectsMalformedUrlsNamingThem) {
    for (const char* bad : {"", "ftp://x", "http://", "http://host:0", "http://host:99999",
                            "http://host:abc", "http://ho st", "http://[::1", "http://u:p@host",
                            "http://host/path?q=1", "http://host:"}) {
        auto u = parse_url(bad);
        EXPECT_FALSE(u.ok()) << bad;
        if (!u.ok()) EXPECT_NE(u.message().find("invalid URL"), std::string::npos) << u.message();
    }
}
