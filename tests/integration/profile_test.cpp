// End to end: `ringperf profile` against `ringperf mock`, as a user runs them.
#include <gtest/gtest.h>
#include <signal.h>
#include <simdjson.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "harness.h"
#include "process.h"

using namespace std::chrono_literals;
namespace rt = ringperf::testing;
using rt::binary;
using rt::lines;
using rt::mock_server;
using rt::profile_args;
using rt::stat;

namespace {}  // namespace

TEST(Profile, StreamingChatMeasuresTheMockServersTokenClock) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "20", "--itl", "2"});
    ASSERT_GT(mock.port(), 0) << rt::read_text(dir + "/mock.err");
    const std::string art = dir + "/art";
    const auto r =
        rt::run(profile_args({"--url", mock.url(), "--model", "mock-model", "--streaming",
                              "--concurrency", "8", "--request-count", "64", "--isl", "32", "--osl",
                              "64", "--extra-inputs", "ignore_eos:true", "--artifact-dir", art}),
                dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;

    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    // The mock's timers can fire late on a loaded machine, never early.
    EXPECT_GE(stat(doc, "time_to_first_token", "p50"), 19.0);
    EXPECT_LE(stat(doc, "time_to_first_token", "p50"), 23.0);
    EXPECT_NEAR(stat(doc, "inter_token_latency", "p50"), 2.0, 1.0);
    EXPECT_NEAR(stat(doc, "time_to_second_token", "p50"), 2.0, 1.0);
    EXPECT_EQ(stat(doc, "request_count", "avg"), 64.0);
    // OSL is the run's tokenizer's count of the text the mock sent: each of the mock's 64
    // tokens is a word or more of text, so at least 64. The prompts are exactly 32 tokens.
    EXPECT_GE(stat(doc, "output_sequence_length", "min"), 64.0);
    EXPECT_EQ(stat(doc, "input_sequence_length", "min"), 32.0);
    EXPECT_EQ(stat(doc, "input_sequence_length", "max"), 32.0);
    EXPECT_EQ(stat(doc, "time_to_first_token", "count"), 64.0);
    EXPECT_TRUE(std::isnan(stat(doc, "error_request_count", "avg")));
    EXPECT_EQ(std::string(std::string_view(doc["time_to_first_token"]["unit"])), "ms");
    EXPECT_FALSE(bool(doc["was_cancelled"]));
    EXPECT_GT(stat(doc, "request_throughput", "avg"), 0.0);
    EXPECT_GT(stat(doc, "output_token_throughput", "avg"), 0.0);

    const auto records = lines(rt::read_text(art + "/profile_export.jsonl"));
    ASSERT_EQ(records.size(), 64u);
    std::set<int64_t> sessions;
    for (const auto& line : records) {
        simdjson::dom::element rec;
        ASSERT_EQ(parser.parse(line).get(rec), simdjson::SUCCESS) << line;
        EXPECT_TRUE(rec["error"].is_null()) << line;
        auto md = rec["metadata"];
        sessions.insert(int64_t(md["session_num"]));
        EXPECT_EQ(std::string_view(md["x_request_id"]).size(), 36u);
        EXPECT_EQ(std::string_view(md["benchmark_phase"]), "profiling");
        EXPECT_GE(uint64_t(md["request_end_ns"]), uint64_t(md["request_start_ns"]));
        EXPECT_GE(uint64_t(md["request_ack_ns"]), uint64_t(md["request_start_ns"]));
        EXPECT_GE(int64_t(rec["metrics"]["output_sequence_length"]["value"]), 64);
        EXPECT_EQ(std::string_view(rec["metrics"]["time_to_first_token"]["unit"]), "ms");
        EXPECT_EQ(simdjson::dom::array(rec["metrics"]["inter_chunk_latency"]["value"]).size(), 63u);
    }
    EXPECT_EQ(sessions.size(), 64u);
    EXPECT_EQ(*sessions.rbegin(), 63);

    const auto csv = lines(rt::read_text(art + "/profile_export_aiperf.csv"));
    ASSERT_FALSE(csv.empty());
    EXPECT_EQ(csv[0].substr(0, 45), "Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,");
    EXPECT_NE(rt::read_text(art + "/profile_export_aiperf.csv").find("Time to First Token (ms),"),
              std::string::npos);
    EXPECT_NE(rt::read_text(art + "/run.toml").find("concurrency = 8"), std::string::npos);
    EXPECT_FALSE(rt::read_text(art + "/logs/ringperf.log").empty());
    EXPECT_NE(r.out.find("Time to First Token (ms)"), std::string::npos) << r.out;
}

