// The self-check figures and verdict from a merged metric set, on simulated runs.
#include "ringperf/export/self_check.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "ringperf/base/rng.h"
#include "ringperf/export/summary_report.h"

using namespace ringperf::exporter;
using ringperf::mono_ns;
using ringperf::rng;
using ringperf::wall_clock_map;
using ringperf::metrics::load_mode;
using ringperf::metrics::metric_set;
using ringperf::metrics::request_record;
using ringperf::metrics::self_check_outcome;

namespace {

constexpr mono_ns ms = 1'000'000;
constexpr mono_ns sec = 1'000'000'000;

void add(metric_set& set, const request_record& r) {
    set.add(r, ringperf::metrics::compute_record_values(r), wall_clock_map{});
}

// A request due at `intended`, issued `issue_lag` later on an open connection and written
// 1 us after that, answered 20 ms later.
request_record sent_at(mono_ns intended, mono_ns issue_lag, std::uint32_t url = 0) {
    request_record r;
    r.url_index = url;
    r.t_intended = intended;
    r.t_start = intended + issue_lag;
    r.t_connected = r.t_start;
    r.connection_reused = true;
    r.t_write_start = r.t_start + 1'000;
    r.content_ns = {r.t_start + 20 * ms};
    r.t_end = r.t_start + 20 * ms;
    return r;
}

// A seeded Poisson schedule at `rate_per_s` for `seconds`, split over two workers as the
// engine splits it. The client is late by 2-40 us per request, and stalls for `stall` at
// 1 s: every request due during the stall is issued when it ends.
metric_set simulate(double rate_per_s, double seconds, mono_ns stall) {
    rng g(1234);
    metric_set workers[2];
    double t = 0;
    std::uint64_t i = 0;
    while (true) {
        t += -std::log(1 - g.uniform()) / rate_per_s;
        if (t >= seconds) break;
        const mono_ns intended = sec + static_cast<mono_ns>(t * 1e9);
        mono_ns lag = 2'000 + static_cast<mono_ns>(g.below(38'000));
        const mono_ns stall_from = 2 * sec;
        if (stall > 0 && intended >= stall_from && intended < stall_from + stall)
            lag += stall_from + stall - intended;
        add(workers[i++ % 2], sent_at(intended, lag));
    }
    metric_set merged;
    for (const metric_set& w : workers)
        merged.merge(w);
    return merged;
}

self_check_input rate_input(double rate) {
    self_check_input in;
    in.mode = load_mode::request_rate;
    in.target_rate_per_s = rate;
    return in;
}

