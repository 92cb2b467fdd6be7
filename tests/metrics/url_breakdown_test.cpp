// Per-URL figures of runs with several --url values, within one set and across merges.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr mono_ns ms = 1'000'000;
constexpr mono_ns sec = 1'000'000'000;

// A streamed request to URL `url` started at `start` with its first token after `ttft` and
// its last after `latency`; failed (HTTP 500) when `ok` is false.
request_record to_url(std::uint32_t url, mono_ns start, mono_ns ttft, mono_ns latency,
                      bool ok = true) {
    request_record r;
    r.url_index = url;
    r.streaming = true;
    r.t_intended = start;
    r.t_start = start;
    r.t_write_start = start + 1'000;
    r.connection_reused = true;
    r.content_ns = {start + ttft, start + latency};
    r.first_output_index = 0;
    r.t_end = start + latency + 100;
    if (!ok) {
        r.error = error_kind::http_status;
        r.error_code = 500;
        r.error_type = "Internal Server Error";
    }
    return r;
}

void add(metric_set& set, const request_record& r) {
    set.add(r, r.ok() ? compute_record_values(r) : record_values{}, wall_clock_map{});
}

// URL 0: two successes (TTFT 10 / 20 ms, latency 100 / 200 ms) and one failure.
// URL 1: one success (TTFT 40 ms, latency 400 ms).
std::vector<request_record> two_url_records() {
    return {to_url(0, 1 * sec, 10 * ms, 100 * ms), to_url(0, 2 * sec, 20 * ms, 200 * ms),
            to_url(0, 3 * sec, 5 * ms, 50 * ms, false), to_url(1, 4 * sec, 40 * ms, 400 * ms)};
}

TEST(UrlBreakdown, OneUrlGivesNoBreakdown) {
    metric_set set;
    for (int i = 0; i < 5; ++i)
        add(set, to_url(2, (i + 1) * sec, 10 * ms, 90 * ms));
    EXPECT_EQ(set.request_count(), 5u);
    EXPECT_TRUE(set.url_results().empty());
}

TEST(UrlBreakdown, TwoUrlsInOneSetAreCountedApart) {
    metric_set set;
    for (const request_record& r : two_url_records())
        add(set, r);
    const std::vector<url_result> u = set.url_results();
    ASSERT_EQ(u.size(), 2u);
    EXPECT_EQ(u[0].url_index, 0u);
    EXPECT_EQ(u[0].request_count, 2u);
    EXPECT_EQ(u[0].error_count, 1u);
    ASSERT_TRUE(u[0].request_latency);
    EXPECT_EQ(u[0].request_latency->count, 2u);
    EXPECT_DOUBLE_EQ(u[0].request_latency->avg, 150);
    EXPECT_DOUBLE_EQ(u[0].request_latency->min, 100);
    EXPECT_DOUBLE_EQ(u[0].request_latency->max, 200);
    ASSERT_TRUE(u[0].time_to_first_token);
    EXPECT_DOUBLE_EQ(u[0].time_to_first_token->avg, 15);
    EXPECT_EQ(u[1].url_index, 1u);
    EXPECT_EQ(u[1].request_count, 1u);
    EXPECT_EQ(u[1].error_count, 0u);
    EXPECT_DOUBLE_EQ(u[1].request_latency->p50, 400);
    EXPECT_DOUBLE_EQ(u[1].time_to_first_token->p99, 40);
    // The run's totals are unchanged by the breakdown.
    EXPECT_EQ(set.request_count(), 3u);
    EXPECT_EQ(set.error_count(), 1u);
}

