// The self-check verdict on both sides of every threshold.
#include "ringperf/metrics/self_check.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ringperf::metrics {
namespace {

// A healthy 10k req/s open-loop run: 50,000 sent on schedule with microsecond lags.
self_check_figures healthy() {
    self_check_figures f;
    f.mode = load_mode::request_rate;
    f.sent = 50'000;
    f.target_rate_per_s = 10'000;
    f.scheduled_rate_per_s = 9'960;
    f.achieved_rate_per_s = 9'959.9;
    f.schedule_lag = lag_figures{0.004, 0.030, 0.400, 50'000};
    return f;
}

TEST(SelfCheck, DefaultThresholds) {
    const self_check_thresholds& t = default_self_check_thresholds;
    EXPECT_EQ(t.schedule_lag_p99_ms, 1.0);
    EXPECT_EQ(t.schedule_lag_max_ms, 10.0);
    EXPECT_EQ(t.rate_error_percent, 1.0);
    EXPECT_EQ(t.skipped_percent, 0.1);
    EXPECT_EQ(t.queued_percent, 0.1);
}

TEST(SelfCheck, HealthyOpenLoopRunKeptUp) {
    const self_check_verdict v = judge_self_check(healthy());
    EXPECT_EQ(v.outcome, self_check_outcome::kept_up);
    EXPECT_TRUE(v.reasons.empty());
    EXPECT_STREQ(self_check_outcome_text(v.outcome), "kept up");
}

TEST(SelfCheck, ScheduleLagP99AtTheLimitPassesAndAboveFails) {
    self_check_figures f = healthy();
    f.schedule_lag->p99_ms = 1.0;
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::kept_up);
    f.schedule_lag->p99_ms = 1.001;
    const self_check_verdict v = judge_self_check(f);
    EXPECT_EQ(v.outcome, self_check_outcome::fell_behind);
    EXPECT_EQ(v.reasons, std::vector<std::string>{"schedule lag p99 1.001 ms > 1.000 ms"});
    EXPECT_STREQ(self_check_outcome_text(v.outcome), "fell behind: results not valid");
}

TEST(SelfCheck, ScheduleLagMaxAtTheLimitPassesAndAboveFails) {
    self_check_figures f = healthy();
    f.schedule_lag->max_ms = 10.0;
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::kept_up);
    f.schedule_lag->max_ms = 50.2;  // one 50 ms stall
    const self_check_verdict v = judge_self_check(f);
    EXPECT_EQ(v.outcome, self_check_outcome::fell_behind);
    EXPECT_EQ(v.reasons, std::vector<std::string>{"schedule lag max 50.200 ms > 10.000 ms"});
}

TEST(SelfCheck, AchievedRateWithinOnePercentOfTheSchedulePasses) {
    self_check_figures f = healthy();
    f.scheduled_rate_per_s = 10'000;
    f.achieved_rate_per_s = 9'901;  // -0.99 %
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::kept_up);
    f.achieved_rate_per_s = 10'099;  // +0.99 %
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::kept_up);
}

TEST(SelfCheck, AchievedRateBeyondOnePercentOfTheScheduleFails) {
    self_check_figures f = healthy();
    f.scheduled_rate_per_s = 10'000;
    f.achieved_rate_per_s = 9'899;  // -1.01 %
    self_check_verdict v = judge_self_check(f);
    EXPECT_EQ(v.outcome, self_check_outcome::fell_behind);
    EXPECT_EQ(v.reasons, std::vector<std::string>{"achieved rate 9899.00 req/s is 1.01% below the "
                                                  "schedule's 10000.00 req/s (limit 1.00%)"});
    f.achieved_rate_per_s = 10'101;  // +1.01 %: a burst after a stall
    v = judge_self_check(f);
    EXPECT_EQ(v.outcome, self_check_outcome::fell_behind);
    ASSERT_EQ(v.reasons.size(), 1u);
    EXPECT_NE(v.reasons[0].find("1.01% above"), std::string::npos) << v.reasons[0];
}

TEST(SelfCheck, TheTargetRateIsReportedButNotJudged) {
    // A seeded Poisson schedule's own rate differs from the target; the client followed it.
    self_check_figures f = healthy();
    f.target_rate_per_s = 10'000;
    f.scheduled_rate_per_s = 9'700;
    f.achieved_rate_per_s = 9'700;
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::kept_up);
}

TEST(SelfCheck, SkippedShareAtTheLimitPassesAndAboveFails) {
    self_check_figures f = healthy();
    f.sent = 999;
    f.skipped = 1;  // 1 of 1,000 scheduled = 0.1 %
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::kept_up);
    f.sent = 998;
    f.skipped = 2;
    const self_check_verdict v = judge_self_check(f);
    EXPECT_EQ(v.outcome, self_check_outcome::fell_behind);
    EXPECT_EQ(v.reasons,
              std::vector<std::string>{"2 of 1000 scheduled requests (0.20%) were "
                                       "skipped: every connection slot was busy (limit 0.10%)"});
}

