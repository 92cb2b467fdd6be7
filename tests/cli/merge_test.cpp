// `ringperf merge` through its code path (merge_runs): shards of one set of records, saved
// as run states, merge back into what one set recording every record gives.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "merge_command.h"
#include "ringperf/base/file.h"
#include "ringperf/base/rng.h"
#include "ringperf/metrics/summary.h"
#include "run_state.h"

namespace ringperf::cli {
namespace {

namespace m = ringperf::metrics;
constexpr mono_ns ms = 1'000'000;
constexpr mono_ns sec = 1'000'000'000;

std::string temp_dir() {
    std::string t = ::testing::TempDir() + "ringperf_merge_XXXXXX";
    return ::mkdtemp(t.data()) ? t : std::string();
}

// 600 requests: streamed successes with varied timings, and one failure in nine.
std::vector<m::request_record> records() {
    rng g(11);
    std::vector<m::request_record> out;
    for (int i = 0; i < 600; ++i) {
        m::request_record r;
        r.index = static_cast<std::uint64_t>(i);
        r.streaming = true;
        r.t_start = sec + static_cast<mono_ns>(i) * 2 * ms;
        r.t_intended = r.t_start - static_cast<mono_ns>(g.below(ms));
        r.t_write_start = r.t_start + 20'000;
        if (i % 9 == 4) {
            r.t_end = r.t_start + 30 * ms;
            r.error = m::error_kind::http_status;
            r.error_code = 503;
            r.error_type = "Service Unavailable";
            r.error_message = "overloaded";
        } else {
            mono_ns t = r.t_start + 10 * ms + static_cast<mono_ns>(g.below(90 * ms));
            for (int c = 0; c < 1 + static_cast<int>(g.below(30)); ++c) {
                r.content_ns.push_back(t);
                t += static_cast<mono_ns>(g.below(6 * ms));
            }
            r.first_output_index = 0;
            r.t_end = t;
            r.input_tokens = 128;
        }
        out.push_back(std::move(r));
    }
    return out;
}

void add(m::metric_set& set, const m::request_record& r) {
    set.add(r, r.ok() ? m::compute_record_values(r) : m::record_values{}, wall_clock_map{});
}

run_state_info info_for(const m::metric_set& set) {
    run_state_info i;
    i.ringperf_version = "test";
    i.start_ns = *set.min_request_timestamp_ns();
    i.end_ns = *set.max_response_timestamp_ns();
    i.input_config_json = "{\"endpoint\":{}}";
    return i;
}

// Splits the records round-robin into `k` shards, saves each as a run and merges them.
result<run_state> merge_shards(int k, merge_mode mode, std::string& out_dir) {
    const auto rs = records();
    std::vector<m::metric_set> shards(static_cast<std::size_t>(k));
    for (std::size_t i = 0; i < rs.size(); ++i)
        add(shards[i % shards.size()], rs[i]);
    merge_request req;
    req.mode = mode;
    const std::string root = temp_dir();
    for (int s = 0; s < k; ++s) {
        const std::string dir = root + "/shard" + std::to_string(s);
        auto w = write_run_state(dir, info_for(shards[static_cast<std::size_t>(s)]),
                                 shards[static_cast<std::size_t>(s)]);
        EXPECT_TRUE(w.ok()) << w.message();
        req.dirs.push_back(dir);
    }
    out_dir = req.out = root + "/merged";
    auto o = merge_runs(req);
    if (!o) return o.err();
    return read_run_state(req.out);
}

void expect_matches_single_set(const m::metric_set& merged) {
    m::metric_set single;
    for (const auto& r : records())
        add(single, r);
    EXPECT_EQ(merged.request_count(), single.request_count());
    EXPECT_EQ(merged.error_count(), single.error_count());
    const auto a = merged.summarize(), b = single.summarize();
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        SCOPED_TRACE(a[i].info->tag);
        ASSERT_EQ(a[i].info, b[i].info);
        EXPECT_DOUBLE_EQ(a[i].value, b[i].value);
        EXPECT_EQ(a[i].s.count, b[i].s.count);
        EXPECT_EQ(a[i].s.min, b[i].s.min);
        EXPECT_EQ(a[i].s.max, b[i].s.max);
        // Chan's merge of the means differs from one running mean in the last bits only.
        EXPECT_NEAR(a[i].s.avg, b[i].s.avg, 1e-12 * std::max(1.0, std::fabs(b[i].s.avg)));
        EXPECT_NEAR(a[i].s.std, b[i].s.std, 1e-9 * std::max(1.0, b[i].s.std));
        // Same histogram layout: the merged histogram is the single one, bucket for bucket.
        EXPECT_EQ(a[i].s.p50, b[i].s.p50);
        EXPECT_EQ(a[i].s.p90, b[i].s.p90);
        EXPECT_EQ(a[i].s.p99, b[i].s.p99);
    }
    const auto ea = merged.error_summary(), eb = single.error_summary();
    ASSERT_EQ(ea.size(), 1u);
    ASSERT_EQ(eb.size(), 1u);
    EXPECT_EQ(ea[0].count, eb[0].count);
    EXPECT_EQ(ea[0].message, "overloaded");
}

TEST(Merge, TwoShardsGiveTheSingleRunsFigures) {
    std::string out;
    auto merged = merge_shards(2, merge_mode::shards, out);
    ASSERT_TRUE(merged.ok()) << merged.message();
    expect_matches_single_set(merged->metrics);
    EXPECT_EQ(merged->info.sources.size(), 2u);
    EXPECT_TRUE(std::filesystem::exists(out + "/profile_export_aiperf.json"));
    EXPECT_TRUE(std::filesystem::exists(out + "/profile_export_aiperf.csv"));
    const auto json = read_file(out + "/profile_export_aiperf.json");
    ASSERT_TRUE(json.ok());
    EXPECT_NE(json->find("\"merge_mode\": \"shards\""), std::string::npos);
}

TEST(Merge, FourShardsGiveTheSingleRunsFigures) {
    std::string out;
    auto merged = merge_shards(4, merge_mode::shards, out);
    ASSERT_TRUE(merged.ok()) << merged.message();
    expect_matches_single_set(merged->metrics);
}

TEST(Merge, MergesCompose) {
    std::string out;
    auto first = merge_shards(2, merge_mode::shards, out);
    ASSERT_TRUE(first.ok()) << first.message();
    merge_request req;
    req.dirs = {out};
    req.out = out + "_again";
    ASSERT_TRUE(merge_runs(req).ok());
    auto again = read_run_state(req.out);
    ASSERT_TRUE(again.ok()) << again.message();
    expect_matches_single_set(again->metrics);
}

TEST(Merge, RunsModeSumsTheDurations) {
    std::string out;
    auto merged = merge_shards(2, merge_mode::runs, out);
    ASSERT_TRUE(merged.ok()) << merged.message();
    // Round-robin shards each span (nearly) the whole run: the sum is about twice its span.
    m::metric_set single;
    for (const auto& r : records())
        add(single, r);
    const double span = *single.benchmark_duration_s();
    const double sum = *merged->metrics.benchmark_duration_s();
    EXPECT_GT(sum, 1.9 * span);
    EXPECT_LE(sum, 2.0 * span);
}

TEST(Merge, ErrorsNameTheDirectoryAndFile) {
    merge_request req;
    const std::string root = temp_dir();
    req.dirs = {root + "/missing"};
    req.out = root + "/out";
    auto r = merge_runs(req);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find(root + "/missing/hlog/state.json"), std::string::npos)
        << r.message();

    m::metric_set a, b;
    add(a, records()[0]);
    add(b, records()[1]);
    run_state_info ia = info_for(a), ib = info_for(b);
    ib.profile_export_prefix = "other";
    ASSERT_TRUE(write_run_state(root + "/a", ia, a).ok());
    ASSERT_TRUE(write_run_state(root + "/b", ib, b).ok());
    req.dirs = {root + "/a", root + "/b"};
    r = merge_runs(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message(), "mixed export prefixes: " + root + "/a has '', " + root +
                               "/b has 'other' (" + root + "/b/hlog/state.json)");

    auto text = read_file(root + "/a/hlog/state.json");
    ASSERT_TRUE(text.ok());
    std::string v2 = *text;
    v2.replace(v2.find("\"version\":1"), 11, "\"version\":2");
    ASSERT_TRUE(write_file_atomic(root + "/a/hlog/state.json", v2).ok());
    req.dirs = {root + "/a"};
    r = merge_runs(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message(), root + "/a: " + root +
                               "/a/hlog/state.json: run state version 2 is not supported (this "
                               "ringperf reads version 1)");
}

}  // namespace
}  // namespace ringperf::cli
