// Costs of the metrics hot path (one record per value) and of the end-of-run work (merge,
// summarize). Values are latencies in ns, 50 us .. 200 ms, as in the HdrHistogram_c figure
// the design budget quotes.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "ringperf/base/rng.h"
#include "ringperf/metrics/hdr_histogram.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr std::int64_t ns_per_day = 86'400'000'000'000;

std::vector<std::int64_t> latency_values(std::size_t n) {
    rng r(42);
    std::vector<std::int64_t> v(n);
    for (auto& x : v)
        x = 50'000 + static_cast<std::int64_t>(r.below(200'000'000 - 50'000));
    return v;
}

hdr_histogram ns_histogram() {
    return hdr_histogram::create(1, ns_per_day, 3).value();
}

// Touches most buckets: values spread log-uniformly over 1 ns .. 1 day.
hdr_histogram full_histogram(std::uint64_t seed) {
    hdr_histogram h = ns_histogram();
    rng r(seed);
    for (int i = 0; i < 1'000'000; ++i) {
        const double v = std::exp(r.uniform() * std::log(static_cast<double>(ns_per_day)));
        h.record(static_cast<std::int64_t>(v));
    }
    return h;
}

void bm_histogram_record(benchmark::State& state) {
    const std::vector<std::int64_t> values = latency_values(1 << 16);
    hdr_histogram h = ns_histogram();
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(h.record(values[i]));
        i = (i + 1) & (values.size() - 1);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_histogram_record);

void bm_summary_record(benchmark::State& state) {
    const std::vector<std::int64_t> values = latency_values(1 << 16);
    summary s = summary::create(layout_for(metric_id::request_latency)).value();
    std::size_t i = 0;
    for (auto _ : state) {
        s.record(static_cast<double>(values[i]));
        i = (i + 1) & (values.size() - 1);
    }
    benchmark::DoNotOptimize(s.mean());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_summary_record);

void bm_histogram_merge_same_layout(benchmark::State& state) {
    const hdr_histogram from = full_histogram(1);
    hdr_histogram to = full_histogram(2);
    for (auto _ : state)
        benchmark::DoNotOptimize(to.add(from));
    state.counters["counts_len"] = static_cast<double>(from.counts_len());
}
BENCHMARK(bm_histogram_merge_same_layout)->Unit(benchmark::kMicrosecond);

void bm_histogram_merge_other_layout(benchmark::State& state) {
    const hdr_histogram from = full_histogram(1);
    hdr_histogram to = hdr_histogram::create(1, 2 * ns_per_day, 3).value();
    for (auto _ : state)
        benchmark::DoNotOptimize(to.add(from));
}
BENCHMARK(bm_histogram_merge_other_layout)->Unit(benchmark::kMicrosecond);

request_record streamed_record(rng& r, std::uint64_t i) {
    request_record rec;
    rec.index = i;
    rec.streaming = true;
    rec.t_start = 1'000'000'000 + static_cast<mono_ns>(i) * 1'000'000;
    mono_ns t = rec.t_start + 20'000'000 + static_cast<mono_ns>(r.below(200'000'000));
    for (int k = 0; k < 100; ++k) {
        rec.content_ns.push_back(t);
        t += 5'000'000 + static_cast<mono_ns>(r.below(20'000'000));
    }
    rec.first_output_index = 0;
    rec.t_end = t;
    rec.usage.completion_tokens = 100;
    rec.usage.prompt_tokens = 500 + static_cast<std::int64_t>(r.below(1000));
    return rec;
}

