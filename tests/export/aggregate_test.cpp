#include "ringperf/export/aggregate.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "ringperf/base/file.h"
#include "test_catalogue.h"

using namespace ringperf::exporter;
using ringperf::metrics::metric_result;
using test_catalogue::metric_id;
using test_catalogue::single;
using test_catalogue::with_stats;

namespace {

constexpr double t_975_1 = 12.706204736174707;  // t(0.975, 1), from tables
constexpr double t_975_2 = 4.302652729749464;   // t(0.975, 2), from tables

// Three runs: request_throughput 10, 12, 14 and TTFT stats starting at 100, 110, 130.
aggregate_input three_runs() {
    aggregate_input in;
    for (double base : {100.0, 110.0, 130.0}) {
        const double throughput = 10 + (base == 100 ? 0 : base == 110 ? 2 : 4);
        in.runs.push_back({with_stats(metric_id::time_to_first_token, base),
                           single(metric_id::request_throughput, throughput)});
    }
    in.run_labels = {"run_0001", "run_0002", "run_0003"};
    return in;
}

run_aggregate aggregate_or_fail(const aggregate_input& in) {
    auto r = aggregate_runs(in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.message());
    return r.ok() ? std::move(*r) : run_aggregate{};
}

const aggregate_metric* find(const run_aggregate& a, const std::string& key) {
    for (const auto& m : a.metrics) {
        if (m.key == key) return &m;
    }
    return nullptr;
}

std::vector<std::string> keys_of(const run_aggregate& a) {
    std::vector<std::string> out;
    for (const auto& m : a.metrics)
        out.push_back(m.key);
    return out;
}

std::string text(simdjson::dom::element e) {
    return std::string(std::string_view(e));
}

std::string golden(const std::string& name) {
    auto r = ringperf::read_file(test_catalogue::test_data("export/" + name));
    EXPECT_TRUE(r.ok()) << r.message();
    return r.ok() ? *r : std::string();
}

// Two successful runs around a failed one, with a metric only the first run has.
aggregate_input small_case() {
    aggregate_input in;
    in.runs = {
        {single(metric_id::request_throughput, 1.5), single(metric_id::request_count, 10),
         single(metric_id::error_request_count, 1)},
        {single(metric_id::request_count, 10), single(metric_id::request_throughput, 2.5)},
    };
    in.run_labels = {"run_0001", "run_0003"};
    in.failed_runs = {{"run_0002", "connection refused: 127.0.0.1:8000"}};
    in.cooldown_seconds = 5;
    return in;
}

}  // namespace

TEST(RunLayout, LabelsAreOneBasedAndZeroPadded) {
    EXPECT_EQ(run_label(0), "run_0001");
    EXPECT_EQ(run_label(9), "run_0010");
    EXPECT_EQ(run_label(9998), "run_9999");
    EXPECT_EQ(run_label(9999), "run_10000");
}

TEST(RunLayout, PathsSitUnderTheArtifactDirectory) {
    EXPECT_EQ(profile_run_dir("artifacts/m-openai-chat-concurrency1", 2),
              "artifacts/m-openai-chat-concurrency1/profile_runs/run_0003");
    EXPECT_EQ(profile_run_dir("out/", 0), "out/profile_runs/run_0001");
    const auto p = make_aggregate_paths("out/");
    EXPECT_EQ(p.dir, "out/aggregate");
    EXPECT_EQ(p.json, "out/aggregate/profile_export_aiperf_aggregate.json");
    EXPECT_EQ(p.csv, "out/aggregate/profile_export_aiperf_aggregate.csv");
}

TEST(SummaryStat, NamesAndValuesFollowAiperfsOrder) {
    const metric_result r = with_stats(metric_id::request_latency, 0);
    const char* names[] = {"avg", "min", "max", "p1",  "p5",  "p10", "p25",
                           "p50", "p75", "p90", "p95", "p99", "std"};
    for (std::size_t i = 0; i < summary_stat_count; ++i) {
        const auto s = static_cast<summary_stat>(i);
        EXPECT_STREQ(summary_stat_name(s), names[i]);
        EXPECT_EQ(summary_stat_value(r.s, s), static_cast<double>(i));
    }
}

