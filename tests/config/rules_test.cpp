// Rules between options: each one with a command line that breaks it and one that keeps it.
#include "test_util.h"

using config_test::data;
using config_test::error_of;
using config_test::profile;
using config_test::temp_file;
using config_test::with_model;

namespace {

void expect_ok(const std::vector<std::string>& args) {
    auto p = profile(with_model(args));
    EXPECT_TRUE(p.ok()) << p.message();
}

}  // namespace

TEST(Rules, RequestCountAndSessionCountAreExclusive) {
    EXPECT_EQ(error_of({"--request-count", "10", "--conversation-num", "5"}),
              "--conversation-num: cannot be combined with --request-count (load.request_count); "
              "give one stop condition");
    expect_ok({"--num-sessions", "5"});
    expect_ok({"--num-sessions", "5", "--benchmark-duration", "10"});
}

TEST(Rules, PrefillConcurrencyNeedsStreamingAndFitsTheConcurrency) {
    EXPECT_EQ(error_of({"--prefill-concurrency", "2"}),
              "--prefill-concurrency: only valid together with --streaming (endpoint.streaming), "
              "whose first token frees the prefill slot");
    EXPECT_EQ(
        error_of({"--streaming", "--prefill-concurrency", "8", "--concurrency", "4"}),
        "--prefill-concurrency: must be at most --concurrency (load.concurrency), which is 4");
    EXPECT_EQ(error_of({"--streaming", "--prefill-concurrency", "8", "--concurrency", "16,4"}),
              "--prefill-concurrency: must be at most --concurrency (load.concurrency), whose "
              "smallest value is 4");
    expect_ok({"--streaming", "--prefill-concurrency", "4", "--concurrency", "4"});
    expect_ok({"--streaming", "--prefill-concurrency", "4", "--concurrency", "8,4"});
    expect_ok({"--streaming", "--prefill-concurrency", "64"});
}

TEST(Rules, RampsNeedTheLimitTheyRaise) {
    EXPECT_EQ(error_of({"--concurrency-ramp-duration", "5"}),
              "--concurrency-ramp-duration: only valid together with --concurrency "
              "(load.concurrency)");
    EXPECT_EQ(error_of({"--streaming", "--prefill-concurrency-ramp-duration", "5"}),
              "--prefill-concurrency-ramp-duration: only valid together with "
              "--prefill-concurrency (load.prefill_concurrency)");
    expect_ok({"--concurrency-ramp-duration", "5", "--concurrency", "8"});
    expect_ok(
        {"--streaming", "--prefill-concurrency-ramp-duration", "5", "--prefill-concurrency", "2"});
}

TEST(Rules, UserCentricRateAndUsersComeTogether) {
    EXPECT_EQ(error_of({"--user-centric-rate", "5", "--conversation-turn-mean", "2"}),
              "--user-centric-rate: only valid together with --num-users (load.num_users)");
    EXPECT_EQ(error_of({"--num-users", "5"}),
              "--num-users: only valid together with --user-centric-rate (load.user_centric_rate)");
    expect_ok({"--user-centric-rate", "5", "--num-users", "2", "--session-turns-mean", "2"});
}

TEST(Rules, UserCentricRateExcludesOtherTimings) {
    const std::vector<std::string> base = {"--user-centric-rate",      "5", "--num-users", "2",
                                           "--conversation-turn-mean", "2"};
    auto args = base;
    args.insert(args.end(), {"--request-rate", "3"});
    EXPECT_EQ(error_of(args),
              "--user-centric-rate: cannot be combined with --request-rate (load.request_rate)");
    args = base;
    args.insert(args.end(), {"--request-rate-mode", "poisson"});
    EXPECT_EQ(error_of(args),
              "--user-centric-rate: cannot be combined with --arrival-pattern "
              "(load.arrival_pattern)");
    args = base;
    args.insert(args.end(), {"--concurrency", "2"});
    expect_ok(args);
}

TEST(Rules, UserCentricRateNeedsMultiTurnConversations) {
    EXPECT_EQ(error_of({"--user-centric-rate", "5", "--num-users", "2"}),
              "--user-centric-rate: needs multi-turn conversations: --conversation-turn-mean >= 2 "
              "(input.conversation_turn_mean) or an --input-file (input.file) of "
              "--custom-dataset-type multi_turn");
    EXPECT_NE(error_of({"--user-centric-rate", "5", "--num-users", "2", "--input-file",
                        data("trace.jsonl"), "--custom-dataset-type", "mooncake_trace"})
                  .find("needs multi-turn conversations"),
              std::string::npos);
    expect_ok({"--user-centric-rate", "5", "--num-users", "2", "--input-file",
               data("conversations.jsonl"), "--custom-dataset-type", "multi_turn"});
}