TEST(UrlBreakdown, SecondUrlSeedsTheFirstFromTheTotals) {
    // URL 0's figures before URL 1 appeared live in the set's totals; they must carry over.
    metric_set set;
    for (int i = 0; i < 50; ++i)
        add(set, to_url(0, (i + 1) * sec, (10 + i) * ms, (100 + i) * ms, i % 10 != 0));
    add(set, to_url(1, 100 * sec, 1 * ms, 2 * ms));
    add(set, to_url(0, 101 * sec, 70 * ms, 170 * ms));
    metric_set url0_only;
    for (int i = 0; i < 50; ++i)
        add(url0_only, to_url(0, (i + 1) * sec, (10 + i) * ms, (100 + i) * ms, i % 10 != 0));
    add(url0_only, to_url(0, 101 * sec, 70 * ms, 170 * ms));

    const std::vector<url_result> u = set.url_results();
    ASSERT_EQ(u.size(), 2u);
    EXPECT_EQ(u[0].request_count, url0_only.request_count());
    EXPECT_EQ(u[0].error_count, 5u);
    const stats expected = url0_only.find_summary(metric_id::request_latency)->compute(1e6);
    EXPECT_EQ(u[0].request_latency->count, expected.count);
    EXPECT_EQ(u[0].request_latency->p50, expected.p50);
    EXPECT_EQ(u[0].request_latency->p99, expected.p99);
    EXPECT_DOUBLE_EQ(u[0].request_latency->avg, expected.avg);
    EXPECT_EQ(u[1].request_count, 1u);
}

TEST(UrlBreakdown, MergeOfTwoSingleUrlSetsBreaksDown) {
    // Each worker saw one URL only; merged, the run has two.
    metric_set a, b, single;
    for (const request_record& r : two_url_records()) {
        add(r.url_index == 0 ? a : b, r);
        add(single, r);
    }
    EXPECT_TRUE(a.url_results().empty());
    EXPECT_TRUE(b.url_results().empty());
    metric_set merged;
    merged.merge(a);
    EXPECT_TRUE(merged.url_results().empty());
    merged.merge(b);
    const std::vector<url_result> u = merged.url_results();
    const std::vector<url_result> expected = single.url_results();
    ASSERT_EQ(u.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(u[i].url_index, expected[i].url_index);
        EXPECT_EQ(u[i].request_count, expected[i].request_count);
        EXPECT_EQ(u[i].error_count, expected[i].error_count);
        EXPECT_EQ(u[i].request_latency->p50, expected[i].request_latency->p50);
        EXPECT_EQ(u[i].time_to_first_token->p99, expected[i].time_to_first_token->p99);
    }
}

TEST(UrlBreakdown, MergeOfSplitAndSingleUrlSetsInEitherOrder) {
    const std::vector<request_record> records = two_url_records();
    metric_set split, only1;
    for (const request_record& r : records)
        add(split, r);
    add(only1, to_url(1, 9 * sec, 30 * ms, 300 * ms));
    add(only1, to_url(1, 10 * sec, 30 * ms, 300 * ms, false));

    metric_set x;  // split first, then the single-URL set
    x.merge(split);
    x.merge(only1);
    metric_set y;  // the single-URL set first
    y.merge(only1);
    y.merge(split);
    for (const metric_set* m : {&x, &y}) {
        const std::vector<url_result> u = m->url_results();
        ASSERT_EQ(u.size(), 2u);
        EXPECT_EQ(u[0].request_count, 2u);
        EXPECT_EQ(u[0].error_count, 1u);
        EXPECT_EQ(u[1].request_count, 2u);
        EXPECT_EQ(u[1].error_count, 1u);
        EXPECT_DOUBLE_EQ(u[1].request_latency->avg, 350);
    }
}

TEST(UrlBreakdown, MergeOfSetsWithTheSameSingleUrlStaysUnsplit) {
    metric_set a, b;
    add(a, to_url(3, 1 * sec, 1 * ms, 2 * ms));
    add(b, to_url(3, 2 * sec, 1 * ms, 2 * ms));
    a.merge(b);
    a.merge(metric_set());
    EXPECT_TRUE(a.url_results().empty());
    EXPECT_EQ(a.request_count(), 2u);
}

TEST(UrlBreakdown, NonStreamedUrlHasNoTtft) {
    metric_set set;
    request_record r = to_url(0, 1 * sec, 1 * ms, 2 * ms);
    r.streaming = false;
    add(set, r);
    add(set, to_url(1, 2 * sec, 1 * ms, 2 * ms));
    const std::vector<url_result> u = set.url_results();
    ASSERT_EQ(u.size(), 2u);
    EXPECT_FALSE(u[0].time_to_first_token);
    EXPECT_TRUE(u[0].request_latency);
    EXPECT_TRUE(u[1].time_to_first_token);
}

}  // namespace
}  // namespace ringperf::metrics
