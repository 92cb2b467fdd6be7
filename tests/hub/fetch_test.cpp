// The blocking GET client: redirect targets, origins, body framings and failures.
#include "fetch.h"

#include <gtest/gtest.h>

#include "fake_server.h"
#include "test_util.h"

namespace ringperf::hub::detail {
namespace {

using testing::contains;
using testing::fake_request;
using testing::fake_response;
using testing::fake_server;
using testing::framing;

TEST(ResolveLocation, HandlesEveryFormOfLocation) {
    const std::string base = "https://hub.example:8443/org/name/resolve/main/tokenizer.json?x=1";
    EXPECT_EQ(resolve_location(base, "https://cdn.example/obj?sig=1"),
              "https://cdn.example/obj?sig=1");
    EXPECT_EQ(resolve_location(base, "http://other/x"), "http://other/x");
    EXPECT_EQ(resolve_location(base, "//cdn.example/obj"), "https://cdn.example/obj");
    EXPECT_EQ(resolve_location(base, "/api/resolve-cache/a?b=c"),
              "https://hub.example:8443/api/resolve-cache/a?b=c");
    EXPECT_EQ(resolve_location(base, "other.json"),
              "https://hub.example:8443/org/name/resolve/main/other.json");
}

TEST(Origin, IsSchemeHostAndPortWithDefaults) {
    EXPECT_EQ(origin_of("https://HuggingFace.co/x"), "https://huggingface.co:443");
    EXPECT_EQ(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    EXPECT_EQ(origin_of("http://h/a?b"), "http://h:80");
    EXPECT_EQ(origin_of("ftp://h/a"), "");
    EXPECT_EQ(origin_of("no scheme"), "");
}

fetch_request request_for(const fake_server& s, const std::string& path) {
    fetch_request r;
    r.url = s.url() + path;
    r.connect_timeout_ms = 5000;
    r.read_timeout_ms = 5000;
    return r;
}

TEST(Fetch, ReturnsEveryHopWithHeadersAndTheFinalBody) {
    fake_server s([](const fake_request& r) {
        if (r.target == "/start") return fake_response{303, {{"Location", "/end"}}, "ignored"};
        return fake_response{200, {{"X-Thing", "42"}}, "final body"};
    });
    const auto res = fetch(request_for(s, "/start"));
    ASSERT_EQ(res.failure, fetch_failure::none) << res.error;
    ASSERT_EQ(res.hops.size(), 2u);
    EXPECT_EQ(res.hops[0].status, 303);
    EXPECT_EQ(res.hops[1].url, s.url() + "/end");
    EXPECT_EQ(res.hops[1].status, 200);
    EXPECT_EQ(res.hops[1].header("x-thing").value_or(""), "42");
    EXPECT_EQ(res.body, "final body");
    EXPECT_EQ(s.requests()[0].header("Connection").value_or(""), "close");
    EXPECT_EQ(s.requests()[0].header("Accept-Encoding").value_or(""), "identity");
}

TEST(Fetch, ErrorStatusIsAResponseNotAFailure) {
    fake_server s([](const fake_request&) { return fake_response{404, {}, "missing"}; });
    const auto res = fetch(request_for(s, "/x"));
    ASSERT_EQ(res.failure, fetch_failure::none) << res.error;
    EXPECT_EQ(res.hops.back().status, 404);
    EXPECT_EQ(res.body, "missing");
}

TEST(Fetch, ChunkedBodyIsDecoded) {
    fake_server s([](const fake_request&) {
        return fake_response{200, {}, std::string(100000, 'z'), framing::chunked};
    });
    const auto res = fetch(request_for(s, "/"));
    ASSERT_EQ(res.failure, fetch_failure::none) << res.error;
    EXPECT_EQ(res.body, std::string(100000, 'z'));
}

TEST(Fetch, BodyOverTheLimitFails) {
    fake_server s([](const fake_request&) {
        return fake_response{200, {}, std::string(5000, 'a')};
    });
    auto req = request_for(s, "/");
    req.max_body_bytes = 4096;
    const auto res = fetch(req);
    EXPECT_EQ(res.failure, fetch_failure::too_large);
    EXPECT_TRUE(contains(res.error, "over 4096 bytes")) << res.error;
}

TEST(Fetch, TokenGoesOnlyToTheOriginalOrigin) {
    fake_server other([](const fake_request&) { return fake_response{200, {}, "x"}; });
    fake_server first([&](const fake_request&) {
        return fake_response{307, {{"Location", other.url() + "/y"}}, ""};
    });
    auto req = request_for(first, "/x");
    req.bearer_token = "t0k";
    const auto res = fetch(req);
    ASSERT_EQ(res.failure, fetch_failure::none) << res.error;
    EXPECT_EQ(first.requests()[0].header("Authorization").value_or(""), "Bearer t0k");
    EXPECT_FALSE(other.requests()[0].header("Authorization"));
}

TEST(Fetch, BadUrlIsRejectedWithoutConnecting) {
    fetch_request r;
    r.url = "ftp://example.com/x";
    const auto res = fetch(r);
    EXPECT_EQ(res.failure, fetch_failure::bad_url);
    EXPECT_TRUE(contains(res.error, "ftp://example.com/x")) << res.error;
}

}  // namespace
}  // namespace ringperf::hub::detail
