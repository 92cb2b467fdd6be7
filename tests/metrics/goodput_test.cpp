#include "ringperf/metrics/goodput.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace ringperf::metrics {
namespace {

constexpr mono_ns ms = 1'000'000;
constexpr mono_ns sec = 1'000'000'000;

TEST(ParseGoodput, ConvertsDisplayUnitsToBaseUnits) {
    auto slos = parse_goodput(
        "request_latency:250  inter_token_latency:10.5,"
        "output_token_throughput_per_user:600");
    ASSERT_TRUE(slos) << slos.message();
    ASSERT_EQ(slos->size(), 3u);
    EXPECT_EQ((*slos)[0].id, metric_id::request_latency);
    EXPECT_DOUBLE_EQ((*slos)[0].threshold, 250e6);  // ms -> ns
    EXPECT_EQ((*slos)[1].id, metric_id::inter_token_latency);
    EXPECT_DOUBLE_EQ((*slos)[1].threshold, 10.5e6);
    EXPECT_EQ((*slos)[2].id, metric_id::output_token_throughput_per_user);
    EXPECT_DOUBLE_EQ((*slos)[2].threshold, 600);
    EXPECT_TRUE(parse_goodput("  ")->empty());
}

TEST(ParseGoodput, UnknownTagIsNamedWithTheValidTags) {
    auto slos = parse_goodput("request_latency:250 time_to_frist_token:5");
    ASSERT_FALSE(slos);
    EXPECT_NE(slos.message().find("unknown goodput metric 'time_to_frist_token'"),
              std::string::npos);
    EXPECT_NE(slos.message().find("valid tags: time_to_first_token, "), std::string::npos);
}

TEST(ParseGoodput, RejectsMetricsWithoutOneValuePerRequest) {
    for (const char* text : {"request_throughput:5", "inter_chunk_latency:3", "error_isl:10"}) {
        auto slos = parse_goodput(text);
        ASSERT_FALSE(slos) << text;
        EXPECT_NE(slos.message().find("is not a per-request metric"), std::string::npos) << text;
    }
    EXPECT_EQ(goodput_tags().find("inter_chunk_latency"), std::string::npos);
    EXPECT_EQ(goodput_tags().find("request_throughput"), std::string::npos);
}

TEST(ParseGoodput, RejectsBadItems) {
    EXPECT_NE(parse_goodput("request_latency").message().find("is not tag:value"),
              std::string::npos);
    EXPECT_NE(parse_goodput("request_latency:fast").message().find("not a number: 'fast'"),
              std::string::npos);
}

TEST(IsGood, LargerIsBetterPassesAtOrAboveOthersAtOrBelow) {
    record_values v;
    v.request_latency_ns = 250 * ms;
    v.output_token_throughput_per_user = 600;
    const auto slos = parse_goodput("request_latency:250 output_token_throughput_per_user:600");
    EXPECT_TRUE(is_good(v, *slos));  // both exactly at the threshold
    v.request_latency_ns = 250 * ms + 1;
    EXPECT_FALSE(is_good(v, *slos));
    v.request_latency_ns = 100 * ms;
    v.output_token_throughput_per_user = 599.9;
    EXPECT_FALSE(is_good(v, *slos));
    v.output_token_throughput_per_user.reset();  // a missing metric is never good
    EXPECT_FALSE(is_good(v, *parse_goodput("output_token_throughput_per_user:1")));
}

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

// Three streamed records and one failure over exactly 2 s:
//   A: TTFT 100 ms, latency 300 ms   -> good (TTFT <= 150, latency <= 400)
//   B: TTFT 200 ms, latency 350 ms   -> TTFT fails
//   C: TTFT 120 ms, latency 500 ms   -> latency fails
//   D: failed                        -> never good
TEST(MetricSetGoodput, CountsGoodRequestsAndDerivesGoodputAndFraction) {
    metric_options o;
    o.goodput = *parse_goodput("time_to_first_token:150 request_latency:400");
    metric_set set(o);
    const wall_clock_map clock{};
    auto add = [&](const request_record& r) {
        set.add(r, compute_record_values(r, token_source::estimate, o), clock);
    };
    add(streamed(1 * sec, {100 * ms, 300 * ms}, 310 * ms));
    add(streamed(1 * sec, {200 * ms, 350 * ms}, 360 * ms));
    add(streamed(1 * sec, {120 * ms, 500 * ms}, 510 * ms));
    request_record d;
    d.t_start = 1 * sec;
    d.t_end = 3 * sec;  // the run spans 1 s .. 3 s
    d.error = error_kind::http_status;
    d.error_code = 500;
    d.input_tokens = 70;
    add(d);
    const auto rs = set.summarize();
    ASSERT_TRUE(find(rs, metric_id::good_request_count));
    EXPECT_DOUBLE_EQ(find(rs, metric_id::good_request_count)->value, 1);
    ASSERT_TRUE(find(rs, metric_id::goodput));
    EXPECT_DOUBLE_EQ(find(rs, metric_id::goodput)->value, 0.5);  // 1 good / 2 s
    ASSERT_TRUE(find(rs, metric_id::good_request_fraction));
    EXPECT_DOUBLE_EQ(find(rs, metric_id::good_request_fraction)->value, 0.25);  // 1 / (3 + 1)
    ASSERT_TRUE(find(rs, metric_id::total_error_isl));
    EXPECT_DOUBLE_EQ(find(rs, metric_id::total_error_isl)->value, 70);
    ASSERT_TRUE(find(rs, metric_id::error_isl));
    EXPECT_EQ(find(rs, metric_id::error_isl)->s.count, 1u);
    EXPECT_DOUBLE_EQ(find(rs, metric_id::error_isl)->s.avg, 70);
}

TEST(MetricSetGoodput, NoGoodputRowsWithoutSlos) {
    metric_set set;
    set.add(streamed(1 * sec, {100 * ms}, 200 * ms),
            compute_record_values(streamed(1 * sec, {100 * ms}, 200 * ms)), wall_clock_map{});
    const auto rs = set.summarize();
    EXPECT_FALSE(find(rs, metric_id::goodput));
    EXPECT_FALSE(find(rs, metric_id::good_request_count));
    EXPECT_FALSE(find(rs, metric_id::good_request_fraction));
}

const char* no_env(const char*) {
    return nullptr;
}
const char* osl_env(const char* name) {
    if (std::strcmp(name, "AIPERF_METRICS_OSL_MISMATCH_PCT_THRESHOLD") == 0) return "2.5";
    if (std::strcmp(name, "AIPERF_METRICS_OSL_MISMATCH_MAX_TOKEN_THRESHOLD") == 0) return "20";
    return nullptr;
}
const char* bad_env(const char* name) {
    if (std::strcmp(name, "AIPERF_METRICS_OSL_MISMATCH_PCT_THRESHOLD") == 0) return "five";
    return nullptr;
}

TEST(OslMismatchThresholds, DefaultsAndEnvironmentOverrides) {
    auto d = osl_mismatch_thresholds_from_env(no_env);
    ASSERT_TRUE(d);
    EXPECT_DOUBLE_EQ(d->pct, 5);
    EXPECT_DOUBLE_EQ(d->max_tokens, 50);
    auto e = osl_mismatch_thresholds_from_env(osl_env);
    ASSERT_TRUE(e);
    EXPECT_DOUBLE_EQ(e->pct, 2.5);
    EXPECT_DOUBLE_EQ(e->max_tokens, 20);
    auto bad = osl_mismatch_thresholds_from_env(bad_env);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.message().find("AIPERF_METRICS_OSL_MISMATCH_PCT_THRESHOLD"), std::string::npos);
    EXPECT_NE(bad.message().find("'five'"), std::string::npos);
}

TEST(MakeMetricOptions, PrefixesGoodputErrorsWithTheFlag) {
    auto o = make_metric_options("nope:1", std::nullopt, false, no_env);
    ASSERT_FALSE(o);
    EXPECT_EQ(o.message().rfind("--goodput: unknown goodput metric 'nope'", 0), 0u);
    auto ok = make_metric_options("request_latency:1", 2.5, true, no_env);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->network_rtt_ns, 2'500'000);
    EXPECT_TRUE(ok->http_trace);
    EXPECT_EQ(ok->goodput.size(), 1u);
}

}  // namespace
}  // namespace ringperf::metrics
