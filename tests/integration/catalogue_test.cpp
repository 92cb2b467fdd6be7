// End to end: goodput, HTTP trace and usage metrics of `ringperf profile` against the mock.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <string>

#include "harness.h"
#include "process.h"

using namespace std::chrono_literals;
namespace rt = ringperf::testing;
using rt::lines;
using rt::mock_server;
using rt::profile_args;
using rt::stat;

TEST(CatalogueRun, GoodputAndHttpTraceAgainstTheMock) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "20", "--itl", "2"});
    ASSERT_GT(mock.port(), 0) << rt::read_text(dir + "/mock.err");
    const std::string art = dir + "/art";
    // TTFT is about 20 ms, ITL about 2 ms: every request meets TTFT <= 2 s, none meets
    // ITL <= 0.001 ms, so only the first SLO set makes requests good.
    const auto r = rt::run(profile_args({"--url",
                                         mock.url(),
                                         "--model",
                                         "mock-model",
                                         "--streaming",
                                         "--concurrency",
                                         "4",
                                         "--request-count",
                                         "24",
                                         "--isl",
                                         "16",
                                         "--osl",
                                         "12",
                                         "--extra-inputs",
                                         "ignore_eos:true",
                                         "--use-server-token-count",
                                         "--goodput",
                                         "time_to_first_token:2000 request_latency:5000",
                                         "--export-http-trace",
                                         "--show-trace-timing",
                                         "--network-latency-mean",
                                         "5",
                                         "--artifact-dir",
                                         art}),
                           dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;

    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    EXPECT_EQ(stat(doc, "good_request_count", "avg"), 24.0);
    EXPECT_DOUBLE_EQ(stat(doc, "good_request_fraction", "avg"), 1.0);
    EXPECT_NEAR(stat(doc, "goodput", "avg"), stat(doc, "request_throughput", "avg"), 1e-9);
    EXPECT_EQ(stat(doc, "http_req_waiting", "count"), 24.0);
    // The mock sends its status line and headers at once and the first token after its
    // TTFT: waiting (to the first response byte) is short, receiving holds the token time.
    EXPECT_LT(stat(doc, "http_req_waiting", "p50"), 15.0);
    EXPECT_GE(stat(doc, "http_req_receiving", "p50"), 15.0);
    EXPECT_GE(stat(doc, "http_req_duration", "min"), stat(doc, "time_to_first_token", "min"));
    EXPECT_EQ(stat(doc, "http_req_connection_reused", "max"), 1.0);  // keep-alive after the first
    EXPECT_GT(stat(doc, "http_req_data_received", "min"), 0.0);
    EXPECT_DOUBLE_EQ(stat(doc, "network_rtt", "avg"), 5.0);
    EXPECT_NEAR(stat(doc, "network_adjusted_time_to_first_token", "avg"),
                stat(doc, "time_to_first_token", "avg") - 5.0, 0.01);
    EXPECT_EQ(stat(doc, "usage_completion_tokens", "avg"), 12.0);
    EXPECT_EQ(stat(doc, "total_usage_completion_tokens", "avg"), 24.0 * 12);
    EXPECT_EQ(stat(doc, "osl_mismatch_count", "avg"), 0.0);
    EXPECT_EQ(stat(doc, "osl_mismatch_diff_pct", "max"), 0.0);
    EXPECT_GT(stat(doc, "total_token_throughput", "avg"),
              stat(doc, "output_token_throughput", "avg"));

    const auto records = lines(rt::read_text(art + "/profile_export.jsonl"));
    ASSERT_EQ(records.size(), 24u);
    simdjson::dom::element rec;
    ASSERT_EQ(parser.parse(records[0]).get(rec), simdjson::SUCCESS);
    EXPECT_EQ(std::string_view(rec["metrics"]["http_req_duration"]["unit"]), "ms");
    EXPECT_EQ(int64_t(rec["metrics"]["usage_completion_tokens"]["value"]), 12);
    EXPECT_GT(double(rec["metrics"]["decode_duration"]["value"]), 0.0);

    EXPECT_NE(r.out.find("Goodput (requests/sec)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("HTTP Trace Timing"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("http_req_waiting (ms)"), std::string::npos) << r.out;
    EXPECT_NE(rt::read_text(art + "/profile_export_aiperf.csv").find("Goodput (requests/sec),"),
              std::string::npos);
}

TEST(CatalogueRun, StrictSloLeavesNoGoodRequests) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "5", "--itl", "2"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto r = rt::run(profile_args({"--url", mock.url(), "--model", "m", "--streaming",
                                         "--request-count", "8", "--osl", "8", "--goodput",
                                         "inter_token_latency:0.001", "--artifact-dir", art}),
                           dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    EXPECT_EQ(stat(doc, "good_request_count", "avg"), 0.0);
    EXPECT_EQ(stat(doc, "goodput", "avg"), 0.0);
    EXPECT_TRUE(std::isnan(stat(doc, "http_req_waiting", "avg")));  // no --export-http-trace
}

TEST(CatalogueRun, UnknownGoodputTagStopsTheRunNamingValidTags) {
    const std::string dir = rt::make_temp_dir();
    const auto r = rt::run(profile_args({"--url", "http://127.0.0.1:9", "--model", "m", "--goodput",
                                         "ttft:100", "--artifact-dir", dir + "/art"}),
                           dir, "profile", 30s);
    EXPECT_EQ(r.exit_code, 2) << r.err << r.out;
    EXPECT_NE(r.err.find("unknown goodput metric 'ttft'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("time_to_first_token"), std::string::npos) << r.err;
}