TEST(Aggregate, SingleValueStatisticsOverThreeRuns) {
    const auto a = aggregate_or_fail(three_runs());
    const auto* m = find(a, "request_throughput_avg");
    ASSERT_NE(m, nullptr);
    // Values 10, 12, 14: mean 12, sample variance (4 + 0 + 4) / 2 = 4.
    EXPECT_DOUBLE_EQ(m->mean, 12);
    EXPECT_DOUBLE_EQ(m->std, 2);
    EXPECT_EQ(m->min, 10);
    EXPECT_EQ(m->max, 14);
    ASSERT_TRUE(m->cv.has_value());
    EXPECT_DOUBLE_EQ(*m->cv, 2.0 / 12);
    EXPECT_DOUBLE_EQ(m->se, 1.1547005383792517);  // 2 / sqrt(3)
    ASSERT_TRUE(m->t_critical && m->ci_low && m->ci_high);
    EXPECT_NEAR(*m->t_critical, t_975_2, 1e-12);
    EXPECT_NEAR(*m->ci_low, 12 - t_975_2 * 1.1547005383792517, 1e-12);
    EXPECT_NEAR(*m->ci_low, 7.0317245764993395, 1e-12);
    EXPECT_NEAR(*m->ci_high, 16.96827542350066, 1e-12);
    EXPECT_NEAR(*m->half_width(), 4.96827542350066, 1e-12);
    EXPECT_TRUE(m->info != nullptr && std::string(m->info->display_unit) == "requests/sec");
    EXPECT_FALSE(m->has_stats);
}

TEST(Aggregate, EveryStatOfARecordMetricIsItsOwnKey) {
    const auto a = aggregate_or_fail(three_runs());
    const std::vector<std::string> expected{
        "request_throughput_avg",  "time_to_first_token_avg", "time_to_first_token_max",
        "time_to_first_token_min", "time_to_first_token_p1",  "time_to_first_token_p10",
        "time_to_first_token_p25", "time_to_first_token_p5",  "time_to_first_token_p50",
        "time_to_first_token_p75", "time_to_first_token_p90", "time_to_first_token_p95",
        "time_to_first_token_p99", "time_to_first_token_std",
    };
    EXPECT_EQ(keys_of(a), expected);
    // p99 is base + 11 in every run: 111, 121, 141 -> mean 124.33, std of (100, 110, 130).
    const auto* p99 = find(a, "time_to_first_token_p99");
    ASSERT_NE(p99, nullptr);
    EXPECT_EQ(p99->stat, summary_stat::p99);
    EXPECT_TRUE(p99->has_stats);
    EXPECT_DOUBLE_EQ(p99->mean, 373.0 / 3);
    EXPECT_DOUBLE_EQ(p99->std, 15.275252316519467);
    EXPECT_EQ(p99->min, 111);
    EXPECT_EQ(p99->max, 141);
    EXPECT_DOUBLE_EQ(p99->se, 15.275252316519467 / std::sqrt(3.0));
    EXPECT_NEAR(*p99->ci_high - p99->mean, t_975_2 * p99->se, 1e-10);
    EXPECT_STREQ(p99->info->display_unit, "ms");
}

TEST(Aggregate, ConfidenceLevelChoosesTheQuantile) {
    auto in = three_runs();
    in.confidence_level = 0.99;
    const auto a = aggregate_or_fail(in);
    const auto* m = find(a, "request_throughput_avg");
    ASSERT_NE(m, nullptr);
    EXPECT_NEAR(*m->t_critical, 9.924843200918293, 1e-9);  // t(0.995, 2)
    EXPECT_EQ(a.confidence_level, 0.99);
}

TEST(Aggregate, OneRunHasNoSpreadAndNoInterval) {
    aggregate_input in;
    in.runs = {
        {single(metric_id::request_throughput, 3.25), single(metric_id::error_request_count, 0)}};
    in.run_labels = {"run_0001"};
    const auto a = aggregate_or_fail(in);
    const auto* m = find(a, "request_throughput_avg");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->mean, 3.25);
    EXPECT_EQ(m->std, 0);
    EXPECT_EQ(m->se, 0);
    EXPECT_EQ(m->min, 3.25);
    EXPECT_EQ(m->max, 3.25);
    ASSERT_TRUE(m->cv.has_value());
    EXPECT_EQ(*m->cv, 0);
    EXPECT_FALSE(m->t_critical.has_value());
    EXPECT_FALSE(m->ci_low.has_value());
    EXPECT_FALSE(m->ci_high.has_value());
    EXPECT_FALSE(m->half_width().has_value());
    const auto* zero = find(a, "error_request_count_avg");
    ASSERT_NE(zero, nullptr);
    EXPECT_FALSE(zero->cv.has_value()) << "cv of a zero mean is undefined";
}