TEST(Profile, NonStreamingCompletionsHaveLatencyButNoTokenTiming) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "5", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto r =
        rt::run(profile_args({"--url", mock.url(), "--model", "m", "--endpoint-type", "completions",
                              "--concurrency", "4", "--request-count", "20", "--osl", "10",
                              "--use-server-token-count", "--artifact-dir", art}),
                dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    EXPECT_EQ(stat(doc, "request_count", "avg"), 20.0);
    EXPECT_TRUE(std::isnan(stat(doc, "time_to_first_token", "avg")));
    EXPECT_GE(stat(doc, "request_latency", "min"), 5.0 + 9 * 1.0 - 0.5);
    EXPECT_LE(stat(doc, "output_sequence_length", "max"), 10.0);
}

TEST(Profile, ServerThatIsDownIsReportedClearly) {
    const std::string dir = rt::make_temp_dir();
    const std::string url = "http://127.0.0.1:" + std::to_string(rt::unused_port());
    const auto r =
        rt::run(profile_args({"--url", url, "--model", "m", "--artifact-dir", dir + "/a"}), dir,
                "profile", 30s);
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("not reachable"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("refused"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(url), std::string::npos) << r.err;
}

TEST(Profile, MalformedUrlIsAUsageError) {
    const std::string dir = rt::make_temp_dir();
    const auto r = rt::run(profile_args({"--url", "http://localhost:99999", "--model", "m"}), dir,
                           "profile", 30s);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("invalid URL 'http://localhost:99999'"), std::string::npos) << r.err;
}

TEST(Profile, UnknownFlagIsAUsageErrorNamingIt) {
    const std::string dir = rt::make_temp_dir();
    const auto r = rt::run(profile_args({"--concurrancy", "4"}), dir, "profile", 30s);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--concurrancy"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--concurrency"), std::string::npos) << r.err;
}

TEST(Profile, InterruptWritesPartialResults) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "5", "--itl", "20"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    rt::child prof(profile_args({"--url", mock.url(), "--model", "m", "--streaming",
                                 "--concurrency", "4", "--request-count", "100000", "--osl", "10",
                                 "--extra-inputs", "ignore_eos:true", "--artifact-dir", art}),
                   dir, "profile");
    rt::wait_for_benchmark_start(art);
    std::this_thread::sleep_for(1500ms);
    prof.signal(SIGINT);
    const auto r = prof.wait(30s);
    EXPECT_EQ(r.exit_code, 130) << r.err;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS)
        << r.err;
    EXPECT_TRUE(bool(doc["was_cancelled"]));
    const double done = stat(doc, "request_count", "avg");
    EXPECT_GE(done, 4.0);  // ~200 ms per request, 4 at a time, 1.5 s
    EXPECT_LT(done, 100000.0);
    EXPECT_EQ(lines(rt::read_text(art + "/profile_export.jsonl")).size(),
              static_cast<size_t>(done));
}

TEST(Profile, DurationRunStopsAfterDurationAndGrace) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "5", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto t0 = std::chrono::steady_clock::now();
    const auto r =
        rt::run(profile_args({"--url", mock.url(), "--model", "m", "--streaming", "--concurrency",
                              "4", "--benchmark-duration", "1", "--benchmark-grace-period", "2",
                              "--osl", "8", "--artifact-dir", art}),
                dir, "profile", 60s);
    const auto took = std::chrono::steady_clock::now() - t0;
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_LT(took, 10s);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    EXPECT_GT(stat(doc, "request_count", "avg"), 20.0);
    EXPECT_NEAR(stat(doc, "benchmark_duration", "avg"), 1.0, 0.5);
}

TEST(Profile, HttpsAgainstAPlainHttpServerIsReportedClearly) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {});
    ASSERT_GT(mock.port(), 0);
    const std::string url = "https://127.0.0.1:" + std::to_string(mock.port());
    const auto r = rt::run(profile_args({"--url", url, "--model", "m", "--connect-timeout-seconds",
                                         "1", "--artifact-dir", dir + "/a"}),
                           dir, "profile", 30s);
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("TLS handshake"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("http://"), std::string::npos) << r.err;
}

