#include "ringperf/workload/schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace ringperf::workload;

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_v = std::numeric_limits<double>::infinity();

schedule_options options_of(arrival_pattern p, double rate, std::uint64_t count,
                            std::uint64_t seed = 7, double k = 1.0) {
    schedule_options o;
    o.arrival = arrival_spec{p, rate, k};
    o.seed = seed;
    o.request_count = count;
    return o;
}

schedule_spec make_spec(const schedule_options& o) {
    auto spec = schedule_spec::make(o);
    EXPECT_TRUE(spec.ok()) << spec.message();
    return *spec;
}

std::vector<scheduled_request> drain(schedule_cursor c) {
    std::vector<scheduled_request> out;
    while (auto r = c.next())
        out.push_back(*r);
    return out;
}

std::vector<scheduled_request> single(const schedule_options& o) {
    return drain(schedule_cursor(make_spec(o), 0, 1));
}

}  // namespace

TEST(Schedule, FirstRequestIsDueAtThePhaseStart) {
    for (auto p : {arrival_pattern::constant, arrival_pattern::poisson, arrival_pattern::gamma}) {
        auto c = schedule_cursor(make_spec(options_of(p, 10, 5)), 0, 1);
        auto r = c.next();
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(*r, (scheduled_request{0, 0}));
    }
}

TEST(Schedule, ConstantThousandPerSecondHasNoDriftOverAMillionRequests) {
    const auto all = single(options_of(arrival_pattern::constant, 1000, 1'000'001));
    ASSERT_EQ(all.size(), 1'000'001u);
    for (std::size_t i = 0; i < all.size(); ++i) {
        ASSERT_EQ(all[i].index, i);
        ASSERT_EQ(all[i].offset_ns, static_cast<std::int64_t>(i) * 1'000'000);
    }
    EXPECT_EQ(all.back().offset_ns, 1'000'000'000'000);
}

