#include "ringperf/workload/ramp.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "describe.h"

namespace ringperf::workload {

namespace {

__extension__ typedef unsigned __int128 u128;

result<std::int64_t> ramp_duration_ns(double duration_s, const char* what) {
    if (!std::isfinite(duration_s) || duration_s < 0 || duration_s > max_ramp_duration_s)
        return make_error(
            std::string(what) + " ramp duration must be a finite number of seconds in [0, " +
            describe_number(max_ramp_duration_s) + "], got " + describe_number(duration_s));
    return static_cast<std::int64_t>(std::llround(duration_s * 1e9));
}

}  // namespace

result<rate_ramp> rate_ramp::make(double target_per_s, double duration_s) {
    if (!std::isfinite(target_per_s) || target_per_s <= 0)
        return make_error("request rate must be a finite number > 0 requests/s, got " +
                          describe_number(target_per_s));
    auto duration_ns = ramp_duration_ns(duration_s, "request rate");
    if (!duration_ns) return duration_ns.err();
    if (*duration_ns <= rate_ramp_update_ns) return rate_ramp(target_per_s, target_per_s, 0);
    const double start = target_per_s * (static_cast<double>(rate_ramp_update_ns) /
                                         static_cast<double>(*duration_ns));
    return rate_ramp(target_per_s, start, *duration_ns);
}

double rate_ramp::rate_at(std::int64_t t_ns) const noexcept {
    if (t_ns >= duration_ns_) return target_;
    if (t_ns < 0) return start_;
    const std::int64_t update_ns = t_ns / rate_ramp_update_ns * rate_ramp_update_ns;
    const double fraction = static_cast<double>(update_ns) / static_cast<double>(duration_ns_);
    return start_ + (target_ - start_) * fraction;
}

std::int64_t rate_ramp::next_update_ns(std::int64_t t_ns) const noexcept {
    if (t_ns >= duration_ns_) return std::numeric_limits<std::int64_t>::max();
    if (t_ns < 0) return 0;
    return std::min(duration_ns_, (t_ns / rate_ramp_update_ns + 1) * rate_ramp_update_ns);
}

result<concurrency_ramp> concurrency_ramp::make(std::uint32_t target, double duration_s) {
    if (target < 1) return make_error("concurrency ramp target must be at least 1, got 0");
    auto duration_ns = ramp_duration_ns(duration_s, "concurrency");
    if (!duration_ns) return duration_ns.err();
    return concurrency_ramp(target, target == 1 ? 0 : *duration_ns);
}

std::uint32_t concurrency_ramp::limit_at(std::int64_t t_ns) const noexcept {
    if (duration_ns_ == 0 || t_ns >= duration_ns_) return target_;
    if (t_ns <= 0) return 1;
    const u128 steps = static_cast<u128>(t_ns) * (target_ - 1) / static_cast<u128>(duration_ns_);
    return 1 + static_cast<std::uint32_t>(steps);
}

std::optional<std::int64_t> concurrency_ramp::level_reached_ns(std::uint32_t level) const noexcept {
    if (level > target_) return std::nullopt;
    if (level <= 1 || duration_ns_ == 0) return 0;
    const u128 intervals = target_ - 1;
    const u128 scaled = static_cast<u128>(level - 1) * static_cast<u128>(duration_ns_);
    return static_cast<std::int64_t>((scaled + intervals - 1) / intervals);
}

std::optional<std::int64_t> concurrency_ramp::next_change_ns(std::int64_t t_ns) const noexcept {
    const std::uint32_t now = limit_at(t_ns);
    if (now >= target_) return std::nullopt;
    return level_reached_ns(now + 1);
}

}  // namespace ringperf::workload
