// metric_set::save_state / load_state: a loaded set is the saved one, for summaries,
// merges, error groups, per-URL figures and further saves.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ringperf/base/rng.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr mono_ns ms = 1'000'000;
constexpr mono_ns sec = 1'000'000'000;

request_record streamed(rng& g, mono_ns start, std::uint32_t url) {
    request_record r;
    r.streaming = true;
    r.url_index = url;
    r.t_intended = start - static_cast<mono_ns>(g.next() % (2 * ms));
    r.t_start = start;
    r.t_write_start = start + 10'000;
    mono_ns t = start + 5 * ms + static_cast<mono_ns>(g.next() % (50 * ms));
    const int chunks = 1 + static_cast<int>(g.next() % 20);
    for (int i = 0; i < chunks; ++i) {
        r.content_ns.push_back(t);
        t += static_cast<mono_ns>(g.next() % (8 * ms));
    }
    r.first_output_index = 0;
    r.t_end = t + 1000;
    r.input_tokens = 100 + static_cast<std::int64_t>(g.next() % 50);
    if (g.next() % 2) r.usage.completion_tokens = chunks + 2;
    return r;
}

request_record failure(rng& g, mono_ns start, int i) {
    request_record r;
    r.t_start = start;
    r.t_write_start = start + 5000;
    r.t_end = start + static_cast<mono_ns>(g.next() % (100 * ms));
    r.error = i % 3 ? error_kind::http_status : error_kind::timeout_total;
    r.error_code = i % 3 ? 500 + i % 4 : 408;
    r.error_type = "Server Error";
    // Distinct messages: past 64 groups they fold, which the state must keep.
    r.error_message = "request " + std::to_string(i) + " failed";
    return r;
}

// Records from two URLs with failures; `n` records starting at `first`.
std::vector<request_record> records(std::uint64_t seed, int n) {
    rng g(seed);
    std::vector<request_record> out;
    for (int i = 0; i < n; ++i) {
        const mono_ns start = sec + static_cast<mono_ns>(i) * 3 * ms;
        out.push_back(i % 7 == 3 ? failure(g, start, i) : streamed(g, start, i % 5 == 0 ? 1 : 0));
    }
    return out;
}

void add_all(metric_set& set, const std::vector<request_record>& rs) {
    const wall_clock_map clock{};
    for (const auto& r : rs)
        set.add(r, r.ok() ? compute_record_values(r) : record_values{}, clock);
}

void expect_same_results(const metric_set& a, const metric_set& b) {
    const auto ra = a.summarize(), rb = b.summarize();
    ASSERT_EQ(ra.size(), rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
        SCOPED_TRACE(ra[i].info->tag);
        EXPECT_EQ(ra[i].info, rb[i].info);
        EXPECT_EQ(ra[i].value, rb[i].value);
        EXPECT_EQ(ra[i].s.count, rb[i].s.count);
        EXPECT_EQ(ra[i].s.avg, rb[i].s.avg);
        EXPECT_EQ(ra[i].s.min, rb[i].s.min);
        EXPECT_EQ(ra[i].s.max, rb[i].s.max);
        EXPECT_EQ(ra[i].s.std, rb[i].s.std);
        EXPECT_EQ(ra[i].s.sum, rb[i].s.sum);
        EXPECT_EQ(ra[i].s.p1, rb[i].s.p1);
        EXPECT_EQ(ra[i].s.p50, rb[i].s.p50);
        EXPECT_EQ(ra[i].s.p99, rb[i].s.p99);
    }
    const auto ea = a.error_summary(), eb = b.error_summary();
    ASSERT_EQ(ea.size(), eb.size());
    for (std::size_t i = 0; i < ea.size(); ++i) {
        EXPECT_EQ(ea[i].code, eb[i].code);
        EXPECT_EQ(ea[i].message, eb[i].message);
        EXPECT_EQ(ea[i].kind, eb[i].kind);
        EXPECT_EQ(ea[i].count, eb[i].count);
    }
    const auto ua = a.url_results(), ub = b.url_results();
    ASSERT_EQ(ua.size(), ub.size());
    for (std::size_t i = 0; i < ua.size(); ++i) {
        EXPECT_EQ(ua[i].request_count, ub[i].request_count);
        EXPECT_EQ(ua[i].error_count, ub[i].error_count);
        ASSERT_EQ(ua[i].request_latency.has_value(), ub[i].request_latency.has_value());
        if (ua[i].request_latency) {
            EXPECT_EQ(ua[i].request_latency->p50, ub[i].request_latency->p50);
        }
    }
    EXPECT_EQ(a.sends().sent, b.sends().sent);
    EXPECT_EQ(a.sends().first_intended_ns, b.sends().first_intended_ns);
    EXPECT_EQ(a.out_of_range_count(), b.out_of_range_count());
    EXPECT_EQ(a.osl_estimated_count(), b.osl_estimated_count());
}

