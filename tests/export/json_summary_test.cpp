#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "ringperf/base/file.h"
#include "ringperf/export/summary_report.h"
#include "sample_self_check.h"
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

TEST(JsonSummary, SelfCheckObjectCarriesVerdictFiguresAndThresholds) {
    run_summary s = sample();
    s.self_check = sample_self_check::fell_behind();
    const std::string out = render_json(s);
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    simdjson::dom::object sc = doc["self_check"];
    EXPECT_EQ(sc.size(), 16u);
    EXPECT_EQ(text(sc["verdict"]), "fell behind: results not valid");
    EXPECT_FALSE(bool(sc["kept_up"]));
    simdjson::dom::array reasons = sc["reasons"];
    ASSERT_EQ(reasons.size(), 4u);
    EXPECT_EQ(text(reasons.at(0)), "schedule lag p99 48.000 ms > 1.000 ms");
    EXPECT_EQ(text(sc["mode"]), "request_rate");
    EXPECT_DOUBLE_EQ(double(sc["target_rate"]), 50000);
    EXPECT_DOUBLE_EQ(double(sc["scheduled_rate"]), 49900);
    EXPECT_DOUBLE_EQ(double(sc["achieved_rate"]), 41200.5);
    EXPECT_DOUBLE_EQ(double(sc["rate_error_percent"]), (41200.5 - 50000) / 50000 * 100);
    EXPECT_DOUBLE_EQ(double(sc["rate_error_vs_schedule_percent"]), (41200.5 - 49900) / 49900 * 100);
    EXPECT_EQ(std::uint64_t(sc["requests_sent"]), 98000u);
    EXPECT_EQ(text(sc["send_lag"]["unit"]), "ms");
    EXPECT_DOUBLE_EQ(double(sc["send_lag"]["p50"]), 3.25);
    EXPECT_DOUBLE_EQ(double(sc["send_lag"]["p99"]), 48.5);
    EXPECT_DOUBLE_EQ(double(sc["send_lag"]["max"]), 63.0);
    EXPECT_EQ(std::uint64_t(sc["send_lag"]["count"]), 98000u);
    EXPECT_DOUBLE_EQ(double(sc["schedule_lag"]["max"]), 61.5);
    EXPECT_EQ(std::uint64_t(sc["skipped"]), 2000u);
    EXPECT_EQ(std::uint64_t(sc["queued"]), 0u);
    EXPECT_EQ(std::uint64_t(sc["dropped"]), 12u);
    simdjson::dom::object t = sc["thresholds"];
    EXPECT_EQ(t.size(), 5u);
    EXPECT_DOUBLE_EQ(double(t["schedule_lag_p99_ms"]), 1.0);
    EXPECT_DOUBLE_EQ(double(t["schedule_lag_max_ms"]), 10.0);
    EXPECT_DOUBLE_EQ(double(t["rate_error_percent"]), 1.0);
    EXPECT_DOUBLE_EQ(double(t["skipped_percent"]), 0.1);
    EXPECT_DOUBLE_EQ(double(t["queued_percent"]), 0.1);
    // After error_summary, before start_time.
    EXPECT_LT(out.find("\"error_summary\""), out.find("\"self_check\""));
    EXPECT_LT(out.find("\"self_check\""), out.find("\"start_time\""));
    EXPECT_NE(out.find("    \"verdict\": \"fell behind: results not valid\",\n"),
              std::string::npos);
}

TEST(JsonSummary, SelfCheckOfAClosedLoopHasNullTargetAndError) {
    run_summary s;
    s.self_check = sample_self_check::closed_loop();
    const std::string out = render_json(s);
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    simdjson::dom::object sc = doc["self_check"];
    EXPECT_EQ(text(sc["verdict"]), "kept up");
    EXPECT_TRUE(bool(sc["kept_up"]));
    EXPECT_EQ(simdjson::dom::array(sc["reasons"]).size(), 0u);
    EXPECT_TRUE(sc["target_rate"].is_null());
    EXPECT_TRUE(sc["rate_error_percent"].is_null());
    EXPECT_DOUBLE_EQ(double(sc["achieved_rate"]), 212.3);
}

