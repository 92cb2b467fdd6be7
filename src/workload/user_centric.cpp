#include "ringperf/workload/user_centric.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "describe.h"

namespace ringperf::workload {

namespace {

constexpr double max_offset_ns = 0x1p62;
constexpr double max_qps = 1e9;

error fail(std::string what) {
    return make_error("user-centric rate: " + what);
}

// AIPerf's alternate spacing step: the smallest step in [2, n) coprime to n, else 1.
std::uint64_t alternate_step(std::uint64_t n) {
    for (std::uint64_t step = 2; step < n; ++step)
        if (std::gcd(n, step) == 1) return step;
    return 1;
}

}  // namespace

result<user_centric_plan> user_centric_plan::make(double qps, std::uint32_t users,
                                                  std::uint32_t turns) {
    if (!std::isfinite(qps) || qps <= 0 || qps > max_qps)
        return fail("the rate must be finite, > 0 and <= 1e9 requests/s, got " +
                    describe_number(qps));
    if (users < 1) return fail("the number of users must be >= 1, got 0");
    if (turns < 2)
        return fail("sessions need at least 2 turns, got " + std::to_string(turns) +
                    " (user-centric timing is for multi-turn sessions)");
    user_centric_plan p;
    p.qps_ = qps;
    p.users_ = users;
    p.period_slots_ = std::uint64_t{turns} * users;
    if (static_cast<double>(p.period_slots_) * 1e9 / qps >= max_offset_ns)
        return fail("rate " + describe_number(qps) + " is too low for " + std::to_string(users) +
                    " users with " + std::to_string(turns) +
                    " turns: a session would last longer than 2^62 ns");
    p.stagger_ns_ = p.slots_to_ns(1);
    p.turn_gap_ns_ = p.slots_to_ns(users);

    const std::uint64_t u = users;
    const std::uint64_t lifetime = turns - 1;
    const bool alternate = std::gcd(u, lifetime) > 1;
    const std::uint64_t step = alternate ? alternate_step(u) : 0;
    p.initial_.resize(u);
    p.chain_slots_.reserve(u);
    p.initial_[0] = {u, 0, std::nullopt};
    p.chain_slots_.push_back(std::uint64_t{turns} * u);
    for (std::uint64_t i = 1; i < u; ++i) {
        const std::uint64_t age = (u - i) * lifetime;
        const auto left = static_cast<std::uint32_t>(lifetime - age / u);
        const std::uint64_t slot = u - (alternate ? (i * step) % u : age % u);
        p.initial_[slot] = {i, p.slots_to_ns(slot), left};
        p.chain_slots_.push_back(slot + std::uint64_t{left} * u);
    }
    std::sort(p.chain_slots_.begin(), p.chain_slots_.end());
    return p;
}

user_start user_centric_plan::replacement(std::uint64_t k) const noexcept {
    const std::uint64_t chain = chain_slots_[k % users_];
    const std::uint64_t round = k / users_;
    const std::uint64_t limit = ~std::uint64_t{0};
    const std::uint64_t slots =
        round > (limit - chain) / period_slots_ ? limit : chain + round * period_slots_;
    return {users_ + 1 + k, slots_to_ns(slots), std::nullopt};
}

std::int64_t user_centric_plan::slots_to_ns(std::uint64_t slots) const noexcept {
    const double ns = static_cast<double>(slots) * 1e9 / qps_;
    if (ns >= max_offset_ns) return static_cast<std::int64_t>(max_offset_ns);
    return std::llround(ns);
}

}  // namespace ringperf::workload
