#include "ringperf/export/timeslices.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

using namespace ringperf::exporter;
using ringperf::mono_ns;
using ringperf::wall_clock_map;
using ringperf::metrics::metric_set;
using ringperf::metrics::request_record;

namespace {

constexpr mono_ns phase_start = 1'000'000'000;
constexpr mono_ns second = 1'000'000'000;
constexpr mono_ns ms = 1'000'000;

// A streamed request: first token `ttft` after its start, then one token per ms; the
// server's usage gives the token count.
request_record streamed(mono_ns start, mono_ns ttft, int tokens) {
    request_record r;
    r.streaming = true;
    r.status = 200;
    r.t_start = start;
    for (int i = 0; i < tokens; ++i)
        r.content_ns.push_back(start + ttft + i * ms);
    r.first_output_index = 0;
    r.responses = static_cast<std::uint32_t>(tokens);
    r.usage.completion_tokens = tokens;
    r.t_end = r.content_ns.back();
    return r;
}

void add(std::vector<metric_set>& windows, const request_record& r) {
    const std::uint32_t i = slice_index(r.t_start, phase_start, second);
    if (i >= windows.size()) windows.resize(i + 1);
    windows[i].add(r, ringperf::metrics::compute_record_values(r), wall_clock_map{});
}

const ringperf::metrics::metric_result* find(const timeslice& t, const char* tag) {
    for (const auto& r : t.results)
        if (std::string_view(r.info->tag) == tag) return &r;
    return nullptr;
}

// Window 0: A (TTFT 10 ms, 2 tokens) at the phase start, B (TTFT 30 ms, 4 tokens) 0.5 s in;
// window 1: C (TTFT 20 ms, 2 tokens) starting exactly on the 1 s boundary. The phase ends
// with C's last token, 1.021 s after its start.
std::vector<timeslice> three_requests() {
    std::vector<metric_set> windows;
    add(windows, streamed(phase_start, 10 * ms, 2));
    add(windows, streamed(phase_start + second / 2, 30 * ms, 4));
    add(windows, streamed(phase_start + second, 20 * ms, 2));
    return build_timeslices(windows, second, second + 21 * ms);
}

}  // namespace

TEST(Timeslices, StartOnABoundaryBelongsToTheLaterWindow) {
    EXPECT_EQ(slice_index(phase_start, phase_start, second), 0u);
    EXPECT_EQ(slice_index(phase_start + second - 1, phase_start, second), 0u);
    EXPECT_EQ(slice_index(phase_start + second, phase_start, second), 1u);
    EXPECT_EQ(slice_index(phase_start + 5 * second + 1, phase_start, second), 5u);
    EXPECT_EQ(slice_index(phase_start - 5, phase_start, second), 0u);
}

TEST(Timeslices, WindowsHoldTheirRequestsMetricsAndThroughputs) {
    const auto slices = three_requests();
    ASSERT_EQ(slices.size(), 2u);
    EXPECT_EQ(slices[0].index, 0u);
    EXPECT_DOUBLE_EQ(slices[0].length_s, 1.0);
    const auto* ttft = find(slices[0], "time_to_first_token");
    ASSERT_NE(ttft, nullptr);
    EXPECT_TRUE(ttft->has_stats);
    EXPECT_NEAR(ttft->s.avg, 20.0, 1e-9);
    EXPECT_NEAR(ttft->s.min, 10.0, 1e-9);
    EXPECT_NEAR(ttft->s.max, 30.0, 1e-9);
    EXPECT_NEAR(ttft->s.p50, 20.0, 0.02);
    EXPECT_EQ(find(slices[0], "request_count")->value, 2.0);
    EXPECT_DOUBLE_EQ(find(slices[0], "request_throughput")->value, 2.0);
    EXPECT_DOUBLE_EQ(find(slices[0], "output_token_throughput")->value, 6.0);
    EXPECT_EQ(find(slices[0], "benchmark_duration"), nullptr);

    // The last window is partial: its throughputs are over its 21 ms.
    EXPECT_NEAR(slices[1].length_s, 0.021, 1e-12);
    EXPECT_NEAR(find(slices[1], "time_to_first_token")->s.avg, 20.0, 1e-9);
    EXPECT_EQ(find(slices[1], "request_count")->value, 1.0);
    EXPECT_NEAR(find(slices[1], "request_throughput")->value, 1 / 0.021, 1e-9);
    EXPECT_NEAR(find(slices[1], "output_token_throughput")->value, 2 / 0.021, 1e-9);
}

