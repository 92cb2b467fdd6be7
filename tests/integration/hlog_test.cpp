// End to end: the .hlog files of a run against the mock hold exactly the run's values, and
// hdr-histogram-js (the reference JavaScript port of HdrHistogram) decodes them to the same
// counts and percentiles as ringperf's own decoder.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "harness.h"
#include "process.h"
#include "ringperf/metrics/hdr_encoding.h"
#include "ringperf/metrics/hdr_log.h"

using namespace std::chrono_literals;
namespace rt = ringperf::testing;
namespace m = ringperf::metrics;
using rt::lines;
using rt::mock_server;
using rt::profile_args;
using rt::stat;

namespace {

// A whole .hlog file decoded by ringperf: every interval added into one histogram.
struct decoded_log {
    std::size_t intervals = 0;
    std::optional<m::hdr_histogram> total;
};

decoded_log decode_file(const std::string& path) {
    decoded_log d;
    auto f = m::parse_hlog(rt::read_text(path));
    EXPECT_TRUE(f.ok()) << path << ": " << (f.ok() ? "" : f.message());
    if (!f.ok()) return d;
    for (const auto& iv : f->intervals) {
        auto h = m::decode_histogram_base64(iv.histogram);
        EXPECT_TRUE(h.ok()) << path << ": " << (h.ok() ? "" : h.message());
        if (!h.ok()) continue;
        ++d.intervals;
        if (d.total) {
            EXPECT_EQ(d.total->add(*h), 0);
        } else {
            d.total = std::move(*h);
        }
    }
    return d;
}

// HdrHistogram Java's percentile rule, which hdr-histogram-js follows: the first bucket whose
// cumulative count reaches ceil(p/100 * total), at its highest equivalent value.
std::int64_t java_percentile(const m::hdr_histogram& h, double p) {
    const auto target = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil(p / 100.0 * static_cast<double>(h.total_count()))));
    std::int64_t cumulative = 0;
    for (const m::hdr_bucket& b : h.recorded()) {
        cumulative += b.count;
        if (cumulative >= target) return b.highest;
    }
    return 0;
}

std::string source_root() {
    const char* r = std::getenv("RINGPERF_SOURCE_ROOT");
    return r ? r : ".";
}

// Why the hdr-histogram-js check cannot run, or empty when it can.
std::string node_missing() {
    if (std::system("node --version > /dev/null 2>&1") != 0) return "node is not installed";
    const std::string module =
        source_root() + "/.cache/node/node_modules/hdr-histogram-js/package.json";
    if (!std::filesystem::exists(module))
        return "hdr-histogram-js is not installed (" + module +
               " missing; run tools/fetch-hdr-reference.sh)";
    return {};
}

struct profile_run {
    std::string dir, art;
    rt::run_result r;
};

profile_run run_profile(const std::vector<std::string>& extra) {
    profile_run p;
    p.dir = rt::make_temp_dir();
    mock_server mock(p.dir, {"--ttft", "20", "--itl", "2"});
    EXPECT_GT(mock.port(), 0) << rt::read_text(p.dir + "/mock.err");
    p.art = p.dir + "/art";
    std::vector<std::string> args{"--url",
                                  mock.url(),
                                  "--model",
                                  "mock-model",
                                  "--streaming",
                                  "--concurrency",
                                  "4",
                                  "--request-count",
                                  "40",
                                  "--isl",
                                  "16",
                                  "--osl",
                                  "16",
                                  "--extra-inputs",
                                  "ignore_eos:true",
                                  "--artifact-dir",
                                  p.art};
    args.insert(args.end(), extra.begin(), extra.end());
    p.r = rt::run(profile_args(args), p.dir, "profile", 60s);
    return p;
}

