// End to end: --metric-definitions, --fail-on and `ringperf compare` against the mock.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "harness.h"
#include "process.h"

using namespace std::chrono_literals;
namespace rt = ringperf::testing;
using rt::binary;
using rt::mock_server;
using rt::profile_args;
using rt::stat;

namespace {

// Streams 16 answers of 8 tokens from a mock with the given TTFT (ms) and 2 ms ITL.
rt::run_result profile(const std::string& dir, const mock_server& mock, const std::string& art,
                       std::vector<std::string> extra) {
    std::vector<std::string> args{"--url",
                                  mock.url(),
                                  "--model",
                                  "mock-model",
                                  "--streaming",
                                  "--concurrency",
                                  "4",
                                  "--request-count",
                                  "16",
                                  "--isl",
                                  "16",
                                  "--osl",
                                  "8",
                                  "--extra-inputs",
                                  "ignore_eos:true",
                                  "--artifact-dir",
                                  art};
    args.insert(args.end(), extra.begin(), extra.end());
    return rt::run(profile_args(args), dir, "profile", 60s);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(MetricDefinitions, ReportsEverySetAndGatesOnThem) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "30", "--itl", "2"});
    ASSERT_GT(mock.port(), 0) << rt::read_text(dir + "/mock.err");
    const std::string art = dir + "/art";
    const auto r = profile(dir, mock, art,
                           {"--metric-definitions", "vllm,guidellm", "--fail-on",
                            "time_to_first_token:p50<10s, guidellm.ttft:p50>=25ms, "
                            "error_rate<=0%, vllm.tpot:p99<1us, sglang.itl<1s"});
    // vllm.tpot below 1 us cannot hold and sglang was not asked for: two gates fail.
    EXPECT_EQ(r.exit_code, 6) << r.err << r.out;
    EXPECT_TRUE(contains(r.out, "vLLM definitions")) << r.out;
    EXPECT_TRUE(contains(r.out, "GuideLLM definitions")) << r.out;
    EXPECT_TRUE(contains(r.out, "SLO gates: 3 passed, 2 failed")) << r.out;
    EXPECT_TRUE(contains(r.out, "not measured")) << r.out;

    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    simdjson::dom::element defs = doc["metric_definitions"];
    // The mock sends a role-only chunk as soon as the stream opens: vLLM's TTFT ends there,
    // GuideLLM's at the first token, 30 ms in, as AIPerf's does.
    const double vllm_ttft = stat(defs["vllm"], "ttft", "p50");
    const double guidellm_ttft = stat(defs["guidellm"], "ttft", "p50");
    const double aiperf_ttft = stat(doc, "time_to_first_token", "p50");
    EXPECT_LT(vllm_ttft, 15.0);
    EXPECT_NEAR(guidellm_ttft, aiperf_ttft, 1.0);
    EXPECT_GE(guidellm_ttft, 29.0);
    // 8 tokens a request, from the mock's usage.
    EXPECT_EQ(stat(defs["vllm"], "output_tokens", "avg"), 8.0);
    EXPECT_EQ(stat(defs["guidellm"], "output_tokens", "avg"), 8.0);
    // GuideLLM's TPOT is weighted by tokens: 16 requests of 8 tokens.
    EXPECT_EQ(stat(defs["guidellm"], "tpot", "count"), 128.0);
    EXPECT_EQ(stat(defs["guidellm"], "tpot", "requests"), 16.0);
    EXPECT_EQ(std::string(std::string_view(defs["guidellm"]["tpot"]["weighting"])),
              "per request, weighted by tokens");
    EXPECT_TRUE(defs["sglang"].error());
    const std::string csv = rt::read_text(art + "/profile_export_aiperf.csv");
    EXPECT_TRUE(contains(csv, "Definition Set,Metric,Unit,Weighting")) << csv;
    EXPECT_TRUE(contains(csv, "vllm,ttft,ms,per request,")) << csv;
}

TEST(MetricDefinitions, PassingGatesExitZero) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "5", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const auto r = profile(dir, mock, dir + "/art",
                           {"--fail-on", "request_count>=16, time_to_first_token:p99 < 10 s"});
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_TRUE(contains(r.out, "SLO gates: 2 passed, 0 failed")) << r.out;
}

TEST(MetricDefinitions, BadOptionValuesAreUsageErrors) {
    const std::string dir = rt::make_temp_dir();
    auto r = rt::run(
        profile_args({"--url", "http://127.0.0.1:9", "--model", "m", "--fail-on", "ttft:p99<5ms"}),
        dir, "profile", 30s);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.err,
                         "--fail-on (output.fail_on): 'ttft:p99<5ms' at column 1: "
                         "unknown metric 'ttft'"))
        << r.err;
    r = rt::run(profile_args({"--url", "http://127.0.0.1:9", "--model", "m", "--metric-definitions",
                              "vllm,llmperf"}),
                dir, "profile", 30s);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.err, "llmperf")) << r.err;
    EXPECT_TRUE(contains(r.err, "metric-definitions")) << r.err;
}

TEST(Compare, SlowerCandidateRegressesAndFasterOneDoesNot) {
    const std::string dir = rt::make_temp_dir();
    // Each mock in its own directory: a port file left by the first must not be read again.
    std::filesystem::create_directories(dir + "/m1");
    std::filesystem::create_directories(dir + "/m2");
    {
        mock_server fast(dir + "/m1", {"--ttft", "5", "--itl", "1"});
        ASSERT_GT(fast.port(), 0);
        ASSERT_EQ(profile(dir, fast, dir + "/fast", {}).exit_code, 0);
    }
    {
        mock_server slow(dir + "/m2", {"--ttft", "60", "--itl", "1"});
        ASSERT_GT(slow.port(), 0);
        ASSERT_EQ(profile(dir, slow, dir + "/slow", {}).exit_code, 0);
    }
    auto r =
        rt::run({binary(), "compare", dir + "/fast", dir + "/slow", "--json", dir + "/cmp.json"},
                dir, "compare", 30s);
    EXPECT_EQ(r.exit_code, 7) << r.err << r.out;
    EXPECT_TRUE(contains(r.out, "ringperf | Compare")) << r.out;
    EXPECT_TRUE(contains(r.out, "REGRESSED")) << r.out;

    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(dir + "/cmp.json").get(doc), simdjson::SUCCESS);
    EXPECT_TRUE(bool(doc["regressed"]));
    bool ttft_p50_regressed = false;
    for (simdjson::dom::element row : doc["rows"].get_array()) {
        if (std::string_view(row["metric"]) == "time_to_first_token" &&
            std::string_view(row["stat"]) == "p50")
            ttft_p50_regressed = std::string_view(row["verdict"]) == "regressed";
    }
    EXPECT_TRUE(ttft_p50_regressed);

    // The other way round TTFT improves; only TTFT is compared, so nothing regresses.
    r = rt::run({binary(), "compare", dir + "/slow", dir + "/fast", "--metric",
                 "time_to_first_token:p50", "--metric", "time_to_first_token:p99"},
                dir, "compare", 30s);
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_TRUE(contains(r.out, "0 regressed, 2 improved")) << r.out;

    r = rt::run({binary(), "compare", dir + "/fast", dir + "/missing"}, dir, "compare", 30s);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.err, "candidate " + dir + "/missing: cannot read")) << r.err;
}

}  // namespace
