// The load, warmup, multi-run and dataset options: flags, aliases, TOML keys, sweep lists
// and the bounds of each value.
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "ringperf/base/file.h"
#include "test_util.h"

using config_test::data;
using config_test::error_of;
using config_test::profile;
using config_test::temp_file;
using config_test::with_model;
using ringperf::config::run_plan;
using ringperf::dataset::dataset_type;
using ringperf::workload::arrival_pattern;

namespace {

void expect_schedule_run(const run_plan& p) {
    const auto& l = p.load;
    EXPECT_EQ(l.concurrency, 10u);
    EXPECT_EQ(l.concurrency_sweep, (std::vector<std::uint32_t>{10, 20, 40}));
    EXPECT_EQ(l.prefill_concurrency, 4u);
    EXPECT_EQ(l.concurrency_ramp_duration_s, 5.0);
    EXPECT_EQ(l.prefill_concurrency_ramp_duration_s, 2.5);
    EXPECT_EQ(l.num_sessions, 50u);
    EXPECT_EQ(l.cancellation_rate_percent, 12.5);
    EXPECT_EQ(l.cancellation_delay_s, 0.25);
    EXPECT_EQ(l.failed_request_threshold, 0.1);
    EXPECT_EQ(p.input.input_file, data("trace.jsonl"));
    EXPECT_EQ(p.input.file_type, dataset_type::mooncake_trace);
    EXPECT_EQ(l.fixed_schedule.enabled, true);
    EXPECT_FALSE(l.fixed_schedule.auto_offset);
    EXPECT_EQ(l.fixed_schedule.start_offset_ms, 100);
    EXPECT_EQ(l.fixed_schedule.end_offset_ms, 9000);
    EXPECT_EQ(l.fixed_schedule.speedup, 2.0);
    EXPECT_EQ(l.warmup.request_count, 8u);
    EXPECT_EQ(l.warmup.duration_s, 3.0);
    EXPECT_EQ(l.warmup.concurrency, 2u);
    EXPECT_EQ(l.warmup.prefill_concurrency, 1u);
    EXPECT_EQ(l.warmup.request_rate, 4.0);
    EXPECT_EQ(l.warmup.pattern, arrival_pattern::gamma);
    ASSERT_TRUE(l.warmup.grace_period_s);
    EXPECT_TRUE(std::isinf(*l.warmup.grace_period_s));
    EXPECT_EQ(l.warmup.concurrency_ramp_duration_s, 1.0);
    EXPECT_EQ(l.warmup.prefill_concurrency_ramp_duration_s, 0.5);
    EXPECT_EQ(l.warmup.request_rate_ramp_duration_s, 1.5);
    EXPECT_EQ(l.num_profile_runs, 3u);
    EXPECT_EQ(l.profile_run_cooldown_s, 2.0);
    EXPECT_EQ(l.confidence_level, 0.9);
    EXPECT_FALSE(l.disable_warmup_after_first);
    EXPECT_EQ(l.sweep_cooldown_s, 1.0);
    EXPECT_TRUE(l.sweep_same_seed);
    EXPECT_EQ(p.input.turn_mean, 3.0);
    EXPECT_EQ(p.input.turn_stddev, 1.0);
    EXPECT_EQ(p.input.turn_delay_mean_ms, 250.0);
    EXPECT_EQ(p.input.turn_delay_stddev_ms, 50.0);
    EXPECT_EQ(p.input.turn_delay_ratio, 0.5);
}

}  // namespace

TEST(LoadFlags, EveryScheduleWarmupAndMultiRunOptionReachesItsField) {
    auto p = profile(config_test::schedule_run());
    ASSERT_TRUE(p.ok()) << p.message();
    expect_schedule_run(*p);
    EXPECT_TRUE(p->load.open_loop());
    EXPECT_EQ(p->load.effective_request_count(), 0u);
}

