// Clocks. Every interval is measured on CLOCK_MONOTONIC in nanoseconds (the same clock
// io_uring timeouts use); the wall clock is only a label, mapped once at start.
#pragma once

#include <time.h>

#include <cstdint>

namespace ringperf {

using mono_ns = std::int64_t;  // nanoseconds on CLOCK_MONOTONIC
using wall_ns = std::int64_t;  // nanoseconds since the Unix epoch (CLOCK_REALTIME)

inline mono_ns now_mono_ns() noexcept {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

inline wall_ns now_wall_ns() noexcept {
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// One mapping from the monotonic clock to epoch nanoseconds, captured once so that every
// exported epoch timestamp of a run is consistent with its intervals.
class wall_clock_map {
  public:
    // Captures the offset now: reads the wall clock between two monotonic reads.
    static wall_clock_map capture() noexcept;
    wall_ns to_wall(mono_ns t) const noexcept { return t + offset_ns_; }
    mono_ns to_mono(wall_ns t) const noexcept { return t - offset_ns_; }
    std::int64_t offset_ns() const noexcept { return offset_ns_; }

  private:
    std::int64_t offset_ns_ = 0;
};

// Cost of one clock_gettime(CLOCK_MONOTONIC) call in ns, measured over `samples` calls. Used
// by the start-up self-check: above ~100 ns the clocksource has no vDSO fast path.
double measure_clock_cost_ns(int samples = 20000) noexcept;

}  // namespace ringperf
