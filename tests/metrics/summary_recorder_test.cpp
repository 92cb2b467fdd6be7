#include "ringperf/metrics/summary_recorder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "ringperf/base/rng.h"

namespace ringperf::metrics {
namespace {

summary make(metric_id id) {
    auto s = summary::create(layout_for(id));
    EXPECT_TRUE(s.ok());
    return std::move(s).value();
}

void expect_close(double actual, double expected, double rel = 1e-12) {
    EXPECT_NEAR(actual, expected, std::abs(expected) * rel) << "expected " << expected;
}

struct direct_stats {
    double mean = 0, std = 0;
};

direct_stats two_pass(const std::vector<double>& v) {
    direct_stats d;
    for (double x : v)
        d.mean += x;
    d.mean /= static_cast<double>(v.size());
    double ss = 0;
    for (double x : v)
        ss += (x - d.mean) * (x - d.mean);
    d.std = std::sqrt(ss / static_cast<double>(v.size()));
    return d;
}

// Values 50 us .. 200 ms in ns, like request latencies.
std::vector<double> latencies(std::uint64_t seed, int n) {
    rng r(seed);
    std::vector<double> v;
    for (int i = 0; i < n; ++i)
        v.push_back(static_cast<double>(50'000 + r.below(200'000'000)));
    return v;
}

// A value recorded with weight w reads as w copies of it: {2 x3, 10 x1} has mean 4,
// population std sqrt((3*4 + 36) / 4) = sqrt(12) and median 2.
TEST(Summary, WeightedValueCountsAsThatManyCopies) {
    summary s = make(metric_id::output_sequence_length);
    summary copies = make(metric_id::output_sequence_length);
    s.record(2.0, 3);
    s.record(10.0, 1);
    s.record(7.0, 0);
    for (double v : {2.0, 2.0, 2.0, 10.0})
        copies.record(v);
    EXPECT_EQ(s.count(), 4u);
    EXPECT_DOUBLE_EQ(s.mean(), 4.0);
    EXPECT_DOUBLE_EQ(s.sum(), 16.0);
    EXPECT_DOUBLE_EQ(s.stddev(), std::sqrt(12.0));
    EXPECT_EQ(s.min(), 2.0);
    EXPECT_EQ(s.max(), 10.0);
    for (double p : {1.0, 25.0, 50.0, 75.0, 99.0})
        EXPECT_DOUBLE_EQ(s.percentile(p), copies.percentile(p)) << p;
    EXPECT_EQ(s.histogram().total_count(), 4);
}

TEST(Summary, MatchesNumpyOnOneToTenInUnitWideBuckets) {
    summary s = make(metric_id::request_latency);
    for (int v = 10; v >= 1; --v)
        s.record(v);
    // numpy.percentile(np.arange(1, 11), p) and np.std (ddof=0).
    const stats st = s.compute(1);
    EXPECT_EQ(st.count, 10u);
    EXPECT_DOUBLE_EQ(st.min, 1);
    EXPECT_DOUBLE_EQ(st.max, 10);
    EXPECT_DOUBLE_EQ(st.avg, 5.5);
    EXPECT_DOUBLE_EQ(st.sum, 55);
    EXPECT_DOUBLE_EQ(st.std, 2.8722813232690143);
    EXPECT_DOUBLE_EQ(st.p1, 1.09);
    EXPECT_DOUBLE_EQ(st.p5, 1.45);
    EXPECT_DOUBLE_EQ(st.p10, 1.9);
    EXPECT_DOUBLE_EQ(st.p25, 3.25);
    EXPECT_DOUBLE_EQ(st.p50, 5.5);
    EXPECT_DOUBLE_EQ(st.p75, 7.75);
    EXPECT_DOUBLE_EQ(st.p90, 9.1);
    EXPECT_DOUBLE_EQ(st.p95, 9.55);
    EXPECT_DOUBLE_EQ(st.p99, 9.91);
    EXPECT_DOUBLE_EQ(s.percentile(0), 1);
    EXPECT_DOUBLE_EQ(s.percentile(100), 10);
    EXPECT_DOUBLE_EQ(s.percentile(50), 5.5);
}

TEST(Summary, MatchesNumpyOnSmallUnevenSet) {
    summary s = make(metric_id::output_sequence_length);
    for (int v : {7, 1, 3, 3, 100})
        s.record(v);
    // numpy.percentile([1, 3, 3, 7, 100], [25, 50, 75, 90, 99]) = 3, 3, 7, 62.8, 96.28
    EXPECT_DOUBLE_EQ(s.percentile(25), 3);
    EXPECT_DOUBLE_EQ(s.percentile(50), 3);
    EXPECT_DOUBLE_EQ(s.percentile(75), 7);
    EXPECT_DOUBLE_EQ(s.percentile(90), 62.8);
    EXPECT_DOUBLE_EQ(s.percentile(99), 96.28);
    EXPECT_DOUBLE_EQ(s.compute(1).p90, 62.8);
}

TEST(Summary, StatsAreInDisplayUnits) {
    summary s = make(metric_id::time_to_first_token);
    s.record(1'000'000);  // 1 ms
    s.record(3'000'000);
    const stats st = s.compute(1e6);
    EXPECT_DOUBLE_EQ(st.avg, 2);
    EXPECT_DOUBLE_EQ(st.min, 1);
    EXPECT_DOUBLE_EQ(st.max, 3);
    EXPECT_DOUBLE_EQ(st.sum, 4);
    EXPECT_DOUBLE_EQ(st.std, 1);
    // Midway between the two buckets' median-equivalent values (1 000 192 and 2 999 296 ns).
    EXPECT_EQ(s.histogram().median_equivalent_value(1'000'000), 1'000'192);
    EXPECT_EQ(s.histogram().median_equivalent_value(3'000'000), 2'999'296);
    EXPECT_DOUBLE_EQ(st.p50, 1.999744);
}

TEST(Summary, PercentilesAreClampedToExactMinAndMax) {
    summary s = make(metric_id::request_latency);
    s.record(10'007);  // bucket 10 000..10 007, median-equivalent 10 004
    const stats st = s.compute(1);
    EXPECT_DOUBLE_EQ(st.p1, 10'007);
    EXPECT_DOUBLE_EQ(st.p50, 10'007);
    EXPECT_DOUBLE_EQ(st.p99, 10'007);
    s.record(10'001);  // same bucket: both ranks read its median
    EXPECT_DOUBLE_EQ(s.percentile(0), 10'004);
    EXPECT_DOUBLE_EQ(s.percentile(100), 10'004);

    summary low = make(metric_id::request_latency);
    low.record(10'000);  // median-equivalent 10 004 is above the exact max
    EXPECT_DOUBLE_EQ(low.percentile(50), 10'000);
}

TEST(Summary, AverageAndStdAreExactOnLargeValues) {
    const std::vector<double> v = latencies(7, 5000);
    summary s = make(metric_id::request_latency);
    for (double x : v)
        s.record(x);
    const direct_stats d = two_pass(v);
    expect_close(s.mean(), d.mean);
    expect_close(s.stddev(), d.std, 1e-10);
    EXPECT_EQ(s.count(), 5000u);
    // Percentiles stay within the histogram's 3-significant-figure resolution.
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    const double rank = 0.9 * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(rank);
    const double exact =
        sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (rank - static_cast<double>(lo));
    EXPECT_NEAR(s.percentile(90), exact, exact * 1e-3);
}

TEST(Summary, MergeEqualsOneSummaryOverTheUnion) {
    const std::vector<double> a = latencies(1, 3000);
    const std::vector<double> b = latencies(2, 1700);
    summary sa = make(metric_id::request_latency);
    summary sb = make(metric_id::request_latency);
    summary all = make(metric_id::request_latency);
    for (double x : a) {
        sa.record(x);
        all.record(x);
    }
    for (double x : b) {
        sb.record(x);
        all.record(x);
    }
    sa.merge(sb);
    const stats m = sa.compute(1e6);
    const stats u = all.compute(1e6);
    EXPECT_EQ(m.count, u.count);
    EXPECT_EQ(m.min, u.min);
    EXPECT_EQ(m.max, u.max);
    expect_close(m.avg, u.avg);
    expect_close(m.std, u.std, 1e-10);
    expect_close(m.sum, u.sum);
    EXPECT_EQ(m.p1, u.p1);
    EXPECT_EQ(m.p5, u.p5);
    EXPECT_EQ(m.p10, u.p10);
    EXPECT_EQ(m.p25, u.p25);
    EXPECT_EQ(m.p50, u.p50);
    EXPECT_EQ(m.p75, u.p75);
    EXPECT_EQ(m.p90, u.p90);
    EXPECT_EQ(m.p95, u.p95);
    EXPECT_EQ(m.p99, u.p99);
}

TEST(Summary, MergeIntoEmptyCopiesAndEmptyMergeChangesNothing) {
    summary s = make(metric_id::output_sequence_length);
    summary empty = make(metric_id::output_sequence_length);
    s.record(4);
    s.record(8);
    empty.merge(s);
    EXPECT_EQ(empty.count(), 2u);
    EXPECT_DOUBLE_EQ(empty.mean(), 6);
    EXPECT_DOUBLE_EQ(empty.stddev(), 2);
    s.merge(make(metric_id::output_sequence_length));
    EXPECT_EQ(s.count(), 2u);
    EXPECT_DOUBLE_EQ(s.mean(), 6);
}

TEST(Summary, ValuesOutsideTheRangeAreClampedAndCounted) {
    summary s = make(metric_id::output_sequence_length);  // 1 .. 1e9 tokens
    s.record(5);
    s.record(2e9);
    s.record(-3);
    EXPECT_EQ(s.out_of_range_count(), 2u);
    EXPECT_EQ(s.count(), 3u);
    EXPECT_EQ(s.histogram().total_count(), 3);
    EXPECT_EQ(s.histogram().count_at_value(1'000'000'000), 1);
    EXPECT_EQ(s.histogram().count_at_value(0), 1);
    EXPECT_DOUBLE_EQ(s.max(), 2e9);
    EXPECT_DOUBLE_EQ(s.min(), -3);
    s.record(std::numeric_limits<double>::quiet_NaN());
    EXPECT_EQ(s.out_of_range_count(), 3u);
    EXPECT_EQ(s.count(), 3u);
}

TEST(Summary, ThroughputPerUserIsHeldInMilliUnits) {
    summary s = make(metric_id::output_token_throughput_per_user);
    EXPECT_DOUBLE_EQ(s.layout().units_per_value, 1000);
    s.record(1.5);
    s.record(2.5);
    EXPECT_EQ(s.histogram().count_at_value(1500), 1);
    EXPECT_EQ(s.histogram().count_at_value(2500), 1);
    EXPECT_DOUBLE_EQ(s.percentile(50), 2.0);
    EXPECT_DOUBLE_EQ(s.percentile(0), 1.5);
    s.record(12.3456);
    EXPECT_EQ(s.histogram().count_at_value(12346), 1);
    EXPECT_DOUBLE_EQ(s.percentile(100), 12.3456);
}

TEST(Summary, EmptySummaryHasZeroStats) {
    const summary s = make(metric_id::request_latency);
    const stats st = s.compute(1e6);
    EXPECT_EQ(st.count, 0u);
    EXPECT_EQ(st.avg, 0);
    EXPECT_EQ(st.p99, 0);
    EXPECT_EQ(s.percentile(50), 0);
}

TEST(Summary, ResetForgetsValues) {
    summary s = make(metric_id::request_latency);
    s.record(123);
    s.record(-1);
    s.reset();
    EXPECT_EQ(s.count(), 0u);
    EXPECT_EQ(s.out_of_range_count(), 0u);
    EXPECT_EQ(s.histogram().total_count(), 0);
    s.record(9);
    EXPECT_DOUBLE_EQ(s.mean(), 9);
    EXPECT_DOUBLE_EQ(s.min(), 9);
}

TEST(Summary, RejectsInvalidLayouts) {
    EXPECT_FALSE(summary::create({1, 1000, 3, 0}).ok());
    EXPECT_FALSE(summary::create({0, 1000, 3, 1}).ok());
    EXPECT_FALSE(summary::create({1, 1000, 9, 1}).ok());
}

TEST(Summary, LayoutsCoverADayOfNanosecondsAndABillionTokens) {
    EXPECT_EQ(layout_for(metric_id::inter_token_latency).highest_trackable, 86'400'000'000'000);
    EXPECT_EQ(layout_for(metric_id::input_sequence_length).highest_trackable, 1'000'000'000);
    EXPECT_EQ(layout_for(metric_id::output_token_throughput_per_user).highest_trackable,
              1'000'000'000'000);
    EXPECT_EQ(layout_for(metric_id::request_latency).significant_figures, 3);
}

}  // namespace
}  // namespace ringperf::metrics