TEST(LoadFlags, UserCentricOptions) {
    auto p = profile(with_model({"--user-centric-rate", "7.5", "--num-users", "4",
                                 "--conversation-turn-mean", "3", "--concurrency", "4"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.user_centric_rate, 7.5);
    EXPECT_EQ(p->load.num_users, 4u);
    EXPECT_TRUE(p->load.open_loop());
    EXPECT_EQ(p->load.effective_concurrency(), 4u);
}

TEST(LoadFlags, AiperfAliasesReachTheSameFields) {
    auto p = profile(with_model({"--conversation-num", "5", "--session-turns-mean", "2",
                                 "--session-turns-stddev", "1", "--session-turn-delay-mean", "10",
                                 "--session-turn-delay-stddev", "2", "--session-delay-ratio", "0.5",
                                 "--num-warmup-requests", "7", "--input-file", data("trace.jsonl"),
                                 "--fixed-schedule", "--replay-speedup", "3"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.num_sessions, 5u);
    EXPECT_EQ(p->input.turn_mean, 2.0);
    EXPECT_EQ(p->input.turn_stddev, 1.0);
    EXPECT_EQ(p->input.turn_delay_mean_ms, 10.0);
    EXPECT_EQ(p->input.turn_delay_stddev_ms, 2.0);
    EXPECT_EQ(p->input.turn_delay_ratio, 0.5);
    EXPECT_EQ(p->load.warmup.request_count, 7u);
    EXPECT_EQ(p->load.fixed_schedule.speedup, 3.0);
    p = profile(with_model({"--num-conversations=6", "--num-warmup-sessions=2"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.num_sessions, 6u);
    EXPECT_EQ(p->load.warmup.num_sessions, 2u);
}

TEST(LoadFlags, FixedScheduleIsTriState) {
    auto p = profile(with_model({}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_FALSE(p->load.fixed_schedule.enabled.has_value());
    EXPECT_EQ(p->load.fixed_schedule.speedup, 1.0);
    p = profile(with_model({"--no-fixed-schedule"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.fixed_schedule.enabled, false);
    p = profile(with_model(
        {"--input-file", data("trace.jsonl"), "--fixed-schedule", "--fixed-schedule-auto-offset"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.fixed_schedule.enabled, true);
    EXPECT_TRUE(p->load.fixed_schedule.auto_offset);
}

TEST(LoadFlags, DefaultsOfTheNewOptions) {
    auto p = profile(with_model({}));
    ASSERT_TRUE(p.ok()) << p.message();
    const auto& l = p->load;
    EXPECT_FALSE(l.num_sessions || l.prefill_concurrency || l.user_centric_rate || l.num_users ||
                 l.cancellation_rate_percent || l.failed_request_threshold);
    EXPECT_FALSE(l.warmup.enabled());
    EXPECT_TRUE(l.concurrency_sweep.empty());
    EXPECT_TRUE(l.request_rate_sweep.empty());
    EXPECT_EQ(l.num_profile_runs, 1u);
    EXPECT_EQ(l.confidence_level, 0.95);
    EXPECT_TRUE(l.disable_warmup_after_first);
    EXPECT_FALSE(l.sweep_same_seed);
    EXPECT_EQ(p->input.turn_mean, 1.0);
    EXPECT_EQ(p->input.turn_delay_ratio, 1.0);
    EXPECT_TRUE(p->input.input_file.empty());
    EXPECT_EQ(p->load.effective_request_count(), 10u);
}

TEST(LoadFlags, StopConditionsOtherThanACountLeaveNoDefaultCount) {
    for (const auto& args : {std::vector<std::string>{"--num-sessions", "5"},
                             {"--benchmark-duration", "10"},
                             {"--input-file", data("trace.jsonl"), "--fixed-schedule"}}) {
        auto p = profile(with_model(args));
        ASSERT_TRUE(p.ok()) << p.message();
        EXPECT_EQ(p->load.effective_request_count(), 0u) << args.front();
    }
    auto p = profile(with_model({"--num-sessions", "5", "--concurrency", "8"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.effective_request_count(), 0u);
    p = profile(with_model({"--benchmark-duration", "10", "--request-count", "7"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.effective_request_count(), 7u);
}

TEST(Sweeps, OneValueIsAScalarAndALongerListASweep) {
    auto p = profile(with_model({"--concurrency", "8"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.concurrency, 8u);
    EXPECT_TRUE(p->load.concurrency_sweep.empty());
    p = profile(with_model({"--concurrency", "10, 20,40"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.concurrency, 10u);
    EXPECT_EQ(p->load.concurrency_sweep, (std::vector<std::uint32_t>{10, 20, 40}));
    p = profile(with_model({"--request-rate=2.5,5,10"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.request_rate, 2.5);
    EXPECT_EQ(p->load.request_rate_sweep, (std::vector<double>{2.5, 5, 10}));
    EXPECT_EQ(p->load.effective_concurrency(), 0u);
}

TEST(Sweeps, ALaterScalarReplacesAnEarlierList) {
    auto p = profile(with_model({"--concurrency", "1,2", "--concurrency", "3"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.concurrency, 3u);
    EXPECT_TRUE(p->load.concurrency_sweep.empty());
    const std::string f = temp_file("sweep_base.toml", "[load]\nrequest_rate = [1, 2.5]\n");
    p = profile(with_model({"--config", f, "--request-rate", "4"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.request_rate, 4.0);
    EXPECT_TRUE(p->load.request_rate_sweep.empty());
}

TEST(Sweeps, EveryValueIsCheckedAgainstTheSameBounds) {
    EXPECT_EQ(error_of({"--concurrency", "10,0"}),
              "--concurrency: expected an integer >= 1, got '0' (in the list '10,0')");
    EXPECT_EQ(error_of({"--concurrency", "10,,20"}),
              "--concurrency: expected an integer >= 1, got '' (in the list '10,,20')");
    EXPECT_EQ(error_of({"--concurrency", "1,5000000000"}),
              "--concurrency: expected an integer <= 4294967295, got '5000000000' (in the list "
              "'1,5000000000')");
    EXPECT_EQ(error_of({"--request-rate", "1,-2"}),
              "--request-rate: expected a number > 0, got '-2' (in the list '1,-2')");
    EXPECT_EQ(error_of({"--request-rate", "1,x"}),
              "--request-rate: expected a number > 0, got 'x' (in the list '1,x')");
    EXPECT_EQ(error_of({"--request-count", "1,2"}),
              "--request-count: expected an integer >= 1, got '1,2'");
}

TEST(Sweeps, TomlArraysAreSweepsAndTheirItemsArePositioned) {
    const std::string f = temp_file("sweep.toml", "[load]\nconcurrency = [4, 8]\n");
    auto p = profile(with_model({"--config", f}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.concurrency, 4u);
    EXPECT_EQ(p->load.concurrency_sweep, (std::vector<std::uint32_t>{4, 8}));
    const std::string one = temp_file("sweep_one.toml", "[load]\nconcurrency = [6]\n");
    p = profile(with_model({"--config", one}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.concurrency, 6u);
    EXPECT_TRUE(p->load.concurrency_sweep.empty());
    const std::string bad = temp_file("sweep_bad.toml",
                                      "[load]\nconcurrency = [4, \"8\"]\n"
                                      "request_rate = [[1.0]]\n");
    EXPECT_EQ(profile(with_model({"--config", bad})).message(),
              bad + ":2:19: load.concurrency: expected an integer >= 1, got \"8\"\n" + bad +
                  ":3:17: load.request_rate: expected a number > 0, got an array");
}

TEST(LoadValues, BoundsAreNamedWithTheFlag) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--prefill-concurrency", "0"},
         "--prefill-concurrency: expected an integer >= 1, got '0'"},
        {{"--concurrency-ramp-duration", "0"},
         "--concurrency-ramp-duration: expected a number > 0, got '0'"},
        {{"--prefill-concurrency-ramp-duration", "-1"},
         "--prefill-concurrency-ramp-duration: expected a number > 0, got '-1'"},
        {{"--num-sessions", "0"}, "--num-sessions: expected an integer >= 1, got '0'"},
        {{"--conversation-num", "x"}, "--conversation-num: expected an integer >= 1, got 'x'"},
        {{"--user-centric-rate", "0"}, "--user-centric-rate: expected a number > 0, got '0'"},
        {{"--num-users", "0"}, "--num-users: expected an integer >= 1, got '0'"},
        {{"--request-cancellation-rate", "0"},
         "--request-cancellation-rate: expected a number > 0 and <= 100, got '0'"},
        {{"--request-cancellation-rate", "100.5"},
         "--request-cancellation-rate: expected a number > 0 and <= 100, got '100.5'"},
        {{"--request-cancellation-delay", "-0.5"},
         "--request-cancellation-delay: expected a number >= 0, got '-0.5'"},
        {{"--failed-request-threshold", "1.5"},
         "--failed-request-threshold: expected a number between 0 and 1, got '1.5'"},
        {{"--fixed-schedule=maybe"}, "--fixed-schedule: expected true or false, got 'maybe'"},
        {{"--fixed-schedule-auto-offset=on"},
         "--fixed-schedule-auto-offset: expected true or false, got 'on'"},
        {{"--fixed-schedule-start-offset", "-1"},
         "--fixed-schedule-start-offset: expected an integer >= 0, got '-1'"},
        {{"--fixed-schedule-end-offset", "2.5"},
         "--fixed-schedule-end-offset: expected an integer >= 0, got '2.5'"},
        {{"--fixed-schedule-speedup", "0"},
         "--fixed-schedule-speedup: expected a number > 0, got '0'"},
        {{"--replay-speedup", "-2"}, "--replay-speedup: expected a number > 0, got '-2'"},
    };
    for (const auto& [args, want] : cases)
        EXPECT_EQ(error_of(args), want);
}

TEST(LoadValues, WarmupAndMultiRunBounds) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--warmup-request-count", "0"},
         "--warmup-request-count: expected an integer >= 1, got '0'"},
        {{"--num-warmup-requests", "-3"},
         "--num-warmup-requests: expected an integer >= 1, got '-3'"},
        {{"--warmup-duration", "0"}, "--warmup-duration: expected a number > 0, got '0'"},
        {{"--num-warmup-sessions", "0"},
         "--num-warmup-sessions: expected an integer >= 1, got '0'"},
        {{"--warmup-concurrency", "0"}, "--warmup-concurrency: expected an integer >= 1, got '0'"},
        {{"--warmup-prefill-concurrency", "0"},
         "--warmup-prefill-concurrency: expected an integer >= 1, got '0'"},
        {{"--warmup-request-rate", "0"}, "--warmup-request-rate: expected a number > 0, got '0'"},
        {{"--warmup-arrival-pattern", "burst"},
         "--warmup-arrival-pattern: expected one of constant, poisson, gamma, got 'burst'"},
        {{"--warmup-grace-period", "-1"},
         "--warmup-grace-period: expected a number >= 0 or inf, got '-1'"},
        {{"--warmup-concurrency-ramp-duration", "0"},
         "--warmup-concurrency-ramp-duration: expected a number > 0, got '0'"},
        {{"--warmup-prefill-concurrency-ramp-duration", "0"},
         "--warmup-prefill-concurrency-ramp-duration: expected a number > 0, got '0'"},
        {{"--warmup-request-rate-ramp-duration", "0"},
         "--warmup-request-rate-ramp-duration: expected a number > 0, got '0'"},
        {{"--num-profile-runs", "11"},
         "--num-profile-runs: expected an integer between 1 and 10, got '11'"},
        {{"--num-profile-runs", "0"},
         "--num-profile-runs: expected an integer between 1 and 10, got '0'"},
        {{"--profile-run-cooldown-seconds", "-1"},
         "--profile-run-cooldown-seconds: expected a number >= 0, got '-1'"},
        {{"--confidence-level", "1"}, "--confidence-level: expected a number > 0 and < 1, got '1'"},
        {{"--confidence-level", "0"}, "--confidence-level: expected a number > 0 and < 1, got '0'"},
        {{"--no-profile-run-disable-warmup-after-first=true"},
         "--no-profile-run-disable-warmup-after-first: takes no value"},
        {{"--profile-run-disable-warmup-after-first=maybe"},
         "--profile-run-disable-warmup-after-first: expected true or false, got 'maybe'"},
        {{"--parameter-sweep-cooldown-seconds", "-1"},
         "--parameter-sweep-cooldown-seconds: expected a number >= 0, got '-1'"},
        {{"--parameter-sweep-same-seed=2"},
         "--parameter-sweep-same-seed: expected true or false, got '2'"},
    };
    for (const auto& [args, want] : cases)
        EXPECT_EQ(error_of(args), want);
}

TEST(LoadValues, InputBounds) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--conversation-turn-mean", "0"},
         "--conversation-turn-mean: expected an integer >= 1, got '0'"},
        {{"--session-turns-mean", "1.5"},
         "--session-turns-mean: expected an integer >= 1, got '1.5'"},
        {{"--conversation-turn-stddev", "-1"},
         "--conversation-turn-stddev: expected an integer >= 0, got '-1'"},
        {{"--conversation-turn-delay-mean", "-1"},
         "--conversation-turn-delay-mean: expected a number >= 0, got '-1'"},
        {{"--session-turn-delay-stddev", "-1"},
         "--session-turn-delay-stddev: expected a number >= 0, got '-1'"},
        {{"--conversation-turn-delay-ratio", "-0.1"},
         "--conversation-turn-delay-ratio: expected a number >= 0, got '-0.1'"},
        {{"--input-file="}, "--input-file: expected a non-empty string, got ''"},
        {{"--input-file", "/nonexistent/data.jsonl"},
         "--input-file: cannot open /nonexistent/data.jsonl: No such file or directory"},
        {{"--custom-dataset-type", "csv"},
         "--custom-dataset-type: expected one of single_turn, multi_turn, random_pool, "
         "mooncake_trace, got 'csv'"},
        {{"--custom-dataset-type", "bailian_trace"},
         "--custom-dataset-type bailian_trace is not available in this version; use "
         "single_turn, multi_turn, random_pool or mooncake_trace"},
        {{"--custom-dataset-type", "burst_gpt_trace"},
         "--custom-dataset-type burst_gpt_trace is not available in this version; use "
         "single_turn, multi_turn, random_pool or mooncake_trace"},
    };
    for (const auto& [args, want] : cases)
        EXPECT_EQ(error_of(args), want);
}

TEST(LoadValues, InputFileMustBeAReadableFile) {
    const std::string dir = data("");
    EXPECT_EQ(error_of({"--input-file", dir}),
              "--input-file: cannot read " + dir +
                  ": it is a directory, which only --custom-dataset-type random_pool "
                  "(input.custom_dataset_type) reads (one pool per file); give a JSONL file");
    auto p = profile(with_model(
        {"--input-file", data("conversations.jsonl"), "--custom-dataset-type", "MULTI_TURN"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->input.file_type, dataset_type::multi_turn);
    p = profile(with_model({"--input-file", data("conversations.jsonl")}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->input.file_type, dataset_type::single_turn);
}

TEST(LoadValues, WarmupPatternIsNeverTheClosedLoop) {
    EXPECT_EQ(error_of({"--warmup-request-count", "2", "--warmup-request-rate", "3",
                        "--warmup-arrival-pattern", "concurrency_burst"}),
              "--warmup-arrival-pattern concurrency_burst is not available for the warmup, "
              "whose pattern applies to a rate (without --warmup-request-rate and "
              "--request-rate it is closed loop)");
    auto p = profile(with_model({"--warmup-request-count", "2", "--request-rate", "3",
                                 "--warmup-arrival-pattern", "Constant"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.warmup.pattern, arrival_pattern::constant);
}

TEST(LoadFile, EveryNewKeyIsReadFromItsSection) {
    const std::string f =
        temp_file("load_keys.toml",
                  "[endpoint]\nstreaming = true\n"
                  "[input]\nconversation_turn_mean = 3\nconversation_turn_stddev = 1\n"
                  "conversation_turn_delay_mean = 250\nconversation_turn_delay_stddev = 50.0\n"
                  "conversation_turn_delay_ratio = 0.5\nfile = \"" +
                      data("trace.jsonl") +
                      "\"\ncustom_dataset_type = \"mooncake_trace\"\n"
                      "[load]\nconcurrency = [10, 20, 40]\nprefill_concurrency = 4\n"
                      "concurrency_ramp_duration = 5\nprefill_concurrency_ramp_duration = 2.5\n"
                      "num_sessions = 50\nrequest_cancellation_rate = 12.5\n"
                      "request_cancellation_delay = 0.25\nfailed_request_threshold = 0.1\n"
                      "fixed_schedule = true\nfixed_schedule_auto_offset = false\n"
                      "fixed_schedule_start_offset = 100\nfixed_schedule_end_offset = 9000\n"
                      "fixed_schedule_speedup = 2\n"
                      "[warmup]\nrequest_count = 8\nduration = 3\nconcurrency = 2\n"
                      "prefill_concurrency = 1\nrequest_rate = 4\narrival_pattern = \"gamma\"\n"
                      "grace_period = inf\nconcurrency_ramp_duration = 1\n"
                      "prefill_concurrency_ramp_duration = 0.5\nrequest_rate_ramp_duration = 1.5\n"
                      "[multi_run]\nnum_profile_runs = 3\nprofile_run_cooldown_seconds = 2\n"
                      "confidence_level = 0.9\nprofile_run_disable_warmup_after_first = false\n"
                      "parameter_sweep_cooldown_seconds = 1\nparameter_sweep_same_seed = true\n");
    auto p = profile(with_model({"--config", f}));
    ASSERT_TRUE(p.ok()) << p.message();
    expect_schedule_run(*p);
}

TEST(LoadFile, UserCentricAndRateSweepKeys) {
    const std::string f = temp_file("user_keys.toml",
                                    "[input]\nconversation_turn_mean = 2\n"
                                    "[load]\nuser_centric_rate = 3.5\nnum_users = 6\n");
    auto p = profile(with_model({"--config", f}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.user_centric_rate, 3.5);
    EXPECT_EQ(p->load.num_users, 6u);
    const std::string r = temp_file("rate_keys.toml", "[load]\nrequest_rate = [1, 2.5, 5]\n");
    p = profile(with_model({"--config", r}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.request_rate, 1.0);
    EXPECT_EQ(p->load.request_rate_sweep, (std::vector<double>{1, 2.5, 5}));
}

TEST(LoadFile, BadValuesCarryFileLineAndColumn) {
    const std::string f = data("bad_load.toml");
    auto p = profile(with_model({"--config", f}));
    ASSERT_FALSE(p.ok());
    const std::vector<std::string> want = {
        ":3:26: input.conversation_turn_mean: expected an integer >= 1, got 0",
        ":4:23: input.custom_dataset_type: \"bailian_trace\" is not available in this version; "
        "use single_turn, multi_turn, random_pool or mooncake_trace",
        ":5:33: input.conversation_turn_delay_ratio: expected a number >= 0, got -1",
        ":6:8: input.file: cannot open /nonexistent/trace.jsonl: No such file or directory",
        ":9:20: load.concurrency: expected an integer >= 1, got 0",
        ":10:16: load.request_rate: expected a number > 0 or an array of them, got []",
        ":11:29: load.request_cancellation_rate: expected a number > 0 and <= 100, got 100.5",
        ":12:13: load.num_users: expected an integer >= 1, got 0",
        ":13:28: load.failed_request_threshold: expected a number between 0 and 1, got 2",
        ":14:18: load.fixed_schedule: expected true or false, got \"yes\"",
        ":15:31: load.fixed_schedule_start_offset: expected an integer >= 0, got -5",
        ":18:17: warmup.request_count: expected an integer >= 1, got 0",
        ":19:16: warmup.grace_period: expected a number >= 0 or inf, got -1.0",
        ":20:19: warmup.arrival_pattern: expected one of constant, poisson, gamma, got \"burst\"",
        ":23:20: multi_run.num_profile_runs: expected an integer between 1 and 10, got 0",
        ":24:20: multi_run.confidence_level: expected a number > 0 and < 1, got 1.0",
        ":25:29: multi_run.parameter_sweep_same_seed: expected true or false, got 1"};
    std::string expected;
    for (const auto& line : want)
        expected += (expected.empty() ? "" : "\n") + f + line;
    EXPECT_EQ(p.message(), expected);
}

TEST(LoadFile, InfinityIsOnlyAcceptedWhereItMeansForever) {
    const std::string f = temp_file("inf.toml",
                                    "[load]\nrequest_rate = [1.0, inf]\nbenchmark_duration = inf\n"
                                    "[warmup]\nduration = 1.0\ngrace_period = inf\n");
    EXPECT_EQ(profile(with_model({"--config", f})).message(),
              f + ":2:22: load.request_rate: expected a number > 0, got inf\n" + f +
                  ":3:22: load.benchmark_duration: expected a number > 0, got inf");
    EXPECT_EQ(error_of({"--warmup-duration", "inf"}),
              "--warmup-duration: expected a number > 0, got 'inf'");
}

TEST(LoadFile, UnknownKeysInTheNewSectionsAreSuggested) {
    const std::string f =
        temp_file("unknown.toml", "[warmup]\nrequest_cnt = 3\n[multi_run]\nnum_runs = 2\n");
    EXPECT_EQ(
        profile(with_model({"--config", f})).message(),
        f + ":2:1: unknown key 'warmup.request_cnt' (did you mean 'warmup.request_count'?)\n" + f +
            ":4:1: unknown key 'multi_run.num_runs' (did you mean "
            "'multi_run.num_profile_runs'?)");
}

TEST(LoadFile, TheMockCommandSkipsTheNewSections) {
    const std::string f = temp_file("shared.toml",
                                    "[warmup]\nrequest_count = 3\n[multi_run]\nnum_profile_runs = "
                                    "2\n[mock]\nport = 9100\n");
    auto m = config_test::mock({"--config", f});
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_EQ(m->port, 9100);
    auto p = profile(with_model({"--config", f}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.warmup.request_count, 3u);
    EXPECT_EQ(p->load.num_profile_runs, 2u);
}

TEST(InputFile, ARelativePathInAConfigFileIsBesideThatFile) {
    const std::string dir = ::testing::TempDir() + "ringperf_rel_" + std::to_string(::getpid());
    std::filesystem::create_directories(dir + "/data");
    ASSERT_TRUE(ringperf::write_file_atomic(dir + "/data/t.jsonl", "{\"text\": \"hi\"}\n").ok());
    ASSERT_TRUE(ringperf::write_file_atomic(dir + "/run.toml",
                                            "[endpoint]\nmodels = [\"m\"]\n[input]\nfile = "
                                            "\"data/t.jsonl\"\n")
                    .ok());
    auto p = profile({"--config", dir + "/run.toml"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->input.input_file,
              std::filesystem::absolute(dir + "/data/t.jsonl").lexically_normal().string());
    // On the command line the same relative path starts at the current directory, where it
    // does not exist.
    auto q = profile({"--model", "m", "--input-file", "data/t.jsonl"});
    ASSERT_FALSE(q.ok());
    EXPECT_NE(q.message().find("--input-file"), std::string::npos) << q.message();
}