TEST(Aggregate, NegativeMeanGivesAPositiveCv) {
    aggregate_input in;
    in.runs = {{single(metric_id::request_throughput, -1)},
               {single(metric_id::request_throughput, -3)}};
    in.run_labels = {"a", "b"};
    const auto a = aggregate_or_fail(in);
    ASSERT_EQ(a.metrics.size(), 1u);
    EXPECT_DOUBLE_EQ(*a.metrics[0].cv, std::sqrt(2.0) / 2);
    EXPECT_NEAR(*a.metrics[0].t_critical, t_975_1, 1e-9);
}

TEST(Aggregate, KeysMissingFromARunAreOmittedAndNamed) {
    aggregate_input in;
    in.runs = {
        {single(metric_id::request_throughput, 1), single(metric_id::error_request_count, 2),
         with_stats(metric_id::time_to_first_token, 5)},
        {single(metric_id::request_throughput, 2), with_stats(metric_id::time_to_first_token, 6)},
        {single(metric_id::request_throughput, 3), with_stats(metric_id::time_to_first_token, 7)},
    };
    in.runs[2][1].s.p50 = NAN;
    in.run_labels = {"run_0001", "run_0002", "run_0003"};
    const auto a = aggregate_or_fail(in);
    EXPECT_EQ(find(a, "error_request_count_avg"), nullptr);
    EXPECT_EQ(find(a, "time_to_first_token_p50"), nullptr) << "a non-finite value counts as absent";
    EXPECT_NE(find(a, "time_to_first_token_p90"), nullptr);
    EXPECT_EQ(a.omitted_metrics,
              (std::vector<std::string>{"error_request_count_avg", "time_to_first_token_p50"}));
    EXPECT_EQ(a.metrics.size(), 1u + 12u);
}

TEST(Aggregate, FailedRunsAreListedAndExcluded) {
    auto in = three_runs();
    in.runs.erase(in.runs.begin() + 1);
    in.run_labels = {"run_0001", "run_0003"};
    in.failed_runs = {{"run_0002", "server returned 503 for every request"}};
    const auto a = aggregate_or_fail(in);
    EXPECT_EQ(a.num_profile_runs, 3u);
    EXPECT_EQ(a.num_successful_runs, 2u);
    ASSERT_EQ(a.failed_runs.size(), 1u);
    EXPECT_EQ(a.failed_runs[0].label, "run_0002");
    EXPECT_EQ(a.failed_runs[0].error, "server returned 503 for every request");
    EXPECT_EQ(a.run_labels, (std::vector<std::string>{"run_0001", "run_0003"}));
    const auto* m = find(a, "request_throughput_avg");
    ASSERT_NE(m, nullptr);
    EXPECT_DOUBLE_EQ(m->mean, 12);  // 10 and 14
    EXPECT_NEAR(*m->t_critical, t_975_1, 1e-9);
}

TEST(Aggregate, NoSuccessfulRunGivesNoMetrics) {
    aggregate_input in;
    in.failed_runs = {{"run_0001", "a"}, {"run_0002", "b"}};
    const auto a = aggregate_or_fail(in);
    EXPECT_EQ(a.num_profile_runs, 2u);
    EXPECT_EQ(a.num_successful_runs, 0u);
    EXPECT_TRUE(a.metrics.empty());
    EXPECT_TRUE(a.omitted_metrics.empty());
}

TEST(Aggregate, EpochTimestampsAreNotAggregated) {
    aggregate_input in;
    in.runs = {{single(metric_id::min_request_timestamp, 1.7e18),
                single(metric_id::max_response_timestamp, 1.8e18),
                single(metric_id::benchmark_duration, 9.5)},
               {single(metric_id::min_request_timestamp, 1.9e18),
                single(metric_id::max_response_timestamp, 2.0e18),
                single(metric_id::benchmark_duration, 9.7)}};
    in.run_labels = {"a", "b"};
    const auto a = aggregate_or_fail(in);
    EXPECT_EQ(keys_of(a), std::vector<std::string>{"benchmark_duration_avg"});
    EXPECT_TRUE(a.omitted_metrics.empty());
}

