#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ringperf/base/rng.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr mono_ns ms = 1'000'000;
constexpr mono_ns sec = 1'000'000'000;

void add(metric_set& set, const request_record& r, const wall_clock_map& clock = {}) {
    set.add(r, compute_record_values(r), clock);
}

request_record streamed(mono_ns start, std::vector<mono_ns> offsets, mono_ns end_offset) {
    request_record r;
    r.streaming = true;
    r.t_start = start;
    for (mono_ns o : offsets)
        r.content_ns.push_back(start + o);
    r.first_output_index = 0;
    r.t_end = start + end_offset;
    return r;
}

request_record failed(mono_ns start, mono_ns end, std::int32_t code, std::string type,
                      std::string message) {
    request_record r;
    r.t_start = start;
    r.t_end = end;
    r.error = error_kind::http_status;
    r.error_code = code;
    r.error_type = std::move(type);
    r.error_message = std::move(message);
    return r;
}

const metric_result* find(const std::vector<metric_result>& rs, metric_id id) {
    for (const metric_result& r : rs) {
        if (r.info->id == id) return &r;
    }
    return nullptr;
}

// The row for `id`; a missing row fails the test and reads as an empty row.
const metric_result& get(const std::vector<metric_result>& rs, metric_id id) {
    static const metric_result missing;
    const metric_result* r = find(rs, id);
    if (r == nullptr) {
        ADD_FAILURE() << "no summary row for " << info(id).tag;
        return missing;
    }
    return *r;
}

// Sets the intended time `late` before the start and the write start `write` after it.
request_record& sent(request_record& r, mono_ns late, mono_ns write, bool reused) {
    r.t_intended = r.t_start - late;
    r.t_write_start = r.t_start + write;
    r.connection_reused = reused;
    return r;
}

// Two streamed requests and one failure, small enough to work out by hand:
//   A: start 1.0 s, content at +10/+20/+30 ms, end +31 ms, usage 3 out / 100 in; intended
//      2 ms before its start, opened a connection and wrote at +1 ms.
//   B: start 1.5 s, content at +20/+40 ms, end +50 ms, no usage, 50 input tokens; intended
//      1 ms before its start, on an open connection, wrote at +10 us.
//   C: failed, start 1.2 s, end 1.6 s; on time, on an open connection, wrote at +5 us.
metric_set hand_made_set() {
    metric_set set;
    request_record a = streamed(1 * sec, {10 * ms, 20 * ms, 30 * ms}, 31 * ms);
    a.usage.completion_tokens = 3;
    a.usage.reasoning_tokens = 1;
    a.usage.prompt_tokens = 100;
    sent(a, 2 * ms, 1 * ms, false);
    request_record b = streamed(1 * sec + 500 * ms, {20 * ms, 40 * ms}, 50 * ms);
    b.input_tokens = 50;
    sent(b, 1 * ms, 10'000, true);
    request_record c =
        failed(1 * sec + 200 * ms, 1 * sec + 600 * ms, 500, "Internal Server Error", "x");
    sent(c, 0, 5'000, true);
    add(set, a);
    add(set, b);
    add(set, c);
    return set;
}

TEST(MetricSet, SummarizesHandMadeSetInDisplayUnits) {
    const metric_set set = hand_made_set();
    EXPECT_EQ(set.request_count(), 2u);
    EXPECT_EQ(set.error_count(), 1u);
    EXPECT_EQ(set.osl_estimated_count(), 1u);
    const std::vector<metric_result> rs = set.summarize();

    const metric_result& ttft = get(rs, metric_id::time_to_first_token);
    ASSERT_TRUE(ttft.has_stats);
    EXPECT_EQ(ttft.s.count, 2u);
    EXPECT_DOUBLE_EQ(ttft.s.avg, 15);
    EXPECT_DOUBLE_EQ(ttft.s.min, 10);
    EXPECT_DOUBLE_EQ(ttft.s.max, 20);
    EXPECT_DOUBLE_EQ(ttft.s.std, 5);
    // Midway between 10 ms (its bucket median clamped up to the exact min) and 20 ms's
    // bucket median, 19 996 672 ns.
    EXPECT_DOUBLE_EQ(ttft.s.p50, 14.998336);

    const metric_result& latency = get(rs, metric_id::request_latency);
    EXPECT_DOUBLE_EQ(latency.s.avg, 35);  // to the last content response: 30 and 40 ms
    const metric_result& itl = get(rs, metric_id::inter_token_latency);
    EXPECT_DOUBLE_EQ(itl.s.min, 10);  // (30 - 10) / (3 - 1)
    EXPECT_DOUBLE_EQ(itl.s.max, 20);  // (40 - 20) / (2 - 1)
    const metric_result& per_user = get(rs, metric_id::output_token_throughput_per_user);
    EXPECT_DOUBLE_EQ(per_user.s.avg, 75);  // 100 and 50 tokens/sec/user
    const metric_result& icl = get(rs, metric_id::inter_chunk_latency);
    EXPECT_EQ(icl.s.count, 3u);
    EXPECT_DOUBLE_EQ(icl.s.sum, 40);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::output_sequence_length).s.avg, 2.5);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::input_sequence_length).s.max, 100);

    // Duration runs from A's start (1.0 s) to C's failure (1.6 s).
    EXPECT_DOUBLE_EQ(get(rs, metric_id::benchmark_duration).value, 0.6);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::request_throughput).value, 2 / 0.6);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::output_token_throughput).value, 5 / 0.6);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::request_count).value, 2);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::error_request_count).value, 1);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::total_input_sequence_length).value, 150);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::total_output_sequence_length).value, 5);
    // Only A has a split of its OSL (usage): 2 output and 1 reasoning token.
    EXPECT_EQ(get(rs, metric_id::output_token_count).s.count, 1u);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::output_token_count).s.avg, 2);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::reasoning_token_count).s.avg, 1);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::total_output_tokens).value, 2);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::total_reasoning_tokens).value, 1);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::min_request_timestamp).value, 1e9);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::max_response_timestamp).value, 1.6e9);
    EXPECT_FALSE(get(rs, metric_id::benchmark_duration).has_stats);
}