TEST(Profile, RequestRateRunSendsTheScheduledCount) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto r =
        rt::run(profile_args({"--url", mock.url(), "--model", "m", "--streaming", "--request-rate",
                              "100", "--arrival-pattern", "poisson", "--random-seed", "3",
                              "--request-count", "60", "--osl", "4", "--artifact-dir", art}),
                dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    EXPECT_EQ(stat(doc, "request_count", "avg"), 60.0);
    EXPECT_EQ(int64_t(doc["run_info"]["skipped_requests"]), 0);
    EXPECT_NE(rt::read_text(art + "/run.toml").find("request_rate = 100"), std::string::npos);
}

// Every example run in configs/ runs against the mock: the file as shipped, with only the
// URL (the mock's port), the artifact directory and the run's length overridden, and the
// mock itself started from configs/mock.toml.
class ConfigExample : public ::testing::TestWithParam<std::string> {};

TEST_P(ConfigExample, RunsAgainstTheMock) {
    const char* configs = std::getenv("RINGPERF_CONFIGS");
    ASSERT_NE(configs, nullptr);
    const std::string dir = rt::make_temp_dir();
    mock_server mock(
        dir, {"--config", std::string(configs) + "/mock.toml", "--ttft", "2", "--itl", "0.2"});
    ASSERT_GT(mock.port(), 0) << rt::read_text(dir + "/mock.err");
    const std::string file = std::string(configs) + "/" + GetParam();
    const std::string art = dir + "/art";
    std::vector<std::string> args{"--config", file, "--url", mock.url(), "--artifact-dir", art};
    const std::string text = rt::read_text(file);
    const auto has = [&](const char* key) { return text.find(key) != std::string::npos; };
    if (has("benchmark_duration")) {
        args.insert(args.end(), {"--benchmark-duration", "1", "--benchmark-grace-period", "2"});
    } else if (has("num_sessions")) {
        args.insert(args.end(), {"--num-sessions", "4"});
    } else if (!has("[input]\nfile")) {  // a trace is replayed whole
        args.insert(args.end(), {"--request-count", "20"});
    }
    if (has("num_profile_runs")) args.insert(args.end(), {"--num-profile-runs", "2"});
    if (has("cooldown")) {
        args.insert(args.end(), {"--profile-run-cooldown-seconds", "0",
                                 "--parameter-sweep-cooldown-seconds", "0"});
    }
    if (has("conversation_turn_delay_mean")) {
        args.insert(args.end(), {"--conversation-turn-delay-mean", "5",
                                 "--conversation-turn-delay-stddev", "1"});
    }
    const auto r = rt::run(profile_args(args), dir, "profile", 120s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    if (has("concurrency = [")) {
        // A sweep: one directory per value and the sweep summary beside them.
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        ASSERT_EQ(parser.load(art + "/sweep_summary.json").get(doc), simdjson::SUCCESS);
        return;
    }
    // The summary JSON is the one .json file beside inputs.json (its name follows
    // profile_export_prefix).
    EXPECT_TRUE(std::filesystem::exists(art + "/inputs.json"));
    std::vector<std::string> json;
    for (const auto& e : std::filesystem::directory_iterator(art))
        if (e.path().extension() == ".json" && e.path().filename() != "inputs.json")
            json.push_back(e.path());
    ASSERT_EQ(json.size(), 1u);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(json[0]).get(doc), simdjson::SUCCESS);
    EXPECT_GT(stat(doc, "request_count", "avg"), 0.0);
    // Cancelled requests are errors by design; every other example runs clean.
    if (!has("request_cancellation_rate")) {
        EXPECT_TRUE(std::isnan(stat(doc, "error_request_count", "avg"))) << r.out;
    }
}

INSTANTIATE_TEST_SUITE_P(Configs, ConfigExample,
                         ::testing::Values("chat_streaming.toml", "completions.toml",
                                           "duration.toml", "request_rate.toml", "multi_turn.toml",
                                           "user_centric.toml", "trace_replay.toml",
                                           "warmup_prefill.toml", "concurrency_sweep.toml",
                                           "cancellation.toml", "dataset_single_turn.toml",
                                           "dataset_multi_turn.toml", "dataset_random_pool.toml",
                                           "dataset_mooncake.toml", "dataset_sharegpt.toml",
                                           "synthetic_prompts.toml"),
                         [](const auto& p) { return p.param.substr(0, p.param.find('.')); });
