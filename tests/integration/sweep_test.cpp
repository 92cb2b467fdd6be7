// End to end: sweeps (--concurrency / --request-rate lists) and repeated runs
// (--num-profile-runs) of `ringperf profile` against `ringperf mock`.
#include <gtest/gtest.h>
#include <signal.h>
#include <simdjson.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <thread>

#include "harness.h"
#include "process.h"

using namespace std::chrono_literals;
namespace rt = ringperf::testing;

namespace {

std::vector<std::string> profile_args(const rt::mock_server& mock, std::vector<std::string> args) {
    args.insert(args.begin(),
                {rt::binary(), "profile", "--ui-type", "none", "--url", mock.url(), "--model", "m",
                 "--streaming", "--osl", "4", "--tokenizer", rt::test_tokenizer()});
    return args;
}

double number(simdjson::dom::element e) {
    if (e.is_double()) return double(e.get_double());
    if (e.is_int64()) return double(int64_t(e.get_int64()));
    if (e.is_uint64()) return double(uint64_t(e.get_uint64()));
    return std::nan("");
}

std::string text(simdjson::dom::element e) {
    return std::string(std::string_view(e));
}

std::size_t line_count(const std::string& s) {
    std::size_t n = 0;
    std::stringstream ss(s);
    for (std::string l; std::getline(ss, l);)
        if (!l.empty()) ++n;
    return n;
}

}  // namespace

