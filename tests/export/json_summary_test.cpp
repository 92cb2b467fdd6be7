#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "ringperf/base/file.h"
#include "ringperf/export/summary_report.h"
#include "test_catalogue.h"

using namespace ringperf::exporter;
using ringperf::metrics::error_summary_entry;
using test_catalogue::metric_id;
using test_catalogue::single;
using test_catalogue::with_stats;

namespace {

run_summary sample() {
    run_summary s;
    s.results = {
        with_stats(metric_id::request_latency, 2620.71, 20),
        single(metric_id::request_throughput, 1.45),
        single(metric_id::request_count, 20),
        with_stats(metric_id::time_to_first_token, 100.5, 20),
    };
    s.errors = {
        {500, "Internal Server Error", "boom \"quoted\"",
         ringperf::metrics::error_kind::http_status, 3},
        {0, "", "connection refused", ringperf::metrics::error_kind::connect, 1},
    };
    s.was_cancelled = true;
    s.start_ns = 1759813207532900363;
    s.end_ns = 1759813217000000000;
    s.benchmark_id = "9b2f0c1e-4a57-4d7e-9a43-3c5e2a1f0b6d";
    s.cli_command = "ringperf profile -m m";
    s.input_config_json = R"({"endpoint":{"model_names":["m"],"streaming":true},"x":[]})";
    s.run_info = {{"random_seed", "42"}, {"run_label", "\"base\""}};
    return s;
}

std::string text(simdjson::dom::element e) {
    return std::string(std::string_view(e));
}

}  // namespace

TEST(JsonSummary, ParsesAndCarriesRunMetadata) {
    const std::string out = render_json(sample());
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    EXPECT_EQ(text(doc["schema_version"]), "1.5");
    EXPECT_EQ(text(doc["ringperf_version"]), RINGPERF_VERSION);
    EXPECT_EQ(text(doc["benchmark_id"]), "9b2f0c1e-4a57-4d7e-9a43-3c5e2a1f0b6d");
    EXPECT_TRUE(bool(doc["was_cancelled"]));
    EXPECT_EQ(text(doc["start_time"]), "2025-10-07T05:00:07.532900+00:00");
    EXPECT_EQ(text(doc["end_time"]), "2025-10-07T05:00:17.000000+00:00");
    EXPECT_EQ(text(doc["input_config"]["endpoint"]["model_names"].at(0)), "m");
    EXPECT_TRUE(bool(doc["input_config"]["endpoint"]["streaming"]));
    EXPECT_EQ(text(doc["run_info"]["benchmark_id"]), "9b2f0c1e-4a57-4d7e-9a43-3c5e2a1f0b6d");
    EXPECT_EQ(text(doc["run_info"]["cli_command"]), "ringperf profile -m m");
    EXPECT_EQ(std::int64_t(doc["run_info"]["random_seed"]), 42);
    EXPECT_EQ(text(doc["run_info"]["run_label"]), "base");
}

TEST(JsonSummary, RecordMetricsCarryTheFullStatsBlock) {
    const std::string out = render_json(sample());
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    simdjson::dom::object rl = doc["request_latency"];
    EXPECT_EQ(text(rl["unit"]), "ms");
    // with_stats: avg = base, min = base+1, ... std = base+12.
    const char* keys[] = {"avg", "min", "max", "p1",  "p5",  "p10", "p25",
                          "p50", "p75", "p90", "p95", "p99", "std"};
    double expected = 2620.71;
    for (const char* k : keys) {
        EXPECT_DOUBLE_EQ(double(rl[k]), expected) << k;
        expected += 1;
    }
    EXPECT_EQ(std::uint64_t(rl["count"]), 20u);
    EXPECT_DOUBLE_EQ(double(rl["sum"]), 2620.71 * 20);
    EXPECT_EQ(rl.size(), 16u);  // unit + 13 stats + count + sum
    EXPECT_EQ(text(doc["time_to_first_token"]["unit"]), "ms");
}

TEST(JsonSummary, SingleValueMetricsCarryOnlyUnitAndAvgAsAFloat) {
    const std::string out = render_json(sample());
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    simdjson::dom::object rc = doc["request_count"];
    EXPECT_EQ(rc.size(), 2u);
    EXPECT_EQ(text(rc["unit"]), "requests");
    EXPECT_EQ(simdjson::dom::element(rc["avg"]).type(), simdjson::dom::element_type::DOUBLE);
    EXPECT_DOUBLE_EQ(double(rc["avg"]), 20.0);
    EXPECT_NE(out.find("\"avg\": 20.0"), std::string::npos);
    EXPECT_EQ(text(doc["request_throughput"]["unit"]), "requests/sec");
    EXPECT_DOUBLE_EQ(double(doc["request_throughput"]["avg"]), 1.45);
}

TEST(JsonSummary, ErrorSummaryListsDetailsAndCounts) {
    const std::string out = render_json(sample());
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    simdjson::dom::array errors = doc["error_summary"];
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(std::int64_t(errors.at(0)["error_details"]["code"]), 500);
    EXPECT_EQ(text(errors.at(0)["error_details"]["type"]), "Internal Server Error");
    EXPECT_EQ(text(errors.at(0)["error_details"]["message"]), "boom \"quoted\"");
    EXPECT_EQ(std::uint64_t(errors.at(0)["count"]), 3u);
    EXPECT_TRUE(errors.at(1)["error_details"]["code"].is_null());
    EXPECT_TRUE(errors.at(1)["error_details"]["type"].is_null());
    EXPECT_EQ(std::uint64_t(errors.at(1)["count"]), 1u);
}

TEST(JsonSummary, UnknownTimesAreNullAndEmptyConfigIsAnObject) {
    run_summary s;
    const std::string out = render_json(s);
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    EXPECT_TRUE(doc["start_time"].is_null());
    EXPECT_TRUE(doc["end_time"].is_null());
    EXPECT_EQ(simdjson::dom::object(doc["input_config"]).size(), 0u);
    EXPECT_EQ(simdjson::dom::array(doc["error_summary"]).size(), 0u);
    EXPECT_FALSE(bool(doc["was_cancelled"]));
}

TEST(JsonSummary, IsIndentedWithTwoSpaces) {
    run_summary s;
    s.results = {single(metric_id::request_count, 1)};
    const std::string out = render_json(s);
    EXPECT_EQ(out.substr(0, 30), "{\n  \"schema_version\": \"1.5\",\n ");
    EXPECT_NE(
        out.find("  \"request_count\": {\n    \"unit\": \"requests\",\n    \"avg\": 1.0\n  },"),
        std::string::npos);
    EXPECT_NE(out.find("\"error_summary\": [],"), std::string::npos);
    EXPECT_EQ(out.back(), '\n');
}

TEST(SummaryFiles, WritesCsvAndJsonIntoTheRunDirectory) {
    char tmpl[] = "/tmp/ringperf_export_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    const auto paths = make_export_paths(std::string(tmpl) + "/run", "");
    const run_summary s = sample();
    const auto r = write_summary_files(s, paths);
    ASSERT_TRUE(r.ok()) << r.message();
    auto csv = ringperf::read_file(paths.csv);
    auto json = ringperf::read_file(paths.json);
    ASSERT_TRUE(csv.ok() && json.ok());
    EXPECT_EQ(*csv, render_csv(s.results));
    EXPECT_EQ(*json, render_json(s));
}
