#include "ringperf/mock/token_clock.h"

#include <algorithm>
#include <cmath>

namespace ringperf::mock {

namespace {

std::int64_t to_ns(double ms) {
    return ms > 0 ? static_cast<std::int64_t>(std::llround(ms * 1e6)) : 0;
}

// Uniform in [-j, +j] nanoseconds.
std::int64_t draw(rng& r, std::int64_t j) {
    if (j <= 0) return 0;
    return static_cast<std::int64_t>(r.below(2 * static_cast<std::uint64_t>(j) + 1)) - j;
}

}  // namespace

clock_params clock_params::from_ms(double ttft_ms, double itl_ms, double ttft_jitter_ms,
                                   double itl_jitter_ms) {
    return {to_ns(ttft_ms), to_ns(itl_ms), to_ns(ttft_jitter_ms), to_ns(itl_jitter_ms)};
}

void token_clock::start(const clock_params& p, mono_ns t0, std::uint64_t seed) {
    const bool jitter = p.ttft_jitter_ns > 0 || p.itl_jitter_ns > 0;
    if (jitter) rng_ = rng(seed);
    t0_ = t0;
    base_ = std::max(t0, t0 + p.ttft_ns + draw(rng_, p.ttft_jitter_ns));
    itl_ns_ = p.itl_ns;
    itl_jitter_ns_ = p.itl_jitter_ns;
    k_ = 0;
    next_ = compute(0);
}

mono_ns token_clock::compute(std::uint64_t k) {
    const mono_ns nominal = base_ + static_cast<std::int64_t>(k) * itl_ns_;
    return std::max(t0_, nominal + draw(rng_, itl_jitter_ns_));
}

void token_clock::advance() {
    ++k_;
    next_ = std::max(next_, compute(k_));
}

mono_ns token_clock::deadline_of(std::uint64_t k) {
    return compute(k);
}

}  // namespace ringperf::mock
