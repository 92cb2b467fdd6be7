#include "compare.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ringperf::cli {
namespace {

constexpr const char* baseline_json = R"({
  "schema_version": "1.5",
  "time_to_first_token": {"unit": "ms", "avg": 12.0, "p50": 10.0, "p99": 20.0, "count": 5},
  "inter_token_latency": {"unit": "ms", "avg": 2.0, "p50": 2.0, "p99": 4.0, "count": 5},
  "request_latency": {"unit": "ms", "avg": 100.0, "p50": 100.0, "p99": 200.0, "count": 5},
  "output_token_throughput": {"unit": "tokens/sec", "avg": 1000.0},
  "request_throughput": {"unit": "requests/sec", "avg": 50.0},
  "request_count": {"unit": "requests", "avg": 100.0},
  "error_summary": [],
  "input_config": {"endpoint": {"url": "x"}}
})";

// AIPerf's older layout, everything under "records".
constexpr const char* candidate_json = R"({
  "records": {
    "time_to_first_token": {"tag": "time_to_first_token", "unit": "ms", "avg": 13.0,
                            "p50": 10.4, "p99": 30.0, "std": null},
    "inter_token_latency": {"unit": "ms", "avg": 1.8, "p50": 1.8, "p99": 4.1},
    "request_latency": {"unit": "ms", "avg": 90.0, "p50": 90.0, "p99": 209.0},
    "output_token_throughput": {"unit": "tokens/sec", "avg": 940.0},
    "request_throughput": {"unit": "requests/sec", "avg": 56.0},
    "request_count": {"unit": "requests", "avg": 98.0},
    "error_request_count": {"unit": "requests", "avg": 2.0}
  },
  "was_cancelled": false
})";

profile_figures parse(const char* json) {
    auto p = parse_profile_json(json, "test");
    EXPECT_TRUE(p) << p.message();
    return p ? *p : profile_figures{};
}

const compare_row& row(const std::vector<compare_row>& rows, const std::string& tag,
                       const std::string& stat) {
    for (const auto& r : rows) {
        if (r.metric.tag == tag && r.metric.stat == stat) return r;
    }
    ADD_FAILURE() << "no row " << tag << ":" << stat;
    static compare_row none;
    return none;
}

TEST(CompareProfiles, JudgesEachMetricByItsDirection) {
    const auto rows = compare_profiles(parse(baseline_json), parse(candidate_json), {});
    ASSERT_EQ(rows.size(), 9u);
    // TTFT p50 +4 %: within 5 %.
    EXPECT_EQ(row(rows, "time_to_first_token", "p50").verdict, compare_verdict::unchanged);
    EXPECT_NEAR(*row(rows, "time_to_first_token", "p50").delta_percent, 4.0, 1e-9);
    // TTFT p99 +50 %: smaller is better, so a regression.
    const auto& ttft99 = row(rows, "time_to_first_token", "p99");
    EXPECT_EQ(ttft99.verdict, compare_verdict::regressed);
    EXPECT_DOUBLE_EQ(*ttft99.delta, 10.0);
    EXPECT_DOUBLE_EQ(*ttft99.delta_percent, 50.0);
    EXPECT_FALSE(ttft99.larger_is_better);
    // ITL p50 -10 %: improvement.
    EXPECT_EQ(row(rows, "inter_token_latency", "p50").verdict, compare_verdict::improved);
    // Request latency p99 +4.5 %: unchanged.
    EXPECT_EQ(row(rows, "request_latency", "p99").verdict, compare_verdict::unchanged);
    // Output token throughput -6 %: larger is better, so a regression.
    const auto& otps = row(rows, "output_token_throughput", "avg");
    EXPECT_TRUE(otps.larger_is_better);
    EXPECT_EQ(otps.verdict, compare_verdict::regressed);
    // Request throughput +12 %: improvement.
    EXPECT_EQ(row(rows, "request_throughput", "avg").verdict, compare_verdict::improved);
    // Errors: none in the baseline (no block), 2 in the candidate: an infinite increase.
    const auto& errors = row(rows, "error_request_count", "avg");
    EXPECT_EQ(*errors.baseline, 0);
    EXPECT_EQ(*errors.candidate, 2);
    EXPECT_TRUE(std::isinf(*errors.delta_percent));
    EXPECT_EQ(errors.verdict, compare_verdict::regressed);
    EXPECT_TRUE(any_regressed(rows));
}