TEST(MetricSet, SummarizesLatencyFromIntendedAndLagsOfTheHandMadeSet) {
    const std::vector<metric_result> rs = hand_made_set().summarize();
    const metric_result& ttft = get(rs, metric_id::time_to_first_token_from_intended);
    EXPECT_EQ(ttft.s.count, 2u);
    EXPECT_DOUBLE_EQ(ttft.s.min, 12);  // A: 10 ms + 2 ms late
    EXPECT_DOUBLE_EQ(ttft.s.max, 21);  // B: 20 ms + 1 ms late
    EXPECT_DOUBLE_EQ(ttft.s.avg, 16.5);
    const metric_result& latency = get(rs, metric_id::request_latency_from_intended);
    EXPECT_EQ(latency.s.count, 2u);
    EXPECT_DOUBLE_EQ(latency.s.min, 32);
    EXPECT_DOUBLE_EQ(latency.s.max, 41);
    // Send lag counts every sent request, the failed one too: 3 ms, 1.01 ms, 0.005 ms.
    const metric_result& send = get(rs, metric_id::send_lag);
    EXPECT_EQ(send.s.count, 3u);
    EXPECT_DOUBLE_EQ(send.s.max, 3);
    EXPECT_DOUBLE_EQ(send.s.min, 0.005);
    EXPECT_DOUBLE_EQ(send.s.sum, 4.015);
    // Schedule lag leaves out A's connection set-up: 2 ms, 1.01 ms, 0.005 ms.
    const metric_result& schedule = get(rs, metric_id::schedule_lag);
    EXPECT_EQ(schedule.s.count, 3u);
    EXPECT_DOUBLE_EQ(schedule.s.max, 2);
    EXPECT_DOUBLE_EQ(schedule.s.sum, 3.015);
}