TEST(Aggregate, RejectsInvalidInput) {
    for (double level : {0.0, 1.0, -0.5, 1.5, static_cast<double>(NAN)}) {
        auto in = three_runs();
        in.confidence_level = level;
        const auto r = aggregate_runs(in);
        ASSERT_FALSE(r.ok()) << level;
        EXPECT_NE(r.message().find("confidence level"), std::string::npos) << r.message();
    }
    auto labels = three_runs();
    labels.run_labels.pop_back();
    const auto r1 = aggregate_runs(labels);
    ASSERT_FALSE(r1.ok());
    EXPECT_NE(r1.message().find("3 run summaries but 2 run labels"), std::string::npos);

    auto twice = three_runs();
    twice.runs[1].push_back(single(metric_id::request_throughput, 1));
    const auto r2 = aggregate_runs(twice);
    ASSERT_FALSE(r2.ok());
    EXPECT_NE(r2.message().find("run_0002 lists metric request_throughput twice"),
              std::string::npos)
        << r2.message();

    auto no_info = three_runs();
    no_info.runs[2].push_back(metric_result{});
    const auto r3 = aggregate_runs(no_info);
    ASSERT_FALSE(r3.ok());
    EXPECT_NE(r3.message().find("run_0003"), std::string::npos) << r3.message();
}

TEST(AggregateJson, ParsesBackWithEveryField) {
    auto in = three_runs();
    in.runs.push_back({single(metric_id::request_throughput, 16),
                       with_stats(metric_id::time_to_first_token, 90),
                       single(metric_id::error_request_count, 4)});
    in.run_labels.push_back("run_0005");
    in.failed_runs = {{"run_0004", "the server closed \"every\" connection\nearly"}};
    in.cooldown_seconds = 2.5;
    const auto a = aggregate_or_fail(in);
    const std::string out = render_aggregate_json(a);

    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    EXPECT_EQ(text(doc["schema_version"]), "1.0");
    EXPECT_EQ(text(doc["ringperf_version"]), RINGPERF_VERSION);
    const auto md = doc["metadata"];
    EXPECT_EQ(text(md["aggregation_type"]), "confidence");
    EXPECT_EQ(std::uint64_t(md["num_profile_runs"]), 5u);
    EXPECT_EQ(std::uint64_t(md["num_successful_runs"]), 4u);
    simdjson::dom::array failed = md["failed_runs"];
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(text(failed.at(0)["label"]), "run_0004");
    EXPECT_EQ(text(failed.at(0)["error"]), "the server closed \"every\" connection\nearly");
    EXPECT_EQ(double(md["confidence_level"]), 0.95);
    EXPECT_EQ(double(md["cooldown_seconds"]), 2.5);
    simdjson::dom::array labels = md["run_labels"];
    std::vector<std::string> got;
    for (auto l : labels)
        got.push_back(text(l));
    EXPECT_EQ(got, (std::vector<std::string>{"run_0001", "run_0002", "run_0003", "run_0005"}));
    simdjson::dom::array omitted = md["omitted_metrics"];
    ASSERT_EQ(omitted.size(), 1u);
    EXPECT_EQ(text(omitted.at(0)), "error_request_count_avg");

    simdjson::dom::object metrics = doc["metrics"];
    EXPECT_EQ(metrics.size(), a.metrics.size());
    for (const auto& m : a.metrics) {
        simdjson::dom::object b = metrics[m.key];
        EXPECT_EQ(b.size(), 10u) << m.key;
        EXPECT_EQ(double(b["mean"]), m.mean) << m.key;
        EXPECT_EQ(double(b["std"]), m.std) << m.key;
        EXPECT_EQ(double(b["min"]), m.min) << m.key;
        EXPECT_EQ(double(b["max"]), m.max) << m.key;
        EXPECT_EQ(double(b["cv"]), *m.cv) << m.key;
        EXPECT_EQ(double(b["se"]), m.se) << m.key;
        EXPECT_EQ(double(b["ci_low"]), *m.ci_low) << m.key;
        EXPECT_EQ(double(b["ci_high"]), *m.ci_high) << m.key;
        EXPECT_EQ(double(b["t_critical"]), *m.t_critical) << m.key;
        EXPECT_EQ(text(b["unit"]), m.info->display_unit) << m.key;
    }
    // Values 10, 12, 14, 16: full precision survives the round trip.
    const auto tp = metrics["request_throughput_avg"];
    EXPECT_EQ(double(tp["mean"]), 13.0);
    EXPECT_EQ(double(tp["std"]), std::sqrt(20.0 / 3));
    EXPECT_NEAR(double(tp["t_critical"]), 3.1824463052837084, 1e-12);  // t(0.975, 3)
}