TEST(CompareProfiles, PerMetricThresholdsOverrideTheDefault) {
    compare_options o;
    ASSERT_TRUE(parse_threshold("time_to_first_token:p99=60%", o));
    ASSERT_TRUE(parse_threshold("output_token_throughput=10", o));
    ASSERT_TRUE(parse_threshold("3%", o));
    o.metrics = {{"time_to_first_token", "p99"},
                 {"output_token_throughput", "avg"},
                 {"time_to_first_token", "p50"}};
    const auto rows = compare_profiles(parse(baseline_json), parse(candidate_json), o);
    EXPECT_EQ(rows[0].verdict, compare_verdict::unchanged);
    EXPECT_EQ(rows[0].threshold_percent, 60);
    EXPECT_EQ(rows[1].verdict, compare_verdict::unchanged);
    EXPECT_EQ(rows[2].threshold_percent, 3);
    EXPECT_EQ(rows[2].verdict, compare_verdict::regressed);  // +4 % > 3 %
    EXPECT_FALSE(any_regressed({rows[0], rows[1]}));
}

TEST(CompareProfiles, AbsentMetricIsMissingNotRegressed) {
    compare_options o;
    o.metrics = {{"time_to_second_token", "p50"}, {"time_to_first_token", "p5"}};
    const auto rows = compare_profiles(parse(baseline_json), parse(candidate_json), o);
    EXPECT_EQ(rows[0].verdict, compare_verdict::missing);
    EXPECT_EQ(rows[1].verdict, compare_verdict::missing);
    EXPECT_FALSE(any_regressed(rows));
    const std::string table = render_compare_table(rows, exporter::console_charset::ascii);
    EXPECT_NE(table.find("0 regressed, 0 improved, 0 unchanged, 2 missing"), std::string::npos);
}

TEST(CompareProfiles, RendersRowsAndJson) {
    compare_options o;
    o.metrics = {{"time_to_first_token", "p99"}};
    const auto rows = compare_profiles(parse(baseline_json), parse(candidate_json), o);
    const std::string table = render_compare_table(rows, exporter::console_charset::ascii);
    EXPECT_NE(table.find("time_to_first_token (ms)"), std::string::npos);
    EXPECT_NE(table.find("+50.00%"), std::string::npos);
    EXPECT_NE(table.find("REGRESSED"), std::string::npos);
    const std::string json = render_compare_json(rows, "a", "b", 5);
    EXPECT_NE(json.find(R"("regressed":true)"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("delta_percent":50.0)"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("verdict":"regressed")"), std::string::npos) << json;
}

TEST(CompareInputs, ErrorsNameTheFileAndTheText) {
    auto bad = parse_profile_json("[1]", "dir: dir/profile_export_aiperf.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.message(), "dir: dir/profile_export_aiperf.json: not a JSON object");
    auto missing = read_profile("/nonexistent-ringperf-dir");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.message().find("/nonexistent-ringperf-dir: cannot read "
                                     "/nonexistent-ringperf-dir/profile_export_aiperf.json"),
              std::string::npos)
        << missing.message();
    compare_options o;
    auto t = parse_threshold("ten", o);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.message(), "--threshold 'ten': expected a percentage >= 0, e.g. 5 or 10%");
    auto m = parse_compared_metric("request_latency:p42");
    ASSERT_FALSE(m);
    EXPECT_NE(m.message().find("unknown statistic 'p42'"), std::string::npos);
}

}  // namespace
}  // namespace ringperf::cli