TEST(MetricSet, SendAccountingGivesAchievedAndScheduledRates) {
    const metric_set set = hand_made_set();
    const send_accounting& a = set.sends();
    EXPECT_EQ(a.sent, 3u);
    EXPECT_EQ(a.first_write_ns, 1 * sec + 1 * ms);            // A
    EXPECT_EQ(a.last_write_ns, 1 * sec + 500 * ms + 10'000);  // B
    EXPECT_EQ(a.intended, 3u);
    EXPECT_EQ(a.first_intended_ns, 1 * sec - 2 * ms);
    EXPECT_EQ(a.last_intended_ns, 1 * sec + 499 * ms);
    ASSERT_TRUE(a.achieved_rate_per_s());
    EXPECT_DOUBLE_EQ(*a.achieved_rate_per_s(), 2 * 1e9 / (499 * ms + 10'000));
    EXPECT_DOUBLE_EQ(*a.scheduled_rate_per_s(), 2 * 1e9 / (501 * ms));
}

TEST(MetricSet, RatesNeedTwoSends) {
    metric_set set;
    request_record r = streamed(1 * sec, {1 * ms}, 2 * ms);
    add(set, sent(r, 0, 1'000, true));
    EXPECT_EQ(set.sends().sent, 1u);
    EXPECT_FALSE(set.sends().achieved_rate_per_s());
    EXPECT_FALSE(set.sends().scheduled_rate_per_s());
    request_record unsent = failed(2 * sec, 3 * sec, 0, "ConnectError", "refused");
    unsent.t_intended = 2 * sec;  // issued, but the connect failed: never written
    add(set, unsent);
    EXPECT_EQ(set.sends().sent, 1u);
    EXPECT_EQ(set.find_summary(metric_id::schedule_lag)->count(), 2u);
    EXPECT_EQ(set.find_summary(metric_id::send_lag)->count(), 1u);
}

TEST(MetricSet, SummaryFollowsCatalogueOrder) {
    const std::vector<metric_result> rs = hand_made_set().summarize();
    std::vector<metric_id> ids;
    for (const metric_result& r : rs)
        ids.push_back(r.info->id);
    // The catalogue's order (catalogue_test pins it row by row), over the rows this set has:
    // every original row, and none of those needing options the set was not built with.
    const auto order = catalogue_order();
    std::vector<metric_id> expected;
    for (metric_id id : order) {
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) expected.push_back(id);
    }
    EXPECT_EQ(ids, expected);
    for (std::size_t i = 0; i <= static_cast<std::size_t>(metric_id::total_reasoning_tokens); ++i) {
        const auto id = static_cast<metric_id>(i);
        if (is_record_metric(id) && id > metric_id::schedule_lag) continue;
        EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << info(id).tag;
    }
    for (metric_id absent : {metric_id::goodput, metric_id::http_req_waiting,
                             metric_id::network_rtt, metric_id::replay_sched_lag_p50})
        EXPECT_EQ(std::find(ids.begin(), ids.end(), absent), ids.end()) << info(absent).tag;
}

TEST(MetricSet, NonStreamedRunShowsOnlyWhatApplies) {
    metric_set set;
    request_record r;
    r.t_start = 2 * sec;
    r.content_ns = {2 * sec + 80 * ms};
    r.t_end = 2 * sec + 80 * ms;
    add(set, r);
    const std::vector<metric_result> rs = set.summarize();
    EXPECT_EQ(find(rs, metric_id::time_to_first_token), nullptr);
    EXPECT_EQ(find(rs, metric_id::output_sequence_length), nullptr);
    EXPECT_EQ(find(rs, metric_id::output_token_throughput), nullptr);
    EXPECT_EQ(find(rs, metric_id::error_request_count), nullptr);
    EXPECT_EQ(find(rs, metric_id::total_output_sequence_length), nullptr);
    ASSERT_NE(find(rs, metric_id::request_latency), nullptr);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::request_latency).s.max, 80);
    EXPECT_DOUBLE_EQ(get(rs, metric_id::request_throughput).value, 1 / 0.08);
    EXPECT_EQ(set.find_summary(metric_id::time_to_first_token), nullptr);
    EXPECT_EQ(set.find_summary(metric_id::request_count), nullptr);
    ASSERT_NE(set.find_summary(metric_id::request_latency), nullptr);
}

TEST(MetricSet, EmptySetReportsOnlyAZeroRequestCount) {
    const std::vector<metric_result> rs = metric_set().summarize();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].info->id, metric_id::request_count);
    EXPECT_EQ(rs[0].value, 0);
}