TEST(AggregateJson, AbsentValuesAreNull) {
    aggregate_input in;
    in.runs = {{single(metric_id::request_throughput, 0)}};
    in.run_labels = {"run_0001"};
    const std::string out = render_aggregate_json(aggregate_or_fail(in));
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(simdjson::padded_string(out));
    const auto b = doc["metrics"]["request_throughput_avg"];
    for (const char* k : {"cv", "ci_low", "ci_high", "t_critical"})
        EXPECT_TRUE(b[k].is_null()) << k;
    EXPECT_EQ(double(b["mean"]), 0.0);
    EXPECT_EQ(double(b["std"]), 0.0);
    EXPECT_EQ(double(b["se"]), 0.0);
}

TEST(AggregateJson, IsIndentedAsPythonWritesIt) {
    const std::string expected = std::string(R"({
  "schema_version": "1.0",
  "ringperf_version": ")") + RINGPERF_VERSION +
                                 R"(",
  "metadata": {
    "aggregation_type": "confidence",
    "num_profile_runs": 3,
    "num_successful_runs": 2,
    "failed_runs": [
      {
        "label": "run_0002",
        "error": "connection refused: 127.0.0.1:8000"
      }
    ],
    "confidence_level": 0.95,
    "cooldown_seconds": 5.0,
    "run_labels": [
      "run_0001",
      "run_0003"
    ],
    "omitted_metrics": [
      "error_request_count_avg"
    ]
  },
  "metrics": {
    "request_count_avg": {
      "mean": 10.0,
      "std": 0.0,
      "min": 10.0,
      "max": 10.0,
      "cv": 0.0,
      "se": 0.0,
      "ci_low": 10.0,
      "ci_high": 10.0,
      "t_critical": 12.706204736174692,
      "unit": "requests"
    },
    "request_throughput_avg": {
      "mean": 2.0,
      "std": 0.7071067811865476,
      "min": 1.5,
      "max": 2.5,
      "cv": 0.3535533905932738,
      "se": 0.5,
      "ci_low": -4.353102368087346,
      "ci_high": 8.353102368087345,
      "t_critical": 12.706204736174692,
      "unit": "requests/sec"
    }
  }
}
)";
    EXPECT_EQ(render_aggregate_json(aggregate_or_fail(small_case())), expected);
}

TEST(AggregateJson, EmptyListsStayOnOneLine) {
    aggregate_input in;
    const std::string out = render_aggregate_json(aggregate_or_fail(in));
    EXPECT_NE(out.find("\"failed_runs\": [],\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\"run_labels\": [],\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\"metrics\": {}\n}\n"), std::string::npos) << out;
}

TEST(AggregateCsv, MatchesTheExactText) {
    const std::string expected =
        "metric,mean,std,min,max,cv,se,ci_low,ci_high,t_critical,unit\r\n"
        "request_count_avg,10.00,0.00,10.00,10.00,0.0000,0.0000,10.00,10.00,12.7062,requests\r\n"
        "request_throughput_avg,2.00,0.71,1.50,2.50,0.3536,0.5000,-4.35,8.35,12.7062,"
        "requests/sec\r\n"
        "\r\n"
        "Aggregation Type,confidence\r\n"
        "Total Runs,3\r\n"
        "Successful Runs,2\r\n"
        "Failed Runs,['run_0002']\r\n"
        "Confidence Level,0.95\r\n"
        "Cooldown Seconds,5.0\r\n"
        "Run Labels,\"['run_0001', 'run_0003']\"\r\n"
        "Omitted Metrics,['error_request_count_avg']\r\n";
    EXPECT_EQ(render_aggregate_csv(aggregate_or_fail(small_case())), expected);
}

