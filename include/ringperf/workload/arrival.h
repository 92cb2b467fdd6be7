// Arrival processes: the inter-arrival gaps of an open-loop request stream, drawn from a
// seeded, platform-independent generator so that a seed always gives the same gaps.
//
// Parameterisation (AIPerf's, so that its users get the load they ask for):
//   constant           gap = 1/r exactly
//   poisson            gap ~ Exponential(rate r), by inverse transform -log(1 - u)/r
//   gamma              gap ~ Gamma(shape k, scale 1/(r k)): mean 1/r, CV 1/sqrt(k);
//                      k < 1 is burstier than Poisson, k = 1 is Poisson, k > 1 is smoother
//   concurrency_burst  gap = 0 (requests are gated only by the concurrency limit)
// Gaps are never rescaled to make a run last exactly count/rate (vLLM does; we do not).
#pragma once

#include <cstdint>
#include <string_view>

#include "ringperf/base/result.h"
#include "ringperf/base/rng.h"

namespace ringperf::workload {

enum class arrival_pattern { constant, poisson, gamma, concurrency_burst };

// "constant", "poisson", "gamma", "concurrency_burst".
std::string_view to_string(arrival_pattern pattern) noexcept;
// The inverse of to_string, ignoring ASCII case (AIPerf accepts any case). Fails with a
// message that lists the accepted names.
result<arrival_pattern> parse_arrival_pattern(std::string_view name);

struct arrival_spec {
    arrival_pattern pattern = arrival_pattern::poisson;
    // Mean requests per second (fractional allowed). Must be finite and > 0 for every
    // pattern but concurrency_burst, which ignores it.
    double rate_per_s = 0;
    // Gamma shape k (--arrival-smoothness). Must be finite and > 0 for gamma; the other
    // patterns ignore it.
    double smoothness = 1.0;
};

// Ok, or an error naming the first bad parameter and its value.
result<void> validate(const arrival_spec& spec);

// The name of the rng stream a pattern draws from, derived from the run seed with
// rng::derive: "timing.request.<pattern>_interval".
const char* interval_stream_name(arrival_pattern pattern) noexcept;

// Draws the gaps of one arrival process. Each generator owns its rng stream; copies
// continue the same sequence independently. Not thread-safe; cheap to copy (no heap).
//
// Gaps are doubles in nanoseconds, unrounded: rounding to whole nanoseconds happens once,
// on the running sum (see schedule.h), so that rounding errors never accumulate.
class interval_generator {
  public:
    // Fails when validate(spec) fails.
    static result<interval_generator> make(const arrival_spec& spec, std::uint64_t seed);

    arrival_pattern pattern() const noexcept { return pattern_; }
    double rate_per_s() const noexcept { return rate_per_s_; }

    // The next gap at the spec's rate.
    double next_gap_ns() noexcept { return next_unit() * mean_gap_ns_; }
    // The next gap at `rate_per_s` instead of the spec's rate (used while a rate ramps).
    // The sequence of random draws is the same whatever rates are passed: gap i is always
    // unit variate i scaled by 1e9 / rate. rate_per_s must be > 0; a rate so low that the
    // gap overflows a double gives +inf.
    double next_gap_ns(double rate_per_s) noexcept { return next_unit() * (1e9 / rate_per_s); }
    // The next variate with mean 1 (the gap in units of the mean gap): 1 for constant,
    // 0 for concurrency_burst.
    double next_unit() noexcept;

  private:
    interval_generator(const arrival_spec& spec, std::uint64_t seed) noexcept;
    double next_gamma_unit() noexcept;

    rng rng_;
    arrival_pattern pattern_;
    double rate_per_s_;
    double mean_gap_ns_;
    // Gamma: Marsaglia-Tsang constants for shape max(k, k + 1) and 1/k.
    double shape_;
    double mt_d_ = 0;
    double mt_c_ = 0;
    double inv_shape_ = 0;
};

}  // namespace ringperf::workload
