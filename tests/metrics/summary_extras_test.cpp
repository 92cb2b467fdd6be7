// The summary rows of the catalogue's further metrics, worked out by hand.
#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr mono_ns ms = 1'000'000;
constexpr mono_ns sec = 1'000'000'000;

request_record streamed(mono_ns start, std::initializer_list<mono_ns> offsets, mono_ns end) {
    request_record r;
    r.streaming = true;
    r.t_start = start;
    for (mono_ns o : offsets)
        r.content_ns.push_back(start + o);
    r.first_output_index = 0;
    r.t_end = start + end;
    return r;
}

const metric_result* find(const std::vector<metric_result>& rs, metric_id id) {
    for (const auto& r : rs) {
        if (r.info->id == id) return &r;
    }
    return nullptr;
}

double value_of(const std::vector<metric_result>& rs, metric_id id) {
    const metric_result* r = find(rs, id);
    if (r == nullptr) {
        ADD_FAILURE() << "no row for " << info(id).tag;
        return -1;
    }
    return r->value;
}

// Two records over 1 s .. 2 s, counted with a tokenizer:
//   A: ISL 100 (usage 100, cached 80), OSL 20 (usage 20), asked for 20
//   B: ISL 50 (usage 60, cached 0), OSL 10 (usage 10), asked for 100 (-90 %: mismatch)
std::vector<metric_result> two_record_summary(const metric_options& o) {
    metric_set set(o);
    request_record a = streamed(1 * sec, {100 * ms, 200 * ms}, 210 * ms);
    a.input_tokens = 100;
    a.counted.output = 20;
    a.usage.prompt_tokens = 100;
    a.usage.completion_tokens = 20;
    a.usage.prompt_cache_read_tokens = 80;
    a.requested_output_tokens = 20;
    request_record b = streamed(1 * sec + 500 * ms, {100 * ms, 500 * ms}, 500 * ms);
    b.input_tokens = 50;
    b.counted.output = 10;
    b.usage.prompt_tokens = 60;  // 20 % above the client's 50: a discrepancy
    b.usage.completion_tokens = 10;
    b.usage.prompt_cache_read_tokens = 0;
    b.requested_output_tokens = 100;
    for (const request_record* r : {&a, &b})
        set.add(*r, compute_record_values(*r, token_source::tokenizer, o), wall_clock_map{});
    return set.summarize();
}

TEST(SummaryExtras, UsageTotalsCachePercentAndDiscrepancies) {
    const auto rs = two_record_summary(metric_options{});
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::total_usage_prompt_tokens), 160);
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::total_usage_completion_tokens), 30);
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::total_usage_prompt_cache_read_tokens), 80);
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::overall_usage_prompt_cache_read_pct), 50);  // 80/160
    EXPECT_FALSE(find(rs, metric_id::total_usage_reasoning_tokens));
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::usage_discrepancy_count), 1);
    const metric_result* diff = find(rs, metric_id::usage_prompt_tokens_diff_pct);
    ASSERT_TRUE(diff);
    EXPECT_EQ(diff->s.count, 2u);
    EXPECT_DOUBLE_EQ(diff->s.avg, 10);  // (0 + 20) / 2
    EXPECT_DOUBLE_EQ(diff->s.max, 20);
}

TEST(SummaryExtras, OslMismatchCountAndNegativePercentiles) {
    const auto rs = two_record_summary(metric_options{});
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::osl_mismatch_count), 1);
    const metric_result* pct = find(rs, metric_id::osl_mismatch_diff_pct);
    ASSERT_TRUE(pct);
    EXPECT_DOUBLE_EQ(pct->s.min, -90);
    EXPECT_DOUBLE_EQ(pct->s.max, 0);
    EXPECT_NEAR(pct->s.p50, -45, 0.05);  // halfway between -90 and 0, histogram-rounded
    EXPECT_NEAR(pct->s.p1, -89.1, 0.05);
}

TEST(SummaryExtras, TotalTokenThroughputOverTheRun) {
    const auto rs = two_record_summary(metric_options{});
    // (ISL 150 + OSL 30) over 1 s .. 2 s.
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::benchmark_duration), 1.0);
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::total_token_throughput), 180);
}