TEST(AggregateCsv, AbsentValuesAreEmptyCells) {
    aggregate_input in;
    in.runs = {{single(metric_id::request_throughput, 0)}};
    in.run_labels = {"it's \"one\""};
    const std::string out = render_aggregate_csv(aggregate_or_fail(in));
    EXPECT_NE(
        out.find("\r\nrequest_throughput_avg,0.00,0.00,0.00,0.00,,0.0000,,,,requests/sec\r\n"),
        std::string::npos)
        << out;
    // Python's repr escapes the quote it uses; CSV then doubles the double quotes.
    EXPECT_NE(out.find("\r\nRun Labels,\"['it\\'s \"\"one\"\"']\"\r\n"), std::string::npos) << out;
}

TEST(AggregateConsole, MatchesTheGoldenLayout) {
    auto in = three_runs();
    for (std::size_t i = 0; i < in.runs.size(); ++i) {
        const double k = static_cast<double>(i);
        in.runs[i].push_back(with_stats(metric_id::request_latency, 12000 + 150 * k));
        in.runs[i].push_back(with_stats(metric_id::inter_chunk_latency, 20 + k));
        in.runs[i].push_back(single(metric_id::request_count, 100));
        in.runs[i].push_back(single(metric_id::error_request_count, 2 + k));
    }
    in.runs[0][0].s.p50 = NAN;  // TTFT p50 omitted -> N/A
    in.run_labels = {"run_0001", "run_0003", "run_0004"};
    in.failed_runs = {{"run_0002", "no request succeeded\n(connection refused)"}};
    const auto a = aggregate_or_fail(in);
    EXPECT_EQ(render_aggregate_console(a, console_charset::unicode),
              golden("aggregate_console.txt"));
    EXPECT_EQ(render_aggregate_console(a, console_charset::ascii),
              golden("aggregate_console_ascii.txt"));
}

TEST(AggregateConsole, OneRunShowsMeansWithoutInterval) {
    aggregate_input in;
    in.runs = {{single(metric_id::request_throughput, 1234.5)}};
    in.run_labels = {"run_0001"};
    const std::string out = render_aggregate_console(aggregate_or_fail(in), console_charset::ascii);
    EXPECT_NE(out.find("ringperf | Aggregate over 1 run\n"), std::string::npos) << out;
    EXPECT_NE(out.find("| Request Throughput (requests/sec) | 1,234.50 | N/A | N/A |"),
              std::string::npos)
        << out;
}

TEST(AggregateConsole, TitleNamesTheConfidenceLevel) {
    auto in = three_runs();
    in.confidence_level = 0.975;
    const std::string out = render_aggregate_console(aggregate_or_fail(in), console_charset::ascii);
    EXPECT_NE(out.find("ringperf | Aggregate over 3 runs (97.5% CI)\n"), std::string::npos) << out;
}

TEST(AggregateFiles, WritesJsonAndCsvIntoTheAggregateDirectory) {
    char tmpl[] = "/tmp/ringperf_aggregate_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    const auto paths = make_aggregate_paths(tmpl);
    const auto a = aggregate_or_fail(small_case());
    const auto r = write_aggregate_files(a, paths);
    ASSERT_TRUE(r.ok()) << r.message();
    auto json = ringperf::read_file(paths.json);
    auto csv = ringperf::read_file(paths.csv);
    ASSERT_TRUE(json.ok() && csv.ok());
    EXPECT_EQ(*json, render_aggregate_json(a));
    EXPECT_EQ(*csv, render_aggregate_csv(a));
    EXPECT_EQ(std::remove(paths.json.c_str()), 0);
    EXPECT_EQ(std::remove(paths.csv.c_str()), 0);
    EXPECT_EQ(rmdir(paths.dir.c_str()), 0);
    EXPECT_EQ(rmdir(tmpl), 0);
}

TEST(AggregateFiles, NamesTheFileThatCouldNotBeWritten) {
    aggregate_paths paths;
    paths.dir = "/proc/ringperf_no_such_dir/aggregate";
    paths.json = paths.dir + "/profile_export_aiperf_aggregate.json";
    paths.csv = paths.dir + "/profile_export_aiperf_aggregate.csv";
    const auto r = write_aggregate_files(aggregate_or_fail(small_case()), paths);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("ringperf_no_such_dir"), std::string::npos) << r.message();
}
