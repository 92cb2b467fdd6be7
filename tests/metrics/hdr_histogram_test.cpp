#include "ringperf/metrics/hdr_histogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace ringperf::metrics {
namespace {

constexpr std::int64_t hour_us = 3'600'000'000;

hdr_histogram make(std::int64_t lo, std::int64_t hi, int sf) {
    auto h = hdr_histogram::create(lo, hi, sf);
    EXPECT_TRUE(h.ok()) << (h.ok() ? "" : h.message());
    return std::move(h).value();
}

// HdrHistogram's reference data sets: 10 000 x 1 000 plus one 100 000 000, recorded raw and
// with coordinated-omission correction at an expected interval of 10 000.
hdr_histogram raw_data() {
    hdr_histogram h = make(1, hour_us, 3);
    for (int i = 0; i < 10000; ++i)
        EXPECT_TRUE(h.record(1000));
    EXPECT_TRUE(h.record(100'000'000));
    return h;
}

hdr_histogram corrected_data() {
    hdr_histogram h = make(1, hour_us, 3);
    for (int i = 0; i < 10000; ++i)
        EXPECT_TRUE(h.record_corrected(1000, 10000));
    EXPECT_TRUE(h.record_corrected(100'000'000, 10000));
    return h;
}

TEST(HdrHistogram, LayoutOfOneMicrosecondToOneHourHas23552Counts) {
    EXPECT_EQ(make(1, hour_us, 3).counts_len(), 23552u);
}

TEST(HdrHistogram, LayoutsMatchReferenceFootprints) {
    EXPECT_EQ(make(1000, 3'600'000'000'000, 3).counts_len(), 24576u);
    EXPECT_EQ(make(1, 3'600'000'000'000, 3).counts_len(), 33792u);
    EXPECT_EQ(make(1, 60'000'000, 3).counts_len(), 17408u);
    EXPECT_EQ(make(1, hour_us, 2).counts_len(), 3328u);
    EXPECT_EQ(make(1, 3'600'000'000'000, 4).counts_len(), 475136u);
}

TEST(HdrHistogram, RejectsInvalidConstructorArguments) {
    EXPECT_FALSE(hdr_histogram::create(0, 1000, 3).ok());
    EXPECT_FALSE(hdr_histogram::create(-5, 1000, 3).ok());
    EXPECT_FALSE(hdr_histogram::create(80, 110, 5).ok());
    EXPECT_FALSE(hdr_histogram::create(1, 1000, -1).ok());
    EXPECT_FALSE(hdr_histogram::create(1, 1000, 0).ok());
    EXPECT_FALSE(hdr_histogram::create(1, 1000, 6).ok());
    EXPECT_TRUE(hdr_histogram::create(1, 2, 1).ok());
    auto bad = hdr_histogram::create(1, 1000, 6);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("significant figures"), std::string::npos);
}

TEST(HdrHistogram, RecordsUpToHighestTrackableAndRejectsBeyond) {
    hdr_histogram h = make(1, 1000, 4);
    EXPECT_TRUE(h.record(1000));
    EXPECT_FALSE(h.record(1001));
    EXPECT_FALSE(h.record(-1));
    EXPECT_FALSE(h.record(INT64_MAX));
    EXPECT_FALSE(h.record(5, -1));
    EXPECT_EQ(h.total_count(), 1);
    EXPECT_EQ(h.max(), 1000);
}

TEST(HdrHistogram, RawDataSetPercentiles) {
    const hdr_histogram h = raw_data();
    EXPECT_EQ(h.total_count(), 10001);
    EXPECT_EQ(h.value_at_percentile(30.0), 1000);
    EXPECT_EQ(h.value_at_percentile(99.0), 1000);
    EXPECT_EQ(h.value_at_percentile(99.99), 1000);
    EXPECT_EQ(h.value_at_percentile(99.999), 100'007'935);
    EXPECT_EQ(h.value_at_percentile(100.0), 100'007'935);
    EXPECT_EQ(h.max(), 100'007'935);
    EXPECT_EQ(h.min(), 1000);
    EXPECT_NEAR(h.mean(), 10996.417158, 1e-6);
}

TEST(HdrHistogram, CorrectedDataSetPercentiles) {
    const hdr_histogram h = corrected_data();
    EXPECT_EQ(h.total_count(), 20000);
    EXPECT_EQ(h.value_at_percentile(30.0), 1000);
    EXPECT_EQ(h.value_at_percentile(50.0), 1000);
    EXPECT_EQ(h.value_at_percentile(75.0), 50'003'967);
    EXPECT_EQ(h.value_at_percentile(90.0), 80'019'455);
    EXPECT_EQ(h.value_at_percentile(99.0), 98'041'855);
    EXPECT_EQ(h.value_at_percentile(99.9), 99'811'327);
    EXPECT_EQ(h.value_at_percentile(99.999), 100'007'935);
    EXPECT_EQ(h.value_at_percentile(100.0), 100'007'935);
    EXPECT_NEAR(h.mean(), 25'003'006.6994, 1e-4);
}