TEST(SelfCheck, QueuedShareAtTheLimitPassesAndAboveFails) {
    self_check_figures f = healthy();
    f.sent = 1'000;
    f.queued = 1;
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::kept_up);
    f.queued = 2;
    const self_check_verdict v = judge_self_check(f);
    EXPECT_EQ(v.outcome, self_check_outcome::fell_behind);
    EXPECT_EQ(v.reasons,
              std::vector<std::string>{"2 of 1000 scheduled requests (0.20%) waited for a free "
                                       "connection slot (limit 0.10%)"});
}

TEST(SelfCheck, EveryFailedCheckIsAReasonInCheckOrder) {
    self_check_figures f = healthy();
    f.sent = 100;
    f.skipped = 10;
    f.queued = 10;
    f.scheduled_rate_per_s = 100;
    f.achieved_rate_per_s = 80;
    f.schedule_lag = lag_figures{2, 30, 60, 100};
    const self_check_verdict v = judge_self_check(f);
    ASSERT_EQ(v.reasons.size(), 5u);
    EXPECT_EQ(v.reasons[0].rfind("schedule lag p99", 0), 0u);
    EXPECT_EQ(v.reasons[1].rfind("schedule lag max", 0), 0u);
    EXPECT_EQ(v.reasons[2].rfind("achieved rate", 0), 0u);
    EXPECT_NE(v.reasons[3].find("skipped"), std::string::npos);
    EXPECT_NE(v.reasons[4].find("waited"), std::string::npos);
}

TEST(SelfCheck, ClosedLoopHasNoRateOrCapCheck) {
    self_check_figures f = healthy();
    f.mode = load_mode::closed_loop;
    f.target_rate_per_s.reset();
    f.scheduled_rate_per_s = 1'000;
    f.achieved_rate_per_s = 500;  // meaningless without a schedule
    f.queued = 500;
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::kept_up);
    f.schedule_lag->p99_ms = 1.5;  // the issue delay is still judged
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::fell_behind);
}

TEST(SelfCheck, EveryOpenLoopModeHasTheRateCheck) {
    for (load_mode m :
         {load_mode::request_rate, load_mode::fixed_schedule, load_mode::user_centric}) {
        self_check_figures f = healthy();
        f.mode = m;
        f.target_rate_per_s.reset();
        f.scheduled_rate_per_s = 100;
        f.achieved_rate_per_s = 90;
        EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::fell_behind)
            << load_mode_name(m);
    }
}

TEST(SelfCheck, RateCheckNeedsBothRates) {
    self_check_figures f = healthy();
    f.sent = 1;
    f.achieved_rate_per_s.reset();
    f.scheduled_rate_per_s.reset();
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::kept_up);
}

TEST(SelfCheck, NothingSentIsNotJudged) {
    self_check_figures f;
    f.mode = load_mode::request_rate;
    const self_check_verdict v = judge_self_check(f);
    EXPECT_EQ(v.outcome, self_check_outcome::not_judged);
    EXPECT_EQ(v.reasons, std::vector<std::string>{"no request was sent"});
    EXPECT_STREQ(self_check_outcome_text(v.outcome), "not judged");
}

TEST(SelfCheck, EverythingSkippedFellBehind) {
    self_check_figures f;
    f.mode = load_mode::request_rate;
    f.skipped = 40;
    EXPECT_EQ(judge_self_check(f).outcome, self_check_outcome::fell_behind);
}

TEST(SelfCheck, CustomThresholdsApply) {
    self_check_thresholds t;
    t.schedule_lag_p99_ms = 0.02;
    EXPECT_EQ(judge_self_check(healthy(), t).outcome, self_check_outcome::fell_behind);
    t.schedule_lag_p99_ms = 0.03;
    EXPECT_EQ(judge_self_check(healthy(), t).outcome, self_check_outcome::kept_up);
}

TEST(SelfCheck, PercentError) {
    EXPECT_DOUBLE_EQ(*percent_error(9'950.0, 10'000.0), -0.5);
    EXPECT_DOUBLE_EQ(*percent_error(300.0, 200.0), 50.0);
    EXPECT_FALSE(percent_error(std::nullopt, 1.0));
    EXPECT_FALSE(percent_error(1.0, std::nullopt));
    EXPECT_FALSE(percent_error(1.0, 0.0));
}

TEST(SelfCheck, ModeNames) {
    EXPECT_STREQ(load_mode_name(load_mode::closed_loop), "closed_loop");
    EXPECT_STREQ(load_mode_name(load_mode::request_rate), "request_rate");
    EXPECT_STREQ(load_mode_name(load_mode::fixed_schedule), "fixed_schedule");
    EXPECT_STREQ(load_mode_name(load_mode::user_centric), "user_centric");
    EXPECT_FALSE(is_open_loop(load_mode::closed_loop));
    EXPECT_TRUE(is_open_loop(load_mode::fixed_schedule));
}

}  // namespace
}  // namespace ringperf::metrics
