#include "ringperf/workload/ramp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace ringperf::workload;

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_v = std::numeric_limits<double>::infinity();

constexpr std::int64_t s_to_ns(double s) {
    return static_cast<std::int64_t>(s * 1e9);
}

}  // namespace

TEST(RateRamp, StartsAtTargetTimesUpdateOverDuration) {
    auto r = rate_ramp::make(100, 10);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_DOUBLE_EQ(r->start_rate_per_s(), 1.0);
    EXPECT_DOUBLE_EQ(r->rate_at(0), 1.0);
    EXPECT_DOUBLE_EQ(r->rate_at(-5), 1.0);
    EXPECT_EQ(r->duration_ns(), s_to_ns(10));
}

TEST(RateRamp, InterpolatesLinearlyOnTheUpdateGrid) {
    auto r = rate_ramp::make(100, 10);
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(r->rate_at(s_to_ns(5)), 1.0 + 99.0 * 0.5);
    EXPECT_DOUBLE_EQ(r->rate_at(s_to_ns(2.5)), 1.0 + 99.0 * 0.25);
    // Held between updates: the value set at 4.9 s is still in force just before 5 s.
    EXPECT_DOUBLE_EQ(r->rate_at(s_to_ns(5) - 1), 1.0 + 99.0 * 0.49);
    EXPECT_DOUBLE_EQ(r->rate_at(s_to_ns(4.9)), 1.0 + 99.0 * 0.49);
    EXPECT_DOUBLE_EQ(r->rate_at(rate_ramp_update_ns - 1), 1.0);
    EXPECT_DOUBLE_EQ(r->rate_at(rate_ramp_update_ns), 1.0 + 99.0 * 0.01);
}

TEST(RateRamp, ReachesTheTargetExactlyAtTheDuration) {
    auto r = rate_ramp::make(100, 10);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->rate_at(s_to_ns(10)), 100.0);
    EXPECT_EQ(r->rate_at(s_to_ns(3600)), 100.0);
    EXPECT_LT(r->rate_at(s_to_ns(10) - 1), 100.0);
}

TEST(RateRamp, IsMonotoneForAnIncreasingTarget) {
    auto r = rate_ramp::make(37.5, 7.77);
    ASSERT_TRUE(r.ok());
    double last = 0;
    for (std::int64_t t = 0; t <= s_to_ns(8); t += 10'000'000) {
        const double v = r->rate_at(t);
        ASSERT_GE(v, last) << t;
        last = v;
    }
    EXPECT_EQ(last, 37.5);
}

TEST(RateRamp, DurationOffTheGridJumpsToTargetAtTheDuration) {
    auto r = rate_ramp::make(10, 0.25);
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(r->rate_at(0), 4.0);
    EXPECT_DOUBLE_EQ(r->rate_at(s_to_ns(0.2)), 4.0 + 6.0 * 0.8);
    EXPECT_DOUBLE_EQ(r->rate_at(s_to_ns(0.25) - 1), 4.0 + 6.0 * 0.8);
    EXPECT_EQ(r->rate_at(s_to_ns(0.25)), 10.0);
}

TEST(RateRamp, NextUpdateBoundsTheStretchWhereTheRateIsConstant) {
    auto r = rate_ramp::make(10, 0.25);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->next_update_ns(-7), 0);
    EXPECT_EQ(r->next_update_ns(0), 100'000'000);
    EXPECT_EQ(r->next_update_ns(99'999'999), 100'000'000);
    EXPECT_EQ(r->next_update_ns(100'000'000), 200'000'000);
    EXPECT_EQ(r->next_update_ns(200'000'000), 250'000'000);
    EXPECT_EQ(r->next_update_ns(250'000'000), std::numeric_limits<std::int64_t>::max());
    for (std::int64_t t = 0; t < 300'000'000; t += 1'000'000) {
        const std::int64_t end = r->next_update_ns(t);
        ASSERT_EQ(r->rate_at(std::min<std::int64_t>(end, 400'000'000) - 1), r->rate_at(t)) << t;
    }
}

TEST(RateRamp, ZeroOrOneUpdateLongIsNoRamp) {
    for (double d : {0.0, 0.05, 0.1}) {
        auto r = rate_ramp::make(42, d);
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(r->duration_ns(), 0);
        EXPECT_EQ(r->start_rate_per_s(), 42.0);
        EXPECT_EQ(r->rate_at(0), 42.0);
    }
}