TEST(HlogFiles, HoldEveryValueOfTheRunAndHdrHistogramJsDecodesThem) {
    const profile_run p = run_profile({"--hlog-interval", "0.05"});
    ASSERT_EQ(p.r.exit_code, 0) << p.r.err << p.r.out;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(p.art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);

    // A parser of its own: parsing with `parser` again would invalidate `doc`.
    simdjson::dom::parser line_parser;
    std::uint64_t chunk_gaps = 0;
    for (const auto& line : lines(rt::read_text(p.art + "/profile_export.jsonl"))) {
        simdjson::dom::element rec;
        ASSERT_EQ(line_parser.parse(line).get(rec), simdjson::SUCCESS);
        chunk_gaps += simdjson::dom::array(rec["metrics"]["inter_chunk_latency"]["value"]).size();
    }
    EXPECT_EQ(chunk_gaps, 40u * 15u);

    std::map<std::string, decoded_log> ours;
    for (const char* tag : {"time_to_first_token", "time_to_second_token",
                            "time_to_first_output_token", "request_latency", "inter_token_latency",
                            "inter_chunk_latency", "send_lag", "schedule_lag"}) {
        const std::string path = p.art + "/hlog/" + tag + ".hlog";
        if (std::isnan(stat(doc, tag, "count"))) {
            EXPECT_FALSE(std::filesystem::exists(path)) << path;
            continue;
        }
        ASSERT_TRUE(std::filesystem::exists(path)) << path;
        decoded_log d = decode_file(path);
        ASSERT_TRUE(d.total) << path;
        EXPECT_EQ(static_cast<double>(d.total->total_count()), stat(doc, tag, "count")) << tag;
        // The run lasts several 50 ms intervals.
        EXPECT_GE(d.intervals, 3u) << tag;
        // The exact max (ms in the JSON) lies in the histogram's top bucket.
        const auto max_ns = static_cast<std::int64_t>(std::llround(stat(doc, tag, "max") * 1e6));
        EXPECT_TRUE(d.total->values_are_equivalent(d.total->max(), max_ns) ||
                    std::llabs(d.total->max() - max_ns) <= 1)
            << tag << ": " << d.total->max() << " vs " << max_ns;
        ours.emplace(tag, std::move(d));
    }
    for (const char* tag : {"time_to_first_token", "request_latency", "inter_chunk_latency"})
        ASSERT_EQ(ours.count(tag), 1u) << tag;
    EXPECT_EQ(ours["inter_chunk_latency"].total->total_count(),
              static_cast<std::int64_t>(chunk_gaps));
    EXPECT_FALSE(std::filesystem::exists(p.art + "/hlog/.parts"));

    if (const std::string why = node_missing(); !why.empty()) GTEST_SKIP() << why;
    std::string cmd = "node '" + source_root() + "/tools/decode-hlog.mjs'";
    for (const auto& [tag, d] : ours)
        cmd += " '" + p.art + "/hlog/" + tag + ".hlog'";
    const auto js = rt::run({"/bin/sh", "-c", cmd}, p.dir, "node", 60s);
    ASSERT_EQ(js.exit_code, 0) << js.err;
    const auto out = lines(js.out);
    ASSERT_EQ(out.size(), ours.size()) << js.out;
    for (const auto& line : out) {
        simdjson::dom::element j;
        ASSERT_EQ(line_parser.parse(line).get(j), simdjson::SUCCESS) << line;
        const std::string file{std::string_view(j["file"])};
        const decoded_log& d = ours.at(file.substr(0, file.size() - 5));
        const m::hdr_histogram& h = *d.total;
        EXPECT_EQ(uint64_t(j["intervals"]), d.intervals) << line;
        EXPECT_EQ(int64_t(double(j["total_count"])), h.total_count()) << line;
        EXPECT_EQ(int64_t(double(j["max"])), h.max()) << line;
        EXPECT_EQ(int64_t(double(j["p50"])), java_percentile(h, 50)) << line;
        EXPECT_EQ(int64_t(double(j["p90"])), java_percentile(h, 90)) << line;
        EXPECT_EQ(int64_t(double(j["p99"])), java_percentile(h, 99)) << line;
        // Ringperf's own (HdrHistogram_c) rule lands in the same or a neighbouring bucket.
        const std::int64_t c50 = h.value_at_percentile(50);
        EXPECT_LE(std::llabs(c50 - java_percentile(h, 50)), h.size_of_equivalent_range(c50))
            << line;
    }
}