TEST(HdrHistogram, MergesRawAndCorrectedDataSets) {
    hdr_histogram h = raw_data();
    EXPECT_EQ(h.add(corrected_data()), 0);
    EXPECT_EQ(h.total_count(), 30001);
    EXPECT_EQ(h.value_at_percentile(75.0), 25'018'367);
    EXPECT_EQ(h.value_at_percentile(90.0), 70'057'983);
    EXPECT_EQ(h.value_at_percentile(99.0), 97'058'815);
    EXPECT_EQ(h.min(), 1000);
    EXPECT_EQ(h.max(), 100'007'935);
}

TEST(HdrHistogram, MergeAcrossLayoutsCountsDroppedValues) {
    hdr_histogram wide = make(1, hour_us, 3);
    ASSERT_TRUE(wide.record(500, 3));
    ASSERT_TRUE(wide.record(1'000'000, 2));
    hdr_histogram narrow = make(1, 10'000, 2);
    EXPECT_EQ(narrow.add(wide), 2);
    EXPECT_EQ(narrow.total_count(), 3);
    EXPECT_EQ(narrow.count_at_value(500), 3);
    hdr_histogram back = make(1, hour_us, 3);
    EXPECT_EQ(back.add(narrow), 0);
    EXPECT_EQ(back.total_count(), 3);
    EXPECT_EQ(back.count_at_value(500), 3);
    EXPECT_EQ(back.max(), 500);
}

TEST(HdrHistogram, FiveSignificantFiguresEquivalence) {
    hdr_histogram h = make(20'000'000, 100'000'000, 5);
    ASSERT_TRUE(h.record(100'000'000));
    ASSERT_TRUE(h.record(20'000'000));
    ASSERT_TRUE(h.record(30'000'000));
    EXPECT_TRUE(h.values_are_equivalent(20'000'000, h.value_at_percentile(50.0)));
    EXPECT_TRUE(h.values_are_equivalent(30'000'000, h.value_at_percentile(83.33)));
    EXPECT_TRUE(h.values_are_equivalent(100'000'000, h.value_at_percentile(83.34)));
    EXPECT_TRUE(h.values_are_equivalent(100'000'000, h.value_at_percentile(99.0)));
}

TEST(HdrHistogram, EquivalenceRangesAtThreeFigures) {
    const hdr_histogram h = make(1, hour_us, 3);
    EXPECT_EQ(h.size_of_equivalent_range(2047), 1);
    EXPECT_EQ(h.lowest_equivalent_value(2048), 2048);
    EXPECT_EQ(h.size_of_equivalent_range(2048), 2);
    EXPECT_EQ(h.lowest_equivalent_value(2049), 2048);
    EXPECT_EQ(h.size_of_equivalent_range(2049), 2);
    EXPECT_EQ(h.lowest_equivalent_value(4095), 4094);
    EXPECT_EQ(h.size_of_equivalent_range(4096), 4);
    EXPECT_EQ(h.lowest_equivalent_value(1'000'000), 999'936);
    EXPECT_EQ(h.size_of_equivalent_range(1'000'000), 512);
    EXPECT_EQ(h.counts_index_for(1'000'000), 11169);
    EXPECT_EQ(h.lowest_equivalent_value(10'007), 10'000);
    EXPECT_EQ(h.size_of_equivalent_range(10'007), 8);
    EXPECT_EQ(h.median_equivalent_value(10'007), 10'004);
    EXPECT_EQ(h.highest_equivalent_value(10'007), 10'007);
    EXPECT_EQ(h.next_non_equivalent_value(10'007), 10'008);
    EXPECT_TRUE(h.values_are_equivalent(10'000, 10'007));
    EXPECT_FALSE(h.values_are_equivalent(10'007, 10'008));
}

TEST(HdrHistogram, UniformOneToTenThousand) {
    hdr_histogram h = make(1, hour_us, 3);
    for (int v = 1; v <= 10000; ++v)
        ASSERT_TRUE(h.record(v));
    EXPECT_EQ(h.value_at_percentile(25.0), 2501);
    EXPECT_EQ(h.value_at_percentile(50.0), 5003);
    EXPECT_EQ(h.value_at_percentile(75.0), 7503);
    EXPECT_EQ(h.value_at_percentile(90.0), 9007);
    EXPECT_EQ(h.value_at_percentile(99.0), 9903);
    EXPECT_EQ(h.value_at_percentile(99.9), 9991);
    EXPECT_EQ(h.max(), 10007);
    EXPECT_EQ(h.min(), 1);
}

TEST(HdrHistogram, PercentileTargetRoundsHalfUpLikeC) {
    hdr_histogram h = make(1, hour_us, 3);
    for (int v = 1; v <= 4; ++v)
        ASSERT_TRUE(h.record(v));
    EXPECT_EQ(h.value_at_percentile(60.0), 2);
    EXPECT_EQ(h.value_at_percentile(62.5), 3);
    EXPECT_EQ(h.value_at_percentile(37.5), 2);
    EXPECT_EQ(h.value_at_percentile(0.0), 1);
    EXPECT_EQ(h.value_at_percentile(150.0), 4);
}

TEST(HdrHistogram, PercentileZeroIsLowestEquivalent) {
    hdr_histogram h = make(1, hour_us, 3);
    ASSERT_TRUE(h.record(10'007));
    EXPECT_EQ(h.value_at_percentile(0.0), 10'000);
    EXPECT_EQ(h.value_at_percentile(50.0), 10'007);
}

TEST(HdrHistogram, MeanAndStddevUseMedianEquivalents) {
    hdr_histogram h = make(1, hour_us, 3);
    ASSERT_TRUE(h.record(10'000));  // median equivalent 10 004
    ASSERT_TRUE(h.record(10'000));
    ASSERT_TRUE(h.record(2));  // width-1 bucket
    const double mean = (2.0 * 10004 + 2) / 3;
    EXPECT_DOUBLE_EQ(h.mean(), mean);
    const double var = (2 * (10004 - mean) * (10004 - mean) + (2 - mean) * (2 - mean)) / 3;
    EXPECT_DOUBLE_EQ(h.stddev(), std::sqrt(var));
}

TEST(HdrHistogram, ZeroIsTheMinimumOnceRecorded) {
    hdr_histogram h = make(1, hour_us, 3);
    ASSERT_TRUE(h.record(7));
    EXPECT_EQ(h.min(), 7);
    ASSERT_TRUE(h.record(0));
    EXPECT_EQ(h.min(), 0);
    EXPECT_EQ(h.max(), 7);
}

TEST(HdrHistogram, EmptyHistogramReportsZeros) {
    const hdr_histogram h = make(1, hour_us, 3);
    EXPECT_EQ(h.total_count(), 0);
    EXPECT_EQ(h.min(), 0);
    EXPECT_EQ(h.max(), 0);
    EXPECT_EQ(h.value_at_percentile(50.0), 0);
    EXPECT_EQ(h.mean(), 0.0);
    EXPECT_EQ(h.stddev(), 0.0);
    EXPECT_EQ(h.recorded().begin(), h.recorded().end());
}

TEST(HdrHistogram, RecordedIteratorVisitsNonEmptyBucketsInOrder) {
    hdr_histogram h = make(1, hour_us, 3);
    ASSERT_TRUE(h.record(3000, 2));
    ASSERT_TRUE(h.record(5));
    ASSERT_TRUE(h.record(3001));
    std::vector<hdr_bucket> seen(h.recorded().begin(), h.recorded().end());
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].lowest, 5);
    EXPECT_EQ(seen[0].highest, 5);
    EXPECT_EQ(seen[0].count, 1);
    EXPECT_EQ(seen[1].lowest, 3000);
    EXPECT_EQ(seen[1].highest, 3001);
    EXPECT_EQ(seen[1].count, 3);
}

TEST(HdrHistogram, CorrectedRecordingFillsMissingIntervals) {
    hdr_histogram h = make(1, hour_us, 3);
    ASSERT_TRUE(h.record_corrected(35, 10));
    EXPECT_EQ(h.total_count(), 3);  // 35, 25, 15
    EXPECT_EQ(h.count_at_value(35), 1);
    EXPECT_EQ(h.count_at_value(25), 1);
    EXPECT_EQ(h.count_at_value(15), 1);
    EXPECT_EQ(h.count_at_value(5), 0);
    ASSERT_TRUE(h.record_corrected(8, 10));
    ASSERT_TRUE(h.record_corrected(50, 0));
    EXPECT_EQ(h.total_count(), 5);
}

TEST(HdrHistogram, ResetClearsEverything) {
    hdr_histogram h = raw_data();
    h.reset();
    EXPECT_EQ(h.total_count(), 0);
    EXPECT_EQ(h.max(), 0);
    EXPECT_EQ(h.count_at_value(1000), 0);
    ASSERT_TRUE(h.record(42));
    EXPECT_EQ(h.min(), 42);
    EXPECT_EQ(h.max(), 42);
}

TEST(HdrHistogram, LargestLowestDiscernibleIsRejectedBeyondSixtyOneBits) {
    EXPECT_FALSE(hdr_histogram::create(std::int64_t{1} << 50, INT64_MAX, 5).ok());
    auto h = hdr_histogram::create(1, INT64_MAX, 3);
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->record(INT64_MAX));
    EXPECT_EQ(h->max(), INT64_MAX);
    EXPECT_EQ(h->value_at_percentile(100.0), INT64_MAX);
}

}  // namespace
}  // namespace ringperf::metrics