TEST(MetricSet, WarmupRecordsAreIgnored) {
    metric_set set;
    request_record r = streamed(1 * sec, {5 * ms}, 6 * ms);
    r.phase = benchmark_phase::warmup;
    add(set, r);
    request_record f = failed(1 * sec, 2 * sec, 500, "x", "y");
    f.phase = benchmark_phase::warmup;
    add(set, f);
    EXPECT_EQ(set.request_count(), 0u);
    EXPECT_EQ(set.error_count(), 0u);
    EXPECT_FALSE(set.min_request_timestamp_ns());
    EXPECT_EQ(set.summarize().size(), 1u);
}

TEST(MetricSet, TimestampsAreMappedToTheWallClock) {
    const wall_clock_map clock = wall_clock_map::capture();
    metric_set set;
    add(set, streamed(3 * sec, {1 * ms}, 2 * ms), clock);
    add(set, failed(3 * sec + 1, 4 * sec, 408, "Request Timeout", "t"), clock);
    ASSERT_TRUE(set.min_request_timestamp_ns());
    EXPECT_EQ(*set.min_request_timestamp_ns(), clock.to_wall(3 * sec));
    EXPECT_EQ(*set.max_response_timestamp_ns(), clock.to_wall(4 * sec));
}

TEST(MetricSet, FailuresAreGroupedByCodeTypeAndMessage) {
    metric_set set;
    add(set, failed(1, 2, 500, "Internal Server Error", "boom"));
    add(set, failed(1, 2, 500, "Internal Server Error", "boom"));
    add(set, failed(1, 2, 500, "Internal Server Error", "bang"));
    request_record timeout = failed(1, 2, 408, "RequestTimeout", "idle");
    timeout.error = error_kind::timeout_idle;
    add(set, timeout);
    add(set, timeout);
    add(set, timeout);
    EXPECT_EQ(set.error_count(), 6u);
    EXPECT_EQ(set.request_count(), 0u);
    const std::vector<error_summary_entry> e = set.error_summary();
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].code, 408);
    EXPECT_EQ(e[0].count, 3u);
    EXPECT_EQ(e[0].kind, error_kind::timeout_idle);
    EXPECT_EQ(e[1].message, "boom");
    EXPECT_EQ(e[1].count, 2u);
    EXPECT_EQ(e[2].message, "bang");
    EXPECT_EQ(e[2].type, "Internal Server Error");
    EXPECT_EQ(e[2].kind, error_kind::http_status);
}

TEST(MetricSet, DistinctErrorMessagesAreBounded) {
    metric_set set;
    for (int i = 0; i < 100; ++i)
        add(set, failed(1, 2, 500, "X", "id " + std::to_string(i)));
    add(set, failed(1, 2, 503, "Y", "busy"));
    for (int code = 1; code <= 17; ++code)
        add(set, failed(1, 2, code, "Z", "m"));
    const std::vector<error_summary_entry> e = set.error_summary();
    // 64 exact groups, 16 per-(code, type) folds (500/X, 503/Y, codes 1..14), one catch-all.
    ASSERT_EQ(e.size(), 81u);
    EXPECT_EQ(e[0].code, 500);
    EXPECT_EQ(e[0].message, "(other messages)");
    EXPECT_EQ(e[0].count, 36u);
    std::uint64_t total = 0;
    std::uint64_t catch_all = 0;
    for (const error_summary_entry& g : e) {
        total += g.count;
        if (g.message == "(other errors)") catch_all = g.count;
    }
    EXPECT_EQ(total, 118u);
    EXPECT_EQ(catch_all, 3u);  // codes 15, 16, 17
}