TEST(Schedule, ConstantRateWithInexactGapStaysWithinHalfANanosecond) {
    // 1e9/3 ns is not representable; three million gaps must still add up to 1e15 ns.
    const auto all = single(options_of(arrival_pattern::constant, 3, 3'000'001));
    ASSERT_EQ(all.size(), 3'000'001u);
    for (std::size_t i = 0; i < all.size(); i += 997) {
        const long double exact = static_cast<long double>(i) * 1e9L / 3;
        ASSERT_LE(std::fabs(static_cast<long double>(all[i].offset_ns) - exact), 0.5L + 1e-3L) << i;
    }
    EXPECT_EQ(all.back().offset_ns, 1'000'000'000'000'000);
}

TEST(Schedule, OffsetsAreTheRoundedRunningSumOfTheGaps) {
    const auto o = options_of(arrival_pattern::gamma, 333.3, 100'000, 11, 0.4);
    const auto spec = make_spec(o);
    auto gen = spec.generator();
    const auto all = drain(schedule_cursor(spec, 0, 1));
    ASSERT_EQ(all.size(), 100'000u);
    long double t = 0;
    for (const auto& r : all) {
        ASSERT_LE(std::fabs(static_cast<long double>(r.offset_ns) - t), 0.5L + 1e-6L) << r.index;
        t += gen.next_gap_ns();
    }
}

TEST(Schedule, SameSeedSameScheduleOtherSeedDifferent) {
    for (auto p : {arrival_pattern::poisson, arrival_pattern::gamma}) {
        const auto a = single(options_of(p, 50, 10'000, 1, 0.7));
        EXPECT_EQ(a, single(options_of(p, 50, 10'000, 1, 0.7)));
        const auto b = single(options_of(p, 50, 10'000, 2, 0.7));
        ASSERT_EQ(b.size(), a.size());
        std::size_t same = 0;
        for (std::size_t i = 1; i < a.size(); ++i)
            same += a[i].offset_ns == b[i].offset_ns;
        EXPECT_LT(same, 10u);
    }
}

TEST(Schedule, AnyNumberOfWorkersTogetherIssueExactlyTheSingleWorkerSchedule) {
    std::vector<schedule_options> cases = {
        options_of(arrival_pattern::poisson, 1000, 5'000),
        options_of(arrival_pattern::gamma, 80, 5'000, 3, 0.5),
        options_of(arrival_pattern::gamma, 80, 5'000, 3, 4),
        options_of(arrival_pattern::constant, 7.3, 5'000),
        options_of(arrival_pattern::concurrency_burst, 0, 5'000),
    };
    auto ramped = options_of(arrival_pattern::poisson, 500, 5'000);
    ramped.rate_ramp_duration_s = 3;
    cases.push_back(ramped);
    auto timed = options_of(arrival_pattern::gamma, 900, 0, 5, 2);
    timed.request_count.reset();
    timed.end_offset_ns = 4'000'000'000;
    cases.push_back(timed);

    for (const auto& o : cases) {
        const auto spec = make_spec(o);
        const auto reference = drain(schedule_cursor(spec, 0, 1));
        ASSERT_GT(reference.size(), 1000u);
        for (std::uint64_t workers : {1, 2, 3, 7}) {
            std::vector<scheduled_request> merged;
            for (std::uint64_t w = 0; w < workers; ++w) {
                for (const auto& r : drain(schedule_cursor(spec, w, workers))) {
                    ASSERT_EQ(r.index % workers, w);
                    merged.push_back(r);
                }
            }
            std::sort(merged.begin(), merged.end(),
                      [](const auto& a, const auto& b) { return a.index < b.index; });
            ASSERT_EQ(merged, reference)
                << to_string(o.arrival.pattern) << " with " << workers << " workers";
        }
    }
}

TEST(Schedule, RequestCountStopsEveryWorker) {
    const auto spec = make_spec(options_of(arrival_pattern::poisson, 100, 1000));
    std::size_t total = 0;
    for (std::uint64_t w = 0; w < 7; ++w) {
        schedule_cursor c(spec, w, 7);
        total += drain(c).size();
    }
    EXPECT_EQ(total, 1000u);
    EXPECT_TRUE(single(options_of(arrival_pattern::poisson, 100, 0)).empty());
}

TEST(Schedule, EndOffsetIsExclusive) {
    auto o = options_of(arrival_pattern::constant, 1000, 0);
    o.request_count.reset();
    o.end_offset_ns = 5'000'000;
    const auto all = single(o);
    ASSERT_EQ(all.size(), 5u);
    EXPECT_EQ(all.back(), (scheduled_request{4, 4'000'000}));
}

TEST(Schedule, FirstStopConditionWins) {
    auto o = options_of(arrival_pattern::constant, 1000, 3);
    o.end_offset_ns = 5'000'000;
    EXPECT_EQ(single(o).size(), 3u);
    o.request_count = 300;
    EXPECT_EQ(single(o).size(), 5u);
}

TEST(Schedule, CursorStaysFinished) {
    schedule_cursor c(make_spec(options_of(arrival_pattern::poisson, 100, 2)), 0, 1);
    EXPECT_TRUE(c.next().has_value());
    EXPECT_TRUE(c.next().has_value());
    EXPECT_FALSE(c.next().has_value());
    EXPECT_FALSE(c.next().has_value());
}

TEST(Schedule, ConcurrencyBurstIssuesEverythingAtTheStart) {
    const auto all = single(options_of(arrival_pattern::concurrency_burst, 0, 1000));
    ASSERT_EQ(all.size(), 1000u);
    for (const auto& r : all)
        ASSERT_EQ(r.offset_ns, 0);
}

TEST(Schedule, RateRampDrawsEachGapAtTheRateInForceAtThePreviousRequest) {
    auto o = options_of(arrival_pattern::constant, 100, 3000);
    o.rate_ramp_duration_s = 10;
    const auto spec = make_spec(o);
    const auto all = single(o);
    ASSERT_EQ(all.size(), 3000u);
    EXPECT_EQ(all[1].offset_ns, 1'000'000'000);  // the start rate is 100 * 0.1 / 10 = 1/s
    long double t = 0;
    for (std::size_t i = 0; i + 1 < all.size(); ++i) {
        t += 1e9L / spec.ramp()->rate_at(all[i].offset_ns);
        ASSERT_LE(std::fabs(static_cast<long double>(all[i + 1].offset_ns) - t), 0.5L + 1e-6L) << i;
    }
    // Once the ramp is over, the gaps are the target's.
    const auto after = std::find_if(all.begin(), all.end(),
                                    [](const auto& r) { return r.offset_ns >= 10'000'000'000; });
    ASSERT_NE(after, all.end());
    for (auto it = after; it + 1 != all.end(); ++it) {
        const auto gap = (it + 1)->offset_ns - it->offset_ns;
        ASSERT_TRUE(gap == 10'000'000 || gap == 10'000'001 || gap == 9'999'999) << gap;
    }
}

TEST(Schedule, RateRampSendsTheIntegralOfTheRateLessTheSamplingLag) {
    // Constant pattern, 200/s ramped over 20 s: the rate at update u is 1 + 199 u / 200,
    // held 0.1 s, so the ramp's integral is sum_u 0.1 (1 + 199 u / 200) = 2000.05 requests,
    // and a process starting with a request at 0 sends half a request more on average.
    // Sampling the rate only when a request is scheduled lags behind it: the first gap is
    // 1 s at 1/s, forgoing the 4.48 requests the first ten updates would add, and each later
    // gap straddling an update keeps the old rate, about 0.5 * 0.995 / rate_u requests per
    // update, 2.6 in all. Expected: 2000.05 + 0.5 - 4.48 - 2.6 = 1993.5.
    auto o = options_of(arrival_pattern::constant, 200, 0);
    o.request_count.reset();
    o.rate_ramp_duration_s = 20;
    o.end_offset_ns = 20'000'000'000;
    const auto n = static_cast<double>(single(o).size());
    EXPECT_NEAR(n, 1993.5, 2.0);
}

TEST(Schedule, EndsRatherThanOverflowingAtAbsurdlyLowRates) {
    auto o = options_of(arrival_pattern::constant, 1e-12, 10);
    const auto all = single(o);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].offset_ns, 0);
}

TEST(Schedule, SpecRejectsBadParameters) {
    EXPECT_EQ(schedule_spec::make(options_of(arrival_pattern::poisson, 0, 10)).message(),
              "request rate must be a finite number > 0 requests/s for the poisson arrival "
              "pattern, got 0");
    EXPECT_FALSE(schedule_spec::make(options_of(arrival_pattern::gamma, 10, 10, 1, nan_v)).ok());
    EXPECT_FALSE(schedule_spec::make(options_of(arrival_pattern::constant, nan_v, 10)).ok());

    auto ramp = options_of(arrival_pattern::poisson, 10, 10);
    ramp.rate_ramp_duration_s = -1;
    EXPECT_NE(schedule_spec::make(ramp).message().find("ramp duration"), std::string::npos);
    ramp.rate_ramp_duration_s = nan_v;
    EXPECT_FALSE(schedule_spec::make(ramp).ok());

    auto burst = options_of(arrival_pattern::concurrency_burst, 0, 10);
    burst.rate_ramp_duration_s = 5;
    EXPECT_EQ(schedule_spec::make(burst).message(),
              "a request rate ramp needs a request rate; the concurrency_burst arrival pattern "
              "has none");

    auto end = options_of(arrival_pattern::poisson, 10, 10);
    end.end_offset_ns = -1;
    EXPECT_EQ(schedule_spec::make(end).message(), "schedule end offset must be >= 0 ns, got -1");
}