TEST(Timeslices, WindowsWithoutRequestsUpToThePhasesEndAreEmpty) {
    std::vector<metric_set> windows;
    add(windows, streamed(phase_start, 10 * ms, 2));
    // A phase 2.5 s long: windows 0, 1 (empty, full length) and 2 (empty, 0.5 s).
    const auto slices = build_timeslices(windows, second, 2 * second + second / 2);
    ASSERT_EQ(slices.size(), 3u);
    EXPECT_EQ(find(slices[1], "request_count")->value, 0.0);
    EXPECT_EQ(find(slices[1], "request_throughput")->value, 0.0);
    EXPECT_EQ(find(slices[1], "time_to_first_token"), nullptr);
    EXPECT_EQ(find(slices[1], "output_token_throughput"), nullptr);
    EXPECT_DOUBLE_EQ(slices[1].length_s, 1.0);
    EXPECT_DOUBLE_EQ(slices[2].length_s, 0.5);
}

TEST(Timeslices, CsvIsTidyWithSevenStatsPerRecordMetric) {
    const std::string csv = render_timeslices_csv(three_requests());
    EXPECT_EQ(csv.substr(0, csv.find('\n') + 1), "Timeslice,Metric,Unit,Stat,Value\r\n");
    for (const char* row :
         {"\r\n0,Time to First Token,ms,avg,20.00\r\n",
          "\r\n0,Time to First Token,ms,min,10.00\r\n",
          "\r\n0,Time to First Token,ms,max,30.00\r\n", "\r\n0,Time to First Token,ms,p99,",
          "\r\n0,Request Count,requests,avg,2.00\r\n",
          "\r\n0,Request Throughput,requests/sec,avg,2.00\r\n",
          "\r\n0,Output Token Throughput,tokens/sec,avg,6.00\r\n",
          "\r\n1,Request Throughput,requests/sec,avg,47.62\r\n",
          "\r\n1,Output Token Throughput,tokens/sec,avg,95.24\r\n"})
        EXPECT_NE(csv.find(row), std::string::npos) << row << "\n" << csv;
    EXPECT_EQ(csv.find(",p1,"), std::string::npos);
    EXPECT_EQ(csv.find(",std,"), std::string::npos);
    EXPECT_EQ(csv.find("Request Count,requests,p50"), std::string::npos);
}

TEST(Timeslices, JsonListsWindowsWithUnitsAndTheInputConfig) {
    const std::string json = render_timeslices_json(three_requests(), "{\"output\":{}}");
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
    auto slices = simdjson::dom::array(doc["timeslices"]);
    ASSERT_EQ(slices.size(), 2u);
    auto first = slices.at(0);
    EXPECT_EQ(int64_t(first["timeslice_index"]), 0);
    EXPECT_EQ(std::string_view(first["time_to_first_token"]["unit"]), "ms");
    EXPECT_DOUBLE_EQ(double(first["time_to_first_token"]["avg"]), 20.0);
    EXPECT_DOUBLE_EQ(double(first["time_to_first_token"]["min"]), 10.0);
    for (const char* k : {"max", "p50", "p90", "p95", "p99"})
        EXPECT_FALSE(first["time_to_first_token"][k].error()) << k;
    EXPECT_TRUE(first["time_to_first_token"]["p1"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(std::string_view(first["request_count"]["unit"]), "requests");
    EXPECT_DOUBLE_EQ(double(first["request_count"]["avg"]), 2.0);
    EXPECT_TRUE(first["request_count"]["min"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(int64_t(slices.at(1)["timeslice_index"]), 1);
    EXPECT_NEAR(double(slices.at(1)["request_throughput"]["avg"]), 47.619, 1e-3);
    EXPECT_FALSE(doc["input_config"]["output"].error());
}