request_record random_record(rng& g, std::uint64_t i) {
    request_record r;
    r.index = i;
    r.phase = g.below(10) == 0 ? benchmark_phase::warmup : benchmark_phase::profiling;
    r.streaming = g.below(4) != 0;
    r.t_start = sec + static_cast<mono_ns>(i) * ms + static_cast<mono_ns>(g.below(ms));
    mono_ns t = r.t_start + 50'000 + static_cast<mono_ns>(g.below(200 * ms));
    const auto n = static_cast<std::size_t>(g.below(r.streaming ? 20 : 2));
    for (std::size_t k = 0; k < n; ++k) {
        r.content_ns.push_back(t);
        t += static_cast<mono_ns>(g.below(30 * ms));
    }
    r.first_output_index = n ? static_cast<std::int32_t>(g.below(n)) : -1;
    r.t_end = t + 1000;
    if (g.below(3) == 0) r.usage.completion_tokens = static_cast<std::int64_t>(g.below(2000));
    if (g.below(2) == 0) {
        r.usage.prompt_tokens = static_cast<std::int64_t>(g.below(4000));
    } else {
        r.input_tokens = static_cast<std::int64_t>(g.below(4000));
    }
    r.url_index = static_cast<std::uint32_t>(g.below(3));
    r.t_intended = r.t_start - static_cast<mono_ns>(g.below(2 * ms));
    r.connection_reused = g.below(5) != 0;
    if (g.below(20) != 0) r.t_write_start = r.t_start + static_cast<mono_ns>(g.below(300'000));
    if (g.below(8) == 0) {
        r.error = g.below(2) ? error_kind::http_status : error_kind::timeout_total;
        r.error_code = 500 + static_cast<std::int32_t>(g.below(3));
        r.error_type = "T" + std::to_string(r.error_code);
        r.error_message = "failure " + std::to_string(g.below(4));
    }
    return r;
}

void expect_rel(double a, double b, double rel) {
    EXPECT_NEAR(a, b, std::abs(b) * rel + 1e-300);
}

void expect_same_stats(const stats& a, const stats& b) {
    EXPECT_EQ(a.count, b.count);
    EXPECT_EQ(a.min, b.min);
    EXPECT_EQ(a.max, b.max);
    expect_rel(a.avg, b.avg, 1e-12);
    expect_rel(a.sum, b.sum, 1e-12);
    expect_rel(a.std, b.std, 1e-9);
    for (auto p : {&stats::p1, &stats::p5, &stats::p10, &stats::p25, &stats::p50, &stats::p75,
                   &stats::p90, &stats::p95, &stats::p99}) {
        EXPECT_EQ(a.*p, b.*p);
    }
}

void expect_same_sends(const send_accounting& a, const send_accounting& b) {
    EXPECT_EQ(a.sent, b.sent);
    EXPECT_EQ(a.first_write_ns, b.first_write_ns);
    EXPECT_EQ(a.last_write_ns, b.last_write_ns);
    EXPECT_EQ(a.intended, b.intended);
    EXPECT_EQ(a.first_intended_ns, b.first_intended_ns);
    EXPECT_EQ(a.last_intended_ns, b.last_intended_ns);
}

void expect_same_urls(const std::vector<url_result>& a, const std::vector<url_result>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        SCOPED_TRACE("url " + std::to_string(b[i].url_index));
        EXPECT_EQ(a[i].url_index, b[i].url_index);
        EXPECT_EQ(a[i].request_count, b[i].request_count);
        EXPECT_EQ(a[i].error_count, b[i].error_count);
        ASSERT_EQ(a[i].request_latency.has_value(), b[i].request_latency.has_value());
        if (b[i].request_latency) expect_same_stats(*a[i].request_latency, *b[i].request_latency);
        ASSERT_EQ(a[i].time_to_first_token.has_value(), b[i].time_to_first_token.has_value());
        if (b[i].time_to_first_token)
            expect_same_stats(*a[i].time_to_first_token, *b[i].time_to_first_token);
    }
}

void expect_same_summary(const metric_set& merged, const metric_set& single) {
    const std::vector<metric_result> m = merged.summarize();
    const std::vector<metric_result> s = single.summarize();
    ASSERT_EQ(m.size(), s.size());
    for (std::size_t i = 0; i < m.size(); ++i) {
        SCOPED_TRACE(s[i].info->tag);
        ASSERT_EQ(m[i].info, s[i].info);
        ASSERT_EQ(m[i].has_stats, s[i].has_stats);
        expect_rel(m[i].value, s[i].value, 1e-12);
        expect_same_stats(m[i].s, s[i].s);
    }
    const std::vector<error_summary_entry> em = merged.error_summary();
    const std::vector<error_summary_entry> es = single.error_summary();
    ASSERT_EQ(em.size(), es.size());
    for (std::size_t i = 0; i < em.size(); ++i) {
        EXPECT_EQ(em[i].code, es[i].code);
        EXPECT_EQ(em[i].type, es[i].type);
        EXPECT_EQ(em[i].message, es[i].message);
        EXPECT_EQ(em[i].kind, es[i].kind);
        EXPECT_EQ(em[i].count, es[i].count);
    }
    EXPECT_EQ(merged.request_count(), single.request_count());
    EXPECT_EQ(merged.error_count(), single.error_count());
    EXPECT_EQ(merged.osl_estimated_count(), single.osl_estimated_count());
    EXPECT_EQ(merged.min_request_timestamp_ns(), single.min_request_timestamp_ns());
    EXPECT_EQ(merged.max_response_timestamp_ns(), single.max_response_timestamp_ns());
    expect_same_sends(merged.sends(), single.sends());
    expect_same_urls(merged.url_results(), single.url_results());
}

void check_merge_of(std::size_t parts) {
    rng g(20240611);
    metric_set single;
    std::vector<metric_set> sets(parts);
    for (std::uint64_t i = 0; i < 3000; ++i) {
        const request_record r = random_record(g, i);
        add(single, r);
        add(sets[i % parts], r);
    }
    ASSERT_GT(single.error_count(), 0u);
    metric_set merged;
    for (const metric_set& s : sets)
        merged.merge(s);
    expect_same_summary(merged, single);
}

TEST(MetricSet, MergeOfTwoSetsEqualsOneSetOverAllRecords) {
    check_merge_of(2);
}

TEST(MetricSet, MergedSetsAgreeWithOneSetOnSendsAndUrls) {
    rng g(77);
    metric_set single;
    std::vector<metric_set> sets(3);
    for (std::uint64_t i = 0; i < 600; ++i) {
        const request_record r = random_record(g, i);
        add(single, r);
        add(sets[i % 3], r);
    }
    ASSERT_EQ(single.url_results().size(), 3u);
    ASSERT_GT(single.sends().sent, 0u);
    metric_set merged;
    for (const metric_set& s : sets)
        merged.merge(s);
    expect_same_sends(merged.sends(), single.sends());
    expect_same_urls(merged.url_results(), single.url_results());
}

TEST(MetricSet, MergeOfFourSetsEqualsOneSetOverAllRecords) {
    check_merge_of(4);
}

TEST(MetricSet, MovedSetKeepsItsContents) {
    metric_set a = hand_made_set();
    metric_set b(std::move(a));
    EXPECT_EQ(b.request_count(), 2u);
    metric_set c;
    c = std::move(b);
    EXPECT_EQ(c.error_count(), 1u);
    EXPECT_EQ(c.out_of_range_count(), 0u);
}

TEST(MetricSet, OutOfRangeValuesAreCounted) {
    metric_set set;
    request_record r;
    r.t_start = 1;
    r.content_ns = {1 + 100'000 * sec};  // beyond the 1-day histogram range
    r.t_end = r.content_ns[0];
    add(set, r);
    EXPECT_EQ(set.out_of_range_count(), 1u);
    EXPECT_DOUBLE_EQ(get(set.summarize(), metric_id::request_latency).s.max, 1e8);  // ms, exact
}

}  // namespace
}  // namespace ringperf::metrics
