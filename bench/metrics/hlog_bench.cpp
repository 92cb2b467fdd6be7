// Costs of the interval logs (hlog/<metric>.hlog): per interval, the counting thread encodes
// each metric's histogram; at the end of the run every worker's interval is added into a
// count sum and the sum encoded again. Each histogram holds 1000 latencies of 20..220 ms.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "ringperf/base/rng.h"
#include "ringperf/metrics/hdr_encoding.h"

namespace ringperf::metrics {
namespace {

hdr_histogram interval_histogram() {
    rng r(3);
    auto h = hdr_histogram::create(1, 86'400'000'000'000, 3).value();
    for (int i = 0; i < 1000; ++i)
        h.record(20'000'000 + static_cast<std::int64_t>(r.below(200'000'000)));
    return h;
}

// One metric's interval to its HISTF text (counting thread, once per interval).
void bm_encode_interval(benchmark::State& state) {
    const hdr_histogram h = interval_histogram();
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto text = encode_v2_base64(h);
        bytes = text->size();
        benchmark::DoNotOptimize(text);
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(bm_encode_interval)->Unit(benchmark::kMicrosecond);

// The same as ringperf profile does it: the interval's 1000 values out of the worker's running
// histogram (100,000 earlier latencies to begin with) and its snapshot, which the same call
// refreshes.
void bm_encode_interval_since(benchmark::State& state) {
    rng r(5);
    auto running = hdr_histogram::create(1, 86'400'000'000'000, 3).value();
    for (int i = 0; i < 100'000; ++i)
        running.record(20'000'000 + static_cast<std::int64_t>(r.below(200'000'000)));
    hdr_snapshot since;
    (void)encode_v2_base64_since(running, since);
    std::size_t bytes = 0;
    for (auto _ : state) {
        state.PauseTiming();
        for (int i = 0; i < 1000; ++i)
            running.record(20'000'000 + static_cast<std::int64_t>(r.below(200'000'000)));
        state.ResumeTiming();
        auto text = encode_v2_base64_since(running, since);
        bytes = text->size();
        benchmark::DoNotOptimize(text);
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(bm_encode_interval_since)->Unit(benchmark::kMicrosecond);

// End of run, per worker and interval: decode one interval into the metric's sum.
void bm_count_sum_add(benchmark::State& state) {
    const std::string text = *encode_v2_base64(interval_histogram());
    hdr_count_sum sum;
    for (auto _ : state)
        benchmark::DoNotOptimize(sum.add_base64(text));
}
BENCHMARK(bm_count_sum_add)->Unit(benchmark::kMicrosecond);

// The alternative the sum avoids: a histogram set up per decoded interval.
void bm_decode_histogram(benchmark::State& state) {
    const std::string text = *encode_v2_base64(interval_histogram());
    for (auto _ : state)
        benchmark::DoNotOptimize(decode_histogram_base64(text));
}
BENCHMARK(bm_decode_histogram)->Unit(benchmark::kMicrosecond);

// End of run, per interval: the merged interval to its HISTF text.
void bm_count_sum_encode(benchmark::State& state) {
    hdr_count_sum sum;
    (void)sum.add_base64(*encode_v2_base64(interval_histogram()));
    for (auto _ : state)
        benchmark::DoNotOptimize(sum.encode_base64());
}
BENCHMARK(bm_count_sum_encode)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ringperf::metrics

BENCHMARK_MAIN();