TEST(Rules, FixedScheduleExcludesRateTimings) {
    const std::vector<std::string> base = {"--input-file", data("trace.jsonl"), "--fixed-schedule"};
    auto args = base;
    args.insert(args.end(), {"--request-rate", "3", "--request-rate-ramp-duration", "2"});
    EXPECT_EQ(error_of(args),
              "--request-rate: cannot be combined with --fixed-schedule (load.fixed_schedule)\n"
              "--request-rate-ramp-duration: cannot be combined with --fixed-schedule "
              "(load.fixed_schedule)");
    args = base;
    args.insert(args.end(),
                {"--user-centric-rate", "3", "--num-users", "2", "--conversation-turn-mean", "2"});
    EXPECT_EQ(error_of(args),
              "--user-centric-rate: cannot be combined with --fixed-schedule "
              "(load.fixed_schedule)");
    args = base;
    args.insert(args.end(), {"--concurrency", "4"});
    expect_ok(args);
    expect_ok({"--no-fixed-schedule", "--request-rate", "3"});
}

TEST(Rules, FixedScheduleNeedsADatasetFile) {
    EXPECT_EQ(error_of({"--fixed-schedule"}),
              "--fixed-schedule: only valid together with --input-file (input.file), whose rows "
              "carry the timestamps");
    expect_ok({"--fixed-schedule", "--input-file", data("trace.jsonl"), "--custom-dataset-type",
               "mooncake_trace"});
}

TEST(Rules, ScheduleSettingsAreRejectedOnlyWithNoFixedSchedule) {
    EXPECT_EQ(error_of({"--no-fixed-schedule", "--fixed-schedule-auto-offset",
                        "--fixed-schedule-end-offset", "5", "--replay-speedup", "2"}),
              "--fixed-schedule-auto-offset: cannot be combined with --no-fixed-schedule "
              "(load.fixed_schedule = false)\n"
              "--fixed-schedule-end-offset: cannot be combined with --no-fixed-schedule "
              "(load.fixed_schedule = false)\n"
              "--replay-speedup: cannot be combined with --no-fixed-schedule "
              "(load.fixed_schedule = false)");
    EXPECT_EQ(error_of({"--fixed-schedule-start-offset", "5", "--no-fixed-schedule"}),
              "--fixed-schedule-start-offset: cannot be combined with --no-fixed-schedule "
              "(load.fixed_schedule = false)");
    // Unset (auto): the dataset may carry timestamps.
    expect_ok({"--fixed-schedule-auto-offset", "--fixed-schedule-speedup", "2",
               "--fixed-schedule-end-offset", "5"});
    // Restated defaults change nothing.
    expect_ok({"--no-fixed-schedule", "--fixed-schedule-speedup", "1",
               "--no-fixed-schedule-auto-offset"});
}

TEST(Rules, AutoOffsetAndStartOffsetAreExclusive) {
    EXPECT_EQ(error_of({"--fixed-schedule-auto-offset", "--fixed-schedule-start-offset", "10"}),
              "--fixed-schedule-start-offset: cannot be combined with "
              "--fixed-schedule-auto-offset (load.fixed_schedule_auto_offset)");
    expect_ok({"--fixed-schedule-start-offset", "10"});
    expect_ok({"--fixed-schedule-auto-offset", "--fixed-schedule-end-offset", "10"});
}

TEST(Rules, StartOffsetIsAtMostTheEndOffset) {
    EXPECT_EQ(
        error_of({"--fixed-schedule-start-offset", "500", "--fixed-schedule-end-offset", "499"}),
        "--fixed-schedule-end-offset: must be at least --fixed-schedule-start-offset "
        "(load.fixed_schedule_start_offset), which is 500");
    expect_ok({"--fixed-schedule-start-offset", "500", "--fixed-schedule-end-offset", "500"});
}

TEST(Rules, WarmupCountAndSessionsAreExclusive) {
    EXPECT_EQ(error_of({"--warmup-request-count", "5", "--num-warmup-sessions", "2"}),
              "--num-warmup-sessions: cannot be combined with --warmup-request-count "
              "(warmup.request_count); give one stop condition");
    expect_ok({"--warmup-request-count", "5", "--warmup-duration", "2"});
    expect_ok({"--num-warmup-sessions", "2", "--warmup-duration", "2"});
}