TEST(JsonSummary, SelfCheckNotJudgedHasNullKeptUpAndLags) {
    run_summary s;
    s.self_check.emplace();
    s.self_check->verdict = ringperf::metrics::judge_self_check(s.self_check->figures);
    const std::string out = render_json(s);
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    simdjson::dom::object sc = doc["self_check"];
    EXPECT_EQ(text(sc["verdict"]), "not judged");
    EXPECT_TRUE(sc["kept_up"].is_null());
    EXPECT_TRUE(sc["send_lag"].is_null());
    EXPECT_TRUE(sc["schedule_lag"].is_null());
    EXPECT_TRUE(sc["achieved_rate"].is_null());
}

TEST(JsonSummary, WithoutSelfCheckOrUrlsNeitherBlockAppears) {
    const std::string out = render_json(sample());
    EXPECT_EQ(out.find("self_check"), std::string::npos);
    EXPECT_EQ(out.find("per_url"), std::string::npos);
}

TEST(JsonSummary, PerUrlArrayHasOneObjectPerUrl) {
    run_summary s = sample();
    url_summary a;
    a.url_index = 0;
    a.url = "http://gpu-a:8000";
    a.request_count = 40;
    a.error_count = 2;
    a.request_latency = with_stats(metric_id::request_latency, 100).s;
    a.time_to_first_token = with_stats(metric_id::time_to_first_token, 10).s;
    url_summary b;
    b.url_index = 1;
    b.request_count = 38;
    b.request_latency = with_stats(metric_id::request_latency, 200).s;
    s.per_url = {a, b};
    const std::string out = render_json(s);
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    simdjson::dom::array urls = doc["per_url"];
    ASSERT_EQ(urls.size(), 2u);
    simdjson::dom::object u0 = urls.at(0);
    EXPECT_EQ(u0.size(), 6u);
    EXPECT_EQ(std::uint64_t(u0["url_index"]), 0u);
    EXPECT_EQ(text(u0["url"]), "http://gpu-a:8000");
    EXPECT_EQ(std::uint64_t(u0["request_count"]), 40u);
    EXPECT_EQ(std::uint64_t(u0["error_count"]), 2u);
    simdjson::dom::object rl = u0["request_latency"];
    EXPECT_EQ(rl.size(), 4u);  // unit, avg, p50, p99
    EXPECT_EQ(text(rl["unit"]), "ms");
    EXPECT_DOUBLE_EQ(double(rl["avg"]), 100);  // with_stats: avg = base, p50 = base + 7,
    EXPECT_DOUBLE_EQ(double(rl["p50"]), 107);  // p99 = base + 11
    EXPECT_DOUBLE_EQ(double(rl["p99"]), 111);
    EXPECT_DOUBLE_EQ(double(u0["time_to_first_token"]["p50"]), 17);
    simdjson::dom::object u1 = urls.at(1);
    EXPECT_TRUE(u1["url"].is_null());
    EXPECT_TRUE(u1["time_to_first_token"].is_null());
    EXPECT_DOUBLE_EQ(double(u1["request_latency"]["avg"]), 200);
}

TEST(SummaryFiles, WritesCsvAndJsonIntoTheRunDirectory) {
    char tmpl[] = "/tmp/ringperf_export_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    const auto paths = make_export_paths(std::string(tmpl) + "/run", "");
    run_summary s = sample();
    s.self_check = sample_self_check::kept_up();
    const auto r = write_summary_files(s, paths);
    ASSERT_TRUE(r.ok()) << r.message();
    auto csv = ringperf::read_file(paths.csv);
    auto json = ringperf::read_file(paths.json);
    ASSERT_TRUE(csv.ok() && json.ok());
    EXPECT_EQ(*csv, render_summary_csv(s));
    EXPECT_NE(csv->find("Self Check,Value"), std::string::npos);
    EXPECT_EQ(*json, render_json(s));
}