TEST(RateRamp, RejectsBadParameters) {
    EXPECT_EQ(rate_ramp::make(0, 10).message(),
              "request rate must be a finite number > 0 requests/s, got 0");
    EXPECT_FALSE(rate_ramp::make(nan_v, 10).ok());
    EXPECT_EQ(rate_ramp::make(10, -1).message(),
              "request rate ramp duration must be a finite number of seconds in [0, 1000000000], "
              "got -1");
    EXPECT_FALSE(rate_ramp::make(10, nan_v).ok());
    EXPECT_FALSE(rate_ramp::make(10, inf_v).ok());
    EXPECT_FALSE(rate_ramp::make(10, 2e9).ok());
}

TEST(ConcurrencyRamp, HundredOverThirtySecondsStartsAtOneAndEndsExactlyOnTime) {
    auto r = concurrency_ramp::make(100, 30);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->limit_at(0), 1u);
    EXPECT_EQ(r->limit_at(-1), 1u);
    EXPECT_EQ(r->limit_at(s_to_ns(30)), 100u);
    EXPECT_EQ(r->limit_at(s_to_ns(30) - 1), 99u);
    EXPECT_EQ(r->limit_at(s_to_ns(1000)), 100u);
    EXPECT_EQ(*r->level_reached_ns(100), s_to_ns(30));
    EXPECT_EQ(*r->level_reached_ns(1), 0);
    EXPECT_FALSE(r->level_reached_ns(101).has_value());
}

TEST(ConcurrencyRamp, StepsOncePerThirtyNinetyNinthsOfASecond) {
    auto r = concurrency_ramp::make(100, 30);
    ASSERT_TRUE(r.ok());
    // 30 s / 99 steps = 303,030,303.03 ns, so each step is 303,030,303 or ...304 ns apart.
    EXPECT_EQ(*r->level_reached_ns(2), 303'030'304);
    std::int64_t prev = 0;
    for (std::uint32_t level = 2; level <= 100; ++level) {
        const std::int64_t t = *r->level_reached_ns(level);
        const std::int64_t step = t - prev;
        ASSERT_TRUE(step == 303'030'303 || step == 303'030'304) << level << " " << step;
        ASSERT_EQ(r->limit_at(t), level);
        ASSERT_EQ(r->limit_at(t - 1), level - 1);
        prev = t;
    }
}

TEST(ConcurrencyRamp, IsMonotoneAndRisesByOne) {
    auto r = concurrency_ramp::make(100, 30);
    ASSERT_TRUE(r.ok());
    std::uint32_t last = 1;
    for (std::int64_t t = 0; t <= s_to_ns(31); t += 1'000'000) {
        const std::uint32_t v = r->limit_at(t);
        ASSERT_GE(v, last) << t;
        ASSERT_LE(v - last, 1u) << t;
        last = v;
    }
    EXPECT_EQ(last, 100u);
}

TEST(ConcurrencyRamp, NextChangeWalksEveryStep) {
    auto r = concurrency_ramp::make(5, 2);
    ASSERT_TRUE(r.ok());
    std::vector<std::int64_t> changes;
    std::int64_t t = 0;
    while (auto next = r->next_change_ns(t)) {
        ASSERT_GT(*next, t);
        changes.push_back(*next);
        t = *next;
    }
    EXPECT_EQ(changes, (std::vector<std::int64_t>{500'000'000, 1'000'000'000, 1'500'000'000,
                                                  2'000'000'000}));
    EXPECT_EQ(r->limit_at(t), 5u);
}

TEST(ConcurrencyRamp, NoDurationOrTargetOneIsNoRamp) {
    auto r = concurrency_ramp::make(64, 0);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->limit_at(0), 64u);
    EXPECT_FALSE(r->next_change_ns(0).has_value());
    auto one = concurrency_ramp::make(1, 10);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(one->limit_at(0), 1u);
    EXPECT_EQ(one->limit_at(s_to_ns(5)), 1u);
    EXPECT_FALSE(one->next_change_ns(0).has_value());
}

TEST(ConcurrencyRamp, LargeTargetsAndLongRampsDoNotOverflow) {
    auto r = concurrency_ramp::make(4'000'000'000u, 1e9);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->limit_at(s_to_ns(1e9)), 4'000'000'000u);
    EXPECT_EQ(r->limit_at(s_to_ns(1e9) - 1), 3'999'999'999u);
    EXPECT_EQ(*r->level_reached_ns(4'000'000'000u), s_to_ns(1e9));
}

TEST(ConcurrencyRamp, RejectsBadParameters) {
    EXPECT_EQ(concurrency_ramp::make(0, 10).message(),
              "concurrency ramp target must be at least 1, got 0");
    EXPECT_EQ(concurrency_ramp::make(10, -3).message(),
              "concurrency ramp duration must be a finite number of seconds in [0, 1000000000], "
              "got -3");
    EXPECT_FALSE(concurrency_ramp::make(10, nan_v).ok());
    EXPECT_FALSE(concurrency_ramp::make(10, inf_v).ok());
}