// compute_record_values + metric_set::add for a 100-chunk streamed request (101 histogram
// records: 99 ICL gaps and the per-request metrics).
void bm_metric_set_add(benchmark::State& state) {
    rng r(7);
    std::vector<request_record> records;
    for (std::uint64_t i = 0; i < 256; ++i)
        records.push_back(streamed_record(r, i));
    metric_set set;
    const wall_clock_map clock{};
    std::size_t i = 0;
    for (auto _ : state) {
        const request_record& rec = records[i];
        set.add(rec, compute_record_values(rec), clock);
        i = (i + 1) & 255;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_metric_set_add);

// metric_set::add with options `o` of the 256 `records` in turn, one per iteration, with
// client token counts.
void add_in_turn(benchmark::State& state, const std::vector<request_record>& records,
                 const metric_options& o) {
    metric_set set(o);
    const wall_clock_map clock{};
    std::size_t i = 0;
    for (auto _ : state) {
        const request_record& rec = records[i];
        set.add(rec, compute_record_values(rec, token_source::tokenizer, o), clock);
        i = (i + 1) & 255;
    }
    state.SetItemsProcessed(state.iterations());
}

// compute_record_values + metric_set::add for the small non-streamed request of the client
// CPU comparison (max_tokens 1, usage, the client's token counts): 14 histogram records.
void bm_metric_set_add_non_streamed(benchmark::State& state) {
    rng r(7);
    std::vector<request_record> records;
    for (std::uint64_t i = 0; i < 256; ++i) {
        request_record rec;
        rec.index = i;
        rec.t_intended = 1'000'000'000 + static_cast<mono_ns>(i) * 33'000;
        rec.t_start = rec.t_intended + 20'000 + static_cast<mono_ns>(r.below(80'000));
        rec.t_connected = rec.t_start;
        rec.connection_reused = true;
        rec.t_write_start = rec.t_start + 3'000;
        rec.t_write_end = rec.t_write_start + 2'000;
        rec.t_first_byte = rec.t_write_end + 2'000'000 + static_cast<mono_ns>(r.below(4'000'000));
        rec.t_headers = rec.t_end = rec.t_first_byte;
        rec.content_ns.push_back(rec.t_end);
        rec.first_output_index = 0;
        rec.usage.prompt_tokens = 11 + static_cast<std::int64_t>(r.below(4));
        rec.usage.completion_tokens = 1;
        rec.usage.total_tokens = rec.usage.prompt_tokens + 1;
        rec.input_tokens = 16;
        rec.requested_output_tokens = 1;
        rec.counted.output = 1 + static_cast<std::int64_t>(r.below(2));
        records.push_back(std::move(rec));
    }
    add_in_turn(state, records, metric_options{});
}
BENCHMARK(bm_metric_set_add_non_streamed);

// The same with every option-driven metric on: HTTP trace, a fixed RTT, two goodput SLOs,
// a requested output length (OSL mismatch) and client token counts (usage differences).
void bm_metric_set_add_all_options(benchmark::State& state) {
    rng r(7);
    std::vector<request_record> records;
    for (std::uint64_t i = 0; i < 256; ++i) {
        request_record rec = streamed_record(r, i);
        rec.t_connected = rec.t_start;
        rec.connection_reused = true;
        rec.t_write_start = rec.t_start + 10'000;
        rec.t_write_end = rec.t_start + 20'000;
        rec.t_first_byte = rec.t_start + 1'000'000;
        rec.requested_output_tokens = 100;
        rec.input_tokens = rec.usage.prompt_tokens;
        rec.counted.output = 98;
        records.push_back(std::move(rec));
    }
    metric_options o;
    o.http_trace = true;
    o.network_rtt_ns = 1'000'000;
    o.goodput = {{metric_id::time_to_first_token, 100e6}, {metric_id::request_latency, 2e9}};
    add_in_turn(state, records, o);
}
BENCHMARK(bm_metric_set_add_all_options);

void bm_summarize(benchmark::State& state) {
    rng r(9);
    metric_set set;
    const wall_clock_map clock{};
    for (std::uint64_t i = 0; i < 10'000; ++i) {
        const request_record rec = streamed_record(r, i);
        set.add(rec, compute_record_values(rec), clock);
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(set.summarize());
}
BENCHMARK(bm_summarize)->Unit(benchmark::kMicrosecond);

void bm_metric_set_merge(benchmark::State& state) {
    rng r(11);
    metric_set a;
    metric_set b;
    const wall_clock_map clock{};
    for (std::uint64_t i = 0; i < 2'000; ++i) {
        const request_record rec = streamed_record(r, i);
        (i % 2 ? a : b).add(rec, compute_record_values(rec), clock);
    }
    for (auto _ : state)
        a.merge(b);
}
BENCHMARK(bm_metric_set_merge)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ringperf::metrics

BENCHMARK_MAIN();
