#include "ringperf/workload/arrival.h"

#include <array>
#include <cmath>

#include "describe.h"

namespace ringperf::workload {

namespace {

struct pattern_name {
    arrival_pattern pattern;
    std::string_view name;
};

constexpr std::array<pattern_name, 4> pattern_names{{
    {arrival_pattern::constant, "constant"},
    {arrival_pattern::poisson, "poisson"},
    {arrival_pattern::gamma, "gamma"},
    {arrival_pattern::concurrency_burst, "concurrency_burst"},
}};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

bool positive_finite(double v) {
    return std::isfinite(v) && v > 0;
}

}  // namespace

std::string_view to_string(arrival_pattern pattern) noexcept {
    for (const auto& p : pattern_names)
        if (p.pattern == pattern) return p.name;
    return "unknown";
}

result<arrival_pattern> parse_arrival_pattern(std::string_view name) {
    for (const auto& p : pattern_names)
        if (equal_ignoring_case(name, p.name)) return p.pattern;
    std::string accepted;
    for (const auto& p : pattern_names) {
        if (!accepted.empty()) accepted += ", ";
        accepted += p.name;
    }
    return make_error("unknown arrival pattern '" + std::string(name) + "' (expected one of " +
                      accepted + ")");
}

result<void> validate(const arrival_spec& spec) {
    if (spec.pattern == arrival_pattern::concurrency_burst) return {};
    if (!positive_finite(spec.rate_per_s))
        return make_error("request rate must be a finite number > 0 requests/s for the " +
                          std::string(to_string(spec.pattern)) + " arrival pattern, got " +
                          describe_number(spec.rate_per_s));
    if (spec.pattern == arrival_pattern::gamma && !positive_finite(spec.smoothness))
        return make_error("arrival smoothness (the gamma shape) must be a finite number > 0, got " +
                          describe_number(spec.smoothness));
    return {};
}

const char* interval_stream_name(arrival_pattern pattern) noexcept {
    switch (pattern) {
        case arrival_pattern::constant:
            return "timing.request.constant_interval";
        case arrival_pattern::poisson:
            return "timing.request.poisson_interval";
        case arrival_pattern::gamma:
            return "timing.request.gamma_interval";
        case arrival_pattern::concurrency_burst:
            return "timing.request.concurrency_burst_interval";
    }
    return "timing.request.interval";
}

result<interval_generator> interval_generator::make(const arrival_spec& spec, std::uint64_t seed) {
    if (auto ok = validate(spec); !ok) return ok.err();
    return interval_generator(spec, seed);
}

interval_generator::interval_generator(const arrival_spec& spec, std::uint64_t seed) noexcept
    : rng_(rng::derive(seed, interval_stream_name(spec.pattern))),
      pattern_(spec.pattern),
      rate_per_s_(spec.rate_per_s),
      mean_gap_ns_(spec.pattern == arrival_pattern::concurrency_burst ? 0.0
                                                                      : 1e9 / spec.rate_per_s),
      shape_(spec.smoothness) {
    if (pattern_ != arrival_pattern::gamma) return;
    // Marsaglia-Tsang needs shape >= 1; for k < 1 draw Gamma(k + 1) and multiply by
    // u^(1/k), which is distributed as Gamma(k).
    const double boosted = shape_ < 1.0 ? shape_ + 1.0 : shape_;
    mt_d_ = boosted - 1.0 / 3.0;
    mt_c_ = 1.0 / std::sqrt(9.0 * mt_d_);
    inv_shape_ = 1.0 / shape_;
}

double interval_generator::next_unit() noexcept {
    switch (pattern_) {
        case arrival_pattern::constant:
            return 1.0;
        case arrival_pattern::poisson:
            // Inverse transform, -log1p(-u) written as -log(1 - u): uniform() is a multiple
            // of 2^-53 below 1, so 1 - u is exact and never 0, and log is about twice as
            // fast as log1p in glibc.
            return -std::log(1.0 - rng_.uniform());
        case arrival_pattern::gamma:
            return next_gamma_unit() * inv_shape_;
        case arrival_pattern::concurrency_burst:
            return 0.0;
    }
    return 0.0;
}

// Gamma(shape, 1); the caller divides by the shape to get mean 1.
double interval_generator::next_gamma_unit() noexcept {
    double g;
    for (;;) {
        const double x = rng_.normal();
        double v = 1.0 + mt_c_ * x;
        if (v <= 0.0) continue;
        v = v * v * v;
        const double u = rng_.uniform();
        const double x2 = x * x;
        // The squeeze settles most candidates without a logarithm.
        if (u < 1.0 - 0.0331 * x2 * x2 ||
            std::log(u) < 0.5 * x2 + mt_d_ * (1.0 - v + std::log(v))) {
            g = mt_d_ * v;
            break;
        }
    }
    if (shape_ < 1.0) {
        // 1 - uniform() lies in (0, 1], so pow never sees 0.
        g *= std::pow(1.0 - rng_.uniform(), inv_shape_);
    }
    return g;
}

}  // namespace ringperf::workload