TEST(EvaluateSelfCheck, HealthyTenThousandPerSecondPoissonRunKeptUp) {
    const metric_set set = simulate(10'000, 3, 0);
    const self_check_report r = evaluate_self_check(set, rate_input(10'000));
    EXPECT_EQ(r.verdict.outcome, self_check_outcome::kept_up) << r.verdict.reasons.at(0);
    EXPECT_GT(r.figures.sent, 29'000u);
    ASSERT_TRUE(r.figures.schedule_lag);
    EXPECT_LT(r.figures.schedule_lag->p99_ms, 0.05);
    EXPECT_LE(r.figures.schedule_lag->max_ms, 0.041);
    ASSERT_TRUE(r.rate_error_percent && r.rate_error_vs_schedule_percent);
    EXPECT_LT(std::abs(*r.rate_error_percent), 1.5);  // the Poisson draw's own deviation
    EXPECT_LT(std::abs(*r.rate_error_vs_schedule_percent), 0.01);
}

TEST(EvaluateSelfCheck, ClientStalledFiftyMillisecondsFellBehind) {
    const metric_set set = simulate(10'000, 3, 50 * ms);
    const self_check_report r = evaluate_self_check(set, rate_input(10'000));
    EXPECT_EQ(r.verdict.outcome, self_check_outcome::fell_behind);
    ASSERT_TRUE(r.figures.schedule_lag);
    EXPECT_GT(r.figures.schedule_lag->max_ms, 49.9);
    bool max_reason = false;
    for (const auto& reason : r.verdict.reasons)
        max_reason = max_reason || reason.rfind("schedule lag max", 0) == 0;
    EXPECT_TRUE(max_reason);
}

TEST(EvaluateSelfCheck, StallAtALowRateIsCaughtByTheMax) {
    // At 1,000 req/s the stall holds back about 50 requests of 3,000.
    const metric_set set = simulate(1'000, 3, 50 * ms);
    const self_check_report r = evaluate_self_check(set, rate_input(1'000));
    EXPECT_EQ(r.verdict.outcome, self_check_outcome::fell_behind);
}

TEST(EvaluateSelfCheck, FiguresComeFromTheMergedSetAndTheInput) {
    metric_set set;
    add(set, sent_at(1 * sec, 100'000));            // 0.1 ms late
    add(set, sent_at(1 * sec + 10 * ms, 300'000));  // 0.3 ms late
    add(set, sent_at(1 * sec + 20 * ms, 200'000));  // 0.2 ms late
    request_record fresh = sent_at(1 * sec + 30 * ms, 0);
    fresh.connection_reused = false;
    fresh.t_write_start = fresh.t_start + 5 * ms;  // a slow TLS handshake
    add(set, fresh);
    self_check_input in = rate_input(100);
    in.skipped = 0;
    in.queued = 0;
    in.dropped = 7;
    const self_check_report r = evaluate_self_check(set, in);
    EXPECT_EQ(r.figures.mode, load_mode::request_rate);
    EXPECT_EQ(r.figures.sent, 4u);
    EXPECT_EQ(r.dropped, 7u);
    // Sends at 1.000101, 1.010301, 1.020201 and 1.035000 s.
    EXPECT_DOUBLE_EQ(*r.figures.achieved_rate_per_s, 3e9 / (35 * ms - 101'000));
    EXPECT_DOUBLE_EQ(*r.figures.scheduled_rate_per_s, 100.0);
    EXPECT_DOUBLE_EQ(*r.rate_error_percent, (3e9 / (35 * ms - 101'000) - 100) / 100 * 100);
    ASSERT_TRUE(r.figures.schedule_lag && r.send_lag);
    EXPECT_EQ(r.figures.schedule_lag->count, 4u);
    EXPECT_DOUBLE_EQ(r.figures.schedule_lag->max_ms, 0.301);  // the handshake is left out
    EXPECT_DOUBLE_EQ(r.send_lag->max_ms, 5.0);                // but counts in the send lag
    // The handshake delayed the last send by 5 ms of a 30 ms schedule: 14 % short of it.
    EXPECT_EQ(r.verdict.outcome, self_check_outcome::fell_behind);
    ASSERT_EQ(r.verdict.reasons.size(), 1u);
    EXPECT_EQ(r.verdict.reasons[0].rfind("achieved rate 85.96 req/s is 14.04% below", 0), 0u)
        << r.verdict.reasons[0];
}

TEST(EvaluateSelfCheck, EmptyRunIsNotJudged) {
    const self_check_report r = evaluate_self_check(metric_set(), rate_input(5));
    EXPECT_EQ(r.verdict.outcome, self_check_outcome::not_judged);
    EXPECT_FALSE(r.figures.schedule_lag);
    EXPECT_FALSE(r.send_lag);
    EXPECT_FALSE(r.figures.achieved_rate_per_s);
    EXPECT_FALSE(r.rate_error_percent);
}

TEST(EvaluateSelfCheck, ClosedLoopHasNoTarget) {
    metric_set set;
    add(set, sent_at(1 * sec, 0));
    add(set, sent_at(2 * sec, 0));
    self_check_input in;
    const self_check_report r = evaluate_self_check(set, in);
    EXPECT_EQ(r.figures.mode, load_mode::closed_loop);
    EXPECT_FALSE(r.figures.target_rate_per_s);
    EXPECT_FALSE(r.rate_error_percent);
    EXPECT_EQ(r.verdict.outcome, self_check_outcome::kept_up);
}

TEST(SummarizeUrls, NamesEachUrlByItsIndex) {
    metric_set set;
    add(set, sent_at(1 * sec, 0, 0));
    add(set, sent_at(2 * sec, 0, 1));
    add(set, sent_at(3 * sec, 0, 1));
    add(set, sent_at(4 * sec, 0, 2));
    const std::vector<std::string> urls{"http://a:8000", "http://b:8000"};
    const std::vector<url_summary> u = summarize_urls(set, urls);
    ASSERT_EQ(u.size(), 3u);
    EXPECT_EQ(u[0].url, "http://a:8000");
    EXPECT_EQ(u[1].url, "http://b:8000");
    EXPECT_EQ(u[1].request_count, 2u);
    EXPECT_EQ(u[2].url, "");  // not named by the caller
    EXPECT_EQ(u[2].url_index, 2u);
    ASSERT_TRUE(u[0].request_latency);
    EXPECT_DOUBLE_EQ(u[0].request_latency->avg, 20);
}

TEST(AddSelfCheck, FillsBothBlocks) {
    metric_set set;
    add(set, sent_at(1 * sec, 0, 0));
    add(set, sent_at(1 * sec + 500 * ms, 0, 1));
    self_check_input in = rate_input(2);
    in.urls = {"http://a", "http://b"};
    run_summary s;
    add_self_check(s, set, in);
    ASSERT_TRUE(s.self_check);
    EXPECT_EQ(s.self_check->figures.sent, 2u);
    EXPECT_DOUBLE_EQ(*s.self_check->figures.target_rate_per_s, 2);
    ASSERT_EQ(s.per_url.size(), 2u);
    EXPECT_EQ(s.per_url[1].url, "http://b");
}

TEST(AddSelfCheck, SingleUrlRunHasNoPerUrlBlock) {
    metric_set set;
    add(set, sent_at(1 * sec, 0));
    add(set, sent_at(2 * sec, 0));
    self_check_input in;
    in.urls = {"http://only"};
    run_summary s;
    add_self_check(s, set, in);
    EXPECT_TRUE(s.self_check);
    EXPECT_TRUE(s.per_url.empty());
}

}  // namespace