TEST(HlogFiles, ZeroIntervalWritesOneLineForTheWholeRun) {
    const profile_run p = run_profile({"--hlog-interval", "0", "--export-level", "summary"});
    ASSERT_EQ(p.r.exit_code, 0) << p.r.err << p.r.out;
    auto f = m::parse_hlog(rt::read_text(p.art + "/hlog/request_latency.hlog"));
    ASSERT_TRUE(f.ok()) << f.message();
    ASSERT_EQ(f->intervals.size(), 1u);
    EXPECT_EQ(f->intervals[0].start_s, 0.0);
    EXPECT_GT(f->intervals[0].length_s, 0.05);
    ASSERT_TRUE(f->start_time_s);
    ASSERT_TRUE(f->base_time_s);
    auto h = m::decode_histogram_base64(f->intervals[0].histogram);
    ASSERT_TRUE(h.ok()) << h.message();
    EXPECT_EQ(h->total_count(), 40);
    const std::string text = rt::read_text(p.art + "/hlog/request_latency.hlog");
    EXPECT_EQ(text.substr(0, 11), "#[ringperf ");
    EXPECT_NE(text.find("\n#[Histogram log format version 1.3]\n"), std::string::npos);
}

}  // namespace

namespace {

// The total count of every interval of `path`.
std::int64_t hlog_total(const std::string& path) {
    const decoded_log d = decode_file(path);
    return d.total ? d.total->total_count() : -1;
}

TEST(Merge, TwoProfilesAgainstTheMockMergeIntoOneRun) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "10", "--itl", "1"});
    ASSERT_GT(mock.port(), 0) << rt::read_text(dir + "/mock.err");
    for (const char* run : {"a", "b"}) {
        const auto r = rt::run(
            profile_args({"--url", mock.url(), "--model", "mock-model", "--streaming",
                          "--concurrency", "2", "--request-count", run[0] == 'a' ? "12" : "20",
                          "--isl", "16", "--osl", "8", "--extra-inputs", "ignore_eos:true",
                          "--artifact-dir", dir + "/" + run}),
            dir, std::string("profile_") + run, 60s);
        ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
        ASSERT_TRUE(std::filesystem::exists(dir + "/" + run + "/hlog/state.json"));
    }
    const auto m = rt::run({rt::binary(), "merge", dir + "/a", dir + "/b", "-o", dir + "/out"}, dir,
                           "merge", 60s);
    ASSERT_EQ(m.exit_code, 0) << m.err << m.out;
    EXPECT_NE(m.out.find("Request Count"), std::string::npos) << m.out;

    simdjson::dom::parser pa, pb, po;
    simdjson::dom::element a, b, out;
    ASSERT_EQ(pa.load(dir + "/a/profile_export_aiperf.json").get(a), simdjson::SUCCESS);
    ASSERT_EQ(pb.load(dir + "/b/profile_export_aiperf.json").get(b), simdjson::SUCCESS);
    ASSERT_EQ(po.load(dir + "/out/profile_export_aiperf.json").get(out), simdjson::SUCCESS);
    EXPECT_EQ(stat(out, "request_count", "avg"), 32.0);
    for (const char* tag : {"time_to_first_token", "request_latency", "inter_chunk_latency"}) {
        SCOPED_TRACE(tag);
        EXPECT_EQ(stat(out, tag, "count"), stat(a, tag, "count") + stat(b, tag, "count"));
        EXPECT_EQ(stat(out, tag, "min"), std::min(stat(a, tag, "min"), stat(b, tag, "min")));
        EXPECT_EQ(stat(out, tag, "max"), std::max(stat(a, tag, "max"), stat(b, tag, "max")));
        EXPECT_EQ(hlog_total(dir + "/out/hlog/" + tag + ".hlog"),
                  hlog_total(dir + "/a/hlog/" + tag + ".hlog") +
                      hlog_total(dir + "/b/hlog/" + tag + ".hlog"));
    }
    // Shards: from the earliest start to the latest end, so at least the later run's end
    // minus the earlier run's start.
    EXPECT_GT(stat(out, "benchmark_duration", "avg"),
              stat(a, "benchmark_duration", "avg") + stat(b, "benchmark_duration", "avg") - 0.001);
    EXPECT_EQ(lines(rt::read_text(dir + "/out/profile_export.jsonl")).size(), 32u);

    const auto again =
        rt::run({rt::binary(), "merge", dir + "/out", "-o", dir + "/out2", "--as", "runs"}, dir,
                "merge2", 60s);
    ASSERT_EQ(again.exit_code, 0) << again.err;
    const auto missing =
        rt::run({rt::binary(), "merge", dir + "/nope", "-o", dir + "/out3"}, dir, "merge3", 60s);
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find(dir + "/nope/hlog/state.json"), std::string::npos) << missing.err;
}

}  // namespace
