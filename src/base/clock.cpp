#include "ringperf/base/clock.h"

namespace ringperf {

wall_clock_map wall_clock_map::capture() noexcept {
    // Bracket the wall read between two monotonic reads and keep the tightest of a few
    // tries, so the mapping error is bounded by half the shortest bracket (tens of ns).
    wall_clock_map m;
    std::int64_t best_gap = INT64_MAX;
    for (int i = 0; i < 5; ++i) {
        const mono_ns a = now_mono_ns();
        const wall_ns w = now_wall_ns();
        const mono_ns b = now_mono_ns();
        if (b - a < best_gap) {
            best_gap = b - a;
            m.offset_ns_ = w - (a + (b - a) / 2);
        }
    }
    return m;
}

double measure_clock_cost_ns(int samples) noexcept {
    const mono_ns start = now_mono_ns();
    mono_ns sink = 0;
    for (int i = 0; i < samples; ++i)
        sink ^= now_mono_ns();
    const mono_ns end = now_mono_ns();
    if (sink == 42) return 0;  // keeps the loop from being optimised away
    return static_cast<double>(end - start) / samples;
}

}  // namespace ringperf
