// End to end: where `ringperf profile` takes its token counts from, in every export.
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

TEST(TokenCount, ServerTokenCountsFillIslOslAndTheOutputSplitInEveryExport) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0) << rt::read_text(dir + "/mock.err");
    const std::string art = dir + "/art";
    const auto r = rt::run(
        profile_args({"--url", mock.url(), "--model", "m", "--streaming", "--concurrency", "4",
                      "--request-count", "40", "--isl", "24", "--osl", "16", "--extra-inputs",
                      "ignore_eos:true", "--use-server-token-count", "--artifact-dir", art}),
        dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_EQ(r.out.find("estimated"), std::string::npos) << r.out;

    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    EXPECT_EQ(stat(doc, "output_sequence_length", "avg"), 16.0);
    EXPECT_EQ(stat(doc, "output_token_count", "avg"), 16.0);
    EXPECT_EQ(stat(doc, "output_token_count", "count"), 40.0);
    EXPECT_EQ(stat(doc, "input_sequence_length", "count"), 40.0);
    EXPECT_GT(stat(doc, "input_sequence_length", "avg"), 0.0);
    EXPECT_EQ(stat(doc, "total_osl", "avg"), 640.0);
    EXPECT_EQ(stat(doc, "total_output_tokens", "avg"), 640.0);
    // The mock reports no reasoning tokens: the metric is absent, not zero.
    EXPECT_TRUE(std::isnan(stat(doc, "reasoning_token_count", "avg")));

    const auto records = lines(rt::read_text(art + "/profile_export.jsonl"));
    ASSERT_EQ(records.size(), 40u);
    for (const auto& line : records) {
        simdjson::dom::element rec;
        ASSERT_EQ(parser.parse(line).get(rec), simdjson::SUCCESS) << line;
        const auto m = rec["metrics"];
        EXPECT_EQ(int64_t(m["output_sequence_length"]["value"]), 16) << line;
        EXPECT_EQ(int64_t(m["output_token_count"]["value"]), 16) << line;
        EXPECT_GT(int64_t(m["input_sequence_length"]["value"]), 0) << line;
        EXPECT_EQ(std::string_view(m["output_token_count"]["unit"]), "tokens");
    }
    const std::string csv = rt::read_text(art + "/profile_export_aiperf.csv");
    EXPECT_NE(csv.find("Output Token Count (tokens),16.00"), std::string::npos) << csv;
    EXPECT_NE(csv.find("Input Sequence Length (tokens),"), std::string::npos) << csv;
    EXPECT_NE(csv.find("Total Output Tokens (tokens),640"), std::string::npos) << csv;
}