TEST(Sweep, ConcurrencyListRunsOneBenchmarkPerValueAndSummarisesThem) {
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0) << rt::read_text(dir + "/mock.err");
    const std::string art = dir + "/art";
    const auto r = rt::run(
        profile_args(mock, {"--concurrency", "1,2,4", "--request-count", "12",
                            "--parameter-sweep-cooldown-seconds", "0.2", "--artifact-dir", art}),
        dir, "profile", 120s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;

    simdjson::dom::parser parser;
    const int values[] = {1, 2, 4};
    std::vector<double> ttft_p50, throughput;
    for (int i = 0; i < 3; ++i) {
        const int c = values[i];
        const std::string run = art + "/m-openai-chat-concurrency" + std::to_string(c);
        simdjson::dom::element doc;
        ASSERT_EQ(parser.load(run + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS)
            << run;
        EXPECT_EQ(number(doc["request_count"]["avg"]), 12.0) << run;
        EXPECT_EQ(number(doc["run_info"]["random_seed"]), 42.0 + i) << run;
        EXPECT_EQ(number(doc["run_info"]["variation_index"]), double(i)) << run;
        EXPECT_EQ(text(doc["run_info"]["variation_label"]), "concurrency" + std::to_string(c));
        EXPECT_EQ(number(doc["run_info"]["variation_values"]["concurrency"]), double(c));
        ttft_p50.push_back(number(doc["time_to_first_token"]["p50"]));
        throughput.push_back(number(doc["request_throughput"]["avg"]));
        EXPECT_EQ(line_count(rt::read_text(run + "/profile_export.jsonl")), 12u);
        EXPECT_NE(rt::read_text(run + "/run.toml").find("concurrency = " + std::to_string(c)),
                  std::string::npos);
    }
    simdjson::dom::element s;
    ASSERT_EQ(parser.load(art + "/sweep_summary.json").get(s), simdjson::SUCCESS);
    EXPECT_EQ(text(s["parameter"]), "concurrency");
    EXPECT_TRUE(bool(s["completed"]));
    EXPECT_EQ(int64_t(s["exit_code"]), 0);
    auto points = simdjson::dom::array(s["points"]);
    ASSERT_EQ(points.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        auto pt = points.at(i);
        EXPECT_EQ(text(pt["status"]), "completed");
        EXPECT_EQ(uint64_t(pt["seed"]), 42 + i);
        EXPECT_EQ(uint64_t(pt["metrics"]["request_count"]), 12u);
        EXPECT_EQ(uint64_t(pt["metrics"]["error_request_count"]), 0u);
        // The summary repeats each run's own figures (full precision in both files).
        EXPECT_EQ(number(pt["metrics"]["request_throughput_avg"]), throughput[i]);
        EXPECT_EQ(number(pt["metrics"]["time_to_first_token_p50"]), ttft_p50[i]);
        EXPECT_EQ(art + "/" + text(pt["artifact_dir"]),
                  art + "/m-openai-chat-concurrency" + std::to_string(values[i]));
    }
    EXPECT_EQ(line_count(rt::read_text(art + "/sweep_summary.csv")), 4u);
    EXPECT_NE(r.out.find("ringperf | Sweep over concurrency (3 values"), std::string::npos)
        << r.out;
}

TEST(Sweep, RequestRateListNamesEachDirectoryAfterItsRate) {
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto r = rt::run(profile_args(mock, {"--request-rate", "50,100", "--request-count", "10",
                                               "--random-seed", "7", "--artifact-dir", art}),
                           dir, "profile", 120s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(
        parser.load(art + "/m-openai-chat-request_rate100.0/profile_export_aiperf.json").get(doc),
        simdjson::SUCCESS);
    EXPECT_EQ(number(doc["request_count"]["avg"]), 10.0);
    EXPECT_EQ(number(doc["run_info"]["random_seed"]), 8.0);  // 7 + index 1
    simdjson::dom::element s;
    ASSERT_EQ(parser.load(art + "/sweep_summary.json").get(s), simdjson::SUCCESS);
    EXPECT_EQ(text(s["parameter"]), "request_rate");
    auto points = simdjson::dom::array(s["points"]);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(number(points.at(0)["value"]), 50.0);
    EXPECT_EQ(text(points.at(1)["artifact_dir"]), "m-openai-chat-request_rate100.0");
}

TEST(Sweep, RepeatedRunsWriteEachRunAndTheConfidenceAggregate) {
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto r =
        rt::run(profile_args(mock, {"--concurrency", "2", "--request-count", "8",
                                    "--num-profile-runs", "3", "--profile-run-cooldown-seconds",
                                    "0.2", "--confidence-level", "0.9", "--artifact-dir", art}),
                dir, "profile", 120s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    simdjson::dom::parser parser;
    for (const char* label : {"run_0001", "run_0002", "run_0003"}) {
        const std::string run = art + "/profile_runs/" + label;
        simdjson::dom::element doc;
        ASSERT_EQ(parser.load(run + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS)
            << run;
        EXPECT_EQ(number(doc["request_count"]["avg"]), 8.0);
        EXPECT_EQ(number(doc["run_info"]["random_seed"]), 42.0);
        EXPECT_EQ(text(doc["run_info"]["run_label"]), label);
    }
    simdjson::dom::element a;
    ASSERT_EQ(parser.load(art + "/aggregate/profile_export_aiperf_aggregate.json").get(a),
              simdjson::SUCCESS);
    EXPECT_EQ(uint64_t(a["metadata"]["num_profile_runs"]), 3u);
    EXPECT_EQ(uint64_t(a["metadata"]["num_successful_runs"]), 3u);
    EXPECT_EQ(number(a["metadata"]["confidence_level"]), 0.9);
    EXPECT_EQ(number(a["metrics"]["request_count_avg"]["mean"]), 8.0);
    EXPECT_FALSE(a["metrics"]["time_to_first_token_p99"]["ci_high"].is_null());
    EXPECT_TRUE(std::filesystem::exists(art + "/aggregate/profile_export_aiperf_aggregate.csv"));
    EXPECT_FALSE(std::filesystem::exists(art + "/sweep_summary.json"));
    EXPECT_NE(r.out.find("Aggregate over 3 runs (90% CI)"), std::string::npos) << r.out;
}

TEST(Sweep, SweepOfRepeatedRunsAggregatesEveryValue) {
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto r = rt::run(profile_args(mock, {"--concurrency", "1,2", "--request-count", "6",
                                               "--num-profile-runs", "2", "--artifact-dir", art}),
                           dir, "profile", 120s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    for (int c : {1, 2}) {
        const std::string value = art + "/m-openai-chat-concurrency" + std::to_string(c);
        EXPECT_TRUE(
            std::filesystem::exists(value + "/profile_runs/run_0002/profile_export_aiperf.json"));
        EXPECT_TRUE(
            std::filesystem::exists(value + "/aggregate/profile_export_aiperf_aggregate.json"));
    }
    simdjson::dom::parser parser;
    simdjson::dom::element s;
    ASSERT_EQ(parser.load(art + "/sweep_summary.json").get(s), simdjson::SUCCESS);
    EXPECT_EQ(uint64_t(s["num_profile_runs"]), 2u);
    for (auto pt : simdjson::dom::array(s["points"])) {
        EXPECT_EQ(uint64_t(pt["successful_runs"]), 2u);
        EXPECT_EQ(uint64_t(pt["metrics"]["request_count"]), 12u);  // 6 per run, 2 runs
    }
}

TEST(Sweep, InterruptDuringACooldownKeepsTheCompletedRunsAndAggregatesThem) {
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    rt::child prof(
        profile_args(mock, {"--concurrency", "2", "--request-count", "6", "--num-profile-runs", "3",
                            "--profile-run-cooldown-seconds", "60", "--artifact-dir", art}),
        dir, "profile");
    ASSERT_FALSE(
        rt::wait_for_file(art + "/profile_runs/run_0001/profile_export_aiperf.json", 30s).empty());
    std::this_thread::sleep_for(300ms);
    prof.signal(SIGINT);
    const auto r = prof.wait(20s);
    EXPECT_EQ(r.exit_code, 130) << r.err;
    EXPECT_FALSE(std::filesystem::exists(art + "/profile_runs/run_0002"));
    simdjson::dom::parser parser;
    simdjson::dom::element a;
    ASSERT_EQ(parser.load(art + "/aggregate/profile_export_aiperf_aggregate.json").get(a),
              simdjson::SUCCESS)
        << r.err;
    EXPECT_EQ(uint64_t(a["metadata"]["num_profile_runs"]), 3u);
    EXPECT_EQ(uint64_t(a["metadata"]["num_successful_runs"]), 1u);
    auto failed = simdjson::dom::array(a["metadata"]["failed_runs"]);
    ASSERT_EQ(failed.size(), 2u);
    EXPECT_EQ(text(failed.at(0)["label"]), "run_0002");
    EXPECT_EQ(text(failed.at(0)["error"]), "not run: interrupted before it started");
}

TEST(Sweep, InterruptDuringARunWritesItsPartialResultsAndStopsTheSweep) {
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    rt::child prof(profile_args(mock, {"--concurrency", "1,2,3", "--benchmark-duration", "2",
                                       "--benchmark-grace-period", "1", "--artifact-dir", art}),
                   dir, "profile");
    ASSERT_FALSE(
        rt::wait_for_file(art + "/m-openai-chat-concurrency1/profile_export_aiperf.json", 30s)
            .empty());
    std::this_thread::sleep_for(700ms);
    prof.signal(SIGINT);
    const auto r = prof.wait(20s);
    EXPECT_EQ(r.exit_code, 130) << r.err;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/m-openai-chat-concurrency2/profile_export_aiperf.json").get(doc),
              simdjson::SUCCESS)
        << r.err;
    EXPECT_TRUE(bool(doc["was_cancelled"]));
    EXPECT_FALSE(std::filesystem::exists(art + "/m-openai-chat-concurrency3"));
    simdjson::dom::element s;
    ASSERT_EQ(parser.load(art + "/sweep_summary.json").get(s), simdjson::SUCCESS);
    EXPECT_FALSE(bool(s["completed"]));
    EXPECT_EQ(int64_t(s["exit_code"]), 130);
    auto points = simdjson::dom::array(s["points"]);
    ASSERT_EQ(points.size(), 3u);
    EXPECT_EQ(text(points.at(0)["status"]), "completed");
    EXPECT_EQ(text(points.at(1)["status"]), "interrupted");
    EXPECT_EQ(text(points.at(2)["status"]), "not_run");
}
