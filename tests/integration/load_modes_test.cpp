// End to end: each timing mode and load option of `ringperf profile` against the mock
// server, with small bounded loads.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "harness.h"
#include "process.h"

using namespace std::chrono_literals;
namespace rt = ringperf::testing;

namespace {

struct profile_run {
    rt::run_result proc;
    std::string art;
    std::vector<std::string> records;  // profile_export.jsonl lines
    simdjson::dom::parser parser;
    simdjson::dom::element summary;
};

// Runs `ringperf profile` with `args` against a fresh mock (TTFT 2 ms, ITL 0.2 ms).
std::unique_ptr<profile_run> run_profile(std::vector<std::string> args,
                                         std::vector<std::string> mock_args = {}) {
    auto out = std::make_unique<profile_run>();
    const std::string dir = rt::make_temp_dir();
    mock_args.insert(mock_args.begin(), {"--ttft", "2", "--itl", "0.2"});
    rt::mock_server mock(dir, mock_args);
    EXPECT_GT(mock.port(), 0);
    for (auto& a : args)
        if (a == "MOCK") a = mock.url();
    out->art = dir + "/art";
    std::vector<std::string> full{"--model", "m", "--artifact-dir", out->art, "--random-seed", "5"};
    if (std::find(args.begin(), args.end(), "--url") == args.end())
        full.insert(full.end(), {"--url", mock.url()});
    full.insert(full.end(), args.begin(), args.end());
    out->proc = rt::run(rt::profile_args(full), dir, "profile", 120s);
    out->records = rt::lines(rt::read_text(out->art + "/profile_export.jsonl"));
    const std::string json = rt::read_text(out->art + "/profile_export_aiperf.json");
    if (!json.empty()) {
        EXPECT_EQ(out->parser.parse(json).get(out->summary), simdjson::SUCCESS);
    }
    return out;
}

std::size_t count_with(const std::vector<std::string>& lines, const std::string& what) {
    return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [&](const auto& l) {
        return l.find(what) != std::string::npos;
    }));
}

std::int64_t field_int(const std::string& line, const std::string& key) {
    const auto p = line.find("\"" + key + "\":");
    if (p == std::string::npos) return -1;
    return std::atoll(line.c_str() + p + key.size() + 3);
}

}  // namespace

TEST(LoadModes, WarmupRecordsAreExportedApartAndExcludedFromMetrics) {
    auto r = run_profile({"--streaming", "--concurrency", "2", "--request-count", "10",
                          "--warmup-request-count", "4", "--warmup-concurrency", "1"});
    ASSERT_EQ(r->proc.exit_code, 0) << r->proc.err;
    ASSERT_EQ(r->records.size(), 14u);
    EXPECT_EQ(count_with(r->records, "\"benchmark_phase\":\"warmup\""), 4u);
    EXPECT_EQ(count_with(r->records, "\"benchmark_phase\":\"profiling\""), 10u);
    EXPECT_EQ(rt::stat(r->summary, "request_count", "avg"), 10.0);
}

TEST(LoadModes, MultiTurnSessionsSendEveryTurnInOrder) {
    auto r = run_profile({"--streaming", "--concurrency", "2", "--num-sessions", "4",
                          "--conversation-turn-mean", "3", "--conversation-turn-delay-mean", "5"});
    ASSERT_EQ(r->proc.exit_code, 0) << r->proc.err;
    ASSERT_EQ(r->records.size(), 12u);
    std::map<std::int64_t, std::vector<std::int64_t>> turns;
    for (const auto& l : r->records)
        turns[field_int(l, "session_num")].push_back(field_int(l, "turn_index"));
    ASSERT_EQ(turns.size(), 4u);
    for (auto& [session, t] : turns)
        EXPECT_EQ(t, (std::vector<std::int64_t>{0, 1, 2})) << session;
}

TEST(LoadModes, UserCentricRateRunsUntilTheDuration) {
    auto r = run_profile({"--streaming", "--user-centric-rate", "40", "--num-users", "4",
                          "--conversation-turn-mean", "3", "--benchmark-duration", "1",
                          "--benchmark-grace-period", "5"});
    ASSERT_EQ(r->proc.exit_code, 0) << r->proc.err;
    // 40 requests/s for a second, give or take the first user's stagger.
    EXPECT_GE(r->records.size(), 30u);
    EXPECT_LE(r->records.size(), 50u);
}