TEST(Rules, WarmupSettingsNeedAWarmup) {
    const std::string need =
        ": only valid together with --warmup-request-count, --warmup-duration or "
        "--num-warmup-sessions, which enable the warmup";
    EXPECT_EQ(error_of({"--warmup-concurrency", "2", "--streaming", "--warmup-prefill-concurrency",
                        "1", "--warmup-concurrency-ramp-duration", "1",
                        "--warmup-prefill-concurrency-ramp-duration", "1"}),
              "--warmup-concurrency" + need + "\n--warmup-prefill-concurrency" + need +
                  "\n--warmup-concurrency-ramp-duration" + need +
                  "\n--warmup-prefill-concurrency-ramp-duration" + need);
    EXPECT_EQ(
        error_of({"--request-rate", "2", "--warmup-request-rate", "2", "--warmup-arrival-pattern",
                  "constant", "--warmup-request-rate-ramp-duration", "1"}),
        "--warmup-request-rate" + need + "\n--warmup-arrival-pattern" + need +
            "\n--warmup-request-rate-ramp-duration" + need);
    for (const char* enable :
         {"--warmup-request-count", "--warmup-duration", "--num-warmup-sessions"})
        expect_ok({enable, "3", "--warmup-concurrency", "2", "--warmup-request-rate", "2"});
}

TEST(Rules, WarmupGracePeriodNeedsAWarmupDuration) {
    EXPECT_EQ(error_of({"--warmup-request-count", "5", "--warmup-grace-period", "2"}),
              "--warmup-grace-period: only valid together with --warmup-duration "
              "(warmup.duration)");
    EXPECT_EQ(error_of({"--warmup-grace-period", "inf"}),
              "--warmup-grace-period: only valid together with --warmup-duration "
              "(warmup.duration)");
    expect_ok({"--warmup-duration", "5", "--warmup-grace-period", "inf"});
}

TEST(Rules, WarmupPatternAndRateRampNeedARate) {
    const std::string need =
        ": only valid together with --warmup-request-rate (warmup.request_rate) or "
        "--request-rate (load.request_rate)";
    EXPECT_EQ(error_of({"--warmup-request-count", "5", "--warmup-arrival-pattern", "gamma",
                        "--warmup-request-rate-ramp-duration", "2"}),
              "--warmup-arrival-pattern" + need + "\n--warmup-request-rate-ramp-duration" + need);
    expect_ok({"--warmup-request-count", "5", "--warmup-arrival-pattern", "gamma",
               "--warmup-request-rate", "3"});
    expect_ok({"--warmup-request-count", "5", "--warmup-request-rate-ramp-duration", "2",
               "--request-rate", "3"});
}

TEST(Rules, WarmupRateCannotFallBackToTheClosedLoopPattern) {
    EXPECT_EQ(error_of({"--arrival-pattern", "concurrency_burst", "--warmup-request-count", "5",
                        "--warmup-request-rate", "3"}),
              "--warmup-request-rate: its arrival pattern would be --arrival-pattern "
              "concurrency_burst, which takes no rate; give --warmup-arrival-pattern "
              "(warmup.arrival_pattern)");
    expect_ok({"--arrival-pattern", "concurrency_burst", "--warmup-request-count", "5",
               "--warmup-request-rate", "3", "--warmup-arrival-pattern", "poisson"});
}

TEST(Rules, WarmupRampsAndPrefillFallBackToTheProfilingLimits) {
    EXPECT_EQ(error_of({"--warmup-request-count", "5", "--warmup-concurrency-ramp-duration", "1"}),
              "--warmup-concurrency-ramp-duration: only valid together with --warmup-concurrency "
              "(warmup.concurrency) or --concurrency (load.concurrency)");
    expect_ok({"--warmup-request-count", "5", "--warmup-concurrency-ramp-duration", "1",
               "--concurrency", "4"});
    EXPECT_EQ(error_of({"--streaming", "--warmup-request-count", "5",
                        "--warmup-prefill-concurrency-ramp-duration", "1"}),
              "--warmup-prefill-concurrency-ramp-duration: only valid together with "
              "--warmup-prefill-concurrency (warmup.prefill_concurrency) or "
              "--prefill-concurrency (load.prefill_concurrency)");
    expect_ok({"--streaming", "--warmup-request-count", "5",
               "--warmup-prefill-concurrency-ramp-duration", "1", "--prefill-concurrency", "2"});
    EXPECT_EQ(error_of({"--warmup-request-count", "5", "--warmup-prefill-concurrency", "2"}),
              "--warmup-prefill-concurrency: only valid together with --streaming "
              "(endpoint.streaming), whose first token frees the prefill slot");
    EXPECT_EQ(error_of({"--streaming", "--warmup-request-count", "5",
                        "--warmup-prefill-concurrency", "3", "--warmup-concurrency", "2"}),
              "--warmup-prefill-concurrency: must be at most --warmup-concurrency "
              "(warmup.concurrency), which is 2");
    EXPECT_EQ(error_of({"--streaming", "--warmup-request-count", "5",
                        "--warmup-prefill-concurrency", "3", "--concurrency", "2"}),
              "--warmup-prefill-concurrency: must be at most --concurrency (load.concurrency), "
              "which is 2");
    expect_ok({"--streaming", "--warmup-request-count", "5", "--warmup-prefill-concurrency", "3",
               "--warmup-concurrency", "3", "--concurrency", "2"});
}