TEST(MetricSetState, LoadedSetEqualsTheSavedOne) {
    metric_set set;
    add_all(set, records(1, 700));
    ASSERT_GT(set.error_count(), 64u);  // enough distinct messages to fold
    ASSERT_EQ(set.url_results().size(), 2u);
    const std::string saved = set.save_state();
    auto loaded = metric_set::load_state(saved);
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    expect_same_results(set, *loaded);
    EXPECT_EQ(loaded->save_state(), saved);
}

TEST(MetricSetState, LoadedSetsMergeLikeTheOriginals) {
    const auto a_records = records(2, 300), b_records = records(3, 200);
    metric_set a, b, both;
    add_all(a, a_records);
    add_all(b, b_records);
    // Merged, not recorded in one go: Chan's merge of the mean and M2 differs from
    // sequential updates in the last bits, and the loaded sets must match exactly.
    both.merge(a);
    both.merge(b);
    auto la = metric_set::load_state(a.save_state());
    auto lb = metric_set::load_state(b.save_state());
    ASSERT_TRUE(la.ok() && lb.ok());
    la->merge(*lb);
    expect_same_results(both, *la);
    // The merged set keeps accepting records, like any set.
    add_all(*la, records(4, 10));
    add_all(both, records(4, 10));
    expect_same_results(both, *la);
}

TEST(MetricSetState, OptionsAndFurtherCountersRoundTrip) {
    metric_options o;
    o.goodput = {{metric_id::request_latency, 60.0 * static_cast<double>(ms)}};
    o.network_rtt_ns = 2 * ms;
    o.http_trace = true;
    metric_set set(o);
    const wall_clock_map clock{};
    auto rs = records(7, 300);
    for (auto& r : rs) {
        r.usage.prompt_tokens = r.input_tokens + 3;
        r.requested_output_tokens = 10;
        set.add(r, compute_record_values(r, token_source::estimate, o), clock);
    }
    const std::string saved = set.save_state();
    auto loaded = metric_set::load_state(saved);
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    expect_same_results(set, *loaded);
    EXPECT_EQ(loaded->save_state(), saved);
    EXPECT_EQ(loaded->options().goodput.size(), 1u);
    EXPECT_EQ(loaded->options().network_rtt_ns, 2 * ms);
    bool has_good_count = false;
    for (const auto& r : loaded->summarize())
        has_good_count = has_good_count || r.info->id == metric_id::good_request_count;
    EXPECT_TRUE(has_good_count);
    // A default-built set merging it takes its options, as with the original.
    metric_set merged;
    merged.merge(*loaded);
    expect_same_results(set, merged);
}

TEST(MetricSetState, EmptySetRoundTrips) {
    metric_set empty;
    auto loaded = metric_set::load_state(empty.save_state());
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    EXPECT_EQ(loaded->request_count(), 0u);
    EXPECT_FALSE(loaded->min_request_timestamp_ns());
    EXPECT_FALSE(loaded->benchmark_duration_s());
}

TEST(MetricSetState, DurationOverrideIsSavedAndReported) {
    metric_set set;
    add_all(set, records(5, 20));
    ASSERT_TRUE(set.benchmark_duration_s());
    set.set_benchmark_duration(42.5);
    auto loaded = metric_set::load_state(set.save_state());
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    EXPECT_EQ(loaded->benchmark_duration_s(), 42.5);
    for (const auto& r : loaded->summarize())
        if (r.info->id == metric_id::benchmark_duration) {
            EXPECT_EQ(r.value, 42.5);
        }
}

TEST(MetricSetState, BadStatesAreNamedErrors) {
    EXPECT_EQ(metric_set::load_state("{").message().substr(0, 25), "metric state is not JSON:");
    EXPECT_EQ(metric_set::load_state("{}").message(), "metric state without \"records\"");
    metric_set set;
    add_all(set, records(6, 5));
    std::string s = set.save_state();
    std::string unknown = s;
    unknown.replace(unknown.find("\"request_latency\""), 17, "\"no_such_metric\"");
    EXPECT_EQ(metric_set::load_state(unknown).message(),
              "unknown record metric 'no_such_metric' (written by another version of ringperf?)");
    std::string bad_hist = s;
    bad_hist.replace(bad_hist.find("HISTF"), 5, "HIST!");
    EXPECT_NE(metric_set::load_state(bad_hist).message().find("bad base64"), std::string::npos);
    std::string no_count = s;
    no_count.replace(no_count.find("\"ok_count\""), 10, "\"ok_kount\"");
    EXPECT_EQ(metric_set::load_state(no_count).message(),
              "bad or missing \"ok_count\" in the metric state");
}

}  // namespace
}  // namespace ringperf::metrics