TEST(LoadModes, FixedScheduleReplaysTimestampsWithTheSpeedup) {
    const std::string dir = rt::make_temp_dir();
    const std::string trace = dir + "/trace.jsonl";
    {
        std::ofstream f(trace);
        for (int i = 0; i < 8; ++i)
            f << R"({"timestamp": )" << 1000 + i * 100
              << R"(, "input_length": 16, "output_length": 4})"
              << "\n";
    }
    auto r = run_profile({"--streaming", "--input-file", trace, "--custom-dataset-type",
                          "mooncake_trace", "--fixed-schedule-auto-offset",
                          "--fixed-schedule-speedup", "2"});
    ASSERT_EQ(r->proc.exit_code, 0) << r->proc.err;
    ASSERT_EQ(r->records.size(), 8u);
    std::vector<std::int64_t> starts;
    for (const auto& l : r->records)
        starts.push_back(field_int(l, "request_start_ns"));
    std::sort(starts.begin(), starts.end());
    // 100 ms apart in the trace, 50 ms at speed-up 2: 350 ms from first to last.
    const double span_ms = static_cast<double>(starts.back() - starts.front()) / 1e6;
    EXPECT_GT(span_ms, 340);
    EXPECT_LT(span_ms, 420);
}

TEST(LoadModes, CancelledRequestsAre499ErrorsAndTheThresholdAborts) {
    auto r = run_profile({"--streaming", "--concurrency", "4", "--request-count", "40",
                          "--request-cancellation-rate", "50", "--request-cancellation-delay", "0"},
                         {"--ttft", "50"});
    ASSERT_EQ(r->proc.exit_code, 0) << r->proc.err;
    const auto cancelled = count_with(r->records, "\"was_cancelled\":true");
    EXPECT_GT(cancelled, 5u);
    EXPECT_LT(cancelled, 35u);
    EXPECT_EQ(count_with(r->records, "\"code\":499"), cancelled);
    EXPECT_EQ(rt::stat(r->summary, "error_request_count", "avg"), static_cast<double>(cancelled));

    auto a =
        run_profile({"--streaming", "--concurrency", "2", "--request-count", "200",
                     "--request-cancellation-rate", "100", "--failed-request-threshold", "0.5"},
                    {"--ttft", "50"});
    EXPECT_NE(a->proc.exit_code, 0);
    EXPECT_NE(a->proc.err.find("--failed-request-threshold"), std::string::npos) << a->proc.err;
    EXPECT_LT(a->records.size(), 200u);  // stopped early, partial results written
    EXPECT_GE(a->records.size(), 10u);
}

TEST(LoadModes, MultipleUrlsShareTheRequestsRoundRobin) {
    auto r = run_profile({"--streaming", "--concurrency", "2", "--request-count", "20", "--url",
                          "MOCK", "--url", "MOCK"});
    ASSERT_EQ(r->proc.exit_code, 0) << r->proc.err;
    ASSERT_EQ(r->records.size(), 20u);
    simdjson::dom::array per_url;
    ASSERT_EQ(r->summary["per_url"].get(per_url), simdjson::SUCCESS);
    ASSERT_EQ(per_url.size(), 2u);
    for (auto u : per_url)
        EXPECT_EQ(int64_t(u["request_count"]), 10);
}

TEST(LoadModes, PrefillLimitAndRampsRun) {
    auto r = run_profile({"--streaming", "--concurrency", "8", "--request-count", "40",
                          "--prefill-concurrency", "2", "--concurrency-ramp-duration", "0.3",
                          "--prefill-concurrency-ramp-duration", "0.2"});
    ASSERT_EQ(r->proc.exit_code, 0) << r->proc.err;
    EXPECT_EQ(r->records.size(), 40u);
    EXPECT_EQ(rt::stat(r->summary, "request_count", "avg"), 40.0);
}

TEST(LoadModes, RateRunReportsTheSelfCheck) {
    auto r = run_profile({"--streaming", "--request-rate", "200", "--arrival-pattern", "poisson",
                          "--request-count", "100"});
    ASSERT_EQ(r->proc.exit_code, 0) << r->proc.err;
    simdjson::dom::element sc;
    ASSERT_EQ(r->summary["self_check"].get(sc), simdjson::SUCCESS);
    EXPECT_EQ(double(sc["target_rate"]), 200.0);
    EXPECT_NE(r->proc.out.find("Self-check: "), std::string::npos) << r->proc.out;
    EXPECT_TRUE(sc["verdict"].is_string());
}
