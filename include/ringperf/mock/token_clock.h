// The mock's deterministic token clock. Every deadline is an absolute CLOCK_MONOTONIC time
// computed from the moment the request was fully received (t0), so lateness in one event
// never shifts the next one (no drift):
//   first token    t0 + ttft + jt                  jt uniform in [-ttft_jitter, +ttft_jitter]
//   token k        t0 + ttft + jt + k*itl + jk     jk uniform in [-itl_jitter, +itl_jitter]
// with each deadline clamped to be no earlier than t0 and than the previous token's deadline.
// Jitter draws come from a generator seeded per answer, so an answer's schedule repeats for
// the same seed.
#pragma once

#include <cstdint>

#include "ringperf/base/clock.h"
#include "ringperf/base/rng.h"

namespace ringperf::mock {

struct clock_params {
    std::int64_t ttft_ns = 0;
    std::int64_t itl_ns = 0;
    std::int64_t ttft_jitter_ns = 0;  // 0 = none
    std::int64_t itl_jitter_ns = 0;   // 0 = none

    // From milliseconds (negative values are treated as 0).
    static clock_params from_ms(double ttft_ms, double itl_ms, double ttft_jitter_ms,
                                double itl_jitter_ms);
};

class token_clock {
  public:
    // Starts the schedule of one answer received at `t0`; `seed` selects the jitter draws.
    void start(const clock_params& p, mono_ns t0, std::uint64_t seed);

    // Index of the next token and its deadline.
    std::uint64_t index() const { return k_; }
    mono_ns deadline() const { return next_; }
    // Moves to the next token (draws its jitter).
    void advance();
    // Deadline of token `k` computed directly (one jitter draw), for an answer sent whole
    // at its last token's time. Does not move the clock.
    mono_ns deadline_of(std::uint64_t k);

  private:
    mono_ns compute(std::uint64_t k);

    mono_ns t0_ = 0;
    mono_ns base_ = 0;  // t0 + ttft + jt
    std::int64_t itl_ns_ = 0;
    std::int64_t itl_jitter_ns_ = 0;
    std::uint64_t k_ = 0;
    mono_ns next_ = 0;
    rng rng_{0};
};

}  // namespace ringperf::mock