TEST(SummaryExtras, NetworkRttRowAndAdjustedDistributions) {
    metric_options o;
    o.network_rtt_ns = 40 * ms;
    const auto rs = two_record_summary(o);
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::network_rtt), 40);  // ms
    const metric_result* lat = find(rs, metric_id::network_adjusted_request_latency);
    ASSERT_TRUE(lat);
    EXPECT_DOUBLE_EQ(lat->s.avg, (160 + 460) / 2.0);  // latencies 200 and 500 ms, less 40
    const metric_result* ttft = find(rs, metric_id::network_adjusted_time_to_first_token);
    ASSERT_TRUE(ttft);
    EXPECT_DOUBLE_EQ(ttft->s.avg, 60);
    EXPECT_FALSE(find(two_record_summary(metric_options{}), metric_id::network_rtt));
}

TEST(SummaryExtras, HttpTraceRowsOnlyWhenAsked) {
    metric_options o;
    o.http_trace = true;
    metric_set set(o);
    request_record r = streamed(1 * sec, {30 * ms}, 40 * ms);
    r.connection_reused = true;
    r.t_connected = r.t_start;
    r.t_write_start = r.t_start + 1 * ms;
    r.t_write_end = r.t_start + 2 * ms;
    r.t_first_byte = r.t_start + 25 * ms;
    r.bytes_received = 4096;
    set.add(r, compute_record_values(r, token_source::estimate, o), wall_clock_map{});
    const auto rs = set.summarize();
    ASSERT_TRUE(find(rs, metric_id::http_req_waiting));
    EXPECT_DOUBLE_EQ(find(rs, metric_id::http_req_waiting)->s.avg, 23);  // ms
    EXPECT_DOUBLE_EQ(find(rs, metric_id::http_req_duration)->s.avg, 39);
    EXPECT_DOUBLE_EQ(find(rs, metric_id::http_req_connection_reused)->s.avg, 1);
    EXPECT_DOUBLE_EQ(find(rs, metric_id::http_req_data_received)->s.avg, 4096);
    EXPECT_FALSE(find(two_record_summary(metric_options{}), metric_id::http_req_waiting));
}

// Schedule lags 1, 2, 3, ... 100 ms (fixed schedule): relative to the least late (1 ms),
// p50 = 49.5 ms, p90 = 89.1 ms, p99 = 98.01 ms; not degraded.
TEST(SummaryExtras, ReplayLagRelativeToTheLeastLateRequest) {
    metric_options o;
    o.fixed_schedule = true;
    metric_set set(o);
    for (int i = 1; i <= 100; ++i) {
        request_record r = streamed(10 * sec, {10 * ms}, 20 * ms);
        r.t_intended = r.t_start - i * ms;
        set.add(r, compute_record_values(r, token_source::estimate, o), wall_clock_map{});
    }
    auto rs = set.summarize();
    EXPECT_NEAR(value_of(rs, metric_id::replay_sched_lag_p50), 49.5, 0.05);
    EXPECT_NEAR(value_of(rs, metric_id::replay_sched_lag_p90), 89.1, 0.1);
    EXPECT_NEAR(value_of(rs, metric_id::replay_sched_lag_p99), 98.01, 0.1);
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::replay_sched_degraded), 0);

    request_record late = streamed(10 * sec, {10 * ms}, 20 * ms);
    late.t_intended = late.t_start - 2 * sec;
    for (int i = 0; i < 5; ++i)
        set.add(late, compute_record_values(late, token_source::estimate, o), wall_clock_map{});
    rs = set.summarize();
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::replay_sched_degraded), 1);

    metric_set closed;
    closed.add(late, compute_record_values(late), wall_clock_map{});
    EXPECT_FALSE(find(closed.summarize(), metric_id::replay_sched_lag_p50));
}

TEST(SummaryExtras, MergeAdoptsTheWorkersOptionsAndSumsCounters) {
    metric_options o;
    o.goodput.push_back({metric_id::request_latency, 1e12});
    metric_set worker(o);
    request_record r = streamed(1 * sec, {10 * ms}, 20 * ms);
    r.usage.prompt_tokens = 7;
    worker.add(r, compute_record_values(r, token_source::estimate, o), wall_clock_map{});
    metric_set merged;
    merged.merge(worker);
    merged.merge(worker);
    EXPECT_EQ(merged.options().goodput.size(), 1u);
    const auto rs = merged.summarize();
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::good_request_count), 2);
    EXPECT_DOUBLE_EQ(value_of(rs, metric_id::total_usage_prompt_tokens), 14);
}

}  // namespace
}  // namespace ringperf::metrics
