// Gradual ramps at the start of a phase (AIPerf's --request-rate-ramp-duration and
// --concurrency-ramp-duration / --prefill-concurrency-ramp-duration). Both are pure
// functions of the offset from the phase start, so every worker computes the same value
// without sharing state. Offsets are monotonic nanoseconds since the phase start.
#pragma once

#include <cstdint>
#include <optional>

#include "ringperf/base/result.h"

namespace ringperf::workload {

// The request rate is recomputed on this grid of offsets while it ramps.
inline constexpr std::int64_t rate_ramp_update_ns = 100'000'000;

// Longest ramp accepted, so that every offset fits in 64-bit nanoseconds with room left.
inline constexpr double max_ramp_duration_s = 1e9;

// A linearly ramped request rate. It starts at target * (0.1 s / duration) and is updated
// every 0.1 s to the straight line from (0, start) to (duration, target), sampled at the
// update offset; it is exactly the target from `duration` on, also when the duration is not
// a multiple of 0.1 s (AIPerf jumps to the target at the first update at or after it).
// A duration of 0, or one of 0.1 s or less, is no ramp: the rate is the target throughout.
// Immutable; safe to share between threads.
class rate_ramp {
  public:
    // target_per_s finite and > 0; duration_s finite, >= 0 and <= max_ramp_duration_s.
    static result<rate_ramp> make(double target_per_s, double duration_s);

    // The rate in force at offset t_ns (offsets before 0 get the start rate).
    double rate_at(std::int64_t t_ns) const noexcept;
    // The first offset after t_ns at which rate_at() may change: the next update or the
    // duration; INT64_MAX from the duration on. rate_at() is constant in between.
    std::int64_t next_update_ns(std::int64_t t_ns) const noexcept;

    double start_rate_per_s() const noexcept { return start_; }
    double target_rate_per_s() const noexcept { return target_; }
    // The offset from which rate_at() is the target; 0 when there is no ramp.
    std::int64_t duration_ns() const noexcept { return duration_ns_; }

  private:
    rate_ramp(double target, double start, std::int64_t duration_ns) noexcept
        : target_(target), start_(start), duration_ns_(duration_ns) {}

    double target_;
    double start_;
    std::int64_t duration_ns_;
};

// A stepped concurrency limit: 1 at offset 0, then +1 at evenly spaced offsets, reaching
// the target exactly at the ramp duration (100 over 30 s: +1 every 30/99 s, about
// 0.303 s). Step offsets are whole nanoseconds computed with integer arithmetic: level L
// (2 <= L <= target) starts at ceil((L - 1) * duration_ns / (target - 1)), so the last
// step lands on duration_ns exactly. A duration of 0 or a target of 1 is no ramp.
// Immutable; safe to share between threads.
class concurrency_ramp {
  public:
    // target >= 1; duration_s finite, >= 0 and <= max_ramp_duration_s (rounded to the
    // nearest nanosecond).
    static result<concurrency_ramp> make(std::uint32_t target, double duration_s);

    // The limit in force at offset t_ns, in [1, target]; offsets before 0 give 1 (or the
    // target when there is no ramp).
    std::uint32_t limit_at(std::int64_t t_ns) const noexcept;
    // The first offset at which the limit is at least `level`: 0 for level <= 1, and
    // nullopt for a level above the target (never reached).
    std::optional<std::int64_t> level_reached_ns(std::uint32_t level) const noexcept;
    // The first offset after t_ns at which the limit rises; nullopt once it is the target.
    std::optional<std::int64_t> next_change_ns(std::int64_t t_ns) const noexcept;

    std::uint32_t target() const noexcept { return target_; }
    std::int64_t duration_ns() const noexcept { return duration_ns_; }

  private:
    concurrency_ramp(std::uint32_t target, std::int64_t duration_ns) noexcept
        : target_(target), duration_ns_(duration_ns) {}

    std::uint32_t target_;
    std::int64_t duration_ns_;
};

}  // namespace ringperf::workload