TEST(Rules, CancellationDelayNeedsARate) {
    EXPECT_EQ(error_of({"--request-cancellation-delay", "1"}),
              "--request-cancellation-delay: only valid together with "
              "--request-cancellation-rate (load.request_cancellation_rate)");
    expect_ok({"--request-cancellation-delay", "1", "--request-cancellation-rate", "10"});
    expect_ok({"--request-cancellation-rate", "100"});
}

TEST(Rules, DatasetTypeNeedsAFile) {
    EXPECT_EQ(error_of({"--custom-dataset-type", "multi_turn"}),
              "--custom-dataset-type: only valid together with --input-file (input.file)");
    expect_ok({"--custom-dataset-type", "multi_turn", "--input-file", data("conversations.jsonl")});
}

TEST(Rules, OnlyOneParameterIsSweptPerRun) {
    EXPECT_EQ(error_of({"--concurrency", "1,2", "--request-rate", "5,10"}),
              "--request-rate: a list cannot be combined with a list of --concurrency "
              "(load.concurrency); only one parameter can be swept per run");
    expect_ok({"--concurrency", "1,2", "--request-rate", "5"});
    expect_ok({"--concurrency", "4", "--request-rate", "5,10"});
    expect_ok({"--concurrency", "1,2", "--num-profile-runs", "3"});
}

TEST(Rules, RejectedValuesDoNotCauseFollowOnErrors) {
    EXPECT_EQ(error_of({"--warmup-duration", "0", "--warmup-grace-period", "3"}),
              "--warmup-duration: expected a number > 0, got '0'");
    EXPECT_EQ(
        error_of({"--num-users", "0", "--user-centric-rate", "5", "--conversation-turn-mean", "2"}),
        "--num-users: expected an integer >= 1, got '0'");
    EXPECT_EQ(error_of({"--request-rate", "0", "--arrival-smoothness", "2"}),
              "--request-rate: expected a number > 0, got '0'");
}

TEST(Rules, AllBrokenRulesAreReportedTogether) {
    const std::string msg =
        error_of({"--request-count", "3", "--num-sessions", "2", "--prefill-concurrency", "2",
                  "--num-users", "2", "--request-cancellation-delay", "1"});
    EXPECT_EQ(msg,
              "--num-sessions: cannot be combined with --request-count (load.request_count); give "
              "one stop condition\n"
              "--prefill-concurrency: only valid together with --streaming (endpoint.streaming), "
              "whose first token frees the prefill slot\n"
              "--request-cancellation-delay: only valid together with "
              "--request-cancellation-rate (load.request_cancellation_rate)\n"
              "--num-users: only valid together with --user-centric-rate "
              "(load.user_centric_rate)");
}

TEST(Rules, FileSettingsAreNamedByPosition) {
    const std::string f = temp_file("rules.toml",
                                    "[load]\nrequest_count = 3\nnum_sessions = 2\n"
                                    "[warmup]\nconcurrency = 4\n");
    auto p = profile(with_model({"--config", f}));
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              f +
                  ":3:16: load.num_sessions: cannot be combined with --request-count "
                  "(load.request_count); give one stop condition\n" +
                  f +
                  ":5:15: warmup.concurrency: only valid together with --warmup-request-count, "
                  "--warmup-duration or --num-warmup-sessions, which enable the warmup");
    const std::string fine = temp_file("rules_fine.toml",
                                       "[load]\nnum_sessions = 2\n"
                                       "[warmup]\nrequest_count = 1\nconcurrency = 4\n");
    p = profile(with_model({"--config", fine}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.warmup.concurrency, 4u);
}
